"""Statuses that end the road (issue 11, item 2) and step 4's time (item 3), as a
citizen meets them in the browser."""

from __future__ import annotations

import re

import pytest

from musrenbang.kinerja import Kinerja
from musrenbang.workspace import Workspace

from .browser import needs_chromium
from .conftest import REPO

pytestmark = needs_chromium

TIDAK_LAYAK = "2025/banjarwaru/03"


def test_tidak_layak_is_final_everywhere_with_its_reason_one_click_away(page, site_url):
    for path in ("register/", "desa/banjarwaru/", "bidang/fisik/"):
        page.goto(site_url + path)
        badge = page.locator(f'a.mr-status--tidak-layak[href$="usulan/{TIDAK_LAYAK}/#alasan"]').first
        assert badge.is_visible(), path
        assert badge.inner_text().strip() == "Tidak layak: berhenti"
        assert page.locator(f'a[href$="usulan/{TIDAK_LAYAK}/#alasan"] >> text=Diperiksa').count() == 0
        if path == "desa/banjarwaru/":  # the forum column: not "forum belum dicatat" as if it were still running
            row = page.locator(f'tr[data-usulan="{TIDAK_LAYAK}"]')
            assert "forum belum dicatat" not in row.inner_text() and "tidak diteruskan ke forum" in row.inner_text()
        colours = badge.evaluate("b => [getComputedStyle(b).backgroundColor, getComputedStyle(b).color]")
        assert colours == ["rgb(122, 62, 0)", "rgb(255, 255, 255)"]  # its own colour, not Diperiksa's green
    badge.click()
    page.wait_for_url(re.compile(r"#alasan$"))
    reason = page.locator("#alasan")
    assert reason.is_visible() and "berhenti di sini" in reason.inner_text()
    assert "Alasan: Pemeriksaan usulan: Lahan belum bersertifikat" in reason.inner_text()


def test_register_filters_final_statuses(page, site_url):
    page.goto(site_url + "register/")
    options = page.locator("select[data-filter=status] option").evaluate_all("os => os.map(o => o.value)")
    assert "tidak-layak" in options and "tidak-lolos" in options
    assert options.index("tidak-layak") == options.index("diperiksa") + 1
    page.select_option("select[data-filter=status]", "tidak-layak")
    shown = page.locator("table[data-sortable] tbody tr:not([hidden])")
    assert shown.count() == 4
    assert all("Tidak layak" in t for t in shown.all_inner_texts())
    page.select_option("select[data-filter=status]", "tidak-lolos")
    assert page.locator("table[data-sortable] tbody tr:not([hidden]) .mr-status--tidak-lolos").count() == \
        page.locator("table[data-sortable] tbody tr:not([hidden])").count() > 0


@pytest.mark.parametrize("usulan", ["2024/banjarwaru/01", "2024/denok/01"])
def test_step_4_time_is_the_same_on_the_usulan_and_kinerja_pages(page, site_url, usulan):
    """The forum step's time is its bidang session, measured by kinerja.rentang_langkah:
    the usulan page, the Kinerja page and `musrenbang kinerja` agree."""
    result = Kinerja(Workspace.open(REPO), 2024)
    page.goto(site_url + f"usulan/{usulan}/")
    step = page.locator("ol.mr-timeline li", has_text="Langkah 4:")
    took = step.locator(".mr-took").inner_text()
    bidang = page.locator("table.mr-fields tr", has_text="Bidang").locator("td").inner_text().split(" (")[0]
    ids = {b.nama: key for key, b in Workspace.open(REPO).ref.sop.bidang.items()}
    row = next(r for r in result.rows if r.rujukan == f"2024/musrenbang/{ids[bidang]}")
    from musrenbang.kinerja import _words
    assert took.startswith(f"Selang {_words(row.detik)} (mutu baku 1 jam)")
    assert ("melebihi mutu baku" in took) == row.melebihi
    assert row.detik < 3600 and "melebihi" not in took  # the 2024 sessions took under an hour
    page.goto(site_url + "kinerja/")
    summary = page.locator("section[aria-labelledby='kinerja-2024'] tr[data-langkah='4']").inner_text()
    assert "50 menit" in summary  # the median over the three sessions, as `musrenbang kinerja` says
