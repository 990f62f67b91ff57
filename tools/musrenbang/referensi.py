"""The reference data in `sop/`: the SOP, wilayah, petugas and kriteria.

Each file is read safely and checked against its own schema; the models are
built only from files that pass, so later checks can trust them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import sop as sop_model
from .findings import Finding
from .records import Record
from .schemas import SchemaSet
from .yamlio import Document, YamlError, load_bytes, read_file

FILES = {
    "sop": "sop/musrenbang-kecamatan.yaml",
    "wilayah": "sop/wilayah.yaml",
    "petugas": "sop/petugas.yaml",
    "kriteria": "sop/kriteria.yaml",
}


@dataclass
class Referensi:
    records: dict[str, Record] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    sop: sop_model.Sop | None = None
    _indexes: dict[str, tuple[Any, dict]] = field(default_factory=dict, repr=False, compare=False)

    def data(self, name: str) -> Any:
        record = self.records.get(name)
        return record.data if record and record.valid else None

    @property
    def complete(self) -> bool:
        """True when every reference file loaded and passed its schema."""
        return self.sop is not None and all(self.data(name) is not None for name in FILES)

    @property
    def desa(self) -> dict[str, dict]:
        return self._by("wilayah", "desa", "slug")

    @property
    def petugas(self) -> dict[str, dict]:
        return self._by("petugas", "petugas", "id")

    def _by(self, name: str, key: str, id_key: str) -> dict[str, dict]:
        """The entries of a reference file by id, made once per file's data (a site
        asks a desa's name thousands of times)."""
        data = self.data(name)
        made = self._indexes.get(name)
        if made is None or made[0] is not data:
            made = self._indexes[name] = (data, {entry[id_key]: entry for entry in (data or {}).get(key, [])})
        return made[1]

    def nama_desa(self, slug: str) -> str:
        found = self.desa.get(slug)
        return found["nama"] if found else slug


def read_record(root: Path, relpath: str, kind: str, schemas: SchemaSet, findings: list[Finding]) -> Record:
    """Parse and schema-check one file on disk (see `parse_record`)."""
    try:
        raw = read_file(root / relpath)[1]
    except OSError as error:
        findings.append(Finding(relpath, 1, 1, "yaml.tidak-terbaca", f"Berkas tidak dapat dibaca: {error.strerror}.",
                                "Periksa izin berkas dan coba lagi."))
        return Record(relpath, Document(None), valid=False)
    return parse_record(raw, relpath, kind, schemas, findings)


def parse_record(raw: bytes, relpath: str, kind: str, schemas: SchemaSet, findings: list[Finding]) -> Record:
    """Parse and schema-check one file's bytes. A file that cannot be parsed still
    gives a record (with no data, not valid), so that rules counting files see it."""
    try:
        doc = load_bytes(raw, kind)
    except YamlError as error:
        p = error.problem
        findings.append(Finding(relpath, p.line, p.column, p.rule, p.message, p.hint))
        return Record(relpath, Document(None), valid=False)
    problems = schemas.check(kind, doc, relpath)
    findings.extend(problems)
    return Record(relpath, doc, valid=not problems)


def load(source, schemas: SchemaSet) -> Referensi:
    """The four reference files from a `source.Source` (a folder or a git revision)."""
    ref = Referensi()
    for name, relpath in FILES.items():
        raw = source.read(relpath)
        if raw is None:
            ref.findings.append(
                Finding(relpath, 1, 1, "referensi.tidak-ada", f"Berkas referensi {relpath} tidak ada.",
                        "Salin berkas ini dari register contoh atau buat ulang dengan 'musrenbang init'.")
            )
            continue
        ref.records[name] = parse_record(raw, relpath, name, schemas, ref.findings)
    if ref.data("sop") is not None:
        ref.sop = sop_model.from_data(ref.data("sop"))
    return ref
