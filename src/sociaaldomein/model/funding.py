"""Funding models: a closed union the core knows how to settle.

* :class:`PerPeriod` - a fixed amount per period (month, four weeks, year), for lasting
  support; result funding per period (*resultaatfinanciering*).
* :class:`Trajectory` - one amount for a trajectory, paid in installments (for example 70%
  at the start and 30% at completion), with conditions under which a later installment is
  withheld.
* :class:`PriceQuantity` - effort-based price x quantity per unit (*inspanningsgericht*,
  P x Q), in the units of the iStandaarden code list *Eenheid*.
* :class:`Stay` - a stay paid per 24 hours (*etmaal*) on actual use.
* :class:`LumpSum` - a task-based budget per provider per year, paid in terms
  (*taakgerichte bekostiging*).

Each model is frozen data with an exact rule for what it pays; the settlement engine in
:mod:`sociaaldomein.model.lines` applies them month by month.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from typing import Union

import attrs

from sociaaldomein.errors import InvalidValue
from sociaaldomein.model.catalog import Unit
from sociaaldomein.model.limits import bounded_fraction
from sociaaldomein.model.money import Money, Rounding
from sociaaldomein.model.typecheck import as_frozenset, as_tuple

__all__ = [
    "BillingPeriod",
    "Due",
    "FundingModel",
    "Installment",
    "LumpSum",
    "PerPeriod",
    "PriceQuantity",
    "Proration",
    "Stay",
    "StopReason",
    "Trajectory",
    "funding_kind",
]


class StopReason(enum.Enum):
    """Why care stopped. Maps onto the five drop-out categories (WF §3.5.1, *uitval*)."""

    COMPLETED = "completed"
    """Ended according to plan (*volgens plan beëindigd*)."""
    BY_AGREEMENT = "by_agreement"
    """Ended early by agreement of client and provider."""
    CLIENT_UNILATERAL = "client_unilateral"
    """Ended early, unilaterally by the client."""
    PROVIDER_UNILATERAL = "provider_unilateral"
    """Ended early, unilaterally by the provider."""
    MOVED = "moved"
    """The client moved out of the municipality (external circumstance)."""
    DECEASED = "deceased"
    """The client died (external circumstance)."""
    EXTERNAL = "external"
    """Another external circumstance (e.g. admission under the Wlz)."""
    NO_RESULT = "no_result"
    """Stopped because the support does not contribute to the result (HvB no cure, no more
    pay): early by agreement."""
    CHANGED = "changed"
    """Replaced by another arrangement (a new profile or intensity): by agreement."""

    @property
    def dropout_category(self) -> str:
        """One of the five categories: ``according_to_plan``, ``early_by_agreement``,
        ``early_client``, ``early_provider``, ``early_external``."""
        return {
            StopReason.COMPLETED: "according_to_plan",
            StopReason.BY_AGREEMENT: "early_by_agreement",
            StopReason.NO_RESULT: "early_by_agreement",
            StopReason.CHANGED: "early_by_agreement",
            StopReason.CLIENT_UNILATERAL: "early_client",
            StopReason.PROVIDER_UNILATERAL: "early_provider",
            StopReason.MOVED: "early_external",
            StopReason.DECEASED: "early_external",
            StopReason.EXTERNAL: "early_external",
        }[self]


DROPOUT_CATEGORIES = (
    "according_to_plan",
    "early_by_agreement",
    "early_client",
    "early_provider",
    "early_external",
)


class BillingPeriod(enum.Enum):
    """The period a :class:`PerPeriod` amount is for."""

    MONTH = "month"
    FOUR_WEEKS = "four_weeks"
    WEEK = "week"
    YEAR = "year"


class Proration(enum.Enum):
    """How a per-period amount is paid for a month the care runs only part of.

    Settlement is by calendar month; the policy names one of these, there is no default.
    """

    BY_DAYS = "by_days"
    """Pro rata: the monthly amount x days in care / days in the month (a four-week
    amount: x days / 28; a yearly amount: x days / days in the year)."""
    WHOLE_MONTH = "whole_month"
    """Any day in care in a month earns the whole month."""
    FULL_MONTHS_ONLY = "full_months_only"
    """Only months in care from the first to the last day are paid."""


def _non_negative(_inst: object, attribute: attrs.Attribute[Money], value: Money) -> None:
    if not isinstance(value, Money):
        raise InvalidValue(f"{attribute.name} must be Money, got {type(value).__name__}")
    if value.amount_cents < 0:
        raise InvalidValue(f"{attribute.name} must not be negative, got {value.format_nl()}")



def _tuple_of_installment(value: Iterable[Installment]) -> tuple[Installment, ...]:
    return as_tuple(value)


def _set_of_stopreason(value: Iterable[StopReason]) -> frozenset[StopReason]:
    return as_frozenset(value)


@attrs.frozen
class PerPeriod:
    """A fixed amount per period for as long as the care runs."""

    amount: Money = attrs.field(validator=_non_negative)
    period: BillingPeriod = BillingPeriod.MONTH
    proration: Proration = Proration.BY_DAYS
    rounding: Rounding = Rounding.HALF_UP

    def for_days(self, days: int, days_in_month: int, days_in_year: int) -> Money:
        """The amount for ``days`` days in care in a month of ``days_in_month`` days."""
        if days <= 0:
            return Money.zero()
        if self.proration is Proration.WHOLE_MONTH:
            share = Fraction(1)
        elif self.proration is Proration.FULL_MONTHS_ONLY:
            share = Fraction(1) if days >= days_in_month else Fraction(0)
        else:
            share = Fraction(days, days_in_month)
        if self.period is BillingPeriod.MONTH:
            return self.amount.times(share, self.rounding)
        if self.period is BillingPeriod.FOUR_WEEKS:
            counted = days_in_month * share
            return self.amount.times(counted / 28, self.rounding)
        if self.period is BillingPeriod.WEEK:
            counted = days_in_month * share
            return self.amount.times(counted / 7, self.rounding)
        counted = days_in_month * share
        return self.amount.times(counted / days_in_year, self.rounding)


class Due(enum.Enum):
    """When a trajectory installment falls due."""

    START = "start"
    COMPLETION = "completion"


def _share(value: object) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, Fraction | int | Decimal | str):
        raise InvalidValue(f"a share must be a Fraction, Decimal or string, got {value!r:.40}")
    try:
        share = bounded_fraction(value, "a share")  # bounded before any arithmetic
    except InvalidValue as exc:
        raise InvalidValue(f"{exc.message}; write a share as e.g. \"7/10\" or \"0.7\"") from None
    if not 0 <= share <= 1:
        raise InvalidValue(f"a share must lie between 0 and 1, got {share}")
    return share


@attrs.frozen
class Installment:
    """A share of a trajectory tariff and when it falls due."""

    share: Fraction = attrs.field(converter=_share)
    due: Due


def _check_installments(inst: Trajectory, _attr: object, value: tuple[Installment, ...]) -> None:
    if not value:
        raise InvalidValue("a trajectory needs at least one installment")
    if sum((i.share for i in value), Fraction(0)) != 1:
        raise InvalidValue(
            "the installments of a trajectory must add up to the whole tariff, got "
            + " + ".join(str(i.share) for i in value)
        )


@attrs.frozen
class Trajectory:
    """One amount for a whole trajectory, paid in installments.

    ``withhold_on``: stop reasons for which the installments due at completion are
    withheld (for example the client ending early and unilaterally, a move, a death).
    """

    amount: Money = attrs.field(validator=_non_negative)
    installments: tuple[Installment, ...] = attrs.field(
        converter=_tuple_of_installment, validator=_check_installments
    )
    withhold_on: frozenset[StopReason] = attrs.field(converter=_set_of_stopreason, default=frozenset())

    def installment_amounts(self) -> tuple[Money, ...]:
        """The amount of each installment; they add up to ``amount`` to the cent."""
        return self.amount.allocate([i.share for i in self.installments])

    def due_at_start(self) -> Money:
        return sum(
            (a for a, i in zip(self.installment_amounts(), self.installments, strict=True)
             if i.due is Due.START),
            Money.zero(),
        )

    def due_at_completion(self) -> Money:
        return self.amount - self.due_at_start()

    def paid_and_withheld(self, reason: StopReason) -> tuple[Money, Money]:
        """What is paid in all and what is withheld when the trajectory ends for ``reason``.

        The two always add up to ``amount``.
        """
        if reason in self.withhold_on:
            return self.due_at_start(), self.due_at_completion()
        return self.amount, Money.zero()


@attrs.frozen
class PriceQuantity:
    """Effort-based funding: price per unit x delivered quantity.

    ``budget_max`` optionally caps what one allocation can earn in a calendar year.
    """

    price: Money = attrs.field(validator=_non_negative)
    unit: Unit
    rounding: Rounding = Rounding.HALF_UP
    budget_max: Money | None = None


@attrs.frozen
class Stay:
    """A stay paid per 24 hours (*verblijf per etmaal*) on actual use."""

    price_per_etmaal: Money = attrs.field(validator=_non_negative)


@attrs.frozen
class LumpSum:
    """A task-based budget per provider (or area) per year, paid in ``terms`` equal terms
    (12: monthly). The terms add up to the budget to the cent."""

    amount_per_year: Money = attrs.field(validator=_non_negative)
    terms: int = attrs.field(default=12)

    @terms.validator
    def _check_terms(self, _attr: object, value: int) -> None:
        if value not in (1, 2, 4, 12):
            raise InvalidValue(f"a lump sum is paid in 1, 2, 4 or 12 terms a year, got {value}")

    def term_amounts(self) -> tuple[Money, ...]:
        return self.amount_per_year.split(self.terms)

    def due_in_month(self, month: int) -> Money:
        """The term paid in calendar month ``month`` (terms fall in the first month of each
        1/terms of the year)."""
        step = 12 // self.terms
        if (month - 1) % step:
            return Money.zero()
        return self.term_amounts()[(month - 1) // step]


FundingModel = Union[PerPeriod, Trajectory, PriceQuantity, Stay, LumpSum]  # noqa: UP007
"""The closed union of funding models."""


def funding_kind(model: FundingModel) -> str:
    """A stable name for the model: ``per_period``, ``trajectory``, ``price_quantity``,
    ``stay`` or ``lump_sum``."""
    return {
        PerPeriod: "per_period",
        Trajectory: "trajectory",
        PriceQuantity: "price_quantity",
        Stay: "stay",
        LumpSum: "lump_sum",
    }[type(model)]
