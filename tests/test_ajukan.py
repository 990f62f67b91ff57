"""The "Ajukan Usulan" form in a real browser: what it writes is a valid usulan
for the register, hostile text stays data, the forge link points at the right
folder, and a missing required field is reported in Indonesian without output."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import yaml

from musrenbang.site.ajukan import forge_of, new_file_base, script_json
from musrenbang.validate import validate

from .browser import needs_chromium, screenshot
from .conftest import REPO, build_register
from .gitrepo import SAFE_ENV
from .privasi_uji import KUNCI_UJI, blobs_containing

HEADER = "# yaml-language-server: $schema=../../../sop/schemas/usulan.schema.json"
NIK = "3508101505790003"  # fictitious, like every NIK in the sample register
TELEPHONE = "0812-3456-7890"
CAMAT = "age1jr84lp34gg7q7k5xt5r4rf2g2q37s3mytes4jnzvmlt8vfzngscs06uvh0"  # test keys of sop/petugas.yaml
PENCATAT = "age1kaa2et7v00l8mf5j6chva2kctqw7ejxr7khfg4jrdn56g4twlp9qkraxuw"


def register_with_labruk_lor(target: Path) -> Path:
    """The small test register plus Labruk Lor's 2025 berkas and usulan 01-05 of
    the sample register (the site the form was built from): a new usulan 06
    must fit there without a gap in the priorities."""
    root = build_register(target)
    shutil.copytree(REPO / "proposals/2025/labruk-lor", root / "proposals/2025/labruk-lor")
    berkas = root / "proposals/2025/labruk-lor/berkas.yaml"
    # The small register holds agenda numbers 1 and 2 only.
    berkas.write_text(re.sub(r"^nomor_agenda: \d+$", "nomor_agenda: 3", berkas.read_text("utf-8"), flags=re.M), "utf-8")
    assert validate(root) == []
    return root


def open_form(page, site_url: str, desa: str = "labruk-lor"):
    page.goto(site_url + "ajukan/")
    page.wait_for_selector("#mr-f-judul")
    page.fill("#mr-tahun", "2025")
    page.select_option("#mr-desa", desa)


def fill_usulan(page, judul: str = "Pembangunan saluran drainase jalan desa Dusun Krajan"):
    page.fill("#mr-nomor", "06")
    page.fill("#mr-f-judul", judul)
    page.fill("#mr-f-permasalahan", 'Air hujan menggenang di jalan desa "Krajan" setiap musim hujan\n'
                                    "sehingga aspal cepat rusak dan anak sekolah sulit lewat.")
    page.fill("#mr-f-sasaran", "Jalan desa bebas genangan")
    page.fill("#mr-f-lokasi-dusun", "Dusun Krajan")
    page.fill("#mr-f-lokasi-rt", "003")
    page.fill("#mr-f-lokasi-rw", "002")
    page.fill("#mr-f-lokasi-keterangan", "Sepanjang Jl. Raya Labruk sisi utara")
    page.fill("#mr-f-lokasi-koordinat-0", "-8.1052")
    page.fill("#mr-f-lokasi-koordinat-1", "113.2071")
    page.fill("#mr-f-volume", "240.5")
    page.fill("#mr-f-satuan", "m")
    page.fill("#mr-f-perkiraan_biaya", "96500000")
    page.fill("#mr-f-penerima_manfaat", "210")
    page.select_option("#mr-f-usulan_bidang", "fisik")
    page.fill("#mr-f-pengusul-nama", "Pokmas Krajan Sejahtera")
    page.fill("#mr-f-pengusul-lembaga", "RT 03 RW 02")
    page.fill("#mr-f-pengusul-nik", NIK)
    page.fill("#mr-f-pengusul-telepon", TELEPHONE)


def produce(page) -> tuple[str, str, str]:
    """Submits the form; returns (folder, file name, YAML text) as the page shows them."""
    page.click(".mr-ajukan-form button[type=submit]")
    page.wait_for_selector("[data-mr-hasil]:not([hidden])")
    return (page.locator("[data-mr-folder]").inner_text(), page.locator("[data-mr-berkas]").inner_text(),
            page.locator("[data-mr-yaml]").text_content())


def save(root: Path, folder: str, name: str, text: str) -> Path:
    target = root / folder / name
    assert not target.exists()
    target.write_text(text, "utf-8")
    return target



@needs_chromium
def test_form_writes_a_valid_usulan(page, site_url, tmp_path):
    open_form(page, site_url)
    assert page.input_value("#mr-nomor") == "06"  # the next free priority of Labruk Lor 2025
    fill_usulan(page)
    # Private fields are marked as such, next to the field.
    for field in ("#mr-f-pengusul-nik", "#mr-f-pengusul-telepon"):
        box = page.locator(field).locator("xpath=ancestor::div[contains(@class,'mr-ajukan-isian')][1]")
        assert "data pribadi: dienkripsi di perangkat ini, hanya dapat dibaca Camat Lumajang dan " in box.inner_text()
    folder, name, text = produce(page)
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "ajukan")
    assert (folder, name) == ("proposals/2025/labruk-lor/", "06-pembangunan-saluran-drainase-jalan-desa-dusun.yaml")
    assert text.splitlines()[0] == HEADER
    assert '  rt: "003"' in text and "  koordinat: [-8.1052, 113.2071]" in text
    data = yaml.safe_load(text)
    assert list(data) == ["judul", "permasalahan", "sasaran", "lokasi", "volume", "satuan", "perkiraan_biaya",
                          "penerima_manfaat", "usulan_bidang", "pengusul", "data_pribadi"]  # schema order
    assert data["lokasi"] == {"dusun": "Dusun Krajan", "rt": "003", "rw": "002",
                              "keterangan": "Sepanjang Jl. Raya Labruk sisi utara", "koordinat": [-8.1052, 113.2071]}
    assert data["permasalahan"].startswith('Air hujan menggenang di jalan desa "Krajan"')
    assert "\n" in data["permasalahan"]
    assert (data["volume"], data["perkiraan_biaya"], data["penerima_manfaat"]) == (240.5, 96500000, 210)
    # The NIK and telephone are only in the ciphertext, for the two readers of the SOP.
    assert data["pengusul"] == {"nama": "Pokmas Krajan Sejahtera", "lembaga": "RT 03 RW 02"}
    assert NIK not in text and TELEPHONE not in text and TELEPHONE.replace("-", "") not in text
    assert data["data_pribadi"]["penerima"] == [CAMAT, PENCATAT]
    assert data["data_pribadi"]["sandi"].startswith("-----BEGIN AGE ENCRYPTED FILE-----\n")
    root = register_with_labruk_lor(tmp_path / "r")
    saved = save(root, folder, name, text)
    assert validate(root) == []  # well-formed and addressed to every current reader
    # An official reads back exactly what was typed, with the command line and a test identity.
    for reader in ("camat", "pencatat"):
        opened = subprocess.run([sys.executable, "-m", "musrenbang.cli", "privasi", "buka", str(saved), "--repo", str(root),
                                 "-i", str(KUNCI_UJI / f"{reader}.txt"), "--format", "json"], capture_output=True, text=True)
        assert opened.returncode == 0, opened.stderr
        assert json.loads(opened.stdout) == {f"{folder}{name}": {"pengusul.nik": NIK, "pengusul.telepon": TELEPHONE}}
    # Committed as the form made it: no object of the history holds the NIK or telephone.
    for args in (["init", "-q"], ["add", "-A"], ["-c", "user.name=Operator", "-c", "user.email=op@desa.example",
                                                  "commit", "-q", "-m", "Usulan dari formulir"]):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=SAFE_ENV)
    assert blobs_containing(root, NIK, TELEPHONE) == []
    # The download is the same file under the same name.
    with page.expect_download() as info:
        page.click("[data-mr-unduh]")
    download = info.value
    assert download.suggested_filename == name
    assert Path(download.path()).read_text("utf-8") == text
    assert page.dialogs == [] and page.js_errors == []


@needs_chromium
def test_optional_fields_left_empty_are_omitted(page, site_url, tmp_path):
    open_form(page, site_url, desa="denok")
    page.fill("#mr-f-judul", "Pelatihan kader posyandu")
    page.fill("#mr-f-permasalahan", "Kader posyandu belum pernah dilatih.")
    page.fill("#mr-f-lokasi-dusun", "Dusun Denok")
    page.fill("#mr-f-volume", "1")
    page.fill("#mr-f-satuan", "paket")
    page.fill("#mr-f-perkiraan_biaya", "15000000")
    page.fill("#mr-f-penerima_manfaat", "40")
    page.select_option("#mr-f-usulan_bidang", "sosial-budaya")
    folder, name, text = produce(page)
    data = yaml.safe_load(text)
    assert set(data) == {"judul", "permasalahan", "lokasi", "volume", "satuan", "perkiraan_biaya",
                         "penerima_manfaat", "usulan_bidang"}
    assert data["lokasi"] == {"dusun": "Dusun Denok"}
    assert folder == "proposals/2025/denok/" and name.endswith("-pelatihan-kader-posyandu.yaml")
    assert page.js_errors == []


HOSTILE = '"><script>alert(1)</script>'


@needs_chromium
def test_hostile_text_stays_data(page, site_url, tmp_path):
    open_form(page, site_url)
    fill_usulan(page, judul=HOSTILE)
    page.fill("#mr-f-sasaran", "back\\slash, tab\there, 'kutip' # bukan komentar: {x: [1]} \u2028 & <b>tebal</b>")
    page.fill("#mr-f-lokasi-keterangan", "- daftar? *alias &anchor !!python/object:os.system")
    folder, name, text = produce(page)
    assert name == "06-script-alert-1-script.yaml"
    data = yaml.safe_load(text)
    assert data["judul"] == HOSTILE
    assert data["sasaran"] == "back\\slash, tab\there, 'kutip' # bukan komentar: {x: [1]} \u2028 & <b>tebal</b>"
    assert data["lokasi"]["keterangan"] == "- daftar? *alias &anchor !!python/object:os.system"
    root = register_with_labruk_lor(tmp_path / "r")
    save(root, folder, name, text)
    assert validate(root) == []
    # Shown as text: no element was made from it, no script ran.
    assert page.locator(".mr-ajukan-hasil script, .mr-ajukan-hasil b, .mr-ajukan-form b").count() == 0
    assert HOSTILE in page.locator("[data-mr-yaml]").text_content().replace('\\"', '"')
    assert page.dialogs == [] and page.js_errors == []


@needs_chromium
def test_github_link_opens_the_new_file_page(page, site_url):
    open_form(page, site_url)
    fill_usulan(page)
    folder, name, text = produce(page)
    link = page.locator("[data-mr-buka]")
    assert link.inner_text().strip() == "Buka di GitHub"
    url = urlparse(link.get_attribute("href"))
    assert (url.scheme, url.netloc, url.path) == ("https", "github.com", "/kec-lumajang/musrenbang/new/main/proposals/2025/labruk-lor")
    query = parse_qs(url.query, strict_parsing=True)
    assert query["filename"] == [name]
    # the link carries the whole usulan: the NIK and telephone only as ciphertext, never in a URL in plain text
    shared = query["value"][0]
    assert shared == text and "data_pribadi:" in shared
    assert NIK not in link.get_attribute("href") and TELEPHONE not in link.get_attribute("href")
    assert link.get_attribute("target") == "_blank" and "noopener" in link.get_attribute("rel")


@needs_chromium
def test_missing_required_field_gives_a_message_and_no_yaml(page, site_url):
    open_form(page, site_url)
    fill_usulan(page)
    page.fill("#mr-f-satuan", "")
    page.fill("#mr-f-pengusul-nik", "35081015")
    page.fill("#mr-f-volume", "0")
    page.click(".mr-ajukan-form button[type=submit]")
    assert page.locator("#mr-f-satuan-pesan").inner_text() == "Wajib diisi."
    assert "16 angka" in page.locator("#mr-f-pengusul-nik-pesan").inner_text()
    assert page.locator("#mr-f-volume-pesan").inner_text() == "Harus lebih dari 0."
    assert page.locator("#mr-f-satuan").get_attribute("aria-invalid") == "true"
    assert "periksa 3 isian" in page.locator("[data-mr-ringkasan]").inner_text()
    assert page.locator("[data-mr-hasil]").is_hidden()
    assert page.locator("[data-mr-yaml]").text_content() == ""
    assert page.evaluate("document.activeElement.id") == "mr-f-volume"  # the first field in error
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "ajukan-galat")
    # An optional group left empty is no error; a used priority number is.
    page.fill("#mr-f-satuan", "m")
    page.fill("#mr-f-pengusul-nik", NIK)
    page.fill("#mr-f-volume", "240")
    page.fill("#mr-nomor", "03")
    page.click(".mr-ajukan-form button[type=submit]")
    assert "sudah dipakai" in page.locator("#mr-nomor-pesan").inner_text()
    assert page.locator("[data-mr-hasil]").is_hidden()
    assert page.js_errors == []


# ---- without a browser ------------------------------------------------------

def test_script_json_cannot_close_its_element():
    text = str(script_json({"a": "</script><!--<script>"}))
    assert "</" not in text and "<!--" not in text
    assert json.loads(text) == {"a": "</script><!--<script>"}


def test_forge_new_file_addresses():
    assert forge_of("") == "" and new_file_base("", "main") == ""
    assert forge_of("https://github.com/a/b") == "github"
    assert new_file_base("https://github.com/a/b", "main") == "https://github.com/a/b/new/main/"
    assert forge_of("https://git.kec-lumajang.example/a/b") == "gitea"
    assert new_file_base("https://codeberg.org/a/b", "utama") == "https://codeberg.org/a/b/_new/utama/"


def test_page_embeds_the_inlined_schema(built_site):
    ajukan_html = (built_site / "ajukan/index.html").read_text("utf-8")
    from musrenbang.schemas import _inline
    from musrenbang.workspace import Workspace
    match = re.search(r'<script type="application/json" id="mr-skema">(.*?)</script>', ajukan_html, re.S)
    assert match
    schemas = Workspace.open(REPO).schemas.schemas
    assert json.loads(match[1]) == _inline(schemas["usulan"], schemas["usulan"], schemas)
    assert "$ref" not in match[1]
    assert 'src="../assets/musrenbang/ajukan.js"' in ajukan_html
    assert ajukan_html.index('src="../assets/musrenbang/age/age.js"') < ajukan_html.index("ajukan.js")
    assert (built_site / "assets/musrenbang/age/age.js").is_file()
    # Nothing of the page's own is loaded from another site.
    body = ajukan_html.split('<div class="mr-ajukan"', 1)[1]
    assert not re.search(r'<script[^>]*src="(https?:)?//', body)


def test_without_repo_url_there_is_no_forge_button():
    from musrenbang.site import ajukan
    from musrenbang.site.model import SiteModel
    from musrenbang.site.pages import Pages
    from musrenbang.workspace import Workspace
    model = SiteModel(Workspace.open(REPO))
    without = ajukan.build(Pages(model, None))["ajukan/index.md"].teks()
    assert "data-mr-buka" not in without and '"forge":""' in without
    gitea = ajukan.build(Pages(model, "https://git.example.id/kec/register/", "main"))["ajukan/index.md"].teks()
    assert "Buka di Gitea/Forgejo" in gitea and '"baru":"https://git.example.id/kec/register/_new/main/"' in gitea
    assert "\n\n" not in without.split("---\n\n", 1)[1].strip()  # one HTML block, no blank line


@needs_chromium
def test_gitea_link_keeps_the_folder_and_passes_the_same_parameters(page, site_url):
    def as_gitea(route):
        html = route.fetch().text().replace('"forge":"github","baru":"https://github.com/kec-lumajang/musrenbang/new/main/"',
                                            '"forge":"gitea","baru":"https://git.example.id/kec/register/_new/main/"')
        assert "git.example.id" in html
        route.fulfill(body=html, content_type="text/html; charset=utf-8")
    page.route("**/ajukan/", as_gitea)
    open_form(page, site_url)
    fill_usulan(page)
    folder, name, text = produce(page)
    url = urlparse(page.locator("[data-mr-buka]").get_attribute("href"))
    assert (url.netloc, url.path) == ("git.example.id", "/kec/register/_new/main/proposals/2025/labruk-lor/")
    query = parse_qs(url.query, strict_parsing=True)
    assert query["filename"] == [name] and NIK not in query["value"][0]
    assert page.js_errors == []
