"""An SOP event (a disposition, a classification, an examination) must be the
record's next step, made by a holder of that step's role."""

from __future__ import annotations

from collections.abc import Iterator

from .. import alur
from ..findings import Finding
from ..records import Usulan
from ..sop import Langkah, Sop, TindakLanjut
from .dasar import Dasar, Perubahan


class LangkahRules(Dasar):
    def event(self, change: Perubahan, where: tuple, posisi: alur.Posisi, nomor: int, entry: dict,
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
                           next_hint(self.sop, posisi))
            return
        role = alur.resolve_role(self.sop, upcoming.pelaksana, usulan)
        yield from self.need_role(change, where, {role}, what, oleh=entry.get("oleh"))


def _same_step(upcoming: Langkah | TindakLanjut, step: Langkah | None, rekaman: str) -> bool:
    if step is None:
        return False
    if isinstance(upcoming, TindakLanjut):
        return step.tindak_lanjut is upcoming and upcoming.dicatat.rekaman == rekaman
    return upcoming.nomor == step.nomor and upcoming.dicatat.rekaman == rekaman


def next_hint(sop: Sop, posisi: alur.Posisi) -> str:
    upcoming = posisi.berikut
    if upcoming is None:
        return "Semua langkah SOP untuk catatan ini sudah tercatat."
    nomor = f"langkah {upcoming.nomor} " if isinstance(upcoming, Langkah) else ""
    return f"Langkah berikutnya menurut SOP: {nomor}{upcoming.nama}, oleh {sop.nama_peran(posisi.pelaksana_berikut)}."
