"""`musrenbang validate`: every finding of one tree, optionally only for some paths."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .errors import MusrenbangError
from .findings import Finding

if TYPE_CHECKING:
    from .workspace import Workspace

# What a `validate` answer depends on besides the code: the records and the
# reference data, and the CODEOWNERS file it compares with sop/petugas.yaml.
INPUT_FOLDERS = ("proposals", "sop")
INPUT_FILES = (".github/CODEOWNERS",)


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


def validate(root: Path, paths: list[Path] | None = None, cache: bool = True) -> list[Finding]:
    return select(all_findings(root, cache), root, paths or [])


def all_findings(root: Path, cache: bool = True) -> list[Finding]:
    return findings_and_workspace(root, cache, keep=False)[0]


def findings_and_workspace(root: Path, cache: bool = True, keep: bool = True
                           ) -> tuple[list[Finding], Workspace | None]:
    """Every finding of the tree, and the workspace they were found in when one
    was opened (the site builds on it rather than reading every record again). An unchanged tree is answered from the cache
    without reading a record: by its signature (paths and `stat`s, the warm
    case), else by the content of every input (`cache.Scan`).

    The answer is stored under the contents it was computed from: the records as
    this run read them, the other files as hashed before the run and unchanged
    since (stat cache, not "racily clean"), and only when no file appeared or
    went meanwhile (the same shape before and after). The signature is stored
    with it when it was the same before and after the run: then no file
    changed while the run read it."""
    from .cache import Signature, StatCache, disabled, load_result, load_shortcut, open_store, save_shortcut, scan
    if not cache or disabled():
        return _fresh(root)
    signed = Signature(root, INPUT_FOLDERS, INPUT_FILES)  # find walks while the cache is opened
    store = open_store(root)
    signature = signed.value()
    if store is None:
        return _fresh(root)
    found = _as_findings(load_shortcut(store, signature)) if signature else None
    if found is not None:
        return found, None
    walked = scan(root, INPUT_FOLDERS, INPUT_FILES)
    stats = StatCache(store, root)
    before = walked.tree(stats, read=_not_a_record)
    found = _as_findings(load_result(store, before.key)) if before.key else None
    if found is not None:
        if signature and Signature(root, INPUT_FOLDERS, INPUT_FILES).value() == signature:
            save_shortcut(store, signature, before.key)  # only if nothing appeared or changed since find ran
        return found, None
    from .bulk import paused_gc
    with paused_gc():  # a collection would walk every record: none until they are freed, unless kept
        found, workspace = _checked_and_stored(root, store, stats, signature, walked, before)
        if not keep:
            workspace = None
    return found, workspace


def _checked_and_stored(root: Path, store, stats, signature: str | None, walked, before
                        ) -> tuple[list[Finding], Workspace]:
    """The findings of a fresh run, stored under what it read (`all_findings`).
    When find's signature after the run is the one before, nothing changed in
    between, so the walk before the run stands for the tree after it."""
    from .cache import Signature, save_result, save_shortcut, scan
    from .workspace import Workspace
    workspace = Workspace.open(root, stats=stats, store=store)
    found = workspace.findings()
    read = workspace.register.contents
    unchanged = signature is not None and Signature(root, INPUT_FOLDERS, INPUT_FILES).value() == signature
    after = (walked if unchanged else scan(root, INPUT_FOLDERS, INPUT_FILES)).tree(
        stats, known=read, read=lambda relpath: not _not_a_record(relpath) and relpath not in read)
    if (after.key is not None and after.shape == before.shape and before.key in (None, after.key)
            and not _private_in_plain(workspace, found)):
        until = workspace.until.timestamp() if workspace.until else None
        save_result(store, after.key, [list(vars(f).values()) for f in found], until)
        if unchanged:
            save_shortcut(store, signature, after.key)
    stats.save()
    return found, workspace


def _as_findings(rows: list | None) -> list[Finding] | None:
    try:
        return None if rows is None else [Finding(*row) for row in rows]
    except TypeError:
        return None  # not findings after all: recomputed


def _private_in_plain(workspace, found: list[Finding]) -> bool:
    """An answer about a record with a private value in plain text is not stored:
    the cache would keep what the record no longer holds once it is encrypted."""
    return bool(workspace.register.withheld) or any(f.rule == "privasi.tidak-terenkripsi" for f in found)


def _not_a_record(relpath: str) -> bool:
    """Files the key hashes before a run: all but the records, which the run reads."""
    return not (relpath.startswith("proposals/") and relpath.endswith(".yaml"))


def _fresh(root: Path) -> tuple[list[Finding], Workspace]:
    from .workspace import Workspace
    workspace = Workspace.open(root, cache=False)
    return workspace.findings(), workspace
