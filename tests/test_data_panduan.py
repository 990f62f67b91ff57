"""The Data Terbuka page and its files, and the Panduan page with every rule of
the catalogue, in the sample site built by the real `mkdocs build --strict`."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path

import pytest

from musrenbang import aturan, ekspor
from musrenbang.workspace import Workspace

from .conftest import REPO


@pytest.fixture
def site(built_site) -> Path:
    return built_site  # the session's one build of the sample site (tests/browser.py)


def _usulan_per_year() -> dict[int, int]:
    workspace = Workspace.open(REPO)
    return {t: sum(1 for u in y.usulan if u.valid) for t, y in workspace.register.tahun.items()}


def _csv_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8"))))


# --- Data Terbuka -------------------------------------------------------------

def test_every_file_is_published(site: Path):
    years = _usulan_per_year()
    assert years
    names = [f"usulan-{t}.{ext}" for t in years for ext in ("csv", "json", "xlsx")]
    names += ["usulan.csv", "usulan.json", "usulan.xlsx", "datapackage.json", "index.html"]
    for name in names:
        assert (site / "data" / name).is_file(), name
    page = (site / "data/index.html").read_text("utf-8")
    for name in names[:-1]:
        assert f'href="../data/{name}"' in page, name


def test_row_counts_equal_the_usulan_per_year(site: Path):
    years = _usulan_per_year()
    for tahun, count in years.items():
        rows = _csv_rows(site / f"data/usulan-{tahun}.csv")
        assert len(rows) == count > 0
        assert list(rows[0]) == [header for _, header in ekspor.COLUMNS]
        assert len(json.loads((site / f"data/usulan-{tahun}.json").read_text("utf-8"))["usulan"]) == count
    everything = _csv_rows(site / "data/usulan.csv")
    assert len(everything) == sum(years.values())
    assert {int(r["Tahun"]) for r in everything} == set(years)
    assert all(sum(int(r["Tahun"]) == t for r in everything) == n for t, n in years.items())


def test_page_states_row_counts_and_sizes(site: Path):
    page = (site / "data/index.html").read_text("utf-8")
    for tahun, count in _usulan_per_year().items():
        assert re.search(rf"<td>{tahun}</td><td class=\"mr-num\">{count}</td>", page), tahun
    assert re.search(r"\d+,\d KB", page)
    # the XLSX files are made in the background (site/latar.py); the page, written last, shows their sizes
    from musrenbang.site.data_terbuka import _ukuran
    for xlsx in sorted((site / "data").glob("*.xlsx")):
        link = f'href="../{xlsx.relative_to(site).as_posix()}" download>XLSX</a> <span class="mr-data-ukuran">'
        assert link + _ukuran(xlsx.stat().st_size) + "</span>" in page, xlsx.name
    assert "x-publik" in page and "pengusul.nik" in page and "pengusul.telepon" in page
    assert "T-D.4" in page and "CC-BY-4.0" in page


def test_xlsx_opens_with_openpyxl(site: Path):
    from openpyxl import load_workbook

    for tahun, count in _usulan_per_year().items():
        sheet = load_workbook(site / f"data/usulan-{tahun}.xlsx", read_only=True).active
        rows = list(sheet.iter_rows(values_only=True))
        assert list(rows[0]) == [header for _, header in ekspor.COLUMNS]
        assert len(rows) == count + 1
    sheet = load_workbook(site / "data/usulan.xlsx", read_only=True).active
    assert next(sheet.iter_rows(values_only=True))[0] == "Tahun"


def test_datapackage_structure(site: Path):
    package = json.loads((site / "data/datapackage.json").read_text("utf-8"))
    for key in ("name", "title", "description", "licenses", "sources", "created", "keywords", "resources"):
        assert package[key], key
    assert re.fullmatch(r"[a-z0-9._/-]+", package["name"])
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    csv_files = sorted(p.name for p in (site / "data").glob("*.csv"))
    assert sorted(r["path"] for r in package["resources"]) == csv_files
    for resource in package["resources"]:
        assert resource["format"] == "csv" and resource["mediatype"] == "text/csv" and resource["encoding"] == "utf-8"
        assert resource["bytes"] == (site / "data" / resource["path"]).stat().st_size
        fields = resource["schema"]["fields"]
        header = next(csv.reader(io.StringIO((site / "data" / resource["path"]).read_text("utf-8"))))
        assert [f["name"] for f in fields] == header
        assert all(f["title"] and f["description"] and f["type"] in ("integer", "number", "string", "boolean", "date")
                   for f in fields)
        assert resource["schema"]["primaryKey"] == ["Rujukan"]


def test_datapackage_is_valid_frictionless(site: Path):
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(site / "data/datapackage.json"))
    assert report.valid, report.flatten(["type", "message"])
    assert {task.name for task in report.tasks} == {p.stem for p in (site / "data").glob("*.csv")}


def test_frictionless_would_catch_a_wrong_package(site: Path, tmp_path: Path):
    """The validation above is not vacuous: a wrong type and a bad name are caught."""
    frictionless = pytest.importorskip("frictionless")
    package = json.loads((site / "data/datapackage.json").read_text("utf-8"))
    resource = package["resources"][0]
    (tmp_path / resource["path"]).write_bytes((site / "data" / resource["path"]).read_bytes())
    resource["schema"]["fields"][1]["type"] = "date"  # "No" is not a date
    package["name"] = "Bukan Nama Sah"
    package["resources"] = [resource]
    (tmp_path / "datapackage.json").write_text(json.dumps(package), "utf-8")
    assert not frictionless.validate(str(tmp_path / "datapackage.json")).valid


def test_every_column_is_described():
    from musrenbang.site.data_terbuka import KOLOM
    assert {key for key, _ in ekspor.COLUMNS} <= set(KOLOM)
    assert all(kind and text for kind, text in KOLOM.values())


def _private_values() -> set[str]:
    from .privasi_uji import private_values
    return private_values(REPO)


def test_no_personal_data_in_any_generated_file(site: Path):
    secrets = _private_values()
    assert secrets, "the sample has NIK and telephone numbers to look for"
    from openpyxl import load_workbook
    for path in site.rglob("*"):
        if not path.is_file() or path.suffix in (".png", ".jpg", ".woff", ".woff2", ".ico", ".svg", ".gz"):
            continue
        if path.suffix == ".xlsx":
            cells = (v for row in load_workbook(path, read_only=True).active.iter_rows(values_only=True) for v in row)
            text = "\n".join(str(v) for v in cells if v is not None)
        else:
            text = path.read_bytes().decode("utf-8", "replace")
        found = [s for s in secrets if s in text]
        assert not found, f"{path.relative_to(site)}: {found}"


# --- Panduan -----------------------------------------------------------------

def test_every_rule_has_an_example_and_a_fix():
    rules = aturan.semua()
    assert set(aturan.RULES) | set(aturan.CHECK_RULES) | set(aturan.SKEMA_SOP) == set(rules)
    for rule_id, rule in rules.items():
        assert aturan.known(rule_id)
        assert rule.arti.strip() and rule.contoh.strip() and rule.perbaikan.strip(), rule_id
        assert not rule.contoh.startswith("["), rule_id  # the page adds "[rule] "


def test_every_schema_keyword_that_can_fail_is_catalogued():
    """The skema.* family: each keyword the schemas use that can report is in the catalogue."""
    can_fail = {"type", "required", "additionalProperties", "pattern", "minimum", "maximum", "exclusiveMinimum",
                "exclusiveMaximum", "minLength", "maxLength", "minItems", "maxItems", "uniqueItems", "enum", "const",
                "format", "propertyNames", "anyOf", "oneOf", "allOf", "not", "minProperties", "maxProperties",
                "multipleOf", "dependentRequired", "contains"}
    used: set[str] = set()

    def walk(node, in_properties=False):
        if isinstance(node, dict):
            for key, value in node.items():
                if not in_properties:
                    used.add(key)
                walk(value, in_properties=key in ("properties", "$defs") and not in_properties)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for path in (REPO / "sop/schemas").glob("*.json"):
        walk(json.loads(path.read_text("utf-8")))
    catalogued = {r.removeprefix("skema.") for r in aturan.semua() if r.startswith("skema.")}
    assert sorted((used & can_fail) - catalogued) == []


def test_panduan_has_every_rule_with_its_anchor(site: Path):
    page = (site / "panduan/index.html").read_text("utf-8")
    for rule_id, rule in aturan.semua().items():
        assert f'id="aturan-{rule_id}"' in page, rule_id
    text = html.unescape(page)
    for rule_id, rule in aturan.semua().items():
        assert f"[{rule_id}] {rule.contoh}" in text, rule_id
        assert rule.perbaikan in text, rule_id


def test_panduan_steps_come_from_the_sop(site: Path):
    page = html.unescape((site / "panduan/index.html").read_text("utf-8"))
    sop = Workspace.open(REPO).ref.sop
    for step in sop.langkah:
        assert f'id="langkah-{step.nomor}"' in page
        assert f"Langkah {step.nomor}: {step.nama}" in page
        assert sop.nama_peran(step.pelaksana) in page or step.pelaksana == "pemeriksa-bidang"
        if step.dicatat.isian == "disposisi":
            assert f"- langkah: {step.nomor}" in page
    for role in ("operator-desa", "camat", "kasi", "pencatat"):
        assert sop.nama_peran(role) in page
    for field in ("klasifikasi:", "pemeriksaan:", "pemetaan:", "koreksi:", "musrenbang seleksi"):
        assert field in page
    assert "Add file → Create new file" in page and "New File" in page and "Approve" in page
    assert "waktu commit" in page
