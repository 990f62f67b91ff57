"""The office's templates (`proposals/_templat/`) filled for a new berkas."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import MusrenbangError

TEMPLATES = "proposals/_templat"
# Example values of the usulan template that the desa must replace: left empty,
# so that `validate` points at each until it is filled in.
USULAN_TO_FILL = ("judul", "permasalahan", "sasaran", "dusun", "rt", "rw", "volume", "satuan", "perkiraan_biaya",
                  "penerima_manfaat", "nama")


def templat(root: Path, name: str, schema_ref: str, header: str) -> str:
    """The office's template with its own schema line and header; the
    template's opening comment (how to use the template) is left out."""
    path = root / TEMPLATES / name
    if not path.is_file():
        raise MusrenbangError(f"Templat {TEMPLATES}/{name} tidak ada.")
    body = path.read_text("utf-8").split("\n\n", 1)[-1]
    return f"# yaml-language-server: $schema={schema_ref}\n#\n# {header}\n\n{body}"


def isi(template: str, values: dict[str, str]) -> str:
    """Set the value of each named key (first occurrence), keeping its comment."""
    for key, value in values.items():
        template = re.sub(rf"^(\s*{re.escape(key)}:)[^#\n]*?(\s*(#.*)?)$",
                          lambda m: f"{m.group(1)} {value}{m.group(2) or ''}" if value else f"{m.group(1)}{m.group(2) or ''}",
                          template, count=1, flags=re.M)
    return template


def berkas_baru(root: Path, header: str, values: dict[str, str]) -> str:
    return isi(templat(root, "berkas.yaml", "../../../sop/schemas/berkas.schema.json", header), values)


def usulan_kosong(root: Path, header: str) -> str:
    return isi(templat(root, "usulan.yaml", "../../../sop/schemas/usulan.schema.json", header),
               dict.fromkeys(USULAN_TO_FILL, ""))
