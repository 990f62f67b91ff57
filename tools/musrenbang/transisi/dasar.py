"""What a rule sees: one record's change, what the rules remember, and who acted."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from ..findings import Finding
from ..identitas import Identitas, Pelaku
from ..records import Berkas, Record
from ..referensi import Referensi
from ..sop import Sop


@dataclass
class Perubahan:
    """One record as it was before a commit and as the commit leaves it."""

    path: str
    kind: str  # berkas | usulan | musrenbang
    tahun: int
    desa: str | None
    before: Record | None
    after: Record | None
    pelaku: Pelaku
    waktu: datetime
    label: str  # "commit 1a2b3c4d" or "perubahan ini"
    impor: bool = False  # the commit is an authorised import (see `jalur.import_authority`)
    berkas_before: Berkas | None = None  # for an usulan: its desa's berkas before and after
    berkas_after: Berkas | None = None
    renamed_to: str | None = None  # a deleted record whose content reappears under another name


@dataclass
class Buku:
    """What the rules remember across changes: what was accepted, numbers taken."""

    accepted: set[str] = field(default_factory=set)  # record paths taken in (not to be deleted)
    agenda: dict[int, dict[int, str]] = field(default_factory=dict)  # tahun → nomor → berkas path

    def note_agenda(self, tahun: int, number: object, path: str) -> None:
        """Remember a berkas's nomor agenda (the first holder of a number keeps it)."""
        if type(number) is int:
            self.agenda.setdefault(tahun, {}).setdefault(number, path)

    def next_free(self, tahun: int) -> int:
        return max(self.agenda.get(tahun, {}) or {0}) + 1


@dataclass
class Dasar:
    ref: Referensi
    identitas: Identitas
    buku: Buku
    unverified_level: str = "galat"  # audit cannot see forge identities: "peringatan"
    untrusted_roles: frozenset[tuple[str, str]] = frozenset()  # audit: (petugas, role) granted without the pengesah

    @property
    def sop(self) -> Sop:
        return self.ref.sop

    def _at(self, change: Perubahan, where: tuple, rule: str, message: str, hint: str = "",
            level: str = "galat", key: bool = False) -> Finding:
        record = change.after or change.before
        line, column = record.doc.where(where, key=key) if record and record.doc.data is not None else (1, 1)
        return Finding(change.path, line, column, rule, f"{change.label}: {message}", hint, level)

    def imported(self, change: Perubahan) -> bool:
        """An authorised import only takes in records that did not exist before."""
        return change.impor and change.before is None and change.path not in self.buku.accepted

    def need_role(self, change: Perubahan, where: tuple, roles: set[str], what: str,
                  oleh: str | None = None, desa: str | None = None) -> Iterator[Finding]:
        """The change's maker holds one of `roles` (for an operator, of `desa`), and
        the record's `oleh` names that maker."""
        pelaku = change.pelaku
        needed = " atau ".join(self.sop.nama_peran(r) for r in sorted(roles))
        if not pelaku.petugas:
            yield self._at(change, where, "identitas.tidak-terverifikasi",
                           f"{what} harus dibuat oleh {needed}, tetapi pembuatnya ({pelaku.penulis}) tidak dapat "
                           "dipastikan: commit tidak bertanda tangan yang dikenal dan tidak disetujui lewat pull request.",
                           "Tanda tangani commit dengan kunci SSH yang terdaftar di sop/petugas.yaml, atau buat "
                           "perubahan lewat pull request di forge.", self.unverified_level)
            return
        holders = {pid for pid in pelaku.petugas if self.holds(pid, roles, desa)}
        if not holders and any(self.holds(pid, roles, desa, granted=True) for pid in pelaku.petugas):
            yield self._at(change, where, "identitas.tidak-terverifikasi",
                           f"{what} dibuat oleh {pelaku.describe()}, yang memegang peran itu hanya karena perubahan "
                           "sop/petugas.yaml yang tidak disahkan pengesah.",
                           "Pengesah mengesahkan pemberian peran itu (tanda tangan atau persetujuan).",
                           self.unverified_level)
            return
        if not holders:
            yield self._at(change, where, "identitas.peran",
                           f"{what} harus dibuat oleh {needed}; perubahan ini dibuat oleh {pelaku.describe()}.",
                           "Minta pemegang peran itu membuat perubahan ini, atau menyetujuinya di pull request.")
            return
        if oleh is not None and oleh not in pelaku.petugas:
            yield self._at(change, where + ("oleh",), "identitas.bukan-pembuat",
                           f"Catatan menyebut 'oleh: {oleh}', tetapi perubahan ini dibuat oleh {pelaku.describe()}.",
                           f"Tulis 'oleh: {sorted(holders)[0]}': petugas yang benar-benar mengambil langkah ini.")
        if not pelaku.terverifikasi:
            yield self._at(change, where, "identitas.tidak-terverifikasi",
                           f"{what} dikenali dari e-mail penulis saja ({pelaku.penulis}): tidak terverifikasi.",
                           "Tanda tangani commit dengan kunci SSH yang terdaftar di sop/petugas.yaml.", "peringatan")

    def holds(self, petugas_id: str, roles: set[str], desa: str | None = None, granted: bool = False) -> bool:
        """Whether the petugas holds one of `roles` (for an operator, of `desa`);
        a role granted without the pengesah counts only when `granted` is asked."""
        person = self.ref.petugas.get(petugas_id, {})
        held = {r for r in person.get("peran", []) if granted or (petugas_id, r) not in self.untrusted_roles} & roles
        if desa and held == {self.sop.penerimaan_pelaksana}:
            return person.get("desa") == desa
        return bool(held)

    def intake_roles(self) -> set[str]:
        return {self.sop.penerimaan_pelaksana} | set(self.sop.penerimaan_pencatat)

    def appended(self, change: Perubahan, old: list, new: list, roles: set[str], what: str,
                 rule: str) -> Iterator[Finding]:
        """A list of corrections only grows, each entry by a holder of `roles`."""
        if new[: len(old)] != old:
            yield self._at(change, ("koreksi",), rule, "Koreksi yang sudah tercatat diubah.",
                           "Koreksi lama tidak boleh diubah; tambahkan koreksi baru.", key=True)
            return
        for index in range(len(old), len(new)):
            yield from self.need_role(change, ("koreksi", index), roles, what, oleh=new[index].get("oleh"))


def without(data: dict, *keys: str) -> dict:
    return {k: v for k, v in data.items() if k not in keys}


def changed_keys(old: dict, new: dict) -> set[str]:
    return {k for k in set(old) | set(new) if old.get(k) != new.get(k)}
