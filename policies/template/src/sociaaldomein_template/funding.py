"""Pricing of the template region: example tariffs from ``parameters/tariffs.toml``."""

from __future__ import annotations

import datetime as dt

from sociaaldomein import Allocation, Catalog, PricedAllocation, TariffSchedule
from sociaaldomein.policy.tariffs import load_tariffs
from sociaaldomein_template.catalog import BEGELEIDING, JEUGDHULP_TRAJECT
from sociaaldomein_template.sources import PARAMETERS, REGION, SOURCE, ref

__all__ = ["load_tariff_schedule", "price"]


def load_tariff_schedule() -> TariffSchedule:
    """Example tariffs, indexed yearly (TPL-02, TPL-03)."""
    return load_tariffs(
        PARAMETERS / "tariffs.toml", region=REGION, source=SOURCE, section="§2",
        known_arrangements={BEGELEIDING, JEUGDHULP_TRAJECT},
    )


def price(tariffs: TariffSchedule, catalog: Catalog, allocation: Allocation,
          on: dt.date) -> PricedAllocation:
    """The tariff of the contract year of ``on``: begeleiding per month (TPL-02, §2), the
    youth trajectory 70/30 (TPL-03, §3)."""
    tariff = tariffs.tariff(allocation.arrangement, on.year)
    arrangement = catalog.arrangement(allocation.arrangement)
    clause = ref("TPL-03", "§3") if arrangement.code == JEUGDHULP_TRAJECT else ref("TPL-02", "§2")
    return PricedAllocation(tariff, clause.rule or "", clause, segment=arrangement.segment)
