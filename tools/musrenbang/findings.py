"""Findings (what a check reports) and the reporters that print them.

A finding names a file, line and column, a rule id, a message in Indonesian that
states the rule, and a hint that says what to do.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, replace


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


_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROL_OR_BREAK = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str, pattern: re.Pattern = _CONTROL) -> str:
    """Text safe for a terminal, a log and JSON: bytes that were not UTF-8 (kept as
    surrogates) become U+FFFD, control and direction-override characters become
    visible escapes, so a file name cannot drive the reader's terminal."""
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return pattern.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 256 else f"\\u{ord(m[0]):04x}", text)


def report(findings: list[Finding], fmt: str) -> str:
    safe = [replace(f, path=printable(f.path, _CONTROL_OR_BREAK), message=printable(f.message), hint=printable(f.hint)) for f in findings]
    return REPORTERS[fmt](sorted(safe))
