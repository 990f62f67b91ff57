"""The SOP page: the whole SOP document, its table of steps and its flowchart
(inline SVG), built by the real `mkdocs build --strict` from the SOP data."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from musrenbang.site import bagan
from musrenbang.sop import from_data
from musrenbang.yamlio import parse

from .conftest import REPO
from .gitrepo import RegisterRepo
from .test_alur import five_step_sop, install
from .test_site import copy_site_sources, mkdocs_build

SVG = "{http://www.w3.org/2000/svg}"


def _build(root: Path) -> str:
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return (root / "site/sop/index.html").read_text("utf-8")


def _svg(html: str) -> ET.Element:
    """The page's flowchart, parsed as XML (so it must be well-formed)."""
    found = re.findall(r'<svg class="mr-sop-bagan-svg".*?</svg>', html, flags=re.S)
    assert len(found) == 1
    return ET.fromstring(found[0])


def _classes(svg: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in svg.iter() if f"mr-sop-bagan-{name}" in (e.get("class") or "").split()]


def _lane_names(svg: ET.Element) -> list[str]:
    return [" ".join(group.find(f"{SVG}text").itertext()) for group in _classes(svg, "lajur")]


@pytest.fixture
def sample(built_site) -> Path:
    return built_site  # the session's one build of the sample site (tests/browser.py)


@pytest.fixture
def sop_page(sample: Path) -> str:
    return (sample / "sop/index.html").read_text("utf-8")


def test_identity_and_sections(sop_page: str):
    html = sop_page
    assert "<title>SOP Musrenbang Kecamatan" in html
    for text in ("PEMERINTAH KABUPATEN LUMAJANG", "KECAMATAN LUMAJANG", "Jl. Achmad Yani Nomor 9, Lumajang 67316",
                 "Telp. (0334) 881127", "050.11/427/427.90/2023", "29 Oktober 2023",
                 "Dra. DEDWI SUPRAPTO, M.Si", "NIP. 19701218 199101 1 002"):
        assert text in html, text
    assert html.count("<th>Tanggal revisi</th><td>—</td>") == 1
    assert html.count("<th>Tanggal efektif</th><td>—</td>") == 1
    hukum = re.search(r"<th>Dasar Hukum</th>.*?<ol>(.*?)</ol>", html, flags=re.S).group(1)
    assert hukum.count("<li>") == 3
    assert "Undang-Undang Nomor 32 Tahun 2004 tentang Pemerintah Daerah" in hukum
    assert "Undang-Undang Nomor 25 Tahun 2004" in hukum and "Peraturan Pemerintah Nomor 8 Tahun 2008" in hukum
    peralatan = re.search(r"<th>Peralatan/Perlengkapan</th>.*?</tr>\s*<tr><td>.*?</td><td><ol>(.*?)</ol>",
                          html, flags=re.S).group(1)
    assert peralatan.count("<li>") == 5 and "Kendaraan bermotor" in peralatan
    assert "SOP Musyawarah Perencanaan Pembangunan Kabupaten" in html
    assert "Mampu menjalankan komputer" in html
    assert re.search(r"<th>Peringatan</th>.*?<tr><td><p>-</p></td>", html, flags=re.S)
    assert "dicatat dalam buku register." in html


def test_steps_table(sop_page: str):
    table = re.search(r'<table class="mr-sop-langkah">(.*?)</table>', sop_page, flags=re.S).group(1)
    head, body = table.split("<tbody>")
    roles = re.findall(r'<th class="mr-sop-peran">(.*?)</th>', head)
    assert roles == ["Camat", "Kasi", "Pencatat dokumen"]
    for title in ("No", "Kegiatan", "Kelengkapan", "Waktu", "Output", "Ket."):
        assert f">{title}</th>" in head
    rows = re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)
    assert len(rows) == 4
    marks = [[bool(c) for c in re.findall(r'<td class="mr-sop-tanda">(.*?)</td>', row)] for row in rows]
    assert marks == [[True, False, False], [False, True, False], [False, False, True], [True, False, False]]
    assert "<td class=\"mr-sop-waktu\">5 menit</td>" in rows[0]
    assert "<td class=\"mr-sop-waktu\">10 menit</td>" in rows[1]
    assert "<td class=\"mr-sop-waktu\">1 jam</td>" in rows[3]
    assert "Memberi disposisi pada berkas usulan" in rows[0] and "Berkas yang telah lolos seleksi" in rows[3]


def test_flowchart(sop_page: str):
    svg = _svg(sop_page)
    assert svg.get("viewBox") and svg.get("width") == "100%"
    assert _lane_names(svg) == ["Camat", "Kasi", "Pencatat dokumen"]
    boxes = _classes(svg, "proses")
    assert len(boxes) == 4
    texts = ["".join(t.itertext()) for t in _classes(svg, "teks")]
    for name in ("Disposisi Camat", "Disposisi Kasi", "Mulai", "Selesai"):
        assert name in texts
    terminators = _classes(svg, "terminator")
    assert len(terminators) == 2 and all(float(t.get("rx")) > 0 for t in terminators)
    # Mulai and the first step sit in the Camat lane; step 3 in the Pencatat lane.
    lane = lambda e: int((float(e.get("x")) + float(e.get("width")) / 2) // bagan.LAJUR)  # noqa: E731
    assert lane(terminators[0]) == 0 and [lane(b) for b in boxes] == [0, 1, 2, 0]
    assert len(_classes(svg, "keputusan")) == 1
    assert any("layak?" in t for t in texts)
    labels = ["".join(t.itertext()) for t in _classes(svg, "label")]
    assert sorted(labels) == ["tidak", "ya"]
    arrows = _classes(svg, "panah")
    # Mulai→1→2→3→layak?→4→Selesai, and "tidak"→Selesai
    assert len(arrows) == 7 and all(a.get("marker-end") == "url(#mr-sop-mata-panah)" for a in arrows)
    assert svg.find(f"{SVG}defs/{SVG}marker") is not None
    assert "Pemeriksaan usulan oleh pemeriksa bidang (Kasubid Fisik, Kasubid Ekonomi, Kasubid Sosial Budaya)" in sop_page


def test_page_is_in_the_navigation(sample: Path):
    home = (sample / "index.html").read_text("utf-8")
    assert re.search(r'<a href="sop/"[^>]*>\s*SOP\s*</a>', home)


def test_layout_follows_any_sop():
    """In-process: no step is written in the drawing code."""
    sop = from_data(five_step_sop())
    chart = bagan.tata_letak(sop)
    assert [p.nama for p in chart.lajur] == ["Camat", "Kasi", "Pencatat dokumen", "Sekretaris Camat"]
    kinds = [s.jenis for s in chart.simbol]
    assert kinds == ["terminator", "proses", "proses", "proses", "proses", "keputusan", "proses", "terminator"]
    assert chart.simbol[0].lajur == chart.simbol[1].lajur == 3  # Mulai in the Sekcam lane
    data = five_step_sop()
    for step in data["langkah"]:
        step.pop("tindak_lanjut", None)
    chart = bagan.tata_letak(from_data(data))
    assert "keputusan" not in [s.jenis for s in chart.simbol] and chart.lebar == 4 * bagan.LAJUR


def test_five_step_sop_changes_the_page(tmp_path, ssh_keys):
    repo = RegisterRepo(tmp_path / "five", ssh_keys)
    install(repo)
    shutil.copyfile(REPO / "mkdocs.yml", repo.path / "mkdocs.yml")
    shutil.copytree(REPO / "docs", repo.path / "docs")
    html = _build(repo.path)
    svg = _svg(html)
    assert len(_classes(svg, "proses")) == 5
    assert _lane_names(svg) == ["Camat", "Kasi", "Pencatat dokumen", "Sekretaris Camat"]
    assert '<th class="mr-sop-peran">Sekretaris Camat</th>' in html
    assert "Agenda Sekcam" in ["".join(t.itertext()) for t in _classes(svg, "teks")]
    assert "15 menit" in html and "Lembar agenda" in html


HOSTILE = "<script>alert(1)</script>"


def test_hostile_sop_text_is_escaped(tmp_path):
    root = copy_site_sources(tmp_path / "hostile")
    path = root / "sop/musrenbang-kecamatan.yaml"
    data = parse(path.read_text("utf-8")).data
    data["langkah"][0]["kegiatan"] = HOSTILE
    data["langkah"][0]["nama"] = '<b onmouseover="alert(2)">Disposisi</b> & "x"'
    data["peran"][0]["nama"] = "<img src=x onerror=alert(3)>"
    data["identitas"]["nomor"] = "</table><script>alert(4)</script>"
    data["peralatan_perlengkapan"][0] = "<iframe src=javascript:alert(5)>"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    html = _build(root)
    assert "<script>alert" not in html and "<img src=x" not in html and "<b onmouseover" not in html
    assert "<iframe" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    svg = _svg(html)  # still well-formed XML
    texts = " ".join("".join(t.itertext()) for t in _classes(svg, "teks"))
    assert "<b" in texts and "Disposisi</b> &" in texts  # shown as text, not markup
    assert _lane_names(svg)[0] == "<img src=x onerror=alert(3)>"
    index = (root / "site/search/search_index.json").read_text("utf-8")
    assert "<script>alert" not in index and "<img src=x" not in index
