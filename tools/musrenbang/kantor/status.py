"""`status`: where each berkas and usulan of a year stands, and who acts next."""

from __future__ import annotations

from dataclasses import dataclass

from .. import alur
from ..errors import MusrenbangError
from ..records import Berkas, Usulan
from ..referensi import Referensi
from ..register import Tahun


@dataclass(frozen=True)
class Baris:
    """One line of `status`."""

    rujukan: str
    judul: str
    status: str  # the status id (`disposisi-kasi`)
    keadaan: str  # the status in words (`Disposisi Kasi`)
    berikut: str
    oleh: str


class Status:
    def __init__(self, ref: Referensi):
        self.ref = ref
        self.sop = ref.sop

    def rows(self, year: Tahun, target: str | None) -> list[Baris]:
        want_desa, want_nomor = _target(target, year.tahun)
        rows = []
        for slug, berkas in sorted(year.berkas.items(), key=lambda kv: _agenda(kv[1])):
            if want_desa and slug != want_desa:
                continue
            usulan = [(item, alur.posisi(self.sop, berkas, item, year.forum))
                      for item in year.usulan_desa(slug) if item.valid]
            if berkas.valid and want_nomor is None:
                rows.append(self._berkas_row(f"{year.tahun}/{slug}", berkas, usulan))
            for item, where in usulan:
                if want_nomor in (None, item.nomor):
                    rows.append(self._row(item.kunci, item.data["judul"], where))
        if target and not rows:
            raise MusrenbangError(f"'{target}' tidak ditemukan di tahun {year.tahun}.")
        return rows

    def _berkas_row(self, rujukan: str, berkas: Berkas, usulan: list[tuple[Usulan, alur.Posisi]]) -> Baris:
        """A berkas's own steps, then, once they are done, what its usulan wait for."""
        judul = f"berkas, nomor agenda {berkas.data['nomor_agenda']}"
        where = alur.posisi(self.sop, berkas)
        if where.berikut is not None and where.berikut.dicatat.rekaman == "berkas":
            return self._row(rujukan, judul, where)
        waiting: dict[str, int] = {}
        for _, step in usulan:
            if step.berikut is not None:
                text = f"{alur.nama_langkah(self.sop, step.berikut)} oleh {self._who(step.pelaksana_berikut)}"
                waiting[text] = waiting.get(text, 0) + 1
        words = "; ".join(f"{n} usulan menunggu {text}" for text, n in waiting.items())
        done = "disposisi berkas selesai"
        return Baris(rujukan, judul, where.status, alur.nama_status(where.status, self.sop.peran),
                     f"{done}; {words}" if words else f"{done}; tidak ada usulan yang menunggu langkah", "")

    def _row(self, rujukan: str, judul: str, posisi: alur.Posisi) -> Baris:
        words = alur.nama_status(alur.status_akhir(self.sop, posisi), self.sop.peran)
        if posisi.berikut is None:
            return Baris(rujukan, judul, posisi.status, words, posisi.berhenti or "selesai", "")
        return Baris(rujukan, judul, posisi.status, words, alur.nama_langkah(self.sop, posisi.berikut),
                     self._who(posisi.pelaksana_berikut))

    def _who(self, role: str | None) -> str:
        holders = [p["nama"] for p in self.ref.petugas.values() if role in p["peran"]]
        return self.sop.nama_peran(role) + (f" ({', '.join(holders)})" if holders else "")


def _agenda(berkas: Berkas) -> int:
    return berkas.data.get("nomor_agenda", 10**9) if berkas.valid else 10**9


def _target(target: str | None, tahun: int) -> tuple[str | None, int | None]:
    """'denok', 'denok/01', '2025/denok/01' → ('denok', 1)."""
    if not target:
        return None, None
    parts = target.strip("/").split("/")
    if parts[0] == str(tahun):
        parts = parts[1:]
    nomor = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
    return (parts[0] if parts else None), nomor
