"""Carrying a caseload to another region: its municipalities, catalog and contract years,
each allocation mapped to the arrangement of the same kind of care."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

import attrs

from sociaaldomein.errors import SociaaldomeinError
from sociaaldomein.model.caseload import (
    Allocation,
    CareEvent,
    Caseload,
    Delivery,
    Stop,
)
from sociaaldomein.model.catalog import Arrangement, Frequency
from sociaaldomein.model.household import Household
from sociaaldomein.model.periods import Period
from sociaaldomein.model.plan import Goal, Plan
from sociaaldomein.policy.kinds import kind_in
from sociaaldomein.policy.plugin import RegionPolicy
from sociaaldomein.policy.registry import Registry, default_registry
from sociaaldomein.synth.allocations import year_end
from sociaaldomein.synth.calibration import weekly_volume
from sociaaldomein.synth.events import delivered_volume
from sociaaldomein.synth.national import numbered
from sociaaldomein.synth.offers import Offer, default_year, offer_of

__all__ = ["translate"]


def _shift(day: dt.date, years: int) -> dt.date:
    if day == dt.date.max:
        return day
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def translate(
    caseload: Caseload, target: RegionPolicy, *, year: int | None = None,
    registry: Registry | None = None,
) -> Caseload:
    """The same care under another region's catalog and funding rules: a what-if.

    Households move to the target region's member municipalities (in turn), dates shift
    to the target's contract year, and each allocation becomes the target's arrangement of
    the same :class:`CareKind` and law, at the same relative position in the catalog (so a
    light arrangement stays light). When the target prices per unit and the original has
    no deliveries, the volume of a typical week for that kind is delivered (the generator's
    defaults). Allocations with no counterpart are left out.
    """
    from sociaaldomein.settle.regions import region_years, split_by_region

    registry = registry or default_registry()
    target_year = year if year is not None else default_year(target)
    offer = offer_of(target, target_year)
    parts = split_by_region(caseload, registry)
    source_years = region_years(parts)
    home_year = {h.id: source_years[region] for region, part in parts.items()
                 for h in part.households}
    source_catalogs = {p.code: p for p in registry.policies()}
    rng = random.Random(f"translate:{target.code}:{target_year}")
    allocations: list[Allocation] = []
    events: list[CareEvent] = []
    households: list[Household] = []
    kept_households: set[str] = set()
    events_by_alloc: dict[str, list[CareEvent]] = {}
    for event in caseload.events:
        events_by_alloc.setdefault(event.allocation_id, []).append(event)
    for index, household in enumerate(caseload.households):
        municipality = offer.municipalities[index % len(offer.municipalities)]
        source_allocs = [a for a in caseload.allocations if a.household_id == household.id]
        if not source_allocs:
            continue
        offset = target_year - home_year.get(
            household.id, max(a.period.start for a in source_allocs).year)
        source_policy = _source_policy(household, source_allocs, source_catalogs, registry)
        members = tuple(attrs.evolve(p, birth_date=_shift(p.birth_date, offset))
                        for p in household.members)
        moved = Household(household.id, municipality, members)
        households.append(moved)
        for alloc in source_allocs:
            mapped = _counterpart(alloc.arrangement, source_policy, offer)
            if mapped is None:
                continue
            kept_households.add(household.id)
            period = Period(_shift(alloc.period.start, offset), _shift(alloc.period.end, offset))
            new = Allocation(
                alloc.id, alloc.household_id, alloc.client_id, mapped.code,
                rng.choice(offer.providers[mapped.code]), period, plan_id=alloc.plan_id,
                decided_on=alloc.decided_on and _shift(alloc.decided_on, offset),
                referred_on=alloc.referred_on and _shift(alloc.referred_on, offset),
                referred_by=alloc.referred_by,
                volume=alloc.volume if alloc.unit is mapped.unit else None,
                unit=mapped.unit if alloc.unit is mapped.unit else None,
            )
            old_events = events_by_alloc.get(alloc.id, [])
            shifted = [_shift_event(e, offset) for e in old_events]
            has_deliveries = any(isinstance(e, Delivery) for e in shifted)
            kept: list[CareEvent] = [e for e in shifted if not isinstance(e, Delivery)]
            if mapped.unit is not None:
                if has_deliveries and alloc.unit is mapped.unit:
                    kept = shifted
                else:
                    weekly = weekly_volume(rng, mapped.unit, kind_in(target, mapped))
                    assert weekly is not None
                    new = attrs.evolve(new, volume=weekly, unit=mapped.unit,
                                       frequency=Frequency.PER_WEEK)
                    stops = [e.date for e in shifted if isinstance(e, Stop)]
                    end = min([period.end, *stops, year_end(target_year)])
                    if end > period.start:
                        for part in Period(period.start, end).split_by_month():
                            quantity = delivered_volume(weekly, mapped.unit, part.days)
                            if quantity:
                                kept.append(Delivery(alloc.id, part.last_day, quantity, mapped.unit))
            allocations.append(new)
            events.extend(kept)
    plans = tuple(
        attrs.evolve(p, drawn_up_on=_shift(p.drawn_up_on, target_year - home_year.get(
            p.household_id, p.drawn_up_on.year)))
        for p in caseload.plans if p.household_id in kept_households
    )
    households = [h for h in households if h.id in kept_households]
    plans = tuple(_retarget_goals(p, allocations, offer) for p in plans)
    return Caseload(tuple(households), plans, numbered(allocations, households),
                    tuple(events))


def _retarget_goals(plan: Plan, allocations: Sequence[Allocation], offer: Offer) -> Plan:
    areas: list[Goal] = []
    seen: set[str] = set()
    for alloc in allocations:
        if alloc.plan_id != plan.id:
            continue
        area = offer.policy.catalog.arrangement(alloc.arrangement).result_area
        if area and area not in seen:
            seen.add(area)
            areas.append(Goal(area, "Resultaat bereikt", "ondersteuning nodig"))
    return attrs.evolve(plan, goals=tuple(areas))


def _shift_event(event: CareEvent, years: int) -> CareEvent:
    return attrs.evolve(event, date=_shift(event.date, years))


def _source_policy(household: Household, allocs: Sequence[Allocation],
                   policies: dict[str, RegionPolicy], registry: Registry) -> RegionPolicy | None:
    day = min(a.period.start for a in allocs)
    try:
        return registry.region_of(household.municipality.code, day)
    except SociaaldomeinError:
        for policy in policies.values():
            if all(policy.catalog.has_arrangement(a.arrangement) for a in allocs):
                return policy
    return None


def _counterpart(code: str, source: RegionPolicy | None, offer: Offer) -> Arrangement | None:
    if source is not None and source.code == offer.policy.code:
        return offer.policy.catalog.arrangement(code) if offer.policy.catalog.has_arrangement(code) else None
    if source is None or not source.catalog.has_arrangement(code):
        return None
    arrangement = source.catalog.arrangement(code)
    kind = kind_in(source, arrangement)
    for law in sorted(arrangement.laws, key=lambda x: x.value):
        pool = offer.by_kind.get((law, kind))
        if not pool:
            continue
        own = [a for a in source.catalog.arrangements
               if law in a.laws and kind_in(source, a) is kind]
        position = own.index(arrangement) if arrangement in own else 0
        if len(own) > 1:
            target_index = round(position * (len(pool) - 1) / (len(own) - 1))
        else:
            target_index = (len(pool) - 1) // 2
        return pool[target_index]
    return None
