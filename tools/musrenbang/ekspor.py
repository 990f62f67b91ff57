"""`musrenbang ekspor`: a year's usulan and the forum's result, as the input for
the Musrenbang Kabupaten, in CSV, XLSX or JSON.

Only public fields (the schema's `x-publik: false` fields never leave). In CSV a
text cell that begins with =, +, -, @, a tab or a carriage return gets a leading
apostrophe, and in XLSX every text cell is stored as text, so that no cell can
become a formula when a spreadsheet opens the file.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

from . import alur
from .errors import MusrenbangError
from .schemas import strip_private
from .workspace import Workspace

# (key, column header): the columns of Permendagri 86/2017 table T-D.4 first.
COLUMNS = (
    ("no", "No"),
    ("prioritas_daerah", "Prioritas Daerah"),
    ("sasaran_daerah", "Sasaran Daerah"),
    ("program_prioritas", "Program Prioritas"),
    ("kegiatan_prioritas", "Kegiatan Prioritas"),
    ("sasaran_kegiatan", "Sasaran Kegiatan"),
    ("lokasi", "Lokasi"),
    ("volume", "Volume"),
    ("satuan", "Satuan"),
    ("pagu", "Pagu (Rp)"),
    ("perangkat_daerah", "Perangkat Daerah Penanggung Jawab"),
    ("bidang", "Bidang"),
    ("desa", "Desa/Kelurahan"),
    ("kode_wilayah", "Kode Wilayah"),
    ("prioritas_desa", "Prioritas Desa"),
    ("nomor_agenda", "Nomor Agenda"),
    ("diterima", "Tanggal Diterima"),
    ("penerima_manfaat", "Penerima Manfaat (jiwa)"),
    ("status", "Status"),
    ("lolos", "Lolos"),
    ("alasan", "Alasan"),
    ("skor", "Skor"),
    ("peringkat", "Peringkat"),
    ("rujukan", "Rujukan"),
)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# openpyxl reads a value starting with "=" as a formula and "#N/A" and the like as
# errors: such strings are written in cells typed as text.
NOT_PLAIN_TEXT = FORMULA_START + ("#",)
# Spreadsheet number formats per column: money as thousands-separated Rupiah,
# counts with thousands separators, dates as dates (the spreadsheet shows the
# separators of its own locale: 160.000.000 in an Indonesian Excel).
FORMAT_XLSX = {
    "pagu": '"Rp"#,##0',
    "penerima_manfaat": "#,##0",
    "diterima": "DD/MM/YYYY",
}
TANGGAL = {"diterima"}


def rows(workspace: Workspace, tahun: int) -> list[dict[str, Any]]:
    """One row per usulan of the year, agreed ones first, in the forum's order."""
    year = workspace.register.tahun.get(tahun)
    if year is None:
        raise MusrenbangError(f"Tahun {tahun} tidak ada di register.")
    ref, sop = workspace.ref, workspace.ref.sop
    private = workspace.schemas.private_paths("usulan")
    result = alur.forum_results(year.forum)
    order = {entry: i for i, entry in enumerate(result)}
    items = sorted((u for u in year.usulan if u.valid),
                   key=lambda u: (not result.get(u.rujukan, {}).get("lolos", False), order.get(u.rujukan, 10**9), u.path))
    table = []
    for number, item in enumerate(items, start=1):
        data = strip_private(item.data, private)
        berkas = year.berkas.get(item.desa)
        pemetaan = (data.get("pemeriksaan") or {}).get("pemetaan") or {}
        bidang = (data.get("klasifikasi") or {}).get("bidang") or data["usulan_bidang"]
        decision = result.get(item.rujukan, {})
        lokasi = data["lokasi"]
        table.append({
            "no": number,
            "prioritas_daerah": pemetaan.get("prioritas_daerah", ""),
            "sasaran_daerah": pemetaan.get("sasaran_daerah", ""),
            "program_prioritas": pemetaan.get("program_prioritas", ""),
            "kegiatan_prioritas": data["judul"],
            "sasaran_kegiatan": pemetaan.get("sasaran_kegiatan", data.get("sasaran", "")),
            "lokasi": ", ".join(filter(None, [lokasi.get("dusun"), f"RT {lokasi['rt']}" if lokasi.get("rt") else "",
                                              f"RW {lokasi['rw']}" if lokasi.get("rw") else "", ref.nama_desa(item.desa)])),
            "volume": data["volume"],
            "satuan": data["satuan"],
            "pagu": data["perkiraan_biaya"],
            "perangkat_daerah": pemetaan.get("perangkat_daerah", ""),
            "bidang": sop.bidang[bidang].nama if bidang in sop.bidang else bidang,
            "desa": ref.nama_desa(item.desa),
            "kode_wilayah": ref.desa.get(item.desa, {}).get("kode", ""),
            "prioritas_desa": item.nomor,
            "nomor_agenda": berkas.data["nomor_agenda"] if berkas and berkas.valid else None,
            "diterima": berkas.data["diterima"][:10] if berkas and berkas.valid else None,
            "penerima_manfaat": data["penerima_manfaat"],
            "status": alur.status_akhir(sop, alur.posisi(sop, berkas if berkas and berkas.valid else None, item,
                                                         year.forum)),
            "lolos": decision.get("lolos"),
            "alasan": decision.get("alasan", ""),
            "skor": decision.get("skor"),
            "peringkat": decision.get("peringkat"),
            "rujukan": item.kunci,
        })
    return table


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    return "" if value is None else value


def _csv_value(value: Any) -> Any:
    """A CSV cell: a text a spreadsheet would take for a formula is quoted."""
    if type(value) is str:
        return "'" + value if value.startswith(FORMULA_START) else value
    return _cell(value)


def to_csv(table: list[dict], columns: tuple[tuple[str, str], ...] = COLUMNS) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([header for _, header in columns])
    keys = [key for key, _ in columns]
    writer.writerows([_csv_value(row[key]) for key in keys] for row in table)
    return out.getvalue()


def to_json(table: list[dict], tahun: int, workspace: Workspace) -> str:
    kecamatan = workspace.ref.data("wilayah")["kecamatan"]
    return json_text({"tahun": tahun, "kecamatan": kecamatan}, table)


def json_text(header: dict, table: list[dict]) -> str:
    """`{**header, "usulan": table}` as JSON: the header's keys a line each, then
    one usulan a line. Readable in a text editor, and written by json's C encoder
    (with `indent` json uses its Python one: five times slower on 30,000 rows)."""
    lines = [f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}," for key, value in header.items()]
    rows = ",\n".join(f"    {json.dumps(row, ensure_ascii=False)}" for row in table)
    return "{\n" + "\n".join(lines) + ('\n  "usulan": [\n' + rows + "\n  ]\n}" if table else '\n  "usulan": []\n}')


def to_xlsx(table: list[dict], path: Path, tahun: int | str, columns: tuple[tuple[str, str], ...] = COLUMNS) -> None:
    """Written row by row in openpyxl's write-only mode: memory and time stay
    linear in the rows. Text cells are typed as text, never as formulas."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet(f"Usulan {tahun}")
    # Sheet views and column widths are written before the first row.
    sheet.freeze_panes = "A2"
    for column, (key, header) in enumerate(columns, start=1):
        if key in FORMAT_XLSX:  # wide enough for "Rp1.350.000.000" and "13/01/2025"
            sheet.column_dimensions[get_column_letter(column)].width = max(len(header) + 2, 16)
    bold = Font(bold=True)
    heading = []
    for _, header in columns:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font, cell.data_type = bold, "s"
        heading.append(cell)
    sheet.append(heading)
    for row in table:
        sheet.append([_xlsx_cell(sheet, key, row[key]) for key, _ in columns])
    book.save(path)


def _xlsx_cell(sheet, key: str, value: Any) -> Any:
    """A cell for write-only mode: a string always as text, formats for money, counts and dates."""
    from openpyxl.cell import WriteOnlyCell

    value = _cell(value)
    if key in TANGGAL and value:
        value = date.fromisoformat(value)
    if isinstance(value, str):
        if not value.startswith(NOT_PLAIN_TEXT):
            return value  # openpyxl stores it as text
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # text, never a formula
        return cell
    if key not in FORMAT_XLSX:
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = FORMAT_XLSX[key]
    return cell


def export(workspace: Workspace, tahun: int, fmt: str, keluar: Path | None) -> str | None:
    """Write the export to `keluar`, or return it (CSV, JSON) for standard output."""
    table = rows(workspace, tahun)
    if fmt == "xlsx" and keluar is None:
        raise MusrenbangError("Format xlsx perlu --keluar BERKAS.xlsx.")
    if keluar is not None:
        _check_target(keluar)
    try:
        if fmt == "xlsx":
            to_xlsx(table, keluar, tahun)
            return None
        text = to_csv(table) if fmt == "csv" else to_json(table, tahun, workspace)
        if keluar is None:
            return text
        keluar.write_text(text, "utf-8")
    except OSError as error:
        raise MusrenbangError(f"Berkas {keluar} tidak dapat ditulis: {error.strerror or error}.") from None
    return None


def _check_target(keluar: Path) -> None:
    if keluar.is_dir():
        raise MusrenbangError(f"--keluar {keluar} adalah folder; sebutkan nama berkasnya, misalnya "
                              f"{keluar / 'usulan.xlsx'}.")
    if not keluar.parent.is_dir():
        raise MusrenbangError(f"Folder {keluar.parent} tidak ada; buat dulu folder itu atau pilih folder lain.")
