"""Many record files read at once: from the cache when their bytes were checked
before, else parsed and checked across the machine's cores.

Each file gives the same thing on every path: `[data, valid, findings]` as JSON
(findings without their path), which is also what the cache stores, so a cached
result and a fresh one cannot differ. Positions are found again from the file
when a finding needs them (`yamlio.Document`).
"""

from __future__ import annotations

import gc
import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from . import privasi, referensi
from .cache import RecordCache, StatCache, content_id
from .findings import Finding
from .records import Record
from .schemas import SchemaSet
from .yamlio import Document, YamlError, load_bytes, read_file

PARALLEL_FROM = 1500  # fewer files than this are read in this process: workers cost their start
CHUNK = 200

_schemas: SchemaSet | None = None  # what forked workers check against
_root: Path | None = None


def entry_text(raw: bytes, relpath: str, kind: str, schemas: SchemaSet) -> str:
    """[data, valid, findings] as JSON. A record the compiled validator calls valid
    is parsed without positions (a third faster); any other is parsed again
    with them, for the lines of its findings."""
    try:
        doc = load_bytes(raw, kind, positions=False)
    except YamlError:
        doc = None
    if doc is not None and schemas.known_valid(kind, doc):
        return json.dumps([doc.data, True, []], ensure_ascii=False, separators=(",", ":"))
    findings: list[Finding] = []
    record = referensi.parse_record(raw, relpath, kind, schemas, findings)
    rows = [[f.line, f.column, f.rule, f.message, f.hint, f.tingkat] for f in findings]
    return json.dumps([record.data, record.valid, rows], ensure_ascii=False, separators=(",", ":"))


def _unreadable(error: OSError) -> str:
    row = [1, 1, "yaml.tidak-terbaca", f"Berkas tidak dapat dibaca: {error.strerror}.", "Periksa izin berkas dan coba lagi.",
           "galat"]
    return json.dumps([None, False, [row]], ensure_ascii=False)


def _work(chunk: list[tuple[str, str]]) -> list[tuple[str, str | None, tuple | None, str]]:
    """(relpath, content id, stat, entry) for each (relpath, kind): never raises."""
    done = []
    for relpath, kind in chunk:
        try:
            st, raw = read_file(f"{_root}/{relpath}")
        except OSError as error:
            done.append((relpath, None, None, _unreadable(error)))
            continue
        content = content_id(raw)
        try:
            text = entry_text(raw, relpath, kind, _schemas)
        except Exception as error:  # noqa: BLE001 (a bug must become a finding, not a traceback)
            row = [1, 1, "yaml.tidak-terbaca", f"Berkas tidak dapat diperiksa: {error!r}.", "", "galat"]
            text, content = json.dumps([None, False, [row]], ensure_ascii=False), None
        done.append((relpath, content, st, text))
    return done


def _chunks(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def _parallel(todo: list[tuple[str, str]]) -> Iterator[tuple]:
    """Results in input order; on fork-less platforms, small batches, or when other
    threads run (a fork would copy their locks), in this process."""
    import multiprocessing
    workers = min(os.cpu_count() or 1, 8)
    if (len(todo) < PARALLEL_FROM or workers < 2 or threading.active_count() > 1
            or "fork" not in multiprocessing.get_all_start_methods()):
        yield from _work(todo)
        return
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool
    chunks = _chunks(todo, CHUNK)
    finished = 0
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            for result in pool.map(_work, chunks):
                finished += 1
                yield from result
    except (BrokenProcessPool, OSError):
        for chunk in chunks[finished:]:  # a worker died (memory): the rest here
            yield from _work(chunk)


def _source(path: str, content: str):
    def read() -> bytes | None:
        try:
            with open(path, "rb") as handle:
                raw = handle.read()
        except OSError:
            return None
        return raw if content_id(raw) == content else None
    return read


def _record(root: Path, relpath: str, content: str | None, entry: list) -> tuple[Record, list[Finding]]:
    data, valid, rows = entry
    source = _source(f"{root}/{relpath}", content) if content else (lambda: None)
    record = Record(relpath, Document(data, source=source), bool(valid))
    return record, [Finding(relpath, *row) for row in rows]


@contextmanager
def paused_gc():
    """No cyclic garbage collection while many records are built: records hold no
    cycles, and each full collection walks every object alive (seconds at 30,000)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def read(root: Path, items: list[tuple[str, str]], schemas: SchemaSet, cache: RecordCache | None = None,
         stats: StatCache | None = None, contents: dict[str, str] | None = None,
         withheld: set[str] | None = None) -> dict[str, tuple[Record, list[Finding]]]:
    """relpath → (record, its findings) for each (relpath, kind); the content id
    of what was read goes into `contents`. A record holding a private value in
    plain text is never cached (its path goes into `withheld`): the cache would
    keep the value after the record is encrypted or removed."""
    contents = {} if contents is None else contents
    withheld = set() if withheld is None else withheld
    private: dict[str, list] = {}
    global _schemas, _root
    result: dict[str, tuple[Record, list[Finding]]] = {}
    todo = []
    for relpath, kind in items:
        hit = _cached(root, relpath, kind, cache, stats)
        if hit is None:
            todo.append((relpath, kind))
        else:
            result[relpath], contents[relpath] = hit
    kinds = dict(todo)
    _schemas, _root = schemas, root
    try:
        for relpath, content, st, text in _parallel(todo):
            entry = json.loads(text)
            result[relpath] = _record(root, relpath, content, entry)
            if content:
                contents[relpath] = content
            if plain_private(entry[0], kinds[relpath], schemas, private):
                withheld.add(relpath)
            elif content and cache is not None:
                cache.put(kinds[relpath], content, text)
            if content and stats is not None:
                stats.note(relpath, st, content)
    finally:
        _schemas, _root = None, None
    if cache is not None:
        cache.flush()
    if stats is not None:
        stats.save()
    return result


def _cached(root: Path, relpath: str, kind: str, cache: RecordCache | None, stats: StatCache | None):
    if cache is None or stats is None or relpath not in stats.known:
        return None
    try:
        st = os.lstat(f"{root}/{relpath}")
    except OSError:
        return None
    content = stats.lookup(relpath, st)
    entry = cache.get(kind, content) if content else None
    return (_record(root, relpath, content, entry), content) if entry else None


def plain_private(data, kind: str, schemas: SchemaSet, private: dict[str, list] | None = None) -> bool:
    """Whether a private field (`"x-publik": false`) holds a plain value, as the
    rule privasi.tidak-terenkripsi sees it."""
    if not isinstance(data, dict):
        return False
    private = {} if private is None else private
    if kind not in private:
        private[kind] = schemas.private_paths(kind)
    return bool(privasi.plain_fields(data, private[kind]))
