"""The forum's documents: the Daftar Usulan Prioritas (T-D.4) and the Berita
Acara as pages and as A4 PDF printed by Debian's Chromium, read back as text."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from musrenbang.errors import MusrenbangError
from musrenbang.site import dokumen
from musrenbang.workspace import Workspace

from .conftest import CASES, REPO, build_register
from .test_site import mkdocs_build

def _browser() -> str | None:
    try:
        return dokumen.cari_peramban()
    except MusrenbangError:
        return None


needs_chromium = pytest.mark.skipif(
    _browser() is None and not os.environ.get("CI"),
    reason="no Chromium-family browser here (CI installs Debian's; `apt-get install chromium`)")


@pytest.fixture
def forum_register(tmp_path) -> Path:
    root = build_register(tmp_path / "register", CASES / "valid/forum-musrenbang")
    shutil.copyfile(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "docs", root / "docs")
    return root


def test_berita_acara_holds_the_record(forum_register):
    html = dokumen.standalone("berita-acara", Workspace.open(forum_register), 2025)
    for text in ("BERITA ACARA", "Nomor: 050/03/427.90/2025", "Senin, 10 Februari 2025", "Pendopo Kecamatan Lumajang",
                 "Drs. Hadi Purnomo, M.Si", "Hadir 1 dari 2 desa/kelurahan", "Kepala desa berhalangan karena banjir.",
                 "Rehabilitasi saluran irigasi Dusun Krajan", "Rp175.000.000", "Usulan yang tidak disepakati",
                 "belum dibagi ke bidang (langkah 3)", "Pimpinan Musrenbang Kecamatan", "Wakil delegasi desa/kelurahan",
                 'class="mr-kop-logo"', "NIP 19700512 199003 1 008"):
        assert text in html, text
    assert "@page { size: A4 portrait" in html and "<link" not in html and "<script" not in html


def test_daftar_prioritas_has_the_t_d4_columns(forum_register):
    html = dokumen.standalone("prioritas", Workspace.open(forum_register), 2025)
    headers = ("No", "Prioritas Daerah", "Sasaran Daerah", "Program Prioritas", "Kegiatan Prioritas",
               "Sasaran Kegiatan", "Lokasi", "Volume", "Pagu", "Perangkat Daerah Penanggung Jawab")
    assert "".join(f"<th>{h}</th>" for h in headers) in html
    assert "Bidang Fisik" in html and "disepakati 1 usulan senilai Rp175.000.000" in html
    assert "@page { size: A4 landscape" in html
    # signed like an official document: the Camat's name with NIP under the signature space
    signature = html[html.index('class="mr-ttd'):]
    assert "Drs. Hadi Purnomo, M.Si" in signature and "NIP 19700512 199003 1 008" in signature
    # the selection rule in a sentence, not its id
    assert "diurutkan menurut nilai rata-rata penilaian delegasi" in html and "aturan seleksi: <strong>" not in html


def test_documents_are_site_pages(forum_register):
    assert mkdocs_build(forum_register).returncode == 0
    site = forum_register / "site"
    assert "Daftar Usulan Prioritas" in (site / "hasil/index.html").read_text()
    assert "BERITA ACARA" in (site / "berita-acara/2025/index.html").read_text()
    assert "Perangkat Daerah Penanggung Jawab" in (site / "prioritas/2025/index.html").read_text()


def test_hostile_text_in_the_forum_is_escaped(forum_register):
    forum = forum_register / "proposals/2025/musrenbang.yaml"
    forum.write_text(forum.read_text().replace("- Usulan bidang fisik dibahas lebih dulu.",
                                               "- '<script>alert(1)</script>'"))
    html = dokumen.standalone("berita-acara", Workspace.open(forum_register), 2025)
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@needs_chromium
def test_pdfs_are_made_without_network_and_read_back(forum_register, tmp_path):
    written = dokumen.write(Workspace.open(forum_register), 2025, tmp_path / "dokumen", pdf=True)
    pdfs = {p.name: p for p in written if p.suffix == ".pdf"}
    assert set(pdfs) == {"berita-acara-2025.pdf", "prioritas-2025.pdf"}
    ba = PdfReader(pdfs["berita-acara-2025.pdf"])
    text = " ".join(page.extract_text() for page in ba.pages)
    for expected in ("BERITA ACARA", "KECAMATAN LUMAJANG", "Rehabilitasi saluran irigasi", "Rp175.000.000",
                     "Pimpinan Musrenbang Kecamatan"):
        assert expected in text, expected
    width, height = float(ba.pages[0].mediabox.width), float(ba.pages[0].mediabox.height)
    assert (round(width), round(height)) == (595, 842)  # A4 portrait, in points
    prioritas = PdfReader(pdfs["prioritas-2025.pdf"]).pages[0]
    assert round(float(prioritas.mediabox.width)) == 842  # A4 landscape
    assert "Kegiatan Prioritas" in prioritas.extract_text()


def test_a_browser_is_found_from_the_option_or_the_list(tmp_path):
    fake = tmp_path / "chrome"
    fake.write_text("#!/bin/sh\n")
    assert dokumen.cari_peramban(str(fake)) == str(fake)
    assert dokumen.cari_peramban(None, ("tidak-ada-peramban-ini", str(fake))) == str(fake)


@pytest.mark.parametrize("jalur, kandidat", [(None, ("tidak-ada-peramban-ini", "/tidak/ada/chrome")),
                                             ("/tidak/ada/msedge", dokumen.PERAMBAN)])
def test_no_browser_says_what_to_install(jalur, kandidat):
    with pytest.raises(MusrenbangError) as error:
        dokumen.cari_peramban(jalur, kandidat)
    message = str(error.value)
    assert "apt install chromium" in message and "Google Chrome" in message and "--peramban" in message


def test_cli_without_a_browser_exits_2_with_the_advice(forum_register, tmp_path):
    import subprocess
    import sys
    result = subprocess.run([sys.executable, "-m", "musrenbang.cli", "dokumen", "2025", "--pdf", "--keluar",
                             str(tmp_path / "out"), "--peramban", str(tmp_path / "tidak-ada")],
                            cwd=forum_register, capture_output=True, text=True)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and "apt install chromium" in result.stderr


@needs_chromium
def test_pdf_pages_are_numbered(forum_register, tmp_path):
    written = dokumen.write(Workspace.open(forum_register), 2025, tmp_path / "dokumen", pdf=True)
    for pdf in (p for p in written if p.suffix == ".pdf"):
        reader = PdfReader(pdf)
        total = len(reader.pages)
        for number, page in enumerate(reader.pages, start=1):
            assert f"Halaman {number} dari {total}" in page.extract_text(), (pdf.name, number)
