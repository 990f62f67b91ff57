"""Meja kerja (`meja/index.md`, `meja/<peran>/index.md`): a page per role with
what waits for it now, from `musrenbang.meja` (the state machine of `status`).

Each item links to the record's page, to its form on /admin/ (Decap CMS, where
the step is taken and proposed as a pull request), to the forge's editor for its
file, and names the command that takes the step. Times are as of the build; the site is rebuilt on every change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from .. import decap, meja
from ..sop import describe_duration
from .ajukan import forge_page
from .pages import ENV, base_for, page

INDEX = "meja/index.md"
WIB = timezone(timedelta(hours=7))


@dataclass
class Baris:
    tugas: meja.Tugas
    url: str  # the record's page on this site
    sunting: str  # the forge's editor for the file
    formulir: str  # the record's form on /admin/, relative to the site root
    perintah: str
    sejak: str
    lama: str
    mutu_baku: str
    lewat: bool


def edit_url(repo_url: str, branch: str, path: str) -> str:
    return forge_page(repo_url, "edit", branch, path)


def command(tugas: meja.Tugas, sop) -> str:
    step = sop.langkah_nomor(tugas.nomor) if tugas.nomor else None
    if step is None:
        return ""
    if step.dicatat.rekaman == "berkas":
        return f'musrenbang disposisi {tugas.desa} --tahun {tugas.tahun} --langkah {step.nomor} --isi "..."'
    if step.dicatat.rekaman == "musrenbang":
        return f"musrenbang seleksi {tugas.tahun} --tulis"
    if tugas.langkah.startswith(f"langkah {step.nomor} "):
        return f"musrenbang klasifikasi {tugas.rujukan} --bidang BIDANG"
    return f'musrenbang periksa {tugas.rujukan} --hasil layak --catatan "..."'


def _url(t: meja.Tugas) -> str:
    parts = t.rujukan.split("/")
    if len(parts) == 3:
        return f"usulan/{parts[0]}/{parts[1]}/{parts[2]}/"
    if len(parts) == 2:
        return f"desa/{parts[1]}/"
    return "hasil/"


def _row(site, t: meja.Tugas, now: datetime) -> Baris:
    waited = t.lama(now)
    return Baris(t, _url(t), edit_url(site.repo_url, site.branch, t.path) if t.path else "",
                 decap.entry_url(t.path) if t.path else "", command(t, site.model.sop),
                 t.sejak.astimezone(WIB).strftime("%d-%m-%Y %H.%M") if t.sejak else "—",
                 describe_duration(waited) if waited is not None else "—",
                 describe_duration(t.mutu_baku) if t.mutu_baku else "—", t.lewat(now))


def roles(sop) -> list[str]:
    """The roles that take a step or a follow-up, in the SOP's order of roles."""
    acting = set()
    for step in sop.langkah:
        acting.add(step.pelaksana)
        if step.tindak_lanjut:
            acting.add(step.tindak_lanjut.pelaksana)
    acting |= {b.pemeriksa for b in sop.bidang.values()} if "pemeriksa-bidang" in acting else set()
    return [r for r in sop.peran if r in acting]


def build(site, now: datetime | None = None) -> dict[str, str]:
    sop = site.model.sop
    now = now or datetime.now(timezone.utc)
    desks = meja.desks(sop, site.model.ws.register)
    petugas = site.model.ws.ref.petugas
    pages, index = {}, []
    for role in roles(sop):
        rows = [_row(site, t, now) for t in desks.get(role, [])]
        holders = [p["nama"] for p in petugas.values() if role in p.get("peran", [])]
        path = f"meja/{role}/index.md"
        index.append({"id": role, "nama": sop.nama_peran(role), "petugas": holders, "jumlah": len(rows),
                      "lewat": sum(1 for r in rows if r.lewat)})
        html = ENV.get_template("meja.html").render(base=base_for(path), nama=sop.nama_peran(role), petugas=holders,
                                                    rows=rows, dibuat=now.astimezone(WIB).strftime("%d-%m-%Y %H.%M"))
        pages[path] = page(f"Meja kerja {sop.nama_peran(role)}", html, daftar=True)
    html = ENV.get_template("meja_index.html").render(base=base_for(INDEX), meja=index,
                                                      dibuat=now.astimezone(WIB).strftime("%d-%m-%Y %H.%M"))
    pages[INDEX] = page("Meja Kerja", html)
    return pages
