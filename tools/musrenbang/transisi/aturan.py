"""`Aturan`: every rule on one change, and the rules on deletions and on records
that stop being valid."""

from __future__ import annotations

from dataclasses import replace

from ..findings import Finding
from .dasar import Perubahan
from .forum import ForumRules
from .jalur import JalurRules
from .usulan import UsulanRules


class Aturan(UsulanRules, ForumRules, JalurRules):
    def judge(self, change: Perubahan) -> list[Finding]:
        if change.after is None:
            return list(self._removed(change))
        if change.after.doc.data is None or not change.after.valid:
            return list(self._broken(change))
        if change.before is not None and not change.before.valid:
            return list(self._unjudgeable(change))
        handler = {"berkas": self.berkas, "usulan": self.usulan, "musrenbang": self.forum}[change.kind]
        return list(handler(change))

    def _removed(self, change: Perubahan):
        if change.path in self.buku.accepted and change.renamed_to:
            yield Finding(change.renamed_to, 1, 1, "riwayat.diganti-nama",
                          f"{change.label}: {change.path} diganti nama menjadi {change.renamed_to} sesudah diterima.",
                          "Nama berkas adalah identitas catatan: kembalikan nama semula. Perbaikan isi dicatat "
                          "sebagai koreksi oleh pencatat dokumen.")
        elif change.path in self.buku.accepted:
            yield Finding(change.path, 1, 1, "riwayat.dihapus",
                          f"{change.label}: {change.path} dihapus sesudah diterima.",
                          "Catatan yang sudah diterima tidak boleh dihapus atau diganti nama: kembalikan berkasnya. "
                          "Perbaikan isi dicatat sebagai koreksi oleh pencatat dokumen.")

    def _broken(self, change: Perubahan):
        """A record that was valid and no longer is: later commits are judged
        against its last valid state, so breaking it cannot reset its history."""
        if change.before is not None and change.before.valid:
            yield Finding(change.path, 1, 1, "riwayat.catatan-rusak",
                          f"{change.label}: {change.path} tidak lagi terbaca atau tidak lagi sah menurut skemanya.",
                          "Catatan yang sudah sah tidak boleh dirusak, juga untuk sementara: perbaiki di commit yang "
                          "sama. 'musrenbang validate' menunjukkan kesalahannya.")

    def _unjudgeable(self, change: Perubahan):
        """No valid earlier state to compare with: never treat the record as new."""
        if change.path in self.buku.accepted:
            yield Finding(change.path, 1, 1, "riwayat.catatan-rusak",
                          f"{change.label}: {change.path} diubah, tetapi keadaan terakhirnya yang diterima tidak sah, "
                          "sehingga perubahan ini tidak dapat diperiksa.",
                          "Perbaiki dulu catatan di cabang utama lewat koreksi yang disahkan, lalu ulangi perubahan ini.")
            return
        yield from self.judge(replace(change, before=None))
