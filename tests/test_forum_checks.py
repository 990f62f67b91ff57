"""The forum record's findings as a user meets them through the CLI: a step too
small for the pagu, amounts beyond any budget, a written result that differs."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import CASES, build_register
from .test_cli import run

FORUM = (CASES / "valid/forum-musrenbang/proposals/2025/musrenbang.yaml").read_text("utf-8")


def register_with(tmp_path: Path, forum: str) -> Path:
    root = build_register(tmp_path / "register")
    (root / "proposals/2025/musrenbang.yaml").write_text(forum, "utf-8")
    return root


def no_crash(result) -> None:
    assert "Traceback" not in result.stderr and "kesalahan internal" not in result.stderr, result.stderr


def test_a_tiny_add1_step_is_a_finding_not_a_hang(tmp_path: Path):
    root = register_with(tmp_path, FORUM.split("hasil:")[0])
    kriteria = root / "sop/kriteria.yaml"
    kriteria.write_text(kriteria.read_text("utf-8").replace("kenaikan_anggaran: 2000000", "kenaikan_anggaran: 1"))
    line = next(i for i, text in enumerate(kriteria.read_text("utf-8").splitlines(), 1) if "kenaikan_anggaran: 1" in text)
    result = run("validate", cwd=root)  # run() gives up after 60 s
    assert result.returncode == 1
    assert f"sop/kriteria.yaml:{line}:" in result.stdout and "[musrenbang.kenaikan-terlalu-kecil]" in result.stdout
    chosen = run("seleksi", "2025", "--aturan", "equal-shares", cwd=root)
    assert chosen.returncode == 2 and "paling sedikit Rp1.350.000 (0,1% pagu)" in chosen.stderr
    no_crash(chosen)


@pytest.mark.parametrize("value", ["1" + "0" * 309, ".nan", ".inf", "1.0e+400", "9" * 400])
def test_amounts_beyond_any_budget_are_findings_everywhere(tmp_path: Path, value: str):
    root = register_with(tmp_path, FORUM.replace("  fisik: 1350000000", f"  fisik: {value}"))
    result = run("validate", cwd=root)
    assert result.returncode == 1 and "proposals/2025/musrenbang.yaml:19:" in result.stdout, result.stdout
    no_crash(result)
    for command in (["seleksi", "2025"], ["seleksi", "2025", "--aturan", "equal-shares"], ["dokumen", "2025", "--keluar",
                    str(tmp_path / "dok")], ["ekspor", "2025", "--format", "json", "--keluar", str(tmp_path / "x.json")]):
        outcome = run(*command, cwd=root)
        no_crash(outcome)
        assert outcome.returncode in (0, 2), (command, outcome.stdout, outcome.stderr)


@pytest.mark.parametrize("field, value", [("skor", ".nan"), ("skor", "1.0e+400"), ("peringkat", "9" * 400)])
def test_a_written_score_or_rank_out_of_range_is_a_finding(tmp_path: Path, field: str, value: str):
    old = "      skor: 3.95" if field == "skor" else "      peringkat: 1"
    root = register_with(tmp_path, FORUM.replace(old, f"      {field}: {value}"))
    result = run("validate", cwd=root)
    assert result.returncode == 1, result.stdout
    no_crash(result)
    for command in (["dokumen", "2025", "--keluar", str(tmp_path / "dok")],
                    ["ekspor", "2025", "--format", "csv", "--keluar", str(tmp_path / "x.csv")]):
        no_crash(run(*command, cwd=root))


def test_a_reordered_result_names_the_entry_and_its_place(tmp_path: Path):
    head, entries = FORUM.split("  usulan:\n")
    first, second, third = entries.split("    - usulan: ")[1:]
    root = register_with(tmp_path, head + "  usulan:\n" + "".join("    - usulan: " + e for e in (second, first, third)))
    result = run("validate", cwd=root)
    assert ("Hasil tertulis ke-1 ('banjarwaru/02') berbeda dengan hitungan ulang dari penilaian dan persetujuan "
            "(aturan skor): urutannya berbeda: hitungan ulang menempatkannya di urutan ke-2, dan di urutan ini "
            "'banjarwaru/01'.") in result.stdout


def test_a_changed_reason_names_what_differs(tmp_path: Path):
    forum = FORUM.replace("alasan: belum dibagi ke bidang (langkah 3)\n    - usulan: denok/01",
                          "alasan: kurang penting\n    - usulan: denok/01")
    root = register_with(tmp_path, forum)
    result = run("validate", cwd=root)
    assert ("Hasil tertulis ke-2 ('banjarwaru/02') berbeda dengan hitungan ulang dari penilaian dan persetujuan "
            "(aturan skor): alasan tertulis 'kurang penting', seharusnya 'belum dibagi ke bidang (langkah 3)'.") \
        in result.stdout


def test_an_audit_holds_old_results_to_their_decisions_not_their_wording(tmp_path: Path):
    from musrenbang.checks.forum import result_mismatch
    from musrenbang.workspace import Workspace

    forum = FORUM.replace("alasan: belum dibagi ke bidang (langkah 3)\n    - usulan: denok/01",
                          "alasan: kata-kata versi lama\n    - usulan: denok/01")
    workspace = Workspace.open(register_with(tmp_path, forum))
    year = workspace.register.tahun[2025]
    assert [f.rule for f in result_mismatch(year.forum, year, workspace.ref)] == ["musrenbang.hasil-berbeda"]
    assert list(result_mismatch(year.forum, year, workspace.ref, alasan=False)) == []
    year.forum.data["hasil"]["usulan"][0]["lolos"] = False
    assert [f.rule for f in result_mismatch(year.forum, year, workspace.ref, alasan=False)] == ["musrenbang.hasil-berbeda"]
