"""Cross-reference checks: rules that span records and the reference data.

Each module holds small generator functions that yield findings; `CHECKS` lists
them. They run only on records that passed their schema. On a large register
the costliest rules run in a forked child process meanwhile (`run`).
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

# The rule that reads every text of every record, the amounts and the dates:
# about half of the rules' time on a large register.
FORKED: tuple[Check, ...] = (*teks_publik.CHECKS, *biaya.CHECKS, *tanggal.CHECKS)
FORK_FROM = 1500  # records; fewer are checked faster than a process starts


def run(context: Context) -> list[Finding]:
    records = sum(len(year.usulan) + len(year.berkas) for year in context.register.tahun.values())
    if records < FORK_FROM:
        return _run(context, CHECKS)
    return _forked(context)


def _run(context: Context, checks: tuple[Check, ...]) -> list[Finding]:
    findings: list[Finding] = []
    for check in checks:
        findings.extend(check(context))
    return findings


def _forked(context: Context) -> list[Finding]:
    """`FORKED` in a child (`anak`), the other rules here; the child's findings and
    time bound come back with its result."""
    from .. import anak
    theirs = anak.start(lambda: (_run(context, FORKED), context.until))
    findings = _run(context, tuple(check for check in CHECKS if check not in FORKED))
    found, until = theirs()
    if until is not None:
        context.until = until if context.until is None else min(context.until, until)
    return findings + found
