"""`make serve` on a fresh clone, to the first page: time and venv size.

    python3 bench/serve_bench.py [--rev REV] [--port 8765]

Clones this repository at REV (default HEAD) into a temporary folder, runs the
Makefile's install step (`make .venv/.installed`, what `make serve` runs first),
then `mkdocs serve` on a free address as `make serve` does, and waits for the
first page to answer. Prints the install time, the time to the first page and
the venv's size. pip's own cache is left as it is (say which in the report).
"""
from __future__ import annotations

import argparse
import os
import signal
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def size_mb(path: Path) -> float:
    total = 0
    for base, _dirs, files in os.walk(path):
        for name in files:
            file = Path(base, name)
            if not file.is_symlink():
                total += file.stat().st_size
    return total / 2**20


def wait_for(url: str, process: subprocess.Popen, limit: float = 600) -> None:
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if process.poll() is not None:
            raise SystemExit(f"mkdocs serve stopped with code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("no first page within the limit")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rev", default="HEAD")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="serve-bench-") as tmp:
        clone = Path(tmp, "register")
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
        subprocess.run(["git", "-C", str(clone), "checkout", "--quiet", args.rev], check=True)
        start = time.monotonic()
        subprocess.run(["make", ".venv/.installed"], cwd=clone, check=True, stdout=subprocess.DEVNULL)
        installed = time.monotonic()
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        server = subprocess.Popen([str(clone / ".venv/bin/mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{args.port}"],
                                  cwd=clone, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                  start_new_session=True)
        try:
            wait_for(f"http://127.0.0.1:{args.port}/", server)
            first_page = time.monotonic()
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait()
        print(f"rev {args.rev}: install {installed - start:.1f} s, first page after {first_page - start:.1f} s, "
              f"venv {size_mb(clone / '.venv'):.0f} MB")


if __name__ == "__main__":
    main()
