"""Real git repositories of a register, with commits signed by real SSH keys."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from .conftest import build_register

PETUGAS_WITH_KEYS = ("camat", "kasi-pembangunan", "pencatat", "kasubid-fisik", "kasubid-ekonomi",
                     "operator-banjarwaru", "operator-denok")
SAFE_ENV = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}


def make_keys(folder: Path) -> dict[str, tuple[Path, str]]:
    """One ed25519 key per petugas id: (private key path, public key line)."""
    folder.mkdir(parents=True, exist_ok=True)
    keys = {}
    for pid in PETUGAS_WITH_KEYS:
        private = folder / pid
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", pid, "-f", str(private)], check=True)
        keys[pid] = (private, (folder / f"{pid}.pub").read_text().strip())
    return keys


class RegisterRepo:
    def __init__(self, path: Path, keys: dict[str, tuple[Path, str]], verifikasi: str = "ketat"):
        self.path = build_register(path)
        self.keys = keys
        self.people = yaml.safe_load((self.path / "sop/petugas.yaml").read_text("utf-8"))
        for person in self.people["petugas"]:
            if person["id"] in keys:
                person["kunci"] = [keys[person["id"]][1]]
        self.write_yaml("sop/petugas.yaml", self.people)
        if verifikasi != "ketat":
            self.replace("sop/musrenbang-kecamatan.yaml", "verifikasi: ketat", f"verifikasi: {verifikasi}")
        self.git("init", "-q", "-b", "main")
        self.commit("Impor register kertas\n\nImpor: buku register kertas 2025", as_="pencatat")
        self.base = self.rev("HEAD")

    def git(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(["git", *args], cwd=self.path, capture_output=True, text=True, check=check, env=SAFE_ENV)

    def rev(self, name: str) -> str:
        return self.git("rev-parse", name).stdout.strip()

    def email(self, pid: str) -> str:
        return next(p["email"] for p in self.people["petugas"] if p["id"] == pid)

    def commit(self, message: str, as_: str, sign: bool = True) -> str:
        """Commit everything as petugas `as_` (author name/e-mail), signed with their key."""
        self.git("add", "-A")
        options = ["-c", f"user.name={as_}", "-c", f"user.email={self.email(as_)}"]
        if sign:
            options += ["-c", "gpg.format=ssh", "-c", f"user.signingkey={self.keys[as_][0]}"]
        self.git(*options, "commit", "-q", "--allow-empty", *(["-S"] if sign else []), "-m", message)
        return self.rev("HEAD")

    def read(self, relpath: str) -> str:
        return (self.path / relpath).read_text("utf-8")

    def write(self, relpath: str, text: str) -> None:
        target = self.path / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8")

    def write_yaml(self, relpath: str, data: dict) -> None:
        self.write(relpath, yaml.safe_dump(data, allow_unicode=True, sort_keys=False))

    def replace(self, relpath: str, old: str, new: str) -> None:
        text = self.read(relpath)
        assert old in text, f"{old!r} not in {relpath}"
        self.write(relpath, text.replace(old, new, 1))

    def append(self, relpath: str, text: str) -> None:
        self.write(relpath, self.read(relpath) + text)


def cli(repo: RegisterRepo, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "musrenbang.cli", *args], cwd=repo.path,
                          capture_output=True, text=True, env=SAFE_ENV)


def sign_as(repo: RegisterRepo, pid: str) -> None:
    """Set the repository up as the petugas would: their e-mail and signing key."""
    for key, value in (("user.name", pid), ("user.email", repo.email(pid)), ("gpg.format", "ssh"),
                       ("user.signingkey", str(repo.keys[pid][0])), ("commit.gpgsign", "true")):
        repo.git("config", key, value)
