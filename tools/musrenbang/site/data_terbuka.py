"""Data Terbuka: the register as downloadable files, per year and for all years.

CSV, JSON and XLSX come from `musrenbang ekspor` (ekspor.py), so they hold the
same columns (table T-D.4 of Permendagri 86/2017 first) and, like the export,
only public fields: what a schema marks `"x-publik": false` never leaves. A
Frictionless Data Package (datapackage.json, v1) describes the CSV files, so
that a CKAN or Satu Data Indonesia portal can take them in.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .. import cache, ekspor
from .halaman import Halaman, tanpa_baris_kosong
from .pages import ENV, base_for

# Column key → (Table Schema type, Indonesian description). Every column of
# ekspor.COLUMNS has an entry (a test checks it).
KOLOM: dict[str, tuple[str, str]] = {
    "tahun": ("integer", "Tahun Musrenbang Kecamatan (tahun penyusunan RKPD)."),
    "no": ("integer", "Nomor urut dalam tabel tahunnya: usulan yang lolos forum lebih dulu, menurut urutan hasil forum."),
    "prioritas_daerah": ("string", "Prioritas pembangunan daerah dalam RKPD yang dituju usulan; diisi Kasubid saat "
                                   "memeriksa (pemetaan)."),
    "sasaran_daerah": ("string", "Sasaran pembangunan daerah yang terkait (pemetaan oleh Kasubid)."),
    "program_prioritas": ("string", "Program Perangkat Daerah yang menampung usulan (pemetaan oleh Kasubid)."),
    "kegiatan_prioritas": ("string", "Kegiatan yang diusulkan desa/kelurahan (judul usulan)."),
    "sasaran_kegiatan": ("string", "Sasaran kegiatan: dari pemetaan Kasubid, atau sasaran yang ditulis desa."),
    "lokasi": ("string", "Dusun/lingkungan, RT, RW dan desa/kelurahan lokasi kegiatan."),
    "volume": ("number", "Besaran pekerjaan, dalam satuan pada kolom Satuan."),
    "satuan": ("string", "Satuan volume (m, unit, paket, orang, ...)."),
    "pagu": ("integer", "Perkiraan biaya dari desa/kelurahan, dalam rupiah."),
    "perangkat_daerah": ("string", "Perangkat Daerah penanggung jawab (pemetaan oleh Kasubid)."),
    "bidang": ("string", "Bidang usulan (Fisik, Ekonomi, Sosial Budaya): klasifikasi langkah 3 SOP, atau usulan "
                         "desa bila belum diklasifikasi."),
    "desa": ("string", "Nama desa/kelurahan pengusul."),
    "kode_wilayah": ("string", "Kode wilayah desa/kelurahan menurut Kemendagri."),
    "prioritas_desa": ("integer", "Nomor prioritas usulan dalam berkas desanya (01, 02, ...)."),
    "nomor_agenda": ("integer", "Nomor agenda berkas desa di buku register kecamatan."),
    "diterima": ("date", "Tanggal berkas desa diterima kecamatan (TTTT-BB-HH)."),
    "penerima_manfaat": ("integer", "Jumlah penerima manfaat (jiwa)."),
    "status": ("string", "Posisi usulan dalam alur SOP saat data dibuat (diajukan, disposisi-camat, ..., lolos, "
                         "tidak-lolos); tidak-layak bila pemeriksaan menyatakannya tidak layak sehingga usulan "
                         "berhenti."),
    "lolos": ("boolean", "Hasil forum: ya (lolos), tidak (tidak lolos); kosong bila forum belum memutuskan."),
    "alasan": ("string", "Alasan hasil forum, sebagaimana dihitung 'musrenbang seleksi'."),
    "skor": ("number", "Rata-rata skor penilaian forum (aturan skor); kosong bila tidak dinilai."),
    "peringkat": ("integer", "Peringkat dalam bidangnya di forum; kosong bila tidak dinilai."),
    "rujukan": ("string", "Pengenal tetap usulan: tahun/desa/nomor prioritas; juga nama berkasnya di register."),
}
TD4 = 11  # the first columns of ekspor.COLUMNS are those of table T-D.4
SEMUA_KOLOM = (("tahun", "Tahun"),) + ekspor.COLUMNS


def _xlsx_key(table: list[dict], sheet: int | str, columns) -> str:
    return cache.derived_key("xlsx", [sheet, repr(columns), repr(table)], ("openpyxl",))


def _xlsx(table: list[dict], sheet: int | str, columns, store: cache.Store | None, key: str | None = None) -> bytes:
    """The XLSX of a public table, from the cache when the same rows were written
    before (openpyxl costs about 15 us a cell: seconds for a kabupaten's year)."""
    key = key or (_xlsx_key(table, sheet, columns) if store else "")
    data = cache.load_derived(store, key) if store else None
    if data is None:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "tabel.xlsx"
            ekspor.to_xlsx(table, path, sheet, columns)
            data = path.read_bytes()
        if store:
            cache.save_derived(store, key, data)
    return data


def _xlsx_file(site, files: dict[str, bytes], path: str, table: list[dict], sheet: int | str, columns) -> None:
    """The XLSX from the cache now, or made in the background (`latar`)."""
    store = site.model.ws.store
    key = _xlsx_key(table, sheet, columns) if store else None
    data = cache.load_derived(store, key) if store else None
    if data is not None:
        files[path] = data
    else:
        site.latar.add(path, lambda: _xlsx(table, sheet, columns, store, key))


def _field(key: str, header: str) -> dict[str, Any]:
    kind, description = KOLOM.get(key, ("string", header))
    # The name is the CSV header (a Table Schema's names match the header row);
    # x-isian is the key of the same value in the JSON files.
    field: dict[str, Any] = {"name": header, "title": header, "type": kind, "description": description,
                             "x-isian": key}
    if kind == "boolean":
        field.update(trueValues=["ya"], falseValues=["tidak"])
    if key == "rujukan":
        field["constraints"] = {"required": True, "unique": True}
    return field


def _created() -> str:
    """The build time, or SOURCE_DATE_EPOCH for a reproducible build."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch else datetime.now(timezone.utc)
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _ukuran(size: int | None) -> str:
    if size is None:
        return ""
    if size < 1024:
        return f"{size} bita"
    return f"{size / 1024:.1f} KB".replace(".", ",")


def build(site) -> dict[str, str | bytes | Halaman]:
    ws = site.model.ws
    kecamatan = ws.ref.data("wilayah")["kecamatan"]
    tahun = sorted(y.tahun for y in site.model.years)
    files: dict[str, bytes] = {}
    listed: list[dict[str, Any]] = []  # one entry per year and one for all years
    everything: list[dict] = []
    for year in reversed(tahun):
        table = ekspor.rows(ws, year)
        everything.extend({"tahun": year, **row} for row in table)
        stem = f"data/usulan-{year}"
        files[f"{stem}.csv"] = ekspor.to_csv(table).encode("utf-8")
        files[f"{stem}.json"] = ekspor.to_json(table, year, ws).encode("utf-8")
        _xlsx_file(site, files, f"{stem}.xlsx", table, year, ekspor.COLUMNS)
        listed.append({"judul": f"Usulan {year}", "tahun": str(year), "stem": stem, "baris": len(table),
                       "columns": ekspor.COLUMNS})
    everything.sort(key=lambda r: (r["tahun"], r["no"]))
    span = f"{tahun[0]}–{tahun[-1]}" if tahun else ""
    files["data/usulan.csv"] = ekspor.to_csv(everything, SEMUA_KOLOM).encode("utf-8")
    files["data/usulan.json"] = ekspor.json_text({"tahun": tahun, "kecamatan": kecamatan}, everything).encode("utf-8")
    _xlsx_file(site, files, "data/usulan.xlsx", everything, span.replace("–", "-") or "semua", SEMUA_KOLOM)
    listed.append({"judul": "Usulan semua tahun", "tahun": span, "stem": "data/usulan", "baris": len(everything),
                   "columns": SEMUA_KOLOM})
    package = _package(site, kecamatan, listed, files)
    files["data/datapackage.json"] = json.dumps(package, ensure_ascii=False, indent=2).encode("utf-8")
    private = sorted(".".join(p) for kind in ("usulan", "berkas") for p in ws.schemas.private_paths(kind))
    columns = [{"header": header, "key": key, "jenis": KOLOM.get(key, ("string", ""))[0],
                "keterangan": KOLOM.get(key, ("", header))[1], "td4": 0 < i <= TD4}
               for i, (key, header) in enumerate(SEMUA_KOLOM)]

    def html(sizes: dict[str, int]) -> str:
        for entry in listed:
            entry["berkas"] = [(ext.upper(), f"{entry['stem']}.{ext}", _ukuran(sizes.get(f"{entry['stem']}.{ext}")))
                               for ext in ("csv", "json", "xlsx")]
        return ENV.get_template("data_terbuka.html").render(
            base=base_for("data/index.md"), kecamatan=kecamatan["nama"], listed=listed, columns=columns,
            private=private, package_size=_ukuran(len(files["data/datapackage.json"])), lisensi=package["licenses"][0],
            contoh=tahun[-1] if tahun else "TAHUN",
        )

    def written() -> str:  # the page is written last: the XLSX made in the background are there by then
        made = site.latar.wait()
        return html({path: len(data) for path, data in files.items()}
                    | {path: made[path].stat().st_size for path in made})

    # The search index gets the page without the files' sizes (it is made before any page is written).
    return {**files, "data/index.md": Halaman("Data Terbuka", ("navigation", "toc"), buat=written,
                                              ringkasan=tanpa_baris_kosong(html({})), terakhir=True)}


def _package(site, kecamatan: dict, listed: list[dict], files: dict[str, bytes]) -> dict[str, Any]:
    nama = kecamatan["nama"]
    source = site.repo_url or ""
    resources = []
    for entry in listed:
        path = f"{entry['stem']}.csv"
        resources.append({
            "profile": "tabular-data-resource",
            "name": Path(entry["stem"]).name,
            "path": path.removeprefix("data/"),
            "title": f"{entry['judul']} Musrenbang Kecamatan {nama}",
            "description": ("Usulan desa/kelurahan beserta pemetaan ke RKPD dan hasil forum; kolom tabel T-D.4 "
                            "Permendagri 86/2017 lebih dulu. Tanpa data pribadi."),
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "bytes": len(files[path]),
            "schema": {
                "fields": [_field(key, header) for key, header in entry["columns"]],
                "primaryKey": [header for key, header in entry["columns"] if key == "rujukan"],
                "missingValues": [""],
            },
        })
    return {
        "profile": "tabular-data-package",
        "name": "musrenbang-kecamatan-" + "-".join(nama.lower().split()),
        "title": f"Usulan Musrenbang Kecamatan {nama}",
        "description": (f"Usulan pembangunan desa/kelurahan di Kecamatan {nama}, disposisi menurut SOP dan hasil "
                        "Forum Musrenbang Kecamatan, dari register Git kecamatan. Kolom mengikuti tabel T-D.4 "
                        "Permendagri 86/2017. Data pribadi pengusul (NIK, telepon) tidak disertakan."),
        "version": "1.0.0",
        "licenses": [{
            "name": "CC-BY-4.0",
            "title": "Creative Commons Atribusi 4.0 Internasional",
            "path": "https://creativecommons.org/licenses/by/4.0/",
        }],
        "x-catatan-lisensi": "Lisensi ditetapkan oleh kantor kecamatan; CC-BY-4.0 adalah bawaan register.",
        "sources": [{"title": f"Register Musrenbang Kecamatan {nama}", **({"path": source} if source else {})}],
        "created": _created(),
        "keywords": ["musrenbang", "musrenbang kecamatan", "perencanaan pembangunan", "RKPD", "usulan desa",
                     f"Kecamatan {nama}", "T-D.4", "Permendagri 86/2017"],
        "resources": resources,
    }
