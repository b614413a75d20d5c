"""The template region's policy: wires its catalog, rules and funding together.

Every rule cites its clause with a :class:`~sociaaldomein.Ref` (source, section, rule id);
the rule ids (``TPL-..``) are those of the region's inventory, listed with their status in
``parameters/rules.toml``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import attrs

from sociaaldomein import (
    API_VERSION,
    Allocation,
    Case,
    Caseload,
    Catalog,
    Coordination,
    Membership,
    Month,
    MunicipalityDialect,
    Plan,
    PricedAllocation,
    RuleDoc,
    SettlementLine,
    SettlementRules,
    Source,
    TariffSchedule,
    Violation,
)
from sociaaldomein.policy.checks import settle_case
from sociaaldomein.policy.columns import SettlementColumns
from sociaaldomein.policy.members import load_members
from sociaaldomein.policy.parameters import read_toml
from sociaaldomein.policy.rules import load_rules
from sociaaldomein_template import funding, rules
from sociaaldomein_template.catalog import load_catalog
from sociaaldomein_template.sources import PARAMETERS, REGION, SOURCE, SOURCES

__all__ = ["POLICY", "TemplatePolicy"]


def _members() -> tuple[Membership, ...]:
    """Voorbeelddorp and Proefstad, members from 2024 (TPL-01, §1)."""
    params = read_toml(PARAMETERS / "members.toml")
    members = load_members(params, region=REGION, sources=SOURCES)
    params.done()
    return members


def _rules() -> tuple[RuleDoc, ...]:
    return load_rules(PARAMETERS / "rules.toml", region=REGION, sources=SOURCES)


@attrs.frozen
class TemplatePolicy:
    """The template region's rules."""

    api_version: int = API_VERSION
    code: str = REGION
    name: str = "Template region (fictional)"
    sources: tuple[Source, ...] = (SOURCE,)
    members: tuple[Membership, ...] = attrs.field(factory=_members)
    catalog: Catalog = attrs.field(factory=load_catalog)
    tariffs: TariffSchedule = attrs.field(factory=funding.load_tariff_schedule)
    dialects: tuple[MunicipalityDialect, ...] = ()
    rules: tuple[RuleDoc, ...] = attrs.field(factory=_rules)
    contract_years: tuple[int, ...] = (2024, 2025, 2026)
    settlement_rules: SettlementRules = SettlementRules()

    def coordination(self, case: Case, plan: Plan, on: dt.date) -> Coordination:
        return rules.coordination(plan)

    def validate(self, case: Case, on: dt.date) -> list[Violation]:
        return rules.validate_case(case, self.catalog, on)

    def validate_region(self, caseload: Caseload, years: tuple[int, ...]) -> list[Violation]:
        return []

    def price(self, case: Case, allocation: Allocation, on: dt.date) -> PricedAllocation:
        return funding.price(self.tariffs, self.catalog, allocation, on)

    def settle(self, case: Case, month: Month) -> list[SettlementLine]:
        return settle_case(self, case, month, self.settlement_rules)

    def columns(self, years: Sequence[int]) -> SettlementColumns:
        """The settlement as columns (see :mod:`sociaaldomein_template.columns`)."""
        from sociaaldomein_template.columns import compile_columns

        return compile_columns(self, years)

    def settle_region(self, caseload: Caseload, month: Month) -> list[SettlementLine]:
        return []


POLICY = TemplatePolicy()
