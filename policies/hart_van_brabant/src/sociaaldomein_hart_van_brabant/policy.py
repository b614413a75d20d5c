"""The Hart van Brabant policy: :class:`HartVanBrabantPolicy` and ``POLICY``.

Sources: *Leidende principes en inrichtingskeuzes Jeugdhulp en Wmo Regio Hart van Brabant*
(concept 19 December 2016) and *Inkoopplan resultaatgerichte Wmo-begeleiding 2019*. Every
rule cites its clause; ``rules`` lists every rule id of the inventory with where it is
encoded and tested, or why not (loaded from ``parameters/rules.toml``).

The policy routes by the household's municipality: a Waalwijk household gets Waalwijk's
dialect (P x Q with result agreements, its own access team coordinates), whether the
policy was found through :func:`sociaaldomein.policy_for` (which applies the dialect) or is
used directly. What-if analysis is ``attrs.evolve`` (see :meth:`with_participation`).
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
    Contract,
    Coordination,
    Membership,
    Month,
    MunicipalityDialect,
    NoPolicy,
    Party,
    Period,
    Plan,
    PricedAllocation,
    RegionPolicy,
    RuleDoc,
    SettlementLine,
    SettlementRules,
    Severity,
    SociaaldomeinError,
    Source,
    TariffSchedule,
    Violation,
)
from sociaaldomein.policy.checks import settle_case
from sociaaldomein.policy.columns import SettlementColumns
from sociaaldomein.policy.rules import load_rules
from sociaaldomein_hart_van_brabant import funding
from sociaaldomein_hart_van_brabant.catalog import HvbCatalog, Result, load_catalog
from sociaaldomein_hart_van_brabant.contract_calendar import (
    REF_MUNICIPALITY_JOIN,
    ContractCalendar,
    ContractTerms,
    JoinCondition,
    JoinDecision,
    System,
    load_calendar,
)
from sociaaldomein_hart_van_brabant.funding import (
    CONTRACT_YEARS,
    SETTLEMENT_RULES,
    IndicativeMatrix,
    OwnContribution,
    load_indicative_2016,
    load_region_tariffs,
    own_contribution_line,
    pgb_violations,
)
from sociaaldomein_hart_van_brabant.joint_purchase import Members, Participation, load_members
from sociaaldomein_hart_van_brabant.rules import (
    LocalRules,
    coordinate,
    finances_unknown,
    principal,
    validate_case,
)
from sociaaldomein_hart_van_brabant.sources import (
    PARAMETERS,
    PRINCIPLES_2016,
    PURCHASE_2019,
    REGION,
    SOURCES,
    ref,
)

__all__ = ["POLICY", "WAALWIJK", "HartVanBrabantPolicy"]

REF_DIALECT = ref("HVB16-05", "h1 (intro); voetnoot 2-5")

WAALWIJK = LocalRules(
    municipality="0867", name="Waalwijk", access_team_coordinates=True,
    price_quantity=True, results_are_units=False,
)
"""Waalwijk's dialect: its access professional coordinates (voetnoot 2 and 5, HVB16-41), it
keeps P x Q for the Wmo with agreements on the result (voetnoot 3, HVB16-74), and results
are not its purchasing unit (voetnoot 4, HVB16-80). Applied to its Wmo; its youth care
follows the regional rules (HVB16-09)."""

_DIALECT_FROM = dt.date(2017, 1, 1)


@attrs.frozen
class _Data:
    members: Members
    catalog: HvbCatalog
    tariffs: TariffSchedule
    calendar: ContractCalendar
    indicative: IndicativeMatrix
    rules: tuple[RuleDoc, ...]


def _load() -> _Data:
    catalog = load_catalog()
    rules = load_rules(PARAMETERS / "rules.toml", region=REGION, sources=SOURCES)
    return _Data(load_members(), catalog, load_region_tariffs(catalog), load_calendar(),
                 load_indicative_2016(), rules)


_DATA = _load()


def _apply_waalwijk(policy: RegionPolicy) -> RegionPolicy:
    """The policy as it holds for Waalwijk (its dialect)."""
    if isinstance(policy, HartVanBrabantPolicy):
        return attrs.evolve(policy, applied_dialect=WAALWIJK.municipality)
    return policy  # pragma: no cover - only ever applied to this policy


@attrs.frozen
class HartVanBrabantPolicy:
    """The rules of the Regio Hart van Brabant (see the module docstring)."""

    api_version: int = API_VERSION
    code: str = REGION
    name: str = "Regio Hart van Brabant"
    sources: tuple[Source, ...] = (PRINCIPLES_2016, PURCHASE_2019)
    members: tuple[Membership, ...] = _DATA.members.memberships
    """The nine municipalities from 2017 (HVB16-01, HVB16-13)."""
    participation: tuple[Participation, ...] = _DATA.members.participation
    """Who takes part in the joint purchase of Wmo-begeleiding, from when (HVB19-01..04)."""
    hvb_catalog: HvbCatalog = _DATA.catalog
    tariffs: TariffSchedule = _DATA.tariffs
    calendar: ContractCalendar = _DATA.calendar
    indicative_2016: IndicativeMatrix = _DATA.indicative
    """The indicative 2016 matrix: example values, never used to settle (HVB16-70)."""
    rules: tuple[RuleDoc, ...] = _DATA.rules
    contract_years: tuple[int, ...] = CONTRACT_YEARS
    variants: tuple[LocalRules, ...] = (WAALWIJK,)
    """Municipality dialects (HVB16-05); drop Waalwijk's for a what-if with ``variants=()``."""
    contracts: tuple[Contract, ...] = ()
    """Provider contracts per cell; when given, a provider coordinator must hold every cell
    of the plan (HVB16-88, HVB16-89)."""
    settlement_rules: SettlementRules = SETTLEMENT_RULES
    own_contribution: OwnContribution = OwnContribution()
    area3_severity: Severity = Severity.ERROR
    """HVB19-30 reads as a permission ("kan ... als"); a municipality may make it a warning."""
    applied_dialect: str | None = None
    """The municipality whose dialect :func:`sociaaldomein.policy_for` applied, if any."""

    # -- identity and data ------------------------------------------------------------
    @property
    def catalog(self) -> Catalog:
        return self.hvb_catalog.core

    @property
    def dialects(self) -> tuple[MunicipalityDialect, ...]:
        """Waalwijk's dialect (HVB16-05, HVB16-41, HVB16-74, HVB16-80)."""
        return tuple(
            MunicipalityDialect(
                v.municipality, v.name,
                "P x Q for the Wmo with agreements on the result; its own access team "
                "coordinates; results are not its purchasing unit",
                REF_DIALECT, Period.open(_DIALECT_FROM), _apply_waalwijk,
            )
            for v in self.variants
        )

    def local_rules(self, municipality: str, on: dt.date) -> LocalRules | None:
        """The dialect that holds for ``municipality`` on ``on``, if any."""
        if on < _DIALECT_FROM:
            return None
        return next((v for v in self.variants if v.municipality == municipality), None)

    def is_member(self, municipality: str, on: dt.date) -> bool:
        """Whether ``municipality`` belongs to the region on ``on`` (HVB16-01)."""
        return any(m.municipality.code == municipality and on in m.period for m in self.members)

    def participation_of(self, municipality: str) -> Participation | None:
        return next((p for p in self.participation if p.municipality.code == municipality), None)

    def takes_part(self, municipality: str, on: dt.date) -> bool:
        """Whether ``municipality`` buys Wmo-begeleiding jointly on ``on`` (HVB19-01)."""
        p = self.participation_of(municipality)
        return p is not None and p.takes_part(on)

    def with_participation(self, municipality: str, start: dt.date | None,
                           until: dt.date | None = None) -> HartVanBrabantPolicy:
        """What-if: ``municipality`` takes part from ``start`` (``None``: never), up to
        ``until`` (first day it no longer takes part; ``None``: open), e.g. Heusden or Loon
        op Zand postponing or leaving (HVB19-03)."""
        found = self.participation_of(municipality)
        if found is None:
            raise KeyError(f"{municipality} is not a member of {self.name}")
        if start is None:
            period = None
        elif until is None:
            period = Period.open(start)
        else:
            period = Period(start, until)
        changed = attrs.evolve(found, period=period)
        return attrs.evolve(self, participation=tuple(
            changed if p is found else p for p in self.participation))

    def buying_separately(self, municipality: str, *results: str) -> HartVanBrabantPolicy:
        """What-if: ``municipality`` buys these results outside the joint purchase (2b,
        HVB19-07)."""
        found = self.participation_of(municipality)
        if found is None:
            raise KeyError(f"{municipality} is not a member of {self.name}")
        changed = attrs.evolve(found, separately_bought=found.separately_bought
                               | {Result.from_code(r) for r in results})
        return attrs.evolve(self, participation=tuple(
            changed if p is found else p for p in self.participation))

    def with_tariffs(self, path: Path | str) -> HartVanBrabantPolicy:
        """The policy with a municipality's real tariffs, read strictly from ``path`` in the
        format of ``parameters/tariffs.toml`` (HVB19-59): an unknown arrangement, a missing
        contract year, a float or negative amount, or an unknown key is a
        :class:`~sociaaldomein.ParameterError` naming the file and the key."""
        return attrs.evolve(self, tariffs=load_region_tariffs(self.hvb_catalog, Path(path)))

    # -- the plugin contract ----------------------------------------------------------
    def coordination(self, case: Case, plan: Plan, on: dt.date) -> Coordination:
        """Who should be regisseur and coordinator (HVB16-15 .. HVB16-33, HVB19-09 .. -14)."""
        local = self.local_rules(case.household.municipality.code, on)
        return coordinate(case, plan, on,
                          access_team_coordinates=bool(local and local.access_team_coordinates))

    def principal(self, case: Case, plan: Plan) -> Party:
        """The opdrachtgever: the access team (HVB16-15, HVB19-11)."""
        return principal(case, plan)[0]

    def validate(self, case: Case, on: dt.date) -> list[Violation]:
        """All violations in one household's case (codes in :mod:`.rules`)."""
        code = case.household.municipality.code
        out = validate_case(
            case, on, catalog=self.hvb_catalog, participation=self.participation_of(code),
            local=self.local_rules(code, on), contracts=self.contracts,
            area3_severity=self.area3_severity, member=self.is_member(code, on),
            region_name=self.name, contract_end=self.calendar.contract_end(),
        )
        if self.own_contribution.charge:
            out.extend(finances_unknown(case, on))
        for alloc in case.allocations:
            if alloc.pgb_amount is not None and on in alloc.period:
                try:
                    out.extend(self.pgb_violations(case, alloc, on))
                except SociaaldomeinError:
                    continue  # no tariff to compare with: reported by the other rules
        return out

    def validate_region(self, caseload: Caseload, years: tuple[int, ...]) -> list[Violation]:
        """No region-wide rule: the sources set no budget ceilings or volumes (HVB19-45)."""
        return []

    def price(self, case: Case, allocation: Allocation, on: dt.date) -> PricedAllocation:
        """The tariff of the contract year of ``on``: a fixed amount per period per cell
        (HVB19-17, HVB19-46), per etmaal for each short-stay component (HVB19-29), per day
        of transport (HVB19-40), per period of extra coordination (HVB19-39), P x Q for
        Waalwijk's products (HVB16-74). Example values, marked so in ``tariff.ref``."""
        return funding.price(self.tariffs, self.catalog, allocation, on)

    def settle(self, case: Case, month: Month) -> list[SettlementLine]:
        """The month's lines: the fixed amount per period of each cell on the decision, no
        cure no more pay (HVB19-55), stays and transport on use, Waalwijk P x Q on
        delivered volume; plus the own contribution when the municipality charges it
        (HVB19-60).

        A household whose municipality is not a member in ``month`` raises
        :class:`~sociaaldomein.NoPolicy` (this region pays nothing for it) instead of being
        settled with this region's tariffs."""
        municipality = case.household.municipality
        if not self.is_member(municipality.code, month.first_day):
            raise NoPolicy(
                f"household {case.household.id}: {municipality} is not "
                f"a member of {self.name} in {month}; settle it under its own region's policy "
                "(sociaaldomein.settle routes each household)")
        local = self.local_rules(municipality.code, month.first_day)
        rules = SettlementRules() if local is not None and local.price_quantity else self.settlement_rules
        # provisions outside this purchase are never paid under it (HVB19-06, HVB16-71)
        excluded = self.hvb_catalog.excluded_provision
        lines = settle_case(self, case, month, rules,
                            skip=lambda a: excluded(a.arrangement) is not None)
        contribution = own_contribution_line(case, month, lines, self.own_contribution,
                                             region=self.code)
        return [*lines, contribution] if contribution else lines

    def columns(self, years: Sequence[int]) -> SettlementColumns:
        """The settlement as columns (see :mod:`sociaaldomein_hart_van_brabant.columns`)."""
        from sociaaldomein_hart_van_brabant.columns import compile_columns

        return compile_columns(self, years)

    def settle_region(self, caseload: Caseload, month: Month) -> list[SettlementLine]:
        """No lump sums or shared services in these sources."""
        return []

    # -- Hart van Brabant extras ------------------------------------------------------
    def terms_on(self, on: dt.date, extensions_taken: int = 2) -> ContractTerms:
        """Which contract terms apply on ``on`` (HVB19-66, -68, -69, -84)."""
        return self.calendar.terms_on(on, extensions_taken)

    def provider_join(self, applied_on: dt.date) -> JoinDecision:
        """From when a provider that applies on ``applied_on`` joins (HVB19-72, -73, -84)."""
        return self.calendar.provider_join(applied_on)

    def municipality_join(self, applied_on: dt.date,
                          conditions: frozenset[JoinCondition] = frozenset(JoinCondition),
                          municipality: str | None = None) -> JoinDecision:
        """From when a municipality that meets the conditions on ``applied_on`` takes part
        (HVB19-74). With ``municipality`` (a CBS code), one that already takes part on
        ``applied_on`` (e.g. Tilburg in 2019) is told so instead of being given a later
        date; Waalwijk, or any municipality outside the joint purchase, joins by §6.2."""
        if municipality is not None:
            found = self.participation_of(municipality)
            if found is not None and found.period is not None and found.takes_part(applied_on):
                return JoinDecision(
                    applied_on, found.period.start,
                    f"{found.municipality} already takes part in the joint purchase since "
                    f"{found.period.start.isoformat()}; joining is for municipalities that "
                    "were not in the 2019 tender", REF_MUNICIPALITY_JOIN)
        return self.calendar.municipality_join(applied_on, conditions)

    def system_for(self, registered_on: dt.date, on: dt.date,
                   old_decision_end: dt.date | None = None) -> System:
        """New or old system for a client (HVB19-81, HVB19-82)."""
        return self.calendar.system_for(registered_on, on, old_decision_end)

    def pgb_violations(self, case: Case, allocation: Allocation,
                       on: dt.date) -> list[Violation]:
        """The allocation's pgb amount above the care-in-kind tariff of ``on`` (HVB19-64,
        HVB19-65)."""
        return pgb_violations(case, allocation, self.price(case, allocation, on).tariff)


POLICY = HartVanBrabantPolicy()
"""The Hart van Brabant policy, registered under the entry point ``hart-van-brabant``."""
