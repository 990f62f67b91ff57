"""Rules on paths, whatever their content: protected paths need the pengesah, a
tree entry must be a plain file, an import needs its role."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..identitas import Pelaku
from .dasar import Dasar, Perubahan


class JalurRules(Dasar):
    def vouched_by(self, pelaku: Pelaku, roles: set[str]) -> set[str]:
        """Petugas holding `roles` who signed the commit or approved the pull request:
        never an e-mail alone, never a pull request's author alone."""
        return {pid for pid in self.identitas.penjamin(pelaku) if self.holds(pid, roles)}

    def protected(self, path: str, pelaku: Pelaku, label: str) -> Iterator[Finding]:
        """A change to a protected path needs the pengesah's signature or approving review."""
        if not self.sop.dilindungi_jalur(path):
            return
        role = self.sop.pengesah
        if self.vouched_by(pelaku, {role}):
            return
        name = self.sop.nama_peran(role)
        yield Finding(path, 1, 1, "identitas.jalur-dilindungi",
                      f"{label}: {path} berada di jalur yang dilindungi (SOP, data referensi, alat pemeriksa, alur CI, "
                      f"situs) dan perubahannya belum ditandatangani atau disetujui {name}.",
                      f"{name} menyetujui (approve) pull request ini, atau menandatangani commitnya dengan kunci "
                      "yang terdaftar. E-mail penulis tidak cukup.",
                      "galat" if pelaku.petugas else self.unverified_level)

    def plain_file(self, path: str, mode: str, label: str) -> Iterator[Finding]:
        kind = {"120000": "tautan simbolik (symlink)", "160000": "submodul git"}.get(mode, f"entri mode {mode}")
        yield Finding(path, 1, 1, "riwayat.bukan-berkas-biasa",
                      f"{label}: {path} adalah {kind}, bukan berkas biasa.",
                      "Register hanya memuat berkas biasa: tautan dan submodul dapat menerbitkan berkas dari luar "
                      "register. Ganti dengan salinan berkasnya.")

    def import_authority(self, path: str, pelaku: Pelaku, label: str) -> Iterator[Finding]:
        roles = set(self.sop.impor_pelaksana)
        if self.vouched_by(pelaku, roles):
            return
        names = " atau ".join(self.sop.nama_peran(r) for r in sorted(roles))
        yield Finding(path, 1, 1, "impor.tanpa-hak",
                      f"{label}: commit ini membawa trailer 'Impor:', tetapi tidak ditandatangani atau disetujui {names}; "
                      "perubahannya diperiksa seperti perubahan biasa.",
                      f"Impor buku register kertas dibuat {names} dengan commit bertanda tangan, atau disetujui "
                      "olehnya di pull request.", "galat" if pelaku.petugas else self.unverified_level)

    def attachment(self, change: Perubahan, disposed: bool) -> Iterator[Finding]:
        """A file in a desa's lampiran/ is part of its berkas: added or changed by
        whoever may change the berkas's content (the desa's operator or the pencatat
        before step 1, only the corrector after it)."""
        if disposed:
            yield from self.need_role(change, (), {self.sop.koreksi_pelaksana}, "Perubahan lampiran sesudah disposisi")
        else:
            yield from self.need_role(change, (), self.intake_roles(), "Perubahan lampiran", desa=change.desa)

    def other_file(self, change: Perubahan) -> Iterator[Finding]:
        """Any other file under proposals/ (a README): by a known petugas at least."""
        yield from self.need_role(change, (), set(self.sop.peran), "Perubahan berkas di proposals/")

    def unknown_path(self, change: Perubahan) -> Iterator[Finding]:
        """Under proposals/ only records, attachments and READMEs have a place."""
        yield Finding(change.path, 1, 1, "riwayat.jalur-tidak-dikenal",
                      f"{change.label}: {change.path} bukan catatan, lampiran atau README: jalur ini tidak dikenal "
                      "register (periksa ejaan folder tahun dan desa, angka dan huruf ASCII saja).",
                      "Pindahkan berkas ke proposals/<tahun>/<desa>/ (catatan) atau .../lampiran/ (lampiran).")
