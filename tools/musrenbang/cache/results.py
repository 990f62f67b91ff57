"""Whole answers and files made from public data, each under the key of what it
was made from."""

from __future__ import annotations

import json
import re
import time

from .keys import code_fingerprint, digest, distributions
from .store import Store

KEEP_RESULTS = 16
KEEP_DERIVED = 32  # the open-data XLSX files of recent builds


def load_result(store: Store, key: str, now: float | None = None) -> list | None:
    """A whole answer stored under `key`, unless it has expired."""
    payload = store.read(f"results/{key}")
    if payload is None:
        return None
    try:
        stored = json.loads(payload)
        until, rows = stored["sampai"], stored["temuan"]
    except (ValueError, KeyError, TypeError):
        return None
    if until is not None and (now if now is not None else time.time()) >= until:
        return None
    return rows


def save_result(store: Store, key: str, rows: list, until: float | None) -> None:
    store.write(f"results/{key}", json.dumps({"sampai": until, "temuan": rows}, ensure_ascii=False).encode("utf-8"))
    store.prune("results", KEEP_RESULTS)


def load_shortcut(store: Store, signature: str) -> list | None:
    """The answer of an earlier run that found the tree with the same signature
    (`tree.Scan.signature`): its content key, then that key's answer."""
    key = store.read(f"pintas/{signature}")
    if key is None or not re.fullmatch(rb"[0-9a-f]{64}", key):
        return None
    return load_result(store, key.decode())


def save_shortcut(store: Store, signature: str, key: str) -> None:
    store.write(f"pintas/{signature}", key.encode())
    store.prune("pintas", KEEP_RESULTS)


def derived_key(kind: str, parts: list, libraries: tuple[str, ...]) -> str:
    """The key of a file made from public data (`turunan/`): what it is made of,
    the tool's code and the libraries that write it."""
    return digest([kind, code_fingerprint(), *distributions(libraries), *parts])


def load_derived(store: Store, key: str) -> bytes | None:
    return store.read(f"turunan/{key}")


def save_derived(store: Store, key: str, data: bytes) -> None:
    store.write(f"turunan/{key}", data)
    store.prune("turunan", KEEP_DERIVED)
