"""The "Ajukan Usulan" page: a form, built in the browser from the usulan schema,
that writes a valid usulan YAML file for a village operator.

Everything the form needs is decided here at build time and embedded in the
page as JSON: the usulan schema with its `$ref`s inlined, the villages of
sop/wilayah.yaml, the priority numbers already used and the Git forge's
new-file address. `assets/ajukan.js` turns that into fields, checks them and
writes the YAML; nothing is sent anywhere by the page itself. The readers' age
keys are embedded too: the private fields are encrypted in the browser
(`assets/age/age.js`) before the YAML exists.
"""

from __future__ import annotations

import json
from datetime import date
from urllib.parse import urlparse

from markupsafe import Markup

from .. import privasi
from ..checks import tanggal
from ..schemas import _inline
from .pages import ENV, base_for, page

SRC = "ajukan/index.md"

# Berkas fields the form fills itself (desa, number, time of receipt) or that later
# SOP steps add: left out of the berkas part of the form.
BERKAS_LATER = ("desa", "nomor_agenda", "diterima", "disposisi", "koreksi")

# Fields that later SOP steps fill in, never the village: left out of the form.
# The SOP's own steps are added to these in `_later_fields`.
ALWAYS_LATER = ("koreksi", "lampiran", privasi.KUNCI)


def script_json(data) -> Markup:
    """JSON safe inside <script type="application/json">: `</` cannot close the
    element and `<!--` cannot switch the HTML parser into its escaped states."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("</", "<\\/").replace("<!--", "\\u003c!--"))


def forge_of(repo_url: str) -> str:
    """'github' for github.com, 'gitea' for anything else (Gitea, Forgejo), '' without a URL."""
    if not repo_url:
        return ""
    host = (urlparse(repo_url).hostname or "").lower()
    return "github" if host in ("github.com", "www.github.com") else "gitea"


def new_file_base(repo_url: str, branch: str) -> str:
    """The forge's new-file page for a folder, without the folder itself.

    GitHub: /new/<branch>/<folder>?filename=..&value=..
    Gitea and Forgejo: /_new/<branch>/<folder>/?filename=..&value=.. (the same
    two query parameters, documented in Gitea's "Web UI API" since 2021).
    """
    return forge_page(repo_url, "new", branch)


def upload_base(repo_url: str, branch: str) -> str:
    """The forge's upload page for a folder (several files in one commit), without the folder."""
    return forge_page(repo_url, "upload", branch)


# A forge's page for an action on a branch: GitHub writes /new/, Gitea and Forgejo /_new/.
FORGE_PAGE = {"github": "{repo}/{verb}/{branch}/{path}", "gitea": "{repo}/_{verb}/{branch}/{path}"}


def forge_page(repo_url: str, verb: str, branch: str, path: str = "") -> str:
    """The forge's page to `verb` (new, upload, edit) `path` on `branch`; '' on an unknown forge."""
    pattern = FORGE_PAGE.get(forge_of(repo_url))
    return pattern.format(repo=repo_url, verb=verb, branch=branch, path=path) if pattern else ""


def _later_fields(site) -> list[str]:
    later = list(ALWAYS_LATER)
    for step in site.model.sop.langkah:
        for where in (step.dicatat, step.tindak_lanjut.dicatat if step.tindak_lanjut else None):
            if where is not None and where.rekaman == "usulan" and where.isian not in later:
                later.append(where.isian)
    return later


def _readers(ws) -> list[dict[str, str]]:
    """The readers of personal data the form encrypts to: the SOP's reader roles' age keys."""
    petugas = ws.ref.petugas
    return [{"id": pid, "nama": petugas[pid]["jabatan"], "kunci": key}
            for pid, key in privasi.reader_keys(ws.ref.sop, petugas)]


def build(site) -> dict[str, str]:
    ws = site.model.ws
    schemas = ws.schemas.schemas
    schema = _inline(schemas["usulan"], schemas["usulan"], schemas)
    berkas_schema = _inline(schemas["berkas"], schemas["berkas"], schemas)
    used: dict[str, dict[str, list[int]]] = {}
    for year in ws.register.tahun.values():
        for item in year.usulan:
            used.setdefault(str(year.tahun), {}).setdefault(item.desa, []).append(item.nomor)
    desa = [{"slug": slug, "nama": entry.get("nama", slug), "jenis": entry.get("jenis", "")}
            for slug, entry in sorted(ws.ref.desa.items(), key=lambda item: item[1].get("nama", item[0]))]
    kind = forge_of(site.repo_url)
    data = {
        "lewati": _later_fields(site),
        "nomor": {tahun: {d: sorted(n) for d, n in per_desa.items()} for tahun, per_desa in used.items()},
        "desa": {d["slug"]: d["nama"] for d in desa},
        "label": {b: v.nama for b, v in site.model.sop.bidang.items()},
        "forge": kind,
        "baru": new_file_base(site.repo_url, site.branch),
        "pembaca": _readers(ws),
        "berkas": {str(t): sorted(y.berkas) for t, y in ws.register.tahun.items()},
        "agenda": {str(t): max((b.data["nomor_agenda"] for b in y.berkas.values() if b.valid), default=0)
                   for t, y in ws.register.tahun.items()},
        "lewati_berkas": list(BERKAS_LATER),
        "unggah": upload_base(site.repo_url, site.branch),
        "bulan_sebelum": tanggal.BULAN_SEBELUM,
        "biaya_minimal": ((ws.ref.data("kriteria") or {}).get("biaya_minimal") or {}).get("usulan", 0),
    }
    html = ENV.get_template("ajukan.html").render(
        base=base_for(SRC), kecamatan=site.kecamatan, tahun=date.today().year, desa=desa, forge=kind,
        skema=script_json(schema), skema_berkas=script_json(berkas_schema), data=script_json(data),
        pembaca=" dan ".join(r["nama"] for r in data["pembaca"]) or "pembaca yang ditunjuk SOP",
    )
    return {SRC: page("Ajukan Usulan", html, hide=("navigation", "toc"))}
