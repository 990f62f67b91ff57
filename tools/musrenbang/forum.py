"""The forum of one year as the commands see it: select, describe, write back."""

from __future__ import annotations

from .errors import MusrenbangError
from .format import rupiah
from .seleksi import NAMA_ATURAN, PENJELASAN, Hasil, select as _select
from .workspace import Workspace
from .yamledit import set_key


def _year(workspace: Workspace, tahun: int):
    if not workspace.ref.complete:
        raise MusrenbangError("Data referensi di sop/ tidak sah; jalankan 'musrenbang validate' dan perbaiki dulu.")
    year = workspace.register.tahun.get(tahun)
    if year is None:
        raise MusrenbangError(f"Tahun {tahun} tidak ada di register (proposals/{tahun}/).")
    broken = [r.path for r in [*year.berkas.values(), *year.usulan] if not r.valid]
    if broken:
        raise MusrenbangError(f"Ada catatan tahun {tahun} yang belum sah ({broken[0]}, ...); "
                              f"jalankan 'musrenbang validate proposals/{tahun}' dan perbaiki dulu.")
    return year


def select(workspace: Workspace, tahun: int, aturan: str | None) -> Hasil:
    return _select(_year(workspace, tahun), workspace.ref.sop, workspace.ref.data("kriteria"), aturan)


def describe(workspace: Workspace, tahun: int, hasil: Hasil) -> str:
    """The result per bidang, in words: what passed, what did not and why."""
    year = workspace.register.tahun[tahun]
    by_ref = {u.rujukan: u for u in year.usulan}
    lines = [f"Hasil seleksi Musrenbang Kecamatan {tahun}, aturan {NAMA_ATURAN[hasil.aturan]}.",
             PENJELASAN[hasil.aturan]]
    for bidang in workspace.ref.sop.bidang.values():
        rows = [k for k in hasil.keputusan if _bidang(by_ref[k.usulan]) == bidang.id]
        spent = sum(by_ref[k.usulan].data["perkiraan_biaya"] for k in rows if k.lolos)
        lines += ["", f"Bidang {bidang.nama}: pagu {rupiah(hasil.pagu[bidang.id])}, terpakai {rupiah(spent)}, "
                      f"{sum(k.lolos for k in rows)} usulan lolos."]
        for k in rows:
            item = by_ref[k.usulan]
            mark = "LOLOS " if k.lolos else "tidak "
            lines.append(f"  {mark} {k.usulan:18s} {rupiah(item.data['perkiraan_biaya']):>16s}  "
                         f"{item.data['judul'][:48]:48s}  {k.alasan}")
    return "\n".join(lines)


def _bidang(item) -> str:
    return (item.data.get("klasifikasi") or {}).get("bidang") or item.data.get("usulan_bidang")


def write(workspace: Workspace, tahun: int, hasil: Hasil) -> str:
    forum = workspace.register.tahun[tahun].forum
    path = workspace.root / forum.path
    path.write_text(set_key(path.read_text("utf-8"), "hasil", hasil.as_dict()), "utf-8")
    return forum.path
