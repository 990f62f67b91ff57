"""The safe loader: JSON's data model, positions, and refusals instead of crashes."""

from __future__ import annotations

import time

import pytest

from musrenbang.yamlio import YamlError, load_bytes, parse


def test_timestamps_stay_strings_and_keys_are_text():
    doc = parse("a: 2025-01-13T08:30:00+07:00\nb: 2025-01-10\n2024: x\nc: 1\nd: 1.5\ne: true\nf: null\n")
    assert doc.data == {"a": "2025-01-13T08:30:00+07:00", "b": "2025-01-10", "2024": "x",
                        "c": 1, "d": 1.5, "e": True, "f": None}


def test_quoted_numbers_stay_text():
    assert parse('rt: "002"\nrw: 001\n').data == {"rt": "002", "rw": 1}


def test_positions_of_values_and_keys():
    doc = parse("a:\n  b: [1, 2]\n  c: x\n")
    assert doc.where(("a", "b", 1)) == (2, 10)
    assert doc.where(("a", "c"), key=True) == (3, 3)
    assert doc.where(("a", "missing")) == doc.where(("a",))


@pytest.mark.parametrize("text, rule, line", [
    ("a: 1\nb: 2\na: 3\n", "yaml.kunci-ganda", 3),
    ("a: &x 1\n", "yaml.alias", 1),
    ("a: !!python/object:os.system 1\n", "yaml.tag", 1),
    ("a: 1\n---\nb: 2\n", "yaml.banyak-dokumen", 2),
    ("a: [1\n", "yaml.sintaks", 1),
    ("a:\n  b: [1,\n  c: 2\n", "yaml.sintaks", 2),
    ("a: \"abc\n", "yaml.sintaks", 1),
    ("---\n", "yaml.kosong", 1),
    ("a: !!int dua\n", "yaml.tag", 1),
    ("a: !!bool maybe\n", "yaml.tag", 1),
    ("a: !!seq {b: 1}\n", "yaml.tag", 1),
    ("", "yaml.kosong", 1),
    ("# only a comment\n# and another\n", "yaml.kosong", 1),
    ("? [a, b]\n: c\n", "yaml.kunci", 1),
])
def test_refusals(text, rule, line):
    with pytest.raises(YamlError) as caught:
        parse(text)
    assert (caught.value.problem.rule, caught.value.problem.line) == (rule, line)


def test_billion_laughs_is_refused_fast():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev, cur = chr(96 + i), chr(97 + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    started = time.perf_counter()
    with pytest.raises(YamlError) as caught:
        parse("\n".join(lines) + "\n")
    assert caught.value.problem.rule == "yaml.alias"
    assert time.perf_counter() - started < 0.5


def test_non_utf8_and_oversize_are_refused():
    with pytest.raises(YamlError) as caught:
        load_bytes(b"a: 1\nb: caf\xe9\n")
    assert (caught.value.problem.rule, caught.value.problem.line) == ("yaml.bukan-utf8", 2)
    with pytest.raises(YamlError) as caught:
        load_bytes(b"a: " + b"x" * 300_000)
    assert caught.value.problem.rule == "yaml.terlalu-besar"


def test_byte_order_mark_is_accepted():
    assert load_bytes("\ufeffa: 1\n".encode()).data == {"a": 1}


def test_syntax_messages_are_indonesian():
    with pytest.raises(YamlError) as caught:
        parse("a: b: c\n")
    assert "titik dua" in caught.value.problem.message
