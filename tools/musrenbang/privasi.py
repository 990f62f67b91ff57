"""Personal data as age ciphertext: the layout of a record's private fields.

A record keeps every field its schema marks `"x-publik": false` in one armored
age file, under the top-level key `data_pribadi`:

    data_pribadi:
      penerima: [age1..., age1...]   # the readers' public keys it is addressed to
      sandi: |
        -----BEGIN AGE ENCRYPTED FILE-----
        ...

The plaintext is a JSON document of the private fields at their paths
(`{"pengusul": {"nik": "...", "telepon": "..."}}`), padded with spaces to a
multiple of `BLOK` bytes, so that the ciphertext's length does not tell which
fields a proposer gave. The same layout is written by the browser form
(`site/assets/ajukan.js`).

The header of an age file can be read without a private key: its stanzas name
their kind (X25519, ssh-ed25519, scrypt, ...) but an X25519 stanza does not name
its recipient. So `penerima` lists the keys the writer addressed the file to,
and `validate` compares that list with the current readers and the number and
kind of stanzas with that list. A writer who lists the right keys but writes a
stanza no reader can open is found only by a reader (`privasi buka`), since
only a private key can tell.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass
from typing import Any

import pyrage

from .errors import MusrenbangError

KUNCI = "data_pribadi"
BLOK = 256
ARMOR_BEGIN = "-----BEGIN AGE ENCRYPTED FILE-----"
ARMOR_END = "-----END AGE ENCRYPTED FILE-----"
INTRO = b"age-encryption.org/v1\n"
AGE_KEY = re.compile(r"^age1[02-9ac-hj-np-z]{58}$")
_B64 = re.compile(r"^[A-Za-z0-9+/]*$")


class SandiRusak(ValueError):
    """The ciphertext is not a well-formed armored age file; the message says why."""


@dataclass(frozen=True)
class Stanza:
    jenis: str
    args: tuple[str, ...]


# --- reading the header without a key -------------------------------------------------


def dearmor(text: str) -> bytes:
    """The binary age file inside ASCII armor (RFC 7468 strict, as age writes it)."""
    lines = text.strip().split("\n")
    if len(lines) < 3 or lines[0].strip() != ARMOR_BEGIN or lines[-1].strip() != ARMOR_END:
        raise SandiRusak(f"tidak diawali '{ARMOR_BEGIN}' dan diakhiri '{ARMOR_END}'")
    body = [line.strip() for line in lines[1:-1]]
    if any(len(line) > 64 for line in body) or any(len(line) != 64 for line in body[:-1]):
        raise SandiRusak("baris base64 di dalam armor harus 64 karakter (kecuali baris terakhir)")
    try:
        return base64.b64decode("".join(body), validate=True)
    except (binascii.Error, ValueError):
        raise SandiRusak("isi armor bukan base64 yang sah") from None


def _b64_raw(text: str, size: int | None = None) -> bytes:
    if not _B64.match(text) or len(text) % 4 == 1:
        raise SandiRusak(f"'{text[:20]}' bukan base64 tanpa padding")
    data = base64.b64decode(text + "=" * (-len(text) % 4))
    if size is not None and len(data) != size:
        raise SandiRusak(f"panjang nilai {len(data)} bita, seharusnya {size}")
    return data


def header(binary: bytes) -> list[Stanza]:
    """The stanzas of an age file's header; raises `SandiRusak` when the file is malformed."""
    if not binary.startswith(INTRO):
        raise SandiRusak("bukan berkas age versi 1 (baris pertama 'age-encryption.org/v1')")
    end = binary.find(b"\n--- ")
    if end < 0:
        raise SandiRusak("kepala berkas tidak diakhiri baris MAC '--- '")
    try:
        lines = binary[len(INTRO): end].decode("ascii").split("\n")
        mac_line, _, payload = binary[end + 1:].partition(b"\n")
        mac = mac_line.decode("ascii")[4:]
    except UnicodeDecodeError:
        raise SandiRusak("kepala berkas berisi karakter bukan ASCII") from None
    _b64_raw(mac, 32)
    if len(payload) < 16 + 16 + 1:
        raise SandiRusak("isi terenkripsi terlalu pendek (terpotong?)")
    return _stanzas(lines if lines != [""] else [])


def check_padding(binary: bytes) -> None:
    """A record's ciphertext holds one padded chunk: nonce, a multiple of BLOK bytes, tag."""
    payload = binary.split(b"\n--- ", 1)[1].partition(b"\n")[2]
    body = len(payload) - 16 - 16
    if body <= 0 or body % BLOK:
        raise SandiRusak(f"panjang isi terenkripsi tidak sesuai ({len(payload)} bita): terpotong atau tidak berpadding "
                         f"kelipatan {BLOK} bita")


def record_stanzas(armored: str) -> list[Stanza]:
    """The recipient stanzas of a record's `sandi`, after every check that needs no key."""
    binary = dearmor(armored)
    stanzas = recipient_stanzas(header(binary))
    check_padding(binary)
    for stanza in stanzas:
        check_x25519(stanza)
    return stanzas


def file_header(raw: bytes) -> list[Stanza]:
    """The recipient stanzas of an age file, binary or armored (an attachment `*.age`)."""
    if raw.lstrip().startswith(ARMOR_BEGIN.encode()):
        try:
            raw = dearmor(raw.decode("ascii"))
        except UnicodeDecodeError:
            raise SandiRusak("armor berisi karakter bukan ASCII") from None
    stanzas = recipient_stanzas(header(raw))
    for stanza in stanzas:
        check_x25519(stanza)
    return stanzas


def encrypt_bytes(data: bytes, keys: list[str]) -> bytes:
    """An attachment as a binary age file for the readers."""
    return pyrage.encrypt(data, recipients(keys))


def _stanzas(lines: list[str]) -> list[Stanza]:
    stanzas: list[Stanza] = []
    index = 0
    while index < len(lines):
        parts = lines[index].split(" ")
        if parts[0] != "->" or len(parts) < 2 or not parts[1]:
            raise SandiRusak(f"baris kepala '{lines[index][:30]}' bukan awal stanza '-> '")
        index += 1
        while True:  # the body: full 64-column lines, then one shorter (maybe empty) line
            if index >= len(lines):
                raise SandiRusak("isi stanza terpotong")
            chunk = lines[index]
            index += 1
            _b64_raw(chunk)
            if len(chunk) < 64:
                break
        stanzas.append(Stanza(parts[1], tuple(parts[2:])))
    if not stanzas:
        raise SandiRusak("tidak ada penerima (stanza) di kepala berkas")
    return stanzas


def recipient_stanzas(stanzas: list[Stanza]) -> list[Stanza]:
    """Without the "grease" stanzas (type `*-grease`) that rage adds at random and readers ignore."""
    return [s for s in stanzas if not s.jenis.endswith("-grease")]


def check_x25519(stanza: Stanza) -> None:
    if stanza.jenis != "X25519":
        raise SandiRusak(f"stanza jenis '{stanza.jenis}': register ini hanya memakai kunci age (X25519)")
    if len(stanza.args) != 1:
        raise SandiRusak("stanza X25519 harus punya tepat satu nilai")
    _b64_raw(stanza.args[0], 32)


# --- the plaintext: private fields at their paths ------------------------------------


def _get(data: Any, path: tuple[str, ...]) -> Any:
    for part in path:
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


def plain_fields(data: dict, private: list[tuple[str, ...]]) -> dict[tuple[str, ...], Any]:
    """The private fields present in plain text: path → value ('*' paths are not used by records)."""
    found = {}
    for path in private:
        if "*" in path or path[:1] == (KUNCI,):
            continue
        value = _get(data, path)
        if value is not None:
            found[path] = value
    return found


def nest(fields: dict[tuple[str, ...], Any]) -> dict:
    out: dict = {}
    for path, value in sorted(fields.items()):
        node = out
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = value
    return out


def plaintext(private: dict) -> bytes:
    """The JSON document, padded with spaces to a multiple of BLOK bytes."""
    text = json.dumps(private, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    return text + b" " * (-len(text) % BLOK)


# --- keys, encryption, decryption ----------------------------------------------------------


def recipients(keys: list[str]) -> list:
    try:
        return [pyrage.x25519.Recipient.from_str(key) for key in keys]
    except pyrage.RecipientError as error:
        raise MusrenbangError(f"Kunci publik age tidak sah: {error}.") from None


def encrypt(private: dict, keys: list[str]) -> dict:
    """The `data_pribadi` value: the keys and one armored age file of the private fields."""
    if not keys:
        raise MusrenbangError("Belum ada pembaca data pribadi dengan kunci age di sop/petugas.yaml (isian kunci_age).")
    armored = pyrage.encrypt(plaintext(private), recipients(keys), armored=True).decode("ascii")
    return {"penerima": list(keys), "sandi": armored.strip() + "\n"}


def read_identities(text: str, name: str) -> list:
    """Age identities (AGE-SECRET-KEY-1...) or one OpenSSH private key from a file's text."""
    if "-----BEGIN OPENSSH PRIVATE KEY-----" in text:
        try:
            return [pyrage.ssh.Identity.from_buffer(text.encode("ascii"))]
        except (pyrage.IdentityError, UnicodeEncodeError, ValueError) as error:
            raise MusrenbangError(f"{name}: kunci SSH tidak dapat dibaca ({error}); kunci berkata sandi belum didukung.") from None
    found = [line.strip() for line in text.splitlines() if line.strip().startswith("AGE-SECRET-KEY-1")]
    if not found:
        raise MusrenbangError(f"{name}: tidak berisi identitas age (AGE-SECRET-KEY-1...) atau kunci privat SSH.")
    try:
        return [pyrage.x25519.Identity.from_str(line) for line in found]
    except pyrage.IdentityError as error:
        raise MusrenbangError(f"{name}: identitas age tidak sah ({error}).") from None


def decrypt(value: dict, identities: list, where: str) -> dict:
    """The private fields of a `data_pribadi` value."""
    try:
        raw = pyrage.decrypt(value["sandi"].encode("ascii"), identities)
    except (pyrage.DecryptError, UnicodeEncodeError) as error:
        raise MusrenbangError(f"{where}: data pribadi tidak dapat dibuka dengan kunci ini ({error}). "
                              "Hanya pembaca yang dituju (lihat 'penerima') yang dapat membukanya.") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise MusrenbangError(f"{where}: isi data pribadi bukan JSON yang sah.") from None
    if not isinstance(data, dict):
        raise MusrenbangError(f"{where}: isi data pribadi bukan pemetaan isian.")
    return data


def flatten(private: dict, prefix: tuple[str, ...] = ()) -> dict[tuple[str, ...], Any]:
    out = {}
    for key, value in private.items():
        if isinstance(value, dict):
            out.update(flatten(value, prefix + (key,)))
        else:
            out[prefix + (key,)] = value
    return out


# --- who reads --------------------------------------------------------------------


def reader_keys(sop, petugas: dict[str, dict]) -> list[tuple[str, str]]:
    """(petugas id, age key) of every current reader: holders of the SOP's reader roles with a key."""
    roles = set(sop.pembaca_data_pribadi)
    return [(p["id"], p["kunci_age"]) for p in petugas.values()
            if roles & set(p["peran"]) and p.get("kunci_age")]
