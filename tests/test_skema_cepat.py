"""The compiled validator (jsonschema-rs) decides only "valid": its verdict must
equal jsonschema's on every record of the rule cases, and where the two could
differ it may only be stricter, never more lenient (a record it calls valid has
no jsonschema error)."""

from __future__ import annotations

import copy
import re
import sys
import unicodedata

import pytest

from musrenbang.referensi import FILES
from musrenbang.riwayat.pembaca import classify
from musrenbang.schemas import SchemaSet, _compiled
from musrenbang.source import FolderSource
from musrenbang.yamlio import _ODD_CHARACTERS, YamlError, load_bytes

from .conftest import CASES, REPO

jsonschema_rs = pytest.importorskip("jsonschema_rs")

SCHEMAS = SchemaSet.load(FolderSource(REPO))
KIND_OF_SOP = {path: kind for kind, path in FILES.items()}


def _kind(relative: str) -> str | None:
    if relative in KIND_OF_SOP:
        return KIND_OF_SOP[relative]
    where = classify(relative)
    return where.kind if where else None


def _case_records():
    """(label, kind, bytes) of every record file in the cases and the repository."""
    roots = [REPO, CASES / "base", *sorted((CASES / "invalid").iterdir()), *sorted((CASES / "valid").iterdir())]
    for root in roots:
        for path in sorted(root.rglob("*.yaml")):
            relative = path.relative_to(root).as_posix()
            kind = _kind(relative)
            if kind and "_work" not in path.parts and ".venv" not in path.parts:
                yield f"{root.name}/{relative}", kind, path.read_bytes()


RECORDS = list(_case_records())


def _slow_valid(kind: str, data) -> bool:
    return next(iter(SCHEMAS.validator(kind).iter_errors(data)), None) is None


def _compiled_valid(kind: str, data) -> bool:
    """The compiled verdict; jsonschema's for a schema left to it (`_compiled` None)."""
    compiled = _compiled(SCHEMAS.validator(kind).schema)
    return _slow_valid(kind, data) if compiled is None else compiled.is_valid(data)


def test_the_cases_hold_records_of_every_kind():
    assert {kind for _, kind, _ in RECORDS} == {"berkas", "usulan", "musrenbang", *FILES}
    assert len(RECORDS) > 150


@pytest.mark.parametrize("label,kind,raw", RECORDS, ids=[label for label, _, _ in RECORDS])
def test_compiled_verdict_is_jsonschemas(label, kind, raw):
    try:
        doc = load_bytes(raw, kind)
    except YamlError:
        return  # never reaches a schema
    slow = _slow_valid(kind, doc.data)
    if not doc.integral_float:
        assert _compiled_valid(kind, doc.data) == slow, label
    assert SCHEMAS.known_valid(kind, doc) <= slow, label
    assert (SCHEMAS.check(kind, doc, label) == []) == slow


def _usulan() -> dict:
    raw = next(raw for label, kind, raw in RECORDS if kind == "usulan" and label.startswith("base/"))
    data = load_bytes(raw).data
    assert _slow_valid("usulan", data)
    return data


# Values where Python's and Rust's regular expressions, numbers or formats part ways.
EDGES = ["2025-01-10\n", "2025-02-30", "٢٠٢٥-٠١-١٠", "2025-01-10T08:30:00+07:00\n", "2025-01-10T25:30:00+07:00",
         "\u3000", "\ufeff", "\u00a0", "\u2028", "a\u3000@b", "x" * 400, "", " ", "P1D\n", "𝟚𝟘𝟚𝟝", 175.0, 1e3,
         2**53 - 1, -(2**53), True, None, [], {}, 0.5]


@pytest.mark.parametrize("edge", EDGES, ids=[repr(e)[:20] for e in EDGES])
def test_compiled_is_never_more_lenient_on_edge_values(edge):
    base = _usulan()
    for path in _leaf_paths(base):
        data = copy.deepcopy(base)
        _set(data, path, edge)
        doc = load_bytes(b"x: 1")
        doc.data = data
        doc.integral_float = isinstance(edge, float) and edge.is_integer()
        assert SCHEMAS.known_valid("usulan", doc) <= _slow_valid("usulan", data), (path, edge)


# The character classes our schemas use. (A bare `\s` would not do: Rust's also
# matches U+FEFF, Python's does not; the test below keeps it out.)
CLASSES = (r"\S", r"^[^@\s]+$", r"^\d$", r"^.$", r"^[0-9]$")


def _patterns(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                yield value
            yield from _patterns(value)
    elif isinstance(node, list):
        for value in node:
            yield from _patterns(value)


def test_the_schemas_use_only_the_compared_classes():
    for pattern in _patterns(SCHEMAS.schemas):
        rest = pattern.replace("[^@\\s]", "").replace("\\S", "").replace("\\d", "")
        assert not re.search(r"\\[sSdDwWbB]", rest), pattern


def test_character_classes_are_never_more_lenient():
    """Every character a record may hold: where Rust's `\\s`, `\\S`, `\\d` or `.`
    match, Python's do too (Python's are what the messages come from)."""
    chars = [chr(c) for c in range(sys.maxunicode + 1)
             if not 0xD800 <= c <= 0xDFFF and not _ODD_CHARACTERS.match(chr(c))]
    for pattern in CLASSES:
        compiled = jsonschema_rs.Draft202012Validator({"items": {"pattern": pattern}})
        rust_refused = {error.instance_path[0] for error in compiled.iter_errors(chars)}
        python = re.compile(pattern)
        lenient = [chars[i] for i in range(len(chars)) if i not in rust_refused and not python.search(chars[i])]
        assert lenient == [], (pattern, [hex(ord(c)) for c in lenient[:10]])


def _leaf_paths(data, prefix=()):
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _leaf_paths(value, prefix + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _leaf_paths(value, prefix + (index,))
    else:
        yield prefix


def _set(data, path, value):
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


@pytest.mark.parametrize("label,kind,raw", RECORDS, ids=[label for label, _, _ in RECORDS])
def test_reading_without_positions_gives_the_same_data_and_problem(label, kind, raw):
    """Worker processes read valid records without positions (`bulk.entry_text`)."""
    def outcome(positions: bool):
        try:
            doc = load_bytes(raw, kind, positions=positions)
        except YamlError as error:
            return error.problem
        return doc.data, doc.integral_float
    assert outcome(False) == outcome(True), label


# Characters where Python's `re` and Rust's regex engines may part ways: every
# Unicode digit zero Python knows, digits of Unicode 15 and 16 it does not
# (Kawi U+11F50, Nag Mundari U+1E4F0, Garay U+10D40, Kirat Rai U+16D70),
# spaces of every kind, and letters with case or width oddities.
INTERESTING = sorted(c for c in {
    *(chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Nd"
      and unicodedata.digit(chr(c)) in (0, 9)),
    "\U00011f50", "\U00011f59", "\U0001e4f0", "\U00010d40", "\U00010d49", "\U00016d70",
    "\t", "\n", "\r", "\v", "\f", " ", "\u0085", "\u00a0", "\u1680", "\u180e", "\u2000", "\u200a", "\u2028",
    "\u2029", "\u202f", "\u205f", "\u3000", "\ufeff", "\u200b",
    "a", "z", "A", "Z", "0", "5", "9", "_", "-", ".", ":", "@", "+", "/", "*", "!", "?", "=",
    "é", "İ", "ı", "\u212a", "ſ", "ß", "Ⅻ", "²", "½", "𝟚", "٣", "\U0001f600",
} if not _ODD_CHARACTERS.match(c))  # control characters never reach a schema (yamlio refuses them)

SEEDS = ["P1DT2H3M4S", "PT5M", "P2D", "age1" + "q" * 58, "ssh-ed25519 AAAAC3Nz komentar", "ssh-rsa AAAA",
         "35.08.10", "35.08.10.2006", "2025", "2025-01-10", "2025-01-10T08:30+07:00", "2025-01-10T08:30:00Z",
         "198001012006041001", "19800101 200604 1 001", "0812-3456-7890", "+62 812 3456", "a@b.id", "denok",
         "denok/01", "sumber-rejeki/12", "fisik", "abc_def", "*.yaml", "!docs/**", "x", "12", "3508101201800001",
         "petugas.satu"]


def _record_strings():
    for _, kind, raw in RECORDS:
        try:
            yield from _strings(load_bytes(raw, kind).data)
        except YamlError:
            continue


def _strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield str(key)
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


STRINGS = sorted(set(SEEDS) | {s for s in _record_strings() if len(s) <= 80})
PATTERNS = sorted(set(_patterns(SCHEMAS.schemas)))


@pytest.mark.parametrize("pattern", PATTERNS)
def test_every_schema_pattern_with_each_interesting_character(pattern):
    """Each real pattern, on matching values with each character of interest put in
    at every place: where the compiled validator (as `_compiled` builds it) accepts
    a value, Python's `re` does too; a pattern with lookarounds is not compiled."""
    python = re.compile(pattern)
    examples = [s for s in STRINGS if python.search(s)][:6]
    assert examples, pattern
    compiled = _compiled({"items": {"type": "string", "pattern": pattern}})
    if re.search(r"\(\?<?[=!]", pattern):
        assert compiled is None, pattern
        return
    values = sorted({s[:i] + c + s[i + 1:] for s in examples for i in range(len(s) + 1) for c in INTERESTING}
                    | {s[:i] + c + s[i:] for s in examples for i in (0, len(s)) for c in INTERESTING})
    refused = {error.instance_path[0] for error in compiled.iter_errors(values)}
    lenient = [values[i] for i in range(len(values)) if i not in refused and not python.search(values[i])]
    assert lenient == [], (pattern, lenient[:5])


def test_a_duration_with_a_digit_python_does_not_know_is_jsonschemas_to_judge():
    """`PT𑽐M` (a Kawi digit, Unicode 15) in the kecamatan SOP: Rust's fancy-regex
    took it for a digit; the schema is now left to jsonschema, which refuses it."""
    kind = "sop"
    raw = (REPO / "sop/musrenbang-kecamatan.yaml").read_bytes()
    doc = load_bytes(raw, kind)
    assert _compiled(SCHEMAS.validator(kind).schema) is None
    text = raw.decode("utf-8")
    durations = re.findall(r"waktu: (PT\d+[HMS])\n", text)
    assert durations
    bad = load_bytes(text.replace(f"waktu: {durations[0]}", "waktu: PT\U00011f50M", 1).encode("utf-8"), kind)
    assert bad.data != doc.data
    assert not SCHEMAS.known_valid(kind, bad) and SCHEMAS.check(kind, bad, "sop/musrenbang-kecamatan.yaml") != []


@pytest.mark.parametrize("schema", [
    {"pattern": r"^\p{L}+$"}, {"pattern": r"^a\z"}, {"pattern": r"^\x{41}$"}, {"pattern": "^a(?i)b$"},
    {"properties": {"x": {"multipleOf": 0.01}}}, {"patternProperties": {r"\p{L}": {}}},
    {"items": {"anyOf": [{"multipleOf": 1.5}]}},
])
def test_a_schema_python_reads_otherwise_is_left_to_jsonschema(schema):
    """A register may customise its schemas: a pattern Python's `re` cannot compile,
    or a decimal `multipleOf` (0.07 is a multiple of 0.01 for Rust, not for Python)."""
    assert _compiled(schema) is None
    assert _compiled({"properties": {"x": {"multipleOf": 2, "pattern": "^a$"}}}) is not None
