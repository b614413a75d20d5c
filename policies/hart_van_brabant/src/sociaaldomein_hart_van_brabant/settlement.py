"""Settlement rules of the joint purchase, beyond what the core engine does.

The core settles each allocation month by month with the tariff :meth:`price` returns. This
module adds the Hart van Brabant rules of *Inkoopplan resultaatgerichte Wmo-begeleiding 2019*
§4.1 and §4.4:

* the provider declares the cell's fixed amount per period on the decision, however many
  hours it spends (HVB19-46, HVB19-52 .. HVB19-54): cells are :class:`~sociaaldomein.PerPeriod`
  tariffs, deliveries on them change nothing;
* *no cure, no more pay* (HVB19-55): an evaluation recording that the support does not
  contribute stops payment from the next period (:data:`SETTLEMENT_RULES`);
* the own contribution is at most the cost price of the provision (HVB19-60), within the
  national maximum period contribution, and a municipality may lower it (HVB19-63);
* a pgb tariff is at most the care-in-kind tariff (HVB19-64), unless individual maatwerk is
  recorded (HVB19-65).
"""

from __future__ import annotations

import attrs

from sociaaldomein import (
    Allocation,
    Case,
    Flow,
    LineKind,
    Money,
    Month,
    PerPeriod,
    PriceQuantity,
    SettlementLine,
    SettlementRules,
    Severity,
    Stay,
    Tariff,
    Violation,
)
from sociaaldomein.policy.checks import allocation_path
from sociaaldomein.policy.national import subscription_tariff_for_month
from sociaaldomein_hart_van_brabant.sources import ref19

__all__ = [
    "COLLECTOR",
    "REF_NO_CURE",
    "REF_OWN_CONTRIBUTION",
    "REF_PGB",
    "SETTLEMENT_RULES",
    "OwnContribution",
    "own_contribution_line",
    "pgb_violations",
]

REF_NO_CURE = ref19("§4.1", "HVB19-55")
REF_OWN_CONTRIBUTION = ref19("§4.4 (Eigen bijdrage)", "HVB19-60")
REF_LOCAL_SOLUTION = ref19("§4.4 (Eigen bijdrage in relatie tot daadwerkelijke ondersteuning)",
                           "HVB19-63")
REF_PGB = ref19("§4.4 (Persoonsgebonden budget (pgb))", "HVB19-64")
REF_PGB_MAATWERK = ref19("§4.4 (Persoonsgebonden budget (pgb))", "HVB19-65")

SETTLEMENT_RULES = SettlementRules(stop_after_negative_evaluation=REF_NO_CURE)
"""No cure, no more pay: payment stops from the month after a negative evaluation."""

COLLECTOR = "CAK"
"""Who collects the own contribution (the CAK, on the municipality's behalf)."""


@attrs.frozen
class OwnContribution:
    """Whether and how a municipality charges the own contribution (*eigen bijdrage*).

    ``charge``: the source allows, not requires, a contribution (§4.4, HVB19-60): off by
    default. ``lowered_to``: a municipal lower maximum per month (financial maatwerk or a
    local solution, HVB19-63), never a higher one.
    """

    charge: bool = False
    lowered_to: Money | None = None


def own_contribution_line(
    case: Case, month: Month, payments: list[SettlementLine], settings: OwnContribution,
    *, region: str,
) -> SettlementLine | None:
    """The household's own contribution for ``month``: the national maximum period
    contribution, capped at the cost price of the provision in that month (the sum the
    municipality pays for the household's support, HVB19-60) and at a municipal lower
    amount (HVB19-63). ``None`` when nothing is owed."""
    if not settings.charge:
        return None
    cost = Money.zero()
    for line in payments:
        if line.flow is Flow.TO_PROVIDER and line.household == case.household.id:
            cost += line.amount
    if not cost:
        return None
    national, national_ref = subscription_tariff_for_month(month)
    amount, why = national, f"the national maximum {national.format_nl()} ({national_ref.cite()})"
    if cost < amount:
        amount, why = cost, f"the cost price of the support this month, {cost.format_nl()}"
    if settings.lowered_to is not None and settings.lowered_to < amount:
        amount, why = settings.lowered_to, f"the municipality's lower amount ({REF_LOCAL_SOLUTION.cite()})"
    if not amount:
        return None
    return SettlementLine(
        region=region, municipality=case.household.municipality.code, provider=COLLECTOR,
        month=month, kind=LineKind.OWN_CONTRIBUTION, amount=amount, rule="HVB19-60",
        ref=REF_OWN_CONTRIBUTION,
        explanation=f"own contribution of household {case.household.id} in {month}: {why}; "
                    "at most the cost price of the provision",
        household=case.household.id, tariff_ref=national_ref, flow=Flow.FROM_HOUSEHOLD,
    )


def _unit_amount(tariff: Tariff) -> Money:
    model = tariff.model
    if isinstance(model, PerPeriod):
        return model.amount
    if isinstance(model, Stay):
        return model.price_per_etmaal
    if isinstance(model, PriceQuantity):
        return model.price
    raise TypeError(f"no unit amount for {type(model).__name__}")  # pragma: no cover


def pgb_violations(case: Case, allocation: Allocation, pgb_amount: Money,
                   zin: Tariff) -> list[Violation]:
    """A pgb tariff may be lower than the care-in-kind tariff, never higher (HVB19-64),
    unless the client showed the ZIN tariff does not buy equivalent support and that
    individual maatwerk is recorded in ``allocation.justification`` (HVB19-65)."""
    cap = _unit_amount(zin)
    if pgb_amount <= cap:
        return []
    path = allocation_path(case, allocation)
    if allocation.justification and allocation.justification.strip():
        return [Violation(
            "HVB-PGB-MAATWERK", Severity.WARNING,
            f"allocation {allocation.id}: pgb {pgb_amount.format_nl()} exceeds the care-in-kind "
            f"tariff {cap.format_nl()}, allowed as individual maatwerk: "
            f"{allocation.justification.strip()}", f"{path}.justification", REF_PGB_MAATWERK)]
    return [Violation(
        "HVB-PGB-CAP", Severity.ERROR,
        f"allocation {allocation.id}: pgb {pgb_amount.format_nl()} exceeds the care-in-kind "
        f"tariff {cap.format_nl()} of {allocation.arrangement}; a pgb tariff is never higher "
        "unless individual maatwerk is recorded", f"{path}.pgb", REF_PGB)]
