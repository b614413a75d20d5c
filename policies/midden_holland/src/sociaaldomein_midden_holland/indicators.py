"""Segment indicators of Midden-Holland, computed from allocations and care events.

*Kaderdocument inkoop Wmo en Jeugd 2025*, bijlage 4 (Indicator rows per segment sheet,
MH-80 .. MH-115), §3.1 (outcome indicators: drop-out, satisfaction, goal realisation,
MH-48) and §2.4 / bijlage 2 (the end-of-trajectory proposal, MH-41). Indicators are
computed per segment and per municipality (or per provider: monitoring works at segment,
provider and case level, MH-23) for an observation window.

Definitions (the document names the indicators but gives no formulas, inventory
ambiguity 7; these are the plugin's, stated here):

* ``clients``: distinct clients with care on at least one day of the window;
* ``inflow`` / ``outflow``: distinct clients whose care started / ended in the window;
* ``waiting_days``: mean days from the decision date (*datum beschikking*) to the start of
  care, over care that started in the window (MH-96);
* ``duration_days``: mean days of care that ended in the window;
* ``ended_to_plan``: share of care ended in the window with reason ``completed``;
* ``end_report_<proposal>``: number of end reports proposing close / scale down / extend;
* ``satisfaction``: mean mark of evaluations in the window; ``goals_realised``: share of
  evaluations recording the goals as realised; ``dropout_<category>``: number of stops per
  drop-out category (MH-48);
* ``ambulant_ratio`` (Hoog-specialistisch, MH-95), ``home_like_ratio`` (Wonen, MH-105),
  ``stayed_home_ratio`` (Crisis, MH-92): clients in the first kind per client in the second
  (``None`` when the second is empty);
* ``care_intensity`` (Hulp bij het huishouden, MH-115): mean allocated volume at the start.

Values are exact fractions (or ``None`` when nothing was observed); they are not money.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from fractions import Fraction

import attrs

from sociaaldomein import (
    Allocation,
    Caseload,
    EndReport,
    Evaluation,
    GoalRealisation,
    Period,
    SettlementRules,
    Start,
    Stop,
)
from sociaaldomein.settlement import care_period

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


def waiting_days(allocation: Allocation, events: Iterable[object]) -> int | None:
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
    events: dict[str, list[object]] = defaultdict(list)
    for event in caseload.events:
        events[event.allocation_id].append(event)

    Bucket = dict[str, list[object]]
    buckets: dict[tuple[SegmentKey, str], Bucket] = defaultdict(lambda: defaultdict(list))

    for alloc in caseload.allocations:
        if not catalog.catalog.has_arrangement(alloc.arrangement):
            continue
        info = catalog.product(alloc.arrangement)
        group = households[alloc.household_id].municipality.code if by == "municipality" \
            else alloc.provider
        b = buckets[(info.segment, group)]
        evs = events[alloc.id]
        active, _ = care_period(alloc, evs, rules)  # type: ignore[arg-type]
        if active is not None and active.overlaps(window):
            b["clients"].append(alloc.client_id)
            if info.residential:
                b["residential"].append(alloc.client_id)
                if info.home_like:
                    b["home_like"].append(alloc.client_id)
            else:
                b["ambulant"].append(alloc.client_id)
            if info.key in _CRISIS_AT_HOME:
                b["at_home"].append(alloc.client_id)
        if active is not None and active.start in window:
            b["inflow"].append(alloc.client_id)
            wait = waiting_days(alloc, evs)
            if wait is not None:
                b["waiting"].append(wait)
            if alloc.volume is not None:
                b["volume"].append(alloc.volume)
        stops = [e for e in evs if isinstance(e, Stop) and e.date in window]
        ended_in_window = active is not None and not active.is_open and (
            active.end - dt.timedelta(days=1)) in window
        if ended_in_window and active is not None:
            b["outflow"].append(alloc.client_id)
            b["duration"].append(active.days)
            reason = min(stops, key=lambda s: s.date).reason.value if stops else "completed"
            b["ended"].append(reason)
        for stop in stops:
            b["dropout"].append(stop.reason.dropout_category)
        for event in evs:
            if isinstance(event, EndReport) and event.date in window:
                b["end_report"].append(event.proposal.value)
            if isinstance(event, Evaluation) and event.date in window:
                if event.satisfaction is not None:
                    b["satisfaction"].append(event.satisfaction)
                if event.goals is not None:
                    b["goals"].append(event.goals is GoalRealisation.REALISED)

    out: list[IndicatorValue] = []
    for (segment, group), b in sorted(buckets.items(), key=lambda kv: (kv[0][0].value, kv[0][1])):
        def add(key: str, value: Fraction | None, n: int, rule: str,
                segment: SegmentKey = segment, group: str = group) -> None:
            out.append(IndicatorValue(segment, group, key, value, n, rule))

        clients = set(map(str, b["clients"]))
        add("clients", Fraction(len(clients)), len(clients), "MH-113")
        inflow = set(map(str, b["inflow"]))
        outflow = set(map(str, b["outflow"]))
        add("inflow", Fraction(len(inflow)), len(inflow), "MH-110")
        add("outflow", Fraction(len(outflow)), len(outflow), "MH-110")
        waits = [int(str(w)) for w in b["waiting"]]
        add("waiting_days", _mean(waits), len(waits), "MH-96")
        durations = [int(str(d)) for d in b["duration"]]
        add("duration_days", _mean(durations), len(durations), "MH-100")
        ended = [str(r) for r in b["ended"]]
        add("ended_to_plan",
            Fraction(ended.count("completed"), len(ended)) if ended else None, len(ended),
            "MH-100")
        reports = [str(p) for p in b["end_report"]]
        for proposal in ("close", "scale_down", "extend"):
            add(f"end_report_{proposal}", Fraction(reports.count(proposal)), len(reports),
                "MH-41")
        drops = [str(c) for c in b["dropout"]]
        for category in sorted(set(drops)):
            add(f"dropout_{category}", Fraction(drops.count(category)), len(drops), "MH-48")
        marks = [int(str(m)) for m in b["satisfaction"]]
        add("satisfaction", _mean(marks), len(marks), "MH-48")
        goals = [bool(g) for g in b["goals"]]
        add("goals_realised", Fraction(sum(goals), len(goals)) if goals else None, len(goals),
            "MH-48")
        residential = set(map(str, b["residential"]))
        if segment is SegmentKey.HOOG_SPECIALISTISCH:
            ambulant = set(map(str, b["ambulant"]))
            add("ambulant_ratio", _ratio(ambulant, residential), len(clients), "MH-95")
        if segment is SegmentKey.WONEN:
            home = set(map(str, b["home_like"]))
            add("home_like_ratio", _ratio(home, residential - home), len(residential), "MH-105")
        if segment is SegmentKey.CRISIS:
            at_home = set(map(str, b["at_home"]))
            add("stayed_home_ratio", _ratio(at_home, residential), len(clients), "MH-92")
        if segment is SegmentKey.HULP_BIJ_HET_HUISHOUDEN:
            volumes = [Fraction(str(v)) for v in b["volume"]]
            add("care_intensity",
                sum(volumes, Fraction(0)) / len(volumes) if volumes else None, len(volumes),
                "MH-115")
    return tuple(out)
