"""Monitoring of results in Hart van Brabant: the indicators the 2019 plan names, per plan,
per provider and per region, and the coordinator's budget per plan.

*Inkoopplan resultaatgerichte Wmo-begeleiding 2019* §4.1 and §4.2 (HVB19-56, HVB19-57):
whether the plan's results are achieved is monitored per plan and, above that, per provider
or region, with three indicators: client satisfaction (*klanttevredenheid*), goal
realisation (*doelrealisatie*) and drop-out (*uitval*). The document gives no formulas;
this module's readings, the same for every provider so that providers are comparable on
one set of criteria (HVB19-58) and accountability rests on how far results were achieved
(*Leidende principes* §3.3, HVB16-81):

* **goal realisation**: of the allocations with an evaluation that records goal
  realisation (``Evaluation.goals``), the share whose latest such evaluation says
  *realised*;
* **client satisfaction**: the mean of the latest mark (1-10) per allocation;
* **drop-out**: of the allocations whose care stopped, the share that stopped early: by the
  client, by the provider, by agreement, or for no result (``StopReason``); completion
  and external circumstances (moving, death, another law) are not drop-out.

Also computed from the caseload, with no target in the sources:

* :func:`plan_budgets`: the coordinator's one budget per plan and month, the sum of what
  the plan's allocations earn, not split by law or funding stream (*Leidende principes*
  h2 Principe 3, HVB16-28);
* :func:`coordinator_reach`: per coordinating provider, the plans, households, result
  areas and whole households it coordinates (*Leidende principes* §3.4, HVB16-90: only a
  few are expected to coordinate all life domains and whole households);
* :func:`contracted_spread`: per contracted provider, the result areas its contracts
  cover, to see whether enough providers can deliver several areas in one plan
  (*Inkoopplan 2019* §2.3, §3.5 a, HVB19-16).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from fractions import Fraction

import attrs

from sociaaldomein import (
    Case,
    Caseload,
    Contract,
    Evaluation,
    Flow,
    GoalRealisation,
    InvalidValue,
    Money,
    Month,
    PartyKind,
    RegionPolicy,
    Stop,
    StopReason,
)
from sociaaldomein_hart_van_brabant.catalog import Area, cell_of
from sociaaldomein_hart_van_brabant.sources import REGION, ref

__all__ = [
    "DROPOUT_REASONS",
    "GROUPINGS",
    "REF_INDICATORS",
    "ContractedSpread",
    "CoordinatorReach",
    "ResultIndicators",
    "contracted_spread",
    "coordinator_reach",
    "plan_budgets",
    "result_indicators",
]

REF_INDICATORS = ref("HVB19-57", "§4.2")
REF_MONITORING = ref("HVB19-56", "§4.1; §4.2")
REF_BUDGET = ref("HVB16-28", "h2 Principe 3")

DROPOUT_REASONS = frozenset({
    StopReason.CLIENT_UNILATERAL, StopReason.PROVIDER_UNILATERAL, StopReason.BY_AGREEMENT,
    StopReason.NO_RESULT,
})
"""Stops that count as drop-out (*uitval*): care ended early by either side, by agreement,
or because it did not contribute to the result (HVB19-57, this policy's reading)."""

GROUPINGS = ("plan", "provider", "municipality", "region")
"""The levels HVB19-56 monitors at: per plan, and above it per provider or region (and per
municipality, each paying for its own residents)."""


@attrs.frozen
class ResultIndicators:
    """The three indicators of HVB19-57 for one group, as counts; shares are properties."""

    group: str
    allocations: int
    evaluated: int
    """Allocations with an evaluation recording goal realisation."""
    realised: int
    """Of those, the ones whose latest such evaluation says *realised*."""
    marks: tuple[int, ...]
    """The latest satisfaction mark (1-10) per allocation that has one."""
    stopped: int
    dropped_out: int

    @property
    def goal_realisation(self) -> Fraction | None:
        return Fraction(self.realised, self.evaluated) if self.evaluated else None

    @property
    def satisfaction(self) -> Fraction | None:
        return Fraction(sum(self.marks), len(self.marks)) if self.marks else None

    @property
    def dropout(self) -> Fraction | None:
        return Fraction(self.dropped_out, self.stopped) if self.stopped else None


def _latest(events: Iterable[Evaluation], field: str) -> Evaluation | None:
    found = [e for e in events if getattr(e, field) is not None]
    return max(found, key=lambda e: e.date) if found else None


def result_indicators(caseload: Caseload, by: str = "provider") -> list[ResultIndicators]:
    """Goal realisation, client satisfaction and drop-out per group (HVB19-56, HVB19-57),
    sorted by group. ``by``: ``plan`` (household/plan id; allocations without a plan are
    ``household/-``), ``provider``, ``municipality`` (CBS code) or ``region``."""
    if by not in GROUPINGS:
        raise InvalidValue(f"unknown grouping {by!r} of the result indicators; known: "
                           + ", ".join(GROUPINGS))
    rows: dict[str, list[tuple[int, int, int | None, int, int]]] = defaultdict(list)
    for case in caseload.cases():
        for alloc in case.allocations:
            events = case.events_for(alloc.id)
            evaluations = [e for e in events if isinstance(e, Evaluation)]
            goals = _latest(evaluations, "goals")
            mark = _latest(evaluations, "satisfaction")
            stops = [e for e in events if isinstance(e, Stop)]
            stop = max(stops, key=lambda e: e.date) if stops else None
            key = {
                "plan": f"{case.household.id}/{alloc.plan_id or '-'}",
                "provider": alloc.provider,
                "municipality": case.household.municipality.code,
                "region": REGION,
            }[by]
            rows[key].append((
                int(goals is not None),
                int(goals is not None and goals.goals is GoalRealisation.REALISED),
                mark.satisfaction if mark is not None else None,
                int(stop is not None),
                int(stop is not None and stop.reason in DROPOUT_REASONS),
            ))
    return [
        ResultIndicators(
            group=key, allocations=len(items),
            evaluated=sum(i[0] for i in items), realised=sum(i[1] for i in items),
            marks=tuple(i[2] for i in items if i[2] is not None),
            stopped=sum(i[3] for i in items), dropped_out=sum(i[4] for i in items),
        )
        for key, items in sorted(rows.items())
    ]


def plan_budgets(policy: RegionPolicy, case: Case, month: Month) -> dict[str, Money]:
    """The coordinator's budget per plan for ``month``: everything the plan's allocations
    earn in it, in one amount, whatever law, arrangement or funding stream (HVB16-28). Lines
    of allocations without a plan are under ``"-"``; own contributions are not budget."""
    plan_of = {a.id: a.plan_id or "-" for a in case.allocations}
    out: dict[str, Money] = {}
    for line in policy.settle(case, month):
        if line.flow is not Flow.TO_PROVIDER or line.allocation is None \
                or line.allocation not in plan_of:
            continue
        plan = plan_of[line.allocation]
        out[plan] = out.get(plan, Money.zero()) + line.amount
    return out


@attrs.frozen
class CoordinatorReach:
    """What one provider coordinates on a date (HVB16-90)."""

    provider: str
    plans: int
    households: int
    areas: frozenset[Area]
    """The result areas of the cells in the plans it coordinates."""
    whole_households: int
    """Plans with cells for two or more members of the household."""

    @property
    def all_areas(self) -> bool:
        return self.areas == frozenset(Area)


def coordinator_reach(caseload: Caseload, on: dt.date) -> list[CoordinatorReach]:
    """Per provider that coordinates a plan with support in force on ``on``: how many plans
    and households, which result areas, how many whole households (HVB16-90). No target is
    set; the indicator shows whether coordination of all domains concentrates in few
    providers, as the note expects."""
    plans: dict[str, set[tuple[str, str]]] = defaultdict(set)
    areas: dict[str, set[Area]] = defaultdict(set)
    whole: dict[str, int] = defaultdict(int)
    for case in caseload.cases():
        for plan in case.plans:
            if len(plan.coordinators) != 1 or plan.coordinators[0].kind is not PartyKind.PROVIDER:
                continue
            coordinator = plan.coordinators[0].id or "?"
            cells = [(a.client_id, c) for a in case.allocations
                     if a.plan_id == plan.id and on in a.period
                     and (c := cell_of(a.arrangement)) is not None]
            if not cells:
                continue
            plans[coordinator].add((case.household.id, plan.id))
            areas[coordinator].update(c.area for _, c in cells)
            whole[coordinator] += len({client for client, _ in cells}) >= 2
    return [
        CoordinatorReach(p, len(plans[p]), len({h for h, _ in plans[p]}),
                         frozenset(areas[p]), whole[p])
        for p in sorted(plans)
    ]


@attrs.frozen
class ContractedSpread:
    """The result areas one provider is contracted for on a date (HVB19-16)."""

    provider: str
    areas: frozenset[Area]

    @property
    def several_areas(self) -> bool:
        return len(self.areas) >= 2


def contracted_spread(contracts: Iterable[Contract], on: dt.date) -> list[ContractedSpread]:
    """Per provider with a contract in force on ``on``: the result areas of the cells it
    holds (HVB19-16: enough providers should deliver several areas within one plan; the
    document sets no number, so this reports and does not judge)."""
    areas: dict[str, set[Area]] = defaultdict(set)
    for contract in contracts:
        if on not in contract.term and not any(on in e for e in contract.extensions):
            continue
        areas[contract.provider.code].update(
            c.area for code in contract.arrangements if (c := cell_of(code)) is not None)
    return [ContractedSpread(p, frozenset(a)) for p, a in sorted(areas.items())]
