"""`musrenbang validate`: every finding of one tree, optionally only for some paths."""

from __future__ import annotations

from pathlib import Path

from .errors import MusrenbangError
from .findings import Finding

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
    """Every finding of the tree. An unchanged tree is answered from one cache entry
    keyed by the content of every input (`cache.tree_key`), without reading a record.

    The answer is stored under the contents it was computed from: the records as
    this run read them, the other files as hashed before the run and unchanged
    since (stat cache, not "racily clean"), and only when no file appeared or
    went meanwhile (the same shape before and after)."""
    from .cache import StatCache, load_result, open_store, save_result, tree_key
    store = open_store(root) if cache else None
    if store is None:
        return _fresh(root, cache=False)
    stats = StatCache(store, root)
    before = tree_key(root, stats, INPUT_FOLDERS, INPUT_FILES, read=_not_a_record)
    rows = load_result(store, before.key) if before.key else None
    if rows is not None:
        try:
            return [Finding(*row) for row in rows]
        except TypeError:
            pass  # not findings after all: recomputed below
    from .bulk import paused_gc
    from .workspace import Workspace
    with paused_gc():  # a full collection would walk every record at each step below
        workspace = Workspace.open(root, stats=stats, store=store)
        found = workspace.findings()
        read = workspace.register.contents
        after = tree_key(root, stats, INPUT_FOLDERS, INPUT_FILES, known=read,
                         read=lambda relpath: not _not_a_record(relpath) and relpath not in read)
        if (after.key is not None and after.shape == before.shape and before.key in (None, after.key)
                and not _private_in_plain(workspace, found)):
            until = workspace.until.timestamp() if workspace.until else None
            save_result(store, after.key, [list(vars(f).values()) for f in found], until)
        stats.save()
    return found


def _private_in_plain(workspace, found: list[Finding]) -> bool:
    """An answer about a record with a private value in plain text is not stored:
    the cache would keep what the record no longer holds once it is encrypted."""
    return bool(workspace.register.withheld) or any(f.rule == "privasi.tidak-terenkripsi" for f in found)


def _not_a_record(relpath: str) -> bool:
    """Files the key hashes before a run: all but the records, which the run reads."""
    return not (relpath.startswith("proposals/") and relpath.endswith(".yaml"))


def _fresh(root: Path, cache: bool) -> list[Finding]:
    from .workspace import Workspace
    return Workspace.open(root, cache=cache).findings()
