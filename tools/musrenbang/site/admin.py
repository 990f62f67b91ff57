"""`/admin/`: the officials' forms (Decap CMS), or a page saying what is missing.

The Decap bundle is never committed and never loaded from a CDN: `make admin`
installs it from npm (`admin/package-lock.json`) into `admin/node_modules/`, and
the build copies it into the site. Without it (`make serve` on a machine
without Node) `/admin/` is an Indonesian page naming the command to run.
`config.yml` is always written: it is generated (`musrenbang.decap`).
"""

from __future__ import annotations

import json
from pathlib import Path

from .. import decap
from ..schemas import _inline
from .pages import ENV, base_for, page

INDEX_MD = "admin/index.md"
NODE = Path("admin") / "node_modules"
BUNDLE = NODE / "decap-cms" / "dist"
JSYAML = NODE / "js-yaml" / "dist" / "js-yaml.min.js"
INSTALL = "make admin"


def bundle_files(root: Path) -> list[Path]:
    """The Decap bundle's files to serve (the script, its lazy chunks, wasm, licence); [] when not installed."""
    dist = root / BUNDLE
    if not (dist / "decap-cms.js").is_file() or not (root / JSYAML).is_file():
        return []
    wanted = [p for p in sorted(dist.iterdir())
              if p.is_file() and (p.name.endswith("decap-cms.js") or p.suffix == ".wasm"
                                  or p.name == "decap-cms.js.LICENSE.txt")]
    return wanted + [root / JSYAML]


def config_dict(site) -> dict:
    options = dict(getattr(site, "admin_options", {}) or {})
    site_url = options.pop("site_url", "")
    return decap.for_register(site.model.ws, site.repo_url, site.branch, options, site_url)


def susunan(site) -> str:
    """window.MUSRENBANG_SUSUNAN: key order and types per record kind, and each kind's first line."""
    schemas = site.model.ws.schemas.schemas
    data = {"urutan": {}, "kepala": {}}
    for kind in ("berkas", "usulan"):
        data["urutan"][kind] = decap.susunan(_inline(schemas[kind], schemas[kind], schemas))
        data["kepala"][kind] = f"# yaml-language-server: $schema=../../../sop/schemas/{kind}.schema.json"
    return "window.MUSRENBANG_SUSUNAN = " + json.dumps(data, ensure_ascii=False, separators=(",", ":")) + ";\n"


def config_yaml(site) -> str:
    return decap.to_yaml(config_dict(site))


def build(site) -> dict[str, str | bytes]:
    root = Path(site.model.ws.root)
    files: dict[str, str | bytes] = {"admin/config.yml": config_yaml(site)}
    bundle = bundle_files(root)
    if not bundle:
        html = ENV.get_template("admin_tidak_ada.html").render(base=base_for(INDEX_MD), perintah=INSTALL)
        files[INDEX_MD] = page("Formulir petugas", html, hide=("navigation", "toc"))
        return files
    for path in bundle:
        files[f"admin/{path.name}"] = path.read_bytes()
    files["admin/susunan.js"] = susunan(site)
    files["admin/index.html"] = ENV.get_template("admin.html").render(judul=f"Formulir petugas · {site.kecamatan}")
    return files
