"""Plain language on the public site (issue 11, item 6): durations in words, the
selection rule in a sentence, the latest changes as what happened to which
proposal, and nothing in English where a citizen reads (the theme's footer included).
The Panduan (the staff's guide) and the Ajukan form's help quote the forge's own
English button labels and terms, and are left out of the check."""

from __future__ import annotations

import html as htmllib
import re
from pathlib import Path

import pytest

ENGLISH = re.compile(r"\b(Made with|Material for MkDocs|MkDocs|Previous|Next|Search|Table of contents|Back to top|"
                     r"Skip to content|Copy to clipboard|commit|rule|score)\b", re.I)
# Guides for staff and desa operators that name the forge's own (English) buttons and terms.
PANDUAN_FORGE = ("panduan", "ajukan")


def _visible(path: Path) -> str:
    text = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", path.read_text("utf-8"), flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"\s+", " ", htmllib.unescape(text))


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("index.html") if not any(p.is_relative_to(site / f) for f in PANDUAN_FORGE))


def test_no_english_where_a_citizen_reads(built_site):
    pages = _pages(built_site)
    assert len(pages) > 150  # every usulan page too
    found = {str(p.relative_to(built_site)): sorted({m.group(0) for m in ENGLISH.finditer(_visible(p))})
             for p in pages}
    assert {k: v for k, v in found.items() if v} == {}


def test_the_check_catches_the_theme_footer(tmp_path):
    page = tmp_path / "index.html"
    page.write_text('<footer><div class="md-copyright">Made with <a href="#">Material for MkDocs</a></div></footer>')
    assert ENGLISH.search(_visible(page))


def test_panduan_gives_mutu_baku_in_words(built_site):
    text = _visible(built_site / "panduan/index.html")
    assert not re.search(r"\bP(T\d+[HMS])+\b|\bP\d+D\b", text)
    for words in ("mutu baku waktu 5 menit", "mutu baku waktu 10 menit", "mutu baku waktu 1 jam"):
        assert words in text


def test_hasil_explains_the_rule_and_asks_no_command(built_site):
    text = _visible(built_site / "hasil/index.html")
    assert "musrenbang seleksi" not in text and "aturan: skor" not in text
    assert "diurutkan menurut nilai rata-rata penilaian delegasi" in text
    assert "setiap desa/kelurahan mendapat lebih dulu satu usulan terbaiknya" in text


@pytest.mark.parametrize("path", ["prioritas/2024/index.html", "berita-acara/2024/index.html"])
def test_documents_ask_no_command(built_site, path):
    text = _visible(built_site / path)
    assert "musrenbang dokumen" not in text and "Cetak pada menu peramban" in text
