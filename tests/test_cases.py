"""Every folder under tests/cases/invalid plants defects whose findings are listed
in its expected.yaml (rule, path, line); every folder under tests/cases/valid
must give no finding. A new case is a new folder, not new code."""

from __future__ import annotations

from pathlib import Path

import pytest

from musrenbang.aturan import RULES, known
from musrenbang.validate import validate

from .conftest import CASES, build_register, expected

INVALID = sorted(p for p in (CASES / "invalid").iterdir() if p.is_dir())
VALID = sorted(p for p in (CASES / "valid").iterdir() if p.is_dir())


def _found(root: Path) -> set[tuple[str, str, int]]:
    return {(f.rule, f.path, f.line) for f in validate(root)}


@pytest.mark.parametrize("case", INVALID, ids=[p.name for p in INVALID])
def test_invalid_case_gives_exactly_its_findings(case: Path, tmp_path: Path):
    root = build_register(tmp_path / "register", case)
    wanted = {(f["rule"], f["path"], f["line"]) for f in expected(case)["temuan"]}
    assert _found(root) == wanted


@pytest.mark.parametrize("case", VALID, ids=[p.name for p in VALID])
def test_valid_case_gives_no_finding(case: Path, tmp_path: Path):
    root = build_register(tmp_path / "register", case)
    assert _found(root) == set()


def test_base_register_is_clean(register: Path):
    assert _found(register) == set()


def test_every_finding_in_the_cases_is_a_catalogued_rule():
    for case in INVALID:
        for finding in expected(case)["temuan"]:
            assert known(finding["rule"]), f"{case.name}: {finding['rule']} is not in aturan.RULES"


def test_every_catalogued_rule_has_an_invalid_case():
    planted = {f["rule"] for case in INVALID for f in expected(case)["temuan"]}
    missing = sorted(set(RULES) - planted - {"yaml.tidak-terbaca"})
    assert missing == []


@pytest.mark.parametrize("kind", ["berkas", "usulan"])
def test_templates_follow_their_schema(kind):
    from musrenbang.schemas import SchemaSet
    from musrenbang.source import FolderSource
    from musrenbang.yamlio import load_bytes

    from .conftest import REPO

    doc = load_bytes((REPO / "proposals/_templat" / f"{kind}.yaml").read_bytes())
    assert SchemaSet.load(FolderSource(REPO)).check(kind, doc, kind) == []
