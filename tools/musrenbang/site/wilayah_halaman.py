"""Pages per desa/kelurahan (`desa/<slug>/`) and per bidang (`bidang/<id>/`),
with an index of each (`desa/`, `bidang/`).

A desa page lists the desa's berkas and usulan over the years: nomor agenda,
date received, status, cost and the forum's result. A bidang page lists its
usulan per year with status and result, and their total against the bidang's
pagu when the year has a forum. Only the public rows of the SiteModel are used.
"""

from __future__ import annotations

from ..alur import forum_results
from ..errors import MusrenbangError
from ..schemas import strip_private
from .model import Baris
from .pages import ENV, base_for, page
from .peta import bidang_id, koordinat


def _forum(year):
    return year.forum if year.forum is not None and year.forum.valid else None


def _hasil(row: Baris, forum, results: dict) -> dict:
    """The forum's result for one usulan, as the tables show it."""
    if forum is None:
        return {"ada": False}
    entry = results.get(row.usulan.rujukan)
    if entry is None:
        return {"ada": True, "ditetapkan": False}
    return {"ada": True, "ditetapkan": True, "lolos": bool(entry.get("lolos")), "alasan": entry.get("alasan", ""),
            "peringkat": entry.get("peringkat")}


def _item(row: Baris, forum, results: dict) -> dict:
    classified = bool((row.data.get("klasifikasi") or {}).get("bidang"))
    return {"r": row, "bidang": bidang_id(row), "diklasifikasi": classified,
            "hasil": _hasil(row, forum, results), "berkoordinat": koordinat(row) is not None}


def _pagu(site, tahun: int, forum) -> dict[str, int] | None:
    from ..seleksi import pagu
    try:
        return pagu(tahun, forum.data, site.model.ws.ref.data("kriteria"), site.model.sop)
    except (MusrenbangError, KeyError, TypeError, AttributeError):
        return None


def _year_items(site, year) -> list[dict]:
    forum = _forum(year)
    results = forum_results(forum)
    return [_item(r, forum, results) for r in site.model.rows if r.usulan.tahun == year.tahun]


def build(site) -> dict[str, str]:
    pages: dict[str, str] = {}
    pages.update(_desa_pages(site))
    pages.update(_bidang_pages(site))
    return pages


# --- desa/kelurahan ------------------------------------------------------------------

def _desa_pages(site) -> dict[str, str]:
    model = site.model
    ws = model.ws
    private = model.private["berkas"]
    per_desa: dict[tuple[int, str], list[dict]] = {}  # grouped once: a page must not scan every usulan
    for year in model.years:
        for item in _year_items(site, year):
            per_desa.setdefault((year.tahun, item["r"].usulan.desa), []).append(item)
    known = ws.ref.desa
    # Usulan of a slug missing from sop/wilayah.yaml still get a page (validation reports them).
    extra = {r.usulan.desa: {"slug": r.usulan.desa, "nama": r.nama_desa}
             for r in model.rows if r.usulan.desa not in known}
    desa = sorted([*known.values(), *extra.values()], key=lambda d: d["nama"].casefold())
    pages: dict[str, str] = {}
    summary = []
    for info in desa:
        slug = info["slug"]
        src = f"desa/{slug}/index.md"
        years, totals = [], {}
        for year in model.years:
            items = sorted(per_desa.get((year.tahun, slug), []), key=lambda i: i["r"].usulan.nomor)
            berkas = year.berkas.get(slug)
            forum = _forum(year)
            delegasi = ((forum.data.get("delegasi") or {}).get(slug) if forum else None) or None
            entry = {
                "tahun": year.tahun, "daftar": items,
                "berkas": strip_private(berkas.data, private) if berkas is not None and berkas.valid else None,
                "berkas_tidak_sah": berkas is not None and not berkas.valid,
                "forum": forum is not None, "hadir": delegasi.get("hadir") if delegasi else None,
                "biaya": sum(i["r"].data["perkiraan_biaya"] for i in items),
                "lolos": sum(1 for i in items if i["hasil"].get("lolos")),
                "biaya_lolos": sum(i["r"].data["perkiraan_biaya"] for i in items if i["hasil"].get("lolos")),
            }
            years.append(entry)
            totals[year.tahun] = entry
        html = ENV.get_template("desa_halaman.html").render(
            base=base_for(src), desa=info, years=years, kecamatan=site.kecamatan, bidang=set(model.sop.bidang))
        pages[src] = page(f"{_jenis(info)} {info['nama']}", html, hide=("navigation", "toc"), daftar=True)
        summary.append({"desa": info, "tahun": totals})
    years = [{"tahun": y.tahun, "forum": _forum(y) is not None} for y in model.years]
    grand = {y["tahun"]: {"usulan": sum(len(s["tahun"][y["tahun"]]["daftar"]) for s in summary),
                          "biaya": sum(s["tahun"][y["tahun"]]["biaya"] for s in summary),
                          "lolos": sum(s["tahun"][y["tahun"]]["lolos"] for s in summary),
                          "berkas": sum(1 for s in summary if s["tahun"][y["tahun"]]["berkas"])} for y in years}
    html = ENV.get_template("desa_index.html").render(base=base_for("desa/index.md"), kecamatan=site.kecamatan,
                                                      rows=summary, years=years, total=grand)
    pages["desa/index.md"] = page("Desa/Kelurahan", html, hide=("navigation", "toc"))
    return pages


def _jenis(info: dict) -> str:
    return "Kelurahan" if info.get("jenis") == "kelurahan" else "Desa"


# --- bidang --------------------------------------------------------------------------

def _rank(item: dict) -> tuple:
    hasil = item["hasil"]
    decided = hasil.get("ditetapkan", False)
    return (not decided, not hasil.get("lolos", False), hasil.get("peringkat") or 10**6,
            item["r"].nama_desa, item["r"].usulan.nomor)


def _bidang_pages(site) -> dict[str, str]:
    model = site.model
    per_year = {year.tahun: _year_items(site, year) for year in model.years}
    pages: dict[str, str] = {}
    summary = []
    for bidang in model.sop.bidang.values():
        src = f"bidang/{bidang.id}/index.md"
        years, totals = [], {}
        for year in model.years:
            forum = _forum(year)
            items = sorted((i for i in per_year[year.tahun] if i["bidang"] == bidang.id), key=_rank)
            budgets = _pagu(site, year.tahun, forum) if forum is not None else None
            agreed = [i for i in items if i["hasil"].get("lolos")]
            entry = {
                "tahun": year.tahun, "daftar": items, "forum": forum is not None,
                "pagu": budgets.get(bidang.id) if budgets else None,
                "biaya": sum(i["r"].data["perkiraan_biaya"] for i in items),
                "lolos": len(agreed), "biaya_lolos": sum(i["r"].data["perkiraan_biaya"] for i in agreed),
                "belum_diklasifikasi": sum(1 for i in items if not i["diklasifikasi"]),
            }
            share = entry["biaya_lolos"] * 100 / entry["pagu"] if entry["pagu"] else 0.0
            entry["persen"], entry["lebar"] = round(share, 1), min(share, 100.0)
            years.append(entry)
            totals[year.tahun] = entry
        pemeriksa = model.sop.nama_peran(bidang.pemeriksa)
        html = ENV.get_template("bidang_halaman.html").render(
            base=base_for(src), bidang=bidang, pemeriksa=pemeriksa, years=years, kecamatan=site.kecamatan)
        pages[src] = page(f"Bidang {bidang.nama}", html, hide=("navigation", "toc"), daftar=True)
        summary.append({"bidang": bidang, "tahun": totals})
    years = [{"tahun": y.tahun, "forum": _forum(y) is not None} for y in model.years]
    html = ENV.get_template("bidang_index.html").render(base=base_for("bidang/index.md"), kecamatan=site.kecamatan,
                                                        rows=summary, years=years)
    pages["bidang/index.md"] = page("Bidang", html, hide=("navigation", "toc"))
    return pages
