"""Safe YAML loading that keeps the line and column of every value.

Records are written by people in a browser, so the loader must never crash and
never expand anything: anchors, aliases, custom tags, duplicate keys and several
documents in one file are reported as findings (`YamlProblem`), not accepted.
Built on libyaml's event stream (fast, C) and assembled here so that each value's
position is kept in `Document.positions` under its JSON path.

Scalars keep JSON's data model: timestamps stay strings (the schema checks their
format) and mapping keys are always strings (`2024:` is the key "2024").
"""

from __future__ import annotations

import errno
import math
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

try:  # libyaml is part of every PyYAML wheel; the fallback keeps a source install working
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader

MAX_BYTES = 256 * 1024  # one berkas or usulan: a few kilobytes
MAX_BYTES_BY_KIND = {"musrenbang": 16 * 1024 * 1024}  # a kabupaten's forum: thousands of scores

Path_ = tuple[str | int, ...]

_CORE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


@dataclass(frozen=True)
class YamlProblem:
    """Why a file could not be read as a record."""

    rule: str
    line: int
    column: int
    message: str
    hint: str = ""


class Document:
    """A parsed record: its data and where each value stands in the file.

    Positions may be left to be found later (`source`: a function giving the
    file's bytes again): a record read from the cache, or parsed in another
    process, needs them only when a finding points into it."""

    __slots__ = ("data", "_positions", "_key_positions", "_source", "_origin", "integral_float")

    def __init__(self, data: Any, positions: dict | None = None, key_positions: dict | None = None,
                 source: Callable[[], bytes | None] | None = None, origin: Document | None = None):
        self.data = data
        self._origin = origin
        lazy = source is not None or origin is not None
        self._positions = positions if positions is not None or lazy else {}
        self._key_positions = key_positions if key_positions is not None or lazy else {}
        self._source = source
        self.integral_float = False  # holds a float like 175.0, which JSON Schema alone would take for an integer

    @property
    def positions(self) -> dict[Path_, tuple[int, int]]:
        if self._positions is None:
            self._locate()
        return self._positions

    @property
    def key_positions(self) -> dict[Path_, tuple[int, int]]:
        if self._key_positions is None:
            self._locate()
        return self._key_positions

    def with_data(self, data: Any) -> Document:
        """Other data at the same positions (a public copy), found when first needed."""
        if self._positions is not None:
            return Document(data, self._positions, self._key_positions)
        return Document(data, origin=self)

    def _locate(self) -> None:
        """Positions from the file's bytes parsed again; none when the bytes are gone
        or no longer hold the same data (a finding then points at line 1)."""
        if self._origin is not None:
            self._positions, self._key_positions = self._origin.positions, self._origin.key_positions
            return
        raw = self._source() if self._source else None
        self._source = None
        self._positions, self._key_positions = {}, {}
        try:
            again = load_bytes(raw) if raw is not None else None
        except YamlError:
            again = None
        if again is not None and again.data == self.data:
            self._positions, self._key_positions = again.positions, again.key_positions

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Document) and (self.data, self.positions, self.key_positions) == (
            other.data, other.positions, other.key_positions)

    def __repr__(self) -> str:
        return f"Document({self.data!r})"

    def where(self, path: Path_, key: bool = False) -> tuple[int, int]:
        """Line and column of the value at `path`, or of its nearest parent."""
        table = self.key_positions if key else self.positions
        positions = self.positions
        for cut in range(len(path), -1, -1):
            found = table.get(path[:cut]) or positions.get(path[:cut])
            if found:
                return found
        return (1, 1)


class YamlError(Exception):
    def __init__(self, problem: YamlProblem):
        super().__init__(problem.message)
        self.problem = problem


def _resolve_plain(value: str) -> Any:
    """Type of an unquoted scalar, as YAML 1.1 (PyYAML) does, minus timestamps."""
    for tag, regexp in _PLAIN_TYPES:
        if regexp.match(value):
            return _CONSTRUCT[tag](value)
    return value


def _int(value: str) -> int:
    if len(value) > 40:
        return 10**40  # too large for any record; refused as such (and Python caps int() at 4300 digits)
    node = yaml.ScalarNode("tag:yaml.org,2002:int", value)
    return yaml.SafeLoader.construct_yaml_int(_CONSTRUCTOR, node)


def _float(value: str) -> float:
    node = yaml.ScalarNode("tag:yaml.org,2002:float", value)
    return yaml.SafeLoader.construct_yaml_float(_CONSTRUCTOR, node)


_CONSTRUCTOR = yaml.SafeLoader("")
_CONSTRUCT = {
    "bool": lambda v: v.lower() in ("yes", "true", "on", "y"),
    "null": lambda v: None,
    "int": _int,
    "float": _float,
}
_RESOLVERS = yaml.resolver.Resolver.yaml_implicit_resolvers
_PLAIN_TYPES = []
for _tag in ("bool", "null", "int", "float"):
    for _first, _pairs in _RESOLVERS.items():
        for _full_tag, _regexp in _pairs:
            if _full_tag == f"tag:yaml.org,2002:{_tag}" and (_tag, _regexp) not in _PLAIN_TYPES:
                _PLAIN_TYPES.append((_tag, _regexp))
# The null resolver also matches the empty string.
_PLAIN_TYPES.insert(0, ("null", re.compile(r"^(?:~|null|Null|NULL|)$")))


_KINDS = {bool: "bool", type(None): "null", int: "int", float: "float"}


def _tagged(event) -> Any:
    """A scalar with an explicit core tag (`!!int 5`): its value must fit the tag."""
    kind = event.tag.rsplit(":", 1)[1]
    if kind == "str":
        return event.value
    value = _resolve_plain(event.value)
    if kind not in _CONSTRUCT or _KINDS.get(type(value)) != kind and not (kind == "float" and type(value) is int):
        raise _problem("yaml.tag", event, f"Nilai '{event.value}' tidak sesuai tag '!!{kind}'.",
                       "Hapus tagnya dan tulis nilai biasa, misalnya angka tanpa tanda kutip.")
    return float(value) if kind == "float" else value


# Characters a record may not hold: C0 controls but tab and newline, DEL, C1
# controls (they drive terminals and spreadsheets), and the bidirectional
# embeddings, overrides and isolates that make text read differently from what
# it says (U+202A-U+202E, U+2066-U+2069).
_ODD_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
MAX_INTEGER = 2**53 - 1  # what every JSON reader keeps exactly


def _refuse_odd_value(event, value: Any) -> None:
    if isinstance(value, str):
        found = _ODD_CHARACTERS.search(value)
        if found:
            raise _problem("yaml.karakter-kendali", event,
                           f"Teks memuat karakter kendali atau pembalik arah tulisan (U+{ord(found[0]):04X}).",
                           "Hapus karakter itu (sering ikut tersalin dari aplikasi lain); tulis teks biasa.")
    elif isinstance(value, float) and not math.isfinite(value):
        raise _problem("yaml.angka-tidak-sah", event, f"Angka '{event.value}' bukan bilangan terhingga.",
                       "Tulis angka biasa, misalnya 350 atau 2.5.")
    elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INTEGER:
        raise _problem("yaml.angka-tidak-sah", event, f"Angka '{event.value[:30]}' terlalu besar.",
                       f"Angka paling besar {MAX_INTEGER:,}".replace(",", ".") + "; periksa jumlah digitnya.")


def _position(mark) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


def _problem(rule: str, event, message: str, hint: str = "") -> YamlError:
    line, column = _position(event.start_mark)
    return YamlError(YamlProblem(rule, line, column, message, hint))


class _Builder:
    """Turns libyaml events into plain data, refusing what a record may not hold."""

    def __init__(self, events, positions: bool = True):
        self.events = events
        self.doc = Document(None)
        self.keep = positions  # without them no path is built: a third faster

    def next(self):
        return next(self.events)

    def build(self) -> Document:
        self.next()  # StreamStart
        event = self.next()
        if isinstance(event, yaml.StreamEndEvent):
            raise YamlError(YamlProblem("yaml.kosong", 1, 1, "Berkas kosong.", "Isi berkas dengan data sesuai skemanya."))
        event = self.next()  # first event inside the document
        self.doc.data = self.value(event, ())
        if self.doc.data is None:
            raise YamlError(YamlProblem("yaml.kosong", 1, 1, "Berkas tidak berisi data.",
                                        "Isi berkas dengan data sesuai skemanya."))
        self.next()  # DocumentEnd
        event = self.next()
        if not isinstance(event, yaml.StreamEndEvent):
            raise _problem(
                "yaml.banyak-dokumen",
                event,
                "Berkas berisi lebih dari satu dokumen YAML (pemisah '---').",
                "Simpan satu catatan per berkas: hapus '---' dan dokumen kedua.",
            )
        return self.doc

    def value(self, event, path: Path_ | None) -> Any:
        self.refuse_special(event)
        if self.keep:
            self.doc.positions[path] = _position(event.start_mark)
        if isinstance(event, yaml.ScalarEvent):
            return self.scalar(event)
        if isinstance(event, yaml.SequenceStartEvent):
            self.collection_tag(event, "seq")
            return self.sequence(path)
        if isinstance(event, yaml.MappingStartEvent):
            self.collection_tag(event, "map")
            return self.mapping(path)
        raise _problem("yaml.sintaks", event, "Struktur YAML tidak dikenal.")  # pragma: no cover

    @staticmethod
    def collection_tag(event, kind: str) -> None:
        if event.tag and event.tag != f"tag:yaml.org,2002:{kind}":
            raise _problem("yaml.tag", event, f"Tag YAML '{event.tag}' tidak sesuai isinya.",
                           "Hapus tag (kata yang diawali '!').")

    @staticmethod
    def refuse_special(event) -> None:
        if isinstance(event, yaml.AliasEvent):
            raise _problem(
                "yaml.alias",
                event,
                f"Alias YAML '*{event.anchor}' tidak diizinkan.",
                "Tulis nilainya secara lengkap di tempat ini.",
            )
        if getattr(event, "anchor", None):
            raise _problem(
                "yaml.alias",
                event,
                f"Anchor YAML '&{event.anchor}' tidak diizinkan.",
                "Hapus '&" + event.anchor + "'; tulis setiap nilai secara lengkap.",
            )
        tag = getattr(event, "tag", None)
        if tag and tag not in _CORE_TAGS and tag != "!":
            raise _problem(
                "yaml.tag",
                event,
                f"Tag YAML '{tag}' tidak diizinkan.",
                "Hapus tag (kata yang diawali '!') dan tulis nilai biasa.",
            )

    def scalar(self, event) -> Any:
        if event.tag in _CORE_TAGS:
            value = _tagged(event)
        elif event.implicit[0]:  # plain (unquoted) scalar
            value = _resolve_plain(event.value)
        else:
            return self.text(event)
        _refuse_odd_value(event, value)
        if type(value) is float and value.is_integer():
            self.doc.integral_float = True
        return value

    @staticmethod
    def text(event) -> str:
        _refuse_odd_value(event, event.value)
        return event.value

    def sequence(self, path: Path_) -> list:
        items = []
        event = self.next()
        while not isinstance(event, yaml.SequenceEndEvent):
            items.append(self.value(event, path + (len(items),) if self.keep else None))
            event = self.next()
        return items

    def mapping(self, path: Path_) -> dict:
        result: dict[str, Any] = {}
        event = self.next()
        while not isinstance(event, yaml.MappingEndEvent):
            key = self.key(event, path, result)
            result[key] = self.value(self.next(), path + (key,) if self.keep else None)
            event = self.next()
        return result

    def key(self, event, path: Path_, seen: dict) -> str:
        self.refuse_special(event)
        if not isinstance(event, yaml.ScalarEvent):
            raise _problem(
                "yaml.kunci",
                event,
                "Kunci (nama isian) harus berupa teks biasa.",
                "Tulis nama isian diikuti titik dua, misalnya 'judul: ...'.",
            )
        key = event.value
        _refuse_odd_value(event, key)
        if key in seen:
            if not self.keep:
                raise YamlError(YamlProblem("yaml.kunci-ganda", 1, 1, ""))  # `load_bytes` reads it again to say where
            first = self.doc.key_positions[path + (key,)]
            raise _problem(
                "yaml.kunci-ganda",
                event,
                f"Isian '{key}' ditulis dua kali (pertama di baris {first[0]}).",
                "Hapus salah satunya; setiap isian hanya boleh ada sekali.",
            )
        if self.keep:
            self.doc.key_positions[path + (key,)] = _position(event.start_mark)
        return key


def read_file(path: str | os.PathLike) -> tuple[os.stat_result, bytes]:
    """A record file's bytes, and its stat. Anything but a regular file (a FIFO
    named `01-x.yaml` would block a plain open for ever, a device read without
    end) is refused with an OSError."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as handle:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise OSError(errno.EINVAL, "bukan berkas biasa (mungkin FIFO atau perangkat)")
        return st, handle.read()


def decode(raw: bytes, max_bytes: int = MAX_BYTES) -> str:
    """Bytes to text, refusing anything that is not UTF-8 within the size cap."""
    if len(raw) > max_bytes:
        raise YamlError(
            YamlProblem(
                "yaml.terlalu-besar",
                1,
                1,
                f"Berkas terlalu besar ({len(raw):,} bita; batas {max_bytes:,} bita).".replace(",", "."),
                "Catatan usulan cukup beberapa kilobita; simpan lampiran besar di luar berkas YAML.",
            )
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise YamlError(
            YamlProblem(
                "yaml.bukan-utf8",
                line,
                1,
                "Berkas bukan teks UTF-8.",
                "Simpan ulang berkas dengan pengodean UTF-8 (pilihan 'UTF-8' di penyunting teks).",
            )
        ) from None
    return text.removeprefix("\ufeff")


# libyaml's messages, in the words of a user who edits YAML in a browser.
_SYNTAX_MESSAGES = {
    "did not find expected key": "ada baris yang indentasinya tidak sejajar atau tanda '-' yang salah tempat",
    "did not find expected ',' or ']'": "daftar [ ... ] tidak ditutup dengan ']'",
    "did not find expected ',' or '}'": "pemetaan { ... } tidak ditutup dengan '}'",
    "mapping values are not allowed in this context": "titik dua ':' di tempat yang tidak semestinya (beri tanda kutip pada teks yang memuat ': ')",
    "found character that cannot start any token": "ada karakter yang tidak boleh mengawali nilai (misalnya tab, '@' atau '`'); beri tanda kutip",
    "found unexpected end of stream": "berkas berakhir sebelum tanda kutip atau kurung ditutup",
    "found undefined alias": "alias yang tidak dikenal",
    "did not find expected <document start>": "isi sesudah akhir dokumen",
    "did not find expected node content": "nilai kosong atau tidak lengkap",
    "found a tab character that violates indentation": "indentasi memakai tab; gunakan spasi",
    "found a tab character where an indentation space is expected": "indentasi memakai tab; gunakan spasi",
    "could not find expected ':'": "tidak ada titik dua ':' sesudah nama isian",
    "found unknown escape character": "karakter escape tidak dikenal di dalam tanda kutip ganda",
    "control characters are not allowed": "ada karakter kendali yang tidak boleh ada di teks",
}


def _translate(problem: str | None) -> str:
    problem = (problem or "").strip()
    for english, indonesian in _SYNTAX_MESSAGES.items():
        if problem.startswith(english):
            return indonesian
    return f"'{problem}'"


def _error_position(error: yaml.MarkedYAMLError, text: str) -> tuple[int, int]:
    """Where to send the user: an unclosed bracket or quote is fixed where it opens."""
    opened = error.context and error.context.startswith(("while parsing a flow", "while scanning a quoted"))
    mark = (error.context_mark if opened else None) or error.problem_mark or error.context_mark
    if mark is None:
        return (1, 1)
    last_line = max(1, text.count("\n") + (0 if text.endswith("\n") else 1))
    return (min(mark.line + 1, last_line), mark.column + 1)


def parse(text: str, positions: bool = True) -> Document:
    """Parse one record; raises YamlError with a position on any problem."""
    try:
        return _Builder(iter(yaml.parse(text, Loader=_Loader)), positions).build()
    except yaml.MarkedYAMLError as error:
        line, column = _error_position(error, text)
        raise YamlError(
            YamlProblem(
                "yaml.sintaks",
                line,
                column,
                f"Penulisan YAML tidak sah: {_translate(error.problem or error.context)}.",
                "Periksa indentasi (spasi, bukan tab), titik dua setelah nama isian, "
                "dan tanda kutip yang berpasangan.",
            )
        ) from None
    except yaml.YAMLError as error:
        raise YamlError(YamlProblem("yaml.sintaks", 1, 1, f"Penulisan YAML tidak sah: {error}.")) from None


def load_bytes(raw: bytes, kind: str | None = None, positions: bool = True) -> Document:
    """The record in `raw`. Without `positions` the data only (a third faster):
    what a valid record needs; any problem is read again with them, so its
    message and line are the same either way."""
    text = decode(raw, MAX_BYTES_BY_KIND.get(kind or "", MAX_BYTES))
    if positions:
        return parse(text)
    try:
        return parse(text, positions=False)
    except YamlError:
        return parse(text)
