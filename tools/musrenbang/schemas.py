"""JSON Schemas of the records (in `sop/schemas/`) and their errors in Indonesian.

Each schema error becomes a finding at the line of the value it is about (or of
the key, for an unknown key), with rule id `skema.<keyword>`.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .errors import MusrenbangError
from .findings import Finding
from .similar import suggest
from .yamlio import Document

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

SCHEMA_DIR = "sop/schemas"

_TYPE_NAMES = {
    "string": "teks",
    "integer": "bilangan bulat",
    "number": "angka",
    "boolean": "true atau false",
    "array": "daftar",
    "object": "pemetaan (isian: nilai)",
    "null": "kosong",
}

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _is_date(value: object) -> bool:
    if not isinstance(value, str) or not _DATE.match(value):
        return True  # the pattern reports the shape; this checks the calendar
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_datetime(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


@lru_cache(maxsize=1)
def _jsonschema():
    """jsonschema's validator class and format checker, imported on first use: a
    register whose records all pass the compiled validator never needs them (an
    eighth of a second at every start).

    An integer is an integer as written: YAML reads `175.000` (the Indonesian way
    of writing 175 thousand) as the float 175.0, which JSON Schema's integer would
    accept as 175."""
    from jsonschema import Draft202012Validator, FormatChecker, validators
    formats = FormatChecker(formats=())
    formats.checks("date")(_is_date)
    formats.checks("date-time")(_is_datetime)
    validator = validators.extend(
        Draft202012Validator,
        type_checker=Draft202012Validator.TYPE_CHECKER.redefine(
            "integer", lambda _checker, value: isinstance(value, int) and not isinstance(value, bool)))
    return validator, formats


def _type_name(types: str | list[str]) -> str:
    if isinstance(types, str):
        types = [types]
    return " atau ".join(_TYPE_NAMES.get(t, t) for t in types)


def _label(error: ValidationError) -> str:
    """How to name the value in a message: its whole path and its title,
    "'pengusul.nama' (Nama pengusul atau lembaga)"."""
    path = list(error.absolute_path)
    if not any(isinstance(p, str) for p in path):
        return "berkas"
    title = error.schema.get("title") if isinstance(error.schema, dict) else None
    return _named(jalur_isian(path), title)


def jalur_isian(path) -> str:
    """['disposisi', 0, 'isi'] → 'disposisi[1].isi' (items counted from 1, as people count)."""
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _named(path: str, title: str | None) -> str:
    return f"'{path}' ({title})" if title else f"'{path}'"


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    return text if len(text) <= 60 else text[:57] + "..."


def _required(error: ValidationError) -> tuple[str, str]:
    name = re.search(r"'([^']+)'", error.message).group(1)
    field = error.schema.get("properties", {}).get(name, {})
    about = field.get("description") or field.get("title") or ""
    where = _named(jalur_isian(list(error.absolute_path) + [name]), field.get("title"))
    return f"Isian wajib {where} belum ada.", f"Tambahkan '{name}: ...'. {about}".strip()


def _unknown_keys(error: ValidationError, doc: Document, path: str) -> list[Finding]:
    """One finding per unknown key, at the key, in file order."""
    allowed = list(error.schema.get("properties", {}))
    here = tuple(error.absolute_path)
    findings = []
    for name in (key for key in error.instance if key not in allowed):
        line, column = doc.where(here + (name,), key=True)
        findings.append(Finding(path, line, column, "skema.additionalProperties",
                                f"Isian '{name}' tidak dikenal di sini.", suggest(name, allowed, "isian")))
    return findings


def _bad_key(error: ValidationError, doc: Document, path: str) -> list[Finding]:
    """An error inside `propertyNames`: the key itself is wrong."""
    line, column = doc.where(tuple(error.absolute_path) + (error.instance,), key=True)
    return [Finding(path, line, column, "skema.propertyNames", f"Nama isian '{error.instance}' tidak sah di sini.",
                    error.schema.get("description", "Gunakan slug: huruf kecil, angka dan tanda hubung."))]


def _findings(error: ValidationError, doc: Document, path: str) -> list[Finding]:
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        return _unknown_keys(error, doc, path)
    if "propertyNames" in error.absolute_schema_path:
        return _bad_key(error, doc, path)
    message, hint = _MESSAGES.get(error.validator, _generic)(error)
    line, column = doc.where(tuple(error.absolute_path))
    return [Finding(path, line, column, f"skema.{error.validator}", message, hint)]


def _type(error: ValidationError) -> tuple[str, str]:
    wanted = error.validator_value
    hint = error.schema.get("description", "")
    if error.instance is None:
        return f"{_label(error)} belum diisi.", (f"Isi dengan {_type_name(wanted)}. " + hint).strip()
    if wanted == "string" and isinstance(error.instance, (int, float)):
        hint = "Tulis nilainya di antara tanda kutip, misalnya \"002\". " + hint
    if wanted in ("integer", "number") and isinstance(error.instance, str):
        amount = angka_indonesia(error.instance)
        hint = (f"Tulis {amount} saja, tanpa 'Rp', titik pemisah ribuan atau tanda kutip. " if amount is not None
                else "Tulis angka saja, tanpa titik pemisah ribuan, 'Rp' atau tanda kutip. ") + hint
    if wanted == "integer" and isinstance(error.instance, float):
        hint = ("Titik dibaca sebagai tanda desimal: 175.000 berarti 175. Tulis bilangan bulat tanpa titik "
                "pemisah ribuan, misalnya 175000000. " + hint)
    return f"{_label(error)} harus berupa {_type_name(wanted)}, bukan {_show(error.instance)!s}.", hint.strip()


_RIBUAN = re.compile(r"^(?:Rp\.?\s*)?(\d{1,3}(?:\.\d{3})+|\d+)(?:,0{1,2})?(?:,-)?$", re.IGNORECASE)


def angka_indonesia(text: str) -> int | None:
    """'Rp 175.000.000', '175.000.000', 'Rp175.000.000,00' → 175000000; anything else → None."""
    found = _RIBUAN.match(text.strip())
    return int(found.group(1).replace(".", "")) if found else None


def _enum(error: ValidationError) -> tuple[str, str]:
    choices = [str(c) for c in error.validator_value]
    return (
        f"Nilai {_show(error.instance)} tidak dikenal untuk {_label(error)}.",
        suggest(str(error.instance), choices, "nilai") or "Pilihan: " + ", ".join(choices) + ".",
    )


def _pattern(error: ValidationError) -> tuple[str, str]:
    return (
        f"Nilai {_show(error.instance)} untuk {_label(error)} tidak sesuai bentuk yang diminta.",
        error.schema.get("description", f"Pola: {error.validator_value}"),
    )


def _format(error: ValidationError) -> tuple[str, str]:
    kind = {"date": "tanggal", "date-time": "waktu"}.get(error.validator_value, error.validator_value)
    return (
        f"{_show(error.instance)} bukan {kind} yang sah untuk {_label(error)}.",
        error.schema.get("description", "Periksa tanggal, bulan dan jamnya."),
    )


def _bound(error: ValidationError) -> tuple[str, str]:
    words = {
        "minimum": "paling kecil",
        "maximum": "paling besar",
        "exclusiveMinimum": "harus lebih dari",
        "exclusiveMaximum": "harus kurang dari",
        "minLength": "panjang paling sedikit",
        "maxLength": "panjang paling banyak",
        "minItems": "jumlah butir paling sedikit",
        "maxItems": "jumlah butir paling banyak",
        "minProperties": "jumlah isian paling sedikit",
        "maxProperties": "jumlah isian paling banyak",
    }
    word = words[error.validator]
    shown = _show(error.instance) if error.validator.endswith("imum") else f"{len(error.instance)}"
    return (
        f"{_label(error)}: {word} {error.validator_value} (sekarang {shown}).",
        error.schema.get("description") or f"Ubah nilainya agar {word} {error.validator_value}.",
    )


def _generic(error: ValidationError) -> tuple[str, str]:
    if error.validator == "uniqueItems":
        return f"{_label(error)} berisi butir yang sama lebih dari sekali.", "Hapus butir yang berulang."
    if error.validator == "propertyNames":
        return f"Nama isian di {_label(error)} tidak sah.", ""
    return (
        f"{_label(error)} tidak sesuai salah satu bentuk yang diizinkan.",
        error.schema.get("description", "Lihat contoh di templat dan skemanya."),
    )


_MESSAGES = {
    "required": _required,
    "type": _type,
    "enum": _enum,
    "const": _enum,
    "pattern": _pattern,
    "format": _format,
}
for _keyword in (
    "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength",
    "minItems", "maxItems", "minProperties", "maxProperties",
):
    _MESSAGES[_keyword] = _bound


def _leaves(error: ValidationError):
    """For oneOf/anyOf, the most specific errors rather than the summary."""
    if error.validator in ("oneOf", "anyOf") and error.context:
        deepest = max(len(e.absolute_path) for e in error.context)
        if deepest > len(error.absolute_path):
            for sub in error.context:
                if len(sub.absolute_path) == deepest:
                    yield sub
            return
    yield error


_ANNOTATIONS = {"title", "description", "x-publik", "$comment"}


def _inline(node: Any, document: dict, schemas: dict[str, dict]) -> Any:
    """The schema with every `$ref` replaced by its target.

    Resolving references once here, instead of on every validation, makes
    validation about twice as fast. Our references are never recursive.
    """
    if isinstance(node, list):
        return [_inline(item, document, schemas) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _inline(value, document, schemas) for key, value in node.items() if key != "$defs"}
    if "$ref" not in node:
        return node
    ref = node.pop("$ref")
    target_doc, _, pointer = ref.partition("#")
    source = schemas[target_doc.removesuffix(".schema.json")] if target_doc else document
    target = source
    for part in pointer.strip("/").split("/") if pointer.strip("/") else []:
        target = target[part]
    resolved = _inline(target, source, schemas)
    if set(node) - _ANNOTATIONS & set(resolved):
        return {"allOf": [resolved], **node}
    return {**resolved, **node}


class SchemaSet:
    """All record schemas of a register, read from its `sop/schemas/`."""

    @classmethod
    def load(cls, source) -> SchemaSet:
        names = source.schema_names()
        if not names:
            raise MusrenbangError(f"Folder skema {SCHEMA_DIR} tidak ditemukan atau kosong di {source.label}.")
        schemas = {}
        for name in names:
            try:
                schemas[name.removesuffix(".schema.json")] = json.loads(source.read(f"{SCHEMA_DIR}/{name}").decode("utf-8"))
            except (ValueError, UnicodeDecodeError) as error:
                raise MusrenbangError(f"Skema {SCHEMA_DIR}/{name} di {source.label} tidak dapat dibaca: {error}.") from None
        return cls(schemas)

    def __init__(self, schemas: dict[str, dict]):
        self.schemas = schemas
        self.inlined = {name: _inline(schema, schema, self.schemas) for name, schema in self.schemas.items()}
        self._validators: dict[str, Draft202012Validator] = {}
        self._compiled: dict[str, Any] = {}

    def fingerprint_parts(self) -> list[str]:
        """What a record's check depends on, for the cache's key."""
        return [json.dumps(self.schemas, sort_keys=True, ensure_ascii=False)]

    def validator(self, kind: str) -> Draft202012Validator:
        if kind not in self.inlined:
            raise MusrenbangError(f"Skema '{kind}.schema.json' tidak ada di {SCHEMA_DIR}.")
        if kind not in self._validators:
            validator, formats = _jsonschema()
            self._validators[kind] = validator(self.inlined[kind], format_checker=formats)
        return self._validators[kind]

    def known_valid(self, kind: str, doc: Document) -> bool:
        """The compiled validator's verdict, trusted only when it says valid.

        It may refuse what jsonschema accepts (Rust's `$` and `\\d` are stricter
        than Python's), never the reverse: the two places where it is more lenient
        are closed here (a float like 175.0 is no integer for us; our `format`
        checkers are passed in). `tests/test_skema_cepat.py` compares the verdicts."""
        if doc.integral_float or kind not in self.inlined:
            return False
        if kind not in self._compiled:
            self._compiled[kind] = _compiled(self.inlined[kind])
        compiled = self._compiled[kind]
        try:
            return compiled is not None and compiled.is_valid(doc.data)
        except Exception:  # noqa: BLE001 (anything it cannot take is left to jsonschema)
            return False

    def check(self, kind: str, doc: Document, path: str) -> list[Finding]:
        if self.known_valid(kind, doc):
            return []
        findings = []
        for error in self.validator(kind).iter_errors(doc.data):
            for leaf in _leaves(error):
                findings.extend(_findings(leaf, doc, path))
        return findings

    def private_paths(self, kind: str) -> list[tuple[str, ...]]:
        """Paths the schema marks `"x-publik": false` ('*' = every item or key),
        found through `$ref`s, combinators and maps as well as properties."""
        if kind not in self.inlined:
            return []
        return sorted(set(_private(self.inlined[kind], ())))


def _compiled(schema: dict):
    """jsonschema-rs's validator for an inlined schema, or None where jsonschema
    decides alone: jsonschema-rs is not installed (a platform without its wheel),
    or the schema is one where the two could part ways (`_python_only`).

    Patterns use the `regex` engine (`RegexOptions`): one with lookarounds then
    fails to compile, rather than going to fancy-regex, whose `\\d` follows newer
    Unicode tables than Python's `re`."""
    try:
        import jsonschema_rs
    except ImportError:
        return None
    if _python_only(schema):
        return None
    try:
        return jsonschema_rs.Draft202012Validator(
            schema, validate_formats=True, formats={"date": _is_date, "date-time": _is_datetime},
            pattern_options=jsonschema_rs.RegexOptions())
    except Exception:  # noqa: BLE001 (a schema it cannot compile: jsonschema decides)
        return None


def _python_only(node: Any) -> bool:
    """A pattern Python's `re` cannot compile (Rust-only syntax such as `\\p{L}`
    or `\\z`: jsonschema reports the error), or a non-integer `multipleOf`
    (Rust and Python round decimals differently)."""
    if isinstance(node, list):
        return any(_python_only(item) for item in node)
    if not isinstance(node, dict):
        return False
    patterns = list(node.get("patternProperties") or {}) if isinstance(node.get("patternProperties"), dict) else []
    if isinstance(node.get("pattern"), str):
        patterns.append(node["pattern"])
    for pattern in patterns:
        try:
            re.compile(pattern)
        except (re.error, RecursionError):
            return True
    step = node.get("multipleOf")
    if step is not None and (isinstance(step, bool) or not isinstance(step, int)):
        return True
    return any(_python_only(value) for value in node.values())


def _private(schema: Any, prefix: tuple[str, ...]):
    if not isinstance(schema, dict):
        return
    if schema.get("x-publik") is False:
        yield prefix
        return
    for name, sub in (schema.get("properties") or {}).items():
        yield from _private(sub, prefix + (name,))
    for sub in [schema.get("additionalProperties"), schema.get("items"), *(schema.get("patternProperties") or {}).values(),
                *(schema.get("prefixItems") or [])]:
        yield from _private(sub, prefix + ("*",))
    for key in ("allOf", "anyOf", "oneOf"):
        for sub in schema.get(key) or []:
            yield from _private(sub, prefix)
    for key in ("if", "then", "else"):
        yield from _private(schema.get(key), prefix)


TIDAK_DITERBITKAN = "(tidak diterbitkan)"


def strip_private(data: Any, private: list[tuple[str, ...]]) -> Any:
    """A copy of `data` without the values at the private paths ('*' = every item
    or key). A private text becomes a placeholder, so that a kecamatan may mark
    any text non-public without a page missing a field it shows; anything else
    private is left out."""
    if not private:
        return data
    if isinstance(data, dict):
        result = {}
        for key, value in data.items():
            inner = [p[1:] for p in private if p[0] in (key, "*")]
            if () in inner:
                if isinstance(value, str):
                    result[key] = TIDAK_DITERBITKAN
                continue
            result[key] = strip_private(value, inner)
        return result
    if isinstance(data, list):
        inner = [p[1:] for p in private if p[0] == "*"]
        if () in inner:
            return [TIDAK_DITERBITKAN for item in data if isinstance(item, str)]
        return [strip_private(item, inner) for item in data]
    return data
