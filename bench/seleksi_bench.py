"""How long `musrenbang seleksi` takes for a kabupaten-sized year, and how the
equal-shares computation compares with pabutools on the same instance.

Two forums, each of 3,000 usulan, all classified and examined layak, three
assessors scoring every usulan on every criterion, every delegation present and
approving its own usulan and ten others:

- `rata`: 212 desa, the bidang as in the sample usulan (pagu Rp60 M / 8 M / 6 M);
- `dominan`: 200 desa, seven usulan in eight in bidang fisik (pagu fisik
  `--pagu-fisik`, default Rp120 M).

The add1 step is the default, 0.1% of each bidang's pagu (`kenaikan_anggaran`
left out of sop/kriteria.yaml). Prints the whole-process time of each rule (best
of N) and, for the dominant bidang, MES + add1 + greedy in this process against
pabutools (`method_of_equal_shares` with `Cost_Sat` and `voter_budget_increment`,
then `greedy_utilitarian_welfare`) on the same ballots, with the ratio.

    .venv/bin/python bench/seleksi_bench.py [--usulan 3000] [--runs 3] [--pagu-fisik 120000000000]
                                            [--hanya-dominan] [--sapu]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import REPO, _unclassified, generate  # noqa: E402

WORK = REPO / "bench" / "_work"
EXAMINER = {"fisik": "kasubid-fisik", "ekonomi": "kasubid-ekonomi", "sosial-budaya": "kasubid-sosbud"}


def examined(path: Path, bidang: str | None) -> None:
    text = _unclassified(path.read_text("utf-8"))
    if bidang:
        text = re.sub(r"^usulan_bidang: \S+", f"usulan_bidang: {bidang}", text, flags=re.M)
    bidang = re.search(r"^usulan_bidang: (\S+)", text, re.M).group(1)
    text = text.rstrip("\n") + (f"\nklasifikasi:\n  bidang: {bidang}\n  oleh: pencatat\n  kepada: {EXAMINER[bidang]}\n"
                                f"pemeriksaan:\n  hasil: layak\n  oleh: {EXAMINER[bidang]}\n  catatan: Layak\n")
    path.write_text(text, "utf-8")


def _dominant(index: int) -> str:
    return {0: "ekonomi", 4: "sosial-budaya"}.get(index % 8, "fisik")


def build(name: str, size: int, desa: int, pagu: dict[str, int], dominant: bool) -> Path:
    root = generate(WORK / f"seleksi-{name}{size}", size, desa)
    kriteria = root / "sop/kriteria.yaml"
    kriteria.write_text(re.sub(r"^  kenaikan_anggaran: .*\n", "", kriteria.read_text("utf-8"), flags=re.M), "utf-8")
    rng = random.Random(2024)
    refs = []
    for folder in sorted((root / "proposals/2025").iterdir()):
        berkas = folder / "berkas.yaml"
        text = re.split(r"^disposisi:", berkas.read_text(), flags=re.M)[0]
        berkas.write_text(text + "disposisi:\n  - {langkah: 1, oleh: camat, kepada: kasi, isi: Pelajari}\n"
                                 "  - {langkah: 2, oleh: kasi-pembangunan, kepada: pencatat, isi: Teruskan}\n")
        for path in sorted(folder.glob("[0-9][0-9]-*.yaml")):
            examined(path, _dominant(len(refs)) if dominant else None)
            refs.append(f"{folder.name}/{path.name[:2]}")
    criteria = ["urgensi", "manfaat", "keselarasan", "kesiapan", "kewajaran-biaya"]
    slugs = sorted({r.split("/")[0] for r in refs})
    forum = {
        "tahun": 2025, "tanggal": "2025-02-20", "tempat": "Pendopo Kabupaten", "pimpinan": "camat",
        "delegasi": {d: {"hadir": True} for d in slugs},
        "pagu": pagu,
        "penilaian": [{"usulan": ref, "penilai": f"Tim {n}", "skor": {c: rng.randint(1, 5) for c in criteria}}
                      for ref in refs for n in (1, 2, 3)],
        "persetujuan": {d: sorted({r for r in refs if r.startswith(d + "/")} | set(rng.sample(refs, 10))) for d in slugs},
    }
    (root / "proposals/2025/musrenbang.yaml").write_text(yaml.safe_dump(forum, allow_unicode=True, sort_keys=False))
    return root


def whole_process(root: Path, label: str, size: int, desa: int, runs: int) -> None:
    for rule in ("skor", "equal-shares"):
        best, code, tail = float("inf"), 0, ""
        for _ in range(runs):
            started = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "musrenbang.cli", "seleksi", "2025", "--aturan", rule],
                                  cwd=root, capture_output=True, text=True)
            best = min(best, time.perf_counter() - started)
            code, tail = done.returncode, (done.stderr.strip().splitlines() or [""])[-1]
        passed = done.stdout.count("LOLOS ")
        print(f"{label:8s} seleksi --aturan {rule:12s} {size} usulan, {desa} desa   {best:7.2f} s  exit {code}  "
              f"{passed} lolos {tail}")


def instance(root: Path, bidang: str):
    """The bidang's equal-shares instance exactly as `seleksi` builds it."""
    from musrenbang import seleksi
    from musrenbang.workspace import Workspace

    workspace = Workspace.open(root)
    year, kriteria = workspace.register.tahun[2025], workspace.ref.data("kriteria")
    forum = year.forum.data
    items = seleksi.candidates(year, workspace.ref.sop, seleksi.weighted_scores(forum, kriteria))
    ordered = seleksi._order([k for k in items if k.bidang == bidang and k.layak])
    names = [k.rujukan for k in ordered]
    budget = seleksi.pagu(2025, forum, kriteria, workspace.ref.sop)[bidang]
    ballots = [set(forum["persetujuan"].get(d) or []) & set(names) for d in seleksi.present(forum)]
    step = seleksi.kenaikan(kriteria["seleksi"], budget, bidang)
    return {k.rujukan: k.biaya for k in ordered}, ballots, budget, names, step


def against_pabutools(root: Path, bidang: str) -> None:
    from pabutools.election import ApprovalBallot, ApprovalProfile, Cost_Sat, Instance, Project
    from pabutools.rules import completion_by_rule_combination, greedy_utilitarian_welfare, method_of_equal_shares

    from musrenbang import mes

    costs, ballots, budget, order, step = instance(root, bidang)
    order = sorted(order)  # pabutools breaks ties by project name
    runs = {"n": 0}
    original = mes._run

    def counted(*args):
        runs["n"] += 1
        return original(*args)

    mes._run = counted
    started = time.perf_counter()
    ours = mes.equal_shares(costs, ballots, budget, order, step)
    ours_time = time.perf_counter() - started
    mes._run = original
    projects = {name: Project(name, costs[name]) for name in order if any(name in b for b in ballots)}
    election = Instance(projects.values(), budget_limit=budget)
    profile = ApprovalProfile([ApprovalBallot([projects[p] for p in b]) for b in ballots])
    result = {}

    def pabutools() -> None:  # pabutools recurses deeply on large instances: a thread with a big stack
        started = time.perf_counter()
        result["winners"] = completion_by_rule_combination(
            election, profile, [method_of_equal_shares, greedy_utilitarian_welfare],
            [{"sat_class": Cost_Sat, "voter_budget_increment": step}, {"sat_class": Cost_Sat}])
        result["time"] = time.perf_counter() - started

    sys.setrecursionlimit(200_000)
    threading.stack_size(512 * 1024 * 1024)
    thread = threading.Thread(target=pabutools)
    thread.start()
    thread.join()
    theirs, theirs_time = result["winners"], result["time"]
    same = sorted(ours) == sorted(p.name for p in theirs)
    approved = sum(costs[p] for p in projects)
    print(f"dominan  bidang {bidang}: {len(costs)} usulan, {len(ballots)} delegasi, pagu {budget:,} "
          f"({budget / approved:.0%} of what is approved), step {step:,}: {len(ours)} selected")
    print(f"dominan  equal-shares in process {ours_time:7.2f} s ({runs['n']} MES runs)   pabutools {theirs_time:7.2f} s   "
          f"ratio {theirs_time / ours_time:5.1f}x   same winners: {same}")


def sweep(root: Path, bidang: str, fractions: list[float]) -> None:
    """The pagu from a small to more than the whole approved cost, with the smallest
    valid step (0.1% of the pagu): time and number of MES runs of each."""
    from musrenbang import mes

    costs, ballots, _, order, _ = instance(root, bidang)
    approved = sum(cost for p, cost in costs.items() if any(p in b for b in ballots))
    runs, original, worst = {"n": 0}, mes._run, 0.0

    def counted(*args):
        runs["n"] += 1
        return original(*args)

    mes._run = counted
    for fraction in fractions:
        budget = int(approved * fraction)
        step = -(-budget // 1000)
        runs["n"] = 0
        started = time.perf_counter()
        chosen = mes.equal_shares(costs, ballots, budget, order, step)
        spent = time.perf_counter() - started
        worst = max(worst, spent)
        print(f"sapu     pagu {fraction:5.0%} of approved, step {step:>14,}: {spent:6.2f} s  {runs['n']:4d} MES runs  "
              f"{len(chosen)} selected")
    mes._run = original
    print(f"sapu     worst {worst:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--usulan", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pagu-fisik", type=int, default=120_000_000_000)
    parser.add_argument("--hanya-dominan", action="store_true", help="only the dominant-bidang forum")
    parser.add_argument("--sapu", action="store_true", help="also sweep the dominant bidang's pagu (1%%-120%%)")
    args = parser.parse_args()
    print(f"# {time.strftime('%Y-%m-%d')} · {platform.machine()} · {os.cpu_count()} cores · Python {platform.python_version()}")
    if not args.hanya_dominan:
        root = build("rata", args.usulan, 212, {"fisik": 60_000_000_000, "ekonomi": 8_000_000_000,
                                                "sosial-budaya": 6_000_000_000}, dominant=False)
        whole_process(root, "rata", args.usulan, 212, args.runs)
    root = build("dominan", args.usulan, 200, {"fisik": args.pagu_fisik, "ekonomi": 8_000_000_000,
                                              "sosial-budaya": 6_000_000_000}, dominant=True)
    whole_process(root, "dominan", args.usulan, 200, args.runs)
    against_pabutools(root, "fisik")
    if args.sapu:
        sweep(root, "fisik", [0.01, 0.03, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.97, 1.0, 1.2])


if __name__ == "__main__":
    main()
