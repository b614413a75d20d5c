"""Which calendar years a caseload touches: the years its region-wide checks are judged in
(issue 13 item 4)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as hs

from sociaaldomein import Allocation, Case, Caseload, Household, Municipality, Period, Person
from sociaaldomein.policy.plugin import years_touched
from sociaaldomein.testing import strategies as st

d = dt.date


def _caseload(*periods: Period) -> Caseload:
    household = Household("h", Municipality("0513", "Gouda"), (Person("p", d(1970, 1, 1)),))
    allocations = tuple(Allocation(f"a{i}", "h", "p", "x", "P", period)
                        for i, period in enumerate(periods))
    return Caseload.of_cases([Case(household, (), allocations, ())])


def test_a_period_ending_on_1_january_does_not_touch_that_year() -> None:
    """[2025-03-01, 2026-01-01) is 2025 only; [2025-03-01, 2026-01-02) also touches 2026."""
    assert years_touched(_caseload(Period(d(2025, 3, 1), d(2026, 1, 1)))) == (2025,)
    assert years_touched(_caseload(Period(d(2025, 3, 1), d(2026, 1, 2)))) == (2025, 2026)


def test_an_open_allocation_runs_to_the_last_contract_year() -> None:
    """Open from 2025 with contract years 2025-2027: 2025, 2026, 2027; starting after the
    contract years, or with none given: its start year only."""
    assert years_touched(_caseload(Period.open(d(2025, 6, 1))), (2025, 2026, 2027)) == (
        2025, 2026, 2027)
    assert years_touched(_caseload(Period.open(d(2029, 6, 1))), (2025, 2026)) == (2029,)
    assert years_touched(_caseload(Period.open(d(2025, 6, 1)))) == (2025,)


def test_years_outside_the_contract_years_are_kept_and_gaps_are_not_filled() -> None:
    """2016-2018 and 2021: the region says what it cannot judge in a year without
    contracts, so those years are passed on; 2019-2020 are touched by nothing."""
    caseload = _caseload(Period(d(2016, 1, 1), d(2019, 1, 1)), Period.year(2021))
    assert years_touched(caseload, (2017,)) == (2016, 2017, 2018, 2021)
    assert years_touched(Caseload()) == ()


@settings(max_examples=40)
@given(periods=hs.lists(st.periods(), min_size=1, max_size=4),
       contract_years=hs.lists(hs.integers(2015, 2030), max_size=3))
def test_every_year_from_start_to_last_day_is_touched(
        periods: list[Period], contract_years: list[int]) -> None:
    """Property: the years touched are exactly those from some allocation's start year to
    its last day's year, sorted and unique."""
    years = years_touched(_caseload(*periods), tuple(contract_years))
    expected = {y for p in periods for y in range(p.start.year, p.last_day.year + 1)}
    assert years == tuple(sorted(expected))
