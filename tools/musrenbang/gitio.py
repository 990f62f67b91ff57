"""Reading git history in one pass: commits with their metadata, signature status
and changed paths from a single `git log`, file contents from one persistent
`git cat-file --batch` (GitPython), each blob parsed at most once by callers.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import git

from .errors import MusrenbangError

_FIELDS = ("sha", "parents", "author_name", "author_email", "author_time", "committer_time",
           "sig_status", "sig_signer", "sig_key", "message")
_FORMAT = "%x1e" + "%x1f".join(("%H", "%P", "%an", "%ae", "%aI", "%cI", "%G?", "%GS", "%GK", "%B")) + "%x1f"


@dataclass(frozen=True)
class Change:
    status: str  # A, M, D, R (rename), or a combined status of a merge
    path: str
    old_path: str | None = None


@dataclass
class Commit:
    sha: str
    parents: list[str]
    author_name: str
    author_email: str
    author_time: datetime
    committer_time: datetime
    sig_status: str  # %G?: G good, N none, B bad, U/X/Y/R/E other
    sig_signer: str
    sig_key: str
    message: str
    changes: list[Change] = field(default_factory=list)

    @property
    def short(self) -> str:
        return self.sha[:8]

    @property
    def subject(self) -> str:
        return self.message.splitlines()[0] if self.message else ""

    def trailer(self, key: str) -> str | None:
        """Value of a `Key: value` line of the message (git trailer style)."""
        prefix = key.lower() + ":"
        for line in self.message.splitlines():
            if line.lower().startswith(prefix):
                return line[len(prefix):].strip()
        return None


class Repository:
    def __init__(self, root: Path):
        try:
            self.repo = git.Repo(root)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise MusrenbangError(f"{root} bukan repositori git.") from None
        self.root = Path(self.repo.working_tree_dir or root)

    def run(self, *args: str, config: dict[str, str] | None = None) -> str:
        options = [part for key, value in (config or {}).items() for part in ("-c", f"{key}={value}")]
        result = subprocess.run(["git", *options, *args], cwd=self.root, capture_output=True, text=True,
                                encoding="utf-8", errors="replace")
        if result.returncode != 0:
            raise MusrenbangError(f"git {' '.join(args)} gagal: {result.stderr.strip()}")
        return result.stdout

    def require_full_history(self) -> None:
        if self.run("rev-parse", "--is-shallow-repository").strip() == "true":
            raise MusrenbangError(
                "Repositori ini klon dangkal (shallow): riwayatnya tidak lengkap sehingga tidak dapat diperiksa. "
                "Ambil seluruh riwayat dengan 'git fetch --unshallow' (di GitHub/Gitea Actions: "
                "actions/checkout dengan 'fetch-depth: 0')."
            )

    def resolve(self, rev: str) -> str:
        try:
            return self.repo.rev_parse(rev).hexsha
        except (git.BadName, ValueError, git.BadObject):
            raise MusrenbangError(f"Revisi '{rev}' tidak ditemukan di repositori.") from None

    def is_ancestor(self, ancestor: str, descendant: str) -> bool:
        return self.repo.is_ancestor(ancestor, descendant)

    def commits(self, rev_range: list[str], *, first_parent: bool = False,
                allowed_signers: Path | None = None, paths: list[str] | None = None) -> list[Commit]:
        """Every commit of the range (touching `paths`, when given), oldest first,
        with changed paths, in one pass."""
        config = {"core.quotePath": "false"}
        if allowed_signers:
            config["gpg.ssh.allowedSignersFile"] = str(allowed_signers)
        args = ["log", "-z", "--reverse", f"--format={_FORMAT}", "--name-status", "-M", "--no-color"]
        args += ["--first-parent", "--diff-merges=first-parent"] if first_parent else ["--topo-order", "--diff-merges=dense-combined"]
        output = self.run(*args, *rev_range, "--", *(paths or []), config=config)
        return [_commit(chunk) for chunk in output.split("\x1e")[1:]]

    def read(self, rev: str, path: str) -> tuple[str, bytes] | None:
        """(blob id, content) of `path` at `rev`, or None when it does not exist."""
        try:
            sha, kind, _size, data = self.repo.git.get_object_data(f"{rev}:{path}")
        except (ValueError, git.GitCommandError):
            return None
        return (sha.decode() if isinstance(sha, bytes) else sha, data) if kind in (b"blob", "blob") else None

    def paths(self, rev: str, prefix: str) -> set[str]:
        if not self.run("ls-tree", "--name-only", rev, prefix).strip():
            return set()
        return set(filter(None, self.run("ls-tree", "-r", "-z", "--name-only", rev, "--", prefix).split("\0")))


def _commit(chunk: str) -> Commit:
    parts = chunk.split("\x1f")
    values = dict(zip(_FIELDS, parts[: len(_FIELDS)]))
    commit = Commit(
        sha=values["sha"],
        parents=values["parents"].split(),
        author_name=values["author_name"],
        author_email=values["author_email"],
        author_time=datetime.fromisoformat(values["author_time"]),
        committer_time=datetime.fromisoformat(values["committer_time"]),
        sig_status=values["sig_status"] or "N",
        sig_signer=values["sig_signer"],
        sig_key=values["sig_key"],
        message=values["message"].strip(),
    )
    commit.changes = _changes([t for t in (parts[len(_FIELDS)] if len(parts) > len(_FIELDS) else "").split("\0") if t.strip()])
    return commit


def _changes(tokens: list[str]) -> list[Change]:
    changes, index = [], 0
    while index < len(tokens):
        status = tokens[index].strip()
        if status[:1] in ("R", "C") and status[1:].isdigit():
            changes.append(Change(status[0], tokens[index + 2], tokens[index + 1]))
            index += 3
        else:
            changes.append(Change(status[:1] if len(status) == 1 else "M", tokens[index + 1]))
            index += 2
    return changes
