"""The West-Friesland rules on cases: validation and coordination.

Each check cites *Uitvoeringskader inkoop sociaal domein West-Friesland 2019-2021* by
section and rule id: its docstring names them, and every :class:`~sociaaldomein.Violation`
it returns carries the rule id as its stable ``code`` and the clause as its ``ref``.
Validation never raises on a bad case: it reports every problem at once. Where the
document leaves a choice to the region (stacking, the perspectiefplan in segment B, the
crisis exception, resolving conditions), the choice is a :class:`RuleParameters` read from
``parameters/validation.toml``.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Collection
from pathlib import Path

import attrs

from sociaaldomein import (
    Allocation,
    Case,
    Catalog,
    Contract,
    Coordination,
    Delivery,
    InvalidValue,
    Law,
    Party,
    PartyKind,
    Period,
    Plan,
    PlanKind,
    Refusal,
    Severity,
    Start,
    Stop,
    Unit,
    UnknownCode,
    Violation,
)
from sociaaldomein.policy.checks import (
    allocation_path,
    check_law_by_age,
    check_no_overlap,
    plan_path,
)
from sociaaldomein.policy.parameters import Params, read_toml
from sociaaldomein_west_friesland.catalog import HourlyProduct, StayProduct
from sociaaldomein_west_friesland.profiles import (
    Intensity,
    ProfileArrangement,
    YouthProfile,
    profile_of,
)
from sociaaldomein_west_friesland.sources import PARAMETERS, ref

__all__ = [
    "AUTONOMOUS_REFERRERS",
    "FLAG_24H_SUPERVISION",
    "FRAMEWORK_START",
    "SUPRA_REGIONAL",
    "RuleParameters",
    "check_acceptance",
    "check_access",
    "check_arrangement_codes",
    "check_contract",
    "check_contract_years",
    "check_deliveries",
    "check_end_reasons",
    "check_extended_youth_care",
    "check_framework_period",
    "check_hoofdaannemer",
    "check_law",
    "check_no_effort_declared",
    "check_perspectiefplan",
    "check_profile_age",
    "check_regie",
    "check_stacking",
    "check_subcontractors",
    "check_target_group",
    "coordinate",
    "load_rule_parameters",
]

FRAMEWORK_START = dt.date(2019, 1, 1)
"""The framework applies "per 2019" (§1, WF-01; §4.1, WF-67)."""

AUTONOMOUS_REFERRERS = frozenset({PartyKind.GP, PartyKind.GI})
"""Referrers other than the municipality that give access to youth care in segments B and
C: "een autonome verwijzer (bijvoorbeeld huisarts of GI)" (§3.1, WF-21)."""

MUNICIPAL_ACCESS = frozenset({PartyKind.ACCESS_TEAM, PartyKind.MUNICIPALITY})

SUPRA_REGIONAL: dict[str, tuple[str, str]] = {
    "GI": ("a Gecertificeerde Instelling", "WF-25"),
    "CRISISDIENST-JEUGD": ("the integrated youth crisis service", "WF-25"),
    "JEUGDZORGPLUS": ("JeugdzorgPlus", "WF-25"),
    "3-MILIEUS": ("a 3-milieusvoorziening", "WF-53"),
    "CRUCIAAL-VERBLIJF": ("a crucial stay function", "WF-53"),
}
"""Functions bought supra-regionally, outside this framework's catalogue, by code (compared
without case): the Gecertificeerde Instellingen, the integrated youth crisis service and
JeugdzorgPlus, with the regions Alkmaar and De Kop (§3.1, *Bovenregionale samenwerking*,
WF-25), and the segment C functions 3-milieusvoorzieningen and crucial stay functions,
whose funding model is still open (§3.6, WF-53). The codes are this plugin's."""

FLAG_24H_SUPERVISION = "24h_supervision"
"""Allocation flag: the client needs 24-hour supervision (WF-90)."""


# -- the region's choices --------------------------------------------------------------
@attrs.frozen
class RuleParameters:
    """The validation choices of ``validation.toml`` (see the comments there for the clauses).

    * ``stacking_scope``: ``"law"`` (one profile arrangement per client per law at a time)
      or ``"profile"`` (one per support profile) (WF-60);
    * ``hourly_alongside_arrangement``: hourly products allowed next to a profile
      arrangement of the same law; ``stay_alongside_arrangement`` likewise for stays;
    * ``plan_required_in``: segments that need a perspectiefplan (WF-38), with
      ``crisis_intensities`` and ``crisis_flag`` as the crisis exception;
    * ``resolving_conditions``: conditions under which a subscribed provider may refuse a
      client (WF-63).
    """

    stacking_scope: str = attrs.field(default="law")
    hourly_alongside_arrangement: frozenset[str] = frozenset({"HO"})
    stay_alongside_arrangement: bool = True
    plan_required_in: frozenset[str] = frozenset({"C"})
    crisis_intensities: frozenset[Intensity] = frozenset({Intensity.ACUUT})
    crisis_flag: str = "crisis"
    resolving_conditions: frozenset[str] = frozenset({"waiting_list"})

    @stacking_scope.validator
    def _check_scope(self, _attr: object, value: str) -> None:
        if value not in ("law", "profile"):
            raise InvalidValue(f"stacking scope is 'law' or 'profile', got {value!r}")


def _ints(p: Params, key: str) -> tuple[int, ...]:
    value = p.raw(key)
    if not isinstance(value, list) or not all(type(v) is int for v in value):
        raise p.error(key, "must be a list of integers")
    return tuple(value)


def load_rule_parameters(path: Path | str = PARAMETERS / "validation.toml") -> RuleParameters:
    """Read ``validation.toml`` strictly."""
    p = read_toml(path)
    stacking = p.table("stacking")
    scope = stacking.text("scope")
    if scope not in ("law", "profile"):
        raise stacking.error("scope", f"must be 'law' or 'profile', got {scope!r}")
    alongside = stacking.str_list("hourly_alongside_arrangement")
    for key in alongside:
        if key not in {x.value for x in HourlyProduct}:
            raise stacking.error("hourly_alongside_arrangement", f"unknown product {key!r}")
    stay = stacking.boolean("stay_alongside_arrangement")
    stacking.done()
    plan = p.table("perspectiefplan")
    segments = plan.str_list("required_in_segments")
    for s in segments:
        if s not in ("B", "C"):
            raise plan.error("required_in_segments", f"unknown segment {s!r}")
    crisis: list[Intensity] = []
    for n in _ints(plan, "crisis_intensities"):
        try:
            crisis.append(Intensity(n))
        except ValueError:
            raise plan.error("crisis_intensities", f"no intensity {n}") from None
    flag = plan.text("crisis_flag")
    plan.done()
    acceptance = p.table("acceptance")
    conditions = acceptance.str_list("resolving_conditions")
    acceptance.done()
    p.done()
    return RuleParameters(scope, frozenset(alongside), stay, frozenset(segments),
                          frozenset(crisis), flag, frozenset(conditions))


# -- catalogue and law ---------------------------------------------------------------------
def _is_youth_on(case: Case, day: dt.date) -> bool:
    return any(p.age_on(day) < 18 for p in case.household.members)


def check_arrangement_codes(case: Case, catalog: Catalog) -> list[Violation]:
    """Every allocation names one arrangement of the catalogue: a support profile with an
    intensity (§3.2.3, WF-31), or a separate product or stay. A Wmo profile with intensity
    Acuut is reported under WF-87 (bijlage 1: "deze intensiteit is alleen van toepassing op
    jeugd")."""
    out: list[Violation] = []
    for alloc in case.allocations:
        if catalog.has_arrangement(alloc.arrangement):
            continue
        path = allocation_path(case, alloc) + ".arrangement"
        try:
            ProfileArrangement.parse(alloc.arrangement)
            wmo_acuut = False
        except InvalidValue:  # a Wmo profile with intensity Acuut
            wmo_acuut = True
        except UnknownCode:
            wmo_acuut = False
        if wmo_acuut:
            out.append(Violation(
                "WF-87", Severity.ERROR,
                f"{alloc.arrangement!r}: intensity 4 Acuut applies to youth only; a Wmo "
                "profile has intensities 1 Duurzaam, 2 Perspectief and 3 Intensief",
                path, ref("WF-87"),
            ))
            continue
        near = alloc.arrangement.strip().upper()
        if near in SUPRA_REGIONAL:
            name, rule = SUPRA_REGIONAL[near]
            out.append(Violation(
                rule, Severity.ERROR,
                f"{alloc.arrangement!r} is {name}, bought supra-regionally with the regions "
                "Alkmaar and De Kop (Noord-Holland Noord), not under this framework: it is "
                "allocated and paid under that purchase"
                + ("; its funding model is still open" if rule == "WF-53" else ""),
                path, ref(rule),
            ))
            continue
        hint = f"; did you mean {near!r}?" if catalog.has_arrangement(near) else ""
        out.append(Violation(
            "WF-31", Severity.ERROR,
            f"{alloc.arrangement!r} is no arrangement of West-Friesland: an allocation names "
            "a support profile and an intensity (J01-1 .. J11-4, W01-1 .. W05-3) or a "
            f"product (IB, HO, VJB, VJS){hint}",
            path, ref("WF-31"),
        ))
    return out


def check_law(case: Case, catalog: Catalog) -> list[Violation]:
    """Youth profiles under the Jeugdwet, for clients under 18 (or extended youth care up
    to 23); Wmo profiles under the Wmo, from 18. The profile sets are separate per law
    (§3.2.1, WF-27); the age boundary is the Jeugdwet's (art. 1.1, *jeugdige*)."""
    return check_law_by_age(
        case, catalog, "WF-27",
        ref("WF-27", note="age boundary: Jeugdwet art. 1.1 (jeugdige), extension to 23"),
    )


def check_extended_youth_care(case: Case, catalog: Catalog) -> list[Violation]:
    """Extended youth care (18 to 23) continues youth care that began before the 18th
    birthday (Jeugdwet art. 1.1). When the case holds no earlier youth allocation of the
    client, the extension is reported as a warning: the earlier care may lie outside the
    data, but a person should look (WF-27)."""
    out: list[Violation] = []
    for alloc in case.allocations:
        if not alloc.extended_youth_care or not catalog.has_arrangement(alloc.arrangement):
            continue
        if Law.JEUGDWET not in catalog.arrangement(alloc.arrangement).laws:
            continue
        client = case.client(alloc)
        try:
            birthday18 = client.birth_date.replace(year=client.birth_date.year + 18)
        except ValueError:  # born on 29 February
            birthday18 = dt.date(client.birth_date.year + 18, 3, 1)
        earlier = [
            a for a in case.allocations
            if a.client_id == alloc.client_id and a.id != alloc.id
            and a.period.start < birthday18 and catalog.has_arrangement(a.arrangement)
            and Law.JEUGDWET in catalog.arrangement(a.arrangement).laws
        ]
        if not earlier and client.age_on(alloc.period.start) >= 18:
            out.append(Violation(
                "WF-27", Severity.WARNING,
                f"{alloc.id} is extended youth care for client {client.id}, but the case "
                "holds no youth care that began before the 18th birthday",
                allocation_path(case, alloc) + ".extended_youth_care",
                ref("WF-27", note="Jeugdwet art. 1.1: continuation of youth care begun before 18"),
            ))
    return out


def check_profile_age(case: Case, max_ages: dict[YouthProfile, int]) -> list[Violation]:
    """A profile with an age range is allocable only within it: youth profile 10, "Jonge
    kinderen van 0-6 jaar", read as 0 up to and including 6 (bijlage 1, WF-79; the upper
    bound is a parameter in ``catalog.toml``)."""
    out: list[Violation] = []
    for alloc in case.allocations:
        key = profile_of(alloc.arrangement)
        if key is None or not isinstance(key.profile, YouthProfile):
            continue
        limit = max_ages.get(key.profile)
        if limit is None:
            continue
        client = case.client(alloc)
        age = client.age_on(alloc.period.start)
        if age > limit:
            out.append(Violation(
                "WF-79", Severity.ERROR,
                f"client {client.id} is {age} on {alloc.period.start.isoformat()}; youth "
                f"profile {key.profile.value} is for children aged 0 to {limit}",
                allocation_path(case, alloc) + ".arrangement", ref("WF-79"),
            ))
    return out


def check_framework_period(case: Case) -> list[Violation]:
    """The framework and its arrangements apply from 1 January 2019 (§1, WF-01; §4.2,
    WF-67). An allocation starting earlier falls under the contracts before it; how running
    decisions move over is not regulated (inventory ambiguity 18), so this is a warning."""
    return [
        Violation(
            "WF-01", Severity.WARNING,
            f"{a.id} starts {a.period.start.isoformat()}, before the framework applies "
            f"({FRAMEWORK_START.isoformat()})",
            allocation_path(case, a) + ".period", ref("WF-01"),
        )
        for a in case.allocations if a.period.start < FRAMEWORK_START
    ]


# -- access and plan -----------------------------------------------------------------------
def check_access(case: Case, catalog: Catalog) -> list[Violation]:
    """Segments B and C are reached through investigation and indication by the
    municipality or, for youth care only, an autonomous referrer such as a GP or GI (§3.1,
    WF-21). A Wmo allocation referred by a GP or GI is a violation; an allocation that
    names no referrer is not judged."""
    out: list[Violation] = []
    for alloc in case.allocations:
        if alloc.referred_by is None or not catalog.has_arrangement(alloc.arrangement):
            continue
        laws = catalog.arrangement(alloc.arrangement).laws
        allowed = set(MUNICIPAL_ACCESS)
        if Law.JEUGDWET in laws:
            allowed |= AUTONOMOUS_REFERRERS
        if alloc.referred_by not in allowed:
            out.append(Violation(
                "WF-21", Severity.ERROR,
                f"{alloc.id} ({alloc.arrangement}) was referred by {alloc.referred_by.value}; "
                "access is by the municipality"
                + (" or an autonomous referrer (GP, GI)" if Law.JEUGDWET in laws
                   else " (autonomous referrers only for youth care)"),
                allocation_path(case, alloc) + ".referred_by", ref("WF-21"),
            ))
    return out


def is_crisis(alloc: Allocation, params: RuleParameters) -> bool:
    """Whether the allocation is a crisis for the perspectiefplan exception: an intensity
    of ``crisis_intensities`` (default Acuut) or the ``crisis_flag`` (§3.3; inventory
    ambiguity 6)."""
    key = profile_of(alloc.arrangement)
    if key is not None and key.intensity in params.crisis_intensities:
        return True
    return params.crisis_flag in alloc.flags


def check_perspectiefplan(case: Case, catalog: Catalog, params: RuleParameters) -> list[Violation]:
    """An allocation in segment C needs a perspectiefplan drawn up before the care starts,
    except in a crisis: "Een inwoner/het gezin moet in Segment C altijd een perspectiefplan
    hebben ... (uitzondering: crisis)" (§3.3, WF-38). A stay (segment C) that runs next to
    a crisis allocation of the same client is part of that crisis and shares its exception.
    For segment B the region may waive a
    full plan (§3.3, WF-37): it is required only when ``validation.toml`` names segment B too.
    A perspectiefplan records goals (§3.3, WF-32): one without goals is a warning. One
    perspectiefplan may lead to support for several household members (§3.3, WF-36): the
    allocations of several clients may name the same plan."""
    out: list[Violation] = []
    stays = {x.value for x in StayProduct}
    crises = [a for a in case.allocations if is_crisis(a, params)]
    for alloc in case.allocations:
        if not catalog.has_arrangement(alloc.arrangement):
            continue
        segment = catalog.arrangement(alloc.arrangement).segment
        if segment not in params.plan_required_in or is_crisis(alloc, params):
            continue
        if alloc.arrangement in stays and any(
            c.client_id == alloc.client_id and c.period.overlaps(alloc.period) for c in crises
        ):
            continue  # a stay that is part of a crisis placement shares its exception
        plan = case.plan(alloc.plan_id)
        path = allocation_path(case, alloc) + ".plan_id"
        rule = "WF-38" if segment == "C" else "WF-37"
        if plan is None or plan.kind is not PlanKind.PERSPECTIEFPLAN:
            found = "no plan" if plan is None else f"plan {plan.id} of kind {plan.kind.value}"
            out.append(Violation(
                rule, Severity.ERROR,
                f"{alloc.id} ({alloc.arrangement}) is in segment {segment} and needs a "
                f"perspectiefplan (except in a crisis); it has {found}",
                path, ref(rule),
            ))
        elif plan.drawn_up_on > alloc.period.start:
            out.append(Violation(
                rule, Severity.ERROR,
                f"{alloc.id} starts {alloc.period.start.isoformat()}, before its "
                f"perspectiefplan {plan.id} of {plan.drawn_up_on.isoformat()}",
                path, ref(rule),
            ))
    for plan in case.plans:
        if plan.kind is PlanKind.PERSPECTIEFPLAN and not plan.goals:
            out.append(Violation(
                "WF-32", Severity.WARNING,
                f"perspectiefplan {plan.id} records no goals",
                plan_path(case, plan) + ".goals", ref("WF-32"),
            ))
        if plan.kind is PlanKind.PERSPECTIEFPLAN:
            # WF-35: the plan describes the support need "en welke resultaten daarvoor
            # nodig zijn": every goal names its life domain and the result required.
            for i, goal in enumerate(plan.goals):
                missing = [what for what, text in (("life domain", goal.result_area),
                                                   ("result required", goal.desired_result))
                           if not text.strip()]
                if missing:
                    out.append(Violation(
                        "WF-35", Severity.WARNING,
                        f"perspectiefplan {plan.id}: goal {i + 1} states no "
                        f"{' and no '.join(missing)}; the plan describes the support need "
                        "per life domain and the results it requires",
                        plan_path(case, plan) + f".goals[{i}]", ref("WF-35"),
                    ))
    return out


# -- regie ---------------------------------------------------------------------------------
REGIE_HOLDERS = frozenset({PartyKind.CLIENT, PartyKind.HOUSEHOLD, PartyKind.ACCESS_TEAM,
                           PartyKind.GI})


def check_regie(case: Case, on: dt.date) -> list[Violation]:
    """Regie lies with the resident or household; when they cannot carry it, or a youth is
    unsafe, the local team is the regisseur (§2.2 item 2, §3.4, WF-10); with a GI involved
    in youth care regie often lies with the GI (§2.2 fn 2, WF-12). So a regisseur is the
    client, the household, the local team, or (youth only) a GI; with an unsafe youth it is
    the local team or the GI. A household has one plan with one regisseur (§2.2 item 2,
    WF-11): perspectiefplans of one household naming different regisseurs are reported."""
    out: list[Violation] = []
    youth = _is_youth_on(case, on)
    for plan in case.plans:
        path = plan_path(case, plan) + ".regisseur"
        who = plan.regisseur
        if who is not None and who.kind not in REGIE_HOLDERS:
            out.append(Violation(
                "WF-10", Severity.ERROR,
                f"plan {plan.id} names {who} as regisseur; regie lies with the resident or "
                "household, or else with the local team (or a GI for youth)",
                path, ref("WF-10"),
            ))
        if who is not None and who.kind is PartyKind.GI and not youth:
            out.append(Violation(
                "WF-12", Severity.ERROR,
                f"plan {plan.id} names a GI as regisseur, but no youth in the household",
                path, ref("WF-12"),
            ))
        if plan.safety_concern and youth and (
            who is None or who.kind in {PartyKind.CLIENT, PartyKind.HOUSEHOLD}
        ):
            out.append(Violation(
                "WF-10", Severity.ERROR,
                f"plan {plan.id}: a youth's situation is unsafe, so the local team (or the "
                f"GI) is regisseur, not {who or 'nobody'}",
                path, ref("WF-10"),
            ))
    regisseurs = {
        (p.regisseur.kind, p.regisseur.id) for p in case.plans
        if p.kind is PlanKind.PERSPECTIEFPLAN and p.regisseur is not None
    }
    if len(regisseurs) > 1:
        out.append(Violation(
            "WF-11", Severity.ERROR,
            f"household {case.household.id} has perspectiefplans with {len(regisseurs)} "
            "different regisseurs; one household has one plan with one regisseur",
            f"households[{case.household.id}].plans", ref("WF-11"),
        ))
    return out


def coordinate(case: Case, plan: Plan, on: dt.date) -> Coordination:
    """Who has regie over ``plan`` and who coordinates the care (§2.2 item 2, §3.4).

    Regisseur (WF-10, WF-12): a GI the plan names, when a youth is involved; the local
    team when a youth's situation is unsafe or the plan names the local team (the
    household cannot carry regie); otherwise the resident or household. Coordinator
    (WF-13): the provider of the allocations under the plan, the hoofdaannemer, when it is
    one provider; with several hoofdaannemers the regisseur keeps them together ("De
    regisseur zorgt ervoor dat alle actoren ... bezig zijn", §3.4).
    """
    youth = _is_youth_on(case, on)
    named = plan.regisseur
    if named is not None and named.kind is PartyKind.GI and youth:
        regisseur, why, rule = named, "a GI is involved in the youth care", "WF-12"
    elif plan.safety_concern and youth:
        regisseur = named if named is not None and named.kind is PartyKind.ACCESS_TEAM else \
            Party(PartyKind.ACCESS_TEAM)
        why, rule = "a youth's situation is unsafe: the local team is regisseur", "WF-10"
    elif named is not None and named.kind is PartyKind.ACCESS_TEAM:
        regisseur, why, rule = named, "the household cannot carry regie itself", "WF-10"
    elif named is not None and named.kind is PartyKind.CLIENT:
        regisseur, why, rule = named, "regie lies with the resident", "WF-10"
    else:
        regisseur = Party(PartyKind.HOUSEHOLD)
        why, rule = "regie lies with the resident or household", "WF-10"
    providers = sorted({
        a.provider for a in case.allocations
        if a.plan_id == plan.id and on in a.period
    })
    if len(providers) == 1:
        coordinator = Party(PartyKind.PROVIDER, providers[0])
        why += f"; {providers[0]} is hoofdaannemer and coordinates the care (WF-13)"
    else:
        coordinator = regisseur
        why += ("; no single hoofdaannemer on this date, so the regisseur coordinates"
                if providers else "; no care under the plan on this date")
    return Coordination(regisseur, coordinator, ref(rule), why)


# -- stacking ------------------------------------------------------------------------------
def _care_span(case: Case, alloc: Allocation) -> Period | None:
    """The allocation's period cut off at its first stop event (care ends then, half-open),
    or ``None`` when the stop falls on or before its first day (no care at all): the same
    reading as the core's :func:`~sociaaldomein.policy.checks.check_no_overlap`."""
    stops = [e.date for e in case.events_for(alloc.id) if isinstance(e, Stop)]
    end = min([alloc.period.end, *stops])
    return Period(alloc.period.start, end) if end > alloc.period.start else None


def check_stacking(case: Case, params: RuleParameters) -> list[Violation]:
    """No stacking (§3.6.1, WF-60): a change of profile or intensity replaces the running
    arrangement, which ends the day the new one starts (the allocation's end, or an earlier
    stop event: care ends on the stop date, half-open). By default a client holds at most
    one profile arrangement per law at a time (``scope = "law"``); ``scope = "profile"``
    allows arrangements of different profiles side by side. Hourly products not named in
    ``hourly_alongside_arrangement`` (default: only HO) and, if so set, stays may not run
    next to a profile arrangement of the same law (inventory ambiguity 11)."""
    rule_ref = ref("WF-60")

    def key(alloc: Allocation) -> str | None:
        found = profile_of(alloc.arrangement)
        if found is None:
            return None
        if params.stacking_scope == "law":
            return found.law.value
        return f"{found.profile.letter}{found.profile.value:02d}"

    what = "law" if params.stacking_scope == "law" else "support profile"
    out = check_no_overlap(case, key, "WF-60", rule_ref, what)  # honours stop events
    hourly = {x.value for x in HourlyProduct}
    stays = {x.value for x in StayProduct}
    spans = {a.id: _care_span(case, a) for a in case.allocations}
    for alloc in case.allocations:
        blocked = (alloc.arrangement in hourly
                   and alloc.arrangement not in params.hourly_alongside_arrangement) or (
            alloc.arrangement in stays and not params.stay_alongside_arrangement)
        span = spans[alloc.id]
        if not blocked or span is None:
            continue
        law = Law.WMO if alloc.arrangement in hourly else Law.JEUGDWET
        for other in case.allocations:
            found = profile_of(other.arrangement)
            other_span = spans[other.id]
            if (other.client_id == alloc.client_id and found is not None and found.law is law
                    and other_span is not None and other_span.overlaps(span)):
                out.append(Violation(
                    "WF-60", Severity.ERROR,
                    f"client {alloc.client_id} has {alloc.arrangement} ({alloc.id}) next to "
                    f"arrangement {other.arrangement} ({other.id}), which already covers it",
                    allocation_path(case, alloc) + ".period", rule_ref,
                ))
    return out


# -- settlement-related validation ---------------------------------------------------------
def check_no_effort_declared(case: Case) -> list[Violation]:
    """For an arrangement the provider declares the agreed tariff, never hours worked
    (§3.6, WF-52), and extra work cannot be charged (§3.6.1, WF-58). A delivery of hours
    (or any unit) on a profile arrangement is reported under WF-52; a delivery in euros on
    top of it under WF-58. Settlement ignores both: the arrangement earns its tariff."""
    out: list[Violation] = []
    by_id = {a.id: a for a in case.allocations}
    for i, event in enumerate(case.events):
        if not isinstance(event, Delivery):
            continue
        alloc = by_id.get(event.allocation_id)
        if alloc is None or profile_of(alloc.arrangement) is None:
            continue
        path = f"households[{case.household.id}].events[{i}]"
        if event.unit is Unit.EURO:
            out.append(Violation(
                "WF-58", Severity.ERROR,
                f"{alloc.id} ({alloc.arrangement}): {event.quantity} euro declared on top of "
                "the arrangement's tariff; extra work cannot be charged",
                path, ref("WF-58"),
            ))
        else:
            out.append(Violation(
                "WF-52", Severity.ERROR,
                f"{alloc.id} ({alloc.arrangement}): {event.quantity} {event.unit.label} "
                "declared; for an arrangement the provider declares the agreed tariff, not "
                "the time worked",
                path, ref("WF-52"),
            ))
    for alloc in case.allocations:
        if profile_of(alloc.arrangement) is not None and alloc.volume is not None:
            out.append(Violation(
                "WF-52", Severity.ERROR,
                f"{alloc.id} ({alloc.arrangement}) allocates a volume of {alloc.volume}; an "
                "arrangement is allocated without hours",
                allocation_path(case, alloc) + ".volume", ref("WF-52"),
            ))
    return out


def check_deliveries(case: Case) -> list[Violation]:
    """Deliveries on the separate products are what settlement pays, so they must fit the
    tariff: individuele begeleiding and huishoudelijke ondersteuning in hours or minutes
    (P x Q per hour, §3.2.2, §3.6.1, WF-30), stays in whole etmalen (per etmaal on actual
    use, §3.6.1, WF-55). A delivery that does not fit is an error (settlement cannot pay
    it); a delivery outside the allocation's care (before its start, from its end or from
    its first stop) is a warning, because it is not paid."""
    out: list[Violation] = []
    by_id = {a.id: a for a in case.allocations}
    hourly = {x.value for x in HourlyProduct}
    stays = {x.value for x in StayProduct}
    for i, event in enumerate(case.events):
        if not isinstance(event, Delivery):
            continue
        alloc = by_id.get(event.allocation_id)
        if alloc is None or alloc.arrangement not in hourly | stays:
            continue
        path = f"households[{case.household.id}].events[{i}]"
        is_stay = alloc.arrangement in stays
        rule = "WF-55" if is_stay else "WF-30"
        if is_stay and (event.unit is not Unit.ETMAAL or event.quantity != int(event.quantity)):
            out.append(Violation(
                rule, Severity.ERROR,
                f"{alloc.id} ({alloc.arrangement}): {event.quantity} {event.unit.label} "
                "declared; a stay is paid per whole etmaal on actual use",
                path, ref(rule),
            ))
        elif not is_stay and event.unit not in (Unit.HOUR, Unit.MINUTE):
            out.append(Violation(
                rule, Severity.ERROR,
                f"{alloc.id} ({alloc.arrangement}): {event.quantity} {event.unit.label} "
                "declared; this product is paid per hour (P x Q)",
                path, ref(rule),
            ))
        span = _care_span(case, alloc)
        if span is None or event.date not in span:
            out.append(Violation(
                rule, Severity.WARNING,
                f"{alloc.id} ({alloc.arrangement}): delivery of {event.date.isoformat()} "
                f"lies outside the care ({alloc.period}"
                + (", cut at its stop" if span != alloc.period else "")
                + ") and is not paid",
                path, ref(rule),
            ))
    return out


def check_end_reasons(case: Case) -> list[Violation]:
    """Every ended trajectory has exactly one end reason (§3.5.1, WF-47): two stop events
    on one allocation are an error (the indicators and the withholding would each pick
    one). Care that ends (a stop, or the allocation's end) on or before its first day (the
    allocation's start, or a later start event) is a warning, because the allocation then
    earns nothing at all."""
    out: list[Violation] = []
    for alloc in case.allocations:
        events = case.events_for(alloc.id)
        stops = [e for e in events if isinstance(e, Stop)]
        path = allocation_path(case, alloc)
        if len(stops) > 1:
            said = ", ".join(f"{s.date.isoformat()} {s.reason.value}" for s in stops)
            out.append(Violation(
                "WF-47", Severity.ERROR,
                f"{alloc.id} has {len(stops)} stop events ({said}); an ended trajectory "
                "has exactly one end reason",
                path, ref("WF-47"),
            ))
        starts = [e.date for e in events if isinstance(e, Start)]
        first = max(min(starts, default=alloc.period.start), alloc.period.start)
        end = min([alloc.period.end, *(s.date for s in stops)])
        if end <= first:
            why = "its stop" if stops and end < alloc.period.end else "the allocation's end"
            out.append(Violation(
                "WF-47", Severity.WARNING,
                f"{alloc.id} ends on {end.isoformat()} ({why}), on or before its first day "
                f"of care {first.isoformat()}: it earns nothing",
                path, ref("WF-47"),
            ))
    return out


def check_contract_years(case: Case, years: Collection[int]) -> list[Violation]:
    """The framework runs 2019-2021 (§1, WF-01); the policy's contract years are those its
    tariff file covers (a municipality may extend them, WF-17). An allocation starting
    after the last of them cannot be priced: a warning now, rather than an error at
    settlement only."""
    last = max(years)
    return [
        Violation(
            "WF-01", Severity.WARNING,
            f"{a.id} starts {a.period.start.isoformat()}, after the contract years "
            f"{min(years)}-{last}; it has no tariff until the tariff file covers "
            f"{a.period.start.year}",
            allocation_path(case, a) + ".period", ref("WF-01"),
        )
        for a in case.allocations if a.period.start.year > last
    ]


def check_acceptance(case: Case, contracts: Collection[Contract],
                     params: RuleParameters) -> list[Violation]:
    """Acceptance obligation with resolving conditions (§3.6.1, WF-62, WF-63): a provider
    subscribed to an arrangement may not refuse a client, unless a named resolving
    condition applies (default: a waiting list), where another provider is in the client's
    interest. The obligation holds for every contract of the region, whether or not the
    contract lists :attr:`~sociaaldomein.Obligation.ACCEPTANCE_DUTY`. Without registered
    contracts every refusing provider counts as subscribed (the stricter reading,
    inventory ambiguity 1); with contracts, only a provider whose contract covers the
    arrangement on the refusal date. A contract may name further conditions in
    ``refusal_conditions``."""
    out: list[Violation] = []
    by_id = {a.id: a for a in case.allocations}
    for i, event in enumerate(case.events):
        if not isinstance(event, Refusal):
            continue
        alloc = by_id.get(event.allocation_id)
        if alloc is None:
            continue
        allowed = set(params.resolving_conditions)
        subscribed = not contracts
        for contract in contracts:
            if contract.provider.code == event.provider and contract.covers(
                alloc.arrangement, event.date, len(contract.extensions)
            ):
                subscribed = True
                allowed |= set(contract.refusal_conditions)
        if not subscribed:
            continue
        if event.condition is None or event.condition not in allowed:
            said = f"condition {event.condition!r}" if event.condition else "no condition"
            out.append(Violation(
                "WF-62", Severity.ERROR,
                f"provider {event.provider} refused client {alloc.client_id} for "
                f"{alloc.arrangement} on {event.date.isoformat()} with {said}; a subscribed "
                f"provider may refuse only on a resolving condition "
                f"({', '.join(sorted(allowed)) or 'none named'})",
                f"households[{case.household.id}].events[{i}]", ref("WF-62"),
            ))
    return out


def check_contract(contract: Contract) -> list[Violation]:
    """A contract runs for at least two years and has an extension option (§2.2 item 8,
    WF-17). Dissolving conditions (WF-18) are contract text and are not checked."""
    out: list[Violation] = []
    path = f"contracts[{contract.id}]"
    start = contract.term.start
    try:
        two_years = start.replace(year=start.year + 2)
    except ValueError:  # 29 February
        two_years = dt.date(start.year + 2, 3, 1)
    if contract.term.end < two_years:
        out.append(Violation(
            "WF-17", Severity.ERROR,
            f"contract {contract.id} runs {contract.term}, less than two years",
            path + ".term", ref("WF-17"),
        ))
    if not contract.extensions:
        out.append(Violation(
            "WF-17", Severity.ERROR,
            f"contract {contract.id} has no extension option",
            path + ".extensions", ref("WF-17"),
        ))
    return out


def check_hoofdaannemer(case: Case) -> list[Violation]:
    """The hoofdaannemer is "bij voorkeur gedurende de gehele periode van (specialistische)
    ondersteuning" linked to the resident or household (§3.4, WF-40). A warning when a
    client's profile arrangement under a plan is followed, without a day between, by one
    under the same plan at another provider: the hoofdaannemer changed during the
    support."""
    out: list[Violation] = []
    spans = {a.id: _care_span(case, a) for a in case.allocations}
    chains: dict[tuple[str, str | None], list[Allocation]] = {}
    for alloc in case.allocations:
        if profile_of(alloc.arrangement) is not None and spans[alloc.id] is not None:
            chains.setdefault((alloc.client_id, alloc.plan_id), []).append(alloc)
    for (client, plan_id), allocs in chains.items():
        if plan_id is None:
            continue
        allocs.sort(key=lambda a: (a.period.start, a.id))
        for before, after in itertools.pairwise(allocs):
            span = spans[before.id]
            assert span is not None
            if after.period.start <= span.end and after.provider != before.provider:
                out.append(Violation(
                    "WF-40", Severity.WARNING,
                    f"client {client}: {after.id} ({after.arrangement}) from "
                    f"{after.period.start.isoformat()} is at {after.provider}, while "
                    f"{before.id} under the same plan {plan_id} was at {before.provider}; "
                    "the hoofdaannemer preferably stays for the whole period of support",
                    allocation_path(case, after) + ".provider", ref("WF-40"),
                ))
    return out


def check_subcontractors(case: Case, contracts: Collection[Contract]) -> list[Violation]:
    """All providers, hoofdaannemers and onderaannemers, fall under one framework contract
    with the same quality requirements, and the hoofdaannemer answers for the quality its
    onderaannemers deliver (§3.4, §4.1, WF-41). With the region's contracts registered, an
    onderaannemer named on an allocation that holds no contract of the region on the
    allocation's first day is reported (a warning: the document asks for *zo veel mogelijk
    eenduidigheid*). Without registered contracts nothing is checked."""
    if not contracts:
        return []
    out: list[Violation] = []
    for alloc in case.allocations:
        for i, sub in enumerate(alloc.subcontractors):
            if any(c.provider.code == sub and c.term.start <= alloc.period.start
                   and alloc.period.start < c.longest.end for c in contracts):
                continue
            out.append(Violation(
                "WF-41", Severity.WARNING,
                f"{alloc.id}: onderaannemer {sub} holds no contract of the region on "
                f"{alloc.period.start.isoformat()}; all providers fall under the framework "
                "contract with the same quality requirements",
                allocation_path(case, alloc) + f".subcontractors[{i}]", ref("WF-41"),
            ))
    return out


def check_target_group(case: Case) -> list[Violation]:
    """Wmo profile 1 (psychosocial problems): "Deze groep heeft geen 24uurstoezicht nodig"
    (bijlage 1, the worked elaboration of profile 1, WF-90). An allocation of profile 1
    flagged ``24h_supervision`` is a warning: the client is outside the profile's target
    group as the example describes it."""
    out: list[Violation] = []
    for alloc in case.allocations:
        found = profile_of(alloc.arrangement)
        if (found is not None and found.law is Law.WMO and found.profile.value == 1
                and FLAG_24H_SUPERVISION in alloc.flags):
            out.append(Violation(
                "WF-90", Severity.WARNING,
                f"{alloc.id} ({alloc.arrangement}): the client needs 24-hour supervision, "
                "which the target group of Wmo profile 1 does not need",
                allocation_path(case, alloc) + ".flags", ref("WF-90"),
            ))
    return out


def youth_profile_max_ages(profiles: dict[int, int | None]) -> dict[YouthProfile, int]:
    """The age limits per youth profile from the catalogue data."""
    return {YouthProfile(n): age for n, age in profiles.items() if age is not None}

