"""Parsed and checked records, in packs per schema fingerprint and record kind."""

from __future__ import annotations

import hashlib
import json

from .keys import code_fingerprint, digest
from .store import Store

MAX_PACKS = 12  # more packs than this for one fingerprint are merged into one
KEEP_FINGERPRINTS = 8


class _Packs:
    """The entries of one folder: packs of `content id<TAB>entry` lines, read on
    first use."""

    def __init__(self, store: Store, folder: str):
        self.store, self.folder = store, folder
        self.entries: dict[str, str] = {}
        self.packs: list[str] = []
        self.pending: dict[str, str] = {}
        self.loaded = False

    def load(self) -> None:
        self.loaded = True
        for name in self.store.names(self.folder):
            payload = self.store.read(f"{self.folder}/{name}")
            if payload is None:
                continue
            self.packs.append(name)
            for line in payload.decode("utf-8", "replace").split("\n"):
                key, tab, text = line.partition("\t")
                if tab:
                    self.entries[key] = text

    def get(self, key: str) -> str | None:
        if not self.loaded:
            self.load()
        return self.entries.get(key)

    def put(self, key: str, text: str) -> None:
        if self.get(key) is None:
            self.pending[key] = self.entries[key] = text

    def flush(self) -> None:
        """This run's new entries as one pack (all entries in one, when the packs
        have grown many)."""
        if not self.pending:
            return
        merge = len(self.packs) >= MAX_PACKS
        chosen = self.entries if merge else self.pending
        payload = "\n".join(f"{k}\t{v}" for k, v in chosen.items()).encode("utf-8")
        name = f"{hashlib.sha256(payload).hexdigest()[:32]}.pack"
        self.store.write(f"{self.folder}/{name}", payload)
        if merge:
            for old in self.packs:
                if old != name:
                    self.store.remove(f"{self.folder}/{old}")
            self.packs = [name]
        else:
            self.packs.append(name)
        self.pending = {}


class RecordCache:
    """Parsed and checked records of one fingerprint, in packs per record kind
    (`check` reads the berkas ones only)."""

    def __init__(self, store: Store, fingerprint: str):
        self.store = store
        self.folder = f"records/{fingerprint}"
        self.kinds: dict[str, _Packs] = {}

    @classmethod
    def for_schemas(cls, store: Store | None, schemas) -> RecordCache | None:
        if store is None:
            return None
        return cls(store, digest([code_fingerprint(), *schemas.fingerprint_parts()]))

    def _packs(self, kind: str) -> _Packs:
        if kind not in self.kinds:
            self.kinds[kind] = _Packs(self.store, f"{self.folder}/{kind}")
        return self.kinds[kind]

    def get(self, kind: str, content: str):
        """[data, valid, findings] or None."""
        text = self._packs(kind).get(content)
        if text is None:
            return None
        try:
            entry = json.loads(text)
        except ValueError:
            return None
        return entry if isinstance(entry, list) and len(entry) == 3 else None

    def put(self, kind: str, content: str, text: str) -> None:
        self._packs(kind).put(content, text)

    def flush(self) -> None:
        if any(packs.pending for packs in self.kinds.values()):
            for packs in self.kinds.values():
                packs.flush()
            self.store.prune("records", KEEP_FINGERPRINTS)
