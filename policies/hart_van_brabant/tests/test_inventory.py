"""The rule inventory in ``parameters/rules.toml``: complete, and every reference in it real.

The inventory of the project (``HVB16-01`` .. ``HVB16-90`` for the 2016 principles,
``HVB19-01`` .. ``HVB19-84`` for the 2019 purchasing plan) is listed in full; the region's
docs page is generated from this file by the docs hook, so these tests keep that page
honest."""

from __future__ import annotations

import re
from pathlib import Path

from sociaaldomein import RuleStatus
from sociaaldomein.testing.cases import read_case
from sociaaldomein_hart_van_brabant import POLICY
from sociaaldomein_hart_van_brabant.sources import PARAMETERS, PRINCIPLES_2016, PURCHASE_2019

REGION = Path(__file__).resolve().parents[1]
PACKAGE = PARAMETERS.parent
INVENTORY = [f"HVB16-{i:02d}" for i in range(1, 91)] + [f"HVB19-{i:02d}" for i in range(1, 85)]


def _parts(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


def test_every_rule_id_of_the_inventory_is_listed() -> None:
    """Every rule of the inventory (HVB16-01..90, HVB19-01..84) is in ``rules.toml``, in
    order, each citing its own document."""
    assert [r.id for r in POLICY.rules] == INVENTORY and len(INVENTORY) == 90 + 84
    for rule in POLICY.rules:
        expected = PRINCIPLES_2016 if rule.id.startswith("HVB16-") else PURCHASE_2019
        assert rule.ref.source == expected and rule.ref.section, rule.id


def test_tested_by_names_existing_tests_and_cases() -> None:
    """Every ``tests/file.py::test_name`` a rule names exists, and every case file it names
    exists and cites the rule."""
    for rule in POLICY.rules:
        for ref in _parts(rule.tested_by):
            assert ref.startswith("tests/"), (rule.id, ref)
            if "::" in ref:
                file, name = ref.split("::")
                text = (REGION / file).read_text(encoding="utf-8")
                assert f"def {name}(" in text, (rule.id, ref)
            elif ref.endswith(".toml"):
                case = read_case(REGION / ref)
                assert rule.id in case.rules, (rule.id, ref)
            else:
                assert (REGION / ref).exists(), (rule.id, ref)


def test_encoded_rules_appear_in_code_or_data() -> None:
    """Every rule encoded as code, data or a warning names its place (``encoded_in``); the
    files it names exist, and its id appears in the region's code, data or tests (other
    than ``rules.toml`` itself). A rule not encoded says why."""
    files = [p for p in (*PACKAGE.rglob("*.py"), *PACKAGE.rglob("*.toml"),
                         *(REGION / "tests").rglob("*.py"), *(REGION / "tests").rglob("*.toml"))
             if p.name != "rules.toml"]
    texts = [p.read_text(encoding="utf-8") for p in files]
    for rule in POLICY.rules:
        if rule.status is RuleStatus.NOT_ENCODED:
            assert rule.reason and not rule.encoded_in, rule.id
            continue
        assert rule.encoded_in and rule.tested_by, rule.id
        for part in _parts(rule.encoded_in):
            name = part.split(" ")[0]
            if re.fullmatch(r"[\w/]+\.(py|toml)", name):
                assert (PACKAGE / name).exists(), (rule.id, name)
        assert any(rule.id in text for text in texts), rule.id
