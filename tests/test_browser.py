"""The site in a real browser: the register filters and sorts, an usulan page
shows its timeline, hostile strings run no script, the Berita Acara prints to A4."""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading

import pytest

from .browser import _Quiet, needs_chromium, screenshot
from .test_site import copy_site_sources, mkdocs_build

pytestmark = needs_chromium


def test_register_filters_and_sorts(page, site_url):
    page.goto(site_url + "register/")
    rows = page.locator("table[data-sortable] tbody tr")
    total = rows.count()
    assert total > 100
    page.select_option("select[data-filter=tahun]", "2024")
    visible = page.locator("table[data-sortable] tbody tr:not([hidden])")
    assert 0 < visible.count() < total
    assert page.locator("[data-count]").inner_text() == str(visible.count())
    page.select_option("select[data-filter=tahun]", "")
    page.fill("input[data-filter=teks]", "posyandu")
    texts = [t.lower() for t in page.locator("table[data-sortable] tbody tr:not([hidden])").all_inner_texts()]
    assert texts and all("posyandu" in t for t in texts)
    page.fill("input[data-filter=teks]", "")
    page.click("th:has-text('Perkiraan biaya')")
    values = [int(v) for v in page.locator("tbody tr td:last-child").evaluate_all("els => els.map(e => e.dataset.value)")]
    assert values == sorted(values)
    page.click("th:has-text('Perkiraan biaya')")
    values = [int(v) for v in page.locator("tbody tr td:last-child").evaluate_all("els => els.map(e => e.dataset.value)")]
    assert values == sorted(values, reverse=True)
    screenshot(page, "buku-register")
    assert page.js_errors == []


def test_usulan_page_shows_its_timeline(page, site_url):
    page.goto(site_url + "usulan/2024/banjarwaru/01/")
    items = page.locator("ol.mr-timeline li")
    assert items.count() == 6  # intake, steps 1-3, examination, forum
    assert "Langkah 4: Forum Musrenbang Kecamatan" in items.nth(5).inner_text()
    screenshot(page, "usulan")


def test_berita_acara_prints_to_a4(page, site_url, tmp_path):
    page.goto(site_url + "berita-acara/2024/")
    page.emulate_media(media="print")
    assert not page.locator(".md-header").is_visible()
    target = tmp_path / "ba.pdf"
    page.pdf(path=str(target), format="A4")
    from pypdf import PdfReader
    reader = PdfReader(target)
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert abs(width - 595.3) < 1.5 and abs(height - 841.9) < 1.5  # A4 in points
    assert "BERITA ACARA" in reader.pages[0].extract_text()


HOSTILE_TITLE = "<img src=x onerror=alert('judul')><script>alert('s')</script>"
HOSTILE_PLACE = "\"><svg onload=alert('dusun')>"


@pytest.fixture(scope="module")
def hostile_site_url(tmp_path_factory):
    """The sample site with hostile strings in an usulan that has coordinates."""
    root = copy_site_sources(tmp_path_factory.mktemp("hostile-browser"))
    target = next((root / "proposals/2025/banjarwaru").glob("01-*.yaml"))
    text = re.sub(r"^judul: .*$", "judul: " + json.dumps(HOSTILE_TITLE), target.read_text("utf-8"), count=1, flags=re.M)
    text = re.sub(r"^  dusun: .*$", "  dusun: " + json.dumps(HOSTILE_PLACE), text, count=1, flags=re.M)
    target.write_text(text, "utf-8")
    assert mkdocs_build(root).returncode == 0
    handler = functools.partial(_Quiet, directory=str(root / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


@pytest.mark.parametrize("path", ["", "register/", "usulan/2025/banjarwaru/01/", "peta/2025/", "desa/banjarwaru/",
                                  "bidang/fisik/", "kinerja/", "data/", "hasil/"])
def test_hostile_strings_run_no_script_on_any_page(page, hostile_site_url, path):
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(hostile_site_url) else route.abort())
    page.goto(hostile_site_url + path)
    page.wait_for_timeout(300)
    if path == "peta/2025/":  # open every popup: they are built from text, not HTML
        opened = page.evaluate("""() => { let n = 0; document.querySelectorAll('.leaflet-marker-icon').forEach(m => {
            m.dispatchEvent(new MouseEvent('click', {bubbles: true})); n += document.querySelector('.leaflet-popup') ? 1 : 0; });
            return n; }""")
        assert opened > 40
        titles = [m["judul"] for m in json.loads(page.locator("#mr-peta-data").text_content())]
        assert HOSTILE_TITLE in titles  # the data carries it as text
    assert page.dialogs == [] and page.js_errors == []
    assert page.locator("img[src='x'], svg[onload]").count() == 0
