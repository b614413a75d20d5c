"""Midden-Holland's settlement as columns (the columnar side of the plugin contract).

* the pricing table from the policy's own ``price`` per contract year: the tariff of each
  product under the funding model of its (sub-)segment (MH-16, MH-18 .. MH-20), the
  budget maximum of P x Q segments, lump-sum segments at their budget (no per-client
  lines); every model is priced on the month's contract year (as the policy does);
* beschermd wonen is paid by the central municipality (MH-14, MH-15): its rows name the
  payer;
* the own contribution (MH-60) is the core's *subscription* step: once per household per
  month with a Wmo client (of age at the allocation's start, not extended youth care) in
  care under a product that counts (not exempt), at the national maximum of the month or
  the document's amount, none for a client under 18 or a provision outside the tariff, at
  most the cost of the household's maatwerk that month; none under the Jeugdwet (MH-59);
* the national exemptions that need the household's composition or dated facts (a
  partner below the AOW age, a Wlz contribution) and the income-related contribution for
  household help (MH-61, when switched on; it reads the household's dated income) are a
  declared fallback: those households are settled through the object path;
* the lump sums split by a distribution key (MH-12, MH-18) are region lines: the policy's
  own ``settle_region`` per month (it needs no caseload).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sociaaldomein import Caseload, Law, Month, SettlementLine
from sociaaldomein.policy.columns import (
    ContributionKind,
    Fallback,
    OwnContributionRule,
    SettlementColumns,
    tariff_rows,
)
from sociaaldomein.policy.national import COST_PRICE_CAP, WmoProvision
from sociaaldomein_midden_holland.catalog import Payer, Product
from sociaaldomein_midden_holland.contribution import (
    COLLECTOR,
    REF_HBH_INCOME,
    REF_SUBSCRIPTION,
    provision_of,
)

if TYPE_CHECKING:
    from sociaaldomein import Ref
    from sociaaldomein_midden_holland.policy import MiddenHollandPolicy

__all__ = ["compile_columns"]


def compile_columns(policy: MiddenHollandPolicy, years: Sequence[int]) -> SettlementColumns:
    from sociaaldomein_midden_holland.policy import REF_CENTRAL

    data = policy.catalog_data
    codes = [a.code for a in policy.catalog.arrangements]

    def payer(code: str) -> tuple[str, Ref] | None:
        if data.product(code).payer is Payer.CENTRAL:
            return policy.central_municipality, REF_CENTRAL
        return None

    settings = policy.contributions
    counting = frozenset(
        code for code in codes
        if Law.WMO in data.product(code).law.laws and data.product(code).key not in settings.exempt
    )
    kinds = {code: provision_of(data.product(code).key) for code in counting}
    contribution = OwnContributionRule(
        ContributionKind.SUBSCRIPTION, "MH-60", REF_SUBSCRIPTION, collector=COLLECTOR,
        arrangements=counting,
        outside=frozenset(c for c, k in kinds.items() if k in (
            WmoProvision.BESCHERMD_WONEN, WmoProvision.OPVANG, WmoProvision.WHEELCHAIR)),
        home_adaptation=frozenset(c for c, k in kinds.items()
                                  if k is WmoProvision.HOME_ADAPTATION),
        maatwerk=frozenset(c for c, k in kinds.items()
                           if k in (WmoProvision.MAATWERK, WmoProvision.HOME_ADAPTATION)),
        fixed_amount=None if settings.charge_national_maximum else settings.document_amount,
        fixed_ref=REF_SUBSCRIPTION,
    )
    fallbacks: tuple[Fallback, ...] = (
        Fallback("the national exemptions for a partner below the AOW age and for a household "
                 "paying a Wlz contribution need the household's composition and dated facts",
                 COST_PRICE_CAP.ref, household_facts=True),)
    if settings.hbh_enabled:
        hbh = frozenset(c for c in codes if data.product(c).key is Product.HULP_BIJ_HET_HUISHOUDEN)
        fallbacks += (Fallback("the income-related contribution for household help reads the "
                              "household's income from allocation flags", REF_HBH_INCOME,
                              arrangements=hbh),)

    def region_lines(month: Month) -> Sequence[SettlementLine]:
        return policy.settle_region(Caseload(), month)

    return SettlementColumns(
        region=policy.code,
        tariffs=tariff_rows(policy, codes, years, payer=payer),
        rules=policy.settlement_rules,
        trajectory_on_start=False,
        own_contribution=contribution,
        fallbacks=fallbacks,
        region_lines=region_lines,
    )
