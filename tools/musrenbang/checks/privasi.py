"""Personal data is stored only as age ciphertext addressed to the current readers.

Needs no private key: the plain private fields are found by the schema's
`"x-publik": false` marks, the ciphertext's form and recipients by reading its
header (see `privasi`).
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import privasi
from ..findings import Finding
from ..records import Record
from .context import Context


def _records(ctx: Context) -> Iterator[tuple[str, Record]]:
    for year in ctx.register.tahun.values():
        yield from (("usulan", u) for u in year.usulan if u.valid)
        yield from (("berkas", b) for b in year.berkas.values() if b.valid)


def plain_fields(ctx: Context) -> Iterator[Finding]:
    """A private field in plain text, wherever the schema marks one."""
    for kind, record in _records(ctx):
        for path in privasi.plain_fields(record.data, ctx.private.get(kind, [])):
            yield record.finding(
                path, "privasi.tidak-terenkripsi", key=True,
                message=f"Isian {'.'.join(path)} adalah data pribadi dan tertulis terbuka.",
                hint=f"Jalankan 'musrenbang privasi enkripsi {record.path}' (pencatat atau pembaca data pribadi): "
                     "isian itu dipindah ke data_pribadi sebagai sandi age, lalu commit.",
            )


def ciphertexts(ctx: Context) -> Iterator[Finding]:
    """Each `data_pribadi` is a well-formed age file addressed to exactly the current readers."""
    readers = privasi.reader_keys(ctx.sop, ctx.ref.petugas)
    for _kind, record in _records(ctx):
        value = record.data.get(privasi.KUNCI)
        if value is not None:
            yield from _one(record, value, readers)


def _one(record: Record, value: dict, readers: list[tuple[str, str]]) -> Iterator[Finding]:
    try:
        stanzas = privasi.recipient_stanzas(privasi.header(privasi.dearmor(value["sandi"])))
        for stanza in stanzas:
            privasi.check_x25519(stanza)
    except privasi.SandiRusak as error:
        yield record.finding((privasi.KUNCI, "sandi"), "privasi.sandi-rusak",
                             f"Sandi data pribadi bukan berkas age yang utuh: {error}.",
                             "Buat ulang sandinya dengan formulir Ajukan Usulan atau 'musrenbang privasi enkripsi'; "
                             "jangan menyunting teks sandi dengan tangan.")
        return
    listed = value["penerima"]
    wanted = {key: who for who, key in readers}
    missing = [who for key, who in wanted.items() if key not in listed]
    extra = [key for key in listed if key not in wanted]
    if missing or extra or len(stanzas) != len(listed):
        yield record.finding((privasi.KUNCI, "penerima"), "privasi.penerima-salah",
                             _recipients_message(missing, extra, len(stanzas), len(listed)),
                             f"Jalankan 'musrenbang privasi ulang {record.path} --identitas BERKAS-KUNCI' oleh pembaca "
                             "yang dapat membuka sandi lama: sandi dibuat ulang untuk pembaca sekarang, dengan koreksi.")


def _recipients_message(missing: list[str], extra: list[str], stanzas: int, listed: int) -> str:
    parts = []
    if missing:
        parts.append("belum ditujukan kepada " + ", ".join(missing))
    if extra:
        parts.append(f"ditujukan kepada {len(extra)} kunci yang bukan pembaca sekarang ({extra[0][:16]}...)")
    if stanzas != listed:
        parts.append(f"kepala sandi berisi {stanzas} penerima, sedangkan 'penerima' mendaftar {listed}")
    return "Sandi data pribadi tidak ditujukan tepat kepada pembaca data pribadi sekarang: " + "; ".join(parts) + "."


def readers_have_keys(ctx: Context) -> Iterator[Finding]:
    """Every holder of a reader role has an age key: otherwise the data cannot be addressed to them."""
    record = ctx.ref.records["petugas"]
    roles = set(ctx.sop.pembaca_data_pribadi)
    for index, person in enumerate(ctx.ref.data("petugas")["petugas"]):
        if roles & set(person["peran"]) and not person.get("kunci_age"):
            yield record.finding(("petugas", index, "id"), "privasi.pembaca-tanpa-kunci",
                                 f"Petugas '{person['id']}' membaca data pribadi (peran "
                                 f"{', '.join(sorted(roles & set(person['peran'])))}) tetapi belum punya kunci_age.",
                                 "Petugas itu membuat kunci dengan 'age-keygen -o kunci.txt', menyimpan berkasnya sendiri, "
                                 "dan menulis kunci publiknya (age1...) di kunci_age.")


CHECKS = (plain_fields, ciphertexts, readers_have_keys)
