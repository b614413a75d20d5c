"""The West-Friesland policy: members, catalogue, tariffs and rules as one frozen object.

Source: *Uitvoeringskader inkoop sociaal domein West-Friesland 2019-2021* (the colleges of
the seven West-Friese gemeenten). Everything is built from the data files in
``parameters/``; :func:`load_policy` reads other files, for a municipality that loads its
real tariffs. What-if analysis is ``attrs.evolve(POLICY, ...)`` or
:meth:`WestFrieslandPolicy.with_trajectory_terms`.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Collection, Sequence
from fractions import Fraction
from pathlib import Path

import attrs

from sociaaldomein import (
    API_VERSION,
    Allocation,
    Arrangement,
    CareEvent,
    Case,
    Caseload,
    Catalog,
    Contract,
    Coordination,
    Due,
    Installment,
    InvalidValue,
    Law,
    Membership,
    MissingTariff,
    Month,
    Municipality,
    MunicipalityDialect,
    ParameterError,
    Period,
    PerPeriod,
    Plan,
    PricedAllocation,
    PriceQuantity,
    RuleDoc,
    Segment,
    SettlementError,
    SettlementLine,
    SettlementRules,
    Source,
    Start,
    Stay,
    StopReason,
    Tariff,
    TariffSchedule,
    Trajectory,
    Unit,
    UnknownCode,
    Violation,
    load_tariffs,
)
from sociaaldomein.model.lines import settle_allocation_month
from sociaaldomein.policy.columns import SettlementColumns
from sociaaldomein_west_friesland.data import (
    PARAMETERS,
    CatalogData,
    CentralFunction,
    RuleParameters,
    load_catalog_data,
    load_members,
    load_rule_parameters,
)
from sociaaldomein_west_friesland.keys import (
    Intensity,
    ProfileArrangement,
    YouthProfile,
    profile_arrangements,
)
from sociaaldomein_west_friesland.ruledocs import RULES
from sociaaldomein_west_friesland.rules import (
    check_acceptance,
    check_access,
    check_arrangement_codes,
    check_contract_years,
    check_deliveries,
    check_end_reasons,
    check_extended_youth_care,
    check_framework_period,
    check_law,
    check_no_effort_declared,
    check_perspectiefplan,
    check_profile_age,
    check_regie,
    check_stacking,
    coordinate,
    profile_of,
)
from sociaaldomein_west_friesland.sources import SOURCE, ref

__all__ = [
    "CONTRACT_YEARS",
    "POLICY",
    "TrajectoryTerms",
    "WestFrieslandPolicy",
    "build_catalog",
    "load_policy",
]

CONTRACT_YEARS = (2019, 2020, 2021)
"""The framework's period, 2019-2021 (§1, WF-01)."""

_UNITS = {"04": Unit.HOUR, "14": Unit.ETMAAL}


def build_catalog(data: CatalogData) -> Catalog:
    """The core catalogue: the 59 profile arrangements of bijlage 1 (WF-89), each in the
    segment ``catalog.toml`` gives its law and intensity, plus the hourly products IB and
    HO (WF-30) and the stays (WF-55). Segments A, B and C (§3.1, WF-07); A holds no
    arrangement, it is outside the framework (WF-08)."""
    names = dict(data.intensity_names)
    segments = tuple(
        Segment(
            s.key, s.name, needs_decision=s.access != "free", description=s.description,
            indicators=("uitval", "clienttevredenheid", "doelrealisatie") if s.in_framework else (),
            ref=ref(s.rules[0], section=s.section),
        )
        for s in data.segments
    )
    arrangements: list[Arrangement] = []
    for key in profile_arrangements():
        if key.law is Law.WMO and key.intensity not in data.wmo_intensities:
            continue  # pragma: no cover - the data lists Duurzaam..Intensief for the Wmo
        if isinstance(key.profile, YouthProfile):
            text = data.youth_profile(key.profile)
            law_name = "Jeugd"
        else:
            text = data.wmo_profile(key.profile)
            law_name = "Wmo"
        choice = data.segment_of(key.law, key.intensity)
        note = f"segment: {choice.note}" + (" (region's reading)" if choice.assumed else "")
        arrangements.append(Arrangement(
            key.code,
            f"{law_name} profiel {key.profile.value} x {names[key.intensity]}: "
            f"{text.target_group}",
            choice.segment, {key.law},
            ref=ref(text.rule, section="bijlage 1", note=note),
        ))
    for product in (*data.hourly, *data.stays):
        arrangements.append(Arrangement(
            product.key, product.name, product.segment, {product.law},
            unit=_UNITS[product.unit], ref=ref(product.rule, section=product.section),
        ))
    return Catalog(arrangements=tuple(arrangements), segments=segments)


@attrs.frozen
class TrajectoryTerms:
    """The region's one construction for trajectory tariffs (§3.6.1, WF-64, WF-65): the
    share paid at the start (the rest at completion) and the end reasons on which the
    completion part is withheld."""

    at_start: Fraction
    withhold_on: frozenset[StopReason]

    def model(self, amount: Trajectory) -> Trajectory:
        return attrs.evolve(
            amount,
            installments=(Installment(self.at_start, Due.START),
                          Installment(1 - self.at_start, Due.COMPLETION)),
            withhold_on=self.withhold_on,
        )


def _terms_of(schedule: TariffSchedule) -> TrajectoryTerms:
    """Check that every trajectory tariff uses the same construction and return it."""
    found: set[tuple[tuple[tuple[Fraction, str], ...], frozenset[StopReason]]] = set()
    for tariff in schedule.tariffs:
        model = tariff.model
        if isinstance(model, Trajectory):
            found.add((tuple((i.share, i.due.value) for i in model.installments),
                       model.withhold_on))
    if len(found) != 1:
        raise ParameterError(
            "all trajectory tariffs must use the same instalments and withholding: the region "
            "chooses one construction (§3.6.1, WF-64)", source=schedule.source_file,
            path="tariff",
        )
    (installments, withhold), = found
    if [due for _, due in installments] != ["start", "completion"]:
        raise ParameterError(
            "a trajectory tariff is paid in two parts, at the start and after completion "
            "(§3.6.1, WF-64)", source=schedule.source_file, path="tariff.installments",
        )
    return TrajectoryTerms(installments[0][0], withhold)


def _years(schedule: TariffSchedule) -> tuple[int, ...]:
    """The framework's years plus any later year the tariff file gives rows or an
    indexation rate for (a municipality may extend the tariffs beyond 2021)."""
    rates = set(schedule.indexation.rates) if schedule.indexation else set()
    years = set(CONTRACT_YEARS) | set(schedule.years) | rates
    return tuple(y for y in sorted(years)
                 if y >= CONTRACT_YEARS[0] and all(schedule.covers(a, y) for a in schedule.arrangements))


def _check_tariff_shape(schedule: TariffSchedule, catalog: Catalog) -> None:
    """Every arrangement has a 2019 tariff; within one profile and one model a higher
    intensity has a higher tariff (§3.6.1, WF-56); profile arrangements are paid per
    trajectory or per month, products per hour, stays per etmaal (WF-57, WF-30, WF-55)."""
    for arrangement in catalog.arrangements:
        if not schedule.covers(arrangement.code, CONTRACT_YEARS[0]):
            raise ParameterError(f"no {CONTRACT_YEARS[0]} tariff for {arrangement.code}",
                                 source=schedule.source_file, path="tariff")
        model = schedule.tariff(arrangement.code, CONTRACT_YEARS[0]).model
        key = profile_of(arrangement.code)
        ok = (isinstance(model, Trajectory | PerPeriod) if key is not None
              else isinstance(model, Stay) if arrangement.unit is Unit.ETMAAL
              else isinstance(model, PriceQuantity) and model.unit is Unit.HOUR)
        if not ok:
            raise ParameterError(
                f"{arrangement.code} may not be funded as {type(model).__name__}",
                source=schedule.source_file, path="tariff",
            )
    for year in _years(schedule):
        by_profile: dict[tuple[str, str], list[tuple[Intensity, int]]] = {}
        for code in (a.code for a in catalog.arrangements):
            key = profile_of(code)
            if key is None:
                continue
            model = schedule.tariff(code, year).model
            assert isinstance(model, Trajectory | PerPeriod)
            group = (f"{key.profile.letter}{key.profile.value:02d}", type(model).__name__)
            by_profile.setdefault(group, []).append((key.intensity, model.amount.amount_cents))
        for (profile, kind), rows in by_profile.items():
            rows.sort(key=lambda r: r[0].rank)
            for (low, a), (high, b) in itertools.pairwise(rows):
                if not a < b:
                    raise ParameterError(
                        f"{year}: profile {profile} ({kind}) has tariff {b} cents for "
                        f"{high.name} not above {a} cents for {low.name}; a higher intensity "
                        "has a higher tariff (§3.6.1, WF-56)",
                        source=schedule.source_file, path="tariff",
                    )


def _care_start(allocation: Allocation, events: tuple[CareEvent, ...]) -> dt.date:
    """The first day of care: the first start event, not before the allocation."""
    starts = [e.date for e in events if isinstance(e, Start)]
    return max(min(starts, default=allocation.period.start), allocation.period.start)


def _memberships(valid_from: dt.date, members: tuple[tuple[Municipality, dt.date], ...]) -> tuple[Membership, ...]:
    return tuple(
        Membership(m, Period.open(max(start, valid_from)), ref("WF-06"),
                   note="CBS gemeentecode; the source names only Hoorn and says 'zeven'")
        for m, start in members
    )


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
    code: str = "west-friesland"
    name: str = "West-Friesland"
    sources: tuple[Source, ...] = (SOURCE,)
    dialects: tuple[MunicipalityDialect, ...] = ()
    rules: tuple[RuleDoc, ...] = RULES
    contract_years: tuple[int, ...] = CONTRACT_YEARS
    settlement_rules: SettlementRules = SettlementRules()

    # -- data ------------------------------------------------------------------------------
    @property
    def trajectory_terms(self) -> TrajectoryTerms:
        """The instalments and withholding all trajectory tariffs share (WF-64, WF-65)."""
        return _terms_of(self.tariffs)

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
        ]

    def validate_region(self, caseload: Caseload, on: dt.date) -> list[Violation]:
        """No region-wide rule: the document sets no budget ceiling or volume."""
        return []

    def price(self, case: Case, allocation: Allocation, on: dt.date) -> PricedAllocation:
        """The tariff of the allocation's arrangement in the contract year of ``on``.

        One fixed tariff per arrangement, the same for every provider (§3.6, WF-51):
        trajectory tariffs (WF-64) and monthly tariffs (WF-57) for the profile
        arrangements, P x Q per hour for IB and HO (WF-30), per etmaal for stays (WF-55).
        The provider of the allocation is the hoofdaannemer and is the one paid;
        onderaannemers are paid by it, never by the municipality (§3.4, WF-13, WF-14).
        """
        arrangement = self.catalog.arrangement(allocation.arrangement)
        tariff: Tariff = self.tariffs.tariff(arrangement.code, on.year)
        model = tariff.model
        if isinstance(model, Trajectory):
            # the split is WF-64; a withheld completion part cites the withholding rule
            return PricedAllocation(tariff, "WF-64", ref("WF-64"), segment=arrangement.segment,
                                    pay_to=allocation.provider, withheld_rule="WF-65",
                                    withheld_ref=ref("WF-65"))
        if isinstance(model, PerPeriod):
            rule, clause = "WF-57", ref("WF-57")
        elif isinstance(model, Stay):
            rule, clause = "WF-55", ref("WF-55")
        else:
            rule, clause = "WF-30", ref("WF-30")
        return PricedAllocation(tariff, rule, clause, segment=arrangement.segment,
                                pay_to=allocation.provider)

    def settle(self, case: Case, month: Month) -> list[SettlementLine]:
        """The lines one household's case earns in ``month``: trajectory instalments (70%
        in the month care starts, 30% in the month it ends, or withheld), monthly tariffs
        pro rata by days, hours x price, etmalen x price. Hours declared on an arrangement
        are not paid: the arrangement earns its tariff (WF-52, WF-58). No part depends on
        goal realisation (no bonus-malus, §3.6.1, WF-61).

        A trajectory is priced on the day its care starts, also in the months of a later
        year (its instalments belong to one tariff); other models on the month's contract
        year. (This loop follows ``sociaaldomein.policy.checks.settle_case`` but does not call it:
        the core prices *every* allocation on its start first, so a monthly Wmo arrangement
        or an hourly product that began before 2019, a year without tariffs, raises
        ``MissingTariff`` in every 2019 month although only the month's tariff is needed;
        here only trajectories are priced on their start.)
        """
        lines: list[SettlementLine] = []
        payer = case.household.municipality.code
        for alloc in case.allocations:
            if alloc.period.start >= month.next().first_day:
                continue
            events = case.events_for(alloc.id)
            if self._is_trajectory(alloc.arrangement):
                day = _care_start(alloc, events)
            else:
                day = min(max(month.first_day, alloc.period.start), alloc.period.last_day)
            try:
                priced = self.price(case, alloc, day)
            except (MissingTariff, UnknownCode) as exc:
                raise SettlementError(
                    f"allocation {alloc.id} of household {case.household.id}: {exc.message}"
                ) from None
            lines.extend(settle_allocation_month(
                alloc, events, month, priced.tariff.model,
                region=self.code, municipality=payer, segment=priced.segment,
                rule=priced.rule, ref=priced.ref, tariff_ref=priced.tariff.ref,
                rules=self.settlement_rules, pay_to=priced.pay_to,
                withheld_rule=priced.withheld_rule, withheld_ref=priced.withheld_ref,
            ))
        return lines

    def _is_trajectory(self, code: str) -> bool:
        try:
            first = self.tariffs.tariff(code, self.contract_years[0])
        except MissingTariff:
            return False
        return isinstance(first.model, Trajectory)

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
    rules: Path | str = PARAMETERS / "rules.toml",
    contracts: tuple[Contract, ...] = (),
) -> WestFrieslandPolicy:
    """Build the policy from data files. A municipality with its real tariffs passes its
    own ``tariffs`` file (the core's format, see ``parameters/tariffs.toml``); loading is
    strict and every error names the file and the key."""
    members_data = load_members(members)
    catalog_data = load_catalog_data(catalog)
    core_catalog = build_catalog(catalog_data)
    schedule = load_tariffs(
        tariffs, region=members_data.code, source=SOURCE, section="§3.6.1 (Tarieven)",
        known_arrangements={a.code for a in core_catalog.arrangements},
        required_years=CONTRACT_YEARS,
    )
    _terms_of(schedule)
    _check_tariff_shape(schedule, core_catalog)
    return WestFrieslandPolicy(
        catalog=core_catalog,
        catalog_data=catalog_data,
        tariffs=schedule,
        members=_memberships(members_data.valid_from, members_data.members),
        central_functions=members_data.central,
        rule_parameters=load_rule_parameters(rules),
        contracts=contracts,
        code=members_data.code,
        name=members_data.name,
        contract_years=_years(schedule),
    )


POLICY = load_policy()
"""West-Friesland as the data files in ``parameters/`` describe it (example tariffs)."""
