"""The trail of each SOP step in git history: which commit first recorded it.

One `git log` pass over `proposals/` gives every commit with its changed paths;
each changed record is read at that commit (one persistent `git cat-file`), each
blob parsed once, and the steps it holds ('ada' for the record itself,
'disposisi:1', 'klasifikasi', ...) are noted the first time they appear. Used by
`kinerja` (the commit time stands for a `waktu` left out) and by the site (links
from an usulan's timeline to the commit of each step, and the latest changes).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import MusrenbangError
from .gitio import Commit, Repository
from .yamlio import YamlError, load_bytes

RECORD_PREFIX = "proposals/"


def markers(data: object) -> list[str]:
    """The steps a record holds: 'ada', 'disposisi:1', 'klasifikasi', ..."""
    if not isinstance(data, dict):
        return []
    found = ["ada"] + [f"disposisi:{d.get('langkah')}" for d in data.get("disposisi") or [] if isinstance(d, dict)]
    found += ["hasil"] if data.get("hasil") else []
    return found + [key for key, value in data.items() if isinstance(value, dict) and "oleh" in value]


@dataclass
class Jejak:
    """(record path, step marker) → the commit that first recorded it."""

    first: dict[tuple[str, str], Commit]
    commits: list[Commit]  # oldest first, only those touching records
    catatan: str = ""  # why there is no history (not a git checkout, shallow clone)

    def commit(self, path: str, marker: str) -> Commit | None:
        return self.first.get((path, marker))

    def terakhir(self, limit: int = 10) -> list[dict]:
        """The latest changes to the register, newest first."""
        return [{"sha": c.sha, "waktu": c.committer_time.isoformat(), "penulis": c.author_name, "judul": c.subject,
                 "berkas": [ch.path for ch in c.changes if ch.path.startswith(RECORD_PREFIX)]}
                for c in reversed(self.commits[-limit:])]


def read(root: Path, wanted: set[str] | None = None) -> Jejak:
    """The trail of the records under `root` (only `wanted` paths when given)."""
    try:
        repository = Repository(root)
        repository.require_full_history()
        commits = [c for c in repository.commits(["HEAD"], paths=["proposals"])
                   if any(ch.path.startswith(RECORD_PREFIX) for ch in c.changes)]
    except MusrenbangError as error:
        return Jejak({}, [], str(error))
    first: dict[tuple[str, str], Commit] = {}
    parsed: dict[str, object] = {}
    for commit in commits:
        for change in commit.changes:
            if change.status == "D" or not change.path.endswith(".yaml") or (wanted is not None and change.path not in wanted):
                continue
            blob = change.new_blob  # the diff names it: a blob seen before is neither fetched nor parsed again
            if blob is None or change.new_mode == "160000":
                continue
            if blob not in parsed:
                raw = repository.blob(blob)
                if raw is None:
                    continue
                try:
                    parsed[blob] = load_bytes(raw, "musrenbang" if change.path.endswith("musrenbang.yaml") else None,
                                              positions=False).data
                except YamlError:
                    parsed[blob] = None
            for marker in markers(parsed[blob]):
                first.setdefault((change.path, marker), commit)
    return Jejak(first, commits)
