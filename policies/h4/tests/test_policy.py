"""Tests of the H4 policy's data and rules (Inkoopplan Wmo Rijswijk 2017).

Each test names the rule ids it covers; every figure can be checked by hand.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

from sociaaldomein import (
    Allocation,
    BillingPeriod,
    Case,
    Contract,
    ContractForm,
    Goal,
    Household,
    Law,
    MissingTariff,
    Money,
    Month,
    Party,
    PartyKind,
    Period,
    PerPeriod,
    Person,
    Plan,
    PriceQuantity,
    Provider,
    Stay,
    Stop,
    StopReason,
    Unit,
    default_registry,
)
from sociaaldomein_h4 import POLICY
from sociaaldomein_h4.catalog import (
    ARRANGEMENTS,
    DbLevel,
    IbLevel,
    Part,
    Product,
    ProvisionClass,
)
from sociaaldomein_h4.contracting import Application, ProviderKind, Requirement
from sociaaldomein_h4.policy import ACCESS_H4, ACCESS_RIJSWIJK, RIJSWIJK_PROVISIONS
from sociaaldomein_h4.rules import FLAG_OTHER_LAW

RIJSWIJK, DELFT, WESTLAND, MIDDEN_DELFLAND = "0603", "0503", "1783", "1842"


def _case(municipality: str, *allocations: tuple[str, str, dt.date, dt.date],
          reason: str | None = "Geen algemene voorziening volstaat.",
          goals: tuple[Goal, ...] = (Goal("structuur", "Structuur in de dag"),),
          pgb: tuple[str, ...] = (), flags: dict[str, frozenset[str]] | None = None,
          regisseur: Party | None = None, events: tuple[Stop, ...] = ()) -> Case:
    name = next(m.municipality for m in POLICY.members if m.municipality.code == municipality)
    household = Household("hh", name, (Person("c", dt.date(1960, 1, 1)),))
    plan = Plan("plan", "hh", dt.date(2017, 1, 1), goals=goals, regisseur=regisseur,
                general_provision_reason=reason)
    allocs = tuple(
        Allocation(aid, "hh", "c", code, "P1", Period(start, end), plan_id="plan",
                   pgb=aid in pgb, flags=(flags or {}).get(aid, frozenset()))
        for aid, code, start, end in allocations
    )
    return Case(household, (plan,), allocs, events)


JAN, FEB, MAR, APR = (dt.date(2017, m, 1) for m in (1, 2, 3, 4))
NEXT_YEAR = dt.date(2018, 1, 1)


def test_h4_05_members_and_cbs_codes() -> None:
    """H4-05: H4 is Rijswijk (0603), Delft (0503), Westland (1783) and Midden-Delfland
    (1842), members from 2015 without an end; each is found by its code."""
    codes = {m.municipality.code: m.municipality.name for m in POLICY.members}
    assert codes == {RIJSWIJK: "Rijswijk", DELFT: "Delft", WESTLAND: "Westland",
                     MIDDEN_DELFLAND: "Midden-Delfland"}
    for code in codes:
        assert default_registry().policy_for(code, dt.date(2017, 6, 1)).code == "h4"
    assert all(m.period.start == dt.date(2015, 1, 1) and m.period.is_open
               for m in POLICY.members)


def test_h4_02_03_parts_and_products() -> None:
    """H4-02: two parts, household help and begeleiding; H4-03: begeleiding is four
    products; every tailor-made arrangement belongs to one part, under the Wmo."""
    assert {p.value for p in Part} == {"begeleiding", "huishoudelijke_hulp"}
    begeleiding = {a.product for a in ARRANGEMENTS if a.part is Part.BEGELEIDING}
    assert begeleiding == {Product.BEGELEIDING_INDIVIDUEEL, Product.BEGELEIDING_GROEP,
                           Product.KORTDUREND_VERBLIJF, Product.VERVOER}
    maatwerk = [a for a in ARRANGEMENTS if a.provision_class is ProvisionClass.MAATWERK]
    assert len(maatwerk) == 8 and all(a.part is not None for a in maatwerk)
    assert all(a.laws == {Law.WMO} for a in POLICY.catalog.arrangements)


def test_h4_78_83_levels_light_to_heavy() -> None:
    """H4-78: individual guidance Basis < Speciaal; H4-83: dagbesteding Licht < Basis <
    Speciaal, Speciaal the heavier care. 'Basis' is a level of each product, not one
    shared intensity."""
    assert [lv.value for lv in IbLevel] == ["basis", "speciaal"]
    assert [lv.value for lv in DbLevel] == ["licht", "basis", "speciaal"]
    ranks = {a.code: a.level_rank for a in ARRANGEMENTS if a.level is not None}
    assert ranks == {"bi-basis": 0, "bi-speciaal": 1, "dagbesteding-licht": 0,
                     "dagbesteding-basis": 1, "dagbesteding-speciaal": 2}


def test_h4_10_66_96_free_provisions_need_no_decision_and_no_tariff() -> None:
    """H4-10: general and basic provisions need no decision and are not bought per
    client; H4-66: the basic household-help provision (successor of the HHT) is one;
    H4-96: a plan combines them with tailor-made provisions. They earn no settlement line
    and have no tariff."""
    segments = {s.code: s.needs_decision for s in POLICY.catalog.segments}
    assert segments == {"algemeen": False, "basis": False, "maatwerk": True}
    assert POLICY.catalog.arrangement("hh-basis").segment == "basis"
    case = _case(DELFT, ("a1", "hh-basis", FEB, NEXT_YEAR),
                 ("a2", "algemene-voorziening", FEB, NEXT_YEAR),
                 ("a3", "bi-basis", FEB, NEXT_YEAR))
    lines = POLICY.settle(case, Month(2017, 2))
    assert [(x.allocation, x.amount) for x in lines] == [("a3", Money.euros("344.13"))]
    assert POLICY.validate(case, FEB) == []
    with pytest.raises(MissingTariff, match="not a tailor-made provision"):
        POLICY.price(case, case.allocations[0], FEB)


def test_h4_01_pgb_is_not_settled() -> None:
    """H4-01: the plan buys care in kind; a pgb allocation earns no line of this purchase
    and counts for no budget, while the same guidance in kind earns 344.13 in
    February 2017."""
    case = _case(DELFT, ("zin", "bi-basis", FEB, NEXT_YEAR), ("pgb", "bi-basis", FEB, NEXT_YEAR),
                 pgb=("pgb",))
    lines = POLICY.settle(case, Month(2017, 2))
    assert [(x.allocation, x.amount) for x in lines] == [("zin", Money.euros("344.13"))]
    assert POLICY.part_of(case.allocations[1]) is None


def test_h4_07_items_under_other_laws() -> None:
    """H4-07: a plan may hold items under other laws (Jeugdhulp, Participatiewet); an
    allocation flagged other_law, even with a code H4 does not know, is neither judged nor
    settled by H4."""
    case = _case(RIJSWIJK, ("wmo", "bi-speciaal", FEB, NEXT_YEAR),
                 ("jeugd", "jeugdhulp-ambulant", FEB, NEXT_YEAR),
                 flags={"jeugd": frozenset({FLAG_OTHER_LAW})})
    assert POLICY.validate(case, FEB) == []
    assert [x.allocation for x in POLICY.settle(case, Month(2017, 2))] == ["wmo"]
    unflagged = _case(RIJSWIJK, ("jeugd", "jeugdhulp-ambulant", FEB, NEXT_YEAR))
    assert [v.code for v in POLICY.validate(unflagged, FEB)] == ["H4-03"]


@pytest.mark.parametrize("municipality", [RIJSWIJK, DELFT, WESTLAND, MIDDEN_DELFLAND])
def test_h4_06_53_95_regisseur_is_the_client(municipality: str) -> None:
    """H4-06, H4-95: the client, with relatives, is the regisseur and the access
    supports; H4-53: the same in all four municipalities. A plan naming the access team as
    regisseur gets a warning."""
    policy = default_registry().policy_for(municipality, FEB)
    case = _case(municipality, ("a", "bi-basis", FEB, NEXT_YEAR))
    coordination = policy.coordination(case, case.plans[0], FEB)
    assert coordination.regisseur == Party(PartyKind.CLIENT)
    assert coordination.coordinator is not None
    assert coordination.coordinator.kind is PartyKind.ACCESS_TEAM
    assert coordination.ref.rule == "H4-95"
    other = _case(municipality, ("a", "bi-basis", FEB, NEXT_YEAR),
                  regisseur=Party(PartyKind.ACCESS_TEAM))
    assert [v.code for v in policy.validate(other, FEB)] == ["H4-95"]
    assert policy.coordination(other, other.plans[0], FEB).regisseur == Party(PartyKind.CLIENT)


def test_h4_92_access_named_by_dialect() -> None:
    """H4-92 (fn 4) and H4-06: the access is an open list of team types; in Rijswijk it
    is the Sociale Wijkteams and the Zorgloket (the Rijswijk dialect)."""
    rijswijk = default_registry().policy_for(RIJSWIJK, FEB)
    delft = default_registry().policy_for(DELFT, FEB)
    case = _case(RIJSWIJK, ("a", "bi-basis", FEB, NEXT_YEAR))
    names = [p.coordination(case, case.plans[0], FEB).coordinator for p in (rijswijk, delft)]
    assert [n.name if n else None for n in names] == [ACCESS_RIJSWIJK, ACCESS_H4]


def test_h4_89_rijswijk_local_initiatives() -> None:
    """H4-89: Rijswijk's four local initiatives (bijlage 2) are general provisions in its
    dialect, and Was & Koffie a basic one (bijlage 3, H4-96); other members do not have
    them, and none has a tariff."""
    rijswijk = default_registry().policy_for(RIJSWIJK, FEB)
    westland = default_registry().policy_for(WESTLAND, FEB)
    names = {"Samen tegen eenzaamheid", "Vrijwilligersacademie", "Welzijn op recept",
             "Flatcoach"}
    assert {a.name for a in RIJSWIJK_PROVISIONS if a.provision_class is ProvisionClass.GENERAL
            } == names
    assert rijswijk.catalog.has_arrangement("flatcoach")
    assert rijswijk.catalog.arrangement("was-en-koffie").segment == "basis"
    assert not westland.catalog.has_arrangement("flatcoach")
    case = _case(RIJSWIJK, ("a", "flatcoach", FEB, NEXT_YEAR))
    assert rijswijk.validate(case, FEB) == []
    assert rijswijk.settle(case, Month(2017, 2)) == []


def test_h4_04_only_rijswijk_budgets_come_from_the_document() -> None:
    """H4-04: the plan's figures are Rijswijk's; the other members' budgets are example
    values."""
    for budget in POLICY.budgets.budgets:
        assert budget.ref.example is (budget.municipality != RIJSWIJK)
        assert budget.ref.rule == "H4-61"


def test_h4_36_71_75_rijswijk_budgets_match_financial_table() -> None:
    """H4-71, H4-75, H4-36: Rijswijk's 2017 budgets are the financial table's 'Begroting
    2017 Uitgaven': household help 4,400,000.00 and Wmo nieuwe taken (begeleiding, the new
    Wmo function) 3,306,870.00."""
    hh = POLICY.budgets.get(RIJSWIJK, 2017, Part.HUISHOUDELIJKE_HULP)
    beg = POLICY.budgets.get(RIJSWIJK, 2017, Part.BEGELEIDING)
    assert hh is not None and hh.amount == Money.euros("4400000.00")
    assert beg is not None and beg.amount == Money.euros("3306870.00")
    assert hh.ref.section == beg.ref.section == "h4 (financial table)"


def test_h4_54_62_90_funding_models() -> None:
    """H4-62: household help is paid per month for its result, not per hour (292.50);
    H4-90, H4-54: begeleiding per period (four weeks); kortdurend verblijf per etmaal
    (204.21) and transport per ride (14.79, Eenheid 82). The same tariffs hold in every
    contract year (0% example indexation)."""
    case = _case(DELFT, ("a", "hh-maatwerk", APR, NEXT_YEAR))
    models = {}
    for year in POLICY.contract_years:
        for arrangement in ("hh-maatwerk", "bi-speciaal", "kortdurend-verblijf", "vervoer"):
            alloc = attrs.evolve(case.allocations[0], arrangement=arrangement)
            models[(year, arrangement)] = POLICY.price(case, alloc, dt.date(year, 6, 1))
    for year in POLICY.contract_years:
        hh = models[(year, "hh-maatwerk")]
        assert hh.tariff.model == PerPeriod(Money.euros("292.50"), BillingPeriod.MONTH)
        assert hh.rule == "H4-62"
        bi = models[(year, "bi-speciaal")]
        assert isinstance(bi.tariff.model, PerPeriod)
        assert bi.tariff.model.period is BillingPeriod.FOUR_WEEKS and bi.rule == "H4-90"
        assert models[(year, "kortdurend-verblijf")].tariff.model == Stay(Money.euros("204.21"))
        ride = models[(year, "vervoer")].tariff.model
        assert isinstance(ride, PriceQuantity) and ride.unit is Unit.PIECE_OUTPUT
        assert ride.price == Money.euros("14.79")


def test_h4_64_tariffs_are_example_values() -> None:
    """H4-64: the document leaves tariffs to the college, so every shipped tariff is an
    example value whose note names the municipality it comes from, and so is every
    settlement line that rests on one."""
    for tariff in POLICY.tariffs.tariffs:
        assert tariff.example and tariff.ref.note and "not an H4 tariff" in tariff.ref.note
    case = _case(WESTLAND, ("a", "dagbesteding-licht", FEB, NEXT_YEAR))
    (line,) = POLICY.settle(case, Month(2017, 2))
    assert line.example and line.amount == Money.euros("286.08")
    assert "[example value]" in line.describe()


def test_h4_32_stop_ends_payment() -> None:
    """H4-32: at a re-indication a provision stops when it is no longer needed: care
    stopped on 15 March 2017 earns 14 of 31 days, 344.13 x 14/28 = 172.07 (half up), and
    nothing in April."""
    case = _case(DELFT, ("a", "bi-basis", FEB, NEXT_YEAR),
                 events=(Stop("a", dt.date(2017, 3, 15), StopReason.COMPLETED),))
    assert [x.amount for x in POLICY.settle(case, Month(2017, 3))] == [Money.euros("172.07")]
    assert POLICY.settle(case, Month(2017, 4)) == []


def test_h4_13_maatwerk_needs_a_result() -> None:
    """H4-13: support is result-oriented; a tailor-made begeleiding allocation whose plan
    names no result gets a warning."""
    case = _case(DELFT, ("a", "bi-basis", FEB, NEXT_YEAR), goals=())
    assert [(v.code, v.severity.value) for v in POLICY.validate(case, FEB)] == [
        ("H4-13", "warning")]


def test_h4_52_two_open_house_tracks() -> None:
    """H4-52, H4-56: two open-house tracks; household help asks quality of every provider,
    begeleiding also innovation of a new one (H4-17)."""
    tracks = {t.part: t for t in POLICY.tracks}
    assert set(tracks) == set(Part)
    assert all(t.form is ContractForm.OPEN_HOUSE and t.joining_during_term
               for t in tracks.values())
    assert tracks[Part.HUISHOUDELIJKE_HULP].requirements == {Requirement.QUALITY}
    assert tracks[Part.BEGELEIDING].requirements == {Requirement.QUALITY, Requirement.INNOVATION}
    assert tracks[Part.BEGELEIDING].term_is_example
    assert not tracks[Part.HUISHOUDELIJKE_HULP].term_is_example


def test_h4_57_household_help_term() -> None:
    """H4-57: new household-help contracts run 2 years from 1 April 2017 (to 31 March
    2019) with one option of 2 years (to 31 March 2021); a contract with a second option,
    or a 3-year option, is refused."""
    track = POLICY.track(Part.HUISHOUDELIJKE_HULP)
    assert (track.term.start, track.term.end) == (dt.date(2017, 4, 1), dt.date(2019, 4, 1))
    assert track.longest.end == dt.date(2021, 4, 1)
    provider = Provider("P1", "Thuishulp")
    base = Contract("c1", "h4", provider, {"hh-maatwerk"}, track.term, ContractForm.OPEN_HOUSE,
                    extensions=track.extensions)
    assert POLICY.check_contract(base) == []
    second = attrs.evolve(base, extensions=(*track.extensions,
                                            Period(dt.date(2021, 4, 1), dt.date(2023, 4, 1))))
    three = attrs.evolve(base, extensions=(Period(dt.date(2019, 4, 1), dt.date(2022, 4, 1)),))
    assert [v.code for v in POLICY.check_contract(second)] == ["H4-57"]
    assert [v.code for v in POLICY.check_contract(three)] == ["H4-57"]


def test_h4_55_old_household_help_contracts_not_extended() -> None:
    """H4-55: an old household-help contract (from before 1 April 2017) that runs past
    1 April 2017 is an error; one that ends on 31 March 2017 is fine."""
    provider = Provider("P1", "Thuishulp")
    old = Contract("old", "h4", provider, {"hh-maatwerk"},
                   Period(dt.date(2015, 1, 1), dt.date(2017, 4, 1)), ContractForm.TENDER)
    assert POLICY.check_contract(old) == []
    extended = attrs.evolve(old, extensions=(Period(dt.date(2017, 4, 1), dt.date(2018, 1, 1)),))
    (violation,) = POLICY.check_contract(extended)
    assert violation.code == "H4-55" and "cannot be extended" in violation.message


def test_h4_17_new_begeleiding_provider_needs_innovation() -> None:
    """H4-17: a new begeleiding provider that shows quality but no innovation is refused;
    a provider already contracted needs quality only; household help asks no innovation
    (H4-56)."""
    day = dt.date(2017, 5, 1)
    refused = POLICY.admit(Application(Provider("N1", "Nieuw"), Part.BEGELEIDING, day,
                                       {Requirement.QUALITY}))
    assert not refused.admitted and [v.code for v in refused.violations] == ["H4-17"]
    known = POLICY.admit(Application(Provider("O1", "Bekend"), Part.BEGELEIDING, day,
                                     {Requirement.QUALITY}, new_provider=False))
    assert known.admitted
    hh = POLICY.admit(Application(Provider("H1", "Thuishulp"), Part.HUISHOUDELIJKE_HULP, day,
                                  {Requirement.QUALITY}, ProviderKind.NICHE))
    assert hh.admitted and hh.contract is not None
    assert hh.contract.term == Period(day, dt.date(2019, 4, 1))
    none = POLICY.admit(Application(Provider("H2", "Zonder"), Part.HUISHOUDELIJKE_HULP, day,
                                    frozenset()))
    assert [v.code for v in none.violations] == ["H4-56"]


def test_h4_97_other_solutions_option() -> None:
    """H4-97 (an option, default as the document prefers): a plan may use less obvious
    general solutions; with the option off they get a warning."""
    case = _case(DELFT, ("a", "algemene-voorziening", FEB, NEXT_YEAR))
    assert POLICY.allow_other_solutions
    assert POLICY.validate(case, FEB) == []
    strict = attrs.evolve(POLICY, allow_other_solutions=False)
    assert [v.code for v in strict.validate(case, FEB)] == ["H4-97"]


def test_h4_tariff_amounts_are_cents_not_floats() -> None:
    """Money is integer cents everywhere: the four-week amount of individual guidance
    speciaal is 103,239 cents."""
    tariff = POLICY.tariffs.tariff("bi-speciaal", 2017)
    assert isinstance(tariff.model, PerPeriod)
    assert tariff.model.amount.amount_cents == 103239
    assert Decimal(tariff.model.amount.plain()) == Decimal("1032.39")


def test_wmo_from_18_national_rule() -> None:
    """National rule (Jeugdwet art. 1.1): the H4 products fall under the Wmo, so a
    17-year-old cannot get individual guidance from this purchase (code H4-LAW)."""
    case = _case(DELFT, ("a", "bi-basis", FEB, NEXT_YEAR))
    young = attrs.evolve(case, household=attrs.evolve(
        case.household, members=(Person("c", dt.date(2000, 1, 1)),)))
    assert [v.code for v in POLICY.validate(young, FEB)] == ["H4-LAW"]


def test_h4_61_volume_counts_when_decided() -> None:
    """H4-61: an allocation paid per unit counts against the budget with its allocated
    volume when that is more than what was delivered: 8 rides a month from February to
    December 2017 are 14.79 x 8 x 11 = 1,301.52, although only 8 rides (118.32) were
    delivered; a stay of 2 etmalen in total counts 2 x 204.21 = 408.42."""
    from sociaaldomein import Caseload, Delivery, Frequency

    case = _case(MIDDEN_DELFLAND, ("rit", "vervoer", FEB, NEXT_YEAR),
                 ("logeer", "kortdurend-verblijf", FEB, NEXT_YEAR))
    rit, logeer = case.allocations
    rit = attrs.evolve(rit, volume=Decimal(8), unit=Unit.PIECE_OUTPUT,
                       frequency=Frequency.PER_MONTH)
    logeer = attrs.evolve(logeer, volume=Decimal(2), unit=Unit.ETMAAL, frequency=Frequency.TOTAL)
    case = attrs.evolve(case, allocations=(rit, logeer),
                        events=(Delivery("rit", dt.date(2017, 2, 6), Decimal(8),
                                         Unit.PIECE_OUTPUT),))
    (use,) = [u for u in POLICY.budget_use(Caseload.of_cases([case]), 2017)
              if u.municipality == MIDDEN_DELFLAND and u.part is Part.BEGELEIDING]
    assert use.used == Money.euros("1301.52") + Money.euros("408.42")
    assert not use.exceeded and use.budget is not None and use.budget.ref.example
    assert "(example value)" in use.describe()


@pytest.mark.parametrize(("text", "key"), [
    ('section = "s"\n[[budget]]\nmunicipality = "0603"\nyear = 2017\n'
     'part = "begeleiding"\namount = 1000.5\nexample = true\n', "budget[0].amount"),
    ('section = "s"\n[[budget]]\nmunicipality = "0603"\nyear = 2017\n'
     'part = "begeleiding"\namount = "1000.50"\nexample = true\nbudjet = 1\n', "budget[0].budjet"),
    ('section = "s"\n[[budget]]\nmunicipality = "603"\nyear = 2017\n'
     'part = "begeleiding"\namount = "1.00"\nexample = true\n', "budget[0].municipality"),
    # H4-05 with H4-61: Amsterdam (0363) is not a member, so its budget is a typo
    ('section = "s"\n[[budget]]\nmunicipality = "0363"\nyear = 2017\n'
     'part = "begeleiding"\namount = "1.00"\nexample = true\n', "budget[0].municipality"),
])
def test_h4_61_budget_file_is_read_strictly(tmp_path: Path, text: str, key: str) -> None:
    """H4-61 data: a float amount, an unknown key, a bad CBS code or a municipality that is
    not a member (H4-05) in a budget file is an error naming the file and the key."""
    from sociaaldomein import ParameterError
    from sociaaldomein_h4.budgets import load_budgets

    path = tmp_path / "budgets.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ParameterError) as info:
        load_budgets(path)
    assert str(path) in str(info.value) and key in str(info.value)


def test_h4_09_tailor_made_allocation_belongs_to_the_plan() -> None:
    """H4-09: the household works on one plan that combines the provisions; a tailor-made
    allocation that belongs to no plan gets a warning (a free provision without a plan
    does not)."""
    case = _case(WESTLAND, ("a", "bi-basis", FEB, NEXT_YEAR), ("b", "hh-basis", FEB, NEXT_YEAR))
    loose = attrs.evolve(case, allocations=tuple(
        attrs.evolve(a, plan_id=None) for a in case.allocations))
    found = POLICY.validate(loose, FEB)
    assert [(v.code, v.severity.value, v.path) for v in found] == [
        ("H4-09", "warning", "households[hh].allocations[a].plan_id")]
