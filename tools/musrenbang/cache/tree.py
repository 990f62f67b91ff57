"""The keys of a register's tree, under which a whole `validate` answer is stored.

The *signature* (`Signature`) is every entry's path, kind, size, times, inode
and device, as GNU find prints them: a warm run that finds the signature of an
earlier run finds that run's answer without reading or looking up a single
file (`results.load_shortcut`). find walks in C while the tool starts up; a
walk of 30,000 files in Python costs as much again. Without GNU find there is
no signature, and a warm run takes the content key.

The content key (`scan`, then `Scan.tree`) adds each file's SHA-256, from what
the run read, the stat cache or the file itself.

A signature is only given when every entry's ctime and mtime are older than
the walk by `RACY_NS`: any later change to a file, even one that sets its mtime
back, moves its ctime past what the signature holds (git's "racily clean"
rule). A file whose kind is not a folder or a plain file (a link, a FIFO, a
device) or that cannot be read leaves the tree with neither key: what it leads
to is no input the keys cover."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import spawn
from .keys import code_fingerprint, content_id, digest
from .store import Store

RACY_NS = 2_000_000_000


class StatCache:
    """path → SHA-256 of files unchanged since they were hashed (same size, times,
    inode and device), for one register folder."""

    def __init__(self, store: Store, root: Path):
        self.store = store
        self.name = f"stat/{digest([str(root.resolve())])[:32]}"
        self.started = time.time_ns()
        self.known: dict[str, list] = {}  # path → [size, mtime, ctime, inode, device, id]
        self.changed = False
        try:
            known = json.loads(store.read(self.name) or b"{}")
        except ValueError:
            known = {}
        if isinstance(known, dict):
            self.known = known

    @staticmethod
    def signature(st: os.stat_result) -> list:
        return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]

    def lookup(self, relpath: str, st: os.stat_result) -> str | None:
        found = self.known.get(relpath)
        try:
            same = (found[1] == st.st_mtime_ns and found[2] == st.st_ctime_ns and found[0] == st.st_size
                    and found[3] == st.st_ino and found[4] == st.st_dev and len(found) == 6)
        except (TypeError, IndexError, KeyError):
            return None
        return found[5] if same and isinstance(found[5], str) else None

    def note(self, relpath: str, st: os.stat_result, content: str) -> None:
        """Remember a hash, unless the file may still change within its timestamp's
        resolution ("racily clean", as git calls it)."""
        if max(st.st_ctime_ns, st.st_mtime_ns) < self.started - RACY_NS:
            entry = [*self.signature(st), content]
            if self.known.get(relpath) != entry:
                self.known[relpath] = entry
                self.changed = True

    def save(self) -> None:
        if self.changed:
            self.store.write(self.name, json.dumps(self.known, separators=(",", ":")).encode("utf-8"))
            self.changed = False


# Entries whose content a key covers; a link, a FIFO, a device or an entry that
# cannot be read leads to what the key does not cover: no whole answer then.
COMPLETE_KINDS = ("folder", "berkas", "tidak-ada")
_DIR = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW


@dataclass(frozen=True)
class Tree:
    """The content key of a tree (None when some content is not known) and its
    shape (paths and kinds only)."""

    key: str | None
    shape: str


@dataclass
class Scan:
    """What one walk found: (path, kind, stat of a file or None) in walk order."""

    root: Path
    entries: list[tuple[str, str, os.stat_result | None]]

    def tree(self, stats: StatCache, read: Callable[[str], bool] = lambda relpath: True,
             known: dict[str, str] | None = None) -> Tree:
        """The content key: a file's SHA-256 is taken from `known` (what this run
        read), else from the stat cache when unchanged, else read and hashed here
        when `read` says so; otherwise the key is None (a cold run reads the
        records once, later). Fields are joined with NUL, which no path, kind or
        content holds, and hashed once."""
        known = known or {}
        listing: list[str] = [code_fingerprint()]
        shape: list[str] = []
        complete = True
        for relpath, kind, st in self.entries:
            shape.extend((relpath, kind, ""))
            if kind != "berkas":
                complete = complete and kind in COMPLETE_KINDS
                listing.extend((relpath, kind, ""))
                continue
            content = known.get(relpath) or stats.lookup(relpath, st)
            if content is None and read(relpath):
                content = _hash_file(self.root, relpath, st, stats)
            if content is None:
                complete = False
            else:
                listing.extend((relpath, kind, content, ""))
        return Tree(_digest_strings(listing) if complete else None, _digest_strings(shape))


def scan(root: Path, folders: tuple[str, ...], files: tuple[str, ...]) -> Scan:
    """Everything under `folders` and the `files`, in a fixed order: the `files`,
    then each folder depth first with names sorted. Names are stat'ed relative to
    their open folder, never through a link."""
    base = str(root)
    entries: list[tuple[str, str, os.stat_result | None]] = []
    for name in files:
        entries.append(_top_entry(base, name))
    for folder in folders:
        pending = [folder]
        while pending:
            current = pending.pop()
            try:
                fd = os.open(f"{base}/{current}", _DIR)
            except FileNotFoundError:
                entries.append((current, "tidak-ada", None))
                continue
            except OSError:  # a link (ELOOP), a file (ENOTDIR), no permission
                entries.append((current, "tidak-terbaca", None))
                continue
            try:
                _scan_folder(fd, current, entries, pending)
            finally:
                os.close(fd)
    return Scan(root, entries)


def _scan_folder(fd: int, current: str, entries: list, pending: list[str]) -> None:
    with os.scandir(fd) as found:
        listed = sorted(found, key=lambda entry: entry.name)
    for item in listed:
        relpath = f"{current}/{item.name}"
        if item.is_dir(follow_symlinks=False):
            pending.append(relpath)
            entries.append((relpath, "folder", None))
        elif item.is_file(follow_symlinks=False):
            try:
                entries.append((relpath, "berkas", item.stat(follow_symlinks=False)))
            except OSError:
                entries.append((relpath, "tidak-terbaca", None))
        else:
            entries.append((relpath, "tautan" if item.is_symlink() else "lain", None))


def _top_entry(base: str, name: str) -> tuple[str, str, os.stat_result | None]:
    try:
        st = os.stat(f"{base}/{name}", follow_symlinks=False)
    except FileNotFoundError:
        return (name, "tidak-ada", None)
    except OSError:
        return (name, "tidak-terbaca", None)
    if stat.S_ISDIR(st.st_mode):
        return (name, "folder", None)
    if stat.S_ISREG(st.st_mode):
        return (name, "berkas", st)
    return (name, "tautan" if stat.S_ISLNK(st.st_mode) else "lain", None)


def _hash_file(root: Path, relpath: str, scanned: os.stat_result, stats: StatCache) -> str | None:
    """SHA-256 of a file, when it is still the plain file the walk found (same
    inode and device: nothing swapped in meanwhile, no link followed)."""
    try:
        handle = os.open(f"{root}/{relpath}", os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    with os.fdopen(handle, "rb") as opened:
        st = os.fstat(opened.fileno())
        if not stat.S_ISREG(st.st_mode) or (st.st_ino, st.st_dev) != (scanned.st_ino, scanned.st_dev):
            return None
        try:
            content = content_id(opened.read())
        except OSError:
            return None
    stats.note(relpath, st, content)
    return content


def _digest_strings(fields: list[str]) -> str:
    return hashlib.sha256("\0".join(fields).encode("utf-8", "surrogatepass")).hexdigest()


# Each entry's kind, path, size, mtime and ctime (in nanoseconds), inode and
# device, each field ended by NUL. An entry changed within RACY_NS of the walk,
# or of a kind the keys do not cover, adds a field "R": no other field can be
# that (a kind is one of find's letters, a path starts with the root).
_FIND_FIELDS = "%y\\0%p\\0%s\\0%T@\\0%C@\\0%i\\0%D\\0"


class Signature:
    """GNU find walking the tree's inputs, started here and read in `value`."""

    def __init__(self, root: Path, folders: tuple[str, ...], files: tuple[str, ...]):
        self.root = os.path.abspath(root)
        settled = time.time_ns() - RACY_NS
        since = f"@{settled // 10**9}.{settled % 10**9:09d}"
        self.tops = [name for name in (*files, *folders) if os.path.lexists(f"{self.root}/{name}")]
        self.running = spawn.Running([
            "find", *(f"{self.root}/{name}" for name in self.tops), "-printf", _FIND_FIELDS,
            "(", "-newerct", since, "-o", "-newermt", since, "-o", "!", "-type", "f", "!", "-type", "d", ")",
            "-printf", "R\\0"]) if self.tops else None

    def value(self) -> str | None:
        """None when find is missing or failed (an unreadable folder), or some
        entry is racy or of another kind."""
        listing = self.running.output() if self.running else b""
        if listing is None or b"\0R\0" in listing:
            return None
        return digest([code_fingerprint(), self.root, *self.tops, listing])
