"""Personal data is stored only as age ciphertext addressed to the current readers.

Needs no private key: the plain private fields are found by the schema's
`"x-publik": false` marks, the ciphertext's form and recipients by reading its
header (see `privasi`).
"""

from __future__ import annotations

import dataclasses
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
        stanzas = privasi.record_stanzas(value["sandi"])
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
            roles_held = ", ".join(sorted(roles & set(person["peran"])))
            yield _warning(record.finding(
                ("petugas", index, "id"), "privasi.pembaca-tanpa-kunci",
                f"Petugas '{person['id']}' membaca data pribadi (peran {roles_held}) tetapi belum punya kunci_age.",
                "Petugas itu membuat kunci dengan 'age-keygen -o kunci.txt', menyimpan berkasnya sendiri, "
                "dan menulis kunci publiknya (age1...) di kunci_age."))


def _warning(finding: Finding) -> Finding:
    """A warning, not an error: a new register has no keys yet, and what is already
    encrypted stays readable; the records' own checks say what must be re-encrypted."""
    return dataclasses.replace(finding, tingkat="peringatan")


def private_attachments(ctx: Context) -> Iterator[Finding]:
    """Each listed `*.age` attachment is an age file with one X25519 stanza per current reader.
    (A binary file has no `penerima` list: the count and kind of stanzas are what can be checked.)"""
    readers = privasi.reader_keys(ctx.sop, ctx.ref.petugas)
    root = ctx.register.root
    for year in ctx.register.tahun.values():
        for item in (u for u in year.usulan if u.valid):
            for index, name in enumerate(item.data.get("lampiran") or []):
                path = attachment_path(root, item, name) if name.endswith(".age") else None
                if path is not None and path.is_file():
                    yield from _attachment(item, index, name, path.read_bytes(), len(readers))


def attachment_path(root, item, name: str):
    """proposals/<tahun>/<desa>/lampiran/<name>, or None when the name leaves that folder."""
    folder = (root / item.path).parent / "lampiran"
    target = folder / name
    try:
        target.resolve().relative_to(folder.resolve())
    except ValueError:
        return None
    return None if target.is_symlink() or ".." in name.split("/") else target


def _attachment(item, index: int, name: str, raw: bytes, readers: int) -> Iterator[Finding]:
    try:
        stanzas = privasi.file_header(raw)
    except privasi.SandiRusak as error:
        yield item.finding(("lampiran", index), "privasi.sandi-rusak",
                           f"Lampiran {name} bukan berkas age yang utuh: {error}.",
                           f"Enkripsi ulang berkas aslinya dengan 'musrenbang privasi lampiran lampiran/{name[:-4]}'.")
        return
    if len(stanzas) != readers:
        yield item.finding(("lampiran", index), "privasi.penerima-salah",
                           f"Lampiran {name} ditujukan kepada {len(stanzas)} penerima, sedangkan pembaca data pribadi "
                           f"sekarang {readers}.",
                           f"Pembaca membuka berkasnya ('age -d -i KUNCI {name}') lalu mengenkripsinya ulang dengan "
                           "'musrenbang privasi lampiran'.")


CHECKS = (plain_fields, ciphertexts, readers_have_keys, private_attachments)
