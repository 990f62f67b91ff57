"""A register checkout: its root, schemas, reference data and records, read once."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

from . import referensi, register
from .bulk import paused_gc
from .cache import RecordCache, StatCache, Store, open_store
from .findings import Finding
from .rootdir import MARKER, find_root  # noqa: F401 (imported from here by the site and tests)
from .schemas import SchemaSet
from .source import FolderSource


@dataclass
class Workspace:
    root: Path
    schemas: SchemaSet
    ref: referensi.Referensi
    register: register.Register
    until: datetime | None = None  # set by `findings`: when a time they call future stops being so
    store: Store | None = None  # the cache it reads through (None: without cache)

    @classmethod
    def open(cls, root: Path, cache: bool = True, stats: StatCache | None = None, store: Store | None = None
             ) -> Workspace:
        """The checkout at `root`; records already checked are taken from the cache
        (`cache.py`, or `store` when given) unless `cache` is False or the cache is
        turned off."""
        source = FolderSource(root)
        schemas = SchemaSet.load(source)
        ref = referensi.load(source, schemas)
        store = store if store is not None else open_store(root) if cache else None
        records = RecordCache.for_schemas(store, schemas)
        stats = stats or (StatCache(store, root) if store else None)
        with paused_gc():
            return cls(root, schemas, ref, register.load(root, ref, schemas, records, stats), store=store)

    def publik(self) -> Workspace:
        """The same workspace with every record replaced by its public copy: the one
        choke point through which the site, the documents and the exports read."""
        return replace(self, register=register.public_copy(self.register, self.schemas))

    def findings(self, now: datetime | None = None) -> list[Finding]:
        """Every finding of `validate`: reading, schemas, layout and cross-references."""
        found = self.ref.findings + self.register.findings
        if self.ref.complete:
            private = {kind: self.schemas.private_paths(kind) for kind in ("berkas", "usulan", "musrenbang")}
            from . import checks  # the cross-reference rules (and seleksi) only where records are checked
            from .checks.context import Context
            context = Context(self.ref, self.register, now or datetime.now(timezone.utc), private)
            with paused_gc():
                found += checks.run(context)
            self.until = context.until
        return sorted(set(found))
