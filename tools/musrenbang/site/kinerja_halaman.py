"""Kinerja (`kinerja/index.md`): how long each SOP step took against its mutu baku,
per year and per step, from `musrenbang.kinerja.Kinerja`.

Each step gets a distribution chart (inline SVG, log-like axis, the mutu baku as
a line), its median, 90th percentile and number of breaches; then the breaches
themselves and, per official role, the steps done and the breaches.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from ..kinerja import Durasi, Kinerja, Ringkasan
from ..sop import Sop, describe_duration
from . import grafik
from .pages import ENV, base_for, page

PATH = "kinerja/index.md"
TANPA_PERAN = "Petugas tidak terdaftar"


def lama(seconds: int | None) -> str:
    """Seconds in Indonesian words ('1 jam 2 menit'); negative (a wrong record) with a minus."""
    if seconds is None:
        return "—"
    sign = "−" if seconds < 0 else ""
    return sign + describe_duration(timedelta(seconds=abs(seconds)))


@dataclass
class Langkah:
    ringkasan: Ringkasan
    grafik: object  # Markup or None


@dataclass
class Pelanggaran:
    rujukan: str
    label: str
    url: str
    langkah: str
    durasi: str
    mutu_baku: str
    dari_commit: bool


@dataclass
class Peran:
    nama: str
    langkah: list[int]
    jumlah: int
    melebihi: int

    @property
    def persen(self) -> int:
        return round(self.melebihi * 100 / self.jumlah) if self.jumlah else 0


def build(site) -> dict[str, str]:
    model = site.model
    years = [_year(site, Kinerja(model.ws, year.tahun), year.tahun) for year in model.years]
    html = ENV.get_template("kinerja.html").render(base=base_for(PATH), years=years, lama=lama,
                                                   sop_nama=model.sop.identitas["nama"])
    return {PATH: page("Kinerja", html)}


def _year(site, result: Kinerja, tahun: int) -> dict:
    sop = site.model.sop
    steps = []
    for summary in result.summary():
        rows = [r for r in result.rows if r.langkah == summary.langkah]
        steps.append(Langkah(summary, _chart(sop, tahun, summary, rows)))
    return {
        "tahun": tahun,
        "langkah": steps,
        "jumlah": len(result.rows),
        "melebihi": [_breach(site, row) for row in sorted(result.rows, key=lambda r: (r.langkah, r.rujukan)) if row.melebihi],
        "peran": _roles(site, result),
        "dari_commit": sum(1 for r in result.rows if r.sumber_waktu == "commit"),
    }


def _chart(sop: Sop, tahun: int, s: Ringkasan, rows: list[Durasi]):
    if not rows:
        return None
    step = sop.langkah_nomor(s.langkah)
    limit = int(step.waktu.total_seconds())
    text = (f"Sebaran lama langkah {s.langkah} ({s.nama}) tahun {tahun}: {s.jumlah} catatan, median {lama(s.median_detik)}, "
            f"persentil ke-90 {lama(s.p90_detik)}, {s.melebihi} melebihi mutu baku {s.mutu_baku}.")
    return grafik.diagram_sebaran(f"grafik-langkah-{tahun}-{s.langkah}", f"Langkah {s.langkah}: {s.nama}, tahun {tahun}",
                                  text, [r.detik for r in rows], limit, s.mutu_baku)


def _breach(site, row: Durasi) -> Pelanggaran:
    """A breach with a readable reference: the usulan (linked), the berkas or the forum session."""
    model = site.model
    step = model.sop.langkah_nomor(row.langkah)
    label, url = row.rujukan, ""
    usulan = next((r for r in model.rows if r.usulan.kunci == row.rujukan), None)
    parts = row.rujukan.split("/")
    if usulan is not None:
        label = f"{usulan.nama_desa} {usulan.usulan.nomor:02d}: {usulan.data['judul']}"
        url = usulan.url
    elif len(parts) == 3 and parts[1] == "musrenbang":
        bidang = model.sop.bidang.get(parts[2])
        label = f"Forum, sesi bidang {bidang.nama if bidang else parts[2]}"
        url = f"berita-acara/{parts[0]}/"
    elif len(parts) == 2:
        label = f"Berkas {model.ws.ref.nama_desa(parts[1])}"
    return Pelanggaran(row.rujukan, label, url, f"{row.langkah}. {step.nama if step else ''}", lama(row.detik),
                       lama(row.mutu_baku_detik), row.sumber_waktu == "commit")


def _role_of(sop: Sop, petugas: dict, oleh: str, langkah: int) -> str | None:
    """The role under which `oleh` did the step: the step's own role when they hold
    it, else their first role; None when the id is not in sop/petugas.yaml."""
    roles = list((petugas.get(oleh) or {}).get("peran") or [])
    if not roles:
        return None
    step = sop.langkah_nomor(langkah)
    return step.pelaksana if step and step.pelaksana in roles else roles[0]


def _roles(site, result: Kinerja) -> list[Peran]:
    sop, petugas = site.model.sop, site.model.ws.ref.petugas
    found: dict[str | None, Peran] = {}
    for (langkah, oleh), (count, over) in result.per_petugas().items():
        role = _role_of(sop, petugas, oleh, langkah)
        entry = found.setdefault(role, Peran(sop.nama_peran(role) if role else TANPA_PERAN, [], 0, 0))
        if langkah not in entry.langkah:
            entry.langkah.append(langkah)
        entry.jumlah += count
        entry.melebihi += over
    order = list(sop.peran)
    return [found[k] for k in sorted(found, key=lambda k: order.index(k) if k in order else len(order))]
