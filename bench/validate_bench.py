"""How long `musrenbang validate` and the site build take, on the sample and on
generated registers. Prints one line per measurement (best of N runs).

    .venv/bin/python bench/validate_bench.py [--usulan 5000] [--runs 3] [--site]
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import REPO, generate  # noqa: E402

WORK = REPO / "bench" / "_work"


def best_of(runs: int, command: list[str], cwd: Path) -> tuple[float, int]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    times, code = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        code = subprocess.run(command, cwd=cwd, env=env, capture_output=True).returncode
        times.append(time.perf_counter() - started)
    return min(times), code


def count_files(root: Path) -> int:
    return sum(1 for _ in (root / "proposals").rglob("*.yaml"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--usulan", type=int, nargs="*", default=[5000])
    parser.add_argument("--desa", type=int, default=212)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--site", action="store_true", help="also time mkdocs build")
    args = parser.parse_args()
    validate = [sys.executable, "-m", "musrenbang.cli", "validate"]
    build = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(WORK / "site")]
    print(f"# {time.strftime('%Y-%m-%d')} · {platform.processor() or platform.machine()} · "
          f"{os.cpu_count()} cores · Python {platform.python_version()}")
    targets = [("sample", REPO)]
    for size in args.usulan:
        targets.append((f"{size} usulan / {args.desa} desa", generate(WORK / f"r{size}", size, args.desa)))
    for name, root in targets:
        seconds, code = best_of(args.runs, validate, root)
        files = count_files(root)
        print(f"validate  {name:28s} {files:6d} files  {seconds:6.2f} s  {files / seconds:7.0f} files/s  exit {code}")
        if args.site:
            seconds, code = best_of(1, build, root)
            print(f"mkdocs    {name:28s} {files:6d} files  {seconds:6.2f} s  exit {code}")


if __name__ == "__main__":
    main()
