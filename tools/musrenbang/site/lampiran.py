"""Attachments on the site: public files under an usulan's `lampiran/` are copied
into the site and linked from its page; `*.age` files are private (age ciphertext
for the readers of personal data) and are named, never linked.

Only kinds of file a browser shows as documents or images are published: an
attachment named `.html`, `.svg` or `.js` would run in the site's origin, and a
`.md` would become a page, so other kinds are named without a link.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from ..checks.privasi import attachment_path
from ..records import Usulan

PUBLISHED = {".pdf", ".jpg", ".jpeg", ".png", ".webp", ".gif", ".csv", ".xlsx", ".ods", ".docx", ".odt"}


def site_path(item: Usulan, name: str) -> str:
    return f"lampiran/{item.tahun}/{item.desa}/{name}"


def entries(root: Path, item: Usulan) -> list[dict]:
    """Each listed attachment: its name, the link (public and present) or why there is none."""
    out = []
    for name in item.data.get("lampiran") or []:
        path = attachment_path(root, item, name)
        present = path is not None and path.is_file()
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
            for entry in entries(ws.root, item):
                if entry["href"]:
                    files[site_path(item, entry["nama"])] = attachment_path(ws.root, item, entry["nama"]).read_bytes()
    return files
