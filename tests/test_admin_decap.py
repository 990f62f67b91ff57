"""The officials' forms on /admin/, end to end and offline: the real Decap CMS
(from admin/node_modules, installed by `make admin` from the lockfile) in
Debian's Chromium, the real `decap-server` in local git mode on a real register
repository in a tmp dir, the site built by the real `mkdocs build`.

The scenario of issue 12: an operator creates a berkas and an usulan through
the forms, the Camat and the Kasi add their dispositions, the pencatat
classifies, and (beyond the issue's list) the Kasubid examines. decap-server's editorial workflow commits each save to a branch
`cms/<collection>/<slug>`, as the forge would for a pull request. Every step is
then judged like CI judges the pull request: `musrenbang check --event` with a
pull request event in the recorded format (tests/forge/) whose author is the
right official's forge account (accepted) and the wrong one's (refused); the
branch is merged as the forge would, and `musrenbang validate` is clean.
Every request outside 127.0.0.1/localhost is refused: nothing comes from a CDN.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from musrenbang import privasi

from .browser import CHROMIUM, PONSEL, _Quiet, open_tab, screenshot
from .conftest import REPO
from .gitrepo import SAFE_ENV, RegisterRepo
from .test_site import copy_site_sources, mkdocs_build

NODE = REPO / "admin" / "node_modules"
DECAP = NODE / "decap-cms" / "dist" / "decap-cms.js"
SERVER = NODE / "decap-server" / "dist" / "index.js"
EVENT = REPO / "tests" / "forge" / "github-pull_request.json"
KUNCI_UJI = REPO / "tests" / "kunci-uji"
MUSRENBANG = Path(sys.executable).parent / "musrenbang"
WIB = timezone(timedelta(hours=7))
USULAN = "01-plengsengan-sungai-dusun-krajan-jl-mawar"  # the file name the form gives the usulan below
LOCAL = ("http://127.0.0.1", "http://localhost", "data:", "blob:")
# axe-core rules Decap's own login page breaks, which we cannot change from outside its bundle
KNOWN_DECAP: dict[str, str] = {}


def _decap_or_skip():
    missing = [str(p.relative_to(REPO)) for p in (DECAP, SERVER) if not p.is_file()]
    missing += [name for name, ok in (("node", shutil.which("node")), (CHROMIUM, Path(CHROMIUM).exists())) if not ok]
    if missing and os.environ.get("CI"):
        pytest.fail(f"missing in CI: {', '.join(missing)}; 'make test' runs 'make admin' (npm ci) first")
    if missing:
        pytest.skip(f"missing here: {', '.join(missing)} (make admin installs Decap; CI has all of it)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def kantor(tmp_path_factory, ssh_keys):
    """The register repository, decap-server on it, and the site whose /admin/ talks to it."""
    _decap_or_skip()
    work = tmp_path_factory.mktemp("decap")
    repo = RegisterRepo(work / "register", ssh_keys)
    # decap-server commits with the repository's identity; who took the step is the forge's word
    repo.git("config", "user.name", "Formulir petugas")
    repo.git("config", "user.email", "formulir@kec-lumajang.example")
    port = _free_port()
    env = {**SAFE_ENV, "MODE": "git", "PORT": str(port), "BIND_HOST": "127.0.0.1",
           "GIT_REPO_DIRECTORY": str(repo.path), "LOG_LEVEL": "warn"}
    server = subprocess.Popen(["node", str(SERVER)], cwd=work, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    site = _site(work / "situs", f"http://127.0.0.1:{port}/api/v1")
    _wait_for(port, server)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield {"repo": repo, "url": f"http://127.0.0.1:{httpd.server_port}/admin/", "work": work}
    httpd.shutdown()
    server.terminate()
    server.wait(timeout=10)


def _site(root: Path, server_url: str) -> Path:
    copy_site_sources(root)
    (root / "admin").mkdir()
    (root / "admin" / "node_modules").symlink_to(NODE)
    config = (root / "mkdocs.yml").read_text("utf-8")
    assert "  - musrenbang\n" in config
    (root / "mkdocs.yml").write_text(config.replace(
        "  - musrenbang\n", f"  - musrenbang:\n      decap_server: {server_url}\n"), "utf-8")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    assert (root / "site" / "admin" / "decap-cms.js").is_file()
    return root / "site"


def _wait_for(port: int, server: subprocess.Popen) -> None:
    for _ in range(200):
        if server.poll() is not None:
            raise AssertionError(f"decap-server stopped: {server.stdout.read()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError("decap-server is not listening")


# --- the forge's side: judge a branch as a pull request, then merge it ------------------


def run(repo: RegisterRepo, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(MUSRENBANG), *args], cwd=repo.path, capture_output=True, text=True, env=SAFE_ENV)


def event(work: Path, akun: str, head: str) -> Path:
    data = json.loads(EVENT.read_text("utf-8").replace("HEAD_SHA", head).replace("BASE_SHA", "0" * 40))
    data["pull_request"]["user"]["login"] = data["sender"]["login"] = akun
    target = work / f"event-{akun}.json"
    target.write_text(json.dumps(data), "utf-8")
    return target


def wait_for_branch(repo: RegisterRepo, branch: str) -> str:
    for _ in range(300):
        found = repo.git("rev-parse", "--verify", "-q", f"refs/heads/{branch}", check=False).stdout.strip()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"no branch {branch}; branches: {repo.git('branch').stdout}")


def judge_and_merge(kantor, branch: str, right: str, wrong: str, refused_rule: str) -> None:
    """The step's branch as a pull request: refused from `wrong`, accepted from `right`, merged, valid."""
    repo, work = kantor["repo"], kantor["work"]
    head = wait_for_branch(repo, branch)
    refused = run(repo, "check", "--base", "main", "--head", head, "--event", str(event(work, wrong, head)))
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert f"[{refused_rule}]" in refused.stdout, refused.stdout
    accepted = run(repo, "check", "--base", "main", "--head", head, "--event", str(event(work, right, head)))
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    repo.git("merge", "-q", "--ff-only", head)
    repo.git("branch", "-q", "-D", branch)
    valid = run(repo, "validate")
    assert valid.returncode == 0, valid.stdout + valid.stderr


# --- the browser's side -------------------------------------------------------------------


def open_admin(browser, kantor, path: str = ""):
    tab = open_tab(browser, {"width": 1280, "height": 900}, timezone_id="Asia/Jakarta")
    tab.unroute("**/*")
    tab.outside = []

    def only_local(route):
        if route.request.url.startswith(LOCAL):
            return route.continue_()
        tab.outside.append(route.request.url)
        return route.abort()

    tab.route("**/*", only_local)
    tab.console = []
    tab.on("console", lambda m: tab.console.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
    tab.goto(kantor["url"])
    tab.get_by_role("button", name="Masuk").click()
    tab.get_by_text("Isi register").first.wait_for()
    if path:
        tab.goto(kantor["url"] + "#/" + path)
    return tab


def field_id(tab, label: str, last: bool = True) -> str:
    """The id of the control labelled `label` (optional fields add " (tidak wajib)"); the last
    such by default (a new list item), or the first."""
    ids = tab.wait_for_function("""(label) => {
        const ids = Array.from(document.querySelectorAll('label[for]'))
          .filter(l => { const t = l.textContent.trim(); return t === label || t.startsWith(label + ' ('); })
          .map(l => l.getAttribute('for'));
        return ids.length ? ids : null; }""", arg=label, timeout=15000).json_value()
    return ids[-1] if last else ids[0]


def isi(tab, label: str, value: str) -> None:
    tab.locator(f"#{field_id(tab, label)}").fill(value)


def pilih(tab, label: str, text: str, last: bool = True) -> None:
    """Decap's select (react-select): type to filter, Enter takes the first match."""
    box = tab.locator(f"#{field_id(tab, label, last)}")
    box.click()
    box.fill(text)
    box.press("Enter")


def buka(tab, label: str) -> None:
    """Opens an optional part of the form (Decap shows it collapsed)."""
    control = field_id(tab, label)
    tab.locator(f"#{control} [data-testid=expand-button]").first.click()


def simpan(tab) -> None:
    tab.get_by_role("button", name="Simpan").first.click()
    try:
        tab.get_by_text("Catatan tersimpan").first.wait_for(timeout=20000)
    except PlaywrightTimeout:
        screenshot(tab, "admin-gagal-simpan")
        raise AssertionError(f"not saved: {tab.inner_text('body')[:3000]}\n{tab.js_errors}\n{tab.console}") from None


def close(tab) -> None:
    """Nothing was asked of the network beyond this machine, and no script failed."""
    assert tab.outside == [] and tab.js_errors == [], (tab.outside, tab.js_errors)
    tab.context.close()


def test_officials_take_their_steps_through_the_forms(browser, kantor):
    repo = kantor["repo"]
    today = datetime.now(WIB).date()
    tahun = today.year
    kemarin = max(today - timedelta(days=1), today.replace(month=1, day=1)).isoformat()

    # intake: the operator of Labruk Lor creates the berkas, then the usulan
    tab = open_admin(browser, kantor, f"collections/berkas-{tahun}/new")
    pilih(tab, "Desa/kelurahan", "Labruk Lor")
    isi(tab, "Nomor agenda", "1")
    tab.get_by_role("button", name="Isi diterima dengan waktu sekarang").click()
    isi(tab, "Nomor surat", f"414.2/31/427.90.02/{tahun}")
    isi(tab, "Tanggal surat", kemarin)
    simpan(tab)
    screenshot(tab, "admin-berkas-baru")
    close(tab)
    judge_and_merge(kantor, f"cms/berkas-{tahun}/labruk-lor/berkas", "op-labruk-lor", "op-denok", "identitas.peran")
    berkas = repo.read(f"proposals/{tahun}/labruk-lor/berkas.yaml")
    assert berkas.startswith("# yaml-language-server: $schema=../../../sop/schemas/berkas.schema.json")
    assert "nomor_agenda: 1\n" in berkas and "_jenis" not in berkas

    tab = open_admin(browser, kantor, f"collections/usulan-{tahun}/new")
    tab.locator(f"#{field_id(tab, 'Desa/kelurahan')}").select_option("labruk-lor")
    isi(tab, "Nomor prioritas desa", "01")
    isi(tab, "Judul kegiatan", "Plengsengan Sungai, Dusun Krajan (Jl. Mawar)")
    isi(tab, "Permasalahan", "Tebing sungai longsor setiap musim hujan dan mengancam rumah warga.")
    isi(tab, "Dusun/lingkungan", "Dusun Krajan")
    isi(tab, "RT", "002")
    isi(tab, "Volume", "120")
    isi(tab, "Satuan", "m")
    isi(tab, "Perkiraan biaya (Rp)", "175000000")
    isi(tab, "Penerima manfaat (jiwa)", "240")
    pilih(tab, "Bidang yang diusulkan desa", "Fisik")
    buka(tab, "Pengusul")
    isi(tab, "Nama pengusul atau lembaga", "Kelompok Tani Sumber Rejeki")
    isi(tab, "NIK", "3508101203850001")
    isi(tab, "Telepon", "081234567890")
    tab.get_by_text("Terenkripsi untuk").wait_for()
    simpan(tab)
    close(tab)
    judge_and_merge(kantor, f"cms/usulan-{tahun}/labruk-lor/{USULAN}",
                    "op-labruk-lor", "op-denok", "identitas.peran")
    path = f"proposals/{tahun}/labruk-lor/{USULAN}.yaml"
    usulan = repo.read(path)
    assert "3508101203850001" not in usulan and "081234567890" not in usulan and "nik" not in usulan
    assert 'rt: "002"' in usulan and "perkiraan_biaya: 175000000\n" in usulan
    stored = yaml.safe_load(usulan)[privasi.KUNCI]
    camat = privasi.read_identities((KUNCI_UJI / "camat.txt").read_text("utf-8"), "camat.txt")
    assert privasi.decrypt(stored, camat, path) == {"pengusul": {"nik": "3508101203850001", "telepon": "081234567890"}}

    # step 1: the Camat's disposition; step 2: the Kasi's
    for nomor, akun, wrong, oleh, kepada, isi_teks in (
            ("1.", "camat-lumajang", "endang-kasi", "Camat Lumajang", "Kasi", "Pelajari dan tindak lanjuti"),
            ("2.", "endang-kasi", "rizky-pencatat", "Kepala Seksi Ekonomi", "Pencatat dokumen",
             "Teruskan ke pencatat dokumen")):
        tab = open_admin(browser, kantor, f"collections/berkas-{tahun}/entries/labruk-lor/berkas")
        tab.get_by_role("button", name="Tambah disposisi").click()
        pilih(tab, "Langkah SOP", nomor)
        pilih(tab, "Oleh", oleh)
        pilih(tab, "Kepada", kepada)
        isi(tab, "Isi disposisi", isi_teks)
        simpan(tab)
        close(tab)
        judge_and_merge(kantor, f"cms/berkas-{tahun}/labruk-lor/berkas", akun, wrong, "identitas.peran")
    assert re.search(r"langkah: 2\n\s+oleh: kasi-pembangunan", repo.read(f"proposals/{tahun}/labruk-lor/berkas.yaml"))

    # step 3: the pencatat classifies the usulan; the ciphertext stays as it was
    tab = open_admin(browser, kantor, f"collections/usulan-{tahun}/entries/labruk-lor/{USULAN}")
    tab.get_by_text("Sudah tersimpan terenkripsi").wait_for()
    buka(tab, "Klasifikasi (langkah 3)")
    pilih(tab, "Bidang", "Fisik")
    pilih(tab, "Oleh", "pencatat dokumen", last=False)
    pilih(tab, "Kepada", "Kasubid Fisik", last=False)
    simpan(tab)
    close(tab)
    judge_and_merge(kantor, f"cms/usulan-{tahun}/labruk-lor/{USULAN}",
                    "rizky-pencatat", "endang-kasi", "identitas.peran")
    after = yaml.safe_load(repo.read(path))
    assert after["klasifikasi"] == {"bidang": "fisik", "oleh": "pencatat", "kepada": "kasubid-fisik"}
    assert after[privasi.KUNCI] == stored
    status = run(repo, "status", "labruk-lor", "--tahun", str(tahun))
    assert "Kasubid Fisik" in status.stdout, status.stdout

    # the follow-up: the Kasubid Fisik examines it; the Kasubid Ekonomi may not
    tab = open_admin(browser, kantor, f"collections/usulan-{tahun}/entries/labruk-lor/{USULAN}")
    buka(tab, "Pemeriksaan oleh Kasubid")
    pilih(tab, "Hasil", "layak")
    pilih(tab, "Oleh", "Kasubid Fisik")
    isi(tab, "Catatan pemeriksaan", "Tebing sungai aset desa; volume dan harga satuan wajar.")
    simpan(tab)
    close(tab)
    judge_and_merge(kantor, f"cms/usulan-{tahun}/labruk-lor/{USULAN}", "joko-fisik", "ratna-ekonomi", "identitas.peran")
    assert yaml.safe_load(repo.read(path))["pemeriksaan"]["hasil"] == "layak"


def test_the_login_and_the_forms_read_on_a_phone(browser, kantor):
    """At 390 px Decap's login page and its forms fit the screen (our admin/index.html
    lifts Decap's 800 px minimum width) and the login button is in reach. axe-core
    checks the login page; Decap's editor is not checked (see KNOWN_DECAP)."""
    from .test_browser_aksesibilitas import AXE, RUN
    from .test_browser_ponsel import TERLALU_LEBAR
    tab = open_tab(browser, PONSEL, timezone_id="Asia/Jakarta")
    tab.goto(kantor["url"])
    masuk = tab.get_by_role("button", name="Masuk")
    masuk.wait_for()
    box = masuk.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PONSEL["width"] and box["height"] >= 24
    assert tab.evaluate(TERLALU_LEBAR) == []
    screenshot(tab, "admin-masuk-390")
    tab.add_script_tag(path=str(AXE))
    found = [v for v in tab.evaluate(RUN) if v["id"] not in KNOWN_DECAP]
    assert found == [], found
    masuk.click()
    tab.get_by_text("Isi register").first.wait_for()
    screenshot(tab, "admin-koleksi-390")
    for name, entry in (("berkas", "berkas-2025/entries/denok/berkas"),
                        ("usulan", "usulan-2025/entries/denok/01-penerangan-jalan-umum")):
        tab.goto(kantor["url"] + "#/collections/" + entry)
        tab.get_by_role("button", name="Simpan").wait_for()
        tab.wait_for_timeout(300)
        assert tab.evaluate(TERLALU_LEBAR) == [], name
        screenshot(tab, f"admin-{name}-390")
    assert tab.js_errors == []
    tab.context.close()
