"""gitio's own object reading (one long-lived `cat-file --batch`, no GitPython),
against git's own answers in a real repository."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from musrenbang.errors import MusrenbangError
from musrenbang.gitio import Repository

from .gitrepo import SAFE_ENV

NAMES = ["proposals/2025/denok/berkas.yaml", "a b/spasi.yaml", "baris\nbaru.yaml", "ü/ümlaut.yaml"]


def git(path: Path, *args: str) -> bytes:
    return subprocess.run(["git", *args], cwd=path, capture_output=True, check=True, env=SAFE_ENV).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    for number, name in enumerate(NAMES):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(f"isi: {number}\n".encode() * (number + 1))
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "-c", "user.name=u", "-c", "user.email=u@x", "commit", "-q", "-m", "awal")
    return root


def test_reads_what_git_reads(repo: Path):
    repository = Repository(repo)
    for name in NAMES:
        blob_id, content = repository.read("HEAD", name)
        assert content == (repo / name).read_bytes()
        assert blob_id == git(repo, "rev-parse", f"HEAD:{name}").decode().strip()
        assert repository.blob(blob_id) == content
    assert repository.read("HEAD", "tidak/ada.yaml") is None
    assert repository.read("HEAD", "proposals") is None  # a tree is not a blob
    assert repository.blob("0" * 40) is None
    tree = repository.tree("HEAD", "proposals")
    assert list(tree) == ["proposals/2025/denok/berkas.yaml"]
    mode, kind, sha = tree["proposals/2025/denok/berkas.yaml"]
    assert (mode, kind) == ("100644", "blob")
    assert repository.contents([sha]) == {sha: (repo / NAMES[0]).read_bytes()}
    repository.close()


def test_not_a_register_repository(repo: Path, tmp_path: Path):
    with pytest.raises(MusrenbangError, match="bukan repositori git"):
        Repository(repo / "proposals")  # a folder inside a repository
    (tmp_path / "kosong").mkdir()
    with pytest.raises(MusrenbangError, match="bukan repositori git"):
        Repository(tmp_path / "kosong")
    with pytest.raises(MusrenbangError, match="bukan repositori git"):
        Repository(tmp_path / "tidak-ada")
