"""Work done in a forked child while this process does other work, on a
machine's second core: the child shares everything by fork (nothing is copied
in), and its result comes back pickled down a pipe. Where a fork is not safe
(other threads run: a fork would copy their locks, as under `mkdocs serve`) or
not there, or when the child fails, the work is done here when its result is
asked for."""

from __future__ import annotations

import gc
import os
import pickle
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def start(work: Callable[[], T]) -> Callable[[], T]:
    """Start `work`; the function returned gives its result (waiting for it)."""
    if threading.active_count() > 1 or not hasattr(os, "fork"):
        return work
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read)
        status = 1
        try:
            gc.freeze()  # the parent's objects are never walked, so never copied
            payload = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write, "wb") as pipe:
                pipe.write(payload)
            status = 0
        finally:
            os._exit(status)
    os.close(write)

    def result() -> T:
        with os.fdopen(read, "rb") as pipe:
            payload = pipe.read()
        _, status = os.waitpid(pid, 0)
        if status != 0 or not payload:
            return work()  # the child failed (memory, a bug): done here
        return pickle.loads(payload)  # our own child's bytes, never a file's
    return result
