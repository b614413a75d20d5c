"""Allocations, care events, and the caseload they form.

An :class:`Allocation` (*toewijzing, beschikking*) gives a client an arrangement at a
provider for a period, with volume, unit and frequency where they apply. Care events record
what happened: the care started (:class:`Start`), stopped with a reason (:class:`Stop`),
what was delivered (:class:`Delivery`), how an evaluation judged goal realisation
(:class:`Evaluation`), the provider's end report (:class:`EndReport`) and a provider's
refusal of a client (:class:`Refusal`). A :class:`Caseload` holds households, plans,
allocations and events and checks that they refer to each other consistently.

Every event may carry an ``id`` (the provider's message or line number). A caseload refuses
an id used twice, so an event sent twice is refused instead of counted (and paid) twice.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
from collections import defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import TypeVar, Union

import attrs

from sociaaldomein.errors import InvalidValue
from sociaaldomein.model.catalog import Frequency, Unit, check_product
from sociaaldomein.model.funding import StopReason
from sociaaldomein.model.household import Household, Person, _check_id
from sociaaldomein.model.limits import (
    MAX_VOLUME,
    VOLUME_REF,
    bounded_decimal,
    check_care_date,
    per_day_max,
)
from sociaaldomein.model.money import Money
from sociaaldomein.model.periods import Period
from sociaaldomein.model.plan import PartyKind, Plan
from sociaaldomein.model.typecheck import as_frozenset, as_tuple

T = TypeVar("T")

__all__ = [
    "Allocation",
    "CareEvent",
    "Case",
    "Caseload",
    "Delivery",
    "EndProposal",
    "EndReport",
    "Evaluation",
    "GoalRealisation",
    "Refusal",
    "Start",
    "Stop",
]


def _quantity(value: object) -> Decimal | None:
    """A volume or quantity: bounded before any arithmetic (:func:`bounded_decimal`) and
    not negative."""
    if value is None:
        return None
    q = bounded_decimal(value, "a quantity")
    if q < 0:
        raise InvalidValue(f"a quantity must not be negative, got {q}")
    return q


def _within_max_volume(quantity: Decimal | None, name: str) -> None:
    if quantity is not None and quantity > MAX_VOLUME:
        raise InvalidValue(f"{name} {quantity} is more than the national maximum "
                           f"volume {MAX_VOLUME:,} ({VOLUME_REF.cite()})")


def _volume(value: object) -> Decimal | None:
    volume = _quantity(value)
    _within_max_volume(volume, "volume")
    return volume


def _delivered(value: object) -> Decimal:
    quantity = _quantity(value)
    if quantity is None:
        raise InvalidValue("a delivery needs a quantity")
    _within_max_volume(quantity, "quantity")
    return quantity


def _check_event_id(inst: object, attribute: attrs.Attribute[str], value: str | None) -> None:
    if value is not None:
        _check_id(inst, attribute, value)


def _set_of_str(value: Iterable[str]) -> frozenset[str]:
    return as_frozenset(value)


def _tuple_of_str(value: Iterable[str]) -> tuple[str, ...]:
    return as_tuple(value)


def _tuple_of_plan(value: Iterable[Plan]) -> tuple[Plan, ...]:
    return _tuple_of(value, Plan, "plans")


def _tuple_of_allocation(value: Iterable[Allocation]) -> tuple[Allocation, ...]:
    return _tuple_of(value, Allocation, "allocations")


def _tuple_of_careevent(value: Iterable[CareEvent]) -> tuple[CareEvent, ...]:
    return _tuple_of(value, _EVENT_TYPES, "events")


def _tuple_of(value: Iterable[T], kind: type | tuple[type, ...], name: str) -> tuple[T, ...]:
    """A tuple of ``kind``; text, a mapping or a wrong item is refused with its index
    (a caseload built from the wrong thing would otherwise fail later, far from here)."""
    if isinstance(value, (str, bytes, dict)):
        raise InvalidValue(f"{name}: expected a sequence, got {type(value).__name__}")
    items = tuple(value)
    for i, item in enumerate(items):
        if not isinstance(item, kind):
            expected = kind.__name__ if isinstance(kind, type) else "a care event"
            raise InvalidValue(f"{name}[{i}]: expected {expected}, got "
                               f"{type(item).__name__} {item!r:.60}")
    return items


def _tuple_of_household(value: Iterable[Household]) -> tuple[Household, ...]:
    return _tuple_of(value, Household, "households")


@attrs.frozen
class Allocation:
    """An arrangement allocated to a client at a provider for a period.

    ``referred_by`` is who referred (access team, GP, GI); ``referred_on`` the referral date
    (crisis deadlines count from it); ``decided_on`` the decision date (waiting times count
    from it). ``flags`` carries region-specific markers the policy documents (for example
    ``"several_domains"`` for extra coordination budget); ``pgb`` is true for a personal
    budget instead of care in kind. ``subcontractors`` lists *onderaannemers*.

    ``registered_on`` is the date the request was registered (*aanmelding*; waiting times
    from registration count from it); ``referred_time`` the time of day of the referral on
    ``referred_on`` (local wall-clock time), for rules that count hours. ``pgb_amount`` is
    the personal budget's amount per unit of the arrangement's tariff (per period, hour,
    etmaal ...), only with ``pgb``.
    """

    id: str = attrs.field(validator=_check_id)
    household_id: str = attrs.field(validator=_check_id)
    client_id: str = attrs.field(validator=_check_id)
    arrangement: str
    provider: str
    period: Period
    plan_id: str | None = None
    decided_on: dt.date | None = None
    referred_on: dt.date | None = None
    referred_by: PartyKind | None = None
    volume: Decimal | None = attrs.field(default=None, converter=_volume)
    unit: Unit | None = None
    frequency: Frequency | None = None
    pgb: bool = False
    extended_youth_care: bool = False
    flags: frozenset[str] = attrs.field(converter=_set_of_str, default=frozenset())
    subcontractors: tuple[str, ...] = attrs.field(converter=_tuple_of_str, default=())
    justification: str | None = None
    registered_on: dt.date | None = None
    referred_time: dt.time | None = None
    pgb_amount: Money | None = None
    # For the national messages (iWmo/iJw 301): ToewijzingNummer (unique per municipality,
    # never reused), product, budget instead of a volume, decision time, reason for a
    # change (RedenWijziging) and the provider's reference of the request it honours.
    number: int | None = None
    product_category: str | None = None
    product_code: str | None = None
    budget: Money | None = None
    decided_at: dt.time | None = None
    change_reason: str | None = None
    provider_reference: str | None = None

    def __attrs_post_init__(self) -> None:
        _check_national(self)
        if self.volume is not None and self.unit is None:
            raise InvalidValue(f"allocation {self.id}: a volume needs a unit")
        if self.referred_time is not None and self.referred_on is None:
            raise InvalidValue(f"allocation {self.id}: a referral time needs a referral date")
        _check_time(self.referred_time, f"allocation {self.id}: referred_time")
        if self.pgb_amount is not None and (not self.pgb or self.pgb_amount < Money.zero()):
            raise InvalidValue(f"allocation {self.id}: a pgb amount needs pgb = true and is "
                               "not negative")
        if self.decided_on is not None and self.referred_on is not None and (
            self.decided_on < self.referred_on
        ):
            raise InvalidValue(f"allocation {self.id}: decided before it was referred")

    @property
    def referred_at(self) -> dt.datetime | None:
        """The moment of referral, when its time of day is known."""
        if self.referred_on is None or self.referred_time is None:
            return None
        return dt.datetime.combine(self.referred_on, self.referred_time)


def _check_time(value: dt.time | None, what: str) -> None:
    if value is not None and (not isinstance(value, dt.time) or value.tzinfo is not None
                              or value.microsecond):
        raise InvalidValue(f"{what} is a time of day in whole seconds, without zone")


_CHANGE_REASONS = frozenset(f"{n:02d}" for n in range(2, 15))  # WMO002/JZ002 without 01


def _check_national(a: Allocation) -> None:
    where = f"allocation {a.id}"
    if a.number is not None and (type(a.number) is not int or not 0 <= a.number <= 999_999_999):
        raise InvalidValue(f"{where}: number (ToewijzingNummer) {a.number!r} is not a whole "
                           "number 0-999999999")
    check_product(a.product_category, a.product_code, where)
    if a.budget is not None and (not isinstance(a.budget, Money) or a.budget.amount_cents < 0):
        raise InvalidValue(f"{where}: budget must be Money, not negative")
    if a.budget is not None and a.volume is not None:
        raise InvalidValue(f"{where}: a volume or a budget, not both (CD077)")
    if a.decided_at is not None and (not isinstance(a.decided_at, dt.time)
                                     or a.decided_at.tzinfo is not None
                                     or a.decided_at.microsecond):
        raise InvalidValue(f"{where}: decided_at is a time of day in whole seconds, without "
                           "zone")
    if a.change_reason is not None and a.change_reason not in _CHANGE_REASONS:
        raise InvalidValue(f"{where}: change_reason {a.change_reason!r} is not a RedenWijziging "
                           "code 02-14")
    ref = a.provider_reference
    if ref is not None and (not isinstance(ref, str) or not 1 <= len(ref) <= 36
                            or not ref.strip() or not ref.isprintable()):
        raise InvalidValue(f"{where}: provider_reference is 1-36 printable characters")


class GoalRealisation(enum.Enum):
    REALISED = "realised"
    PARTLY = "partly"
    NOT_REALISED = "not_realised"


class EndProposal(enum.Enum):
    """The provider's proposal at the end of a trajectory (MH §2.4: close, scale down,
    extend)."""

    CLOSE = "close"
    SCALE_DOWN = "scale_down"
    EXTEND = "extend"


@attrs.frozen
class Start:
    """Care under an allocation started on ``date`` (at ``time`` of day, local wall-clock
    time, where a rule counts hours)."""

    allocation_id: str
    date: dt.date
    time: dt.time | None = None
    id: str | None = attrs.field(default=None, validator=_check_event_id, kw_only=True)

    def __attrs_post_init__(self) -> None:
        _check_time(self.time, f"start of {self.allocation_id}: time")

    @property
    def moment(self) -> dt.datetime | None:
        return None if self.time is None else dt.datetime.combine(self.date, self.time)


@attrs.frozen
class Stop:
    """Care stopped. ``date`` is the first day without care (half-open, like a period's
    end); ``reason`` decides drop-out category and withheld installments."""

    allocation_id: str
    date: dt.date
    reason: StopReason
    id: str | None = attrs.field(default=None, validator=_check_event_id, kw_only=True)


@attrs.frozen
class Delivery:
    """Volume delivered on a day (or, for a monthly declaration, the month's first day)."""

    allocation_id: str
    date: dt.date
    quantity: Decimal = attrs.field(converter=_delivered)
    unit: Unit
    id: str | None = attrs.field(default=None, validator=_check_event_id, kw_only=True)

    def __attrs_post_init__(self) -> None:
        # one delivery is at most what its month can hold: a monthly declaration is dated
        # on the month's first day, so the bound is per month, not per day
        per_day = per_day_max(self.unit.value) if isinstance(self.unit, Unit) else None
        if per_day is not None and isinstance(self.date, dt.date):
            days = calendar.monthrange(self.date.year, self.date.month)[1]
            if self.quantity > per_day * days:
                raise InvalidValue(
                    f"a delivery of {self.quantity} {self.unit.label} in "
                    f"{self.date:%Y-%m} is more than the month holds ({per_day * days}: "
                    f"{days} days of {per_day})")


@attrs.frozen
class Evaluation:
    """An evaluation of the care against the plan's goals.

    ``contributes`` is false when the support does not contribute to the result (HvB's
    *no cure, no more pay*). The other fields feed the indicators of goal realisation and
    client satisfaction (WF §3.5.1); ``satisfaction`` is a mark from 1 to 10.
    """

    allocation_id: str
    date: dt.date
    contributes: bool = True
    goals: GoalRealisation | None = None
    continues_without_help: bool | None = None
    problems_decreased: bool | None = None
    satisfaction: int | None = attrs.field(default=None)
    result_area: str | None = None
    id: str | None = attrs.field(default=None, validator=_check_event_id, kw_only=True)

    @satisfaction.validator
    def _check_satisfaction(self, _attr: object, value: int | None) -> None:
        if value is not None and (type(value) is not int or not 1 <= value <= 10):
            raise InvalidValue(f"satisfaction is a mark from 1 to 10, got {value!r}")


@attrs.frozen
class EndReport:
    """The provider's report at the end of a trajectory, with its proposal."""

    allocation_id: str
    date: dt.date
    proposal: EndProposal
    id: str | None = attrs.field(default=None, validator=_check_event_id, kw_only=True)


@attrs.frozen
class Refusal:
    """A provider refused a client for an allocation. ``condition`` names the resolving
    condition it relies on (e.g. ``"waiting_list"``), or is ``None``."""

    allocation_id: str
    date: dt.date
    provider: str
    condition: str | None = None
    id: str | None = attrs.field(default=None, validator=_check_event_id, kw_only=True)


CareEvent = Union[Start, Stop, Delivery, Evaluation, EndReport, Refusal]  # noqa: UP007
_EVENT_TYPES = (Start, Stop, Delivery, Evaluation, EndReport, Refusal)
"""The closed union of care events."""


@attrs.frozen
class Case:
    """One household with its plans, allocations and events: what a policy validates and
    settles."""

    household: Household
    plans: tuple[Plan, ...] = attrs.field(converter=_tuple_of_plan, default=())
    allocations: tuple[Allocation, ...] = attrs.field(converter=_tuple_of_allocation, default=())
    events: tuple[CareEvent, ...] = attrs.field(converter=_tuple_of_careevent, default=())

    def client(self, allocation: Allocation) -> Person:
        return self.household.member(allocation.client_id)

    def plan(self, plan_id: str | None) -> Plan | None:
        for plan in self.plans:
            if plan.id == plan_id:
                return plan
        return None

    def events_for(self, allocation_id: str) -> tuple[CareEvent, ...]:
        return tuple(e for e in self.events if e.allocation_id == allocation_id)


@attrs.frozen
class Caseload:
    """Households, plans, allocations and care events, consistent with each other.

    Construction checks that ids are unique and every reference resolves (an allocation's
    household, client and plan; an event's allocation), so a caseload can be settled
    without lookups failing half-way.
    """

    households: tuple[Household, ...] = attrs.field(converter=_tuple_of_household, default=())
    plans: tuple[Plan, ...] = attrs.field(converter=_tuple_of_plan, default=())
    allocations: tuple[Allocation, ...] = attrs.field(converter=_tuple_of_allocation, default=())
    events: tuple[CareEvent, ...] = attrs.field(converter=_tuple_of_careevent, default=())

    def __attrs_post_init__(self) -> None:
        households: dict[str, Household] = {}
        for i, household in enumerate(self.households):
            if household.id in households:
                raise InvalidValue(f"households[{i}]: household id {household.id!r} is used twice")
            households[household.id] = household
        plans: set[str] = set()
        for i, plan in enumerate(self.plans):
            if plan.id in plans:
                raise InvalidValue(f"plans[{i}]: plan id {plan.id!r} is used twice")
            plans.add(plan.id)
            if plan.household_id not in households:
                raise InvalidValue(f"plans[{i}]: unknown household {plan.household_id!r}")
        allocations: set[str] = set()
        numbers: dict[tuple[str, int], str] = {}
        for i, alloc in enumerate(self.allocations):
            if alloc.id in allocations:
                raise InvalidValue(f"allocations[{i}]: allocation id {alloc.id!r} is used twice")
            allocations.add(alloc.id)
            owner = households.get(alloc.household_id)
            if owner is None:
                raise InvalidValue(f"allocations[{i}]: unknown household {alloc.household_id!r}")
            if not owner.has_member(alloc.client_id):
                raise InvalidValue(
                    f"allocations[{i}]: client {alloc.client_id!r} is not a member of "
                    f"household {alloc.household_id!r}"
                )
            if alloc.number is not None:  # ToewijzingNummer unique per municipality (TR332)
                key = (owner.municipality.code, alloc.number)
                if key in numbers:
                    raise InvalidValue(f"allocations[{i}]: number {alloc.number} of municipality "
                                       f"{key[0]} is used by allocation {numbers[key]} too")
                numbers[key] = alloc.id
            if alloc.plan_id is not None and alloc.plan_id not in plans:
                raise InvalidValue(f"allocations[{i}]: unknown plan {alloc.plan_id!r}")
        event_ids: set[str] = set()
        for i, event in enumerate(self.events):
            check_care_date(event.date, f"events[{i}]")
            if event.allocation_id not in allocations:
                raise InvalidValue(f"events[{i}]: unknown allocation {event.allocation_id!r}")
            if event.id is not None:
                if event.id in event_ids:
                    raise InvalidValue(f"events[{i}]: event id {event.id!r} is used twice; "
                                       "an event sent twice would be counted twice")
                event_ids.add(event.id)

    def cases(self) -> Iterator[Case]:
        """The caseload per household, in the order of ``households``."""
        plans: dict[str, list[Plan]] = defaultdict(list)
        for plan in self.plans:
            plans[plan.household_id].append(plan)
        allocs: dict[str, list[Allocation]] = defaultdict(list)
        owner: dict[str, str] = {}
        for alloc in self.allocations:
            allocs[alloc.household_id].append(alloc)
            owner[alloc.id] = alloc.household_id
        events: dict[str, list[CareEvent]] = defaultdict(list)
        for event in self.events:
            events[owner[event.allocation_id]].append(event)
        for household in self.households:
            yield Case(
                household,
                tuple(plans[household.id]),
                tuple(allocs[household.id]),
                tuple(events[household.id]),
            )

    @classmethod
    def of_cases(cls, cases: Iterable[Case]) -> Caseload:
        """A caseload made of households' cases."""
        items = list(cases)
        return cls(
            tuple(c.household for c in items),
            tuple(p for c in items for p in c.plans),
            tuple(a for c in items for a in c.allocations),
            tuple(e for c in items for e in c.events),
        )

    def household(self, household_id: str) -> Household:
        for household in self.households:
            if household.id == household_id:
                return household
        raise InvalidValue(f"unknown household {household_id!r}")

    def merge(self, other: Caseload) -> Caseload:
        return Caseload(
            self.households + other.households,
            self.plans + other.plans,
            self.allocations + other.allocations,
            self.events + other.events,
        )
