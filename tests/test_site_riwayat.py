"""The site reads the register's git history in one pass: each timeline entry
links to the commit that recorded it, a step whose `waktu` was left out shows
the commit time, and a shallow clone is said to be one."""

from __future__ import annotations

import shutil
import subprocess

from musrenbang import jejak

from .conftest import REPO
from .gitrepo import SAFE_ENV, RegisterRepo
from .test_site import mkdocs_build

DENOK = "proposals/2025/denok/berkas.yaml"


def site_repo(tmp_path, ssh_keys) -> RegisterRepo:
    repo = RegisterRepo(tmp_path / "register", ssh_keys)
    shutil.copyfile(REPO / "mkdocs.yml", repo.path / "mkdocs.yml")
    shutil.copytree(REPO / "docs", repo.path / "docs")
    repo.commit("Situs\n\nImpor: konfigurasi situs", as_="pencatat")
    repo.append(DENOK, "disposisi:\n  - langkah: 1\n    oleh: camat\n    kepada: kasi\n    isi: Pelajari\n")
    repo.commit("Disposisi Camat lewat web", as_="camat")
    return repo


def test_timeline_links_each_step_to_its_commit_and_uses_commit_time(tmp_path, ssh_keys):
    repo = site_repo(tmp_path, ssh_keys)
    step = repo.rev("HEAD")
    when = repo.git("log", "-1", "--format=%cI").stdout.strip()
    assert mkdocs_build(repo.path).returncode == 0
    html = (repo.path / "site/usulan/2025/denok/01/index.html").read_text()
    assert f'/commit/{step}">perubahan {step[:8]} di repositori</a>' in html
    assert "waktu belum dicatat" not in html.split("Langkah 1: Disposisi Camat")[0].rsplit("<li", 1)[-1]
    trail = jejak.read(repo.path)
    assert trail.commit(DENOK, "disposisi:1").sha == step
    assert trail.commit(DENOK, "disposisi:1").committer_time.isoformat() == when
    assert trail.terakhir(1)[0]["sha"] == step and DENOK in trail.terakhir(1)[0]["berkas"]


def test_a_shallow_clone_is_said_to_be_one(tmp_path, ssh_keys):
    repo = site_repo(tmp_path, ssh_keys)
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.path}", str(shallow)], check=True, env=SAFE_ENV)
    trail = jejak.read(shallow)
    assert trail.first == {} and "dangkal" in trail.catatan
    result = mkdocs_build(shallow)
    assert result.returncode != 0 and "dangkal" in result.stderr  # --strict: do not publish half a history
