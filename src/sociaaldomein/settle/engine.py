"""Validate and settle a whole caseload across regions.

Each household is routed to the policy of its municipality of residence on the date (with
the municipality's dialect applied); region-wide checks and lines (budgets, lump sums) are
asked of each region once, with that region's part of the caseload.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar

from sociaaldomein.errors import (
    Conflict,
    InvalidValue,
    NoPolicy,
    PluginFailed,
    PolicyError,
    SociaaldomeinError,
)
from sociaaldomein.model.caseload import Case, Caseload
from sociaaldomein.model.lines import SettlementLine
from sociaaldomein.model.periods import Month
from sociaaldomein.model.provenance import NATIONAL, Ref
from sociaaldomein.model.validation import Severity, Violation
from sociaaldomein.policy.plugin import RegionPolicy, years_touched
from sociaaldomein.policy.registry import Registry, check_date, default_registry
from sociaaldomein.policy.volumes import check_delivered_volume
from sociaaldomein.settle.settlement import Settlement

__all__ = ["region_caseloads", "settle", "settle_months", "validate"]

T = TypeVar("T")

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
    Region-wide checks (budgets, volume agreements) are judged in every calendar year the
    region's part of the caseload touches (:func:`~sociaaldomein.policy.plugin.years_touched`:
    an allocation without an end up to the region's last contract year), whatever ``on``
    is, so a budget broken in the second year of a two-year caseload is found. The national
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
    def region_violations(region: str, cases: list[tuple[Case, RegionPolicy]],
                          stage: _Stage) -> list[Violation]:
        found: list[Violation] = []
        stage.name = "validate"
        for case, policy in cases:
            found.extend(_made_of(policy.validate(case, day_of(case)), Violation))
            found.extend(check_delivered_volume(case))  # national: in every region
        stage.name = "validate_region"
        region_policy = registry.get(region)
        sub = _caseload_of(cases)
        years = years_touched(sub, region_policy.contract_years)
        found.extend(_made_of(region_policy.validate_region(sub, years), Violation))
        return found

    found, failures = _per_region(routed, registry, region_violations)
    violations.extend(found)
    if failures:
        raise PluginFailed(tuple(failures), violations)
    return violations


class _Stage:
    """Which of a plugin's functions is running, to name it when it fails."""

    name = ""


def _per_region(
    routed: Mapping[str, list[tuple[Case, RegionPolicy]]], registry: Registry,
    work: Callable[[str, list[tuple[Case, RegionPolicy]], _Stage], list[T]],
) -> tuple[list[T], list[str]]:
    """``work`` per region, in order; a plugin that raises or returns something else than
    it must fails only its own region, named with its distribution, and the other regions
    go on. The library's own errors are not a plugin's bug and pass through."""
    out: list[T] = []
    failures: list[str] = []
    for region, cases in sorted(routed.items()):
        stage = _Stage()
        try:
            found = work(region, cases, stage)
        except _NotMadeOf as bad:
            failures.append(registry.plugin_failure(region, stage.name, returned=bad.value))
            continue
        except SociaaldomeinError:
            raise
        except (Exception, SystemExit) as exc:  # a plugin's bug: the other regions go on
            failures.append(registry.plugin_failure(region, stage.name, exc))
            continue
        out.extend(found)
    return out, failures


class _NotMadeOf(Exception):
    def __init__(self, value: object) -> None:
        super().__init__("not what a plugin must return")
        self.value = value


def _made_of(result: object, kind: type[T]) -> list[T]:
    """What a plugin returned, if it is an iterable of ``kind`` (else :class:`_NotMadeOf`)."""
    if isinstance(result, str | bytes | Mapping) or not isinstance(result, Iterable):
        raise _NotMadeOf(result)
    items = list(result)
    for item in items:
        if not isinstance(item, kind):
            raise _NotMadeOf(item)
    return items


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
    routed, problems = _route(caseload, lambda _c: month.first_day, registry)
    if problems:
        first = problems[0]
        error = {NoPolicy.code: NoPolicy, Conflict.code: Conflict}.get(first.code, PolicyError)
        raise error(f"{first.path}: {first.message}")
    def region_lines(region: str, cases: list[tuple[Case, RegionPolicy]],
                     stage: _Stage) -> list[SettlementLine]:
        found: list[SettlementLine] = []
        stage.name = "settle"
        for case, policy in cases:
            found.extend(_made_of(policy.settle(case, month), SettlementLine))
        stage.name = "settle_region"
        found.extend(_made_of(registry.get(region).settle_region(_caseload_of(cases), month),
                              SettlementLine))
        return found

    lines, failures = _per_region(routed, registry, region_lines)
    if failures:
        raise PluginFailed(tuple(f"{month}: {f}" for f in failures), Settlement(tuple(lines)))
    return Settlement(tuple(lines))


def settle_months(
    caseload: Caseload, months: Iterable[Month], registry: Registry | None = None,
    progress: Callable[[Month], None] | None = None,
) -> Settlement:
    """Settle several months, in order; ``progress`` is called after each month."""
    lines: list[SettlementLine] = []
    failures: list[str] = []
    for month in months:
        lines.extend(settled(settle, failures)(caseload, month, registry).lines)
        if progress is not None:
            progress(month)
    if failures:
        raise PluginFailed(tuple(failures), Settlement(tuple(lines)))
    return Settlement(tuple(lines))


def settled(
    settle_month: Callable[[Caseload, Month, Registry | None], Settlement], failures: list[str]
) -> Callable[[Caseload, Month, Registry | None], Settlement]:
    """``settle_month`` that, when a plugin fails, notes the failures in ``failures`` and
    returns what the other regions settled (for a caller settling many months, which
    raises :class:`PluginFailed` once at the end)."""

    def run(caseload: Caseload, month: Month, registry: Registry | None) -> Settlement:
        try:
            return settle_month(caseload, month, registry)
        except PluginFailed as exc:
            failures.extend(exc.failures)
            assert isinstance(exc.result, Settlement)
            return exc.result

    return run
