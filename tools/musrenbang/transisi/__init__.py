"""Rules on one record's change (before → after) within one commit.

Shared by `check` and `audit` (every commit of a range) and by the staff
commands (the change they are about to write): the same rule, the same
Indonesian message. One module per kind of rule:

| module | rules |
|---|---|
| `dasar` | the change (`Perubahan`), what is remembered (`Buku`), who may act (`need_role`) |
| `langkah` | an SOP event must be the record's next step, by its role |
| `berkas` | intake, nomor agenda, dispositions, content frozen after step 1 |
| `usulan` | intake, recorded steps never rewritten, corrections |
| `forum` | the forum record: by the forum's roles, frozen once the result is recorded |
| `jalur` | paths outside the records: protected paths, files that are not plain files |
| `aturan` | `Aturan`: all of the above, and deletions |
"""

from .aturan import Aturan
from .dasar import Buku, Perubahan

__all__ = ["Aturan", "Buku", "Perubahan"]
