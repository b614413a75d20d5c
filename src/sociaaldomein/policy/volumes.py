"""National checks of delivered volume, run by validation for every household in every
region (:func:`sociaaldomein.validate` calls :func:`check_delivered_volume`; a region's
policy cannot leave them out).

* **What time allows** (:data:`PHYSICAL_CODE`): an allocated volume is at most what its
  frequency's days hold (a day, a week of 7, a month of 31, or the allocation's days in
  total), and the deliveries of one allocation in one calendar month hold at most what the
  month's days can: a day has 1,440 minutes, 24 hours,
  six dagdelen of four hours and one etmaal (:mod:`sociaaldomein.model.limits`). A delivery
  sent twice is caught here when it doubles a full month.
* **What was allocated** (:data:`ALLOCATED_CODE`): with a volume, unit and frequency on the
  allocation, delivered volume stays within it, the way the national declaration checks
  count it (iWmo/iJw 3.2 TR321 per declaration period, TR322 over the whole allocation):
  per day x the days of the month in the allocation, per week x the calendar weeks that touch
  them, per month the monthly volume, in total the volume over the whole allocation.

Both are errors: a household with one is held back from settlement by the ``settle``
command, and settlement itself refuses to pay more than time allows. Two deliveries alike
in every field and without an ``id`` are a warning (:data:`TWICE_CODE`): two equal sessions
on one day happen, but so does a declaration sent twice; an ``id`` tells them apart, and an
id used twice is refused when the caseload is read.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction

from sociaaldomein.model.caseload import Allocation, Case, Delivery
from sociaaldomein.model.catalog import Frequency, Unit
from sociaaldomein.model.limits import ISTANDAARDEN, PHYSICAL_REF, per_day_max
from sociaaldomein.model.periods import Month, Period
from sociaaldomein.model.provenance import Ref
from sociaaldomein.model.validation import Severity, Violation

__all__ = [
    "ALLOCATED_CODE",
    "ALLOCATED_REF",
    "PHYSICAL_CODE",
    "TWICE_CODE",
    "check_delivered_volume",
    "month_capacity",
]

TWICE_CODE = "NAT-DELIVERY-TWICE"
"""Two deliveries alike in every field, without an id to tell them apart (a warning)."""
TWICE_REF = Ref(
    source=ISTANDAARDEN,
    section="323 Declaratie: one line per client, allocation, product and period (§8)",
)
PHYSICAL_CODE = "NAT-VOLUME-PHYSICAL"
"""Delivered volume beyond what the days of the month can hold."""
ALLOCATED_CODE = "NAT-VOLUME-ALLOCATED"
"""Delivered volume beyond the allocated volume."""
ALLOCATED_REF = Ref(
    source=ISTANDAARDEN,
    section="TR321 (volume per declaration period within the allocated Omvang) and TR322 "
            "(cumulative volume within the allocation), §8 frequency per week",
)

_FACTORS: dict[tuple[Unit, Unit], Fraction] = {
    (Unit.MINUTE, Unit.HOUR): Fraction(1, 60),
    (Unit.HOUR, Unit.MINUTE): Fraction(60),
}


def month_capacity(unit: Unit, year: int, month: int) -> int | None:
    """The most of ``unit`` one person can receive in a calendar month (``None`` for units
    time does not bound: pieces, euros)."""
    per_day = per_day_max(unit.value)
    if per_day is None:
        return None
    return per_day * calendar.monthrange(year, month)[1]


def _in_unit(quantity: Decimal, unit: Unit, target: Unit) -> Fraction | None:
    if unit is target:
        return Fraction(quantity)
    factor = _FACTORS.get((unit, target))
    return None if factor is None else Fraction(quantity) * factor


def _number(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    return str((Decimal(value.numerator) / Decimal(value.denominator)).normalize())


def _weeks(period: Period) -> int:
    """The calendar (ISO) weeks that touch ``period``."""
    first_monday = period.start - dt.timedelta(days=period.start.weekday())
    return (period.last_day - first_monday).days // 7 + 1


def _allocated_cap(allocation: Allocation, month: Month) -> Fraction | None:
    """The volume the allocation allows in ``month`` (``None``: no cap per month)."""
    assert allocation.volume is not None
    volume = Fraction(allocation.volume)
    if allocation.frequency is Frequency.PER_MONTH:
        return volume
    in_month = allocation.period.intersection(month.period)
    if in_month is None:
        return None  # a delivery outside the allocation: the region's rules judge it
    if allocation.frequency is Frequency.PER_DAY:
        return volume * in_month.days
    if allocation.frequency is Frequency.PER_WEEK:
        return volume * _weeks(in_month)
    return None


def check_delivered_volume(case: Case) -> list[Violation]:
    """Deliveries beyond what time allows in a month, or beyond the allocated volume."""
    out: list[Violation] = []
    deliveries: dict[str, list[Delivery]] = defaultdict(list)
    for event in case.events:
        if isinstance(event, Delivery):
            deliveries[event.allocation_id].append(event)
    for allocation in case.allocations:
        out.extend(_check_allocated_volume(case, allocation))
        found = deliveries.get(allocation.id)
        if found:
            out.extend(_check_allocation(case, allocation, found))
    return out


def _check_allocated_volume(case: Case, allocation: Allocation) -> list[Violation]:
    """An allocated volume time cannot hold: more than 24 hours a day, 7 days a week, 31
    days a month, or the days of the whole allocation."""
    if allocation.volume is None or allocation.unit is None or allocation.frequency is None:
        return []
    per_day = per_day_max(allocation.unit.value)
    if per_day is None:
        return []
    days = {Frequency.PER_DAY: 1, Frequency.PER_WEEK: 7, Frequency.PER_MONTH: 31}.get(
        allocation.frequency)
    if days is None:  # in total, over the allocation
        if allocation.period.is_open:
            return []
        days = allocation.period.days
    if allocation.volume <= per_day * days:
        return []
    return [Violation(
        PHYSICAL_CODE, Severity.ERROR,
        f"{allocation.volume} {allocation.unit.label} "
        f"{allocation.frequency.name.lower().replace('_', ' ')} is more than time holds "
        f"({per_day * days} in {days} day(s))",
        f"households[{case.household.id}].allocations[{allocation.id}].volume", PHYSICAL_REF,
    )]


def _check_allocation(case: Case, allocation: Allocation,
                      deliveries: Iterable[Delivery]) -> list[Violation]:
    path = f"households[{case.household.id}].allocations[{allocation.id}]"
    out: list[Violation] = []
    per_month: dict[tuple[Month, Unit], Decimal] = defaultdict(Decimal)
    seen: set[Delivery] = set()
    for delivery in deliveries:
        per_month[(Month.of(delivery.date), delivery.unit)] += delivery.quantity
        if delivery.id is None:
            if delivery in seen:
                out.append(Violation(
                    TWICE_CODE, Severity.WARNING,
                    f"two deliveries of {delivery.quantity} {delivery.unit.label} on "
                    f"{delivery.date.isoformat()} under {allocation.id}, alike in every field "
                    "and without an id: a declaration sent twice? (give each an id)",
                    path + ".events", TWICE_REF,
                ))
            seen.add(delivery)
    for (month, unit), quantity in sorted(per_month.items(),
                                          key=lambda item: (item[0][0], item[0][1].value)):
        capacity = month_capacity(unit, month.year, month.month)
        if capacity is not None and quantity > capacity:
            out.append(Violation(
                PHYSICAL_CODE, Severity.ERROR,
                f"{quantity} {unit.label} delivered in {month} under {allocation.id}; a month "
                f"of {month.days} days holds at most {capacity} (a delivery counted twice?)",
                path + ".events", PHYSICAL_REF,
            ))
    if allocation.volume is None or allocation.unit is None or allocation.frequency is None:
        return out
    target = allocation.unit
    converted: dict[Month, Fraction] = defaultdict(Fraction)
    for (month, unit), quantity in per_month.items():
        amount = _in_unit(quantity, unit, target)
        if amount is not None:
            converted[month] += amount
    if allocation.frequency is Frequency.TOTAL:
        delivered = sum(converted.values(), Fraction(0))
        if delivered > allocation.volume:
            out.append(Violation(
                ALLOCATED_CODE, Severity.ERROR,
                f"{_number(delivered)} {target.label} delivered under {allocation.id}, more "
                f"than the {allocation.volume} allocated in total",
                path + ".events", ALLOCATED_REF,
            ))
        return out
    for month in sorted(converted):
        cap = _allocated_cap(allocation, month)
        if cap is not None and converted[month] > cap:
            out.append(Violation(
                ALLOCATED_CODE, Severity.ERROR,
                f"{_number(converted[month])} {target.label} delivered in {month} under "
                f"{allocation.id}, more than the {_number(cap)} allocated for the month "
                f"({allocation.volume} {allocation.frequency.name.lower().replace('_', ' ')})",
                path + ".events", ALLOCATED_REF,
            ))
    return out
