"""`musrenbang check` and `musrenbang audit`: the SOP rules over git history.

One `git log` pass gives every commit of the range with its signature status and
changed paths; contents come from one `git cat-file --batch`, each blob parsed
once. Each changed record becomes a `transisi.Perubahan` judged by
`transisi.Aturan`. Roles, keys and the SOP are read from the base revision
(`check`) or from each commit's parent (`audit`), so a change cannot grant
itself rights.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import referensi
from .errors import MusrenbangError
from .findings import Finding
from .forge import PullRequest
from .gitio import Change, Commit, Repository
from .identitas import Identitas
from .checks.forum import result_mismatch
from .records import Berkas, Forum, Record, Usulan
from .register import USULAN_NAME, YEAR, Tahun
from .schemas import SchemaSet
from .source import RevisionSource
from .transisi import Aturan, Buku, Perubahan

IMPORT_TRAILER = "Impor"
_BERKAS = re.compile(r"^proposals/(\d{4})/([a-z0-9-]+)/berkas\.yaml$")
_USULAN = re.compile(r"^proposals/(\d{4})/([a-z0-9-]+)/(\d{2}-[a-z0-9-]+\.yaml)$")
_FORUM = re.compile(r"^proposals/(\d{4})/musrenbang\.yaml$")


@dataclass(frozen=True)
class Lokasi:
    kind: str
    tahun: int
    desa: str | None


def classify(path: str) -> Lokasi | None:
    """The record kind of a repository path, or None when it is not a record."""
    if match := _BERKAS.match(path):
        return Lokasi("berkas", int(match[1]), match[2])
    if (match := _USULAN.match(path)) and USULAN_NAME.match(match[3]) and YEAR.match(match[1]):
        return Lokasi("usulan", int(match[1]), match[2])
    if match := _FORUM.match(path):
        return Lokasi("musrenbang", int(match[1]), None)
    return None


class _Reader:
    """Records at revisions, each blob parsed once."""

    def __init__(self, repository: Repository, schemas: SchemaSet):
        self.repository = repository
        self.schemas = schemas
        self.cache: dict[tuple[str, str], Record] = {}

    def record(self, rev: str | None, path: str, kind: str) -> Record | None:
        if rev is None:
            return None
        found = self.repository.read(rev, path)
        if found is None:
            return None
        blob, raw = found
        key = (blob, kind)
        if key not in self.cache:
            self.cache[key] = referensi.parse_record(raw, path, kind, self.schemas, [])
        cached = self.cache[key]
        return Record(path, cached.doc, cached.valid)

    def berkas(self, rev: str | None, tahun: int, desa: str) -> Berkas | None:
        record = self.record(rev, f"proposals/{tahun}/{desa}/berkas.yaml", "berkas")
        return Berkas(record.path, record.doc, record.valid, tahun=tahun, desa=desa) if record else None


def _reference(repository: Repository, rev: str) -> tuple[SchemaSet, referensi.Referensi]:
    source = RevisionSource(repository, rev)
    schemas = SchemaSet.load(source)
    ref = referensi.load(source, schemas)
    if not ref.complete:
        detail = "; ".join(f"{f.path}:{f.line} {f.message}" for f in ref.findings[:3])
        raise MusrenbangError(f"Data referensi sop/ pada revisi {rev[:8]} tidak sah ({detail}). "
                              "Perbaiki sop/ lebih dulu; 'musrenbang validate' menunjukkan temuannya.")
    return schemas, ref


def _accepted_book(repository: Repository, reader: _Reader, rev: str) -> Buku:
    buku = Buku(accepted={p for p in repository.paths(rev, "proposals") if classify(p)})
    for path in sorted(buku.accepted):
        where = classify(path)
        if where.kind != "berkas":
            continue
        record = reader.record(rev, path, "berkas")
        if record and isinstance(record.data, dict):
            buku.note_agenda(where.tahun, record.data.get("nomor_agenda"), path)
    return buku


class Pemeriksa:
    """Judges commits one by one against the rules of a reference revision."""

    def __init__(self, repository: Repository, reference_rev: str, pull: PullRequest, *, audit: bool = False):
        self.repository = repository
        self.audit = audit
        self.pull = pull
        schemas, ref = _reference(repository, reference_rev)
        reader = _Reader(repository, schemas)
        self._use(ref, reader, _accepted_book(repository, reader, reference_rev))

    def _use(self, ref: referensi.Referensi, reader: _Reader, buku: Buku) -> None:
        self.ref, self.reader = ref, reader
        identitas = Identitas(ref.petugas, self.pull, lenient=ref.sop.verifikasi == "longgar")
        self.aturan = Aturan(ref, identitas, buku, "peringatan" if self.audit else "galat")

    def judge(self, commit: Commit) -> list[Finding]:
        parent = commit.parents[0] if commit.parents else None
        pelaku = self.aturan.identitas.pelaku(commit)
        label = f"commit {commit.short}"
        impor = commit.trailer(IMPORT_TRAILER) is not None
        findings: list[Finding] = []
        for path in sorted({c.path for c in commit.changes if c.path.startswith("sop/")}
                           | {c.old_path for c in commit.changes if (c.old_path or "").startswith("sop/")}):
            findings += self.aturan.sop_change(path, pelaku, label)
        for change in commit.changes:
            for perubahan in self._records(change, commit, parent, pelaku, label, impor):
                findings += self.aturan.judge(perubahan)
                findings += self._forum_result(perubahan, commit.sha)
        if self.audit:
            self._advance(commit)
        return findings

    def _records(self, change: Change, commit: Commit, parent: str | None, pelaku, label: str, impor: bool):
        if change.status == "R" and change.old_path:
            old = classify(change.old_path)
            if old:
                yield Perubahan(change.old_path, old.kind, old.tahun, old.desa,
                                self.reader.record(parent, change.old_path, old.kind), None, pelaku,
                                commit.committer_time, label, impor, renamed_to=change.path)
        where = classify(change.path)
        if where is None:
            return
        before = None if change.status in ("A", "R") else self.reader.record(parent, change.path, where.kind)
        after = None if change.status == "D" else self.reader.record(commit.sha, change.path, where.kind)
        perubahan = Perubahan(change.path, where.kind, where.tahun, where.desa, before, after, pelaku,
                              commit.committer_time, label, impor)
        if where.kind == "usulan":
            perubahan.berkas_before = self.reader.berkas(parent, where.tahun, where.desa)
            perubahan.berkas_after = self.reader.berkas(commit.sha, where.tahun, where.desa)
        yield perubahan

    def _forum_result(self, perubahan: Perubahan, rev: str) -> list[Finding]:
        """A forum result written by this commit must be the recomputed one."""
        after, before = perubahan.after, perubahan.before
        if perubahan.kind != "musrenbang" or after is None or not after.valid:
            return []  # an import is taken as it is, but a result is still a computation
        if before is not None and before.valid and before.data.get("hasil") == after.data.get("hasil"):
            return []
        year = self._year_at(rev, perubahan.tahun)
        forum = Forum(after.path, after.doc, True, tahun=perubahan.tahun)
        return list(result_mismatch(forum, year, self.ref, perubahan.label, alasan=not self.audit))

    def _year_at(self, rev: str, tahun: int) -> Tahun:
        """The year's records at a revision, each blob parsed once."""
        year = Tahun(tahun)
        for path in sorted(self.repository.paths(rev, f"proposals/{tahun}")):
            where = classify(path)
            record = self.reader.record(rev, path, where.kind) if where else None
            if record is None:
                continue
            if where.kind == "berkas":
                year.berkas[where.desa] = Berkas(path, record.doc, record.valid, tahun=tahun, desa=where.desa)
            elif where.kind == "usulan":
                name = path.rsplit("/", 1)[1]
                year.usulan.append(Usulan(path, record.doc, record.valid, tahun=tahun, desa=where.desa,
                                          nomor=int(name[:2]), slug=name[3:-5]))
            else:
                year.forum = Forum(path, record.doc, record.valid, tahun=tahun)
        year.usulan.sort(key=lambda u: (u.desa, u.nomor, u.path))
        return year

    def _advance(self, commit: Commit) -> None:
        """In an audit, what a commit on main adds is accepted for the next ones."""
        accepted = self.aturan.buku.accepted
        for change in commit.changes:
            if change.old_path:
                accepted.discard(change.old_path)
            if change.status == "D":
                accepted.discard(change.path)
            elif classify(change.path):
                accepted.add(change.path)
        if any(c.path.startswith("sop/") for c in commit.changes):
            schemas, ref = _reference(self.repository, commit.sha)
            self._use(ref, _Reader(self.repository, schemas), self.aturan.buku)


def _signers(identitas_petugas: dict, folder: Path) -> Path:
    return Identitas(identitas_petugas).allowed_signers(folder / "allowed_signers")


def check(root: Path, base: str, head: str = "HEAD", pull: PullRequest | None = None) -> list[Finding]:
    """Every commit in base..head, judged against the rules of `base`."""
    repository = Repository(root)
    repository.require_full_history()
    base_sha, head_sha = repository.resolve(base), repository.resolve(head)
    pemeriksa = Pemeriksa(repository, base_sha, pull or PullRequest())
    with tempfile.TemporaryDirectory() as folder:
        commits = repository.commits([f"{base_sha}..{head_sha}"],
                                     allowed_signers=_signers(pemeriksa.ref.petugas, Path(folder)))
    findings: list[Finding] = []
    for commit in commits:
        findings += pemeriksa.judge(commit)
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
        if not repository.is_ancestor(start, head_sha):
            raise MusrenbangError(
                f"Revisi {sejak} bukan leluhur {head}: riwayat register telah ditulis ulang sejak revisi itu "
                "diterbitkan. Kembalikan riwayatnya (jangan force-push) dan laporkan ke Camat.")
    _, head_ref = _reference(repository, head_sha)
    with tempfile.TemporaryDirectory() as folder:
        signers = _signers(head_ref.petugas, Path(folder))
        commits = repository.commits([f"{start}..{head_sha}" if start else head_sha], first_parent=True,
                                     allowed_signers=signers)
    return _audit_commits(repository, commits, start)


def _audit_commits(repository: Repository, commits: list[Commit], start: str | None) -> list[Finding]:
    findings: list[Finding] = []
    pemeriksa: Pemeriksa | None = None
    for commit in commits:
        parent = commit.parents[0] if commit.parents else None
        if pemeriksa is None:
            if parent is None or not _has_reference(repository, parent):
                continue  # the register's set-up: no SOP yet to judge against
            pemeriksa = Pemeriksa(repository, parent, PullRequest(), audit=True)
        findings += pemeriksa.judge(commit)
    return sorted(set(findings))


def _has_reference(repository: Repository, rev: str) -> bool:
    return bool(repository.paths(rev, "sop/schemas")) and all(
        repository.read(rev, path) is not None for path in referensi.FILES.values())
