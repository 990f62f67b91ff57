"""Reading git history so that no byte a contributor controls can change what
the tool sees.

A commit's message, author name and file names are the contributor's bytes: they
may hold any control character, invalid UTF-8 or a line that looks like a field
of ours. So nothing is ever parsed out of a formatted `git log`:

- which commits: `git rev-list --parents` (hexadecimal ids only);
- what each commit says: its raw object from one `git cat-file --batch`, where
  every object is length-prefixed, parsed by `commitobj`;
- what each commit changes: `git diff-tree --stdin -z --raw` against its first
  parent (NUL-separated; a path is only ever read right after the entry that
  announces it), with modes and blob ids;
- who signed it: an ed25519 SSH signature is verified in process from the raw
  object (`sshsig`, git's verdict without one `ssh-keygen` per commit); any other
  signature goes to `git log --no-walk -z` printing only hexadecimal ids and
  git's own verdict fields, NUL-separated.

Replace refs (`refs/replace/`) are ignored: history is what the objects say.
Blobs are read through one long-lived `git cat-file --batch` (no GitPython:
importing it cost more than a `check` of a small range).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path

from . import sshsig
from .commitobj import Commit, parse_commit
from .errors import MusrenbangError

__all__ = ["Change", "Commit", "Repository", "parse_raw_diff"]

_HEX = re.compile(rb"^(?:[0-9a-f]{40}|[0-9a-f]{64})$")
_BATCH_HEADER = re.compile(rb"^([0-9a-f]{40}|[0-9a-f]{64}) ([a-z]+) ([0-9]+)\n$")
_ENV = {**os.environ, "GIT_NO_REPLACE_OBJECTS": "1", "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
FILE_MODES = {"100644", "100755"}  # a regular file; 120000 is a symlink, 160000 a submodule


class _SigPipe(Exception):
    """git died of SIGPIPE (see `Repository._signatures`)."""


@dataclass(frozen=True)
class Change:
    status: str  # A, M, D, T (type change)
    path: str
    old_path: str | None = None  # kept for callers that report renames
    old_mode: str = "000000"
    new_mode: str = "000000"
    old_blob: str | None = None
    new_blob: str | None = None

    @property
    def regular(self) -> bool:
        """Whether every side of the change that exists is a plain file."""
        return all(mode in FILE_MODES for mode in (self.old_mode, self.new_mode) if mode != "000000")


class _Batch:
    """One `git cat-file --batch` kept open: an object by name, length-prefixed."""

    def __init__(self, root: Path):
        self.root = root
        self.process: subprocess.Popen | None = None

    def get(self, name: str) -> tuple[str, str, bytes] | None:
        """(object id, type, content), or None when the name names nothing."""
        encoded = name.encode("utf-8", "surrogateescape")
        if b"\n" in encoded:  # the batch protocol is line-based: ask git once for this name
            return self._single(encoded)
        if self.process is None:
            self.process = subprocess.Popen(["git", "cat-file", "--batch"], cwd=self.root, env=_ENV,
                                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        try:
            self.process.stdin.write(encoded + b"\n")
            self.process.stdin.flush()
        except BrokenPipeError:
            raise MusrenbangError(f"git cat-file berhenti saat membaca {name!r} di {self.root}: periksa "
                                  "repositorinya dengan 'git fsck'.") from None
        match = _BATCH_HEADER.match(self.process.stdout.readline())
        if not match:
            return None  # "<name> missing" or "<name> ambiguous"
        data = self.process.stdout.read(int(match[3]))
        self.process.stdout.read(1)
        return match[1].decode(), match[2].decode(), data

    def _single(self, name: bytes) -> tuple[str, str, bytes] | None:
        found = subprocess.run(["git", "rev-parse", "--verify", "--quiet", "--end-of-options", name], cwd=self.root,
                               env=_ENV, capture_output=True)
        sha = found.stdout.strip()
        if found.returncode != 0 or not _HEX.match(sha):
            return None
        kind = subprocess.run(["git", "cat-file", "-t", sha], cwd=self.root, env=_ENV, capture_output=True)
        data = subprocess.run(["git", "cat-file", kind.stdout.strip(), sha], cwd=self.root, env=_ENV,
                              capture_output=True)
        return sha.decode(), kind.stdout.strip().decode(), data.stdout

    def close(self) -> None:
        if self.process is not None:
            self.process.stdin.close()
            self.process.wait()
            self.process.stdout.close()
            self.process = None

    def __del__(self) -> None:
        try:
            self.close()
        except (OSError, ValueError):
            pass


class Repository:
    def __init__(self, root: Path):
        self.root = self._top(Path(root))
        self._batch = _Batch(self.root)

    @staticmethod
    def _top(root: Path) -> Path:
        """The work tree's top folder (the folder itself for a bare repository)."""
        try:
            found = subprocess.run(["git", "rev-parse", "--is-bare-repository", "--show-toplevel"], cwd=root,
                                   env=_ENV, capture_output=True)
        except OSError:
            found = None
        lines = found.stdout.decode("utf-8", "surrogateescape").splitlines() if found else []
        if found is None or found.returncode != 0 and lines[:1] != ["true"]:
            raise MusrenbangError(f"{root} bukan repositori git.")
        if lines[0] == "true":
            return root
        if len(lines) < 2 or Path(lines[1]).resolve() != root.resolve():
            raise MusrenbangError(f"{root} bukan repositori git.")  # a folder inside one is not a register
        return Path(lines[1])

    def _git(self, args: list[str], data: bytes | None = None, config: dict[str, str] | None = None) -> bytes:
        options = [part for key, value in (config or {}).items() for part in ("-c", f"{key}={value}")]
        result = subprocess.run(["git", *options, *args], cwd=self.root, input=data, capture_output=True, env=_ENV)
        if result.returncode == -signal.SIGPIPE:
            raise _SigPipe
        if result.returncode != 0:
            detail = result.stderr.decode("utf-8", "replace").strip()
            raise MusrenbangError(f"git {' '.join(args[:3])} gagal: {detail}")
        return result.stdout

    def run(self, *args: str, config: dict[str, str] | None = None) -> str:
        return self._git(list(args), config=config).decode("utf-8", "replace")

    def require_full_history(self) -> None:
        if self.run("rev-parse", "--is-shallow-repository").strip() == "true":
            raise MusrenbangError(
                "Repositori ini klon dangkal (shallow): riwayatnya tidak lengkap sehingga tidak dapat diperiksa. "
                "Ambil seluruh riwayat dengan 'git fetch --unshallow' (di GitHub/Gitea Actions: "
                "actions/checkout dengan 'fetch-depth: 0')."
            )

    def resolve(self, rev: str) -> str:
        """The commit id a revision names; an unknown name is a usage error."""
        result = subprocess.run(["git", "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"],
                                cwd=self.root, capture_output=True, env=_ENV)
        sha = result.stdout.strip()
        if result.returncode != 0 or not _HEX.match(sha):
            raise MusrenbangError(f"Revisi '{rev}' tidak ditemukan di repositori. Periksa ejaannya, atau ambil "
                                  "riwayat lengkap dengan 'git fetch'.")
        return sha.decode()

    def on_first_parent_line(self, ancestor: str, descendant: str) -> bool:
        """Whether `ancestor` is on the first-parent line of `descendant`: the history
        main has shown, not a line a merge brought in beside it."""
        line = self._git(["rev-list", "--first-parent", descendant]).split()
        return ancestor.encode() in line

    def commits(self, rev_range: list[str], *, first_parent: bool = False,
                allowed_signers: Path | None = None, paths: list[str] | None = None) -> list[Commit]:
        """Every commit of the range (touching `paths`, when given), oldest first,
        each with its change against its first parent: what it brings to the line
        it was made on, a merge included."""
        order = ["--first-parent"] if first_parent else ["--topo-order"]
        listing = self._git(["rev-list", "--reverse", "--parents", *order, *rev_range, "--", *(paths or [])])
        lineage = [line.split() for line in listing.splitlines() if line.strip()]
        shas = [ids[0].decode() for ids in lineage]
        if not shas:
            return []
        objects = self._objects(shas)
        commits = [parse_commit(sha, objects[sha]) for sha in shas]
        for commit, ids in zip(commits, lineage):
            commit.parents = [p.decode() for p in ids[1:]]  # git's own view, never a header we parsed
        changes = self._changes(commits)
        verdicts = self._verdicts(shas, objects, allowed_signers) if allowed_signers else {}
        for commit in commits:
            commit.changes = changes.get(commit.sha, [])
            commit.verdict(verdicts.get(commit.sha))
        return commits

    def _objects(self, shas: list[str]) -> dict[str, bytes]:
        """Raw commit objects, length-prefixed by `cat-file --batch`."""
        output = self._git(["cat-file", "--batch"], "\n".join(shas).encode() + b"\n")
        objects, offset = {}, 0
        for sha in shas:
            header_end = output.index(b"\n", offset)
            name, kind, size = output[offset:header_end].split(b" ")
            if name.decode() != sha or kind != b"commit":
                raise MusrenbangError(f"Objek {sha} bukan commit.")
            start = header_end + 1
            objects[sha] = output[start:start + int(size)]
            offset = start + int(size) + 1
        return objects

    def _changes(self, commits: list[Commit]) -> dict[str, list[Change]]:
        """Each commit against its first parent (the empty tree for a root)."""
        lines = [f"{c.sha} {c.parents[0]}" if c.parents else c.sha for c in commits]
        output = self._git(["diff-tree", "--stdin", "-r", "-z", "--raw", "--no-renames", "--root", "--no-abbrev",
                            "--no-ext-diff", "--no-textconv"], ("\n".join(lines) + "\n").encode())
        return parse_raw_diff(output)

    def tree_changes(self, old: str, new: str) -> list[Change]:
        """What differs between two revisions, path by path."""
        output = self._git(["diff-tree", "-r", "-z", "--raw", "--no-renames", "--no-abbrev", old, new])
        return parse_raw_diff(output, first=old).get(old, [])

    def merge_bases(self, one: str, other: str) -> list[str]:
        """Every best common ancestor (a criss-cross history has more than one; a
        merge combines them all)."""
        result = subprocess.run(["git", "merge-base", "--all", one, other], cwd=self.root, capture_output=True,
                                env=_ENV)
        return result.stdout.decode().split()

    def signatures(self, commits: list[Commit], allowed_signers: Path) -> dict[str, tuple[str, str, str]]:
        """Verdicts for commits read earlier (audit: a run of commits under one key set)."""
        return self._verdicts([c.sha for c in commits], {c.sha: c.raw for c in commits}, allowed_signers)

    def _verdicts(self, shas: list[str], objects: dict[str, bytes],
                  allowed_signers: Path) -> dict[str, tuple[str, str, str]]:
        """Each commit's signature verdict: in process where `sshsig` understands
        the signature, from git for the rest (GPG, RSA, anything unusual)."""
        signers = sshsig.AllowedSigners.read(allowed_signers)
        verdicts, rest = {}, []
        for sha in shas:
            found = sshsig.verdict(sha, objects[sha], signers)
            if found is None:
                rest.append(sha)
            else:
                verdicts[sha] = (found.status, found.key, found.signer)
        if rest:
            verdicts.update(self._signatures(rest, allowed_signers))
        return verdicts

    def _signatures(self, shas: list[str], allowed_signers: Path) -> dict[str, tuple[str, str, str]]:
        """git's verdict on each commit's signature: (status, key, principal).

        git writes a signed payload to ssh-keygen, which may exit on a malformed
        signature before reading it; git then dies of SIGPIPE (it restores that
        signal itself, whatever it inherits). The commits are then asked one at a
        time, a few times; one that still kills git is not verified ("E")."""
        try:
            return self._signature_log(shas, allowed_signers)
        except _SigPipe:
            pass
        if len(shas) > 1:
            verdicts: dict[str, tuple[str, str, str]] = {}
            for sha in shas:
                verdicts.update(self._signatures([sha], allowed_signers))
            return verdicts
        for _ in range(2):
            try:
                return self._signature_log(shas, allowed_signers)
            except _SigPipe:
                continue
        return {shas[0]: ("E", "", "")}

    def _signature_log(self, shas: list[str], allowed_signers: Path) -> dict[str, tuple[str, str, str]]:
        config = {"gpg.ssh.allowedSignersFile": str(allowed_signers), "log.showSignature": "false"}
        output = self._git(["log", "--no-walk=unsorted", "--stdin", "-z", "--format=%H%x00%G?%x00%GK%x00%GS"],
                           ("\n".join(shas) + "\n").encode(), config)
        fields = output.split(b"\0")
        verdicts = {}
        for index in range(0, len(fields) - 3, 4):
            sha, status, key, signer = (f.decode("utf-8", "replace") for f in fields[index:index + 4])
            if _HEX.match(sha.encode()):
                verdicts[sha] = (status or "N", key, signer)
        return verdicts

    def trailers(self, message: bytes) -> list[tuple[str, str]]:
        """(key, value) of the trailers in git's own trailer block of a message."""
        output = self._git(["interpret-trailers", "--parse", "--no-divider"], message)
        pairs = []
        for line in output.decode("utf-8", "replace").splitlines():
            key, sep, value = line.partition(":")
            if sep:
                pairs.append((key, value.strip()))
        return pairs

    def read(self, rev: str, path: str) -> tuple[str, bytes] | None:
        """(blob id, content) of `path` at `rev`, or None when it does not exist."""
        found = self._batch.get(f"{rev}:{path}")
        return (found[0], found[2]) if found and found[1] == "blob" else None

    def blob(self, blob_id: str) -> bytes | None:
        found = self._batch.get(blob_id)
        return found[2] if found and found[1] == "blob" else None

    def tree(self, rev: str, prefix: str) -> dict[str, tuple[str, str, str]]:
        """path -> (mode, type, object id) of every entry under `prefix` at `rev`
        (one `ls-tree -r`; the paths `paths` gives)."""
        output = self._git(["ls-tree", "-r", "-z", "--full-tree", rev, "--", prefix])
        found = {}
        for entry in filter(None, output.split(b"\0")):
            meta, _, path = entry.partition(b"\t")
            mode, kind, sha = meta.decode().split(" ")
            found[path.decode("utf-8", "surrogateescape")] = (mode, kind, sha)
        return found

    def contents(self, ids: list[str]) -> dict[str, bytes]:
        """The content of each blob id, in one `cat-file --batch`."""
        if not ids:
            return {}
        output = self._git(["cat-file", "--batch"], "\n".join(ids).encode() + b"\n")
        found, offset = {}, 0
        while offset < len(output):
            header_end = output.index(b"\n", offset)
            match = _BATCH_HEADER.match(output[offset:header_end + 1])
            if not match:
                raise MusrenbangError(f"Objek {output[offset:header_end][:60]!r} tidak ada di repositori.")
            start = header_end + 1
            found[match[1].decode()] = output[start:start + int(match[3])]
            offset = start + int(match[3]) + 1
        return found

    def close(self) -> None:
        self._batch.close()

    def paths(self, rev: str, prefix: str) -> set[str]:
        if not self.run("ls-tree", "--name-only", rev, prefix).strip():
            return set()
        return set(filter(None, self.run("ls-tree", "-r", "-z", "--name-only", rev, "--", prefix).split("\0")))


def parse_raw_diff(output: bytes, first: str | None = None) -> dict[str, list[Change]]:
    """`diff-tree --stdin -z --raw --no-renames` output: a commit id, then entries
    `:old new oldblob newblob status` each followed by exactly one path. Output of a
    two-tree diff has no commit id: its entries go under `first`."""
    tokens = output.split(b"\0")
    result: dict[str, list[Change]] = {first: []} if first else {}
    current: list[Change] | None = result.get(first) if first else None
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.startswith(b":"):
            old_mode, new_mode, old_blob, new_blob, status = token[1:].decode().split(" ")
            path = tokens[index + 1].decode("utf-8", "surrogateescape")
            current.append(Change(status[:1], path, None, old_mode, new_mode,
                                  None if set(old_blob) == {"0"} else old_blob,
                                  None if set(new_blob) == {"0"} else new_blob))
            index += 2
            continue
        token = token.strip(b"\n")
        if _HEX.match(token):
            current = result.setdefault(token.decode(), [])
        elif token:
            raise MusrenbangError(f"Keluaran git diff-tree tidak dikenal: {token[:40]!r}")
        index += 1
    return result

