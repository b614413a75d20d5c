"""Validation and coordination of Hart van Brabant, each rule citing its clause.

Coordination
------------

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

Validation
----------

Every check returns :class:`~sociaaldomein.Violation`\\ s with a stable code (``HVB-...``), a
message naming what and where, a path into the input and the clause (``Ref``) it comes
from. The codes and their rules:

========================  =========  ===================================================
code                      severity   rule
========================  =========  ===================================================
HVB-UNKNOWN               error      arrangement not in the catalog (HVB19-17 matrix; HVB19-37: no meal cell)
HVB-NOT-MEMBER            error      household's municipality is not a member on the date
                                     (HVB16-01, HVB19-01); no other rule is checked
HVB-LAW                   error      Wmo arrangement for a client under 18 (national)
HVB-COORD-NONE            error      plan names no coordinator (HVB16-16, HVB19-14)
HVB-COORD-TWO             error      plan names two or more coordinators (HVB16-22, HVB19-08)
HVB-COORD-KIND            error      coordinator is not a possible contractor (HVB19-14)
HVB-COORD-SPLIT           error      household's support coordinated by several parties
                                     through several plans (HVB16-89, HVB16-11)
HVB-PLAN-TWO              warning    two plans in force with one coordinator (HVB16-11)
HVB-COORD-CONTRACT        error      provider coordinates cells it has no contract for
                                     (HVB16-89, stricter reading; only with contracts)
HVB-SAFETY-REGIE          error      safety case without the municipality or a partner as
                                     both regisseur and coordinator (HVB16-33, HVB19-09)
HVB-SAFETY-PARTNER        error      GI without youth, Vangnet without adults (HVB16-33)
HVB-REGIE-KIND            warning    regisseur outside household / professional / access
                                     team without a safety concern (HVB16-26)
HVB-WAALWIJK-COORD        error      Waalwijk plan not coordinated by its access team
                                     (HVB16-41)
HVB-WAALWIJK-RESULT       error      Waalwijk P x Q without a result agreed (HVB16-74)
HVB-PXQ-NOT-LOCAL         error      Waalwijk product outside Waalwijk (HVB16-74, HVB16-80)
HVB-PGB-COORD             error      pgb but the household does not coordinate (HVB16-85)
HVB-PROVIDERS-SEVERAL     warning    several providers paid in one plan (HVB16-27)
HVB-TRACK3-DECISION       error      specialist support without a decision (HVB16-51)
HVB-TRACK3-PLAN           error      specialist support without a plan (HVB16-52, HVB16-42)
HVB-GOAL-TERM             error      a goal without a term (HVB16-40, HVB19-12)
HVB-GOAL-MISSING          warning    a cell whose result the plan does not name (HVB16-79)
HVB-GOAL-LEVEL            error      the plan's level for the result is missing or differs
                                     (HVB16-63, HVB19-12)
HVB-TERM-EXPIRED          warning    allocation runs past its goal's term (HVB16-65)
HVB-CELL-NOT-IN-FORCE     error      joint-purchase arrangement for a municipality that
                                     does not take part on that date (HVB19-01, -04, -05)
HVB-CELL-OPTIONAL         error      a result the municipality buys separately (HVB19-07)
HVB-VOLUME                error      hours, volume or frequency on a result allocation
                                     (HVB19-42)
HVB-CONTRACT-END          error      joint-purchase allocation running past the framework
                                     contract's last possible day, 31 Dec 2022 (HVB19-69)
HVB-AREA3-CHOICE          error      3a flagged without financial problems, or 3b flagged
                                     with them (HVB19-31; only when the flag is given)
HVB-AREA-EXPLICIT         error      area 1 or 6 without an explicit result (HVB19-36)
HVB-AREA3-ALONE           error      area 3 without maatwerk in another area (HVB19-30)
HVB-TRANSPORT-AREA        error      transport not for area 1 or 5 (HVB19-40)
HVB-TRANSPORT-VOORLIGGEND error      transport while a voorliggende provision exists
                                     (HVB19-41)
HVB-SHORTSTAY-AREA        error      short stay without an area 1 result (HVB19-28)
HVB-COORD-BUDGET-REASON   error      extra coordination budget without its reason
                                     (HVB19-39)
HVB-EVENT-ALLOCATION      error      an event (start, stop, delivery, evaluation) naming no
                                     allocation of the case (HVB19-53)
HVB-EVALUATION-PERIOD     error      an evaluation dated before its allocation starts: it
                                     cannot judge that support (HVB19-55)
HVB-DELIVERY-PERIOD       error      a delivery in a month the allocation does not cover
                                     (HVB19-53)
HVB-DELIVERY-UNIT         error      a delivery in another unit than the arrangement's
                                     (hours on a per-etmaal stay; HVB19-53)
HVB-DELIVERY-DAYS         error      more etmalen of short stay, or days of transport, in a
                                     month than the allocation has days in it (HVB19-29)
HVB-EXCLUDED              error      a provision outside this purchase: a material
                                     provision (HVB16-53, HVB16-71), Zvw care (HVB16-47),
                                     a Wmo aid, sensory support or LVB sheltered living
                                     (HVB19-06); never paid under this policy
HVB-VOORLIGGEND           error      a cell whose need the allocation records as met by
                                     own strength or network (HVB16-18) or by the
                                     voorliggend veld (HVB19-15): not funded twice
HVB-DAY-ACTIVITIES        error      day activities for respite outside area 1, or for
                                     participation outside area 5 (HVB19-27)
HVB-4A-PROCESREGIE        error      4a carrying the process regie of the Zorg- en
                                     Veiligheidshuis or Veilig Thuis (HVB19-32)
HVB-4B-CAUSE              error      4b while the cause lies with the child (HVB19-33)
HVB-AREA5-PARTICIPATIEWET error      area 5 while the Participatiewet applies (HVB19-34)
HVB-6B-MEDICAL            error      6b for care of a medical character (HVB19-35)
HVB-PGB-CAPABLE           error      a pgb although neither the resident nor a naaste is
                                     able to coordinate (HVB16-84)
HVB-BASICS-FIRST          warning    the plan lists housing or income as a problem domain
                                     and sets goals elsewhere, but none for area 2 or 3
                                     (HVB16-21)
HVB-GOAL-SITUATION        warning    a goal of a plan with allocations records no current
                                     situation, only the desired one (HVB16-62)
HVB-FINANCES-UNKNOWN      warning    the municipality charges an own contribution and the
                                     household's income on the date is not recorded: the
                                     investigation covers the finances (HVB19-61; only
                                     when the policy charges, see ``policy.py``)
========================  =========  ===================================================

Allocation flags this policy reads (``Allocation.flags``): ``several_domains`` and
``safety`` (the reason for an extra coordination budget, HVB19-39), ``for:<result>`` (the
cell a transport allocation supports, e.g. ``for:5a``; the client must have that result
allocated in the same period), ``voorliggend-vervoer`` (a voorliggende transport provision
exists, HVB19-41), ``financial_problems`` / ``no_financial_problems`` on a 3a or 3b
allocation (HVB19-31).

Flags for the checks of *Inkoopplan 2019* §3.2 and §2.3 and *Leidende principes* h2 and
§3.4, each judged only when the flag is given (the access team records it):
``voorliggend`` (a voorliggende provision meets this need, HVB19-15), ``eigen-kracht`` (own
strength or network meets it, HVB16-18), ``dagbesteding:ontlasting`` (day activities mainly
to relieve the network: area 1) and ``dagbesteding:participatie`` (mainly the resident's own
participation: area 5, HVB19-27), ``procesregie`` (the allocation carries the process regie
of the Zorg- en Veiligheidshuis or Veilig Thuis, HVB19-32), ``cause:child`` (the cause of
the support need lies with the child, HVB19-33), ``participatiewet`` (support under the
Participatiewet applies, HVB19-34), ``medical`` (the care has a medical character,
HVB19-35), ``pgb-not-capable`` (neither the resident nor a naaste is well able to
coordinate a pgb, HVB16-84).

``several_domains`` counts only the plan's ``domains`` that are not life areas of the matrix
(§3.3: "verschillende domeinen (niet zijnde de leefgebieden in de matrix)"): a result code
(``4a``), an area number (``4``) or an area name (``Wonen``, ``Financiële situatie``, also
without accents) does not count.
"""

from __future__ import annotations

import datetime as dt
import enum
import unicodedata
from collections.abc import Iterable
from decimal import Decimal

import attrs

from sociaaldomein import (
    Allocation,
    Case,
    Contract,
    Coordination,
    Delivery,
    Evaluation,
    Law,
    Month,
    Party,
    PartyKind,
    Plan,
    Ref,
    Severity,
    Unit,
    UnknownCode,
    Violation,
)
from sociaaldomein.policy.checks import (
    allocation_path,
    check_known_arrangements,
    check_law_by_age,
    plan_path,
)
from sociaaldomein.policy.national import LAW_BOUNDARY_REF
from sociaaldomein_hart_van_brabant.catalog import (
    AddOn,
    Area,
    Cell,
    HvbCatalog,
    Result,
    WaalwijkProduct,
    cell_of,
)
from sociaaldomein_hart_van_brabant.joint_purchase import Participation
from sociaaldomein_hart_van_brabant.sources import ref

__all__ = [
    "CONTRACTOR_KINDS",
    "REF_COORDINATOR",
    "REF_PRINCIPAL",
    "REF_SAFETY",
    "REF_SPLIT",
    "REGIE_KINDS",
    "LocalRules",
    "R",
    "Role",
    "coordinate",
    "finances_unknown",
    "principal",
    "safety_partners",
    "validate_case",
]

REF_PRINCIPAL = ref("HVB16-15", "h2 (role names); §3.1 (De opdrachtgeversrol van de toegang)")
REF_COORDINATOR = ref("HVB16-17", "h2 (role names); Principe 3")
REF_CONTRACTOR_KINDS = ref("HVB19-14", "§2.2 item 3; §3.3 (Coördinatie)")
REF_ONE_COORDINATOR = ref("HVB16-22", "h2 Principe 3 (title)")
REF_SPLIT = ref("HVB16-89", "§3.4")
REF_REGIE = ref("HVB16-26", "h2 Principe 3")
REF_SAFETY = ref("HVB16-33", "h2 Principe 4")
REF_SAFETY_2019 = ref("HVB19-09", "§2.1 d")
REF_WAALWIJK = ref("HVB16-41", "voetnoot 2 (§3.1); voetnoot 5 (§3.4)")
REF_PGB = ref("HVB16-85", "§3.4")


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


R = {
    "HVB-UNKNOWN": ref("HVB19-17", "§3.1 (inkoopmatrix)"),
    "HVB-NOT-MEMBER": ref("HVB16-01", "h1 (intro)"),
    "HVB-COORD-NONE": ref("HVB19-14", "§2.2 item 3; §3.3 (Coördinatie)"),
    "HVB-COORD-TWO": ref("HVB16-22", "h2 Principe 3 (title)"),
    "HVB-COORD-KIND": ref("HVB19-14", "§2.2 item 3; §3.3 (Coördinatie)"),
    "HVB-COORD-SPLIT": ref("HVB16-89", "§3.4"),
    "HVB-PLAN-TWO": ref("HVB16-11", "h1 (Stap 2)"),
    "HVB-COORD-CONTRACT": ref("HVB16-89", "§3.4"),
    "HVB-SAFETY-REGIE": ref("HVB16-33", "h2 Principe 4"),
    "HVB-SAFETY-PARTNER": ref("HVB16-33", "h2 Principe 4"),
    "HVB-REGIE-KIND": ref("HVB16-26", "h2 Principe 3"),
    "HVB-WAALWIJK-COORD": ref("HVB16-41", "voetnoot 2 (§3.1); voetnoot 5 (§3.4)"),
    "HVB-WAALWIJK-RESULT": ref("HVB16-74", "voetnoot 3 (§3.3)"),
    "HVB-PXQ-NOT-LOCAL": ref("HVB16-80", "voetnoot 3 (§3.3); voetnoot 4"),
    "HVB-PGB-COORD": ref("HVB16-85", "§3.4"),
    "HVB-PROVIDERS-SEVERAL": ref("HVB16-27", "h2 Principe 3"),
    "HVB-TRACK3-DECISION": ref("HVB16-51", "§3.2 Spoor 3"),
    "HVB-TRACK3-PLAN": ref("HVB16-52", "§3.2 Spoor 3"),
    "HVB-GOAL-TERM": ref("HVB16-40", "§3.1 (De opdrachtgeversrol van de toegang)"),
    "HVB-GOAL-MISSING": ref("HVB16-79", "§3.3"),
    "HVB-GOAL-LEVEL": ref("HVB19-12", "§2.2 item 1; §4.1"),
    "HVB-TERM-EXPIRED": ref("HVB16-65", "§3.3"),
    "HVB-CELL-NOT-IN-FORCE": ref("HVB19-05", "§1.1; §1.3; §1.4"),
    "HVB-CELL-OPTIONAL": ref("HVB19-07", "§1.4; §3.2 item 2"),
    "HVB-VOLUME": ref("HVB19-42", "§3.4"),
    "HVB-CONTRACT-END": ref("HVB19-69", "§6 (intro)"),
    "HVB-AREA3-CHOICE": ref("HVB19-31", "§3.2 item 3"),
    "HVB-AREA-EXPLICIT": ref("HVB19-36", "§3.3 (Resultaatgebieden 1 en 6)"),
    "HVB-AREA3-ALONE": ref("HVB19-30", "§3.2 item 3"),
    "HVB-TRANSPORT-AREA": ref("HVB19-40", "§3.3 (Vervoer)"),
    "HVB-TRANSPORT-VOORLIGGEND": ref("HVB19-41", "§3.3 (Vervoer)"),
    "HVB-SHORTSTAY-AREA": ref("HVB19-28", "§3.2 item 1"),
    "HVB-COORD-BUDGET-REASON": ref("HVB19-39", "§3.3 (Coördinatie)"),
    "HVB-DELIVERY-PERIOD": ref("HVB19-53", "§4.1"),
    "HVB-EVENT-ALLOCATION": ref("HVB19-53", "§4.1"),
    "HVB-EVALUATION-PERIOD": ref("HVB19-55", "§4.1"),
    "HVB-DELIVERY-DAYS": ref("HVB19-29", "§3.2 item 1"),
    "HVB-DELIVERY-UNIT": ref("HVB19-53", "§4.1"),
    "HVB-EXCLUDED": ref("HVB19-06", "§1.4"),
    "HVB-VOORLIGGEND": ref("HVB19-15", "§2.3; §3.3 (Afstemming met aanbod voorliggend veld)"),
    "HVB-DAY-ACTIVITIES": ref("HVB19-27", "§3.2 items 1 and 5"),
    "HVB-4A-PROCESREGIE": ref("HVB19-32", "§3.2 item 4"),
    "HVB-4B-CAUSE": ref("HVB19-33", "§3.2 item 4"),
    "HVB-AREA5-PARTICIPATIEWET": ref("HVB19-34", "§3.2 item 5"),
    "HVB-6B-MEDICAL": ref("HVB19-35", "§3.2 item 6"),
    "HVB-PGB-CAPABLE": ref("HVB16-84", "§3.4"),
    "HVB-BASICS-FIRST": ref("HVB16-21", "h2 Principe 2"),
    "HVB-FINANCES-UNKNOWN": ref("HVB19-61", "§4.4 (Eigen bijdrage)"),
    "HVB-GOAL-SITUATION": ref("HVB16-62", "§3.3"),
}
"""The clause of every violation code."""

BUDGET_REASONS = frozenset({"several_domains", "safety"})
REF_OWN_STRENGTH = ref("HVB16-18", "h2 Principe 1")
BASICS = {
    Area.WONEN: frozenset({"wonen", "huisvesting", "woning", "2", "2a", "2b"}),
    Area.FINANCIELE_SITUATIE: frozenset({"inkomen", "financien", "financiele situatie", "3",
                                         "3a", "3b"}),
}
"""Plan domains that name a basic (HVB16-21: housing and income), by the matrix area that
answers them (folded: lower case, no accents)."""
SAFETY_KINDS = frozenset({PartyKind.MUNICIPALITY, PartyKind.ACCESS_TEAM,
                          PartyKind.ZORG_EN_VEILIGHEIDSHUIS, PartyKind.GI, PartyKind.VANGNET})


@attrs.frozen
class LocalRules:
    """What a municipality dialect changes (Waalwijk, *Leidende principes* voetnoot 2-5)."""

    municipality: str
    name: str
    access_team_coordinates: bool
    """Its access professional coordinates (HVB16-41)."""
    price_quantity: bool
    """P x Q for the Wmo with agreements on the result (HVB16-74)."""
    results_are_units: bool
    """Whether the plan's results are the purchasing units (not for Waalwijk, HVB16-80)."""


def _v(code: str, message: str, path: str, severity: Severity = Severity.ERROR) -> Violation:
    return Violation(code, severity, message, path, R[code])


def _same(a: Party, b: Party) -> bool:
    return a.kind is b.kind and a.id == b.id


def _runs_to(alloc: Allocation) -> str:
    if alloc.period.is_open:
        return "without an end"
    return f"to {alloc.period.last_day.isoformat()}"


def _active(allocations: Iterable[Allocation], on: dt.date) -> list[Allocation]:
    return [a for a in allocations if on in a.period]


def validate_case(
    case: Case,
    on: dt.date,
    *,
    catalog: HvbCatalog,
    participation: Participation | None,
    local: LocalRules | None,
    contracts: tuple[Contract, ...] = (),
    area3_severity: Severity = Severity.ERROR,
    member: bool = True,
    region_name: str = "Regio Hart van Brabant",
    contract_end: dt.date | None = None,
) -> list[Violation]:
    """All violations in ``case`` on ``on`` (see the module docstring for the codes).

    ``member``: whether the household's municipality belongs to the region on ``on``; if
    not, only ``HVB-NOT-MEMBER`` is reported (no rule of this region applies).
    ``contract_end``: the first day after the framework contract with every extension
    taken; a joint-purchase allocation running past it is ``HVB-CONTRACT-END``.
    """
    core = catalog.core
    out: list[Violation] = []
    if not member:
        municipality = case.household.municipality
        return [_v("HVB-NOT-MEMBER", f"household {case.household.id} lives in {municipality}, "
                   f"which is not a member of {region_name} on "
                   f"{on.isoformat()}; this region's rules do not apply",
                   f"households[{case.household.id}].municipality")]
    out += _unknown_or_excluded(case, catalog)
    out += check_law_by_age(case, core, "HVB-LAW", LAW_BOUNDARY_REF)
    for plan in case.plans:
        out += _plan(case, plan, on, catalog, local, contracts)
    out += _split(case, on)
    out += _deliveries(case, catalog)
    for alloc in case.allocations:
        if not core.has_arrangement(alloc.arrangement):
            continue
        out += _allocation(case, alloc, catalog, participation, local, area3_severity,
                           contract_end)
    return out


def _unknown_or_excluded(case: Case, catalog: HvbCatalog) -> list[Violation]:
    """An arrangement outside the catalog: HVB-EXCLUDED, citing its rule, when it is a
    provision outside this purchase (HVB19-06, HVB16-47, HVB16-53, HVB16-71), else
    HVB-UNKNOWN."""
    out: list[Violation] = []
    excluded_paths: set[str] = set()
    for alloc in case.allocations:
        found = catalog.excluded_provision(alloc.arrangement)
        if found is None:
            continue
        path = allocation_path(case, alloc) + ".arrangement"
        excluded_paths.add(path)
        out.append(Violation("HVB-EXCLUDED", Severity.ERROR,
                             f"allocation {alloc.id}: {found.name} is {found.why}; it is not an "
                             "arrangement of this purchase and is not paid under it",
                             path, found.ref))
    unknown = check_known_arrangements(case, catalog.core, "HVB-UNKNOWN", R["HVB-UNKNOWN"])
    return [v for v in unknown if v.path not in excluded_paths] + out


def finances_unknown(case: Case, on: dt.date) -> list[Violation]:
    """HVB19-61: the investigation before a decision covers the client's financial situation
    and means. Where the municipality charges an own contribution, a household with support
    in force on ``on`` and no income recorded for that date gets a warning."""
    if not _active(case.allocations, on) or any(on in i.period for i in case.household.income):
        return []
    return [_v("HVB-FINANCES-UNKNOWN", f"household {case.household.id} has support on "
               f"{on.isoformat()} and an own contribution is charged, but no income is "
               "recorded for that date; the investigation before the decision covers the "
               "client's financial situation and means",
               f"households[{case.household.id}].income", Severity.WARNING)]


def _plan(case: Case, plan: Plan, on: dt.date, catalog: HvbCatalog, local: LocalRules | None,
          contracts: tuple[Contract, ...]) -> list[Violation]:
    out: list[Violation] = []
    path = plan_path(case, plan)
    allocs = [a for a in case.allocations if a.plan_id == plan.id]
    n = len(plan.coordinators)
    if n == 0:
        out.append(_v("HVB-COORD-NONE", f"plan {plan.id} names no coordinator; every plan "
                      "records who coordinates its execution", f"{path}.coordinators"))
    elif n > 1:
        who = ", ".join(str(c) for c in plan.coordinators)
        out.append(_v("HVB-COORD-TWO", f"plan {plan.id} names {n} coordinators ({who}); one "
                      "household, one plan, one coordinator", f"{path}.coordinators"))
    if plan.safety_concern:
        out += _safety(case, plan, on, path)
    else:
        for c in plan.coordinators:
            if c.kind not in CONTRACTOR_KINDS:
                out.append(_v("HVB-COORD-KIND", f"plan {plan.id}: {c} cannot be commissioned "
                              "as coordinator (a provider, the household, the access team or "
                              "the voorliggend veld can)", f"{path}.coordinators"))
        if plan.regisseur is not None and plan.regisseur.kind not in REGIE_KINDS:
            out.append(_v("HVB-REGIE-KIND", f"plan {plan.id}: regie with {plan.regisseur} "
                          "although no safety concern is recorded", f"{path}.regisseur",
                          Severity.WARNING))
        pgb = any(a.pgb for a in allocs)
        residents = (PartyKind.HOUSEHOLD, PartyKind.CLIENT)
        waalwijk = local is not None and local.access_team_coordinates
        # Waalwijk keeps coordination itself and does not hand it to providers (voetnoot 2
        # and 5); a resident with a pgb coordinates his own plan (HVB16-85), which does not
        # hand it to a provider either, so both the access team and (with a pgb) the
        # resident are accepted there.
        if local is not None and waalwijk and n == 1 and not (
            plan.coordinators[0].kind is PartyKind.ACCESS_TEAM
            or (pgb and plan.coordinators[0].kind in residents)
        ):
            out.append(_v("HVB-WAALWIJK-COORD", f"plan {plan.id}: in {local.name} the access "
                          f"professional coordinates, not {plan.coordinators[0]}",
                          f"{path}.coordinators"))
        if pgb and n == 1 and plan.coordinators[0].kind not in residents and not (
            waalwijk and plan.coordinators[0].kind is PartyKind.ACCESS_TEAM
        ):
            out.append(_v("HVB-PGB-COORD", f"plan {plan.id} has a pgb, so the resident is "
                          f"contractor and coordinator, not {plan.coordinators[0]}",
                          f"{path}.coordinators"))
    providers = sorted({a.provider for a in allocs if not a.pgb})
    if len(providers) > 1:
        out.append(_v("HVB-PROVIDERS-SEVERAL", f"plan {plan.id} pays {len(providers)} providers "
                      f"({', '.join(providers)}); they work under the one coordinator's "
                      "responsibility", f"{path}.allocations", Severity.WARNING))
    if allocs:
        for i, goal in enumerate(plan.goals):
            if goal.term_end is None and plan.term_end is None:
                out.append(_v("HVB-GOAL-TERM", f"plan {plan.id}: the goal for "
                              f"{goal.result_area} has no term by which it must be reached",
                              f"{path}.goals[{i}].term_end"))
            if not goal.current_situation.strip():
                out.append(_v("HVB-GOAL-SITUATION", f"plan {plan.id}: the goal for "
                              f"{goal.result_area} records the desired result but not the "
                              "current situation", f"{path}.goals[{i}].current_situation",
                              Severity.WARNING))
    if contracts and n == 1 and plan.coordinators[0].kind is PartyKind.PROVIDER:
        out += _coordinator_contract(plan, plan.coordinators[0], allocs, contracts, path)
    out += _basics_first(plan, path)
    return out


def _basics_first(plan: Plan, path: str) -> list[Violation]:
    """HVB16-21: housing and income come first. A plan whose problem domains name housing
    or income, with goals in other areas but none in the area that answers that basic,
    gets a warning (the plan may have a reason: the access team judges)."""
    domains = {_fold(d) for d in plan.domains}
    areas = {a for g in plan.goals if (a := _goal_area(g.result_area)) is not None}
    if not areas:
        return []
    out: list[Violation] = []
    for area, names in BASICS.items():
        if domains & names and area not in areas:
            what = "housing" if area is Area.WONEN else "income"
            out.append(_v("HVB-BASICS-FIRST", f"plan {plan.id} lists {what} as a problem "
                          f"domain but sets no goal in area {area.value}; a household's basics "
                          "(housing, income) come first before other support can work",
                          f"{path}.goals", Severity.WARNING))
    return out


def _goal_area(code: str) -> Area | None:
    """The matrix area of a goal's result code (``"2a"``), or ``None``."""
    try:
        return Result.from_code(code).area
    except UnknownCode:
        return None


def _safety(case: Case, plan: Plan, on: dt.date, path: str) -> list[Violation]:
    regisseur = plan.regisseur
    if regisseur is None or regisseur.kind not in SAFETY_KINDS or len(plan.coordinators) != 1 \
            or not _same(regisseur, plan.coordinators[0]):
        coord = ", ".join(str(c) for c in plan.coordinators) or "nobody"
        return [_v("HVB-SAFETY-REGIE", f"plan {plan.id}: safety is at stake, so the municipality "
                   "or a partner (GI, Zorg- en Veiligheidshuis, Vangnetpartners) must be both "
                   f"regisseur and coordinator; regisseur is {regisseur or 'nobody'}, "
                   f"coordinator {coord}", f"{path}.regisseur")]
    own = case.household.municipality.code
    if regisseur.kind is PartyKind.MUNICIPALITY and regisseur.id not in (None, own):
        return [_v("HVB-SAFETY-REGIE", f"plan {plan.id}: safety is at stake and the "
                   f"municipality is regisseur and coordinator, but {regisseur} is not the "
                   f"household's municipality ({own})", f"{path}.regisseur")]
    allowed = safety_partners(laws_in(case, on))
    if regisseur.kind not in allowed:
        who = "youth (Jeugdwet)" if regisseur.kind is PartyKind.GI else "adults (Wmo)"
        return [_v("HVB-SAFETY-PARTNER", f"plan {plan.id}: {regisseur} is a safety partner for "
                   f"{who}, and the household has no member under that law on {on.isoformat()}",
                   f"{path}.regisseur")]
    return []


def _coordinator_contract(plan: Plan, coordinator: Party, allocs: list[Allocation],
                          contracts: tuple[Contract, ...], path: str) -> list[Violation]:
    out: list[Violation] = []
    for alloc in allocs:
        if cell_of(alloc.arrangement) is None:
            continue
        held = any(c.provider.code == coordinator.id and c.covers(alloc.arrangement, alloc.period.start, 2)
                   for c in contracts)
        if not held:
            out.append(_v("HVB-COORD-CONTRACT", f"plan {plan.id}: coordinator {coordinator} has "
                          f"no contract for cell {alloc.arrangement}; coordination is not split, "
                          "so the coordinator must hold every cell of the plan",
                          f"{path}.coordinators"))
    return out


def _split(case: Case, on: dt.date) -> list[Violation]:
    plan_ids = sorted({a.plan_id for a in _active(case.allocations, on) if a.plan_id})
    plans = [p for p in (case.plan(i) for i in plan_ids) if p is not None]
    if len(plans) < 2:
        return []
    coordinators = {(c.kind, c.id) for p in plans for c in p.coordinators}
    path = f"households[{case.household.id}].plans"
    names = ", ".join(p.id for p in plans)
    if len(coordinators) > 1:
        return [_v("HVB-COORD-SPLIT", f"household {case.household.id} has support under plans "
                   f"{names} on {on.isoformat()} with different coordinators; coordination is "
                   "never split over several coordinators", path)]
    return [_v("HVB-PLAN-TWO", f"household {case.household.id} has support under plans {names} "
               f"on {on.isoformat()}; one household, one plan", path, Severity.WARNING)]


def _allocation(case: Case, alloc: Allocation, catalog: HvbCatalog,
                participation: Participation | None, local: LocalRules | None,
                area3_severity: Severity, contract_end: dt.date | None) -> list[Violation]:
    out: list[Violation] = []
    path = allocation_path(case, alloc)
    arrangement = catalog.core.arrangement(alloc.arrangement)
    segment = catalog.core.segment(arrangement.segment)
    plan = case.plan(alloc.plan_id)
    if segment.needs_decision and alloc.decided_on is None:
        out.append(_v("HVB-TRACK3-DECISION", f"allocation {alloc.id} ({alloc.arrangement}) is "
                      "specialist support and needs a decision (beschikking) by the access "
                      "team", f"{path}.decided_on"))
    if alloc.pgb and "pgb-not-capable" in alloc.flags:
        out.append(_v("HVB-PGB-CAPABLE", f"allocation {alloc.id} is a pgb, but the access team "
                      "recorded that neither the resident nor a naaste is well able to "
                      "coordinate the support; a pgb requires that", f"{path}.pgb"))
    if segment.needs_decision and plan is None:
        out.append(_v("HVB-TRACK3-PLAN", f"allocation {alloc.id} ({alloc.arrangement}) is "
                      "specialist support and needs an integral plan van aanpak",
                      f"{path}.plan_id"))
    waalwijk_products = {p.value for p in WaalwijkProduct}
    municipality = case.household.municipality
    if alloc.arrangement in waalwijk_products:
        if local is None or not local.price_quantity:
            out.append(_v("HVB-PXQ-NOT-LOCAL", f"allocation {alloc.id}: {alloc.arrangement} is "
                          f"a Waalwijk P x Q product, but the household lives in {municipality}",
                          f"{path}.arrangement"))
        elif plan is not None and not any(g.desired_result.strip() for g in plan.goals):
            out.append(_v("HVB-WAALWIJK-RESULT", f"allocation {alloc.id}: P x Q in "
                          f"{local.name} comes with agreements on the result, and plan "
                          f"{plan.id} names none", f"{path}.plan_id"))
        return out
    # Arrangements of the joint purchase: cells and add-ons.
    start = alloc.period.start
    if participation is None or not participation.takes_part(start):
        why = ("does not take part in the joint purchase of Wmo-begeleiding"
               if participation is None or participation.period is None
               else f"takes part from {participation.period.start.isoformat()}")
        out.append(_v("HVB-CELL-NOT-IN-FORCE", f"allocation {alloc.id}: {alloc.arrangement} "
                      f"is bought jointly from 2019, and {municipality} {why} "
                      f"(allocation starts {start.isoformat()})", f"{path}.arrangement"))
    elif participation.period is not None and alloc.period.end > participation.period.end:
        out.append(_v("HVB-CELL-NOT-IN-FORCE", f"allocation {alloc.id}: {alloc.arrangement} "
                      f"is bought jointly, and {municipality} takes part only until "
                      f"{participation.period.last_day.isoformat()}; the allocation runs "
                      f"{_runs_to(alloc)}", f"{path}.period"))
    if contract_end is not None and alloc.period.end > contract_end:
        last = contract_end - dt.timedelta(days=1)
        out.append(_v("HVB-CONTRACT-END", f"allocation {alloc.id} ({alloc.arrangement}) runs "
                      f"{_runs_to(alloc)}, past {last.isoformat()}, the last day of the framework "
                      "contract with both one-year extensions; the joint purchase cannot "
                      "decide support beyond it", f"{path}.period"))
    per_period = cell_of(alloc.arrangement) is not None or alloc.arrangement == AddOn.COORDINATION.value
    if per_period and (alloc.volume is not None or alloc.unit is not None
                       or alloc.frequency is not None):
        got = " ".join(str(x) for x in (
            alloc.volume, alloc.unit.label if alloc.unit else None,
            f"frequency {alloc.frequency.name.lower()}" if alloc.frequency else None,
        ) if x is not None)
        out.append(_v("HVB-VOLUME", f"allocation {alloc.id}: a result is decided without hours, "
                      f"volume or frequency (the WHAT, not the HOW); got {got}",
                      f"{path}.volume"))
    cell = cell_of(alloc.arrangement)
    if cell is not None:
        out += _cell(case, alloc, cell, plan, catalog, participation, path, area3_severity)
    elif alloc.arrangement == AddOn.TRANSPORT.value:
        out += _transport(case, alloc, catalog, path)
    elif alloc.arrangement in (AddOn.SHORT_STAY_GUIDANCE.value, AddOn.SHORT_STAY_STAY.value):
        if plan is None or not any(plan.has_explicit_result(r.value) for r in Result
                                   if r.area is Area.SOCIAAL_NETWERK):
            out.append(_v("HVB-SHORTSTAY-AREA", f"allocation {alloc.id}: short stay for respite "
                          "falls under area 1 (Sociaal netwerk), and the plan names no explicit "
                          "area 1 result", f"{path}.plan_id"))
    elif alloc.arrangement == AddOn.COORDINATION.value:
        out += _coordination_budget(alloc, plan, catalog, path)
    return out


def _cell(case: Case, alloc: Allocation, cell: Cell, plan: Plan | None, catalog: HvbCatalog,
          participation: Participation | None, path: str,
          area3_severity: Severity) -> list[Violation]:
    out: list[Violation] = []
    if participation is not None and cell.result in participation.separately_bought:
        out.append(_v("HVB-CELL-OPTIONAL", f"allocation {alloc.id}: "
                      f"{participation.municipality} buys result {cell.result.value} "
                      "(household help) separately, outside the joint purchase",
                      f"{path}.arrangement"))
    info = catalog.area(cell.area)
    if cell.result is Result.R3B and "financial_problems" in alloc.flags:
        out.append(_v("HVB-AREA3-CHOICE", f"allocation {alloc.id}: 3b (an orderly "
                      "administration) is for a client without financial problems; with "
                      "financial problems the result is 3a (finances in order)",
                      f"{path}.arrangement"))
    out += _cell_scope(alloc, cell, path)
    if cell.result is Result.R3A and "no_financial_problems" in alloc.flags:
        out.append(_v("HVB-AREA3-CHOICE", f"allocation {alloc.id}: 3a (finances in order) is "
                      "for a client with financial problems; without them the result is 3b "
                      "(an orderly administration)", f"{path}.arrangement"))
    if plan is None:
        return out
    goal = plan.goal_for(cell.result.value)
    if info.explicit_result_required:
        if not plan.has_explicit_result(cell.result.value):
            out.append(_v("HVB-AREA-EXPLICIT", f"allocation {alloc.id}: area {cell.area.value} "
                          f"({info.name}) is decided only when the plan names an explicit result "
                          f"for it; plan {plan.id} names none for {cell.result.value}",
                          f"{path}.arrangement"))
    elif goal is None or not goal.desired_result.strip():
        out.append(_v("HVB-GOAL-MISSING", f"allocation {alloc.id}: plan {plan.id} names no "
                      f"result for {cell.result.value}; the plan's results are the purchasing "
                      "units", f"{path}.arrangement", Severity.WARNING))
    if goal is not None:
        if goal.level is None:
            out.append(_v("HVB-GOAL-LEVEL", f"allocation {alloc.id}: plan {plan.id} sets no "
                          f"self-reliance level for {cell.result.value}", f"{path}.arrangement"))
        elif _level_code(goal.level) != cell.level.value:
            out.append(_v("HVB-GOAL-LEVEL", f"allocation {alloc.id} is for {cell.code}, but plan "
                          f"{plan.id} sets {cell.result.value} at {goal.level}",
                          f"{path}.arrangement"))
        term = goal.term_end or plan.term_end
        if term is not None and alloc.period.end > term:
            out.append(_v("HVB-TERM-EXPIRED", f"allocation {alloc.id} runs to "
                          f"{alloc.period.last_day.isoformat()}, past the term "
                          f"{term.isoformat()} of its goal; the access team sets the goals again "
                          "first", f"{path}.period", Severity.WARNING))
    if info.requires_other_area:
        others = [
            a for a in case.allocations
            if a.id != alloc.id and a.period.overlaps(alloc.period)
            and (c := cell_of(a.arrangement)) is not None and c.area is not cell.area
        ]
        if not others:
            out.append(Violation(
                "HVB-AREA3-ALONE", area3_severity,
                f"allocation {alloc.id}: area 3 (Financiële situatie) is decided as maatwerk "
                "only when another result area also needs maatwerk; otherwise the voorliggend "
                "veld takes it on", f"{path}.arrangement", R["HVB-AREA3-ALONE"]))
    return out


def _cell_scope(alloc: Allocation, cell: Cell, path: str) -> list[Violation]:
    """What a cell covers, judged on the flags the access team records (see the module
    docstring): HVB19-15 and HVB16-18 (maatwerk after own strength, network and the
    voorliggend veld, never funded twice), HVB19-27 (day activities by main purpose),
    HVB19-32 (no process regie in 4a), HVB19-33 (4b only when the cause is not the child),
    HVB19-34 (area 5 not while the Participatiewet applies), HVB19-35 (6b not medical)."""
    out: list[Violation] = []
    flags = alloc.flags
    where = f"{path}.flags"
    if "voorliggend" in flags:
        out.append(_v("HVB-VOORLIGGEND", f"allocation {alloc.id}: the need for "
                      f"{cell.result.value} is met by a voorliggende provision; maatwerk comes "
                      "after the voorliggend veld and the same support is not funded twice",
                      where))
    if "eigen-kracht" in flags:
        out.append(Violation("HVB-VOORLIGGEND", Severity.ERROR,
                             f"allocation {alloc.id}: the need for {cell.result.value} is met "
                             "by the resident's own strength or network, which comes first, "
                             "before any maatwerk", where, REF_OWN_STRENGTH))
    purposes = {"dagbesteding:ontlasting": Area.SOCIAAL_NETWERK,
                "dagbesteding:participatie": Area.MAATSCHAPPELIJKE_PARTICIPATIE}
    for flag, area in purposes.items():
        if flag in flags and cell.area is not area:
            why = ("relieves the network or informal carers"
                   if area is Area.SOCIAAL_NETWERK else "centres on the resident's own participation")
            out.append(_v("HVB-DAY-ACTIVITIES", f"allocation {alloc.id}: day activities whose "
                          f"main purpose {why} fall under area {area.value}, not "
                          f"{cell.result.value}", where))
    if cell.result is Result.R4A and "procesregie" in flags:
        out.append(_v("HVB-4A-PROCESREGIE", f"allocation {alloc.id}: 4a may cover a situation "
                      "where safety is at stake, but the process regie of the Zorg- en "
                      "Veiligheidshuis or Veilig Thuis is not part of this result", where))
    if cell.result is Result.R4B and "cause:child" in flags:
        out.append(_v("HVB-4B-CAUSE", f"allocation {alloc.id}: 4b (the parenting climate) is "
                      "seen from the parents and applies only when the cause of the support "
                      "need does not lie with the child", where))
    if cell.area is Area.MAATSCHAPPELIJKE_PARTICIPATIE and "participatiewet" in flags:
        out.append(_v("HVB-AREA5-PARTICIPATIEWET", f"allocation {alloc.id}: guidance towards "
                      f"work falls under {cell.result.value} only while no support under the "
                      "Participatiewet applies", where))
    if cell.result is Result.R6B and "medical" in flags:
        out.append(_v("HVB-6B-MEDICAL", f"allocation {alloc.id}: 6b (ADL) covers personal care "
                      "without a medical character; medical care is not part of this result",
                      where))
    return out


def _transport(case: Case, alloc: Allocation, catalog: HvbCatalog, path: str) -> list[Violation]:
    out: list[Violation] = []
    allowed = catalog.areas_for(AddOn.TRANSPORT)
    named = sorted(f.removeprefix("for:") for f in alloc.flags if f.startswith("for:"))
    # the client's cells in the transport's period: transport supports one of them
    held = {
        c.result for a in case.allocations
        if a.client_id == alloc.client_id and a.id != alloc.id
        and a.period.overlaps(alloc.period) and (c := cell_of(a.arrangement)) is not None
    }
    if named:
        bad = []
        missing = []
        for code in named:
            result = next((r for r in Result if r.value == code), None)
            if result is None or result.area not in allowed:
                bad.append(code)
            elif result not in held:
                missing.append(code)
        if bad:
            out.append(_v("HVB-TRANSPORT-AREA", f"allocation {alloc.id}: transport can be added "
                          f"only for areas 1 (Sociaal netwerk) and 5 (Maatschappelijke "
                          f"participatie), not for {', '.join(bad)}", f"{path}.flags"))
        if missing:
            out.append(_v("HVB-TRANSPORT-AREA", f"allocation {alloc.id}: transport is given for "
                          f"{', '.join(missing)}, but client {alloc.client_id} has no "
                          f"{' or '.join(missing)} allocated in this period; transport is an "
                          "add-on to support in area 1 or 5", f"{path}.flags"))
    else:
        supported = [r for r in held if r.area in allowed]
        if not supported:
            out.append(_v("HVB-TRANSPORT-AREA", f"allocation {alloc.id}: transport can be added "
                          "only to support in area 1 or 5, and the client has none in this "
                          "period", f"{path}.arrangement"))
    if "voorliggend-vervoer" in alloc.flags:
        out.append(_v("HVB-TRANSPORT-VOORLIGGEND", f"allocation {alloc.id}: a voorliggende "
                      "transport provision exists, so transport is not added", f"{path}.flags"))
    return out


def _coordination_budget(alloc: Allocation, plan: Plan | None, catalog: HvbCatalog,
                         path: str) -> list[Violation]:
    reasons = alloc.flags & BUDGET_REASONS
    if not reasons:
        return [_v("HVB-COORD-BUDGET-REASON", f"allocation {alloc.id}: an extra coordination "
                   "budget is granted only when several domains outside the matrix are involved "
                   "or safety is at risk, and the allocation must say which (flag "
                   "'several_domains' or 'safety')", f"{path}.flags")]
    out: list[Violation] = []
    if "safety" in reasons and (plan is None or not plan.safety_concern):
        out.append(_v("HVB-COORD-BUDGET-REASON", f"allocation {alloc.id} gives safety as the "
                      "reason for extra coordination, but the plan records no safety concern",
                      f"{path}.flags"))
    if "several_domains" in reasons:
        outside = sorted(d for d in (plan.domains if plan else ()) if not _matrix_domain(d, catalog))
        if len(outside) < 2:
            listed = ", ".join(outside) or "none"
            out.append(_v("HVB-COORD-BUDGET-REASON", f"allocation {alloc.id} gives several "
                          "domains as the reason for extra coordination, but the plan lists "
                          f"fewer than two domains outside the matrix's life areas ({listed})",
                          f"{path}.flags"))
    return out


def _level_code(text: str) -> str:
    """A plan's level as the matrix code: "Beperkt zelfredzaam" and "beperkt" are both
    ``beperkt`` (the column heads of §3.1 carry the word *zelfredzaam*)."""
    folded = " ".join(_fold(text).split())
    return folded.removesuffix(" zelfredzaam")


def _fold(text: str) -> str:
    """Lower case without accents or surrounding blanks ("Financiële" -> "financiele")."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _matrix_domain(domain: str, catalog: HvbCatalog) -> bool:
    """Whether a plan domain names a life area of the 2019 matrix (a result code, an area
    number or an area name, or one part of a name such as "Gezinssituatie / huiselijke
    relaties"); those do not count towards an extra coordination budget (HVB19-39)."""
    names: set[str] = {r.value for r in Result} | {str(a.value) for a in Area}
    for info in catalog.areas:
        names.add(_fold(info.name))
        names.update(_fold(part) for part in info.name.split("/"))
    names.update(_fold(catalog.result_name(r)) for r in Result)
    names.add("financien")
    return _fold(domain) in names


DAY_UNITS = frozenset({Unit.ETMAAL, Unit.PIECE_EFFORT})
"""Units counted per day here: an etmaal of short stay, a day of transport (unit 84)."""


def _deliveries(case: Case, catalog: HvbCatalog) -> list[Violation]:
    """Deliveries are declared on the decision (HVB19-53): in a month the allocation covers
    (a monthly declaration is dated on the month's first day), and no more etmalen or days
    of transport in a month than the allocation has days in it (HVB19-29, HVB19-40)."""
    out: list[Violation] = []
    allocations = {a.id: a for a in case.allocations}
    per_month: dict[tuple[str, Month], Decimal] = {}
    for i, event in enumerate(case.events):
        path = f"households[{case.household.id}].events[{i}]"
        alloc = allocations.get(event.allocation_id)
        kind = type(event).__name__.lower()
        if alloc is None:
            out.append(_v("HVB-EVENT-ALLOCATION", f"a {kind} on {event.date.isoformat()} names "
                          f"allocation {event.allocation_id}, which the case does not have; "
                          "it would be ignored", f"{path}.allocation_id"))
            continue
        if isinstance(event, Evaluation) and event.date < alloc.period.start:
            out.append(_v("HVB-EVALUATION-PERIOD", f"the evaluation of {event.date.isoformat()} "
                          f"is dated before allocation {alloc.id} starts "
                          f"({alloc.period.start.isoformat()}), so it cannot judge that support",
                          f"{path}.date"))
            continue
        if not isinstance(event, Delivery):
            continue
        month = Month.of(event.date)
        if not month.period.overlaps(alloc.period):
            out.append(_v("HVB-DELIVERY-PERIOD", f"a delivery on {event.date.isoformat()} for "
                          f"allocation {alloc.id} falls outside its period {alloc.period}; "
                          "the provider declares on the decision", f"{path}.date"))
            continue
        unit = (catalog.core.arrangement(alloc.arrangement).unit
                if catalog.core.has_arrangement(alloc.arrangement) else None)
        if unit is not None and event.unit is not unit:
            out.append(_v("HVB-DELIVERY-UNIT", f"a delivery on {event.date.isoformat()} for "
                          f"allocation {alloc.id} is in {event.unit.label}, but "
                          f"{alloc.arrangement} is priced per {unit.label}", f"{path}.unit"))
            continue
        if event.unit in DAY_UNITS:
            key = (alloc.id, month)
            per_month[key] = per_month.get(key, Decimal(0)) + event.quantity
    for (alloc_id, month), quantity in sorted(per_month.items(), key=lambda x: (x[0][0], x[0][1])):
        alloc = allocations[alloc_id]
        part = month.period.intersection(alloc.period)
        days = part.days if part is not None else 0
        if quantity > days:
            out.append(_v("HVB-DELIVERY-DAYS", f"allocation {alloc_id} ({alloc.arrangement}) "
                          f"declares {quantity} days in {month}, but it covers {days} days of "
                          "that month", f"households[{case.household.id}].events"))
    return out
