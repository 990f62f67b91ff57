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


def test_the_templates_berkas_in_a_2026_folder_is_a_finding_at_its_desa_date(register: Path):
    """The template's `musrenbang_desa.tanggal: 2025-01-08` no longer passes in a 2026 berkas."""
    template = (register / "proposals/_templat/berkas.yaml").read_text("utf-8")
    (register / "proposals/2026/denok").mkdir(parents=True)
    text = template.replace("2025-01-13T08:30:00+07:00", "2026-01-13T08:30:00+07:00").replace(
        "tanggal: 2025-01-10", "tanggal: 2026-01-10").replace("desa: contoh-desa", "desa: denok")
    (register / "proposals/2026/denok/berkas.yaml").write_text(text, "utf-8")
    result = run("validate", "proposals/2026", cwd=register)
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "tanggal: 2025-01-08" in t)
    assert (f"proposals/2026/denok/berkas.yaml:{line}:12: [tanggal.di-luar-tahun] Tanggal 2025-01-08 pada "
            "'musrenbang_desa.tanggal' di luar tahun register 2026") in result.stdout, result.stdout


def test_an_amount_in_indonesian_formatting_is_refused_with_the_number_to_write(register: Path):
    path = register / "proposals/2025/banjarwaru/02-pelatihan-olahan-pisang.yaml"
    text = path.read_text("utf-8")
    for written in ("175.000.000", "Rp 175.000.000", "'Rp175.000.000,00'"):
        path.write_text(text.replace("perkiraan_biaya: 35000000", f"perkiraan_biaya: {written}"), "utf-8")
        result = run("validate", cwd=register)
        assert result.returncode == 1, result.stdout
        assert "[skema.type] 'perkiraan_biaya' (Perkiraan biaya (Rp)) harus berupa bilangan bulat" in result.stdout
        assert "Tulis 175000000 saja, tanpa 'Rp'" in result.stdout, result.stdout
    path.write_text(text.replace("perkiraan_biaya: 35000000", "perkiraan_biaya: 175.000"), "utf-8")
    result = run("validate", cwd=register)
    assert result.returncode == 1 and "bukan 175.0" in result.stdout and "175.000 berarti 175" in result.stdout
