"""Rules on the forge set-up kept in the repository."""

from __future__ import annotations

from collections.abc import Iterator

from .. import codeowners
from ..findings import Finding
from .context import Context


def codeowners_current(ctx: Context) -> Iterator[Finding]:
    """`.github/CODEOWNERS`, when the register has one, matches sop/petugas.yaml."""
    path = ctx.register.root / codeowners.PATH
    if not path.is_file():
        return
    if path.read_text("utf-8", errors="replace") != codeowners.render(ctx.ref):
        yield Finding(codeowners.PATH, 1, 1, "forge.codeowners-usang",
                      "CODEOWNERS tidak sesuai dengan sop/petugas.yaml (petugas, peran atau akun berubah).",
                      "Jalankan 'musrenbang codeowners' lalu commit hasilnya.")


CHECKS = (codeowners_current,)
