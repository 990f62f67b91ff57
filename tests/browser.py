"""Browser tests' fixtures: the sample site built once, served on 127.0.0.1, and
Debian's Chromium driven by Playwright (never a downloaded browser). Screenshots
go to tests/artefak/ (kept by CI as artefacts, ignored by git)."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path

import pytest

from .test_site import copy_site_sources, mkdocs_build

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
ARTEFAK = Path(__file__).parent / "artefak"

needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).exists() and not os.environ.get("CI"),
                                    reason="Debian's chromium is not installed here (CI installs it)")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The sample site, built once per test session with the real `mkdocs build --strict`."""
    root = copy_site_sources(tmp_path_factory.mktemp("browser"))
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return root / "site"


@pytest.fixture(scope="session")
def site_url(built_site):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(built_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module: Playwright's sync API may not nest, and
    `musrenbang dokumen --pdf` starts its own."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.dialogs = []
    tab.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
    tab.js_errors = errors
    yield tab
    context.close()


# One page of every kind on the sample site (22), by the name its screenshots take.
# /admin/ is the page that says the forms editor is not installed (the sample
# site is built without admin/node_modules); Decap itself: test_admin_decap.py.
HALAMAN = {
    "beranda": "",
    "buku-register": "register/",
    "usulan": "usulan/2024/banjarwaru/01/",
    "usulan-tidak-layak": "usulan/2025/banjarwaru/03/",
    "hasil": "hasil/",
    "daftar-prioritas": "prioritas/2024/",
    "berita-acara": "berita-acara/2024/",
    "sop": "sop/",
    "ajukan": "ajukan/",
    "kinerja": "kinerja/",
    "meja": "meja/",
    "meja-camat": "meja/camat/",
    "peta": "peta/",
    "peta-tahun": "peta/2025/",
    "desa": "desa/",
    "desa-halaman": "desa/banjarwaru/",
    "bidang": "bidang/",
    "bidang-halaman": "bidang/fisik/",
    "data-terbuka": "data/",
    "panduan": "panduan/",
    "tentang": "tentang/",
    "formulir-petugas": "admin/",
}
PONSEL = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}


def open_tab(browser, viewport: dict, **options):
    """A new tab of the given size (a phone: touch, mobile layout), collecting script errors."""
    phone = viewport["width"] < 600
    context = browser.new_context(viewport=viewport, locale="id-ID", is_mobile=phone, has_touch=phone, **options)
    tab = context.new_page()
    tab.js_errors = []
    tab.on("pageerror", lambda error: tab.js_errors.append(str(error)))
    # offline: map tiles and anything else outside the test server are refused
    tab.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("http://127.0.0.1", "data:"))
              else route.abort())
    return tab


def screenshot(tab, name: str) -> Path:
    ARTEFAK.mkdir(exist_ok=True)
    target = ARTEFAK / f"{name}.png"
    tab.screenshot(path=str(target), full_page=True)
    return target
