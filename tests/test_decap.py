"""The Decap CMS configuration is generated from sop/ and the schemas; /admin/
without the npm bundle is a page that says what is missing."""

from __future__ import annotations

from datetime import date

import pytest
import yaml

from musrenbang import decap
from musrenbang.workspace import Workspace

from .conftest import REPO


@pytest.fixture(scope="module")
def ws():
    return Workspace.open(REPO)


def fields_of(collection: dict) -> dict[str, dict]:
    """Every field by its dotted path."""
    found = {}

    def walk(fields, prefix):
        for f in fields:
            found[prefix + f["name"]] = f
            walk(f.get("fields", []), prefix + f["name"] + ".")
    walk(collection["fields"], "")
    return found


def make(ws, repo_url="https://github.com/kec-lumajang/musrenbang", kind=""):
    forge = decap.forge_from(repo_url, "main", kind)
    return decap.config(ws.ref, ws.schemas.schemas, decap.years(ws.register.tahun, date(2026, 3, 1)), forge)


def test_collections_per_year_for_berkas_and_usulan(ws):
    config = make(ws)
    names = [c["name"] for c in config["collections"]]
    assert names == ["berkas-2026", "usulan-2026", "berkas-2025", "usulan-2025", "berkas-2024", "usulan-2024"]
    berkas, usulan = config["collections"][:2]
    assert (berkas["folder"], berkas["path"], berkas["filter"]) == (
        "proposals/2026", "{{desa}}/berkas", {"field": "_jenis", "value": "berkas"})
    assert (usulan["path"], usulan["filter"]["value"]) == ("{{_desa}}/{{_berkas}}", "usulan")
    assert all(c["format"] == "register-yaml" and c["extension"] == "yaml" for c in config["collections"])


def test_the_planning_year_is_offered_in_the_last_months():
    assert decap.years([2024, 2025], date(2026, 11, 2)) == [2027, 2026, 2025, 2024]
    assert decap.years([], date(2026, 6, 1)) == [2026]


def test_fields_carry_the_schemas_titles_hints_and_required(ws):
    berkas = fields_of(make(ws)["collections"][0])
    schema = ws.schemas.schemas["berkas"]["properties"]
    assert berkas["nomor_agenda"]["label"] == schema["nomor_agenda"]["title"]
    assert berkas["nomor_agenda"]["hint"] == schema["nomor_agenda"]["description"]
    assert (berkas["nomor_agenda"]["widget"], berkas["nomor_agenda"]["value_type"]) == ("number", "int")
    assert berkas["nomor_agenda"]["required"] and berkas["surat.nomor"]["required"]
    assert not berkas["catatan"]["required"]
    assert berkas["surat.tanggal"]["format"] == "YYYY-MM-DD"  # a date stays text in the file
    # inside an optional part nothing is marked: Decap would demand the fields of a part left empty
    assert not berkas["pengirim.nama"]["required"] and "Wajib bila" in berkas["pengirim.nama"]["hint"]


def test_select_lists_come_from_sop(ws):
    config = make(ws)
    berkas, usulan = fields_of(config["collections"][0]), fields_of(config["collections"][1])
    assert {o["value"] for o in berkas["desa"]["options"]} == set(ws.ref.desa)
    assert {o["value"] for o in berkas["disposisi.oleh"]["options"]} == set(ws.ref.petugas)
    # a disposition goes where a step of the SOP sends it; a classification to a bidang's examiner
    assert [o["value"] for o in berkas["disposisi.kepada"]["options"]] == ["kasi", "pencatat"]
    assert [o["value"] for o in usulan["klasifikasi.kepada"]["options"]] == [
        b.pemeriksa for b in ws.ref.sop.bidang.values()]
    assert [o["value"] for o in berkas["disposisi.langkah"]["options"]] == ["1", "2"]
    assert berkas["disposisi"]["widget"] == "list" and berkas["disposisi"]["default"] == []
    assert {o["value"] for o in usulan["klasifikasi.bidang"]["options"]} == set(ws.ref.sop.bidang)
    assert {o["value"] for o in usulan["usulan_bidang"]["options"]} == set(ws.ref.sop.bidang)
    assert [o["value"] for o in usulan["pemeriksaan.hasil"]["options"]] == ["layak", "tidak-layak"]
    assert usulan["_desa"]["options"] == berkas["desa"]["options"]


def test_private_fields_are_never_plain_fields(ws):
    usulan = fields_of(make(ws)["collections"][1])
    assert "pengusul.nik" not in usulan and "pengusul.telepon" not in usulan
    widget = usulan["data_pribadi"]
    assert widget["widget"] == "musrenbang-data-pribadi"
    assert [f["jalur"] for f in widget["isian"]] == ["pengusul.nik", "pengusul.telepon"]
    keys = {p["id"]: p["kunci_age"] for p in ws.ref.petugas.values() if p.get("kunci_age")}
    assert [(r["id"], r["kunci"]) for r in widget["pembaca"]] == list(keys.items())
    assert "koreksi" not in usulan and "lampiran" not in usulan


@pytest.mark.parametrize("url, kind, backend, editorial", [
    ("https://github.com/kec-lumajang/musrenbang", "", {"name": "github", "repo": "kec-lumajang/musrenbang"}, True),
    ("https://git.kec.example/kantor/register", "", {"name": "gitea", "repo": "kantor/register",
                                                     "api_root": "https://git.kec.example/api/v1"}, False),
    ("https://codeberg.org/kantor/register", "forgejo", {"name": "forgejo", "repo": "kantor/register",
                                                         "api_root": "https://codeberg.org/api/v1"}, True),
])
def test_the_backend_is_the_forge_and_the_editorial_workflow_where_it_exists(ws, url, kind, backend, editorial):
    config = make(ws, url, kind)
    assert backend.items() <= config["backend"].items()
    assert ("publish_mode" in config) == editorial
    assert config["local_backend"] is True


def test_without_a_forge_only_the_local_server():
    assert decap.forge_from("", "main").kind == ""


def test_a_records_form_address():
    assert decap.entry_url("proposals/2026/denok/berkas.yaml") == "admin/#/collections/berkas-2026/entries/denok/berkas"
    assert decap.entry_url("proposals/2025/denok/01-jalan.yaml") == "admin/#/collections/usulan-2025/entries/denok/01-jalan"
    assert decap.entry_url("proposals/2024/musrenbang.yaml") == ""


def test_the_site_without_the_bundle_says_what_is_missing(built_site):
    page = (built_site / "admin" / "index.html").read_text("utf-8")
    assert "Formulir petugas belum terpasang" in page and "make admin" in page and "decap-cms.js" in page
    assert not (built_site / "admin" / "decap-cms.js").exists()
    config = yaml.safe_load((built_site / "admin" / "config.yml").read_text("utf-8"))
    assert config["backend"]["name"] == "github" and config["locale"] == "id"


def test_desks_link_each_item_to_its_form(built_site):
    page = (built_site / "meja" / "camat" / "index.html").read_text("utf-8")
    assert 'href="../../admin/#/collections/berkas-' in page


def test_the_written_key_order_and_types_follow_the_schema(ws):
    from musrenbang.schemas import _inline
    schemas = ws.schemas.schemas
    shape = decap.susunan(_inline(schemas["berkas"], schemas["berkas"], schemas))
    assert list(shape) == list(schemas["berkas"]["properties"])
    assert shape["disposisi"]["k"]["langkah"] == {"t": "integer"}  # the select's "1" is written as 1
    assert list(shape["surat"]["k"]) == ["nomor", "tanggal", "perihal"]


def test_the_cli_prints_the_config_the_site_serves(built_site):
    import subprocess
    import sys
    from pathlib import Path
    result = subprocess.run([str(Path(sys.executable).parent / "musrenbang"), "formulir", "--repo", str(REPO)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# Dibuat otomatis dari sop/")
    assert yaml.safe_load(result.stdout) == yaml.safe_load((built_site / "admin" / "config.yml").read_text("utf-8"))


def test_settings_read_mkdocs_yml_with_tags_and_plugin_options(tmp_path):
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\nrepo_url: https://codeberg.org/kantor/register\nsite_url: !ENV [SITE, 'https://r.example/']\n"
        "plugins:\n  - search\n  - musrenbang:\n      forge: forgejo\n      oauth_app_id: abc\n", "utf-8")
    found = decap.settings(tmp_path)
    assert found == {"repo_url": "https://codeberg.org/kantor/register", "site_url": "", "branch": "main",
                     "options": {"forge": "forgejo", "oauth_app_id": "abc"}}
