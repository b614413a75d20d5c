"""How West-Friesland pays: one fixed tariff per arrangement, per trajectory or per month,
hourly products P x Q and stays per etmaal, and the region's trajectory construction.

Source: *Uitvoeringskader inkoop sociaal domein West-Friesland 2019-2021*, §3.6 and §3.6.1.
The tariffs are the core's format in ``parameters/tariffs.toml`` (example values: the
document gives no amounts, WF-16); a municipality loads its real tariffs through
:func:`sociaaldomein_west_friesland.load_policy`.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import attrs

from sociaaldomein import (
    Allocation,
    CareEvent,
    Case,
    Catalog,
    Due,
    Installment,
    InvalidValue,
    MissingTariff,
    Money,
    Month,
    ParameterError,
    PerPeriod,
    PricedAllocation,
    PriceQuantity,
    Rounding,
    SettlementError,
    SettlementLine,
    SettlementRules,
    Start,
    Stay,
    StopReason,
    Tariff,
    TariffSchedule,
    Trajectory,
    Unit,
    UnknownCode,
)
from sociaaldomein.model.lines import settle_allocation_month
from sociaaldomein.policy.tariffs import load_tariffs
from sociaaldomein_west_friesland.profiles import Intensity, profile_of
from sociaaldomein_west_friesland.sources import REGION, SOURCE, ref

__all__ = [
    "CONTRACT_YEARS",
    "TrajectoryTerms",
    "check_tariff_shape",
    "contract_years_of",
    "load_tariff_schedule",
    "price",
    "settle",
    "sroi_commitment",
    "terms_of",
]

CONTRACT_YEARS = (2019, 2020, 2021)
"""The framework's period, 2019-2021 (§1, WF-01)."""


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


def terms_of(schedule: TariffSchedule) -> TrajectoryTerms:
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


def contract_years_of(schedule: TariffSchedule) -> tuple[int, ...]:
    """The framework's years plus any later year the tariff file gives rows or an
    indexation rate for (a municipality may extend the tariffs beyond 2021)."""
    rates = set(schedule.indexation.rates) if schedule.indexation else set()
    years = set(CONTRACT_YEARS) | set(schedule.years) | rates
    return tuple(y for y in sorted(years)
                 if y >= CONTRACT_YEARS[0] and all(schedule.covers(a, y) for a in schedule.arrangements))


def check_tariff_shape(schedule: TariffSchedule, catalog: Catalog) -> None:
    """Every arrangement has a 2019 tariff; within one profile and one model a higher
    intensity has a higher tariff (§3.6.1, WF-56); profile arrangements are paid per
    trajectory or per month, products per hour, stays per etmaal (WF-57, WF-30, WF-55).
    The model is chosen per arrangement in the tariff file, not fixed per law (§2.2 item 6,
    WF-15), and the profile arrangements are funded result-steered, never per unit of
    effort (§3.6, WF-50)."""
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
    for year in contract_years_of(schedule):
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


def load_tariff_schedule(path: Path | str, catalog: Catalog, *,
                         region: str = REGION) -> TariffSchedule:
    """Read a tariff file strictly (the core's format) and check it fits the region: one
    trajectory construction (WF-64) and the models and ordering of :func:`check_tariff_shape`."""
    schedule = load_tariffs(
        path, region=region, source=SOURCE, section="§3.6.1 (Tarieven)",
        known_arrangements={a.code for a in catalog.arrangements},
        required_years=CONTRACT_YEARS, covers={a.code for a in catalog.arrangements},
    )
    terms_of(schedule)
    check_tariff_shape(schedule, catalog)
    return schedule


def price(tariffs: TariffSchedule, catalog: Catalog, allocation: Allocation,
          on: dt.date) -> PricedAllocation:
    """The tariff of the allocation's arrangement in the contract year of ``on``.

    One fixed tariff per arrangement, the same for every provider (§3.6, WF-51):
    trajectory tariffs (WF-64) and monthly tariffs (WF-57) for the profile
    arrangements, P x Q per hour for IB and HO (WF-30), per etmaal for stays (WF-55).
    The provider of the allocation is the hoofdaannemer and is the one paid;
    onderaannemers (``Allocation.subcontractors``) are paid by it, never by the
    municipality (§3.4, WF-13, WF-14).
    """
    arrangement = catalog.arrangement(allocation.arrangement)
    tariff: Tariff = tariffs.tariff(arrangement.code, on.year)
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


def _care_start(allocation: Allocation, events: tuple[CareEvent, ...]) -> dt.date:
    """The first day of care: the first start event, not before the allocation."""
    starts = [e.date for e in events if isinstance(e, Start)]
    return max(min(starts, default=allocation.period.start), allocation.period.start)


def _is_trajectory(tariffs: TariffSchedule, code: str) -> bool:
    try:
        first = tariffs.tariff(code, CONTRACT_YEARS[0])
    except MissingTariff:
        return False
    return isinstance(first.model, Trajectory)


def settle(case: Case, month: Month, *, tariffs: TariffSchedule, catalog: Catalog,
           region: str = REGION, rules: SettlementRules | None = None) -> list[SettlementLine]:
    """The lines one household's case earns in ``month``: trajectory instalments (70%
    in the month care starts, 30% in the month it ends, or withheld), monthly tariffs
    pro rata by days, hours x price, etmalen x price. Hours declared on an arrangement
    are not paid: the arrangement earns its tariff (WF-52, WF-58). No part depends on
    goal realisation: evaluations never change an amount (no bonus-malus, §3.6.1, WF-61).

    A trajectory is priced on the day its care starts, also in the months of a later
    year (its instalments belong to one tariff); other models on the month's contract
    year. (This loop follows ``sociaaldomein.policy.checks.settle_case`` but does not call it:
    the core prices *every* allocation on its start first, so a monthly Wmo arrangement
    or an hourly product that began before 2019, a year without tariffs, raises
    ``MissingTariff`` in every 2019 month although only the month's tariff is needed;
    here only trajectories are priced on their start.)
    """
    rules = rules if rules is not None else SettlementRules()
    lines: list[SettlementLine] = []
    payer = case.household.municipality.code
    for alloc in case.allocations:
        if alloc.period.start >= month.next().first_day:
            continue
        events = case.events_for(alloc.id)
        if _is_trajectory(tariffs, alloc.arrangement):
            day = _care_start(alloc, events)
        else:
            day = min(max(month.first_day, alloc.period.start), alloc.period.last_day)
        try:
            priced = price(tariffs, catalog, alloc, day)
        except (MissingTariff, UnknownCode) as exc:
            raise SettlementError(
                f"allocation {alloc.id} of household {case.household.id}: {exc.message}"
            ) from None
        lines.extend(settle_allocation_month(
            alloc, events, month, priced.tariff.model,
            region=region, municipality=payer, segment=priced.segment,
            rule=priced.rule, ref=priced.ref, tariff_ref=priced.tariff.ref,
            rules=rules, pay_to=priced.pay_to,
            withheld_rule=priced.withheld_rule, withheld_ref=priced.withheld_ref,
        ))
    return lines


def sroi_commitment(contract_value: Money, percentage: Decimal | int,
                    rounding: Rounding = Rounding.HALF_UP) -> Money:
    """Social return on investment (§2.2 item 10, WF-20): by tendering, a contractor
    commits to spend ``percentage`` of the contract value (*opdrachtwaarde*) on placing
    people far from the labour market. The percentage is set per tender (it depends on,
    e.g., the ratio of wages to contract sum) and the document gives none, so it is an
    argument without default. The amount is rounded to whole cents (``rounding``)."""
    if isinstance(percentage, bool) or not isinstance(percentage, Decimal | int):
        raise InvalidValue(f"SROI percentage must be a Decimal or an int, got {percentage!r}")
    if not Decimal(0) <= Decimal(percentage) <= Decimal(100):
        raise InvalidValue(f"SROI percentage must be between 0 and 100, got {percentage}")
    if contract_value < Money.zero():
        raise InvalidValue(f"contract value must not be negative, got {contract_value}")
    return contract_value.times(Fraction(Decimal(percentage)) / 100, rounding)
