"""Judging commits one by one against the rules of a reference revision.

Each commit is judged by what it brings to its first parent (a merge included).
Before-states come from the last *valid* state of each record seen so far, so a
commit that breaks a record cannot make it look new to the next one.
"""

from __future__ import annotations

import re

from ..errors import MusrenbangError
from ..findings import Finding
from ..forge import PullRequest
from ..gitio import FILE_MODES, Change, Commit, Repository
from ..identitas import Identitas, Pelaku, key_pairs
from ..records import Forum, Record
from ..referensi import Referensi
from ..schemas import SCHEMA_DIR, SchemaSet
from ..source import RevisionSource
from ..transisi import Aturan, Buku, Perubahan
from ..register import NEUTRAL_FILES
from .pembaca import Pembaca, accepted_book, as_berkas, classify, reference

IMPORT_TRAILER = "Impor"
_NEUTRAL = re.compile(r"proposals/(?:[0-9]{4}/(?:[a-z0-9-]+/)?)?(?:%s)\Z" % "|".join(map(re.escape, sorted(NEUTRAL_FILES))),
                      re.ASCII)
_LAMPIRAN = re.compile(r"proposals/([0-9]{4})/([a-z0-9-]+)/lampiran/", re.ASCII)


class Pemeriksa:
    def __init__(self, repository: Repository, reference_rev: str, pull: PullRequest, *, audit: bool = False,
                 base: str | None = None):
        self.repository = repository
        self.audit = audit
        self.pull = pull
        self.state: dict[str, Record | None] = {}  # path → last valid record (None: deleted or never valid)
        self.untrusted_roles: frozenset[tuple[str, str]] = frozenset()  # (petugas, role) granted without the pengesah
        self.base = base  # check: what the pull request lands on; before-states start there
        self.base_tree = self._tree(base) if base else None
        self.trees: dict[str, dict[str, tuple[str, str]]] = {base: self.base_tree} if base else {}  # rev → its tree
        self._changed: tuple[str | None, dict[str, Change]] = (None, {})  # a commit's changes by path
        self.touched: set[str] = set()  # paths some judged commit changed
        self.untrusted: frozenset[tuple[str, str]] = frozenset()  # (petugas, key) added without the pengesah
        self.unvouched: set[str] = set()  # protected paths the last commit changed without the pengesah
        schemas, ref = reference(repository, reference_rev)
        reader = Pembaca(repository, schemas)
        self.readers = [reader]  # their new cache entries are saved at the end (`save`)
        self._use(ref, reader, accepted_book(repository, reference_rev, reader))

    def _use(self, ref: Referensi, reader: Pembaca, buku: Buku) -> None:
        self.ref, self.reader = ref, reader
        identitas = Identitas(ref.petugas, self.pull, lenient=ref.sop.verifikasi == "longgar")
        self.aturan = Aturan(ref, identitas, buku, "peringatan" if self.audit else "galat", self.untrusted_roles)
        self.after_reader = reader

    def _reader(self, schemas: SchemaSet) -> Pembaca:
        reader = Pembaca(self.repository, schemas)
        self.readers.append(reader)
        return reader

    def save(self) -> None:
        """Keep what was parsed for the next run (the records cache)."""
        for reader in self.readers:
            reader.save()

    def _tree(self, rev: str) -> dict[str, tuple[str, str]]:
        """path → (mode, blob id) of every file at `rev`."""
        entries = {}
        for entry in self.repository.run("ls-tree", "-r", "-z", "--full-tree", rev).split("\0"):
            meta, _, path = entry.partition("\t")
            if path:
                mode, _kind, blob = meta.split(" ")
                entries[path] = (mode, blob)
        return entries

    def judge(self, commit: Commit) -> list[Finding]:
        parent = commit.parents[0] if commit.parents else None
        pelaku = self.aturan.identitas.pelaku(commit)
        label = f"commit {commit.short}"
        changes = [c for c in commit.changes if not self._nothing_new(commit, c)]
        self.touched |= {c.path for c in changes}
        findings: list[Finding] = []
        for change in changes:
            if not change.regular:
                mode = change.new_mode if change.new_mode not in FILE_MODES | {"000000"} else change.old_mode
                findings += self.aturan.plain_file(change.path, mode, label)
            findings += self.aturan.protected(change.path, pelaku, label)
            findings += self._loose_file(change, commit, parent, pelaku, label)
        self.unvouched = {f.path for f in findings if f.rule == "identitas.jalur-dilindungi"}
        impor = self._import(commit, pelaku, label, changes, findings)
        self.after_reader = self._reader_after(commit, changes, findings)
        renames = _renames(changes)
        perubahan = [p for c in changes if c.regular
                     for p in self._records(c, commit, parent, pelaku, label, impor, renames.get(c.path))]
        for item in perubahan:
            findings += self.aturan.judge(item)
            findings += self._forum_result(item, commit.sha)
        self._remember(perubahan)
        if self.audit:
            self._advance(commit)
        return findings

    def _reader_after(self, commit: Commit, changes: list[Change], findings: list[Finding]) -> Pembaca:
        """Records a commit leaves are read with the schemas it leaves when it changes
        them with the pengesah's consent (a schema change and the records it
        migrates may land together); otherwise with the reference schemas."""
        touched = [c.path for c in changes if c.path.startswith(SCHEMA_DIR + "/")]
        refused = {f.path for f in findings if f.rule == "identitas.jalur-dilindungi" and f.tingkat == "galat"}
        if not touched or refused & set(touched):
            return self.reader
        try:
            return self._reader(SchemaSet.load(RevisionSource(self.repository, commit.sha)))
        except MusrenbangError:
            return self.reader

    def _nothing_new(self, commit: Commit, change: Change) -> bool:
        """A merge that brings a path to exactly its state at the base brings nothing
        into main there (updating a branch from main); its state is the base's."""
        if self.base_tree is None or len(commit.parents) < 2:
            return False
        at_base = self.base_tree.get(change.path)
        same = at_base == (change.new_mode, change.new_blob) if change.new_blob else at_base is None
        if same:
            self.state.pop(change.path, None)
        return same

    def _loose_file(self, change: Change, commit: Commit, parent: str | None, pelaku: Pelaku,
                    label: str) -> list[Finding]:
        """A file under proposals/ that is no record: an attachment, or anything else."""
        path = change.path
        if not path.startswith("proposals/") or classify(path) or self.ref.sop.dilindungi_jalur(path):
            return []
        item = Perubahan(path, "lampiran", 0, None, None, None, pelaku, commit.committer_time, label)
        if match := _LAMPIRAN.match(path):
            item.tahun, item.desa = int(match[1]), match[2]
            berkas = self._before(f"proposals/{match[1]}/{match[2]}/berkas.yaml", "berkas", parent)
            disposed = bool(berkas and berkas.valid and berkas.data.get("disposisi"))
            return list(self.aturan.attachment(item, disposed))
        if change.new_blob and not _NEUTRAL.match(path):
            return list(self.aturan.unknown_path(item))
        return list(self.aturan.other_file(item))

    def _import(self, commit: Commit, pelaku: Pelaku, label: str, changes: list[Change],
                findings: list[Finding]) -> bool:
        """An import: an `Impor` trailer in git's trailer block, vouched for by the role."""
        if IMPORT_TRAILER.encode() not in commit.raw_message:
            return False
        if not any(key == IMPORT_TRAILER for key, _ in self.repository.trailers(commit.raw_message)):
            return False
        refused = list(self.aturan.import_authority(changes[0].path if changes else ".", pelaku, label))
        findings += refused
        return not refused

    def _before(self, path: str, kind: str, parent: str | None) -> Record | None:
        """The last valid state; a path not yet judged starts from the base (what the
        pull request lands on, however old its branch), in an audit from the parent."""
        if path in self.state:
            return self.state[path]
        rev = self.base or parent
        if rev is None:
            return None
        entry = self._tree_at(rev).get(path)
        if entry is None or entry[0] == "160000":  # nothing there, or a submodule: no blob to read
            return None
        return self.reader.blob(entry[1], path, kind)  # by blob id: nothing fetched or parsed twice

    def _at(self, commit: Commit, parent: str | None, path: str, kind: str) -> Record | None:
        """The record a commit leaves at `path`: in an audit, by blob id from the
        parent's tree and the commit's own changes (no `rev:path` lookup)."""
        if not self.audit or parent is None or parent not in self.trees:
            return self.after_reader.record(commit.sha, path, kind)
        if self._changed[0] != commit.sha:
            self._changed = (commit.sha, {c.path: c for c in commit.changes})
        changed = self._changed[1].get(path)
        mode, blob = ((changed.new_mode, changed.new_blob) if changed else self.trees[parent].get(path, (None, None)))
        if blob is None or mode == "160000":
            return None
        return self.after_reader.blob(blob, path, kind)

    def _tree_at(self, rev: str) -> dict[str, tuple[str, str]]:
        """path → (mode, blob id) at `rev`: the base's in `check`; in an audit, the
        tree at the judged commit's parent, carried along first-parent by each
        commit's changes (`_advance`) instead of one lookup per path."""
        if rev not in self.trees:
            self.trees = {self.base: self.base_tree} if self.base else {}
            self.trees[rev] = self._tree(rev)
        return self.trees[rev]

    def unexplained(self, head: str) -> list[Finding]:
        """Every path the pull request changes (from each of its merge bases with the
        base to its head) must have been changed by a commit that was judged, or be
        left as the base has it: nothing may arrive through a merge that borrows a tree."""
        changed: dict[str, Change] = {}
        for since in self.repository.merge_bases(self.base, head) or [self.base]:
            changed.update((c.path, c) for c in self.repository.tree_changes(since, head))
        findings = []
        for change in changed.values():
            at_base = self.base_tree.get(change.path)
            as_base = at_base == (change.new_mode, change.new_blob) if change.new_blob else at_base is None
            if change.path not in self.touched and not as_base:
                findings.append(Finding(
                    change.path, 1, 1, "riwayat.perubahan-tak-terperiksa",
                    f"commit {head[:8]}: {change.path} berbeda dari basis, tetapi tidak ada commit di pull request ini "
                    "yang mengubahnya: isinya datang lewat merge dari riwayat lain.",
                    "Buat perubahan sebagai commit biasa di atas cabang utama (rebase), bukan lewat merge yang "
                    "mengambil isi lama."))
        return findings

    def _after(self, path: str, kind: str, commit: Commit, parent: str | None) -> Record | None:
        record = self._at(commit, parent, path, kind)
        return record if record is None or record.valid else self._before(path, kind, parent)

    def _records(self, change: Change, commit: Commit, parent: str | None, pelaku: Pelaku, label: str,
                 impor: bool, renamed_to: str | None) -> list[Perubahan]:
        where = classify(change.path)
        if where is None:
            return []
        before = self._before(change.path, where.kind, parent)
        after = self.after_reader.blob(change.new_blob, change.path, where.kind)
        perubahan = Perubahan(change.path, where.kind, where.tahun, where.desa, before, after, pelaku,
                              commit.committer_time, label, impor, renamed_to=renamed_to)
        if where.kind == "usulan":
            berkas = f"proposals/{where.tahun}/{where.desa}/berkas.yaml"
            perubahan.berkas_before = as_berkas(self._before(berkas, "berkas", parent), where.tahun, where.desa)
            perubahan.berkas_after = as_berkas(self._after(berkas, "berkas", commit, parent), where.tahun,
                                               where.desa)
        return [perubahan]

    def _remember(self, perubahan: list[Perubahan]) -> None:
        """The state later commits are judged against: the last valid one."""
        for item in perubahan:
            if item.after is None or item.after.valid:
                self.state[item.path] = item.after
            else:
                self.state[item.path] = item.before if item.before is not None and item.before.valid else None

    def _forum_result(self, perubahan: Perubahan, rev: str) -> list[Finding]:
        """A forum result written by this commit must be the recomputed one."""
        after, before = perubahan.after, perubahan.before
        if perubahan.kind != "musrenbang" or after is None or not after.valid:
            return []  # an import is taken as it is, but a result is still a computation
        if before is not None and before.valid and before.data.get("hasil") == after.data.get("hasil"):
            return []
        year = self.reader.year(rev, perubahan.tahun)
        forum = Forum(after.path, after.doc, True, tahun=perubahan.tahun)
        from ..checks.forum import result_mismatch  # seleksi is imported only when a forum result changes
        return list(result_mismatch(forum, year, self.ref, perubahan.label, alasan=not self.audit))

    def _advance(self, commit: Commit) -> None:
        """In an audit, what a commit on main adds is accepted for the next ones."""
        parent = commit.parents[0] if commit.parents else None
        if parent in self.trees:
            tree = self.trees.pop(parent)
            for change in commit.changes:
                if change.new_blob:
                    tree[change.path] = (change.new_mode, change.new_blob)
                else:
                    tree.pop(change.path, None)
            self.trees[commit.sha] = tree
        accepted = self.aturan.buku.accepted
        for change in commit.changes:
            if change.status == "D":
                accepted.discard(change.path)
            elif classify(change.path):
                accepted.add(change.path)
        if any(c.path.startswith("sop/") for c in commit.changes):
            before = key_pairs(self.ref.petugas)
            schemas, ref = reference(self.repository, commit.sha)
            if any(path.startswith("sop/") for path in self.unvouched):
                self.untrusted |= key_pairs(ref.petugas) - before  # keys no pengesah vouched for
                self.untrusted_roles |= _role_pairs(ref.petugas) - _role_pairs(self.ref.petugas)
            self._use(ref, self._reader(schemas), self.aturan.buku)


def _renames(changes: list[Change]) -> dict[str, str]:
    """Deleted path → added path with the very same content in the same commit."""
    added = {c.new_blob: c.path for c in changes if c.status == "A" and c.new_blob}
    return {c.path: added[c.old_blob] for c in changes if c.status == "D" and c.old_blob in added}


def _role_pairs(petugas: dict[str, dict]) -> frozenset[tuple[str, str]]:
    return frozenset((pid, role) for pid, person in petugas.items() for role in person.get("peran", []))
