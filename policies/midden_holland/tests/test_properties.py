"""Properties that must hold for any input, drawn with the public strategies of
``sociaaldomein.testing``."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sociaaldomein import Caseload, Money, Month, Period, Settlement
from sociaaldomein.testing import strategies as sds
from sociaaldomein_midden_holland import POLICY
from sociaaldomein_midden_holland.catalog import Payer
from sociaaldomein_midden_holland.contribution import IncomeBracket
from sociaaldomein_midden_holland.instruments import LumpSumBudget
from sociaaldomein_midden_holland.keys import Basis, DistributionKey, split_by_key

CODES = ("1901", "0513", "1931", "0627", "1892", "9901", "9902", "9903")
FAST = settings(max_examples=40, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@FAST
@given(sds.distribution_keys(max_parts=len(CODES)), sds.money(0, 10_000_000_000))
def test_key_split_conserves_the_total(weights: list[int], amount: Money) -> None:
    """MH-12: for any distribution key and amount, the parts add up to the amount exactly,
    none is negative, and each is within one cent of its exact proportional share."""
    key = DistributionKey("k", Basis.RESIDENTS, dt.date(2025, 1, 1),
                          tuple(zip(CODES, weights, strict=False)))
    parts = split_by_key(amount, key)
    assert sum(parts.values(), Money.zero()) == amount
    total_weight = key.total_weight
    for code, weight in key.weights:
        exact = Fraction(amount.amount_cents * weight, total_weight)
        assert parts[code] >= Money.zero()
        assert abs(parts[code].amount_cents - exact) < 1


@FAST
@given(sds.money(0, 500_000_000), st.sampled_from([1, 2, 4, 12]), st.sampled_from([2025, 2026]))
def test_lump_sum_terms_add_up_to_the_budget(amount: Money, terms: int, year: int) -> None:
    """MH-18, MH-12: a lump sum paid in terms and split by the youths key: the year's lines
    add up to the yearly budget to the cent."""
    budget = POLICY.instruments.lump_sums[0]
    instruments = attrs.evolve(POLICY.instruments, lump_sums=(
        attrs.evolve(budget, amount_per_year=amount, terms=terms),))
    policy = attrs.evolve(POLICY, instruments=instruments)
    lines = [line for m in range(1, 13)
             for line in policy.settle_region(Caseload(), Month(year, m))]
    assert Settlement(tuple(lines)).total == amount
    assert isinstance(budget, LumpSumBudget)


@FAST
@given(sds.caseloads_for(POLICY), st.integers(0, 11))
def test_settlements_per_municipality_add_up_to_the_region(caseload: Caseload,
                                                           offset: int) -> None:
    """MH-09, MH-11: settling each household on its own and grouping by municipality gives
    the regional total exactly; every line is charged to the client's own municipality,
    except beschermd wonen, which the centrumgemeente pays (MH-14)."""
    year = min(a.period.start.year for a in caseload.allocations)
    month = Month(year, 1).plus(offset)
    per_household = [Settlement(tuple(POLICY.settle(case, month))) for case in caseload.cases()]
    regional = Settlement(tuple(line for s in per_household for line in s.lines))
    by_municipality = regional.group_by("municipality")
    assert sum(by_municipality.values(), Money.zero()) == regional.total
    assert sum((s.total for s in per_household), Money.zero()) == regional.total
    households = {h.id: h.municipality.code for h in caseload.households}
    for line in regional.lines:
        assert line.household is not None
        own = households[line.household]
        if line.arrangement is not None and \
                POLICY.catalog_data.product(line.arrangement).payer is Payer.CENTRAL:
            assert line.municipality == POLICY.central_municipality
        else:
            assert line.municipality == own


@FAST
@given(sds.caseloads_for(POLICY), st.integers(0, 11))
def test_subscription_tariff_at_most_once_per_household(caseload: Caseload, offset: int) -> None:
    """MH-60, MH-59: in any month a household owes at most one abonnementstarief line, at
    most the national maximum of that year, and only when someone in it has Wmo care;
    households with youth care only owe nothing."""
    from sociaaldomein import Law
    from sociaaldomein.policy.national import subscription_tariff_for_month

    year = min(a.period.start.year for a in caseload.allocations)
    month = Month(year, 1).plus(offset)
    amount, _ = subscription_tariff_for_month(month)
    for case in caseload.cases():
        lines = [x for x in POLICY.settle(case, month) if x.rule == "MH-60"]
        assert len(lines) <= 1
        assert all(x.amount <= amount and x.household == case.household.id for x in lines)
        adults = any(case.client(a).law_on(a.period.start) is Law.WMO
                     and not a.extended_youth_care for a in case.allocations)
        if not adults:
            assert lines == []


@FAST
@given(sds.caseloads_for(POLICY))
def test_contribution_at_most_the_cost_of_wmo_maatwerk(caseload: Caseload) -> None:
    """The national cost cap (Wmo 2015 art. 2.1.4) with MH-60, MH-61: for every household and
    every month of the year, the own contributions are at most what the municipality pays
    providers for the household's Wmo care that month; a household paying a Wlz
    contribution owes no subscription tariff (national exemption)."""
    from sociaaldomein.testing import check_contributions_within_cost

    year = min(a.period.start.year for a in caseload.allocations)
    switched = attrs.evolve(POLICY, contributions=attrs.evolve(
        POLICY.contributions, hbh_enabled=True,
        hbh_brackets=(IncomeBracket(Money.zero(), Money.euros("10.00")),
                      IncomeBracket(Money.euros("30000"), Money.euros("40.00")))))
    for case in caseload.cases():
        for month in Period.year(year).months():
            for policy in (POLICY, switched):
                lines = policy.settle(case, month)
                check_contributions_within_cost(case, lines)
                if case.household.pays_wlz_contribution(month.first_day):
                    assert [x for x in lines if x.rule == "MH-60"] == []
