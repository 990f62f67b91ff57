"""Meja kerja: what waits for each role right now.

Built from the same state machine as `status` (`alur.posisi`): every berkas and
usulan whose next step belongs to a role is an item on that role's desk, with
the moment it started waiting (the previous step's time, or intake) and, for a
step with a mutu baku, how long it has waited against it. The forum step is one
item per year (the forum takes all the usulan of a year at once).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from . import alur
from .records import Berkas, Usulan
from .register import Register, Tahun
from .sop import Langkah, Sop


@dataclass(frozen=True)
class Tugas:
    """One item on a desk."""

    peran: str
    tahun: int
    desa: str
    rujukan: str  # '2025/denok' (a berkas) or '2025/denok/01' (an usulan)
    judul: str
    path: str
    langkah: str  # the step in words
    nomor: int | None  # the SOP step number (the follow-up's step for a follow-up)
    sejak: datetime | None  # waiting since
    mutu_baku: timedelta | None
    jumlah: int = 1  # usulan in a forum item

    def lama(self, now: datetime) -> timedelta | None:
        return now - self.sejak if self.sejak else None

    def lewat(self, now: datetime) -> bool:
        waited = self.lama(now)
        return bool(waited and self.mutu_baku and waited > self.mutu_baku)


def desks(sop: Sop, register: Register) -> dict[str, list[Tugas]]:
    """Role id → its items, oldest first (items without a time last)."""
    found: dict[str, list[Tugas]] = {}
    for year in register.tahun.values():
        for item in _year(sop, year):
            found.setdefault(item.peran, []).append(item)
    for items in found.values():
        items.sort(key=lambda t: (t.sejak is None, t.sejak.timestamp() if t.sejak else 0, t.rujukan))
    return found


def _year(sop: Sop, year: Tahun):
    forum: dict[tuple[str, Langkah], list[Usulan]] = {}
    for slug, berkas in sorted(year.berkas.items()):
        if not berkas.valid:
            continue
        where = alur.posisi(sop, berkas)
        if where.berikut is not None and where.berikut.dicatat.rekaman == "berkas":
            yield _berkas_item(sop, year, berkas, where)
        for item in year.usulan_desa(slug):
            if not item.valid:
                continue
            where = alur.posisi(sop, berkas, item, year.forum)
            step = where.berikut
            if step is None or step.dicatat.rekaman == "berkas":
                continue
            if step.dicatat.rekaman == "musrenbang":
                forum.setdefault((where.pelaksana_berikut, step), []).append(item)
                continue
            yield _usulan_item(sop, year, berkas, item, where)
    for (role, step), items in forum.items():
        yield Tugas(role, year.tahun, "", str(year.tahun), f"{len(items)} usulan siap diadu di forum",
                    year.forum.path if year.forum is not None else "", alur.nama_langkah(sop, step), step.nomor, None, None,
                    len(items))


def _berkas_item(sop: Sop, year: Tahun, berkas: Berkas, where: alur.Posisi) -> Tugas:
    step = where.berikut
    return Tugas(where.pelaksana_berikut, year.tahun, berkas.desa, f"{year.tahun}/{berkas.desa}",
                 f"berkas, nomor agenda {berkas.data['nomor_agenda']}", berkas.path, alur.nama_langkah(sop, step),
                 step.nomor, _last_time(berkas), step.waktu)


def _usulan_item(sop: Sop, year: Tahun, berkas: Berkas, item: Usulan, where: alur.Posisi) -> Tugas:
    step = where.berikut
    owner = step if isinstance(step, Langkah) else next(s for s in sop.langkah if s.tindak_lanjut == step)
    since = _time((item.data.get(owner.dicatat.isian) or {}).get("waktu")) if step is not owner else _last_time(berkas)
    return Tugas(where.pelaksana_berikut, year.tahun, item.desa, item.kunci, item.data["judul"], item.path,
                 alur.nama_langkah(sop, step), owner.nomor, since, step.waktu if step is owner else None)


def _last_time(berkas: Berkas) -> datetime | None:
    """When the berkas's last step was recorded (intake when none)."""
    times = [t for t in (_time(d.get("waktu")) for d in berkas.disposisi) if t]
    return max(times) if times else _time(berkas.data.get("diterima"))


def _time(text) -> datetime | None:
    if not isinstance(text, str):
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
