"""`musrenbang dokumen` writes a `dokumen/` folder that git ignores, in this
repository and in every register `init` makes (issue 12)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import REPO
from .gitrepo import SAFE_ENV
from .test_site import copy_site_sources


def _untracked(root: Path) -> list[str]:
    done = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=root,
                          capture_output=True, text=True, check=True, env=SAFE_ENV)
    return done.stdout.splitlines()


def test_the_documents_written_by_default_are_not_offered_to_git(tmp_path: Path):
    root = copy_site_sources(tmp_path / "r")
    shutil.copyfile(REPO / ".gitignore", root / ".gitignore")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True, env=SAFE_ENV)
    before = _untracked(root)
    result = subprocess.run([sys.executable, "-m", "musrenbang.cli", "dokumen", "2024"], cwd=root,
                            capture_output=True, text=True, env=SAFE_ENV, timeout=300)
    assert result.returncode == 0, result.stderr
    assert any((root / "dokumen").iterdir())
    assert _untracked(root) == before


def test_a_new_register_ignores_dokumen_too(tmp_path: Path):
    target = tmp_path / "sukodono"
    result = subprocess.run([sys.executable, "-m", "musrenbang.cli", "init", str(target), "--kecamatan", "Sukodono",
                             "--kode", "35.08.11"], cwd=tmp_path, capture_output=True, text=True, env=SAFE_ENV)
    assert result.returncode == 0, result.stderr
    subprocess.run(["git", "init", "-q"], cwd=target, check=True, env=SAFE_ENV)
    (target / "dokumen").mkdir()
    (target / "dokumen/berita-acara-2026.html").write_text("<html></html>", "utf-8")
    assert not any("dokumen/" in line for line in _untracked(target))
