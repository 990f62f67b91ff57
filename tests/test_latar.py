"""Files made in the background while MkDocs writes the pages (`site/latar.py`):
each is whole, made once, and made here when the child could not."""

from __future__ import annotations

import os
import threading

from musrenbang.site.latar import Latar


def test_a_forked_child_makes_the_files_while_the_parent_goes_on():
    parent = os.getpid()
    latar = Latar()
    latar.add("data/a.xlsx", lambda: f"dibuat oleh {'anak' if os.getpid() != parent else 'induk'}".encode())
    latar.add("data/b.xlsx", lambda: b"b")
    latar.start()
    made = latar.wait()
    assert made["data/a.xlsx"].read_bytes() == "dibuat oleh anak".encode()
    assert made["data/b.xlsx"].read_bytes() == b"b"
    latar.close()
    assert not made["data/a.xlsx"].exists()


def test_what_a_dead_child_did_not_make_is_made_here():
    parent = os.getpid()

    def dies_in_the_child() -> bytes:
        if os.getpid() != parent:
            os._exit(3)  # killed half way: nothing of this file may count as made
        return b"utuh"

    latar = Latar()
    latar.add("data/a.xlsx", lambda: b"a")
    latar.add("data/b.xlsx", dies_in_the_child)
    latar.start()
    made = latar.wait()
    assert made["data/a.xlsx"].read_bytes() == b"a" and made["data/b.xlsx"].read_bytes() == b"utuh"
    assert sorted(p.name for p in made["data/a.xlsx"].parent.iterdir()) == ["a.xlsx", "b.xlsx"]  # no partial file
    latar.close()


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
