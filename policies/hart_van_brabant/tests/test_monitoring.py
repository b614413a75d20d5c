"""Monitoring: the three indicators per plan, provider and region (HVB19-56, HVB19-57), the
coordinator's one budget per plan (HVB16-28), coordination reach (HVB16-90) and the areas
contracted per provider (HVB19-16); every figure checkable by hand."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

import attrs
import pytest

from sociaaldomein import (
    CareEvent,
    Case,
    Caseload,
    Evaluation,
    GoalRealisation,
    InvalidValue,
    Money,
    Month,
    Party,
    PartyKind,
    Provider,
    Stop,
    StopReason,
)
from sociaaldomein.testing.cases import read_case
from sociaaldomein_hart_van_brabant import POLICY
from sociaaldomein_hart_van_brabant.catalog import Area
from sociaaldomein_hart_van_brabant.monitoring import (
    contracted_spread,
    coordinator_reach,
    plan_budgets,
    result_indicators,
)

CASES = Path(__file__).parent / "cases"
(JANSEN,) = read_case(CASES / "jansen.toml").caseload.cases()
ON = dt.date(2019, 2, 1)


def _copy(case: Case, n: int, provider: str, events: tuple[CareEvent, ...]) -> Case:
    """Mevrouw Jansen's case as household ``h<n>`` with ``provider`` and ``events`` (given
    against the allocation ids ``jansen-5a`` / ``jansen-4a``)."""
    household = attrs.evolve(case.household, id=f"h{n}")
    plan = attrs.evolve(case.plans[0], id=f"plan-{n}", household_id=household.id,
                        coordinators=(Party(PartyKind.PROVIDER, provider),))
    allocs = tuple(attrs.evolve(a, id=f"{a.id}-{n}", household_id=household.id,
                                provider=provider, plan_id=plan.id) for a in case.allocations)
    moved = tuple(attrs.evolve(e, allocation_id=f"{e.allocation_id}-{n}") for e in events)
    return Case(household, (plan,), allocs, moved)


def _caseload() -> Caseload:
    d = dt.date(2019, 8, 1)
    return Caseload.of_cases([
        # P-A: 5a realised with mark 8, 4a partly with mark 6; nothing stopped
        _copy(JANSEN, 1, "P-A", (
            Evaluation("jansen-5a", d, goals=GoalRealisation.REALISED, satisfaction=8),
            Evaluation("jansen-4a", d, goals=GoalRealisation.PARTLY, satisfaction=6))),
        # P-B: 5a first not realised, later realised (the latest counts); 4a stopped by the
        # client (drop-out); another household's 5a completed, 4a moved away (no drop-out)
        _copy(JANSEN, 2, "P-B", (
            Evaluation("jansen-5a", d, goals=GoalRealisation.NOT_REALISED, satisfaction=4),
            Evaluation("jansen-5a", d.replace(month=10), goals=GoalRealisation.REALISED),
            Stop("jansen-4a", d, StopReason.CLIENT_UNILATERAL))),
        _copy(JANSEN, 3, "P-B", (
            Stop("jansen-5a", d, StopReason.COMPLETED), Stop("jansen-4a", d, StopReason.MOVED))),
    ])


def test_indicators_per_provider() -> None:
    """HVB19-57, HVB19-58, HVB16-81: goal realisation, satisfaction and drop-out by one
    definition for every provider. P-A: 1 of 2 evaluated realised (1/2), marks 8 and 6
    (mean 7), nothing stopped. P-B: 1 of 1 evaluated realised (the latest evaluation of
    h2's 5a), one mark 4, 3 stopped of which 1 dropped out (1/3)."""
    a, b = result_indicators(_caseload(), by="provider")
    assert (a.group, a.allocations, a.goal_realisation, a.satisfaction, a.dropout) == (
        "P-A", 2, Fraction(1, 2), Fraction(7), None)
    assert (b.group, b.allocations, b.goal_realisation, b.satisfaction, b.dropout) == (
        "P-B", 4, Fraction(1), Fraction(4), Fraction(1, 3))


def test_indicators_per_plan_and_region() -> None:
    """HVB19-56: monitored per plan and above it per region: three plans; the region has 6
    allocations, 2 of 3 evaluated realised, marks 8, 6, 4 (mean 6), 1 of 3 stops drop-out."""
    caseload = _caseload()
    plans = result_indicators(caseload, by="plan")
    assert [p.group for p in plans] == ["h1/plan-1", "h2/plan-2", "h3/plan-3"]
    assert [p.dropout for p in plans] == [None, Fraction(1), Fraction(0)]
    (region,) = result_indicators(caseload, by="region")
    assert (region.allocations, region.evaluated, region.realised, region.satisfaction,
            region.stopped, region.dropped_out) == (6, 3, 2, Fraction(6), 3, 1)
    with pytest.raises(InvalidValue, match="grouping"):
        result_indicators(caseload, by="law")


def test_one_budget_per_plan() -> None:
    """HVB16-28: the coordinator's budget per plan is one amount, not split by arrangement
    or funding stream: 400.00 (5a) + 300.00 (4a) = 700.00 for mevrouw Jansen's plan in
    February 2019; nothing for a month before the support."""
    assert plan_budgets(POLICY, JANSEN, Month(2019, 2)) == {"jansen-plan": Money.euros("700.00")}
    assert plan_budgets(POLICY, JANSEN, Month(2019, 1)) == {}


def test_coordinator_reach() -> None:
    """HVB16-90: P-A coordinates one plan for one household in areas 4 and 5; adding a 5a
    for the son makes it a whole household (two members with cells)."""
    caseload = _caseload()
    reach = {r.provider: r for r in coordinator_reach(caseload, ON)}
    assert (reach["P-A"].plans, reach["P-A"].households, reach["P-A"].areas,
            reach["P-A"].whole_households, reach["P-A"].all_areas) == (
        1, 1, frozenset({Area.GEZINSSITUATIE, Area.MAATSCHAPPELIJKE_PARTICIPATIE}), 0, False)
    assert (reach["P-B"].plans, reach["P-B"].households) == (2, 2)
    son = attrs.evolve(JANSEN.allocations[0], id="zoon-5a", client_id="zoon")
    whole = attrs.evolve(JANSEN, allocations=(*JANSEN.allocations, son))
    (one,) = coordinator_reach(Caseload.of_cases([whole]), ON)
    assert one.whole_households == 1


def test_contracted_spread() -> None:
    """HVB19-16: per provider, the result areas of its contracted cells: P-ZORG holds 5a and
    4a (two areas), P-DAG only 5a and 5b (one area); a contract not yet in force counts not."""
    start = dt.date(2019, 1, 1)
    framework = POLICY.calendar.framework_contract
    contracts = [
        framework(Provider("P-ZORG", "Zorg"), frozenset({"5a-beperkt", "4a-niet"}), start),
        framework(Provider("P-DAG", "Dag"), frozenset({"5a-bijna", "5b-niet", "vervoer"}), start),
        framework(Provider("P-LAAT", "Laat"), frozenset({"1a-niet"}), dt.date(2020, 1, 1)),
    ]
    spread = contracted_spread(contracts, ON)
    assert [(s.provider, s.several_areas) for s in spread] == [("P-DAG", False), ("P-ZORG", True)]
    assert spread[0].areas == frozenset({Area.MAATSCHAPPELIJKE_PARTICIPATIE})
