"""The Berita Acara and the Daftar Prioritas printed from the browser look like the
official documents they stand for (issue 11, item 4): A4 (the Daftar Prioritas
landscape), a bold black heading and a kop with a logo slot, headings kept with
what follows, table headers repeated on every page, page numbers, and the Camat's
name with NIP under the signature space. `dokumen --pdf` is tested in
test_dokumen.py."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from .browser import HALAMAN, needs_chromium, open_tab

pytestmark = needs_chromium

A4 = (595, 842)  # points


@pytest.fixture(scope="module")
def tab(browser):
    page = open_tab(browser, {"width": 1366, "height": 768})
    yield page
    page.context.close()


def _print(tab, url: str, target) -> list[str]:
    tab.goto(url)
    tab.emulate_media(media="print")
    tab.pdf(path=str(target), prefer_css_page_size=True, print_background=True)
    reader = PdfReader(target)
    return reader, [page.extract_text() for page in reader.pages]


def _headings(tab, selector: str) -> list[str]:
    return [t.strip() for t in tab.locator(selector).all_inner_texts() if t.strip()]


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip() and not re.match(r"Halaman \d+ dari \d+", line.strip())]
    return lines[-1] if lines else ""


@pytest.fixture(scope="module")
def berita_acara(tab, site_url, tmp_path_factory):
    reader, pages = _print(tab, site_url + HALAMAN["berita-acara"], tmp_path_factory.mktemp("cetak") / "ba.pdf")
    return reader, pages, _headings(tab, ".mr-doc h2, .mr-doc h3")


@pytest.fixture(scope="module")
def prioritas(tab, site_url, tmp_path_factory):
    reader, pages = _print(tab, site_url + HALAMAN["daftar-prioritas"], tmp_path_factory.mktemp("cetak") / "dp.pdf")
    return reader, pages, _headings(tab, ".mr-doc h2")


def test_every_printed_page_is_numbered(berita_acara, prioritas):
    for _, pages, _ in (berita_acara, prioritas):
        assert len(pages) > 1
        for number, text in enumerate(pages, start=1):
            assert f"Halaman {number} dari {len(pages)}" in text


def test_berita_acara_is_a4_portrait_and_the_daftar_prioritas_landscape(berita_acara, prioritas):
    for page in berita_acara[0].pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == A4
    for page in prioritas[0].pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == A4[::-1]


def test_no_heading_is_stranded_at_a_page_foot(berita_acara, prioritas):
    for _, pages, headings in (berita_acara, prioritas):
        assert headings
        for number, text in enumerate(pages[:-1], start=1):
            assert _last_line(text) not in headings, f"page {number} ends with the heading {_last_line(text)!r}"


def test_table_headers_repeat_on_every_page(prioritas):
    _, pages, _ = prioritas
    rows = [text for text in pages if re.search(r"Rp[\d.]{5,}", text)]
    assert len(rows) > 1
    for text in rows:
        assert "Kegiatan" in text and "Pagu" in text


def test_last_page_of_the_berita_acara_is_not_one_stray_row(berita_acara):
    _, pages, _ = berita_acara
    last = pages[-1]
    assert "Wakil delegasi desa/kelurahan" in last  # the signature table stays with its heading
    assert len([line for line in last.splitlines() if line.strip()]) > 4


def test_daftar_prioritas_is_signed_by_the_camat_with_nip(prioritas):
    _, pages, _ = prioritas
    last = pages[-1]
    assert "Pimpinan Musrenbang Kecamatan" in last
    assert "Drs. Hadi Purnomo, M.Si" in last and "NIP 19700512 199003 1 008" in last


def test_printed_heading_is_bold_black_under_a_kop_with_a_logo_slot(tab, site_url):
    for name in ("berita-acara", "daftar-prioritas"):
        tab.goto(site_url + HALAMAN[name])
        tab.emulate_media(media="print")
        weight, color = tab.locator(".mr-doc h1").evaluate(
            "h => [getComputedStyle(h).fontWeight, getComputedStyle(h).color]")
        assert int(weight) >= 700 and color == "rgb(0, 0, 0)", name
        logo = tab.locator(".mr-kop-logo").bounding_box()
        assert logo and logo["width"] > 40 and logo["height"] > 40, name
        assert not tab.locator(".md-header").is_visible() and not tab.locator(".mr-cetak").is_visible()
