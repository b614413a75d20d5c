"""One caseload under several regions' funding rules, side by side.

:func:`compare` carries a caseload to each region with :func:`sociaaldomein.synth.translate`
(same households, same kinds of care, each region's own arrangements, funding models and
tariffs), settles a full contract year under each, and totals the spend per kind of care.
It answers the analyst's what-if: *what would this care cost under that region's rules?*
The figures rest on the regions' tariffs, many of which are example values; every
settlement line still says so.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import attrs

from sociaaldomein.analysis.report import allocation_facts
from sociaaldomein.errors import InvalidValue
from sociaaldomein.model.caseload import Caseload
from sociaaldomein.model.money import Money
from sociaaldomein.policy.registry import Registry, default_registry
from sociaaldomein.settle.settlement import Settlement

__all__ = ["Comparison", "ComparisonRow", "compare"]


@attrs.frozen
class ComparisonRow:
    """Spend per region for one kind of care (``care_kind`` ``"total"`` for all)."""

    care_kind: str
    allocations: dict[str, int]
    paid: dict[str, Money]


@attrs.frozen
class Comparison:
    """The result of :func:`compare`: rows per kind of care, and each region's caseload,
    settlement and year."""

    regions: tuple[str, ...]
    rows: tuple[ComparisonRow, ...]
    caseloads: dict[str, Caseload]
    settlements: dict[str, Settlement]
    years: dict[str, int]

    def total(self, region: str) -> Money:
        return self.settlements[region].total


def compare(caseload: Caseload, regions: Sequence[str], *, year: int | None = None,
            registry: Registry | None = None) -> Comparison:
    """Settle ``caseload`` under each of ``regions`` and compare spend per kind of care."""
    from sociaaldomein.settle.regions import settle_year
    from sociaaldomein.synth import translate

    registry = registry or default_registry()
    if len(regions) < 1:
        raise InvalidValue("name at least one region to compare")
    if len(set(regions)) != len(regions):
        raise InvalidValue("name each region once")
    caseloads: dict[str, Caseload] = {}
    settlements: dict[str, Settlement] = {}
    years: dict[str, int] = {}
    allocations: dict[str, dict[str, int]] = defaultdict(dict)
    paid: dict[str, dict[str, Money]] = defaultdict(dict)
    for code in regions:
        policy = registry.get(code)
        moved = translate(caseload, policy, year=year, registry=registry)
        settlement, region_years = settle_year(moved, year, registry)
        caseloads[code] = moved
        settlements[code] = settlement
        years[code] = region_years.get(code, year or 0)
        kinds = {f.allocation.id: f.care_kind for f in allocation_facts(moved, registry)}
        counts: dict[str, int] = defaultdict(int)
        for kind in kinds.values():
            counts[kind] += 1
        cents: dict[str, int] = defaultdict(int)
        for line in settlement.payments():
            cents[kinds.get(line.allocation or "", "region-wide")] += line.amount.amount_cents
        for kind in set(counts) | set(cents):
            allocations[kind][code] = counts.get(kind, 0)
            paid[kind][code] = Money.cents(cents.get(kind, 0))
    rows = [
        ComparisonRow(kind, {c: allocations[kind].get(c, 0) for c in regions},
                      {c: paid[kind].get(c, Money.zero()) for c in regions})
        for kind in sorted(paid)
    ]
    rows.append(ComparisonRow(
        "total", {c: len(caseloads[c].allocations) for c in regions},
        {c: settlements[c].total for c in regions},
    ))
    return Comparison(tuple(regions), tuple(rows), caseloads, settlements, years)
