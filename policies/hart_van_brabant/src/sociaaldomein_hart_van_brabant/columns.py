"""Hart van Brabant's settlement as columns (the columnar side of the plugin contract).

* the pricing table: the fixed amount per period of each cell, per etmaal for short
  stays, per day of transport, per period of extra coordination, P x Q for Waalwijk's
  products (HVB19-17, HVB19-29, HVB19-39, HVB19-40, HVB19-46, HVB16-74), from the policy's
  own ``price`` per contract year;
* *no cure, no more pay* (HVB19-55) is a parameter of the core's care-period step
  (:attr:`~sociaaldomein.SettlementRules.stop_after_negative_evaluation`): payment stops
  from the month after the first negative evaluation;
* Waalwijk's dialect (HVB16-05, HVB16-74) settles P x Q without that rule: the dialect's
  policy compiles with the plain :class:`~sociaaldomein.SettlementRules`;
* the own contribution, when a municipality charges it (HVB19-60, HVB19-63), follows the
  national exemptions and cost cap in the region's own code: a declared fallback, the
  households are settled through the object path (off by default).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sociaaldomein import SettlementRules
from sociaaldomein.policy.columns import Fallback, SettlementColumns, tariff_rows
from sociaaldomein_hart_van_brabant.funding import REF_OWN_CONTRIBUTION

if TYPE_CHECKING:
    from sociaaldomein_hart_van_brabant.policy import HartVanBrabantPolicy

__all__ = ["compile_columns"]


def compile_columns(policy: HartVanBrabantPolicy, years: Sequence[int]) -> SettlementColumns:
    """The region's (or, with a dialect applied, the municipality's) settlement as data."""
    rules = policy.settlement_rules
    if policy.applied_dialect is not None:
        local = next((v for v in policy.variants if v.municipality == policy.applied_dialect),
                     None)
        if local is not None and local.price_quantity:
            rules = SettlementRules()  # Waalwijk: P x Q, no 'no cure, no more pay'
    fallbacks: tuple[Fallback, ...] = ()
    if policy.own_contribution.charge:
        # the national exemptions and cost cap, with the municipality's lower amount, are
        # the region's own code: charging households go through the object path
        fallbacks = (Fallback("the own contribution (HVB19-60, HVB19-63) within the national "
                              "exemptions and cost cap is settled by the policy itself",
                              REF_OWN_CONTRIBUTION, every_household=True),)
    return SettlementColumns(
        region=policy.code,
        tariffs=tariff_rows(policy, [a.code for a in policy.catalog.arrangements], years),
        rules=rules,
        fallbacks=fallbacks,
    )
