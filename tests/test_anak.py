"""Work in a forked child (`anak.py`): the same result as here, done here when
the child fails or a fork is not safe; and the site's list pages made by a
child are the pages made here."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from musrenbang import anak
from musrenbang.site import pages as situs
from musrenbang.site.model import SiteModel
from musrenbang.workspace import Workspace

from .conftest import REPO


def test_the_child_does_the_work_and_its_result_comes_back():
    parent = os.getpid()
    result = anak.start(lambda: {"oleh anak": os.getpid() != parent, "isi": ["a", 1, None]})
    assert result() == {"oleh anak": True, "isi": ["a", 1, None]}


def test_a_failing_child_leaves_the_work_to_this_process():
    parent = os.getpid()

    def fails_in_the_child():
        if os.getpid() != parent:
            raise MemoryError
        return "di sini"

    assert anak.start(fails_in_the_child)() == "di sini"


def test_no_fork_while_other_threads_run():
    parent = os.getpid()
    stop = threading.Event()
    server = threading.Thread(target=stop.wait)  # as under `mkdocs serve`
    server.start()
    try:
        assert anak.start(lambda: os.getpid() == parent)() is True
    finally:
        stop.set()
        server.join()


def test_list_pages_made_by_a_child_are_the_pages_made_here(monkeypatch):
    model = SiteModel(Workspace.open(REPO).publik())
    here = situs.Pages(model, "https://github.com/kec/register").all()
    monkeypatch.setattr(situs, "FORK_FROM", 0)  # the sample is small: force the child
    there = situs.Pages(model, "https://github.com/kec/register").all()
    assert list(there) == list(here)
    moved = [path for path in here if path.split("/")[0] in ("peta", "desa", "bidang", "meja")]
    assert moved
    assert all(there[path] == here[path] for path in moved if not path.startswith("meja/"))
    for path in (p for p in moved if p.startswith("meja/")):  # a desk prints the minute it was built
        assert there[path].judul == here[path].judul
