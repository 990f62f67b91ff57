"""Cross-reference checks: rules that span records and the reference data.

Each module holds small generator functions that yield findings; `CHECKS` lists
them. They run only on records that passed their schema.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ..findings import Finding
from . import berkas, biaya, forge, forum, privasi, referensi, tanggal, teks_publik, usulan
from .context import Context

Check = Callable[[Context], Iterator[Finding]]

CHECKS: tuple[Check, ...] = (
    *referensi.CHECKS,
    *berkas.CHECKS,
    *usulan.CHECKS,
    *forum.CHECKS,
    *forge.CHECKS,
    *privasi.CHECKS,
    *teks_publik.CHECKS,
    *tanggal.CHECKS,
    *biaya.CHECKS,
)


def run(context: Context) -> list[Finding]:
    findings: list[Finding] = []
    for check in CHECKS:
        findings.extend(check(context))
    return findings
