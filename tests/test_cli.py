"""The `musrenbang` command as a user runs it: exit codes, formats, messages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from musrenbang.cli import main

from .conftest import REPO


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "musrenbang.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=60)


def plant_unknown_desa(root: Path) -> Path:
    berkas = root / "proposals/2025/denok/berkas.yaml"
    berkas.write_text(berkas.read_text().replace("desa: denok", "desa: denoq"))
    return berkas


def test_clean_register_exits_0(register: Path):
    result = run("validate", "--repo", str(register))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Tidak ada temuan" in result.stdout


def test_findings_exit_1_with_file_line_rule_and_hint(register: Path):
    plant_unknown_desa(register)
    result = run("validate", cwd=register)
    assert result.returncode == 1
    assert "proposals/2025/denok/berkas.yaml:1:7: [berkas.desa-tidak-cocok]" in result.stdout
    assert "petunjuk: Tulis 'desa: denok'" in result.stdout


def test_json_format_lists_findings_with_all_keys(register: Path):
    plant_unknown_desa(register)
    result = run("validate", "--format", "json", "--repo", str(register))
    findings = json.loads(result.stdout)
    assert result.returncode == 1
    assert [set(f) for f in findings] == [{"path", "line", "column", "rule", "message", "hint", "tingkat"}]
    assert findings[0]["rule"] == "berkas.desa-tidak-cocok" and findings[0]["line"] == 1


def test_json_format_on_a_clean_register_is_an_empty_list(register: Path):
    result = run("validate", "--format", "json", "--repo", str(register))
    assert json.loads(result.stdout) == []


def test_github_format_prints_error_annotations(register: Path):
    plant_unknown_desa(register)
    result = run("validate", "--format", "github", "--repo", str(register))
    line = result.stdout.splitlines()[0]
    assert line.startswith("::error file=proposals/2025/denok/berkas.yaml,line=1,col=7,title=berkas.desa-tidak-cocok::")


def test_paths_restrict_the_report(register: Path):
    plant_unknown_desa(register)
    assert run("validate", "proposals/2025/banjarwaru", cwd=register).returncode == 0
    assert run("validate", "proposals/2025/denok/berkas.yaml", cwd=register).returncode == 1


def test_missing_path_is_a_usage_error(register: Path):
    result = run("validate", "proposals/2030", cwd=register)
    assert result.returncode == 2
    assert "tidak ditemukan" in result.stderr and "Traceback" not in result.stderr


def test_outside_a_register_is_a_usage_error(tmp_path: Path):
    result = run("validate", cwd=tmp_path)
    assert result.returncode == 2
    assert "Tidak menemukan register" in result.stderr and "Traceback" not in result.stderr


def test_repo_option_must_name_a_register(tmp_path: Path):
    result = run("validate", "--repo", str(tmp_path))
    assert result.returncode == 2 and "bukan folder register" in result.stderr


def test_bad_option_is_exit_2_in_indonesian():
    result = run("validate", "--format", "xml")
    assert result.returncode == 2
    assert "pilihan tidak sah" in result.stderr


def test_help_is_indonesian():
    result = run("validate", "--help")
    assert result.returncode == 0
    assert "bentuk laporan" in result.stdout and "seluruh register" in result.stdout


def test_broken_schema_folder_is_an_error_not_a_traceback(register: Path):
    (register / "sop/schemas/usulan.schema.json").write_text("{ not json")
    result = run("validate", "--repo", str(register))
    assert result.returncode == 2
    assert "usulan.schema.json" in result.stderr and "Traceback" not in result.stderr


def test_unexpected_error_is_reported_without_traceback(register: Path, monkeypatch, capsys):
    def explode(*_args, **_kwargs):
        raise RuntimeError("boom")
    monkeypatch.setattr("musrenbang.cli.validate", explode)
    assert main(["validate", "--repo", str(register)]) == 2
    assert "kesalahan internal" in capsys.readouterr().err


def test_sample_register_is_clean():
    result = run("validate", "--repo", str(REPO))
    assert result.returncode == 0, result.stdout


# --- usage errors are messages, never "kesalahan internal" ---------------------------

def _musrenbang(root, *args):
    return subprocess.run([sys.executable, "-m", "musrenbang.cli", *args], cwd=root, capture_output=True, text=True)


@pytest.mark.parametrize("target, message", [("tidak-ada/ekspor.xlsx", "tidak ada"), (".", "adalah folder")])
def test_ekspor_to_a_missing_folder_or_a_folder_says_what_to_do(tmp_path, target, message):

    result = _musrenbang(REPO, "ekspor", "2024", "--format", "xlsx", "--keluar", str(tmp_path / target))
    assert result.returncode == 2 and message in result.stderr
    assert "kesalahan internal" not in result.stderr


def test_audit_since_an_unknown_revision_is_a_usage_error():

    result = _musrenbang(REPO, "audit", "--sejak", "bukan-revisi")
    assert result.returncode == 2 and "tidak ditemukan" in result.stderr


def test_a_reader_that_stops_early_gets_no_traceback(register):
    for number in range(400):  # plenty of findings: more output than a pipe holds
        (register / f"proposals/2025/denok/{number:03d}-x.yml").write_text("x: 1\n")
    result = subprocess.run(f"'{sys.executable}' -m musrenbang.cli validate --format json | head -c 100 >/dev/null",
                            shell=True, cwd=register, capture_output=True, text=True)
    assert result.stderr == ""
