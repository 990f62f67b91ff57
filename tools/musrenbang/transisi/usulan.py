"""An usulan: intake before step 1, recorded steps never rewritten, corrections."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .. import alur
from ..findings import Finding
from ..records import Record, Usulan
from ..sop import Langkah
from ..yamlio import Document
from .berkas import BerkasRules
from .dasar import Perubahan, changed_keys, without


class UsulanRules(BerkasRules):
    def usulan(self, change: Perubahan) -> Iterator[Finding]:
        item = as_usulan(change.after, change)
        fields = self.step_fields()
        if change.before is None:
            yield from self._usulan_intake(change)
            before_data: dict[str, Any] = {}
        else:
            before_data = change.before.data
            yield from self._usulan_content(change, fields)
        yield from self._usulan_steps(change, item, before_data, fields)
        yield from self.appended(change, before_data.get("koreksi") or [], change.after.data.get("koreksi") or [],
                                 {self.sop.koreksi_pelaksana}, "Koreksi usulan", "riwayat.koreksi-diubah")

    def step_fields(self) -> list[tuple[str, Langkah, bool]]:
        """(field, step, is follow-up) of every step recorded on an usulan, in SOP order."""
        result = []
        for step in self.sop.langkah:
            if step.dicatat.rekaman == "usulan":
                result.append((step.dicatat.isian, step, False))
            if step.tindak_lanjut and step.tindak_lanjut.dicatat.rekaman == "usulan":
                result.append((step.tindak_lanjut.dicatat.isian, step, True))
        return result

    def _usulan_intake(self, change: Perubahan) -> Iterator[Finding]:
        if self.imported(change):
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
        changed = sorted(changed_keys(without(change.before.data, *ignore), without(change.after.data, *ignore)))
        for name, _, _ in fields:
            was, now = change.before.data.get(name), change.after.data.get(name)
            if was is not None and was != now:
                yield self._at(change, (name,), "riwayat.langkah-diubah",
                               f"Catatan '{name}' yang sudah tercatat diubah atau dihapus.",
                               "Langkah yang sudah tercatat tidak boleh diubah.", key=now is not None)
        if changed:
            corrected = len(change.after.data.get("koreksi") or []) > len(change.before.data.get("koreksi") or [])
            yield from self.content_edit(change, changed, change.berkas_before, corrected)

    def _usulan_steps(self, change: Perubahan, item: Usulan, before_data: dict, fields) -> Iterator[Finding]:
        if self.imported(change):
            return
        state = dict(before_data)
        for name, step, _follow in fields:
            if before_data.get(name) is not None or change.after.data.get(name) is None:
                continue
            berkas = change.berkas_after if change.berkas_after and change.berkas_after.valid else None
            posisi = alur.posisi(self.sop, berkas, as_usulan(Record(change.path, Document(state)), change))
            yield from self.event(change, (name,), posisi, step.nomor, change.after.data[name], "usulan", item)
            state[name] = change.after.data[name]


def as_usulan(record: Record, change: Perubahan) -> Usulan:
    name = record.path.rsplit("/", 1)[-1]
    return Usulan(record.path, record.doc, True, tahun=change.tahun, desa=change.desa or "", nomor=int(name[:2]),
                  slug=name[3:-5])
