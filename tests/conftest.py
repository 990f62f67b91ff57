"""Shared fixtures: registers made in tmp dirs from the repository's own sop/."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
CASES = Path(__file__).parent / "cases"


def build_register(target: Path, case: Path | None = None) -> Path:
    """The base register (tests/cases/base + sop/), with a case's files laid over it."""
    shutil.copytree(REPO / "sop", target / "sop")
    shutil.copytree(REPO / "proposals" / "_templat", target / "proposals" / "_templat")
    shutil.copytree(CASES / "base", target, dirs_exist_ok=True)
    if case is None:
        return target
    spec = expected(case)
    for source in case.rglob("*"):
        if source.is_file() and source.name != "expected.yaml":
            destination = target / source.relative_to(case)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)
    for path in spec.get("hapus", []):
        victim = target / path
        shutil.rmtree(victim) if victim.is_dir() else victim.unlink()
    for link, points_to in (spec.get("tautan") or {}).items():
        os.symlink(points_to, target / link)
    for path, size in (spec.get("besar") or {}).items():
        (target / path).write_text("catatan: " + "x" * size + "\n", encoding="utf-8")
    return target


def expected(case: Path) -> dict:
    return yaml.safe_load((case / "expected.yaml").read_text("utf-8")) or {}


@pytest.fixture
def register(tmp_path: Path) -> Path:
    return build_register(tmp_path / "register")


@pytest.fixture(scope="session", autouse=True)
def cache_home_of_the_session(tmp_path_factory):
    """Registers outside git keep their cache under $XDG_CACHE_HOME: the tests'
    go to a folder of this session, not the user's ~/.cache."""
    previous = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
    yield
    if previous is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = previous


@pytest.fixture(scope="session")
def ssh_keys(tmp_path_factory):
    from .gitrepo import make_keys
    return make_keys(tmp_path_factory.mktemp("keys"))


@pytest.fixture
def repo(tmp_path, ssh_keys):
    from .gitrepo import RegisterRepo
    return RegisterRepo(tmp_path / "register", ssh_keys)


from .browser import browser, built_site, page, site_url  # noqa: E402,F401  (browser-test fixtures)
