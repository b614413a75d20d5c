"""Reusable checks and settlement helpers for policies.

Regions share many rules in shape (law by age, one coordinator per plan, no overlapping
arrangements of one kind). These functions implement the shape; the policy supplies its
own clause (``Ref``) and violation code, so each region cites its own document.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sociaaldomein.errors import (
    MissingTariff,
    SettlementError,
    SociaaldomeinError,
    UnknownCode,
    UnpricedAllocation,
)
from sociaaldomein.model.caseload import Allocation, Case, Stop
from sociaaldomein.model.catalog import Catalog
from sociaaldomein.model.funding import Trajectory
from sociaaldomein.model.household import Law
from sociaaldomein.model.lines import (
    SettlementLine,
    SettlementRules,
    _start,
    settle_allocation_month,
)
from sociaaldomein.model.periods import Month, Period
from sociaaldomein.model.plan import Plan
from sociaaldomein.model.provenance import Ref
from sociaaldomein.model.validation import Severity, Violation
from sociaaldomein.policy.plugin import PricedAllocation, RegionPolicy

__all__ = [
    "allocation_path",
    "check_known_arrangements",
    "check_law_by_age",
    "check_no_overlap",
    "check_single_coordinator",
    "settle_case",
]


def allocation_path(case: Case, allocation: Allocation) -> str:
    return f"households[{case.household.id}].allocations[{allocation.id}]"


def plan_path(case: Case, plan: Plan) -> str:
    return f"households[{case.household.id}].plans[{plan.id}]"


def check_known_arrangements(case: Case, catalog: Catalog, code: str, ref: Ref) -> list[Violation]:
    """Every allocation names an arrangement of the catalog."""
    return [
        Violation(code, Severity.ERROR,
                  f"arrangement {a.arrangement!r} is not in the catalog",
                  allocation_path(case, a) + ".arrangement", ref)
        for a in case.allocations if not catalog.has_arrangement(a.arrangement)
    ]


def check_law_by_age(case: Case, catalog: Catalog, code: str, ref: Ref) -> list[Violation]:
    """Youth arrangements for clients under 18 (or extended youth care up to 23), Wmo
    arrangements from 18, judged on the allocation's first day."""
    out: list[Violation] = []
    for alloc in case.allocations:
        if not catalog.has_arrangement(alloc.arrangement):
            continue
        arrangement = catalog.arrangement(alloc.arrangement)
        client = case.client(alloc)
        day = alloc.period.start
        if not any(client.may_receive(law, day, extended_youth_care=alloc.extended_youth_care)
                   for law in arrangement.laws):
            laws = " or ".join(sorted(law.value for law in arrangement.laws))
            out.append(Violation(
                code, Severity.ERROR,
                f"client {client.id} is {client.age_on(day)} on {day.isoformat()}, but "
                f"{arrangement.code} falls under the {laws}"
                + (" (not marked as extended youth care)"
                   if Law.JEUGDWET in arrangement.laws and client.age_on(day) >= 18 else ""),
                allocation_path(case, alloc) + ".arrangement", ref,
            ))
    return out


def check_single_coordinator(case: Case, code: str, ref: Ref) -> list[Violation]:
    """Every plan names exactly one coordinator (*één plan, één coördinator*)."""
    out: list[Violation] = []
    for plan in case.plans:
        n = len(plan.coordinators)
        if n != 1:
            who = ", ".join(str(c) for c in plan.coordinators) or "nobody"
            out.append(Violation(
                code, Severity.ERROR,
                f"plan {plan.id} names {n} coordinators ({who}); a plan has exactly one",
                plan_path(case, plan) + ".coordinators", ref,
            ))
    return out


def check_no_overlap(
    case: Case, key: Callable[[Allocation], str | None], code: str, ref: Ref, what: str
) -> list[Violation]:
    """No client has two allocations with the same ``key`` (e.g. support profile) whose
    periods overlap: a change ends the old one the day the new one starts. A stop event
    ends an allocation's period early."""
    out: list[Violation] = []
    allocs = sorted(case.allocations, key=lambda a: (a.client_id, a.period.start, a.id))
    spans = {a.id: _effective_period(case, a) for a in allocs}
    for i, first in enumerate(allocs):
        k = key(first)
        if k is None:
            continue
        for second in allocs[i + 1:]:
            if second.client_id != first.client_id:
                break
            a, b = spans[first.id], spans[second.id]
            if key(second) == k and a is not None and b is not None and a.overlaps(b):
                out.append(Violation(
                    code, Severity.ERROR,
                    f"client {first.client_id} has {first.id} and {second.id} for the same "
                    f"{what} {k} at once ({first.period} and {second.period})",
                    allocation_path(case, second) + ".period", ref,
                ))
    return out


def _effective_period(case: Case, allocation: Allocation) -> Period | None:
    """The allocation's period cut off at its earliest stop event."""
    stops = [e.date for e in case.events_for(allocation.id) if isinstance(e, Stop)]
    end = min([allocation.period.end, *stops])
    return Period(allocation.period.start, end) if end > allocation.period.start else None


def _price(
    policy: RegionPolicy, case: Case, alloc: Allocation, month: Month, start: dt.date
) -> PricedAllocation:
    """Price on the month's contract year; a trajectory is re-priced on its care start.
    When the month's year has no tariff, a trajectory that started in a year with one is
    still priced (its completion falls after its tariff year)."""
    try:
        priced = policy.price(case, alloc, pricing_day(alloc, month))
    except MissingTariff:
        at_start = policy.price(case, alloc, start)
        if isinstance(at_start.tariff.model, Trajectory):
            return at_start
        raise
    if isinstance(priced.tariff.model, Trajectory):
        return policy.price(case, alloc, start)
    return priced


def pricing_day(allocation: Allocation, month: Month) -> dt.date:
    """The day whose contract year prices an allocation in ``month``."""
    day = max(month.first_day, allocation.period.start)
    return min(day, allocation.period.last_day)


def settle_case(
    policy: RegionPolicy,
    case: Case,
    month: Month,
    rules: SettlementRules,
    *,
    municipality: str | None = None,
    skip: Callable[[Allocation], bool] | None = None,
) -> list[SettlementLine]:
    """Settle every allocation of a case for a month with the policy's prices and rules.

    A trajectory is priced on its care start (its installments belong to one tariff); other
    models on the month's contract year. Allocations the policy cannot price raise
    :class:`SettlementError` naming the allocation. ``skip`` leaves out allocations that
    earn nothing by the region's rules (free provisions, personal budgets paid elsewhere).
    """
    lines: list[SettlementLine] = []
    payer = municipality or case.household.municipality.code
    for alloc in case.allocations:
        if skip is not None and skip(alloc):
            continue
        events = case.events_for(alloc.id)
        if alloc.period.start >= month.next().first_day:
            continue
        try:
            # a trajectory's installments all belong to the tariff of its start; other
            # models are priced on the contract year of the month
            priced = _price(policy, case, alloc, month, _start(alloc, events))
        except MissingTariff as exc:
            raise UnpricedAllocation(
                f"allocation {alloc.id} of household {case.household.id}: {exc.message}"
            ) from None
        except UnknownCode as exc:
            raise SettlementError(
                f"allocation {alloc.id} of household {case.household.id}: {exc.message}"
            ) from None
        except SociaaldomeinError:
            raise
        lines.extend(settle_allocation_month(
            alloc, events, month, priced.tariff.model,
            region=policy.code, municipality=payer, segment=priced.segment,
            rule=priced.rule, ref=priced.ref, tariff_ref=priced.tariff.ref,
            rules=rules, pay_to=priced.pay_to,
            withheld_rule=priced.withheld_rule, withheld_ref=priced.withheld_ref,
        ))
    return lines
