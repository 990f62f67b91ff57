"""Messages name the whole field path and its Indonesian title (issue 12): which
'nama' is missing, the sender's or the proposer's."""

from __future__ import annotations

import json
from pathlib import Path

from .test_cli import run

USULAN = "proposals/2025/denok/01-penerangan-jalan-umum.yaml"
BERKAS = "proposals/2025/denok/berkas.yaml"


def _messages(register: Path) -> list[str]:
    result = run("validate", "--format", "json", "--repo", str(register))
    return [f["pesan"] if "pesan" in f else f["message"] for f in json.loads(result.stdout)]


def test_the_proposers_and_the_senders_nama_are_told_apart(register: Path):
    for path, block in ((USULAN, "pengusul:\n  nama:\n"), (BERKAS, "pengirim:\n  nama:\n  jabatan: Kepala Desa\n")):
        (register / path).write_text((register / path).read_text("utf-8") + block, "utf-8")
    messages = _messages(register)
    assert "'pengusul.nama' (Nama pengusul atau lembaga) belum diisi." in messages, messages
    assert "'pengirim.nama' (Nama) belum diisi." in messages or any(
        m.startswith("'pengirim.nama'") for m in messages), messages
    assert not any(m.startswith("'nama'") for m in messages), messages


def test_a_missing_required_key_inside_a_list_item_names_the_item(register: Path):
    text = (register / BERKAS).read_text("utf-8")
    (register / BERKAS).write_text(text + "disposisi:\n  - langkah: 1\n    oleh: camat\n    kepada: kasi\n", "utf-8")
    messages = _messages(register)
    assert any(m.startswith("Isian wajib 'disposisi[1].isi' (") for m in messages), messages
