"""Validation and coordination rules of West-Friesland, one test per rule id.

Source: *Uitvoeringskader inkoop sociaal domein West-Friesland 2019-2021*, §2.2, §3.1,
§3.3, §3.4 and §3.6.1.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from sociaaldomein import (
    Allocation,
    CareEvent,
    Case,
    Contract,
    ContractForm,
    Delivery,
    Goal,
    Household,
    Month,
    Municipality,
    Party,
    PartyKind,
    Period,
    Person,
    Plan,
    PlanKind,
    Provider,
    Refusal,
    Settlement,
    Start,
    Stop,
    StopReason,
    Unit,
)
from sociaaldomein_west_friesland import POLICY
from sociaaldomein_west_friesland.rules import check_contract

MEDEMBLIK = Municipality("1911", "Medemblik")
ON = dt.date(2019, 5, 1)


def _case(people: dict[str, dt.date], allocs: list[tuple[str, str, str]] | None = None,
          plans: tuple[Plan, ...] = (), events: tuple[CareEvent, ...] = (),
          **alloc_options: object) -> Case:
    household = Household("h", MEDEMBLIK, tuple(Person(p, b) for p, b in people.items()))
    allocations = tuple(
        Allocation(aid, "h", client, code, "P1", Period(ON, dt.date(2019, 11, 1)),
                   **alloc_options)  # type: ignore[arg-type]
        for aid, client, code in (allocs or [])
    )
    return Case(household, plans, allocations, events)


def _codes(case: Case, on: dt.date = ON, errors_only: bool = True) -> list[str]:
    return sorted(v.code for v in POLICY.validate(case, on) if v.is_error or not errors_only)


def _plan(regisseur: PartyKind | None = None, *, safety: bool = False,
          kind: PlanKind = PlanKind.PERSPECTIEFPLAN, pid: str = "pp",
          goals: tuple[Goal, ...] = (Goal("perspectief", "zelfstandig wonen"),)) -> Plan:
    return Plan(pid, "h", dt.date(2019, 4, 1), kind, goals,
                Party(regisseur) if regisseur else None, safety_concern=safety)


def test_wf10_regie_with_household() -> None:
    """WF-10: regie lies with the resident or household; the hoofdaannemer coordinates the
    care when there is one."""
    plan = _plan()
    case = _case({"moeder": dt.date(1980, 1, 1)}, [("a1", "moeder", "W01-2")],
                 plans=(plan,), plan_id="pp")
    coordination = POLICY.coordination(case, plan, ON)
    assert coordination.regisseur == Party(PartyKind.HOUSEHOLD)
    assert coordination.coordinator == Party(PartyKind.PROVIDER, "P1")
    assert coordination.ref.rule == "WF-10"
    assert _codes(case) == []


def test_wf10_local_team_when_household_cannot() -> None:
    """WF-10: a household that cannot carry regie has the local team as regisseur."""
    plan = _plan(PartyKind.ACCESS_TEAM)
    case = _case({"moeder": dt.date(1980, 1, 1)}, plans=(plan,))
    assert POLICY.coordination(case, plan, ON).regisseur == Party(PartyKind.ACCESS_TEAM)


def test_wf10_unsafe_youth_local_team() -> None:
    """WF-10: with an unsafe youth the local team is regisseur; a plan leaving regie with
    the household then is a violation."""
    people = {"moeder": dt.date(1980, 1, 1), "kind": dt.date(2012, 1, 1)}
    unsafe = _plan(PartyKind.HOUSEHOLD, safety=True)
    case = _case(people, plans=(unsafe,))
    assert POLICY.coordination(case, unsafe, ON).regisseur == Party(PartyKind.ACCESS_TEAM)
    assert _codes(case) == ["WF-10"]
    assert _codes(_case(people, plans=(_plan(PartyKind.ACCESS_TEAM, safety=True),))) == []
    provider = _plan(PartyKind.PROVIDER)
    assert _codes(_case(people, plans=(provider,))) == ["WF-10"]


def test_wf12_gi_regie() -> None:
    """WF-12: with a GI involved in youth care, regie may lie with the GI; a GI without a
    youth in the household is a violation."""
    gi = _plan(PartyKind.GI, safety=True)
    youth = _case({"kind": dt.date(2010, 1, 1)}, plans=(gi,))
    assert POLICY.coordination(youth, gi, ON).regisseur == Party(PartyKind.GI)
    assert POLICY.coordination(youth, gi, ON).ref.rule == "WF-12"
    assert _codes(youth) == []
    adults = _case({"meneer": dt.date(1960, 1, 1)}, plans=(_plan(PartyKind.GI),))
    assert _codes(adults) == ["WF-12"]


def test_wf11_one_regisseur() -> None:
    """WF-11: one household, one plan, one regisseur: two perspectiefplans naming different
    regisseurs are reported once."""
    people = {"moeder": dt.date(1980, 1, 1), "kind": dt.date(2010, 1, 1)}
    two = (_plan(PartyKind.HOUSEHOLD), _plan(PartyKind.ACCESS_TEAM, pid="pp2"))
    assert _codes(_case(people, plans=two)) == ["WF-11"]
    same = (_plan(PartyKind.ACCESS_TEAM), _plan(PartyKind.ACCESS_TEAM, pid="pp2"))
    assert _codes(_case(people, plans=same)) == []


def test_wf36_one_plan_several_members() -> None:
    """WF-36: one perspectiefplan may lead to support for several household members."""
    people = {"moeder": dt.date(1980, 1, 1), "kind": dt.date(2010, 1, 1)}
    case = _case(people, [("a1", "moeder", "W01-2"), ("a2", "kind", "J04-3")],
                 plans=(_plan(),), plan_id="pp")
    assert _codes(case) == []
    coordination = POLICY.coordination(case, case.plans[0], ON)
    assert coordination.coordinator == Party(PartyKind.PROVIDER, "P1")


def test_wf17_contract_term() -> None:
    """WF-17: a contract runs at least two years and has an extension option."""
    provider = Provider("P1", "Zorg BV")
    good = Contract("c1", "west-friesland", provider, {"J01-1"},
                    Period(dt.date(2019, 1, 1), dt.date(2021, 1, 1)), ContractForm.TENDER,
                    extensions=(Period(dt.date(2021, 1, 1), dt.date(2022, 1, 1)),))
    assert check_contract(good) == []
    short = attrs.evolve(good, term=Period(dt.date(2019, 1, 1), dt.date(2020, 1, 1)),
                         extensions=())
    assert [v.code for v in check_contract(short)] == ["WF-17", "WF-17"]


def test_wf21_access() -> None:
    """WF-21: youth care may be reached through a GP or GI; the Wmo only through the
    municipality."""
    youth = _case({"kind": dt.date(2010, 1, 1)}, [("a1", "kind", "J01-2")],
                  referred_by=PartyKind.GP)
    assert _codes(youth) == []
    wmo = _case({"meneer": dt.date(1960, 1, 1)}, [("a1", "meneer", "W02-1")],
                referred_by=PartyKind.GP)
    assert _codes(wmo) == ["WF-21"]
    team = _case({"meneer": dt.date(1960, 1, 1)}, [("a1", "meneer", "W02-1")],
                 referred_by=PartyKind.ACCESS_TEAM)
    assert _codes(team) == []


def test_wf27_extended_youth_care() -> None:
    """WF-27: extended youth care without earlier youth care in the case is a warning."""
    case = _case({"jongere": dt.date(2000, 1, 1)}, [("a1", "jongere", "J01-1")],
                 extended_youth_care=True)
    found = POLICY.validate(case, ON)
    assert [(v.code, v.is_error) for v in found] == [("WF-27", False)]


def test_wf31_unknown_code() -> None:
    """WF-31: an allocation names a profile and an intensity of the catalogue."""
    case = _case({"meneer": dt.date(1960, 1, 1)}, [("a1", "meneer", "begeleiding")])
    assert _codes(case) == ["WF-31"]


def test_wf32_plan_without_goals_warns() -> None:
    """WF-32: a perspectiefplan records goals; one without is a warning."""
    case = _case({"meneer": dt.date(1960, 1, 1)}, plans=(_plan(goals=()),))
    found = POLICY.validate(case, ON)
    assert [(v.code, v.is_error) for v in found] == [("WF-32", False)]


def test_wf38_plan_after_start() -> None:
    """WF-38: the perspectiefplan must exist before the segment C care starts."""
    late = Plan("pp", "h", dt.date(2019, 6, 1), PlanKind.PERSPECTIEFPLAN,
                (Goal("perspectief", "veilig thuis"),))
    case = _case({"kind": dt.date(2010, 1, 1)}, [("a1", "kind", "J06-3")], plans=(late,),
                 plan_id="pp")
    assert _codes(case) == ["WF-38"]


def test_wf79_profile_10_age() -> None:
    """WF-79: profile 10 is for children aged 0 to 6: at 7 it is a violation."""
    seven = _case({"kind": dt.date(2012, 4, 30)}, [("a1", "kind", "J10-1")])
    six = _case({"kind": dt.date(2012, 5, 2)}, [("a1", "kind", "J10-1")])
    assert _codes(seven) == ["WF-79"] and _codes(six) == []


def test_wf62_wf63_acceptance() -> None:
    """WF-62, WF-63: a subscribed provider may not refuse a client, unless a resolving
    condition applies (default: a waiting list)."""
    people = {"kind": dt.date(2010, 1, 1)}
    refused = _case(people, [("a1", "kind", "J02-1")],
                    events=(Refusal("a1", dt.date(2019, 4, 20), "P1"),))
    assert _codes(refused) == ["WF-62"]
    waiting = _case(people, [("a1", "kind", "J02-1")],
                    events=(Refusal("a1", dt.date(2019, 4, 20), "P1", "waiting_list"),))
    assert _codes(waiting) == []
    other = _case(people, [("a1", "kind", "J02-1")],
                  events=(Refusal("a1", dt.date(2019, 4, 20), "P1", "too_difficult"),))
    assert _codes(other) == ["WF-62"]
    # With contracts registered, the obligation binds only providers subscribed to the
    # arrangement; a contract may add conditions.
    contract = Contract("c1", "west-friesland", Provider("P1", "Zorg BV"), {"J02-1"},
                        Period(dt.date(2019, 1, 1), dt.date(2021, 1, 1)), ContractForm.TENDER,
                        refusal_conditions=("no_capacity_for_profile",))
    policy = attrs.evolve(POLICY, contracts=(contract,))
    extra = _case(people, [("a1", "kind", "J02-1")],
                  events=(Refusal("a1", dt.date(2019, 4, 20), "P1", "no_capacity_for_profile"),))
    assert [v.code for v in policy.validate(extra, ON) if v.is_error] == []
    stranger = _case(people, [("a1", "kind", "J02-1")],
                     events=(Refusal("a1", dt.date(2019, 4, 20), "P9"),))
    assert [v.code for v in policy.validate(stranger, ON) if v.is_error] == []
    assert [v.code for v in policy.validate(refused, ON) if v.is_error] == ["WF-62"]


def test_wf01_after_the_contract_years_warns() -> None:
    """WF-01 (review): an allocation starting in 2022, after the contract years 2019-2021
    of the shipped tariffs, is a warning naming the years, not silence until settlement
    raises ``MissingTariff``."""
    case = Case(Household("h", MEDEMBLIK, (Person("kind", dt.date(2012, 1, 1)),)), (),
                (Allocation("a1", "h", "kind", "J01-2", "P1",
                            Period(dt.date(2022, 3, 1), dt.date(2022, 9, 1))),))
    found = POLICY.validate(case, dt.date(2022, 3, 1))
    assert [(v.code, v.is_error) for v in found] == [("WF-01", False)]
    assert "2019-2021" in found[0].message and found[0].ref.rule == "WF-01"


def test_wf30_wf55_deliveries_fit_the_tariff() -> None:
    """WF-30, WF-55 (review): IB and HO are paid per hour and stays per whole etmaal; a
    delivery in another unit (which settlement cannot pay) is an error, a delivery outside
    the allocation's care (not paid) a warning."""
    people = {"meneer": dt.date(1960, 1, 1)}
    day = dt.date(2019, 6, 3)
    ib_in_etmalen = _case(people, [("i1", "meneer", "IB")],
                          events=(Delivery("i1", day, Decimal(2), Unit.ETMAAL),))
    assert _codes(ib_in_etmalen) == ["WF-30"]
    ib_in_minutes = _case(people, [("i1", "meneer", "IB")],
                          events=(Delivery("i1", day, Decimal(90), Unit.MINUTE),))
    assert _codes(ib_in_minutes, errors_only=False) == []
    plan = _plan()
    kind = {"kind": dt.date(2010, 1, 1)}
    half_etmaal = _case(kind, [("v1", "kind", "VJB")], plans=(plan,), plan_id="pp",
                        events=(Delivery("v1", day, Decimal("2.5"), Unit.ETMAAL),))
    assert _codes(half_etmaal) == ["WF-55"]
    in_hours = _case(kind, [("v1", "kind", "VJB")], plans=(plan,), plan_id="pp",
                     events=(Delivery("v1", day, Decimal(24), Unit.HOUR),))
    assert _codes(in_hours) == ["WF-55"]
    late = _case(kind, [("v1", "kind", "VJB")], plans=(plan,), plan_id="pp",
                 events=(Delivery("v1", dt.date(2019, 11, 1), Decimal(3), Unit.ETMAAL),))
    found = POLICY.validate(late, ON)
    assert [(v.code, v.is_error) for v in found] == [("WF-55", False)]
    assert "not paid" in found[0].message


def test_wf60_product_stopped_on_its_first_day_is_no_stacking() -> None:
    """WF-60 (review): IB next to a Wmo arrangement is stacking, but not when the IB was
    stopped on its first day (it never ran): the same reading of stop events as the core's
    overlap check uses for the arrangements themselves."""
    people = {"meneer": dt.date(1960, 1, 1)}
    stacked = _case(people, [("a1", "meneer", "W01-2"), ("i1", "meneer", "IB")])
    assert _codes(stacked) == ["WF-60"]
    void = _case(people, [("a1", "meneer", "W01-2"), ("i1", "meneer", "IB")],
                 events=(Stop("i1", ON, StopReason.CHANGED),))
    assert _codes(void) == []


def test_wf31_wf87_code_messages_name_the_code_as_given() -> None:
    """WF-31, WF-87 (review): W03-4 is Wmo x Acuut (WF-87), but W99-4 names no profile at
    all (WF-31, not WF-87); a code with a stray space or in lower case is named as given,
    with the code that was probably meant."""
    people = {"meneer": dt.date(1960, 1, 1)}
    assert _codes(_case(people, [("a1", "meneer", "W03-4")])) == ["WF-87"]
    assert _codes(_case(people, [("a1", "meneer", "W99-4")])) == ["WF-31"]
    found = POLICY.validate(_case(people, [("a1", "meneer", " w01-2")]), ON)
    assert [v.code for v in found] == ["WF-31"]
    assert "' w01-2'" in found[0].message and "did you mean 'W01-2'" in found[0].message


def test_wf47_one_end_reason_and_care_that_never_runs() -> None:
    """WF-47 (review): an ended trajectory has exactly one end reason, so two stops on one
    allocation are an error; a stop before the care starts, or a start event after the
    allocation has ended, is a warning (nothing is paid), not silence."""
    people = {"kind": dt.date(2010, 1, 1)}
    two = _case(people, [("a1", "kind", "J02-1")],
                events=(Stop("a1", dt.date(2019, 6, 1), StopReason.COMPLETED),
                        Stop("a1", dt.date(2019, 7, 1), StopReason.CLIENT_UNILATERAL)))
    assert _codes(two) == ["WF-47"]
    early_stop = _case(people, [("a1", "kind", "J02-1")],
                       events=(Start("a1", dt.date(2019, 6, 1)),
                               Stop("a1", dt.date(2019, 5, 20), StopReason.CLIENT_UNILATERAL)))
    late_start = _case(people, [("a1", "kind", "J02-1")],
                       events=(Start("a1", dt.date(2019, 12, 1)),))
    for case in (early_stop, late_start):
        found = POLICY.validate(case, ON)
        assert [(v.code, v.is_error) for v in found] == [("WF-47", False)]
        assert "earns nothing" in found[0].message
        assert Settlement(tuple(x for m in range(1, 13)
                                for x in POLICY.settle(case, Month(2019, m)))).lines == ()
