"""Where the cache lives and how its files are read and written (see the
package's docstring for the rules)."""

from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path

from . import spawn
from .keys import VERSION

MAGIC = b"musrenbang-cache"
ENV_OFF = "MUSRENBANG_TANPA_CACHE"


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
    output = spawn.output(["git", "-C", str(root), "rev-parse", "--git-common-dir"])
    text = output.decode("utf-8", "surrogateescape").strip() if output else ""
    return Path(os.path.normpath(root / text)) if text else None  # relative output is relative to root


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


# The names this cache writes, and the only ones it reads or removes.
NAME = re.compile(r"records/[0-9a-f]{64}/[a-z]+/[0-9a-f]{32}\.pack|results/[0-9a-f]{64}|stat/[0-9a-f]{32}"
                  r"|turunan/[0-9a-f]{64}|pintas/[0-9a-f]{64}")
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
