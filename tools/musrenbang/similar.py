"""Nearest valid name, for hints such as "mungkin maksudnya 'labruk-lor'?"."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def nearest(word: str, choices: Iterable[str]) -> str | None:
    matches = difflib.get_close_matches(str(word).lower(), list(choices), n=1, cutoff=0.5)
    return matches[0] if matches else None


def suggest(word: str, choices: Iterable[str], what: str = "nama") -> str:
    """A hint naming the closest choice, or listing the choices when few."""
    choices = sorted(set(choices))
    match = nearest(word, choices)
    if match:
        return f"Mungkin maksudnya '{match}'?"
    if len(choices) <= 12:
        return f"Pilihan {what} yang sah: " + ", ".join(choices) + "."
    return ""
