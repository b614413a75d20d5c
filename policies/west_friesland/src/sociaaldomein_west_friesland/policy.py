"""The West-Friesland policy: members, catalogue, tariffs and rules as one frozen object.

Source: *Uitvoeringskader inkoop sociaal domein West-Friesland 2019-2021* (the colleges of
the seven West-Friese gemeenten). Everything is built from the data files in
``parameters/``: ``members.toml`` (the seven members and Hoorn's central role),
``catalog.toml`` (:mod:`~sociaaldomein_west_friesland.catalog`), ``tariffs.toml``
(:mod:`~sociaaldomein_west_friesland.funding`), ``validation.toml`` (the region's choices,
:mod:`~sociaaldomein_west_friesland.rules`) and ``rules.toml`` (every rule of the
inventory with its status). :func:`load_policy` reads other files, for a municipality that
loads its real tariffs. What-if analysis is ``attrs.evolve(POLICY, ...)`` or
:meth:`WestFrieslandPolicy.with_trajectory_terms`.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Collection, Sequence
from fractions import Fraction
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
    InvalidValue,
    Membership,
    Month,
    Municipality,
    MunicipalityDialect,
    Plan,
    PricedAllocation,
    RuleDoc,
    SettlementLine,
    SettlementRules,
    Source,
    StopReason,
    TariffSchedule,
    Trajectory,
    Violation,
)
from sociaaldomein.policy.columns import SettlementColumns
from sociaaldomein.policy.members import load_members
from sociaaldomein.policy.parameters import Params, read_toml
from sociaaldomein.policy.rules import load_rules
from sociaaldomein_west_friesland import funding
from sociaaldomein_west_friesland.catalog import CatalogData, build_catalog, load_catalog_data
from sociaaldomein_west_friesland.funding import (
    CONTRACT_YEARS,
    TrajectoryTerms,
    contract_years_of,
    load_tariff_schedule,
    terms_of,
)
from sociaaldomein_west_friesland.profiles import ProfileArrangement, YouthProfile, profile_of
from sociaaldomein_west_friesland.rules import (
    RuleParameters,
    check_acceptance,
    check_access,
    check_arrangement_codes,
    check_contract_years,
    check_deliveries,
    check_end_reasons,
    check_extended_youth_care,
    check_framework_period,
    check_hoofdaannemer,
    check_law,
    check_no_effort_declared,
    check_perspectiefplan,
    check_profile_age,
    check_regie,
    check_stacking,
    check_subcontractors,
    check_target_group,
    coordinate,
    load_rule_parameters,
)
from sociaaldomein_west_friesland.sources import PARAMETERS, REGION, SOURCE, SOURCES

__all__ = [
    "CONTRACT_YEARS",
    "POLICY",
    "CentralFunction",
    "TrajectoryTerms",
    "WestFrieslandPolicy",
    "load_policy",
    "read_members",
]


@attrs.frozen
class CentralFunction:
    """A member acting for the region as contract party for some functions (WF-04)."""

    municipality: Municipality
    functions: tuple[str, ...]
    valid_from: dt.date
    section: str
    rule: str


def _central(params: Params, members: tuple[Membership, ...]) -> tuple[CentralFunction, ...]:
    by_code = {m.municipality.code: m.municipality for m in members}
    out: list[CentralFunction] = []
    for row in params.tables("central_municipality"):
        member = by_code.get(row.text("code"))
        if member is None:
            raise row.error("code", "a central municipality must be a member")
        out.append(CentralFunction(
            member, tuple(row.str_list("functions")), row.date("from"),
            row.text("section"), row.text("rule"),
        ))
        row.done()
    return tuple(out)


def read_members(path: Path | str = PARAMETERS / "members.toml"
                 ) -> tuple[tuple[Membership, ...], tuple[CentralFunction, ...]]:
    """The members (WF-06) and the central municipality's functions (WF-04) of a
    ``members.toml``, read strictly."""
    params = read_toml(path)
    members = load_members(params, region=REGION, sources=SOURCES)
    central = _central(params, members)
    params.done()
    return members, central


@functools.cache
def _rules() -> tuple[RuleDoc, ...]:
    """Every rule of the inventory, WF-01 .. WF-90, with its status (``rules.toml``)."""
    return load_rules(PARAMETERS / "rules.toml", region=REGION, sources=SOURCES)


@attrs.frozen
class WestFrieslandPolicy:
    """The rules of West-Friesland (Uitvoeringskader inkoop sociaal domein 2019-2021).

    ``tariffs`` are example values unless replaced (see :func:`load_policy`);
    ``rule_parameters`` hold the region's choices where the document is open;
    ``contracts`` optionally lists the providers' subscriptions (for the acceptance
    obligation). There are no municipal dialects: every member processes the core
    agreements identically (§4.1, WF-69).
    """

    catalog: Catalog
    catalog_data: CatalogData = attrs.field(eq=False, repr=False)
    tariffs: TariffSchedule = attrs.field(repr=False)
    members: tuple[Membership, ...]
    central_functions: tuple[CentralFunction, ...] = ()
    rule_parameters: RuleParameters = RuleParameters()
    contracts: tuple[Contract, ...] = ()
    api_version: int = API_VERSION
    code: str = REGION
    name: str = "West-Friesland"
    sources: tuple[Source, ...] = (SOURCE,)
    dialects: tuple[MunicipalityDialect, ...] = ()
    rules: tuple[RuleDoc, ...] = attrs.field(factory=_rules, repr=False)
    contract_years: tuple[int, ...] = CONTRACT_YEARS
    settlement_rules: SettlementRules = SettlementRules()

    # -- data ------------------------------------------------------------------------------
    @property
    def trajectory_terms(self) -> TrajectoryTerms:
        """The instalments and withholding all trajectory tariffs share (WF-64, WF-65)."""
        return terms_of(self.tariffs)

    def with_trajectory_terms(self, at_start: Fraction | str,
                              withhold_on: Collection[StopReason | str]) -> WestFrieslandPolicy:
        """The policy with another trajectory construction, e.g. 80/20 or no withholding
        (a what-if; the document leaves the choice to the region, §3.6.1).

        ``at_start`` is exact: a :class:`~fractions.Fraction`, an int or a string such as
        ``"4/5"`` or ``"0.8"``, never a float. ``withhold_on`` holds stop reasons or their
        values (``"client_unilateral"``); anything else is an :class:`InvalidValue`, never
        a reason that silently matches nothing."""
        if isinstance(at_start, float | bool) or not isinstance(at_start, Fraction | int | str):
            raise InvalidValue(
                f"the start share must be exact (a Fraction or a string like '7/10'), got "
                f"{at_start!r}"
            )
        try:
            share = Fraction(at_start)
        except (ValueError, ZeroDivisionError):
            raise InvalidValue(f"the start share {at_start!r} is no fraction") from None
        if not 0 <= share <= 1:
            raise InvalidValue(f"the start share lies between 0 and 1, got {share}")
        reasons: set[StopReason] = set()
        for reason in withhold_on:
            try:
                reasons.add(reason if isinstance(reason, StopReason) else StopReason(reason))
            except ValueError:
                known = ", ".join(r.value for r in StopReason)
                raise InvalidValue(
                    f"unknown end reason {reason!r} to withhold on (one of: {known})"
                ) from None
        terms = TrajectoryTerms(share, frozenset(reasons))
        tariffs = tuple(
            attrs.evolve(t, model=terms.model(t.model)) if isinstance(t.model, Trajectory) else t
            for t in self.tariffs.tariffs
        )
        return attrs.evolve(self, tariffs=attrs.evolve(self.tariffs, tariffs=tariffs))

    def contract_party_for(self, function: str, on: dt.date) -> Municipality | None:
        """The member that contracts ``function`` for the region: Hoorn for beschermd
        wonen, maatschappelijke opvang and vrouwenopvang (§1 fn 1, WF-04)."""
        for central in self.central_functions:
            if function in central.functions and on >= central.valid_from:
                return central.municipality
        return None

    def arrangement_key(self, code: str) -> ProfileArrangement | None:
        """The typed profile x intensity of an arrangement code (None for products)."""
        return profile_of(code)

    # -- the contract ----------------------------------------------------------------------
    def coordination(self, case: Case, plan: Plan, on: dt.date) -> Coordination:
        """Regisseur and coordinator (§2.2 item 2, §3.4; WF-10, WF-12, WF-13)."""
        return coordinate(case, plan, on)

    def validate(self, case: Case, on: dt.date) -> list[Violation]:
        """Every violation of the region's rules in one household's case; see
        :mod:`sociaaldomein_west_friesland.rules` for each rule and its clause."""
        max_ages = {YouthProfile(t.number): t.max_age
                    for t in self.catalog_data.youth_profiles if t.max_age is not None}
        return [
            *check_arrangement_codes(case, self.catalog),
            *check_framework_period(case),
            *check_contract_years(case, self.contract_years),
            *check_law(case, self.catalog),
            *check_extended_youth_care(case, self.catalog),
            *check_profile_age(case, max_ages),
            *check_access(case, self.catalog),
            *check_perspectiefplan(case, self.catalog, self.rule_parameters),
            *check_regie(case, on),
            *check_stacking(case, self.rule_parameters),
            *check_no_effort_declared(case),
            *check_deliveries(case),
            *check_end_reasons(case),
            *check_acceptance(case, self.contracts, self.rule_parameters),
            *check_hoofdaannemer(case),
            *check_subcontractors(case, self.contracts),
            *check_target_group(case),
        ]

    def validate_region(self, caseload: Caseload, years: tuple[int, ...]) -> list[Violation]:
        """No region-wide rule: the document sets no budget ceiling or volume."""
        return []

    def price(self, case: Case, allocation: Allocation, on: dt.date) -> PricedAllocation:
        """The tariff of the allocation's arrangement in the contract year of ``on``; see
        :func:`sociaaldomein_west_friesland.funding.price` (WF-13, WF-14, WF-30, WF-51,
        WF-55, WF-57, WF-64)."""
        return funding.price(self.tariffs, self.catalog, allocation, on)

    def settle(self, case: Case, month: Month) -> list[SettlementLine]:
        """The lines one household's case earns in ``month``; see
        :func:`sociaaldomein_west_friesland.funding.settle` (WF-52, WF-58, WF-61, WF-64,
        WF-65)."""
        return funding.settle(case, month, tariffs=self.tariffs, catalog=self.catalog,
                              region=self.code, rules=self.settlement_rules)

    def columns(self, years: Sequence[int]) -> SettlementColumns:
        """The settlement as columns (see :mod:`sociaaldomein_west_friesland.columns`)."""
        from sociaaldomein_west_friesland.columns import compile_columns

        return compile_columns(self, years)

    def settle_region(self, caseload: Caseload, month: Month) -> list[SettlementLine]:
        """No lump sums or shared services in this framework."""
        return []


def load_policy(
    *,
    tariffs: Path | str = PARAMETERS / "tariffs.toml",
    members: Path | str = PARAMETERS / "members.toml",
    catalog: Path | str = PARAMETERS / "catalog.toml",
    validation: Path | str = PARAMETERS / "validation.toml",
    contracts: tuple[Contract, ...] = (),
) -> WestFrieslandPolicy:
    """Build the policy from data files. A municipality with its real tariffs passes its
    own ``tariffs`` file (the core's format, see ``parameters/tariffs.toml``); loading is
    strict and every error names the file and the key."""
    memberships, central = read_members(members)
    catalog_data = load_catalog_data(catalog)
    core_catalog = build_catalog(catalog_data)
    schedule = load_tariff_schedule(tariffs, core_catalog)
    return WestFrieslandPolicy(
        catalog=core_catalog,
        catalog_data=catalog_data,
        tariffs=schedule,
        members=memberships,
        central_functions=central,
        rule_parameters=load_rule_parameters(validation),
        contracts=contracts,
        contract_years=contract_years_of(schedule),
    )


POLICY = load_policy()
"""West-Friesland as the data files in ``parameters/`` describe it (example tariffs)."""
