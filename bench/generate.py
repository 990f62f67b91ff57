"""Generate a large register for benchmarks from the sample register's own files.

    python bench/generate.py DEST --usulan 5000 --desa 212

The SOP, schemas, petugas and kriteria are the repository's; wilayah.yaml gets
DESA synthetic desa (more when needed: a desa numbers its usulan with two
digits, so no desa gets more than 99); usulan are the sample's usulan cycled,
each berkas at a stage taken in turn (submitted, step 1, step 2, classified), or
all at one stage (`tahap`).
"""

from __future__ import annotations

import argparse
import itertools
import re
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE_YEAR = REPO / "proposals" / "2025"
MAX_PER_DESA = 99  # `nn-` is two digits


def desa_needed(usulan: int, desa: int) -> int:
    """At least `desa`, and enough that none holds more than 99 usulan."""
    return max(desa, -(-usulan // MAX_PER_DESA))


def _wilayah(count: int) -> str:
    lines = ['kecamatan: {kode: "35.08.10", nama: Lumajang}', "desa:"]
    for i in range(1, count + 1):
        lines.append(f'  - {{kode: "35.08.10.{3000 + i}", nama: Desa Uji {i}, jenis: desa, slug: desa-uji-{i}}}')
    return "\n".join(lines) + "\n"


def _berkas(slug: str, number: int, stage: int) -> str:
    day = 13 + (number % 12)
    text = (f"desa: {slug}\nnomor_agenda: {number}\nditerima: 2025-01-{day:02d}T08:30:00+07:00\n"
            f"surat:\n  nomor: 414.2/{number}/427.90/2025\n  tanggal: 2025-01-10\n")
    steps = [("1", "camat", "kasi", "08:34"), ("2", "kasi-pembangunan", "pencatat", "08:40")][:stage]
    if steps:
        text += "disposisi:\n" + "".join(
            f"  - langkah: {n}\n    oleh: {who}\n    kepada: {to}\n    isi: Tindak lanjuti\n"
            f"    waktu: 2025-01-{day:02d}T{hm}:00+07:00\n" for n, who, to, hm in steps)
    return text


def _unclassified(text: str) -> str:
    return re.split(r"^(?:klasifikasi|pemeriksaan):", text, flags=re.M)[0]


def _classified(text: str, day: int) -> str:
    bidang = re.search(r"^usulan_bidang: (\S+)", text, re.M).group(1)
    examiner = {"fisik": "kasubid-fisik", "ekonomi": "kasubid-ekonomi", "sosial-budaya": "kasubid-sosbud"}[bidang]
    return (_unclassified(text).rstrip("\n") + f"\nklasifikasi:\n  bidang: {bidang}\n  oleh: pencatat\n"
            f"  kepada: {examiner}\n  waktu: 2025-01-{day:02d}T08:45:00+07:00\n")


def generate(dest: Path, usulan: int, desa: int, tahap: int | None = None) -> Path:
    desa = desa_needed(usulan, desa)
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(REPO / "sop", dest / "sop")
    (dest / "sop" / "wilayah.yaml").write_text(_wilayah(desa), "utf-8")
    petugas = (dest / "sop" / "petugas.yaml").read_text("utf-8")
    (dest / "sop" / "petugas.yaml").write_text(petugas.split("  - id: operator-")[0], "utf-8")
    templates = [p.read_text("utf-8") for p in sorted(SAMPLE_YEAR.glob("*/[0-9][0-9]-*.yaml"))]
    source = itertools.cycle(templates)
    per_desa, extra = divmod(usulan, desa)
    for number in range(1, desa + 1):
        slug, stage = f"desa-uji-{number}", number % 4 if tahap is None else tahap
        folder = dest / "proposals" / "2025" / slug
        folder.mkdir(parents=True)
        (folder / "berkas.yaml").write_text(_berkas(slug, number, min(stage, 2)), "utf-8")
        day = 13 + (number % 12)
        for priority in range(1, per_desa + (1 if number <= extra else 0) + 1):
            text = next(source)
            text = _classified(text, day) if stage == 3 else _unclassified(text)
            (folder / f"{priority:02d}-usulan-{priority}.yaml").write_text(text, "utf-8")
    shutil.copyfile(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(REPO / "docs", dest / "docs")
    return dest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--usulan", type=int, default=5000)
    parser.add_argument("--desa", type=int, default=212)
    args = parser.parse_args()
    generate(args.dest, args.usulan, args.desa)
    print(f"{args.usulan} usulan in {desa_needed(args.usulan, args.desa)} desa written to {args.dest}")


if __name__ == "__main__":
    main()
