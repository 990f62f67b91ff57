"""The MkDocs plugin: reads the register at build time and adds its pages.

`mkdocs build` and `mkdocs serve` are enough; there is no generation step to
forget. All MkDocs-specific code lives in this module.

Generated pages (`halaman.Halaman`) are finished HTML: MkDocs gets a file holding
only their front matter, Markdown converts nothing, and the HTML is handed over
as the page's content. An usulan page is indexed for search by its summary and
made only when its turn to be written comes (`on_page_context`, after the search
plugin), then dropped again, so memory does not grow with the pages' HTML.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from .. import jejak
from ..errors import MusrenbangError
from ..validate import findings_and_workspace
from ..workspace import MARKER, Workspace
from .halaman import Halaman
from .latar import Latar
from .model import SiteModel
from .pages import Pages

log = logging.getLogger("mkdocs.plugins.musrenbang")
ASSETS = Path(__file__).parent / "assets"


class RegisterPlugin(BasePlugin):
    # No option names another folder: the site is always built from the register
    # at the repository root, the one `check` guards.
    # The forms editor (/admin/): the forge kind when the host does not say it
    # (forgejo, gitlab), the forge's OAuth application id and address, and the
    # local decap-server's URL (`local_backend`).
    config_scheme = (
        ("branch", config_options.Type(str, default="main")),
        ("forge", config_options.Choice(("", "github", "gitea", "forgejo", "gitlab"), default="")),
        ("oauth_app_id", config_options.Type(str, default="")),
        ("oauth_url", config_options.Type(str, default="")),
        ("decap_server", config_options.Type(str, default="")),
    )

    def __init__(self):
        super().__init__()
        self.halaman: dict[str, Halaman] = {}  # src_uri → the generated page
        self.berkas_data: tempfile.TemporaryDirectory | None = None  # data files until MkDocs copies them
        self.latar: Latar | None = None  # files made in the background, copied in after the pages

    def on_config(self, config):
        for asset, key in (("register.css", "extra_css"), ("register.js", "extra_javascript")):
            target = f"assets/musrenbang/{asset}"
            if target not in [str(x) for x in config[key]]:
                config[key].append(target)
        return config

    def on_files(self, files: Files, *, config) -> Files:
        self.halaman = {}
        root = Path(config["config_file_path"]).parent
        _refuse_symlinks(files, Path(config["docs_dir"]))
        try:
            if not (root / MARKER).is_file():
                raise MusrenbangError(f"{MARKER} tidak ada di {root}: mkdocs.yml harus berada di akar register.")
            # validate's own answer, and the workspace it read (none when the answer was the cache's)
            found, workspace = findings_and_workspace(root)
            workspace = workspace or Workspace.open(root)
        except MusrenbangError as error:
            log.error(f"Register tidak dapat dibaca: {error}")
            return files
        for finding in found:  # errors stop `--strict`; warnings (peringatan) are reported only
            report = log.warning if finding.tingkat == "galat" else log.info
            report(f"{finding.path}:{finding.line}:{finding.column}: [{finding.rule}] {finding.message}")
        if not workspace.ref.complete:
            log.error("Berkas referensi di sop/ tidak sah; halaman register tidak dibuat.")
            return files
        workspace = workspace.publik()
        trail = jejak.read(workspace.root)
        if trail.catatan:
            report = log.warning if "dangkal" in trail.catatan else log.info
            report(f"Riwayat git register tidak dibaca, halaman tanpa tautan commit: {trail.catatan}")
        pages = Pages(SiteModel(workspace, None if trail.catatan else trail), config.get("repo_url"), self.config["branch"])
        pages.admin_options = {key: self.config[key] for key in ("forge", "oauth_app_id", "oauth_url", "decap_server")}
        pages.admin_options["site_url"] = config.get("site_url") or ""
        made = pages.all()
        self.latar = pages.latar
        self.latar.start()  # the XLSX files not in the cache are written meanwhile, on the other core
        last = [uri for uri, content in made.items() if isinstance(content, Halaman) and content.terakhir]
        for src_uri in [*(uri for uri in made if uri not in last), *last]:  # MkDocs writes pages in this order
            content = made[src_uri]
            if files.get_file_from_path(src_uri) is not None:
                continue  # a hand-written page of the same name wins
            if isinstance(content, Halaman):
                self.halaman[src_uri] = content
                files.append(File.generated(config, src_uri, content=content.kepala()))
            else:
                files.append(File.generated(config, src_uri, abs_src_path=self._on_disk(src_uri, content)))
        for asset in _assets():
            files.append(File.generated(config, f"assets/musrenbang/{asset.relative_to(ASSETS).as_posix()}",
                                        abs_src_path=str(asset)))
        return files

    def _on_disk(self, src_uri: str, content: str | bytes) -> str:
        """A data file (CSV, JSON, XLSX, an attachment) waits on disk, not in memory, until MkDocs copies it."""
        if self.berkas_data is None:
            self.berkas_data = tempfile.TemporaryDirectory(prefix="musrenbang-situs-")
        path = Path(self.berkas_data.name) / src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return str(path)

    def on_post_build(self, *, config) -> None:
        if self.latar is not None:
            self.latar.copy_into(config["site_dir"])
        self._clean()

    def on_build_error(self, *, error) -> None:
        self._clean()

    def _clean(self) -> None:
        if self.latar is not None:
            self.latar.close()
            self.latar = None
        if self.berkas_data is not None:
            self.berkas_data.cleanup()
            self.berkas_data = None

    def on_page_markdown(self, markdown: str, *, page, config, files) -> str:
        return "" if page.file.src_uri in self.halaman else markdown

    def on_page_content(self, html: str, *, page, config, files) -> str:
        """What the search plugin indexes: the page, or its summary."""
        halaman = self.halaman.get(page.file.src_uri)
        return html if halaman is None else halaman.untuk_pencarian()

    @event_priority(-100)  # after the search plugin has indexed the summary
    def on_page_context(self, context, *, page, config, nav):
        halaman = self.halaman.get(page.file.src_uri)
        if halaman is not None and halaman.ringkasan is not None:
            page.content = halaman.html()
        return context

    def on_post_page(self, output: str, *, page, config) -> str:
        halaman = self.halaman.get(page.file.src_uri)
        if halaman is not None and halaman.ringkasan is not None:
            page.content = halaman.ringkasan  # the page is written: its HTML need not stay in memory
        return output


def _refuse_symlinks(files: Files, docs: Path) -> None:
    """A symbolic link under docs/ could publish anything the build machine can
    read (in CI, .git/config holds the checkout token): it is never published."""
    for folder, dirs, names in os.walk(docs):
        for name in dirs + names:
            path = Path(folder) / name
            if not path.is_symlink():
                continue
            log.error(f"{path.relative_to(docs.parent)} adalah tautan simbolik; situs tidak menerbitkan tautan. "
                      "Ganti dengan salinan berkasnya.")
            for file in [f for f in files if f.abs_src_path and Path(f.abs_src_path).is_relative_to(path)]:
                files.remove(file)


def _assets() -> list[Path]:
    """Every file under assets/, sub-folders included (assets/leaflet/images/...),
    except notes for developers (*.md would become pages) and hidden files."""
    return sorted(path for path in ASSETS.rglob("*")
                  if path.is_file() and path.suffix != ".md"
                  and not any(part.startswith(".") or part == "__pycache__" for part in path.relative_to(ASSETS).parts))
