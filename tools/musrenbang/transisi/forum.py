"""The forum record (step 4): written by the forum's roles until its result is
recorded, frozen after it except through a correction by the step's role."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from .dasar import Dasar, Perubahan, changed_keys, without


class ForumRules(Dasar):
    def forum(self, change: Perubahan) -> Iterator[Finding]:
        old = change.before.data if change.before else {}
        new = change.after.data
        chair = {s.pelaksana for s in self.sop.langkah_pada("musrenbang")} or {self.sop.pengesah}
        if self.imported(change):
            return
        if old.get("hasil"):
            yield from self._decided(change, old, new, chair)
            return
        if old.get("hasil") != new.get("hasil"):
            yield from self.need_role(change, ("hasil",), chair, f"Hasil forum ({self._step_name()})")
        if changed_keys(without(old, "hasil"), without(new, "hasil")):
            yield from self.need_role(change, (), set(self.sop.forum_pencatat) | chair, "Catatan forum Musrenbang")

    def _decided(self, change: Perubahan, old: dict, new: dict, chair: set[str]) -> Iterator[Finding]:
        """Once `hasil` is recorded the record is frozen; a correction says who, when, why."""
        before, after = old.get("koreksi") or [], new.get("koreksi") or []
        changed = sorted(changed_keys(without(old, "koreksi"), without(new, "koreksi")))
        if changed and len(after) <= len(before):
            yield self._at(change, (changed[0],), "riwayat.forum-dibekukan",
                           f"Isian {', '.join(changed)} catatan forum diubah sesudah hasil forum ditetapkan.",
                           "Sesudah hasil tercatat, catatan forum hanya dapat diubah lewat koreksi oleh "
                           f"{' atau '.join(self.sop.nama_peran(r) for r in sorted(chair))} "
                           "(isian 'koreksi': oleh, waktu, alasan).", key=changed[0] in new)
        yield from self.appended(change, before, after, chair, "Koreksi catatan forum", "riwayat.koreksi-diubah")

    def _step_name(self) -> str:
        steps = self.sop.langkah_pada("musrenbang")
        return f"langkah {steps[0].nomor}" if steps else "forum"
