"""SSH commit signatures verified in process, with git's own verdict.

git checks an SSH-signed commit by running `ssh-keygen` (find-principals, then
verify, or check-novalidate for an unknown key) once per commit: on a long
history that is most of `audit`'s time. This module reaches the same verdict
from the raw commit object:

- the signature is the `gpgsig` header (`gpgsig-sha256` in a SHA-256
  repository), the signed payload the object without any `gpgsig*` header,
  split exactly as git's `parse_buffer_signed_by_header` does;
- the signature is the sshsig format (PROTOCOL.sshsig): namespace "git", the
  message hashed with sha256 or sha512, signed by the key it carries;
- the key is looked up in the allowed-signers file `identitas` writes
  (principal = petugas id).

Verdicts are git's `%G?` letters: `G` good by a known principal, `U` a good
signature by a key nobody is allowed to sign with, `B` bad (forged, altered,
another namespace), `N` no signature. Only ed25519 is checked here. Anything
else, or anything not understood to the byte (another signature format, an RSA
or security-key signature, a second signature header, a reserved field, trailing
data, an allowed-signers line in another form, a key listed twice), returns
`None`: the caller asks git for that commit. This module never says `G` for
something it has not verified.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import struct
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["AllowedSigners", "Verdict", "split_signed", "verdict"]

SIG_HEADERS = {40: b"gpgsig", 64: b"gpgsig-sha256"}
BEGIN = b"-----BEGIN SSH SIGNATURE-----\n"
END = b"-----END SSH SIGNATURE-----\n"
MAGIC = b"SSHSIG"
ED25519 = b"ssh-ed25519"
HASHES = {b"sha256": hashlib.sha256, b"sha512": hashlib.sha512}
_B64_LINE = re.compile(rb"^[A-Za-z0-9+/]+={0,2}$")
_SIGNER_LINE = re.compile(
    r'^(?P<principal>[a-z0-9]+(?:-[a-z0-9]+)*) namespaces="git" '
    r"(?P<type>ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp256|sk-ssh-ed25519@openssh\.com) "
    r"(?P<key>[A-Za-z0-9+/]+={0,2})(?: [^\n]*)?$")


@dataclass(frozen=True)
class Verdict:
    status: str  # G, U, B or N
    key: str = ""  # %GK: the key's SHA256 fingerprint (G and U)
    signer: str = ""  # %GS: the principal (G only)


NONE = Verdict("N")
BAD = Verdict("B")


@dataclass
class AllowedSigners:
    """The allowed-signers file, read only when every line is in the one form
    `identitas` writes; otherwise `understood` is False and git decides."""

    understood: bool = True
    principals: dict[bytes, list[str]] = field(default_factory=dict)  # key blob -> principals, file order

    @classmethod
    def read(cls, path: Path) -> "AllowedSigners":
        return cls.parse(path.read_text("utf-8", "replace"))

    @classmethod
    def parse(cls, text: str) -> "AllowedSigners":
        signers = cls()
        for line in text.split("\n"):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            match = _SIGNER_LINE.match(line)
            blob = _b64(match["key"].encode()) if match else None
            if blob is None or _string_at(blob, 0)[0] != match["type"].encode():
                signers.understood = False
                continue
            if match["type"] == "ssh-ed25519" and _ed25519_key(blob) is None:
                signers.understood = False
                continue
            signers.principals.setdefault(blob, []).append(match["principal"])
        return signers


def split_signed(raw: bytes, sha_length: int) -> tuple[bytes, bytes, int]:
    """(payload, signature, number of signature headers), as git's
    `parse_buffer_signed_by_header` splits a commit object."""
    header = SIG_HEADERS[sha_length]
    payload, signature = bytearray(), bytearray()
    count, in_signature, other = 0, False, False
    position, tail = 0, len(raw)
    while position < tail:
        newline = raw.find(b"\n", position)
        end = tail if newline < 0 else newline + 1
        line = raw[position:end]
        sig = None
        if in_signature and line[:1] == b" ":
            sig = line[1:]
        elif line.startswith(header + b" "):
            sig = line[len(header) + 1:]
            other = False
            count += 1
        elif line.startswith(b"gpgsig"):
            other = True
        elif other and line[:1] != b" ":
            other = False
        if sig is not None:
            signature += sig
            in_signature = True
        else:
            if line[:1] == b"\n":
                end = tail
                line = raw[position:end]
            if not other:
                payload += line
            in_signature = False
        position = end
    return bytes(payload), bytes(signature), count


def verdict(sha: str, raw: bytes, signers: AllowedSigners) -> Verdict | None:
    """git's verdict on the commit's signature, or None when git must decide."""
    if len(sha) not in SIG_HEADERS:
        return None
    payload, signature, count = split_signed(raw, len(sha))
    if count == 0:
        return NONE if b"\ngpgsig" not in raw.partition(b"\n\n")[0] else None
    if count != 1 or not signers.understood:
        return None
    parsed = _sshsig(signature)
    if parsed is None:
        return None
    key_blob, namespace, hash_name, sig_blob = parsed
    public = _ed25519_key(key_blob)
    sig = _ed25519_signature(sig_blob)
    if public is None or sig is None:
        return None
    principals = signers.principals.get(key_blob, [])
    if len(principals) > 1:
        return None
    if namespace != b"git":
        return BAD
    if not _verify(public, sig, _signed_data(namespace, hash_name, payload)):
        return BAD
    fingerprint = "SHA256:" + base64.b64encode(hashlib.sha256(key_blob).digest()).decode().rstrip("=")
    return Verdict("G", fingerprint, principals[0]) if principals else Verdict("U", fingerprint)


def _sshsig(armored: bytes) -> tuple[bytes, bytes, bytes, bytes] | None:
    """(public key blob, namespace, hash algorithm, signature blob) of an armored
    sshsig that is exactly in the form ssh-keygen writes, else None."""
    if not (armored.startswith(BEGIN) and armored.endswith(END)):
        return None
    lines = armored[len(BEGIN):-len(END)].split(b"\n")
    if lines[-1] != b"" or len(lines) < 2 or not all(_B64_LINE.match(line) for line in lines[:-1]):
        return None
    blob = _b64(b"".join(lines[:-1]))
    if blob is None or not blob.startswith(MAGIC) or blob[6:10] != struct.pack(">I", 1):
        return None
    fields, offset = [], 10
    for _ in range(5):
        value, offset = _string_at(blob, offset)
        if value is None:
            return None
        fields.append(value)
    key_blob, namespace, reserved, hash_name, sig_blob = fields
    if offset != len(blob) or reserved or hash_name not in HASHES:
        return None
    return key_blob, namespace, hash_name, sig_blob


def _signed_data(namespace: bytes, hash_name: bytes, payload: bytes) -> bytes:
    digest = HASHES[hash_name](payload).digest()
    return MAGIC + b"".join(_string(part) for part in (namespace, b"", hash_name, digest))


def _verify(public: bytes, signature: bytes, data: bytes) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


def _ed25519_key(blob: bytes) -> bytes | None:
    return _typed(blob, ED25519, 32)


def _ed25519_signature(blob: bytes) -> bytes | None:
    return _typed(blob, ED25519, 64)


def _typed(blob: bytes, kind: bytes, size: int) -> bytes | None:
    """The value of `string kind, string value` filling the blob exactly."""
    name, offset = _string_at(blob, 0)
    value, offset = _string_at(blob, offset) if name == kind else (None, 0)
    return value if value is not None and len(value) == size and offset == len(blob) else None


def _string_at(blob: bytes, offset: int) -> tuple[bytes | None, int]:
    if offset + 4 > len(blob):
        return None, offset
    (length,) = struct.unpack_from(">I", blob, offset)
    start = offset + 4
    if start + length > len(blob):
        return None, offset
    return blob[start:start + length], start + length


def _string(value: bytes) -> bytes:
    return struct.pack(">I", len(value)) + value


def _b64(text: bytes) -> bytes | None:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None
