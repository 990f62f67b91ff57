"""Where reference data comes from: a folder on disk or a git revision.

`check` reads the SOP, petugas and schemas of the *base* revision, so the same
loaders must work on both.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from .gitio import Repository

SCHEMA_DIR = "sop/schemas"


class Source(Protocol):
    label: str

    def read(self, relpath: str) -> bytes | None:
        """The file's bytes, or None when it does not exist."""

    def schema_names(self) -> list[str]:
        """File names in sop/schemas/ ending in .schema.json."""


class FolderSource:
    def __init__(self, root: Path):
        self.root = root
        self.label = str(root)

    def read(self, relpath: str) -> bytes | None:
        path = self.root / relpath
        return path.read_bytes() if path.is_file() else None

    def schema_names(self) -> list[str]:
        folder = self.root / SCHEMA_DIR
        return sorted(p.name for p in folder.glob("*.schema.json")) if folder.is_dir() else []


class RevisionSource:
    def __init__(self, repository: Repository, rev: str):
        self.repository = repository
        self.rev = rev
        self.label = f"revisi {rev[:8]}"

    def read(self, relpath: str) -> bytes | None:
        found = self.repository.read(self.rev, relpath)
        return found[1] if found else None

    def schema_names(self) -> list[str]:
        return sorted(Path(p).name for p in self.repository.paths(self.rev, SCHEMA_DIR) if p.endswith(".schema.json"))
