"""The template region's readable cases (``cases/*.toml``), run by the kit's case runner."""

from __future__ import annotations

from pathlib import Path

import pytest

from sociaaldomein.testing.cases import case_files, check_case, read_case
from sociaaldomein.testing.inventory import check_inventory
from sociaaldomein_template import POLICY

CASES = case_files(Path(__file__).parent / "cases")


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case(path: Path) -> None:
    """Each case: the exact violation codes on its date and the amounts per month."""
    check_case(path, POLICY)


def test_every_encoded_rule_has_a_case_or_test() -> None:
    """Every rule id of ``rules.toml`` is cited by a case or names its test."""
    cited = {rule for path in CASES for rule in read_case(path).rules}
    for rule in POLICY.rules:
        assert rule.id in cited or rule.tested_by, rule.id


def test_members() -> None:
    """TPL-01: both fictional municipalities are members from 2024, with unused codes."""
    codes = {m.municipality.code for m in POLICY.members}
    assert codes == {"9901", "9902"}
    assert all(m.period.start.isoformat() == "2024-01-01" and m.period.is_open
               for m in POLICY.members)
    assert all(m.ref.rule == "TPL-01" for m in POLICY.members)


def test_rules_toml_is_the_whole_inventory() -> None:
    """Every rule of the inventory (TPL-01..TPL-06) in ``rules.toml``, each with a real
    test or case and a real place in the code or data."""
    check_inventory(POLICY, Path(__file__).resolve().parents[1],
                    [f"TPL-{i:02d}" for i in range(1, 7)])
