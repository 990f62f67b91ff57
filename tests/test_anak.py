"""Work in a forked child (`anak.py`, `site/latar.py`): the same result as here,
done here when the child fails or a fork is not safe; and the site's list pages
made by a child are the pages made here.

The pytest process may have threads left by earlier tests (a browser, a
server), and then nothing forks, by design: so each case that needs a child runs
in a fresh Python."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading

from musrenbang import anak

from .conftest import REPO


def _fresh_python(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, cwd=REPO,
                          env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip()


def test_the_child_does_the_work_and_its_result_comes_back():
    assert _fresh_python("""
        import os
        from musrenbang import anak
        parent = os.getpid()
        print(anak.start(lambda: {"oleh anak": os.getpid() != parent, "isi": ["a", 1, None]})())
    """) == "{'oleh anak': True, 'isi': ['a', 1, None]}"


def test_a_failing_child_leaves_the_work_to_this_process():
    assert _fresh_python("""
        import os
        from musrenbang import anak
        parent = os.getpid()
        def fails_in_the_child():
            if os.getpid() != parent:
                raise MemoryError
            return "di sini"
        print(anak.start(fails_in_the_child)())
    """) == "di sini"


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


def test_list_pages_made_by_a_child_are_the_pages_made_here():
    assert _fresh_python("""
        import os
        from musrenbang import anak
        from musrenbang.site import pages as situs
        from musrenbang.site.model import SiteModel
        from musrenbang.workspace import Workspace
        from pathlib import Path
        model = SiteModel(Workspace.open(Path(".")).publik())
        here = situs.Pages(model, "https://github.com/kec/register").all()
        situs.FORK_FROM = 0  # the sample is small: force the child
        forked = []
        start = anak.start
        anak.start = lambda work: forked.append(os.getpid()) or start(work)
        there = situs.Pages(model, "https://github.com/kec/register").all()
        moved = [p for p in here if p.split("/")[0] in ("peta", "desa", "bidang", "meja")]
        same = all(there[p] == here[p] for p in moved if not p.startswith("meja/"))  # a desk prints its minute
        print(bool(forked), len(moved) > 10, list(there) == list(here), same)
    """) == "True True True True"


def test_latar_makes_the_files_in_a_child_and_what_a_dead_child_left_here():
    assert _fresh_python("""
        import os
        from musrenbang.site.latar import Latar
        parent = os.getpid()
        def dies_in_the_child():
            if os.getpid() != parent:
                os._exit(3)  # killed half way: nothing of this file may count as made
            return b"utuh"
        latar = Latar()
        latar.add("data/a.xlsx", lambda: b"anak" if os.getpid() != parent else b"induk")
        latar.add("data/b.xlsx", dies_in_the_child)
        latar.start()
        made = latar.wait()
        folder = made["data/a.xlsx"].parent
        print(made["data/a.xlsx"].read_bytes(), made["data/b.xlsx"].read_bytes(), sorted(p.name for p in folder.iterdir()))
        latar.close()
        print(folder.exists())
    """) == "b'anak' b'utuh' ['a.xlsx', 'b.xlsx']\nFalse"
