"""The MkDocs plugin: reads the register at build time and adds its pages.

`mkdocs build` and `mkdocs serve` are enough; there is no generation step to
forget. All MkDocs-specific code lives in this module.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from ..errors import MusrenbangError
from ..workspace import Workspace, find_root
from .model import SiteModel
from .pages import Pages

log = logging.getLogger("mkdocs.plugins.musrenbang")
ASSETS = Path(__file__).parent / "assets"


class RegisterPlugin(BasePlugin):
    config_scheme = (
        ("register", config_options.Type(str, default="")),
        ("branch", config_options.Type(str, default="main")),
    )

    def on_config(self, config):
        for asset, key in (("register.css", "extra_css"), ("register.js", "extra_javascript")):
            target = f"assets/musrenbang/{asset}"
            if target not in [str(x) for x in config[key]]:
                config[key].append(target)
        return config

    def on_files(self, files: Files, *, config) -> Files:
        root = Path(config["config_file_path"]).parent
        try:
            workspace = Workspace.open(find_root(root / self.config["register"]))
        except MusrenbangError as error:
            log.error(f"Register tidak dapat dibaca: {error}")
            return files
        for finding in workspace.findings():
            log.warning(f"{finding.path}:{finding.line}:{finding.column}: [{finding.rule}] {finding.message}")
        if not workspace.ref.complete:
            log.error("Berkas referensi di sop/ tidak sah; halaman register tidak dibuat.")
            return files
        pages = Pages(SiteModel(workspace), config.get("repo_url"), self.config["branch"])
        for src_uri, content in pages.all().items():
            if files.get_file_from_path(src_uri) is None:
                files.append(File.generated(config, src_uri, content=content))
        for asset in sorted(ASSETS.iterdir()):
            files.append(File.generated(config, f"assets/musrenbang/{asset.name}", abs_src_path=str(asset)))
        return files
