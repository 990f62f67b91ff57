"""How long `musrenbang seleksi` takes for a kabupaten-sized year: 3,000 usulan
from 212 desa, all classified and examined layak, three assessors scoring every
usulan on every criterion, each delegation approving its own usulan and ten
others. Prints the time of each rule (whole process, best of N).

    .venv/bin/python bench/seleksi_bench.py [--usulan 3000] [--desa 212] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import subprocess
import sys
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import REPO, _unclassified, generate  # noqa: E402

WORK = REPO / "bench" / "_work"
EXAMINER = {"fisik": "kasubid-fisik", "ekonomi": "kasubid-ekonomi", "sosial-budaya": "kasubid-sosbud"}


def examined(path: Path) -> None:
    text = _unclassified(path.read_text("utf-8"))
    bidang = re.search(r"^usulan_bidang: (\S+)", text, re.M).group(1)
    text = text.rstrip("\n") + (f"\nklasifikasi:\n  bidang: {bidang}\n  oleh: pencatat\n  kepada: {EXAMINER[bidang]}\n"
                                f"pemeriksaan:\n  hasil: layak\n  oleh: {EXAMINER[bidang]}\n  catatan: Layak\n")
    path.write_text(text, "utf-8")


def build(size: int, desa: int) -> Path:
    root = generate(WORK / f"seleksi{size}", size, desa)
    rng = random.Random(2024)
    refs = []
    for folder in sorted((root / "proposals/2025").iterdir()):
        berkas = folder / "berkas.yaml"
        text = re.split(r"^disposisi:", berkas.read_text(), flags=re.M)[0]
        berkas.write_text(text + "disposisi:\n  - {langkah: 1, oleh: camat, kepada: kasi, isi: Pelajari}\n"
                                 "  - {langkah: 2, oleh: kasi-pembangunan, kepada: pencatat, isi: Teruskan}\n")
        for path in sorted(folder.glob("[0-9][0-9]-*.yaml")):
            examined(path)
            refs.append(f"{folder.name}/{path.name[:2]}")
    criteria = ["urgensi", "manfaat", "keselarasan", "kesiapan", "kewajaran-biaya"]
    forum = {
        "tahun": 2025, "tanggal": "2025-02-20", "tempat": "Pendopo Kabupaten", "pimpinan": "camat",
        "pagu": {"fisik": 60_000_000_000, "ekonomi": 8_000_000_000, "sosial-budaya": 6_000_000_000},
        "penilaian": [{"usulan": ref, "penilai": f"Tim {n}", "skor": {c: rng.randint(1, 5) for c in criteria}}
                      for ref in refs for n in (1, 2, 3)],
        "persetujuan": {d: sorted({r for r in refs if r.startswith(d + "/")} | set(rng.sample(refs, 10)))
                        for d in sorted({r.split("/")[0] for r in refs})},
    }
    (root / "proposals/2025/musrenbang.yaml").write_text(yaml.safe_dump(forum, allow_unicode=True, sort_keys=False))
    return root


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--usulan", type=int, default=3000)
    parser.add_argument("--desa", type=int, default=212)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    root = build(args.usulan, args.desa)
    print(f"# {time.strftime('%Y-%m-%d')} · {platform.machine()} · {os.cpu_count()} cores · Python {platform.python_version()}")
    for rule in ("skor", "equal-shares"):
        best, code, tail = float("inf"), 0, ""
        for _ in range(args.runs):
            started = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "musrenbang.cli", "seleksi", "2025", "--aturan", rule],
                                  cwd=root, capture_output=True, text=True)
            best = min(best, time.perf_counter() - started)
            code, tail = done.returncode, (done.stderr.strip().splitlines() or [""])[-1]
        passed = done.stdout.count("LOLOS ")
        print(f"seleksi --aturan {rule:12s} {args.usulan} usulan, {args.desa} desa   {best:7.2f} s  exit {code}  "
              f"{passed} lolos {tail}")


if __name__ == "__main__":
    main()
