"""The H4 policy: Rijswijk, Delft, Westland and Midden-Delfland.

Wires the parts together: members and the rule inventory from ``parameters/`` (read
strictly at construction), the catalog (:mod:`~sociaaldomein_h4.catalog`), validation and
coordination (:mod:`~sociaaldomein_h4.rules`), pricing and settlement
(:mod:`~sociaaldomein_h4.funding`), budgets (:mod:`~sociaaldomein_h4.budgets`) and
contracting (:mod:`~sociaaldomein_h4.contracting`). Everything cites the *Inkoopplan Wmo
Rijswijk 2017* by section and rule id.
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
    Contract,
    Coordination,
    Membership,
    Month,
    MunicipalityDialect,
    Period,
    Plan,
    PricedAllocation,
    PriceQuantity,
    RegionPolicy,
    RuleDoc,
    SettlementError,
    SettlementLine,
    SettlementRules,
    Source,
    Stay,
    TariffSchedule,
    UnknownCode,
    Violation,
)
from sociaaldomein.policy.columns import SettlementColumns
from sociaaldomein.policy.members import load_members
from sociaaldomein.policy.parameters import read_toml
from sociaaldomein.policy.rules import load_rules
from sociaaldomein_h4 import funding, rules
from sociaaldomein_h4.budgets import (
    BudgetTable,
    BudgetUse,
    budget_violations,
    load_budgets,
    use_of_budgets,
)
from sociaaldomein_h4.catalog import (
    ARRANGEMENTS,
    MAATWERK_CODES,
    RIJSWIJK_PROVISIONS,
    H4Arrangement,
    Part,
    Product,
    ProvisionClass,
    build_catalog,
    spec,
)
from sociaaldomein_h4.contracting import (
    CONTRACT_YEARS,
    Admission,
    Application,
    OldContracts,
    PurchasingTrack,
    admit,
    check_contract,
    check_contract_arrangements,
    load_tracks,
)
from sociaaldomein_h4.rules import ACCESS_H4, ACCESS_RIJSWIJK
from sociaaldomein_h4.sources import (
    PARAMETERS,
    REF_LOCAL_INITIATIVES,
    REGION,
    SOURCE,
    SOURCES,
)

__all__ = ["ACCESS_H4", "ACCESS_RIJSWIJK", "POLICY", "RIJSWIJK", "RIJSWIJK_PROVISIONS",
           "H4Policy"]


def _members() -> tuple[Membership, ...]:
    """The four members with their CBS codes from ``members.toml`` (Inleiding, H4-05)."""
    params = read_toml(PARAMETERS / "members.toml")
    members = load_members(params, region=REGION, sources=SOURCES)
    params.done()
    return members


def _rules() -> tuple[RuleDoc, ...]:
    """Every rule id H4-01..H4-98 of the inventory, from ``rules.toml``."""
    return load_rules(PARAMETERS / "rules.toml", region=REGION, sources=SOURCES)


def _budgets() -> BudgetTable:
    return load_budgets(PARAMETERS / "budgets.toml")


def _tracks() -> tuple[PurchasingTrack, ...]:
    return load_tracks(PARAMETERS / "contracts.toml")[0]


def _old_contracts() -> OldContracts:
    return load_tracks(PARAMETERS / "contracts.toml")[1]


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
    code: str = REGION
    name: str = "H4 (Rijswijk, Delft, Westland, Midden-Delfland)"
    sources: tuple[Source, ...] = (SOURCE,)
    members: tuple[Membership, ...] = attrs.field(factory=_members)
    catalog: Catalog = attrs.field(factory=build_catalog)
    dialects: tuple[MunicipalityDialect, ...] = attrs.field(factory=lambda: (RIJSWIJK,))
    rules: tuple[RuleDoc, ...] = attrs.field(factory=_rules)
    contract_years: tuple[int, ...] = CONTRACT_YEARS
    tariffs: TariffSchedule = attrs.field(factory=funding.load_tariff_schedule)
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
                or allocation.pgb or not rules.is_h4_item(allocation)):
            return None
        return item.part

    # -- coordination ------------------------------------------------------------------
    def coordination(self, case: Case, plan: Plan, on: dt.date) -> Coordination:
        """The regisseursmodel (bijlage 3, H4-95): see :func:`sociaaldomein_h4.rules.coordination`."""
        return rules.coordination(plan, self.access_name)

    # -- validation --------------------------------------------------------------------
    def is_member(self, municipality: str, period: Period) -> bool:
        """Whether ``municipality`` (CBS code) is a member of H4 on some day of ``period``
        (Inleiding, H4-05)."""
        return rules.is_member(self.members, municipality, period)

    def validate(self, case: Case, on: dt.date) -> list[Violation]:
        """All H4 rules for one household (see :mod:`sociaaldomein_h4.rules`); a household
        outside the four members is an error (H4-05)."""
        return [*rules.membership_violations(case, on, self.members),
                *rules.validate_case(case, on, self.catalog, self.local_provisions,
                                     allow_other_solutions=self.allow_other_solutions)]

    def validate_region(self, caseload: Caseload, years: tuple[int, ...]) -> list[Violation]:
        """Budgets per municipality in each of ``years`` (h3 §3.2, H4-61): a budget is a
        calendar year's, so every year the caseload touches is judged on its own.

        Outside the contract years there are neither tariffs nor budgets, so nothing is
        checked. A household whose use cannot be computed (it cannot be settled) is an
        error of its own and left out of the totals, so one bad case does not hide the
        others.
        """
        names = {m.municipality.code: m.municipality.name for m in self.members}
        out: list[Violation] = []
        for year in sorted(set(years)):
            if year not in self.contract_years:
                continue
            problems: list[Violation] = []
            uses = use_of_budgets(self.budgets, list(caseload.cases()), year, self.settle,
                                  self.part_of, self._volume_model, errors=problems)
            out.extend([*problems, *budget_violations(uses, names)])
        return out

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
                          if a.part is application.part and a.code in MAATWERK_CODES)
        return admit(self.track(application.part), application, region=self.code,
                     arrangements=codes)

    def check_contract(self, contract: Contract) -> list[Violation]:
        """Household-help contract terms (h3 §3.2, H4-55, H4-57), and (H4-03, H4-10) a
        contract only for tailor-made arrangements H4 buys: an unknown code, or a free
        general or basic provision, is an error."""
        hh = frozenset(a.code for a in ARRANGEMENTS if a.product is Product.HUISHOUDELIJKE_HULP)
        return [*check_contract_arrangements(contract, MAATWERK_CODES),
                *check_contract(contract, self.tracks, self.old_contracts, hh)]

    # -- money -------------------------------------------------------------------------
    def price(self, case: Case, allocation: Allocation, on: dt.date) -> PricedAllocation:
        """The tariff of a tailor-made arrangement in the contract year of ``on``; see
        :func:`sociaaldomein_h4.funding.price` (H4-62, H4-90, H4-03, H4-10)."""
        return funding.price(self.tariffs, self.arrangement(allocation.arrangement),
                             allocation, on)

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
        return funding.settle(self, case, month, self.settlement_rules, self.earns_nothing)

    def earns_nothing(self, allocation: Allocation) -> bool:
        """An allocation this purchase pays nothing for (H4-01, H4-07, H4-10); see
        :func:`sociaaldomein_h4.funding.earns_nothing`."""
        return funding.earns_nothing(allocation, self.arrangement(allocation.arrangement))

    def columns(self, years: Sequence[int]) -> SettlementColumns:
        """The settlement as columns (see :mod:`sociaaldomein_h4.columns`)."""
        from sociaaldomein_h4.columns import compile_columns

        return compile_columns(self, years)

    def settle_region(self, caseload: Caseload, month: Month) -> list[SettlementLine]:
        """H4 pays nothing region-wide: there are no lump sums in this purchase."""
        return []


POLICY = H4Policy()
"""The H4 policy, discovered through the entry point ``h4``."""

