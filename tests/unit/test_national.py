"""National rules: the Wmo subscription tariff by year, its exemptions, the AOW age, and
the cap of an own contribution at the cost of the support."""

from __future__ import annotations

import datetime as dt

import pytest

from sociaaldomein import (
    Allocation,
    Case,
    Flow,
    Household,
    LineKind,
    Money,
    Month,
    Municipality,
    NotCovered,
    Partnership,
    Period,
    Person,
    SettlementLine,
)
from sociaaldomein.policy.national import (
    AOW_AGE,
    COST_PRICE_CAP,
    SubscriptionCharge,
    WmoProvision,
    aow_age_reached,
    cap_at_cost,
    maatwerk_cost,
    subscription_charge,
    subscription_tariff_for_month,
)


@pytest.mark.parametrize(("month", "amount"), [
    ("2020-01", "19.00"), ("2023-12", "19.00"), ("2024-06", "20.60"),
    ("2025-01", "21.00"), ("2026-11", "21.80"),
])
def test_monthly_amounts(month: str, amount: str) -> None:
    assert subscription_tariff_for_month(Month.parse(month))[0] == Money.euros(amount)


def test_2019_is_per_four_weeks() -> None:
    # four-week periods from 1 Jan 2019 start on 1 Jan, 29 Jan, 26 Feb, 26 Mar, ...
    assert subscription_tariff_for_month(Month(2019, 1))[0] == Money.euros("35.00")
    assert subscription_tariff_for_month(Month(2019, 2))[0] == Money.euros("17.50")
    year = sum((subscription_tariff_for_month(Month(2019, m))[0] for m in range(1, 13)), Money.zero())
    assert year == Money.euros("17.50") * 13


def test_2027_is_not_law() -> None:
    with pytest.raises(NotCovered):
        subscription_tariff_for_month(Month(2027, 1))


# -- AOW age (Algemene Ouderdomswet art. 7a) ------------------------------------------------

@pytest.mark.parametrize(("year", "years", "months"), [
    (2019, 66, 4), (2020, 66, 4), (2021, 66, 4), (2022, 66, 7), (2023, 66, 10),
    (2024, 67, 0), (2027, 67, 0), (2028, 67, 3), (2029, 67, 3),
])
def test_aow_age_per_year(year: int, years: int, months: int) -> None:
    age = AOW_AGE.at(dt.date(year, 7, 1))
    assert (age.years, age.months) == (years, months)
    assert age.ref.source.title in ("Algemene Ouderdomswet", "Prognose 2022-2070: AOW-leeftijd",
                                    "Wanneer gaat mijn AOW in? (vraag en antwoord)")
    assert age.ref.section


def test_aow_age_after_2029_is_not_fixed() -> None:
    with pytest.raises(NotCovered):
        AOW_AGE.at(dt.date(2030, 1, 1))


@pytest.mark.parametrize(("birth", "reached_on"), [
    # Rijksoverheid table: 2025, 67 years, born after 31 Dec 1957 and before 1 Jan 1959
    (dt.date(1958, 1, 10), dt.date(2025, 1, 10)),
    # 2028, 67 years 3 months, born after 31 Dec 1960 and before 1 Oct 1961
    (dt.date(1961, 2, 15), dt.date(2028, 5, 15)),
    # 2022, 66 years 7 months
    (dt.date(1955, 10, 1), dt.date(2022, 5, 1)),
    # 2020, 66 years 4 months
    (dt.date(1954, 3, 1), dt.date(2020, 7, 1)),
])
def test_aow_age_reached(birth: dt.date, reached_on: dt.date) -> None:
    assert not aow_age_reached(birth, reached_on - dt.timedelta(days=1))
    assert aow_age_reached(birth, reached_on)


def test_aow_age_before_the_table() -> None:
    """Someone over the 2019 AOW age before 2019 has reached it; for someone younger the
    table does not say."""
    assert aow_age_reached(dt.date(1940, 1, 1), dt.date(2018, 6, 1))
    with pytest.raises(NotCovered):
        aow_age_reached(dt.date(1952, 6, 1), dt.date(2018, 6, 1))
    assert aow_age_reached(dt.date(1940, 1, 1), dt.date(2040, 1, 1))  # long past it


# -- the cost cap -------------------------------------------------------------------------

def _line(amount: str, rule: str = "X-1", flow: Flow = Flow.FROM_HOUSEHOLD,
          allocation: str | None = None) -> SettlementLine:
    return SettlementLine(
        region="r", municipality="0513", provider="CAK" if flow is Flow.FROM_HOUSEHOLD else "P",
        month=Month(2025, 1), kind=(LineKind.OWN_CONTRIBUTION if flow is Flow.FROM_HOUSEHOLD
                                    else LineKind.DELIVERY),
        amount=Money.euros(amount), rule=rule, ref=COST_PRICE_CAP.ref, explanation="e",
        household="h1", allocation=allocation, flow=flow)


def test_cost_cap_lowers_and_drops_lines() -> None:
    """Gouda 2025: 15 minutes of begeleiding cost 16.50, so the 21.00 subscription tariff
    becomes 16.50 and a further 6.70 line is dropped; a month without cost owes nothing."""
    capped = cap_at_cost([_line("21.00", "A"), _line("6.70", "B")], Money.euros("16.50"))
    assert [(x.rule, x.amount) for x in capped] == [("A", Money.euros("16.50"))]
    assert "NAT-WMO-COST-CAP" in capped[0].explanation and "21,00" in capped[0].explanation
    assert cap_at_cost([_line("21.00")], Money.zero()) == []
    kept = [_line("21.00", "A"), _line("6.70", "B")]
    assert cap_at_cost(kept, Money.euros("100.00")) == kept
    assert COST_PRICE_CAP.valid.start == dt.date(2015, 1, 1)
    assert COST_PRICE_CAP.ref.section.startswith("art. 2.1.4")


def test_maatwerk_cost_counts_the_named_allocations() -> None:
    lines = [_line("16.50", flow=Flow.TO_PROVIDER, allocation="a1"),
             _line("99.00", flow=Flow.TO_PROVIDER, allocation="youth"),
             _line("21.00", allocation="a1")]
    assert maatwerk_cost(lines, "h1", ["a1"]) == Money.euros("16.50")
    assert maatwerk_cost(lines, "other", ["a1"]) == Money.zero()


# -- exemptions from the subscription tariff -------------------------------------------------

GOUDA = Municipality("0513", "Gouda")


def _case(*people: Person, partners: tuple[Partnership, ...] = (),
          wlz: tuple[Period, ...] = ()) -> Case:
    household = Household("h1", GOUDA, people, partners=partners, wlz_contribution=wlz)
    allocs = tuple(Allocation(f"a-{p.id}", "h1", p.id, "x", "P", Period.year(2025))
                   for p in people)
    return Case(household, (), allocs)


def _charge(case: Case, *kinds: WmoProvision) -> SubscriptionCharge:
    uses = [(a, kinds[i] if i < len(kinds) else WmoProvision.MAATWERK)
            for i, a in enumerate(case.allocations[:max(1, len(kinds))])]
    return subscription_charge(case, Month(2025, 3), uses)


def test_single_adult_owes_the_national_maximum() -> None:
    charge = _charge(_case(Person("c1", dt.date(1970, 1, 1))))
    assert charge.amount == Money.euros("21.00") and charge.charged == ("c1",)


def test_partner_below_aow_age_exempts() -> None:
    """A client of 70 with a partner of 64 in March 2025 (AOW age 67): nothing; with a
    partner of 68 the household owes 21.00; the partnership ended: 21.00."""
    client, young, old = (Person("c1", dt.date(1955, 1, 1)), Person("c2", dt.date(1960, 6, 1)),
                          Person("c3", dt.date(1957, 1, 1)))
    exempt = _charge(_case(client, young, partners=(Partnership("c1", "c2"),)))
    assert exempt.amount == Money.zero()
    assert exempt.exempt[0][1].rule == "NAT-WMO-AOW" and exempt.ref.rule == "NAT-WMO-AOW"
    both_old = _charge(_case(client, old, partners=(Partnership("c1", "c3"),)))
    assert both_old.amount == Money.euros("21.00")
    ended = Partnership("c1", "c2", Period(dt.date(2010, 1, 1), dt.date(2025, 1, 1)))
    assert _charge(_case(client, young, partners=(ended,))).amount == Money.euros("21.00")
    # a multi-person household without a partner (a parent and an adult child) owes it
    assert _charge(_case(Person("c1", dt.date(1990, 1, 1)), Person("c4", dt.date(1960, 1, 1)))
                   ).amount == Money.euros("21.00")


def test_client_under_18_exempt_except_home_adaptation() -> None:
    child = _case(Person("k1", dt.date(2015, 1, 1)))
    assert _charge(child).amount == Money.zero()
    assert _charge(child).exempt[0][1].rule == "NAT-WMO-U18"
    assert _charge(child, WmoProvision.HOME_ADAPTATION).amount == Money.euros("21.00")


def test_wlz_contribution_exempts() -> None:
    case = _case(Person("c1", dt.date(1970, 1, 1)), wlz=(Period.open(dt.date(2025, 2, 1)),))
    assert _charge(case).amount == Money.zero() and _charge(case).ref.rule == "NAT-WMO-WLZ"
    before = subscription_charge(case, Month(2025, 1), [(case.allocations[0], WmoProvision.MAATWERK)])
    assert before.amount == Money.euros("21.00")


@pytest.mark.parametrize("kind", [WmoProvision.BESCHERMD_WONEN, WmoProvision.OPVANG,
                                  WmoProvision.WHEELCHAIR])
def test_outside_the_subscription_tariff(kind: WmoProvision) -> None:
    case = _case(Person("c1", dt.date(1970, 1, 1)))
    assert _charge(case, kind).amount == Money.zero()


def test_once_per_household_when_one_client_is_charged() -> None:
    """One client in beschermd wonen, the other with maatwerk: the household owes the
    tariff once, for the second."""
    case = _case(Person("c1", dt.date(1970, 1, 1)), Person("c2", dt.date(1975, 1, 1)))
    charge = _charge(case, WmoProvision.BESCHERMD_WONEN, WmoProvision.MAATWERK)
    assert charge.amount == Money.euros("21.00") and charge.charged == ("c2",)
    assert [pid for pid, _ in charge.exempt] == ["c1"]
