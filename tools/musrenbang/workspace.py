"""A register checkout: its root, schemas, reference data and records, read once."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

from . import referensi, register
from .errors import MusrenbangError
from .findings import Finding
from .schemas import SchemaSet
from .source import FolderSource

MARKER = Path(referensi.FILES["sop"])


def find_root(start: Path) -> Path:
    """The nearest folder at or above `start` that holds the SOP file."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / MARKER).is_file():
            return folder
    raise MusrenbangError(
        f"Tidak menemukan register Musrenbang (berkas {MARKER}) di {start} atau folder di atasnya. "
        "Jalankan perintah dari dalam folder register, atau buat register baru dengan 'musrenbang init'."
    )


@dataclass
class Workspace:
    root: Path
    schemas: SchemaSet
    ref: referensi.Referensi
    register: register.Register

    @classmethod
    def open(cls, root: Path) -> Workspace:
        source = FolderSource(root)
        schemas = SchemaSet.load(source)
        ref = referensi.load(source, schemas)
        return cls(root, schemas, ref, register.load(root, ref, schemas))

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
            found += checks.run(Context(self.ref, self.register, now or datetime.now(timezone.utc), private))
        return sorted(set(found))
