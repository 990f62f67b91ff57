"""Peta usulan, desa/kelurahan and bidang pages: the real `mkdocs build --strict`
on the sample register, then the maps in Debian's Chromium with every request
outside 127.0.0.1 (the OpenStreetMap tiles) blocked."""

from __future__ import annotations

import html as htmllib
import json
import re
from pathlib import Path

import pytest

from musrenbang import alur
from musrenbang.seleksi import pagu
from musrenbang.workspace import Workspace

from .browser import needs_chromium, screenshot
from .conftest import REPO
from .test_site import copy_site_sources, mkdocs_build


@pytest.fixture(scope="module")
def ws() -> Workspace:
    return Workspace.open(REPO)


def _usulan(ws: Workspace, tahun: int | None = None):
    return [u for y in ws.register.tahun.values() if tahun in (None, y.tahun) for u in y.usulan if u.valid]


def _koordinat(item) -> bool:
    return bool((item.data.get("lokasi") or {}).get("koordinat"))


def _bidang(item) -> str:
    return (item.data.get("klasifikasi") or {}).get("bidang") or item.data["usulan_bidang"]


def _links(html: str) -> list[str]:
    return re.findall(r'href="([^"#]*)"', html)


def _resolves(site: Path, page: Path, href: str) -> bool:
    if href.startswith(("http://", "https://", "mailto:")) or not href:
        return True
    target = (page.parent / href.split("?")[0]).resolve()
    return (target / "index.html").is_file() if href.endswith("/") or target.is_dir() else target.is_file()


def _map_data(html: str) -> list[dict]:
    match = re.search(r'<script type="application/json" id="mr-peta-data">(.*?)</script>', html, re.S)
    assert match, "the map page holds its marker data"
    return json.loads(match.group(1))


def _secrets(ws: Workspace) -> set[str]:
    from .privasi_uji import private_values
    return private_values(ws.root)


# --- build checks --------------------------------------------------------------------

def test_map_pages_hold_every_usulan(built_site: Path, ws: Workspace):
    index = (built_site / "peta/index.html").read_text("utf-8")
    for tahun in ws.register.tahun:
        items = _usulan(ws, tahun)
        page = built_site / f"peta/{tahun}/index.html"
        html = page.read_text("utf-8")
        assert f'href="{tahun}/"' in index or f'href="./{tahun}/"' in index or f"peta/{tahun}/" in index
        data = _map_data(html)
        assert len(data) == sum(1 for u in items if _koordinat(u)) > 0
        assert "</" not in re.search(r'id="mr-peta-data">(.*?)</script>', html, re.S).group(1)
        table = html.split('class="mr-table mr-peta-tabel"', 1)[1]
        assert table.count("<tr data-penanda=") == len(data)
        assert table.count('<tr class="mr-peta-tanpa-koordinat">') == len(items) - len(data)
        for item in items:
            assert f'href="../../usulan/{tahun}/{item.desa}/{item.nomor:02d}/"' in table
        for marker in data:
            assert _resolves(built_site, page, marker["url"]), marker["url"]
        for href in _links(html):
            assert _resolves(built_site, page, href), href
        assert "leaflet/leaflet.js" in html and "assets/musrenbang/peta.js" in html
        assert "unpkg.com" not in html and "cdn" not in html.lower().split("leaflet.js")[0][-200:]


def test_leaflet_is_vendored(built_site: Path):
    folder = built_site / "assets/musrenbang/leaflet"
    for name in ("leaflet.js", "leaflet.css", "LICENSE", "images/marker-icon.png", "images/layers.png"):
        assert (folder / name).is_file(), name
    assert not (folder / "README.md").exists() and not (folder / "README").exists()
    assert (built_site / "assets/musrenbang/peta.js").is_file()


def test_desa_pages_list_berkas_and_usulan(built_site: Path, ws: Workspace):
    index_page = built_site / "desa/index.html"
    index = index_page.read_text("utf-8")
    years = sorted(ws.register.tahun, reverse=True)
    for slug, info in ws.ref.desa.items():
        row = re.search(rf'<tr data-desa="{slug}">(.*?)</tr>', index, re.S)
        assert row, slug
        assert f'href="{slug}/"' in row.group(1) or f'href="../desa/{slug}/"' in row.group(1)
        counts = [int(c) for c in re.findall(r'<td class="mr-num" data-tahun="\d+">(\d+)</td>', row.group(1))]
        assert counts == [len([u for u in _usulan(ws, t) if u.desa == slug]) for t in years], slug
        page = built_site / f"desa/{slug}/index.html"
        html = page.read_text("utf-8")
        assert info["nama"] in html
        for tahun in years:
            year = ws.register.tahun[tahun]
            berkas = year.berkas.get(slug)
            if berkas is not None and berkas.valid:
                assert f"Berkas nomor agenda <strong>{berkas.data['nomor_agenda']}</strong>" in html
            mine = [u for u in _usulan(ws, tahun) if u.desa == slug]
            for item in mine:
                assert f'href="../../usulan/{tahun}/{slug}/{item.nomor:02d}/"' in html
            assert html.count(f'<tr data-usulan="{tahun}/{slug}/') == len(mine)
        for href in _links(html):
            assert _resolves(built_site, page, href), href
    for href in _links(index):
        assert _resolves(built_site, index_page, href), href
    total = sum(int(c) for c in re.findall(r'<td class="mr-num" data-tahun="\d+">(\d+)</td>', index))
    assert total == len(_usulan(ws))


def test_desa_page_shows_forum_results(built_site: Path, ws: Workspace):
    year = ws.register.tahun[2024]
    results = alur.forum_results(year.forum)
    lolos = next(u for u in year.usulan if results.get(u.rujukan, {}).get("lolos"))
    html = (built_site / f"desa/{lolos.desa}/index.html").read_text("utf-8")
    row = re.search(rf'<tr data-usulan="{lolos.kunci}">(.*?)</tr>', html, re.S).group(1)
    assert ">Lolos</span>" in row and htmllib.escape(results[lolos.rujukan]["alasan"], quote=False) in row
    tidak = next(u for u in year.usulan if u.rujukan in results and not results[u.rujukan]["lolos"])
    html = (built_site / f"desa/{tidak.desa}/index.html").read_text("utf-8")
    assert ">Tidak lolos</span>" in re.search(rf'<tr data-usulan="{tidak.kunci}">(.*?)</tr>', html, re.S).group(1)


def test_bidang_pages_count_usulan_and_compare_with_pagu(built_site: Path, ws: Workspace):
    sop = ws.ref.sop
    index_page = built_site / "bidang/index.html"
    index = index_page.read_text("utf-8")
    years = sorted(ws.register.tahun, reverse=True)
    for bidang in sop.bidang.values():
        row = re.search(rf'<tr data-bidang="{bidang.id}">(.*?)</tr>', index, re.S).group(1)
        counts = [int(c) for c in re.findall(r'<td class="mr-num" data-tahun="\d+">(\d+)</td>', row)]
        assert counts == [sum(1 for u in _usulan(ws, t) if _bidang(u) == bidang.id) for t in years]
        page = built_site / f"bidang/{bidang.id}/index.html"
        html = page.read_text("utf-8")
        for tahun in years:
            mine = [u for u in _usulan(ws, tahun) if _bidang(u) == bidang.id]
            assert html.count(f'<tr data-usulan="{tahun}/') == len(mine)
        forum = ws.register.tahun[2024].forum
        budget = pagu(2024, forum.data, ws.ref.data("kriteria"), sop)[bidang.id]
        from musrenbang.format import rupiah
        assert f"{rupiah(budget)}</span> pagu indikatif bidang" in html
        results = alur.forum_results(forum)
        agreed = sum(u.data["perkiraan_biaya"] for u in _usulan(ws, 2024)
                     if _bidang(u) == bidang.id and results.get(u.rujukan, {}).get("lolos"))
        assert f"{rupiah(agreed)}</span> disepakati" in html
        for href in _links(html):
            assert _resolves(built_site, page, href), href
    for href in _links(index):
        assert _resolves(built_site, index_page, href), href


def test_new_pages_keep_private_fields_out(built_site: Path, ws: Workspace):
    secrets = _secrets(ws)
    assert secrets
    for folder in ("peta", "desa", "bidang"):
        for path in (built_site / folder).rglob("*.html"):
            text = path.read_text("utf-8")
            assert not [s for s in secrets if s in text], path
            assert "nik" not in re.sub(r"[^a-z]", " ", text.lower()).split(), path


def test_nav_has_the_new_sections(built_site: Path):
    html = (built_site / "index.html").read_text("utf-8")
    for label, href in (("Peta", "peta/"), ("Desa", "desa/"), ("Bidang", "bidang/")):
        assert re.search(rf'href="(\./)?{href}"[^>]*>\s*{label}\s*<', html) or f'href="{href}"' in html, label


HOSTILE = '</script><script>alert(1)</script> <img src=x onerror=alert(3)>'


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = copy_site_sources(tmp_path_factory.mktemp("peta-hostile"))
    target = next((root / "proposals/2025/banjarwaru").glob("03-*.yaml"))
    text = target.read_text("utf-8")
    text = re.sub(r"^judul: .*$", "judul: '" + HOSTILE + "'", text, count=1, flags=re.M)
    target.write_text(text, "utf-8")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_hostile_title_stays_text_in_map_data(hostile_site: Path):
    html = (hostile_site / "peta/2025/index.html").read_text("utf-8")
    assert "<script>alert" not in html and "<img src=x" not in html
    assert HOSTILE in [m["judul"] for m in _map_data(html)]
    for folder in ("desa", "bidang", "peta", "usulan/2025/banjarwaru/03"):
        for path in (hostile_site / folder).rglob("*.html"):
            text = path.read_text("utf-8")
            assert "<script>alert" not in text and "<img src=x" not in text, path


# --- in the browser ----------------------------------------------------------------------

def _offline(page, site_url: str) -> list[str]:
    """Abort every request outside the local test server; return the blocked URLs."""
    blocked: list[str] = []

    def handle(route):
        if route.request.url.startswith(site_url):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()
    page.route("**/*", handle)
    return blocked


@needs_chromium
def test_map_2025_shows_one_marker_per_usulan_with_coordinates(page, site_url, ws: Workspace):
    items = _usulan(ws, 2025)
    expected = sum(1 for u in items if _koordinat(u))
    assert 0 < expected < len(items)
    blocked = _offline(page, site_url)
    page.goto(site_url + "peta/2025/")
    page.wait_for_selector(".leaflet-marker-icon")
    assert page.locator(".mr-peta-map .leaflet-marker-icon").count() == expected
    assert page.locator("table.mr-peta-tabel tbody tr").count() == len(items)
    assert page.locator("tr.mr-peta-tanpa-koordinat").count() == len(items) - expected
    assert any("tile.openstreetmap.org" in url for url in blocked)
    page.wait_for_selector(".mr-peta-offline:not([hidden])")
    page.locator(".mr-peta-map .leaflet-marker-icon").first.click()
    popup = page.locator(".leaflet-popup-content a")
    popup.wait_for()
    first = json.loads(page.locator("#mr-peta-data").text_content())[0]
    assert popup.inner_text() == first["judul"]
    assert popup.get_attribute("href") == first["url"]
    screenshot(page, "peta")
    page.locator("button.mr-peta-lihat").nth(3).click()
    page.wait_for_timeout(400)
    fourth = json.loads(page.locator("#mr-peta-data").text_content())[3]
    assert page.locator(".leaflet-popup-content a").inner_text() == fourth["judul"]
    popup.click()
    page.wait_for_url("**/usulan/2025/**")
    assert page.locator(".mr-peta-mini .leaflet-marker-icon").count() == 1
    assert page.js_errors == []


@needs_chromium
def test_usulan_page_with_coordinates_has_a_small_map(page, site_url, ws: Workspace):
    with_coords = next(u for u in _usulan(ws, 2025) if _koordinat(u))
    without = next(u for u in _usulan(ws, 2025) if not _koordinat(u))
    _offline(page, site_url)
    page.goto(site_url + f"usulan/{with_coords.tahun}/{with_coords.desa}/{with_coords.nomor:02d}/")
    page.wait_for_selector(".mr-peta-mini .leaflet-marker-icon")
    assert page.locator(".mr-peta-mini .leaflet-marker-icon").count() == 1
    assert page.locator(".mr-peta-mini .leaflet-marker-icon").get_attribute("title") == with_coords.data["judul"]
    box = page.locator(".mr-peta-mini").bounding_box()
    assert box and box["height"] > 150 and box["width"] > 300
    screenshot(page, "usulan-peta")
    page.goto(site_url + f"usulan/{without.tahun}/{without.desa}/{without.nomor:02d}/")
    assert page.locator(".mr-peta-mini").count() == 0
    assert page.js_errors == []


@needs_chromium
def test_desa_and_bidang_pages_in_the_browser(page, site_url):
    _offline(page, site_url)
    page.goto(site_url + "desa/")
    screenshot(page, "desa-index")
    page.locator("tr[data-desa=banjarwaru] a").first.click()
    page.wait_for_url("**/desa/banjarwaru/")
    assert page.locator("h1").first.inner_text() == "Desa Banjarwaru"
    screenshot(page, "desa")
    page.goto(site_url + "bidang/fisik/")
    assert page.locator(".mr-bidang-bar span").count() >= 1
    screenshot(page, "bidang")
    page.goto(site_url + "bidang/")
    screenshot(page, "bidang-index")
    page.goto(site_url + "peta/")
    assert page.locator("a[href='../peta/2025/'], a[href='2025/']").count() >= 1
    assert page.js_errors == []
