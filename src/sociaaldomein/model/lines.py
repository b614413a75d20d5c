"""Settlement: allocations and care events become amounts owed, month by month.

The engine turns a case into :class:`SettlementLine`\\ s per municipality, provider, client
and calendar month. Every line carries its amount, the id of the rule that produced it and
a :class:`~sociaaldomein.Ref` to the clause. A :class:`Settlement` totals its lines exactly,
groups them, and explains any total line by line.

Partial months, stops and evaluations are handled by rules the policy names in
:class:`SettlementRules` and in its funding models (:class:`~sociaaldomein.Proration`);
there are no silent defaults.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction

import attrs

from sociaaldomein.errors import SettlementError
from sociaaldomein.model.caseload import Allocation, CareEvent, Delivery, Evaluation, Start, Stop
from sociaaldomein.model.catalog import Unit
from sociaaldomein.model.funding import (
    FundingModel,
    LumpSum,
    PerPeriod,
    PriceQuantity,
    Stay,
    StopReason,
    Trajectory,
    funding_kind,
)
from sociaaldomein.model.limits import (
    LINE_AMOUNT_REF,
    MAX_LINE_AMOUNT_CENTS,
    PHYSICAL_REF,
    per_day_max,
)
from sociaaldomein.model.money import Money, Rounding
from sociaaldomein.model.periods import Month, Period
from sociaaldomein.model.provenance import Ref
from sociaaldomein.model.typecheck import as_tuple

__all__ = [
    "Flow",
    "LineKind",
    "SettlementLine",
    "SettlementRules",
    "care_period",
    "lump_sum_lines",
    "settle_allocation_month",
]


class LineKind(enum.Enum):
    PERIOD = "period"
    """A per-period amount (result funding per month or period)."""
    INSTALLMENT = "installment"
    """An installment of a trajectory tariff."""
    WITHHELD = "withheld"
    """An installment withheld (amount zero; the withheld sum is in ``withheld``)."""
    DELIVERY = "delivery"
    """Price x delivered quantity."""
    STAY = "stay"
    """A stay per etmaal on actual use."""
    LUMP_SUM = "lump_sum"
    """A term of a task-based budget."""
    CORRECTION = "correction"
    """A named correction; the only kind that may be negative."""
    OWN_CONTRIBUTION = "own_contribution"
    """The household's own contribution (*eigen bijdrage*), owed by the household."""


class Flow(enum.Enum):
    TO_PROVIDER = "to_provider"
    """Paid by the municipality to the provider."""
    FROM_HOUSEHOLD = "from_household"
    """Owed by the household (own contribution)."""



_CAPPED_KINDS = frozenset({LineKind.PERIOD, LineKind.INSTALLMENT, LineKind.DELIVERY,
                           LineKind.STAY})
"""Lines for one client's care, which the national declaration caps per line (a lump sum
per provider is not declared per client and has no such cap)."""


def _tuple_of_settlementline(value: Iterable[SettlementLine]) -> tuple[SettlementLine, ...]:
    return as_tuple(value)


@attrs.frozen
class SettlementLine:
    """One amount: who pays whom, for what, in which month, by which rule and clause.

    ``ref`` is the clause of the rule that produced the line; ``tariff_ref`` the source of
    the amount (``tariff_ref.example`` is true for an example value).
    """

    region: str
    municipality: str
    provider: str
    month: Month
    kind: LineKind
    amount: Money
    rule: str
    ref: Ref
    explanation: str
    client: str | None = None
    household: str | None = None
    allocation: str | None = None
    arrangement: str | None = None
    segment: str | None = None
    funding: str | None = None
    quantity: Decimal | None = None
    unit: Unit | None = None
    withheld: Money = Money.zero()
    tariff_ref: Ref | None = None
    flow: Flow = Flow.TO_PROVIDER

    def __attrs_post_init__(self) -> None:
        if (self.amount.amount_cents > MAX_LINE_AMOUNT_CENTS
                and self.kind in _CAPPED_KINDS and self.flow is Flow.TO_PROVIDER):
            raise SettlementError(
                f"line for {self.allocation or self.provider} in {self.month}: "
                f"{self.amount.format_nl()} is more than one line may pay "
                f"({Money(MAX_LINE_AMOUNT_CENTS).format_nl()}, {LINE_AMOUNT_REF.cite()})")
        if self.amount.amount_cents < 0 and self.kind is not LineKind.CORRECTION:
            raise SettlementError(
                f"line for {self.allocation or self.provider} in {self.month}: only a "
                f"correction may be negative, got {self.amount.format_nl()} ({self.kind.value})"
            )

    @property
    def example(self) -> bool:
        """Whether the amount rests on an example value rather than a published tariff."""
        return bool(self.tariff_ref and self.tariff_ref.example)

    def describe(self) -> str:
        mark = " [example value]" if self.example else ""
        who = f"client {self.client}, " if self.client else ""
        return (
            f"{self.month} {who}{self.arrangement or self.kind.value} at {self.provider}: "
            f"{self.amount.format_nl()}{mark} - {self.explanation} "
            f"(rule {self.rule}; {self.ref.cite()})"
        )


@attrs.frozen
class SettlementRules:
    """How a policy settles care events, named rather than implied.

    * ``stop_after_negative_evaluation``: payment stops from the month after an
      evaluation that records the support does not contribute to the result (HvB's
      *no cure, no more pay*); ``None`` when the region has no such rule.
    * ``completion_at_allocation_end``: a trajectory whose allocation ends without a stop
      event counts as completed according to plan at the allocation's end.
    """

    stop_after_negative_evaluation: Ref | None = None
    completion_at_allocation_end: bool = True


def _start(allocation: Allocation, events: Sequence[CareEvent]) -> dt.date:
    starts = [e.date for e in events if isinstance(e, Start)]
    start = min(starts) if starts else allocation.period.start
    return max(start, allocation.period.start)


def _stop(events: Sequence[CareEvent]) -> Stop | None:
    stops = [e for e in events if isinstance(e, Stop)]
    return min(stops, key=lambda s: s.date) if stops else None


def care_period(
    allocation: Allocation, events: Sequence[CareEvent], rules: SettlementRules
) -> tuple[Period | None, str]:
    """The period in which the allocation earns payment, and why it ends where it does.

    Care starts at the first :class:`Start` event (or the allocation's start) and ends at
    the earliest of the allocation's end, a :class:`Stop` event, and, under *no cure, no
    more pay*, the first day of the month after a negative evaluation.
    """
    start = _start(allocation, events)
    end, why = allocation.period.end, "end of the allocation"
    stop = _stop(events)
    if stop is not None and stop.date < end:
        end, why = stop.date, f"stopped on {stop.date.isoformat()} ({stop.reason.value})"
    if rules.stop_after_negative_evaluation is not None:
        negative = [e for e in events if isinstance(e, Evaluation) and not e.contributes]
        if negative:
            first = min(negative, key=lambda e: e.date)
            cutoff = Month.of(first.date).next().first_day
            if cutoff < end:
                end = cutoff
                why = (f"payment stops from {cutoff.isoformat()}: the evaluation of "
                       f"{first.date.isoformat()} found the support does not contribute "
                       "to the result")
    if end <= start:
        return None, why
    return Period(start, end), why


_UNIT_FACTORS: dict[tuple[Unit, Unit], Fraction] = {
    (Unit.MINUTE, Unit.HOUR): Fraction(1, 60),
    (Unit.HOUR, Unit.MINUTE): Fraction(60),
}


def _in_unit(delivery: Delivery, unit: Unit, allocation: Allocation) -> Fraction:
    if delivery.unit is unit:
        return Fraction(delivery.quantity)
    factor = _UNIT_FACTORS.get((delivery.unit, unit))
    if factor is None:
        raise SettlementError(
            f"allocation {allocation.id}: a delivery in {delivery.unit.label} cannot be "
            f"settled at a price per {unit.label}"
        )
    return Fraction(delivery.quantity) * factor


def _check_time_allows(allocation: Allocation, deliveries: Sequence[Delivery],
                       month: Month) -> None:
    """Never pay more than the month's days can hold (a delivery counted twice): a
    :class:`SettlementError` naming the allocation (validation reports it as
    ``NAT-VOLUME-PHYSICAL`` first)."""
    per_unit: dict[Unit, Decimal] = {}
    for delivery in deliveries:
        per_unit[delivery.unit] = per_unit.get(delivery.unit, Decimal(0)) + delivery.quantity
    for unit, quantity in per_unit.items():
        per_day = per_day_max(unit.value)
        if per_day is not None and quantity > per_day * month.days:
            raise SettlementError(
                f"allocation {allocation.id}: {quantity} {unit.label} delivered in {month}, "
                f"more than its {month.days} days hold ({per_day * month.days}); not paid "
                f"({PHYSICAL_REF.cite()})")


def settle_allocation_month(
    allocation: Allocation,
    events: Sequence[CareEvent],
    month: Month,
    model: FundingModel,
    *,
    region: str,
    municipality: str,
    segment: str | None,
    rule: str,
    ref: Ref,
    tariff_ref: Ref | None,
    rules: SettlementRules,
    pay_to: str | None = None,
    withheld_rule: str | None = None,
    withheld_ref: Ref | None = None,
) -> list[SettlementLine]:
    """The lines one allocation earns in one calendar month under ``model``.

    ``pay_to`` overrides the provider paid (the main contractor, for instance);
    ``withheld_rule`` and ``withheld_ref`` cite the clause on lines that record a withheld
    installment (by default the pricing rule).
    """
    active, why = care_period(allocation, events, rules)
    provider = pay_to or allocation.provider
    kind_name = funding_kind(model)

    def line(kind: LineKind, amount: Money, explanation: str, **extra: object) -> SettlementLine:
        return SettlementLine(
            region=region, municipality=municipality, provider=provider, month=month,
            kind=kind, amount=amount, rule=rule, ref=ref, explanation=explanation,
            client=allocation.client_id, household=allocation.household_id,
            allocation=allocation.id, arrangement=allocation.arrangement, segment=segment,
            funding=kind_name, tariff_ref=tariff_ref, **extra,  # type: ignore[arg-type]
        )

    if isinstance(model, LumpSum):
        return []  # paid per provider through the policy's lump sums, not per client
    if active is None:
        return []
    in_month = active.intersection(month.period)

    if isinstance(model, PerPeriod):
        if in_month is None:
            return []
        days_in_year = Period.year(month.year).days
        amount = model.for_days(in_month.days, month.days, days_in_year)
        if not amount and in_month.days < month.days and model.proration.value == "full_months_only":
            return []
        ends_here = active.end <= month.next().first_day
        return [line(
            LineKind.PERIOD, amount,
            f"{model.amount.format_nl()} per {model.period.value}, {in_month.days} of "
            f"{month.days} days in care ({model.proration.value}, {model.rounding.value})"
            + (f"; {why}" if ends_here and why != "end of the allocation" else ""),
            quantity=Decimal(in_month.days),
        )]

    if isinstance(model, Trajectory):
        lines: list[SettlementLine] = []
        if Month.of(active.start) == month:
            lines.append(line(
                LineKind.INSTALLMENT, model.due_at_start(),
                f"start installment of trajectory tariff {model.amount.format_nl()} "
                f"({' + '.join(str(i.share) for i in model.installments)})",
            ))
        stop = _stop(events)
        ended: tuple[dt.date, StopReason] | None = None
        if stop is not None and stop.date <= allocation.period.end:
            ended = (stop.date, stop.reason)
        elif rules.completion_at_allocation_end and not allocation.period.is_open:
            ended = (active.end, StopReason.COMPLETED)
        if ended is not None and Month.of(ended[0] - dt.timedelta(days=1)) == month:
            reason = ended[1]
            _paid, withheld = model.paid_and_withheld(reason)
            completion = model.due_at_completion()
            if withheld:
                held = line(
                    LineKind.WITHHELD, Money.zero(),
                    f"completion installment {completion.format_nl()} withheld: ended "
                    f"{ended[0].isoformat()} ({reason.value})",
                    withheld=withheld,
                )
                if withheld_rule is not None or withheld_ref is not None:
                    held = attrs.evolve(held, rule=withheld_rule or rule,
                                        ref=withheld_ref or ref)
                lines.append(held)
            elif completion:
                lines.append(line(
                    LineKind.INSTALLMENT, completion,
                    f"completion installment of trajectory tariff {model.amount.format_nl()}"
                    f" (ended {ended[0].isoformat()}, {reason.value})",
                ))
        return lines

    if isinstance(model, PriceQuantity | Stay):
        unit = model.unit if isinstance(model, PriceQuantity) else Unit.ETMAAL
        price = model.price if isinstance(model, PriceQuantity) else model.price_per_etmaal
        rounding = model.rounding if isinstance(model, PriceQuantity) else None
        deliveries = [
            e for e in events
            if isinstance(e, Delivery) and e.date in active and Month.of(e.date) == month
        ]
        if not deliveries:
            return []
        _check_time_allows(allocation, deliveries, month)
        quantity = sum((_in_unit(d, unit, allocation) for d in deliveries), Fraction(0))
        if rounding is None:
            if quantity.denominator != 1:
                raise SettlementError(
                    f"allocation {allocation.id}: a stay is paid per whole etmaal, "
                    f"got {_fmt(quantity)} in {month}"
                )
            rounding = Rounding.HALF_UP
        amount = price.times(quantity, rounding)
        explanation = (f"{price.format_nl()} per {unit.label} x {_fmt(quantity)} "
                       f"delivered in {month}")
        if isinstance(model, PriceQuantity) and model.budget_max is not None:
            earlier = [
                e for e in events
                if isinstance(e, Delivery) and e.date in active
                and e.date.year == month.year and Month.of(e.date) < month
            ]
            spent = price.times(
                sum((_in_unit(d, unit, allocation) for d in earlier), Fraction(0)), rounding
            )
            room = model.budget_max - spent
            if room.amount_cents < 0:
                room = Money.zero()
            if amount > room:
                explanation += (f"; capped at the budget maximum {model.budget_max.format_nl()}"
                                f" for {month.year} ({spent.format_nl()} used before)")
                amount = room
        kind = LineKind.STAY if isinstance(model, Stay) else LineKind.DELIVERY
        return [line(kind, amount, explanation, quantity=_decimal(quantity), unit=unit)]
    raise SettlementError(f"unknown funding model {type(model).__name__}")  # pragma: no cover


def _fmt(quantity: Fraction) -> str:
    return str(_decimal(quantity))


def _decimal(quantity: Fraction) -> Decimal:
    """A quantity as a plain Decimal: ``10`` stays ``10`` (never ``1E+1``)."""
    if quantity.denominator == 1:
        return Decimal(quantity.numerator)
    return Decimal(quantity.numerator) / Decimal(quantity.denominator)


def lump_sum_lines(
    model: LumpSum,
    month: Month,
    *,
    region: str,
    provider: str,
    shares: Sequence[tuple[str, int | Decimal | Fraction]],
    rule: str,
    ref: Ref,
    tariff_ref: Ref | None,
    segment: str | None = None,
) -> list[SettlementLine]:
    """The month's term of a lump sum, split over municipalities by a distribution key
    (``shares``: municipality code and weight). The parts add up to the term exactly."""
    term = model.due_in_month(month.month)
    if not term:
        return []
    parts = term.allocate([w for _, w in shares])
    weights = ", ".join(f"{m}:{w}" for m, w in shares)
    return [
        SettlementLine(
            region=region, municipality=municipality, provider=provider, month=month,
            kind=LineKind.LUMP_SUM, amount=part, rule=rule, ref=ref,
            explanation=(f"term of lump sum {model.amount_per_year.format_nl()} a year in "
                         f"{model.terms} terms ({term.format_nl()}), share by key {weights}"),
            segment=segment, funding="lump_sum", tariff_ref=tariff_ref,
        )
        for (municipality, _), part in zip(shares, parts, strict=True)
        if part
    ]
