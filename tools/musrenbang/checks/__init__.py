"""Cross-reference checks: rules that span records and the reference data.

Each module holds small generator functions that yield findings; `CHECKS` lists
them. They run only on records that passed their schema. On a large register
the costliest rules run in a forked child process meanwhile (`run`).
"""

from __future__ import annotations

import os
import threading
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

# The rule that reads every text of every record, and the amounts: about half of
# the rules' time on a large register.
FORKED: tuple[Check, ...] = (*teks_publik.CHECKS, *biaya.CHECKS)
FORK_FROM = 1500  # records; fewer are checked faster than a process starts


def run(context: Context) -> list[Finding]:
    records = sum(len(year.usulan) + len(year.berkas) for year in context.register.tahun.values())
    if records < FORK_FROM or threading.active_count() > 1 or not hasattr(os, "fork"):
        return _run(context, CHECKS)
    return _forked(context)


def _run(context: Context, checks: tuple[Check, ...]) -> list[Finding]:
    findings: list[Finding] = []
    for check in checks:
        findings.extend(check(context))
    return findings


def _forked(context: Context) -> list[Finding]:
    """`FORKED` in a child (it shares the records by fork, nothing is copied in),
    the other rules here; the child's findings and time bound come back pickled
    down a pipe. A child that fails has its rules run here instead."""
    import pickle
    here = tuple(check for check in CHECKS if check not in FORKED)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read)
        status = 0
        try:
            payload = pickle.dumps((_run(context, FORKED), context.until))
        except BaseException:  # noqa: BLE001 (reported by the exit status; the parent runs them)
            payload, status = b"", 1
        try:
            with os.fdopen(write, "wb") as pipe:
                pipe.write(payload)
        finally:
            os._exit(status)
    os.close(write)
    try:
        findings = _run(context, here)
    finally:
        with os.fdopen(read, "rb") as pipe:
            payload = pipe.read()
        _, status = os.waitpid(pid, 0)
    if status != 0 or not payload:
        return findings + _run(context, FORKED)
    theirs, until = pickle.loads(payload)
    if until is not None:
        context.until = until if context.until is None else min(context.until, until)
    return findings + theirs
