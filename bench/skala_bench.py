"""Issue 13's table in one run: every row against its anchor, on the same machine.

    .venv/bin/python bench/skala_bench.py [--usulan 30000] [--commits 8001] [--runs 3]
        [--anchor-sample N] [--site 3000 [30000 ...]] [--skip-site] [--serve]

Builds (or reuses, under bench/_work/skala-<usulan>-<commits>) a register of
USULAN usulan in ceil(USULAN / 99) desa or more (`generate`: no desa above 99)
and its history of COMMITS SSH-signed commits plus the same history unsigned
(`sejarah`), then measures, medians of RUNS interleaved runs, whole processes:

- `validate` cold (its cache removed first) and again (warm) against
  check-jsonschema on the usulan alone (on a sample of N files when --anchor-sample is given, scaled to all:
  the output says so), and against a CSafeLoader loop over the same files;
- `check` of the last 30 signed commits against the `git log` with signature
  checks that the range needs and against the tool's start-up;
- `audit` of the signed history against the same history unsigned;
- `mkdocs build --strict` of SITE usulan (each size given) against plain
  Material with as many simple pages (same theme and search), one run each,
  with the peak memory of each build (ru_maxrss of RUSAGE_CHILDREN, read by a
  small wrapper process around the build so that it is that build's alone);
- with --serve, `bench/serve_bench.py` (a fresh clone to the first page).

Prints one line per row: the time, the anchor, the ratio and the issue's goal.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import REPO, generate  # noqa: E402
from sejarah import ENV, build  # noqa: E402

BIN = Path(sys.executable).parent
WORK = REPO / "bench" / "_work"


def run(command: list[str], cwd: Path, env: dict | None = None, prepare=None) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of the process and its children, exit code);
    `prepare` runs first, outside the measure."""
    if prepare:
        prepare()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env or ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode > 1:
        raise SystemExit(f"{' '.join(command[:4])} failed: {done.stderr.decode()[-400:]}")
    return wall, cpu, done.returncode


def medians(commands: dict[str, tuple], runs: int) -> dict[str, tuple[float, float]]:
    """Median wall and CPU of each (command, cwd[, prepare]), runs interleaved."""
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, (command, cwd, *prepare) in commands.items():
            wall, cpu, _code = run(command, cwd, prepare=prepare[0] if prepare else None)
            times[name].append((wall, cpu))
    return {name: (statistics.median(w for w, _ in values), statistics.median(c for _, c in values))
            for name, values in times.items()}


def row(what: str, now: str, anchor: str, ratio: str, goal: str) -> None:
    print(f"| {what} | {now} | {anchor} | {ratio} | {goal} |", flush=True)


def history(usulan: int, commits: int) -> Path:
    root = WORK / f"skala-{usulan}-{commits}"
    if not (root / ".git").is_dir() or not (WORK / f"skala-{usulan}-{commits}.selesai").exists():
        build(root, usulan, commits)
        (WORK / f"skala-{usulan}-{commits}.selesai").write_text("ok\n")
    return root


def usulan_files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in (root / "proposals").glob("*/*/[0-9][0-9]-*.yaml"))


def csafeloader_loop(root: Path, files: list[str]) -> list[str]:
    listing = root.parent / "skala-files.txt"
    listing.write_text("\n".join(files) + "\n")
    code = ("import sys, yaml\n"
            "for name in open(sys.argv[1]).read().split():\n"
            "    yaml.load(open(name, 'rb').read(), Loader=yaml.CSafeLoader)\n")
    return [str(BIN / "python"), "-c", code, str(listing)]


def validate_rows(root: Path, runs: int, sample: int | None) -> None:
    files = sorted(str(p.relative_to(root)) for p in (root / "proposals").rglob("*.yaml")
                   if "_templat" not in p.parts)
    usulan = usulan_files(root)
    musrenbang = [str(BIN / "musrenbang"), "validate"]
    def no_cache():  # cold: as on a fresh CI checkout
        shutil.rmtree(root / ".git" / "musrenbang-cache", ignore_errors=True)
    measured = medians({"validate": (musrenbang, root, no_cache), "again": (musrenbang, root),
                        "loop": (csafeloader_loop(root, files), root)}, runs)
    chosen = usulan if not sample else usulan[:: max(1, len(usulan) // sample)][:sample]
    anchor_wall, _cpu, _ = run([str(BIN / "check-jsonschema"), "--schemafile",
                                str(root / "sop/schemas/usulan.schema.json"), *chosen], root)
    scaled = anchor_wall * len(usulan) / len(chosen)
    note = "" if len(chosen) == len(usulan) else f" (measured on {len(chosen)} files, scaled)"
    cold, warm, loop = measured["validate"], measured["again"], measured["loop"]
    row(f"`validate`, {len(files):,} files cold", f"{cold[0]:.1f} s wall, {cold[1]:.1f} s CPU",
        f"check-jsonschema on the usulan alone: {scaled:.0f} s{note}", f"{scaled / cold[0]:.1f}× faster", "≥ 30×")
    row("`validate` again (warm: nothing changed)", f"{warm[0]:.2f} s", f"cold {cold[0]:.1f} s",
        f"{cold[0] / warm[0]:.0f}× faster than cold", "warm ≥ 20× faster than cold")
    row("`validate` cold vs parsing alone (CSafeLoader loop, 1 process)",
        f"{cold[0]:.1f} s wall ({cold[1]:.1f} s CPU, 2 processes)", f"{loop[1]:.1f} s CPU",
        f"{cold[0] / loop[1]:.2f}× the floor", "≤ 1.3× the floor on 2 processes")


def history_rows(root: Path, runs: int) -> None:
    musrenbang = str(BIN / "musrenbang")
    allowed = root.parent / f"{root.name}-allowed"
    base = subprocess.run(["git", "rev-parse", "main~30"], cwd=root, capture_output=True, text=True,
                          env=ENV).stdout.strip()
    git_log = ["git", "-c", f"gpg.ssh.allowedSignersFile={allowed}", "log", "--first-parent",
               "--format=%H%x00%G?%x00%GK%x00%GS", f"{base}..main"]
    measured = medians({"check": ([musrenbang, "check", "--base", base, "--head", "main"], root),
                        "git log": (git_log, root),
                        "start-up": ([musrenbang, "--help"], root)}, runs)
    check, log, start = measured["check"], measured["git log"], measured["start-up"]
    row("`check`, 30 signed commits, same register", f"{check[0]:.2f} s",
        f"its own `git log` {log[0]:.2f} s; start-up {start[0]:.2f} s", f"{check[0] / log[0]:.1f}× its git log",
        "< 1 s")
    measured = medians({"signed": ([musrenbang, "audit", "--head", "main"], root),
                        "unsigned": ([musrenbang, "audit", "--head", "polos"], root)}, max(1, runs // 3))
    commits = subprocess.run(["git", "rev-list", "--count", "main"], cwd=root, capture_output=True, text=True,
                             env=ENV).stdout.strip()
    signed, unsigned = measured["signed"], measured["unsigned"]
    row(f"`audit`, {int(commits):,} SSH-signed commits", f"{signed[0]:.1f} s",
        f"unsigned, same history: {unsigned[0]:.1f} s", f"{signed[0] / unsigned[0]:.2f}× unsigned", "< 30 s signed")


# Runs a command and reports, for it and its children alone, the peak resident
# memory (KiB) and the CPU seconds.
PEAK = ("import resource, subprocess, sys\n"
        "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
        "use = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(use.ru_maxrss, use.ru_utime + use.ru_stime, file=sys.stderr)\n"
        "sys.exit(code)\n")


def run_peak(command: list[str], cwd: Path, env: dict) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak resident memory in MiB) of one run of `command`."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", PEAK, *command], cwd=cwd, env=env, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command[:4])} failed: {done.stderr.decode()[-400:]}")
    peak, cpu = done.stderr.decode().strip().splitlines()[-1].split()
    return wall, float(cpu), int(peak) / 1024


def plain_material(folder: Path, pages: int, settings: Path | None = None) -> Path:
    """A site of `pages` pages in all: a simple page for each nav entry, the rest
    simple Markdown pages out of the nav, like the register's usulan pages. With `settings` (a register's mkdocs.yml) it has that site's
    theme settings (tabs, palette, language, Markdown extensions) and a simple page
    for each of its nav entries: Material renders the nav into every page, so its
    size is part of every page's cost; only the musrenbang plugin is left out.
    Without, a bare Material site with a nav of one page."""
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "docs").mkdir(parents=True)
    config = {"site_name": "Polos", "theme": {"name": "material", "language": "id"}, "plugins": ["search"],
              "nav": ["index.md"]}
    if settings is not None:
        config = {key: value for key, value in yaml.safe_load(settings.read_text("utf-8")).items()
                  if key not in ("watch", "exclude_docs")}
        config["plugins"] = ["search"]
    config["not_in_nav"] = "usulan-*.md\n" + config.get("not_in_nav", "")
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")
    for entry in config["nav"]:
        target = entry if isinstance(entry, str) else next(iter(entry.values()))
        (folder / "docs" / target).parent.mkdir(parents=True, exist_ok=True)
        (folder / "docs" / target).write_text(f"# {Path(target).stem}\n\nHalaman menu.\n")
    for number in range(pages - len(config["nav"])):
        (folder / f"docs/usulan-{number}.md").write_text(
            f"# Usulan {number}\n\nDesa uji, bidang fisik, biaya Rp{number * 1000:,}.\n\n"
            "| kolom | isi |\n|---|---|\n| status | diajukan |\n")
    return folder


def site_rows(size: int, runs: int) -> None:
    """Our build against plain Material with the register's settings (the goal's
    anchor) and against bare Material (the anchor of the issue's first table),
    each with as many pages as our build writes (the usulan pages and the
    desa, bidang, list and document pages: 3,236 pages at 3,000 usulan):
    medians of `runs` interleaved runs, wall and CPU, and the highest peak memory."""
    register = generate(WORK / f"skala-situs-{size}", size, 212)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=register, check=True, env=ENV)
    mkdocs = [str(BIN / "mkdocs"), "build", "--strict", "--quiet", "--site-dir"]
    env = {**ENV, "NO_MKDOCS_2_WARNING": "1"}
    sites: dict[str, Path] = {"ours": register}
    times: dict[str, list[tuple[float, float, float]]] = {"ours": [], "plain": [], "bare": []}
    written = 0
    for _ in range(runs):
        for name in times:
            if name not in sites:  # made after our first build, with as many pages as it wrote
                settings = register / "mkdocs.yml" if name == "plain" else None
                sites[name] = plain_material(WORK / f"skala-{'polos' if settings else 'bare'}-{size}", written, settings)
            folder = sites[name]
            built = folder.parent / f"{folder.name}-situs"
            times[name].append(run_peak([*mkdocs, str(built)], folder, env))
            if name == "ours" and not written:
                written = sum(1 for _ in built.rglob("index.html"))
            shutil.rmtree(built)  # 30,000 pages are gigabytes
    for folder in sites.values():
        shutil.rmtree(folder)
    (ours, ours_cpu, ours_mb), (plain, plain_cpu, plain_mb), (bare, bare_cpu, bare_mb) = (
        (statistics.median(t[0] for t in times[n]), statistics.median(t[1] for t in times[n]),
         max(t[2] for t in times[n])) for n in ("ours", "plain", "bare"))
    row(f"`mkdocs build --strict`, {size:,} usulan, {written:,} pages ({runs} run{'s' if runs > 1 else ''} each)",
        f"{ours:.1f} s wall, {ours_cpu:.1f} s CPU, peak {ours_mb:,.0f} MiB",
        f"plain Material, {written:,} simple pages, same theme settings, nav and search: {plain:.1f} s wall, "
        f"{plain_cpu:.1f} s CPU, peak {plain_mb:,.0f} MiB (bare Material, nav of one page: {bare:.1f} s, "
        f"{bare_cpu:.1f} s CPU, {bare_mb:,.0f} MiB)",
        f"{ours / plain:.2f}× wall, {ours_cpu / plain_cpu:.2f}× CPU ({ours / bare:.2f}× bare)",
        "≤ 1.2×" + (", under 1 GiB" if size >= 30000 else ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--usulan", type=int, default=30000)
    parser.add_argument("--commits", type=int, default=8001)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--anchor-sample", type=int, help="run check-jsonschema on this many usulan and scale")
    parser.add_argument("--site", type=int, nargs="+", default=[3000], help="usulan of the site rows (several sizes)")
    parser.add_argument("--site-runs", type=int, default=1, help="interleaved runs of each site build")
    parser.add_argument("--skip-site", action="store_true")
    parser.add_argument("--rows", default="validate,history,site", help="which rows (comma-separated)")
    parser.add_argument("--serve", action="store_true", help="also measure make serve on a fresh clone")
    args = parser.parse_args()
    started = time.perf_counter()
    # As installed (pip compiles a package's bytecode): where PYTHONDONTWRITEBYTECODE
    # is set, every start would otherwise compile the tool's modules again.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "tools")], check=True)
    rows = set(args.rows.split(","))
    root = history(args.usulan, args.commits) if rows & {"validate", "history"} else None
    print(f"# {time.strftime('%Y-%m-%d %H:%M')} · {platform.processor() or platform.machine()} · "
          f"{os.cpu_count()} cores · Python {platform.python_version()} · load {os.getloadavg()[0]:.1f} · "
          f"register built in {time.perf_counter() - started:.0f} s")
    print("| what | now | anchor in the same run | ratio now | goal |\n|---|---|---|---|---|")
    if "validate" in rows:
        validate_rows(root, args.runs, args.anchor_sample)
    if "history" in rows:
        history_rows(root, args.runs)
    if "site" in rows and not args.skip_site:
        for size in args.site:
            site_rows(size, args.site_runs)
    print(f"# load average at the end: {os.getloadavg()[0]:.1f}")
    if args.serve:
        subprocess.run([sys.executable, str(REPO / "bench/serve_bench.py")], check=True)


if __name__ == "__main__":
    main()
