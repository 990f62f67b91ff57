"""Reading records out of git history: which path is which record, each blob
parsed once, the reference data (`sop/`) of a revision, the accepted records."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from .. import bulk, referensi
from ..cache import RecordCache, open_store
from ..errors import MusrenbangError
from ..gitio import Repository
from ..records import Berkas, Forum, Record, Usulan
from ..register import USULAN_NAME, YEAR, Tahun
from ..schemas import SchemaSet
from ..source import RevisionSource
from ..transisi import Buku
from ..yamlio import Document, YamlError, load_bytes

_GIT = "git-"  # a content id that is git's object id (a file on disk has its SHA-256)

# ASCII only, to the very end (\Z): "２０２４" or a name ending in a newline is no record.
_BERKAS = re.compile(r"proposals/([0-9]{4})/([a-z0-9-]+)/berkas\.yaml\Z", re.ASCII)
_USULAN = re.compile(r"proposals/([0-9]{4})/([a-z0-9-]+)/([0-9]{2}-[a-z0-9-]+\.yaml)\Z", re.ASCII)
_FORUM = re.compile(r"proposals/([0-9]{4})/musrenbang\.yaml\Z", re.ASCII)


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


class Pembaca:
    """Records at revisions or by blob id, each blob parsed once: in this run
    (`cache`), and across runs through the records cache (`cache.RecordCache`,
    keyed by git's object id), consulted before a blob is fetched."""

    def __init__(self, repository: Repository, schemas: SchemaSet):
        self.repository = repository
        self.schemas = schemas
        self.cache: dict[tuple[str, str], Record] = {}
        self.stored = RecordCache.for_schemas(open_store(repository.root), schemas)
        self.private: dict[str, list] = {}  # kind → private paths

    def record(self, rev: str | None, path: str, kind: str) -> Record | None:
        if rev is None:
            return None
        found = self.repository.read(rev, path)
        if found is None:
            return None
        return self._parsed(found[0], found[1], path, kind)

    def blob(self, blob_id: str | None, path: str, kind: str) -> Record | None:
        if blob_id is None:
            return None
        key = (blob_id, kind)
        if key not in self.cache:
            entry = self.stored.get(kind, _GIT + blob_id) if self.stored else None
            if entry is not None:
                self.cache[key] = self._record(path, entry, lambda: self.repository.blob(blob_id))
            else:
                raw = self.repository.blob(blob_id)
                return None if raw is None else self._parsed(blob_id, raw, path, kind)
        return Record(path, self.cache[key].doc, self.cache[key].valid)

    def _parsed(self, blob_id: str, raw: bytes, path: str, kind: str) -> Record:
        key = (blob_id, kind)
        if key not in self.cache:
            entry = self.stored.get(kind, _GIT + blob_id) if self.stored else None
            if entry is None:
                text = bulk.entry_text(raw, path, kind, self.schemas)
                entry = json.loads(text)
                if self.stored and not bulk.plain_private(entry[0], kind, self.schemas, self.private):
                    self.stored.put(kind, _GIT + blob_id, text)  # never a private value in plain text
            self.cache[key] = self._record(path, entry, lambda: raw)
        cached = self.cache[key]
        return Record(path, cached.doc, cached.valid)

    @staticmethod
    def _record(path: str, entry: list, source) -> Record:
        return Record(path, Document(entry[0], source=source), bool(entry[1]))

    def save(self) -> None:
        if self.stored:
            self.stored.flush()

    def year(self, rev: str, tahun: int) -> Tahun:
        """The year's records at a revision."""
        year = Tahun(tahun)
        for path in sorted(self.repository.paths(rev, f"proposals/{tahun}")):
            where = classify(path)
            record = self.record(rev, path, where.kind) if where else None
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


def as_berkas(record: Record | None, tahun: int, desa: str) -> Berkas | None:
    return Berkas(record.path, record.doc, record.valid, tahun=tahun, desa=desa) if record else None


def reference(repository: Repository, rev: str) -> tuple[SchemaSet, referensi.Referensi]:
    source = RevisionSource(repository, rev)
    schemas = SchemaSet.load(source)
    ref = referensi.load(source, schemas)
    if not ref.complete:
        detail = "; ".join(f"{f.path}:{f.line} {f.message}" for f in ref.findings[:3])
        raise MusrenbangError(f"Data referensi sop/ pada revisi {rev[:8]} tidak sah ({detail}). "
                              "Perbaiki sop/ lebih dulu; 'musrenbang validate' menunjukkan temuannya.")
    return schemas, ref


def has_reference(repository: Repository, rev: str) -> bool:
    return bool(repository.paths(rev, "sop/schemas")) and all(
        repository.read(rev, path) is not None for path in referensi.FILES.values())


def accepted_book(repository: Repository, rev: str, reader: Pembaca | None = None) -> Buku:
    """The records at `rev` (accepted: never to be deleted) and the nomor agenda taken.

    The agenda needs only each berkas's `nomor_agenda`: the berkas are read in one
    `cat-file --batch` and parsed without their schema check (a number is noted
    from a parsed berkas whether or not it is valid, as before); a berkas whose
    blob the records cache holds (with `reader`) is neither fetched nor parsed."""
    tree = repository.tree(rev, "proposals")
    buku = Buku(accepted={p for p in tree if classify(p)})
    berkas = sorted(p for p in buku.accepted if classify(p).kind == "berkas" and tree[p][1] == "blob")
    known = {path: reader.stored.get("berkas", _GIT + tree[path][2]) for path in berkas} if reader and reader.stored \
        else {}
    contents = repository.contents([tree[path][2] for path in berkas if not known.get(path)])
    for path in berkas:
        if known.get(path):
            data = known[path][0]
        else:
            try:
                data = load_bytes(contents[tree[path][2]], "berkas").data
            except YamlError:
                continue
        if isinstance(data, dict):
            buku.note_agenda(classify(path).tahun, data.get("nomor_agenda"), path)
    return buku
