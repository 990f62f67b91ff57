"""Every date and time in a year's records falls in that year: a berkas of 2026
holding `musrenbang_desa.tanggal: 2025-01-08` was copied from the template or
from last year's berkas and not corrected.

These are the dates that place a record in its year: the desa's own (its
musyawarah, its letter), intake, the forum's. The desa's precede intake and may
fall in the last quarter of the year before (a desa musyawarah on 30 December
for the next year's register is ordinary). The times of the SOP's steps are not
judged here: they follow intake (`waktu.urutan`), and a step taken after its
year is late, which Kinerja reports against its mutu baku. A `koreksi` is made
whenever a correction is needed, years later too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from ..findings import Finding
from ..records import Record
from ..schemas import jalur_isian
from .context import Context, strings, texts

# The schema's `date` and `date-time` formats (the schema has already checked
# the calendar); a free text is never exactly one of these.
_TANGGAL = re.compile(r"^(\d{4})-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$")


# The desa's dates, by path without list indices; they may start this many months early.
DESA = {("surat", "tanggal"), ("musrenbang_desa", "tanggal")}
BULAN_SEBELUM = 3
KOREKSI = "koreksi"


def dates_in_their_year(ctx: Context) -> Iterator[Finding]:
    for year in ctx.register.tahun.values():
        records: list[Record] = [*year.berkas.values(), *year.usulan]
        if year.forum is not None:
            records.append(year.forum)
        free = _step_fields(ctx)
        for record in records:
            if record.valid:
                yield from _outside(record, year.tahun, free)


def _step_fields(ctx: Context) -> set[str]:
    """The fields where SOP steps are recorded (disposisi, klasifikasi, pemeriksaan), and koreksi."""
    free = {KOREKSI}
    for step in ctx.sop.langkah:
        for where in (step.dicatat, step.tindak_lanjut.dicatat if step.tindak_lanjut else None):
            if where is not None and where.rekaman != "musrenbang":
                free.add(where.isian)
    return free


def _outside(record: Record, tahun: int, free: set[str]) -> Iterator[Finding]:
    found: list[str] = []
    for key, value in record.data.items():
        if key not in free:
            texts(value, found)
    years = {text[:4] for text in found if len(text) >= 10 and text[4:5] == "-" and _TANGGAL.match(text)}
    if years <= {str(tahun)}:
        return  # every date in the register's own year: nothing to place
    kept = ((key, value) for key, value in record.data.items() if key not in free)
    for path, value in (found for key, value in kept for found in _dates(value, (key,))):
        desa = tuple(p for p in path if isinstance(p, str)) in DESA
        earliest = date(tahun - 1, 13 - BULAN_SEBELUM, 1) if desa else date(tahun, 1, 1)
        day = date.fromisoformat(value[:10])
        if not earliest <= day <= date(tahun, 12, 31):
            allowed = (f"antara {earliest.isoformat()} dan {tahun}-12-31" if desa else f"di tahun {tahun}")
            yield record.finding(
                path, "tanggal.di-luar-tahun",
                f"Tanggal {value} pada '{jalur_isian(path)}' di luar tahun register {tahun}: seharusnya {allowed}.",
                f"Catatan di proposals/{tahun}/ mencatat Musrenbang tahun {tahun}: perbaiki tahunnya "
                f"(tanggal dari templat atau dari berkas tahun lalu?), atau pindahkan catatan ke folder "
                f"tahun yang benar.")


def _dates(value, path: tuple) -> Iterator[tuple[tuple, str]]:
    return ((where, text) for where, text in strings(value, path) if _TANGGAL.match(text))


CHECKS = (dates_in_their_year,)
