"""A caseload across regions: each region's part, its contract year, a year settled.

What the demo, the notebook, the comparison and the benchmark share: split a caseload by
the region of each household's municipality (:func:`split_by_region`), pick the year to
settle per region (:func:`region_years`), leave out households whose validation found an
error (:func:`held_back`), and settle twelve months per region (:func:`settle_year`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence

from sociaaldomein.errors import PluginFailed, SociaaldomeinError
from sociaaldomein.model.caseload import Caseload
from sociaaldomein.model.lines import SettlementLine
from sociaaldomein.model.periods import Month
from sociaaldomein.model.validation import Violation
from sociaaldomein.policy.registry import Registry, default_registry
from sociaaldomein.settle.engine import settle, settled
from sociaaldomein.settle.settlement import Settlement

__all__ = ["held_back", "region_years", "settle_year", "split_by_region", "subset_households"]


def split_by_region(caseload: Caseload, registry: Registry | None = None) -> dict[str, Caseload]:
    """The caseload per region, each household routed on its earliest allocation's start.
    Households no region claims are left out (validation reports them)."""
    registry = registry or default_registry()
    starts: dict[str, dt.date] = {}
    for alloc in caseload.allocations:
        day = starts.get(alloc.household_id)
        if day is None or alloc.period.start < day:
            starts[alloc.household_id] = alloc.period.start
    parts: dict[str, list[str]] = defaultdict(list)
    for household in caseload.households:
        day = starts.get(household.id)
        if day is None:
            continue
        try:
            region = registry.region_of(household.municipality.code, day).code
        except SociaaldomeinError:
            continue
        parts[region].append(household.id)
    return {region: subset_households(caseload, frozenset(ids)) for region, ids in sorted(parts.items())}


def subset_households(caseload: Caseload, households: frozenset[str]) -> Caseload:
    """The part of a caseload that concerns the given households."""
    allocs = tuple(a for a in caseload.allocations if a.household_id in households)
    ids = {a.id for a in allocs}
    return Caseload(
        tuple(h for h in caseload.households if h.id in households),
        tuple(p for p in caseload.plans if p.household_id in households),
        allocs,
        tuple(e for e in caseload.events if e.allocation_id in ids),
    )


def region_years(parts: dict[str, Caseload], year: int | None = None) -> dict[str, int]:
    """The year to settle per region: ``year``, or the year in which most allocations are
    active on 1 July (the latest such year on a tie)."""
    out: dict[str, int] = {}
    for region, part in parts.items():
        if year is not None:
            out[region] = year
            continue
        starts = [a.period.start.year for a in part.allocations]
        if not starts:
            out[region] = dt.date.today().year
            continue
        counts = Counter({y: sum(1 for a in part.allocations if dt.date(y, 7, 1) in a.period)
                          for y in range(min(starts), max(starts) + 1)})
        out[region] = max(counts, key=lambda y: (counts[y], y))
    return out


def held_back(violations: Sequence[Violation]) -> frozenset[str]:
    """Households with an error-level violation (held back from settlement)."""
    out: set[str] = set()
    for v in violations:
        if v.is_error and v.path.startswith("households[") and "]" in v.path:
            out.add(v.path[len("households["):v.path.index("]")])
    return frozenset(out)


def settle_year(
    caseload: Caseload, year: int | None = None, registry: Registry | None = None,
    progress: Callable[[str, Month], None] | None = None,
) -> tuple[Settlement, dict[str, int]]:
    """Settle every region's part of the caseload for the twelve months of its year."""
    registry = registry or default_registry()
    parts = split_by_region(caseload, registry)
    years = region_years(parts, year)
    lines: list[SettlementLine] = []
    failures: list[str] = []
    for region, part in parts.items():
        for m in range(1, 13):
            month = Month(years[region], m)
            lines.extend(settled(settle, failures)(part, month, registry).lines)
            if progress is not None:
                progress(region, month)
    if failures:  # the other regions' year is still settled: PluginFailed carries it
        raise PluginFailed(tuple(failures), (Settlement(tuple(lines)), years))
    return Settlement(tuple(lines)), years


