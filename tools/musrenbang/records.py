"""The records of the register: berkas, usulan and the year's forum.

A record is a parsed YAML file and where it lives; its identity is its path
(`2025/banjarwaru/03`), never a field that could drift from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .findings import Finding
from .yamlio import Document


@dataclass
class Record:
    path: str  # relative to the repository root, with '/'
    doc: Document
    valid: bool = True  # passed its JSON Schema; cross-reference checks need that

    @property
    def data(self) -> Any:
        return self.doc.data

    def finding(self, where: tuple, rule: str, message: str = "", hint: str = "", key: bool = False) -> Finding:
        line, column = self.doc.where(tuple(where), key=key)
        return Finding(self.path, line, column, rule, message, hint)


@dataclass
class Berkas(Record):
    tahun: int = 0
    desa: str = ""

    @property
    def disposisi(self) -> list[dict]:
        return (self.data.get("disposisi") or []) if isinstance(self.data, dict) else []


@dataclass
class Usulan(Record):
    tahun: int = 0
    desa: str = ""
    nomor: int = 0
    slug: str = ""

    @property
    def rujukan(self) -> str:
        """How the forum refers to it within its year: `banjarwaru/03`."""
        return f"{self.desa}/{self.nomor:02d}"

    @property
    def kunci(self) -> str:
        """Its identity across years: `2025/banjarwaru/03`."""
        return f"{self.tahun}/{self.rujukan}"


@dataclass
class Forum(Record):
    tahun: int = 0
