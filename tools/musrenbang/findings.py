"""Findings (what a check reports) and the reporters that print them.

A finding names a file, line and column, a rule id, a message in Indonesian that
states the rule, and a hint that says what to do.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    column: int
    rule: str
    message: str
    hint: str = ""
    tingkat: str = "galat"  # galat (fails the check) or peringatan (reported only)


def failing(findings: list[Finding]) -> bool:
    return any(f.tingkat == "galat" for f in findings)


def _text(findings: list[Finding]) -> str:
    lines = []
    for f in findings:
        level = "peringatan: " if f.tingkat != "galat" else ""
        lines.append(f"{f.path}:{f.line}:{f.column}: [{f.rule}] {level}{f.message}")
        if f.hint:
            lines.append(f"    petunjuk: {f.hint}")
    if findings:
        warnings = sum(1 for f in findings if f.tingkat != "galat")
        lines.append(f"\n{len(findings) - warnings} temuan" + (f", {warnings} peringatan." if warnings else "."))
    else:
        lines.append("Tidak ada temuan: semua catatan sah.")
    return "\n".join(lines)


def _json(findings: list[Finding]) -> str:
    return json.dumps([asdict(f) for f in findings], ensure_ascii=False, indent=2)


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def _github(findings: list[Finding]) -> str:
    """Workflow commands; GitHub and Gitea/Forgejo Actions both read them."""
    lines = []
    for f in findings:
        text = f.message + (f" Petunjuk: {f.hint}" if f.hint else "")
        props = f"file={_escape_property(f.path)},line={f.line},col={f.column},title={_escape_property(f.rule)}"
        command = "error" if f.tingkat == "galat" else "warning"
        lines.append(f"::{command} {props}::{_escape_data(text)}")
    lines.append(f"{len(findings)} temuan." if findings else "Tidak ada temuan: semua catatan sah.")
    return "\n".join(lines)


REPORTERS = {"text": _text, "json": _json, "github": _github}


def report(findings: list[Finding], fmt: str) -> str:
    return REPORTERS[fmt](sorted(findings))
