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
* ``care_intensity`` (Hulp bij het huishouden, MH-115): mean allocated volume at the start.

Values are exact fractions (or ``None`` when nothing was observed); they are not money.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
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
from sociaaldomein_midden_holland.catalog import CatalogData, Product, SegmentKey

__all__ = ["IndicatorValue", "segment_indicators", "waiting_days"]


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
    starts = [e.date for e in events if isinstance(e, Start)]
    start = min(starts) if starts else allocation.period.start
    return (start - allocation.decided_on).days


def _mean(values: list[int]) -> Fraction | None:
    return Fraction(sum(values), len(values)) if values else None


def _ratio(first: set[str], second: set[str]) -> Fraction | None:
    return Fraction(len(first), len(second)) if second else None


_CRISIS_AT_HOME = frozenset({Product.CRISIS_AMBULANT})


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
    volume: list[Fraction] = attrs.field(factory=list)
    duration: list[int] = attrs.field(factory=list)
    ended: list[str] = attrs.field(factory=list)
    dropout: list[str] = attrs.field(factory=list)
    end_report: list[str] = attrs.field(factory=list)
    satisfaction: list[int] = attrs.field(factory=list)
    goals: list[bool] = attrs.field(factory=list)


def segment_indicators(
    caseload: Caseload, catalog: CatalogData, window: Period, *, by: str = "municipality",
    rules: SettlementRules | None = None,
) -> tuple[IndicatorValue, ...]:
    """All indicators per segment and group for care in ``window``.

    ``by`` is ``"municipality"`` (the client's municipality of residence) or ``"provider"``.
    """
    if by not in ("municipality", "provider"):
        raise ValueError("by is 'municipality' or 'provider'")
    rules = rules or SettlementRules()
    households = {h.id: h for h in caseload.households}
    events: dict[str, list[CareEvent]] = defaultdict(list)
    for event in caseload.events:
        events[event.allocation_id].append(event)

    buckets: dict[tuple[SegmentKey, str], _Bucket] = defaultdict(_Bucket)

    for alloc in caseload.allocations:
        if not catalog.catalog.has_arrangement(alloc.arrangement):
            continue
        info = catalog.product(alloc.arrangement)
        group = (households[alloc.household_id].municipality.code if by == "municipality"
                 else alloc.provider)
        b = buckets[(info.segment, group)]
        evs = events[alloc.id]
        active, _ = care_period(alloc, evs, rules)
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
            if alloc.volume is not None:
                b.volume.append(Fraction(alloc.volume))
        stops = [e for e in evs if isinstance(e, Stop) and e.date in window]
        if active is not None and not active.is_open and active.last_day in window:
            b.outflow.add(alloc.client_id)
            b.duration.append(active.days)
            all_stops = [e for e in evs if isinstance(e, Stop)]
            reason = min(all_stops, key=lambda s: s.date).reason.value if all_stops \
                else "completed"
            b.ended.append(reason)
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
        if segment is SegmentKey.HOOG_SPECIALISTISCH:
            add("ambulant_ratio", _ratio(b.ambulant, b.residential), len(b.clients), "MH-95")
        if segment is SegmentKey.WONEN:
            add("home_like_ratio", _ratio(b.home_like, b.residential - b.home_like),
                len(b.residential), "MH-105")
        if segment is SegmentKey.CRISIS:
            add("stayed_home_ratio", _ratio(b.at_home, b.residential), len(b.clients), "MH-92")
        if segment is SegmentKey.HULP_BIJ_HET_HUISHOUDEN:
            add("care_intensity",
                sum(b.volume, Fraction(0)) / len(b.volume) if b.volume else None,
                len(b.volume), "MH-115")
    return tuple(out)
