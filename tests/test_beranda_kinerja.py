"""Beranda and Kinerja pages: the figures counted from the records, inline SVG
charts with a text alternative, and desa-side text escaped everywhere."""

from __future__ import annotations

import html as htmllib
import re
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from musrenbang.format import rupiah
from musrenbang.kinerja import Kinerja
from musrenbang.site import beranda, grafik
from musrenbang.site.model import SiteModel
from musrenbang.site.pages import Pages, status_label
from musrenbang.workspace import Workspace

from .browser import needs_chromium, screenshot
from .conftest import REPO
from .test_site import copy_site_sources, mkdocs_build

HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture
def site(built_site) -> Path:
    return built_site  # the session's one build of the sample site (tests/browser.py)


def _block(html: str, css_class: str) -> str:
    """The page's own HTML block (not the theme around it)."""
    start = html.index(f'<div class="{css_class}"')
    return html[start:html.index("</article>", start)]


def _year(block: str, prefix: str, tahun: int) -> str:
    """One year's <section> of a page."""
    start = block.index(f'id="{prefix}-{tahun}"')
    end = block.find("</section>", start)
    return block[start:end]


def _svgs(text: str) -> list[str]:
    return re.findall(r"<svg\b.*?</svg>", text, flags=re.S)


def _counted(workspace: Workspace, tahun: int) -> dict:
    """The figures of a year, counted here straight from the records."""
    year = workspace.register.tahun[tahun]
    items = [u for u in year.usulan if u.valid]
    bidang_of = {u.rujukan: (u.data.get("klasifikasi") or {}).get("bidang") or u.data.get("usulan_bidang") for u in items}
    per_bidang, per_desa = defaultdict(lambda: [0, 0]), defaultdict(lambda: [0, 0])
    for u in items:
        for table, key in ((per_bidang, bidang_of[u.rujukan]), (per_desa, u.desa)):
            table[key][0] += 1
            table[key][1] += u.data["perkiraan_biaya"]
    passed = []
    if year.forum is not None:
        passed = [e["usulan"] for e in year.forum.data["hasil"]["usulan"] if e["lolos"]]
    cost = {u.rujukan: u.data["perkiraan_biaya"] for u in items}
    return {
        "berkas": sum(1 for b in year.berkas.values() if b.valid),
        "usulan": len(items),
        "biaya": sum(cost.values()),
        "bidang": per_bidang,
        "desa": per_desa,
        "lolos": len(passed),
        "biaya_lolos": sum(cost[r] for r in passed),
    }


@pytest.mark.parametrize("tahun", [2025, 2024])
def test_beranda_figures_match_the_records(site: Path, tahun: int):
    workspace = Workspace.open(REPO)
    model = SiteModel(workspace)
    expected = _counted(workspace, tahun)
    block = _block((site / "index.html").read_text("utf-8"), "mr-beranda")
    section = _year(block, "tahun", tahun)
    text = htmllib.unescape(re.sub(r"<[^>]+>", " ", section))
    text = re.sub(r"\s+", " ", text)

    assert expected["berkas"] == 12
    assert f"{expected['berkas']} dari {len(workspace.ref.desa)} berkas diterima" in text
    assert f"{expected['usulan']} usulan" in text
    assert rupiah(expected["biaya"]) in text
    # usulan per status, in SOP order, written on the chart's bars
    statuses = Counter(r.status for r in model.rows if r.usulan.tahun == tahun)
    shown = [s for s in model.statuses() if statuses[s]]
    assert sum(statuses[s] for s in shown) == expected["usulan"]  # every status has its bar
    titles = re.findall(r"<g class=\"mr-grafik-baris\"><title>([^<]*): (\d+) usulan</title>",
                        _svgs(section)[0])
    assert [(htmllib.unescape(t), int(n)) for t, n in titles] == \
        [(status_label(s, model.sop.peran), statuses[s]) for s in shown]
    if tahun == 2025:  # examined tidak layak: a bar of its own, not counted as "Diperiksa"
        assert statuses["tidak-layak"] == 4
    # per bidang: count and cost in the table, and the pagu of seleksi.pagu
    from musrenbang.seleksi import pagu
    forum = workspace.register.tahun[tahun].forum
    limits = pagu(tahun, forum.data if forum else {}, workspace.ref.data("kriteria"), model.sop)
    for key, b in model.sop.bidang.items():
        count, cost = expected["bidang"][key]
        assert f"{b.nama} {count} {rupiah(cost)} {rupiah(limits[key])}" in text
    # per desa: cost and count on the desa chart
    for slug, (count, cost) in expected["desa"].items():
        assert f"{workspace.ref.nama_desa(slug)}: {rupiah(cost)} · {count} usulan" in htmllib.unescape(section)
    if tahun == 2024:
        assert expected["lolos"] > 0
        assert f"{expected['lolos']} usulan lolos di forum, senilai {rupiah(expected['biaya_lolos'])}" in text
    else:
        assert "lolos di forum" not in text


def test_beranda_charts_are_inline_svg_with_a_text_alternative(site: Path):
    block = _block((site / "index.html").read_text("utf-8"), "mr-beranda")
    svgs = _svgs(block)
    # status, bidang against pagu, desa; for each of the two years; each drawn for a wide screen and for a phone
    assert len(svgs) == 12
    assert sum("mr-grafik--sempit" in svg for svg in svgs) == 6
    for svg in svgs:
        root = ET.fromstring(svg)  # well-formed XML
        ns = "{http://www.w3.org/2000/svg}"
        assert root.get("role") == "img" and root.find(f"{ns}title").text and root.find(f"{ns}desc").text
        assert root.get("aria-labelledby") == f"{root.get('id')}-judul {root.get('id')}-ket"
        assert root.findall(f".//{ns}text")  # the numbers as text labels
    assert "<script" not in block
    assert "Rp" in block and "tanda hitam: pagu" in block


def test_beranda_latest_changes_say_what_happened_to_which_proposal(site: Path):
    """Built from the records (no git history in the copied sources), in Indonesian,
    newest first, each linking to the berkas, usulan or forum it tells of."""
    block = _block((site / "index.html").read_text("utf-8"), "mr-beranda")
    changes = block[block.index('id="perubahan-terakhir"'):]
    items = re.findall(r"<li><p class=\"mr-what\"><a href=\"([^\"]+)\">(.*?)</a>(.*?)</p></li>", changes, flags=re.S)
    assert len(items) == beranda.JUMLAH_PERUBAHAN
    model = SiteModel(Workspace.open(REPO))
    when = {(r.nama_desa, r.usulan.tahun, e.nama): beranda._parse(e.waktu) for r in model.rows for e in r.linimasa
            if e.waktu}
    desa, tahun, _ = max(when, key=when.get)
    assert f"{desa} {tahun}" in htmllib.unescape(items[0][1])
    for url, text, when in items:
        assert re.match(r"\./(desa|usulan|prioritas)/", url)
        assert re.search(r"untuk (berkas|usulan) |diterima kecamatan|Hasil ", text), text
        assert re.search(r", \d{1,2} (Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|"
                         r"November|Desember) 20\d\d$", htmllib.unescape(when)), when
    assert "commit" not in changes.lower()


def test_beranda_latest_changes_escape_text():
    workspace = Workspace.open(REPO)
    site = Pages(SiteModel(workspace), None)
    row = max(site.model.rows, key=lambda r: max(e.waktu or "" for e in r.linimasa))
    row.data["judul"] = f"Usulan {HOSTILE}"
    row.linimasa[-1].waktu = "2099-01-13T08:30:00+07:00"
    row.linimasa[-1].rekaman, row.linimasa[-1].nama = "usulan", "Pemeriksaan usulan"
    page = beranda.build(site)["index.md"].teks()
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert f"Pemeriksaan usulan untuk usulan {row.nama_desa} {row.usulan.tahun}: Usulan &lt;img" in page
    assert "13 Januari 2099" in page


@pytest.mark.parametrize("tahun", [2025, 2024])
def test_kinerja_figures_equal_the_kinerja_summary(site: Path, tahun: int):
    from musrenbang.site.kinerja_halaman import lama
    result = Kinerja(Workspace.open(REPO), tahun)
    block = _block((site / "kinerja/index.html").read_text("utf-8"), "mr-kinerja")
    section = _year(block, "kinerja", tahun)
    for s in result.summary():
        row = re.search(rf'<tr data-langkah="{s.langkah}">(.*?)</tr>', section, flags=re.S).group(1)
        cells = [htmllib.unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
        assert cells == [f"{s.langkah}. {s.nama}", s.mutu_baku, str(s.jumlah), lama(s.median_detik), lama(s.p90_detik),
                         str(s.melebihi)]
        chart = re.search(rf'<svg[^>]*id="grafik-langkah-{tahun}-{s.langkah}".*?</svg>', section, flags=re.S)
        assert (chart is not None) == (s.jumlah > 0)
        if chart:
            ET.fromstring(chart.group(0))
            assert f"{s.melebihi} melebihi mutu baku" in chart.group(0) and f"mutu baku {s.mutu_baku}" in chart.group(0)
    if tahun == 2025:
        first = {s.langkah: s for s in result.summary()}[1]
        assert (first.jumlah, first.melebihi) == (10, 3)
    breaches = [r for r in result.rows if r.melebihi]
    table = section[section.index(f'id="kinerja-{tahun}-melebihi"'):section.index(f'id="kinerja-{tahun}-peran"')]
    assert table.count("<tr>") - 1 == len(breaches)  # header row + one row per breach
    for r in breaches:
        assert f'<span class="mr-kinerja-rujukan">{r.rujukan}</span>' in table
        if r.rujukan.count("/") == 2 and "/musrenbang/" not in r.rujukan:
            assert f'href="../usulan/{r.rujukan}/"' in table
    # per role: each petugas of the sample holds one role
    workspace = Workspace.open(REPO)
    per_role = defaultdict(lambda: [set(), 0, 0])
    for r in result.rows:
        entry = per_role[workspace.ref.sop.nama_peran(workspace.ref.petugas[r.oleh]["peran"][0])]
        entry[0].add(r.langkah)
        entry[1] += 1
        entry[2] += r.melebihi
    roles = section[section.index(f'id="kinerja-{tahun}-peran"'):]
    assert roles.count("<tr>") - 1 == len(per_role)
    for name, (steps, count, over) in per_role.items():
        assert (f'<th scope="row">{name}</th><td>{", ".join(map(str, sorted(steps)))}</td>'
                f'<td class="mr-num">{count}</td><td class="mr-num">{over} (') in roles


def test_kinerja_in_the_navigation(site: Path):
    html = (site / "index.html").read_text("utf-8")
    assert 'href="kinerja/"' in html and "Kinerja" in html


def test_hostile_desa_text_is_escaped_on_both_pages(tmp_path: Path):
    root = copy_site_sources(tmp_path / "hostile")
    for path in (next((root / "proposals/2025/denok").glob("01-*.yaml")),
                 next((root / "proposals/2025/banjarwaru").glob("03-*.yaml"))):
        text = path.read_text("utf-8")
        path.write_text(re.sub(r"^judul: .*$", f"judul: '{HOSTILE}'", text, count=1, flags=re.M), "utf-8")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    for name in ("index.html", "kinerja/index.html"):
        html = (root / "site" / name).read_text("utf-8")
        assert "<img src=x" not in html, name
    kinerja = (root / "site/kinerja/index.html").read_text("utf-8")
    assert "Denok 01: &lt;img src=x onerror=alert(1)&gt;" in kinerja  # a breach of step 3, escaped


def test_chart_functions_escape_every_text():
    bars = [grafik.Batang(HOSTILE, 3, f"{HOSTILE} & co", 2)]
    svg = grafik.diagram_batang("a", HOSTILE, HOSTILE, bars)
    sebaran = grafik.diagram_sebaran("b", HOSTILE, HOSTILE, [60, 400, 90000], 300, HOSTILE)
    for markup in (svg, sebaran):
        assert "<img" not in markup and "&lt;img" in markup
        ET.fromstring(str(markup))
    assert grafik.diagram_sebaran("c", "x", "y", [], 300, "5 menit") == ""


def test_distribution_bins_put_breaches_right_of_the_line():
    svg = str(grafik.diagram_sebaran("d", "t", "k", [240, 300, 301, 4000], 300, "5 menit"))
    assert "2 dalam mutu baku" in svg and "2 melebihi mutu baku" in svg
    assert grafik.durasi_singkat(150) == "2,5 mnt" and grafik.durasi_singkat(7200) == "2 jam"
    assert grafik.durasi_singkat(86400) == "1 hari" and grafik.durasi_singkat(7 * 86400) == "1 mgg"


@needs_chromium
def test_pages_in_a_browser(page, site_url):
    page.goto(site_url)
    charts = page.locator(".mr-beranda svg.mr-grafik:visible")
    assert charts.count() == 6  # the wide drawings; the phone's are hidden
    box = charts.first.bounding_box()
    assert box["width"] > 400 and box["height"] > 60
    screenshot(page, "beranda")
    page.goto(site_url + "kinerja/")
    assert page.locator(".mr-kinerja svg.mr-grafik:visible").count() >= 4
    screenshot(page, "kinerja")
    page.emulate_media(media="print")
    assert page.locator(".mr-kinerja svg.mr-grafik--lebar").first.is_visible()
    assert page.js_errors == []
