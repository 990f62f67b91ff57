"""The forum's documents: the Daftar Usulan Prioritas Kecamatan (table T-D.4 of
Permendagri 86/2017) and the Berita Acara, as site pages and as standalone A4
HTML, printed to PDF by Debian's Chromium without any network.
"""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from .. import ekspor
from ..errors import MusrenbangError
from ..format import hari_tanggal, tanggal
from ..seleksi import NAMA_ATURAN
from ..workspace import Workspace
from .pages import ENV

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def _forum(workspace: Workspace, tahun: int):
    year = workspace.register.tahun.get(tahun)
    if year is None or year.forum is None or not year.forum.valid:
        raise MusrenbangError(f"Catatan forum proposals/{tahun}/musrenbang.yaml belum ada atau belum sah.")
    return year, year.forum.data


def _kop(workspace: Workspace) -> dict:
    identitas = workspace.ref.sop.identitas
    return {key: identitas.get(key, "") for key in ("pemerintah", "unit", "alamat", "telepon")}


def _per_bidang(workspace: Workspace, tahun: int, forum: dict) -> tuple[list[dict], list[dict], str, bool]:
    from ..seleksi import pagu as pagu_of
    rows = ekspor.rows(workspace, tahun)
    sop = workspace.ref.sop
    budgets = pagu_of(tahun, forum, workspace.ref.data("kriteria"), sop)
    groups = []
    for bidang in sop.bidang.values():
        agreed = [r for r in rows if r["lolos"] and r["bidang"] == bidang.nama]
        groups.append({"nama": bidang.nama, "pagu": budgets[bidang.id], "disepakati": agreed,
                       "jumlah": sum(r["pagu"] for r in agreed)})
    hasil = forum.get("hasil") or {}
    return groups, [r for r in rows if not r["lolos"]], NAMA_ATURAN.get(hasil.get("aturan"), "—"), bool(hasil)


def prioritas_context(workspace: Workspace, tahun: int) -> dict:
    _, forum = _forum(workspace, tahun)
    groups, rejected, aturan, decided = _per_bidang(workspace, tahun, forum)
    return {"kop": _kop(workspace), "kecamatan": workspace.ref.data("wilayah")["kecamatan"]["nama"], "tahun": tahun,
            "tahun_rencana": forum.get("tahun_rencana"), "tanggal": tanggal(forum["tanggal"]), "aturan": aturan,
            "ditetapkan": decided, "bidang": groups, "tidak": rejected}


def berita_acara_context(workspace: Workspace, tahun: int) -> dict:
    year, forum = _forum(workspace, tahun)
    ref = workspace.ref
    delegasi = forum.get("delegasi") or {}
    kehadiran = [{"nama": ref.nama_desa(slug), "tercatat": slug in delegasi,
                  "hadir": bool(delegasi.get(slug, {}).get("hadir")), "wakil": delegasi.get(slug, {}).get("wakil") or [],
                  "alasan": delegasi.get(slug, {}).get("alasan", "")}
                 for slug in ref.desa if slug in year.berkas or slug in delegasi]
    person = ref.petugas.get(forum["pimpinan"], {})
    notulis = next((p for p in ref.petugas.values() if ref.sop.koreksi_pelaksana in p["peran"]), None)
    context = prioritas_context(workspace, tahun)
    context.update({
        "nomor": forum.get("nomor_berita_acara"), "hari_tanggal": hari_tanggal(forum["tanggal"]),
        "tempat": forum["tempat"], "tempat_ttd": ref.data("wilayah")["kecamatan"]["nama"],
        "pimpinan": {"nama": person.get("nama", forum["pimpinan"]), "jabatan": person.get("jabatan", "")},
        "notulis": notulis, "kehadiran": kehadiran, "hadir": sum(d["hadir"] for d in kehadiran),
        "sesi": [{"bidang": ref.sop.bidang[s["bidang"]].nama, "mulai": s["mulai"], "selesai": s["selesai"]}
                 for s in forum.get("sesi") or []],
        "kesepakatan": forum.get("kesepakatan") or [], "catatan": forum.get("catatan", ""),
    })
    return context


def fragment(kind: str, workspace: Workspace, tahun: int) -> str:
    context = berita_acara_context(workspace, tahun) if kind == "berita-acara" else prioritas_context(workspace, tahun)
    return ENV.get_template(f"{kind.replace('-', '_')}.html").render(**context)


def standalone(kind: str, workspace: Workspace, tahun: int) -> str:
    """A self-contained A4 HTML document (no outside resources)."""
    title = {"berita-acara": "Berita Acara Musrenbang Kecamatan", "prioritas": "Daftar Usulan Prioritas Kecamatan"}[kind]
    return ENV.get_template("dokumen.html").render(
        judul=f"{title} {tahun}", body=Markup(fragment(kind, workspace, tahun)),
        orientasi="landscape" if kind == "prioritas" else "portrait")


def to_pdf(html: str, target: Path, landscape: bool = False) -> None:
    """Print HTML to an A4 PDF with Debian's Chromium (headless, no network)."""
    if not Path(CHROMIUM).exists():
        raise MusrenbangError(f"Chromium tidak ditemukan di {CHROMIUM}: pasang paket Debian 'chromium' untuk membuat PDF.")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise MusrenbangError("Paket Python 'playwright' belum terpasang (pip install playwright).") from None
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.route("**/*", lambda route: route.abort() if not route.request.url.startswith("data:") else route.continue_())
            page.set_content(html, wait_until="load")
            page.pdf(path=str(target), format="A4", landscape=landscape, print_background=True, prefer_css_page_size=True)
        finally:
            browser.close()


def write(workspace: Workspace, tahun: int, folder: Path, pdf: bool) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in ("berita-acara", "prioritas"):
        html = standalone(kind, workspace, tahun)
        page = folder / f"{kind}-{tahun}.html"
        page.write_text(html, "utf-8")
        written.append(page)
        if pdf:
            to_pdf(html, page.with_suffix(".pdf"), landscape=kind == "prioritas")
            written.append(page.with_suffix(".pdf"))
    return written
