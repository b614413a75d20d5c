"""Own contributions (*eigen bijdrage*) in Midden-Holland.

*Kaderdocument inkoop Wmo en Jeugd 2025*, §3.3 "Eigen bijdrage":

* MH-59: no own contribution under the Jeugdwet;
* MH-60: Wmo services carry the abonnementstarief, charged once per household per calendar
  month in which someone in it receives a Wmo service. The document quotes EUR 19 a month,
  the national maximum of 2020-2023; the region charges the national maximum of the year
  (:mod:`sociaaldomein.policy.national`: EUR 21.00 in 2025, EUR 21.80 in 2026);
* MH-61: an income-related contribution for hulp bij het huishouden, expected from 2025, is
  a switch (off by default) with income brackets, read from the household's dated income
  (:meth:`sociaaldomein.Household.income_on`);
* MH-62: no ouderbijdrage under the Jeugdwet.

A month counts when care under a Wmo allocation runs on at least one day of it (no
proration: the subscription tariff is a monthly amount). The national rules hold on top
(:mod:`sociaaldomein.policy.national`): the exemptions from the subscription tariff (a client with
a partner below the AOW age, a client under 18, a household paying a Wlz contribution,
beschermd wonen outside the tariff) and the cap at the cost of the support: the month's
contribution lines together are never more than what the municipality pays providers for
the household's Wmo maatwerk that month. The contribution is collected by the CAK, so its
lines name ``CAK`` as the counterparty and flow from the household.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import attrs

from sociaaldomein import (
    Allocation,
    Case,
    Flow,
    Law,
    LineKind,
    Money,
    Month,
    SettlementLine,
    SettlementRules,
)
from sociaaldomein.model.lines import care_period
from sociaaldomein.policy.national import (
    WmoProvision,
    cap_at_cost,
    maatwerk_cost,
    subscription_charge,
)
from sociaaldomein.policy.parameters import read_toml
from sociaaldomein_midden_holland.catalog import CatalogData, Product
from sociaaldomein_midden_holland.sources import PARAMETERS, REGION, ref

__all__ = ["COLLECTOR", "Contributions", "IncomeBracket", "load_contributions",
           "own_contribution_lines", "provision_of"]

COLLECTOR = "CAK"
"""The body that collects Wmo own contributions."""

REF_NO_YOUTH = ref("MH-59", "§3.3 (Eigen bijdrage)")
REF_SUBSCRIPTION = ref("MH-60", "§3.3 (Eigen bijdrage)")
REF_HBH_INCOME = ref("MH-61", "§3.3 (Eigen bijdrage); §1 (Landelijke ontwikkelingen)")


@attrs.frozen
class IncomeBracket:
    """From a yearly household income on, a monthly contribution."""

    income_from: Money
    monthly: Money


@attrs.frozen
class Contributions:
    """The region's own-contribution settings (§3.3)."""

    document_amount: Money
    charge_national_maximum: bool
    ouderbijdrage: bool
    exempt: frozenset[Product]
    hbh_enabled: bool
    hbh_valid_from_month: Month
    hbh_brackets: tuple[IncomeBracket, ...]

    def hbh_monthly(self, income: Money | None) -> Money:
        """The income-related HbH contribution for a yearly household income (MH-61); the
        lowest bracket when the income is unknown."""
        if not self.hbh_brackets:
            return Money.zero()
        brackets = sorted(self.hbh_brackets, key=lambda b: b.income_from)
        if income is None:
            return brackets[0].monthly
        chosen = brackets[0]
        for bracket in brackets:
            if income >= bracket.income_from:
                chosen = bracket
        return chosen.monthly


def load_contributions(path: Path | str = PARAMETERS / "contribution.toml") -> Contributions:
    params = read_toml(path)
    exempt = []
    for code in params.str_list("exempt"):
        try:
            exempt.append(Product(code))
        except ValueError:
            raise params.error("exempt", f"unknown product {code!r}") from None
    hbh = params.table("hbh_income_related")
    brackets = []
    for item in hbh.tables("brackets"):
        brackets.append(IncomeBracket(item.money("income_from"), item.money("monthly")))
        item.done()
    settings = Contributions(
        document_amount=params.money("document_amount"),
        charge_national_maximum=params.boolean("charge_national_maximum"),
        ouderbijdrage=params.boolean("ouderbijdrage"),
        exempt=frozenset(exempt),
        hbh_enabled=hbh.boolean("enabled"),
        hbh_valid_from_month=Month.of(hbh.date("valid_from")),
        hbh_brackets=tuple(brackets),
    )
    hbh.done()
    params.done()
    if settings.ouderbijdrage:
        raise params.error("ouderbijdrage", "no ouderbijdrage is in force under the Jeugdwet "
                                            "(Kaderdocument §3.3, MH-62)")
    return settings


def provision_of(product: Product) -> WmoProvision:
    """How the national subscription tariff sees a Wmo product: beschermd wonen is outside
    it; every other Wmo product of the catalog is maatwerk (the catalog has no home
    adaptation, wheelchair or opvang product)."""
    return WmoProvision.BESCHERMD_WONEN if product is Product.BESCHERMD_WONEN else WmoProvision.MAATWERK


def own_contribution_lines(
    case: Case, month: Month, catalog: CatalogData, settings: Contributions,
    rules: SettlementRules, payments: Sequence[SettlementLine] = (),
) -> list[SettlementLine]:
    """The household's own contribution for ``month``: at most one subscription-tariff line
    (MH-60, within the national exemptions) and, when switched on, one income-related HbH
    line (MH-61); together at most the cost of the household's Wmo maatwerk in
    ``payments`` (the national cost cap). Youth care under the Jeugdwet never counts
    (MH-59)."""
    uses: list[tuple[Allocation, WmoProvision]] = []
    has_hbh = False
    for alloc in case.allocations:
        if not catalog.catalog.has_arrangement(alloc.arrangement):
            continue
        info = catalog.product(alloc.arrangement)
        client = case.client(alloc)
        law = Law.JEUGDWET if alloc.extended_youth_care else client.law_on(alloc.period.start)
        if law is not Law.WMO or Law.WMO not in info.law.laws:
            continue  # Jeugdwet: no own contribution (MH-59)
        active, _ = care_period(alloc, case.events_for(alloc.id), rules)
        if active is None or active.intersection(month.period) is None:
            continue
        if info.key is Product.HULP_BIJ_HET_HUISHOUDEN:
            has_hbh = True
        if info.key in settings.exempt:
            continue
        uses.append((alloc, provision_of(info.key)))
    lines: list[SettlementLine] = []
    municipality = case.household.municipality.code
    if uses:
        charge = subscription_charge(case, month, uses)
        if settings.charge_national_maximum:
            amount, national = charge.amount, charge.ref
            source = f"the national maximum for {month.year} ({national.cite()})"
        else:
            amount = min(settings.document_amount, charge.maximum) if charge.amount else charge.amount
            national = REF_SUBSCRIPTION if charge.amount else charge.ref
            source = "the document's amount"
        if amount:
            lines.append(SettlementLine(
                region=REGION, municipality=municipality, provider=COLLECTOR, month=month,
                kind=LineKind.OWN_CONTRIBUTION, amount=amount, rule="MH-60", ref=REF_SUBSCRIPTION,
                explanation=(f"Wmo abonnementstarief {amount.format_nl()} once for household "
                             f"{case.household.id} in {month} ({len(charge.charged)} Wmo "
                             f"client(s)), {source}"),
                household=case.household.id, tariff_ref=national, flow=Flow.FROM_HOUSEHOLD,
            ))
    if has_hbh and settings.hbh_enabled and month >= settings.hbh_valid_from_month:
        income = case.household.income_on(month.first_day)
        amount = settings.hbh_monthly(income)
        if amount:
            lines.append(SettlementLine(
                region=REGION, municipality=municipality, provider=COLLECTOR, month=month,
                kind=LineKind.OWN_CONTRIBUTION, amount=amount, rule="MH-61", ref=REF_HBH_INCOME,
                explanation=(f"income-related contribution for hulp bij het huishouden "
                             f"{amount.format_nl()} for household {case.household.id} "
                             + (f"(yearly income {income.format_nl()})" if income is not None
                                else "(income unknown: lowest bracket)")),
                household=case.household.id, tariff_ref=REF_HBH_INCOME,
                flow=Flow.FROM_HOUSEHOLD,
            ))
    maatwerk = (a.id for a, kind in uses
                if kind in (WmoProvision.MAATWERK, WmoProvision.HOME_ADAPTATION))
    return cap_at_cost(lines, maatwerk_cost(payments, case.household.id, maatwerk))
