"""`musrenbang validate`: every finding of one tree, optionally only for some paths."""

from __future__ import annotations

from pathlib import Path

from .errors import MusrenbangError
from .findings import Finding
from .workspace import Workspace


def _relative(root: Path, path: Path) -> str:
    resolved = path.resolve() if not path.is_symlink() else path.parent.resolve() / path.name
    try:
        return resolved.relative_to(root).as_posix()
    except ValueError:
        raise MusrenbangError(f"{path} berada di luar register {root}.") from None


def select(findings: list[Finding], root: Path, paths: list[Path]) -> list[Finding]:
    """Only the findings in the given files or folders (the whole register is still read)."""
    if not paths:
        return findings
    wanted = []
    for path in paths:
        if not path.exists() and not path.is_symlink():
            raise MusrenbangError(f"{path} tidak ditemukan.")
        wanted.append(_relative(root, path))
    def chosen(finding: Finding) -> bool:
        return any(w in ("", ".") or finding.path == w or finding.path.startswith(w.rstrip("/") + "/") for w in wanted)
    return [f for f in findings if chosen(f)]


def validate(root: Path, paths: list[Path] | None = None) -> list[Finding]:
    workspace = Workspace.open(root)
    return select(workspace.findings(), root, paths or [])
