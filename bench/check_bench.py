"""How long `musrenbang check` takes on a 30-commit range of a repository with
5,000 usulan (and `audit` over its whole history), with real SSH-signed commits.

    .venv/bin/python bench/check_bench.py [--usulan 5000] [--commits 30] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import REPO, generate  # noqa: E402

WORK = REPO / "bench" / "_work"
ENV = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True, env=ENV).stdout


def keys(root: Path, people: list[str]) -> dict[str, tuple[Path, str]]:
    folder = root.parent / f"{root.name}-keys"
    folder.mkdir(exist_ok=True)
    result = {}
    for pid in people:
        private = folder / pid
        if not private.exists():
            subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(private)], check=True)
        result[pid] = (private, (folder / f"{pid}.pub").read_text().strip())
    return result


def commit_as(root: Path, pid: str, key: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "-c", f"user.name={pid}", "-c", f"user.email={pid}@kec-lumajang.example", "-c", "gpg.format=ssh",
        "-c", f"user.signingkey={key}", "commit", "-q", "-S", "-m", message)


def build(size: int, desa: int, commits: int) -> tuple[Path, str]:
    root = generate(WORK / f"check{size}", size, desa)
    signers = keys(root, ["camat", "kasi-pembangunan", "pencatat"])
    petugas_path = root / "sop/petugas.yaml"
    people = yaml.safe_load(petugas_path.read_text("utf-8"))
    for person in people["petugas"]:
        if person["id"] in signers:
            person["kunci"] = [signers[person["id"]][1]]
    petugas_path.write_text(yaml.safe_dump(people, allow_unicode=True, sort_keys=False), "utf-8")
    git(root, "init", "-q", "-b", "main")
    commit_as(root, "pencatat", signers["pencatat"][0], "Impor register\n\nImpor: data uji")
    base = git(root, "rev-parse", "HEAD").strip()
    waiting = sorted((root / "proposals/2025").glob("*/berkas.yaml"))
    waiting = [p for p in waiting if "disposisi:" not in p.read_text()]
    for index in range(commits):
        berkas = waiting[index // 2]
        if index % 2 == 0:
            text = "disposisi:\n  - langkah: 1\n    oleh: camat\n    kepada: kasi\n    isi: Pelajari\n"
            who = "camat"
        else:
            text = "  - langkah: 2\n    oleh: kasi-pembangunan\n    kepada: pencatat\n    isi: Teruskan\n"
            who = "kasi-pembangunan"
        berkas.write_text(berkas.read_text() + text)
        commit_as(root, who, signers[who][0], f"Langkah {1 + index % 2} {berkas.parent.name}")
    return root, base


def timed(command: list[str], cwd: Path, runs: int) -> tuple[float, int, str]:
    best, code, out = float("inf"), 0, ""
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=ENV)
        best = min(best, time.perf_counter() - started)
        code, out = done.returncode, done.stdout
    return best, code, out.strip().splitlines()[-1] if out.strip() else ""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--usulan", type=int, default=5000)
    parser.add_argument("--desa", type=int, default=212)
    parser.add_argument("--commits", type=int, default=30)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    root, base = build(args.usulan, args.desa, args.commits)
    cli = [sys.executable, "-m", "musrenbang.cli"]
    print(f"# {time.strftime('%Y-%m-%d')} · {platform.machine()} · {os.cpu_count()} cores · Python {platform.python_version()}")
    seconds, code, last = timed(cli + ["check", "--base", base], root, args.runs)
    print(f"check  {args.commits} commits, {args.usulan} usulan   {seconds:6.2f} s  exit {code}  ({last})")
    seconds, code, last = timed(cli + ["audit"], root, args.runs)
    print(f"audit  {args.commits + 1} commits, {args.usulan} usulan   {seconds:6.2f} s  exit {code}  ({last})")
    seconds, code, last = timed(cli + ["kinerja"], root, args.runs)
    print(f"kinerja {args.usulan} usulan                 {seconds:6.2f} s  exit {code}")


if __name__ == "__main__":
    main()
