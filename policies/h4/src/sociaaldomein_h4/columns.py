"""H4's settlement as columns (the columnar side of the plugin contract).

Only tailor-made care in kind earns lines: household help and begeleiding per period
(H4-62, H4-90), short stays per etmaal and transport per ride (H4-03), from the policy's
own ``price`` per contract year. A personal budget (H4-01) and an item under another law
(flag ``other_law``, H4-07) earn nothing here; general and basic provisions are not paid
per client (H4-10): their rows carry no funding model. Rijswijk's dialect adds local
provisions (H4-89, H4-96), general or basic: the dialect's policy compiles its own rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sociaaldomein.policy.columns import SettlementColumns, TariffRow, tariff_rows
from sociaaldomein_h4.catalog import ProvisionClass
from sociaaldomein_h4.rules import FLAG_OTHER_LAW
from sociaaldomein_h4.sources import REF_CLASSES

if TYPE_CHECKING:
    from sociaaldomein_h4.policy import H4Policy

__all__ = ["compile_columns"]


def compile_columns(policy: H4Policy, years: Sequence[int]) -> SettlementColumns:
    codes = [a.code for a in policy.catalog.arrangements]
    tailored = [c for c in codes if (item := policy.arrangement(c)) is not None
                and item.provision_class is ProvisionClass.MAATWERK]
    free = [c for c in codes if c not in tailored and policy.arrangement(c) is not None]
    rows = tariff_rows(policy, tailored, years)
    rows += [TariffRow(code, year, None, "H4-10", REF_CLASSES) for code in free for year in years]
    return SettlementColumns(
        region=policy.code,
        tariffs=rows,
        rules=policy.settlement_rules,
        skip_pgb=True,
        skip_flags=frozenset([FLAG_OTHER_LAW]),
    )
