"""`musrenbang init`: a new, empty register for another kecamatan.

The starting point is this register's own SOP, schemas, criteria and templates
(shipped in the package under `templat/register/`, kept equal to the
repository's by a test), with a wilayah and petugas to fill in, the site
configuration, the forge workflows, CODEOWNERS, pre-commit and editor settings.
"""

from __future__ import annotations

import re
import shutil
from importlib import resources
from pathlib import Path

from . import codeowners, referensi
from .errors import MusrenbangError
from .schemas import SchemaSet
from .source import FolderSource

KODE = re.compile(r"^\d{2}\.\d{2}\.\d{2}$")
NAMA = re.compile(r"^[A-Za-z][A-Za-z .'-]{1,60}$")
DEFAULT_TOOL = "git+https://github.com/kec-lumajang/musrenbang@main"

# (template under templat/, destination in the new register)
_RENDERED = (
    ("register/wilayah.yaml", "sop/wilayah.yaml"),
    ("register/petugas.yaml", "sop/petugas.yaml"),
    ("register/mkdocs.yml", "mkdocs.yml"),
    ("register/tentang.md", "docs/tentang.md"),
    ("register/README.md", "README.md"),
    ("register/pre-commit-config.yaml", ".pre-commit-config.yaml"),
    ("register/vscode-settings.json", ".vscode/settings.json"),
    ("register/gitignore", ".gitignore"),
    ("workflows/periksa.yml", ".github/workflows/periksa.yml"),
    ("workflows/terbitkan.yml", ".github/workflows/terbitkan.yml"),
)
_COPIED = (("register/sop", "sop"), ("register/_templat", "proposals/_templat"))


def template(name: str) -> str:
    return resources.files("musrenbang").joinpath("templat", name).read_text("utf-8")


def workflow(name: str, sumber_alat: str) -> str:
    """A workflow file, installing the tool from `sumber_alat` ('.' in this repository)."""
    return template(f"workflows/{name}").replace("{sumber_alat}", sumber_alat)


def init(target: Path, kecamatan: str, kode: str, sumber_alat: str = DEFAULT_TOOL) -> list[str]:
    if not KODE.match(kode):
        raise MusrenbangError(f"Kode kecamatan '{kode}' tidak sah: tulis kode Kemendagri seperti 35.08.10.")
    if not NAMA.match(kecamatan):
        raise MusrenbangError(f"Nama kecamatan '{kecamatan}' tidak sah: gunakan huruf, spasi, titik atau tanda hubung.")
    if target.exists() and any(target.iterdir()):
        raise MusrenbangError(f"Folder {target} sudah berisi berkas; pilih folder baru atau kosong.")
    values = {"{nama}": kecamatan, "{kode}": kode, "{sumber_alat}": sumber_alat}
    written = []
    for source, destination in _COPIED:
        root = resources.files("musrenbang").joinpath("templat", source)
        with resources.as_file(root) as folder:
            shutil.copytree(folder, target / destination, dirs_exist_ok=True)
        written.append(destination + "/")
    _adapt_sop(target / "sop/musrenbang-kecamatan.yaml", kecamatan)
    for source, destination in _RENDERED:
        text = template(source)
        for placeholder, value in values.items():
            text = text.replace(placeholder, value)
        path = target / destination
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
        written.append(destination)
    written.append(write_codeowners(target))
    return written


def _adapt_sop(path: Path, kecamatan: str) -> None:
    text = path.read_text("utf-8")
    note = ("# TITIK AWAL: SOP Musrenbang Kecamatan Lumajang 2023. Sesuaikan identitas (unit,\n"
            "# alamat, nomor, tanggal, pengesah) dan langkahnya dengan SOP Kecamatan " + kecamatan + ".\n")
    text = text.replace("Kecamatan Lumajang", f"Kecamatan {kecamatan}")
    path.write_text(re.sub(r"^(# yaml-language-server: .*\n)", r"\1" + note.replace("\\", "\\\\"), text, count=1), "utf-8")


def write_codeowners(root: Path) -> str:
    """Write `.github/CODEOWNERS` from the register's petugas; returns its path."""
    source = FolderSource(root)
    ref = referensi.load(source, SchemaSet.load(source))
    if not ref.complete:
        raise MusrenbangError("Data referensi di sop/ tidak sah; jalankan 'musrenbang validate' dan perbaiki dulu.")
    path = root / codeowners.PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(codeowners.render(ref), "utf-8")
    return codeowners.PATH
