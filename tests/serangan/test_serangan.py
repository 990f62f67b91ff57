"""Every attack in `kasus/` is refused: the real CLI, a real repository, real
signatures. See README.md for the case format."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from ..gitrepo import SAFE_ENV, RegisterRepo

KASUS = Path(__file__).parent / "kasus"
CASES = sorted(p.parent for p in KASUS.glob("*/serangan.yaml"))


@pytest.fixture(scope="module")
def stranger(tmp_path_factory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("asing")
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "asing", "-f", str(folder / "asing")],
                   check=True)
    return folder / "asing", (folder / "asing.pub").read_text().strip()


def commit_step(repo: RegisterRepo, step: dict, stranger: tuple[Path, str]) -> None:
    env = {**SAFE_ENV, "BASE": getattr(repo, "base", ""), "PYTHON": sys.executable,
           **{f"KEY_{pid.replace('-', '_')}": str(key) for pid, (key, _) in repo.keys.items()}}
    for relpath, text in (step.get("tulis") or {}).items():
        repo.write(relpath, text)
    for relpath, text in (step.get("tambah") or {}).items():
        repo.append(relpath, text)
    for relpath, old, new in step.get("ganti") or []:
        repo.replace(relpath, old, new)
    for relpath in step.get("hapus") or []:
        (repo.path / relpath).unlink()
    for relpath, target in (step.get("tautan") or {}).items():
        (repo.path / relpath).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, repo.path / relpath)
    for pid, role in (step.get("peran_untuk") or {}).items():
        next(p for p in repo.people["petugas"] if p["id"] == pid)["peran"].append(role)
        repo.write_yaml("sop/petugas.yaml", repo.people)
    if step.get("kunci_asing_untuk"):
        person = next(p for p in repo.people["petugas"] if p["id"] == step["kunci_asing_untuk"])
        person["kunci"] = list(person.get("kunci") or []) + [stranger[1]]
        repo.write_yaml("sop/petugas.yaml", repo.people)
    if step.get("shell"):
        subprocess.run(["bash", "-e", "-c", step["shell"]], cwd=repo.path, check=True, env=env)
    if step.get("commit", True):
        _commit(repo, step, stranger)


def _commit(repo: RegisterRepo, step: dict, stranger: tuple[Path, str]) -> None:
    who = step.get("oleh", "orang-asing")
    key = stranger[0] if who == "orang-asing" else repo.keys[who][0]
    name = step.get("nama", who)
    email = step.get("email", "asing@contoh.invalid" if who == "orang-asing" else repo.email(who))
    options = ["-c", f"user.name={name}", "-c", f"user.email={email}"]
    if step.get("tanda_tangan", True):
        options += ["-c", "gpg.format=ssh", "-c", f"user.signingkey={key}", "-c", "commit.gpgsign=true"]
    message = step.get("pesan", "Perubahan").encode("utf-8", "surrogateescape")
    subprocess.run(["git", "add", "-A"], cwd=repo.path, check=True, env=SAFE_ENV)
    subprocess.run(["git", *options, "commit", "-q", "--allow-empty", "--cleanup=verbatim", "-F", "-"],
                   cwd=repo.path, input=message, check=True, env=SAFE_ENV, capture_output=True)


def run_cli(repo: RegisterRepo, case: dict, tmp_path: Path) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "musrenbang.cli", case.get("perintah", "check"), "--format", "json"]
    if command[3] == "check":
        command += ["--base", repo.base]
    if "peristiwa" in case:
        event = json.dumps(case["peristiwa"]).replace("{HEAD}", repo.rev("HEAD")).replace("{BASE}", repo.base)
        (tmp_path / "event.json").write_text(event)
        command += ["--event", str(tmp_path / "event.json")]
    return subprocess.run(command, cwd=repo.path, capture_output=True, text=True, env=SAFE_ENV)


@pytest.mark.parametrize("folder", CASES, ids=[c.name for c in CASES])
def test_attack_is_refused(folder, tmp_path, ssh_keys, stranger):
    case = yaml.safe_load((folder / "serangan.yaml").read_text("utf-8"))
    repo = RegisterRepo(tmp_path / "register", ssh_keys, verifikasi=case.get("verifikasi", "ketat"))
    for step in case.get("persiapan") or []:
        commit_step(repo, step, stranger)
    repo.base = repo.rev("HEAD")
    for step in case["serangan"]:
        commit_step(repo, step, stranger)
    result = run_cli(repo, case, tmp_path)
    expected = case["harapan"]
    assert result.returncode == expected.get("keluar", 1), result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "kesalahan internal" not in result.stderr
    if expected.get("pesan"):
        assert expected["pesan"] in result.stderr
    if result.returncode == 2:
        return
    findings = json.loads(result.stdout)
    errors = [f for f in findings if f["tingkat"] == "galat"]
    reported = {f["rule"] for f in errors}
    assert set(expected["aturan"]) <= reported, json.dumps(findings, indent=1, ensure_ascii=False)
    warned = {f["rule"] for f in findings if f["tingkat"] == "peringatan"}
    assert set(expected.get("peringatan", [])) <= warned, json.dumps(findings, indent=1, ensure_ascii=False)
    for finding in findings:
        assert finding["message"].startswith("commit "), finding


def test_every_case_names_its_class_and_expectation():
    assert len(CASES) >= 30
    for folder in CASES:
        case = yaml.safe_load((folder / "serangan.yaml").read_text("utf-8"))
        assert case.get("kelas") and case.get("judul") and case.get("harapan"), folder.name
