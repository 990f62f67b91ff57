"""The SOP page: the whole SOP document as the data file holds it, with its
table of steps and its flowchart (inline SVG from `bagan`)."""

from __future__ import annotations

from ..sop import describe_duration
from . import bagan
from .pages import ENV, base_for, page

PATH = "sop/index.md"
SUMBER = "sop/musrenbang-kecamatan.yaml"


def _daftar(value) -> list[str]:
    """A list field of the SOP; a single text counts as one item."""
    if not value:
        return []
    return [value] if isinstance(value, str) else [str(item) for item in value]


def build(site) -> dict[str, str]:
    sop = site.model.sop
    data = sop.data
    columns = bagan.kolom(sop)
    steps = [{
        "nomor": step.nomor,
        "kegiatan": step.kegiatan,
        "pelaksana": step.pelaksana,
        "kelengkapan": step.kelengkapan,
        "waktu": describe_duration(step.waktu),
        "output": step.output,
        "keterangan": step.keterangan or "",
    } for step in sop.langkah]
    numbers = [step.nomor for step in sop.langkah]
    notes = []
    for i, step in enumerate(sop.langkah):
        follow = step.tindak_lanjut
        if follow is None:
            continue
        following = f"langkah {numbers[i + 1]}" if i + 1 < len(numbers) else "akhir prosedur"
        notes.append({"nomor": step.nomor, "nama": follow.nama, "oleh": bagan.nama_pelaksana(sop, follow.pelaksana),
                      "syarat": bagan.syarat(follow)[:-1] if follow.lanjut_bila else "", "berikut": following})
    html = ENV.get_template("sop.html").render(
        base=base_for(PATH), i=sop.identitas,
        dasar_hukum=_daftar(data.get("dasar_hukum")),
        kualifikasi=_daftar(data.get("kualifikasi_pelaksana")),
        keterkaitan=_daftar(data.get("keterkaitan")),
        peralatan=_daftar(data.get("peralatan_perlengkapan")),
        peringatan=_daftar(data.get("peringatan")),
        pencatatan=_daftar(data.get("pencatatan_pendataan")),
        kolom=columns, langkah=steps, catatan=notes, bagan=bagan.svg(sop),
        sumber=SUMBER, sumber_url=f"{site.repo_url}/blob/{site.branch}/{SUMBER}" if site.repo_url else "",
    )
    return {PATH: page(f"SOP {sop.identitas['nama']}", html, hide=("navigation",))}
