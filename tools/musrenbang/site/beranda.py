"""Beranda (`index.md`): each year's figures at a glance, as numbers and as inline
SVG charts drawn at build time, and the latest changes to the register from git.

Figures come from the site model's public rows, the forum's written result and
the pagu of `musrenbang.seleksi.pagu`; nothing here reads a private field.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone

from markupsafe import Markup

from .. import format as fmt
from ..alur import forum_results
from ..errors import MusrenbangError
from ..seleksi import pagu as pagu_bidang
from . import grafik
from .grafik import Batang
from .model import Baris
from .pages import ENV, page, status_label

JUMLAH_PERUBAHAN = 10
TANPA_BIDANG = "Belum ditentukan"


@dataclass
class Bidang:
    nama: str
    usulan: int = 0
    biaya: int = 0
    pagu: int | None = None
    lolos: int = 0
    biaya_lolos: int = 0

    @property
    def persen_pagu(self) -> int | None:
        return round(self.biaya * 100 / self.pagu) if self.pagu else None


@dataclass
class Tahun:
    tahun: int
    berkas: int
    usulan: int
    biaya: int
    bidang: list[Bidang]
    ada_forum: bool
    lolos: int = 0
    biaya_lolos: int = 0
    pagu: int | None = None
    grafik: dict[str, Markup] = field(default_factory=dict)


def build(site) -> dict[str, str]:
    model = site.model
    html = ENV.get_template("ringkasan.html").render(
        base="./", kecamatan=site.kecamatan, jumlah_desa=len(model.ws.ref.desa),
        sop_nama=model.sop.identitas["nama"], sop_nomor=model.sop.identitas["nomor"],
        years=[_year(site, year) for year in model.years],
        perubahan=_changes(site),
    )
    return {"index.md": page("Beranda", html)}


# --- figures of one year --------------------------------------------------------------

def _bidang_id(row: Baris) -> str | None:
    return (row.data.get("klasifikasi") or {}).get("bidang") or row.data.get("usulan_bidang")


def _pagu(site, tahun: int, forum) -> dict[str, int]:
    ref = site.model.ws.ref
    try:
        kriteria = ref.data("kriteria")
        if not kriteria:
            return {}
        return pagu_bidang(tahun, forum.data if forum is not None and forum.valid else {}, kriteria, site.model.sop)
    except (MusrenbangError, KeyError, TypeError):
        return {}  # no pagu to compare with: the chart shows the costs alone


def _year(site, year) -> Tahun:
    model, sop = site.model, site.model.sop
    rows = [r for r in model.rows if r.usulan.tahun == year.tahun]
    forum = year.forum if year.forum is not None and year.forum.valid else None
    results = forum_results(forum)
    passed = {key for key, entry in results.items() if entry.get("lolos")}
    pagu = _pagu(site, year.tahun, year.forum)

    per_bidang = {key: Bidang(b.nama, pagu=pagu.get(key)) for key, b in sop.bidang.items()}
    for row in rows:
        key = _bidang_id(row)
        entry = per_bidang.get(key) or per_bidang.setdefault(None, Bidang(TANPA_BIDANG))
        entry.usulan += 1
        entry.biaya += row.data["perkiraan_biaya"]
        if row.usulan.rujukan in passed:
            entry.lolos += 1
            entry.biaya_lolos += row.data["perkiraan_biaya"]
    bidang = list(per_bidang.values())

    result = Tahun(
        tahun=year.tahun,
        berkas=sum(1 for b in year.berkas.values() if b.valid),
        usulan=len(rows),
        biaya=sum(r.data["perkiraan_biaya"] for r in rows),
        bidang=bidang,
        ada_forum=forum is not None,
        lolos=sum(b.lolos for b in bidang),
        biaya_lolos=sum(b.biaya_lolos for b in bidang),
        pagu=sum(pagu.values()) if pagu else None,
    )
    result.grafik = {
        "status": _chart_status(site, year.tahun, rows),
        "bidang": _chart_bidang(year.tahun, bidang),
        "desa": _chart_desa(site, year, rows),
    }
    return result


def _chart_status(site, tahun: int, rows: list[Baris]):
    sop = site.model.sop
    counts = Counter(r.status for r in rows)
    bars = [Batang(status_label(s, sop.peran), counts[s], f"{counts[s]} usulan") for s in site.model.statuses() if counts[s]]
    if not bars:
        return None
    text = "; ".join(f"{b.label}: {b.teks}" for b in bars)
    return grafik.diagram_batang(f"grafik-status-{tahun}", f"Usulan per status, tahun {tahun}",
                                 f"Jumlah usulan tahun {tahun} menurut status, urut langkah SOP. {text}.", bars)


def _chart_bidang(tahun: int, bidang: list[Bidang]):
    bars = []
    for b in bidang:
        text = fmt.rupiah(b.biaya) + (f" · {b.persen_pagu}% pagu" if b.pagu else "")
        bars.append(Batang(f"{b.nama} ({b.usulan} usulan)", b.biaya, text, b.pagu))
    if not any(b.usulan for b in bidang):
        return None
    parts = []
    for b in bidang:
        part = f"{b.nama}: {b.usulan} usulan, {fmt.rupiah(b.biaya)}"
        parts.append(part + (f", pagu {fmt.rupiah(b.pagu)}" if b.pagu else ""))
    return grafik.diagram_batang(
        f"grafik-bidang-{tahun}", f"Perkiraan biaya usulan per bidang dibanding pagu, tahun {tahun}",
        f"Jumlah perkiraan biaya usulan tahun {tahun} per bidang (jumlah usulan dalam kurung) "
        f"dibanding pagu indikatif bidang. {'; '.join(parts)}.", bars)


def _chart_desa(site, year, rows: list[Baris]):
    ref = site.model.ws.ref
    count, cost = Counter(), defaultdict(int)
    for row in rows:
        count[row.usulan.desa] += 1
        cost[row.usulan.desa] += row.data["perkiraan_biaya"]
    bars = []
    for slug in sorted(ref.desa, key=ref.nama_desa):
        received = slug in year.berkas and year.berkas[slug].valid
        text = f"{fmt.rupiah(cost[slug])} · {count[slug]} usulan" if received or count[slug] else "berkas belum masuk"
        bars.append(Batang(ref.nama_desa(slug), cost[slug], text))
    if not rows:
        return None
    return grafik.diagram_batang(
        f"grafik-desa-{year.tahun}", f"Usulan per desa/kelurahan, tahun {year.tahun}",
        f"Jumlah perkiraan biaya dan jumlah usulan tiap desa/kelurahan tahun {year.tahun}. "
        + "; ".join(f"{b.label}: {b.teks}" for b in bars) + ".", bars)


# --- latest changes -------------------------------------------------------------------

def _changes(site) -> list[dict]:
    """The latest things that happened to proposals, in words a citizen reads
    ("Disposisi Camat untuk berkas Denok 2025"), newest first. They come from the
    records' timelines (the recorded `waktu`, or the recording commit's time where it
    was left out), never from commit messages. A berkas-level step (intake, a
    disposition) and the forum's result are told once, not once per usulan."""
    seen, changes = set(), []
    for row in site.model.rows:
        for event in row.linimasa:
            if not event.waktu or not event.rekaman:
                continue
            key, change = _change(row, event)
            if key in seen:
                continue
            seen.add(key)
            change["waktu"] = event.waktu
            change["urut"] = _parse(event.waktu)
            changes.append(change)
    changes.sort(key=lambda c: (c["urut"], c["teks"]), reverse=True)
    return changes[:JUMLAH_PERUBAHAN]


def _change(row: Baris, event) -> tuple[tuple, dict]:
    tahun, desa = row.usulan.tahun, row.nama_desa
    if event.rekaman == "berkas":
        if event.nama == "Berkas diterima":
            agenda = row.berkas_data.get("nomor_agenda")
            text = f"Berkas {desa} {tahun} diterima kecamatan" + (f" (nomor agenda {agenda})" if agenda else "")
        else:
            text = f"{event.nama} untuk berkas {desa} {tahun}"
        return ("berkas", tahun, row.usulan.desa, event.nama), {"teks": text, "url": f"desa/{row.usulan.desa}/"}
    if event.rekaman == "musrenbang":
        return ("forum", tahun), {"teks": f"Hasil {event.nama} {tahun} ditetapkan", "url": f"prioritas/{tahun}/"}
    outcome = re.split(r"[.:]", event.isi, maxsplit=1)[0].strip() if event.isi else ""
    text = f"{event.nama} untuk usulan {desa} {tahun}: {row.data['judul']}"
    return ("usulan", row.usulan.kunci, event.nama), {"teks": text, "hasil": outcome, "url": row.url}


def _parse(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
