"""Keys: content ids, length-prefixed digests, and the fingerprint of the tool's
own code and of the libraries that decide a result."""

from __future__ import annotations

import hashlib
import os
import sys
from functools import lru_cache
from pathlib import Path

VERSION = 1  # of the cache's formats; part of every fingerprint


def content_id(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def digest(parts) -> str:
    """SHA-256 over parts, each length-prefixed (no two lists give the same bytes)."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode("utf-8", "surrogatepass")
        hasher.update(b"%d:" % len(data))
        hasher.update(data)
    return hasher.hexdigest()


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The tool's own code and the versions of what decides a record's result."""
    package = Path(__file__).resolve().parent.parent
    parts: list = [VERSION, sys.version, *distributions(("yaml", "jsonschema", "jsonschema_rs"))]
    for path in sorted(package.rglob("*.py")):
        parts += [path.relative_to(package).as_posix(), path.read_bytes()]
    return digest(parts)


def distributions(modules: tuple[str, ...]) -> list[str]:
    """The installed distributions (name and version, from their dist-info folder
    names) beside the given modules; found without importing them or
    importlib.metadata (30 ms at every start)."""
    from importlib.util import find_spec
    found = []
    for module in modules:
        spec = find_spec(module)
        if spec is None or not spec.origin:
            found.append(f"{module} -")
            continue
        folder = Path(spec.origin).parent.parent
        prefix = {"yaml": "pyyaml"}.get(module, module).lower()
        try:
            names = os.listdir(folder)
        except OSError:
            names = []
        found += sorted(n for n in names if n.lower().startswith(prefix + "-")
                        and n.endswith(".dist-info")) or [f"{module} ?"]
    return found
