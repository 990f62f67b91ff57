"""`musrenbang check` and `musrenbang audit`: the SOP rules over git history.

History is read so that no byte of a message, name or path changes what a
commit touches (`gitio`); each changed record becomes a `transisi.Perubahan`
judged by `transisi.Aturan` (`pemeriksa`). Roles, keys and the SOP are read from
the base revision (`check`) or from each commit's parent (`audit`), so a change
cannot grant itself rights.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from ..errors import MusrenbangError
from ..findings import Finding
from ..forge import PullRequest
from ..gitio import Commit, Repository
from ..identitas import Identitas
from .pembaca import classify, has_reference
from .pemeriksa import IMPORT_TRAILER, Pemeriksa

__all__ = ["IMPORT_TRAILER", "audit", "check", "classify"]


def _signers(petugas: dict, folder: Path) -> Path:
    return Identitas(petugas).allowed_signers(folder / "allowed_signers")


def check(root: Path, base: str, head: str = "HEAD", pull: PullRequest | None = None) -> list[Finding]:
    """Every commit that `head` brings onto `base` (its first-parent line from the
    base), judged against the rules of `base`."""
    repository = Repository(root)
    repository.require_full_history()
    base_sha, head_sha = repository.resolve(base), repository.resolve(head)
    pull = (pull or PullRequest()).at_head(head_sha)
    pemeriksa = Pemeriksa(repository, base_sha, pull, base=base_sha)
    with tempfile.TemporaryDirectory() as folder:
        commits = repository.commits([f"{base_sha}..{head_sha}"], first_parent=True,
                                     allowed_signers=_signers(pemeriksa.ref.petugas, Path(folder)))
    findings: list[Finding] = []
    for commit in commits:
        findings += pemeriksa.judge(commit)
    findings += pemeriksa.unexplained(head_sha)
    pemeriksa.save()
    return sorted(set(findings))


def audit(root: Path, head: str = "HEAD", sejak: str | None = None) -> list[Finding]:
    """The rules over the first-parent history of `head` (from `sejak` on, which
    must still be an ancestor: a published revision cannot be rewritten away)."""
    repository = Repository(root)
    repository.require_full_history()
    head_sha = repository.resolve(head)
    start = None
    if sejak:
        start = repository.resolve(sejak)
        if not repository.on_first_parent_line(start, head_sha):
            raise MusrenbangError(
                f"Revisi {sejak} tidak ada di garis riwayat utama {head}: riwayat register telah ditulis ulang sejak revisi itu "
                "diterbitkan. Kembalikan riwayatnya (jangan force-push) dan laporkan ke Camat.")
    commits = repository.commits([f"{start}..{head_sha}" if start else head_sha], first_parent=True)
    with tempfile.TemporaryDirectory() as folder:
        return _audit_commits(repository, commits, Path(folder))


def _audit_commits(repository: Repository, commits: list[Commit], folder: Path) -> list[Finding]:
    """Each commit judged against its parent's rules, its signature checked against
    the keys at its parent (a key a commit adds cannot vouch for that commit)."""
    findings: list[Finding] = []
    pemeriksa: Pemeriksa | None = None
    verdicts: dict[str, tuple[str, str, str]] = {}
    for index, commit in enumerate(commits):
        parent = commit.parents[0] if commit.parents else None
        if pemeriksa is None:
            if parent is None or not has_reference(repository, parent):
                continue  # the register's set-up: no SOP yet to judge against
            pemeriksa = Pemeriksa(repository, parent, PullRequest(), audit=True)
        if commit.sha not in verdicts:
            verdicts.update(_segment_verdicts(repository, commits[index:], pemeriksa, folder))
        commit.verdict(verdicts.get(commit.sha))
        findings += pemeriksa.judge(commit)
    if pemeriksa is not None:
        pemeriksa.save()
    return sorted(set(findings))


def _segment_verdicts(repository: Repository, commits: list[Commit], pemeriksa: Pemeriksa, folder: Path):
    """Signature verdicts for the commits up to the next one that changes sop/,
    against the keys in force now."""
    segment = []
    for commit in commits:
        segment.append(commit)
        if any(c.path.startswith("sop/") for c in commit.changes):
            break
    signers = Identitas(pemeriksa.ref.petugas).allowed_signers(folder / f"signers-{commits[0].sha}",
                                                               pemeriksa.untrusted)
    return repository.signatures(segment, signers)
