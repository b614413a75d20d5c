"""Regie in Midden-Holland: who holds process regie and who holds case regie.

*Kaderdocument inkoop Wmo en Jeugd 2025*, §2.4 "Regie" and bijlage 1 (Regie casus/behandel,
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

from sociaaldomein import Allocation, Case, Coordination, Party, PartyKind, Plan
from sociaaldomein_midden_holland.catalog import CatalogData, SegmentKey, SubSegment
from sociaaldomein_midden_holland.instruments import Options
from sociaaldomein_midden_holland.rules import process_regie_due
from sociaaldomein_midden_holland.sources import ref

__all__ = ["REGIEBEHANDELAAR", "coordinate"]

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
        case_ref, case_why = (ref("bijlage 4 §4.2 Crisis (Bijzonderheden)", "MH-93"),
                              "the crisis provider holds regie on scaling down")
    elif complex_ or len(providers) > 1:
        lead = (complex_ or sorted(allocs, key=lambda a: (a.period.start, a.id)))[0]
        coordinator = Party(PartyKind.PROVIDER, lead.provider, REGIEBEHANDELAAR)
        case_ref, case_why = (ref("bijlage 1 (Regie behandelaar); §2.5", "MH-72"),
                              "complex care: the regiebehandelaar holds regie")
    elif allocs:
        coordinator = Party(PartyKind.PROVIDER, allocs[0].provider)
        case_ref, case_why = (ref("§2.4 (Regie); bijlage 1 (Regie casus/behandel)", "MH-38"),
                              "the provider holds case regie on its treatment goals")
    else:
        coordinator = Party(PartyKind.ACCESS_TEAM)
        case_ref, case_why = (ref("§2.4 (Triage)", "MH-35"),
                              "no allocation yet: the local access is at work (triage)")

    # Process regie (regisseur).
    if process_regie_due(plan.safety_concern, len(plan.domains), options):
        why = ("safety is at stake and Veilig Thuis handed the case to the local team"
               if plan.safety_concern else
               f"substantial problems in {len(plan.domains)} domains")
        return Coordination(
            Party(PartyKind.ACCESS_TEAM), coordinator,
            ref("§2.4 (Regie); bijlage 1 (Regie proces/voortgang)", "MH-32"),
            f"the local access holds process regie: {why}; {case_why}",
        )
    gi = [a for a, i in infos if i.sub in _GI_SUBS]
    if gi:
        return Coordination(
            Party(PartyKind.GI, gi[0].provider), coordinator,
            ref("bijlage 4 §4.1 Jeugdbescherming and Jeugdreclassering (Doelen 1)", "MH-79"),
            f"the GI holds regie under the measure (or the local team, depending on the "
            f"situation); {case_why}",
        )
    return Coordination(plan.regisseur, coordinator, case_ref, case_why)
