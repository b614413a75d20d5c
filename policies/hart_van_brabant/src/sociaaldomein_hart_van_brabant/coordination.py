"""Coordination: principal, contractor-coordinator, regisseur, and the safety rule.

The role names of *Leidende principes en inrichtingskeuzes* h2 (HVB16-14) and *Inkoopplan
resultaatgerichte Wmo-begeleiding 2019* §2.2:

* the access team (*toegang*) is the principal (*opdrachtgever*, HVB16-15, HVB19-11);
* the contractor (*opdrachtnemer*) it commissions becomes the plan's single coordinator
  (HVB16-17, HVB19-13): a provider, the household itself (e.g. with a pgb, HVB16-85), the
  access team, or a party in the preventive field (*voorliggend veld*) (HVB16-44, HVB19-14);
* coordination is never split over several coordinators (§3.4, HVB16-22, HVB16-89,
  HVB19-08);
* the plan records who has regie: the household, a professional or the access team
  (Principe 3, HVB16-26);
* when safety is at stake (a suspicion suffices, HVB16-30) the municipality or a close
  partner is both regisseur and coordinator (Principe 4, HVB16-31 .. HVB16-33; §2.1 d,
  HVB19-09): the GI for youth, the Vangnetpartners for the Wmo, the Team Complexe
  Casuïstiek of the Zorg- en Veiligheidshuis for either.
"""

from __future__ import annotations

import datetime as dt
import enum

from sociaaldomein import Case, Coordination, Law, Party, PartyKind, Plan, Ref
from sociaaldomein_hart_van_brabant.sources import ref16, ref19

__all__ = [
    "CONTRACTOR_KINDS",
    "REF_COORDINATOR",
    "REF_PRINCIPAL",
    "REF_SAFETY",
    "REF_SPLIT",
    "REGIE_KINDS",
    "Role",
    "coordinate",
    "principal",
    "safety_partners",
]

REF_PRINCIPAL = ref16("h2 (role names); §3.1 (De opdrachtgeversrol van de toegang)", "HVB16-15")
REF_COORDINATOR = ref16("h2 (role names); Principe 3", "HVB16-17")
REF_CONTRACTOR_KINDS = ref19("§2.2 item 3; §3.3 (Coördinatie)", "HVB19-14")
REF_ONE_COORDINATOR = ref16("h2 Principe 3 (title)", "HVB16-22")
REF_SPLIT = ref16("§3.4", "HVB16-89")
REF_REGIE = ref16("h2 Principe 3", "HVB16-26")
REF_SAFETY = ref16("h2 Principe 4", "HVB16-33")
REF_SAFETY_2019 = ref19("§2.1 d", "HVB19-09")
REF_WAALWIJK = ref16("voetnoot 2 (§3.1); voetnoot 5 (§3.4)", "HVB16-41")
REF_PGB = ref16("§3.4", "HVB16-85")


class Role(enum.Enum):
    """The four role names all nine municipalities use (h2, HVB16-14)."""

    OPDRACHTGEVER = "opdrachtgever"
    """The principal: the access team."""
    OPDRACHTNEMER = "opdrachtnemer"
    """The contractor that accepts the assignment."""
    COORDINATOR = "coördinator"
    """The party responsible for carrying out the plan; the contractor."""
    REGISSEUR = "regisseur"
    """Who holds regie over the whole trajectory."""


CONTRACTOR_KINDS = frozenset({
    PartyKind.PROVIDER, PartyKind.HOUSEHOLD, PartyKind.CLIENT, PartyKind.ACCESS_TEAM,
    PartyKind.PREVENTIVE_FIELD,
})
"""Who may be commissioned and so coordinate (HVB16-44, HVB19-14): a provider, the
household or resident itself, the access team, or a party in the voorliggend veld."""

REGIE_KINDS = frozenset({
    PartyKind.HOUSEHOLD, PartyKind.CLIENT, PartyKind.PROVIDER, PartyKind.PREVENTIVE_FIELD,
    PartyKind.ACCESS_TEAM,
})
"""Regie lies with the household itself, a professional or the access team (HVB16-26)."""


def safety_partners(laws: frozenset[Law]) -> frozenset[PartyKind]:
    """Who may be regisseur and coordinator when safety is at stake (HVB16-32, HVB16-33):
    the municipality (and its access team) and the Zorg- en Veiligheidshuis always, the GI
    when youth is involved, the Vangnetpartners when adults are (Wmo)."""
    allowed = {PartyKind.MUNICIPALITY, PartyKind.ACCESS_TEAM, PartyKind.ZORG_EN_VEILIGHEIDSHUIS}
    if Law.JEUGDWET in laws:
        allowed.add(PartyKind.GI)
    if Law.WMO in laws:
        allowed.add(PartyKind.VANGNET)
    return frozenset(allowed)


def laws_in(case: Case, on: dt.date) -> frozenset[Law]:
    """The laws the household's members fall under by age on ``on``."""
    return frozenset(p.law_on(on) for p in case.household.members)


def principal(case: Case, plan: Plan) -> tuple[Party, Ref]:
    """The principal (*opdrachtgever*) of every plan: the access team (HVB16-15, HVB19-11)."""
    return Party(PartyKind.ACCESS_TEAM), REF_PRINCIPAL


def _contractor(case: Case, plan: Plan) -> tuple[Party, str]:
    allocations = [a for a in case.allocations if a.plan_id == plan.id]
    if any(a.pgb for a in allocations):
        return Party(PartyKind.HOUSEHOLD), "with a pgb the household is contractor and coordinator"
    providers = sorted({a.provider for a in allocations})
    if len(providers) == 1:
        return (Party(PartyKind.PROVIDER, providers[0]),
                f"provider {providers[0]} is commissioned and so coordinates")
    return Party(PartyKind.ACCESS_TEAM), "no single contractor is commissioned: the access team"


def coordinate(case: Case, plan: Plan, on: dt.date, *, access_team_coordinates: bool) -> Coordination:
    """Who should be regisseur and coordinator of ``plan`` on ``on``.

    * Waalwijk (``access_team_coordinates``): its own access team coordinates (HVB16-41),
      or, with a pgb, the resident the plan names (HVB16-85; neither is a provider).
    * Safety at stake: the regisseur the plan names, if it is a safety partner, is both
      regisseur and coordinator; otherwise the municipality is both (HVB16-33, HVB19-09).
    * Otherwise the single coordinator the plan names (the contractor), or, when it names
      none, the contractor the allocations show (HVB16-17); regie as the plan records it,
      by default with the household (HVB16-26, HVB16-83).
    * A plan naming two or more coordinators has no valid coordinator (HVB16-22).
    """
    if plan.safety_concern:
        partners = safety_partners(laws_in(case, on))
        own = case.household.municipality.code
        for candidate in (plan.regisseur, *plan.coordinators):
            if candidate is None or candidate.kind not in partners:
                continue
            if candidate.kind is PartyKind.MUNICIPALITY and candidate.id not in (None, own):
                continue  # another municipality does not intervene here (HVB16-31)
            return Coordination(
                candidate, candidate, REF_SAFETY,
                f"safety is at stake: {candidate} is regisseur and coordinator")
        municipality = Party(PartyKind.MUNICIPALITY, own)
        return Coordination(municipality, municipality, REF_SAFETY,
                            "safety is at stake: the municipality is regisseur and coordinator")
    regisseur = plan.regisseur or Party(PartyKind.HOUSEHOLD)
    if access_team_coordinates:
        pgb = any(a.pgb for a in case.allocations if a.plan_id == plan.id)
        if pgb and len(plan.coordinators) == 1 and plan.coordinators[0].kind in (
            PartyKind.HOUSEHOLD, PartyKind.CLIENT
        ):
            return Coordination(regisseur, plan.coordinators[0], REF_PGB,
                                "Waalwijk, with a pgb: the resident coordinates his own plan")
        return Coordination(regisseur, Party(PartyKind.ACCESS_TEAM), REF_WAALWIJK,
                            "Waalwijk: the access professional coordinates")
    if len(plan.coordinators) > 1:
        return Coordination(regisseur, None, REF_ONE_COORDINATOR,
                            f"the plan names {len(plan.coordinators)} coordinators; a plan "
                            "has exactly one, coordination is never split")
    if plan.coordinators:
        return Coordination(regisseur, plan.coordinators[0], REF_COORDINATOR,
                            "the commissioned contractor coordinates")
    contractor, why = _contractor(case, plan)
    return Coordination(regisseur, contractor, REF_COORDINATOR, why)
