"""The policy of Regio Midden-Holland, after the *Kaderdocument inkoop Wmo en Jeugd 2025*.

Five municipalities (§2.1, MH-06) that buy youth care and Wmo support together from
1 January 2025 in eight segments (§4.2, MH-69). Each municipality pays for its own residents
on actual use (§2.2, MH-09, MH-11); a service bought on availability (Crisis, by default a
lump sum, MH-21) is split by a distribution key agreed in advance (MH-12); beschermd wonen
runs through the pooled regional budget held by the centrumgemeente Gouda (MH-14, MH-15).
Funding model, contract form and term per segment are parameters with the document's
preference (MH-01, MH-16); every tariff is an example value (the document gives none).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import attrs

from sociaaldomein import (
    API_VERSION,
    Allocation,
    Case,
    Caseload,
    Catalog,
    Coordination,
    Membership,
    MissingTariff,
    Money,
    Month,
    MunicipalityDialect,
    ParameterError,
    Period,
    Plan,
    PricedAllocation,
    Ref,
    RuleDoc,
    SettlementError,
    SettlementLine,
    SettlementRules,
    Severity,
    Source,
    TariffSchedule,
    UnknownCode,
    Violation,
)
from sociaaldomein.model.lines import LineKind, settle_allocation_month
from sociaaldomein.policy.checks import pricing_day
from sociaaldomein.policy.columns import SettlementColumns
from sociaaldomein.policy.members import load_members as load_members_table
from sociaaldomein.policy.parameters import read_toml
from sociaaldomein.policy.rules import load_rules
from sociaaldomein_midden_holland import funding
from sociaaldomein_midden_holland.catalog import (
    CatalogData,
    Payer,
    Product,
    SegmentKey,
    load_catalog,
)
from sociaaldomein_midden_holland.contracts import load_contracts
from sociaaldomein_midden_holland.contribution import (
    Contributions,
    load_contributions,
    own_contribution_lines,
)
from sociaaldomein_midden_holland.funding import (
    covered_years,
    load_tariff_schedule,
    lump_sum_lines,
)
from sociaaldomein_midden_holland.instruments import (
    FundingKind,
    Instruments,
    LumpSumBudget,
    load_instruments,
)
from sociaaldomein_midden_holland.keys import DistributionKey, key_for_members, load_keys
from sociaaldomein_midden_holland.rules import REFS as RULE_REFS
from sociaaldomein_midden_holland.rules import (
    ContractRecord,
    check_transition_18,
    check_volume,
    coordinate,
    validate_case,
    validate_contract,
    validate_instruments,
)
from sociaaldomein_midden_holland.sources import KADERDOCUMENT, PARAMETERS, REGION, SOURCES, ref

__all__ = ["POLICY", "MiddenHollandPolicy", "check_setup", "load_members"]

REF_MEMBERS = ref("MH-06", "§2.1")
REF_OWN_RESIDENTS = ref("MH-11", "§2.2")
REF_CENTRAL = ref("MH-14", "§2.2 (Beschermd wonen en maatschappelijke opvang)")


def load_members(path: Path | str = PARAMETERS / "members.toml") -> tuple[
        tuple[Membership, ...], str]:
    """The members over time (MH-06, read with the kit's members reader) and the code of
    the centrumgemeente (``central``, MH-14), which must be a member."""
    params = read_toml(path)
    members = load_members_table(params, region=REGION, sources=SOURCES)
    central = params.text("central")
    if central not in {m.municipality.code for m in members}:
        raise params.error("central", f"the centrumgemeente {central} is not a member")
    params.done()
    return members, central


def check_setup(policy: MiddenHollandPolicy) -> None:
    """Cross-file checks when a policy is built (also after ``attrs.evolve``): every
    product's (sub-)segment has instruments, every (segment, sub) is given once, and every
    lump sum names a distribution key that weighs exactly the members on its start."""
    seen: set[tuple[SegmentKey, object]] = set()
    for item in policy.instruments.segments:
        if (item.segment, item.sub) in seen:
            raise ParameterError(
                f"instruments for {item.segment.value}"
                + (f" / {item.sub.value}" if item.sub else "") + " are given twice",
                source="instruments.toml", path="segment")
        seen.add((item.segment, item.sub))
        if item.sub is not None and item.sub not in {
                s.key for s in policy.catalog_data.segment(item.segment).subs}:
            raise ParameterError(
                f"{item.sub.value} is not a sub-segment of {item.segment.value}",
                source="instruments.toml", path="segment.sub")
    for info in policy.catalog_data.products:
        policy.instruments.for_segment(info.segment, info.sub)
    for budget in policy.instruments.lump_sums:
        day = budget.valid_from
        members = {m.municipality.code for m in policy.members if day in m.period}
        key_for_members(policy.keys, budget.key, day, members)


def _rules() -> tuple[RuleDoc, ...]:
    """Every rule of the inventory, MH-01 .. MH-116, from ``parameters/rules.toml``."""
    return load_rules(PARAMETERS / "rules.toml", region=REGION, sources=SOURCES)


def _members() -> tuple[Membership, ...]:
    return load_members()[0]


def _central() -> str:
    return load_members()[1]


@attrs.frozen
class MiddenHollandPolicy:
    """Regio Midden-Holland. Change any part with ``attrs.evolve`` for what-if analysis
    (e.g. ``instruments=POLICY.instruments.with_segment(SegmentKey.CRISIS,
    funding=FundingKind.PXQ)``)."""

    api_version: int = API_VERSION
    code: str = REGION
    name: str = "Regio Midden-Holland"
    sources: tuple[Source, ...] = (KADERDOCUMENT,)
    members: tuple[Membership, ...] = attrs.field(factory=_members)
    central_municipality: str = attrs.field(factory=_central)
    catalog_data: CatalogData = attrs.field(factory=load_catalog)
    instruments: Instruments = attrs.field(factory=load_instruments)
    tariffs: TariffSchedule = attrs.field(
        default=attrs.Factory(
            lambda self: load_tariff_schedule(self.catalog_data, instruments=self.instruments),
            takes_self=True))
    keys: tuple[DistributionKey, ...] = attrs.field(factory=load_keys)
    contributions: Contributions = attrs.field(factory=load_contributions)
    contracts: tuple[ContractRecord, ...] = attrs.field(
        default=attrs.Factory(lambda self: load_contracts(catalog=self.catalog_data),
                              takes_self=True))
    dialects: tuple[MunicipalityDialect, ...] = ()
    rules: tuple[RuleDoc, ...] = attrs.field(factory=_rules)
    contract_years: tuple[int, ...] = attrs.field(default=attrs.Factory(
        lambda self: covered_years(self.catalog_data, self.tariffs), takes_self=True))
    """The years every product has a tariff for (given or indexed): 2025 and, indexed at
    0 %, 2026. Pricing or settling any other year raises :class:`~sociaaldomein.MissingTariff`
    naming the year and the file."""
    settlement_rules: SettlementRules = SettlementRules()

    def __attrs_post_init__(self) -> None:
        check_setup(self)

    def with_tariffs(self, path: Path | str, years: tuple[int, ...] = (2025,)) -> MiddenHollandPolicy:
        """This policy with the tariffs of a municipality's own file (same format as
        ``parameters/tariffs.toml``; every product needs a tariff for each of ``years``).
        The contract years become the years the file covers for every product."""
        tariffs = load_tariff_schedule(self.catalog_data, path, years, self.instruments)
        return attrs.evolve(self, tariffs=tariffs,
                            contract_years=covered_years(self.catalog_data, tariffs))

    def _claim_year(self, year: int, what: str) -> None:
        """MissingTariff for a year outside the contract years (MH-63: the region has
        tariffs, and so a settlement, only for the years its files cover)."""
        if year not in self.contract_years:
            raise MissingTariff(
                f"{what}: no tariffs for {year} in {self.tariffs.source_file} of {REGION} "
                f"(contract years: {', '.join(map(str, self.contract_years)) or 'none'}); "
                "load a tariff file that covers it with with_tariffs")

    @property
    def catalog(self) -> Catalog:
        """The catalog of the eight segments and their products (MH-69)."""
        return self.catalog_data.catalog

    # -- coordination and validation ----------------------------------------------------
    def coordination(self, case: Case, plan: Plan, on: dt.date) -> Coordination:
        """Process regie and case regie (MH-32, MH-38, MH-72, MH-79, MH-93)."""
        return coordinate(case, plan, on, self.catalog_data, self.instruments.options)

    def validate(self, case: Case, on: dt.date) -> list[Violation]:
        """The household rules of :mod:`sociaaldomein_midden_holland.rules`, and
        ``MH-MEMBER`` (MH-06) for a household whose municipality is not a member on ``on``."""
        out: list[Violation] = []
        code = case.household.municipality.code
        if code not in self.members_on(on):
            out.append(Violation(
                "MH-MEMBER", Severity.ERROR,
                f"household {case.household.id} lives in {code}, which is not a member of "
                f"{self.name} on {on.isoformat()} (members: "
                f"{', '.join(self.members_on(on)) or 'none'})",
                f"households[{case.household.id}].municipality", RULE_REFS["member"]))
        return out + validate_case(case, self.catalog_data, self.instruments)

    def validate_region(self, caseload: Caseload, years: tuple[int, ...]) -> list[Violation]:
        """Instruments (MH-21) and contract terms and signing (MH-04, MH-26), once; the
        follow-up of youth care at the 18th birthday (MH-50, ``MH-TRANSITION-18``) in every
        household; and the realised volume of each of ``years`` in a contract's term against
        its volume agreement, which is per calendar year (MH-64)."""
        out = validate_instruments(self.instruments)
        for case in caseload.cases():
            out.extend(check_transition_18(case, self.catalog_data))
        for record in self.contracts:
            out.extend(validate_contract(record, self.instruments.options,
                                         self.instruments.max_contract_years))
            if record.contract.volume is None:
                continue
            for year in sorted(set(years)):
                if not record.contract.longest.overlaps(Period.year(year)):
                    continue
                try:
                    realised = self.realised_volume(caseload, record, year)
                except (SettlementError, MissingTariff) as exc:
                    # validation reports, it does not crash: a year outside the contract
                    # years (or a case that cannot be priced) leaves the volume unknown
                    out.append(Violation(
                        "MH-VOLUME-UNKNOWN", Severity.WARNING,
                        f"contract {record.contract.id}: the realised volume of {year} "
                        f"cannot be computed: {exc.message}",
                        f"contracts[{record.contract.id}].volume", RULE_REFS["volume"]))
                    continue
                out.extend(check_volume(record, realised, year))
        return out

    def realised_volume(self, caseload: Caseload, record: ContractRecord, year: int) -> Money:
        """What the contract's provider earned in ``year`` for the contract's products."""
        total = Money.zero()
        for case in caseload.cases():
            for month in Period.year(year).months():
                for line in self.settle(case, month):
                    if (line.provider == record.contract.provider.code
                            and line.arrangement in record.contract.arrangements
                            and line.kind is not LineKind.OWN_CONTRIBUTION):
                        total += line.amount
        return total

    # -- pricing --------------------------------------------------------------------------
    def lump_sum_for(self, segment: SegmentKey, provider: str | None,
                     on: dt.date) -> LumpSumBudget:
        """The lump sum of ``segment`` on ``on`` (the provider's own, else the first)."""
        return funding.lump_sum_for(self.instruments, segment, provider, on)

    def price(self, case: Case, allocation: Allocation, on: dt.date) -> PricedAllocation:
        """The tariff of the allocation's product in the contract year of ``on``, under the
        funding model of its (sub-)segment (:func:`funding.price`; MH-16, MH-18 .. MH-20);
        a year outside the contract years is a :class:`~sociaaldomein.MissingTariff`."""
        self._claim_year(on.year, f"{allocation.arrangement} on {on.isoformat()}")
        return funding.price(self.catalog_data, self.instruments, self.tariffs, allocation, on)

    # -- settlement -------------------------------------------------------------------------
    def payer(self, case: Case, allocation: Allocation) -> tuple[str, Ref]:
        """Who pays an allocation: the client's municipality of residence on actual use
        (MH-09, MH-11), or Gouda for beschermd wonen (pooled budget, MH-14, MH-15)."""
        info = self.catalog_data.product(allocation.arrangement)
        if info.payer is Payer.CENTRAL:
            return self.central_municipality, REF_CENTRAL
        return case.household.municipality.code, REF_OWN_RESIDENTS

    def settle(self, case: Case, month: Month) -> list[SettlementLine]:
        """Provider payments for each allocation in ``month``, charged to the paying
        municipality, and the household's own contribution (MH-59 .. MH-61)."""
        code = case.household.municipality.code
        if not any(code == m.municipality.code and m.period.overlaps(month.period)
                   for m in self.members):
            raise SettlementError(
                f"household {case.household.id} lives in {code}, which is not a member of "
                f"{self.name} in {month} (members: "
                f"{', '.join(self.members_on(month.first_day)) or 'none'}"
                f"; {REF_MEMBERS.cite()}); settle it under its own region's policy")
        lines: list[SettlementLine] = []
        for alloc in case.allocations:
            if alloc.period.start >= month.next().first_day:
                continue
            try:
                priced = self.price(case, alloc, pricing_day(alloc, month))
            except (MissingTariff, UnknownCode) as exc:
                raise SettlementError(
                    f"allocation {alloc.id} of household {case.household.id}: {exc.message}"
                ) from None
            payer, payer_ref = self.payer(case, alloc)
            produced = settle_allocation_month(
                alloc, case.events_for(alloc.id), month, priced.tariff.model,
                region=self.code, municipality=payer, segment=priced.segment,
                rule=priced.rule, ref=priced.ref, tariff_ref=priced.tariff.ref,
                rules=self.settlement_rules, pay_to=priced.pay_to,
            )
            if payer != case.household.municipality.code:
                produced = [attrs.evolve(
                    line, explanation=f"{line.explanation}; paid by {payer} as centrumgemeente "
                    f"from the regional budget for maatschappelijke zorg ({payer_ref.cite()})",
                ) for line in produced]
            lines.extend(produced)
        lines.extend(own_contribution_lines(case, month, self.catalog_data, self.contributions,
                                            self.settlement_rules, lines))
        return lines

    def members_on(self, day: dt.date) -> tuple[str, ...]:
        return tuple(m.municipality.code for m in self.members if day in m.period)

    def columns(self, years: Sequence[int]) -> SettlementColumns:
        """The settlement as columns (see :mod:`sociaaldomein_midden_holland.columns`)."""
        from sociaaldomein_midden_holland.columns import compile_columns

        return compile_columns(self, years)

    def settle_region(self, caseload: Caseload, month: Month) -> list[SettlementLine]:
        """The month's terms of the lump sums of lump-sum segments (MH-18), split over the
        members by the segment's distribution key to the cent (MH-12)."""
        lines: list[SettlementLine] = []
        day = month.first_day
        members = set(self.members_on(day))
        names = {m.municipality.code: m.municipality.name for m in self.members}
        for budget in self.instruments.lump_sums_on(day):
            if self.instruments.for_segment(budget.segment).funding is not FundingKind.LUMP_SUM:
                continue
            self._claim_year(month.year, f"lump sum for {budget.segment.value} "
                                         f"(instruments.toml) in {month}")
            term = budget.model.due_in_month(month.month)
            if not term:
                continue
            key = key_for_members(self.keys, budget.key, day, members)
            lines.extend(lump_sum_lines(budget, key, month, term, names))
        return lines

    def product(self, code: str) -> Product:
        return self.catalog_data.product(code).key


POLICY = MiddenHollandPolicy()
"""Regio Midden-Holland from 1 January 2025."""
