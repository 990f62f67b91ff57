"""One choke point for what is published: a kecamatan that marks fields
`"x-publik": false` in its schemas (through `$ref`s too) sees none of them on
any page, in the search index, the downloads, the exports or the documents."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from musrenbang.yamlio import load_bytes

from .test_site import copy_site_sources

SCHEMAS = ("berkas", "usulan", "musrenbang", "definisi")


def _mark_text_private(node):
    """Every free-text string (no format, enum or id pattern) becomes non-public."""
    if isinstance(node, list):
        for item in node:
            _mark_text_private(item)
        return
    if not isinstance(node, dict):
        return
    free_text = node.get("type") == "string" and not ({"format", "enum"} & set(node)) \
        and node.get("pattern") in (None, "\\S")
    if free_text or str(node.get("$ref", "")).endswith(("/teks", "/teks-pendek")):
        node["x-publik"] = False
    for value in node.values():
        _mark_text_private(value)


def _plant(data, paths: list[tuple], tag: str, planted: list[str]) -> None:
    for path in paths:
        target = data
        for part in path[:-1]:
            target = target.get(part) if isinstance(target, dict) else (target[part] if len(target) > part else None)
            if target is None:
                break
        else:
            if isinstance(target, dict) and path[-1] in target or isinstance(target, list) and len(target) > path[-1]:
                value = f"RAHASIA{tag}{len(planted)}X"
                target[path[-1]] = value
                planted.append(value)


PLANT = {
    "usulan": [("judul",), ("permasalahan",), ("lokasi", "dusun"), ("pemeriksaan", "catatan"),
               ("klasifikasi", "catatan"), ("pengusul", "nama"), ("satuan",)],
    "berkas": [("catatan",), ("disposisi", 0, "isi"), ("disposisi", 1, "isi"), ("pengirim", "nama"),
               ("surat", "perihal")],
    "musrenbang": [("tempat",), ("catatan",)],
}


@pytest.fixture(scope="module")
def private_register(tmp_path_factory) -> tuple[Path, list[str]]:
    root = copy_site_sources(tmp_path_factory.mktemp("privat") / "register")
    for name in SCHEMAS:
        path = root / f"sop/schemas/{name}.schema.json"
        schema = json.loads(path.read_text("utf-8"))
        _mark_text_private(schema)
        path.write_text(json.dumps(schema, ensure_ascii=False, indent=2), "utf-8")
    planted: list[str] = []
    for path in sorted((root / "proposals/2024").rglob("*.yaml")):
        kind = "musrenbang" if path.name == "musrenbang.yaml" else "berkas" if path.name == "berkas.yaml" else "usulan"
        data = load_bytes(path.read_bytes(), kind).data
        _plant(data, PLANT[kind], kind[:3].upper(), planted)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return root, planted


def _cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "musrenbang.cli", *args], cwd=root, capture_output=True, text=True)


def _texts(folder: Path):
    for path in folder.rglob("*"):
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as book:
                for name in book.namelist():
                    yield f"{path}!{name}", book.read(name).decode("utf-8", "replace")
        elif path.is_file():
            yield str(path), path.read_bytes().decode("utf-8", "replace")


def test_no_planted_value_reaches_the_site_the_exports_or_the_documents(private_register):
    root, planted = private_register
    assert len(planted) > 150
    # Not --strict: plain text in a non-public field is itself a finding (it must be encrypted).
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(root / "site")], cwd=root,
                           capture_output=True, text=True, env=env)
    assert build.returncode == 0, build.stderr
    out = root / "keluaran"
    out.mkdir()
    for fmt in ("csv", "json", "xlsx"):
        result = _cli(root, "ekspor", "2024", "--format", fmt, "--keluar", str(out / f"ekspor.{fmt}"))
        assert result.returncode == 0, result.stderr
    result = _cli(root, "dokumen", "2024", "--keluar", str(out / "dokumen"))
    assert result.returncode == 0, result.stderr
    leaks = [(where, value) for folder in (root / "site", out) for where, text in _texts(folder)
             for value in planted if value in text]
    assert leaks == []
    assert "(tidak diterbitkan)" in (root / "site/usulan/2024/denok/01/index.html").read_text("utf-8")
