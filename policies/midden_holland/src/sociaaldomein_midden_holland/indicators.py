"""Segment indicators of Midden-Holland, computed from allocations and care events.

*Kaderdocument inkoop Wmo en Jeugd 2025*, bijlage 4 (Indicator rows per segment sheet,
MH-80 .. MH-115), §3.1 (outcome indicators: drop-out, satisfaction, goal realisation,
MH-48) and §2.4 / bijlage 2 (the end-of-trajectory proposal, MH-41). Indicators are
computed per segment and per municipality (or per provider: monitoring works at segment,
provider and case level, MH-23) for an observation window.

Definitions (the document names the indicators but gives no formulas, inventory
ambiguity 7; these are the plugin's, stated here):

* ``clients``: distinct clients with care on at least one day of the window;
* ``inflow`` / ``outflow``: distinct clients whose care started / ended in the window
  (MH-110);
* ``waiting_days``: mean days from the decision date (*datum beschikking*) to the start of
  care, over care that started in the window (MH-96; transparent waiting, MH-55);
* ``duration_days``: mean days of care that ended in the window (with ``inflow``, the
  watch on unnecessarily long or intensive use, MH-44);
* ``ended_to_plan``: share of care ended in the window with reason ``completed``;
* ``end_report_<proposal>``: number of end reports proposing close / scale down / extend;
* ``satisfaction``: mean mark of evaluations in the window; ``goals_realised``: share of
  evaluations recording the goals as realised (goals evaluated in the interim and at the
  end, MH-39); ``dropout_<category>``: number of stops per
  drop-out category (MH-48);
* ``ambulant_ratio`` (Hoog-specialistisch, MH-95), ``home_like_ratio`` (Wonen, MH-105),
  ``stayed_home_ratio`` (Crisis, MH-92): clients in the first kind per client in the second
  (``None`` when the second is empty);
* ``care_intensity`` (Hulp bij het huishouden, MH-115): mean allocated volume at the start;
* ``duration_days_beschut_wonen``, ``duration_days_beschermd_wonen`` (Wonen, MH-106): mean
  days of beschut and of beschermd wonen that ended in the window;
* ``waiting_days_from_registration``: mean days from the registration of the request
  (*aanmelding*, ``Allocation.registered_on``) to the start of care, over care that started
  in the window and whose registration is known; with ``by="provider"`` the waiting time
  per provider that providers must be transparent about (MH-55, MH-23);
* ``out_of_home_placements`` (Gedwongen kader, MH-80 *Aantal uithuisplaatsingen*): youth
  stays (a residential Jeugdwet product, or JeugdzorgPlus) that started in the window for
  a youth under a child-protection measure (an allocation of ``jeugdbescherming`` running
  on the stay's first day), counted in the measure's group (its municipality, or the GI as
  provider). A placement without a measure is voluntary and not counted here;
* ``relapse`` (Behandeling, MH-100 *Terugval naar behandeling*): of treatment that ended
  regularly in the window (no stop, or a stop with reason ``completed``), the share whose
  client was referred to Behandeling again within ``relapse_days`` (default 365) after the
  last day of care. The referral date is ``referred_on``, else ``registered_on``, else
  ``decided_on``, else the start of the new allocation; a re-referral after the window
  counts, so the caseload must run ``relapse_days`` past the window for a complete figure.

Values are exact fractions (or ``None`` when nothing was observed); they are not money.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from fractions import Fraction

import attrs

from sociaaldomein import (
    Allocation,
    CareEvent,
    Caseload,
    EndReport,
    Evaluation,
    GoalRealisation,
    Period,
    SettlementRules,
    Start,
    Stop,
)
from sociaaldomein.model.lines import care_period
from sociaaldomein_midden_holland.catalog import (
    CatalogData,
    LawDomain,
    Product,
    ProductInfo,
    SegmentKey,
    SubSegment,
)

__all__ = [
    "RELAPSE_DAYS",
    "IndicatorValue",
    "registration_waiting_days",
    "segment_indicators",
    "waiting_days",
]

RELAPSE_DAYS = 365
"""The period after a regular end within which a new referral counts as relapse (MH-100).
The document gives none; a year is the plugin's choice, an argument of
:func:`segment_indicators`."""


@attrs.frozen
class IndicatorValue:
    """One indicator for one segment and group (municipality or provider)."""

    segment: SegmentKey
    group: str
    key: str
    value: Fraction | None
    observations: int
    rule: str


def waiting_days(allocation: Allocation, events: Iterable[CareEvent]) -> int | None:
    """Days from the decision date to the start of care (MH-96): the first ``Start`` event,
    else the allocation's first day. ``None`` without a decision date."""
    if allocation.decided_on is None:
        return None
    return (_care_start(allocation, events) - allocation.decided_on).days


def _care_start(allocation: Allocation, events: Iterable[CareEvent]) -> dt.date:
    starts = [e.date for e in events if isinstance(e, Start)]
    return min(starts) if starts else allocation.period.start


def registration_waiting_days(allocation: Allocation, events: Iterable[CareEvent]) -> int | None:
    """Days from the registration of the request (*aanmelding*, ``registered_on``) to the
    start of care: the first ``Start`` event, else the allocation's first day (MH-55).
    ``None`` without a registration date."""
    if allocation.registered_on is None:
        return None
    return (_care_start(allocation, events) - allocation.registered_on).days


def _referral_day(allocation: Allocation) -> dt.date:
    return (allocation.referred_on or allocation.registered_on or allocation.decided_on
            or allocation.period.start)


def _is_youth_stay(info: ProductInfo) -> bool:
    """An out-of-home placement (MH-80): a residential Jeugdwet product, or JeugdzorgPlus."""
    return info.law is LawDomain.JEUGD and (info.residential
                                            or info.sub is SubSegment.JEUGDZORGPLUS)


def _mean(values: list[int]) -> Fraction | None:
    return Fraction(sum(values), len(values)) if values else None


def _ratio(first: set[str], second: set[str]) -> Fraction | None:
    return Fraction(len(first), len(second)) if second else None


_CRISIS_AT_HOME = frozenset({Product.CRISIS_AMBULANT})
_WMO_HOUSING = (Product.BESCHUT_WONEN, Product.BESCHERMD_WONEN)


@attrs.define
class _Bucket:
    """What is gathered for one segment and group."""

    clients: set[str] = attrs.field(factory=set)
    residential: set[str] = attrs.field(factory=set)
    home_like: set[str] = attrs.field(factory=set)
    ambulant: set[str] = attrs.field(factory=set)
    at_home: set[str] = attrs.field(factory=set)
    inflow: set[str] = attrs.field(factory=set)
    outflow: set[str] = attrs.field(factory=set)
    waiting: list[int] = attrs.field(factory=list)
    registration_waiting: list[int] = attrs.field(factory=list)
    placements: int = 0
    regular_ends: int = 0
    wmo_stay_duration: dict[str, list[int]] = attrs.field(factory=dict)
    relapses: int = 0
    volume: list[Fraction] = attrs.field(factory=list)
    duration: list[int] = attrs.field(factory=list)
    ended: list[str] = attrs.field(factory=list)
    dropout: list[str] = attrs.field(factory=list)
    end_report: list[str] = attrs.field(factory=list)
    satisfaction: list[int] = attrs.field(factory=list)
    goals: list[bool] = attrs.field(factory=list)


def segment_indicators(
    caseload: Caseload, catalog: CatalogData, window: Period, *, by: str = "municipality",
    rules: SettlementRules | None = None, relapse_days: int = RELAPSE_DAYS,
) -> tuple[IndicatorValue, ...]:
    """All indicators per segment and group for care in ``window``.

    ``by`` is ``"municipality"`` (the client's municipality of residence) or ``"provider"``;
    ``relapse_days`` the period after a regular end in which a new referral to Behandeling
    is a relapse (MH-100).
    """
    if by not in ("municipality", "provider"):
        raise ValueError("by is 'municipality' or 'provider'")
    rules = rules or SettlementRules()
    households = {h.id: h for h in caseload.households}
    events: dict[str, list[CareEvent]] = defaultdict(list)
    for event in caseload.events:
        events[event.allocation_id].append(event)

    if relapse_days < 1:
        raise ValueError("relapse_days is a number of days, at least 1")
    buckets: dict[tuple[SegmentKey, str], _Bucket] = defaultdict(_Bucket)

    known = [a for a in caseload.allocations if catalog.catalog.has_arrangement(a.arrangement)]
    periods = {a.id: care_period(a, events[a.id], rules)[0] for a in known}

    def group_of(alloc: Allocation) -> str:
        return (households[alloc.household_id].municipality.code if by == "municipality"
                else alloc.provider)

    # per client (household, person): the measures and the treatments, for MH-80 and MH-100
    measures: dict[tuple[str, str], list[Allocation]] = defaultdict(list)
    treatments: dict[tuple[str, str], list[Allocation]] = defaultdict(list)
    for a in known:
        known_info = catalog.product(a.arrangement)
        if known_info.key is Product.JEUGDBESCHERMING:
            measures[(a.household_id, a.client_id)].append(a)
        if known_info.segment is SegmentKey.BEHANDELING:
            treatments[(a.household_id, a.client_id)].append(a)

    for alloc in known:
        info = catalog.product(alloc.arrangement)
        group = group_of(alloc)
        b = buckets[(info.segment, group)]
        evs = events[alloc.id]
        active = periods[alloc.id]
        if active is not None and active.overlaps(window):
            b.clients.add(alloc.client_id)
            if info.residential:
                b.residential.add(alloc.client_id)
                if info.home_like:
                    b.home_like.add(alloc.client_id)
            else:
                b.ambulant.add(alloc.client_id)
            if info.key in _CRISIS_AT_HOME:
                b.at_home.add(alloc.client_id)
        if active is not None and active.start in window:
            b.inflow.add(alloc.client_id)
            wait = waiting_days(alloc, evs)
            if wait is not None:
                b.waiting.append(wait)
            registered = registration_waiting_days(alloc, evs)
            if registered is not None:
                b.registration_waiting.append(registered)
            if _is_youth_stay(info):
                _count_placement(active.start, measures[(alloc.household_id, alloc.client_id)],
                                 periods, buckets, group_of)
            if alloc.volume is not None:
                b.volume.append(Fraction(alloc.volume))
        stops = [e for e in evs if isinstance(e, Stop) and e.date in window]
        if active is not None and not active.is_open and active.last_day in window:
            b.outflow.add(alloc.client_id)
            b.duration.append(active.days)
            if info.key in _WMO_HOUSING:
                b.wmo_stay_duration.setdefault(info.key.value, []).append(active.days)
            all_stops = [e for e in evs if isinstance(e, Stop)]
            reason = min(all_stops, key=lambda s: s.date).reason.value if all_stops \
                else "completed"
            b.ended.append(reason)
            if info.segment is SegmentKey.BEHANDELING and reason == "completed":
                b.regular_ends += 1
                if _referred_again(alloc, active.last_day,
                                   treatments[(alloc.household_id, alloc.client_id)],
                                   relapse_days):
                    b.relapses += 1
        b.dropout.extend(stop.reason.dropout_category for stop in stops)
        for event in evs:
            if isinstance(event, EndReport) and event.date in window:
                b.end_report.append(event.proposal.value)
            if isinstance(event, Evaluation) and event.date in window:
                if event.satisfaction is not None:
                    b.satisfaction.append(event.satisfaction)
                if event.goals is not None:
                    b.goals.append(event.goals is GoalRealisation.REALISED)

    out: list[IndicatorValue] = []
    for (segment, group), b in sorted(buckets.items(), key=lambda kv: (kv[0][0].value, kv[0][1])):
        def add(key: str, value: Fraction | None, n: int, rule: str,
                segment: SegmentKey = segment, group: str = group) -> None:
            out.append(IndicatorValue(segment, group, key, value, n, rule))

        add("clients", Fraction(len(b.clients)), len(b.clients), "MH-113")
        add("inflow", Fraction(len(b.inflow)), len(b.inflow), "MH-110")
        add("outflow", Fraction(len(b.outflow)), len(b.outflow), "MH-110")
        add("waiting_days", _mean(b.waiting), len(b.waiting), "MH-96")
        add("waiting_days_from_registration", _mean(b.registration_waiting),
            len(b.registration_waiting), "MH-55")
        add("duration_days", _mean(b.duration), len(b.duration), "MH-100")
        add("ended_to_plan",
            Fraction(b.ended.count("completed"), len(b.ended)) if b.ended else None,
            len(b.ended), "MH-100")
        for proposal in ("close", "scale_down", "extend"):
            add(f"end_report_{proposal}", Fraction(b.end_report.count(proposal)),
                len(b.end_report), "MH-41")
        for category in sorted(set(b.dropout)):
            add(f"dropout_{category}", Fraction(b.dropout.count(category)), len(b.dropout),
                "MH-48")
        add("satisfaction", _mean(b.satisfaction), len(b.satisfaction), "MH-48")
        add("goals_realised", Fraction(sum(b.goals), len(b.goals)) if b.goals else None,
            len(b.goals), "MH-48")
        if segment is SegmentKey.GEDWONGEN_KADER:
            add("out_of_home_placements", Fraction(b.placements), b.placements, "MH-80")
        if segment is SegmentKey.BEHANDELING:
            add("relapse", Fraction(b.relapses, b.regular_ends) if b.regular_ends else None,
                b.regular_ends, "MH-100")
        if segment is SegmentKey.HOOG_SPECIALISTISCH:
            add("ambulant_ratio", _ratio(b.ambulant, b.residential), len(b.clients), "MH-95")
        if segment is SegmentKey.WONEN:
            for product in _WMO_HOUSING:
                days = b.wmo_stay_duration.get(product.value, [])
                add(f"duration_days_{product.value}", _mean(days), len(days), "MH-106")
            add("home_like_ratio", _ratio(b.home_like, b.residential - b.home_like),
                len(b.residential), "MH-105")
        if segment is SegmentKey.CRISIS:
            add("stayed_home_ratio", _ratio(b.at_home, b.residential), len(b.clients), "MH-92")
        if segment is SegmentKey.HULP_BIJ_HET_HUISHOUDEN:
            add("care_intensity",
                sum(b.volume, Fraction(0)) / len(b.volume) if b.volume else None,
                len(b.volume), "MH-115")
    return tuple(out)


def _count_placement(
    first_day: dt.date, measures: list[Allocation],
    periods: Mapping[str, Period | None], buckets: dict[tuple[SegmentKey, str], _Bucket],
    group_of: Callable[[Allocation], str],
) -> None:
    """Count a youth stay starting on ``first_day`` as an out-of-home placement in the
    group of the client's child-protection measure (of ``measures``, the client's) running
    that day (MH-80), once."""
    for measure in measures:
        running = periods[measure.id]
        if running is not None and first_day in running:
            buckets[(SegmentKey.GEDWONGEN_KADER, group_of(measure))].placements += 1
            return


def _referred_again(ended: Allocation, last_day: dt.date, treatments: list[Allocation],
                    relapse_days: int) -> bool:
    """Whether the client of ``ended`` was referred to Behandeling again (one of
    ``treatments``, the client's) within ``relapse_days`` after ``last_day`` (MH-100)."""
    until = last_day + dt.timedelta(days=relapse_days)
    return any(other.id != ended.id and last_day < _referral_day(other) <= until
               for other in treatments)
