"""The real `mkdocs build --strict` on the sample register and on hostile input."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from musrenbang.format import rupiah, tanggal, waktu
from musrenbang.workspace import Workspace

from .conftest import REPO

SITE_SOURCES = ("sop", "proposals", "docs", "mkdocs.yml")


def copy_site_sources(target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for name in SITE_SOURCES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copyfile(source, target / name)
    return target


def mkdocs_build(root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(root / "site")],
                          cwd=root, capture_output=True, text=True, env=env, timeout=300)


@pytest.fixture
def sample_site(built_site) -> Path:
    return built_site  # the session's one build of the sample site (tests/browser.py)


def test_register_lists_every_usulan(sample_site: Path):
    workspace = Workspace.open(REPO)
    usulan = [u for year in workspace.register.tahun.values() for u in year.usulan]
    html = (sample_site / "register/index.html").read_text("utf-8")
    assert html.count("<tr data-tahun=") == len(usulan) > 0
    for item in usulan:
        assert (sample_site / f"usulan/{item.tahun}/{item.desa}/{item.nomor:02d}/index.html").is_file()


def test_usulan_page_shows_fields_and_timeline(sample_site: Path):
    html = (sample_site / "usulan/2025/banjarwaru/03/index.html").read_text("utf-8")
    assert "Pembangunan talud penahan tebing saluran Dusun Sumberan" in html
    assert "Rp123.250.000" in html
    assert "13 Januari 2025 10.37 WIB" in html  # diterima
    assert "Langkah 1: Disposisi Camat" in html and "Langkah 2: Disposisi Kasi" in html
    assert "Langkah 3: Pembagian usulan per bidang" in html and "Pemeriksaan usulan" in html
    assert "melebihi mutu baku" in html  # the Camat took 27 minutes against 5
    assert 'href="https://github.com/kec-lumajang/musrenbang/blob/main/proposals/2025/banjarwaru/03-' in html


def test_interface_is_indonesian(sample_site: Path):
    html = (sample_site / "index.html").read_text("utf-8")
    assert '<html lang="id"' in html
    assert "Buku Register" in html and "Hasil Musrenbang" in html
    assert (sample_site / "berita-acara/2024/index.html").is_file() and (sample_site / "prioritas/2024/index.html").is_file()


def test_private_fields_never_reach_the_site(sample_site: Path):
    from .privasi_uji import private_values
    secrets = private_values(REPO)
    assert secrets, "the sample register should hold personal data to protect"
    for path in sample_site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".js", ".txt", ".csv"):
            text = path.read_text("utf-8", errors="replace")
            leaked = [s for s in secrets if s in text]
            assert not leaked, f"{path} leaks {leaked}"


HOSTILE = '<script>alert(1)</script> [x](javascript:alert(2)) <img src=x onerror=alert(3)>'


def test_hostile_strings_are_escaped_everywhere(tmp_path: Path):
    root = copy_site_sources(tmp_path / "hostile")
    target = next((root / "proposals/2025/banjarwaru").glob("03-*.yaml"))
    text = target.read_text("utf-8")
    text = re.sub(r"^judul: .*$", f"judul: '{HOSTILE}'", text, count=1, flags=re.M)
    text = text.replace("  dusun: Dusun Sumberan", "  dusun: '<b onmouseover=alert(4)>Sumberan</b>'")
    target.write_text(text, "utf-8")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    for path in (root / "site").rglob("*.html"):
        html = path.read_text("utf-8")
        assert "<script>alert" not in html and "<img src=x" not in html and "<b onmouseover" not in html, path
        assert 'href="javascript:' not in html, path
    page = (root / "site/usulan/2025/banjarwaru/03/index.html").read_text("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    index = (root / "site/search/search_index.json").read_text("utf-8")
    assert "<script>alert" not in index and "<img src=x" not in index
    entries = {e["location"]: e for e in json.loads(index)["docs"]}
    usulan = entries["usulan/2025/banjarwaru/03/"]  # the summary, escaped, not the whole page
    assert usulan["text"].startswith("<p>&lt;script&gt;alert(1)&lt;/script&gt;") and "&lt;b onmouseover" in usulan["text"]
    assert "Bidang " in usulan["text"] and "Status: " in usulan["text"] and "Riwayat" not in usulan["text"]
    assert "alert(1)" not in entries["register/"]["text"]  # lists are indexed without their rows


def test_invalid_register_fails_the_strict_build(tmp_path: Path):
    root = copy_site_sources(tmp_path / "broken")
    berkas = root / "proposals/2025/denok/berkas.yaml"
    berkas.write_text(berkas.read_text("utf-8").replace("nomor_agenda: 4", "nomor_agenda: 2"), "utf-8")
    result = mkdocs_build(root)
    assert result.returncode != 0
    assert "berkas.nomor-agenda-ganda" in result.stderr


def test_indonesian_formats():
    assert rupiah(175000000) == "Rp175.000.000"
    assert tanggal("2025-01-13") == "13 Januari 2025"
    assert waktu("2025-01-13T08:30:00+07:00") == "13 Januari 2025 08.30 WIB"
    assert waktu("2025-01-13T01:30:00Z") == "13 Januari 2025 08.30 WIB"


def test_a_symlink_under_docs_is_never_published(tmp_path: Path):
    root = copy_site_sources(tmp_path / "register")
    (root / "docs/konfigurasi.md").symlink_to(root / "mkdocs.yml")
    result = mkdocs_build(root)
    assert result.returncode != 0 and "tautan simbolik" in result.stderr
    assert not (root / "site/konfigurasi/index.html").exists()


def test_the_register_is_read_only_from_the_repository_root(tmp_path: Path):
    root = copy_site_sources(tmp_path / "register")
    text = (root / "mkdocs.yml").read_text("utf-8").replace("  - musrenbang\n", "  - musrenbang:\n      register: tiruan\n")
    (root / "mkdocs.yml").write_text(text, "utf-8")
    result = mkdocs_build(root)
    assert result.returncode != 0 and "register" in result.stderr
