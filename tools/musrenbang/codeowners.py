"""`.github/CODEOWNERS` from `sop/petugas.yaml`: who must review which paths.

Derived from the SOP, not written by hand: the pengesah role (the Camat) owns
every protected path of the SOP's `dilindungi` (by default everything outside
`proposals/`, the workflows, the checker and the site included) and the forum
records (with the forum step's role); the roles of the other steps recorded on
berkas and usulan (the Kasi, the pencatat) own the unprotected paths. The last
matching line wins, as in `dilindungi`, so the patterns keep their order.
"""

from __future__ import annotations

from .referensi import Referensi

PATH = ".github/CODEOWNERS"
HEADER = ("# Dibuat oleh 'musrenbang codeowners' dari sop/petugas.yaml dan SOP; jangan disunting tangan.\n"
          "# Baris terakhir yang cocok yang berlaku.\n")


def _accounts(ref: Referensi, roles: set[str]) -> list[str]:
    return sorted({f"@{p['akun']}" for p in ref.petugas.values() if p.get("akun") and roles & set(p["peran"])})


def render(ref: Referensi) -> str:
    sop = ref.sop
    forum = {s.pelaksana for s in sop.langkah_pada("musrenbang")}
    records = {s.pelaksana for s in sop.langkah if s.dicatat.rekaman in ("berkas", "usulan")} - {sop.pengesah}
    lines = [(_pattern(p.lstrip("!")), records if p.startswith("!") else {sop.pengesah}) for p in sop.dilindungi]
    lines.append(("/proposals/*/musrenbang.yaml", forum | {sop.pengesah}))
    body = "".join(f"{pattern} {' '.join(_accounts(ref, roles))}\n" for pattern, roles in lines if _accounts(ref, roles))
    return HEADER + body


def _pattern(dilindungi: str) -> str:
    """A `dilindungi` pattern as CODEOWNERS writes it ('*' alone is everything;
    'proposals/*' is the folder and all below it)."""
    if dilindungi == "*":
        return "*"
    return "/" + (dilindungi[:-1] if dilindungi.endswith("/*") else dilindungi)
