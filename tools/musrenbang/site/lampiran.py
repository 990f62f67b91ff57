"""Attachments on the site: public files under an usulan's `lampiran/` are copied
into the site and linked from its page; `*.age` files are private (age ciphertext
for the readers of personal data) and are named, never linked.

Only kinds of file a browser shows as documents or images are published: an
attachment named `.html`, `.svg` or `.js` would run in the site's origin, and a
`.md` would become a page, so other kinds are named without a link.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from urllib.parse import quote

from ..checks.privasi import attachment_path
from ..records import Usulan

PUBLISHED = {".pdf", ".jpg", ".jpeg", ".png", ".webp", ".gif", ".csv", ".xlsx", ".ods", ".docx", ".odt"}


def site_path(item: Usulan, name: str) -> str:
    return f"lampiran/{item.tahun}/{item.desa}/{name}"


class Lampiran:
    """The attachments present under each usulan folder's `lampiran/`, every folder
    listed once a build (resolving each listed name cost a build of 3,000 usulan
    a tenth of a second per attachment page). A plain name is present when it is
    a regular file there, never a link; a name with a folder in it is checked
    as `attachment_path` does."""

    def __init__(self, root: Path):
        self.root = root
        self.listed: dict[Path, frozenset[str]] = {}

    def path(self, item: Usulan, name: str) -> Path | None:
        folder = (self.root / item.path).parent / "lampiran"
        if "/" in name or "\\" in name or name in ("", ".", ".."):
            found = attachment_path(self.root, item, name)
            return found if found is not None and found.is_file() else None
        if folder not in self.listed:
            self.listed[folder] = _regular_files(folder)
        return folder / name if name in self.listed[folder] else None


def _regular_files(folder: Path) -> frozenset[str]:
    try:
        if not stat.S_ISDIR(os.lstat(folder).st_mode):  # a linked lampiran/ leads out of the register
            return frozenset()
        with os.scandir(folder) as found:
            return frozenset(entry.name for entry in found if entry.is_file(follow_symlinks=False))
    except OSError:
        return frozenset()


def entries(lampiran: Lampiran, item: Usulan) -> list[dict]:
    """Each listed attachment: its name, the link (public and present) or why there is none."""
    out = []
    for name in item.data.get("lampiran") or []:
        present = lampiran.path(item, name) is not None
        if name.endswith(".age"):
            out.append({"nama": name, "href": "", "catatan": "terenkripsi: hanya untuk pembaca data pribadi"})
        elif present and Path(name).suffix.lower() in PUBLISHED:
            out.append({"nama": name, "href": quote(site_path(item, name)), "catatan": ""})
        else:
            out.append({"nama": name, "href": "", "catatan": "" if present else "berkas belum ada di register"})
    return out


def build(site) -> dict[str, bytes]:
    """The public attachments, copied into the site at the address their links use."""
    ws = site.model.ws
    files = {}
    for year in ws.register.tahun.values():
        for item in (u for u in year.usulan if u.valid):
            for entry in entries(site.lampiran, item):
                if entry["href"]:
                    files[site_path(item, entry["nama"])] = site.lampiran.path(item, entry["nama"]).read_bytes()
    return files
