"""Edits that keep what people wrote: comments, key order, quoting and layout.

Every SOP step adds to a record (a new top-level key, or a new item at the end of
a list), so edits are insertions of new lines; the diff shows only those lines.
Each edit is verified by parsing the result and comparing it with the intended
data; anything else is refused, never written.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from .errors import MusrenbangError
from .yamlio import YamlError, parse

_ITEM = re.compile(r"^(\s*)-\s")


class _Dumper(yaml.SafeDumper):
    """Writes times unquoted and indents lists under their key, as people write them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):
        return super().increase_indent(flow, False)


_Dumper.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in pairs if tag != "tag:yaml.org,2002:timestamp"]
    for first, pairs in yaml.SafeDumper.yaml_implicit_resolvers.items()
}


def dump(data: dict[str, Any], indent: int = 0) -> list[str]:
    """Block-style YAML lines for new data, indented by `indent` spaces."""
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=10_000)
    return [" " * indent + line for line in text.splitlines()]


def _top_level_lines(doc) -> list[tuple[int, str]]:
    return sorted((line, key[0]) for key, (line, _) in doc.key_positions.items() if len(key) == 1)


def add_key(text: str, key: str, value: dict[str, Any]) -> str:
    """Append `key: value` at the end of the record."""
    doc = _parse(text)
    if key in doc.data:
        raise MusrenbangError(f"Isian '{key}' sudah ada; langkah yang sudah tercatat tidak diubah.")
    result = _ensure_newline(text) + "\n".join(dump({key: value})) + "\n"
    return _verified(result, {**doc.data, key: value})


def set_key(text: str, key: str, value: Any) -> str:
    """Set top-level `key` to `value`: replace its block where it stands, or append it.
    The lines of every other key stay as they were."""
    doc = _parse(text)
    if key not in doc.data:
        return _verified(_ensure_newline(text) + "\n".join(dump({key: value})) + "\n", {**doc.data, key: value})
    lines = text.splitlines()
    start = doc.key_positions[(key,)][0] - 1
    end = _block_end(lines, doc, key) if any(line > start + 1 for line, _ in _top_level_lines(doc)) else len(lines)
    end = max(end, start + 1)
    lines[start:end] = dump({key: value})
    return _verified("\n".join(lines) + "\n", {**doc.data, key: value})


def append_item(text: str, key: str, item: dict[str, Any]) -> str:
    """Append `item` to the block list under top-level `key` (creating it if absent)."""
    doc = _parse(text)
    current = doc.data.get(key)
    if current is None:
        lines = _ensure_newline(text).splitlines()
        if key in doc.data:  # `key:` present but empty
            line = doc.key_positions[(key,)][0]
            lines[line - 1] = f"{key}:"
            lines[line:line] = _as_item(item, 2)
            result = "\n".join(lines) + "\n"
        else:
            result = "\n".join(lines + [f"{key}:"] + _as_item(item, 2)) + "\n"
        return _verified(result, {**doc.data, key: [item]})
    if not isinstance(current, list):
        raise MusrenbangError(f"Isian '{key}' bukan daftar; sunting berkas secara manual.")
    if not current:
        return _replace_empty_flow(text, doc, key, item)
    lines = text.splitlines()
    first_item_line = doc.positions[(key, 0)][0]
    match = _ITEM.match(lines[first_item_line - 1])
    if not match:
        raise MusrenbangError(f"Daftar '{key}' ditulis dalam bentuk [ ... ]; ubah ke bentuk baris '- ...' lebih dulu.")
    end = _block_end(lines, doc, key)
    lines[end:end] = _as_item(item, len(match.group(1)))
    return _verified("\n".join(lines) + "\n", {**doc.data, key: current + [item]})


def _as_item(item: dict[str, Any], dash_indent: int) -> list[str]:
    body = dump(item, dash_indent + 2)
    body[0] = " " * dash_indent + "- " + body[0].lstrip()
    return body


def _block_end(lines: list[str], doc, key: str) -> int:
    """Index after the last line that belongs to the list under `key`."""
    start = doc.key_positions[(key,)][0]
    following = [line for line, name in _top_level_lines(doc) if line > start]
    stop = (following[0] - 1) if following else len(lines)
    end = start
    for index in range(start, stop):
        stripped = lines[index].strip()
        if stripped and not stripped.startswith("#") and (lines[index][0] in " -\t"):
            end = index + 1
    return end


def _replace_empty_flow(text: str, doc, key: str, item: dict[str, Any]) -> str:
    lines = text.splitlines()
    line = doc.key_positions[(key,)][0]
    if not re.match(rf"^{re.escape(key)}:\s*\[\s*\]\s*(#.*)?$", lines[line - 1]):
        raise MusrenbangError(f"Bentuk daftar '{key}' tidak dikenali; sunting berkas secara manual.")
    lines[line - 1: line] = [f"{key}:"] + _as_item(item, 2)
    return _verified("\n".join(lines) + "\n", {**doc.data, key: [item]})


def _ensure_newline(text: str) -> str:
    return text if text.endswith("\n") or not text else text + "\n"


def _parse(text: str):
    try:
        doc = parse(text)
    except YamlError as error:
        raise MusrenbangError(f"Berkas tidak dapat dibaca (baris {error.problem.line}): {error.problem.message}") from None
    if not isinstance(doc.data, dict):
        raise MusrenbangError("Berkas tidak berisi pemetaan isian.")
    return doc


def _verified(result: str, expected: dict[str, Any]) -> str:
    if _parse(result).data != expected:
        raise MusrenbangError("Penyuntingan otomatis tidak menghasilkan isi yang diharapkan; berkas tidak diubah. "
                              "Sunting berkas secara manual.")
    return result
