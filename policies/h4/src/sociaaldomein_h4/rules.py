"""The H4 validation and coordination rules for one household's case.

Each check cites its clause of the *Inkoopplan Wmo Rijswijk 2017* and uses the rule id of
the inventory as its stable violation code. Where the document states a principle softened
by *zoveel mogelijk* or *als dat mogelijk is* (one household one plan; general provisions
first), the check is a warning: a person should look, the allocation is not refused.

Allocation flags this region documents:

* ``"other_law"``: an item of the plan under another law (Jeugdhulp, Participatiewet) or
  bought outside this purchase; H4 neither checks nor settles it (H4-07).
* ``"can_arrange_self"`` / ``"relatives_can_arrange"``: the access recorded that the client
  can arrange household help alone or with relatives (*naasten*) (H4-59, H4-67).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sociaaldomein import (
    Allocation,
    Case,
    Catalog,
    Coordination,
    Delivery,
    Membership,
    Party,
    PartyKind,
    Period,
    Plan,
    Severity,
    Unit,
    Violation,
)
from sociaaldomein.model.household import LAW_BOUNDARY_REF
from sociaaldomein.policy.checks import allocation_path, check_known_arrangements, check_law_by_age
from sociaaldomein_h4.catalog import (
    CLEAN_HOME,
    H4Arrangement,
    Part,
    Product,
    ProvisionClass,
    spec,
)
from sociaaldomein_h4.sources import (
    REF_AGE_18,
    REF_CATALOG_PRODUCTS,
    REF_GENERAL_FIRST,
    REF_HH_FLEXIBLE,
    REF_HH_NEED,
    REF_HH_RESULT,
    REF_MEMBERS,
    REF_ONE_HOUSEHOLD_ONE_PLAN,
    REF_ONE_PLAN_COMPOSITION,
    REF_OTHER_SOLUTIONS,
    REF_REGISSEUR,
    REF_RESULT_ORIENTED,
)

__all__ = [
    "ACCESS_H4",
    "ACCESS_RIJSWIJK",
    "FLAG_CAN_ARRANGE_SELF",
    "FLAG_OTHER_LAW",
    "FLAG_RELATIVES_CAN_ARRANGE",
    "active_plans",
    "coordination",
    "is_h4_item",
    "is_member",
    "membership_violations",
    "validate_case",
]

ACCESS_H4 = "Toegang (sociaal wijkteam, kernteam, Wmo loket, Wmo team)"
"""The access as footnote 4 of bijlage 3 names it (H4-92); the list is open (*etc.*)."""
ACCESS_RIJSWIJK = "Sociale Wijkteams en Zorgloket"
"""Rijswijk's access (Inleiding, *Waarom inkoopplan Rijswijk?*, H4-06)."""

FLAG_OTHER_LAW = "other_law"
FLAG_CAN_ARRANGE_SELF = "can_arrange_self"
FLAG_RELATIVES_CAN_ARRANGE = "relatives_can_arrange"

_HOUR_UNITS = (Unit.HOUR, Unit.MINUTE)


def is_h4_item(allocation: Allocation) -> bool:
    """Whether H4 judges and settles the allocation (not an item under another law, H4-07)."""
    return FLAG_OTHER_LAW not in allocation.flags


def coordination(plan: Plan, access_name: str) -> Coordination:
    """The regisseursmodel (bijlage 3, H4-95; Inleiding, H4-06; kept by all four members,
    h3 §3.2, H4-53): the client, with relatives, is the regisseur; the access supports
    where needed and is the coordinator unless the plan names one."""
    regisseur = plan.regisseur if plan.regisseur is not None and plan.regisseur.kind in (
        PartyKind.CLIENT, PartyKind.HOUSEHOLD) else Party(PartyKind.CLIENT)
    coordinator = (plan.coordinators[0] if len(plan.coordinators) == 1
                   else Party(PartyKind.ACCESS_TEAM, name=access_name))
    return Coordination(
        regisseur, coordinator, REF_REGISSEUR,
        f"the client (with relatives) is regisseur; {access_name} supports where needed",
    )


def is_member(members: Iterable[Membership], municipality: str, period: Period) -> bool:
    """Whether ``municipality`` (CBS code) is a member of H4 on some day of ``period``
    (Inleiding, H4-05)."""
    return any(m.municipality.code == municipality and m.period.overlaps(period)
               for m in members)


def membership_violations(case: Case, on: dt.date,
                          members: tuple[Membership, ...]) -> list[Violation]:
    """H4-05 (Inleiding): a household outside the four members, handed to the policy
    directly, is an error."""
    code = case.household.municipality.code
    if is_member(members, code, Period(on, on + dt.timedelta(days=1))):
        return []
    names = ", ".join(f"{m.municipality.name} ({m.municipality.code})" for m in members)
    return [Violation(
        "H4-05", Severity.ERROR,
        f"household {case.household.id} lives in municipality {code} "
        f"({case.household.municipality.name}), which is not a member of H4 on "
        f"{on.isoformat()}; H4 is {names}",
        f"households[{case.household.id}].municipality", REF_MEMBERS,
    )]


def active_plans(case: Case, on: dt.date) -> list[Plan]:
    """The plans in force on ``on``: drawn up by then and not past their term."""
    return [p for p in case.plans
            if p.drawn_up_on <= on and (p.term_end is None or on < p.term_end)]


def _maatwerk(allocation: Allocation, extra: tuple[H4Arrangement, ...]) -> H4Arrangement | None:
    item = spec(allocation.arrangement, extra)
    if item is None or item.provision_class is not ProvisionClass.MAATWERK:
        return None
    return item


def validate_case(
    case: Case, on: dt.date, catalog: Catalog, extra: tuple[H4Arrangement, ...] = (),
    *, allow_other_solutions: bool = True,
) -> list[Violation]:
    """Every violation of the H4 rules in one household's case on ``on``."""
    own = Case(case.household, case.plans,
               tuple(a for a in case.allocations if is_h4_item(a)), case.events)
    out: list[Violation] = []
    out += check_known_arrangements(own, catalog, "H4-03", REF_CATALOG_PRODUCTS)
    out += check_law_by_age(own, catalog, "H4-LAW", LAW_BOUNDARY_REF)
    if not allow_other_solutions:
        out += _no_free_general_provision(own)
    out += _one_household_one_plan(case, on)
    out += _age_18_transition(case, extra)
    out += _regisseur(case)
    for allocation in own.allocations:
        item = _maatwerk(allocation, extra)
        if item is None:
            continue
        plan = case.plan(allocation.plan_id)
        path = allocation_path(case, allocation)
        out += _units(case, allocation, item, path)
        if plan is None:
            out.append(Violation(
                "H4-09", Severity.WARNING,
                f"tailor-made allocation {allocation.id} ({item.name}) belongs to no plan of "
                f"household {case.household.id}; a household works on one plan that combines "
                "general, basic and tailor-made provisions",
                path + ".plan_id", REF_ONE_PLAN_COMPOSITION,
            ))
            if item.product is Product.HUISHOUDELIJKE_HULP:
                # without a plan there is no result either, and the need rule still holds
                out += _household_help(allocation, None, path)
            continue
        out += _general_first(allocation, item, plan, path)
        if item.product is Product.HUISHOUDELIJKE_HULP:
            out += _household_help(allocation, plan, path)
        elif not any(g.desired_result.strip() for g in plan.goals):
            out.append(Violation(
                "H4-13", Severity.WARNING,
                f"plan {plan.id} names no result for tailor-made allocation {allocation.id} "
                f"({item.name}); support is demand- and result-oriented",
                path + ".plan_id", REF_RESULT_ORIENTED,
            ))
    return out


def _units(case: Case, allocation: Allocation, item: H4Arrangement,
           path: str) -> list[Violation]:
    """H4-03: kortdurend verblijf is counted in etmalen (Eenheid 14) and vervoer in rides
    (Eenheid 82); an allocation or a delivery in another unit cannot be settled, so it is
    an error here rather than a failure at settlement."""
    if item.unit is None:
        return []
    out: list[Violation] = []
    if allocation.unit is not None and allocation.unit is not item.unit:
        out.append(Violation(
            "H4-03", Severity.ERROR,
            f"allocation {allocation.id} ({item.name}) is in {allocation.unit.label} "
            f"(Eenheid {allocation.unit.value}); this product is counted in "
            f"{item.unit.label} (Eenheid {item.unit.value})",
            path + ".unit", REF_CATALOG_PRODUCTS,
        ))
    for i, event in enumerate(case.events):
        if (isinstance(event, Delivery) and event.allocation_id == allocation.id
                and event.unit is not item.unit):
            out.append(Violation(
                "H4-03", Severity.ERROR,
                f"delivery of {event.quantity} {event.unit.label} on "
                f"{event.date.isoformat()} for allocation {allocation.id} ({item.name}); "
                f"this product is counted in {item.unit.label} (Eenheid {item.unit.value})",
                f"households[{case.household.id}].events[{i}].unit", REF_CATALOG_PRODUCTS,
            ))
    return out


def _general_first(allocation: Allocation, item: H4Arrangement, plan: Plan,
                   path: str) -> list[Violation]:
    """H4-94 (bijlage 3, bullet 6): general provisions are used instead of tailor-made ones
    where possible, so a tailor-made allocation's plan records why a general provision
    does not suffice. A warning: the document states it as a principle (*als dat mogelijk
    is*)."""
    if plan.general_provision_reason and plan.general_provision_reason.strip():
        return []
    return [Violation(
        "H4-94", Severity.WARNING,
        f"tailor-made allocation {allocation.id} ({item.name}): plan {plan.id} records no "
        "reason why a general provision does not suffice",
        path + ".plan_id", REF_GENERAL_FIRST,
    )]


def _household_help(allocation: Allocation, plan: Plan | None, path: str) -> list[Violation]:
    """Household help as *maatwerkvoorziening* (h3 §3.2).

    * H4-58: its result is a clean and liveable home, so the plan names that result (the
      stricter reading of rules ambiguity 13: an error).
    * H4-59 / H4-67: only for those who cannot arrange it alone or with relatives; who can
      is served by the basic provision (an error).
    * H4-60 / H4-62: the allocation fixes the result and leaves the how to client and
      provider; an allocation in hours steers on hours (a warning).
    """
    out: list[Violation] = []
    if plan is None or not plan.has_explicit_result(CLEAN_HOME.code):
        where = f"plan {plan.id} names" if plan is not None else "it belongs to no plan, so names"
        out.append(Violation(
            "H4-58", Severity.ERROR,
            f"household help {allocation.id}: {where} no result in "
            f"'{CLEAN_HOME.code}' ({CLEAN_HOME.name}), the result this provision is for",
            path + ".plan_id", REF_HH_RESULT,
        ))
    who = [w for f, w in ((FLAG_CAN_ARRANGE_SELF, "the client can arrange it alone"),
                          (FLAG_RELATIVES_CAN_ARRANGE, "relatives can arrange it"))
           if f in allocation.flags]
    if who:
        out.append(Violation(
            "H4-59", Severity.ERROR,
            f"household help {allocation.id} as tailor-made provision while "
            f"{' and '.join(who)}; it is for those who cannot, the others are served by the "
            "basic household-help provision (hh-basis, H4-67)",
            path + ".flags", REF_HH_NEED,
        ))
    if allocation.volume is not None and allocation.unit in _HOUR_UNITS:
        out.append(Violation(
            "H4-60", Severity.WARNING,
            f"household help {allocation.id} fixes {allocation.volume} "
            f"{allocation.unit.label if allocation.unit else ''}; the provision fixes the "
            "result and leaves the how to client and provider (steering on results, not "
            "hours, H4-62)",
            path + ".volume", REF_HH_FLEXIBLE,
        ))
    return out


def _eighteenth_birthday(birth: dt.date) -> dt.date:
    try:
        return birth.replace(year=birth.year + 18)
    except ValueError:  # born on 29 February: 18 on 1 March in a common year
        return dt.date(birth.year + 18, 3, 1)


def _age_18_transition(case: Case, extra: tuple[H4Arrangement, ...]) -> list[Violation]:
    """H4-42 (h2 §2.2 focuspunt 1): for youths with Jeugdhulp who turn 18, Wmo begeleiding
    does not yet connect seamlessly, and the "knip" is to be removed. The document gives no
    rule, so the signal is a warning: a client whose items under another law (H4-07) were
    in force on the day before their 18th birthday, and whose first H4 begeleiding from
    that birthday on starts after those items ended, with days without care in between.
    Youth care that ended well before 18 is no transition at 18 and is not looked at."""
    out: list[Violation] = []
    for person in case.household.members:
        adult = _eighteenth_birthday(person.birth_date)
        eve = adult - dt.timedelta(days=1)
        youth = [a for a in case.allocations if a.client_id == person.id
                 and not is_h4_item(a) and eve in a.period]
        if not youth:
            continue
        youth_end = max(a.period.end for a in youth)
        begeleiding = sorted(
            (a for a in case.allocations if a.client_id == person.id and is_h4_item(a)
             and a.period.start >= adult and (item := spec(a.arrangement, extra)) is not None
             and item.part is Part.BEGELEIDING),
            key=lambda a: a.period.start,
        )
        if not begeleiding or begeleiding[0].period.start <= youth_end:
            continue
        first = begeleiding[0]
        gap = (first.period.start - youth_end).days
        out.append(Violation(
            "H4-42", Severity.WARNING,
            f"client {person.id} turned 18 on {adult.isoformat()}; the care under another "
            f"law ended on {(youth_end - dt.timedelta(days=1)).isoformat()} and Wmo "
            f"begeleiding {first.id} starts {first.period.start.isoformat()}, {gap} day(s) "
            "later: the transition from Jeugdhulp to Wmo is not seamless",
            allocation_path(case, first) + ".period", REF_AGE_18,
        ))
    return out


def _one_household_one_plan(case: Case, on: dt.date) -> list[Violation]:
    """H4-91 (bijlage 3, bullet 2; fn 3): *één gezin, één plan*, household and family being
    the same unit. A warning: the document says *zoveel mogelijk*."""
    plans = active_plans(case, on)
    if len(plans) <= 1:
        return []
    return [Violation(
        "H4-91", Severity.WARNING,
        f"household {case.household.id} has {len(plans)} plans in force on "
        f"{on.isoformat()} ({', '.join(p.id for p in plans)}); one household, one plan",
        f"households[{case.household.id}].plans", REF_ONE_HOUSEHOLD_ONE_PLAN,
    )]


def _regisseur(case: Case) -> list[Violation]:
    """H4-95 (bijlage 3): in the regisseursmodel the client, with relatives, is the
    regisseur; the access supports. A plan naming another regisseur is a warning."""
    out: list[Violation] = []
    for plan in case.plans:
        if plan.regisseur is not None and plan.regisseur.kind not in (
            PartyKind.CLIENT, PartyKind.HOUSEHOLD
        ):
            out.append(Violation(
                "H4-95", Severity.WARNING,
                f"plan {plan.id} names {plan.regisseur} as regisseur; in the regisseursmodel "
                "the client (with relatives) is the regisseur, supported by the access",
                f"households[{case.household.id}].plans[{plan.id}].regisseur", REF_REGISSEUR,
            ))
    return out


def _no_free_general_provision(case: Case) -> list[Violation]:
    """With the option ``allow_other_solutions`` off (H4-97), the free-form general
    provision ``algemene-voorziening`` is not accepted."""
    return [
        Violation(
            "H4-97", Severity.WARNING,
            f"allocation {a.id} uses the free-form general provision; this policy is set "
            "not to accept solutions outside the catalog",
            allocation_path(case, a) + ".arrangement", REF_OTHER_SOLUTIONS,
        )
        for a in case.allocations if a.arrangement == "algemene-voorziening"
    ]
