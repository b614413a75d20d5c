"""Shared checks and the standard settlement loop."""

from __future__ import annotations

import datetime as dt

from sociaaldomein import (
    Allocation,
    Case,
    Household,
    Money,
    Month,
    Municipality,
    Period,
    Person,
    Ref,
    Start,
    Stop,
    StopReason,
)
from sociaaldomein.policy.checks import check_no_overlap, settle_case
from sociaaldomein_template import POLICY

VOORBEELDDORP = Municipality("9901", "Voorbeelddorp")  # a member of the template region

D = dt.date
REF = Ref(POLICY.sources[0], "§9", rule="TPL-99")


def _case(*allocs: Allocation, events: tuple[Start | Stop, ...] = ()) -> Case:
    return Case(Household("h1", VOORBEELDDORP, (Person("c1", D(2014, 1, 1)),)), (), allocs, events)


def test_trajectory_across_years_is_priced_on_its_start() -> None:
    """The template has tariffs up to 2026; a trajectory from December 2026 to February
    2027 still completes on its 2026 tariff (3000 indexed twice: 3000 x 1.025 = 3075.00,
    x 1.031 = 3170.325 -> 3170.33; 30% of it = 951.10 by largest remainder)."""
    alloc = Allocation("a1", "h1", "c1", "jeugdhulp-traject", "P1",
                       Period(D(2026, 12, 1), D(2027, 3, 1)))
    case = _case(alloc, events=(Start("a1", D(2026, 12, 1)),))
    start = settle_case(POLICY, case, Month(2026, 12), POLICY.settlement_rules)
    end = settle_case(POLICY, case, Month(2027, 2), POLICY.settlement_rules)
    assert start[0].amount + end[0].amount == Money.euros("3170.33")
    assert end[0].amount == Money.euros("951.10")


def test_overlap_respects_stop_events() -> None:
    first = Allocation("a1", "h1", "c1", "begeleiding", "P1", Period(D(2024, 1, 1), D(2024, 12, 1)))
    second = Allocation("a2", "h1", "c1", "begeleiding", "P1", Period(D(2024, 6, 1), D(2024, 12, 1)))
    overlapping = _case(first, second)
    assert len(check_no_overlap(overlapping, lambda a: a.arrangement, "X", REF, "arrangement")) == 1
    stopped = _case(first, second, events=(Stop("a1", D(2024, 6, 1), StopReason.CHANGED),))
    assert check_no_overlap(stopped, lambda a: a.arrangement, "X", REF, "arrangement") == []


def test_skip_hook() -> None:
    alloc = Allocation("a1", "h1", "c1", "begeleiding", "P1", Period(D(2024, 1, 1), D(2024, 12, 1)), pgb=True)
    case = _case(alloc)
    assert len(settle_case(POLICY, case, Month(2024, 3), POLICY.settlement_rules)) == 1
    assert settle_case(POLICY, case, Month(2024, 3), POLICY.settlement_rules, skip=lambda a: a.pgb) == []


def test_allocation_started_before_the_contract_years_is_priced_per_month() -> None:
    """Begeleiding from 2023 (no 2023 tariff) is paid in 2024 at the 2024 tariff: 450.00."""
    alloc = Allocation("a1", "h1", "c1", "begeleiding", "P1", Period(D(2023, 6, 1), D(2025, 1, 1)))
    case = Case(Household("h1", VOORBEELDDORP, (Person("c1", D(1970, 1, 1)),)), (), (alloc,), ())
    lines = settle_case(POLICY, case, Month(2024, 3), POLICY.settlement_rules)
    assert [x.amount for x in lines] == [Money.euros("450.00")]
