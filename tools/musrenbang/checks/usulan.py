"""Rules on each usulan: its priority number and the SOP steps recorded on it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from ..alur import is_recorded, resolve_role
from ..findings import Finding
from ..records import Berkas, Usulan
from ..sop import PEMERIKSA_BIDANG, Langkah
from .context import Context, check_oleh, check_role, in_order, parse_time


def priority_numbers(ctx: Context) -> Iterator[Finding]:
    """Per desa: each priority number once, 01..N without gaps (from file names)."""
    for year in ctx.register.tahun.values():
        by_desa: dict[str, list[Usulan]] = defaultdict(list)
        for item in year.usulan:
            by_desa[item.desa].append(item)
        for items in by_desa.values():
            yield from _priorities(items)


def _priorities(items: list[Usulan]) -> Iterator[Finding]:
    seen: dict[int, Usulan] = {}
    for item in items:
        if item.nomor in seen:
            yield item.finding(
                (), "usulan.prioritas-ganda",
                f"Nomor prioritas {item.nomor:02d} sudah dipakai oleh {seen[item.nomor].path}.",
                f"Setiap usulan satu desa punya nomor prioritas sendiri; nomor berikutnya: {max(seen) + 1:02d}.",
            )
        seen.setdefault(item.nomor, item)
    for expected, number in enumerate(sorted(seen), start=1):
        if number != expected:
            yield seen[number].finding(
                (), "usulan.prioritas-loncat",
                f"Nomor prioritas {number:02d} melompati nomor {expected:02d}.",
                "Nomor prioritas desa berurutan mulai 01; ganti nama berkas agar tidak ada loncatan.",
            )
            return


def usulan_steps(ctx: Context) -> Iterator[Finding]:
    """Each step recorded on an usulan comes after the steps before it, by the right role."""
    for item, berkas in ctx.usulan_with_berkas():
        for step in ctx.sop.langkah:
            if step.dicatat.rekaman == "usulan" and item.data.get(step.dicatat.isian) is not None:
                yield from _recorded_step(ctx, item, berkas, step)
            follow = step.tindak_lanjut
            if follow and follow.dicatat.rekaman == "usulan" and item.data.get(follow.dicatat.isian) is not None:
                yield from _follow_up(ctx, item, berkas, step)


def _missing_before(ctx: Context, item: Usulan, berkas: Berkas | None, step: Langkah) -> list[int]:
    return [
        earlier.nomor for earlier in ctx.sop.langkah
        if earlier.nomor < step.nomor and not is_recorded(earlier.dicatat, earlier.nomor, berkas, item, {})
    ]


def _recorded_step(ctx: Context, item: Usulan, berkas: Berkas | None, step: Langkah) -> Iterator[Finding]:
    field = step.dicatat.isian
    entry = item.data[field]
    missing = _missing_before(ctx, item, berkas, step)
    if missing:
        yield item.finding(
            (field,), "langkah.terlewat", key=True, message=
            f"Langkah {step.nomor} ({field}) dicatat sebelum langkah {', '.join(map(str, missing))} selesai.",
            hint="Ikuti urutan SOP: catat langkah sebelumnya lebih dulu (disposisi pada berkas.yaml).",
        )
    bidang = entry.get("bidang")
    if bidang is not None and bidang not in ctx.sop.bidang:
        yield item.finding((field, "bidang"), "klasifikasi.bidang-tidak-dikenal",
                           f"Bidang '{bidang}' tidak ada di SOP.", "Pilihan: " + ", ".join(ctx.sop.bidang) + ".")
        return
    yield from check_oleh(ctx, item, (field, "oleh"), entry["oleh"], {step.pelaksana}, f"Langkah {step.nomor}")
    if "kepada" in entry:
        allowed = tuple(resolve_role(ctx.sop, role, item) for role in step.kepada)
        yield from check_role(ctx, item, (field, "kepada"), entry["kepada"], allowed or None)


def _follow_up(ctx: Context, item: Usulan, berkas: Berkas | None, step: Langkah) -> Iterator[Finding]:
    follow = step.tindak_lanjut
    field = follow.dicatat.isian
    if not is_recorded(step.dicatat, step.nomor, berkas, item, {}):
        yield item.finding(
            (field,), "langkah.terlewat", key=True,
            message=f"{follow.nama} dicatat sebelum langkah {step.nomor} ({step.dicatat.isian}).",
            hint=f"Usulan harus melalui langkah {step.nomor} lebih dulu.",
        )
        return
    role = resolve_role(ctx.sop, follow.pelaksana, item)
    if role == PEMERIKSA_BIDANG:
        return  # the bidang is unknown: reported by the classification rule
    yield from check_oleh(ctx, item, (field, "oleh"), item.data[field]["oleh"], {role}, follow.nama)


def corrections(ctx: Context) -> Iterator[Finding]:
    role = ctx.sop.koreksi_pelaksana
    for item in ctx.usulan():
        for index, entry in enumerate(item.data.get("koreksi") or []):
            yield from check_oleh(ctx, item, ("koreksi", index, "oleh"), entry["oleh"], {role}, "Koreksi usulan")


def _own_times(ctx: Context, item: Usulan) -> list[tuple[tuple, str, str]]:
    """(where, label, time) of each step recorded on the usulan, in SOP order."""
    times = []
    for step in ctx.sop.langkah:
        for catatan in (step.dicatat, step.tindak_lanjut.dicatat if step.tindak_lanjut else None):
            if catatan is not None and catatan.rekaman == "usulan":
                entry = item.data.get(catatan.isian) or {}
                if entry.get("waktu"):
                    times.append(((catatan.isian, "waktu"), catatan.isian, entry["waktu"]))
    return times


def usulan_times(ctx: Context) -> Iterator[Finding]:
    """Usulan steps come after the berkas's last disposition and after each other."""
    berkas_of = dict(((u.path, b) for u, b in ctx.usulan_with_berkas()))
    for item in ctx.usulan():
        own = _own_times(ctx, item)
        berkas = berkas_of.get(item.path)
        before = []
        if berkas is not None:
            stamps = [d["waktu"] for d in berkas.disposisi if d.get("waktu")] or [berkas.data["diterima"]]
            before = [((), f"langkah terakhir pada {berkas.path}", max(stamps, key=parse_time))]
        yield from in_order(item, before + own)
        for where, label, text in own:
            if ctx.in_future(parse_time(text)):
                yield item.finding(where, "waktu.masa-depan", f"Waktu {label} ({text}) ada di masa depan.",
                                   "Periksa tahun, bulan dan jam; catat waktu yang sudah terjadi.")


CHECKS = (priority_numbers, usulan_steps, corrections, usulan_times)
