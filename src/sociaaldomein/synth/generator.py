"""A realistic, deterministic example caseload: households, plans, allocations and events.

:func:`generate` builds a caseload that each installed region's policy accepts, drawn from
the region's own catalog, members and contract years, so it keeps working when a region
changes its rules or a new region is installed. It is calibrated on national figures
(``public-figures.md`` in the project's shared material; CBS and Monitor Langdurige Zorg):

* **household help versus guidance** - in 2024 about 556,000 Wmo clients had household
  help (*hulp bij het huishouden*) and about 207,000 had guidance (*begeleiding*; CBS
  86050NED), about 2.7 to 1. A Wmo client's first provision is drawn with weights household
  help 0.68, guidance 0.16, day activities 0.10, short stay 0.03, transport 0.03, each
  further one (of another kind) with 0.30, 0.20, 0.30, 0.05, 0.15, renormalised over the
  kinds the region's catalog has. Clients with household help outnumber clients with
  guidance about 2 to 1 over the four regions (2.4 where a catalog has every kind, 1.5 in
  West-Friesland, whose Wmo catalog has only the two);
* **provisions per Wmo client** - about 1.6 (CBS 83264NED, 2023: Alkmaar 1.64, Amersfoort
  1.64, Bodegraven-Reeuwijk 1.60). The number of provisions per Wmo client is drawn from
  1: 58%, 2: 27%, 3: 9%, 4: 4%, 5: 1%, 6: 1% (mean 1.66, the published distributions);
* **youth trajectories per year** - 592,860 active trajectories for 430,990 youths in 2019
  (CBS *Jeugdhulp 2020*), about 1.4 per youth: a youth client gets one trajectory, a
  second one with probability 0.35 and a third with 0.05;
* **trajectory length** - mean residence about 1.5 years (a stock/flow estimate from CBS
  H1 2021: stock 344k, yearly outflow 228k). Youth trajectories last 6 weeks to 3 years,
  exponential with mean 548 days; Wmo decisions run one to three years;
* **drop-out** - care that ends is split over the five categories of the West-Friesland
  framework (§3.5.1) as 70% according to plan, 10% early by agreement, 12% early by the
  client, 3% early by the provider, 5% external (moving, death, Wlz admission). Changes of
  arrangement (a region that allows one arrangement per client at a time ends the old one
  when the new one starts) add to *early by agreement*, so about 60% of ended care ends
  according to plan.

Every region gets the same share of households, spread evenly over its member
municipalities. The caseload is that of one contract year of the region (by default the
second of its contract years, see :func:`default_year`): with a mean duration of about 1.5
years a steady caseload carries about 0.6 of its care over from the year before, so 60% of
allocations start in the previous year (when the region has tariffs and the same members
then; otherwise on 1 January) and the rest start uniformly until November. Deliveries are
recorded for the contract year only. Waiting time from referral to decision and from
decision to start is a few weeks; crisis help starts on the day of referral.

**Fitting each region's rules.** Plans are built to satisfy the rules the regions write
down: a goal with an explicit desired result for each result area of an allocation, the
regisseur and coordinator that the region's own ``coordination`` names (one coordinator),
a reason why a general provision does not suffice, a perspectiefplan where a region asks
for one. Each household is then validated with its region's policy (with the
municipality's dialect); an allocation the policy still rejects is drawn again in another
form (other arrangement of the same kind, other plan kind, sequential instead of
concurrent, another age) and dropped when no form fits; :attr:`Synthetic.dropped` counts
those. An arrangement a region keeps refusing in a municipality (a cell the municipality
does not buy) is no longer drawn there, and no decision runs beyond the region's last
contract year.

**Deliberate breaches.** A few households per region (about 1 in 100, at least one of each
kind the region detects, never more than 1 in 10) get one rule breach of a known kind (a Wmo provision for a
16-year-old, two coordinators, overlapping allocations ...). A breach is kept only when
the region's validation reports it, and :attr:`Synthetic.breaches` lists each with the
codes found, so a demo or a test can check that validation finds them all.

The generator uses ``random.Random(seed)`` only, never global random state: the same
seed, size, regions and installed policies give the same caseload.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal

import attrs

from sociaaldomein.errors import InvalidValue, SociaaldomeinError
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
from sociaaldomein.model.funding import StopReason
from sociaaldomein.model.household import Household, Law, Municipality, Person
from sociaaldomein.model.periods import Period
from sociaaldomein.model.plan import Goal, Party, PartyKind, Plan, PlanKind
from sociaaldomein.model.provenance import Ref, Source
from sociaaldomein.model.validation import Severity, Violation
from sociaaldomein.policy.kinds import CareKind, kind_in
from sociaaldomein.policy.plugin import RegionPolicy, members_on
from sociaaldomein.policy.registry import Registry, default_registry

__all__ = [
    "BREACH_KINDS",
    "DEFAULT_HOUSEHOLDS",
    "DEFAULT_SEED",
    "Breach",
    "RegionPlan",
    "Synthetic",
    "default_year",
    "generate",
    "translate",
]

DEFAULT_SEED = 2019
_GENERATOR_REF = Ref(Source("sociaaldomein example caseload generator", "sociaaldomein"),
                     "the generator's pricing check")
DEFAULT_HOUSEHOLDS = 2000

# -- calibration (see the module docstring for the sources) ------------------------------
WMO_KIND_WEIGHTS: dict[str, float] = {
    "household_help": 0.68,
    "guidance": 0.16,
    "day_activities": 0.10,
    "stay": 0.03,
    "transport": 0.03,
}
"""The kind of a Wmo client's first provision."""
EXTRA_WMO_KIND_WEIGHTS: dict[str, float] = {
    "household_help": 0.30,
    "guidance": 0.20,
    "day_activities": 0.30,
    "stay": 0.05,
    "transport": 0.15,
}
"""The kind of each further provision (another kind than the client already has)."""
YOUTH_KIND_WEIGHTS: dict[str, float] = {
    "youth_help": 0.62,
    "guidance": 0.14,
    "day_activities": 0.08,
    "stay": 0.07,
    "crisis": 0.04,
    "youth_protection": 0.05,
}
PROVISIONS_PER_WMO_CLIENT = ((1, 0.58), (2, 0.27), (3, 0.09), (4, 0.04), (5, 0.01), (6, 0.01))
EXTRA_YOUTH_TRAJECTORY = (0.35, 0.05)
YOUTH_MEAN_DAYS = 548
DROPOUT = (
    (StopReason.COMPLETED, 0.70),
    (StopReason.BY_AGREEMENT, 0.10),
    (StopReason.CLIENT_UNILATERAL, 0.12),
    (StopReason.PROVIDER_UNILATERAL, 0.03),
    (StopReason.MOVED, 0.02),
    (StopReason.DECEASED, 0.02),
    (StopReason.EXTERNAL, 0.01),
)
YOUTH_HOUSEHOLD_SHARE = 0.40
CARRY_OVER_SHARE = 0.6
"""Share of the year's allocations that started before it. With a mean duration D of
about 1.5 years, a steady caseload holds D / (D + 1), about 0.6, carried over."""
BREACH_RATE = 0.01


@attrs.frozen
class Breach:
    """A rule breach put into the caseload on purpose, and the codes validation found."""

    household: str
    region: str
    kind: str
    description: str
    codes: tuple[str, ...]


@attrs.frozen
class RegionPlan:
    """What the generator made for one region: its year and numbers."""

    region: str
    year: int
    households: int
    allocations: int
    dropped: int


@attrs.frozen
class Synthetic:
    """A generated caseload with what went into it."""

    caseload: Caseload
    seed: int
    breaches: tuple[Breach, ...]
    regions: tuple[RegionPlan, ...]

    @property
    def dropped(self) -> int:
        """Allocations drawn but left out because no form of them fitted the region."""
        return sum(r.dropped for r in self.regions)

    def year_of(self, region: str) -> int:
        for plan in self.regions:
            if plan.region == region:
                return plan.year
        raise InvalidValue(f"region {region!r} is not in this caseload")

    @property
    def breach_households(self) -> frozenset[str]:
        return frozenset(b.household for b in self.breaches)


# -- choosing regions, years and municipalities ------------------------------------------
def _members_all_year(policy: RegionPolicy, year: int) -> tuple[Municipality, ...]:
    first = members_on(policy, dt.date(year, 1, 1))
    last = {m.code for m in members_on(policy, dt.date(year, 12, 31))}
    return tuple(sorted((m for m in first if m.code in last), key=lambda m: m.code))


def default_year(policy: RegionPolicy) -> int:
    """The contract year the generator uses for a region when none is asked for: the first
    contract year in which some municipality is a member all year, skipping the first
    contract year when a later one exists (the first is often a transition year)."""
    years = [y for y in sorted(policy.contract_years) if _members_all_year(policy, y)]
    if not years:
        raise InvalidValue(f"region {policy.code} has no member in any of its contract years")
    return years[1] if len(years) > 1 else years[0]


def _weighted(rng: random.Random, items: Sequence[tuple[object, float]]) -> object:
    total = sum(w for _, w in items)
    pick = rng.random() * total
    for item, weight in items:
        pick -= weight
        if pick < 0:
            return item
    return items[-1][0]


@attrs.frozen
class _Offer:
    """One region's catalog seen by the generator."""

    policy: RegionPolicy
    year: int
    municipalities: tuple[Municipality, ...]
    carry_over: bool
    """Whether care may have started in the previous year (the region has tariffs and
    the same members then)."""
    by_kind: dict[tuple[Law, CareKind], tuple[Arrangement, ...]]
    providers: dict[str, tuple[str, ...]]
    learned: dict[tuple[str, str], list[int]] = attrs.field(factory=dict)
    """Per municipality and arrangement: [accepted alone, refused alone, accepted, refused].
    An arrangement the region keeps refusing in a municipality (a cell a municipality does
    not buy, a product of another municipality's dialect) is no longer drawn there."""

    def pool(self, law: Law, kind: CareKind, municipality: str, first: bool = False) -> tuple[Arrangement, ...]:
        """The arrangements of a kind still worth drawing in a municipality."""
        out = []
        for arrangement in self.by_kind.get((law, kind), ()):
            alone_ok, alone_no, ok, no = self.learned.get((municipality, arrangement.code),
                                                          (0, 0, 0, 0))
            if ok == 0 and no >= 5:
                continue
            if first and alone_ok == 0 and alone_no >= 3:
                continue
            out.append(arrangement)
        return tuple(out)

    def learn(self, municipality: str, arrangement: str, alone: bool, accepted: bool) -> None:
        counts = self.learned.setdefault((municipality, arrangement), [0, 0, 0, 0])
        if alone:
            counts[0 if accepted else 1] += 1
        counts[2 if accepted else 3] += 1


def _providers_for(policy: RegionPolicy, arrangement: Arrangement, year: int) -> tuple[str, ...]:
    contracts = getattr(policy, "contracts", None)
    found: list[str] = []
    if isinstance(contracts, tuple):
        day = dt.date(year, 7, 1)
        for record in contracts:
            contract = getattr(record, "contract", record)
            arrangements = getattr(contract, "arrangements", ())
            provider = getattr(contract, "provider", None)
            code = getattr(provider, "code", None)
            longest = getattr(contract, "longest", None)
            if (isinstance(code, str) and arrangement.code in arrangements
                    and (not isinstance(longest, Period) or day in longest)):
                found.append(code)
    if found:
        return tuple(sorted(set(found)))
    prefix = "".join(ch for ch in policy.code.upper() if ch.isalnum())[:4] or "REG"
    return tuple(f"{prefix}-AANB-{i:02d}" for i in range(1, 7))


def _offer(policy: RegionPolicy, year: int) -> _Offer:
    municipalities = _members_all_year(policy, year)
    if not municipalities:
        raise InvalidValue(f"region {policy.code} has no member all through {year}")
    segments = {s.code: s for s in policy.catalog.segments}
    by_kind: dict[tuple[Law, CareKind], list[Arrangement]] = {}
    providers: dict[str, tuple[str, ...]] = {}
    for arrangement in policy.catalog.arrangements:
        segment = segments.get(arrangement.segment)
        if segment is not None and not segment.needs_decision:
            continue  # free-access provisions are not allocated
        kind = kind_in(policy, arrangement)
        for law in arrangement.laws:
            by_kind.setdefault((law, kind), []).append(arrangement)
        providers[arrangement.code] = _providers_for(policy, arrangement, year)
    before = {m.code for m in _members_all_year(policy, year - 1)}
    carry_over = (year - 1) in policy.contract_years and all(
        m.code in before for m in municipalities)
    return _Offer(policy, year, municipalities, carry_over,
                  {k: tuple(v) for k, v in sorted(by_kind.items(), key=lambda kv: (kv[0][0].value, kv[0][1].value))},
                  providers)


# -- drawing one household ---------------------------------------------------------------
def _birth(rng: random.Random, age_low: int, age_high: int, on: dt.date) -> dt.date:
    """A birth date giving an age from ``age_low`` to ``age_high`` (inclusive) on ``on``."""
    age = rng.randint(age_low, age_high)
    days = rng.randint(1, 364)
    try:
        birthday = on.replace(year=on.year - age)
    except ValueError:  # 29 February
        birthday = on.replace(year=on.year - age, day=28)
    return birthday - dt.timedelta(days=days)


def _wmo_age(rng: random.Random, kind: CareKind) -> tuple[int, int]:
    if kind is CareKind.HOUSEHOLD_HELP:
        return (66, 94) if rng.random() < 0.8 else (35, 65)
    if kind is CareKind.DAY_ACTIVITIES:
        return (55, 90) if rng.random() < 0.6 else (19, 54)
    return (19, 64) if rng.random() < 0.65 else (65, 90)


def _youth_age(rng: random.Random, kind: CareKind) -> tuple[int, int]:
    if kind is CareKind.YOUTH_PROTECTION:
        return (12, 16)
    if rng.random() < 0.15:
        return (1, 5)
    return (6, 16)


def _start_day(rng: random.Random, offer: _Offer) -> dt.date:
    jan1 = dt.date(offer.year, 1, 1)
    if rng.random() < CARRY_OVER_SHARE:
        if offer.carry_over:
            return jan1 - dt.timedelta(days=rng.randint(1, 364))
        return jan1
    return jan1 + dt.timedelta(days=rng.randint(1, 320))


@attrs.frozen
class _Draft:
    """An allocation being drawn, before it becomes an :class:`Allocation` with events."""

    client: Person
    law: Law
    kind: CareKind
    arrangement: Arrangement
    provider: str
    start: dt.date
    planned_end: dt.date
    end: dt.date
    reason: StopReason | None
    referred_by: PartyKind
    referred_on: dt.date
    decided_on: dt.date
    weekly: Decimal | None
    evaluations: tuple[tuple[int, bool, GoalRealisation, int], ...]


def _year_end(year: int) -> dt.date:
    return dt.date(year + 1, 1, 1)


def _draw_draft(
    rng: random.Random, offer: _Offer, client: Person, law: Law, kind: CareKind,
    arrangement: Arrangement, start: dt.date,
) -> _Draft:
    year = offer.year
    crisis = kind is CareKind.CRISIS
    if law is Law.JEUGDWET:
        length = max(42, min(1095, int(rng.expovariate(1 / YOUTH_MEAN_DAYS))))
        if crisis:
            length = rng.randint(14, 90)
    else:
        length = rng.randint(180, 1095)
    jan1 = dt.date(year, 1, 1)
    if start < jan1 and (start + dt.timedelta(days=length)) < jan1 + dt.timedelta(days=30):
        # carried over into the year: it still runs in it
        length = (jan1 - start).days + rng.randint(30, 400)
    # no decision runs beyond the region's last contract year
    last = dt.date(max(offer.policy.contract_years) + 1, 1, 1)
    planned_end = min(start + dt.timedelta(days=length), max(last, start + dt.timedelta(days=14)))
    reason: StopReason | None = None
    end = planned_end
    if planned_end < _year_end(year):
        reason = _weighted(rng, DROPOUT)  # type: ignore[assignment]
    elif law is Law.WMO and rng.random() < 0.06:
        reason = _weighted(rng, DROPOUT[1:])  # type: ignore[assignment]
        end = start + dt.timedelta(days=rng.randint(30, max(31, (_year_end(year) - start).days - 1)))
    if reason is not None and reason is not StopReason.COMPLETED and end == planned_end:
        # ended early: the plan had it run longer
        planned_end = end + dt.timedelta(days=rng.randint(30, 180))
    if end >= _year_end(year):
        reason = None
    if reason is not None and end <= start:
        end = start + dt.timedelta(days=7)
    earliest = dt.date(year - 1, 1, 1) if offer.carry_over else jan1
    if crisis or start <= earliest:
        referred_on = decided_on = start
    else:
        decided_on = max(earliest, start - dt.timedelta(days=rng.randint(0, 42)))
        referred_on = max(earliest, decided_on - dt.timedelta(days=rng.randint(0, 21)))
    if law is Law.WMO:
        referred_by = PartyKind.ACCESS_TEAM
    elif kind is CareKind.YOUTH_PROTECTION:
        referred_by = PartyKind.GI
    else:
        referred_by = PartyKind.ACCESS_TEAM if rng.random() < 0.45 else PartyKind.GP
    weekly = _weekly_volume(rng, arrangement.unit, kind)
    evaluations: list[tuple[int, bool, GoalRealisation, int]] = []
    care_days = (min(end, _year_end(year)) - start).days
    if care_days > 150:
        contributes = rng.random() > 0.04
        goals = _weighted(rng, ((GoalRealisation.REALISED, 0.35), (GoalRealisation.PARTLY, 0.45),
                                (GoalRealisation.NOT_REALISED, 0.20)))
        evaluations.append((rng.randint(90, 150), contributes, goals,  # type: ignore[arg-type]
                            _satisfaction(rng)))
    if reason is not None:
        good = reason is StopReason.COMPLETED
        goals = _weighted(rng, ((GoalRealisation.REALISED, 0.65 if good else 0.10),
                                (GoalRealisation.PARTLY, 0.30 if good else 0.40),
                                (GoalRealisation.NOT_REALISED, 0.05 if good else 0.50)))
        evaluations.append((max(1, (end - start).days - 1), True, goals,  # type: ignore[arg-type]
                            _satisfaction(rng)))
    provider = rng.choice(offer.providers[arrangement.code])
    return _Draft(client, law, kind, arrangement, provider, start, planned_end, end, reason,
                  referred_by, referred_on, decided_on, weekly, tuple(evaluations))


def _satisfaction(rng: random.Random) -> int:
    mark = _weighted(rng, ((9, 0.15), (8, 0.35), (7, 0.25), (6, 0.12), (5, 0.08), (4, 0.05)))
    assert isinstance(mark, int)
    return mark


def _weekly_volume(rng: random.Random, unit: Unit | None, kind: CareKind) -> Decimal | None:
    if unit is None:
        return None
    if unit is Unit.HOUR:
        return Decimal(rng.choice((2, 2, 3, 3, 4, 5, 6, 8)))
    if unit is Unit.MINUTE:
        return Decimal(rng.choice((90, 120, 180, 240)))
    if unit is Unit.DAGDEEL:
        return Decimal(rng.choice((2, 3, 4, 5, 6)))
    if unit is Unit.ETMAAL:
        return Decimal(7) if kind in (CareKind.STAY, CareKind.YOUTH_PROTECTION) and rng.random() < 0.5 \
            else Decimal(rng.choice((1, 2)))
    return Decimal(1)


@functools.lru_cache(maxsize=8192)
def _allocation_and_events(draft: _Draft, alloc_id: str, household_id: str, plan_id: str,
                           year: int) -> tuple[Allocation, tuple[CareEvent, ...]]:
    """The allocation and events of a draft (cached: the repair loop rebuilds cases)."""
    allocation, events = _make_allocation(draft, alloc_id, household_id, plan_id, year)
    return allocation, tuple(events)


def _make_allocation(draft: _Draft, alloc_id: str, household_id: str, plan_id: str,
                     year: int) -> tuple[Allocation, list[CareEvent]]:
    unit = draft.arrangement.unit
    volume = draft.weekly
    frequency = Frequency.PER_WEEK if unit is not None else None
    if unit in (Unit.PIECE_OUTPUT, Unit.PIECE_EFFORT, Unit.EURO):
        frequency = Frequency.PER_MONTH
    allocation = Allocation(
        alloc_id, household_id, draft.client.id, draft.arrangement.code, draft.provider,
        Period(draft.start, draft.planned_end), plan_id=plan_id, decided_on=draft.decided_on,
        referred_on=draft.referred_on, referred_by=draft.referred_by, volume=volume,
        unit=unit, frequency=frequency,
    )
    events: list[CareEvent] = [Start(alloc_id, draft.start)]
    care = Period(draft.start, min(draft.end, _year_end(year)))
    in_year = care.intersection(Period.year(year))
    if unit is not None and volume is not None and in_year is not None:
        for part in in_year.split_by_month():
            quantity = _delivered(volume, unit, part.days)
            if quantity:
                events.append(Delivery(alloc_id, part.last_day, quantity, unit))
    for offset, contributes, goals, mark in draft.evaluations:
        day = draft.start + dt.timedelta(days=offset)
        if day in care:
            events.append(Evaluation(alloc_id, day, contributes=contributes, goals=goals,
                                     continues_without_help=goals is GoalRealisation.REALISED,
                                     problems_decreased=goals is not GoalRealisation.NOT_REALISED,
                                     satisfaction=mark,
                                     result_area=draft.arrangement.result_area))
    if draft.reason is not None:
        events.append(Stop(alloc_id, draft.end, draft.reason))
        if draft.law is Law.JEUGDWET and draft.reason is StopReason.COMPLETED:
            events.append(EndReport(alloc_id, draft.end - dt.timedelta(days=1), EndProposal.CLOSE))
    return allocation, events


def _delivered(weekly: Decimal, unit: Unit, days: int) -> Decimal:
    if unit in (Unit.PIECE_OUTPUT, Unit.PIECE_EFFORT, Unit.EURO):
        return Decimal(1)
    if unit is Unit.ETMAAL:
        return Decimal(min(days, int((weekly * days / 7).to_integral_value())))
    return (weekly * days / 7).quantize(Decimal(1))


@attrs.frozen
class _Form:
    """How a household's plan is written: its kind, whether goals carry the arrangement's
    level, and whether care without a result area gets a goal of its own."""

    kind: PlanKind
    levels: bool = True
    generic_goals: bool = True


def _plan(case_id: str, drafts: Sequence[_Draft], form: _Form, regisseur: Party,
          coordinator: Party, offer: _Offer) -> Plan:
    goals: dict[str, Goal] = {}
    drawn = min(d.referred_on for d in drafts)
    # a goal's term runs at least as long as the care decided for it
    term = max([drawn + dt.timedelta(days=365), *(d.planned_end for d in drafts)])
    for draft in drafts:
        area = draft.arrangement.result_area
        if area is None:
            if form.generic_goals:
                label = draft.kind.value
                goals.setdefault(label, Goal(
                    label, f"Resultaat bereikt met {draft.arrangement.name.lower()}",
                    "Huidige situatie: ondersteuning nodig", term_end=term))
            continue
        if area in goals:
            continue
        try:
            name = offer.policy.catalog.result_area(area).name
        except SociaaldomeinError:
            name = area
        level = None
        if form.levels and draft.arrangement.code.startswith(area):
            level = draft.arrangement.code[len(area):].lstrip("-_.:") or None
        goals[area] = Goal(area, f"Resultaat bereikt: {name}",
                           f"Huidige situatie op {name.lower()}: ondersteuning nodig",
                           term_end=term, level=level)
    return Plan(
        f"{case_id}-plan", case_id, drawn, kind=form.kind, goals=tuple(goals.values()),
        regisseur=regisseur, coordinators=(coordinator,),
        general_provision_reason=("Een algemene voorziening volstaat niet: de ondersteuning "
                                  "vraagt maatwerk dat het voorliggend veld niet biedt."),
        term_end=term,
    )


def _build_case(household: Household, drafts: Sequence[_Draft], form: _Form, offer: _Offer,
                policy: RegionPolicy) -> Case:
    case_id = household.id
    clients: dict[str, Person] = {}
    for draft in drafts:
        clients.setdefault(draft.client.id, draft.client)
    members = tuple(clients.values()) + tuple(
        p for p in household.members if p.id not in clients)
    household = Household(household.id, household.municipality, members)
    plan = _plan(case_id, drafts, form, Party(PartyKind.HOUSEHOLD),
                 Party(PartyKind.ACCESS_TEAM), offer)
    allocations: list[Allocation] = []
    events: list[CareEvent] = []
    for i, draft in enumerate(drafts, start=1):
        alloc, evs = _allocation_and_events(draft, f"{case_id}-a{i}", case_id, plan.id, offer.year)
        allocations.append(alloc)
        events.extend(evs)
    case = Case(household, (plan,), tuple(allocations), tuple(events))
    try:
        roles = policy.coordination(case, plan, plan.drawn_up_on)
    except SociaaldomeinError:
        return case
    regisseur = roles.regisseur or plan.regisseur
    coordinator = roles.coordinator or Party(PartyKind.ACCESS_TEAM)
    plan = attrs.evolve(plan, regisseur=regisseur, coordinators=(coordinator,))
    return Case(household, (plan,), tuple(allocations), tuple(events))


def _validation_day(case: Case) -> dt.date:
    """The day :func:`sociaaldomein.validate` judges a household on by default."""
    dates = [a.period.start for a in case.allocations] + [p.drawn_up_on for p in case.plans]
    return min(dates)


def _problems(policy: RegionPolicy, case: Case) -> list[Violation]:
    if not case.allocations:
        return []
    try:
        for alloc in case.allocations:
            policy.price(case, alloc, alloc.period.start)
        return policy.validate(case, _validation_day(case))
    except SociaaldomeinError as exc:
        return [Violation(exc.code, Severity.ERROR, exc.message, "", _GENERATOR_REF)]


def _fits(policy: RegionPolicy, case: Case) -> bool:
    return not _problems(policy, case)


def _forms(youth: bool) -> tuple[_Form, ...]:
    base = PlanKind.GEZINSPLAN if youth else PlanKind.ONDERSTEUNINGSPLAN
    return (
        _Form(base), _Form(PlanKind.PERSPECTIEFPLAN), _Form(base, levels=False),
        _Form(base, generic_goals=False), _Form(PlanKind.PLAN_VAN_AANPAK),
    )


def _settle_case_forms(
    household: Household, drafts: list[_Draft], offer: _Offer, policy: RegionPolicy,
    rng: random.Random,
) -> tuple[Case | None, int]:
    """The first form of the household the policy accepts, and how many drafts were dropped."""
    forms = _forms(any(d.law is Law.JEUGDWET for d in drafts))
    code = household.municipality.code
    for form in forms[:2]:
        case = _build_case(household, drafts, form, offer, policy)
        if _fits(policy, case):
            for draft in drafts:
                offer.learn(code, draft.arrangement.code, len(drafts) == 1, True)
            return case, 0
    # allocation by allocation: keep what fits, try other forms of what does not, and
    # give what did not fit a second chance once the others are in
    kept: list[_Draft] = []
    best = forms[0]
    waiting = list(drafts)
    for _round in range(2):
        missed: list[_Draft] = []
        for draft in waiting:
            placed = False
            for before, candidate in _variants(draft, kept, offer, rng, code):
                for form in (best, *(f for f in forms if f != best)):
                    case = _build_case(household, [*before, candidate], form, offer, policy)
                    if _fits(policy, case):
                        kept = [*before, candidate]
                        best = form
                        placed = True
                        break
                offer.learn(code, candidate.arrangement.code, not before, placed)
                if placed:
                    break
            if not placed:
                missed.append(draft)
        waiting = missed
        if not waiting or not kept:
            break
    dropped = len(waiting)
    if not kept:
        return None, dropped
    return _build_case(household, kept, best, offer, policy), dropped


def _with_client(draft: _Draft, client: Person) -> _Draft:
    return attrs.evolve(draft, client=client)


def _variants(draft: _Draft, kept: Sequence[_Draft], offer: _Offer, rng: random.Random,
              municipality: str) -> Iterable[tuple[list[_Draft], _Draft]]:
    """Other forms of a draft, each with the drafts kept before it (which a form may
    change: an earlier arrangement ends when a new one for the same client starts)."""
    before = list(kept)
    yield before, draft
    same = [i for i, d in enumerate(kept) if d.client.id == draft.client.id and d.law is draft.law]
    client = next((d.client for d in kept if d.client.id == draft.client.id), draft.client)
    draft = _with_client(draft, client)
    if same:
        # a change: the earlier arrangement ends the day the new one starts
        changed = list(kept)
        ok = True
        latest = max(kept[i].start for i in same)
        if draft.start <= latest + dt.timedelta(days=14):
            moved = latest + dt.timedelta(days=rng.randint(30, 120))
            if moved < _year_end(offer.year) - dt.timedelta(days=30):
                draft = attrs.evolve(_draw_draft(rng, offer, client, draft.law, draft.kind,
                                                 draft.arrangement, moved),
                                     provider=draft.provider)
            else:
                ok = False
        for i in same:
            old = kept[i]
            if not ok:
                break
            if old.end > draft.start:
                changed[i] = attrs.evolve(old, end=draft.start, reason=StopReason.CHANGED,
                                          planned_end=max(old.planned_end, draft.start + dt.timedelta(days=1)))
        if ok:
            yield changed, draft
        after = max(kept[i].end for i in same)
        if after < _year_end(offer.year) - dt.timedelta(days=30):
            yield before, attrs.evolve(
                _draw_draft(rng, offer, client, draft.law, draft.kind, draft.arrangement, after),
                provider=draft.provider)
    if draft.referred_by is not PartyKind.ACCESS_TEAM:
        yield before, attrs.evolve(draft, referred_by=PartyKind.ACCESS_TEAM)
    if draft.start < dt.date(offer.year, 1, 1):
        yield before, attrs.evolve(
            _draw_draft(rng, offer, draft.client, draft.law, draft.kind, draft.arrangement,
                        dt.date(offer.year, 1, 1)),
            provider=draft.provider)
    if not any(d.client.id == draft.client.id for d in kept):
        ages = (3, 9, 13) if draft.law is Law.JEUGDWET else (30, 72)
        for age in ages:
            person = Person(draft.client.id, _birth(rng, age, age, draft.start))
            yield before, _with_client(draft, person)
    pool = offer.pool(draft.law, draft.kind, municipality, not kept)
    others = [a for a in pool if a.code != draft.arrangement.code]
    rng.shuffle(others)
    elsewhere = [a for (law, kind) in offer.by_kind
                 if law is draft.law and kind is not draft.kind
                 for a in offer.pool(law, kind, municipality, not kept)]
    rng.shuffle(elsewhere)
    for arrangement in others[:5] + elsewhere[:3]:
        kind = kind_in(offer.policy, arrangement)
        yield before, attrs.evolve(draft, arrangement=arrangement, kind=kind,
                                   provider=_same_provider(kept, offer, arrangement, rng),
                                   weekly=_weekly_volume(rng, arrangement.unit, kind))


def _same_provider(kept: Sequence[_Draft], offer: _Offer, arrangement: Arrangement,
                   rng: random.Random) -> str:
    """The provider already working for the household when it offers the arrangement
    (one provider under one coordinator), else one that does."""
    offered = offer.providers[arrangement.code]
    for draft in kept:
        if draft.provider in offered:
            return draft.provider
    return rng.choice(offered)


def _choose_kind(rng: random.Random, offer: _Offer, law: Law, weights: dict[str, float],
                 municipality: str, first: bool = False) -> CareKind | None:
    items = [(CareKind(k), w) for k, w in weights.items()
             if offer.pool(law, CareKind(k), municipality, first)]
    if not items:
        items = [(k, 1.0) for (lw, k) in offer.by_kind
                 if lw is law and offer.pool(law, k, municipality, first)]
    if not items:
        return None
    return _weighted(rng, items)  # type: ignore[return-value]


def _draw_household(rng: random.Random, offer: _Offer, hid: str,
                    municipality: Municipality) -> tuple[Household, list[_Draft]]:
    year = offer.year
    jan1 = dt.date(year, 1, 1)
    code = municipality.code
    has_youth = any(law is Law.JEUGDWET for law, _ in offer.by_kind)
    has_wmo = any(law is Law.WMO for law, _ in offer.by_kind)
    youth = has_youth and (not has_wmo or rng.random() < YOUTH_HOUSEHOLD_SHARE)
    members: list[Person] = []
    drafts: list[_Draft] = []
    if youth:
        children = 1 if rng.random() < 0.7 else 2
        parents = 2 if rng.random() < 0.65 else 1
        for p in range(parents):
            members.append(Person(f"{hid}-p{p + 1}", _birth(rng, 30, 52, jan1)))
        for c in range(children):
            kind = _choose_kind(rng, offer, Law.JEUGDWET, YOUTH_KIND_WEIGHTS, code, first=not drafts)
            if kind is None:
                break
            low, high = _youth_age(rng, kind)
            start = _start_day(rng, offer)
            # young enough to stay under 18 all through the care in this year
            child = Person(f"{hid}-k{c + 1}", _birth(rng, low, high, start))
            if child.age_on(dt.date(year, 12, 31)) >= 18:
                child = Person(child.id, _birth(rng, low, 16, jan1))
            members.append(child)
            count = 1 + (rng.random() < EXTRA_YOUTH_TRAJECTORY[0]) + (rng.random() < EXTRA_YOUTH_TRAJECTORY[1])
            for n in range(count):
                if n:
                    kind = _choose_kind(rng, offer, Law.JEUGDWET, YOUTH_KIND_WEIGHTS, code) or kind
                    start = _start_day(rng, offer)
                arrangement = rng.choice(offer.pool(Law.JEUGDWET, kind, code, not drafts)
                                         or offer.by_kind[(Law.JEUGDWET, kind)])
                drafts.append(_draw_draft(rng, offer, child, Law.JEUGDWET, kind, arrangement, start))
        if has_wmo and rng.random() < 0.06 and members:
            kind = _choose_kind(rng, offer, Law.WMO, {"guidance": 1.0}, code)
            if kind is not None:
                parent = members[0]
                arrangement = rng.choice(offer.pool(Law.WMO, kind, code)
                                         or offer.by_kind[(Law.WMO, kind)])
                drafts.append(_draw_draft(rng, offer, parent, Law.WMO, kind, arrangement,
                                          _start_day(rng, offer)))
    else:
        first = _choose_kind(rng, offer, Law.WMO, WMO_KIND_WEIGHTS, code, first=True)
        if first is None:
            return Household(hid, municipality, (Person(f"{hid}-p1", _birth(rng, 40, 80, jan1)),)), []
        low, high = _wmo_age(rng, first)
        client = Person(f"{hid}-p1", _birth(rng, low, high, jan1))
        members.append(client)
        if rng.random() < 0.35:
            members.append(Person(f"{hid}-p2", _birth(rng, max(19, low - 3), high, jan1)))
        provisions = _weighted(rng, PROVISIONS_PER_WMO_CLIENT)
        assert isinstance(provisions, int)
        kinds = [first]
        for _ in range(provisions - 1):
            # another kind of care, not the same one twice at once
            rest = {k: w for k, w in EXTRA_WMO_KIND_WEIGHTS.items() if CareKind(k) not in kinds}
            kind = _choose_kind(rng, offer, Law.WMO, rest, code) if rest else None
            if kind is None or kind in kinds:
                break
            kinds.append(kind)
        base_start = _start_day(rng, offer)
        for n, kind in enumerate(kinds):
            arrangement = rng.choice(offer.pool(Law.WMO, kind, code, first=n == 0)
                                     or offer.by_kind[(Law.WMO, kind)])
            start = base_start if n == 0 or rng.random() < 0.6 else _start_day(rng, offer)
            drafts.append(_draw_draft(rng, offer, client, Law.WMO, kind, arrangement, start))
    if drafts:
        # one provider for the household where it offers the care (one coordinator's team)
        main = drafts[0].provider
        drafts = [attrs.evolve(d, provider=main) if main in offer.providers[d.arrangement.code]
                  else d for d in drafts]
    return Household(hid, municipality, tuple(members)), drafts


# -- deliberate breaches -----------------------------------------------------------------
_Mutation = Callable[[Case, random.Random], "tuple[Case, str] | None"]


def _breach_age(case: Case, rng: random.Random) -> tuple[Case, str] | None:
    alloc = case.allocations[0]
    client = case.client(alloc)
    start = alloc.period.start
    if client.age_on(start) >= 18:
        birth, what = _birth(rng, 16, 16, start), "a 16-year-old"
    else:
        birth, what = _birth(rng, 30, 30, start), "a 30-year-old"
    person = attrs.evolve(client, birth_date=birth)
    household = attrs.evolve(case.household, members=tuple(
        person if p.id == client.id else p for p in case.household.members))
    return (attrs.evolve(case, household=household),
            f"{alloc.arrangement} allocated to {what} ({alloc.id})")


def _breach_two_coordinators(case: Case, _rng: random.Random) -> tuple[Case, str] | None:
    plan = case.plans[0]
    second = Party(PartyKind.PROVIDER, case.allocations[0].provider)
    if second in plan.coordinators:
        second = Party(PartyKind.ACCESS_TEAM)
    plan = attrs.evolve(plan, coordinators=(*plan.coordinators, second))
    return attrs.evolve(case, plans=(plan,)), f"plan {plan.id} names two coordinators"


def _breach_no_goals(case: Case, _rng: random.Random) -> tuple[Case, str] | None:
    plan = case.plans[0]
    if not plan.goals:
        return None
    return (attrs.evolve(case, plans=(attrs.evolve(plan, goals=()),)),
            f"plan {plan.id} sets no goals for its result areas")


def _breach_overlap(case: Case, _rng: random.Random) -> tuple[Case, str] | None:
    alloc = case.allocations[0]
    twin = attrs.evolve(alloc, id=f"{alloc.id}-dup")
    return (attrs.evolve(case, allocations=(*case.allocations, twin),
                         events=(*case.events, Start(twin.id, twin.period.start))),
            f"{alloc.arrangement} allocated twice at once to client {alloc.client_id}")


def _breach_refusal(case: Case, _rng: random.Random) -> tuple[Case, str] | None:
    alloc = case.allocations[0]
    refusal = Refusal(alloc.id, alloc.decided_on or alloc.period.start, alloc.provider, None)
    return (attrs.evolve(case, events=(*case.events, refusal)),
            f"provider {alloc.provider} refused client {alloc.client_id} without a condition")


def _breach_late_crisis(case: Case, _rng: random.Random) -> tuple[Case, str] | None:
    for alloc in case.allocations:
        if alloc.referred_on is not None and alloc.referred_on == alloc.period.start:
            referred = alloc.period.start - dt.timedelta(days=3)
            moved = attrs.evolve(alloc, referred_on=referred, decided_on=referred)
            return (attrs.evolve(case, allocations=tuple(
                moved if a.id == alloc.id else a for a in case.allocations)),
                f"{alloc.id} starts three days after the referral")
    return None


def _breach_no_reason(case: Case, _rng: random.Random) -> tuple[Case, str] | None:
    plan = case.plans[0]
    return (attrs.evolve(case, plans=(attrs.evolve(plan, general_provision_reason=None),)),
            f"plan {plan.id} does not say why a general provision does not suffice")


def _breach_gp_referral(case: Case, _rng: random.Random) -> tuple[Case, str] | None:
    alloc = case.allocations[0]
    moved = attrs.evolve(alloc, referred_by=PartyKind.GP)
    return (attrs.evolve(case, allocations=(moved, *case.allocations[1:])),
            f"{alloc.id} was referred by a GP")


BREACH_KINDS: dict[str, _Mutation] = {
    "age": _breach_age,
    "two_coordinators": _breach_two_coordinators,
    "overlap": _breach_overlap,
    "no_goals": _breach_no_goals,
    "refusal_without_condition": _breach_refusal,
    "late_crisis_start": _breach_late_crisis,
    "no_general_provision_reason": _breach_no_reason,
    "gp_referral": _breach_gp_referral,
}
"""The kinds of deliberate breach the generator knows; a region gets those it detects."""


def _inject_breaches(cases: list[Case], registry: Registry, rng: random.Random,
                     region: str) -> list[Breach]:
    """Break about 1 in 100 households on purpose, each kind the region detects at least
    once; a kind counts as detected when the region's validation reports the broken case."""
    wanted = max(1, round(len(cases) * BREACH_RATE))
    order = list(range(len(cases)))
    rng.shuffle(order)
    kinds = list(BREACH_KINDS)
    detected: list[str] = []
    misses: dict[str, int] = dict.fromkeys(kinds, 0)
    breaches: list[Breach] = []
    turn = 0
    limit = max(1, len(cases) // 10)
    for index in order:
        untried = [k for k in kinds if k not in detected and misses[k] < 3]
        if (len(breaches) >= wanted and not untried) or len(breaches) >= limit:
            break
        if not untried and not detected:
            break
        case = cases[index]
        if not case.allocations:
            continue
        local = registry.policy_for(case.household.municipality.code, _validation_day(case))
        rotation = detected[turn % len(detected):] + detected[:turn % len(detected)] if detected else []
        for kind in untried + rotation:
            made = BREACH_KINDS[kind](case, rng)
            if made is None:
                misses[kind] += 1
                continue
            broken, description = made
            found = _problems(local, broken)
            if not found or any(v.code.startswith("SD-") for v in found):
                misses[kind] += 3  # the region does not check this, or cannot price it
                continue
            cases[index] = broken
            codes = tuple(sorted({v.code for v in found}))
            breaches.append(Breach(case.household.id, region, kind, description, codes))
            if kind not in detected:
                detected.append(kind)
            turn += 1
            break
    return breaches


# -- the generator -----------------------------------------------------------------------
def _policies(registry: Registry, regions: Sequence[str] | None,
              municipality: str | None, year: int | None) -> list[tuple[RegionPolicy, int, tuple[Municipality, ...] | None]]:
    if municipality is not None:
        day = dt.date(year, 7, 1) if year is not None else None
        if day is None:
            candidates = [p for p in registry.policies()
                          if any(m.municipality.code == municipality for m in p.members)]
            if not candidates:
                raise InvalidValue(f"no installed region has municipality {municipality!r}")
            policy = candidates[0]
            chosen = year or default_year(policy)
        else:
            policy = registry.region_of(municipality, day)
            chosen = day.year
        found = tuple(m for m in _members_all_year(policy, chosen) if m.code == municipality)
        if not found:
            raise InvalidValue(f"municipality {municipality} is not a member of {policy.code} "
                               f"all through {chosen}")
        return [(policy, chosen, found)]
    if regions:
        picked = [registry.get(code) for code in regions]
    else:
        every = list(registry.policies())
        real = [p for p in every if p.code != "template"]
        picked = real or every
        if year is not None:
            picked = [p for p in picked if year in p.contract_years and _members_all_year(p, year)]
            if not picked:
                raise InvalidValue(f"no installed region has contract year {year}")
    out: list[tuple[RegionPolicy, int, tuple[Municipality, ...] | None]] = []
    for policy in picked:
        chosen = year if year is not None else default_year(policy)
        if chosen not in policy.contract_years:
            raise InvalidValue(f"region {policy.code} has no contract year {chosen} "
                               f"(it has {', '.join(map(str, policy.contract_years))})")
        out.append((policy, chosen, None))
    if not out:
        raise InvalidValue("no region policy is installed")
    return out


def generate(
    *,
    seed: int = DEFAULT_SEED,
    households: int = DEFAULT_HOUSEHOLDS,
    regions: Sequence[str] | None = None,
    municipality: str | None = None,
    year: int | None = None,
    breaches: bool = True,
    registry: Registry | None = None,
) -> Synthetic:
    """Generate a caseload of ``households`` households.

    ``regions`` (codes) or ``municipality`` (a CBS code) limit where households live; by
    default every installed region except the fictional ``template`` takes an equal share.
    ``year`` fixes the contract year; by default each region uses :func:`default_year`.
    ``breaches`` adds the deliberate rule breaches described in the module docstring.
    """
    if type(households) is not int or households < 1:
        raise InvalidValue(f"households must be a positive integer, got {households!r}")
    if households > 2_000_000:
        raise InvalidValue("at most 2,000,000 households can be generated at once")
    registry = registry or default_registry()
    chosen = _policies(registry, regions, municipality, year)
    with _collector_paused():
        return _generate(chosen, seed, households, breaches, registry)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while generating: the generated objects hold no
    reference cycles (reference counting frees them), and a collector walking the growing
    caseload again and again doubles the time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _generate(chosen: list[tuple[RegionPolicy, int, tuple[Municipality, ...] | None]],
              seed: int, households: int, breaches: bool, registry: Registry) -> Synthetic:
    rng = random.Random(seed)
    shares = [households // len(chosen)] * len(chosen)
    for i in range(households % len(chosen)):
        shares[i] += 1
    all_cases: list[Case] = []
    all_breaches: list[Breach] = []
    plans: list[RegionPlan] = []
    for (policy, region_year, only), share in zip(chosen, shares, strict=True):
        offer = _offer(policy, region_year)
        municipalities = only or offer.municipalities
        region_rng = random.Random(f"{seed}:{policy.code}:{region_year}")
        cases: list[Case] = []
        dropped = 0
        serial = 0
        attempts = 0
        while len(cases) < share and attempts < share * 3 + 10:
            attempts += 1
            serial += 1
            municipality_ = municipalities[(serial - 1) % len(municipalities)]
            hid = f"{_slug(policy.code)}-{serial:06d}"
            household, drafts = _draw_household(region_rng, offer, hid, municipality_)
            if not drafts:
                continue
            local = registry.policy_for(municipality_.code, min(d.referred_on for d in drafts))
            case, lost = _settle_case_forms(household, drafts, offer, local, region_rng)
            dropped += lost
            if case is not None:
                cases.append(case)
        found: list[Breach] = []
        if breaches and cases:
            found = _inject_breaches(cases, registry, region_rng, policy.code)
        all_cases.extend(cases)
        all_breaches.extend(found)
        plans.append(RegionPlan(policy.code, region_year, len(cases),
                                sum(len(c.allocations) for c in cases), dropped))
    del rng
    caseload = Caseload(
        tuple(c.household for c in all_cases),
        tuple(p for c in all_cases for p in c.plans),
        tuple(a for c in all_cases for a in c.allocations),
        tuple(e for c in all_cases for e in c.events),
    )
    return Synthetic(caseload, seed, tuple(all_breaches), tuple(plans))


def _slug(code: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in code.lower()).strip("-") or "region"


# -- carrying a caseload to another region ------------------------------------------------
def _shift(day: dt.date, years: int) -> dt.date:
    if day == dt.date.max:
        return day
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def translate(
    caseload: Caseload, target: RegionPolicy, *, year: int | None = None,
    registry: Registry | None = None,
) -> Caseload:
    """The same care under another region's catalog and funding rules: a what-if.

    Households move to the target region's member municipalities (in turn), dates shift
    to the target's contract year, and each allocation becomes the target's arrangement of
    the same :class:`CareKind` and law, at the same relative position in the catalog (so a
    light arrangement stays light). When the target prices per unit and the original has
    no deliveries, the volume of a typical week for that kind is delivered (the generator's
    defaults). Allocations with no counterpart are left out.
    """
    from sociaaldomein.settle.regions import region_years, split_by_region

    registry = registry or default_registry()
    target_year = year if year is not None else default_year(target)
    offer = _offer(target, target_year)
    parts = split_by_region(caseload, registry)
    source_years = region_years(parts)
    home_year = {h.id: source_years[region] for region, part in parts.items()
                 for h in part.households}
    source_catalogs = {p.code: p for p in registry.policies()}
    rng = random.Random(f"translate:{target.code}:{target_year}")
    allocations: list[Allocation] = []
    events: list[CareEvent] = []
    households: list[Household] = []
    kept_households: set[str] = set()
    events_by_alloc: dict[str, list[CareEvent]] = {}
    for event in caseload.events:
        events_by_alloc.setdefault(event.allocation_id, []).append(event)
    for index, household in enumerate(caseload.households):
        municipality = offer.municipalities[index % len(offer.municipalities)]
        source_allocs = [a for a in caseload.allocations if a.household_id == household.id]
        if not source_allocs:
            continue
        offset = target_year - home_year.get(
            household.id, max(a.period.start for a in source_allocs).year)
        source_policy = _source_policy(household, source_allocs, source_catalogs, registry)
        members = tuple(attrs.evolve(p, birth_date=_shift(p.birth_date, offset))
                        for p in household.members)
        moved = Household(household.id, municipality, members)
        households.append(moved)
        for alloc in source_allocs:
            mapped = _counterpart(alloc.arrangement, source_policy, offer)
            if mapped is None:
                continue
            kept_households.add(household.id)
            period = Period(_shift(alloc.period.start, offset), _shift(alloc.period.end, offset))
            new = Allocation(
                alloc.id, alloc.household_id, alloc.client_id, mapped.code,
                rng.choice(offer.providers[mapped.code]), period, plan_id=alloc.plan_id,
                decided_on=alloc.decided_on and _shift(alloc.decided_on, offset),
                referred_on=alloc.referred_on and _shift(alloc.referred_on, offset),
                referred_by=alloc.referred_by,
                volume=alloc.volume if alloc.unit is mapped.unit else None,
                unit=mapped.unit if alloc.unit is mapped.unit else None,
            )
            old_events = events_by_alloc.get(alloc.id, [])
            shifted = [_shift_event(e, offset) for e in old_events]
            has_deliveries = any(isinstance(e, Delivery) for e in shifted)
            kept: list[CareEvent] = [e for e in shifted if not isinstance(e, Delivery)]
            if mapped.unit is not None:
                if has_deliveries and alloc.unit is mapped.unit:
                    kept = shifted
                else:
                    weekly = _weekly_volume(rng, mapped.unit, kind_in(target, mapped))
                    assert weekly is not None
                    new = attrs.evolve(new, volume=weekly, unit=mapped.unit,
                                       frequency=Frequency.PER_WEEK)
                    stops = [e.date for e in shifted if isinstance(e, Stop)]
                    end = min([period.end, *stops, _year_end(target_year)])
                    if end > period.start:
                        for part in Period(period.start, end).split_by_month():
                            quantity = _delivered(weekly, mapped.unit, part.days)
                            if quantity:
                                kept.append(Delivery(alloc.id, part.last_day, quantity, mapped.unit))
            allocations.append(new)
            events.extend(kept)
    plans = tuple(
        attrs.evolve(p, drawn_up_on=_shift(p.drawn_up_on, target_year - home_year.get(
            p.household_id, p.drawn_up_on.year)))
        for p in caseload.plans if p.household_id in kept_households
    )
    households = [h for h in households if h.id in kept_households]
    plans = tuple(_retarget_goals(p, allocations, offer) for p in plans)
    return Caseload(tuple(households), plans, tuple(allocations), tuple(events))


def _retarget_goals(plan: Plan, allocations: Sequence[Allocation], offer: _Offer) -> Plan:
    areas: list[Goal] = []
    seen: set[str] = set()
    for alloc in allocations:
        if alloc.plan_id != plan.id:
            continue
        area = offer.policy.catalog.arrangement(alloc.arrangement).result_area
        if area and area not in seen:
            seen.add(area)
            areas.append(Goal(area, "Resultaat bereikt", "ondersteuning nodig"))
    return attrs.evolve(plan, goals=tuple(areas))


def _shift_event(event: CareEvent, years: int) -> CareEvent:
    return attrs.evolve(event, date=_shift(event.date, years))


def _source_policy(household: Household, allocs: Sequence[Allocation],
                   policies: dict[str, RegionPolicy], registry: Registry) -> RegionPolicy | None:
    day = min(a.period.start for a in allocs)
    try:
        return registry.region_of(household.municipality.code, day)
    except SociaaldomeinError:
        for policy in policies.values():
            if all(policy.catalog.has_arrangement(a.arrangement) for a in allocs):
                return policy
    return None


def _counterpart(code: str, source: RegionPolicy | None, offer: _Offer) -> Arrangement | None:
    if source is not None and source.code == offer.policy.code:
        return offer.policy.catalog.arrangement(code) if offer.policy.catalog.has_arrangement(code) else None
    if source is None or not source.catalog.has_arrangement(code):
        return None
    arrangement = source.catalog.arrangement(code)
    kind = kind_in(source, arrangement)
    for law in sorted(arrangement.laws, key=lambda x: x.value):
        pool = offer.by_kind.get((law, kind))
        if not pool:
            continue
        own = [a for a in source.catalog.arrangements
               if law in a.laws and kind_in(source, a) is kind]
        position = own.index(arrangement) if arrangement in own else 0
        if len(own) > 1:
            target_index = round(position * (len(pool) - 1) / (len(own) - 1))
        else:
            target_index = (len(pool) - 1) // 2
        return pool[target_index]
    return None


