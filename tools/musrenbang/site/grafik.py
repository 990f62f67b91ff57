"""Charts drawn at build time as inline SVG: no script, no library, printable.

Every chart carries a <title> and a <desc> (its text alternative, read by screen
readers and shown by some browsers as a tooltip) and writes its numbers as text
labels, so it reads without colour and in print. Every text that reaches the
markup passes through `markupsafe.escape`; numbers are formatted here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from markupsafe import Markup, escape

FONT = 12  # px, in the chart's own coordinates
CHAR = 6.8  # average width of a character at FONT, to lay out labels without measuring
WIDTH = 640
WARNA = "#00796b"  # teal, the site's primary colour
WARNA_LEBIH = "#c62828"  # over a limit (pagu, mutu baku)
WARNA_GARIS = "#37474f"


@dataclass(frozen=True)
class Batang:
    """One bar: its label, its length, the text written after it, and an optional
    reference value (a pagu) drawn as a mark across the bar."""

    label: str
    nilai: float
    teks: str
    acuan: float | None = None


# --- markup helpers -------------------------------------------------------------------

def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _attrs(attrs: dict) -> str:
    parts = []
    for name, value in attrs.items():
        if value is None:
            continue
        text = _num(value) if isinstance(value, float) else str(value)
        parts.append(f' {name.rstrip("_").replace("_", "-")}="{escape(text)}"')
    return "".join(parts)


def _el(tag: str, content: str = "", **attrs) -> str:
    """One element; `content` must already be markup (escape text first)."""
    if not content:
        return f"<{tag}{_attrs(attrs)}/>"
    return f"<{tag}{_attrs(attrs)}>{content}</{tag}>"


def _text(x: float, y: float, words: str, **attrs) -> str:
    return _el("text", str(escape(words)), x=float(x), y=float(y), **attrs)


def _svg(ident: str, judul: str, keterangan: str, height: float, body: list[str], width: int = WIDTH,
         kelas: str = "mr-grafik--lebar") -> str:
    head = _el("title", str(escape(judul)), id=f"{ident}-judul") + _el("desc", str(escape(keterangan)), id=f"{ident}-ket")
    return _el(
        "svg", head + "".join(body),
        xmlns="http://www.w3.org/2000/svg", class_=f"mr-grafik {kelas}", id=ident, role="img",
        aria_labelledby=f"{ident}-judul {ident}-ket", width=width, height=int(math.ceil(height)),
        viewBox=f"0 0 {width} {int(math.ceil(height))}", font_size=FONT, fill="currentColor",
    )


def _duo(wide: str, narrow: str) -> Markup:
    """A chart drawn twice: for a wide screen, and for a phone (the CSS shows one).
    A phone shrinks a wide drawing until its labels are 7 px; the narrow one is
    laid out for the width of a phone, so its text stays at 12 px."""
    return Markup(f'<div class="mr-grafik-duo">{wide}{narrow}</div>')


def _shorten(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


# --- horizontal bar chart -------------------------------------------------------------

ROW = 26
BAR = 16
LABEL_MAX = 28  # characters; longer labels are cut, the full one stays in the bar's <title>


def diagram_batang(ident: str, judul: str, keterangan: str, batang: list[Batang],
                   acuan_label: str = "pagu") -> Markup:
    """A horizontal bar chart, for a wide screen and for a phone."""
    return _duo(_batang_lebar(ident, judul, keterangan, batang, acuan_label),
                _batang_sempit(f"{ident}-ponsel", judul, keterangan, batang, acuan_label))


NARROW = 360  # a phone's content width, in px: the narrow drawing is shown at about 1:1
NARROW_ROW = 44
NARROW_LABEL = 50  # characters


def _batang_sempit(ident: str, judul: str, keterangan: str, batang: list[Batang], acuan_label: str) -> str:
    """Bars for a phone: each label on its own line above its bar, the value after the bar."""
    has_ref = any(b.acuan is not None for b in batang)
    value_w = max((len(b.teks) for b in batang), default=4) * CHAR + 10
    area = max(NARROW - value_w - 2, 100)
    biggest = max([b.nilai for b in batang] + [b.acuan or 0 for b in batang] + [1])
    scale = area / biggest
    body: list[str] = []
    for i, item in enumerate(batang):
        y = 4 + i * NARROW_ROW
        bar_y = y + FONT + 6
        parts = [_el("title", str(escape(f"{item.label}: {item.teks}"))),
                 _text(0, y + FONT, _shorten(item.label, NARROW_LABEL), font_weight="bold")]
        length = max(item.nilai, 0) * scale
        within = length if item.acuan is None else min(length, item.acuan * scale)
        if within > 0:
            parts.append(_el("rect", x=0.0, y=float(bar_y), width=float(within), height=BAR - 2, fill=WARNA))
        if length > within:
            parts.append(_el("rect", x=float(within), y=float(bar_y), width=float(length - within), height=BAR - 2,
                             fill=WARNA_LEBIH))
        if item.acuan is not None:
            x = item.acuan * scale
            parts.append(_el("line", x1=float(x), x2=float(x), y1=float(bar_y - 3), y2=float(bar_y + BAR + 1),
                             stroke=WARNA_GARIS, stroke_width=3))
        end = max(length, (item.acuan or 0) * scale)
        parts.append(_text(end + 5, bar_y + BAR / 2 + FONT * 0.3, item.teks, class_="mr-grafik-nilai"))
        body.append(_el("g", "".join(parts), class_="mr-grafik-baris"))
    height = 4 + len(batang) * NARROW_ROW
    if has_ref:
        y = height + 6
        body.append(_el("line", x1=2.0, x2=2.0, y1=float(y - 8), y2=float(y + 4), stroke=WARNA_GARIS, stroke_width=3))
        body.append(_text(10, y + 2, f"tanda hitam: {acuan_label}"))
        body.append(_el("rect", x=0.0, y=float(y + 10), width=14, height=10, fill=WARNA_LEBIH))
        body.append(_text(20, y + 19, f"bagian yang melampaui {acuan_label}"))
        height = y + 24
    return _svg(ident, judul, keterangan, height + 4, body, NARROW, "mr-grafik--sempit")


def _batang_lebar(ident: str, judul: str, keterangan: str, batang: list[Batang], acuan_label: str) -> str:
    """A horizontal bar chart: labels left, bars, the value text after each bar.

    With reference values (`Batang.acuan`), each is a dark mark across its bar and
    the part of a bar beyond it is drawn in red; a legend below says so.
    """
    has_ref = any(b.acuan is not None for b in batang)
    label_w = min(max((len(b.label) for b in batang), default=4), LABEL_MAX) * CHAR + 12
    value_w = max((len(b.teks) for b in batang), default=4) * CHAR + 12
    left = label_w
    area = max(WIDTH - label_w - value_w, 80)
    top = 6
    biggest = max([b.nilai for b in batang] + [b.acuan or 0 for b in batang] + [1])
    scale = area / biggest
    body: list[str] = []
    for i, item in enumerate(batang):
        y = top + i * ROW
        mid = y + BAR / 2 + FONT * 0.35
        parts = [_el("title", str(escape(f"{item.label}: {item.teks}"))),
                 _text(left - 8, mid, _shorten(item.label, LABEL_MAX), text_anchor="end")]
        length = max(item.nilai, 0) * scale
        within = length if item.acuan is None else min(length, item.acuan * scale)
        if within > 0:
            parts.append(_el("rect", x=float(left), y=float(y), width=float(within), height=BAR, fill=WARNA))
        if length > within:
            parts.append(_el("rect", x=float(left + within), y=float(y), width=float(length - within), height=BAR,
                             fill=WARNA_LEBIH))
        if item.acuan is not None:
            x = left + item.acuan * scale
            parts.append(_el("line", x1=float(x), x2=float(x), y1=float(y - 3), y2=float(y + BAR + 3),
                             stroke=WARNA_GARIS, stroke_width=3))
        end = left + max(length, (item.acuan or 0) * scale)
        parts.append(_text(end + 6, mid, item.teks, class_="mr-grafik-nilai"))
        body.append(_el("g", "".join(parts), class_="mr-grafik-baris"))
    height = top + len(batang) * ROW
    body.append(_el("line", x1=float(left), x2=float(left), y1=float(top - 4), y2=float(height - ROW + BAR + 4),
                    stroke=WARNA_GARIS, stroke_width=1))
    if has_ref:
        y = height + 8
        body.append(_el("line", x1=float(left), x2=float(left), y1=float(y - 8), y2=float(y + 4),
                        stroke=WARNA_GARIS, stroke_width=3))
        body.append(_text(left + 8, y + 2, f"tanda hitam: {acuan_label}", font_size=11))
        body.append(_el("rect", x=float(left + 150), y=float(y - 7), width=14, height=10, fill=WARNA_LEBIH))
        body.append(_text(left + 170, y + 2, f"bagian yang melampaui {acuan_label}", font_size=11))
        height = y + 10
    return _svg(ident, judul, keterangan, height + 4, body)


# --- distribution of durations --------------------------------------------------------

# Bin edges on a log-like scale, in seconds; the mutu baku is added as an edge of
# its own so that the bars right of its line are exactly the breaches.
EDGES = (1, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 6 * 3600, 12 * 3600, 86400, 2 * 86400, 7 * 86400,
         14 * 86400, 28 * 86400, 91 * 86400)


def durasi_singkat(seconds: int) -> str:
    """A short Indonesian wording for axis ticks: '30 dtk', '5 mnt', '2 jam', '1 hari'."""
    if seconds < 60:
        return f"{seconds} dtk"
    if seconds < 3600:
        return f"{_num(seconds / 60).replace('.', ',')} mnt"
    if seconds < 86400 or seconds % 86400:
        hours, rest = divmod(seconds, 3600)
        if hours >= 24 or not rest:
            return f"{hours} jam"
        return f"{hours} jam {rest // 60} mnt"
    days = seconds // 86400
    return f"{days // 7} mgg" if days % 7 == 0 else f"{days} hari"


def _edges(values: list[int], limit: int) -> list[int]:
    """Edges around the data: the mutu baku, half and twice it, and the nice edges not
    too close to those, from one edge below the smallest value to one above the largest."""
    special = {max(limit // 2, 1), limit, limit * 2}
    nice = sorted(special | {e for e in EDGES if all(not (s / 1.45 < e < s * 1.45) for s in special)})
    low, high = min(min(values), limit // 2), max(max(values), limit * 2)
    while nice[-1] < high:  # beyond the table: keep doubling
        nice.append(nice[-1] * 2)
    first = max([e for e in nice if e <= low] or [nice[0]])
    last = min(e for e in nice if e >= high)
    return [e for e in nice if first <= e <= last]


def _ticks(edges: list[int], x_of, keep: int) -> dict[int, tuple[float, str, str]]:
    """Tick position, text anchor and label per edge; a label that would overlap one
    already placed is left out (its tick stays), the mutu baku's label placed first."""
    ticks, taken = {}, []
    for i, edge in sorted(enumerate(edges), key=lambda pair: pair[1] != keep):
        x, words = x_of(edge), durasi_singkat(edge)
        anchor = "start" if i == 0 else "end" if i == len(edges) - 1 else "middle"  # the ends stay inside
        width = len(words) * 6 + 8
        start = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
        free = all(start + width <= a or start >= b for a, b in taken)
        if free:
            taken.append((start, start + width))
        ticks[edge] = (x, anchor, words if free else "")
    return dict(sorted(ticks.items()))


def diagram_sebaran(ident: str, judul: str, keterangan: str, detik: list[int], mutu_baku: int,
                    mutu_baku_teks: str) -> Markup:
    """A histogram of durations against the mutu baku, for a wide screen and for a phone."""
    if not detik:
        return Markup("")
    return _duo(_sebaran(ident, judul, keterangan, detik, mutu_baku, mutu_baku_teks, WIDTH, "mr-grafik--lebar"),
                _sebaran(f"{ident}-ponsel", judul, keterangan, detik, mutu_baku, mutu_baku_teks, NARROW,
                         "mr-grafik--sempit"))


def _sebaran(ident: str, judul: str, keterangan: str, detik: list[int], mutu_baku: int, mutu_baku_teks: str,
             width: int, kelas: str) -> str:
    """A histogram of durations on a logarithmic axis, with the mutu baku as a dashed
    red line; bins right of the line (over the mutu baku) are red, every bin shows
    its count, and the two totals are written above the plot."""
    edges = _edges(detik, mutu_baku)
    counts = [0] * (len(edges) - 1)
    for value in detik:
        index = next((i for i in range(len(counts)) if value <= edges[i + 1]), len(counts) - 1)
        counts[index] += 1
    left, right, top, plot_h = 14, width - 14, 44, 96
    base = top + plot_h
    lo, hi = math.log(edges[0]), math.log(edges[-1])

    def x_of(seconds: float) -> float:
        return left + (math.log(seconds) - lo) / (hi - lo) * (right - left)

    tallest = max(counts + [1])
    body: list[str] = []
    for i, count in enumerate(counts):
        x0, x1 = x_of(edges[i]), x_of(edges[i + 1])
        over = edges[i] >= mutu_baku
        label = f"{durasi_singkat(edges[i])} – {durasi_singkat(edges[i + 1])}: {count} catatan"
        parts = [_el("title", str(escape(label)))]
        if count:
            h = count / tallest * (plot_h - 14)
            parts.append(_el("rect", x=x0 + 1, y=base - h, width=max(x1 - x0 - 2, 1), height=h,
                             fill=WARNA_LEBIH if over else WARNA))
            parts.append(_text((x0 + x1) / 2, base - h - 3, str(count), text_anchor="middle", font_size=11))
        body.append(_el("g", "".join(parts)))
    body.append(_el("line", x1=float(left), x2=float(right), y1=float(base), y2=float(base), stroke=WARNA_GARIS))
    for edge, (x, anchor, words) in _ticks(edges, x_of, mutu_baku).items():
        body.append(_el("line", x1=x, x2=x, y1=float(base), y2=float(base + 4), stroke=WARNA_GARIS))
        if words:
            body.append(_text(x, base + 16, words, text_anchor=anchor, font_size=10.5, class_="mr-grafik-sumbu"))
    body.append(_text((left + right) / 2, base + 32, "lama langkah (skala logaritmik)", text_anchor="middle",
                      font_size=11, class_="mr-grafik-sumbu"))
    line_x = x_of(mutu_baku)
    body.append(_el("line", x1=line_x, x2=line_x, y1=float(top - 8), y2=float(base + 4), stroke=WARNA_LEBIH,
                    stroke_width=2, stroke_dasharray="5 3"))
    anchor = "start" if line_x < (left + right) / 2 else "end"
    shift = 5 if anchor == "start" else -5
    body.append(_text(line_x + shift, top - 2, f"mutu baku {mutu_baku_teks}", text_anchor=anchor, font_size=11,
                      fill=WARNA_LEBIH, font_weight="bold"))
    within = sum(1 for v in detik if v <= mutu_baku)
    body.append(_text(left, 14, f"{within} dalam mutu baku", font_size=12))
    body.append(_text(right, 14, f"{len(detik) - within} melebihi mutu baku", text_anchor="end", font_size=12,
                      fill=WARNA_LEBIH if len(detik) > within else None))
    return _svg(ident, judul, keterangan, base + 40, body, width, kelas)
