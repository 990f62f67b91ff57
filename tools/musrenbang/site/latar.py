"""Files the site makes in the background: a forked child writes them while
MkDocs writes the pages, on the core MkDocs leaves idle (a kabupaten's
open-data XLSX took 18 s of a 30,000-usulan build). Where a fork is not safe
(other threads run, as under `mkdocs serve`) or not there, they are made here
when first asked for. The plugin copies them into the site after the pages
(`on_post_build`); a page that shows them (their sizes) is written last and
waits for them (`Halaman.terakhir`)."""

from __future__ import annotations

import gc
import os
import shutil
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path


class Latar:
    def __init__(self) -> None:
        self.jobs: dict[str, Callable[[], bytes]] = {}  # site path → how to make the file
        self._folder: tempfile.TemporaryDirectory | None = None
        self._child: int | None = None

    @property
    def folder(self) -> Path:
        if self._folder is None:
            self._folder = tempfile.TemporaryDirectory(prefix="musrenbang-latar-")
        return Path(self._folder.name)

    def add(self, path: str, make: Callable[[], bytes]) -> None:
        self.jobs[path] = make

    def start(self) -> None:
        """Fork a child that makes every file, when that is safe."""
        if not self.jobs or threading.active_count() > 1 or not hasattr(os, "fork"):
            return
        folder = self.folder
        pid = os.fork()
        if pid == 0:  # the child: never returns
            status = 1
            try:
                gc.freeze()  # the parent's objects stay untouched: shared, never copied
                self._make_all(folder)
                status = 0
            finally:
                os._exit(status)
        self._child = pid

    def wait(self) -> dict[str, Path]:
        """Every file, made: the child's, and here what it did not make."""
        if self._child is not None:
            os.waitpid(self._child, 0)
            self._child = None
        self._make_all(self.folder)
        return {path: self.folder / path for path in self.jobs}

    def _make_all(self, folder: Path) -> None:
        for path, make in self.jobs.items():
            target = folder / path
            if target.is_file():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(f".{target.name}.{os.getpid()}")
            partial.write_bytes(make())
            os.replace(partial, target)  # whole or not at all, even if the child is killed

    def copy_into(self, site_dir: str | Path) -> None:
        for path, made in self.wait().items():
            target = Path(site_dir) / path
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(made, target)

    def close(self) -> None:
        """Stop a child still at work (a failed build) and remove the files."""
        if self._child is not None:
            try:
                os.kill(self._child, 9)
                os.waitpid(self._child, 0)
            except OSError:
                pass
            self._child = None
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None
