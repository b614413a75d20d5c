"""Funding of Hart van Brabant: pricing, tariffs and the region's own settlement rules.

Pricing and tariffs
-------------------

* :func:`load_region_tariffs` reads ``parameters/tariffs.toml`` with the core's strict
  loader (:func:`sociaaldomein.load_tariffs`): one result tariff per cell per period
  (*Inkoopplan resultaatgerichte Wmo-begeleiding 2019* §4.1, HVB19-17, HVB19-59), per-etmaal
  tariffs for the two components of short stay (§3.2 item 1, HVB19-29), transport (§3.3,
  HVB19-40), the coordination budget (§3.3, HVB19-39), and Waalwijk's P x Q products
  (*Leidende principes* voetnoot 3, HVB16-74). The source gives no amounts: every value is
  an example value and is marked so (``Ref.example``).
* :class:`IndicativeMatrix` holds the 2016 matrix (*Leidende principes* §3.3, HVB16-66 ..
  HVB16-69). The source prints its amounts but calls them "puur indicatief" (HVB16-70), so
  they are marked example values and the policy never settles with them.

Settlement
----------

The core settles each allocation month by month with the tariff :meth:`price` returns. This
module adds the Hart van Brabant rules of *Inkoopplan resultaatgerichte Wmo-begeleiding 2019*
§4.1 and §4.4:

* the provider declares the cell's fixed amount per period on the decision, however many
  hours it spends (HVB19-46, HVB19-52 .. HVB19-54): cells are :class:`~sociaaldomein.PerPeriod`
  tariffs, deliveries on them change nothing;
* *no cure, no more pay* (HVB19-55): an evaluation recording that the support does not
  contribute stops payment from the next period (:data:`SETTLEMENT_RULES`);
* the own contribution is at most the cost price of the provision (HVB19-60, the national
  rule :data:`sociaaldomein.policy.national.COST_PRICE_CAP`), within the national maximum
  period contribution and its exemptions
  (:func:`sociaaldomein.policy.national.subscription_charge`), and a municipality may lower
  it (HVB19-63);
* a pgb tariff (the allocation's ``pgb_amount``) is at most the care-in-kind tariff
  (HVB19-64), unless individual maatwerk is recorded (HVB19-65).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs

from sociaaldomein import (
    Allocation,
    Case,
    Catalog,
    Flow,
    LineKind,
    Money,
    Month,
    PerPeriod,
    PricedAllocation,
    PriceQuantity,
    Ref,
    SettlementLine,
    SettlementRules,
    Severity,
    Stay,
    Tariff,
    TariffSchedule,
    Violation,
    load_tariffs,
)
from sociaaldomein.policy.checks import allocation_path
from sociaaldomein.policy.national import (
    WmoProvision,
    cap_at_cost,
    maatwerk_cost,
    subscription_charge,
)
from sociaaldomein.policy.parameters import read_toml
from sociaaldomein_hart_van_brabant.catalog import (
    AddOn,
    Distance2016,
    HvbCatalog,
    LifeDomain2016,
    WaalwijkProduct,
    cell_of,
)
from sociaaldomein_hart_van_brabant.sources import (
    PARAMETERS,
    PRINCIPLES_2016,
    PURCHASE_2019,
    REGION,
    SOURCES,
    ref,
)

__all__ = [
    "COLLECTOR",
    "CONTRACT_YEARS",
    "REF_NO_CURE",
    "REF_OWN_CONTRIBUTION",
    "REF_PGB",
    "SETTLEMENT_RULES",
    "IndicativeMatrix",
    "OwnContribution",
    "load_indicative_2016",
    "load_region_tariffs",
    "own_contribution_line",
    "pgb_violations",
    "price",
]

CONTRACT_YEARS = (2019, 2020, 2021, 2022)
"""Two years plus twice one year from 1 January 2019 (§6 intro, HVB19-68, HVB19-69)."""


def load_region_tariffs(catalog: HvbCatalog, path: Path | None = None) -> TariffSchedule:
    """Read a tariff file strictly for every arrangement of the catalog and every contract
    year (HVB19-59). A municipality passes the path of its own file of the same format."""
    file = path or PARAMETERS / "tariffs.toml"
    codes = {a.code for a in catalog.core.arrangements}
    return load_tariffs(
        file, region=REGION, source=PURCHASE_2019, section="§4.1", sources=SOURCES,
        known_arrangements=codes, required_years=CONTRACT_YEARS, covers=codes,
    )


@attrs.frozen
class IndicativeMatrix:
    """The indicative 2016 matrix: life domain x distance to the result (§3.3).

    Unit and period are not stated in the source and stay explicit. ``ref.example`` is
    true: these are not tariffs (HVB16-70).
    """

    amounts: tuple[tuple[LifeDomain2016, Distance2016, Money], ...]
    unit: str
    period: str
    ref: Ref

    def amount(self, domain: LifeDomain2016, distance: Distance2016) -> Money:
        """The indicative amount of a cell (HVB16-67..69); an example value, never a tariff."""
        return next(m for d, x, m in self.amounts if d is domain and x is distance)

    def plan_total(self, cells: dict[LifeDomain2016, Distance2016]) -> Money:
        """The indicative budget of a plan: the sum of its cells (HVB16-82; the source says
        only that the budget follows "eenduidig" from the plan, the sum is this library's
        reading)."""
        total = Money.zero()
        for domain, distance in cells.items():
            total += self.amount(domain, distance)
        return total


def load_indicative_2016(path: Path | None = None) -> IndicativeMatrix:
    """Read ``indicative_2016.toml`` strictly (HVB16-66 .. HVB16-70)."""
    file = path or PARAMETERS / "indicative_2016.toml"
    params = read_toml(file)
    meta = params.table("meta")
    if not meta.boolean("example") or not meta.boolean("indicative"):
        raise meta.error("example", "the 2016 matrix is indicative: example and indicative "
                                    "must be true (Leidende principes §3.3)")
    unit, period = meta.text("unit"), meta.text("period")
    meta.date("valid_from")
    note = meta.text("note")
    meta.done()
    table = params.table("domain")
    amounts: list[tuple[LifeDomain2016, Distance2016, Money]] = []
    for domain in LifeDomain2016:
        row = table.table(domain.value)
        for distance in Distance2016:
            amounts.append((domain, distance, row.money(distance.value)))
        row.done()
    table.done()
    params.done()
    ref = Ref(PRINCIPLES_2016, "§3.3 (matrix)", rule="HVB16-66", example=True, note=note)
    return IndicativeMatrix(tuple(amounts), unit, period, ref)

REF_CELL_TARIFF = ref("HVB19-17", "§4.1")
REF_SHORT_STAY = ref("HVB19-29", "§3.2 item 1")
REF_TRANSPORT = ref("HVB19-40", "§3.3 (Vervoer)")
REF_COORDINATION_BUDGET = ref("HVB19-39", "§3.3 (Coördinatie)")
REF_WAALWIJK_PXQ = ref("HVB16-74", "voetnoot 3 (§3.3)")


def price(tariffs: TariffSchedule, catalog: Catalog, allocation: Allocation,
          on: dt.date) -> PricedAllocation:
    """The tariff of the contract year of ``on``: a fixed amount per period per cell
    (HVB19-17, HVB19-46), per etmaal for each short-stay component (HVB19-29), per day
    of transport (HVB19-40), per period of extra coordination (HVB19-39), P x Q for
    Waalwijk's products (HVB16-74). Example values, marked so in ``tariff.ref``."""
    arrangement = catalog.arrangement(allocation.arrangement)
    tariff = tariffs.tariff(arrangement.code, on.year)
    code = arrangement.code
    if cell_of(code) is not None:
        clause = REF_CELL_TARIFF
    elif code in (AddOn.SHORT_STAY_GUIDANCE.value, AddOn.SHORT_STAY_STAY.value):
        clause = REF_SHORT_STAY
    elif code == AddOn.TRANSPORT.value:
        clause = REF_TRANSPORT
    elif code == AddOn.COORDINATION.value:
        clause = REF_COORDINATION_BUDGET
    elif code in {p.value for p in WaalwijkProduct}:
        clause = REF_WAALWIJK_PXQ
    else:  # pragma: no cover - the catalog has no other arrangements
        raise AssertionError(code)
    return PricedAllocation(tariff, clause.rule or "", clause, segment=arrangement.segment)


REF_NO_CURE = ref("HVB19-55", "§4.1")
REF_OWN_CONTRIBUTION = ref("HVB19-60", "§4.4 (Eigen bijdrage)")
REF_LOCAL_SOLUTION = ref("HVB19-63",
                           "§4.4 (Eigen bijdrage in relatie tot daadwerkelijke ondersteuning)")
REF_PGB = ref("HVB19-64", "§4.4 (Persoonsgebonden budget (pgb))")
REF_PGB_MAATWERK = ref("HVB19-65", "§4.4 (Persoonsgebonden budget (pgb))")

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
    contribution unless a national exemption applies, at most a municipal lower amount
    (HVB19-63) and at most the cost price of the provision in that month (the sum the
    municipality pays for the household's support, HVB19-60, the national cost cap).
    ``None`` when nothing is owed."""
    if not settings.charge:
        return None
    uses = [(alloc, WmoProvision.MAATWERK) for alloc in case.allocations
            if alloc.period.overlaps(month.period)]
    charge = subscription_charge(case, month, uses)
    amount = charge.amount
    why = f"the national maximum {charge.maximum.format_nl()} ({charge.ref.cite()})"
    if not amount:
        return None
    if settings.lowered_to is not None and settings.lowered_to < amount:
        amount, why = settings.lowered_to, f"the municipality's lower amount ({REF_LOCAL_SOLUTION.cite()})"
    line = SettlementLine(
        region=region, municipality=case.household.municipality.code, provider=COLLECTOR,
        month=month, kind=LineKind.OWN_CONTRIBUTION, amount=amount, rule="HVB19-60",
        ref=REF_OWN_CONTRIBUTION,
        explanation=f"own contribution of household {case.household.id} in {month}: {why}; "
                    "at most the cost price of the provision",
        household=case.household.id, tariff_ref=charge.ref, flow=Flow.FROM_HOUSEHOLD,
    )
    cost = maatwerk_cost(payments, case.household.id, (a.id for a, _ in uses))
    capped = cap_at_cost([line], cost)
    return capped[0] if capped else None


def _unit_amount(tariff: Tariff) -> Money:
    model = tariff.model
    if isinstance(model, PerPeriod):
        return model.amount
    if isinstance(model, Stay):
        return model.price_per_etmaal
    if isinstance(model, PriceQuantity):
        return model.price
    raise TypeError(f"no unit amount for {type(model).__name__}")  # pragma: no cover


def pgb_violations(case: Case, allocation: Allocation, zin: Tariff) -> list[Violation]:
    """A pgb tariff (``allocation.pgb_amount``) may be lower than the care-in-kind tariff,
    never higher (HVB19-64), unless the client showed the ZIN tariff does not buy
    equivalent support and that individual maatwerk is recorded in
    ``allocation.justification`` (HVB19-65). An allocation without a pgb amount is not
    judged."""
    pgb_amount = allocation.pgb_amount
    if pgb_amount is None:
        return []
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
        "unless individual maatwerk is recorded", f"{path}.pgb_amount", REF_PGB)]
