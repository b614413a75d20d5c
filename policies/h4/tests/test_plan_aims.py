"""The plan's aims that the library can hold: focus points and preferences, providers'
offers, the look-back and outcome measures, the age-18 transition, multi-problem
households, informal support and the results of future maatwerk.

*Inkoopplan Wmo Rijswijk 2017*; each test names the rule ids it covers and every figure
can be checked by hand.
"""

from __future__ import annotations

import datetime as dt

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from sociaaldomein import (
    Allocation,
    Case,
    Caseload,
    Goal,
    Household,
    Money,
    Month,
    Period,
    Person,
    Plan,
    Provider,
    default_registry,
)
from sociaaldomein.model.money import total
from sociaaldomein_h4 import POLICY
from sociaaldomein_h4.budgets import Budget
from sociaaldomein_h4.catalog import CONTACTS, DAY_STRUCTURE, RESULT_AREAS, Part
from sociaaldomein_h4.contracting import (
    Application,
    FocusPoint,
    Gap,
    Module,
    PerformanceAgreement,
    Requirement,
    Trajectory,
    check_offer,
    check_performance_agreements,
    focus_points,
    preferences,
)
from sociaaldomein_h4.indicators import (
    begeleiding_indications,
    look_back_year,
    multi_problem_households,
    waiting_days,
    within_budget,
)
from sociaaldomein_h4.rules import FLAG_OTHER_LAW
from sociaaldomein_h4.sources import ref

RIJSWIJK, WESTLAND = "0603", "1783"
REASON = "Geen algemene voorziening volstaat."


def _household(hid: str, municipality: str, birth: dt.date = dt.date(1960, 1, 1)) -> Household:
    name = next(m.municipality for m in POLICY.members if m.municipality.code == municipality)
    return Household(hid, name, (Person(f"{hid}-c", birth),))


def _alloc(aid: str, hid: str, code: str, start: dt.date, end: dt.date, **kw: object
           ) -> Allocation:
    return Allocation(aid, hid, f"{hid}-c", code, "P1", Period(start, end),
                      plan_id=f"{hid}-plan", **kw)  # type: ignore[arg-type]


def _plan(hid: str, domains: frozenset[str] = frozenset()) -> Plan:
    return Plan(f"{hid}-plan", hid, dt.date(2014, 1, 1),
                goals=(Goal(DAY_STRUCTURE.code, "Een vaste dagindeling"),),
                general_provision_reason=REASON, domains=domains)


# -- focus points and preferences (H4-16, H4-39, H4-40, H4-45, H4-46) ------------------
def test_h4_16_39_focus_points_of_a_year_include_earlier_years() -> None:
    """H4-16: the 2015/2016 plans had four focus points (continuity and quality,
    innovation and maatwerk, on time within budget, less administration); for 2017 they
    stay in force (H4-39: "inclusief de focuspunten uit voorgaande jaren") and the four of
    h2 §2.2 are added: 4 in 2015 and 2016, 8 in 2017, none before 2015."""
    old = (FocusPoint.CONTINUITY, FocusPoint.INNOVATION_AND_MAATWERK,
           FocusPoint.TIMELY_WITHIN_BUDGET, FocusPoint.LESS_ADMINISTRATION)
    assert focus_points(2014) == ()
    assert focus_points(2015) == focus_points(2016) == old
    assert focus_points(2017) == (*old, FocusPoint.INTEGRAL_ARRANGEMENTS,
                                  FocusPoint.FILLS_GAPS, FocusPoint.INNOVATES,
                                  FocusPoint.TRANSPARENT_AND_FLEXIBLE)
    assert len(focus_points(2018)) == 8


def _application(part: Part, meets: frozenset[FocusPoint] = frozenset(),
                 fills: frozenset[Gap] = frozenset(), *, new: bool = True) -> Application:
    return Application(Provider("NIEUW", "Nieuwe Aanbieder"), part, dt.date(2017, 3, 1),
                       frozenset({Requirement.QUALITY, Requirement.INNOVATION}),
                       new_provider=new, meets=meets, fills=fills)


def test_h4_40_45_46_preferences_are_reported() -> None:
    """H4-40: a provider with integral arrangements is preferred; H4-45: filling a named
    gap (meals) meets focus point 2; H4-46: a transforming provider is preferred. An
    application meeting integral arrangements and filling the meals gap meets 2 of the 8
    focus points of 2017 and is preferred; one meeting only 2015 points is not; household
    help is not led by the focus points (H4-39: "leidend voor de inkoop van begeleiding")."""
    prefs = preferences(_application(Part.BEGELEIDING, frozenset(
        {FocusPoint.INTEGRAL_ARRANGEMENTS}), frozenset({Gap.MEALS})), 2017)
    assert prefs.met == (FocusPoint.INTEGRAL_ARRANGEMENTS, FocusPoint.FILLS_GAPS)
    assert len(prefs.unmet) == 6 and prefs.gaps == (Gap.MEALS,) and prefs.preferred
    assert {r.rule for r in prefs.refs} == {"H4-16", "H4-40", "H4-45", "H4-46", "H4-49"}
    transforming = preferences(_application(Part.BEGELEIDING,
                                            frozenset({FocusPoint.INNOVATES})), 2017)
    assert transforming.met == (FocusPoint.INNOVATES,) and transforming.preferred
    only_old = preferences(_application(Part.BEGELEIDING,
                                        frozenset({FocusPoint.CONTINUITY})), 2017)
    assert only_old.met == (FocusPoint.CONTINUITY,) and not only_old.preferred
    assert preferences(_application(Part.BEGELEIDING, frozenset(
        {FocusPoint.INTEGRAL_ARRANGEMENTS})), 2016).met == ()
    hh = preferences(_application(Part.HUISHOUDELIJKE_HULP, frozenset(FocusPoint)), 2017)
    assert hh.met == hh.unmet == () and not hh.preferred


@settings(max_examples=25, deadline=None)
@given(part=st.sampled_from(Part),
       meets=st.frozensets(st.sampled_from(FocusPoint)),
       fills=st.frozensets(st.sampled_from(Gap)))
def test_h4_40_45_46_preferences_never_decide_admission(
    part: Part, meets: frozenset[FocusPoint], fills: frozenset[Gap],
) -> None:
    """Under open house the preferences are not award criteria (rules ambiguity 14): an
    application is admitted, with the same contract, whatever focus points it meets."""
    plain = POLICY.admit(_application(part))
    preferred = POLICY.admit(_application(part, meets, fills))
    assert plain.admitted and preferred.admitted
    assert plain.contract == preferred.contract


def test_h4_15_incumbent_begeleiding_provider_stays_on_quality_alone() -> None:
    """H4-15: for continuity the providers that delivered begeleiding before were
    contracted; one applying without showing innovation is admitted on quality alone,
    where a new provider showing only quality is refused under H4-17."""
    incumbent = Application(Provider("OUD", "Vertrouwde Zorg"), Part.BEGELEIDING,
                            dt.date(2017, 1, 1), frozenset({Requirement.QUALITY}),
                            new_provider=False)
    assert POLICY.admit(incumbent).admitted
    newcomer = attrs.evolve(incumbent, new_provider=True)
    refused = POLICY.admit(newcomer)
    assert not refused.admitted
    assert [v.code for v in refused.violations] == ["H4-17"]


# -- offers (H4-49, H4-50) --------------------------------------------------------------
def test_h4_49_50_offer_transparent_and_modular() -> None:
    """H4-49: every trajectory and module states its content and expected yield (an
    error per missing item); H4-50: a trajectory preferably consists of separately
    deployable modules (a warning for one without modules or with a fixed module)."""
    provider = Provider("P1", "Begeleiding Plus")
    good = Trajectory("T1", "Dagstructuur", "Zelfstandig een week plannen", (
        Module("M1", "Weekplanning maken", "Een eigen weekplanning"),
        Module("M2", "Administratie op orde", "Post zelf verwerken"),
    ))
    assert check_offer(provider, [good]) == []
    vague = Trajectory("T2", "Ondersteuning", " ", (
        Module("M3", "", "Meer contacten"),
        Module("M4", "Samen koken", "Zelf koken", standalone=False),
    ))
    bare = Trajectory("T3", "Groepsaanbod", "Meedoen in de wijk")
    found = [(v.code, v.severity.value, v.path) for v in check_offer(provider, [vague, bare])]
    assert found == [
        ("H4-49", "error", "offers[P1].trajectories[T2]"),
        ("H4-49", "error", "offers[P1].trajectories[T2].modules[M3]"),
        ("H4-50", "warning", "offers[P1].trajectories[T2].modules"),
        ("H4-50", "warning", "offers[P1].trajectories[T3].modules"),
    ]
    messages = [v.message for v in check_offer(provider, [vague])]
    assert "expected yield" in messages[0] and "content" in messages[1]
    assert "M4" in messages[2]


def test_h4_14_contracts_carry_performance_agreements_on_results() -> None:
    """H4-14: every purchase agreement contains performance agreements on results. The
    admitted household-help contract with an agreement on a clean and liveable home
    passes; without any agreement it is one error; an agreement on an unknown result
    area without a measure is two errors."""
    admission = POLICY.admit(Application(
        Provider("HH1", "Schoon Thuis"), Part.HUISHOUDELIJKE_HULP, dt.date(2017, 4, 1),
        frozenset({Requirement.QUALITY})))
    contract = admission.contract
    assert contract is not None
    areas = [a.code for a in POLICY.catalog.result_areas]
    good = PerformanceAgreement(contract.id, "schoon-en-leefbaar-huis",
                                "90% of clients report a clean and liveable home")
    assert check_performance_agreements(contract, [good], areas) == []
    assert [v.code for v in check_performance_agreements(contract, [], areas)] == ["H4-14"]
    bad = PerformanceAgreement(contract.id, "uren", " ")
    found = check_performance_agreements(contract, [bad], areas)
    assert [(v.code, v.path) for v in found] == [
        ("H4-14", f"contracts[{contract.id}].performance[0].result_area"),
        ("H4-14", f"contracts[{contract.id}].performance[0].measure"),
    ]


# -- look-back, outcome and budget measures (H4-11, H4-18, H4-69) -------------------------
def test_h4_11_look_back_counts_tabel_2_from_a_caseload() -> None:
    """H4-11: the 2017 purchase looks back on 2015. Counted on 1 January 2015 and 2016:
    household a has individual guidance basis all of 2015 and then speciaal (heavier);
    b has dagbesteding licht from 1 July 2015; c has individual guidance under another
    law (not counted). Tabel 2 reads 1 -> 2 indications, individual 1 -> 1, dagbesteding
    0 -> 1; bijlage 1 punt 2 basis 1 -> 0, speciaal 0 -> 1."""
    assert look_back_year(2017) == 2015
    y15, y16, y17 = dt.date(2015, 1, 1), dt.date(2016, 1, 1), dt.date(2017, 1, 1)
    caseload = Caseload(
        (_household("a", RIJSWIJK), _household("b", RIJSWIJK), _household("c", RIJSWIJK)),
        (_plan("a"), _plan("b"), _plan("c")),
        (_alloc("a1", "a", "bi-basis", y15, y16), _alloc("a2", "a", "bi-speciaal", y16, y17),
         _alloc("b1", "b", "dagbesteding-licht", dt.date(2015, 7, 1), y17),
         _alloc("c1", "c", "bi-basis", y15, y17, flags=frozenset({FLAG_OTHER_LAW}))),
    )
    before = begeleiding_indications(caseload, dt.date(look_back_year(2017), 1, 1))
    after = begeleiding_indications(caseload, y16)
    assert (before.total, after.total) == (1, 2)
    assert (dict(before.individual), dict(after.individual)) == (
        {"basis": 1, "speciaal": 0}, {"basis": 0, "speciaal": 1})
    assert (dict(before.group), dict(after.group)) == (
        {"licht": 0, "basis": 0, "speciaal": 0}, {"licht": 1, "basis": 0, "speciaal": 0})


def test_h4_18_waiting_days_from_request_to_start() -> None:
    """H4-18: were residents helped on time? Days from registration (else referral, else
    decision) to the start, per tailor-made allocation in kind starting in 2017: a1
    registered 2 January, starts 16 January: 14 days; a2 referred 1 February, starts
    1 March: 28 days; a pgb, an allocation without dates and one of 2016 are left out."""
    case = Case(_household("a", RIJSWIJK), (_plan("a"),), (
        _alloc("a1", "a", "bi-basis", dt.date(2017, 1, 16), dt.date(2018, 1, 1),
               registered_on=dt.date(2017, 1, 2), decided_on=dt.date(2017, 1, 10)),
        _alloc("a2", "a", "dagbesteding-basis", dt.date(2017, 3, 1), dt.date(2018, 1, 1),
               referred_on=dt.date(2017, 2, 1)),
        _alloc("a3", "a", "hh-maatwerk", dt.date(2017, 3, 1), dt.date(2018, 1, 1),
               pgb=True, decided_on=dt.date(2017, 2, 1)),
        _alloc("a4", "a", "vervoer", dt.date(2017, 3, 1), dt.date(2018, 1, 1)),
        _alloc("a5", "a", "bi-basis", dt.date(2016, 3, 1), dt.date(2017, 1, 1),
               decided_on=dt.date(2016, 2, 1)),
    ))
    assert waiting_days([case], 2017) == {"a1": 14, "a2": 28}


def test_h4_69_spending_within_budget() -> None:
    """H4-69: Wmo spending stays within the budget. Westland's individual guidance basis
    all of 2017 (example tariff 344.13 per 4 weeks, by days) costs 7 x 381.00 (31-day
    months) + 4 x 368.71 (30-day months) + 344.13 (February) = 4,485.97: within an
    example budget of 5,000.00, not within one of 4,000.00."""
    case = Case(_household("w", WESTLAND), (_plan("w"),), (
        _alloc("w1", "w", "bi-basis", dt.date(2017, 1, 1), dt.date(2018, 1, 1)),))
    caseload = Caseload.of_cases([case])
    cost = total(line.amount for m in range(1, 13)
                 for line in POLICY.settle(case, Month(2017, m)))
    assert cost.plain() == "4485.97"

    def uses(amount: str) -> bool:
        budget = Budget(WESTLAND, 2017, Part.BEGELEIDING, Money.euros(amount),
                        ref("H4-69", "h4", example=True, note="set in this test"))
        policy = attrs.evolve(POLICY, budgets=POLICY.budgets.with_budget(budget))
        return within_budget(policy.budget_use(caseload, 2017))

    assert uses("5000.00") and not uses("4000.00")


# -- the age-18 transition (H4-42) ------------------------------------------------------
def test_h4_42_gap_between_youth_care_and_wmo_begeleiding() -> None:
    """H4-42: a client born 10 May 1999 turns 18 on 10 May 2017. Youth care (another law)
    runs to 9 May; Wmo begeleiding from 1 June leaves 22 days without care: a warning.
    Begeleiding from 10 May connects seamlessly: no warning; nor is youth care that ended
    at 15 a transition at 18."""
    birth = dt.date(1999, 5, 10)
    household = _household("j", RIJSWIJK, birth)
    youth = _alloc("j1", "j", "jeugdhulp", dt.date(2016, 1, 1), dt.date(2017, 5, 10),
                   flags=frozenset({FLAG_OTHER_LAW}))

    def warnings(start: dt.date) -> list[str]:
        case = Case(household, (_plan("j"),), (
            youth, _alloc("j2", "j", "bi-basis", start, dt.date(2018, 1, 1))))
        return [v.message for v in POLICY.validate(case, dt.date(2017, 6, 1))
                if v.code == "H4-42"]

    late = warnings(dt.date(2017, 6, 1))
    assert len(late) == 1 and "22 day(s)" in late[0] and "2017-05-09" in late[0]
    assert warnings(dt.date(2017, 5, 10)) == []
    # Youth care that ended at 15 is no transition at 18: no warning.
    early = _alloc("j1", "j", "jeugdhulp", dt.date(2013, 1, 1), dt.date(2014, 5, 10),
                   flags=frozenset({FLAG_OTHER_LAW}))
    case = Case(household, (_plan("j"),), (
        early, _alloc("j2", "j", "bi-basis", dt.date(2017, 6, 1), dt.date(2018, 1, 1))))
    assert [v for v in POLICY.validate(case, dt.date(2017, 6, 1)) if v.code == "H4-42"] == []


# -- multi-problem households (H4-44) ---------------------------------------------------
def test_h4_44_multi_problem_households() -> None:
    """H4-44: households with Wmo begeleiding whose plan lists problems on at least two
    life domains: m (debts and housing) is one, s (debts only) is not, h (two domains but
    household help, not begeleiding) is not."""
    on = dt.date(2017, 3, 1)
    start, end = dt.date(2017, 1, 1), dt.date(2018, 1, 1)
    caseload = Caseload(
        (_household("m", RIJSWIJK), _household("s", RIJSWIJK), _household("h", RIJSWIJK)),
        (_plan("m", frozenset({"schulden", "wonen"})), _plan("s", frozenset({"schulden"})),
         _plan("h", frozenset({"schulden", "wonen"}))),
        (_alloc("m1", "m", "bi-basis", start, end), _alloc("s1", "s", "bi-basis", start, end),
         _alloc("h1", "h", "hh-maatwerk", start, end)),
    )
    assert multi_problem_households(caseload, on) == ("m",)
    assert multi_problem_households(caseload, on, min_domains=1) == ("m", "s")


# -- informal support and results of future maatwerk (H4-08, H4-98) --------------------
def test_h4_08_maatjesproject_is_informal_support_in_rijswijk() -> None:
    """H4-08: formal begeleiding is extended with informal support within the basic
    provisions, e.g. maatjesprojecten: in Rijswijk's catalog a basic provision, no decision,
    no tariff, nothing settled; other members do not have it."""
    on = dt.date(2017, 2, 1)
    rijswijk = default_registry().policy_for(RIJSWIJK, on)
    assert rijswijk.catalog.arrangement("maatjesproject").segment == "basis"
    assert not default_registry().policy_for(WESTLAND, on).catalog.has_arrangement(
        "maatjesproject")
    case = Case(_household("r", RIJSWIJK), (_plan("r"),), (
        _alloc("r1", "r", "maatjesproject", on, dt.date(2018, 1, 1)),))
    assert rijswijk.validate(case, on) == []
    assert rijswijk.settle(case, Month(2017, 2)) == []


def test_h4_98_results_of_future_maatwerk_are_result_areas() -> None:
    """H4-98: maatwerk is to be about results: making and keeping contacts, structure in
    the day, a clean house. All three are result areas of the catalog; a begeleiding plan
    whose goal names one of them passes the result check (H4-13)."""
    codes = {a.code for a in POLICY.catalog.result_areas}
    assert codes == {a.code for a in RESULT_AREAS} == {
        "schoon-en-leefbaar-huis", "contacten-leggen-en-onderhouden", "structuur-in-de-dag"}
    assert CONTACTS.ref is not None and CONTACTS.ref.rule == "H4-98"
    on = dt.date(2017, 2, 1)
    case = Case(_household("g", WESTLAND), (_plan("g"),), (
        _alloc("g1", "g", "bi-basis", on, dt.date(2018, 1, 1)),))
    assert POLICY.validate(case, on) == []
