"""Validate and settle a whole caseload across regions.

Each household is routed to the policy of its municipality of residence on the date (with
the municipality's dialect applied); region-wide checks and lines (budgets, lump sums) are
asked of each region once, with that region's part of the caseload.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable

from sociaaldomein.errors import Conflict, InvalidValue, NoPolicy, PolicyError
from sociaaldomein.model.caseload import Case, Caseload
from sociaaldomein.model.lines import SettlementLine
from sociaaldomein.model.periods import Month
from sociaaldomein.model.provenance import NATIONAL, Ref
from sociaaldomein.model.validation import Severity, Violation
from sociaaldomein.policy.plugin import RegionPolicy
from sociaaldomein.policy.registry import Registry, check_date, default_registry
from sociaaldomein.policy.volumes import check_delivered_volume
from sociaaldomein.settle.settlement import Settlement

__all__ = ["region_caseloads", "settle", "settle_months", "validate"]

_ROUTING = Ref(source=NATIONAL, section="Wmo 2015 art. 1.1.1 / Jeugdwet art. 1.1 (woonplaats)")


def _route(
    caseload: Caseload, on: Callable[[Case], dt.date], registry: Registry
) -> tuple[dict[str, list[tuple[Case, RegionPolicy]]], list[Violation]]:
    routed: dict[str, list[tuple[Case, RegionPolicy]]] = defaultdict(list)
    problems: list[Violation] = []
    for case in caseload.cases():
        day = on(case)
        code = case.household.municipality.code
        try:
            policy = registry.policy_for(code, day)
        except PolicyError as exc:
            problems.append(Violation(
                exc.code, Severity.ERROR, exc.message,
                f"households[{case.household.id}].municipality", _ROUTING,
            ))
            continue
        routed[policy.code].append((case, policy))
    return routed, problems


def _check_caseload(caseload: object) -> None:
    if not isinstance(caseload, Caseload):
        raise InvalidValue(
            f"expected a Caseload (e.g. read_caseload(path)); got {type(caseload).__name__}"
        )


def _caseload_of(cases: list[tuple[Case, RegionPolicy]]) -> Caseload:
    return Caseload.of_cases([c for c, _ in cases])


def region_caseloads(caseload: Caseload, on: dt.date, registry: Registry | None = None) -> dict[str, Caseload]:
    """The caseload split per region code (households no region claims are left out)."""
    routed, _ = _route(caseload, lambda _c: on, registry or default_registry())
    return {
        region: _caseload_of(cases)
        for region, cases in routed.items()
    }


def validate(
    caseload: Caseload, on: dt.date | None = None, registry: Registry | None = None
) -> list[Violation]:
    """Every violation in the caseload, for every household under its own region's rules.

    ``on`` fixes the date of the rules; by default each household is judged on the date
    of its earliest allocation (or plan), so rules valid at the time of the decision apply.
    Region-wide checks (budgets, volumes) are judged on ``on``, or else on the most recent
    of those dates in the region's caseload: the year being decided now. The national
    checks of delivered volume (:mod:`sociaaldomein.policy.volumes`) run for every
    household a region claims, whatever its policy checks.
    """
    _check_caseload(caseload)
    if on is not None:
        check_date(on, "on")
    registry = registry or default_registry()

    def day_of(case: Case) -> dt.date:
        if on is not None:
            return on
        dates = [a.period.start for a in case.allocations] + [p.drawn_up_on for p in case.plans]
        return min(dates) if dates else dt.date.today()

    routed, violations = _route(caseload, day_of, registry)
    for region, cases in sorted(routed.items()):
        for case, policy in cases:
            violations.extend(policy.validate(case, day_of(case)))
            violations.extend(check_delivered_volume(case))  # national: in every region
        region_policy = registry.get(region)
        sub = _caseload_of(cases)
        day = on or max((day_of(c) for c, _ in cases), default=dt.date.today())
        violations.extend(region_policy.validate_region(sub, day))
    return violations


def settle(caseload: Caseload, month: Month, registry: Registry | None = None) -> Settlement:
    """Everything owed for one calendar month: per household under its region's policy,
    plus each region's lines that belong to no household. Households whose municipality
    no region claims raise :class:`~sociaaldomein.errors.NoPolicy`; validate first."""
    _check_caseload(caseload)
    if not isinstance(month, Month):
        raise InvalidValue(
            "month must be a Month, e.g. Month(2019, 3) or Month.parse('2019-03'); got "
            f"{type(month).__name__} {month!r}"
        )
    registry = registry or default_registry()
    lines: list[SettlementLine] = []
    routed, problems = _route(caseload, lambda _c: month.first_day, registry)
    if problems:
        first = problems[0]
        error = {NoPolicy.code: NoPolicy, Conflict.code: Conflict}.get(first.code, PolicyError)
        raise error(f"{first.path}: {first.message}")
    for region, cases in sorted(routed.items()):
        for case, policy in cases:
            lines.extend(policy.settle(case, month))
        sub = _caseload_of(cases)
        lines.extend(registry.get(region).settle_region(sub, month))
    return Settlement(tuple(lines))


def settle_months(
    caseload: Caseload, months: Iterable[Month], registry: Registry | None = None,
    progress: Callable[[Month], None] | None = None,
) -> Settlement:
    """Settle several months, in order; ``progress`` is called after each month."""
    lines: list[SettlementLine] = []
    for month in months:
        lines.extend(settle(caseload, month, registry).lines)
        if progress is not None:
            progress(month)
    return Settlement(tuple(lines))
