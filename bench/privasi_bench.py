"""What personal data as age ciphertext costs: validate's privacy rules on a
generated register (its usulan copy the sample's, ciphertexts included), and
encrypting / decrypting one record's private fields (pyrage). In-process, best of N.

    .venv/bin/python bench/privasi_bench.py [--usulan 3000] [--runs 5]
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import REPO, generate  # noqa: E402

from musrenbang import privasi  # noqa: E402
from musrenbang.checks import privasi as rules  # noqa: E402
from musrenbang.checks.context import Context  # noqa: E402
from musrenbang.workspace import Workspace  # noqa: E402

WORK = REPO / "bench" / "_work"
KEYS = REPO / "tests" / "kunci-uji"


def best(runs: int, run) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--usulan", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    root = WORK / f"r{args.usulan}"
    if not root.exists():
        generate(root, args.usulan, 212)
    ws = Workspace.open(root)
    sealed = sum(1 for y in ws.register.tahun.values() for u in y.usulan if privasi.KUNCI in (u.data or {}))
    ctx = Context(ws.ref, ws.register, datetime.now(timezone.utc),
                  {kind: ws.schemas.private_paths(kind) for kind in ("usulan", "berkas")})
    print(f"# {time.strftime('%Y-%m-%d')} · {platform.machine()} · Python {platform.python_version()}")
    for check in rules.CHECKS:
        spent = best(args.runs, lambda: list(check(ctx)))
        print(f"{check.__name__:22} {args.usulan} usulan ({sealed} with ciphertext)  {spent * 1000:7.1f} ms")
    keys = [key for _, key in privasi.reader_keys(ws.ref.sop, ws.ref.petugas)]
    fields = {"pengusul": {"nik": "3508100000000001", "telepon": "0800-1111-2222"}}
    values = []
    spent = best(args.runs, lambda: values.append(privasi.encrypt(fields, keys)))
    print(f"encrypt one record ({len(keys)} readers)        {spent * 1000:7.2f} ms")
    identity = privasi.read_identities((KEYS / "pencatat.txt").read_text("utf-8"), "pencatat")
    spent = best(args.runs, lambda: privasi.decrypt(values[0], identity, "x"))
    print(f"decrypt one record                       {spent * 1000:7.2f} ms")


if __name__ == "__main__":
    main()
