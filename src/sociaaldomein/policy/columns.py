"""The columnar side of the plugin contract: what a policy hands the columnar engine.

The object engine asks a policy, household by household and month by month, what an
allocation costs (:meth:`RegionPolicy.price`) and what a case earns
(:meth:`RegionPolicy.settle`). The columnar engine (:mod:`sociaaldomein.settle.columns`)
settles millions of allocation-months at once, so a policy states the same things ahead,
as data (:meth:`RegionPolicy.columns`):

* its **pricing as a table** (:class:`TariffRow`): per arrangement and contract year the
  funding model with its amount, billing period, proration and rounding (indexation
  already applied), the rule id and clause that price it, the segment, who pays (the
  municipality of residence or a central municipality) and the rule that withholds a
  trajectory's completion installment;
* its **settlement rules as parameters** of the core's vectorised steps
  (:class:`~sociaaldomein.SettlementRules`: *no cure, no more pay*, completion at the
  allocation's end; which allocations earn nothing: personal budgets, flagged items; the
  own contribution per household per month, :class:`OwnContributionRule`);
* a **declared per-household fallback** (:class:`Fallback`) for what it cannot state as
  columns: the engine settles those households through :meth:`RegionPolicy.settle` (the
  object path), never drops them;
* its **region lines** (lump sums split by a distribution key, shared services), a
  function of the month that the engine calls once per region and month.

Nothing here needs polars: a policy builds plain frozen objects; the engine turns them
into columns. :func:`tariff_rows` builds the table by asking the policy's own ``price``
per arrangement and year, so the columns price exactly as the object path does.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Sequence
from typing import Protocol

import attrs

from sociaaldomein.errors import InvalidValue, MissingTariff, UnknownCode
from sociaaldomein.model.caseload import Allocation, Case
from sociaaldomein.model.contract import Tariff
from sociaaldomein.model.funding import FundingModel
from sociaaldomein.model.household import Household, Municipality, Person
from sociaaldomein.model.lines import SettlementLine, SettlementRules
from sociaaldomein.model.money import Money
from sociaaldomein.model.periods import Month, Period
from sociaaldomein.model.provenance import Ref


class _Priced(Protocol):
    """What :meth:`RegionPolicy.price` returns, as far as the table needs it."""

    @property
    def tariff(self) -> Tariff: ...
    @property
    def rule(self) -> str: ...
    @property
    def ref(self) -> Ref: ...
    @property
    def segment(self) -> str | None: ...
    @property
    def pay_to(self) -> str | None: ...
    @property
    def withheld_rule(self) -> str | None: ...
    @property
    def withheld_ref(self) -> Ref | None: ...


class Pricing(Protocol):
    """The part of a :class:`~sociaaldomein.RegionPolicy` :func:`tariff_rows` asks."""

    @property
    def code(self) -> str: ...

    def price(self, case: Case, allocation: Allocation, on: dt.date) -> _Priced: ...

__all__ = [
    "ContributionKind",
    "Fallback",
    "OwnContributionRule",
    "SettlementColumns",
    "TariffRow",
    "tariff_rows",
]


def _codes(value: Iterable[str]) -> frozenset[str]:
    return frozenset(value)


def _codes_or_none(value: Iterable[str] | None) -> frozenset[str] | None:
    return None if value is None else frozenset(value)


@attrs.frozen
class TariffRow:
    """What one arrangement costs in one contract year, and by which rule.

    ``model`` is the funding model with indexation applied; ``None`` means the arrangement
    earns nothing per client (a general provision, a lump-sum segment's budget is a
    :class:`~sociaaldomein.LumpSum`). ``payer`` is a municipality that pays instead of the
    client's municipality of residence (a central municipality), with ``payer_ref`` its
    clause. ``withheld_rule``/``withheld_ref`` are cited on a withheld installment.
    """

    arrangement: str
    year: int
    model: FundingModel | None
    rule: str
    ref: Ref
    tariff_ref: Ref | None = None
    segment: str | None = None
    payer: str | None = None
    payer_ref: Ref | None = None
    withheld_rule: str | None = None
    withheld_ref: Ref | None = None


class ContributionKind(enum.Enum):
    """The national shapes of the Wmo own contribution the core settles in columns."""

    CAPPED_AT_COST = "capped_at_cost"
    """The national maximum for the month, at most what the municipality pays for the
    household's support that month (the cost price), at most a municipal lower amount."""
    SUBSCRIPTION = "subscription"
    """The subscription tariff once per household per month in which someone in it
    receives a Wmo service that counts (client of age at the allocation's start, not
    extended youth care, care running on at least one day of the month) and is not exempt
    (a provision outside the tariff; a client under 18 on the month's first day, except for
    a home adaptation), at most the cost of the household's maatwerk that month (the
    national cost cap). Exemptions that need the household's composition (a partner below
    the AOW age) or a Wlz contribution are not columns: the engine settles households
    with partners or a Wlz contribution through the object path."""


@attrs.frozen
class OwnContributionRule:
    """How a policy charges the own contribution, as parameters of the core's step.

    ``arrangements`` (subscription) are the Wmo arrangements that count; ``fixed_amount``
    replaces the national maximum of the month; ``lowered_to`` (capped at cost) is a
    municipal lower maximum. Lines name ``collector`` as counterparty.
    """

    kind: ContributionKind
    rule: str
    ref: Ref
    collector: str = "CAK"
    arrangements: frozenset[str] = attrs.field(converter=_codes, default=frozenset())
    """Subscription: the Wmo arrangements whose use counts."""
    outside: frozenset[str] = attrs.field(converter=_codes, default=frozenset())
    """Subscription: arrangements whose use is always exempt (beschermd wonen, opvang,
    a wheelchair)."""
    home_adaptation: frozenset[str] = attrs.field(converter=_codes, default=frozenset())
    """Subscription: home adaptations (charged for a client under 18 too)."""
    maatwerk: frozenset[str] | None = attrs.field(converter=_codes_or_none, default=None)
    """Subscription: the arrangements whose cost caps the contribution (maatwerk and home
    adaptations); ``None``: no cost cap."""
    fixed_amount: Money | None = None
    fixed_ref: Ref | None = None
    lowered_to: Money | None = None


@attrs.frozen
class Fallback:
    """Households the columns cannot settle, declared: the engine settles them through the
    object path (:meth:`RegionPolicy.settle`), every month they are this policy's.

    A household falls back when one of its allocations has an arrangement in
    ``arrangements`` or a flag in ``flags``, or always with ``every_household``.
    ``reason`` and ``ref`` say why (they are reported with the engine's figures).
    """

    reason: str
    ref: Ref
    arrangements: frozenset[str] = attrs.field(converter=_codes, default=frozenset())
    flags: frozenset[str] = attrs.field(converter=_codes, default=frozenset())
    every_household: bool = False
    household_facts: bool = False
    """Households with partners or a Wlz contribution on record (facts the columns do not
    carry) fall back."""


def _tuple_of_rows(value: Iterable[TariffRow]) -> tuple[TariffRow, ...]:
    return tuple(value)


def _tuple_of_fallbacks(value: Iterable[Fallback]) -> tuple[Fallback, ...]:
    return tuple(value)


RegionLines = Callable[[Month], Sequence[SettlementLine]]


def _no_region_lines(_month: Month) -> Sequence[SettlementLine]:
    return ()


@attrs.frozen
class SettlementColumns:
    """A policy's settlement stated as data for the columnar engine.

    * ``tariffs``: the pricing table, one row per arrangement and contract year (at most
      one per pair);
    * ``rules``: the :class:`~sociaaldomein.SettlementRules` the vectorised steps apply
      (no cure no more pay, completion at the allocation's end);
    * ``trajectory_on_start``: a trajectory is priced on the contract year of its care
      start (its installments belong to one tariff), other models on the month's; false:
      every model on the month's contract year;
    * ``skip_pgb``/``skip_flags``: allocations that earn nothing here (a personal budget
      paid elsewhere, an item flagged as under another law);
    * ``own_contribution``: the household's own contribution per month, or ``None``;
    * ``fallbacks``: households settled through the object path, declared;
    * ``region_lines``: the lines of a month that belong to no household.
    """

    region: str
    tariffs: tuple[TariffRow, ...] = attrs.field(converter=_tuple_of_rows)
    rules: SettlementRules = SettlementRules()
    trajectory_on_start: bool = True
    skip_pgb: bool = False
    skip_flags: frozenset[str] = attrs.field(converter=_codes, default=frozenset())
    own_contribution: OwnContributionRule | None = None
    fallbacks: tuple[Fallback, ...] = attrs.field(converter=_tuple_of_fallbacks, default=())
    region_lines: RegionLines = attrs.field(default=_no_region_lines, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        seen: set[tuple[str, int]] = set()
        for row in self.tariffs:
            key = (row.arrangement, row.year)
            if key in seen:
                raise InvalidValue(f"columns of {self.region}: two tariff rows for "
                                   f"{row.arrangement} in {row.year}")
            seen.add(key)

    def row(self, arrangement: str, year: int) -> TariffRow | None:
        for row in self.tariffs:
            if row.arrangement == arrangement and row.year == year:
                return row
        return None


_PROBE_MUNICIPALITY = Municipality("0000", "probe")


def tariff_rows(
    policy: Pricing, arrangements: Iterable[str], years: Iterable[int], *,
    municipality: str | None = None,
    payer: Callable[[str], tuple[str, Ref] | None] | None = None,
) -> list[TariffRow]:
    """The pricing table of ``policy``, built by asking its own ``price`` for each
    arrangement on 1 July of each year (a probe allocation of an adult client at provider
    ``probe``), so columns and objects price alike. An arrangement the policy cannot price
    in a year (no tariff, not bought) has no row: the engine refuses an allocation that
    needs it, as the object path does. ``payer`` maps an arrangement to a central payer."""
    out: list[TariffRow] = []
    where = Municipality(municipality, "probe") if municipality else _PROBE_MUNICIPALITY
    person = Person("probe-client", dt.date(1970, 1, 1))
    household = Household("probe-household", where, (person,))
    for year in sorted(set(years)):
        day = dt.date(year, 7, 1)
        for code in sorted(set(arrangements)):
            allocation = Allocation("probe-allocation", household.id, person.id, code, "probe",
                                    Period(dt.date(year, 1, 1), dt.date(year + 1, 1, 1)))
            case = Case(household, (), (allocation,), ())
            try:
                priced = policy.price(case, allocation, day)
            except (MissingTariff, UnknownCode):
                continue
            if priced.pay_to not in (None, "probe"):
                raise InvalidValue(f"columns of {policy.code}: {code} is paid to "
                                   f"{priced.pay_to}, not to the allocation's provider; "
                                   "declare a fallback for it")
            central = payer(code) if payer is not None else None
            out.append(TariffRow(
                code, year, priced.tariff.model, priced.rule, priced.ref,
                tariff_ref=priced.tariff.ref, segment=priced.segment,
                payer=central[0] if central else None, payer_ref=central[1] if central else None,
                withheld_rule=priced.withheld_rule, withheld_ref=priced.withheld_ref,
            ))
    return out
