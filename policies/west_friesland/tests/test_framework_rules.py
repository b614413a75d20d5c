"""Rules of the framework on suppliers and supra-regional purchase, the perspectiefplan's
contents and the hoofdaannemer: SROI (WF-20), supra-regional functions (WF-25, WF-53),
results in the perspectiefplan (WF-35), the hoofdaannemer for the whole period (WF-40),
onderaannemers under the framework contract (WF-41) and profile 1's target group (WF-90).

Source: *Uitvoeringskader inkoop sociaal domein West-Friesland 2019-2021*; each test
names its rule ids and every figure can be checked by hand.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sociaaldomein import (
    Allocation,
    Case,
    Contract,
    ContractForm,
    Goal,
    Household,
    InvalidValue,
    Money,
    Municipality,
    Period,
    Person,
    Plan,
    PlanKind,
    Provider,
    Rounding,
)
from sociaaldomein_west_friesland import POLICY
from sociaaldomein_west_friesland.funding import sroi_commitment
from sociaaldomein_west_friesland.policy import WestFrieslandPolicy
from sociaaldomein_west_friesland.rules import FLAG_24H_SUPERVISION, SUPRA_REGIONAL

HOORN = Municipality("0441", "Hoorn")
ON = dt.date(2019, 5, 1)
END = dt.date(2019, 11, 1)


def _alloc(aid: str, code: str, start: dt.date = ON, end: dt.date = END, *,
           provider: str = "P1", client: str = "c", **kw: object) -> Allocation:
    return Allocation(aid, "h", client, code, provider, Period(start, end), plan_id="pp",
                      **kw)  # type: ignore[arg-type]


def _case(*allocations: Allocation, birth: dt.date = dt.date(1970, 1, 1),
          goals: tuple[Goal, ...] = (Goal("wonen", "zelfstandig wonen"),)) -> Case:
    household = Household("h", HOORN, (Person("c", birth),))
    plan = Plan("pp", "h", dt.date(2019, 4, 1), PlanKind.PERSPECTIEFPLAN, goals)
    return Case(household, (plan,), allocations)


def _found(case: Case, policy: WestFrieslandPolicy = POLICY) -> list[tuple[str, str]]:
    return sorted((v.code, v.severity.value) for v in policy.validate(case, ON))


# -- SROI (WF-20) -----------------------------------------------------------------------
def test_wf20_sroi_commitment_is_the_tenders_percentage_of_the_contract_value() -> None:
    """WF-20: the contractor spends a percentage of the contract value, set per tender, on
    placing people far from the labour market: 5% of 1,250,000.00 is 62,500.00; 2.5% of
    333.33 is 8.33325, 8.33 in whole cents (half up). A percentage outside 0..100 or a
    negative contract value is refused."""
    assert sroi_commitment(Money.euros("1250000.00"), 5) == Money.euros("62500.00")
    assert sroi_commitment(Money.euros("333.33"), Decimal("2.5")) == Money.euros("8.33")
    for bad in (Decimal("-1"), Decimal("100.01")):
        with pytest.raises(InvalidValue, match="between 0 and 100"):
            sroi_commitment(Money.euros("1000.00"), bad)
    with pytest.raises(InvalidValue, match="not be negative"):
        sroi_commitment(Money.euros("-1.00"), 5)


@settings(max_examples=40, deadline=None)
@given(cents=st.integers(0, 10**11), percent=st.decimals(0, 100, places=2))
def test_wf20_sroi_commitment_within_the_contract_value(cents: int, percent: Decimal) -> None:
    """WF-20: the commitment lies between zero and the contract value, and differs from
    the exact share by at most half a cent (half-up rounding)."""
    value = Money.cents(cents)
    amount = sroi_commitment(value, percent, Rounding.HALF_UP)
    assert Money.zero() <= amount <= value
    assert abs(Decimal(amount.amount_cents) - Decimal(cents) * percent / 100) <= Decimal("0.5")


# -- supra-regional functions (WF-25, WF-53) --------------------------------------------
@pytest.mark.parametrize(("code", "rule"), [
    ("JeugdzorgPlus", "WF-25"), ("GI", "WF-25"), ("crisisdienst-jeugd", "WF-25"),
    ("3-milieus", "WF-53"), ("cruciaal-verblijf", "WF-53"),
])
def test_wf25_wf53_supra_regional_functions_are_not_this_frameworks(code: str,
                                                                   rule: str) -> None:
    """WF-25: GI, the integrated youth crisis service and JeugdzorgPlus are bought with
    Alkmaar and De Kop; WF-53: 3-milieusvoorzieningen and crucial stay functions of
    segment C likewise, their funding model still open. An allocation naming one is an
    error with its own rule, not the generic unknown-code error WF-31."""
    case = _case(_alloc("a1", code), birth=dt.date(2006, 1, 1))
    found = [v for v in POLICY.validate(case, ON) if v.code in ("WF-25", "WF-53", "WF-31")]
    assert [(v.code, v.severity.value) for v in found] == [(rule, "error")]
    assert "Alkmaar and De Kop" in found[0].message
    assert ("funding model is still open" in found[0].message) is (rule == "WF-53")
    assert set(SUPRA_REGIONAL) == {"GI", "CRISISDIENST-JEUGD", "JEUGDZORGPLUS", "3-MILIEUS",
                                   "CRUCIAAL-VERBLIJF"}


# -- the perspectiefplan's results (WF-35) ----------------------------------------------
def test_wf35_every_goal_names_its_life_domain_and_result() -> None:
    """WF-35: the perspectiefplan describes the support need per life domain and the
    results required. A goal with a domain and a result passes; one without a result,
    and one with neither, are one warning each."""
    good = _case(_alloc("a1", "W01-2"))
    assert _found(good) == []
    goals = (Goal("wonen", "zelfstandig wonen"), Goal("financien", " "), Goal("", ""))
    found = [v for v in POLICY.validate(_case(_alloc("a1", "W01-2"), goals=goals), ON)]
    assert [(v.code, v.severity.value, v.path.rsplit(".", 1)[-1]) for v in found] == [
        ("WF-35", "warning", "goals[1]"), ("WF-35", "warning", "goals[2]")]
    assert "no life domain and no result required" in found[1].message


# -- the hoofdaannemer (WF-40) ----------------------------------------------------------
def test_wf40_hoofdaannemer_changes_during_the_support() -> None:
    """WF-40: the hoofdaannemer preferably stays for the whole period. W01-2 at P1 from
    1 May to 1 August, then W01-3 at P2 from 1 August: a warning on the second; the same
    change at P1 is none, and neither is a new arrangement at P2 after a month without
    support."""
    aug, sep = dt.date(2019, 8, 1), dt.date(2019, 9, 1)
    first = _alloc("a1", "W01-2", ON, aug)
    changed = _case(first, _alloc("a2", "W01-3", aug, END, provider="P2"))
    found = [v for v in POLICY.validate(changed, ON) if v.code == "WF-40"]
    assert [(v.severity.value, v.path) for v in found] == [
        ("warning", "households[h].allocations[a2].provider")]
    assert _found(_case(first, _alloc("a2", "W01-3", aug, END))) == []
    assert _found(_case(first, _alloc("a2", "W01-3", sep, END, provider="P2"))) == []


# -- onderaannemers under the framework contract (WF-41) --------------------------------
def _contract(code: str) -> Contract:
    return Contract(f"wf-{code}", "west-friesland", Provider(code, code),
                    frozenset({"W01-2"}), Period(dt.date(2019, 1, 1), dt.date(2021, 1, 1)),
                    ContractForm.OPEN_HOUSE,
                    extensions=(Period(dt.date(2021, 1, 1), dt.date(2022, 1, 1)),))


def test_wf41_onderaannemer_holds_a_framework_contract() -> None:
    """WF-41: all providers fall under the framework contract with the same quality
    requirements. With contracts for P1 and S1 registered, an allocation at P1 with
    onderaannemer S1 passes; with onderaannemer S2 (no contract) it is a warning. Without
    registered contracts nothing is checked."""
    policy = attrs.evolve(POLICY, contracts=(_contract("P1"), _contract("S1")))
    ok = _case(_alloc("a1", "W01-2", subcontractors=("S1",)))
    assert _found(ok, policy) == []
    other = _case(_alloc("a1", "W01-2", subcontractors=("S2",)))
    found = [v for v in policy.validate(other, ON) if v.code == "WF-41"]
    assert [(v.severity.value, v.path) for v in found] == [
        ("warning", "households[h].allocations[a1].subcontractors[0]")]
    assert _found(other) == []


# -- the target group of Wmo profile 1 (WF-90) ------------------------------------------
def test_wf90_profile_1_target_group_needs_no_24_hour_supervision() -> None:
    """WF-90: the target group of Wmo profile 1 does not need 24-hour supervision: W01-2
    flagged 24h_supervision is a warning; W02-2 with the flag, or W01-2 without it, none."""
    flag = frozenset({FLAG_24H_SUPERVISION})
    assert _found(_case(_alloc("a1", "W01-2", flags=flag))) == [("WF-90", "warning")]
    assert _found(_case(_alloc("a1", "W02-2", flags=flag))) == []
    assert _found(_case(_alloc("a1", "W01-2"))) == []
