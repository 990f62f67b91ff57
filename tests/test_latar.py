"""Files made in the background while MkDocs writes the pages (`site/latar.py`);
the forked cases run in a fresh Python in tests/test_anak.py."""

from __future__ import annotations

import os
import threading

from musrenbang.site.latar import Latar


def test_with_other_threads_running_nothing_is_forked(tmp_path):
    parent = os.getpid()
    latar = Latar()
    latar.add("x.xlsx", lambda: str(os.getpid() == parent).encode())
    stop = threading.Event()
    server = threading.Thread(target=stop.wait)  # as under `mkdocs serve`
    server.start()
    try:
        latar.start()
        assert latar.wait()["x.xlsx"].read_bytes() == b"True"
    finally:
        stop.set()
        server.join()
    latar.copy_into(tmp_path / "situs")
    assert (tmp_path / "situs/x.xlsx").read_bytes() == b"True"
    latar.close()
