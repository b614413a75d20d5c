"""Properties of the H4 policy that hold for every input, with the public strategies of
``sociaaldomein.testing``."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sociaaldomein import Case, Caseload, Money, Month, Period, Provider, Severity
from sociaaldomein.testing.strategies import cases_for, dates, ids
from sociaaldomein_h4 import POLICY
from sociaaldomein_h4.catalog import Part, ProvisionClass
from sociaaldomein_h4.contracting import Application, ProviderKind, Requirement

FAST = settings(max_examples=30, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
MAATWERK = tuple(a for a in POLICY.catalog.arrangements if a.segment == "maatwerk")
PER_PERIOD = tuple(a for a in MAATWERK if a.unit is None)


@FAST
@given(part=st.sampled_from(Part), kind=st.sampled_from(ProviderKind),
       shows=st.sets(st.sampled_from(Requirement)), new=st.booleans(),
       day=dates(dt.date(2016, 6, 1), dt.date(2022, 1, 1)), code=ids)
def test_h4_47_provider_kind_does_not_matter(part: Part, kind: ProviderKind,
                                             shows: set[Requirement], new: bool,
                                             day: dt.date, code: str) -> None:
    """H4-47: a niche provider or a citizen initiative is decided exactly as a regular
    provider; H4-56/H4-17: it is admitted iff it shows every requirement of its track
    (quality only for a provider already contracted) and applies before the track ends."""
    application = Application(Provider(code, "Aanbieder"), part, day, frozenset(shows), kind, new)
    decision = POLICY.admit(application)
    regular = POLICY.admit(attrs.evolve(application, kind=ProviderKind.REGULAR))
    assert decision.admitted == regular.admitted
    assert decision.contract == regular.contract
    track = POLICY.track(part)
    needed = track.requirements if new else {Requirement.QUALITY}
    assert decision.admitted == (needed <= shows and day < track.longest.end)
    if decision.contract is not None:
        assert decision.contract.term.end in {p.end for p in (track.term, *track.extensions)}
        assert decision.contract.longest.end == track.longest.end
        assert POLICY.check_contract(decision.contract) == []


@FAST
@given(case=cases_for(POLICY, arrangements=MAATWERK),
       reason=st.sampled_from([None, "", "  ", "De inloop in het wijkcentrum volstaat niet."]))
def test_h4_94_warning_iff_plan_has_no_reason(case: Case, reason: str | None) -> None:
    """H4-94: a tailor-made allocation gets the warning exactly when its plan records no
    reason why a general provision does not suffice; it is never an error."""
    plan = attrs.evolve(case.plans[0], general_provision_reason=reason)
    case = attrs.evolve(case, plans=(plan,))
    found = [v for v in POLICY.validate(case, plan.drawn_up_on) if v.code == "H4-94"]
    blank = not (reason and reason.strip())
    assert len(found) == (len(case.allocations) if blank else 0)
    assert all(v.severity is Severity.WARNING and v.ref.rule == "H4-94" for v in found)


@FAST
@given(case=cases_for(POLICY), pgb=st.lists(st.booleans(), min_size=2, max_size=2),
       month=st.integers(1, 12))
def test_h4_01_10_only_tailor_made_care_in_kind_is_settled(case: Case, pgb: list[bool],
                                                           month: int) -> None:
    """H4-01, H4-10: settlement lines come only from tailor-made allocations in kind; a
    pgb, a general or a basic provision never earns one. Lines are never negative."""
    allocations = tuple(attrs.evolve(a, pgb=p) for a, p in zip(case.allocations, pgb, strict=False))
    case = attrs.evolve(case, allocations=allocations)
    year = case.allocations[0].period.start.year
    lines = POLICY.settle(case, Month(year, month))
    settled = {line.allocation for line in lines}
    for allocation in case.allocations:
        item = POLICY.arrangement(allocation.arrangement)
        assert item is not None
        if allocation.pgb or item.provision_class is not ProvisionClass.MAATWERK:
            assert allocation.id not in settled
    assert all(line.amount >= Money.zero() for line in lines)


@FAST
@given(cases=st.lists(cases_for(POLICY, year=2017, arrangements=PER_PERIOD), min_size=1,
                      max_size=4, unique_by=lambda c: c.household.id))
def test_h4_61_budget_use_is_the_settled_total(cases: list[Case]) -> None:
    """H4-61: for allocations paid per period, a municipality's use of its budget in a year
    is exactly what they earn in that year's settlement, and it is 'exceeded' exactly when
    the use is more than the budget."""
    caseload = Caseload.of_cases(cases)
    expected: dict[tuple[str, Part], int] = defaultdict(int)
    for case in cases:
        for month in Period.year(2017).months():
            for line in POLICY.settle(case, month):
                alloc = next(a for a in case.allocations if a.id == line.allocation)
                part = POLICY.part_of(alloc)
                assert part is not None
                expected[(case.household.municipality.code, part)] += line.amount.amount_cents
    for use in POLICY.budget_use(caseload, 2017):
        assert use.used.amount_cents == expected.get((use.municipality, use.part), 0)
        assert use.budget is not None  # every member has a 2017 budget for both parts
        assert use.exceeded == (use.used > use.budget.amount)
        remaining = use.remaining
        assert remaining is not None and remaining + use.used == use.budget.amount
