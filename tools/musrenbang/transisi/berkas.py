"""A desa's berkas: intake, its nomor agenda, dispositions, content frozen after step 1."""

from __future__ import annotations

from collections.abc import Iterator

from .. import alur
from ..findings import Finding
from ..records import Berkas, Record
from ..yamlio import Document
from .dasar import Perubahan, changed_keys, without
from .langkah import LangkahRules


class BerkasRules(LangkahRules):
    def berkas(self, change: Perubahan) -> Iterator[Finding]:
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
        if not self.imported(change):
            yield from self.need_role(change, (), self.intake_roles(), "Penerimaan berkas", desa=change.desa)

    def _berkas_fields(self, change: Perubahan) -> Iterator[Finding]:
        old, new = without(change.before.data, "disposisi"), without(change.after.data, "disposisi")
        if old.get("nomor_agenda") != new.get("nomor_agenda") and change.path in self.buku.accepted:
            yield self._at(change, ("nomor_agenda",), "riwayat.nomor-agenda-diubah",
                           f"Nomor agenda diubah dari {old.get('nomor_agenda')} menjadi {new.get('nomor_agenda')}.",
                           f"Nomor agenda di buku register tidak boleh diubah; kembalikan ke {old.get('nomor_agenda')}.")
        changed = changed_keys(old, new) - {"nomor_agenda"}
        if changed:
            yield from self.content_edit(change, sorted(changed), change.before)

    def content_edit(self, change: Perubahan, keys: list[str], berkas: Berkas | Record | None,
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
        if self.imported(change):
            return
        state = _berkas_with(change.after, old)
        for index in range(len(old), len(new)):
            entry = new[index]
            yield from self.event(change, ("disposisi", index), alur.posisi(self.sop, state), entry["langkah"], entry,
                                  "berkas")
            state = _berkas_with(change.after, new[: index + 1])


def _berkas_with(record: Record, entries: list[dict]) -> Berkas:
    return Berkas(record.path, Document({**record.data, "disposisi": list(entries)}), True)
