"""The rule inventory of H4 as data: ``parameters/rules.toml`` against the inventory of
the *Inkoopplan Wmo Rijswijk 2017* (``shared/rules/003-h4.md``), the tests and the code.

The region's docs page renders its rules from this file (``docs/hooks/regions.py``), so
these tests keep the page true: every id of the inventory is listed, every test or case
a rule names exists, and every encoded rule's id occurs in the code or data it names.
"""

from __future__ import annotations

import re
from pathlib import Path

from sociaaldomein import RuleStatus
from sociaaldomein_h4 import POLICY
from sociaaldomein_h4.sources import PARAMETERS, SOURCE

TESTS = Path(__file__).parent
REGION_DIR = TESTS.parent
PACKAGE = PARAMETERS.parent
INVENTORY = REGION_DIR.parents[1].parent / "shared" / "rules" / "003-h4.md"
"""The inventory beside the repository, where the project keeps it (not shipped)."""

INVENTORY_IDS = [f"H4-{i:02d}" for i in range(1, 99)]
"""The ids of the inventory ``shared/rules/003-h4.md``: 98 rows, H4-01..H4-98 in order."""

MODULES = {"catalog", "rules", "funding", "budgets", "contracting", "indicators", "policy",
           "sources"}


def test_every_inventory_id_is_in_rules_toml_once() -> None:
    """rules.toml lists exactly the inventory's 98 ids, in its order, each citing the
    Inkoopplan with its own id."""
    ids = [rule.id for rule in POLICY.rules]
    assert ids == INVENTORY_IDS
    if INVENTORY.exists():  # in a checkout beside the project's shared material
        listed = re.findall(r"^\| (H4-\d\d) \|", INVENTORY.read_text(encoding="utf-8"), re.M)
        assert listed == INVENTORY_IDS
    for rule in POLICY.rules:
        assert rule.ref.rule == rule.id and rule.ref.source == SOURCE and rule.ref.section


def _targets(rule_tested_by: str) -> list[str]:
    return [t.strip() for t in rule_tested_by.split(";") if t.strip()]


def test_tested_by_names_tests_and_cases_that_exist() -> None:
    """Every test function, case file or test module a rule names exists; a rule that
    is not encoded says why and names no test."""
    for rule in POLICY.rules:
        if rule.status is RuleStatus.NOT_ENCODED:
            assert rule.reason and not rule.tested_by, rule.id
            continue
        assert rule.encoded_in and rule.tested_by, rule.id
        for target in _targets(rule.tested_by):
            file, _, name = target.partition("::")
            file = file.split(" (")[0]
            path = REGION_DIR / file
            assert path.is_file(), f"{rule.id}: {target}: no file {file}"
            if name:
                text = path.read_text(encoding="utf-8")
                assert f"def {name}(" in text, f"{rule.id}: {target} does not exist"
            elif "(PolicyContract)" in target:
                assert "PolicyContract" in path.read_text(encoding="utf-8"), target


def _named_files(encoded_in: str) -> list[Path]:
    """The region's files an ``encoded_in`` text names: ``parameters/x.toml``,
    ``tests/data/x``, ``module.name`` and ``H4Policy.name`` (policy.py)."""
    files: list[Path] = []
    for word in re.findall(r"[A-Za-z_][\w./]*", encoded_in):
        if word.startswith("parameters/"):
            files.append(PACKAGE / word)
        elif word.startswith("tests/"):
            files.append(REGION_DIR / word)
        elif word.startswith("H4Policy."):
            files.append(PACKAGE / "policy.py")
        elif "." in word and word.split(".")[0] in MODULES:
            files.append(PACKAGE / f"{word.split('.')[0]}.py")
    return [f for f in files if f.is_file()]


def _region_text() -> str:
    paths = [*PACKAGE.rglob("*.py"), *PACKAGE.rglob("*.toml"), *TESTS.rglob("*.py"),
             *TESTS.rglob("*.toml")]
    return "\n".join(p.read_text(encoding="utf-8") for p in paths
                     if p.name != "rules.toml")


def test_encoded_rule_ids_appear_in_the_code_or_data_they_name() -> None:
    """Every rule that is not ``not_encoded`` names at least one file of the region it
    lives in, and its id occurs in one of those files; an id that occurs nowhere in the
    region's code, data or tests (outside rules.toml) is an inventory entry with nothing
    behind it."""
    region = _region_text()
    for rule in POLICY.rules:
        if rule.status is RuleStatus.NOT_ENCODED:
            continue
        assert rule.id in region, f"{rule.id} occurs nowhere in the region"
        named = _named_files(rule.encoded_in)
        if named:
            assert any(rule.id in p.read_text(encoding="utf-8") for p in named), (
                f"{rule.id}: not in {', '.join(str(p.relative_to(REGION_DIR)) for p in named)}")
