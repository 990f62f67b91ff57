"""`musrenbang ekspor`: CSV, XLSX and JSON; no cell can become a formula; no
private field leaves."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
from openpyxl import load_workbook

from musrenbang import ekspor
from musrenbang.workspace import Workspace

USULAN = "proposals/2025/banjarwaru/01-rehabilitasi-saluran-irigasi.yaml"
HOSTILE = ("=HYPERLINK(\"http://x\",\"klik\")", "+62 812", "-1+1", "@SUM(A1)")


def cli(root, *args):
    return subprocess.run([sys.executable, "-m", "musrenbang.cli", "ekspor", "2025", *args, "--repo", str(root)],
                          capture_output=True, text=True)


@pytest.mark.parametrize("title", HOSTILE)
def test_csv_cells_cannot_become_formulas(register, title):
    path = register / USULAN
    path.write_text(path.read_text().replace("judul: Rehabilitasi saluran irigasi Dusun Krajan", f"judul: '{title}'"))
    out = cli(register, "--format", "csv")
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert {r["Kegiatan Prioritas"] for r in rows} >= {"'" + title}
    assert all(not v.startswith(ekspor.FORMULA_START) for r in rows for v in r.values())


def test_xlsx_cells_are_text_and_numbers_stay_numbers(register, tmp_path):
    path = register / USULAN
    path.write_text(path.read_text().replace("judul: Rehabilitasi saluran irigasi Dusun Krajan", f"judul: '{HOSTILE[0]}'"))
    target = tmp_path / "usulan.xlsx"
    assert cli(register, "--format", "xlsx", "--keluar", str(target)).returncode == 0
    sheet = load_workbook(target).active
    headers = [c.value for c in sheet[1]]
    assert headers[:11] == [h for _, h in ekspor.COLUMNS[:11]]
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row]
    hostile = next(c for c in cells if c.value == HOSTILE[0])
    assert hostile.data_type == "s"  # stored as text, not as a formula
    assert all(c.data_type != "f" for c in cells)
    pagu = headers.index("Pagu (Rp)")
    assert {row[pagu].value for row in sheet.iter_rows(min_row=2)} >= {175000000}


def test_json_has_the_rows_and_no_private_data(register):
    # Plain private fields (as an older register still holds them) never leave in an export.
    target = register / "proposals/2025/denok/01-penerangan-jalan-umum.yaml"
    target.write_text(target.read_text("utf-8") + 'pengusul:\n  nama: Karang Taruna\n  nik: "3508101201800001"\n'
                      '  telepon: "0812-3456-7890"\n', "utf-8")
    out = cli(register, "--format", "json")
    data = json.loads(out.stdout)
    assert data["tahun"] == 2025 and data["kecamatan"]["kode"] == "35.08.10"
    assert {row["rujukan"] for row in data["usulan"]} == {"2025/banjarwaru/01", "2025/banjarwaru/02", "2025/denok/01"}
    assert "3508101201800001" not in out.stdout and "0812-3456-7890" not in out.stdout


def test_xlsx_needs_an_output_file(register):
    out = cli(register, "--format", "xlsx")
    assert out.returncode == 2 and "--keluar" in out.stderr


def test_rows_follow_the_t_d4_columns(register):
    rows = ekspor.rows(Workspace.open(register), 2025)
    assert list(rows[0])[:11] == [key for key, _ in ekspor.COLUMNS[:11]]


def test_xlsx_money_and_dates_have_spreadsheet_formats(register, tmp_path):
    """Amounts open as thousands-separated Rupiah and dates as dates, not 160000000
    and not text."""
    from datetime import datetime
    target = tmp_path / "usulan.xlsx"
    assert cli(register, "--format", "xlsx", "--keluar", str(target)).returncode == 0
    sheet = load_workbook(target).active
    headers = [c.value for c in sheet[1]]
    rows = list(sheet.iter_rows(min_row=2))
    table = ekspor.rows(Workspace.open(register), 2025)
    assert len(rows) == len(table) > 0
    pagu, diterima = headers.index("Pagu (Rp)"), headers.index("Tanggal Diterima")
    for row, expected in zip(rows, table):
        assert row[pagu].value == expected["pagu"] and row[pagu].number_format == '"Rp"#,##0'
        assert isinstance(row[pagu].value, int)
        if expected["diterima"]:
            assert isinstance(row[diterima].value, datetime) and row[diterima].is_date
            assert row[diterima].value.date().isoformat() == expected["diterima"]
            assert row[diterima].number_format == "DD/MM/YYYY"
    manfaat = headers.index("Penerima Manfaat (jiwa)")
    assert all(r[manfaat].number_format == "#,##0" for r in rows)


def test_xlsx_strings_a_spreadsheet_would_read_otherwise_stay_text(tmp_path):
    values = (*HOSTILE, "#N/A", "#DIV/0!", "=", "\tx", "biasa")
    table = [{key: None for key, _ in ekspor.COLUMNS} | {"kegiatan_prioritas": v, "pagu": 1000} for v in values]
    target = tmp_path / "t.xlsx"
    ekspor.to_xlsx(table, target, 2025)
    column = [h for _, h in ekspor.COLUMNS].index("Kegiatan Prioritas") + 1
    cells = [row[column - 1] for row in load_workbook(target).active.iter_rows(min_row=2)]
    assert [(c.value, c.data_type) for c in cells] == [(v, "s") for v in values]
