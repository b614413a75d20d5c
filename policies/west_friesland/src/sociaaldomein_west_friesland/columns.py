"""West-Friesland's settlement as columns (the columnar side of the plugin contract).

One fixed tariff per arrangement for every provider (§3.6, WF-51): trajectory tariffs
paid 70% in the month care starts and 30% in the month it ends (WF-64), withheld on the
stop reasons of WF-65 (cited on the withheld line); monthly tariffs pro rata by days
(WF-57); hours x price for IB and HO (WF-30); etmalen x price for stays (WF-55). The
hoofdaannemer (the allocation's provider) is paid (WF-13, WF-14). A trajectory is priced
on the contract year of its care start, as :meth:`WestFrieslandPolicy.settle` does.
Nothing needs the object path.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sociaaldomein.policy.columns import SettlementColumns, tariff_rows

if TYPE_CHECKING:
    from sociaaldomein_west_friesland.policy import WestFrieslandPolicy

__all__ = ["compile_columns"]


def compile_columns(policy: WestFrieslandPolicy, years: Sequence[int]) -> SettlementColumns:
    return SettlementColumns(
        region=policy.code,
        tariffs=tariff_rows(policy, [a.code for a in policy.catalog.arrangements], years),
        rules=policy.settlement_rules,
        trajectory_on_start=True,
    )
