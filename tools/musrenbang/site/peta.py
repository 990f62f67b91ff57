"""Peta usulan: one map per year (`peta/<tahun>/`) and an index (`peta/`).

The map is drawn in the browser by assets/peta.js with the vendored Leaflet
(assets/leaflet/, no CDN) from JSON embedded in the page. The table under the map
lists every usulan of the year, so the page is complete without JavaScript and
when the OpenStreetMap tiles cannot load. User text reaches the page only
through Jinja2 autoescaping or as JSON read by the script (and put in the DOM
with textContent).
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from .. import format as fmt
from .model import Baris
from .pages import ENV, base_for, page, status_label

LEAFLET = "assets/musrenbang/leaflet"
SCRIPT = "assets/musrenbang/peta.js"


def koordinat(row: Baris) -> tuple[float, float] | None:
    """The usulan's [lat, lon], when it has a usable one."""
    value = (row.data.get("lokasi") or {}).get("koordinat")
    if not isinstance(value, (list, tuple)) or len(value) != 2:
        return None
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value):
        return None
    return float(value[0]), float(value[1])


def bidang_id(row: Baris) -> str:
    """The usulan's bidang: the classified one, else the one the desa proposed."""
    return (row.data.get("klasifikasi") or {}).get("bidang") or row.data.get("usulan_bidang") or ""


def json_script(value: Any) -> Markup:
    """JSON safe to put inside <script type="application/json">: '<', '>' and '&'
    are written as \\u escapes, so neither `</script>` nor `<!--` can appear."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def build(site) -> dict[str, str]:
    model = site.model
    roles = model.sop.peran
    order = model.statuses()
    years = []
    pages: dict[str, str] = {}
    for year in model.years:
        rows = sorted((r for r in model.rows if r.usulan.tahun == year.tahun),
                      key=lambda r: (r.nama_desa, r.usulan.nomor))
        src = f"peta/{year.tahun}/index.md"
        base = base_for(src)
        entries, markers = [], []
        for row in rows:
            where = koordinat(row)
            entry = {"r": row, "koordinat": where, "marker": None, "bidang": bidang_id(row)}
            if where is not None:
                entry["marker"] = len(markers)
                markers.append({
                    "lat": where[0], "lon": where[1], "judul": row.data["judul"], "desa": row.nama_desa,
                    "bidang": row.bidang or "—", "status": row.status, "label": status_label(row.status, roles),
                    "biaya": fmt.rupiah(row.data.get("perkiraan_biaya")), "url": base + row.url,
                })
            entries.append(entry)
        present = {r.status for r in rows if koordinat(r) is not None}
        legend = [(s, status_label(s, roles), sum(1 for r in rows if r.status == s and koordinat(r) is not None))
                  for s in order if s in present]
        html = ENV.get_template("peta_tahun.html").render(
            base=base, tahun=year.tahun, kecamatan=site.kecamatan, entries=entries, markers=markers,
            data=json_script(markers), legend=legend, tanpa=len(entries) - len(markers),
            years=[y.tahun for y in model.years], leaflet=base + LEAFLET, script=base + SCRIPT,
            bidang=set(model.sop.bidang),
        )
        pages[src] = page(f"Peta Usulan {year.tahun}", html, hide=("navigation", "toc"), daftar=True)
        years.append({"tahun": year.tahun, "usulan": len(rows), "berkoordinat": len(markers)})
    html = ENV.get_template("peta_index.html").render(base=base_for("peta/index.md"), kecamatan=site.kecamatan,
                                                      years=years)
    pages["peta/index.md"] = page("Peta Usulan", html)
    return pages
