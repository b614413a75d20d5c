"""Providers, contracts, tariff tables per contract year, and indexation.

A contract is between the region's municipalities and a provider: the arrangements the
provider subscribed to, a term with extension options, a contract form (open house, tender,
subsidy) and obligations such as the acceptance duty. Tariffs are kept per contract year in
a :class:`TariffSchedule`; a year without an explicit table is derived by yearly
indexation when the policy has an index rate for it, and is otherwise an error that names
the year and the file.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from decimal import Decimal

import attrs

from sociaaldomein.errors import InvalidValue, MissingTariff
from sociaaldomein.model.funding import (
    FundingModel,
    PerPeriod,
    PriceQuantity,
    Stay,
    Trajectory,
)
from sociaaldomein.model.household import _check_id
from sociaaldomein.model.limits import bounded_decimal
from sociaaldomein.model.money import Money, Rounding
from sociaaldomein.model.periods import Period
from sociaaldomein.model.provenance import Ref
from sociaaldomein.model.typecheck import as_frozenset, as_tuple

__all__ = [
    "Contract",
    "ContractForm",
    "Indexation",
    "Obligation",
    "Provider",
    "Tariff",
    "TariffSchedule",
    "VolumeAgreement",
    "index_model",
]



def _set_of_str(value: Iterable[str]) -> frozenset[str]:
    return as_frozenset(value)


def _tuple_of_period(value: Iterable[Period]) -> tuple[Period, ...]:
    return as_tuple(value)


def _set_of_obligation(value: Iterable[Obligation]) -> frozenset[Obligation]:
    return as_frozenset(value)


def _tuple_of_str(value: Iterable[str]) -> tuple[str, ...]:
    return as_tuple(value)


def _tuple_of_tariff(value: Iterable[Tariff]) -> tuple[Tariff, ...]:
    return as_tuple(value)


@attrs.frozen(order=True)
class Provider:
    """A care provider (*zorgaanbieder*); ``code`` is its AGB code or a local code."""

    code: str = attrs.field(validator=_check_id)
    name: str = attrs.field(order=False)
    agb: str | None = attrs.field(default=None, order=False)
    """The provider's 8-digit AGB code (the Afzender/Ontvanger of its national messages)."""

    @agb.validator
    def _check_agb(self, _attr: object, value: str | None) -> None:
        if value is not None and (not isinstance(value, str) or len(value) != 8
                                  or not (value.isascii() and value.isdigit())):
            raise InvalidValue(f"provider {self.code}: AGB code {value!r:.20} is not 8 digits")


class ContractForm(enum.Enum):
    OPEN_HOUSE = "open_house"
    """*Bestuurlijk aanbesteden / open house*: every provider that qualifies gets a contract."""
    TENDER = "tender"
    """A (SAS or European) tender with selected providers."""
    SUBSIDY = "subsidy"


class Obligation(enum.Enum):
    ACCEPTANCE_DUTY = "acceptance_duty"
    """*Acceptatieplicht*: may not refuse a client for a subscribed arrangement, except on a
    named condition."""
    DELIVERY_DUTY = "delivery_duty"
    """*Leveringsplicht*."""


@attrs.frozen
class VolumeAgreement:
    """A volume agreement with a minimum and a maximum (instead of a budget ceiling)."""

    minimum: Money
    maximum: Money

    def __attrs_post_init__(self) -> None:
        if self.minimum > self.maximum:
            raise InvalidValue(
                f"volume minimum {self.minimum.format_nl()} exceeds maximum "
                f"{self.maximum.format_nl()}"
            )


@attrs.frozen
class Contract:
    """A contract between a region and a provider.

    ``term`` is the initial term; ``extensions`` the option periods that may follow it, in
    order (each starts where the previous ends).
    """

    id: str = attrs.field(validator=_check_id)
    region: str
    provider: Provider
    arrangements: frozenset[str] = attrs.field(converter=_set_of_str)
    term: Period
    form: ContractForm
    extensions: tuple[Period, ...] = attrs.field(converter=_tuple_of_period, default=())
    obligations: frozenset[Obligation] = attrs.field(converter=_set_of_obligation, default=frozenset())
    refusal_conditions: tuple[str, ...] = attrs.field(converter=_tuple_of_str, default=())
    volume: VolumeAgreement | None = None
    ref: Ref | None = None

    @extensions.validator
    def _check_extensions(self, _attr: object, value: tuple[Period, ...]) -> None:
        previous = self.term
        for option in value:
            if option.start != previous.end:
                raise InvalidValue(
                    f"contract {self.id}: extension {option} does not follow {previous}"
                )
            previous = option

    def period(self, extensions_taken: int = 0) -> Period:
        """The contract's whole period with the first ``extensions_taken`` options taken."""
        if not 0 <= extensions_taken <= len(self.extensions):
            raise InvalidValue(
                f"contract {self.id} has {len(self.extensions)} extension options, "
                f"not {extensions_taken}"
            )
        end = self.extensions[extensions_taken - 1].end if extensions_taken else self.term.end
        return Period(self.term.start, end)

    @property
    def longest(self) -> Period:
        return self.period(len(self.extensions))

    def covers(self, arrangement: str, day: dt.date, extensions_taken: int = 0) -> bool:
        return arrangement in self.arrangements and day in self.period(extensions_taken)


def _sorted_rates(rates: Mapping[int, Decimal]) -> dict[int, Decimal]:
    """The rates by year, each bounded before any arithmetic (a percentage written as
    ``"1e-999999999"`` would otherwise take minutes to apply)."""
    if not isinstance(rates, Mapping):
        raise InvalidValue(f"indexation rates are a mapping of year to percentage, got "
                           f"{type(rates).__name__}")
    out: dict[int, Decimal] = {}
    for year, rate in sorted(rates.items()):
        if type(year) is not int:
            raise InvalidValue(f"an indexation year is an integer, got {year!r:.20}")
        out[year] = bounded_decimal(rate, f"the indexation rate of {year}")
    return out


@attrs.frozen
class Indexation:
    """Yearly indexation: the tariff of year *y* is the tariff of *y - 1* times
    ``1 + rate[y] / 100``, rounded to the cent each year (so it compounds exactly as
    published tariff lists do)."""

    rates: Mapping[int, Decimal] = attrs.field(converter=_sorted_rates)
    rounding: Rounding = Rounding.HALF_UP
    ref: Ref | None = None

    def apply(self, amount: Money, from_year: int, to_year: int) -> Money:
        if to_year < from_year:
            raise InvalidValue("indexation runs forward in time only")
        for year in range(from_year + 1, to_year + 1):
            if year not in self.rates:
                raise MissingTariff(f"no index rate for {year}")
            amount = amount.times(1 + self.rates[year] / 100, self.rounding)
        return amount


def index_model(model: FundingModel, factor_from: int, factor_to: int, ix: Indexation) -> FundingModel:
    """The same funding model with its amount indexed from one year to another."""
    if isinstance(model, PerPeriod):
        return attrs.evolve(model, amount=ix.apply(model.amount, factor_from, factor_to))
    if isinstance(model, Trajectory):
        return attrs.evolve(model, amount=ix.apply(model.amount, factor_from, factor_to))
    if isinstance(model, PriceQuantity):
        return attrs.evolve(model, price=ix.apply(model.price, factor_from, factor_to))
    if isinstance(model, Stay):
        return attrs.evolve(
            model, price_per_etmaal=ix.apply(model.price_per_etmaal, factor_from, factor_to)
        )
    return attrs.evolve(
        model, amount_per_year=ix.apply(model.amount_per_year, factor_from, factor_to)
    )


@attrs.frozen
class Tariff:
    """The funding model and amount of one arrangement in one contract year.

    ``ref.example`` is true for an example value no source gives.
    """

    arrangement: str
    year: int
    model: FundingModel
    ref: Ref
    indexed_from: int | None = None

    @property
    def example(self) -> bool:
        return self.ref.example


@attrs.frozen
class TariffSchedule:
    """Tariffs per arrangement per contract year, with optional yearly indexation."""

    region: str
    tariffs: tuple[Tariff, ...] = attrs.field(converter=_tuple_of_tariff)
    indexation: Indexation | None = None
    source_file: str = "tariffs"

    def __attrs_post_init__(self) -> None:
        seen: set[tuple[str, int]] = set()
        for tariff in self.tariffs:
            key = (tariff.arrangement, tariff.year)
            if key in seen:
                raise InvalidValue(
                    f"{self.source_file}: tariff for {tariff.arrangement} in {tariff.year} "
                    "is given twice"
                )
            seen.add(key)

    @property
    def years(self) -> tuple[int, ...]:
        """The contract years with explicit tariffs."""
        return tuple(sorted({t.year for t in self.tariffs}))

    @property
    def arrangements(self) -> frozenset[str]:
        return frozenset(t.arrangement for t in self.tariffs)

    def covers(self, arrangement: str, year: int) -> bool:
        try:
            self.tariff(arrangement, year)
        except MissingTariff:
            return False
        return True

    def tariff(self, arrangement: str, year: int) -> Tariff:
        """The tariff for ``arrangement`` in contract year ``year``.

        When the year has no explicit tariff, the latest earlier one is indexed forward if
        the indexation has a rate for every year in between; otherwise
        :class:`MissingTariff` names the year, arrangement, region and file.
        """
        candidates = [t for t in self.tariffs if t.arrangement == arrangement]
        for tariff in candidates:
            if tariff.year == year:
                return tariff
        earlier = [t for t in candidates if t.year < year]
        if earlier and self.indexation is not None:
            base = max(earlier, key=lambda t: t.year)
            try:
                model = index_model(base.model, base.year, year, self.indexation)
            except MissingTariff:
                pass
            else:
                return Tariff(arrangement, year, model, base.ref, indexed_from=base.year)
        if not candidates:
            raise MissingTariff(
                f"no tariff for arrangement {arrangement!r} in {self.source_file} of {self.region}"
            )
        raise MissingTariff(
            f"tariff for {year} missing for arrangement {arrangement!r} in "
            f"{self.source_file} of {self.region} (years given: "
            f"{', '.join(str(t.year) for t in sorted(candidates, key=lambda t: t.year))}"
            + (f"; index rates for: {', '.join(map(str, self.indexation.rates))}"
               if self.indexation is not None and self.indexation.rates else "")
            + ")"
        )
