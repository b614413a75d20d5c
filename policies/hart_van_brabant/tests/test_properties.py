"""Properties that must always hold, on cases drawn with the public strategies of
``sociaaldomein.testing``."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sociaaldomein import (
    Allocation,
    Case,
    Evaluation,
    Goal,
    Household,
    Money,
    Month,
    Party,
    PartyKind,
    Period,
    PerPeriod,
    Person,
    Plan,
    Rounding,
    Settlement,
    Stop,
)
from sociaaldomein.testing import strategies as sds
from sociaaldomein_hart_van_brabant import POLICY
from sociaaldomein_hart_van_brabant.catalog import Area, Cell

CELLS = tuple(a for a in POLICY.catalog.arrangements if a.result_area is not None)
SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
COORDINATION_CODES = {"HVB-COORD-NONE", "HVB-COORD-TWO"}


def _months(first: Month, last: Month) -> list[Month]:
    out = [first]
    while out[-1] < last:
        out.append(out[-1].next())
    return out


@SETTINGS
@given(sds.cases_for(POLICY, arrangements=CELLS, with_events=False),
       st.lists(sds.parties, max_size=3))
def test_valid_plan_has_one_coordinator(case: Case, coordinators: list[Party]) -> None:
    """HVB16-22, HVB19-08: whatever the plan names, a plan the policy accepts without a
    coordination error has exactly one coordinator, and one with another number is always
    reported; coordination() then names that one coordinator."""
    plan = attrs.evolve(case.plans[0], coordinators=tuple(coordinators), safety_concern=False)
    changed = attrs.evolve(case, plans=(plan,))
    on = case.allocations[0].period.start
    codes = {v.code for v in POLICY.validate(changed, on) if v.is_error}
    if not codes & COORDINATION_CODES:
        assert len(plan.coordinators) == 1
        result = POLICY.coordination(changed, plan, on)
        assert result.coordinator is not None
    if len(plan.coordinators) != 1:
        assert codes & COORDINATION_CODES


@st.composite
def aligned_cases(draw: st.DrawFn) -> tuple[Case, int, Month | None]:
    """A resident of a participating municipality with one cell allocated for whole months
    within the contract, and maybe a negative evaluation (no cure, no more pay)."""
    members = [m.municipality for m in POLICY.members if POLICY.takes_part(m.municipality.code, dt.date(2019, 1, 1))]
    municipality = draw(st.sampled_from(members))
    cell = draw(st.sampled_from(CELLS))
    first = draw(sds.months(2019, 2022))
    room = (2022 - first.year) * 12 + (12 - first.month) + 1
    length = draw(st.integers(1, min(room, 24)))
    end = first.plus(length)
    client = draw(sds.ids)
    household = Household("hh", municipality, (Person(client, dt.date(1960, 1, 1)),))
    plan = Plan("plan", "hh", first.first_day,
                goals=(Goal(cell.result_area or "", "resultaat", term_end=end.first_day),),
                coordinators=(Party(PartyKind.PROVIDER, "P1"),))
    alloc = Allocation("a", "hh", client, cell.code, "P1", Period(first.first_day, end.first_day),
                       plan_id="plan", decided_on=first.first_day)
    stop_month: Month | None = None
    events: tuple[Evaluation, ...] = ()
    if draw(st.booleans()):
        day = draw(sds.dates(first.first_day, end.first_day - dt.timedelta(days=1)))
        events = (Evaluation("a", day, contributes=False),)
        stop_month = Month.of(day).next()
    return Case(household, (plan,), (alloc,), events), length, stop_month


@SETTINGS
@given(aligned_cases())
def test_settlement_total_equals_periods_minus_stops(drawn: tuple[Case, int, Month | None]) -> None:
    """HVB19-17, HVB19-46, HVB19-55: over the allocation, the provider is paid the cell's
    tariff for every allocated month, minus the months after a negative evaluation."""
    case, length, stop_month = drawn
    alloc = case.allocations[0]
    months = _months(Month.of(alloc.period.start), Month.of(alloc.period.last_day))
    assert len(months) == length
    settlement = Settlement(tuple(line for m in months for line in POLICY.settle(case, m)))
    expected = Money.zero()
    for month in months:
        if stop_month is not None and month >= stop_month:
            continue
        model = POLICY.tariffs.tariff(alloc.arrangement, month.year).model
        assert isinstance(model, PerPeriod)
        expected += model.amount
    assert settlement.total == expected
    assert all(line.amount >= Money.zero() and line.example for line in settlement.lines)


@SETTINGS
@given(sds.cases_for(POLICY, arrangements=CELLS), st.data())
def test_prorated_total_on_generated_cases(case: Case, data: st.DataObject) -> None:
    """HVB19-55 on the public generator's cases (any start day, stops with any reason): the
    total is, month by month, the tariff times the days in care over the days in the month
    (half up), where care ends at a stop or at the month after a negative evaluation
    (outside Waalwijk, which keeps P x Q)."""
    alloc = case.allocations[0]
    participating = POLICY.takes_part(case.household.municipality.code, alloc.period.start)
    events = list(case.events)
    if participating and data.draw(st.booleans()):
        day = data.draw(sds.dates(alloc.period.start, alloc.period.last_day))
        events.append(Evaluation(alloc.id, day, contributes=False))
    case = attrs.evolve(case, events=tuple(events))
    end = alloc.period.end
    for event in case.events_for(alloc.id):
        if isinstance(event, Stop):
            end = min(end, event.date)
        if isinstance(event, Evaluation) and not event.contributes and participating:
            end = min(end, Month.of(event.date).next().first_day)
    start = alloc.period.start
    months = _months(Month.of(start), Month.of(alloc.period.last_day))
    expected = Money.zero()
    for month in months:
        model = POLICY.tariffs.tariff(alloc.arrangement, month.year).model
        assert isinstance(model, PerPeriod)
        care = Period(start, end) if start < end else None
        part = care.intersection(month.period) if care else None
        if part is not None:
            expected += model.amount.times(Fraction(part.days, month.days), Rounding.HALF_UP)
    lines = [line for m in months for line in POLICY.settle(case, m) if line.allocation == alloc.id]
    assert Settlement(tuple(lines)).total == expected


@SETTINGS
@given(st.sampled_from([c for c in Cell.all() if c.area is not Area.FINANCIELE_SITUATIE]),
       sds.months(2019, 2022), sds.ids, sds.ids)
def test_same_cell_same_amount(cell: Cell, month: Month, first: str, second: str) -> None:
    """HVB19-62, HVB16-82: every resident with the same cell costs the same, and the same
    case always gives the same amount."""
    def case_for(client: str, code: str) -> Case:
        household = Household(f"h-{client}", POLICY.members[0].municipality,
                              (Person(client, dt.date(1970, 1, 1)),))
        alloc = Allocation("a", household.id, client, cell.code, "P1",
                           Period(month.first_day, month.next().first_day), decided_on=month.first_day)
        return Case(household, (), (alloc,), ())
    one = Settlement(tuple(POLICY.settle(case_for(first, "0766"), month))).total
    two = Settlement(tuple(POLICY.settle(case_for(second, "0766"), month))).total
    assert one == two == Settlement(tuple(POLICY.settle(case_for(first, "0766"), month))).total
    model = POLICY.tariffs.tariff(cell.code, month.year).model
    assert isinstance(model, PerPeriod) and one == model.amount


@SETTINGS
@given(sds.cases_for(POLICY), st.sampled_from([None, Money.euros("5.00")]))
def test_own_contribution_at_most_the_cost_price(case: Case, lowered: Money | None) -> None:
    """HVB19-60 and the national cost cap (Wmo 2015 art. 2.1.4): with the contribution
    switched on (and optionally lowered, HVB19-63), for every month of the year a household
    owes at most what the municipality pays providers for its Wmo support that month, and
    at most the national maximum; a household paying a Wlz contribution owes nothing."""
    from sociaaldomein.policy.national import subscription_tariff_for_month
    from sociaaldomein.testing import check_contributions_within_cost
    from sociaaldomein_hart_van_brabant.funding import OwnContribution

    charging = attrs.evolve(POLICY, own_contribution=OwnContribution(charge=True,
                                                                     lowered_to=lowered))
    year = case.allocations[0].period.start.year
    for month in Period.year(year).months():
        lines = charging.settle(case, month)
        check_contributions_within_cost(case, lines)
        owed = Settlement(tuple(lines)).total_own_contributions
        assert owed <= subscription_tariff_for_month(month)[0]
        if case.household.pays_wlz_contribution(month.first_day):
            assert owed == Money.zero()
