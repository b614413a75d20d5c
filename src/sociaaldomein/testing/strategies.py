"""Hypothesis strategies for every public type of sociaaldomein.

Plugin authors use these in their property tests; :func:`cases_for` draws households with
allocations from a policy's own catalog and members.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import attrs
from hypothesis import strategies as st

from sociaaldomein.model.caseload import (
    Allocation,
    CareEvent,
    Case,
    Caseload,
    Delivery,
    EndProposal,
    EndReport,
    Evaluation,
    GoalRealisation,
    Refusal,
    Start,
    Stop,
)
from sociaaldomein.model.catalog import Arrangement, Frequency, Unit
from sociaaldomein.model.funding import (
    BillingPeriod,
    Due,
    FundingModel,
    Installment,
    LumpSum,
    PerPeriod,
    PriceQuantity,
    Proration,
    Stay,
    StopReason,
    Trajectory,
)
from sociaaldomein.model.household import (
    Address,
    Bsn,
    Gender,
    Household,
    HouseholdIncome,
    Law,
    Municipality,
    Partnership,
    Person,
    PersonName,
    Residence,
)
from sociaaldomein.model.money import Money, Rounding
from sociaaldomein.model.periods import Month, Period
from sociaaldomein.model.plan import (
    Goal,
    GoalRevision,
    Party,
    PartyKind,
    Plan,
    PlanKind,
    RevisionKind,
)
from sociaaldomein.model.provenance import Ref, Source
from sociaaldomein.policy.plugin import RegionPolicy, members_on

__all__ = [
    "addresses",
    "allocations",
    "bsns",
    "care_events",
    "cases_for",
    "dates",
    "distribution_keys",
    "funding_models",
    "households",
    "ids",
    "incomes",
    "money",
    "months",
    "municipalities",
    "parties",
    "periods",
    "person_names",
    "persons",
    "plans",
    "refs",
    "times",
    "trajectories",
]

MIN_DATE = dt.date(2015, 1, 1)
MAX_DATE = dt.date(2030, 12, 31)


def dates(min_value: dt.date = MIN_DATE, max_value: dt.date = MAX_DATE) -> st.SearchStrategy[dt.date]:
    return st.dates(min_value=min_value, max_value=max_value)


def money(min_cents: int = 0, max_cents: int = 10_000_000) -> st.SearchStrategy[Money]:
    """Amounts between ``min_cents`` and ``max_cents`` (negative allowed when asked)."""
    return st.integers(min_cents, max_cents).map(Money.cents)


def months(min_year: int = 2015, max_year: int = 2030) -> st.SearchStrategy[Month]:
    return st.builds(Month, st.integers(min_year, max_year), st.integers(1, 12))


@st.composite
def periods(
    draw: st.DrawFn, min_value: dt.date = MIN_DATE, max_value: dt.date = MAX_DATE,
    max_days: int = 800,
) -> Period:
    start = draw(dates(min_value, max_value - dt.timedelta(days=1)))
    room = min(max_days, (max_value - start).days)
    length = draw(st.integers(1, max(1, room)))
    return Period(start, start + dt.timedelta(days=length))


times = st.builds(dt.time, st.integers(0, 23), st.integers(0, 59))
"""Times of day to the minute (referral and start times)."""

incomes = st.builds(HouseholdIncome, st.integers(0, 12_000_000).map(Money.cents),
                    st.builds(Period.year, st.integers(2015, 2030)))
"""A yearly household income for one calendar year."""

ids = st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9_-]{0,11}\Z", fullmatch=True)
"""Identifiers as the core accepts them."""

_names = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéëïöü '-", min_size=1,
    max_size=20,
).filter(lambda s: s.strip() != "")


municipalities = st.builds(
    Municipality, st.integers(1, 9999).map(lambda n: f"{n:04d}"), _names
)


@st.composite
def bsns(draw: st.DrawFn) -> Bsn:
    """Valid burgerservicenummers (11-proef)."""
    while True:
        digits = draw(st.lists(st.integers(0, 9), min_size=8, max_size=8))
        total = sum(d * w for d, w in zip(digits, (9, 8, 7, 6, 5, 4, 3, 2), strict=True))
        last = total % 11
        if last <= 9 and any(digits):
            return Bsn("".join(map(str, digits)) + str(last))


_words = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzéëï -'"), min_size=1,
                 max_size=30).filter(lambda t: t.strip() == t and bool(t))
person_names = st.builds(
    PersonName, _words.map(str.title), st.none() | st.sampled_from(["de", "van", "van der"]),
    st.none() | _words, st.none() | st.text(st.sampled_from("ABCDEFGHIJKLMÉ"), min_size=1,
                                            max_size=6))
"""Names in parts, with their own surname (naamgebruik 1)."""
addresses = st.builds(
    Address, st.builds(lambda n, a, b: f"{n}{a}{b}", st.integers(1000, 9999),
                       st.sampled_from("ABCDEFGHJK"), st.sampled_from("ABCDEFGHJK")),
    st.integers(1, 99_999), st.none() | st.sampled_from("abc"), st.none() | st.just("bis"),
    st.none() | _words.map(lambda t: t[:24].strip() or "Straat"),
    st.none() | _words.map(str.title))
"""Dutch addresses (postcode 1234AB and a house number)."""


def persons(
    born_after: dt.date = dt.date(1920, 1, 1), born_before: dt.date = dt.date(2025, 1, 1)
) -> st.SearchStrategy[Person]:
    return st.builds(
        Person, ids, dates(born_after, born_before), st.none() | bsns(), st.none(),
        st.none() | st.sampled_from(Gender), st.none() | person_names, st.none() | addresses,
    )


@st.composite
def households(draw: st.DrawFn, municipality: Municipality | None = None) -> Household:
    members = draw(st.lists(persons(), min_size=1, max_size=5, unique_by=lambda p: p.id))
    where = municipality or draw(municipalities)
    partners: tuple[Partnership, ...] = ()
    if len(members) > 1 and draw(st.booleans()):
        partners = (Partnership(members[0].id, members[1].id, draw(periods())),)
    residence = tuple(Residence(m.id, draw(periods())) for m in members[2:3])
    income = draw(st.lists(incomes, max_size=2, unique_by=lambda i: i.period))
    wlz = draw(st.lists(periods(), max_size=1))
    return Household(draw(ids), where, tuple(members), partners, residence, tuple(income),
                     tuple(wlz))


_sources = st.builds(Source, _names, _names, st.none() | dates())
refs = st.builds(Ref, _sources, st.sampled_from(["§1", "§3.6", "bijlage 1"]),
                 st.none() | st.sampled_from(["X-01", "X-02"]), st.booleans())
parties = st.builds(Party, st.sampled_from(PartyKind), st.none() | ids, st.none())


@st.composite
def plans(draw: st.DrawFn, household: Household | None = None, areas: tuple[str, ...] = ("1a", "2a")) -> Plan:
    hh_id = household.id if household else draw(ids)
    goals = draw(st.lists(
        st.builds(Goal, st.sampled_from(areas), st.sampled_from(["", "zelfstandig wonen"]),
                  st.just(""), st.none() | dates(), st.none()),
        max_size=3,
    ))
    drawn_up = draw(dates())
    revisions = draw(st.lists(st.builds(
        GoalRevision, dates(drawn_up), st.just(tuple(goals)), st.sampled_from(RevisionKind),
        st.booleans()), max_size=2))
    return Plan(
        draw(ids), hh_id, drawn_up, draw(st.sampled_from(PlanKind)), tuple(goals),
        draw(st.none() | parties), tuple(draw(st.lists(parties, max_size=2))),
        draw(st.booleans()), revisions=tuple(revisions),
    )


_shares = st.integers(0, 100).map(lambda n: Fraction(n, 100))


@st.composite
def trajectories(draw: st.DrawFn) -> Trajectory:
    """Trajectory tariffs with a start and a completion installment."""
    first = draw(_shares)
    return Trajectory(
        draw(money(0, 5_000_000)),
        (Installment(first, Due.START), Installment(1 - first, Due.COMPLETION)),
        frozenset(draw(st.sets(st.sampled_from(StopReason)))),
    )


funding_models: st.SearchStrategy[FundingModel] = st.one_of(
    st.builds(PerPeriod, money(0, 1_000_000), st.sampled_from(BillingPeriod),
              st.sampled_from(Proration), st.sampled_from(Rounding)),
    trajectories(),
    st.builds(PriceQuantity, money(0, 50_000), st.sampled_from([Unit.HOUR, Unit.MINUTE,
                                                                Unit.DAGDEEL]),
              st.sampled_from(Rounding), st.none() | money(0, 5_000_000)),
    st.builds(Stay, money(0, 100_000)),
    st.builds(LumpSum, money(0, 100_000_000), st.sampled_from([1, 2, 4, 12])),
)


@st.composite
def allocations(draw: st.DrawFn, arrangement: str | None = None) -> Allocation:
    period = draw(periods())
    volume = draw(st.none() | st.integers(0, 100).map(Decimal))
    category = draw(st.none() | st.sampled_from(["02", "07", "45"]))
    pgb = draw(st.booleans())
    referred = draw(st.none() | st.just(period.start))
    return Allocation(
        id=draw(ids), household_id=draw(ids), client_id=draw(ids),
        arrangement=arrangement or draw(ids), provider=draw(ids), period=period,
        decided_on=draw(st.none() | st.just(period.start)),
        volume=volume, unit=Unit.HOUR if volume is not None else None,
        frequency=draw(st.none() | st.sampled_from(Frequency)),
        pgb=pgb,
        flags=frozenset(draw(st.sets(st.sampled_from(["several_domains", "safety"])))),
        number=draw(st.none() | st.integers(0, 999_999_999)),
        product_category=category,
        product_code=draw(st.none() | st.just(f"{category}A01")) if category else None,
        budget=draw(st.none() | money(0, 99_999_999)) if volume is None else None,
        decided_at=draw(st.none() | st.times().map(lambda t: t.replace(microsecond=0))),
        change_reason=draw(st.none() | st.sampled_from(["03", "05", "12", "14"])),
        provider_reference=draw(st.none() | st.sampled_from(["VOT-1", "VOW 2026/07"])),
        registered_on=draw(st.none() | dates(max_value=period.start)),
        referred_on=referred, referred_time=draw(st.none() | times) if referred else None,
        pgb_amount=draw(st.none() | money(0, 500_000)) if pgb else None,
    )


def care_events(allocation_id: str, period: Period | None = None) -> st.SearchStrategy[CareEvent]:
    day = dates(period.start, period.last_day) if period and not period.is_open else dates()
    return st.one_of(
        st.builds(Start, st.just(allocation_id), day, st.none() | times),
        st.builds(Stop, st.just(allocation_id), day, st.sampled_from(StopReason)),
        st.builds(Delivery, st.just(allocation_id), day,
                  st.integers(0, 40).map(Decimal), st.just(Unit.HOUR)),
        st.builds(Evaluation, st.just(allocation_id), day, st.booleans(),
                  st.none() | st.sampled_from(GoalRealisation), st.none() | st.booleans(),
                  st.none() | st.booleans(), st.none() | st.integers(1, 10)),
        st.builds(EndReport, st.just(allocation_id), day, st.sampled_from(EndProposal)),
        st.builds(Refusal, st.just(allocation_id), day, ids, st.none() | st.just("waiting_list")),
    )


def distribution_keys(max_parts: int = 8) -> st.SearchStrategy[list[int]]:
    """Weights of a distribution key (residents or youths per municipality)."""
    return st.lists(st.integers(0, 300_000), min_size=1, max_size=max_parts).filter(any)


def _birth_for(law: Law, on: dt.date, draw: st.DrawFn) -> dt.date:
    if law is Law.JEUGDWET:
        age_days = draw(st.integers(365, 17 * 365))
    else:
        age_days = draw(st.integers(19 * 365, 90 * 365))
    return on - dt.timedelta(days=age_days)


@st.composite
def cases_for(
    draw: st.DrawFn,
    policy: RegionPolicy,
    year: int | None = None,
    arrangements: tuple[Arrangement, ...] | None = None,
    with_events: bool = True,
) -> Case:
    """A household in a member municipality of ``policy`` with one or two allocations of
    arrangements from its catalog, clients of an age that fits the law, a plan with one
    coordinator and goals for the arrangements' result areas, and optional start, stop,
    delivery and evaluation events; sometimes a partner of the first client (of any adult
    age), a yearly income, or a Wlz contribution. Cases are meant for settlement invariants; a policy
    with further requirements may still report violations on them."""
    chosen_year = year if year is not None else draw(st.sampled_from(policy.contract_years))
    on = dt.date(chosen_year, 1, 1)
    members = members_on(policy, on) or tuple(m.municipality for m in policy.members)
    municipality = draw(st.sampled_from(members))
    pool = arrangements or policy.catalog.arrangements
    picked = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=2,
                           unique_by=lambda a: a.code))
    hh_id = draw(ids)
    people: list[Person] = []
    allocs: list[Allocation] = []
    events: list[CareEvent] = []
    areas = tuple(a.result_area for a in picked if a.result_area)
    plan = Plan(
        f"{hh_id}-plan", hh_id, on,
        goals=tuple(Goal(area, "gewenst resultaat", "huidige situatie") for area in areas),
        regisseur=Party(PartyKind.HOUSEHOLD), coordinators=(Party(PartyKind.ACCESS_TEAM),),
        general_provision_reason="algemene voorziening volstaat niet",
    )
    for i, arrangement in enumerate(picked):
        law = sorted(arrangement.laws, key=lambda x: x.value)[0]
        start = on + dt.timedelta(days=draw(st.integers(0, 200)))
        length = draw(st.integers(20, 364))
        period = Period(start, min(start + dt.timedelta(days=length), dt.date(chosen_year + 1, 1, 1)))
        person = Person(f"{hh_id}-p{i}", _birth_for(law, start, draw))
        people.append(person)
        unit = arrangement.unit
        alloc = Allocation(
            f"{hh_id}-a{i}", hh_id, person.id, arrangement.code, "P0001", period,
            plan_id=plan.id, decided_on=start, referred_on=start,
            volume=Decimal(4) if unit is not None else None, unit=unit,
        )
        allocs.append(alloc)
        if with_events:
            events.append(Start(alloc.id, start))
            if unit is not None:
                for k in range(draw(st.integers(0, 3))):
                    day = start + dt.timedelta(days=k * 7)
                    if day in period:
                        events.append(Delivery(alloc.id, day, Decimal(draw(st.integers(1, 8))), unit))
            if draw(st.booleans()) and period.days > 2:
                stop_day = start + dt.timedelta(days=draw(st.integers(1, period.days - 1)))
                events.append(Stop(alloc.id, stop_day, draw(st.sampled_from(StopReason))))
    partners: tuple[Partnership, ...] = ()
    if draw(st.booleans()):  # a partner of the first client, who may be below AOW age
        partner = Person(f"{hh_id}-partner",
                         on - dt.timedelta(days=draw(st.integers(19 * 365, 90 * 365))))
        people.append(partner)
        partners = (Partnership(people[0].id, partner.id),)
    income = tuple(draw(st.lists(incomes.map(lambda i: attrs.evolve(
        i, period=Period.year(chosen_year))), max_size=1)))
    wlz = (Period.open(on),) if draw(st.integers(0, 9)) == 0 else ()
    household = Household(hh_id, municipality, tuple(people), partners, (), income, wlz)
    return Case(household, (plan,), tuple(allocs), tuple(events))


def caseloads_for(policy: RegionPolicy, year: int | None = None) -> st.SearchStrategy[Caseload]:
    """Caseloads of a few households from :func:`cases_for`."""
    return st.lists(cases_for(policy, year), min_size=1, max_size=4,
                    unique_by=lambda c: c.household.id).map(Caseload.of_cases)
