"""A content-addressed cache of parsed and checked records, kept between runs.

Where: never in the register's tree, which an archive or a pull request
controls (links included). In `<git common dir>/musrenbang-cache/` when
`git rev-parse --git-common-dir` in the root names one (git's safe.directory
and ownership rules apply; shared by worktrees), else in
`$XDG_CACHE_HOME/musrenbang/<SHA-256 of the resolved root>/` (`~/.cache`). The
base and each folder below it must be a real folder owned by this user, or
there is no cache; folders and files are opened relative to their parent
without following links, and only names of the cache's own form (`NAME`) are
read, written or removed. A record holding a private value in plain text is
never stored (`bulk.plain_private`).

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
- results: a whole `validate` answer keyed by everything it read;
- turunan: files the site makes from public data alone (the open-data XLSX,
  whose writing cost a site build seconds), keyed by the rows they hold, the
  tool's code and the writing library's version.

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
import re
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
KEEP_DERIVED = 32  # the open-data XLSX files of recent builds
KEEP_FINGERPRINTS = 8
RACY_NS = 2_000_000_000


def content_id(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def disabled() -> bool:
    return os.environ.get(ENV_OFF, "") not in ("", "0")


def folder_for(root: Path) -> Path | None:
    """The cache folder of the register at `root`, or None when caching is off or
    no safe folder is found."""
    if disabled():
        return None
    resolved = root.resolve()
    gitdir = _git_dir(resolved)
    if gitdir is not None:
        return _own_folder(gitdir, ("musrenbang-cache",))
    base = os.environ.get("XDG_CACHE_HOME", "")
    try:
        base_path = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    except RuntimeError:  # no home folder
        return None
    name = hashlib.sha256(str(resolved).encode("utf-8", "surrogateescape")).hexdigest()
    return _own_folder(base_path, ("musrenbang", name), create_base=True)


def _git_dir(root: Path) -> Path | None:
    """git's own answer for the common git dir of `root` (so that its safe.directory
    and ownership rules apply), when it belongs to this user; else None."""
    output = _git_output(["git", "-C", str(root), "rev-parse", "--git-common-dir"])
    text = output.decode("utf-8", "surrogateescape").strip() if output else ""
    return Path(os.path.normpath(root / text)) if text else None  # relative output is relative to root


def _git_output(argv: list[str]) -> bytes | None:
    """What git prints, or None when it fails or is missing. posix_spawn where
    there is one: importing `subprocess` costs more than running git (7 ms and
    1.3 ms, on every start)."""
    if not hasattr(os, "posix_spawnp"):
        import subprocess
        try:
            done = subprocess.run(argv, capture_output=True, stdin=subprocess.DEVNULL)
        except OSError:
            return None
        return done.stdout if done.returncode == 0 else None
    read_end, write_end = os.pipe()
    try:
        pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=[
            (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0), (os.POSIX_SPAWN_DUP2, write_end, 1),
            (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0)])
    except OSError:
        os.close(read_end)
        return None
    finally:
        os.close(write_end)
    with os.fdopen(read_end, "rb") as out:
        data = out.read()
    _, status = os.waitpid(pid, 0)
    return data if os.waitstatus_to_exitcode(status) == 0 else None


def _own_folder(base: Path, parts: tuple[str, ...], create_base: bool = False) -> Path | None:
    """base/parts, created where missing, when the base and every part are real
    folders (never links) owned by this user."""
    if create_base:
        try:
            base.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError:
            return None
    folder = base
    for index in range(len(parts) + 1):
        if index:
            folder = folder / parts[index - 1]
            try:
                folder.mkdir(mode=0o700)
            except FileExistsError:
                pass
            except OSError:
                return None
        try:
            st = os.lstat(folder)
        except OSError:
            return None
        if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid():
            return None
    return folder


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


# The names this cache writes, and the only ones it reads or removes.
NAME = re.compile(r"records/[0-9a-f]{64}/[a-z]+/[0-9a-f]{32}\.pack|results/[0-9a-f]{64}|stat/[0-9a-f]{32}"
                  r"|turunan/[0-9a-f]{64}")
FINGERPRINT = re.compile(r"[0-9a-f]{64}")
KIND = re.compile(r"[a-z]+")
_DIR = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW


class Store:
    """Files under the cache folder, each with a checked header. Every folder and
    file is opened relative to its parent without following a link, and only
    names of the cache's own form (`NAME`) are read, written or removed."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.writable = True

    def _open_dir(self, parts: list[str], create: bool = False) -> int | None:
        """A descriptor of folder/parts, each part a real folder owned by this user."""
        try:
            fd = os.open(self.folder, _DIR)
        except OSError:
            return None
        try:
            for part in parts:
                if create:
                    try:
                        os.mkdir(part, 0o700, dir_fd=fd)
                    except FileExistsError:
                        pass
                inner = os.open(part, _DIR, dir_fd=fd)
                os.close(fd)
                fd = inner
                if os.fstat(fd).st_uid != os.getuid():
                    raise PermissionError(part)
            return fd
        except OSError:
            os.close(fd)
            return None

    def read(self, name: str) -> bytes | None:
        if not NAME.fullmatch(name):
            return None
        *parts, leaf = name.split("/")
        fd = self._open_dir(parts)
        if fd is None:
            return None
        try:
            handle = os.open(leaf, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=fd)
        except OSError:
            os.close(fd)
            return None
        try:
            with os.fdopen(handle, "rb") as opened:
                if not stat.S_ISREG(os.fstat(opened.fileno()).st_mode):
                    return None
                blob = opened.read()
        except OSError:
            return None
        finally:
            os.close(fd)
        header, newline, payload = blob.partition(b"\n")
        fields = header.split(b" ")
        if (newline and len(fields) == 4 and fields[0] == MAGIC and fields[1] == str(VERSION).encode()
                and fields[3] == str(len(payload)).encode()
                and fields[2] == hashlib.sha256(payload).hexdigest().encode()):
            return payload
        self.remove(name)  # torn, truncated, altered or of another version: never trusted
        return None

    def write(self, name: str, payload: bytes) -> None:
        if not self.writable or not NAME.fullmatch(name):
            return
        *parts, leaf = name.split("/")
        header = b"%s %d %s %d\n" % (MAGIC, VERSION, hashlib.sha256(payload).hexdigest().encode(), len(payload))
        fd = self._open_dir(parts, create=True)
        if fd is None:
            self.writable = False
            return
        temporary = f".tmp-{os.urandom(8).hex()}"
        try:
            handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600, dir_fd=fd)
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(header)
                    out.write(payload)
                os.replace(temporary, leaf, src_dir_fd=fd, dst_dir_fd=fd)
            except BaseException:
                _unlink(temporary, fd)
                raise
        except OSError:
            self.writable = False  # read-only file system, full disk: run without writing
        finally:
            os.close(fd)

    def names(self, folder: str) -> list[str]:
        """The entries of a folder that have the cache's own form."""
        fd = self._open_dir(folder.split("/"))
        if fd is None:
            return []
        try:
            return sorted(n for n in os.listdir(fd) if NAME.fullmatch(f"{folder}/{n}"))
        except OSError:
            return []
        finally:
            os.close(fd)

    def remove(self, name: str) -> None:
        if not self.writable or not NAME.fullmatch(name):
            return
        *parts, leaf = name.split("/")
        fd = self._open_dir(parts)
        if fd is not None:
            _unlink(leaf, fd)
            os.close(fd)

    def prune(self, folder: str, keep: int) -> None:
        """Keep the `keep` most recently written entries of `results` or `records`
        (a fingerprint's folder: its packs, then its emptied folders, are removed)."""
        fd = self._open_dir([folder])
        if fd is None:
            return
        try:  # another process may remove an entry meanwhile: then prune next time
            dated = []
            for name in os.listdir(fd):
                own = FINGERPRINT.fullmatch(name) if folder == "records" else NAME.fullmatch(f"{folder}/{name}")
                if own:
                    dated.append((os.stat(name, dir_fd=fd, follow_symlinks=False).st_mtime_ns, name))
        except OSError:
            return
        finally:
            os.close(fd)
        for _, name in sorted(dated, reverse=True)[keep:]:
            if folder == "records":
                self._remove_fingerprint(name)
            else:
                self.remove(f"{folder}/{name}")

    def _remove_fingerprint(self, fingerprint: str) -> None:
        if not self.writable:
            return
        fd = self._open_dir(["records", fingerprint])
        if fd is None:
            return
        try:
            for kind in filter(KIND.fullmatch, os.listdir(fd)):
                for name in self.names(f"records/{fingerprint}/{kind}"):
                    self.remove(f"records/{fingerprint}/{kind}/{name}")
                _rmdir(kind, fd)
        except OSError:
            pass
        finally:
            os.close(fd)
        parent = self._open_dir(["records"])
        if parent is not None:
            _rmdir(fingerprint, parent)
            os.close(parent)


def _unlink(name: str, dir_fd: int) -> None:
    try:
        os.unlink(name, dir_fd=dir_fd)
    except OSError:
        pass


def _rmdir(name: str, dir_fd: int) -> None:
    try:  # an empty folder only: anything else put there stays
        os.rmdir(name, dir_fd=dir_fd)
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


# Entries whose content a key covers; a link, a FIFO, a device or an entry that
# cannot be read leads to what the key does not cover: no whole answer then.
COMPLETE_KINDS = ("folder", "berkas", "tidak-ada")


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
    run reads the records once, later). None too when any entry, a top folder or
    one of the `files` included, is a symbolic link, a FIFO or unreadable: what it
    leads to is no input the key covers.

    The fields of every entry are joined with NUL, which no path, kind or
    content holds, and hashed once (a warm `validate` of 30,000 files is mostly
    this walk)."""
    base, known = str(root), known or {}
    listing: list[str] = [code_fingerprint()]
    shape: list[str] = []
    complete = True

    def add(entry: list | None) -> None:
        nonlocal complete
        if entry is None or entry[1] not in COMPLETE_KINDS:
            complete = False
        if entry is not None:
            listing.extend(map(str, entry))
            listing.append("")
            shape.extend((entry[0], entry[1], ""))

    for name in files:
        add(_entry(base, name, stats, read))
    lookup = stats.lookup
    for folder in folders:
        pending = [folder]
        while pending:
            current = pending.pop()
            try:  # names are stat'ed relative to their folder: a shorter walk for the kernel
                fd = os.open(f"{base}/{current}", os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
            except FileNotFoundError:
                add([current, "tidak-ada"])
                continue
            except OSError as error:  # a link (ELOOP), a file (ENOTDIR), no permission
                add([current, "tidak-terbaca", error.errno])
                continue
            try:
                with os.scandir(fd) as found:
                    entries = sorted(found, key=lambda entry: entry.name)
                for item in entries:
                    relpath = f"{current}/{item.name}"
                    if item.is_dir(follow_symlinks=False):
                        pending.append(relpath)
                        listing.extend((relpath, "folder", ""))
                        shape.extend((relpath, "folder", ""))
                        continue
                    content = known.get(relpath)
                    regular = item.is_file(follow_symlinks=False)
                    if content is None and regular:
                        try:  # the common warm case: a file the stat cache knows unchanged
                            content = lookup(relpath, item.stat(follow_symlinks=False))
                        except OSError:
                            content = None
                        if content is None and relpath not in stats.known and not read(relpath):
                            complete = False  # unknown, not to be read now
                            shape.extend((relpath, "berkas", ""))
                            continue
                    if content is not None and regular:
                        listing.extend((relpath, "berkas", content, ""))
                        shape.extend((relpath, "berkas", ""))
                    else:
                        entry = _entry(base, relpath, stats, read, (fd, item.name))
                        add(entry)
                        if entry is None:
                            shape.extend((relpath, _kind(item), ""))
            finally:
                os.close(fd)
    return Tree(_digest_strings(listing) if complete else None, _digest_strings(shape))


def _digest_strings(fields: list[str]) -> str:
    return hashlib.sha256("\0".join(fields).encode("utf-8", "surrogatepass")).hexdigest()


def _kind(entry: os.DirEntry) -> str:
    if entry.is_dir(follow_symlinks=False):
        return "folder"
    if entry.is_symlink():
        return "tautan"
    return "berkas" if entry.is_file(follow_symlinks=False) else "lain"


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


def derived_key(kind: str, parts: list, libraries: tuple[str, ...]) -> str:
    """The key of a file made from public data (`turunan/`): what it is made of,
    the tool's code and the libraries that write it."""
    return digest([kind, code_fingerprint(), *_distributions(libraries), *parts])


def load_derived(store: Store, key: str) -> bytes | None:
    return store.read(f"turunan/{key}")


def save_derived(store: Store, key: str, data: bytes) -> None:
    store.write(f"turunan/{key}", data)
    store.prune("turunan", KEEP_DERIVED)

