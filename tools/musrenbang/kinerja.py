"""`musrenbang kinerja`: how long each SOP step took against its mutu baku.

A step's time is its record's `waktu`; where that was left out (a web UI user
need not type it), the time of the commit that first recorded the step stands
for it (`jejak`: one pass over git history, blobs parsed once).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from . import jejak
from .errors import MusrenbangError
from .records import Berkas, Usulan
from .register import Tahun
from .sop import Langkah, Sop, describe_duration
from .workspace import Workspace


@dataclass(frozen=True)
class Durasi:
    rujukan: str
    langkah: int
    mulai: str
    selesai: str
    detik: int
    mutu_baku_detik: int
    melebihi: bool
    oleh: str
    sumber_waktu: str  # "catatan" or "commit"


@dataclass(frozen=True)
class Ringkasan:
    langkah: int
    nama: str
    mutu_baku: str
    jumlah: int
    median_detik: int | None
    p90_detik: int | None
    melebihi: int


@dataclass(frozen=True)
class Rentang:
    """A step's duration: from when it starts to when it is done."""

    mulai: datetime
    selesai: datetime
    detik: int
    mutu_baku_detik: int

    @property
    def melebihi(self) -> bool:
        return self.detik > self.mutu_baku_detik


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def rentang_langkah(step: Langkah, sebelumnya: datetime | None, selesai: datetime | None,
                    sesi: dict | None = None) -> Rentang | None:
    """The one definition of how long an SOP step took, used by `musrenbang kinerja`,
    the Kinerja page and each usulan's timeline.

    A step recorded on a berkas or an usulan runs from the previous step's time
    (or the berkas's intake) to its own. The forum step's mutu baku is how long
    the contest takes at the forum: it runs from the start of the bidang's
    session (`sesi.mulai`) to its end (`sesi.selesai`), not from the examination
    weeks before; without a recorded session it has no duration.
    """
    if step.dicatat.rekaman == "musrenbang":
        if not sesi:
            return None
        sebelumnya, selesai = _time(sesi["mulai"]), _time(sesi["selesai"])
    if sebelumnya is None or selesai is None:
        return None
    return Rentang(sebelumnya, selesai, int((selesai - sebelumnya).total_seconds()), int(step.waktu.total_seconds()))


class Kinerja:
    def __init__(self, workspace: Workspace, tahun: int | None = None):
        if not workspace.ref.complete:
            raise MusrenbangError("Data referensi di sop/ tidak sah; jalankan 'musrenbang validate' dan perbaiki dulu.")
        self.sop: Sop = workspace.ref.sop
        years = workspace.register.tahun
        self.years = [years[tahun]] if tahun in years else ([] if tahun else list(years.values()))
        if tahun and not self.years:
            raise MusrenbangError(f"Tahun {tahun} tidak ada di register.")
        missing = self._missing()
        self.trail = jejak.read(workspace.root, missing) if missing else None
        self.rows = [row for year in self.years for row in self._year(year)]

    def _missing(self) -> set[str]:
        paths = set()
        for year in self.years:
            for record in [*year.berkas.values(), *year.usulan]:
                if record.valid and any(not (e or {}).get("waktu") for e in self._entries(record)):
                    paths.add(record.path)
        return paths

    def _entries(self, record) -> list[dict]:
        if isinstance(record, Berkas):
            return record.disposisi
        return [record.data.get(s.dicatat.isian) for s in self.sop.langkah
                if s.dicatat.rekaman == "usulan" and record.data.get(s.dicatat.isian)]

    def _when(self, path: str, marker: str, entry: dict) -> tuple[datetime | None, str]:
        if entry.get("waktu"):
            return _time(entry["waktu"]), "catatan"
        commit = self.trail.commit(path, marker) if self.trail else None
        return (commit.committer_time if commit else None), "commit"

    def _year(self, year: Tahun) -> list[Durasi]:
        rows, last_berkas_time = [], {}
        for slug, berkas in year.berkas.items():
            if berkas.valid:
                rows += self._berkas(berkas, last_berkas_time)
        for item in year.usulan:
            if item.valid and item.desa in last_berkas_time:
                rows += self._usulan(item, last_berkas_time[item.desa])
        return rows + self._forum(year)

    def _forum(self, year: Tahun) -> list[Durasi]:
        """The forum step's time: each bidang's session, from its start to its end."""
        if not year.forum or not year.forum.valid:
            return []
        rows = []
        for step in self.sop.langkah_pada("musrenbang"):
            for sesi in year.forum.data.get("sesi") or []:
                rows += self._row(f"{year.tahun}/musrenbang/{sesi['bidang']}", step, (None, "catatan"),
                                  (None, "catatan"), {"oleh": year.forum.data["pimpinan"]}, sesi)
        return rows

    def _berkas(self, berkas: Berkas, last: dict) -> list[Durasi]:
        rows, previous = [], (_time(berkas.data["diterima"]), "catatan")
        entries = {d["langkah"]: d for d in berkas.disposisi}
        for step in self.sop.langkah_pada("berkas"):
            entry = entries.get(step.nomor)
            if entry is None:
                break
            moment = self._when(berkas.path, f"disposisi:{step.nomor}", entry)
            rows += self._row(f"{berkas.tahun}/{berkas.desa}", step, previous, moment, entry)
            previous = moment if moment[0] else previous
        last[berkas.desa] = previous
        return rows

    def _usulan(self, item: Usulan, previous) -> list[Durasi]:
        rows = []
        for step in self.sop.langkah:
            if step.dicatat.rekaman != "usulan" or not item.data.get(step.dicatat.isian):
                continue
            entry = item.data[step.dicatat.isian]
            moment = self._when(item.path, step.dicatat.isian, entry)
            rows += self._row(item.kunci, step, previous, moment, entry)
            previous = moment if moment[0] else previous
        return rows

    @staticmethod
    def _row(rujukan: str, step: Langkah, start, end, entry: dict, sesi: dict | None = None) -> list[Durasi]:
        took = rentang_langkah(step, start[0], end[0], sesi)
        if took is None:
            return []
        return [Durasi(rujukan, step.nomor, took.mulai.isoformat(), took.selesai.isoformat(), took.detik,
                       took.mutu_baku_detik, took.melebihi, entry.get("oleh", ""), end[1])]

    def summary(self) -> list[Ringkasan]:
        by_step = defaultdict(list)
        for row in self.rows:
            by_step[row.langkah].append(row)
        result = []
        for step in self.sop.langkah:
            rows = by_step.get(step.nomor, [])
            seconds = sorted(r.detik for r in rows)
            result.append(Ringkasan(step.nomor, step.nama, describe_duration(step.waktu), len(rows),
                                    int(statistics.median(seconds)) if seconds else None, _p90(seconds),
                                    sum(r.melebihi for r in rows)))
        return result

    def per_petugas(self) -> dict[tuple[int, str], tuple[int, int]]:
        """(langkah, petugas) → (number of steps, number over the standard)."""
        counts: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
        for row in self.rows:
            counts[(row.langkah, row.oleh)][0] += 1
            counts[(row.langkah, row.oleh)][1] += row.melebihi
        return {key: (n, over) for key, (n, over) in sorted(counts.items())}

    def as_json(self) -> dict:
        return {"ringkasan": [asdict(s) for s in self.summary()], "rincian": [asdict(r) for r in self.rows]}

    def as_text(self) -> str:
        years = ", ".join(str(y.tahun) for y in self.years) or "-"
        lines = [f"Kinerja langkah SOP, tahun {years} (mutu baku dari sop/musrenbang-kecamatan.yaml)", ""]
        for s in self.summary():
            if not s.jumlah:
                lines.append(f"Langkah {s.langkah} {s.nama} (mutu baku {s.mutu_baku}): belum ada catatan.")
                continue
            lines.append(f"Langkah {s.langkah} {s.nama} (mutu baku {s.mutu_baku}): {s.jumlah} catatan, "
                         f"median {_words(s.median_detik)}, persentil ke-90 {_words(s.p90_detik)}, "
                         f"{s.melebihi} melebihi mutu baku.")
        lines += ["", "Per petugas:"]
        for (nomor, oleh), (count, over) in self.per_petugas().items():
            lines.append(f"  langkah {nomor}  {oleh or '-':22s} {count:4d} catatan, {over} melebihi")
        lines += ["", "Rincian yang melebihi mutu baku:"]
        over = [r for r in self.rows if r.melebihi]
        for r in over:
            note = " (waktu dari commit)" if r.sumber_waktu == "commit" else ""
            lines.append(f"  {r.rujukan:24s} langkah {r.langkah}  {_words(r.detik):>16s} > "
                         f"{_words(r.mutu_baku_detik)}{note}")
        if not over:
            lines.append("  tidak ada")
        return "\n".join(lines)


def _p90(seconds: list[int]) -> int | None:
    if not seconds:
        return None
    if len(seconds) == 1:
        return seconds[0]
    return int(statistics.quantiles(seconds, n=10, method="inclusive")[8])


def _words(seconds: int | None) -> str:
    if seconds is None:
        return "-"
    sign = "-" if seconds < 0 else ""
    return sign + describe_duration(timedelta(seconds=abs(seconds)))
