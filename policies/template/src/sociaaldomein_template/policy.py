"""The template region's policy.

Every rule cites its clause with a :class:`~sociaaldomein.Ref` (source, section, rule id);
the rule ids (``TPL-..``) would be those of the region's rule inventory.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import attrs

from sociaaldomein import (
    API_VERSION,
    Allocation,
    Arrangement,
    Case,
    Caseload,
    Catalog,
    Coordination,
    Law,
    Membership,
    Month,
    Municipality,
    MunicipalityDialect,
    Party,
    PartyKind,
    Period,
    Plan,
    PricedAllocation,
    Ref,
    RuleDoc,
    RuleStatus,
    Segment,
    SettlementLine,
    SettlementRules,
    Source,
    TariffSchedule,
    Violation,
    load_tariffs,
)
from sociaaldomein.policy.checks import (
    check_known_arrangements,
    check_law_by_age,
    check_single_coordinator,
    settle_case,
)
from sociaaldomein.policy.columns import SettlementColumns

__all__ = ["POLICY", "SOURCE", "TemplatePolicy"]

SOURCE = Source(
    title="Template region: an example policy for plugin authors",
    issuer="sociaaldomein",
    date=dt.date(2024, 1, 1),
)
PARAMETERS = Path(__file__).parent / "parameters"

REF_MEMBERS = Ref(SOURCE, "§1", rule="TPL-01")
REF_TARIFF = Ref(SOURCE, "§2", rule="TPL-02")
REF_TRAJECTORY = Ref(SOURCE, "§3", rule="TPL-03")
REF_LAW = Ref(SOURCE, "§4", rule="TPL-04")
REF_COORDINATOR = Ref(SOURCE, "§5", rule="TPL-05")
REF_CATALOG = Ref(SOURCE, "§2", rule="TPL-06")

VOORBEELDDORP = Municipality("9901", "Voorbeelddorp")
PROEFSTAD = Municipality("9902", "Proefstad")


def _catalog() -> Catalog:
    """Two arrangements in one segment (TPL-06, §2)."""
    return Catalog(
        arrangements=(
            Arrangement("begeleiding", "Begeleiding", "maatwerk", {Law.WMO}, ref=REF_TARIFF),
            Arrangement("jeugdhulp-traject", "Jeugdhulp traject", "maatwerk", {Law.JEUGDWET},
                        ref=REF_TRAJECTORY),
        ),
        segments=(Segment("maatwerk", "Maatwerk", needs_decision=True, ref=REF_CATALOG),),
    )


def _tariffs() -> TariffSchedule:
    """Example tariffs, indexed yearly (TPL-02)."""
    return load_tariffs(
        PARAMETERS / "tariffs.toml", region="template", source=SOURCE, section="§2",
        known_arrangements={"begeleiding", "jeugdhulp-traject"},
    )


RULES = (
    RuleDoc("TPL-01", "Voorbeelddorp and Proefstad are members from 2024.", REF_MEMBERS,
            RuleStatus.ENCODED, "TemplatePolicy.members", "test_template.py::test_members"),
    RuleDoc("TPL-02", "Begeleiding is paid per month, pro rata by days.", REF_TARIFF,
            RuleStatus.ENCODED, "parameters/tariffs.toml", "test_template.py::test_partial_month"),
    RuleDoc("TPL-03", "A youth trajectory is paid 70% at start and 30% at completion.",
            REF_TRAJECTORY, RuleStatus.ENCODED, "parameters/tariffs.toml",
            "test_template.py::test_trajectory"),
    RuleDoc("TPL-04", "Youth arrangements under 18, Wmo from 18.", REF_LAW,
            RuleStatus.ENCODED, "TemplatePolicy.validate", "test_template.py::test_law_by_age"),
    RuleDoc("TPL-05", "A plan has exactly one coordinator.", REF_COORDINATOR,
            RuleStatus.ENCODED, "TemplatePolicy.validate", "test_template.py::test_coordinators"),
    RuleDoc("TPL-06", "The catalog: begeleiding and a youth trajectory.", REF_CATALOG,
            RuleStatus.ENCODED, "TemplatePolicy.catalog", "conformance suite"),
)


@attrs.frozen
class TemplatePolicy:
    """The template region's rules."""

    api_version: int = API_VERSION
    code: str = "template"
    name: str = "Template region (fictional)"
    sources: tuple[Source, ...] = (SOURCE,)
    members: tuple[Membership, ...] = (
        Membership(VOORBEELDDORP, Period.open(dt.date(2024, 1, 1)), REF_MEMBERS),
        Membership(PROEFSTAD, Period.open(dt.date(2024, 1, 1)), REF_MEMBERS),
    )
    catalog: Catalog = attrs.field(factory=_catalog)
    tariffs: TariffSchedule = attrs.field(factory=_tariffs)
    dialects: tuple[MunicipalityDialect, ...] = ()
    rules: tuple[RuleDoc, ...] = RULES
    contract_years: tuple[int, ...] = (2024, 2025, 2026)
    settlement_rules: SettlementRules = SettlementRules()

    def coordination(self, case: Case, plan: Plan, on: dt.date) -> Coordination:
        """The coordinator the plan names; the access team when it names none (TPL-05)."""
        coordinator = plan.coordinators[0] if plan.coordinators else Party(PartyKind.ACCESS_TEAM)
        return Coordination(plan.regisseur or Party(PartyKind.CLIENT), coordinator,
                            REF_COORDINATOR)

    def validate(self, case: Case, on: dt.date) -> list[Violation]:
        """Unknown arrangements, law by age (TPL-04), one coordinator per plan (TPL-05)."""
        return [
            *check_known_arrangements(case, self.catalog, "TPL-06", REF_CATALOG),
            *check_law_by_age(case, self.catalog, "TPL-04", REF_LAW),
            *check_single_coordinator(case, "TPL-05", REF_COORDINATOR),
        ]

    def validate_region(self, caseload: Caseload, on: dt.date) -> list[Violation]:
        return []

    def price(self, case: Case, allocation: Allocation, on: dt.date) -> PricedAllocation:
        """The tariff of the contract year of ``on`` (TPL-02, TPL-03)."""
        tariff = self.tariffs.tariff(allocation.arrangement, on.year)
        arrangement = self.catalog.arrangement(allocation.arrangement)
        ref = REF_TRAJECTORY if arrangement.code == "jeugdhulp-traject" else REF_TARIFF
        return PricedAllocation(tariff, ref.rule or "", ref, segment=arrangement.segment)

    def settle(self, case: Case, month: Month) -> list[SettlementLine]:
        return settle_case(self, case, month, self.settlement_rules)

    def settle_region(self, caseload: Caseload, month: Month) -> list[SettlementLine]:
        return []

    def columns(self, years: Sequence[int]) -> SettlementColumns:
        """The settlement as columns (see :mod:`sociaaldomein_template.columns`)."""
        from sociaaldomein_template.columns import compile_columns

        return compile_columns(self, years)


POLICY = TemplatePolicy()
