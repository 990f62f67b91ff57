"""A content-addressed cache of parsed and checked records, kept between runs.

Where: `.git/musrenbang-cache/` (the common git dir, shared by worktrees) when
the register is in a git repository, else `.cache/musrenbang/` in the register
(ignored by the register's .gitignore). Nothing under the tracked tree of a git
checkout is ever read as cache: a pull request controls file contents and paths,
not `.git/`.

What is stored, each entry checked before it is trusted:

- records: per schema fingerprint, packs of `key → [data, valid, findings]`
  (findings without their path). A key is `<kind>:<content id>`: the SHA-256 of
  the bytes for a file read from disk (computed here: SHA-1 collisions can be
  made, and git's index may name other bytes than those on disk when
  .gitattributes converts them), git's object id for a blob read from git (git
  computed it, with collision detection);
- the stat cache: path → (size, mtime, ctime, inode, device, SHA-256), so a
  file unchanged since it was hashed is not read again; only entries whose
  ctime is two seconds older than the run are kept (a change later bumps ctime);
- results: a whole `validate` answer keyed by everything it read.

Every file is written to a temporary name and renamed into place (`os.replace`),
so two processes may run at once; every file starts with a header naming the
format version and the SHA-256 of its payload, so a torn, truncated or flipped
file is detected, removed and recomputed. A cache that cannot be written is
skipped without a word. `MUSRENBANG_TANPA_CACHE=1` (or `--tanpa-cache`) turns it off.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

VERSION = 1
MAGIC = b"musrenbang-cache"
ENV_OFF = "MUSRENBANG_TANPA_CACHE"
MAX_PACKS = 12  # more packs than this for one fingerprint are merged into one
KEEP_RESULTS = 16
KEEP_FINGERPRINTS = 8
RACY_NS = 2_000_000_000


def content_id(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def disabled() -> bool:
    return os.environ.get(ENV_OFF, "") not in ("", "0")


def folder_for(root: Path) -> Path | None:
    """The cache folder of the register at `root`, or None when caching is off."""
    if disabled():
        return None
    gitdir = _git_dir(root)
    return gitdir / "musrenbang-cache" if gitdir else root / ".cache" / "musrenbang"


def _git_dir(root: Path) -> Path | None:
    """The git directory holding `root` (its common dir for a worktree), read
    without running git."""
    for folder in (root, *root.parents):
        dotgit = folder / ".git"
        if dotgit.is_dir():
            return dotgit
        if dotgit.is_file():
            try:
                text = dotgit.read_text("utf-8").strip()
            except (OSError, UnicodeDecodeError):
                return None
            if not text.startswith("gitdir:"):
                return None
            gitdir = (folder / text[len("gitdir:"):].strip()).resolve()
            try:
                common = (gitdir / "commondir").read_text("utf-8").strip()
                return (gitdir / common).resolve()
            except (OSError, UnicodeDecodeError):
                return gitdir
    return None


def digest(parts) -> str:
    """SHA-256 over parts, each length-prefixed (no two lists give the same bytes)."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode("utf-8", "surrogatepass")
        hasher.update(b"%d:" % len(data))
        hasher.update(data)
    return hasher.hexdigest()


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The tool's own code and the versions of what decides a record's result."""
    package = Path(__file__).resolve().parent
    parts: list = [VERSION, sys.version, *_distributions(("yaml", "jsonschema", "jsonschema_rs"))]
    for path in sorted(package.rglob("*.py")):
        parts += [path.relative_to(package).as_posix(), path.read_bytes()]
    return digest(parts)


def _distributions(modules: tuple[str, ...]) -> list[str]:
    """The installed distributions (name and version, from their dist-info folder
    names) beside the given modules; found without importing them or
    importlib.metadata (30 ms at every start)."""
    from importlib.util import find_spec
    found = []
    for module in modules:
        spec = find_spec(module)
        if spec is None or not spec.origin:
            found.append(f"{module} -")
            continue
        folder = Path(spec.origin).parent.parent
        prefix = {"yaml": "pyyaml"}.get(module, module).lower()
        try:
            names = os.listdir(folder)
        except OSError:
            names = []
        found += sorted(n for n in names if n.lower().startswith(prefix + "-")
                        and n.endswith(".dist-info")) or [f"{module} ?"]
    return found


class Store:
    """Files under the cache folder, each with a checked header."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.writable = True

    def read(self, name: str) -> bytes | None:
        path = self.folder / name
        try:
            blob = path.read_bytes()
        except OSError:
            return None
        header, newline, payload = blob.partition(b"\n")
        fields = header.split(b" ")
        if (newline and len(fields) == 4 and fields[0] == MAGIC and fields[1] == str(VERSION).encode()
                and fields[3] == str(len(payload)).encode()
                and fields[2] == hashlib.sha256(payload).hexdigest().encode()):
            return payload
        self.remove(name)  # torn, truncated, altered or of another version: never trusted
        return None

    def write(self, name: str, payload: bytes) -> None:
        if not self.writable:
            return
        path = self.folder / name
        header = b"%s %d %s %d\n" % (MAGIC, VERSION, hashlib.sha256(payload).hexdigest().encode(), len(payload))
        import tempfile  # only when writing: a warm run writes nothing
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(header)
                    out.write(payload)
                os.replace(temporary, path)
            except BaseException:
                _unlink(Path(temporary))
                raise
        except OSError:
            self.writable = False  # read-only file system, full disk: run without writing

    def names(self, folder: str) -> list[str]:
        try:
            return sorted(e.name for e in os.scandir(self.folder / folder) if not e.name.startswith(".tmp-"))
        except OSError:
            return []

    def remove(self, name: str) -> None:
        if self.writable:
            _unlink(self.folder / name)

    def prune(self, folder: str, keep: int) -> None:
        """Keep the `keep` most recently written entries of a folder."""
        try:  # another process may remove an entry meanwhile: then prune next time
            entries = sorted(os.scandir(self.folder / folder), key=lambda e: e.stat().st_mtime_ns, reverse=True)
        except OSError:
            return
        for entry in entries[keep:]:
            if entry.is_dir(follow_symlinks=False):
                if self.writable:
                    import shutil
                    shutil.rmtree(entry.path, ignore_errors=True)
            else:
                self.remove(f"{folder}/{entry.name}")


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def open_store(root: Path) -> Store | None:
    folder = folder_for(root)
    return Store(folder) if folder else None


class _Packs:
    """The entries of one folder: packs of `content id<TAB>entry` lines, read on
    first use."""

    def __init__(self, store: Store, folder: str):
        self.store, self.folder = store, folder
        self.entries: dict[str, str] = {}
        self.packs: list[str] = []
        self.pending: dict[str, str] = {}
        self.loaded = False

    def load(self) -> None:
        self.loaded = True
        for name in self.store.names(self.folder):
            payload = self.store.read(f"{self.folder}/{name}")
            if payload is None:
                continue
            self.packs.append(name)
            for line in payload.decode("utf-8", "replace").split("\n"):
                key, tab, text = line.partition("\t")
                if tab:
                    self.entries[key] = text

    def get(self, key: str) -> str | None:
        if not self.loaded:
            self.load()
        return self.entries.get(key)

    def put(self, key: str, text: str) -> None:
        if self.get(key) is None:
            self.pending[key] = self.entries[key] = text

    def flush(self) -> None:
        """This run's new entries as one pack (all entries in one, when the packs
        have grown many)."""
        if not self.pending:
            return
        merge = len(self.packs) >= MAX_PACKS
        chosen = self.entries if merge else self.pending
        payload = "\n".join(f"{k}\t{v}" for k, v in chosen.items()).encode("utf-8")
        name = f"{hashlib.sha256(payload).hexdigest()[:32]}.pack"
        self.store.write(f"{self.folder}/{name}", payload)
        if merge:
            for old in self.packs:
                if old != name:
                    self.store.remove(f"{self.folder}/{old}")
            self.packs = [name]
        else:
            self.packs.append(name)
        self.pending = {}


class RecordCache:
    """Parsed and checked records of one fingerprint, in packs per record kind
    (`check` reads the berkas ones only)."""

    def __init__(self, store: Store, fingerprint: str):
        self.store = store
        self.folder = f"records/{fingerprint}"
        self.kinds: dict[str, _Packs] = {}

    @classmethod
    def for_schemas(cls, store: Store | None, schemas) -> RecordCache | None:
        if store is None:
            return None
        return cls(store, digest([code_fingerprint(), *schemas.fingerprint_parts()]))

    def _packs(self, kind: str) -> _Packs:
        if kind not in self.kinds:
            self.kinds[kind] = _Packs(self.store, f"{self.folder}/{kind}")
        return self.kinds[kind]

    def get(self, kind: str, content: str):
        """[data, valid, findings] or None."""
        text = self._packs(kind).get(content)
        if text is None:
            return None
        try:
            entry = json.loads(text)
        except ValueError:
            return None
        return entry if isinstance(entry, list) and len(entry) == 3 else None

    def put(self, kind: str, content: str, text: str) -> None:
        self._packs(kind).put(content, text)

    def flush(self) -> None:
        if any(packs.pending for packs in self.kinds.values()):
            for packs in self.kinds.values():
                packs.flush()
            self.store.prune("records", KEEP_FINGERPRINTS)


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


@dataclass(frozen=True)
class Tree:
    """What a walk found: `key` covers paths, kinds and contents (None when some
    content is not known), `shape` paths and kinds only."""

    key: str | None
    shape: str


def tree_key(root: Path, stats: StatCache, folders: tuple[str, ...], files: tuple[str, ...],
             read: Callable[[str], bool] = lambda relpath: True, known: dict[str, str] | None = None) -> Tree:
    """Everything under `folders` and the `files`: each entry's path, kind and
    content (SHA-256 of a file, target of a link). A file's content is taken from
    `known` (what this run read), else from the stat cache when unchanged, else
    read and hashed here when `read` says so; otherwise the key is None (a cold
    run reads the records once, later). None too when a folder holds a symbolic
    link: what it leads to is no input the key covers (and such a register has a
    finding anyway)."""
    base, known = str(root), known or {}
    listing: list = [code_fingerprint()]
    shape: list = []
    for name in files:
        listing.append(_entry(base, name, stats, read))
        shape.append([name, listing[-1] and listing[-1][1]])
    for folder in folders:
        pending = [folder]
        while pending:
            current = pending.pop()
            try:  # names are stat'ed relative to their folder: a shorter walk for the kernel
                fd = os.open(f"{base}/{current}", os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
            except OSError as error:
                listing.append([current, "tidak-terbaca", error.errno])
                shape.append(listing[-1])
                continue
            try:
                with os.scandir(fd) as found:
                    entries = sorted(found, key=lambda entry: entry.name)
                for item in entries:
                    relpath = f"{current}/{item.name}"
                    kind = _kind(item)
                    shape.append([relpath, kind])
                    if kind == "folder":
                        pending.append(relpath)
                        listing.append([relpath, kind])
                    elif kind == "berkas" and relpath in known:
                        listing.append([relpath, kind, known[relpath]])
                    elif kind == "berkas" and relpath not in stats.known and not read(relpath):
                        listing.append(None)  # unknown, not to be read now: no stat either
                    else:
                        listing.append(_entry(base, relpath, stats, read, (fd, item.name)))
            finally:
                os.close(fd)
    complete = all(entry is not None and entry[1] != "tautan" for entry in listing[1:])
    return Tree(_digest_json(listing) if complete else None, _digest_json(shape))


def _kind(entry: os.DirEntry) -> str:
    if entry.is_dir(follow_symlinks=False):
        return "folder"
    if entry.is_symlink():
        return "tautan"
    return "berkas" if entry.is_file(follow_symlinks=False) else "lain"


def _digest_json(value) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=True).encode()).hexdigest()


def _entry(base: str, relpath: str, stats: StatCache, read: Callable[[str], bool],
           at: tuple[int, str] | None = None) -> list | None:
    """[path, kind, content] of one entry; `at` = (folder fd, name) when walking."""
    fd, name = at if at else (None, f"{base}/{relpath}")
    try:
        st = os.stat(name, dir_fd=fd, follow_symlinks=False)
        if stat.S_ISDIR(st.st_mode):
            return [relpath, "folder"]
        if stat.S_ISLNK(st.st_mode):
            return [relpath, "tautan", os.readlink(name, dir_fd=fd)]
        if not stat.S_ISREG(st.st_mode):
            return [relpath, "lain", st.st_mode]
        content = stats.lookup(relpath, st)
        if content is None and not read(relpath):
            return None
        if content is None:
            with os.fdopen(os.open(name, os.O_RDONLY | os.O_NOFOLLOW, dir_fd=fd), "rb") as handle:
                st = os.fstat(handle.fileno())
                content = content_id(handle.read())
            stats.note(relpath, st, content)
        return [relpath, "berkas", content]
    except FileNotFoundError:
        return [relpath, "tidak-ada"]
    except OSError as error:
        return [relpath, "tidak-terbaca", error.errno]


def load_result(store: Store, key: str, now: float | None = None) -> list | None:
    """A whole answer stored under `key`, unless it has expired."""
    payload = store.read(f"results/{key}")
    if payload is None:
        return None
    try:
        stored = json.loads(payload)
        until, rows = stored["sampai"], stored["temuan"]
    except (ValueError, KeyError, TypeError):
        return None
    if until is not None and (now if now is not None else time.time()) >= until:
        return None
    return rows


def save_result(store: Store, key: str, rows: list, until: float | None) -> None:
    store.write(f"results/{key}", json.dumps({"sampai": until, "temuan": rows}, ensure_ascii=False).encode("utf-8"))
    store.prune("results", KEEP_RESULTS)
