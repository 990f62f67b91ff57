"""Rules on one record's change (before → after) within one commit.

Shared by `check` and `audit` (every commit of a range) and by the staff
commands (the change they are about to write): the same rule, the same
Indonesian message. A change is legal when every SOP event it adds (intake, a
disposition, a classification, an examination, a correction, a forum result) is
the record's next step and is made by a holder of that step's role, and nothing
accepted earlier is deleted, renamed, renumbered or rewritten.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from . import alur
from .findings import Finding
from .identitas import Identitas, Pelaku
from .records import Berkas, Record, Usulan
from .referensi import Referensi
from .sop import Langkah, Sop, TindakLanjut
from .yamlio import Document


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
    impor: bool = False
    berkas_before: Berkas | None = None  # for an usulan: its desa's berkas before and after
    berkas_after: Berkas | None = None
    renamed_to: str | None = None


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
class Aturan:
    ref: Referensi
    identitas: Identitas
    buku: Buku
    unverified_level: str = "galat"  # audit cannot see forge identities: "peringatan"

    @property
    def sop(self) -> Sop:
        return self.ref.sop

    # --- helpers ---------------------------------------------------------------

    def _at(self, change: Perubahan, where: tuple, rule: str, message: str, hint: str = "",
            level: str = "galat", key: bool = False) -> Finding:
        record = change.after or change.before
        line, column = record.doc.where(where, key=key) if record and record.doc.data is not None else (1, 1)
        return Finding(change.path, line, column, rule, f"{change.label}: {message}", hint, level)

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
        holders = {pid for pid in pelaku.petugas if self._holds(pid, roles, desa)}
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

    def _holds(self, petugas_id: str, roles: set[str], desa: str | None) -> bool:
        person = self.ref.petugas.get(petugas_id, {})
        held = set(person.get("peran", [])) & roles
        if desa and held == {self.sop.penerimaan_pelaksana}:
            return person.get("desa") == desa
        return bool(held)

    def intake_roles(self) -> set[str]:
        return {self.sop.penerimaan_pelaksana} | set(self.sop.penerimaan_pencatat)

    # --- records ---------------------------------------------------------------

    def judge(self, change: Perubahan) -> list[Finding]:
        if change.after is None:
            return list(self._removed(change))
        if change.after.doc.data is None or not change.after.valid:
            return []  # `validate` reports what is wrong with the file itself
        if change.before is not None and change.before.doc.data is None:
            change = replace(change, before=None)
        handler = {"berkas": self._berkas, "usulan": self._usulan, "musrenbang": self._forum}[change.kind]
        return list(handler(change))

    def _removed(self, change: Perubahan) -> Iterator[Finding]:
        if change.path not in self.buku.accepted:
            return
        if change.renamed_to:
            yield Finding(change.renamed_to, 1, 1, "riwayat.diganti-nama",
                          f"{change.label}: {change.path} diganti nama menjadi {change.renamed_to} sesudah diterima.",
                          "Nama berkas adalah identitas catatan: kembalikan nama semula. Perbaikan isi dicatat "
                          "sebagai koreksi oleh pencatat dokumen.")
        else:
            yield Finding(change.path, 1, 1, "riwayat.dihapus",
                          f"{change.label}: {change.path} dihapus sesudah diterima.",
                          "Catatan yang sudah diterima tidak boleh dihapus: kembalikan berkasnya.")

    def _berkas(self, change: Perubahan) -> Iterator[Finding]:
        if change.before is None:
            yield from self._intake(change)
        else:
            yield from self._berkas_fields(change)
        yield from self._dispositions(change)

    def _intake(self, change: Perubahan) -> Iterator[Finding]:
        number = change.after.data["nomor_agenda"]
        taken = self.buku.agenda.setdefault(change.tahun, {})
        owner = taken.get(number)
        if owner is not None and owner != change.path:
            yield self._at(change, ("nomor_agenda",), "riwayat.nomor-agenda-dipakai",
                           f"Nomor agenda {number} sudah dipakai oleh {owner}.",
                           f"Nomor agenda berikutnya yang bebas: {self.buku.next_free(change.tahun)}.")
        else:
            taken[number] = change.path
        if not change.impor:
            yield from self.need_role(change, (), self.intake_roles(), "Penerimaan berkas", desa=change.desa)

    def _berkas_fields(self, change: Perubahan) -> Iterator[Finding]:
        old, new = _without(change.before.data, "disposisi"), _without(change.after.data, "disposisi")
        if old.get("nomor_agenda") != new.get("nomor_agenda") and change.path in self.buku.accepted:
            yield self._at(change, ("nomor_agenda",), "riwayat.nomor-agenda-diubah",
                           f"Nomor agenda diubah dari {old.get('nomor_agenda')} menjadi {new.get('nomor_agenda')}.",
                           f"Nomor agenda di buku register tidak boleh diubah; kembalikan ke {old.get('nomor_agenda')}.")
        changed = _changed_keys(old, new) - {"nomor_agenda"}
        if changed and not change.impor:
            yield from self._content_edit(change, sorted(changed), change.before)

    def _content_edit(self, change: Perubahan, keys: list[str], berkas: Berkas | Record | None,
                      corrected: bool = False) -> Iterator[Finding]:
        """Content may change freely until step 1; after it, only through a correction."""
        disposed = bool(berkas and isinstance(berkas.doc.data, dict) and berkas.data.get("disposisi"))
        if disposed and not corrected:
            yield self._at(change, (keys[0],), "riwayat.isi-dibekukan",
                           f"Isian {', '.join(keys)} diubah sesudah berkas didisposisi Camat.",
                           "Sesudah langkah 1 isi catatan tidak boleh diubah, kecuali lewat koreksi oleh "
                           f"{self.sop.nama_peran(self.sop.koreksi_pelaksana)} (isian 'koreksi': oleh, waktu, alasan).",
                           key=True)
        elif not disposed:
            yield from self.need_role(change, (keys[0],), self.intake_roles(), "Perubahan isi sebelum disposisi",
                                      desa=change.desa)

    def _dispositions(self, change: Perubahan) -> Iterator[Finding]:
        old = (change.before.data.get("disposisi") or []) if change.before else []
        new = change.after.data.get("disposisi") or []
        for index, (was, now) in enumerate(zip(old, new)):
            if was != now:
                yield self._at(change, ("disposisi", index), "riwayat.disposisi-diubah",
                               f"Disposisi langkah {was.get('langkah')} yang sudah tercatat diubah.",
                               "Disposisi yang sudah tercatat tidak boleh diubah; tambahkan catatan baru bila perlu.")
                return
        if len(new) < len(old):
            yield self._at(change, ("disposisi",), "riwayat.disposisi-diubah",
                           "Disposisi yang sudah tercatat dihapus.", "Kembalikan disposisi yang dihapus.", key=True)
            return
        if change.impor:
            return
        state = _berkas_with(change.after, old)
        for index in range(len(old), len(new)):
            entry = new[index]
            yield from self._event(change, ("disposisi", index), alur.posisi(self.sop, state), entry["langkah"], entry,
                                   "berkas")
            state = _berkas_with(change.after, new[: index + 1])

    def _event(self, change: Perubahan, where: tuple, posisi: alur.Posisi, nomor: int, entry: dict,
               rekaman: str, usulan: Usulan | None = None) -> Iterator[Finding]:
        """`entry` records step `nomor` (or its follow-up): it must be the next step, by its role."""
        upcoming = posisi.berikut
        step = self.sop.langkah_nomor(nomor)
        matches = upcoming is not None and _same_step(upcoming, step, rekaman)
        what = f"Langkah {nomor}" + (f" ({step.nama})" if step else "")
        if isinstance(upcoming, TindakLanjut) and matches:
            what = upcoming.nama
        if not matches:
            yield self._at(change, where, "alur.langkah-tidak-sah",
                           f"{what} tidak dapat dicatat sekarang: catatan ini berstatus {posisi.status}.",
                           _next_hint(self.sop, posisi))
            return
        role = alur.resolve_role(self.sop, upcoming.pelaksana, usulan)
        yield from self.need_role(change, where, {role}, what, oleh=entry.get("oleh"))

    def _usulan(self, change: Perubahan) -> Iterator[Finding]:
        item = _as_usulan(change.after, change)
        fields = self._step_fields()
        if change.before is None:
            yield from self._usulan_intake(change)
            before_data: dict[str, Any] = {}
        else:
            before_data = change.before.data
            yield from self._usulan_content(change, fields)
        yield from self._usulan_steps(change, item, before_data, fields)
        yield from self._corrections(change, before_data)

    def _step_fields(self) -> list[tuple[str, Langkah, bool]]:
        """(field, step, is follow-up) of every step recorded on an usulan, in SOP order."""
        result = []
        for step in self.sop.langkah:
            if step.dicatat.rekaman == "usulan":
                result.append((step.dicatat.isian, step, False))
            if step.tindak_lanjut and step.tindak_lanjut.dicatat.rekaman == "usulan":
                result.append((step.tindak_lanjut.dicatat.isian, step, True))
        return result

    def _usulan_intake(self, change: Perubahan) -> Iterator[Finding]:
        if change.impor:
            return
        berkas = change.berkas_before
        if berkas is not None and isinstance(berkas.doc.data, dict) and berkas.data.get("disposisi"):
            yield self._at(change, (), "riwayat.usulan-terlambat",
                           "Usulan baru ditambahkan sesudah berkas desanya didisposisi Camat.",
                           "Usulan hanya dapat ditambahkan sebelum langkah 1; usulan susulan masuk berkas tahun berikutnya.")
            return
        yield from self.need_role(change, (), self.intake_roles(), "Pengajuan usulan", desa=change.desa)

    def _usulan_content(self, change: Perubahan, fields) -> Iterator[Finding]:
        ignore = {f for f, _, _ in fields} | {"koreksi"}
        changed = sorted(_changed_keys(_without(change.before.data, *ignore), _without(change.after.data, *ignore)))
        for name, _, _ in fields:
            was, now = change.before.data.get(name), change.after.data.get(name)
            if was is not None and was != now:
                yield self._at(change, (name,), "riwayat.langkah-diubah",
                               f"Catatan '{name}' yang sudah tercatat diubah atau dihapus.",
                               "Langkah yang sudah tercatat tidak boleh diubah.", key=now is not None)
        if changed and not change.impor:
            corrected = len(change.after.data.get("koreksi") or []) > len(change.before.data.get("koreksi") or [])
            yield from self._content_edit(change, changed, change.berkas_before, corrected)

    def _usulan_steps(self, change: Perubahan, item: Usulan, before_data: dict, fields) -> Iterator[Finding]:
        if change.impor:
            return
        state = dict(before_data)
        for name, step, _follow in fields:
            if before_data.get(name) is not None or change.after.data.get(name) is None:
                continue
            berkas = change.berkas_after if change.berkas_after and change.berkas_after.valid else None
            posisi = alur.posisi(self.sop, berkas, _as_usulan(Record(change.path, Document(state)), change))
            yield from self._event(change, (name,), posisi, step.nomor, change.after.data[name], "usulan", item)
            state[name] = change.after.data[name]

    def _corrections(self, change: Perubahan, before_data: dict) -> Iterator[Finding]:
        old = before_data.get("koreksi") or []
        new = change.after.data.get("koreksi") or []
        if new[: len(old)] != old:
            yield self._at(change, ("koreksi",), "riwayat.koreksi-diubah", "Koreksi yang sudah tercatat diubah.",
                           "Koreksi lama tidak boleh diubah; tambahkan koreksi baru.", key=True)
            return
        for index in range(len(old), len(new)):
            yield from self.need_role(change, ("koreksi", index), {self.sop.koreksi_pelaksana}, "Koreksi usulan",
                                      oleh=new[index].get("oleh"))

    def _forum(self, change: Perubahan) -> Iterator[Finding]:
        old = change.before.data if change.before else {}
        new = change.after.data
        steps = self.sop.langkah_pada("musrenbang")
        if old.get("hasil") != new.get("hasil") and steps:
            yield from self.need_role(change, ("hasil",), {s.pelaksana for s in steps}, f"Hasil forum (langkah {steps[0].nomor})")
        elif _changed_keys(old, new) and not change.impor:
            staff = {s.pelaksana for s in self.sop.langkah}
            yield from self.need_role(change, (), staff, "Catatan forum Musrenbang")

    def sop_change(self, path: str, pelaku: Pelaku, label: str) -> Iterator[Finding]:
        """A change to sop/ needs the approving role (the Camat) to approve or sign it."""
        role = self.sop.pengesah
        approvers = {pid for pid in self.identitas.approvers() if role in self.ref.petugas.get(pid, {}).get("peran", [])}
        signed = pelaku.cara != "akun forge" and any(role in self.ref.petugas.get(p, {}).get("peran", []) for p in pelaku.petugas)
        if approvers or signed:
            return
        yield Finding(path, 1, 1, "identitas.sop-tanpa-pengesah",
                      f"{label}: perubahan {path} (SOP dan data referensi) belum disetujui {self.sop.nama_peran(role)}.",
                      f"{self.sop.nama_peran(role)} menyetujui (approve) pull request ini, atau menandatangani commitnya.",
                      self.unverified_level if not pelaku.petugas else "galat")


def _same_step(upcoming: Langkah | TindakLanjut, step: Langkah | None, rekaman: str) -> bool:
    if step is None:
        return False
    if isinstance(upcoming, TindakLanjut):
        return step.tindak_lanjut is upcoming and upcoming.dicatat.rekaman == rekaman
    return upcoming.nomor == step.nomor and upcoming.dicatat.rekaman == rekaman


def _next_hint(sop: Sop, posisi: alur.Posisi) -> str:
    upcoming = posisi.berikut
    if upcoming is None:
        return "Semua langkah SOP untuk catatan ini sudah tercatat."
    nomor = f"langkah {upcoming.nomor} " if isinstance(upcoming, Langkah) else ""
    return f"Langkah berikutnya menurut SOP: {nomor}{upcoming.nama}, oleh {sop.nama_peran(posisi.pelaksana_berikut)}."


def _without(data: dict, *keys: str) -> dict:
    return {k: v for k, v in data.items() if k not in keys}


def _changed_keys(old: dict, new: dict) -> set[str]:
    return {k for k in set(old) | set(new) if old.get(k) != new.get(k)}


def _berkas_with(record: Record, entries: list[dict]) -> Berkas:
    return Berkas(record.path, Document({**record.data, "disposisi": list(entries)}), True)


def _as_usulan(record: Record, change: Perubahan) -> Usulan:
    name = record.path.rsplit("/", 1)[-1]
    return Usulan(record.path, record.doc, True, tahun=change.tahun, desa=change.desa or "", nomor=int(name[:2]),
                  slug=name[3:-5])
