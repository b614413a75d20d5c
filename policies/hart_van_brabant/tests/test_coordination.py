"""Coordination: principal, contractor-coordinator, regie, safety, per-cell contracts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs

from sociaaldomein import Case, Party, PartyKind, Plan, Provider
from sociaaldomein.testing.cases import read_case
from sociaaldomein_hart_van_brabant import POLICY
from sociaaldomein_hart_van_brabant.rules import Role

CASES = Path(__file__).parent / "cases"


@attrs.frozen
class Loaded:
    """A case file's one household case and the date it is validated on."""

    case: Case
    validate_on: dt.date


def load_case(path: Path) -> Loaded:
    """Read a case file with the kit's reader (:func:`sociaaldomein.testing.cases.read_case`)."""
    file = read_case(path)
    (case,) = file.caseload.cases()
    return Loaded(case, file.validate_on)
JANSEN = load_case(CASES / "jansen.toml")
ON = JANSEN.validate_on


PLAN = JANSEN.case.plans[0]


def _with_plan(case: Case, plan: Plan) -> Case:
    return attrs.evolve(case, plans=(plan,))


def _codes(case: Case) -> set[str]:
    return {v.code for v in POLICY.validate(case, ON)}


def test_role_names() -> None:
    """HVB16-14: the four role names all nine municipalities use."""
    assert [r.value for r in Role] == ["opdrachtgever", "opdrachtnemer", "coördinator", "regisseur"]


def test_principal_is_access_team() -> None:
    """HVB16-15, HVB19-11: the access team is the opdrachtgever of every plan."""
    assert POLICY.principal(JANSEN.case, JANSEN.case.plans[0]) == Party(PartyKind.ACCESS_TEAM)


def test_contractor_is_coordinator() -> None:
    """HVB16-17, HVB19-13: the commissioned provider coordinates; a plan naming nobody gets
    the contractor its allocations show (and is reported, HVB-COORD-NONE)."""
    named = POLICY.coordination(JANSEN.case, JANSEN.case.plans[0], ON)
    assert named.coordinator == Party(PartyKind.PROVIDER, "P-ZORG")
    unnamed = _with_plan(JANSEN.case, attrs.evolve(PLAN, coordinators=()))
    derived = POLICY.coordination(unnamed, unnamed.plans[0], ON)
    assert derived.coordinator == Party(PartyKind.PROVIDER, "P-ZORG")
    assert "HVB-COORD-NONE" in _codes(unnamed)


def test_contractor_kinds() -> None:
    """HVB16-44, HVB19-14: a provider, the household, the access team or the voorliggend veld
    may coordinate; a GP may not."""
    for kind in (PartyKind.PROVIDER, PartyKind.HOUSEHOLD, PartyKind.ACCESS_TEAM,
                 PartyKind.PREVENTIVE_FIELD):
        case = _with_plan(JANSEN.case, attrs.evolve(PLAN, coordinators=(Party(kind, "X"),)))
        assert "HVB-COORD-KIND" not in _codes(case), kind
    gp = _with_plan(JANSEN.case, attrs.evolve(PLAN, coordinators=(Party(PartyKind.GP, "HUISARTS"),)))
    assert "HVB-COORD-KIND" in _codes(gp)


def test_regie_defaults_to_household() -> None:
    """HVB16-26, HVB16-83: regie as the plan records it, by default with the household."""
    case = _with_plan(JANSEN.case, attrs.evolve(PLAN, regisseur=None))
    assert POLICY.coordination(case, case.plans[0], ON).regisseur == Party(PartyKind.HOUSEHOLD)
    gi = _with_plan(JANSEN.case, attrs.evolve(PLAN, regisseur=Party(PartyKind.GI, "GI-BRABANT")))
    assert "HVB-REGIE-KIND" in _codes(gi)


def test_safety_defaults_to_municipality() -> None:
    """HVB16-31, HVB19-09: with safety at stake and no partner named, the municipality is both
    regisseur and coordinator; the plan as it stands is reported."""
    case = _with_plan(JANSEN.case, attrs.evolve(PLAN, safety_concern=True))
    result = POLICY.coordination(case, case.plans[0], ON)
    assert result.regisseur == result.coordinator == Party(PartyKind.MUNICIPALITY, "0855")
    assert result.ref.rule == "HVB16-33"
    assert "HVB-SAFETY-REGIE" in _codes(case)
    zvh = Party(PartyKind.ZORG_EN_VEILIGHEIDSHUIS, "ZVH")
    fixed = _with_plan(JANSEN.case, attrs.evolve(PLAN, safety_concern=True, regisseur=zvh, coordinators=(zvh,)))
    assert _codes(fixed) == set()


def test_plan_without_allocations_is_valid() -> None:
    """HVB16-36: a conversation may end in advice or a referral, with no allocation."""
    plan = Plan("advies", "jansen", ON, coordinators=(Party(PartyKind.ACCESS_TEAM),))
    case = Case(JANSEN.case.household, (plan,), (), ())
    assert POLICY.validate(case, ON) == []


def test_waalwijk_access_team_coordinates() -> None:
    """HVB16-41: in Waalwijk the access team coordinates."""
    case = load_case(CASES / "waalwijk_dialect.toml")
    result = POLICY.coordination(case.case, case.case.plans[0], case.validate_on)
    assert result.coordinator == Party(PartyKind.ACCESS_TEAM)


def test_coordinator_needs_every_cell() -> None:
    """HVB16-88, HVB16-89: providers subscribe per cell; a provider coordinates a plan only
    when it holds every cell of it (the stricter reading), so coordination is never split."""
    start = dt.date(2019, 1, 1)
    both = POLICY.calendar.framework_contract(
        Provider("P-ZORG", "Zorg"), frozenset({"5a-beperkt", "4a-beperkt"}), start)
    only5a = POLICY.calendar.framework_contract(
        Provider("P-ZORG", "Zorg"), frozenset({"5a-beperkt"}), start)
    full = attrs.evolve(POLICY, contracts=(both,))
    partial = attrs.evolve(POLICY, contracts=(only5a,))
    assert full.validate(JANSEN.case, ON) == []
    assert [v.code for v in partial.validate(JANSEN.case, ON)] == ["HVB-COORD-CONTRACT"]


def test_safety_coordination_uses_own_municipality() -> None:
    """HVB16-31, HVB16-33: with safety at stake, a plan naming another municipality (Dongen
    for a Tilburg household) does not make Dongen regisseur and coordinator: the household's
    own municipality is, and validation reports the plan (HVB-SAFETY-REGIE)."""
    dongen = Party(PartyKind.MUNICIPALITY, "0766")
    case = _with_plan(JANSEN.case, attrs.evolve(PLAN, safety_concern=True, regisseur=dongen,
                                                coordinators=(dongen,)))
    result = POLICY.coordination(case, case.plans[0], ON)
    assert result.regisseur == result.coordinator == Party(PartyKind.MUNICIPALITY, "0855")
    assert "HVB-SAFETY-REGIE" in _codes(case)


def test_waalwijk_pgb_is_not_a_contradiction() -> None:
    """HVB16-41, HVB16-85: in Waalwijk a pgb plan may be coordinated by the resident or by
    the access team; a provider is still refused. (Both a resident and the access team used
    to be rejected, so no Waalwijk pgb plan could be valid.)"""
    case = load_case(CASES / "waalwijk_pgb.toml")
    plan = case.case.plans[0]

    def codes(coordinator: Party) -> set[str]:
        changed = attrs.evolve(case.case, plans=(attrs.evolve(plan, coordinators=(coordinator,)),))
        return {v.code for v in POLICY.validate(changed, case.validate_on)}

    assert codes(Party(PartyKind.HOUSEHOLD)) == set()
    assert POLICY.coordination(case.case, plan, case.validate_on).coordinator == Party(PartyKind.HOUSEHOLD)
    assert codes(Party(PartyKind.ACCESS_TEAM)) == set()
    assert codes(Party(PartyKind.PROVIDER, "P-EIGEN-KEUZE")) == {"HVB-WAALWIJK-COORD", "HVB-PGB-COORD"}


def test_level_may_be_written_in_full() -> None:
    """HVB19-12, HVB19-24: the plan's level may be written as the matrix heads it ("Beperkt
    zelfredzaam") or as its code ("beperkt"); a different level is still reported."""
    def with_level(level: str) -> Case:
        goals = tuple(attrs.evolve(g, level=level) for g in PLAN.goals)
        return _with_plan(JANSEN.case, attrs.evolve(PLAN, goals=goals))

    assert _codes(with_level("Beperkt zelfredzaam")) == set()
    assert _codes(with_level(" beperkt  ZELFREDZAAM ")) == set()
    assert _codes(with_level("niet zelfredzaam")) == {"HVB-GOAL-LEVEL"}
