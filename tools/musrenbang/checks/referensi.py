"""Rules that tie the reference files in `sop/` to each other."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..findings import Finding
from ..records import Record
from ..similar import suggest
from ..sop import PEMERIKSA_BIDANG
from .context import Context


def _unique(record: Record, items: list[dict], key: str, where: str, rule: str, what: str) -> Iterator[Finding]:
    seen = set()
    for index, item in enumerate(items):
        value = item.get(key)
        if value is not None and value in seen:
            yield record.finding((where, index, key), rule, f"{what} '{value}' ditulis lebih dari sekali.",
                                 f"Setiap {what.lower()} harus unik.")
        seen.add(value)


def _known_roles(ctx: Context, record: Record, roles: Iterable[tuple[tuple, str]]) -> Iterator[Finding]:
    for where, role in roles:
        if role != PEMERIKSA_BIDANG and role not in ctx.sop.peran:
            yield record.finding(where, "referensi.peran-tidak-dikenal", f"Peran '{role}' tidak ada di daftar peran SOP.",
                                 suggest(role, ctx.sop.peran, "peran"))


def sop_consistent(ctx: Context) -> Iterator[Finding]:
    record, data = ctx.ref.records["sop"], ctx.sop.data
    numbers = [step["nomor"] for step in data["langkah"]]
    for index, number in enumerate(numbers):
        if number != index + 1:
            yield record.finding(("langkah", index, "nomor"), "referensi.langkah-urutan",
                                 f"Langkah SOP ke-{index + 1} bernomor {number}; nomor langkah harus 1, 2, 3, ... berurutan.",
                                 "Urutkan dan nomori ulang langkah-langkahnya.")
            break
    roles = [(("langkah", i, "pelaksana"), s["pelaksana"]) for i, s in enumerate(data["langkah"])]
    roles += [(("langkah", i, "kepada", j), r) for i, s in enumerate(data["langkah"]) for j, r in enumerate(s.get("kepada", []))]
    roles += [(("bidang", i, "pemeriksa"), b["pemeriksa"]) for i, b in enumerate(data["bidang"])]
    roles += [(("penerimaan", "pelaksana"), data["penerimaan"]["pelaksana"]), (("koreksi", "pelaksana"), data["koreksi"]["pelaksana"]),
              (("pengesah",), data["pengesah"])]
    roles += [(("penerimaan", "dicatatkan_oleh", i), r) for i, r in enumerate(data["penerimaan"].get("dicatatkan_oleh", []))]
    roles += [(("data_pribadi", "pembaca", i), r) for i, r in enumerate(data["data_pribadi"]["pembaca"])]
    yield from _known_roles(ctx, record, roles)
    yield from _unique(record, data["peran"], "id", "peran", "referensi.id-ganda", "Peran")
    yield from _unique(record, data["bidang"], "id", "bidang", "referensi.id-ganda", "Bidang")


def petugas_consistent(ctx: Context) -> Iterator[Finding]:
    record = ctx.ref.records["petugas"]
    people = record.data["petugas"]
    for key, what in (("id", "Id petugas"), ("akun", "Akun"), ("email", "E-mail")):
        yield from _unique(record, people, key, "petugas", "referensi.id-ganda", what)
    for index, person in enumerate(people):
        yield from _known_roles(ctx, record, [(("petugas", index, "peran", j), r) for j, r in enumerate(person["peran"])])
        yield from _operator_desa(ctx, record, index, person)


def _operator_desa(ctx: Context, record: Record, index: int, person: dict) -> Iterator[Finding]:
    intake_role = ctx.sop.penerimaan_pelaksana
    desa = person.get("desa")
    if intake_role in person["peran"] and desa is None:
        yield record.finding(("petugas", index), "referensi.desa-wajib",
                             f"Petugas '{person['id']}' berperan {intake_role} tetapi tidak menyebut desanya.",
                             "Tambahkan 'desa: <slug desa>' dari sop/wilayah.yaml.")
    elif desa is not None and desa not in ctx.ref.desa:
        yield record.finding(("petugas", index, "desa"), "referensi.desa-tidak-dikenal",
                             f"Desa '{desa}' tidak ada di sop/wilayah.yaml.", suggest(desa, ctx.ref.desa, "desa"))


def wilayah_consistent(ctx: Context) -> Iterator[Finding]:
    record = ctx.ref.records["wilayah"]
    data = record.data
    yield from _unique(record, data["desa"], "slug", "desa", "referensi.id-ganda", "Slug desa")
    yield from _unique(record, data["desa"], "kode", "desa", "referensi.id-ganda", "Kode desa")
    prefix = data["kecamatan"]["kode"] + "."
    for index, desa in enumerate(data["desa"]):
        if not desa["kode"].startswith(prefix):
            yield record.finding(("desa", index, "kode"), "referensi.kode-wilayah",
                                 f"Kode {desa['kode']} bukan kode desa di kecamatan {data['kecamatan']['kode']}.",
                                 f"Kode desa diawali {prefix}")


def kriteria_consistent(ctx: Context) -> Iterator[Finding]:
    record = ctx.ref.records["kriteria"]
    yield from _unique(record, record.data["kriteria"], "id", "kriteria", "referensi.id-ganda", "Kriteria")
    yield from _add1_step(record)


def _add1_step(record: Record) -> Iterator[Finding]:
    """The equal-shares step is at least a thousandth of every pagu in the file."""
    from ..errors import MusrenbangError
    from ..seleksi import kenaikan

    options, pagu = record.data.get("seleksi") or {}, record.data.get("pagu") or {}
    places = [(("pagu", "bawaan", b), v) for b, v in (pagu.get("bawaan") or {}).items()]
    places += [(("pagu", "tahun", t, b), v) for t, per in (pagu.get("tahun") or {}).items() for b, v in per.items()]
    for where, budget in places:
        try:
            kenaikan(options, budget, where[-1])
        except MusrenbangError as error:
            yield record.finding(("seleksi", "kenaikan_anggaran"), "musrenbang.kenaikan-terlalu-kecil", str(error),
                                 "Naikkan 'kenaikan_anggaran' atau hapus isian itu (bawaannya 0,1% pagu).")
            return


CHECKS = (sop_consistent, petugas_consistent, wilayah_consistent, kriteria_consistent)
