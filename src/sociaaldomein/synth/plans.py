"""The plan a drafted household gets, in the forms regions ask for: goals per result area,
the regisseur and coordinator the region names, a reason why a general provision does not
suffice, a perspectiefplan where one is required."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import attrs

from sociaaldomein.errors import SociaaldomeinError
from sociaaldomein.model.plan import Goal, Party, Plan, PlanKind
from sociaaldomein.synth.allocations import Draft
from sociaaldomein.synth.offers import Offer

__all__ = ["PlanForm", "draw_plan", "plan_forms"]


@attrs.frozen
class PlanForm:
    """How a household's plan is written: its kind, whether goals carry the arrangement's
    level, and whether care without a result area gets a goal of its own."""

    kind: PlanKind
    levels: bool = True
    generic_goals: bool = True


def draw_plan(case_id: str, drafts: Sequence[Draft], form: PlanForm, regisseur: Party,
          coordinator: Party, offer: Offer) -> Plan:
    goals: dict[str, Goal] = {}
    drawn = min(d.referred_on for d in drafts)
    # a goal's term runs at least as long as the care decided for it
    term = max([drawn + dt.timedelta(days=365), *(d.planned_end for d in drafts)])
    for draft in drafts:
        area = draft.arrangement.result_area
        if area is None:
            if form.generic_goals:
                label = draft.kind.value
                goals.setdefault(label, Goal(
                    label, f"Resultaat bereikt met {draft.arrangement.name.lower()}",
                    "Huidige situatie: ondersteuning nodig", term_end=term))
            continue
        if area in goals:
            continue
        try:
            name = offer.policy.catalog.result_area(area).name
        except SociaaldomeinError:
            name = area
        level = None
        if form.levels and draft.arrangement.code.startswith(area):
            level = draft.arrangement.code[len(area):].lstrip("-_.:") or None
        goals[area] = Goal(area, f"Resultaat bereikt: {name}",
                           f"Huidige situatie op {name.lower()}: ondersteuning nodig",
                           term_end=term, level=level)
    return Plan(
        f"{case_id}-plan", case_id, drawn, kind=form.kind, goals=tuple(goals.values()),
        regisseur=regisseur, coordinators=(coordinator,),
        general_provision_reason=("Een algemene voorziening volstaat niet: de ondersteuning "
                                  "vraagt maatwerk dat het voorliggend veld niet biedt."),
        term_end=term,
    )


def plan_forms(youth: bool) -> tuple[PlanForm, ...]:
    base = PlanKind.GEZINSPLAN if youth else PlanKind.ONDERSTEUNINGSPLAN
    return (
        PlanForm(base), PlanForm(PlanKind.PERSPECTIEFPLAN), PlanForm(base, levels=False),
        PlanForm(base, generic_goals=False), PlanForm(PlanKind.PLAN_VAN_AANPAK),
    )
