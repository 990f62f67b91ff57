"""Rules on each berkas: its desa, its nomor agenda and its dispositions."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..findings import Finding
from ..records import Berkas
from .context import Context, check_oleh, check_role, in_order, parse_time


def desa_matches_folder(ctx: Context) -> Iterator[Finding]:
    for berkas in ctx.berkas():
        if berkas.data["desa"] != berkas.desa:
            yield berkas.finding(
                ("desa",), "berkas.desa-tidak-cocok",
                f"Berkas ini ada di folder '{berkas.desa}' tetapi berisi 'desa: {berkas.data['desa']}'.",
                f"Tulis 'desa: {berkas.desa}' atau pindahkan berkas ke folder desanya.",
            )


def _number(berkas: Berkas) -> int | None:
    """The berkas's nomor agenda when it can be read, even if other fields are invalid."""
    value = berkas.data.get("nomor_agenda") if isinstance(berkas.data, dict) else None
    return value if type(value) is int and value > 0 else None


def _received(berkas: Berkas) -> tuple:
    try:
        return (0, parse_time(berkas.data["diterima"]).timestamp())
    except (KeyError, TypeError, ValueError):
        return (1, 0)


def nomor_agenda(ctx: Context) -> Iterator[Finding]:
    """Per year: each number once, and 1..N without gaps (judged only when every
    berkas of the year has a readable number)."""
    for year in ctx.register.tahun.values():
        items = list(year.berkas.values())
        numbered = sorted((b for b in items if _number(b)), key=lambda b: (_number(b), _received(b), b.path))
        yield from _agenda_year(numbered, complete=len(numbered) == len(items))


def _agenda_year(items: list[Berkas], complete: bool) -> Iterator[Finding]:
    if not items:
        return
    used = {_number(b) for b in items}
    free = next(n for n in range(1, len(used) + 2) if n not in used)
    seen: dict[int, Berkas] = {}
    for berkas in items:
        number = _number(berkas)
        if number in seen:
            yield berkas.finding(
                ("nomor_agenda",), "berkas.nomor-agenda-ganda",
                f"Nomor agenda {number} sudah dipakai oleh {seen[number].path}.",
                f"Nomor agenda berikutnya yang bebas: {max(used) + 1}.",
            )
        seen.setdefault(number, berkas)
    if not complete:
        return
    expected = 1
    for number in sorted(seen):
        if number != expected:
            yield seen[number].finding(
                ("nomor_agenda",), "berkas.nomor-agenda-loncat",
                f"Nomor agenda {number} melompati nomor {expected}: buku register diisi berurutan tanpa loncatan.",
                f"Nomor agenda yang belum terpakai: {free}. Gunakan nomor itu.",
            )
            return
        expected += 1


def disposisi_steps(ctx: Context) -> Iterator[Finding]:
    """Dispositions follow the SOP's berkas steps in order, none skipped or repeated."""
    steps = ctx.sop.langkah_pada("berkas")
    numbers = [s.nomor for s in steps]
    for berkas in ctx.berkas():
        position = 0  # how many recognised steps came before
        for index, entry in enumerate(berkas.disposisi):
            where = ("disposisi", index)
            step = ctx.sop.langkah_nomor(entry["langkah"])
            if step is None or step.dicatat.rekaman != "berkas":
                yield berkas.finding(
                    where + ("langkah",), "disposisi.langkah-tidak-dikenal",
                    f"Langkah {entry['langkah']} bukan disposisi pada berkas menurut SOP.",
                    "Langkah yang dicatat sebagai disposisi berkas: " + ", ".join(map(str, numbers)) + ".",
                )
                continue
            position += 1
            expected = steps[position - 1].nomor if position <= len(steps) else None
            if expected != step.nomor:
                yield berkas.finding(
                    where + ("langkah",), "disposisi.urutan",
                    f"Disposisi ini adalah langkah {step.nomor}, padahal menurut SOP "
                    + (f"langkah {expected} yang harus dicatat di sini." if expected else "semua langkah berkas sudah tercatat."),
                    "Disposisi dicatat berurutan sesuai SOP: " + " → ".join(map(str, numbers)) + "; tidak ada langkah yang dilewati atau diulang.",
                )
                continue
            yield from check_oleh(ctx, berkas, where + ("oleh",), entry["oleh"], {step.pelaksana},
                                  f"Disposisi langkah {step.nomor}")
            yield from check_role(ctx, berkas, where + ("kepada",), entry["kepada"], step.kepada or None)


def berkas_times(ctx: Context) -> Iterator[Finding]:
    for berkas in ctx.berkas():
        data = berkas.data
        received = parse_time(data["diterima"])
        for key, label in (("surat", "surat"), ("musrenbang_desa", "Musrenbang desa")):
            day = (data.get(key) or {}).get("tanggal")
            if day and date.fromisoformat(day) > received.date():
                yield berkas.finding(
                    (key, "tanggal"), "waktu.urutan",
                    f"Tanggal {label} ({day}) sesudah berkas diterima ({data['diterima']}).",
                    "Tanggal surat dan Musrenbang desa tidak boleh sesudah tanggal diterima.",
                )
        times = [(("diterima",), "diterima", data["diterima"])]
        times += [(("disposisi", i, "waktu"), f"disposisi langkah {d['langkah']}", d["waktu"])
                  for i, d in enumerate(berkas.disposisi) if d.get("waktu")]
        yield from in_order(berkas, times)
        yield from _not_future(ctx, berkas, times)


def _not_future(ctx: Context, record, times) -> Iterator[Finding]:
    for where, label, text in times:
        if ctx.in_future(parse_time(text)):
            yield record.finding(
                where, "waktu.masa-depan",
                f"Waktu {label} ({text}) ada di masa depan.",
                "Periksa tahun, bulan dan jam; catat waktu yang sudah terjadi.",
            )


CHECKS = (desa_matches_folder, nomor_agenda, disposisi_steps, berkas_times)
