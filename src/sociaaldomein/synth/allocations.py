"""Drafting one allocation: the arrangement, client, provider, dates and volume drawn for
a kind of care, and the decision (:class:`~sociaaldomein.Allocation`) it stands for."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import attrs

from sociaaldomein.model.caseload import (
    Allocation,
    GoalRealisation,
)
from sociaaldomein.model.catalog import Arrangement, Frequency, Unit
from sociaaldomein.model.funding import StopReason
from sociaaldomein.model.household import Law, Person
from sociaaldomein.model.periods import Period
from sociaaldomein.model.plan import PartyKind
from sociaaldomein.policy.kinds import CareKind
from sociaaldomein.synth.calibration import (
    CARRY_OVER_SHARE,
    DROPOUT,
    YOUTH_MEAN_DAYS,
    draw_satisfaction,
    weekly_volume,
    weighted,
)
from sociaaldomein.synth.offers import Offer

__all__ = ["Draft", "draw_draft", "draw_start_day", "make_allocation", "year_end"]


def draw_start_day(rng: random.Random, offer: Offer) -> dt.date:
    jan1 = dt.date(offer.year, 1, 1)
    if rng.random() < CARRY_OVER_SHARE:
        if offer.carry_over:
            return jan1 - dt.timedelta(days=rng.randint(1, 364))
        return jan1
    return jan1 + dt.timedelta(days=rng.randint(1, 320))


@attrs.frozen
class Draft:
    """An allocation being drawn, before it becomes an :class:`Allocation` with events."""

    client: Person
    law: Law
    kind: CareKind
    arrangement: Arrangement
    provider: str
    start: dt.date
    planned_end: dt.date
    end: dt.date
    reason: StopReason | None
    referred_by: PartyKind
    referred_on: dt.date
    decided_on: dt.date
    weekly: Decimal | None
    evaluations: tuple[tuple[int, bool, GoalRealisation, int], ...]


def year_end(year: int) -> dt.date:
    return dt.date(year + 1, 1, 1)


def draw_draft(
    rng: random.Random, offer: Offer, client: Person, law: Law, kind: CareKind,
    arrangement: Arrangement, start: dt.date,
) -> Draft:
    year = offer.year
    crisis = kind is CareKind.CRISIS
    if law is Law.JEUGDWET:
        length = max(42, min(1095, int(rng.expovariate(1 / YOUTH_MEAN_DAYS))))
        if crisis:
            length = rng.randint(14, 90)
    else:
        length = rng.randint(180, 1095)
    jan1 = dt.date(year, 1, 1)
    if start < jan1 and (start + dt.timedelta(days=length)) < jan1 + dt.timedelta(days=30):
        # carried over into the year: it still runs in it
        length = (jan1 - start).days + rng.randint(30, 400)
    # no decision runs beyond the region's last contract year
    last = dt.date(max(offer.policy.contract_years) + 1, 1, 1)
    planned_end = min(start + dt.timedelta(days=length), max(last, start + dt.timedelta(days=14)))
    reason: StopReason | None = None
    end = planned_end
    if planned_end < year_end(year):
        reason = weighted(rng, DROPOUT)  # type: ignore[assignment]
    elif law is Law.WMO and rng.random() < 0.06:
        reason = weighted(rng, DROPOUT[1:])  # type: ignore[assignment]
        end = start + dt.timedelta(days=rng.randint(30, max(31, (year_end(year) - start).days - 1)))
    if reason is not None and reason is not StopReason.COMPLETED and end == planned_end:
        # ended early: the plan had it run longer
        planned_end = end + dt.timedelta(days=rng.randint(30, 180))
    if end >= year_end(year):
        reason = None
    if reason is not None and end <= start:
        end = start + dt.timedelta(days=7)
    earliest = dt.date(year - 1, 1, 1) if offer.carry_over else jan1
    if crisis or start <= earliest:
        referred_on = decided_on = start
    else:
        decided_on = max(earliest, start - dt.timedelta(days=rng.randint(0, 42)))
        referred_on = max(earliest, decided_on - dt.timedelta(days=rng.randint(0, 21)))
    if law is Law.WMO:
        referred_by = PartyKind.ACCESS_TEAM
    elif kind is CareKind.YOUTH_PROTECTION:
        referred_by = PartyKind.GI
    else:
        referred_by = PartyKind.ACCESS_TEAM if rng.random() < 0.45 else PartyKind.GP
    weekly = weekly_volume(rng, arrangement.unit, kind)
    evaluations: list[tuple[int, bool, GoalRealisation, int]] = []
    care_days = (min(end, year_end(year)) - start).days
    if care_days > 150:
        contributes = rng.random() > 0.04
        goals = weighted(rng, ((GoalRealisation.REALISED, 0.35), (GoalRealisation.PARTLY, 0.45),
                                (GoalRealisation.NOT_REALISED, 0.20)))
        evaluations.append((rng.randint(90, 150), contributes, goals,  # type: ignore[arg-type]
                            draw_satisfaction(rng)))
    if reason is not None:
        good = reason is StopReason.COMPLETED
        goals = weighted(rng, ((GoalRealisation.REALISED, 0.65 if good else 0.10),
                                (GoalRealisation.PARTLY, 0.30 if good else 0.40),
                                (GoalRealisation.NOT_REALISED, 0.05 if good else 0.50)))
        evaluations.append((max(1, (end - start).days - 1), True, goals,  # type: ignore[arg-type]
                            draw_satisfaction(rng)))
    provider = rng.choice(offer.providers[arrangement.code])
    return Draft(client, law, kind, arrangement, provider, start, planned_end, end, reason,
                  referred_by, referred_on, decided_on, weekly, tuple(evaluations))


def make_allocation(draft: Draft, alloc_id: str, household_id: str, plan_id: str) -> Allocation:
    """The allocation (decision) a draft stands for: its volume per week, or per month for
    pieces and euros."""
    unit = draft.arrangement.unit
    volume = draft.weekly
    frequency = Frequency.PER_WEEK if unit is not None else None
    if unit in (Unit.PIECE_OUTPUT, Unit.PIECE_EFFORT, Unit.EURO):
        frequency = Frequency.PER_MONTH
    return Allocation(
        alloc_id, household_id, draft.client.id, draft.arrangement.code, draft.provider,
        Period(draft.start, draft.planned_end), plan_id=plan_id, decided_on=draft.decided_on,
        referred_on=draft.referred_on, referred_by=draft.referred_by, volume=volume,
        unit=unit, frequency=frequency,
    )
