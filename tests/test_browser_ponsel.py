"""The public site on a 390 × 844 phone and a 1366 × 768 desktop (issue 11, item 1).

On a phone nothing but a scroll box may be wider than the screen, every table is a
stack of cards or a scroll box, the key fields of a table's first row (kegiatan,
desa, biaya, status) are on screen without sideways scrolling, and charts are
drawn with text a person can read. Screenshots of every kind of page at both sizes
go to tests/artefak/ (ignored by git, kept by CI).
"""

from __future__ import annotations

import pytest

from .browser import DESKTOP, HALAMAN, PONSEL, needs_chromium, open_tab, screenshot

pytestmark = needs_chromium

# Elements wider than the viewport, except inside a scroll box that itself fits on
# the screen, and except the visually hidden table headers of the card layout
# (a 1 px clipped box, read by screen readers only).
TERLALU_LEBAR = """() => {
  const width = document.documentElement.clientWidth;
  const scrollBox = el => { for (let a = el.parentElement; a; a = a.parentElement) {
      const s = getComputedStyle(a);
      if ((s.overflowX === 'auto' || s.overflowX === 'scroll') && a.getBoundingClientRect().right <= width + 1) return true;
    } return false; };
  const hidden = el => { for (let a = el; a; a = a.parentElement) {
      const s = getComputedStyle(a), r = a.getBoundingClientRect();
      if (s.display === 'none' || s.visibility === 'hidden') return true;
      if (s.overflow === 'hidden' && r.width <= 2 && r.height <= 2) return true;
    } return false; };
  const wide = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height || getComputedStyle(el).position === 'fixed') continue;
    if ((r.right > width + 1 || r.left < -1) && !scrollBox(el) && !hidden(el) && !el.closest('.md-sidebar, .md-search'))
      wide.push(`${el.tagName.toLowerCase()}.${String(el.className).split(' ')[0]} ${Math.round(r.left)}..${Math.round(r.right)}`);
  }
  return wide;
}"""

# The key fields of each table's first row: page → (row selector, {field: cell selector within the row}).
KUNCI = {
    "buku-register": ("table[data-sortable] tbody tr", {"kegiatan": "td:nth-child(5)", "desa": "td:nth-child(3)",
                                                         "biaya": "td:nth-child(8)", "status": "td:nth-child(7)"}),
    "daftar-prioritas": ("table.mr-td4 tbody tr", {"kegiatan": "td:nth-child(5)", "desa": "td:nth-child(7)",
                                                   "biaya": "td:nth-child(9)"}),
    "berita-acara": ("h3 + table tbody tr", {"kegiatan": "td:nth-child(2)", "desa": "td:nth-child(3)",
                                             "biaya": "td:nth-child(5)"}),
    "desa-halaman": ("table.mr-desa-tabel tbody tr", {"kegiatan": "td:nth-child(2)", "status": "td:nth-child(4)",
                                                      "biaya": "td:nth-child(5)"}),
    "bidang-halaman": ("table.mr-bidang-tabel tbody tr", {"desa": "td:nth-child(1)", "kegiatan": "td:nth-child(3)",
                                                          "status": "td:nth-child(4)", "biaya": "td:nth-child(5)"}),
    "peta-tahun": ("table.mr-peta-tabel tbody tr", {}),
    "meja-camat": ("table.mr-meja-tabel tbody tr", {"rujukan": "td:nth-child(1)", "langkah": "td:nth-child(2)",
                                                    "lama": "td:nth-child(4)"}),
    "data-terbuka": ("table.mr-data-kolom tbody tr", {}),
}


@pytest.fixture(scope="module")
def phone(browser):
    tab = open_tab(browser, PONSEL)
    yield tab
    tab.context.close()


@pytest.fixture(scope="module")
def desktop(browser):
    tab = open_tab(browser, DESKTOP)
    yield tab
    tab.context.close()


@pytest.mark.parametrize("name", HALAMAN)
def test_nothing_but_a_scroll_box_is_wider_than_a_phone(phone, site_url, name):
    phone.goto(site_url + HALAMAN[name])
    phone.wait_for_timeout(150)
    screenshot(phone, f"{name}-390")
    assert phone.evaluate(TERLALU_LEBAR) == []
    assert phone.evaluate("document.documentElement.scrollWidth") <= PONSEL["width"]
    assert phone.js_errors == []


@pytest.mark.parametrize("name", KUNCI)
def test_first_row_key_fields_are_on_a_phone_screen(phone, site_url, name):
    phone.goto(site_url + HALAMAN[name])
    rows, fields = KUNCI[name]
    row = phone.locator(rows).first
    row.scroll_into_view_if_needed()
    cells = {field: row.locator(selector) for field, selector in fields.items()} or \
        {f"kolom {i + 1}": cell for i, cell in enumerate(row.locator("td").all()) if cell.is_visible()}
    assert cells
    for field, cell in cells.items():
        box = cell.bounding_box()
        assert box is not None and box["width"] > 0, f"{name}: {field} is not shown"
        assert 0 <= box["x"] and box["x"] + box["width"] <= PONSEL["width"] + 0.5, f"{name}: {field} is off-screen"
        assert cell.inner_text().strip(), f"{name}: {field} is empty"


def test_every_table_is_cards_or_a_scroll_box_on_a_phone(phone, site_url):
    for name in ("buku-register", "daftar-prioritas", "berita-acara", "data-terbuka", "desa", "kinerja", "sop", "meja",
                 "meja-camat"):
        phone.goto(site_url + HALAMAN[name])
        kinds = phone.evaluate("""() => [...document.querySelectorAll('.md-content table')].filter(t => t.offsetParent)
          .map(t => { const card = getComputedStyle(t).display !== 'table' && t.tBodies[0] &&
                        getComputedStyle(t.tBodies[0].rows[0]).display !== 'table-row';
                      const box = t.closest('.mr-gulir-kotak'); return card ? 'kartu' : box ? 'gulir' : t.className; })""")
        assert kinds and set(kinds) <= {"kartu", "gulir"}, (name, kinds)


def test_card_cells_carry_their_column_label(phone, site_url):
    phone.goto(site_url + HALAMAN["daftar-prioritas"])
    pagu = phone.locator("table.mr-td4 tbody tr").first.locator("td:nth-child(9)")
    assert pagu.get_attribute("data-label") == "Pagu"
    label = phone.evaluate("el => getComputedStyle(el, '::before').content", pagu.element_handle())
    assert label == '"Pagu: "'


def test_register_card_is_short_and_its_title_whole(phone, site_url):
    phone.goto(site_url + HALAMAN["buku-register"])
    row = phone.locator("table[data-sortable] tbody tr").first
    assert row.bounding_box()["height"] < 130  # was 150 px of a squeezed column
    title = row.locator("td:nth-child(5)")
    assert title.bounding_box()["width"] > 300  # was about 95 px, words broken mid-word
    assert phone.evaluate("el => getComputedStyle(el).wordBreak", title.element_handle()) != "break-all"


@pytest.mark.parametrize("name", ["beranda", "kinerja"])
def test_charts_fit_a_phone_with_readable_labels(phone, site_url, name):
    phone.goto(site_url + HALAMAN[name])
    charts = phone.locator("svg.mr-grafik:visible")
    assert charts.count() >= 3
    for chart in charts.all()[:6]:
        box = chart.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PONSEL["width"]
        sizes = chart.evaluate("svg => [...svg.querySelectorAll('text')].map(t => t.getBoundingClientRect().height)")
        assert sizes and min(sizes) >= 10, f"labels drawn {min(sizes):.1f} px high"
        clipped = chart.evaluate("""svg => { const r = svg.getBoundingClientRect();
            return [...svg.querySelectorAll('text')].filter(t => t.getBoundingClientRect().right > r.right + 1).length; }""")
        assert clipped == 0


def test_sop_flowchart_is_a_touch_scroll_box_with_a_hint(phone, site_url):
    phone.goto(site_url + HALAMAN["sop"])
    box = phone.locator(".mr-sop-bagan")
    assert box.get_attribute("role") == "region" and box.get_attribute("tabindex") == "0"
    assert phone.evaluate("el => getComputedStyle(el).overflowX", box.element_handle()) == "auto"
    assert phone.locator(".mr-sop-geser").is_visible()
    width = box.bounding_box()["width"]
    assert width <= PONSEL["width"] and phone.evaluate("el => el.scrollWidth", box.element_handle()) > width


@pytest.mark.parametrize("name", HALAMAN)
def test_desktop_screenshots_and_no_sideways_page(desktop, site_url, name):
    desktop.goto(site_url + HALAMAN[name])
    desktop.wait_for_timeout(150)
    screenshot(desktop, f"{name}-1366")
    assert desktop.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
    assert desktop.evaluate(TERLALU_LEBAR) == []
    assert desktop.js_errors == []


def test_register_sorts_on_a_phone_without_column_headers(phone, site_url):
    phone.goto(site_url + HALAMAN["buku-register"])
    assert phone.locator("table[data-sortable] thead").bounding_box()["width"] <= 2  # headers for screen readers only
    phone.select_option("select[data-urut]", "7:turun")
    values = [int(v) for v in phone.locator("tbody tr td:last-child").evaluate_all("els => els.map(e => e.dataset.value)")]
    assert values == sorted(values, reverse=True)
    phone.select_option("select[data-urut]", "7:naik")
    values = [int(v) for v in phone.locator("tbody tr td:last-child").evaluate_all("els => els.map(e => e.dataset.value)")]
    assert values == sorted(values)
