"""Flat tables and indicators in plain Python, for the command line, the demo and the
optional DataFrame layer (:mod:`sociaaldomein.analysis.frames`).

Rows are plain dicts of strings, integers and booleans with a fixed set of columns, so they
can be written as JSON or CSV without any optional dependency. Money is always an integer
number of cents in a column named ``*_cents``.

The indicators follow the regions' documents: drop-out in the five categories and goal
realisation and client satisfaction (West-Friesland framework §3.5.1), waiting time from
decision to start of care, duration, inflow and outflow (Midden-Holland kaderdocument,
bijlage 4).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction

import attrs

from sociaaldomein.errors import InvalidValue, SociaaldomeinError
from sociaaldomein.model.caseload import (
    Allocation,
    CareEvent,
    Caseload,
    Evaluation,
    GoalRealisation,
    Start,
    Stop,
)
from sociaaldomein.model.funding import DROPOUT_CATEGORIES
from sociaaldomein.model.household import Law
from sociaaldomein.model.lines import SettlementLine
from sociaaldomein.model.money import Money, Rounding
from sociaaldomein.model.validation import Violation
from sociaaldomein.policy.plugin import RegionPolicy
from sociaaldomein.policy.registry import Registry, default_registry
from sociaaldomein.settle.regions import split_by_region

__all__ = [
    "ALLOCATION_COLUMNS",
    "GROUPS",
    "INDICATOR_COLUMNS",
    "LINE_COLUMNS",
    "VIOLATION_COLUMNS",
    "AllocationFacts",
    "Indicators",
    "allocation_facts",
    "allocation_rows",
    "indicator_rows",
    "indicators",
    "line_rows",
    "render_table",
    "violation_rows",
]

Cell = str | int | bool | None
Row = dict[str, Cell]

LINE_COLUMNS = (
    "region", "municipality", "provider", "month", "kind", "flow", "amount_cents",
    "withheld_cents", "rule", "clause", "example", "explanation", "client", "household",
    "allocation", "arrangement", "segment", "funding", "quantity", "unit",
)
"""The columns of a settlement line row (``amount_cents`` and ``withheld_cents`` in cents)."""

VIOLATION_COLUMNS = ("code", "severity", "household", "path", "message", "rule", "clause")

ALLOCATION_COLUMNS = (
    "region", "municipality", "household", "client", "allocation", "arrangement", "segment",
    "care_kind", "law", "provider", "start", "end", "care_start", "care_end", "stop_reason",
    "dropout_category", "decided_on", "waiting_days", "age_at_start", "unit", "volume",
)


def line_rows(lines: Iterable[SettlementLine]) -> list[Row]:
    """Settlement lines as flat rows (:data:`LINE_COLUMNS`)."""
    return [
        {
            "region": line.region, "municipality": line.municipality, "provider": line.provider,
            "month": str(line.month), "kind": line.kind.value, "flow": line.flow.value,
            "amount_cents": line.amount.amount_cents,
            "withheld_cents": line.withheld.amount_cents, "rule": line.rule,
            "clause": line.ref.cite(), "example": line.example,
            "explanation": line.explanation, "client": line.client,
            "household": line.household, "allocation": line.allocation,
            "arrangement": line.arrangement, "segment": line.segment,
            "funding": line.funding,
            "quantity": None if line.quantity is None else str(line.quantity),
            "unit": None if line.unit is None else line.unit.value,
        }
        for line in lines
    ]


def _household_of(path: str) -> str | None:
    if path.startswith("households[") and "]" in path:
        return path[len("households["):path.index("]")]
    return None


def violation_rows(violations: Iterable[Violation]) -> list[Row]:
    """Violations as flat rows (:data:`VIOLATION_COLUMNS`)."""
    return [
        {
            "code": v.code, "severity": v.severity.value, "household": _household_of(v.path),
            "path": v.path, "message": v.message, "rule": v.ref.rule, "clause": v.ref.cite(),
        }
        for v in violations
    ]


@attrs.frozen
class AllocationFacts:
    """What the indicators need to know of one allocation, resolved once."""

    allocation: Allocation
    region: str
    municipality: str
    segment: str
    care_kind: str
    law: str
    care_start: dt.date
    care_end: dt.date | None
    stop_reason: str | None
    dropout_category: str | None
    evaluation: Evaluation | None
    age_at_start: int | None


def _policy_for(registry: Registry, municipality: str, day: dt.date,
                cache: dict[tuple[str, int], RegionPolicy | None]) -> RegionPolicy | None:
    key = (municipality, day.year)
    if key not in cache:
        try:
            cache[key] = registry.region_of(municipality, day)
        except SociaaldomeinError:
            cache[key] = None
    return cache[key]


def allocation_facts(caseload: Caseload, registry: Registry | None = None) -> list[AllocationFacts]:
    """Each allocation with its region, segment, kind of care, care period and outcome."""
    from sociaaldomein.policy.kinds import kind_in

    registry = registry or default_registry()
    events: dict[str, list[CareEvent]] = defaultdict(list)
    for event in caseload.events:
        events[event.allocation_id].append(event)
    households = {h.id: h for h in caseload.households}
    cache: dict[tuple[str, int], RegionPolicy | None] = {}
    kinds: dict[tuple[str, str], tuple[str, str, str]] = {}
    out: list[AllocationFacts] = []
    for alloc in caseload.allocations:
        household = households[alloc.household_id]
        code = household.municipality.code
        policy = _policy_for(registry, code, alloc.period.start, cache)
        region = policy.code if policy else "-"
        key = (region, alloc.arrangement)
        if key not in kinds:
            segment, kind, law = "-", "-", "-"
            if policy is not None and policy.catalog.has_arrangement(alloc.arrangement):
                arrangement = policy.catalog.arrangement(alloc.arrangement)
                segment = arrangement.segment
                kind = kind_in(policy, arrangement).value
                law = Law.JEUGDWET.value if arrangement.laws == {Law.JEUGDWET} else (
                    Law.WMO.value if arrangement.laws == {Law.WMO} else "both")
            kinds[key] = (segment, kind, law)
        segment, kind, law = kinds[key]
        own = events.get(alloc.id, [])
        starts = [e.date for e in own if isinstance(e, Start)]
        care_start = max(min(starts) if starts else alloc.period.start, alloc.period.start)
        stops = [e for e in own if isinstance(e, Stop)]
        stop = min(stops, key=lambda s: s.date) if stops else None
        evaluations = [e for e in own if isinstance(e, Evaluation)]
        last = max(evaluations, key=lambda e: e.date) if evaluations else None
        client = household.member(alloc.client_id) if household.has_member(alloc.client_id) else None
        out.append(AllocationFacts(
            alloc, region, code, segment, kind, law, care_start,
            stop.date if stop else None,
            stop.reason.value if stop else None,
            stop.reason.dropout_category if stop else None,
            last, client.age_on(alloc.period.start) if client else None,
        ))
    return out


def allocation_rows(caseload: Caseload, registry: Registry | None = None) -> list[Row]:
    """Allocations as flat rows (:data:`ALLOCATION_COLUMNS`)."""
    rows: list[Row] = []
    for f in allocation_facts(caseload, registry):
        a = f.allocation
        rows.append({
            "region": f.region, "municipality": f.municipality, "household": a.household_id,
            "client": a.client_id, "allocation": a.id, "arrangement": a.arrangement,
            "segment": f.segment, "care_kind": f.care_kind, "law": f.law,
            "provider": a.provider, "start": a.period.start.isoformat(),
            "end": None if a.period.is_open else a.period.end.isoformat(),
            "care_start": f.care_start.isoformat(),
            "care_end": f.care_end.isoformat() if f.care_end else None,
            "stop_reason": f.stop_reason, "dropout_category": f.dropout_category,
            "decided_on": a.decided_on.isoformat() if a.decided_on else None,
            "waiting_days": (f.care_start - a.decided_on).days if a.decided_on else None,
            "age_at_start": f.age_at_start,
            "unit": a.unit.value if a.unit else None,
            "volume": str(a.volume) if a.volume is not None else None,
        })
    return rows


GROUPS: dict[str, Callable[[AllocationFacts], str]] = {
    "all": lambda f: "all",
    "region": lambda f: f.region,
    "municipality": lambda f: f.municipality,
    "segment": lambda f: f"{f.region}:{f.segment}",
    "provider": lambda f: f.allocation.provider,
    "arrangement": lambda f: f"{f.region}:{f.allocation.arrangement}",
    "care_kind": lambda f: f.care_kind,
    "law": lambda f: f.law,
}
"""The groupings indicators can be computed by."""


@attrs.frozen
class Indicators:
    """The indicators of one group of allocations, as counts; shares are properties.

    ``inflow`` counts care that started in ``period``, ``outflow`` care that stopped in it
    (all care when no period is given).
    """

    group: str
    allocations: int
    clients: int
    inflow: int
    outflow: int
    dropout: Mapping[str, int]
    evaluated: int
    goals_realised: int
    goals_partly: int
    goals_not_realised: int
    continues_without_help: int
    problems_decreased: int
    satisfaction_marks: tuple[int, ...]
    waiting_days: tuple[int, ...]
    duration_days: tuple[int, ...]

    @property
    def ended(self) -> int:
        return sum(self.dropout.values())

    def dropout_share(self, category: str) -> Fraction | None:
        """Share of ended care in one of the five categories."""
        if category not in DROPOUT_CATEGORIES:
            raise InvalidValue(f"unknown drop-out category {category!r}; known: "
                               + ", ".join(DROPOUT_CATEGORIES))
        return Fraction(self.dropout.get(category, 0), self.ended) if self.ended else None

    @property
    def goal_realisation(self) -> Fraction | None:
        """Share of evaluated care whose goals were realised (fully)."""
        return Fraction(self.goals_realised, self.evaluated) if self.evaluated else None

    @property
    def satisfaction_mean(self) -> Fraction | None:
        marks = self.satisfaction_marks
        return Fraction(sum(marks), len(marks)) if marks else None

    @property
    def satisfaction_positive(self) -> Fraction | None:
        """Share of marks of 7 or more (*positief*)."""
        marks = self.satisfaction_marks
        return Fraction(sum(1 for m in marks if m >= 7), len(marks)) if marks else None

    @property
    def waiting_mean(self) -> Fraction | None:
        days = self.waiting_days
        return Fraction(sum(days), len(days)) if days else None

    @property
    def waiting_median(self) -> Fraction | None:
        return Fraction(statistics.median(self.waiting_days)) if self.waiting_days else None

    @property
    def duration_mean(self) -> Fraction | None:
        days = self.duration_days
        return Fraction(sum(days), len(days)) if days else None


def indicators(
    caseload: Caseload, by: str = "region", *, period: tuple[dt.date, dt.date] | None = None,
    registry: Registry | None = None, facts: Sequence[AllocationFacts] | None = None,
) -> list[Indicators]:
    """Indicators per group (``by`` is a key of :data:`GROUPS`), sorted by group.

    ``period`` (first day, day after the last) limits inflow and outflow to care that
    started or stopped in it.
    """
    if by not in GROUPS:
        raise InvalidValue(f"unknown grouping {by!r}; known: {', '.join(GROUPS)}")
    key = GROUPS[by]
    facts = facts if facts is not None else allocation_facts(caseload, registry)
    groups: dict[str, list[AllocationFacts]] = defaultdict(list)
    for fact in facts:
        groups[key(fact)].append(fact)

    def inside(day: dt.date | None) -> bool:
        return day is not None and (period is None or period[0] <= day < period[1])

    out: list[Indicators] = []
    for name in sorted(groups):
        members = groups[name]
        dropout = dict.fromkeys(DROPOUT_CATEGORIES, 0)
        for f in members:
            if f.dropout_category is not None:
                dropout[f.dropout_category] += 1
        evaluated = [f.evaluation for f in members
                     if f.evaluation is not None and f.evaluation.goals is not None]

        marks = tuple(f.evaluation.satisfaction for f in members
                      if f.evaluation is not None and f.evaluation.satisfaction is not None)
        out.append(Indicators(
            group=name,
            allocations=len(members),
            clients=len({(f.allocation.household_id, f.allocation.client_id) for f in members}),
            inflow=sum(1 for f in members if inside(f.care_start)),
            outflow=sum(1 for f in members if inside(f.care_end)),
            dropout=dropout,
            evaluated=len(evaluated),
            goals_realised=_count(evaluated, lambda e: e.goals is GoalRealisation.REALISED),
            goals_partly=_count(evaluated, lambda e: e.goals is GoalRealisation.PARTLY),
            goals_not_realised=_count(evaluated,
                                      lambda e: e.goals is GoalRealisation.NOT_REALISED),
            continues_without_help=_count(evaluated, lambda e: e.continues_without_help is True),
            problems_decreased=_count(evaluated, lambda e: e.problems_decreased is True),
            satisfaction_marks=marks,
            waiting_days=tuple(
                (f.care_start - f.allocation.decided_on).days for f in members
                if f.allocation.decided_on is not None and f.care_start >= f.allocation.decided_on
            ),
            duration_days=tuple((f.care_end - f.care_start).days for f in members
                                if f.care_end is not None and f.care_end > f.care_start),
        ))
    return out


def _count(items: Iterable[Evaluation], test: Callable[[Evaluation], bool]) -> int:
    return sum(1 for item in items if test(item))


def _pct(value: Fraction | None) -> str | None:
    if value is None:
        return None
    return str(Decimal(Rounding.HALF_UP.round(value * 1000)).scaleb(-1))


def _dec(value: Fraction | None) -> str | None:
    if value is None:
        return None
    return str(Decimal(Rounding.HALF_UP.round(value * 10)).scaleb(-1))


INDICATOR_COLUMNS = (
    "group", "allocations", "clients", "inflow", "outflow", "ended",
    *(f"dropout_{c}" for c in DROPOUT_CATEGORIES),
    *(f"dropout_{c}_pct" for c in DROPOUT_CATEGORIES),
    "evaluated", "goal_realisation_pct", "continues_without_help", "problems_decreased",
    "satisfaction_n", "satisfaction_mean", "satisfaction_positive_pct",
    "waiting_n", "waiting_mean_days", "waiting_median_days", "duration_n", "duration_mean_days",
)
"""Indicator row columns: counts as integers, shares as percentages with one decimal and
means with one decimal, both as text (exact, rounded half up) so that JSON holds no floats."""


def indicator_rows(rows: Iterable[Indicators]) -> list[Row]:
    """Indicators as flat rows (:data:`INDICATOR_COLUMNS`)."""
    out: list[Row] = []
    for r in rows:
        row: Row = {
            "group": r.group, "allocations": r.allocations, "clients": r.clients,
            "inflow": r.inflow, "outflow": r.outflow, "ended": r.ended,
        }
        for c in DROPOUT_CATEGORIES:
            row[f"dropout_{c}"] = r.dropout.get(c, 0)
        for c in DROPOUT_CATEGORIES:
            row[f"dropout_{c}_pct"] = _pct(r.dropout_share(c))
        row.update({
            "evaluated": r.evaluated, "goal_realisation_pct": _pct(r.goal_realisation),
            "continues_without_help": r.continues_without_help,
            "problems_decreased": r.problems_decreased,
            "satisfaction_n": len(r.satisfaction_marks),
            "satisfaction_mean": _dec(r.satisfaction_mean),
            "satisfaction_positive_pct": _pct(r.satisfaction_positive),
            "waiting_n": len(r.waiting_days), "waiting_mean_days": _dec(r.waiting_mean),
            "waiting_median_days": _dec(r.waiting_median),
            "duration_n": len(r.duration_days), "duration_mean_days": _dec(r.duration_mean),
        })
        out.append(row)
    return out


def render_table(headers: Sequence[str], rows: Sequence[Sequence[object]],
                 *, right: Iterable[int] = (), title: str | None = None) -> str:
    """A plain-text table (no optional dependency): columns padded, ``right`` aligned."""
    right_cols = set(right)
    cells = [[_text(c) for c in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))

    def fmt(row: Sequence[str]) -> str:
        return "  ".join(c.rjust(widths[i]) if i in right_cols else c.ljust(widths[i])
                         for i, c in enumerate(row)).rstrip()

    lines = [title] if title else []
    lines.append(fmt(list(headers)))
    lines.append("  ".join("-" * w for w in widths))
    lines.extend(fmt(row) for row in cells)
    return "\n".join(lines)


def _text(cell: object) -> str:
    if cell is None:
        return "-"
    if isinstance(cell, Money):
        return cell.format_nl()
    return str(cell)


def year_indicators(caseload: Caseload, by: str, years: dict[str, int],
                    registry: Registry | None = None) -> list[Indicators]:
    """Indicators per group, with inflow and outflow counted in each region's settled year
    (groups are per region, so a group never mixes years)."""
    registry = registry or default_registry()
    out: list[Indicators] = []
    for region, part in split_by_region(caseload, registry).items():
        year = years.get(region)
        period = (dt.date(year, 1, 1), dt.date(year + 1, 1, 1)) if year else None
        out.extend(indicators(part, by, period=period, registry=registry))
    return sorted(out, key=lambda r: r.group)
