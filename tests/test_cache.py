"""The cache of checked records (`cache.py`, `bulk.py`): a cached answer is the
fresh one, on every rule case, after corruption, after a schema change, with two
processes at once, and never for other bytes than those checked."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest
from musrenbang import bulk, cache
from musrenbang.cache import Store, scan
from musrenbang.validate import INPUT_FILES, INPUT_FOLDERS, validate
from musrenbang.workspace import Workspace

from .conftest import CASES, build_register

NOW = datetime(2025, 3, 1, tzinfo=timezone.utc)  # a future time is still ahead of it
CASE_FOLDERS = sorted(p for p in [*(CASES / "invalid").iterdir(), *(CASES / "valid").iterdir()] if p.is_dir())


@pytest.fixture(autouse=True)
def files_count_as_settled(monkeypatch):
    """Files written a moment ago are "racily clean" (the stat cache does not keep
    them, so every run hashes them again); in these tests they count as settled,
    so that the stat cache and the records cache are used as in a real register."""
    monkeypatch.setattr(cache.tree, "RACY_NS", -10**18)
    monkeypatch.delenv(cache.ENV_OFF, raising=False)


@pytest.fixture(autouse=True)
def own_cache_home(tmp_path: Path, monkeypatch) -> Path:
    """Outside git the cache is under $XDG_CACHE_HOME: here one per test."""
    home = tmp_path / "xdg-cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home


def _store_read(root: Path, path: Path) -> bytes | None:
    folder = cache.folder_for(root)
    return Store(folder).read(path.relative_to(folder).as_posix())


def _cache_files(root: Path) -> list[Path]:
    folder = cache.folder_for(root)
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def _all_runs(root: Path) -> dict[str, list]:
    """The findings without the cache, then through each of its paths."""
    folder = cache.folder_for(root)
    runs = {"fresh": validate(root, cache=False), "cold": validate(root)}
    runs["whole answer"] = validate(root)
    for result in (folder / "results").glob("*"):  # none when a link is in the tree
        result.unlink()
    runs["records from the cache"] = validate(root)  # positions found again from the files
    return runs


@pytest.mark.parametrize("case", CASE_FOLDERS, ids=[f"{p.parent.name}/{p.name}" for p in CASE_FOLDERS])
def test_cached_answer_is_the_fresh_one_for_every_case(case: Path, tmp_path: Path):
    root = build_register(tmp_path / "register", case)
    runs = _all_runs(root)
    for name, found in runs.items():
        assert found == runs["fresh"], name
    assert (cache.folder_for(root) / "records").is_dir()


FORKED_CASES = ["dua-isian-tidak-dikenal", "privasi-data-pribadi-di-teks", "tanggal-di-luar-tahun",
                "usulan-biaya-terlalu-kecil", "waktu-masa-depan"]


@pytest.mark.parametrize("name", FORKED_CASES)
def test_a_big_register_is_read_and_checked_by_several_processes(name: str, tmp_path: Path, monkeypatch):
    """Above bulk.PARALLEL_FROM files the records are parsed in worker processes,
    above checks.FORK_FROM the costliest rules run in a forked child; the answer
    is the one of a single process, findings and lines included."""
    from musrenbang import checks
    root = build_register(tmp_path / "register", CASES / "invalid" / name)
    monkeypatch.setattr(bulk, "PARALLEL_FROM", 2)
    monkeypatch.setattr(bulk, "CHUNK", 3)
    monkeypatch.setattr(checks, "FORK_FROM", 1)
    forked = Workspace.open(root, cache=False)
    parallel = (forked.findings(NOW), forked.until)
    monkeypatch.setattr(bulk, "PARALLEL_FROM", 10**9)
    monkeypatch.setattr(checks, "FORK_FROM", 10**9)
    alone = Workspace.open(root, cache=False)
    assert parallel == (alone.findings(NOW), alone.until)
    assert parallel[0] != []


@pytest.fixture
def busy(tmp_path: Path) -> Path:
    """A register with findings of several kinds, its cache filled."""
    root = build_register(tmp_path / "register", CASES / "invalid" / "dua-isian-tidak-dikenal")
    denok = root / "proposals/2025/denok/berkas.yaml"
    denok.write_text(denok.read_text("utf-8").replace("desa: denok", "desa: denoq"), "utf-8")
    assert validate(root) != []
    return root


def _damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "flipped":
        middle = len(data) // 2
        path.write_bytes(data[:middle] + bytes([data[middle] ^ 0x20]) + data[middle + 1:])
    elif how == "empty":
        path.write_bytes(b"")
    else:  # a payload of another shape with a header that matches it
        payload = json.dumps({"sampai": None, "temuan": [["x", 1]]}).encode() if "results" in path.parts else b"{}"
        folder = next(p for p in path.parents if p.parent.name == "musrenbang" or p.name == "musrenbang-cache")
        Store(folder).write(path.relative_to(folder).as_posix(), payload)


@pytest.mark.parametrize("how", ["truncated", "flipped", "empty", "well-formed nonsense"])
def test_a_damaged_cache_file_is_recomputed_never_trusted(busy: Path, how: str):
    fresh = validate(busy, cache=False)
    for victim in _cache_files(busy):
        _damage(victim, how)
    assert validate(busy) == fresh
    assert validate(busy) == fresh  # and what was written instead is sound
    folder = cache.folder_for(busy)
    for path in _cache_files(busy):
        assert Store(folder).read(path.relative_to(folder).as_posix()) is not None, path


def test_a_flipped_record_pack_is_detected_and_removed(busy: Path):
    packs = list((cache.folder_for(busy) / "records").rglob("*.pack"))
    assert packs
    for pack in packs:
        _damage(pack, "flipped")
    for result in (cache.folder_for(busy) / "results").iterdir():
        result.unlink()
    assert validate(busy) == validate(busy, cache=False)
    assert not any(p.exists() and _store_read(busy, p) is None for p in packs)


def test_a_schema_change_is_a_new_fingerprint(busy: Path):
    before = validate(busy)
    schema = busy / "sop/schemas/usulan.schema.json"
    data = json.loads(schema.read_text("utf-8"))
    data["properties"]["judul"]["maxLength"] = 5
    schema.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    after = validate(busy)
    assert after == validate(busy, cache=False)
    assert after != before and any(f.rule == "skema.maxLength" for f in after)
    assert len(list((cache.folder_for(busy) / "records").iterdir())) == 2


def test_other_bytes_of_the_same_size_and_time_are_read_again(busy: Path):
    """Content written over a file with its size and mtime kept (ctime moves)."""
    usulan = next((busy / "proposals/2025").rglob("0[1-9]-*.yaml"))
    text = usulan.read_text("utf-8")
    before = usulan.stat()
    altered = text.replace("judul: ", "judul: X", 1)[:-1] if text.endswith("\n") else text
    assert len(altered.encode()) == len(text.encode()) and altered != text
    usulan.write_text(altered, "utf-8")
    os.utime(usulan, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert validate(busy) == validate(busy, cache=False)


def test_the_tree_key_follows_content_and_refuses_links(busy: Path):
    stats = cache.StatCache(Store(cache.folder_for(busy)), busy)
    key = scan(busy, INPUT_FOLDERS, INPUT_FILES).tree(stats).key
    readme = busy / "proposals/2025/README.md"
    readme.write_text("baru\n", "utf-8")
    changed = scan(busy, INPUT_FOLDERS, INPUT_FILES).tree(stats).key
    readme.unlink()
    os.symlink("berkas.yaml", readme)
    assert scan(busy, INPUT_FOLDERS, INPUT_FILES).tree(stats).key is None  # a link: never answered from one entry
    readme.unlink()
    assert len({key, changed}) == 2 and scan(busy, INPUT_FOLDERS, INPUT_FILES).tree(stats).key == key


def _validate_writing_meanwhile(root: Path, monkeypatch, path: Path) -> None:
    """A validate with an empty answer cache, during which (as the rules run) a
    broken record is written at `path`."""
    from musrenbang import checks
    folder = cache.folder_for(root)
    for entry in [*(folder / "results").glob("*"), *(folder / "pintas").glob("*")]:
        entry.unlink()
    original = checks.run

    def run_and_write(context):
        path.write_text("judul: [\n", "utf-8")
        return original(context)

    monkeypatch.setattr(checks, "run", run_and_write)
    validate(root)
    monkeypatch.setattr(checks, "run", original)


def test_an_answer_is_not_stored_when_a_file_appears_during_the_run(busy: Path, monkeypatch):
    """The answer covers the files the run saw: one added while it ran (here, as
    the rules run) leaves no entry, and the next run sees it."""
    folder = cache.folder_for(busy)
    _validate_writing_meanwhile(busy, monkeypatch, busy / "proposals/2025/denok/09-datang-terlambat.yaml")
    assert list((folder / "results").glob("*")) == []
    assert validate(busy) == validate(busy, cache=False)
    assert any(f.path.endswith("09-datang-terlambat.yaml") for f in validate(busy))


def test_a_cache_that_cannot_be_made_is_skipped(tmp_path: Path, own_cache_home: Path):
    root = build_register(tmp_path / "register", CASES / "invalid" / "dua-isian-tidak-dikenal")
    own_cache_home.mkdir()
    (own_cache_home / "musrenbang").write_text("not a folder\n")
    assert cache.folder_for(root) is None
    assert validate(root) == validate(root, cache=False) != []


def test_a_cache_folder_that_cannot_be_written_is_skipped(tmp_path: Path):
    root = build_register(tmp_path / "register", CASES / "invalid" / "dua-isian-tidak-dikenal")
    folder = cache.folder_for(root)
    (folder / "results").write_text("not a folder\n")  # every write there fails, as on a full disk
    assert validate(root) == validate(root, cache=False) != []


def test_in_a_git_checkout_the_cache_is_under_git_and_the_tree_stays_clean(tmp_path: Path):
    root = build_register(tmp_path / "register", CASES / "invalid" / "dua-isian-tidak-dikenal")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True, env=env)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True, env=env)
    subprocess.run(["git", "-c", "user.name=u", "-c", "user.email=u@x", "commit", "-qm", "x"], cwd=root, check=True,
                   env=env)
    assert cache.folder_for(root) == root / ".git" / "musrenbang-cache"
    validate(root)
    status = subprocess.run(["git", "status", "--porcelain", "--ignored"], cwd=root, capture_output=True, text=True,
                            check=True, env=env).stdout
    assert status == "" and _cache_files(root)


def test_tanpa_cache_reads_and_writes_nothing(tmp_path: Path, monkeypatch):
    root = build_register(tmp_path / "register", CASES / "invalid" / "dua-isian-tidak-dikenal")
    result = subprocess.run([sys.executable, "-m", "musrenbang.cli", "validate", "--tanpa-cache"], cwd=root,
                            capture_output=True, text=True)
    home = Path(os.environ["XDG_CACHE_HOME"])
    assert result.returncode == 1 and not home.exists()
    monkeypatch.setenv(cache.ENV_OFF, "1")
    validate(root)
    assert not home.exists() and not (root / ".cache").exists()


def test_two_processes_at_once_leave_a_usable_cache(tmp_path: Path):
    root = build_register(tmp_path / "register", CASES / "invalid" / "dua-isian-tidak-dikenal")
    command = [sys.executable, "-m", "musrenbang.cli", "validate", "--format", "json"]
    runs = [subprocess.Popen(command, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    outputs = [run.communicate() for run in runs]
    fresh = subprocess.run([*command, "--tanpa-cache"], cwd=root, capture_output=True).stdout
    assert [out for out, _ in outputs] == [fresh, fresh], [err for _, err in outputs]
    again = subprocess.run(command, cwd=root, capture_output=True).stdout
    assert again == fresh
    folder = cache.folder_for(root)
    for path in _cache_files(root):
        assert not path.name.startswith(".tmp-")
        assert Store(folder).read(path.relative_to(folder).as_posix()) is not None


def _git(root: Path, *args: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    subprocess.run(["git", *args], cwd=root, check=True, env=env, capture_output=True)


def test_without_git_the_cache_is_in_the_user_cache_folder_never_in_the_register(tmp_path: Path,
                                                                                  own_cache_home: Path):
    root = build_register(tmp_path / "register", CASES / "invalid" / "dua-isian-tidak-dikenal")
    validate(root)
    name = hashlib.sha256(str(root.resolve()).encode()).hexdigest()
    assert cache.folder_for(root) == own_cache_home / "musrenbang" / name
    assert _cache_files(root) and not (root / ".cache").exists()


def test_a_cache_folder_shipped_in_a_register_deletes_nothing_outside_it(tmp_path: Path):
    """A register unpacked from an archive may hold `.cache/musrenbang/records`
    as a link to the folders above it: it is never the cache."""
    parent = tmp_path / "parent"
    root = build_register(parent / "register", CASES / "invalid" / "dua-isian-tidak-dikenal")
    for index in range(12):
        (parent / f"milik-{index}").mkdir()
        (parent / f"milik-{index}" / "data.txt").write_text("penting\n")
    (root / ".cache/musrenbang").mkdir(parents=True)
    os.symlink("../../..", root / ".cache/musrenbang/records")
    for _ in range(3):
        validate(root)
    assert all((parent / f"milik-{index}" / "data.txt").exists() for index in range(12))


def test_the_store_follows_no_link_and_removes_only_its_own_names(tmp_path: Path):
    outside = tmp_path / "outside"
    fingerprint = "a" * 64
    (outside / fingerprint / "usulan").mkdir(parents=True)
    victims = [outside / fingerprint / "usulan" / ("b" * 32 + ".pack"), outside / "catatan.txt",
               outside / fingerprint / "usulan" / "catatan.txt"]
    for victim in victims:
        victim.write_text("tanpa kepala\n")
    folder = tmp_path / "cache"
    folder.mkdir()
    os.symlink(outside, folder / "records")
    store = Store(folder)
    assert store.read(f"records/{fingerprint}/usulan/{'b' * 32}.pack") is None
    store.prune("records", 0)
    store.write(f"records/{fingerprint}/usulan/{'c' * 32}.pack", b"x")
    os.symlink(outside / "catatan.txt", folder / "results")
    store.prune("results", 0)
    assert all(victim.exists() for victim in victims)
    assert sorted(p.name for p in outside.rglob("*")) == sorted([fingerprint, "usulan", *(v.name for v in victims)])
    (folder / "stat").mkdir()
    store.write("stat/../../outside/x", b"x")
    store.remove("stat/../../outside/catatan.txt")
    assert not (outside / "x").exists() and (outside / "catatan.txt").exists()


def test_a_linked_cache_home_is_not_used(tmp_path: Path, own_cache_home: Path):
    root = build_register(tmp_path / "register", CASES / "invalid" / "dua-isian-tidak-dikenal")
    (tmp_path / "elsewhere").mkdir()
    own_cache_home.mkdir()
    os.symlink(tmp_path / "elsewhere", own_cache_home / "musrenbang")
    assert cache.folder_for(root) is None
    validate(root)
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_a_git_folder_above_that_git_does_not_accept_is_not_the_cache(tmp_path: Path, own_cache_home: Path):
    """An empty `.git` in a parent folder is no repository for git: the cache is
    then the user's, not that folder."""
    outer = tmp_path / "outer"
    (outer / ".git").mkdir(parents=True)
    root = build_register(outer / "register", CASES / "invalid" / "dua-isian-tidak-dikenal")
    validate(root)
    assert not (outer / ".git" / "musrenbang-cache").exists()
    assert cache.folder_for(root).is_relative_to(own_cache_home)


def test_in_a_subfolder_of_a_worktree_the_cache_is_in_the_common_git_dir(tmp_path: Path):
    main = tmp_path / "main"
    main.mkdir()
    _git(main, "init", "-q", "-b", "main")
    _git(main, "-c", "user.name=u", "-c", "user.email=u@x", "commit", "-q", "--allow-empty", "-m", "x")
    _git(main, "worktree", "add", "-q", str(tmp_path / "wt"))
    root = build_register(tmp_path / "wt" / "register", CASES / "invalid" / "dua-isian-tidak-dikenal")
    assert cache.folder_for(root) == main / ".git" / "musrenbang-cache"


def test_a_linked_sop_folder_gives_no_stale_answer(tmp_path: Path):
    root = build_register(tmp_path / "register", CASES / "valid" / CASE_FOLDERS[-1].name)
    (root / "sop").rename(tmp_path / "sop-target")
    os.symlink(tmp_path / "sop-target", root / "sop")
    stats = cache.StatCache(Store(cache.folder_for(root)), root)
    assert scan(root, INPUT_FOLDERS, INPUT_FILES).tree(stats).key is None
    before = validate(root)
    assert validate(root) == before
    wilayah = tmp_path / "sop-target" / "wilayah.yaml"
    wilayah.write_text(wilayah.read_text("utf-8").replace("slug: denok}", "slug: denokq}"), "utf-8")
    fresh = validate(root, cache=False)
    assert fresh != before and validate(root) == fresh


def test_a_linked_codeowners_gives_no_stale_answer(tmp_path: Path):
    root = build_register(tmp_path / "register", CASES / "invalid" / "dua-isian-tidak-dikenal")
    (root / ".github").mkdir()
    (tmp_path / "CODEOWNERS").write_text("* @kecamatan\n")
    os.symlink(tmp_path / "CODEOWNERS", root / ".github/CODEOWNERS")
    stats = cache.StatCache(Store(cache.folder_for(root)), root)
    assert scan(root, INPUT_FOLDERS, INPUT_FILES).tree(stats).key is None
    validate(root)
    validate(root)
    with (tmp_path / "CODEOWNERS").open("a") as out:
        out.write("/sop/ @lain\n")
    assert validate(root) == validate(root, cache=False)


def test_a_fifo_makes_the_key_incomplete(busy: Path):
    stats = cache.StatCache(Store(cache.folder_for(busy)), busy)
    os.mkfifo(busy / "proposals/2025/antrian")
    assert scan(busy, INPUT_FOLDERS, INPUT_FILES).tree(stats).key is None


def _shortcuts(root: Path) -> list[Path]:
    return sorted((cache.folder_for(root) / "pintas").glob("*"))


def test_an_unchanged_tree_is_answered_by_its_signature_alone(busy: Path):
    """The warm run: the walk's signature finds the answer; the stat cache is not
    even read (here it is gone, and stays gone)."""
    assert len(_shortcuts(busy)) == 1
    for path in (cache.folder_for(busy) / "stat").glob("*"):
        path.unlink()
    assert validate(busy) == validate(busy, cache=False)
    assert not list((cache.folder_for(busy) / "stat").glob("*"))  # no stat cache read, none written


@pytest.mark.parametrize("change", ["in place", "through a hard link", "replaced by a new file"])
def test_a_changed_file_never_matches_the_old_signature(busy: Path, change: str):
    """What a contributor controls of a file's `stat`: its size, its mtime (utime),
    its inode (a new file). Its ctime moves with every change and is in the
    signature: other bytes of the same size with the mtime put back are read."""
    usulan = busy / "proposals/2025/denok/01-penerangan-jalan-umum.yaml"
    before, old_answer = usulan.stat(), validate(busy)
    altered = usulan.read_text("utf-8").replace("satuan: titik", "satuan: 12345")  # a number: a new finding
    if change == "in place":
        usulan.write_text(altered, "utf-8")
    elif change == "through a hard link":
        twin = busy / "kembar.txt"
        os.link(usulan, twin)
        twin.write_text(altered, "utf-8")
        twin.unlink()
    else:
        copy = usulan.with_suffix(".baru")
        copy.write_text(altered, "utf-8")
        os.replace(copy, usulan)
    os.utime(usulan, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert usulan.stat().st_size == before.st_size
    assert validate(busy) == validate(busy, cache=False) != old_answer


def _signature(root: Path) -> str | None:
    return cache.Signature(root, INPUT_FOLDERS, INPUT_FILES).value()


def test_files_changed_a_moment_ago_give_no_signature(busy: Path, monkeypatch):
    """Racily clean: a file whose ctime is within RACY_NS of the walk may change
    again in the same clock tick; no signature is given while it is that young."""
    monkeypatch.setattr(cache.tree, "RACY_NS", 2_000_000_000)
    assert _signature(busy) is None  # written by the fixture just now
    settled = time.time_ns() - 10_000_000_000
    for path in busy.rglob("*"):
        if path.is_file() and ".git" not in path.parts:
            os.utime(path, ns=(settled, settled))
    assert _signature(busy) is None  # utime moved their ctime to now
    monkeypatch.setattr(cache.tree, "RACY_NS", 100_000_000)
    time.sleep(0.2)
    assert _signature(busy) is not None  # settled now


@pytest.mark.parametrize("odd", ["link", "fifo"])
def test_a_link_or_a_fifo_gives_no_signature(busy: Path, odd: str):
    assert _signature(busy) is not None
    target = busy / "proposals/2025/denok/lain"
    os.symlink("berkas.yaml", target) if odd == "link" else os.mkfifo(target)
    assert _signature(busy) is None


def test_without_gnu_find_there_is_no_signature_and_the_answer_is_the_same(busy: Path, tmp_path: Path,
                                                                             monkeypatch):
    tools = tmp_path / "bin-tanpa-find"
    tools.mkdir()
    os.symlink(shutil.which("git"), tools / "git")
    monkeypatch.setenv("PATH", str(tools))
    assert _signature(busy) is None
    assert validate(busy) == validate(busy, cache=False)


def test_no_signature_is_stored_for_a_file_changed_while_the_run_read(busy: Path, monkeypatch):
    """A record rewritten after the first walk, while the rules run: the walk after
    the run sees another signature, so the first one is not stored, and the next
    run reads the new text."""
    usulan = next((busy / "proposals/2025").glob("*/0[1-9]-*.yaml"))
    _validate_writing_meanwhile(busy, monkeypatch, usulan)
    assert _shortcuts(busy) == []
    assert any(f.path == usulan.relative_to(busy).as_posix() and f.rule.startswith("yaml") for f in validate(busy))


def test_a_plaintext_private_value_never_reaches_the_cache(tmp_path: Path):
    root = build_register(tmp_path / "register", CASES / "invalid" / "privasi-tidak-terenkripsi")
    found = validate(root)
    assert any(f.rule == "privasi.tidak-terenkripsi" for f in found)
    assert validate(root) == found == validate(root, cache=False)
    files = _cache_files(root)
    assert files
    for path in files:
        data = path.read_bytes()
        assert b"3508101201800001" not in data and b"0812-3456-7890" not in data, path
    assert not (cache.folder_for(root) / "results").exists() or not list((cache.folder_for(root) / "results").iterdir())


def test_an_open_data_xlsx_is_reused_only_for_the_same_rows(tmp_path: Path):
    """The site's XLSX files come from the cache when their rows are the same,
    and are written anew (with the new values) when any row changes."""
    from musrenbang import ekspor
    from musrenbang.site import data_terbuka
    from openpyxl import load_workbook

    store = Store(tmp_path / "cache")
    (tmp_path / "cache").mkdir()
    table = [{key: f"=awal {i}" if key == "lokasi" else "" for key, _ in ekspor.COLUMNS} for i in range(3)]
    first = data_terbuka._xlsx(table, 2026, ekspor.COLUMNS, store)
    assert store.names("turunan"), "the XLSX was not kept"
    assert data_terbuka._xlsx(table, 2026, ekspor.COLUMNS, store) == first
    changed = [dict(row) for row in table]
    changed[1]["lokasi"] = "diganti"
    out = tmp_path / "baru.xlsx"
    out.write_bytes(data_terbuka._xlsx(changed, 2026, ekspor.COLUMNS, store))
    column = [key for key, _ in ekspor.COLUMNS].index("lokasi") + 1
    sheet = load_workbook(out).active
    assert [sheet.cell(row, column).value for row in (2, 3, 4)] == ["=awal 0", "diganti", "=awal 2"]
    assert sheet.cell(2, column).data_type == "s"  # a cached file keeps the text type: never a formula
    assert len(store.names("turunan")) == 2


def test_a_file_appearing_between_find_and_the_walk_leaves_no_stale_shortcut(busy: Path, monkeypatch):
    """The content key may match an answer stored for a tree that had the file,
    while find's signature was taken without it: that signature must not be
    tied to that answer (found by an attack review)."""
    owners = busy / ".github/CODEOWNERS"
    owners.parent.mkdir(exist_ok=True)
    owners.write_text("* @orang-lain\n", "utf-8")
    with_owners = validate(busy)
    owners.unlink()
    without = validate(busy)
    assert with_owners != without  # the file changes the answer: the test can fail
    for entry in (cache.folder_for(busy) / "pintas").glob("*"):
        entry.unlink()
    original = cache.scan

    def scan_after_the_file_appears(*args, **kwargs):
        owners.write_text("* @orang-lain\n", "utf-8")
        return original(*args, **kwargs)

    monkeypatch.setattr(cache, "scan", scan_after_the_file_appears)
    assert validate(busy) == with_owners
    monkeypatch.setattr(cache, "scan", original)
    owners.unlink()
    assert validate(busy) == validate(busy, cache=False) == without


def test_programs_are_found_only_in_absolute_path_folders(tmp_path: Path, monkeypatch):
    """A register may ship its own `find` or `git`; a PATH with '.' or an empty
    entry (some CI images) must not run it."""
    from musrenbang.cache import spawn
    fake = tmp_path / "find"
    fake.write_text("#!/bin/sh\necho palsu\n")
    fake.chmod(0o755)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PATH", os.pathsep.join([".", "", os.environ["PATH"]]))
    found = spawn._on_path("find")
    assert found is not None and os.path.isabs(found) and Path(found) != fake.resolve()
    assert spawn.output(["find", str(tmp_path), "-maxdepth", "0"]) == f"{tmp_path}\n".encode()


def test_a_fifo_named_as_a_record_is_a_finding_not_a_hang(tmp_path: Path):
    root = build_register(tmp_path / "register", CASES / "invalid" / "dua-isian-tidak-dikenal")
    os.mkfifo(root / "proposals/2025/denok/05-antrian.yaml")
    for extra in ([], ["--tanpa-cache"]):
        done = subprocess.run([sys.executable, "-m", "musrenbang.cli", "validate", *extra], cwd=root,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 1, done.stderr
        assert "05-antrian.yaml" in done.stdout and "bukan berkas biasa" in done.stdout, done.stdout
