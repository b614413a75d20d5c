"""MH-64 judged per contract year: a volume agreement is about the amount paid under the
contract in a calendar year, so a caseload running over two years is judged in each; and a
P x Q budget maximum (MH-19) is one calendar year's too (issue 13 item 4)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from sociaaldomein import (
    Allocation,
    Case,
    Caseload,
    Delivery,
    Household,
    LineKind,
    Money,
    Month,
    Municipality,
    Period,
    Person,
    Registry,
    Unit,
    VolumeAgreement,
    validate,
)
from sociaaldomein_midden_holland import POLICY
from sociaaldomein_midden_holland.catalog import SegmentKey
from sociaaldomein_midden_holland.policy import MiddenHollandPolicy

PROVIDER = "begeleiding-voorbeeld"  # the example contract with a volume agreement


def _policy(minimum: str, maximum: str) -> MiddenHollandPolicy:
    records = tuple(
        attrs.evolve(r, contract=attrs.evolve(r.contract, volume=VolumeAgreement(
            Money.euros(minimum), Money.euros(maximum))))
        if r.contract.volume is not None else r
        for r in POLICY.contracts)
    return attrs.evolve(POLICY, contracts=records)


def _caseload(end: dt.date | None) -> Caseload:
    """Begeleiding Wmo (P x Q, 66.00 an hour in 2025 and, indexed at 0 %, 2026) from
    1 January 2025: 2 hours on 3 March 2025 (132.00) and 10 hours on 2 March 2026
    (660.00)."""
    household = Household("h1", Municipality("0513", "Gouda"), (Person("c1", dt.date(1960, 1, 1)),))
    allocation = Allocation("a1", "h1", "c1", "begeleiding_wmo", PROVIDER,
                            Period(dt.date(2025, 1, 1), end) if end else
                            Period.open(dt.date(2025, 1, 1)))
    events = (Delivery("a1", dt.date(2025, 3, 3), Decimal(2), Unit.HOUR),
              Delivery("a1", dt.date(2026, 3, 2), Decimal(10), Unit.HOUR))
    return Caseload.of_cases([Case(household, (), (allocation,), events)])


def _volume_findings(policy: MiddenHollandPolicy, caseload: Caseload) -> list[tuple[str, str]]:
    found = validate(caseload, registry=Registry.of(policy))
    return [(v.code, v.message.split(" realised ")[1]) for v in found
            if v.code.startswith("MH-VOLUME")]


def test_mh64_only_the_second_year_is_above_the_maximum() -> None:
    """MH-64: with a volume agreement of 100.00 to 500.00 a year, 2025 (132.00) is within
    it and 2026 (660.00) is 160.00 above it: one warning, for 2026, although the only
    decision dates from 2025 (the year ``validate`` used to judge alone)."""
    findings = _volume_findings(_policy("100.00", "500.00"), _caseload(dt.date(2027, 1, 1)))
    assert findings == [("MH-VOLUME-ABOVE-MAX",
                         "€ 660,00 in 2026, above the agreed maximum € 500,00 "
                         "(example contract of contracts.toml)")]


def test_mh64_an_open_allocation_is_judged_up_to_the_last_contract_year() -> None:
    """MH-64: without an end the allocation is judged in 2025 and 2026, the contract
    years; with a minimum of 200.00, 2025's 132.00 is below it and 2026's 660.00 is
    within."""
    findings = _volume_findings(_policy("200.00", "1000.00"), _caseload(None))
    assert findings == [("MH-VOLUME-BELOW-MIN",
                         "€ 132,00 in 2025, below the agreed minimum € 200,00 "
                         "(example contract of contracts.toml)")]


def test_mh64_a_year_before_the_contract_term_is_not_judged() -> None:
    """MH-64: the example contracts start on 1 January 2025; asked about 2024 and 2025,
    the volume of 2024 (before the term) is not judged, 2025's is: an empty caseload is
    0.00, below the shipped minimum of 50,000.00, once."""
    found = POLICY.validate_region(Caseload(), (2024, 2025))
    assert [(v.code, "2025" in v.message) for v in found] == [("MH-VOLUME-BELOW-MIN", True)]


def test_mh19_a_pxq_budget_maximum_starts_again_each_calendar_year() -> None:
    """MH-19: with a budget maximum of 1,000.00 per allocation per calendar year,
    10 hours at 66.00 in November 2025 are paid in full (660.00), 10 hours in December
    only up to the maximum (1,000.00 - 660.00 = 340.00), and 10 hours in January 2026 in
    full again (660.00): the maximum is judged per year, not once."""
    policy = attrs.evolve(POLICY, instruments=POLICY.instruments.with_segment(
        SegmentKey.ONDERSTEUNING, budget_max=Money.euros("1000.00")))
    household = Household("h1", Municipality("0513", "Gouda"), (Person("c1", dt.date(1960, 1, 1)),))
    allocation = Allocation("a1", "h1", "c1", "begeleiding_wmo", PROVIDER,
                            Period(dt.date(2025, 1, 1), dt.date(2027, 1, 1)))
    events = tuple(Delivery("a1", day, Decimal(10), Unit.HOUR)
                   for day in (dt.date(2025, 11, 3), dt.date(2025, 12, 1), dt.date(2026, 1, 5)))
    case = Case(household, (), (allocation,), events)
    paid = [sum((line.amount for line in policy.settle(case, month)
                 if line.kind is not LineKind.OWN_CONTRIBUTION), Money.zero())
            for month in (Month(2025, 11), Month(2025, 12), Month(2026, 1))]
    assert paid == [Money.euros("660.00"), Money.euros("340.00"), Money.euros("660.00")]
