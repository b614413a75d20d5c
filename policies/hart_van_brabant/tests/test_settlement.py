"""Settlement: the decision's fixed amounts, hours that change nothing, pro rata months,
own contribution, pgb cap, and Waalwijk's P x Q."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import attrs

from sociaaldomein import (
    Allocation,
    Case,
    Delivery,
    Evaluation,
    Money,
    Month,
    Partnership,
    Period,
    Person,
    Settlement,
    Unit,
)
from sociaaldomein.testing.cases import read_case
from sociaaldomein_hart_van_brabant import POLICY, HartVanBrabantPolicy
from sociaaldomein_hart_van_brabant.funding import OwnContribution

CASES = Path(__file__).parent / "cases"


@attrs.frozen
class Loaded:
    """A case file's one household case and the date it is validated on."""

    case: Case
    validate_on: dt.date


def load_case(path: Path) -> Loaded:
    """Read a case file with the kit's reader (:func:`sociaaldomein.testing.cases.read_case`)."""
    file = read_case(path)
    (case,) = file.caseload.cases()
    return Loaded(case, file.validate_on)
JANSEN = load_case(CASES / "jansen.toml").case


def _settle(policy: HartVanBrabantPolicy, case: Case, first: Month, last: Month) -> Settlement:
    lines = []
    month = first
    while month <= last:
        lines.extend(policy.settle(case, month))
        month = month.next()
    return Settlement(tuple(lines))


def test_lines_follow_the_decision() -> None:
    """HVB19-53, HVB19-46: every line is for an allocation on the decision, at its provider,
    for its cell; nothing before the decision starts."""
    assert POLICY.settle(JANSEN, Month(2019, 1)) == []
    lines = POLICY.settle(JANSEN, Month(2019, 5))
    by_id = {a.id: a for a in JANSEN.allocations}
    assert {line.allocation for line in lines} == set(by_id)
    for line in lines:
        assert line.allocation is not None
        alloc = by_id[line.allocation]
        assert line.arrangement == alloc.arrangement and line.provider == alloc.provider
        assert line.municipality == "0855" and line.rule == "HVB19-17" and line.example


def test_hours_do_not_change_the_amount() -> None:
    """HVB19-54: 20 or 80 hours reported in a month: the provider still gets 700.00."""
    for hours in (20, 80):
        events = tuple(Delivery(a.id, dt.date(2019, 3, 1), Decimal(hours), Unit.HOUR)
                       for a in JANSEN.allocations)
        case = attrs.evolve(JANSEN, events=events)
        assert Settlement(tuple(POLICY.settle(case, Month(2019, 3)))).total == Money.euros("700.00")


def test_partial_month_pro_rata() -> None:
    """Reading of 'per periode': a month, pro rata by days. 5a-beperkt from 11 Feb 2019:
    400.00 x 18/28 = 257.14 (half up)."""
    alloc = attrs.evolve(JANSEN.allocations[0], period=Period(dt.date(2019, 2, 11), dt.date(2020, 2, 1)))
    case = attrs.evolve(JANSEN, allocations=(alloc,))
    assert Settlement(tuple(POLICY.settle(case, Month(2019, 2)))).total == Money.euros("257.14")


def test_no_cure_evaluation_in_last_days() -> None:
    """HVB19-55: an evaluation on 31 March stops payment from 1 April, not earlier; a
    positive evaluation stops nothing."""
    negative = attrs.evolve(JANSEN, events=(Evaluation("jansen-5a", dt.date(2019, 3, 31), contributes=False),))
    positive = attrs.evolve(JANSEN, events=(Evaluation("jansen-5a", dt.date(2019, 3, 31), contributes=True),))
    assert _settle(POLICY, negative, Month(2019, 3), Month(2019, 4)).total == Money.euros("1000.00")
    assert _settle(POLICY, positive, Month(2019, 3), Month(2019, 4)).total == Money.euros("1400.00")


def test_own_contribution_capped_at_cost_price() -> None:
    """HVB19-60: the contribution is the national maximum period contribution (2019: 17.50
    per four weeks, one period starting in March; 2020: 19.00 a month), but never more than
    the cost price: care from 31 March at 225.00 a month costs 7.26 in March, so 7.26."""
    charging = attrs.evolve(POLICY, own_contribution=OwnContribution(charge=True))
    march = Settlement(tuple(charging.settle(JANSEN, Month(2019, 3))))
    assert march.total_own_contributions == Money.euros("17.50")
    assert march.total == Money.euros("700.00")  # contributions are not payments
    assert Settlement(tuple(charging.settle(JANSEN, Month(2020, 1)))).total_own_contributions == Money.euros("19.00")
    cheap = attrs.evolve(JANSEN.allocations[0], arrangement="5a-bijna",
                         period=Period(dt.date(2019, 3, 31), dt.date(2020, 3, 31)))
    case = attrs.evolve(JANSEN, allocations=(cheap,))
    small = Settlement(tuple(charging.settle(case, Month(2019, 3))))
    assert small.total == Money.euros("7.26")
    assert small.total_own_contributions == Money.euros("7.26")
    assert Settlement(tuple(POLICY.settle(JANSEN, Month(2019, 3)))).total_own_contributions == Money.zero()


def test_own_contribution_national_exemptions() -> None:
    """HVB19-60 within the national exemptions: mevrouw Jansen with a partner of 60 owes no
    contribution in March 2019 (one of them is below the AOW age of 66 years 4 months),
    nor while her household pays a Wlz contribution."""
    charging = attrs.evolve(POLICY, own_contribution=OwnContribution(charge=True))
    client = JANSEN.allocations[0].client_id
    partner = Person("partner", dt.date(1959, 1, 1))
    household = attrs.evolve(JANSEN.household, members=(*JANSEN.household.members, partner),
                             partners=(Partnership(client, "partner"),))
    with_partner = attrs.evolve(JANSEN, household=household)
    assert Settlement(tuple(charging.settle(with_partner, Month(2019, 3)))).total_own_contributions == Money.zero()
    wlz = attrs.evolve(JANSEN, household=attrs.evolve(
        JANSEN.household, wlz_contribution=(Period.open(dt.date(2019, 1, 1)),)))
    assert Settlement(tuple(charging.settle(wlz, Month(2019, 3)))).total_own_contributions == Money.zero()


def test_own_contribution_lowered_by_municipality() -> None:
    """HVB19-63: a municipality may lower the contribution (financial maatwerk)."""
    lowered = attrs.evolve(POLICY, own_contribution=OwnContribution(charge=True, lowered_to=Money.euros("5.00")))
    assert Settlement(tuple(lowered.settle(JANSEN, Month(2019, 3)))).total_own_contributions == Money.euros("5.00")


def test_pgb_cap() -> None:
    """HVB19-64, HVB19-65: a pgb for 5a-beperkt (care in kind 400.00) at 350.00 or 400.00 is
    fine; 450.00 is refused, unless individual maatwerk is recorded (then a warning)."""
    on = dt.date(2019, 3, 1)

    def pgb(amount: str, justification: str | None = None) -> Allocation:
        return attrs.evolve(JANSEN.allocations[0], pgb=True, pgb_amount=Money.euros(amount),
                            justification=justification)

    for amount in ("350.00", "400.00"):
        assert POLICY.pgb_violations(JANSEN, pgb(amount), on) == []
    refused = POLICY.pgb_violations(JANSEN, pgb("450.00"), on)
    assert [v.code for v in refused] == ["HVB-PGB-CAP"] and refused[0].ref.rule == "HVB19-64"
    assert refused[0].path.endswith(".pgb_amount")
    justified = pgb("450.00", justification="ZIN-tarief koopt geen gelijkwaardige zorg in")
    warned = POLICY.pgb_violations(JANSEN, justified, on)
    assert [v.code for v in warned] == ["HVB-PGB-MAATWERK"] and not warned[0].is_error
    # validate reads the pgb amount from the allocation: no function argument needed
    case = attrs.evolve(JANSEN, allocations=(pgb("450.00"),))
    assert "HVB-PGB-CAP" in [v.code for v in POLICY.validate(case, on)]
    assert POLICY.pgb_violations(JANSEN, attrs.evolve(JANSEN.allocations[0], pgb=True), on) == []


def test_waalwijk_pays_delivered_hours_without_no_cure() -> None:
    """HVB16-74: Waalwijk keeps P x Q: a negative evaluation does not stop payment of hours
    delivered later (no cure, no more pay is a rule of the joint purchase)."""
    case = load_case(CASES / "waalwijk_dialect.toml").case
    events = (*case.events, Evaluation("dv-ib", dt.date(2019, 3, 10), contributes=False))
    april = POLICY.settle(attrs.evolve(case, events=events), Month(2019, 4))
    assert Settlement(tuple(april)).total == Money.euros("669.60")


def test_deliveries_follow_the_decision() -> None:
    """HVB19-53, HVB19-29: a declaration is checked against the decision: hours on a
    per-etmaal stay (HVB-DELIVERY-UNIT; settling it fails), a delivery for an allocation the
    case lacks (HVB-EVENT-ALLOCATION) or in a month before the allocation starts
    (HVB-DELIVERY-PERIOD); settlement would silently drop both. A monthly declaration dated on the first of the month
    an allocation starts mid-month is fine."""
    case = load_case(CASES / "short_stay.toml")
    stay = next(a for a in case.case.allocations if a.arrangement == "kortdurend-verblijf-verblijf")

    def codes(*events: Delivery) -> list[str]:
        changed = attrs.evolve(case.case, events=events)
        return sorted(v.code for v in POLICY.validate(changed, case.validate_on)
                      if v.code.startswith("HVB-DELIVERY"))

    first = stay.period.start
    assert codes(Delivery(stay.id, first, Decimal(3), Unit.ETMAAL)) == []
    assert codes(Delivery(stay.id, first, Decimal(3), Unit.HOUR)) == ["HVB-DELIVERY-UNIT"]
    assert codes(Delivery("elders", first, Decimal(3), Unit.ETMAAL)) == []  # HVB-EVENT-ALLOCATION
    before = Month.of(first).plus(-1).first_day
    assert codes(Delivery(stay.id, before, Decimal(1), Unit.ETMAAL)) == ["HVB-DELIVERY-PERIOD"]
    late = attrs.evolve(stay, period=Period(first + dt.timedelta(days=14), stay.period.end))
    changed = attrs.evolve(case.case, allocations=tuple(
        late if a.id == stay.id else a for a in case.case.allocations),
        events=(Delivery(stay.id, first, Decimal(3), Unit.ETMAAL),))
    assert not [v for v in POLICY.validate(changed, case.validate_on)
                if v.code.startswith("HVB-DELIVERY")]


def test_events_must_name_the_decision() -> None:
    """HVB19-53, HVB19-55: an event naming no allocation of the case is reported
    (HVB-EVENT-ALLOCATION; settlement would ignore it), and a negative evaluation dated
    before its allocation starts is reported (HVB-EVALUATION-PERIOD) instead of silently
    stopping all payment: with it Jansen's 5a would be paid 0.00 from February."""
    early = Evaluation("jansen-5a", dt.date(2018, 12, 1), contributes=False)
    stray = Evaluation("elders", dt.date(2019, 3, 1), contributes=False)
    case = attrs.evolve(JANSEN, events=(early, stray))
    codes = sorted(v.code for v in POLICY.validate(case, dt.date(2019, 2, 1)))
    assert codes == ["HVB-EVALUATION-PERIOD", "HVB-EVENT-ALLOCATION"]
