"""Amounts that are implausibly small: `perkiraan_biaya: 175` meant Rp175.000.000.

The floors are data (`biaya_minimal` in sop/kriteria.yaml): one for a whole
usulan and, per volume unit, one for the cost per unit. Below them is a warning,
not an error: a cheap usulan is possible, a typo is likelier.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from fractions import Fraction

from ..findings import Finding
from ..format import rupiah
from .context import Context

RULE = "usulan.biaya-terlalu-kecil"


def plausible_amounts(ctx: Context) -> Iterator[Finding]:
    floors = (ctx.ref.data("kriteria") or {}).get("biaya_minimal") or {}
    if not floors:
        return
    per_unit = floors.get("per_satuan") or {}
    for item in ctx.usulan():
        cost, volume, unit = item.data["perkiraan_biaya"], item.data["volume"], item.data["satuan"]
        if "usulan" in floors and cost < floors["usulan"]:
            yield _warn(item.finding(("perkiraan_biaya",), RULE,
                                     f"Perkiraan biaya {rupiah(cost)} lebih kecil dari batas wajar "
                                     f"{rupiah(floors['usulan'])} untuk satu usulan.", _HINT))
        elif unit in per_unit and Fraction(cost) / Fraction(str(volume)) < per_unit[unit]:
            each = rupiah(int(Fraction(cost) / Fraction(str(volume))))
            yield _warn(item.finding(("perkiraan_biaya",), RULE,
                                     f"Perkiraan biaya {rupiah(cost)} untuk {volume} {unit} berarti {each} per {unit}, "
                                     f"lebih kecil dari batas wajar {rupiah(per_unit[unit])} per {unit}.", _HINT))


_HINT = ("Tulis biaya dalam rupiah penuh tanpa titik, misalnya 175000000 untuk Rp175.000.000. Bila biayanya "
         "memang sekecil itu, abaikan peringatan ini; batasnya diatur di sop/kriteria.yaml (biaya_minimal).")


def _warn(finding: Finding) -> Finding:
    return replace(finding, tingkat="peringatan")


CHECKS = (plausible_amounts,)
