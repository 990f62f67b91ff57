"""The SOP as a state machine over the records.

Status is derived from what the records hold, never stored: an usulan is
`diajukan` when its berkas is in, then takes the status of each SOP step in turn
once that step is recorded (on the berkas, on the usulan or in the forum). The
steps, their records and their statuses all come from the SOP data.
"""

from __future__ import annotations

from dataclasses import dataclass

from .records import Berkas, Forum, Usulan
from .sop import PEMERIKSA_BIDANG, Catatan, Langkah, Sop, TindakLanjut


@dataclass(frozen=True)
class Posisi:
    """Where a record stands: its status, the steps done and what comes next."""

    status: str
    selesai: tuple[Langkah, ...]
    berikut: Langkah | TindakLanjut | None
    pelaksana_berikut: str | None  # role id, with the bidang's examiner resolved
    berhenti: str = ""  # why the record goes no further (e.g. examined tidak layak)


def forum_results(forum: Forum | None) -> dict[str, dict]:
    """The forum's written result per usulan (`banjarwaru/03` → entry)."""
    if not forum or not forum.valid:
        return {}
    hasil = forum.data.get("hasil") or {}
    return {entry["usulan"]: entry for entry in hasil.get("usulan", [])}


def is_recorded(catatan: Catatan, nomor: int, berkas: Berkas | None, usulan: Usulan | None, hasil: dict) -> bool:
    if catatan.rekaman == "berkas":
        return berkas is not None and any(d.get("langkah") == nomor for d in berkas.disposisi)
    if catatan.rekaman == "usulan":
        return usulan is not None and usulan.data.get(catatan.isian) is not None
    if catatan.rekaman == "musrenbang":
        return usulan is not None and usulan.rujukan in hasil
    return False


def _step_status(step: Langkah, usulan: Usulan | None, hasil: dict) -> str:
    if len(step.status) == 2 and usulan is not None and usulan.rujukan in hasil:
        return step.status[0] if hasil[usulan.rujukan].get("lolos") else step.status[1]
    return step.status[0]


def resolve_role(sop: Sop, role: str, usulan: Usulan | None) -> str:
    """`pemeriksa-bidang` → the examiner role of the usulan's classified bidang."""
    if role != PEMERIKSA_BIDANG:
        return role
    bidang_id = ((usulan.data.get("klasifikasi") or {}).get("bidang")) if usulan else None
    bidang = sop.bidang.get(bidang_id) if bidang_id else None
    return bidang.pemeriksa if bidang else role


def posisi(sop: Sop, berkas: Berkas | None, usulan: Usulan | None = None, forum: Forum | None = None) -> Posisi:
    """Status of an usulan (or of a berkas alone, when `usulan` is None)."""
    hasil = forum_results(forum)
    status, done = sop.penerimaan_status, []
    for step in sop.langkah:
        if usulan is None and step.dicatat.rekaman != "berkas":
            return Posisi(status, tuple(done), step, step.pelaksana)
        if not is_recorded(step.dicatat, step.nomor, berkas, usulan, hasil):
            return Posisi(status, tuple(done), step, resolve_role(sop, step.pelaksana, usulan))
        status = _step_status(step, usulan, hasil)
        done.append(step)
        follow = step.tindak_lanjut
        if follow:
            if not is_recorded(follow.dicatat, step.nomor, berkas, usulan, hasil):
                return Posisi(status, tuple(done), follow, resolve_role(sop, follow.pelaksana, usulan))
            status = follow.status
            unmet = _unmet(follow, usulan)
            if unmet:
                return Posisi(_final_status(sop, status, usulan, hasil), tuple(done), None, None,
                              f"tidak diteruskan: {unmet}")
    return Posisi(status, tuple(done), None, None)


def _final_status(sop: Sop, status: str, usulan: Usulan | None, hasil: dict) -> str:
    """An usulan that went no further still takes the forum's word when the
    forum recorded one for it (tidak lolos, with the reason)."""
    for step in sop.langkah:
        if step.dicatat.rekaman == "musrenbang" and usulan is not None and usulan.rujukan in hasil:
            return _step_status(step, usulan, hasil)
    return status


def _unmet(follow: TindakLanjut, usulan: Usulan | None) -> str:
    """The follow-up's condition to go on that the record does not meet, in words."""
    if usulan is None or follow.dicatat.rekaman != "usulan":
        return ""
    entry = usulan.data.get(follow.dicatat.isian) or {}
    for name, wanted in follow.lanjut_bila:
        if entry.get(name) != wanted:
            return f"{name} {str(entry.get(name)).replace('-', ' ')}"
    return ""


def status_akhir(sop: Sop, where: Posisi) -> str:
    """The status shown to the public: an usulan stopped by a follow-up's condition
    (examined tidak layak) shows `tidak-<wanted value>` (`tidak-layak`), not the
    follow-up's own status, which reads as if it were still in the running."""
    if not where.berhenti or where.status != _follow_status(sop):
        return where.status
    follow = next(step.tindak_lanjut for step in sop.langkah if step.tindak_lanjut)
    return f"tidak-{follow.lanjut_bila[0][1]}" if follow.lanjut_bila else where.status


def _follow_status(sop: Sop) -> str | None:
    return next((step.tindak_lanjut.status for step in sop.langkah if step.tindak_lanjut), None)


def nama_status(status: str, roles: dict | None = None) -> str:
    """'disposisi-camat' → 'Disposisi Camat': role ids take the role's name."""
    roles = roles or {}
    words = [roles[w].nama if w in roles else w for w in status.split("-")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def nama_langkah(sop: Sop, step: Langkah | TindakLanjut) -> str:
    """A step in words: 'langkah 2 Disposisi Kasi', 'Pemeriksaan usulan (tindak lanjut langkah 3)'."""
    if isinstance(step, Langkah):
        return f"langkah {step.nomor} {step.nama}"
    owner = next((s for s in sop.langkah if s.tindak_lanjut == step), None)
    return step.nama + (f" (tindak lanjut langkah {owner.nomor})" if owner else "")
