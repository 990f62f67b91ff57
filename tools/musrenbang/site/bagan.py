"""The SOP's flowchart as inline SVG, drawn at build time from the SOP data.

Symbols follow the SOP-AP convention (Permenpan RB 35/2012): a terminator for
"Mulai" and "Selesai", a rectangle per activity, a diamond per decision, arrows
between them, and one swimlane per pelaksana (the same columns as the SOP's
table). `tata_letak` computes the boxes and arrows; `gambar` turns them into
SVG. Every text comes from a data file and is XML-escaped on output.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from ..sop import PEMERIKSA_BIDANG, Langkah, Peran, Sop, TindakLanjut

# Sizes in SVG user units; the drawing scales through its viewBox.
LAJUR = 200          # lane width
KEPALA = 46          # lane header height
ATAS = 22            # space between the header and the first symbol
JARAK = 38           # vertical space between two symbols (arrows run here)
BAWAH = 22           # space under the last symbol
SELOKAN = 34         # gutter right of the lanes for "tidak" arrows
PROSES_L, PROSES_T = 152, 50
TERMINAL_L, TERMINAL_T = 112, 36
KEPUTUSAN_L, KEPUTUSAN_T = 172, 92
BARIS = 14           # line height of text in symbols
HURUF_PROSES = 21    # characters per line in a process box
HURUF_KEPALA = 24    # characters per line in a lane header

# Presentation attributes, inline so that the drawing is complete without CSS
# (print, a copied SVG); the page's stylesheet may still refine them.
GAYA = {
    "bingkai": 'fill="#ffffff" stroke="#263238" stroke-width="1"',
    "kepala": 'fill="#e0f2f1" stroke="#263238" stroke-width="1"',
    "garis": 'stroke="#263238" stroke-width="1"',
    "terminator": 'fill="#b2dfdb" stroke="#263238" stroke-width="1.4"',
    "proses": 'fill="#ffffff" stroke="#263238" stroke-width="1.4"',
    "lanjutan": 'fill="#ffffff" stroke="#263238" stroke-width="1.4" stroke-dasharray="5 3"',
    "keputusan": 'fill="#fff8e1" stroke="#263238" stroke-width="1.4"',
    "panah": 'fill="none" stroke="#263238" stroke-width="1.3"',
    "teks": 'fill="#1d2a3a"',
    "kepala-teks": 'fill="#1d2a3a" font-weight="700" font-size="13"',
    "nomor": 'fill="#546e7a" font-size="10"',
    "label": 'fill="#1d2a3a" font-size="11" font-style="italic"',
}


def _kelas(name: str) -> str:
    return f'class="mr-sop-bagan-{name}" {GAYA[name]}'


def kolom(sop: Sop) -> list[Peran]:
    """The pelaksana columns of the SOP table and the lanes of the chart:
    roles marked `kolom_sop`, in the order of `peran`, then any step's
    pelaksana that is not marked (so that no step is left without a column)."""
    columns = [p for p in sop.peran.values() if p.kolom_sop]
    for step in sop.langkah:
        if step.pelaksana not in {c.id for c in columns}:
            columns.append(sop.peran.get(step.pelaksana) or Peran(step.pelaksana, step.pelaksana))
    return columns


def nama_pelaksana(sop: Sop, peran_id: str) -> str:
    """A role's name; the placeholder for "the examiner of the usulan's bidang"
    names the examiners of every bidang."""
    if peran_id == PEMERIKSA_BIDANG:
        names = list(dict.fromkeys(sop.nama_peran(b.pemeriksa) for b in sop.bidang.values()))
        return "pemeriksa bidang" + (f" ({', '.join(names)})" if names else "")
    return sop.nama_peran(peran_id)


def syarat(follow: TindakLanjut) -> str:
    """The question of a decision: {hasil: layak} → 'layak?'."""
    parts = []
    for key, value in follow.lanjut_bila:
        if value is True:
            parts.append(str(key))
        elif isinstance(value, str):
            parts.append(value)
        else:
            parts.append(f"{key} {value}")
    return " dan ".join(parts) + "?"


@dataclass
class Simbol:
    jenis: str            # terminator | proses | lanjutan | keputusan
    lajur: int
    baris: list[str]      # text lines
    lebar: float
    tinggi: float
    x: float = 0          # centre
    y: float = 0          # top
    nomor: int | None = None

    @property
    def atas(self) -> float:
        return self.y

    @property
    def bawah(self) -> float:
        return self.y + self.tinggi

    @property
    def tengah_y(self) -> float:
        return self.y + self.tinggi / 2

    @property
    def kanan(self) -> float:
        return self.x + self.lebar / 2


@dataclass
class Panah:
    titik: list[tuple[float, float]]
    label: str = ""
    label_di: tuple[float, float] = (0, 0)


@dataclass
class Bagan:
    lajur: list[Peran]
    simbol: list[Simbol] = field(default_factory=list)
    panah: list[Panah] = field(default_factory=list)
    lebar: float = 0
    tinggi: float = 0


def _bungkus(text: str, width: int, limit: int = 4) -> list[str]:
    lines = textwrap.wrap(" ".join(str(text).split()), width, break_long_words=True) or [""]
    if len(lines) > limit:
        lines = lines[:limit]
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return lines


def _sambung(a: Simbol, b: Simbol) -> list[tuple[float, float]]:
    """Orthogonal path from the bottom of `a` to the top of `b` (b is below a)."""
    if a.x == b.x:
        return [(a.x, a.bawah), (b.x, b.atas)]
    middle = a.bawah + JARAK / 2
    return [(a.x, a.bawah), (a.x, middle), (b.x, middle), (b.x, b.atas)]


def tata_letak(sop: Sop) -> Bagan:
    """Place every symbol (one per row, top to bottom) and route the arrows."""
    lanes = kolom(sop)
    index = {p.id: i for i, p in enumerate(lanes)}
    steps: list[Langkah] = list(sop.langkah)
    chart = Bagan(lanes)

    def lane_of(peran_id: str, fallback: int) -> int:
        return index.get(peran_id, fallback)

    # One row per symbol, in the order of the procedure.
    mulai = Simbol("terminator", lane_of(steps[0].pelaksana, 0), ["Mulai"], TERMINAL_L, TERMINAL_T)
    order: list[Simbol] = [mulai]
    decisions: list[Simbol] = []
    for step in steps:
        lane = lane_of(step.pelaksana, 0)
        lines = _bungkus(step.nama, HURUF_PROSES)
        order.append(Simbol("proses", lane, lines, PROSES_L, max(PROSES_T, 22 + BARIS * len(lines)), nomor=step.nomor))
        follow = step.tindak_lanjut
        if follow is None:
            continue
        follow_lane = lane_of(follow.pelaksana, lane)
        if follow.lanjut_bila:
            lines = _bungkus(follow.nama, 14, 2) + _bungkus(syarat(follow), 16, 2)
            diamond = Simbol("keputusan", follow_lane, lines, KEPUTUSAN_L, KEPUTUSAN_T + BARIS * max(0, len(lines) - 3))
            order.append(diamond)
            decisions.append(diamond)
        else:
            lines = _bungkus(follow.nama, HURUF_PROSES)
            order.append(Simbol("lanjutan", follow_lane, lines, PROSES_L, max(PROSES_T, 22 + BARIS * len(lines))))
    selesai = Simbol("terminator", lane_of(steps[-1].pelaksana, 0), ["Selesai"], TERMINAL_L, TERMINAL_T)
    order.append(selesai)

    y = KEPALA + ATAS
    for symbol in order:
        symbol.x = LAJUR * symbol.lajur + LAJUR / 2
        symbol.y = y
        y += symbol.tinggi + JARAK
    chart.simbol = order
    lanes_right = LAJUR * len(lanes)
    chart.lebar = lanes_right + (SELOKAN if decisions else 0)
    chart.tinggi = selesai.bawah + BAWAH

    for a, b in zip(order, order[1:]):
        arrow = Panah(_sambung(a, b))
        if a.jenis == "keputusan":
            arrow.label, arrow.label_di = "ya", (a.x + 8, a.bawah + 13)
        chart.panah.append(arrow)
    gutter = lanes_right + SELOKAN / 2
    for diamond in decisions:
        chart.panah.append(Panah(
            [(diamond.kanan, diamond.tengah_y), (gutter, diamond.tengah_y), (gutter, selesai.tengah_y),
             (selesai.kanan, selesai.tengah_y)],
            "tidak", (diamond.kanan + 6, diamond.tengah_y - 6)))
    return chart


def _n(value: float) -> str:
    return f"{value:g}"


def _teks(lines: list[str], x: float, middle: float, css: str) -> str:
    top = middle - BARIS * (len(lines) - 1) / 2
    spans = "".join(f'<tspan x="{_n(x)}" y="{_n(top + i * BARIS)}">{escape(line)}</tspan>'
                    for i, line in enumerate(lines))
    return f'<text {_kelas(css)} text-anchor="middle" dominant-baseline="central">{spans}</text>'


def _simbol(s: Simbol) -> str:
    left = s.x - s.lebar / 2
    if s.jenis == "terminator":
        shape = (f'<rect {_kelas("terminator")} x="{_n(left)}" y="{_n(s.y)}" width="{_n(s.lebar)}" '
                 f'height="{_n(s.tinggi)}" rx="{_n(s.tinggi / 2)}"/>')
    elif s.jenis == "keputusan":
        points = [(s.x, s.y), (s.kanan, s.tengah_y), (s.x, s.bawah), (left, s.tengah_y)]
        shape = f'<polygon {_kelas("keputusan")} points="{" ".join(f"{_n(a)},{_n(b)}" for a, b in points)}"/>'
    else:
        shape = (f'<rect {_kelas(s.jenis)} x="{_n(left)}" y="{_n(s.y)}" width="{_n(s.lebar)}" '
                 f'height="{_n(s.tinggi)}" rx="2"/>')
    number = ""
    if s.nomor is not None:
        number = f'<text {_kelas("nomor")} x="{_n(left + 5)}" y="{_n(s.y + 12)}">{escape(str(s.nomor))}</text>'
    return f'<g>{shape}{number}{_teks(s.baris, s.x, s.tengah_y, "teks")}</g>'


def _panah(p: Panah) -> str:
    d = "M" + " L".join(f"{_n(x)},{_n(y)}" for x, y in p.titik)
    path = f'<path {_kelas("panah")} d="{d}" marker-end="url(#mr-sop-mata-panah)"/>'
    if not p.label:
        return path
    x, y = p.label_di
    return path + f'<text {_kelas("label")} x="{_n(x)}" y="{_n(y)}">{escape(p.label)}</text>'


def gambar(chart: Bagan, judul: str) -> Markup:
    """The chart as one <svg> element. The frame holds the lanes; arrows to
    "Selesai" from a decision run in the gutter right of it."""
    lanes_right = LAJUR * len(chart.lajur)
    parts = [
        f'<svg class="mr-sop-bagan-svg" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(chart.lebar)} {_n(chart.tinggi)}" '
        f'width="100%" preserveAspectRatio="xMidYMin meet" role="img" aria-labelledby="mr-sop-bagan-judul" '
        f'font-family="inherit" font-size="12">',
        f'<title id="mr-sop-bagan-judul">{escape(judul)}</title>',
        '<defs><marker id="mr-sop-mata-panah" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#263238"/></marker></defs>',
        f'<rect {_kelas("bingkai")} x="0.5" y="0.5" width="{_n(lanes_right - 1)}" height="{_n(chart.tinggi - 1)}"/>',
    ]
    for i, lane in enumerate(chart.lajur):
        x = LAJUR * i
        lines = _bungkus(lane.nama, HURUF_KEPALA, 2)
        parts.append(
            f'<g class="mr-sop-bagan-lajur"><rect {_kelas("kepala")} x="{_n(x)}" y="0" width="{_n(LAJUR)}" '
            f'height="{_n(KEPALA)}"/>{_teks(lines, x + LAJUR / 2, KEPALA / 2, "kepala-teks")}'
            f'<line {_kelas("garis")} x1="{_n(x)}" y1="0" x2="{_n(x)}" y2="{_n(chart.tinggi)}"/></g>')
    parts += [_panah(p) for p in chart.panah]
    parts += [_simbol(s) for s in chart.simbol]
    parts.append("</svg>")
    return Markup("".join(parts))


def svg(sop: Sop) -> Markup:
    return gambar(tata_letak(sop), f"Bagan alir SOP {sop.identitas['nama']}")
