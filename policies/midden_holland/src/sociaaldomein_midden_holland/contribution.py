"""Own contributions (*eigen bijdrage*) in Midden-Holland.

*Kaderdocument inkoop Wmo en Jeugd 2025*, §3.3 "Eigen bijdrage":

* MH-59: no own contribution under the Jeugdwet;
* MH-60: Wmo services carry the abonnementstarief, charged once per household per calendar
  month in which someone in it receives a Wmo service. The document quotes EUR 19 a month,
  the national maximum of 2020-2023; the region charges the national maximum of the year
  (:mod:`sociaaldomein.policy.national`: EUR 21.00 in 2025, EUR 21.80 in 2026);
* MH-61: an income-related contribution for hulp bij het huishouden, expected from 2025, is
  a switch (off by default) with income brackets;
* MH-62: no ouderbijdrage under the Jeugdwet.

A month counts when care under a Wmo allocation runs on at least one day of it (no
proration: the subscription tariff is a monthly amount). The contribution is collected by
the CAK, so its lines name ``CAK`` as the counterparty and flow from the household.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path

import attrs

from sociaaldomein import (
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
from sociaaldomein.policy.national import subscription_tariff_for_month
from sociaaldomein.policy.parameters import read_toml
from sociaaldomein_midden_holland.catalog import CatalogData, Product
from sociaaldomein_midden_holland.sources import PARAMETERS, REGION, ref

__all__ = ["COLLECTOR", "Contributions", "IncomeBracket", "load_contributions",
           "own_contribution_lines"]

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


def _income_flag(flags: frozenset[str]) -> Money | None:
    for flag in sorted(flags):
        if flag.startswith("income:"):
            try:
                return Money.euros(Decimal(flag[len("income:"):]))
            except (InvalidOperation, ValueError):
                return None
    return None


def own_contribution_lines(
    case: Case, month: Month, catalog: CatalogData, settings: Contributions,
    rules: SettlementRules,
) -> list[SettlementLine]:
    """The household's own contribution for ``month``: at most one subscription-tariff line
    (MH-60) and, when switched on, one income-related HbH line (MH-61). Youth care under the
    Jeugdwet never counts (MH-59)."""
    wmo_clients: set[str] = set()
    hbh_income: list[Money | None] = []
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
            hbh_income.append(_income_flag(alloc.flags))
        if info.key in settings.exempt:
            continue
        wmo_clients.add(client.id)
    lines: list[SettlementLine] = []
    municipality = case.household.municipality.code
    if wmo_clients:
        if settings.charge_national_maximum:
            amount, national = subscription_tariff_for_month(month)
            source = f"the national maximum for {month.year} ({national.cite()})"
        else:
            amount, national = settings.document_amount, REF_SUBSCRIPTION
            source = "the document's amount"
        lines.append(SettlementLine(
            region=REGION, municipality=municipality, provider=COLLECTOR, month=month,
            kind=LineKind.OWN_CONTRIBUTION, amount=amount, rule="MH-60", ref=REF_SUBSCRIPTION,
            explanation=(f"Wmo abonnementstarief {amount.format_nl()} once for household "
                         f"{case.household.id} in {month} ({len(wmo_clients)} Wmo client(s)), "
                         f"{source}"),
            household=case.household.id, tariff_ref=national, flow=Flow.FROM_HOUSEHOLD,
        ))
    if hbh_income and settings.hbh_enabled and month >= settings.hbh_valid_from_month:
        known = [i for i in hbh_income if i is not None]
        income = known[0] if known else None
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
    return lines
