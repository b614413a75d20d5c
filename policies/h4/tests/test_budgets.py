"""The budget report of H4 (h3 §3.2 bullet 3, H4-61): what the kit's case files cannot
express, the use of each municipality's budget, checked on the case ``budget_exceeded``."""

from __future__ import annotations

from pathlib import Path

import attrs

from sociaaldomein import Money
from sociaaldomein.testing.cases import read_case
from sociaaldomein_h4 import POLICY
from sociaaldomein_h4.budgets import Budget
from sociaaldomein_h4.catalog import Part
from sociaaldomein_h4.sources import ref

CASE = Path(__file__).parent / "cases" / "budget_exceeded.toml"


def test_h4_61_budget_exceeded_use_per_municipality() -> None:
    """Midden-Delfland's (illustrative) household-help budget of 10,000.00 against three
    households with household help all year: 3 x 12 x 292.50 = 10,530.00, exceeded by
    530.00. Delft: 12 x 292.50 = 3,510.00, within its example budget. Rijswijk's individual
    guidance in kind March-May 2017: 381.00 + 368.71 (344.13 x 30/28) + 381.00 = 1,130.71;
    the same guidance as a pgb counts for no budget. Untouched budgets show 0.00."""
    case = read_case(CASE)
    assert case.setup is not None  # the same budget, set by the case's [setup]
    budget = Budget("1842", 2017, Part.HUISHOUDELIJKE_HULP, Money.euros("10000.00"),
                    ref("H4-61", "h3 §3.2 (uitgangspunten, bullet 3)", example=True,
                        note="set in this test"))
    policy = attrs.evolve(POLICY, budgets=POLICY.budgets.with_budget(budget))
    uses = {(u.municipality, u.part.value): u for u in policy.budget_use(case.caseload, 2017)}
    expected = {
        ("1842", "huishoudelijke_hulp"): ("10530.00", True),
        ("0503", "huishoudelijke_hulp"): ("3510.00", False),
        ("0603", "begeleiding"): ("1130.71", False),
        ("0603", "huishoudelijke_hulp"): ("0.00", False),
        ("1783", "begeleiding"): ("0.00", False),
    }
    for key, (used, exceeded) in expected.items():
        use = uses[key]
        assert use.used == Money.euros(used), use.describe()
        assert use.exceeded is exceeded
    md = uses[("1842", "huishoudelijke_hulp")]
    assert md.remaining == Money.euros("-530.00")
    violations = policy.validate_region(case.caseload, (case.validate_on.year,))
    assert [(v.code, v.severity.value) for v in violations] == [("H4-61", "warning")]
