"""Rules on the year's forum record (`musrenbang.yaml`): its references hold."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone

from .. import alur, seleksi
from ..errors import MusrenbangError
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
    """`lolos: true` only for an usulan that went through every earlier step and
    was examined layak."""
    for forum, year in _forums(ctx):
        by_ref = {u.rujukan: u for u in year.usulan if u.valid}
        for i, entry in enumerate((forum.data.get("hasil") or {}).get("usulan", [])):
            item = by_ref.get(entry["usulan"])
            if item is None or not entry["lolos"]:
                continue  # every usulan gets a result; only a pass needs the steps before it
            where = ("hasil", "usulan", i, "usulan")
            reason = _not_ready(ctx, year, item)
            if reason:
                yield forum.finding(where, "langkah.terlewat", f"Hasil forum untuk '{entry['usulan']}' dicatat padahal {reason}.",
                                    "Usulan masuk forum sesudah diklasifikasi dan diperiksa; hapus hasilnya atau lengkapi langkahnya.")
            elif (item.data.get("pemeriksaan") or {}).get("hasil") != "layak":
                yield forum.finding(where, "musrenbang.lolos-tidak-layak",
                                    f"Usulan '{entry['usulan']}' dinyatakan lolos padahal hasil pemeriksaannya tidak layak.",
                                    "Hanya usulan yang diperiksa layak yang dapat lolos seleksi.")


def result_mismatch(forum: Forum, year: Tahun, ref, label: str = "", alasan: bool = True) -> Iterator[Finding]:
    """The written result equals what `seleksi` computes from the forum's inputs.

    `alasan=False` compares the decisions only (order, lolos, peringkat, skor): the
    wording of reasons belongs to the version of the tool that wrote them, so an
    audit of old commits does not hold them to today's wording."""
    written = forum.data.get("hasil")
    if not written:
        return
    prefix = f"{label}: " if label else ""
    try:
        computed = seleksi.select(year, ref.sop, ref.data("kriteria"), written["aturan"]).as_dict()
    except MusrenbangError as error:
        yield forum.finding(("hasil",), "musrenbang.hasil-berbeda", f"{prefix}Hasil tidak dapat dihitung ulang: {error}",
                            "Lengkapi data forum dan kriteria, lalu jalankan 'musrenbang seleksi'.", key=True)
        return
    command = f"musrenbang seleksi {year.tahun} --aturan {written['aturan']} --tulis"
    for index, (have, want) in enumerate(zip(written["usulan"], computed["usulan"])):
        if not alasan:
            have, want = _without_reason(have), _without_reason(want)
        if have != want:
            yield forum.finding(("hasil", "usulan", index), "musrenbang.hasil-berbeda",
                                f"{prefix}Hasil tertulis ke-{index + 1} ('{have['usulan']}') berbeda dengan hitungan "
                                f"ulang dari penilaian dan persetujuan (aturan {written['aturan']}): "
                                f"{_difference(have, want, computed['usulan'])}.",
                                f"Hasil forum adalah hitungan dari catatan publik: jalankan '{command}'.")
            return
    if len(written["usulan"]) != len(computed["usulan"]):
        yield forum.finding(("hasil", "usulan"), "musrenbang.hasil-berbeda",
                            f"{prefix}Hasil tertulis memuat {len(written['usulan'])} usulan; hitungan ulang "
                            f"{len(computed['usulan'])}.", f"Jalankan '{command}'.", key=True)


def _without_reason(entry: dict) -> dict:
    return {key: value for key, value in entry.items() if key != "alasan"}


def _difference(have: dict, want: dict, computed: list[dict]) -> str:
    """What differs in one written entry: its place in the order, or its fields."""
    if have["usulan"] != want["usulan"]:
        place = next((i for i, entry in enumerate(computed) if entry["usulan"] == have["usulan"]), None)
        where = f"hitungan ulang menempatkannya di urutan ke-{place + 1}" if place is not None else \
            "usulan ini tidak ada di hitungan ulang"
        return f"urutannya berbeda: {where}, dan di urutan ini '{want['usulan']}'"
    parts = []
    for key in ("lolos", "alasan", "peringkat", "skor"):
        if have.get(key) != want.get(key):
            parts.append(f"{key} tertulis {_shown(have.get(key))}, seharusnya {_shown(want.get(key))}")
    return "; ".join(parts)


def _shown(value) -> str:
    if value is None:
        return "tidak ada"
    if isinstance(value, bool):
        return "true" if value else "false"
    return f"'{value}'" if isinstance(value, str) else str(value)


def forum_result_recomputed(ctx: Context) -> Iterator[Finding]:
    for forum, year in _forums(ctx):
        if all(b.valid for b in year.berkas.values()) and all(u.valid for u in year.usulan):
            yield from result_mismatch(forum, year, ctx.ref)


def forum_after_step_3(ctx: Context) -> Iterator[Finding]:
    """The forum sits only when every berkas has been through the berkas steps,
    unless the desa's delegation is recorded absent or late, with a reason."""
    for forum, year in _forums(ctx):
        delegasi = forum.data.get("delegasi") or {}
        for slug, berkas in sorted(year.berkas.items()):
            pending = alur.posisi(ctx.sop, berkas).berikut if berkas.valid else None
            if pending is None or pending.dicatat.rekaman != "berkas":
                continue
            excused = delegasi.get(slug, {})
            if excused.get("hadir") is False and excused.get("alasan"):
                continue
            yield forum.finding(("delegasi", slug) if slug in delegasi else ("tanggal",), "musrenbang.berkas-belum-siap",
                                f"Forum dicatat padahal berkas {slug} belum sampai langkah 3 "
                                f"({pending.nama} belum dicatat).",
                                f"Selesaikan disposisi berkas itu, atau catat delegasi {slug} 'hadir: false' dengan alasan.")


def forum_sessions(ctx: Context) -> Iterator[Finding]:
    """A session ends after it starts, and each bidang has one session."""
    for forum, _ in _forums(ctx):
        seen = set()
        for i, session in enumerate(forum.data.get("sesi") or []):
            start, end = _moment(session["mulai"]), _moment(session["selesai"])
            if start and end and end < start:
                yield forum.finding(("sesi", i, "selesai"), "musrenbang.sesi-terbalik",
                                    f"Sesi bidang {session['bidang']} selesai ({session['selesai']}) sebelum mulai "
                                    f"({session['mulai']}).", "Periksa jam, tanggal dan zona waktu mulai dan selesai sesi.")
            if session["bidang"] in seen:
                yield forum.finding(("sesi", i, "bidang"), "musrenbang.sesi-ganda",
                                    f"Sesi bidang {session['bidang']} dicatat lebih dari sekali.",
                                    "Setiap bidang dibahas dalam satu sesi: gabungkan catatannya menjadi satu sesi.")
            seen.add(session["bidang"])


def _moment(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def forum_approvals_present(ctx: Context) -> Iterator[Finding]:
    """Only the delegations present vote: an absent one's approvals count for nothing."""
    for forum, _ in _forums(ctx):
        present = set(seleksi.present(forum.data))
        for slug, items in (forum.data.get("persetujuan") or {}).items():
            if slug not in present and items:
                recorded = slug in (forum.data.get("delegasi") or {})
                yield forum.finding(("persetujuan", slug), "musrenbang.persetujuan-tidak-hadir",
                                    f"Delegasi {slug} {'tercatat tidak hadir' if recorded else 'tidak tercatat hadir'} "
                                    f"tetapi memberi persetujuan; persetujuannya tidak dihitung.",
                                    f"Hanya delegasi yang hadir yang memberi persetujuan: hapus persetujuan {slug}, "
                                    f"atau catat delegasinya 'hadir: true' di 'delegasi' bila memang hadir.", key=True)


def forum_score_sheets(ctx: Context) -> Iterator[Finding]:
    """One sheet per assessor and usulan, and only for usulan that take part."""
    for forum, year in _forums(ctx):
        sheets = forum.data.get("penilaian") or []
        for i in seleksi.duplicate_sheets(forum.data):
            yield forum.finding(("penilaian", i, "penilai"), "musrenbang.penilaian-ganda",
                                f"Penilai '{sheets[i]['penilai']}' sudah menilai '{sheets[i]['usulan']}'; lembar "
                                f"ganda mengubah rata-rata skornya.", "Hapus lembar penilaian yang ganda.")
        items = {u.rujukan: u for u in year.usulan if u.valid}
        reasons = {k.rujukan: k.alasan_tidak for k in seleksi.candidates(year, ctx.sop, {})}
        for i, sheet in enumerate(sheets):
            reason = reasons.get(sheet["usulan"])
            if sheet["usulan"] in items and reason:
                yield forum.finding(("penilaian", i, "usulan"), "musrenbang.penilaian-tidak-layak",
                                    f"Usulan '{sheet['usulan']}' dinilai padahal tidak ikut diadu: {reason}.",
                                    "Hanya usulan yang diperiksa layak yang dinilai di forum: hapus lembar ini, atau "
                                    "lengkapi klasifikasi dan pemeriksaannya lebih dulu.")


def forum_add1_step(ctx: Context) -> Iterator[Finding]:
    """The equal-shares step is at least a thousandth of each bidang's pagu."""
    kriteria = ctx.ref.data("kriteria") or {}
    for forum, year in _forums(ctx):
        for bidang, budget in (forum.data.get("pagu") or {}).items():
            try:
                seleksi.kenaikan(kriteria.get("seleksi") or {}, budget, bidang)
            except MusrenbangError as error:
                yield forum.finding(("pagu", bidang), "musrenbang.kenaikan-terlalu-kecil", str(error),
                                    "Naikkan 'kenaikan_anggaran' di sop/kriteria.yaml atau hapus isian itu "
                                    "(bawaannya 0,1% pagu).")


CHECKS = (forum_year, forum_chair, forum_references, forum_result_once, forum_results_follow_steps,
          forum_after_step_3, forum_sessions, forum_approvals_present, forum_score_sheets, forum_add1_step,
          forum_result_recomputed)
