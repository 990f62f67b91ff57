"""The site in a real browser: the register filters and sorts, an usulan page
shows its timeline, hostile strings run no script, the Berita Acara prints to A4."""

from __future__ import annotations

from .browser import needs_chromium, screenshot

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
