"""The region's docs page: generated from the policy, complete, and current."""

from __future__ import annotations

from pathlib import Path

from sociaaldomein_hart_van_brabant import POLICY
from sociaaldomein_hart_van_brabant.docs_page import render

PAGE = Path(__file__).resolve().parents[3] / "docs" / "regions" / "hart-van-brabant.md"
INVENTORY_SIZE = 90 + 84


def test_every_rule_id_has_a_row() -> None:
    """Every rule of the inventory (HVB16-01..90, HVB19-01..84) is in the policy's rules and
    has a row in the page's table with its section."""
    ids = [r.id for r in POLICY.rules]
    expected = [f"HVB16-{i:02d}" for i in range(1, 91)] + [f"HVB19-{i:02d}" for i in range(1, 85)]
    assert ids == expected and len(ids) == INVENTORY_SIZE
    page = render()
    for rule in POLICY.rules:
        assert f"| {rule.id} | " in page, rule.id


def test_page_is_current() -> None:
    """The committed page equals what the policy renders (regenerate with
    ``uv run python -m sociaaldomein_hart_van_brabant.docs_page``)."""
    assert PAGE.read_text(encoding="utf-8") == render()


def test_tested_by_names_existing_tests() -> None:
    """Every ``file.py::test_name`` a rule names exists."""
    tests = Path(__file__).parent
    for rule in POLICY.rules:
        for ref in filter(None, (r.strip() for r in rule.tested_by.split(";"))):
            if "::" in ref:
                file, name = ref.split("::")
                text = (tests / file).read_text(encoding="utf-8")
                assert f"def {name}(" in text, (rule.id, ref)
            else:
                assert (tests / ref).exists(), (rule.id, ref)
