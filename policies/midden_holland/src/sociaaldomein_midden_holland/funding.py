"""Pricing and the region's own settlement rules (Kaderdocument §2.2, §2.3, §3.4).

* the funding model of a (sub-)segment decides how an allocation is priced: task-based (a
  lump sum per year paid in terms, MH-18), effort-based (P x Q, optionally within a budget
  maximum, MH-19) or output (an amount per client per period, MH-20);
* a tariff file is read strictly, and a tariff whose model does not fit its segment's
  funding model is refused when the file is read (MH-16, MH-63);
* a lump sum's monthly term is split over the members by a distribution key, to the cent
  (MH-12, MH-18).

Every tariff and every lump sum shipped is an example value: the document gives none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

import attrs

from sociaaldomein import (
    Allocation,
    MissingTariff,
    Money,
    Month,
    ParameterError,
    PricedAllocation,
    PriceQuantity,
    Ref,
    SettlementLine,
    Tariff,
    TariffSchedule,
    load_tariffs,
)
from sociaaldomein.model.lines import LineKind
from sociaaldomein_midden_holland.catalog import CatalogData, SegmentKey
from sociaaldomein_midden_holland.instruments import (
    FundingKind,
    Instruments,
    LumpSumBudget,
    load_instruments,
)
from sociaaldomein_midden_holland.keys import DistributionKey, split_by_key
from sociaaldomein_midden_holland.sources import KADERDOCUMENT, PARAMETERS, REGION, ref

__all__ = [
    "REF_FUNDING",
    "REF_KEY",
    "covered_years",
    "load_tariff_schedule",
    "lump_sum_for",
    "lump_sum_lines",
    "lump_sum_ref",
    "price",
]

REF_KEY = ref("MH-12", "§2.2")
REF_FUNDING = {
    FundingKind.LUMP_SUM: ref("MH-18", "§2.3 (1 Bekostigingsmodel: taakgericht)"),
    FundingKind.PXQ: ref("MH-19", "§2.3 (1 Bekostigingsmodel: inspanningsgericht)"),
    FundingKind.OUTPUT: ref("MH-20", "§2.3 (1 Bekostigingsmodel: outputgericht)"),
}


def lump_sum_ref(example: bool, note: str | None) -> Ref:
    """The clause of a lump sum's amount (MH-18), marked as an example value if it is one."""
    return ref("MH-18", "§2.3 (1 Bekostigingsmodel: taakgericht)", example=example, note=note)


def load_tariff_schedule(catalog: CatalogData, path: Path | str = PARAMETERS / "tariffs.toml",
             required_years: tuple[int, ...] = (2025,),
             instruments: Instruments | None = None) -> TariffSchedule:
    """Load a tariff file strictly: the core's checks (unknown key or product, float or
    negative amount, a product without a tariff in one of ``required_years``), and a tariff
    whose model does not fit its segment's funding model (a ``per_period`` tariff in a
    P x Q segment) is refused when the file is read, not when it is first used.
    Lump-sum segments are not checked: their per-unit tariffs only apply when switched to
    P x Q or output."""
    products = {p.key.value for p in catalog.products}
    schedule = load_tariffs(
        path, region=REGION, source=KADERDOCUMENT, section="§3.4",
        known_arrangements=products, required_years=required_years, covers=products,
    )
    inst = instruments or load_instruments()
    for i, tariff in enumerate(schedule.tariffs):
        info = catalog.product(tariff.arrangement)
        funding = inst.for_segment(info.segment, info.sub).funding
        if funding is not FundingKind.LUMP_SUM and not funding.admits(tariff.model):
            raise ParameterError(
                f"tariff of {tariff.arrangement} for {tariff.year} is a "
                f"{type(tariff.model).__name__}, but segment {info.segment.value} is funded "
                f"{funding.value} (instruments.toml); use "
                + ("price_quantity or stay" if funding is FundingKind.PXQ
                   else "per_period or trajectory"),
                source=str(path), path=f"tariff[{i}].model")
    return schedule


def covered_years(catalog: CatalogData, tariffs: TariffSchedule) -> tuple[int, ...]:
    """The contract years in which every product has a tariff (given or indexed): the years
    the region claims. Candidate years are those given in the file and those with an index
    rate."""
    candidates = set(tariffs.years)
    if tariffs.indexation is not None:
        candidates |= set(tariffs.indexation.rates)
    return tuple(sorted(
        y for y in candidates
        if all(tariffs.covers(p.key.value, y) for p in catalog.products)))


def lump_sum_lines(budget: LumpSumBudget, key: DistributionKey, month: Month, term: Money,
                   names: Mapping[str, str]) -> list[SettlementLine]:
    """The month's term of a lump sum split over the members by ``key`` (MH-12, MH-18):
    one line per municipality with a share, the parts adding up to the term to the cent."""
    tariff_ref = lump_sum_ref(budget.example or key.example,
                              "; ".join(n for n in (budget.note, key.note) if n))
    lines: list[SettlementLine] = []
    for code, part in split_by_key(term, key).items():
        if not part:
            continue
        weight = dict(key.weights)[code]
        lines.append(SettlementLine(
            region=REGION, municipality=code, provider=budget.provider, month=month,
            kind=LineKind.LUMP_SUM, amount=part, rule="MH-12", ref=REF_KEY,
            explanation=(
                f"{names.get(code, code)} ({code}) pays its share of "
                f"term {month.month} of lump sum {budget.amount_per_year.format_nl()} a "
                f"year for {budget.segment.value} in {budget.terms} terms "
                f"({term.format_nl()}), share {weight}/{key.total_weight} by key "
                f"'{key.name}' ({key.basis.value})"),
            segment=budget.segment.value, funding="lump_sum", tariff_ref=tariff_ref,
        ))
    return lines


def lump_sum_for(instruments: Instruments, segment: SegmentKey, provider: str | None,
                 on: dt.date) -> LumpSumBudget:
    """The lump sum of ``segment`` valid on ``on``: the provider's own, else the first
    (MH-18)."""
    budgets = [b for b in instruments.lump_sums_on(on) if b.segment is segment]
    if not budgets:
        raise MissingTariff(f"no lump sum for segment {segment.value} on {on.isoformat()} "
                            f"in instruments.toml of {REGION}")
    for budget in budgets:
        if budget.provider == provider:
            return budget
    return budgets[0]


def price(catalog: CatalogData, instruments: Instruments, tariffs: TariffSchedule,
          allocation: Allocation, on: dt.date) -> PricedAllocation:
    """The tariff of the allocation's product in the contract year of ``on``, under the
    funding model of its (sub-)segment (MH-16, MH-18 .. MH-20). A lump-sum segment
    prices its allocations at the segment's budget: they earn no per-client lines, the
    budget is paid in terms by :func:`lump_sum_lines`."""
    info = catalog.product(allocation.arrangement)
    inst = instruments.for_segment(info.segment, info.sub)
    funding_ref = REF_FUNDING[inst.funding]
    if inst.funding is FundingKind.LUMP_SUM:
        budget = lump_sum_for(instruments, info.segment, allocation.provider, on)
        tariff = Tariff(allocation.arrangement, on.year, budget.model,
                        lump_sum_ref(budget.example, budget.note))
    else:
        tariff = tariffs.tariff(allocation.arrangement, on.year)
        if not inst.funding.admits(tariff.model):
            raise MissingTariff(
                f"segment {info.segment.value} is funded {inst.funding.value} but the "
                f"tariff of {allocation.arrangement} in tariffs.toml of {REGION} is a "
                f"{type(tariff.model).__name__}; load a tariff of that funding model")
        if isinstance(tariff.model, PriceQuantity) and inst.budget_max is not None:
            tariff = attrs.evolve(tariff, model=attrs.evolve(
                tariff.model, budget_max=inst.budget_max))
    return PricedAllocation(tariff, funding_ref.rule or "", funding_ref,
                            segment=info.segment.value)
