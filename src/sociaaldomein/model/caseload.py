"""Allocations, care events, and the caseload they form.

An :class:`Allocation` (*toewijzing, beschikking*) gives a client an arrangement at a
provider for a period, with volume, unit and frequency where they apply. Care events record
what happened: the care started (:class:`Start`), stopped with a reason (:class:`Stop`),
what was delivered (:class:`Delivery`), how an evaluation judged goal realisation
(:class:`Evaluation`), the provider's end report (:class:`EndReport`) and a provider's
refusal of a client (:class:`Refusal`). A :class:`Caseload` holds households, plans,
allocations and events and checks that they refer to each other consistently.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import TypeVar, Union

import attrs

from sociaaldomein.errors import InvalidValue
from sociaaldomein.model.catalog import Frequency, Unit
from sociaaldomein.model.funding import StopReason
from sociaaldomein.model.household import Household, Person, _check_id
from sociaaldomein.model.periods import Period
from sociaaldomein.model.plan import PartyKind, Plan

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
    if value is None:
        return None
    if isinstance(value, (bool, float)):
        raise InvalidValue(f"a quantity must be an integer or decimal text, not {value!r}")
    if isinstance(value, int | Decimal):
        q = Decimal(value)
    elif isinstance(value, str):
        try:
            q = Decimal(value.strip())
        except ArithmeticError:
            raise InvalidValue(f"{value!r} is not a quantity") from None
    else:
        raise InvalidValue(f"{value!r} is not a quantity")
    if not q.is_finite() or q < 0:
        raise InvalidValue(f"a quantity must be finite and not negative, got {value!r}")
    return q



def _set_of_str(value: Iterable[str]) -> frozenset[str]:
    return frozenset(value)


def _tuple_of_str(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


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
    volume: Decimal | None = attrs.field(default=None, converter=_quantity)
    unit: Unit | None = None
    frequency: Frequency | None = None
    pgb: bool = False
    extended_youth_care: bool = False
    flags: frozenset[str] = attrs.field(converter=_set_of_str, default=frozenset())
    subcontractors: tuple[str, ...] = attrs.field(converter=_tuple_of_str, default=())
    justification: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.volume is not None and self.unit is None:
            raise InvalidValue(f"allocation {self.id}: a volume needs a unit")
        if self.decided_on is not None and self.referred_on is not None and (
            self.decided_on < self.referred_on
        ):
            raise InvalidValue(f"allocation {self.id}: decided before it was referred")


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
    """Care under an allocation started on ``date``."""

    allocation_id: str
    date: dt.date


@attrs.frozen
class Stop:
    """Care stopped. ``date`` is the first day without care (half-open, like a period's
    end); ``reason`` decides drop-out category and withheld installments."""

    allocation_id: str
    date: dt.date
    reason: StopReason


@attrs.frozen
class Delivery:
    """Volume delivered on a day (or, for a monthly declaration, the month's first day)."""

    allocation_id: str
    date: dt.date
    quantity: Decimal = attrs.field(converter=_quantity)
    unit: Unit


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


@attrs.frozen
class Refusal:
    """A provider refused a client for an allocation. ``condition`` names the resolving
    condition it relies on (e.g. ``"waiting_list"``), or is ``None``."""

    allocation_id: str
    date: dt.date
    provider: str
    condition: str | None = None


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
            if alloc.plan_id is not None and alloc.plan_id not in plans:
                raise InvalidValue(f"allocations[{i}]: unknown plan {alloc.plan_id!r}")
        for i, event in enumerate(self.events):
            if event.allocation_id not in allocations:
                raise InvalidValue(f"events[{i}]: unknown allocation {event.allocation_id!r}")

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
