"""Panduan: how each role records its step in the forge's web UI, and every rule
that `validate` and `check` can report, with an example message and its fix.

The steps come from the SOP (site.model.sop): their numbers, who takes them,
whom they go to and which record and field they add. The rules come from the
catalogue in aturan.py, so a new rule appears here without editing this page.
"""

from __future__ import annotations

from typing import Any

from .. import aturan
from ..sop import PEMERIKSA_BIDANG, Sop, describe_duration
from .pages import ENV, base_for, page

# Rule id prefix → section heading; a prefix missing here is shown as it is.
KELOMPOK = {
    "yaml": "Membaca berkas YAML",
    "skema": "Skema: isian dan nilainya",
    "tata-letak": "Tata letak folder proposals/",
    "berkas": "Berkas desa",
    "disposisi": "Disposisi pada berkas",
    "usulan": "Usulan",
    "langkah": "Urutan langkah SOP",
    "klasifikasi": "Klasifikasi",
    "oleh": "Petugas (isian oleh)",
    "kepada": "Tujuan (isian kepada)",
    "waktu": "Waktu",
    "musrenbang": "Forum Musrenbang Kecamatan",
    "forge": "Pengaturan forge",
    "referensi": "Data referensi di sop/",
    "alur": "Alur SOP dalam riwayat",
    "identitas": "Identitas pembuat perubahan",
    "riwayat": "Riwayat catatan yang sudah diterima",
}

WAKTU = "2025-01-13T09:00:00+07:00"


def _groups(rules: dict[str, aturan.Aturan]) -> list[dict[str, Any]]:
    groups: dict[str, list] = {}
    for rule_id, rule in rules.items():
        groups.setdefault(rule_id.split(".")[0], []).append({"id": rule_id, "aturan": rule})
    return [{"id": prefix, "judul": KELOMPOK.get(prefix, prefix), "aturan": items} for prefix, items in groups.items()]


class _Petugas:
    """The first officer holding a role, as the example's `oleh`."""

    def __init__(self, petugas: dict[str, dict]):
        self.petugas = petugas

    def __call__(self, role: str) -> str:
        return next((pid for pid, p in self.petugas.items() if role in (p.get("peran") or [])), role)


def _template(ws, kind: str) -> str:
    """proposals/_templat/<kind>.yaml without its comment lines, or ''."""
    path = ws.root / "proposals" / "_templat" / f"{kind}.yaml"
    if not path.is_file():
        return ""
    lines = [line.split("  #")[0].rstrip() for line in path.read_text("utf-8").splitlines()]
    return "\n".join(line for line in lines if line.strip() and not line.lstrip().startswith("#"))


def _snippet(sop: Sop, isian: str, nomor: int, pelaksana: str, kepada: tuple[str, ...], oleh,
             kriteria: tuple[str, ...] = (), desa: str = "nama-desa") -> str:
    """The YAML a step adds, by the field the SOP says it records."""
    bidang = next(iter(sop.bidang.values()), None)
    target = kepada[0] if kepada else ""
    if target == PEMERIKSA_BIDANG and bidang:
        target = bidang.pemeriksa
    if isian == "disposisi":
        return (f"  - langkah: {nomor}\n    oleh: {oleh(pelaksana)}\n    kepada: {target}\n"
                f"    isi: Pelajari dan tindak lanjuti\n    waktu: {WAKTU}")
    if isian == "klasifikasi":
        return (f"klasifikasi:\n  bidang: {bidang.id if bidang else '...'}\n  oleh: {oleh(pelaksana)}\n"
                f"  kepada: {target}\n  waktu: {WAKTU}")
    if isian == "pemeriksaan":
        examiner = bidang.pemeriksa if bidang and pelaksana == PEMERIKSA_BIDANG else pelaksana
        return (f"pemeriksaan:\n  hasil: layak            # atau tidak-layak\n  oleh: {oleh(examiner)}\n"
                "  catatan: Lahan tersedia; harga satuan sesuai standar harga kabupaten.\n"
                f"  waktu: {WAKTU}\n  pemetaan:               # program RKPD dan OPD (tabel T-D.4)\n"
                "    prioritas_daerah: Peningkatan kualitas infrastruktur dasar\n"
                "    sasaran_daerah: Meningkatnya aksesibilitas wilayah\n"
                "    program_prioritas: Program Pengelolaan Sumber Daya Air\n"
                "    sasaran_kegiatan: Saluran irigasi dalam kondisi baik\n"
                "    perangkat_daerah: Dinas Pekerjaan Umum dan Penataan Ruang")
    if isian == "hasil":
        skor = ", ".join(f"{k}: 4" for k in kriteria) or "..."
        return ("penilaian:                # aturan skor: satu butir per penilai\n"
                f"  - usulan: {desa}/01\n    penilai: Tim Penilai Kecamatan 1\n"
                f"    skor: {{{skor}}}\n"
                "persetujuan:              # aturan equal-shares: usulan yang disetujui tiap delegasi\n"
                f"  {desa}: [{desa}/01, {desa}/02]")
    return f"{isian}: ..."


def _roles(sop: Sop, role: str) -> list[str]:
    if role == PEMERIKSA_BIDANG:
        return [f"{sop.nama_peran(b.pemeriksa)} ({b.nama})" for b in sop.bidang.values()]
    return [sop.nama_peran(role)]


def _steps(site) -> list[dict[str, Any]]:
    sop, ws = site.model.sop, site.model.ws
    oleh = _Petugas(ws.ref.petugas)
    kriteria = tuple(k["id"] for k in (ws.ref.data("kriteria") or {}).get("kriteria", []))
    desa = next(iter(ws.ref.desa), "nama-desa")
    steps = [{
        "anchor": "langkah-penerimaan",
        "judul": f"Pengajuan berkas ({sop.penerimaan_output})",
        "pelaksana": _roles(sop, sop.penerimaan_pelaksana),
        "pencatat": [sop.nama_peran(r) for r in sop.penerimaan_pencatat],
        "jenis": "ajukan",
        "status": sop.penerimaan_status,
        "berkas": _template(ws, "berkas"),
        "usulan": _template(ws, "usulan"),
    }]
    for step in sop.langkah:
        rekaman, isian = step.dicatat.rekaman, step.dicatat.isian
        steps.append({
            "anchor": f"langkah-{step.nomor}",
            "judul": f"Langkah {step.nomor}: {step.nama}",
            "nomor": step.nomor,
            "pelaksana": _roles(sop, step.pelaksana),
            "kepada": [n for k in step.kepada for n in _roles(sop, k)],
            "kegiatan": step.kegiatan,
            "mutu": describe_duration(step.waktu),
            "rekaman": rekaman,
            "isian": isian,
            "status": step.status,
            "jenis": "forum" if rekaman == "musrenbang" else ("tambah" if isian == "disposisi" else "isian"),
            "yaml": _snippet(sop, isian, step.nomor, step.pelaksana, step.kepada, oleh, kriteria, desa),
        })
        follow = step.tindak_lanjut
        if follow:
            steps.append({
                "anchor": f"langkah-{step.nomor}-lanjut",
                "judul": f"Sesudah langkah {step.nomor}: {follow.nama}",
                "pelaksana": _roles(sop, follow.pelaksana),
                "kepada": [],
                "rekaman": follow.dicatat.rekaman,
                "isian": follow.dicatat.isian,
                "status": (follow.status,),
                "lanjut_bila": [f"{k}: {v}" for k, v in follow.lanjut_bila],
                "jenis": "isian",
                "yaml": _snippet(sop, follow.dicatat.isian, step.nomor, follow.pelaksana, (), oleh),
            })
    return steps


def build(site) -> dict[str, str | bytes]:
    sop, ws = site.model.sop, site.model.ws
    tahun = max((y.tahun for y in site.model.years), default=2025)
    desa = next(iter(ws.ref.desa), "nama-desa")
    validate = {**aturan.RULES, **aturan.SKEMA_SOP}
    html = ENV.get_template("panduan.html").render(
        base=base_for("panduan/index.md"),
        repo=f"{site.repo_url}/tree/{site.branch}/proposals" if site.repo_url else "",
        steps=_steps(site),
        tahun=tahun,
        desa=desa,
        koreksi=sop.nama_peran(sop.koreksi_pelaksana),
        koreksi_oleh=_Petugas(ws.ref.petugas)(sop.koreksi_pelaksana),
        pengesah=sop.nama_peran(sop.pengesah),
        waktu=WAKTU,
        validate=_groups(validate),
        check=_groups(aturan.CHECK_RULES),
        jumlah=len(validate) + len(aturan.CHECK_RULES),
    )
    return {"panduan/index.md": page("Panduan", html, hide=("navigation", "toc"))}
