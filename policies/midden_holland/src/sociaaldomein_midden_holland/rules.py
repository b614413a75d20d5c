"""Validation and coordination rules of Midden-Holland. Validation: each returns :class:`~sociaaldomein.Violation`\\ s with a
stable code ``MH-...``, a message naming what and where, and the clause of the
*Kaderdocument inkoop Wmo en Jeugd 2025* it comes from.

Codes (rule ids in brackets):

* ``MH-LAW-DOMAIN`` (MH-69, MH-90, MH-114): the client's law does not fit the product's
  segment (an adult in Crisis or Behandeling, a youth in Hulp bij het huishouden);
* ``MH-REFERRER`` (MH-22, MH-33): a Wmo allocation not decided by the municipal access, or
  a youth allocation from a party that may not refer;
* ``MH-CRISIS-24H`` (MH-58, MH-91): crisis help starting more than 24 hours after referral,
  counted in hours from the referral and start times (a warning where they are missing);
* ``MH-AGE-TARGET`` (MH-82, MH-87, MH-104): outside a sub-segment's target ages;
* ``MH-FGGZ-PERSPECTIVE`` (MH-88): no future-perspective plan for a youth of 16.5+ in
  Forensische GGZ (warning);
* ``MH-STAY-WITHOUT-HELP`` (MH-73): a youth's stay without accompanying help;
* ``MH-OZA-ACCESS`` (MH-36): an education-care arrangement without the local access (warning);
* ``MH-REGIE-MISSING`` (MH-37): a plan that names no regisseur (warning);
* ``MH-PROCESS-REGIE`` (MH-32): process regie not with the local access when safety is at
  stake or problems span several domains;
* ``MH-EARLY-CLOSE`` (MH-46): an early "afsluiten" proposal for a family under a protection
  measure or with safety issues;
* ``MH-CONTRACT-TERM`` (MH-04), ``MH-CONTRACT-SIGNING`` (MH-26): contract term and signing;
* ``MH-VOLUME-BELOW-MIN`` / ``MH-VOLUME-ABOVE-MAX`` (MH-64): realised volume outside a
  volume agreement (warnings); ``MH-VOLUME-UNKNOWN`` (in ``validate_region``) when the
  year's volume cannot be computed (a year outside the contract years);
* ``MH-CRISIS-PXQ`` (MH-21): Crisis configured as P x Q (warning);
* ``MH-LIGHT-TREATMENT-MAX`` (MH-101, option ``max_light_treatment_hours``, off by default):
  hours delivered under single light treatment above the maximum (warning);
* ``MH-DAGBESTEDING-MAX`` (MH-111, option ``max_youth_dagbesteding_dagdelen_per_week``, off
  by default): a week of youth dagbesteding above the maximum in dagdelen (warning);
* ``MH-INCOME-FLAG`` (MH-61): an allocation flag ``income:<euros>``, no longer read (the
  income is the household's dated ``income``);
* ``MH-END-GOAL`` (MH-74): a plan's end goal changed by a revision without a recorded
  consultation;
* ``MH-MEMBER`` (MH-06, in :meth:`MiddenHollandPolicy.validate`): the household's
  municipality is not a member on the date;
* ``MH-TRANSITION-18`` (MH-50, in ``validate_region``): a youth allocation running past the
  client's 18th birthday with no follow-up recorded (a Wmo allocation from the birthday, or
  verlengde jeugdhulp) (warning);
* ``MH-SCALE-DOWN`` (MH-70, MH-68): after a scale-down proposal the client's next allocation
  is heavier, not lighter (warning); a move to a lighter segment is never reported;
* ``MH-AFTERCARE`` (MH-75): care delivered under an allocation after it was stopped
  following an early close or scale-down proposal: brief contact then is the provider's
  aftercare, more help needs a new allocation (warning).

Coordination (:func:`coordinate`), after §2.4 "Regie" and bijlage 1 (Regie casus/behandel,
Regie behandelaar, Regie proces/voortgang):

* the provider holds case regie (*casusregie / behandelregie*) on its treatment goals
  (MH-38); in complex care a *regiebehandelaar* (MH-72); in Crisis the crisis provider holds
  regie on scaling down (MH-93);
* the local access holds process regie when safety is at stake in a family and Veilig Thuis
  handed the case to the local team, and when substantial problems span several domains
  (MH-32, inventory ambiguity 4: either trigger by default);
* in Jeugdbescherming and Jeugdreclassering the GI or the local team, depending on the
  situation (MH-79): the GI unless the local access's process regie is due.

In the core's terms the *regisseur* is who holds process regie and the *coordinator* who
holds case regie.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from sociaaldomein import (
    Allocation,
    Case,
    Contract,
    Coordination,
    Delivery,
    EndProposal,
    EndReport,
    Law,
    Money,
    Party,
    PartyKind,
    Period,
    Plan,
    Ref,
    Severity,
    Start,
    Stop,
    Unit,
    Violation,
    add_months,
)
from sociaaldomein.model.household import ADULT_AGE
from sociaaldomein.model.periods import MonthRounding
from sociaaldomein.policy.checks import allocation_path, check_known_arrangements, check_law_by_age
from sociaaldomein_midden_holland.catalog import CatalogData, SegmentKey, SubSegment
from sociaaldomein_midden_holland.instruments import FundingKind, Instruments, Options
from sociaaldomein_midden_holland.sources import ref

__all__ = [
    "HEAVIER_THAN",
    "REFS",
    "REGIEBEHANDELAAR",
    "ContractRecord",
    "check_transition_18",
    "check_volume",
    "coordinate",
    "validate_case",
    "validate_contract",
    "validate_instruments",
]

REFS: dict[str, Ref] = {
    "member": ref("MH-06", "§2.1"),
    "catalog": ref("MH-69", "§4.2 (Indeling segmenten)"),
    "income": ref("MH-61", "§3.3 (Eigen bijdrage)"),
    "law": ref("MH-69",
               "§4.2 (Indeling segmenten); bijlage 4 §4.2 Crisis, §4.8 Hulp bij huishouden"),
    "wmo_access": ref("MH-33", "§2.4"),
    "youth_referrer": ref("MH-22", "§2.3 (2 Toegangsmanagement); §2.4"),
    "crisis": ref("MH-58", "§3.3 (Urgentie); bijlage 4 §4.2 Crisis (Doelen 1)"),
    "jr_age": ref("MH-82", "bijlage 4 §4.1 Gedwongen kader: Jeugdreclassering"),
    "fggz_age": ref("MH-87", "bijlage 4 §4.1 Gedwongen kader: Forensische GGZ"),
    "fggz_plan": ref("MH-88", "bijlage 4 §4.1 Forensische GGZ (Doelen 1)"),
    "verlengd": ref("MH-104", "bijlage 4 §4.5 Wonen (Bijzonderheden; Doelen Jeugdwet 4)"),
    "stay_help": ref("MH-73", "bijlage 2 (Hulp bieden in de leefomgeving van de inwoner)"),
    "oza": ref("MH-36", "§2.4 (Triage); bijlage 1 (Integraal arrangeren)"),
    "regie_missing": ref("MH-37", "§2.4 (Regie); bijlage 1 (Triage)"),
    "process_regie": ref("MH-32", "§2.4 (Regie); bijlage 1 (Regie proces/voortgang)"),
    "end_goals": ref("MH-74", "bijlage 2 (Heldere einddoelen formuleren)"),
    "early_close": ref("MH-46", "§2.6 (Doen wat noodzakelijk is, stoppen zodra het kan)"),
    "term": ref("MH-04", "§2.1"),
    "signing": ref("MH-26", "§2.3 (Zorgvuldige inkoopprocedure)"),
    "volume": ref("MH-64", "§3.4 (Werken met volumeafspraken)"),
    "crisis_pxq": ref("MH-21", "§2.3 (1 Bekostigingsmodel); §3.3 (Urgentie)"),
    "light_treatment": ref("MH-101", "bijlage 4 §4.4 Behandeling (Bijzonderheden)"),
    "dagbesteding_max": ref("MH-111", "bijlage 4 §4.6 Dagbesteding (Bijzonderheden)"),
    "transition": ref("MH-50", "§3.1 (Samenwerking)"),
    "scale_down": ref("MH-70", "bijlage 1 (Afschalen); §4.1 (Aandachtspunten bij het werken "
                      "met segmenten)"),
    "aftercare": ref("MH-75", "bijlage 2 (Nazorg)"),
}

_MUNICIPAL_ACCESS = frozenset({PartyKind.ACCESS_TEAM, PartyKind.MUNICIPALITY})
_YOUTH_REFERRERS = _MUNICIPAL_ACCESS | {PartyKind.GP, PartyKind.GI}

FLAG_OZA = "onderwijszorgarrangement"
"""Allocation flag: behandeling, begeleiding or dagbesteding within an education-care
arrangement (MH-36)."""
FLAG_PERSPECTIVE_PLAN = "perspective_plan"
"""Allocation flag: a future-perspective plan was drawn up (MH-88)."""
FLAG_PROTECTION_MEASURE = "protection_measure"
"""Allocation flag: the family is under a youth-protection measure (MH-46)."""


def _v(code: str, severity: Severity, message: str, path: str, key: str) -> Violation:
    return Violation(code, severity, message, path, REFS[key])


def _law_of(case: Case, alloc: Allocation) -> Law:
    """The law the allocation falls under: Jeugdwet for a youth or for extended youth care,
    otherwise the Wmo."""
    if alloc.extended_youth_care:
        return Law.JEUGDWET
    return case.client(alloc).law_on(alloc.period.start)


def care_start(case: Case, alloc: Allocation) -> dt.date:
    """The first day of care: the earliest Start event, else the allocation's start."""
    starts = [e.date for e in case.events_for(alloc.id) if isinstance(e, Start)]
    return min(starts) if starts else alloc.period.start


def _referrers(case: Case, alloc: Allocation, catalog: CatalogData) -> list[Violation]:
    """MH-33: the Wmo is an autonomous municipal competence; MH-22: youth care may also be
    referred by (general) practitioners and GIs. Allocations that do not record the
    referrer are not judged."""
    if alloc.referred_by is None:
        return []
    path = allocation_path(case, alloc) + ".referred_by"
    # A product of one law is an allocation under that law whatever the client's age (a
    # 30-year-old in jeugdreclassering is a law-domain error, MH-LAW-DOMAIN, not a "Wmo
    # allocation referred by a GI"); a Jeugd-Wmo product follows the client.
    laws = catalog.product(alloc.arrangement).law.laws
    law = next(iter(laws)) if len(laws) == 1 else _law_of(case, alloc)
    who = alloc.referred_by.value
    if law is Law.WMO and alloc.referred_by not in _MUNICIPAL_ACCESS:
        return [_v("MH-REFERRER", Severity.ERROR,
                   f"{alloc.arrangement} is a Wmo allocation but was referred by {who}; access "
                   "to the Wmo is an autonomous municipal competence (a decision of the "
                   "municipal access is needed)", path, "wmo_access")]
    if law is Law.JEUGDWET and alloc.referred_by not in _YOUTH_REFERRERS:
        return [_v("MH-REFERRER", Severity.ERROR,
                   f"{alloc.arrangement} was referred by {who}; youth care is referred by the "
                   "local access, a (general) practitioner or a GI", path, "youth_referrer")]
    return []


def _crisis(case: Case, alloc: Allocation, options: Options) -> list[Violation]:
    """MH-58, MH-91: crisis help starts at most 24 hours after the referral.

    With the time of the referral (``referred_time``) and of the first Start event
    (``Start.time``) the hours are counted: a start the next day at a later hour than the
    referral is reported. Without the times, a start two or more calendar days after the
    referral is certainly late and reported; a start on a later day within that is
    reported as a warning that the norm cannot be checked in hours."""
    path = allocation_path(case, alloc)
    norm = options.crisis_norm_hours
    if alloc.referred_on is None:
        return [_v("MH-CRISIS-24H", Severity.WARNING,
                   f"crisis allocation {alloc.id} has no referral date, so the "
                   f"{norm}-hour norm cannot be checked", path + ".referred_on", "crisis")]
    starts = sorted((e for e in case.events_for(alloc.id) if isinstance(e, Start)),
                    key=lambda e: (e.date, e.time or dt.time()))
    first = starts[0] if starts else None
    referred, started = alloc.referred_at, first.moment if first else None
    if referred is not None and started is not None:
        hours = (started - referred) / dt.timedelta(hours=1)
        if hours > norm:
            return [_v("MH-CRISIS-24H", Severity.ERROR,
                       f"crisis help under {alloc.id} started at {started:%Y-%m-%d %H:%M}, "
                       f"{hours:g} hours after the referral at {referred:%Y-%m-%d %H:%M}; the "
                       f"norm is help within {norm} hours of the referral",
                       path + ".events", "crisis")]
        return []
    start = first.date if first else alloc.period.start
    gap = (start - alloc.referred_on).days
    if gap > -(-norm // 24):
        return [_v("MH-CRISIS-24H", Severity.ERROR,
                   f"crisis help under {alloc.id} started on {start.isoformat()}, {gap} days "
                   f"after the referral of {alloc.referred_on.isoformat()}; the norm is help "
                   f"within {norm} hours of the referral", path + ".period", "crisis")]
    if gap > 0:
        return [_v("MH-CRISIS-24H", Severity.WARNING,
                   f"crisis help under {alloc.id} started on {start.isoformat()}, the day after "
                   f"the referral of {alloc.referred_on.isoformat()}; without the times of "
                   f"referral and start (referred_time, the start event's time) the {norm}-hour "
                   "norm cannot be checked", path + ".referred_time", "crisis")]
    return []


def _ages(case: Case, alloc: Allocation, catalog: CatalogData, options: Options) -> list[Violation]:
    """MH-82, MH-87: Jeugdreclassering and Forensische GGZ target youths of 12-18 (the start
    age counts: jeugdreclassering may continue past 18). MH-104: youth help in Wonen may run
    as verlengde jeugdhulp up to ``verlengde_jeugdhulp_max_age``. MH-88: a future-perspective
    plan from 16.5 in Forensische GGZ."""
    info = catalog.product(alloc.arrangement)
    client = case.client(alloc)
    start = alloc.period.start
    out: list[Violation] = []
    path = allocation_path(case, alloc)
    if info.sub is not None:
        sub = catalog.sub(info.sub)
        age = client.age_on(start)
        key = "jr_age" if info.sub is SubSegment.JEUGDRECLASSERING else "fggz_age"
        if sub.min_age is not None and age < sub.min_age:
            out.append(_v("MH-AGE-TARGET", Severity.ERROR,
                          f"client {client.id} is {age} on {start.isoformat()}; {sub.name} "
                          f"targets youths from {sub.min_age}", path + ".client_id", key))
        if sub.max_start_age is not None and age >= sub.max_start_age:
            out.append(_v("MH-AGE-TARGET", Severity.ERROR,
                          f"client {client.id} is {age} on {start.isoformat()}; {sub.name} "
                          f"starts before the {sub.max_start_age}th birthday",
                          path + ".client_id", key))
        if info.sub is SubSegment.FORENSISCHE_GGZ:
            sixteen_half = add_months(client.birth_date, 16 * 12 + 6, MonthRounding.END_OF_MONTH)
            end = alloc.period.last_day
            if end >= sixteen_half and FLAG_PERSPECTIVE_PLAN not in alloc.flags:
                out.append(_v("MH-FGGZ-PERSPECTIVE", Severity.WARNING,
                              f"client {client.id} turns 16.5 on {sixteen_half.isoformat()} "
                              f"during {alloc.id}; Forensische GGZ draws up a future-"
                              "perspective plan with the youth from 16.5 (flag "
                              f"'{FLAG_PERSPECTIVE_PLAN}')", path + ".flags", "fggz_plan"))
    if (info.segment is SegmentKey.WONEN and alloc.extended_youth_care
            and client.age_on(start) >= options.verlengde_jeugdhulp_max_age):
        out.append(_v("MH-AGE-TARGET", Severity.ERROR,
                      f"client {client.id} is {client.age_on(start)}; verlengde jeugdhulp in "
                      f"Wonen runs to {options.verlengde_jeugdhulp_max_age}",
                      path + ".extended_youth_care", "verlengd"))
    return out


def _stays(case: Case, catalog: CatalogData) -> list[Violation]:
    """MH-73: a stay for a youth is always coupled to help and support (ambulant care): a
    youth's ``needs_help`` stay needs another, non-residential allocation of the same client
    overlapping it."""
    out: list[Violation] = []
    for alloc in case.allocations:
        if not catalog.catalog.has_arrangement(alloc.arrangement):
            continue
        info = catalog.product(alloc.arrangement)
        if not info.needs_help or _law_of(case, alloc) is not Law.JEUGDWET:
            continue
        helped = any(
            other.id != alloc.id and other.client_id == alloc.client_id
            and catalog.catalog.has_arrangement(other.arrangement)
            and not catalog.product(other.arrangement).residential
            and other.period.overlaps(alloc.period)
            for other in case.allocations
        )
        if not helped:
            out.append(_v("MH-STAY-WITHOUT-HELP", Severity.ERROR,
                          f"{alloc.arrangement} for youth {alloc.client_id} is a stay without "
                          "accompanying help; a youth's stay is always coupled to help and "
                          "support (ambulant care)",
                          allocation_path(case, alloc) + ".arrangement", "stay_help"))
    return out


def _oza(case: Case, alloc: Allocation, catalog: CatalogData) -> list[Violation]:
    """MH-36: within an education-care arrangement the local access is always involved
    (integraal arrangeren)."""
    info = catalog.product(alloc.arrangement)
    if FLAG_OZA not in alloc.flags:
        return []
    relevant = info.segment is SegmentKey.BEHANDELING or info.sub in (
        SubSegment.BEGELEIDING, SubSegment.DAGBESTEDING)
    if relevant and alloc.referred_by is not PartyKind.ACCESS_TEAM:
        return [_v("MH-OZA-ACCESS", Severity.WARNING,
                   f"{alloc.id} is part of an onderwijszorgarrangement but the local access is "
                   "not the referrer; the local access is always involved (integraal "
                   "arrangeren)", allocation_path(case, alloc) + ".referred_by", "oza")]
    return []


def process_regie_due(plan_safety: bool, domains: int, options: Options) -> bool:
    """MH-32: the local access holds process regie when safety is at stake (Veilig Thuis
    handed the case to the local team; the core's ``safety_concern``) and when substantial
    problems span several domains (two or more). By default either trigger suffices
    (bijlage 1: "Dit geldt ook als"); the strict reading requires both."""
    several = domains >= 2
    if options.strict_process_regie_reading:
        return plan_safety and several
    return plan_safety or several


def _plans(case: Case, options: Options) -> list[Violation]:
    out: list[Violation] = []
    for plan in case.plans:
        path = f"households[{case.household.id}].plans[{plan.id}].regisseur"
        if plan.regisseur is None:
            out.append(_v("MH-REGIE-MISSING", Severity.WARNING,
                          f"plan {plan.id} does not record who holds regie; it must be clear "
                          "to resident and provider from the start", path, "regie_missing"))
            continue
        if (process_regie_due(plan.safety_concern, len(plan.domains), options)
                and plan.regisseur.kind not in _MUNICIPAL_ACCESS):
            why = "safety is at stake" if plan.safety_concern else (
                f"problems span {len(plan.domains)} domains")
            out.append(_v("MH-PROCESS-REGIE", Severity.ERROR,
                          f"plan {plan.id}: {why}, so the local access holds process regie, "
                          f"not {plan.regisseur}", path, "process_regie"))
    return out


def _end_goals(case: Case) -> list[Violation]:
    """MH-74: end goals (the desired result per result area) do not change during the
    trajectory without consultation: a goal revision that changes, adds or drops a desired
    result and does not record ``consulted`` is an error."""
    out: list[Violation] = []
    for plan in case.plans:
        before = {g.result_area: g.desired_result.strip() for g in plan.goals}
        for i, revision in enumerate(plan.revisions):
            after = {g.result_area: g.desired_result.strip() for g in revision.goals}
            changed = sorted(a for a in before.keys() | after.keys()
                             if before.get(a) != after.get(a))
            if changed and not revision.consulted:
                out.append(_v(
                    "MH-END-GOAL", Severity.ERROR,
                    f"plan {plan.id}: the {revision.kind.value} of "
                    f"{revision.date.isoformat()} changes the end goal(s) of "
                    f"{', '.join(changed)} without a recorded consultation",
                    f"households[{case.household.id}].plans[{plan.id}].revisions[{i}]",
                    "end_goals"))
            before = after
    return out


def _early_close(case: Case, catalog: CatalogData) -> list[Violation]:
    """MH-46: families under a youth-protection measure, or with safety issues, are not
    eligible for earlier closing: an "afsluiten" proposal before the allocation's end is an
    error for them."""
    out: list[Violation] = []
    safety = any(p.safety_concern for p in case.plans)
    for alloc in case.allocations:
        for event in case.events_for(alloc.id):
            if not isinstance(event, EndReport) or event.proposal is not EndProposal.CLOSE:
                continue
            if alloc.period.is_open or event.date >= alloc.period.last_day:
                continue
            protected = safety or any(
                (FLAG_PROTECTION_MEASURE in other.flags)
                or (catalog.catalog.has_arrangement(other.arrangement)
                    and catalog.product(other.arrangement).sub is SubSegment.JEUGDBESCHERMING
                    and event.date in other.period)
                for other in case.allocations
            )
            if protected:
                out.append(_v("MH-EARLY-CLOSE", Severity.ERROR,
                              f"end report of {event.date.isoformat()} proposes closing "
                              f"{alloc.id} before its end ({alloc.period.last_day.isoformat()})"
                              "; families under a protection measure or with safety issues "
                              "are not eligible for earlier closing",
                              allocation_path(case, alloc) + ".events", "early_close"))
    return out


def _income_flags(case: Case, alloc: Allocation) -> list[Violation]:
    """MH-61: the income-related HbH contribution reads the household's dated income
    (``household.income``). An allocation flag ``income:<euros>``, the former way to give
    it, is no longer read: it is reported, not silently ignored."""
    return [_v("MH-INCOME-FLAG", Severity.ERROR,
               f"allocation {alloc.id}: flag {flag!r} is no longer read; record the yearly "
               "income as the household's income (households[].income, with its period)",
               allocation_path(case, alloc) + ".flags", "income")
            for flag in sorted(alloc.flags) if flag.startswith("income:")]


_YOUTH_DAGBESTEDING = frozenset({"dagbesteding_jeugd", "dagbesteding_ontwikkelgericht_jeugd",
                                 "dagbesteding_specialistisch_jeugd"})
_LIGHT_TREATMENT = "behandeling_ambulant"


def _option_maxima(case: Case, catalog: CatalogData, options: Options) -> list[Violation]:
    """The two innovations the document names without figures, applied once a region sets
    them (0 = not set, the default):

    * MH-101: "normeren van enkelvoudige lichte behandeling (werken met maximum)". Read as:
      hours delivered under an ambulant treatment (``behandeling_ambulant``) that is the
      client's only youth treatment at the time (no other Behandeling, Hoog-specialistisch
      or Gedwongen kader allocation overlapping it), summed over the allocation;
    * MH-111: "onderwijs-urennorm koppelen aan maximaal aantal uren dagbesteding jeugd".
      Read as: dagdelen of youth dagbesteding delivered per ISO week, over all the client's
      youth dagbesteding allocations.

    Both are warnings: the document steers, it does not stop payment."""
    out: list[Violation] = []
    heavy = {SegmentKey.BEHANDELING, SegmentKey.HOOG_SPECIALISTISCH,
             SegmentKey.GEDWONGEN_KADER}
    known = [a for a in case.allocations if catalog.catalog.has_arrangement(a.arrangement)]
    if options.max_light_treatment_hours:
        limit = Decimal(options.max_light_treatment_hours)
        for alloc in known:
            if alloc.arrangement != _LIGHT_TREATMENT:
                continue
            single = not any(
                other.id != alloc.id and other.client_id == alloc.client_id
                and catalog.product(other.arrangement).segment in heavy
                and other.period.overlaps(alloc.period) for other in known)
            hours = sum((e.quantity for e in case.events_for(alloc.id)
                         if isinstance(e, Delivery) and e.unit is Unit.HOUR), Decimal(0))
            if single and hours > limit:
                out.append(_v("MH-LIGHT-TREATMENT-MAX", Severity.WARNING,
                              f"{alloc.id}: {hours} hours of single light treatment delivered, "
                              f"above the region's maximum of {limit} hours",
                              allocation_path(case, alloc) + ".events", "light_treatment"))
    if options.max_youth_dagbesteding_dagdelen_per_week:
        cap = Decimal(options.max_youth_dagbesteding_dagdelen_per_week)
        weeks: dict[tuple[str, int, int], Decimal] = {}
        first: dict[tuple[str, int, int], Allocation] = {}
        for alloc in known:
            if alloc.arrangement not in _YOUTH_DAGBESTEDING:
                continue
            for e in case.events_for(alloc.id):
                if isinstance(e, Delivery) and e.unit is Unit.DAGDEEL:
                    year, week, _ = e.date.isocalendar()
                    key = (alloc.client_id, year, week)
                    weeks[key] = weeks.get(key, Decimal(0)) + e.quantity
                    first.setdefault(key, alloc)
        for (client, year, week), dagdelen in sorted(weeks.items()):
            if dagdelen > cap:
                alloc = first[(client, year, week)]
                out.append(_v("MH-DAGBESTEDING-MAX", Severity.WARNING,
                              f"youth {client} had {dagdelen} dagdelen of dagbesteding in week "
                              f"{week} of {year}, above the maximum of {cap} a week linked to "
                              "the education-hours norm",
                              allocation_path(case, alloc) + ".events", "dagbesteding_max"))
    return out


def check_transition_18(case: Case, catalog: CatalogData) -> list[Violation]:
    """MH-50 (run by ``validate_region`` over the caseload, not per household: a follow-up is
    a fact about the client's care over time, and a household drawn on its own is not judged
    on it): at the transition from the Jeugdwet to the Wmo (turning 18) providers cooperate
    on the follow-up. A youth allocation (not verlengde jeugdhulp, not Gedwongen kader, whose
    measures run on their own terms, MH-82) that runs past the client's 18th birthday needs
    a recorded follow-up: another allocation of the client, under the Wmo or as verlengde
    jeugdhulp, that covers the birthday or starts within ``_TRANSITION_DAYS`` after it."""
    out: list[Violation] = []
    known = [a for a in case.allocations if catalog.catalog.has_arrangement(a.arrangement)]
    for alloc in known:
        info = catalog.product(alloc.arrangement)
        if alloc.extended_youth_care or info.segment is SegmentKey.GEDWONGEN_KADER:
            continue
        client = case.client(alloc)
        if client.law_on(alloc.period.start) is not Law.JEUGDWET:
            continue
        adult = add_months(client.birth_date, 12 * ADULT_AGE, MonthRounding.END_OF_MONTH)
        if adult not in alloc.period:
            continue
        window = Period(adult, adult + dt.timedelta(days=_TRANSITION_DAYS + 1))
        followed = any(
            other.id != alloc.id and other.client_id == alloc.client_id
            and (other.extended_youth_care or client.law_on(
                max(other.period.start, adult)) is Law.WMO)
            and other.period.overlaps(window)
            for other in known)
        if not followed:
            out.append(_v("MH-TRANSITION-18", Severity.WARNING,
                          f"client {client.id} turns {ADULT_AGE} on {adult.isoformat()} during "
                          f"{alloc.id} ({alloc.arrangement}) and no follow-up is recorded: a "
                          "Wmo allocation from the birthday or verlengde jeugdhulp "
                          "(extended_youth_care); at the transition providers cooperate on "
                          "the follow-up", allocation_path(case, alloc) + ".period",
                          "transition"))
    return out


_TRANSITION_DAYS = 92
"""How soon after the 18th birthday a follow-up must start to count (MH-50; a quarter, the
plugin's reading: the document gives no term)."""

HEAVIER_THAN: dict[SegmentKey, frozenset[SegmentKey]] = {
    SegmentKey.CRISIS: frozenset(SegmentKey) - {SegmentKey.CRISIS, SegmentKey.GEDWONGEN_KADER},
    SegmentKey.HOOG_SPECIALISTISCH: frozenset({SegmentKey.BEHANDELING, SegmentKey.WONEN,
                                               SegmentKey.ONDERSTEUNING}),
    SegmentKey.BEHANDELING: frozenset({SegmentKey.ONDERSTEUNING}),
}
"""MH-70: the segments each segment scales down to, as the document names them: from Crisis
to any regular help (bijlage 4 §4.2, the crisis provider's regie on scaling down, MH-93);
from Hoog-specialistisch to behandeling, begeleiding and/or wonen (bijlage 4 §4.3, MH-94);
from Behandeling to Begeleiding ("eerdere afschaling van behandeling", bijlage 4 §4.6).
Gedwongen kader is imposed by a court and is no step on this ladder; pairs the document
does not name are not judged."""


def _heavier(before: Allocation, after: Allocation, catalog: CatalogData) -> bool:
    first = catalog.product(before.arrangement).segment
    then = catalog.product(after.arrangement).segment
    if first in HEAVIER_THAN.get(then, frozenset()):
        return True
    return (after.arrangement == before.arrangement and after.volume is not None
            and before.volume is not None and after.unit == before.unit
            and after.frequency == before.frequency and after.volume > before.volume)


def _scale_down(case: Case, catalog: CatalogData) -> list[Violation]:
    """MH-70: scaling down is a move to a lighter alternative, a lighter service or a lower
    intensity. After an end report proposing ``scale_down``, the client's next allocation
    (starting on or after the report) must not be heavier (:data:`HEAVIER_THAN`, or the same
    product at a higher volume). MH-68: a move to another, lighter segment is never reported
    (segmentation does not block scaling down)."""
    out: list[Violation] = []
    known = [a for a in case.allocations if catalog.catalog.has_arrangement(a.arrangement)]
    for alloc in known:
        for report in case.events_for(alloc.id):
            if not isinstance(report, EndReport) or report.proposal is not EndProposal.SCALE_DOWN:
                continue
            following = sorted((o for o in known if o.id != alloc.id
                                and o.client_id == alloc.client_id
                                and o.period.start >= report.date),
                               key=lambda o: (o.period.start, o.id))
            if following and _heavier(alloc, following[0], catalog):
                nxt = following[0]
                out.append(_v("MH-SCALE-DOWN", Severity.WARNING,
                              f"end report of {report.date.isoformat()} on {alloc.id} proposes "
                              f"scaling down, but the next allocation {nxt.id} "
                              f"({nxt.arrangement}) is heavier than {alloc.arrangement}",
                              allocation_path(case, nxt) + ".arrangement", "scale_down"))
    return out


def _aftercare(case: Case) -> list[Violation]:
    """MH-75: after early scaling down or closing, brief contact and support is the
    provider's aftercare (nazorg), and more help is initiated separately. Care delivered
    under an allocation after its stop, when an end report proposing ``close`` or
    ``scale_down`` preceded that stop, is reported: it is aftercare or needs a new
    allocation."""
    out: list[Violation] = []
    for alloc in case.allocations:
        events = case.events_for(alloc.id)
        proposals = [e.date for e in events if isinstance(e, EndReport)
                     and e.proposal in (EndProposal.CLOSE, EndProposal.SCALE_DOWN)]
        stops = sorted(e.date for e in events if isinstance(e, Stop)
                       and any(d <= e.date for d in proposals))
        if not stops:
            continue
        late = sorted(e.date for e in events if isinstance(e, Delivery) and e.date > stops[0])
        if late:
            out.append(_v("MH-AFTERCARE", Severity.WARNING,
                          f"{alloc.id} was stopped on {stops[0].isoformat()} after an end report "
                          f"proposing to close or scale down, but care was delivered under it "
                          f"on {late[0].isoformat()}"
                          + (f" and {len(late) - 1} later day(s)" if len(late) > 1 else "")
                          + "; brief contact after closing is the provider's aftercare, more "
                          "help needs a new allocation", allocation_path(case, alloc) + ".events",
                          "aftercare"))
    return out


def validate_case(case: Case, catalog: CatalogData, instruments: Instruments) -> list[Violation]:
    """Every rule of this module that one household's case can break."""
    options = instruments.options
    out = [
        *check_known_arrangements(case, catalog.catalog, "MH-CATALOG", REFS["catalog"]),
        *check_law_by_age(case, catalog.catalog, "MH-LAW-DOMAIN", REFS["law"]),
    ]
    for alloc in case.allocations:
        out.extend(_income_flags(case, alloc))
        if not catalog.catalog.has_arrangement(alloc.arrangement):
            continue
        info = catalog.product(alloc.arrangement)
        out.extend(_referrers(case, alloc, catalog))
        if info.segment is SegmentKey.CRISIS:
            out.extend(_crisis(case, alloc, options))
        out.extend(_ages(case, alloc, catalog, options))
        out.extend(_oza(case, alloc, catalog))
    out.extend(_stays(case, catalog))
    out.extend(_plans(case, options))
    out.extend(_end_goals(case))
    out.extend(_early_close(case, catalog))
    out.extend(_option_maxima(case, catalog, options))
    out.extend(_scale_down(case, catalog))
    out.extend(_aftercare(case))
    return out


@attrs.frozen
class ContractRecord:
    """A contract with what the rules need besides the core's :class:`~sociaaldomein.Contract`:
    its segment, when it was signed, whether the changes were large (MH-26), and whether its
    figures are example values."""

    contract: Contract
    segment: SegmentKey
    signed_on: dt.date | None = None
    large_changes: bool = False
    example: bool = False


def validate_contract(record: ContractRecord, options: Options,
                      max_years: int = 10) -> list[Violation]:
    """MH-04: base term plus all options at most ``max_years`` (inventory ambiguity 5);
    MH-26: signed at least three (six with large changes) months before the start."""
    contract = record.contract
    out: list[Violation] = []
    longest = contract.longest
    limit = add_months(longest.start, 12 * max_years, MonthRounding.END_OF_MONTH)
    path = f"contracts[{contract.id}]"
    if longest.end > limit:
        out.append(_v("MH-CONTRACT-TERM", Severity.ERROR,
                      f"contract {contract.id} runs {longest} with all options, beyond the "
                      f"maximum of {max_years} years (until {limit.isoformat()})",
                      path + ".extensions", "term"))
    if record.signed_on is not None:
        months = (options.signing_months_large_changes if record.large_changes
                  else options.signing_months_min)
        deadline = add_months(longest.start, -months, MonthRounding.END_OF_MONTH)
        if record.signed_on > deadline:
            out.append(_v("MH-CONTRACT-SIGNING", Severity.ERROR,
                          f"contract {contract.id} was signed on {record.signed_on.isoformat()}"
                          f"; it starts {longest.start.isoformat()} and must be signed by "
                          f"{deadline.isoformat()} ({months} months before)",
                          path + ".signed_on", "signing"))
    return out


def check_volume(record: ContractRecord, realised: Money, year: int) -> list[Violation]:
    """MH-64: realised volume (the amount paid under the contract in ``year``) against the
    volume agreement's minimum and maximum. Both are reported as warnings: the agreement
    steers, it does not stop payment."""
    volume = record.contract.volume
    if volume is None:
        return []
    path = f"contracts[{record.contract.id}].volume"
    example = " (example contract of contracts.toml)" if record.example else ""
    if realised < volume.minimum:
        return [_v("MH-VOLUME-BELOW-MIN", Severity.WARNING,
                   f"contract {record.contract.id} realised {realised.format_nl()} in {year}, "
                   f"below the agreed minimum {volume.minimum.format_nl()}{example}", path,
                   "volume")]
    if realised > volume.maximum:
        return [_v("MH-VOLUME-ABOVE-MAX", Severity.WARNING,
                   f"contract {record.contract.id} realised {realised.format_nl()} in {year}, "
                   f"above the agreed maximum {volume.maximum.format_nl()}{example}", path,
                   "volume")]
    return []


def validate_instruments(instruments: Instruments) -> list[Violation]:
    """MH-21: P x Q is less suitable for Crisis, a service with an availability function."""
    crisis = instruments.for_segment(SegmentKey.CRISIS)
    if crisis.funding is FundingKind.PXQ:
        return [_v("MH-CRISIS-PXQ", Severity.WARNING,
                   "the Crisis segment is funded P x Q; the document finds effort-based funding "
                   "less suitable for a service with an availability function",
                   "instruments.crisis.funding", "crisis_pxq")]
    return []


# -- coordination: process regie and case regie ------------------------------------------


REGIEBEHANDELAAR = "regiebehandelaar"
"""The name given to the provider party that is regiebehandelaar (MH-72)."""

_COMPLEX = frozenset({SegmentKey.HOOG_SPECIALISTISCH})
_COMPLEX_SUBS = frozenset({SubSegment.JEUGDZORGPLUS, SubSegment.FORENSISCHE_GGZ})
_GI_SUBS = frozenset({SubSegment.JEUGDBESCHERMING, SubSegment.JEUGDRECLASSERING})


def _plan_allocations(case: Case, plan: Plan, on: dt.date) -> list[Allocation]:
    allocs = [a for a in case.allocations if a.plan_id in (plan.id, None)]
    current = [a for a in allocs if on in a.period]
    return current or allocs


def coordinate(case: Case, plan: Plan, on: dt.date, catalog: CatalogData,
               options: Options) -> Coordination:
    """Process regie (regisseur) and case regie (coordinator) for ``plan`` on ``on``."""
    allocs = [a for a in _plan_allocations(case, plan, on)
              if catalog.catalog.has_arrangement(a.arrangement)]
    infos = [(a, catalog.product(a.arrangement)) for a in allocs]

    # Case regie (coordinator).
    crisis = [a for a, i in infos if i.segment is SegmentKey.CRISIS]
    complex_ = [a for a, i in infos if i.segment in _COMPLEX or i.sub in _COMPLEX_SUBS]
    providers = sorted({a.provider for a in allocs})
    if crisis:
        coordinator = Party(PartyKind.PROVIDER, crisis[0].provider, "crisishulpaanbieder")
        case_ref, case_why = (ref("MH-93", "bijlage 4 §4.2 Crisis (Bijzonderheden)"),
                              "the crisis provider holds regie on scaling down")
    elif complex_ or len(providers) > 1:
        lead = (complex_ or sorted(allocs, key=lambda a: (a.period.start, a.id)))[0]
        coordinator = Party(PartyKind.PROVIDER, lead.provider, REGIEBEHANDELAAR)
        case_ref, case_why = (ref("MH-72", "bijlage 1 (Regie behandelaar); §2.5"),
                              "complex care: the regiebehandelaar holds regie")
    elif allocs:
        coordinator = Party(PartyKind.PROVIDER, allocs[0].provider)
        case_ref, case_why = (ref("MH-38", "§2.4 (Regie); bijlage 1 (Regie casus/behandel)"),
                              "the provider holds case regie on its treatment goals")
    else:
        coordinator = Party(PartyKind.ACCESS_TEAM)
        case_ref, case_why = (ref("MH-35", "§2.4 (Triage)"),
                              "no allocation yet: the local access is at work (triage)")

    # Process regie (regisseur).
    if process_regie_due(plan.safety_concern, len(plan.domains), options):
        why = ("safety is at stake and Veilig Thuis handed the case to the local team"
               if plan.safety_concern else
               f"substantial problems in {len(plan.domains)} domains")
        return Coordination(
            Party(PartyKind.ACCESS_TEAM), coordinator,
            ref("MH-32", "§2.4 (Regie); bijlage 1 (Regie proces/voortgang)"),
            f"the local access holds process regie: {why}; {case_why}",
        )
    gi = [a for a, i in infos if i.sub in _GI_SUBS]
    if gi:
        return Coordination(
            Party(PartyKind.GI, gi[0].provider), coordinator,
            ref("MH-79", "bijlage 4 §4.1 Jeugdbescherming and Jeugdreclassering (Doelen 1)"),
            f"the GI holds regie under the measure (or the local team, depending on the "
            f"situation); {case_why}",
        )
    return Coordination(plan.regisseur, coordinator, case_ref, case_why)
