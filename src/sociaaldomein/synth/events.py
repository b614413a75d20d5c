"""The care events of a drafted allocation: start, monthly deliveries, evaluations, the
stop with its reason, and the end report of youth care completed according to plan."""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal

from sociaaldomein.model.caseload import (
    Allocation,
    CareEvent,
    Delivery,
    EndProposal,
    EndReport,
    Evaluation,
    GoalRealisation,
    Start,
    Stop,
)
from sociaaldomein.model.catalog import Unit
from sociaaldomein.model.funding import StopReason
from sociaaldomein.model.household import Law
from sociaaldomein.model.periods import Period
from sociaaldomein.synth.allocations import Draft, make_allocation, year_end

__all__ = ["allocation_and_events", "delivered_volume", "draft_events"]


@functools.lru_cache(maxsize=8192)
def allocation_and_events(draft: Draft, alloc_id: str, household_id: str, plan_id: str,
                           year: int) -> tuple[Allocation, tuple[CareEvent, ...]]:
    """The allocation of a draft and the care events of its contract year."""
    allocation = make_allocation(draft, alloc_id, household_id, plan_id)
    return allocation, tuple(draft_events(draft, alloc_id, year))


def draft_events(draft: Draft, alloc_id: str, year: int) -> list[CareEvent]:
    """The care events of a draft: its start, a delivery per month of the contract year
    (for care bought per unit), its evaluations, and its stop with the reason drawn (and an
    end report for youth care completed according to plan)."""
    unit = draft.arrangement.unit
    volume = draft.weekly
    events: list[CareEvent] = [Start(alloc_id, draft.start)]
    care = Period(draft.start, min(draft.end, year_end(year)))
    in_year = care.intersection(Period.year(year))
    if unit is not None and volume is not None and in_year is not None:
        for part in in_year.split_by_month():
            quantity = delivered_volume(volume, unit, part.days)
            if quantity:
                events.append(Delivery(alloc_id, part.last_day, quantity, unit))
    for offset, contributes, goals, mark in draft.evaluations:
        day = draft.start + dt.timedelta(days=offset)
        if day in care:
            events.append(Evaluation(alloc_id, day, contributes=contributes, goals=goals,
                                     continues_without_help=goals is GoalRealisation.REALISED,
                                     problems_decreased=goals is not GoalRealisation.NOT_REALISED,
                                     satisfaction=mark,
                                     result_area=draft.arrangement.result_area))
    if draft.reason is not None:
        events.append(Stop(alloc_id, draft.end, draft.reason))
        if draft.law is Law.JEUGDWET and draft.reason is StopReason.COMPLETED:
            events.append(EndReport(alloc_id, draft.end - dt.timedelta(days=1), EndProposal.CLOSE))
    return events


def delivered_volume(weekly: Decimal, unit: Unit, days: int) -> Decimal:
    if unit in (Unit.PIECE_OUTPUT, Unit.PIECE_EFFORT, Unit.EURO):
        return Decimal(1)
    if unit is Unit.ETMAAL:
        return Decimal(min(days, int((weekly * days / 7).to_integral_value())))
    return (weekly * days / 7).quantize(Decimal(1))
