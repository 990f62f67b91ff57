"""Where the register is: the folder that holds the SOP file (imports nothing
heavy, so a command answered from the cache starts fast)."""

from __future__ import annotations

from pathlib import Path

from .errors import MusrenbangError

MARKER = Path("sop/musrenbang-kecamatan.yaml")  # referensi.FILES["sop"]


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
