"""The template region's settlement as columns (the columnar side of the plugin contract).

The smallest complete example: the pricing table comes from the policy's own ``price``
(:func:`sociaaldomein.policy.columns.tariff_rows`, so columns and objects price alike), the
settlement rules are the policy's :class:`~sociaaldomein.SettlementRules`, and nothing
needs the object path. A region with a rule that cannot be stated as columns declares a
:class:`~sociaaldomein.policy.columns.Fallback` for the households it concerns.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sociaaldomein.policy.columns import SettlementColumns, tariff_rows

if TYPE_CHECKING:
    from sociaaldomein_template.policy import TemplatePolicy

__all__ = ["compile_columns"]


def compile_columns(policy: TemplatePolicy, years: Sequence[int]) -> SettlementColumns:
    """Begeleiding per month pro rata by days (TPL-02), the youth trajectory 70/30
    (TPL-03): both from the tariff table, per contract year."""
    codes = [a.code for a in policy.catalog.arrangements]
    return SettlementColumns(
        region=policy.code,
        tariffs=tariff_rows(policy, codes, years),
        rules=policy.settlement_rules,
    )
