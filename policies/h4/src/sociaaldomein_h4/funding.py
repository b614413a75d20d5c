"""Pricing and settlement of the H4 purchase: tailor-made care in kind only.

The *Inkoopplan Wmo Rijswijk 2017* gives no tariff. It moves towards result funding
(h3 §3.2, H4-54, H4-62; bijlage 3, H4-90) and leaves the *reële kostprijs* of household help
to each college (h3 §3.2, H4-64), so ``parameters/tariffs.toml`` holds example values,
marked as such on every line. A pgb is outside this purchase of *zorg in natura*
(Inleiding, H4-01); general and basic provisions are not paid per client (H4-10); items
under other laws are settled there (H4-07).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import cast

import attrs

from sociaaldomein import (
    Allocation,
    Case,
    MissingTariff,
    Month,
    PricedAllocation,
    RegionPolicy,
    SettlementLine,
    SettlementRules,
    TariffSchedule,
    Trajectory,
    UnknownCode,
)
from sociaaldomein.policy.checks import pricing_day, settle_case
from sociaaldomein.policy.tariffs import load_tariffs
from sociaaldomein_h4.catalog import MAATWERK_CODES, H4Arrangement, Product, ProvisionClass
from sociaaldomein_h4.contracting import CONTRACT_YEARS
from sociaaldomein_h4.rules import is_h4_item
from sociaaldomein_h4.sources import (
    PARAMETERS,
    REF_CATALOG_PRODUCTS,
    REF_HH_RESULTS_NOT_HOURS,
    REF_OUTCOME,
    REGION,
    SOURCE,
)

__all__ = ["earns_nothing", "load_tariff_schedule", "price", "settle"]


def load_tariff_schedule() -> TariffSchedule:
    """Example tariffs (H4-64: the real ones are set by each college); every maatwerk
    arrangement in every contract year."""
    return load_tariffs(
        PARAMETERS / "tariffs.toml", region=REGION, source=SOURCE, section="h3 §3.2",
        known_arrangements=set(MAATWERK_CODES), required_years=CONTRACT_YEARS,
        covers=set(MAATWERK_CODES),
    )


def price(tariffs: TariffSchedule, item: H4Arrangement | None, allocation: Allocation,
          on: dt.date) -> PricedAllocation:
    """The tariff of a tailor-made arrangement in the contract year of ``on``.

    Household help is paid per period for its result, not per hour (h3 §3.2, H4-62);
    begeleiding per period too (bijlage 3, H4-90); kortdurend verblijf per etmaal and
    vervoer per ride, as example funding the document leaves open (H4-03). General and
    basic provisions are not bought per client and have no tariff (H4-10).
    """
    if item is None:
        raise UnknownCode(
            f"arrangement {allocation.arrangement!r} is not in the h4 catalog "
            "(Inleiding, H4-03)"
        )
    if item.provision_class is not ProvisionClass.MAATWERK:
        raise MissingTariff(
            f"{allocation.arrangement!r} is not a tailor-made provision of h4: general "
            "and basic provisions are not bought per client and have no tariff"
        )
    tariff = tariffs.tariff(allocation.arrangement, on.year)
    if item.product is Product.HUISHOUDELIJKE_HULP:
        clause = REF_HH_RESULTS_NOT_HOURS
    elif item.product in (Product.BEGELEIDING_INDIVIDUEEL, Product.BEGELEIDING_GROEP):
        clause = REF_OUTCOME
    else:
        clause = REF_CATALOG_PRODUCTS
    return PricedAllocation(tariff, clause.rule or "", clause, segment=item.provision_class.value)


def earns_nothing(allocation: Allocation, item: H4Arrangement | None) -> bool:
    """An allocation this purchase pays nothing for: a pgb (H4-01), an item under another
    law (H4-07), or a general or basic provision (H4-10). An arrangement code H4 does not
    know (``item`` is ``None``) is *not* skipped: settling it is an error naming it."""
    if allocation.pgb or not is_h4_item(allocation):
        return True
    return item is not None and item.provision_class is not ProvisionClass.MAATWERK


def settle(policy: RegionPolicy, case: Case, month: Month, rules: SettlementRules,
           skip: Callable[[Allocation], bool]) -> list[SettlementLine]:
    """The settlement lines of a household for a month (the core's ``settle_case``),
    with ``skip`` for the allocations that earn nothing and the pricing of
    :class:`_PricedInMonth`."""
    return settle_case(cast(RegionPolicy, _PricedInMonth(policy, month)), case, month,
                       rules, skip=skip)


@attrs.frozen
class _PricedInMonth:
    """The H4 policy as :func:`sociaaldomein.policy.checks.settle_case` sees it for one month.

    Works around the core: ``settle_case`` first prices every allocation on its start
    (which only trajectories need) and gives up when that fails, so an allocation that
    started before the first contract year (a 2016 indication running into 2017) could
    not be settled in any month. Here, when the tariff of the start is missing, the
    allocation is priced on the month's own pricing day instead, unless its tariff is a
    trajectory (whose installments belong to its start).
    """

    policy: RegionPolicy
    month: Month

    @property
    def code(self) -> str:
        return self.policy.code

    def price(self, case: Case, allocation: Allocation, on: dt.date) -> PricedAllocation:
        try:
            return self.policy.price(case, allocation, on)
        except MissingTariff:
            day = pricing_day(allocation, self.month)
            if on >= day:
                raise
            priced = self.policy.price(case, allocation, day)
            if isinstance(priced.tariff.model, Trajectory):
                raise
            return priced
