"""A long SSH-signed history for `check` and `audit` benchmarks, built fast.

    python bench/sejarah.py DEST --usulan 30000 --commits 8001

The register (`generate`, every berkas just received) is imported in one commit
by the pencatat (`Impor:` trailer); then, desa by desa, the Camat's disposition
(step 1), the Kasi's (step 2) and the pencatat's classification of each usulan
(step 3), one commit each, until there are COMMITS commits. `git fast-import`
writes the history unsigned (branch `polos`, the anchor), then every commit is
re-written with an SSH signature (sshsig, namespace "git", ed25519, made with
`cryptography` exactly as `ssh-keygen -Y sign` makes it) on branch `main`.
`git verify-commit` must call the head commit Good, so git itself vouches for the
signatures. Three processes in all instead of three per commit.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import os
import re
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import yaml
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import _unclassified, generate  # noqa: E402

ENV = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
START = 1736730000  # 2025-01-13 08:00 +07:00
SIGNERS = ("pencatat", "camat", "kasi-pembangunan")
EXAMINER = {"fisik": "kasubid-fisik", "ekonomi": "kasubid-ekonomi", "sosial-budaya": "kasubid-sosbud"}


def _string(value: bytes) -> bytes:
    return struct.pack(">I", len(value)) + value


class Kunci:
    """An ed25519 key that signs like `ssh-keygen -Y sign -n git` (sha512)."""

    def __init__(self, folder: Path, pid: str):
        self.private = Ed25519PrivateKey.generate()
        raw = self.private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        self.blob = _string(b"ssh-ed25519") + _string(raw)
        self.public = f"ssh-ed25519 {base64.b64encode(self.blob).decode()} {pid}"
        path = folder / pid
        path.write_bytes(self.private.private_bytes(Encoding.PEM, PrivateFormat.OpenSSH, NoEncryption()))
        path.chmod(0o600)

    def sign(self, payload: bytes) -> bytes:
        data = b"SSHSIG" + _string(b"git") + _string(b"") + _string(b"sha512") + _string(
            hashlib.sha512(payload).digest())
        signature = _string(b"ssh-ed25519") + _string(self.private.sign(data))
        blob = (b"SSHSIG" + struct.pack(">I", 1) + _string(self.blob) + _string(b"git") + _string(b"")
                + _string(b"sha512") + _string(signature))
        encoded = base64.b64encode(blob)
        lines = [encoded[i:i + 70] for i in range(0, len(encoded), 70)]
        return b"-----BEGIN SSH SIGNATURE-----\n" + b"\n".join(lines) + b"\n-----END SSH SIGNATURE-----"


def _git(root: Path, *args: str, data: bytes | None = None) -> bytes:
    return subprocess.run(["git", *args], cwd=root, input=data, capture_output=True, check=True, env=ENV).stdout


def _data(content: bytes) -> bytes:
    return b"data %d\n" % len(content) + content + b"\n"


def _commit(pid: str, when: int, message: str, files: list[tuple[str, bytes]]) -> bytes:
    ident = f"{pid} <{pid}@kec-lumajang.example> {when} +0700\n".encode()
    parts = [b"commit refs/heads/polos\nauthor " + ident + b"committer " + ident + _data(message.encode())]
    for path, content in files:
        parts.append(f"M 100644 inline {path}\n".encode() + _data(content))
    return b"".join(parts)


def _iso(when: int) -> str:
    from datetime import datetime, timedelta, timezone
    return datetime.fromtimestamp(when, timezone(timedelta(hours=7))).isoformat()


def _steps(root: Path, count: int):
    """(pid, message, path, new content) for each commit after the import."""
    year = root / "proposals" / "2025"
    folders = sorted((p for p in year.iterdir() if p.is_dir()), key=lambda p: int(p.name.rsplit("-", 1)[1]))
    made = 0
    for folder in folders:
        berkas = folder / "berkas.yaml"
        text = berkas.read_text("utf-8")
        for pid, entry in (("camat", "disposisi:\n  - langkah: 1\n    oleh: camat\n    kepada: kasi\n"
                                     "    isi: Pelajari\n"),
                           ("kasi-pembangunan", "  - langkah: 2\n    oleh: kasi-pembangunan\n    kepada: pencatat\n"
                                                "    isi: Teruskan\n")):
            if made == count:
                return
            text += entry
            made += 1
            yield pid, f"Disposisi {folder.name}", berkas, lambda when, t=text: t
        for usulan in sorted(folder.glob("[0-9][0-9]-*.yaml")):
            if made == count:
                return
            original = _unclassified(usulan.read_text("utf-8")).rstrip("\n")
            bidang = re.search(r"^usulan_bidang: (\S+)", original, re.M).group(1)
            made += 1
            yield "pencatat", f"Klasifikasi {folder.name}/{usulan.name[:2]}", usulan, \
                lambda when, o=original, b=bidang: (f"{o}\nklasifikasi:\n  bidang: {b}\n  oleh: pencatat\n"
                                                    f"  kepada: {EXAMINER[b]}\n  waktu: {_iso(when)}\n")


def build(dest: Path, usulan: int, commits: int, desa: int = 212) -> Path:
    root = generate(dest, usulan, desa, tahap=0)
    keys_folder = dest.parent / f"{dest.name}-keys"
    keys_folder.mkdir(exist_ok=True)
    keys = {pid: Kunci(keys_folder, pid) for pid in SIGNERS}
    petugas_path = root / "sop/petugas.yaml"
    people = yaml.safe_load(petugas_path.read_text("utf-8"))
    for person in people["petugas"]:
        if person["id"] in keys:
            person["kunci"] = [keys[person["id"]].public]
    petugas_path.write_text(yaml.safe_dump(people, allow_unicode=True, sort_keys=False), "utf-8")
    _git(root, "init", "-q", "-b", "main")
    files = sorted(p for p in root.rglob("*") if p.is_file() and ".git" not in p.relative_to(root).parts)
    stream = [_commit("pencatat", START, "Impor register\n\nImpor: data uji\n",
                      [(str(p.relative_to(root)), p.read_bytes()) for p in files])]
    for index, (pid, message, path, content) in enumerate(_steps(root, commits - 1), start=1):
        when = START + 60 * index
        stream.append(_commit(pid, when, message + "\n", [(str(path.relative_to(root)), content(when).encode())]))
    _git(root, "fast-import", "--quiet", data=b"".join(stream))
    _sign_all(root, keys)
    return root


def _sign_all(root: Path, keys: dict[str, Kunci]) -> None:
    shas = _git(root, "rev-list", "--reverse", "polos").decode().split()
    batch = _git(root, "cat-file", "--batch", data=("\n".join(shas) + "\n").encode())
    renamed: dict[bytes, bytes] = {}
    offset, last = 0, b""
    objects = root / ".git" / "objects"
    for sha in shas:
        header_end = batch.index(b"\n", offset)
        size = int(batch[offset:header_end].split(b" ")[2])
        raw = batch[header_end + 1:header_end + 1 + size]
        offset = header_end + 1 + size + 1
        head, _, message = raw.partition(b"\n\n")
        lines = [b"parent " + renamed[line[7:]] if line.startswith(b"parent ") else line for line in head.split(b"\n")]
        payload = b"\n".join(lines) + b"\n\n" + message
        pid = re.search(rb"^author (\S+) ", payload, re.M).group(1).decode()
        signature = keys[pid].sign(payload)
        signed = b"\n".join(lines) + b"\ngpgsig " + signature.replace(b"\n", b"\n ") + b"\n\n" + message
        stored = b"commit %d\0" % len(signed) + signed
        new = hashlib.sha1(stored).hexdigest().encode()
        target = objects / new[:2].decode() / new[2:].decode()
        target.parent.mkdir(exist_ok=True)
        target.write_bytes(zlib.compress(stored, 1))
        renamed[sha.encode()] = last = new
    _git(root, "update-ref", "refs/heads/main", last.decode())
    allowed = root.parent / f"{root.name}-allowed"
    allowed.write_text("".join(f'{pid} namespaces="git" {key.public}\n' for pid, key in keys.items()))
    verified = subprocess.run(["git", "-c", f"gpg.ssh.allowedSignersFile={allowed}", "verify-commit", "main"],
                              cwd=root, capture_output=True, text=True, env=ENV)
    if verified.returncode != 0 or "Good" not in verified.stderr:
        raise SystemExit(f"git does not accept the signatures: {verified.stderr}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--usulan", type=int, default=30000)
    parser.add_argument("--commits", type=int, default=8001)
    args = parser.parse_args()
    build(args.dest, args.usulan, args.commits)
    print(f"{args.commits} signed commits (main) and the same unsigned (polos) in {args.dest}")


if __name__ == "__main__":
    main()
