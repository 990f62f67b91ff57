"""A register tree on disk → its records, with findings for anything out of place.

The layout is fixed:

    proposals/<tahun>/musrenbang.yaml
    proposals/<tahun>/<desa>/berkas.yaml
    proposals/<tahun>/<desa>/<nn>-<slug>.yaml
    proposals/<tahun>/<desa>/lampiran/...      (attachments, any files)
    proposals/_templat/...                     (templates, not records)

Symbolic links are never followed; anything else is a finding.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from .findings import Finding
from .records import Berkas, Forum, Record, Usulan
from . import bulk
from .referensi import Referensi
from .schemas import SchemaSet, strip_private
from .similar import suggest

PROPOSALS = "proposals"
TEMPLATES = "_templat"
ATTACHMENTS = "lampiran"
YEAR = re.compile(r"[0-9]{4}\Z", re.ASCII)
USULAN_NAME = re.compile(r"(?P<nomor>[0-9]{2})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.yaml\Z", re.ASCII)
NEUTRAL_FILES = {"README.md", ".gitkeep"}
MAX_ATTACHMENT_DEPTH = 4


@dataclass
class Tahun:
    tahun: int
    berkas: dict[str, Berkas] = field(default_factory=dict)
    usulan: list[Usulan] = field(default_factory=list)
    forum: Forum | None = None

    def usulan_desa(self, desa: str) -> list[Usulan]:
        return [u for u in self.usulan if u.desa == desa]


@dataclass
class Register:
    root: Path
    tahun: dict[int, Tahun] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    contents: dict[str, str] = field(default_factory=dict)  # record path → content id of the bytes read
    withheld: set[str] = field(default_factory=set)  # record paths kept out of the cache (`bulk.read`)

    def records(self) -> list[Record]:
        result: list[Record] = []
        for year in self.tahun.values():
            result.extend(year.berkas.values())
            result.extend(year.usulan)
            if year.forum:
                result.append(year.forum)
        return result


def _layout(relpath: str, message: str, hint: str, rule: str = "tata-letak.tidak-dikenal") -> Finding:
    return Finding(relpath, 1, 1, rule, message, hint)


class _Loader:
    """Walks the tree, noting each record file with what to make of it; the files
    are then read together (`bulk`: the cache, then several processes)."""

    def __init__(self, root: Path, ref: Referensi, schemas: SchemaSet, cache=None, stats=None):
        self.root = root
        self.ref = ref
        self.schemas = schemas
        self.cache, self.stats = cache, stats
        self.register = Register(root)
        self.pending: list[tuple[str, str, Callable[[Record], None]]] = []
        self.prefix = str(root / "x")[:-1]  # how scandir's paths under root begin

    def rel(self, path: Path | str) -> str:
        """The path relative to the root, with '/' (string slicing: a Path per file
        costs more than reading the cached record)."""
        text = os.fspath(path)
        if not text.startswith(self.prefix):
            return Path(text).relative_to(self.root).as_posix()
        return text[len(self.prefix):].replace(os.sep, "/")

    def entries(self, folder: Path) -> list[os.DirEntry]:
        """Folder entries, each symlink reported and left out."""
        kept = []
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            if entry.is_symlink():
                self.register.findings.append(
                    _layout(self.rel(Path(entry.path)), "Tautan simbolik tidak diizinkan di proposals/.",
                            "Ganti tautan dengan berkas yang sebenarnya.", "tata-letak.tautan")
                )
            elif entry.name.startswith(".") and entry.name != ".gitkeep":
                self.register.findings.append(
                    _layout(self.rel(Path(entry.path)), f"'{entry.name}' tersembunyi (namanya diawali titik).",
                            "Register tidak memuat berkas tersembunyi: berkas seperti ini tidak diperiksa dan tidak "
                            "terlihat di antarmuka web, tetapi ikut terbit di repositori. Hapus, atau ganti namanya.",
                            "tata-letak.tersembunyi"))
            else:
                kept.append(entry)
        return kept

    def load(self) -> Register:
        top = self.root / PROPOSALS
        if top.is_dir() and not top.is_symlink():
            for entry in self.entries(top):
                self.top_entry(entry)
        read = bulk.read(self.root, [(relpath, kind) for relpath, kind, _ in self.pending], self.schemas,
                         self.cache, self.stats, self.register.contents, self.register.withheld)
        for relpath, _kind, make in self.pending:
            record, findings = read[relpath]
            self.register.findings.extend(findings)
            make(record)
        return self.register

    def top_entry(self, entry: os.DirEntry) -> None:
        path = Path(entry.path)
        if entry.is_dir() and YEAR.match(entry.name):
            self.year(path, int(entry.name))
        elif (entry.name == TEMPLATES and entry.is_dir()) or entry.name in NEUTRAL_FILES:
            return
        else:
            self.register.findings.append(
                _layout(self.rel(path), f"'{entry.name}' tidak dikenal di proposals/.",
                        "Di proposals/ hanya ada folder tahun (misalnya 2025/) dan _templat/.")
            )

    def year(self, folder: Path, tahun: int) -> None:
        year = self.register.tahun.setdefault(tahun, Tahun(tahun))
        for entry in self.entries(folder):
            path = Path(entry.path)
            if entry.is_file() and entry.name == "musrenbang.yaml":
                def forum(record: Record, year: Tahun = year) -> None:
                    year.forum = Forum(record.path, record.doc, record.valid, tahun=year.tahun)
                self.read(path, "musrenbang", forum)
            elif entry.is_dir():
                self.desa(path, year)
            elif entry.name not in NEUTRAL_FILES:
                self.register.findings.append(
                    _layout(self.rel(path), f"'{entry.name}' tidak dikenal di folder tahun.",
                            "Di folder tahun hanya ada musrenbang.yaml dan satu folder per desa/kelurahan.")
                )

    def desa(self, folder: Path, year: Tahun) -> None:
        slug = folder.name
        if self.ref.data("wilayah") is not None and slug not in self.ref.desa:
            self.register.findings.append(
                _layout(self.rel(folder), f"Folder '{slug}' bukan desa/kelurahan di sop/wilayah.yaml.",
                        suggest(slug, self.ref.desa, "desa"), "tata-letak.desa-tidak-dikenal")
            )
            return
        entries = self.entries(folder)
        names = {e.name for e in entries}
        for entry in entries:
            self.desa_entry(entry.path, entry, year, slug)
        if "berkas.yaml" not in names and any(USULAN_NAME.match(n) for n in names):
            self.register.findings.append(
                _layout(self.rel(folder / "berkas.yaml"), f"Folder {self.rel(folder)}/ berisi usulan tanpa berkas.yaml.",
                        "Tambahkan berkas.yaml (surat pengantar dan nomor agenda) untuk desa ini.",
                        "tata-letak.tanpa-berkas")
            )

    def desa_entry(self, path: str, entry: os.DirEntry, year: Tahun, slug: str) -> None:
        name = entry.name
        if entry.is_dir():
            if name == ATTACHMENTS:
                self.attachments(Path(path))
                return
            self.register.findings.append(
                _layout(self.rel(path), f"Folder '{name}' tidak dikenal di folder desa.",
                        f"Lampiran disimpan di folder {ATTACHMENTS}/.")
            )
        elif name == "berkas.yaml":
            def berkas(record: Record) -> None:
                year.berkas[slug] = Berkas(record.path, record.doc, record.valid, tahun=year.tahun, desa=slug)
            self.read(path, "berkas", berkas)
        elif match := USULAN_NAME.match(name):
            self.usulan(path, year, slug, match)
        elif name not in NEUTRAL_FILES:
            self.register.findings.append(_layout(self.rel(path), *_name_hint(name)))

    def usulan(self, path: str, year: Tahun, slug: str, match: re.Match) -> None:
        nomor = int(match["nomor"])
        if nomor == 0:
            self.register.findings.append(
                _layout(self.rel(path), "Nomor prioritas usulan dimulai dari 01, bukan 00.",
                        "Ganti nama berkas menjadi 01-....yaml dan geser nomor yang lain.", "tata-letak.nama-usulan")
            )
            return
        def usulan(record: Record) -> None:
            year.usulan.append(Usulan(record.path, record.doc, record.valid, tahun=year.tahun, desa=slug, nomor=nomor,
                                      slug=match["slug"]))
        self.read(path, "usulan", usulan)

    def attachments(self, folder: Path) -> None:
        """Walk lampiran/ (iteratively: a deep tree must not exhaust the stack)."""
        pending = [(folder, 0)]
        while pending:
            current, depth = pending.pop()
            if depth > MAX_ATTACHMENT_DEPTH:
                self.register.findings.append(
                    _layout(self.rel(current), f"Folder lampiran bertingkat lebih dari {MAX_ATTACHMENT_DEPTH} lapis.",
                            "Simpan lampiran langsung di lampiran/ atau satu-dua subfolder.",
                            "tata-letak.lampiran-terlalu-dalam"))
                continue
            pending += [(Path(e.path), depth + 1) for e in self.entries(current) if e.is_dir()]

    def read(self, path: Path | str, kind: str, make: Callable[[Record], None]) -> None:
        self.pending.append((self.rel(path), kind, make))


def _name_hint(name: str) -> tuple[str, str, str]:
    stem = name.rsplit(".", 1)[0]
    if name.endswith(".yml") or name.endswith(".YAML"):
        return (f"Berkas '{name}' harus berakhiran .yaml.", f"Ganti namanya menjadi '{stem}.yaml'.", "tata-letak.nama-usulan")
    if name.endswith(".yaml"):
        return (
            f"Nama berkas usulan '{name}' tidak sesuai pola <nn>-<judul-singkat>.yaml.",
            "Contoh: 03-rehabilitasi-saluran-irigasi.yaml (nn = nomor prioritas desa, dua angka; "
            "judul singkat huruf kecil, angka dan tanda hubung).",
            "tata-letak.nama-usulan",
        )
    return (f"Berkas '{name}' tidak dikenal di folder desa.",
            f"Simpan lampiran (foto, PDF) di folder {ATTACHMENTS}/.", "tata-letak.tidak-dikenal")


def load(root: Path, ref: Referensi, schemas: SchemaSet, cache=None, stats=None) -> Register:
    """The register under `root`; with a `cache.RecordCache` and `cache.StatCache`,
    records whose bytes were checked before are taken from the cache."""
    register = _Loader(root, ref, schemas, cache, stats).load()
    for year in register.tahun.values():
        year.usulan.sort(key=lambda u: (u.desa, u.nomor, u.path))
    return register


def public_copy(source: Register, schemas: SchemaSet) -> Register:
    """Every record with the fields its schema marks `"x-publik": false` removed."""
    private = {kind: schemas.private_paths(kind) for kind in ("berkas", "usulan", "musrenbang")}
    copy = Register(source.root, findings=list(source.findings))
    for tahun, year in source.tahun.items():
        copy.tahun[tahun] = Tahun(
            tahun,
            berkas={desa: _public(b, private["berkas"]) for desa, b in year.berkas.items()},
            usulan=[_public(u, private["usulan"]) for u in year.usulan],
            forum=_public(year.forum, private["musrenbang"]) if year.forum else None,
        )
    return copy


def _public(record, private: list[tuple[str, ...]]):
    if not private or record.doc.data is None:
        return record
    return replace(record, doc=record.doc.with_data(strip_private(record.doc.data, private)))
