"""Rules on the year's forum record (`musrenbang.yaml`): its references hold."""

from __future__ import annotations

from collections.abc import Iterator

from .. import alur
from ..findings import Finding
from ..records import Forum, Usulan
from ..sop import Langkah
from ..register import Tahun
from ..similar import suggest
from .context import Context, check_oleh


def _forums(ctx: Context) -> Iterator[tuple[Forum, Tahun]]:
    for year in ctx.register.tahun.values():
        if year.forum and year.forum.valid:
            yield year.forum, year


def forum_year(ctx: Context) -> Iterator[Finding]:
    for forum, year in _forums(ctx):
        if forum.data["tahun"] != year.tahun:
            yield forum.finding(("tahun",), "musrenbang.tahun-tidak-cocok",
                                f"Berkas ada di folder {year.tahun} tetapi berisi 'tahun: {forum.data['tahun']}'.",
                                f"Tulis 'tahun: {year.tahun}'.")


def forum_chair(ctx: Context) -> Iterator[Finding]:
    steps = ctx.sop.langkah_pada("musrenbang")
    roles = {s.pelaksana for s in steps}
    for forum, _ in _forums(ctx):
        if roles:
            yield from check_oleh(ctx, forum, ("pimpinan",), forum.data["pimpinan"], roles, "Pimpinan forum")


def forum_references(ctx: Context) -> Iterator[Finding]:
    """Every usulan, desa and criterion the forum names exists."""
    criteria = {k["id"] for k in (ctx.ref.data("kriteria") or {}).get("kriteria", [])}
    for forum, year in _forums(ctx):
        known = {u.rujukan for u in year.usulan}
        data = forum.data
        for desa_key in ("delegasi", "persetujuan"):
            for slug in data.get(desa_key) or {}:
                if slug not in ctx.ref.desa:
                    yield forum.finding((desa_key, slug), "musrenbang.desa-tidak-dikenal",
                                        f"Desa/kelurahan '{slug}' tidak ada di sop/wilayah.yaml.",
                                        suggest(slug, ctx.ref.desa, "desa"), key=True)
        refs = [(("penilaian", i, "usulan"), p["usulan"]) for i, p in enumerate(data.get("penilaian") or [])]
        refs += [(("persetujuan", d, i), r) for d, items in (data.get("persetujuan") or {}).items() for i, r in enumerate(items)]
        refs += [(("hasil", "usulan", i, "usulan"), h["usulan"]) for i, h in enumerate((data.get("hasil") or {}).get("usulan", []))]
        for where, rujukan in refs:
            if rujukan not in known:
                yield forum.finding(where, "musrenbang.usulan-tidak-ada",
                                    f"Usulan '{rujukan}' tidak ada di proposals/{year.tahun}/.",
                                    suggest(rujukan, known, "usulan"))
        for i, entry in enumerate(data.get("penilaian") or []):
            for criterion in entry["skor"]:
                if criterion not in criteria:
                    yield forum.finding(("penilaian", i, "skor", criterion), "musrenbang.kriteria-tidak-dikenal",
                                        f"Kriteria '{criterion}' tidak ada di sop/kriteria.yaml.",
                                        suggest(criterion, criteria, "kriteria"), key=True)


def forum_result_once(ctx: Context) -> Iterator[Finding]:
    for forum, _ in _forums(ctx):
        seen = set()
        for i, entry in enumerate((forum.data.get("hasil") or {}).get("usulan", [])):
            if entry["usulan"] in seen:
                yield forum.finding(("hasil", "usulan", i, "usulan"), "musrenbang.hasil-ganda",
                                    f"Usulan '{entry['usulan']}' muncul lebih dari sekali di hasil.",
                                    "Setiap usulan mendapat tepat satu hasil.")
            seen.add(entry["usulan"])


def _not_ready(ctx: Context, year: Tahun, item: Usulan) -> str | None:
    """Why an usulan may not yet have a forum result (steps before the forum missing)."""
    berkas = year.berkas.get(item.desa)
    where = alur.posisi(ctx.sop, berkas if berkas and berkas.valid else None, item)
    upcoming = where.berikut
    if upcoming is not None and not (isinstance(upcoming, Langkah) and upcoming.dicatat.rekaman == "musrenbang"):
        return f"usulan masih berstatus {where.status}; {upcoming.nama} belum dicatat"
    return None  # a stopped usulan (tidak layak) may get a result, but not lolos: see below


def forum_results_follow_steps(ctx: Context) -> Iterator[Finding]:
    """A result only for an usulan that went through every earlier step, and
    `lolos: true` only for one examined layak."""
    for forum, year in _forums(ctx):
        by_ref = {u.rujukan: u for u in year.usulan if u.valid}
        for i, entry in enumerate((forum.data.get("hasil") or {}).get("usulan", [])):
            item = by_ref.get(entry["usulan"])
            if item is None:
                continue
            where = ("hasil", "usulan", i, "usulan")
            reason = _not_ready(ctx, year, item)
            if reason:
                yield forum.finding(where, "langkah.terlewat", f"Hasil forum untuk '{entry['usulan']}' dicatat padahal {reason}.",
                                    "Usulan masuk forum sesudah diklasifikasi dan diperiksa; hapus hasilnya atau lengkapi langkahnya.")
            elif entry["lolos"] and (item.data.get("pemeriksaan") or {}).get("hasil") != "layak":
                yield forum.finding(where, "musrenbang.lolos-tidak-layak",
                                    f"Usulan '{entry['usulan']}' dinyatakan lolos padahal hasil pemeriksaannya tidak layak.",
                                    "Hanya usulan yang diperiksa layak yang dapat lolos seleksi.")


CHECKS = (forum_year, forum_chair, forum_references, forum_result_once, forum_results_follow_steps)
