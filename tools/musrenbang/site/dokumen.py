"""The forum's documents: the Daftar Usulan Prioritas Kecamatan (table T-D.4 of
Permendagri 86/2017) and the Berita Acara, as site pages and as standalone A4
HTML, printed to PDF by Debian's Chromium without any network.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from markupsafe import Markup

from .. import ekspor
from ..errors import MusrenbangError
from ..format import hari_tanggal, tanggal
from ..seleksi import NAMA_ATURAN, PENJELASAN
from ..workspace import Workspace
from .pages import ENV


def aturan_kalimat(aturan: str, seleksi: dict) -> str:
    """The selection rule (`hasil.aturan` with the options of `sop/kriteria.yaml`)
    in one sentence a citizen can follow."""
    if aturan == "skor":
        parts = ["Usulan yang layak diurutkan menurut nilai rata-rata penilaian delegasi desa/kelurahan"]
        if seleksi.get("minimal_satu_per_desa"):
            parts.append("setiap desa/kelurahan mendapat lebih dulu satu usulan terbaiknya yang masih muat di pagu")
        rest = "sisa pagu bidang diisi menurut urutan nilai sampai tidak ada lagi usulan yang muat"
        if seleksi.get("batas_per_desa"):
            rest += f", paling banyak {seleksi['batas_per_desa']} usulan per desa/kelurahan per bidang"
        parts.append(rest)
        return "; ".join(parts) + "."
    if aturan == "equal-shares":
        return f"{NAMA_ATURAN['equal-shares'].split(' (')[0].capitalize()}: {PENJELASAN['equal-shares']}"
    return ""


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]

# Chromium-family browsers, in the order they are looked for: Debian/Ubuntu's
# chromium, Google Chrome and Microsoft Edge (as installed on Linux, Windows and
# macOS office PCs). `playwright` drives any of them; none is ever downloaded.
PERAMBAN = (
    "chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "microsoft-edge", "microsoft-edge-stable",
    "msedge", "chrome",
    "/usr/bin/chromium", "/snap/bin/chromium",
    "C:/Program Files/Google/Chrome/Application/chrome.exe",
    "C:/Program Files (x86)/Google/Chrome/Application/chrome.exe",
    "C:/Program Files (x86)/Microsoft/Edge/Application/msedge.exe",
    "C:/Program Files/Microsoft/Edge/Application/msedge.exe",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
)
PASANG = ("Pasang salah satu peramban keluarga Chromium: di Debian/Ubuntu 'sudo apt install chromium', "
          "atau Google Chrome / Microsoft Edge di komputer kantor; lalu ulangi, atau tunjukkan letaknya dengan "
          "--peramban /jalur/ke/chrome.")

# Page numbers in the PDF's footer (Chromium fills the classes in).
KAKI = ('<div style="width:100%; font-size:8pt; font-family:serif; text-align:right; padding:0 14mm;">'
        'Halaman <span class="pageNumber"></span> dari <span class="totalPages"></span></div>')


def cari_peramban(jalur: str | None = None, kandidat: tuple[str, ...] = PERAMBAN) -> str:
    """The Chromium-family browser to print with: the given path, else the first of
    PERAMBAN found on PATH or at its usual place. Raises with what to install."""
    if jalur:
        found = shutil.which(jalur) or (jalur if Path(jalur).is_file() else None)
        if not found:
            raise MusrenbangError(f"Peramban '{jalur}' (--peramban) tidak ditemukan atau bukan berkas. {PASANG}")
        return found
    for name in kandidat:
        found = shutil.which(name) if "/" not in name else (name if Path(name).is_file() else None)
        if found:
            return found
    raise MusrenbangError(f"Tidak ada peramban Chromium, Chrome atau Edge di komputer ini untuk membuat PDF. {PASANG}")


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
    return groups, [r for r in rows if not r["lolos"]], hasil.get("aturan", ""), bool(hasil)


def _pejabat(person: dict | None, fallback: str = "") -> dict:
    """Name, position and NIP as printed under a signature space."""
    person = person or {}
    return {"nama": person.get("nama", fallback), "jabatan": person.get("jabatan", ""), "nip": person.get("nip", "")}


def prioritas_context(workspace: Workspace, tahun: int) -> dict:
    _, forum = _forum(workspace, tahun)
    groups, rejected, aturan, decided = _per_bidang(workspace, tahun, forum)
    ref = workspace.ref
    return {"kop": _kop(workspace), "kecamatan": ref.data("wilayah")["kecamatan"]["nama"], "tahun": tahun,
            "tahun_rencana": forum.get("tahun_rencana"), "tanggal": tanggal(forum["tanggal"]), "aturan": NAMA_ATURAN.get(aturan, "—"),
            "aturan_teks": aturan_kalimat(aturan, (ref.data("kriteria") or {}).get("seleksi") or {}),
            "ditetapkan": decided, "bidang": groups, "tidak": rejected,
            "tempat_ttd": ref.data("wilayah")["kecamatan"]["nama"],
            "pimpinan": _pejabat(ref.petugas.get(forum["pimpinan"]), forum["pimpinan"])}


def berita_acara_context(workspace: Workspace, tahun: int) -> dict:
    year, forum = _forum(workspace, tahun)
    ref = workspace.ref
    delegasi = forum.get("delegasi") or {}
    kehadiran = [{"nama": ref.nama_desa(slug), "tercatat": slug in delegasi,
                  "hadir": bool(delegasi.get(slug, {}).get("hadir")), "wakil": delegasi.get(slug, {}).get("wakil") or [],
                  "alasan": delegasi.get(slug, {}).get("alasan", "")}
                 for slug in ref.desa if slug in year.berkas or slug in delegasi]
    notulis = next((p for p in ref.petugas.values() if ref.sop.koreksi_pelaksana in p["peran"]), None)
    context = prioritas_context(workspace, tahun)
    context.update({
        "nomor": forum.get("nomor_berita_acara"), "hari_tanggal": hari_tanggal(forum["tanggal"]),
        "tempat": forum["tempat"], "notulis": _pejabat(notulis) if notulis else None, "kehadiran": kehadiran, "hadir": sum(d["hadir"] for d in kehadiran),
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


def to_pdf(html: str, target: Path, landscape: bool = False, peramban: str | None = None) -> None:
    """Print HTML to an A4 PDF with a Chromium-family browser (headless, no network),
    with page numbers in the footer."""
    executable = cari_peramban(peramban)
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        raise MusrenbangError("Paket Python 'playwright' belum terpasang (pip install playwright).") from None
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        except Error as error:
            first = str(error).strip().splitlines()[0] if str(error).strip() else ""
            raise MusrenbangError(f"Peramban {executable} tidak dapat dijalankan ({first}). {PASANG}") from None
        try:
            page = browser.new_page()
            page.route("**/*", lambda route: route.abort() if not route.request.url.startswith("data:") else route.continue_())
            page.set_content(html, wait_until="load")
            page.pdf(path=str(target), format="A4", landscape=landscape, print_background=True, prefer_css_page_size=True,
                     display_header_footer=True, header_template="<span></span>", footer_template=KAKI)
        finally:
            browser.close()


def write(workspace: Workspace, tahun: int, folder: Path, pdf: bool, peramban: str | None = None) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in ("berita-acara", "prioritas"):
        html = standalone(kind, workspace, tahun)
        page = folder / f"{kind}-{tahun}.html"
        page.write_text(html, "utf-8")
        written.append(page)
        if pdf:
            to_pdf(html, page.with_suffix(".pdf"), landscape=kind == "prioritas", peramban=peramban)
            written.append(page.with_suffix(".pdf"))
    return written
