"""Drawing one household: its members and allocations, fitted to the region's rules.

A household is validated with its region's policy; an allocation the policy still
rejects is drawn again in another form and dropped when no form fits.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Sequence

import attrs

from sociaaldomein.errors import SociaaldomeinError
from sociaaldomein.model.caseload import (
    Allocation,
    CareEvent,
    Case,
)
from sociaaldomein.model.catalog import Arrangement
from sociaaldomein.model.funding import StopReason
from sociaaldomein.model.household import Household, Law, Municipality, Person
from sociaaldomein.model.plan import Party, PartyKind
from sociaaldomein.model.validation import Severity, Violation
from sociaaldomein.policy.kinds import CareKind, kind_in
from sociaaldomein.policy.plugin import RegionPolicy
from sociaaldomein.synth.allocations import Draft, draw_draft, draw_start_day, year_end
from sociaaldomein.synth.calibration import (
    EXTRA_WMO_KIND_WEIGHTS,
    EXTRA_YOUTH_TRAJECTORY,
    GENERATOR_REF,
    PROVISIONS_PER_WMO_CLIENT,
    WMO_KIND_WEIGHTS,
    YOUTH_HOUSEHOLD_SHARE,
    YOUTH_KIND_WEIGHTS,
    draw_birth,
    weekly_volume,
    weighted,
    wmo_age,
    youth_age,
)
from sociaaldomein.synth.events import allocation_and_events
from sociaaldomein.synth.national import stacked
from sociaaldomein.synth.offers import Offer
from sociaaldomein.synth.plans import PlanForm, draw_plan, plan_forms

__all__ = ["build_case", "choose_kind", "draw_household", "fits", "problems", "same_provider", "settle_case_forms", "validation_day", "variants", "with_client"]


def build_case(household: Household, drafts: Sequence[Draft], form: PlanForm, offer: Offer,
                policy: RegionPolicy) -> Case:
    case_id = household.id
    clients: dict[str, Person] = {}
    for draft in drafts:
        clients.setdefault(draft.client.id, draft.client)
    members = tuple(clients.values()) + tuple(
        p for p in household.members if p.id not in clients)
    household = Household(household.id, household.municipality, members)
    plan = draw_plan(case_id, drafts, form, Party(PartyKind.HOUSEHOLD),
                 Party(PartyKind.ACCESS_TEAM), offer)
    allocations: list[Allocation] = []
    events: list[CareEvent] = []
    for i, draft in enumerate(drafts, start=1):
        alloc, evs = allocation_and_events(draft, f"{case_id}-a{i}", case_id, plan.id, offer.year)
        allocations.append(alloc)
        events.extend(evs)
    case = Case(household, (plan,), tuple(allocations), tuple(events))
    try:
        roles = policy.coordination(case, plan, plan.drawn_up_on)
    except SociaaldomeinError:
        return case
    regisseur = roles.regisseur or plan.regisseur
    coordinator = roles.coordinator or Party(PartyKind.ACCESS_TEAM)
    plan = attrs.evolve(plan, regisseur=regisseur, coordinators=(coordinator,))
    return Case(household, (plan,), tuple(allocations), tuple(events))


def validation_day(case: Case) -> dt.date:
    """The day :func:`sociaaldomein.validate` judges a household on by default."""
    dates = [a.period.start for a in case.allocations] + [p.drawn_up_on for p in case.plans]
    return min(dates)


def problems(policy: RegionPolicy, case: Case) -> list[Violation]:
    if not case.allocations:
        return []
    try:
        for alloc in case.allocations:
            policy.price(case, alloc, alloc.period.start)
        return policy.validate(case, validation_day(case))
    except SociaaldomeinError as exc:
        return [Violation(exc.code, Severity.ERROR, exc.message, "", GENERATOR_REF)]


def fits(policy: RegionPolicy, case: Case) -> bool:
    return not stacked(case) and not problems(policy, case)


def settle_case_forms(
    household: Household, drafts: list[Draft], offer: Offer, policy: RegionPolicy,
    rng: random.Random,
) -> tuple[Case | None, int]:
    """The first form of the household the policy accepts, and how many drafts were dropped."""
    forms = plan_forms(any(d.law is Law.JEUGDWET for d in drafts))
    code = household.municipality.code
    for form in forms[:2]:
        case = build_case(household, drafts, form, offer, policy)
        if fits(policy, case):
            for draft in drafts:
                offer.learn(code, draft.arrangement.code, len(drafts) == 1, True)
            return case, 0
    # allocation by allocation: keep what fits, try other forms of what does not, and
    # give what did not fit a second chance once the others are in
    kept: list[Draft] = []
    best = forms[0]
    waiting = list(drafts)
    for _round in range(2):
        missed: list[Draft] = []
        for draft in waiting:
            placed = False
            for before, candidate in variants(draft, kept, offer, rng, code):
                for form in (best, *(f for f in forms if f != best)):
                    case = build_case(household, [*before, candidate], form, offer, policy)
                    if fits(policy, case):
                        kept = [*before, candidate]
                        best = form
                        placed = True
                        break
                offer.learn(code, candidate.arrangement.code, not before, placed)
                if placed:
                    break
            if not placed:
                missed.append(draft)
        waiting = missed
        if not waiting or not kept:
            break
    dropped = len(waiting)
    if not kept:
        return None, dropped
    return build_case(household, kept, best, offer, policy), dropped


def with_client(draft: Draft, client: Person) -> Draft:
    return attrs.evolve(draft, client=client)


def variants(draft: Draft, kept: Sequence[Draft], offer: Offer, rng: random.Random,
              municipality: str) -> Iterable[tuple[list[Draft], Draft]]:
    """Other forms of a draft, each with the drafts kept before it (which a form may
    change: an earlier arrangement ends when a new one for the same client starts)."""
    before = list(kept)
    yield before, draft
    same = [i for i, d in enumerate(kept) if d.client.id == draft.client.id and d.law is draft.law]
    client = next((d.client for d in kept if d.client.id == draft.client.id), draft.client)
    draft = with_client(draft, client)
    if same:
        # a change: the earlier arrangement ends the day the new one starts
        changed = list(kept)
        ok = True
        latest = max(kept[i].start for i in same)
        if draft.start <= latest + dt.timedelta(days=14):
            moved = latest + dt.timedelta(days=rng.randint(30, 120))
            if moved < year_end(offer.year) - dt.timedelta(days=30):
                draft = attrs.evolve(draw_draft(rng, offer, client, draft.law, draft.kind,
                                                 draft.arrangement, moved),
                                     provider=draft.provider)
            else:
                ok = False
        for i in same:
            old = kept[i]
            if not ok:
                break
            if old.end > draft.start:
                changed[i] = attrs.evolve(old, end=draft.start, reason=StopReason.CHANGED,
                                          planned_end=max(old.planned_end, draft.start + dt.timedelta(days=1)))
        if ok:
            yield changed, draft
        after = max(kept[i].end for i in same)
        if after < year_end(offer.year) - dt.timedelta(days=30):
            yield before, attrs.evolve(
                draw_draft(rng, offer, client, draft.law, draft.kind, draft.arrangement, after),
                provider=draft.provider)
    if draft.referred_by is not PartyKind.ACCESS_TEAM:
        yield before, attrs.evolve(draft, referred_by=PartyKind.ACCESS_TEAM)
    if draft.start < dt.date(offer.year, 1, 1):
        yield before, attrs.evolve(
            draw_draft(rng, offer, draft.client, draft.law, draft.kind, draft.arrangement,
                        dt.date(offer.year, 1, 1)),
            provider=draft.provider)
    if not any(d.client.id == draft.client.id for d in kept):
        ages = (3, 9, 13) if draft.law is Law.JEUGDWET else (30, 72)
        for age in ages:
            person = Person(draft.client.id, draw_birth(rng, age, age, draft.start))
            yield before, with_client(draft, person)
    pool = offer.pool(draft.law, draft.kind, municipality, not kept)
    others = [a for a in pool if a.code != draft.arrangement.code]
    rng.shuffle(others)
    elsewhere = [a for (law, kind) in offer.by_kind
                 if law is draft.law and kind is not draft.kind
                 for a in offer.pool(law, kind, municipality, not kept)]
    rng.shuffle(elsewhere)
    for arrangement in others[:5] + elsewhere[:3]:
        kind = kind_in(offer.policy, arrangement)
        yield before, attrs.evolve(draft, arrangement=arrangement, kind=kind,
                                   provider=same_provider(kept, offer, arrangement, rng),
                                   weekly=weekly_volume(rng, arrangement.unit, kind))


def same_provider(kept: Sequence[Draft], offer: Offer, arrangement: Arrangement,
                   rng: random.Random) -> str:
    """The provider already working for the household when it offers the arrangement
    (one provider under one coordinator), else one that does."""
    offered = offer.providers[arrangement.code]
    for draft in kept:
        if draft.provider in offered:
            return draft.provider
    return rng.choice(offered)


def choose_kind(rng: random.Random, offer: Offer, law: Law, weights: dict[str, float],
                 municipality: str, first: bool = False) -> CareKind | None:
    items = [(CareKind(k), w) for k, w in weights.items()
             if offer.pool(law, CareKind(k), municipality, first)]
    if not items:
        items = [(k, 1.0) for (lw, k) in offer.by_kind
                 if lw is law and offer.pool(law, k, municipality, first)]
    if not items:
        return None
    return weighted(rng, items)  # type: ignore[return-value]


def draw_household(rng: random.Random, offer: Offer, hid: str,
                    municipality: Municipality) -> tuple[Household, list[Draft]]:
    year = offer.year
    jan1 = dt.date(year, 1, 1)
    code = municipality.code
    has_youth = any(law is Law.JEUGDWET for law, _ in offer.by_kind)
    has_wmo = any(law is Law.WMO for law, _ in offer.by_kind)
    youth = has_youth and (not has_wmo or rng.random() < YOUTH_HOUSEHOLD_SHARE)
    members: list[Person] = []
    drafts: list[Draft] = []
    if youth:
        children = 1 if rng.random() < 0.7 else 2
        parents = 2 if rng.random() < 0.65 else 1
        for p in range(parents):
            members.append(Person(f"{hid}-p{p + 1}", draw_birth(rng, 30, 52, jan1)))
        for c in range(children):
            kind = choose_kind(rng, offer, Law.JEUGDWET, YOUTH_KIND_WEIGHTS, code, first=not drafts)
            if kind is None:
                break
            low, high = youth_age(rng, kind)
            start = draw_start_day(rng, offer)
            # young enough to stay under 18 all through the care in this year
            child = Person(f"{hid}-k{c + 1}", draw_birth(rng, low, high, start))
            if child.age_on(dt.date(year, 12, 31)) >= 18:
                child = Person(child.id, draw_birth(rng, low, 16, jan1))
            members.append(child)
            count = 1 + (rng.random() < EXTRA_YOUTH_TRAJECTORY[0]) + (rng.random() < EXTRA_YOUTH_TRAJECTORY[1])
            for n in range(count):
                if n:
                    kind = choose_kind(rng, offer, Law.JEUGDWET, YOUTH_KIND_WEIGHTS, code) or kind
                    start = draw_start_day(rng, offer)
                arrangement = rng.choice(offer.pool(Law.JEUGDWET, kind, code, not drafts)
                                         or offer.by_kind[(Law.JEUGDWET, kind)])
                drafts.append(draw_draft(rng, offer, child, Law.JEUGDWET, kind, arrangement, start))
        if has_wmo and rng.random() < 0.06 and members:
            kind = choose_kind(rng, offer, Law.WMO, {"guidance": 1.0}, code)
            if kind is not None:
                parent = members[0]
                arrangement = rng.choice(offer.pool(Law.WMO, kind, code)
                                         or offer.by_kind[(Law.WMO, kind)])
                drafts.append(draw_draft(rng, offer, parent, Law.WMO, kind, arrangement,
                                          draw_start_day(rng, offer)))
    else:
        first = choose_kind(rng, offer, Law.WMO, WMO_KIND_WEIGHTS, code, first=True)
        if first is None:
            return Household(hid, municipality, (Person(f"{hid}-p1", draw_birth(rng, 40, 80, jan1)),)), []
        low, high = wmo_age(rng, first)
        client = Person(f"{hid}-p1", draw_birth(rng, low, high, jan1))
        members.append(client)
        if rng.random() < 0.35:
            members.append(Person(f"{hid}-p2", draw_birth(rng, max(19, low - 3), high, jan1)))
        provisions = weighted(rng, PROVISIONS_PER_WMO_CLIENT)
        assert isinstance(provisions, int)
        kinds = [first]
        for _ in range(provisions - 1):
            # another kind of care, not the same one twice at once
            rest = {k: w for k, w in EXTRA_WMO_KIND_WEIGHTS.items() if CareKind(k) not in kinds}
            kind = choose_kind(rng, offer, Law.WMO, rest, code) if rest else None
            if kind is None or kind in kinds:
                break
            kinds.append(kind)
        base_start = draw_start_day(rng, offer)
        for n, kind in enumerate(kinds):
            arrangement = rng.choice(offer.pool(Law.WMO, kind, code, first=n == 0)
                                     or offer.by_kind[(Law.WMO, kind)])
            start = base_start if n == 0 or rng.random() < 0.6 else draw_start_day(rng, offer)
            drafts.append(draw_draft(rng, offer, client, Law.WMO, kind, arrangement, start))
    if drafts:
        # one provider for the household where it offers the care (one coordinator's team)
        main = drafts[0].provider
        drafts = [attrs.evolve(d, provider=main) if main in offer.providers[d.arrangement.code]
                  else d for d in drafts]
    return Household(hid, municipality, tuple(members)), drafts
