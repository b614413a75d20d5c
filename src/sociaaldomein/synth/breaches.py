"""Deliberate breaches: a few households per region get one rule breach of a known kind,
kept only when the region's validation reports it."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

import attrs

from sociaaldomein.model.caseload import (
    Case,
    Refusal,
    Start,
)
from sociaaldomein.model.plan import Party, PartyKind
from sociaaldomein.policy.registry import Registry
from sociaaldomein.synth.calibration import BREACH_RATE, draw_birth
from sociaaldomein.synth.households import problems, validation_day

__all__ = ["BREACH_KINDS", "Breach"]


@attrs.frozen
class Breach:
    """A rule breach put into the caseload on purpose, and the codes validation found."""

    household: str
    region: str
    kind: str
    description: str
    codes: tuple[str, ...]


Mutation = Callable[[Case, random.Random], "tuple[Case, str] | None"]


def _breach_age(case: Case, rng: random.Random) -> tuple[Case, str] | None:
    alloc = case.allocations[0]
    client = case.client(alloc)
    start = alloc.period.start
    if client.age_on(start) >= 18:
        birth, what = draw_birth(rng, 16, 16, start), "a 16-year-old"
    else:
        birth, what = draw_birth(rng, 30, 30, start), "a 30-year-old"
    person = attrs.evolve(client, birth_date=birth)
    household = attrs.evolve(case.household, members=tuple(
        person if p.id == client.id else p for p in case.household.members))
    return (attrs.evolve(case, household=household),
            f"{alloc.arrangement} allocated to {what} ({alloc.id})")


def _breach_two_coordinators(case: Case, _rng: random.Random) -> tuple[Case, str] | None:
    plan = case.plans[0]
    second = Party(PartyKind.PROVIDER, case.allocations[0].provider)
    if second in plan.coordinators:
        second = Party(PartyKind.ACCESS_TEAM)
    plan = attrs.evolve(plan, coordinators=(*plan.coordinators, second))
    return attrs.evolve(case, plans=(plan,)), f"plan {plan.id} names two coordinators"


def _breach_no_goals(case: Case, _rng: random.Random) -> tuple[Case, str] | None:
    plan = case.plans[0]
    if not plan.goals:
        return None
    return (attrs.evolve(case, plans=(attrs.evolve(plan, goals=()),)),
            f"plan {plan.id} sets no goals for its result areas")


def _breach_overlap(case: Case, _rng: random.Random) -> tuple[Case, str] | None:
    alloc = case.allocations[0]
    twin = attrs.evolve(alloc, id=f"{alloc.id}-dup")
    return (attrs.evolve(case, allocations=(*case.allocations, twin),
                         events=(*case.events, Start(twin.id, twin.period.start))),
            f"{alloc.arrangement} allocated twice at once to client {alloc.client_id}")


def _breach_refusal(case: Case, _rng: random.Random) -> tuple[Case, str] | None:
    alloc = case.allocations[0]
    refusal = Refusal(alloc.id, alloc.decided_on or alloc.period.start, alloc.provider, None)
    return (attrs.evolve(case, events=(*case.events, refusal)),
            f"provider {alloc.provider} refused client {alloc.client_id} without a condition")


def _breach_late_crisis(case: Case, _rng: random.Random) -> tuple[Case, str] | None:
    for alloc in case.allocations:
        if alloc.referred_on is not None and alloc.referred_on == alloc.period.start:
            referred = alloc.period.start - dt.timedelta(days=3)
            moved = attrs.evolve(alloc, referred_on=referred, decided_on=referred)
            return (attrs.evolve(case, allocations=tuple(
                moved if a.id == alloc.id else a for a in case.allocations)),
                f"{alloc.id} starts three days after the referral")
    return None


def _breach_no_reason(case: Case, _rng: random.Random) -> tuple[Case, str] | None:
    plan = case.plans[0]
    return (attrs.evolve(case, plans=(attrs.evolve(plan, general_provision_reason=None),)),
            f"plan {plan.id} does not say why a general provision does not suffice")


def _breach_gp_referral(case: Case, _rng: random.Random) -> tuple[Case, str] | None:
    alloc = case.allocations[0]
    moved = attrs.evolve(alloc, referred_by=PartyKind.GP)
    return (attrs.evolve(case, allocations=(moved, *case.allocations[1:])),
            f"{alloc.id} was referred by a GP")


BREACH_KINDS: dict[str, Mutation] = {
    "age": _breach_age,
    "two_coordinators": _breach_two_coordinators,
    "overlap": _breach_overlap,
    "no_goals": _breach_no_goals,
    "refusal_without_condition": _breach_refusal,
    "late_crisis_start": _breach_late_crisis,
    "no_general_provision_reason": _breach_no_reason,
    "gp_referral": _breach_gp_referral,
}
"""The kinds of deliberate breach the generator knows; a region gets those it detects."""


def inject_breaches(cases: list[Case], registry: Registry, rng: random.Random,
                     region: str) -> list[Breach]:
    """Break about 1 in 100 households on purpose, each kind the region detects at least
    once; a kind counts as detected when the region's validation reports the broken case."""
    wanted = max(1, round(len(cases) * BREACH_RATE))
    order = list(range(len(cases)))
    rng.shuffle(order)
    kinds = list(BREACH_KINDS)
    detected: list[str] = []
    misses: dict[str, int] = dict.fromkeys(kinds, 0)
    breaches: list[Breach] = []
    turn = 0
    limit = max(1, len(cases) // 10)
    for index in order:
        untried = [k for k in kinds if k not in detected and misses[k] < 3]
        if (len(breaches) >= wanted and not untried) or len(breaches) >= limit:
            break
        if not untried and not detected:
            break
        case = cases[index]
        if not case.allocations:
            continue
        local = registry.policy_for(case.household.municipality.code, validation_day(case))
        rotation = detected[turn % len(detected):] + detected[:turn % len(detected)] if detected else []
        for kind in untried + rotation:
            made = BREACH_KINDS[kind](case, rng)
            if made is None:
                misses[kind] += 1
                continue
            broken, description = made
            found = problems(local, broken)
            if not found or any(v.code.startswith("SD-") for v in found):
                misses[kind] += 3  # the region does not check this, or cannot price it
                continue
            cases[index] = broken
            codes = tuple(sorted({v.code for v in found}))
            breaches.append(Breach(case.household.id, region, kind, description, codes))
            if kind not in detected:
                detected.append(kind)
            turn += 1
            break
    return breaches
