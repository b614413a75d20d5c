"""The H4 policy: Rijswijk, Delft, Westland and Midden-Delfland.

Everything here cites the *Inkoopplan Wmo Rijswijk 2017* by section and rule id. The data
(members, example tariffs, budgets, contract terms) lives in ``parameters/*.toml`` and is
read strictly at construction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import cast

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
    MissingTariff,
    Month,
    Municipality,
    MunicipalityDialect,
    Party,
    PartyKind,
    Period,
    Plan,
    PricedAllocation,
    PriceQuantity,
    RegionPolicy,
    RuleDoc,
    SettlementError,
    SettlementLine,
    SettlementRules,
    Severity,
    Source,
    Stay,
    TariffSchedule,
    Trajectory,
    UnknownCode,
    Violation,
    load_tariffs,
)
from sociaaldomein.policy.checks import pricing_day, settle_case
from sociaaldomein.policy.columns import SettlementColumns
from sociaaldomein.policy.parameters import read_toml
from sociaaldomein_h4.budgets import (
    BudgetTable,
    BudgetUse,
    budget_violations,
    load_budgets,
    use_of_budgets,
)
from sociaaldomein_h4.catalog import (
    ARRANGEMENTS,
    H4Arrangement,
    Part,
    Product,
    ProvisionClass,
    build_catalog,
    spec,
)
from sociaaldomein_h4.contracting import (
    Admission,
    Application,
    OldContracts,
    PurchasingTrack,
    admit,
    check_contract,
    load_tracks,
)
from sociaaldomein_h4.rule_docs import RULES
from sociaaldomein_h4.rules import is_h4_item, validate_case
from sociaaldomein_h4.sources import (
    REF_CATALOG_PRODUCTS,
    REF_HH_RESULTS_NOT_HOURS,
    REF_LOCAL_INITIATIVES,
    REF_MEMBERS,
    REF_OUTCOME,
    REF_REGISSEUR,
    SOURCE,
    ref,
)

__all__ = ["ACCESS_H4", "ACCESS_RIJSWIJK", "POLICY", "RIJSWIJK_PROVISIONS", "H4Policy"]

PARAMETERS = Path(__file__).parent / "parameters"

ACCESS_H4 = "Toegang (sociaal wijkteam, kernteam, Wmo loket, Wmo team)"
"""The access as footnote 4 of bijlage 3 names it (H4-92); the list is open (*etc.*)."""
ACCESS_RIJSWIJK = "Sociale Wijkteams en Zorgloket"
"""Rijswijk's access (Inleiding, *Waarom inkoopplan Rijswijk?*, H4-06)."""


def _members() -> tuple[Membership, ...]:
    """The four members with their CBS codes from ``members.toml`` (Inleiding, H4-05)."""
    params = read_toml(PARAMETERS / "members.toml")
    section = params.text("section")
    out: list[Membership] = []
    for entry in params.tables("member"):
        municipality = Municipality(entry.text("code"), entry.text("name"))
        start = entry.date("valid_from")
        until = entry.opt_date("valid_until")
        note = entry.opt_str("note") or ""
        entry.done()
        period = Period(start, until) if until else Period.open(start)
        out.append(Membership(municipality, period, ref(section, "H4-05"), note))
    params.done()
    return tuple(out)


def _tariffs() -> TariffSchedule:
    """Example tariffs (H4-64: the real ones are set by each college); every maatwerk
    arrangement in every contract year."""
    priced = {a.code for a in ARRANGEMENTS if a.provision_class is ProvisionClass.MAATWERK}
    return load_tariffs(
        PARAMETERS / "tariffs.toml", region="h4", source=SOURCE, section="h3 §3.2",
        known_arrangements=priced, required_years=CONTRACT_YEARS,
    )


def _budgets() -> BudgetTable:
    return load_budgets(PARAMETERS / "budgets.toml")


def _tracks() -> tuple[PurchasingTrack, ...]:
    return load_tracks(PARAMETERS / "contracts.toml")[0]


def _old_contracts() -> OldContracts:
    return load_tracks(PARAMETERS / "contracts.toml")[1]


CONTRACT_YEARS = (2017, 2018, 2019, 2020, 2021)
"""2017 is the plan's year; the household-help contracts run to 1 April 2019, with their
option to 1 April 2021 (h3 §3.2, H4-57)."""


RIJSWIJK_PROVISIONS: tuple[H4Arrangement, ...] = (
    H4Arrangement("samen-tegen-eenzaamheid", "Samen tegen eenzaamheid",
                  Product.ALGEMENE_VOORZIENING, ProvisionClass.GENERAL, None,
                  section="bijlage 2", rule="H4-89"),
    H4Arrangement("vrijwilligersacademie", "Vrijwilligersacademie",
                  Product.ALGEMENE_VOORZIENING, ProvisionClass.GENERAL, None,
                  section="bijlage 2", rule="H4-89"),
    H4Arrangement("welzijn-op-recept", "Welzijn op recept",
                  Product.ALGEMENE_VOORZIENING, ProvisionClass.GENERAL, None,
                  section="bijlage 2", rule="H4-89"),
    H4Arrangement("flatcoach", "Flatcoach",
                  Product.ALGEMENE_VOORZIENING, ProvisionClass.GENERAL, None,
                  section="bijlage 2", rule="H4-89"),
    H4Arrangement("was-en-koffie", "Was & Koffie",
                  Product.BASISVOORZIENING, ProvisionClass.BASIC, None,
                  section="bijlage 3", rule="H4-96"),
)
"""Rijswijk's local provisions: the four initiatives of the Wmo transformation (bijlage 2,
H4-89) and Was & Koffie, the document's example of a basic provision (bijlage 3, H4-96)."""


def _apply_rijswijk(policy: RegionPolicy) -> RegionPolicy:
    if not isinstance(policy, H4Policy):
        return policy
    return attrs.evolve(
        policy,
        local_provisions=RIJSWIJK_PROVISIONS,
        catalog=build_catalog(RIJSWIJK_PROVISIONS),
        access_name=ACCESS_RIJSWIJK,
    )


RIJSWIJK = MunicipalityDialect(
    municipality="0603",
    name="Rijswijk",
    description=("Rijswijk's own plan within H4 (Inleiding, H4-04): its access is the Sociale "
                 "Wijkteams and the Zorgloket (H4-06), and its general and basic provisions "
                 "include the four local initiatives of bijlage 2 (H4-89) and Was & Koffie "
                 "(bijlage 3, H4-96)."),
    ref=REF_LOCAL_INITIATIVES,
    period=Period.open(dt.date(2015, 1, 1)),
    apply=_apply_rijswijk,
)

@attrs.frozen
class H4Policy:
    """The H4 region's rules (*Inkoopplan Wmo Rijswijk 2017*).

    ``allow_other_solutions`` (H4-97, an option defaulting to what the document prefers):
    a plan may use general provisions outside the catalog (*minder voor de hand liggende
    oplossingen*). ``local_provisions`` are a dialect's own general and basic provisions;
    ``access_name`` is how the municipality names its access team.
    """

    api_version: int = API_VERSION
    code: str = "h4"
    name: str = "H4 (Rijswijk, Delft, Westland, Midden-Delfland)"
    sources: tuple[Source, ...] = (SOURCE,)
    members: tuple[Membership, ...] = attrs.field(factory=_members)
    catalog: Catalog = attrs.field(factory=build_catalog)
    dialects: tuple[MunicipalityDialect, ...] = attrs.field(factory=lambda: (RIJSWIJK,))
    rules: tuple[RuleDoc, ...] = RULES
    contract_years: tuple[int, ...] = CONTRACT_YEARS
    tariffs: TariffSchedule = attrs.field(factory=_tariffs)
    budgets: BudgetTable = attrs.field(factory=_budgets)
    tracks: tuple[PurchasingTrack, ...] = attrs.field(factory=_tracks)
    old_contracts: OldContracts = attrs.field(factory=_old_contracts)
    settlement_rules: SettlementRules = SettlementRules()
    local_provisions: tuple[H4Arrangement, ...] = ()
    access_name: str = ACCESS_H4
    allow_other_solutions: bool = True

    # -- catalog helpers ---------------------------------------------------------------
    def arrangement(self, code: str) -> H4Arrangement | None:
        """The H4 description (product, level, class) of an arrangement code."""
        return spec(code, self.local_provisions)

    def part_of(self, allocation: Allocation) -> Part | None:
        """The part of the purchase whose budget an allocation's cost counts against:
        tailor-made care in kind only (H4-01, H4-10, H4-61)."""
        item = self.arrangement(allocation.arrangement)
        if (item is None or item.provision_class is not ProvisionClass.MAATWERK
                or allocation.pgb or not is_h4_item(allocation)):
            return None
        return item.part

    # -- coordination ------------------------------------------------------------------
    def coordination(self, case: Case, plan: Plan, on: dt.date) -> Coordination:
        """The regisseursmodel (bijlage 3, H4-95; Inleiding, H4-06; kept by all four
        members, h3 §3.2, H4-53): the client, with relatives, is the regisseur; the access
        supports where needed and is the coordinator unless the plan names one."""
        regisseur = plan.regisseur if plan.regisseur is not None and plan.regisseur.kind in (
            PartyKind.CLIENT, PartyKind.HOUSEHOLD) else Party(PartyKind.CLIENT)
        coordinator = (plan.coordinators[0] if len(plan.coordinators) == 1
                       else Party(PartyKind.ACCESS_TEAM, name=self.access_name))
        return Coordination(
            regisseur, coordinator, REF_REGISSEUR,
            f"the client (with relatives) is regisseur; {self.access_name} supports where "
            "needed",
        )

    # -- validation --------------------------------------------------------------------
    def is_member(self, municipality: str, period: Period) -> bool:
        """Whether ``municipality`` (CBS code) is a member of H4 on some day of ``period``
        (Inleiding, H4-05)."""
        return any(m.municipality.code == municipality and m.period.overlaps(period)
                   for m in self.members)

    def _membership_violations(self, case: Case, on: dt.date) -> list[Violation]:
        code = case.household.municipality.code
        if self.is_member(code, Period(on, on + dt.timedelta(days=1))):
            return []
        members = ", ".join(f"{m.municipality.name} ({m.municipality.code})"
                            for m in self.members)
        return [Violation(
            "H4-05", Severity.ERROR,
            f"household {case.household.id} lives in municipality {code} "
            f"({case.household.municipality.name}), which is not a member of H4 on "
            f"{on.isoformat()}; H4 is {members}",
            f"households[{case.household.id}].municipality", REF_MEMBERS,
        )]

    def validate(self, case: Case, on: dt.date) -> list[Violation]:
        """All H4 rules for one household (see :mod:`sociaaldomein_h4.rules`); a household
        outside the four members is an error (H4-05)."""
        return [*self._membership_violations(case, on),
                *validate_case(case, on, self.catalog, self.local_provisions,
                               allow_other_solutions=self.allow_other_solutions)]

    def validate_region(self, caseload: Caseload, on: dt.date) -> list[Violation]:
        """Budgets per municipality in the year of ``on`` (h3 §3.2, H4-61).

        Outside the contract years there are neither tariffs nor budgets, so nothing is
        checked. A household whose use cannot be computed (it cannot be settled) is an
        error of its own and left out of the totals, so one bad case does not hide the
        others.
        """
        if on.year not in self.contract_years:
            return []
        names = {m.municipality.code: m.municipality.name for m in self.members}
        problems: list[Violation] = []
        uses = use_of_budgets(self.budgets, list(caseload.cases()), on.year, self.settle,
                              self.part_of, self._volume_model, errors=problems)
        return [*problems, *budget_violations(uses, names)]

    def budget_use(self, caseload: Caseload, year: int) -> tuple[BudgetUse, ...]:
        """The use of each member's budget in ``year`` (H4-61): a report, per municipality
        and part, of what the tailor-made allocations in kind cost against the budget. A
        case that cannot be settled raises :class:`SettlementError` naming it."""
        return use_of_budgets(self.budgets, list(caseload.cases()), year, self.settle,
                              self.part_of, self._volume_model)

    def _volume_model(self, case: Case, allocation: Allocation, year: int
                      ) -> PriceQuantity | Stay | None:
        if self.part_of(allocation) is None:
            return None
        model = self.tariffs.tariff(allocation.arrangement, year).model
        return model if isinstance(model, PriceQuantity | Stay) else None

    # -- contracting -------------------------------------------------------------------
    def track(self, part: Part) -> PurchasingTrack:
        for track in self.tracks:
            if track.part is part:
                return track
        raise UnknownCode(f"no purchasing track for {part.value} in contracts.toml of h4")

    def admit(self, application: Application) -> Admission:
        """Open house (H4-56, H4-48): a provider that shows the requirements gets a
        contract for the track's arrangements, also when it joins during the term."""
        codes = frozenset(a.code for a in ARRANGEMENTS
                          if a.part is application.part
                          and a.provision_class is ProvisionClass.MAATWERK)
        return admit(self.track(application.part), application, region=self.code,
                     arrangements=codes)

    def check_contract(self, contract: Contract) -> list[Violation]:
        """Household-help contract terms (h3 §3.2, H4-55, H4-57), and (H4-03, H4-10) a
        contract only for tailor-made arrangements H4 buys: an unknown code, or a free
        general or basic provision, is an error."""
        bought = {a.code for a in ARRANGEMENTS if a.provision_class is ProvisionClass.MAATWERK}
        out = [
            Violation(
                "H4-03", Severity.ERROR,
                f"contract {contract.id} names {code!r}, which is not a tailor-made "
                f"arrangement that h4 buys ({', '.join(sorted(bought))})",
                f"contracts[{contract.id}].arrangements", REF_CATALOG_PRODUCTS,
            )
            for code in sorted(contract.arrangements - bought)
        ]
        hh = frozenset(a.code for a in ARRANGEMENTS if a.product is Product.HUISHOUDELIJKE_HULP)
        return [*out, *check_contract(contract, self.tracks, self.old_contracts, hh)]

    # -- money -------------------------------------------------------------------------
    def price(self, case: Case, allocation: Allocation, on: dt.date) -> PricedAllocation:
        """The tariff of a tailor-made arrangement in the contract year of ``on``.

        Household help is paid per period for its result, not per hour (h3 §3.2, H4-62);
        begeleiding per period too (bijlage 3, H4-90); kortdurend verblijf per etmaal and
        vervoer per ride, as example funding the document leaves open (H4-03). General and
        basic provisions are not bought per client and have no tariff (H4-10).
        """
        item = self.arrangement(allocation.arrangement)
        if item is None:
            raise UnknownCode(
                f"arrangement {allocation.arrangement!r} is not in the h4 catalog "
                "(Inleiding, H4-03)"
            )
        if item.provision_class is not ProvisionClass.MAATWERK:
            raise MissingTariff(
                f"{allocation.arrangement!r} is not a tailor-made provision of h4: general "
                "and basic provisions are not bought per client and have no tariff"
            )
        tariff = self.tariffs.tariff(allocation.arrangement, on.year)
        if item.product is Product.HUISHOUDELIJKE_HULP:
            clause = REF_HH_RESULTS_NOT_HOURS
        elif item.product in (Product.BEGELEIDING_INDIVIDUEEL, Product.BEGELEIDING_GROEP):
            clause = REF_OUTCOME
        else:
            clause = REF_CATALOG_PRODUCTS
        return PricedAllocation(tariff, clause.rule or "", clause, segment=item.provision_class.value)

    def settle(self, case: Case, month: Month) -> list[SettlementLine]:
        """Settlement lines of a household for a month: tailor-made care in kind only.

        A pgb is outside this purchase of *zorg in natura* (Inleiding, H4-01); general and
        basic provisions are not paid per client (H4-10); items under other laws are
        settled there (H4-07).
        """
        month_period = Period(month.first_day, month.next().first_day)
        code = case.household.municipality.code
        if not self.is_member(code, month_period):
            raise SettlementError(
                f"household {case.household.id}: municipality {code} is not a member of h4 "
                f"in {month} (Inleiding, H4-05)"
            )
        return settle_case(cast(RegionPolicy, _PricedInMonth(self, month)), case, month,
                           self.settlement_rules, skip=self.earns_nothing)

    def earns_nothing(self, allocation: Allocation) -> bool:
        """An allocation this purchase pays nothing for: a pgb (H4-01), an item under
        another law (H4-07), or a general or basic provision (H4-10). An arrangement code
        H4 does not know is *not* skipped: settling it is an error naming it."""
        if allocation.pgb or not is_h4_item(allocation):
            return True
        item = self.arrangement(allocation.arrangement)
        return item is not None and item.provision_class is not ProvisionClass.MAATWERK

    def columns(self, years: Sequence[int]) -> SettlementColumns:
        """The settlement as columns (see :mod:`sociaaldomein_h4.columns`)."""
        from sociaaldomein_h4.columns import compile_columns

        return compile_columns(self, years)

    def settle_region(self, caseload: Caseload, month: Month) -> list[SettlementLine]:
        """H4 pays nothing region-wide: there are no lump sums in this purchase."""
        return []


@attrs.frozen
class _PricedInMonth:
    """The H4 policy as :func:`sociaaldomein.policy.checks.settle_case` sees it for one month.

    Works around the core: ``settle_case`` first prices every allocation on its start
    (which only trajectories need) and gives up when that fails, so an allocation that
    started before the first contract year (a 2016 indication running into 2017) could
    not be settled in any month. Here, when the tariff of the start is missing, the
    allocation is priced on the month's own pricing day instead, unless its tariff is a
    trajectory (whose installments belong to its start).
    """

    policy: H4Policy
    month: Month

    @property
    def code(self) -> str:
        return self.policy.code

    def price(self, case: Case, allocation: Allocation, on: dt.date) -> PricedAllocation:
        try:
            return self.policy.price(case, allocation, on)
        except MissingTariff:
            day = pricing_day(allocation, self.month)
            if on >= day:
                raise
            priced = self.policy.price(case, allocation, day)
            if isinstance(priced.tariff.model, Trajectory):
                raise
            return priced


POLICY = H4Policy()
"""The H4 policy, discovered through the entry point ``h4``."""

