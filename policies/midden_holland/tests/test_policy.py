"""Focused tests of the Midden-Holland policy: members, catalog, instruments, parameters,
contracts, contributions, coordination and indicators. Each names its rule ids."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import attrs
import pytest

from sociaaldomein import (
    Allocation,
    Case,
    Caseload,
    ContractForm,
    Delivery,
    Evaluation,
    GoalRealisation,
    Household,
    HouseholdIncome,
    LineKind,
    LumpSum,
    Money,
    Month,
    Municipality,
    NoPolicy,
    ParameterError,
    Party,
    PartyKind,
    Period,
    PerPeriod,
    Person,
    Plan,
    PriceQuantity,
    Registry,
    Stay,
    Stop,
    StopReason,
    Unit,
    UnknownCode,
)
from sociaaldomein_midden_holland import POLICY
from sociaaldomein_midden_holland.catalog import LawDomain, Level, Product, SegmentKey, SubSegment
from sociaaldomein_midden_holland.contracts import load_contracts
from sociaaldomein_midden_holland.contribution import IncomeBracket, load_contributions
from sociaaldomein_midden_holland.indicators import segment_indicators
from sociaaldomein_midden_holland.instruments import FundingKind, load_instruments
from sociaaldomein_midden_holland.rules import ContractRecord, validate_contract
from sociaaldomein_midden_holland.sources import PARAMETERS

GOUDA = Municipality("0513", "Gouda")
ZUIDPLAS = Municipality("1892", "Zuidplas")


def _case(arrangement: str, birth: dt.date, *, start: dt.date = dt.date(2025, 3, 1),
          end: dt.date = dt.date(2026, 1, 1), municipality: Municipality = ZUIDPLAS,
          provider: str = "P1", plan: Plan | None = None, events: tuple[object, ...] = (),
          **alloc: object) -> Case:
    person = Person("c1", birth)
    household = Household("h1", municipality, (person,))
    allocation = Allocation("a1", "h1", "c1", arrangement, provider, Period(start, end),
                            plan_id=plan.id if plan else None, **alloc)  # type: ignore[arg-type]
    return Case(household, (plan,) if plan else (), (allocation,), events)  # type: ignore[arg-type]


# -- members ------------------------------------------------------------------------------
def test_five_members_with_cbs_codes_from_2025() -> None:
    """MH-06, MH-02: exactly the five municipalities, from 1 January 2025."""
    codes = {m.municipality.code: m.municipality.name for m in POLICY.members}
    assert codes == {"1901": "Bodegraven-Reeuwijk", "0513": "Gouda", "1931": "Krimpenerwaard",
                     "0627": "Waddinxveen", "1892": "Zuidplas"}
    assert {m.period.start for m in POLICY.members} == {dt.date(2025, 1, 1)}
    registry = Registry.of(POLICY)
    assert registry.policy_for("0627", dt.date(2025, 1, 1)).code == "midden-holland"
    with pytest.raises(NoPolicy):
        registry.policy_for("0627", dt.date(2024, 12, 31))


def test_gouda_is_centrumgemeente() -> None:
    """MH-14: Gouda is the centrumgemeente for beschermd wonen and maatschappelijke opvang."""
    assert POLICY.central_municipality == "0513"


def test_example_keys_add_up_to_about_250000_residents() -> None:
    """MH-07, MH-12: the example residents key sums to the document's ~250,000 residents and
    is marked as example values."""
    residents = next(k for k in POLICY.keys if k.name == "inwoners")
    assert residents.total_weight == 250_000
    assert all(k.example for k in POLICY.keys)


# -- catalog --------------------------------------------------------------------------------
def test_eight_segments_with_their_law_domain() -> None:
    """MH-69, MH-67: eight numbered segments; Crisis, Behandeling, Hoog-specialistisch and
    Gedwongen kader are youth-only, Hulp bij het huishouden Wmo-only (MH-90, MH-114)."""
    segments = POLICY.catalog_data.segments
    assert [s.number for s in segments] == list(range(1, 9))
    law = {s.key: s.law for s in segments}
    assert law[SegmentKey.CRISIS] is LawDomain.JEUGD
    assert law[SegmentKey.HULP_BIJ_HET_HUISHOUDEN] is LawDomain.WMO
    assert law[SegmentKey.WONEN] is LawDomain.JEUGD_WMO
    kader = POLICY.catalog_data.segment(SegmentKey.GEDWONGEN_KADER)
    assert [s.key for s in kader.subs] == [SubSegment.JEUGDBESCHERMING,
                                          SubSegment.JEUGDRECLASSERING,
                                          SubSegment.JEUGDZORGPLUS, SubSegment.FORENSISCHE_GGZ]
    assert len(POLICY.catalog.segments) == 8


def test_every_segment_names_its_indicators() -> None:
    """MH-80, MH-83, MH-85, MH-89, MH-92, MH-95, MH-100, MH-105, MH-106, MH-108, MH-110,
    MH-113, MH-115: each segment sheet's indicators, with their direction."""
    rules = {i.rule for s in POLICY.catalog_data.segments for i in s.all_indicators()}
    assert {"MH-80", "MH-83", "MH-85", "MH-89", "MH-92", "MH-95", "MH-100", "MH-105",
            "MH-106", "MH-108", "MH-110", "MH-113", "MH-115"} <= rules
    hbh = POLICY.catalog_data.segment(SegmentKey.HULP_BIJ_HET_HUISHOUDEN)
    assert hbh.indicators[0].direction.value == "stabilise"


def test_choice_of_provider_per_segment() -> None:
    """MH-54: large in Behandeling and Begeleiding, very limited in Hoog-specialistisch."""
    data = POLICY.catalog_data
    assert data.segment(SegmentKey.BEHANDELING).choice == "groot"
    assert data.sub(SubSegment.BEGELEIDING).choice == "groot"
    assert data.segment(SegmentKey.HOOG_SPECIALISTISCH).choice == "zeer beperkt"
    assert data.sub(SubSegment.JEUGDBESCHERMING).choice == "zeer beperkt"


def test_levels_of_tasks() -> None:
    """MH-05: gedwongen kader products are bovenregionaal, the others regionaal."""
    for info in POLICY.catalog_data.products:
        expected = Level.BOVENREGIONAAL if info.segment is SegmentKey.GEDWONGEN_KADER \
            else Level.REGIONAAL
        assert info.level is expected, info.key


@pytest.mark.parametrize("code", ["maatschappelijke_opvang", "hulpmiddelen",
                                  "leerlingenvervoer", "calamiteitentoezicht_wmo",
                                  "sociale_basis"])
def test_outside_the_purchase_not_in_catalog(code: str) -> None:
    """MH-103 (maatschappelijke opvang), MH-77 (services on running contracts), MH-42 (the
    social basis is local): not in the catalog, so unknown."""
    with pytest.raises(UnknownCode):
        POLICY.catalog_data.product(code)


def test_legacy_ijw_codes_and_national_units() -> None:
    """MH-28: units follow the national Eenheid list; legacy iJw codes where known."""
    gezinshuis = POLICY.catalog.arrangement("gezinshuis")
    assert gezinshuis.unit is Unit.ETMAAL and gezinshuis.product_code == "44A08"
    assert POLICY.catalog.arrangement("jeugdbescherming").unit is None  # per month


def test_catalog_file_is_read_strictly(tmp_path: Path) -> None:
    """A typo in the catalog is an error naming file and key, not a silent default."""
    from sociaaldomein_midden_holland.catalog import load_catalog

    text = (PARAMETERS / "catalog.toml").read_text(encoding="utf-8")
    bad = tmp_path / "catalog.toml"
    bad.write_text(text.replace('unit = "04"', 'units = "04"', 1), encoding="utf-8")
    with pytest.raises(ParameterError, match=r"catalog\.toml"):
        load_catalog(bad)


# -- instruments ------------------------------------------------------------------------------
def test_instruments_undecided_with_the_documents_preference() -> None:
    """MH-01, MH-16, MH-24, MH-66, MH-08: no segment's instruments are decided; the legacy
    open house + P x Q is the default, Crisis a lump sum (MH-21), Jeugdbescherming and
    Jeugdreclassering output per measure; terms 4 + 4 example years within the maximum."""
    instruments = POLICY.instruments
    assert all(not s.decided for s in instruments.segments)
    assert all(s.terms_example and s.total_years <= instruments.max_contract_years == 10
               for s in instruments.segments)
    assert instruments.for_segment(SegmentKey.CRISIS).funding is FundingKind.LUMP_SUM
    assert instruments.for_segment(SegmentKey.BEHANDELING).funding is FundingKind.PXQ
    assert instruments.for_segment(SegmentKey.GEDWONGEN_KADER,
                                   SubSegment.JEUGDBESCHERMING).funding is FundingKind.OUTPUT
    assert instruments.for_segment(SegmentKey.GEDWONGEN_KADER,
                                   SubSegment.JEUGDZORGPLUS).funding is FundingKind.PXQ
    assert {s.contract_form for s in instruments.segments} == {ContractForm.OPEN_HOUSE}


def test_contract_forms_and_joining() -> None:
    """MH-24, MH-25: open house lets providers join mid-term, an SAS procedure does not."""
    ondersteuning = POLICY.instruments.for_segment(SegmentKey.ONDERSTEUNING)
    assert ondersteuning.allows_joining
    assert not attrs.evolve(ondersteuning, contract_form=ContractForm.TENDER).allows_joining


def test_term_beyond_ten_years_refused_in_parameters(tmp_path: Path) -> None:
    """MH-04: a segment term of 6 + 5 years exceeds the 10-year maximum: a parameter error."""
    text = (PARAMETERS / "instruments.toml").read_text(encoding="utf-8")
    bad = tmp_path / "instruments.toml"
    bad.write_text(text.replace("option_years = 4", "option_years = 7", 1), encoding="utf-8")
    with pytest.raises(ParameterError, match="10 years"):
        load_instruments(bad)


def test_crisis_as_pxq_warns_and_pays_per_client() -> None:
    """MH-21: switching Crisis to P x Q is possible (what-if) but warned against; its
    allocations are then paid per hour and the lump sum stops."""
    pxq = attrs.evolve(POLICY, instruments=POLICY.instruments.with_segment(
        SegmentKey.CRISIS, funding=FundingKind.PXQ))
    codes = sorted(v.code for v in pxq.validate_region(Caseload(), (2025,)))
    assert codes == ["MH-CRISIS-PXQ", "MH-VOLUME-BELOW-MIN"]
    case = _case("crisis_ambulant", dt.date(2012, 1, 1),
                 events=(Delivery("a1", dt.date(2025, 3, 2), Decimal(2), Unit.HOUR),))
    assert isinstance(pxq.price(case, case.allocations[0], dt.date(2025, 3, 1)).tariff.model,
                      PriceQuantity)
    assert sum((x.amount for x in pxq.settle(case, Month(2025, 3))), Money.zero()) \
        == Money.euros("247.20")
    assert pxq.settle_region(Caseload(), Month(2025, 3)) == []
    # the default policy is unchanged, prices crisis at the lump sum and pays no per-client line
    assert isinstance(POLICY.price(case, case.allocations[0], dt.date(2025, 3, 1)).tariff.model,
                      LumpSum)
    assert POLICY.settle(case, Month(2025, 3)) == []


def test_output_funding_per_measure_per_month() -> None:
    """MH-20: jeugdbescherming is paid per measure per month (example EUR 1,650.00), pro rata
    by days: care from 11 March 2025 earns 21/31 x 1,650.00 = 1,117.74 in March."""
    case = _case("jeugdbescherming", dt.date(2015, 1, 1), start=dt.date(2025, 3, 11),
                 referred_by=PartyKind.GI)
    priced = POLICY.price(case, case.allocations[0], dt.date(2025, 3, 11))
    assert isinstance(priced.tariff.model, PerPeriod) and priced.rule == "MH-20"
    assert [x.amount for x in POLICY.settle(case, Month(2025, 3))] == [Money.euros("1117.74")]


def test_stays_paid_per_etmaal() -> None:
    """MH-19: a gezinshuis stay of 31 etmalen at the example EUR 141.91 = 4,399.21."""
    case = _case("gezinshuis", dt.date(2012, 1, 1),
                 events=(Delivery("a1", dt.date(2025, 3, 1), Decimal(31), Unit.ETMAAL),))
    assert isinstance(POLICY.price(case, case.allocations[0], dt.date(2025, 3, 1)).tariff.model,
                      Stay)
    assert [x.amount for x in POLICY.settle(case, Month(2025, 3))] == [Money.euros("4399.21")]


def test_tariffs_are_example_values_with_their_origin() -> None:
    """MH-63: the document gives no tariffs; every tariff is an example value that says where
    it comes from, real legacy Waddinxveen 2021 figures where they fit."""
    for tariff in POLICY.tariffs.tariffs:
        assert tariff.example and tariff.ref.note
    begeleiding = POLICY.tariffs.tariff("begeleiding_jeugd", 2025)
    assert isinstance(begeleiding.model, PriceQuantity)
    assert begeleiding.model.price == Money.euros("57.60")
    assert "Waddinxveen 2021" in (begeleiding.ref.note or "")
    assert POLICY.tariffs.tariff("begeleiding_jeugd", 2026).indexed_from == 2025


# -- contracts ----------------------------------------------------------------------------------
def _record(years: int, signed: dt.date | None, large: bool = False) -> ContractRecord:
    base = load_contracts()[1]
    start = dt.date(2025, 1, 1)
    extensions = tuple(Period(dt.date(2029 + i, 1, 1), dt.date(2030 + i, 1, 1))
                       for i in range(years - 4))
    contract = attrs.evolve(base.contract, term=Period(start, dt.date(2029, 1, 1)),
                            extensions=extensions)
    return ContractRecord(contract, SegmentKey.ONDERSTEUNING, signed, large)


def test_contract_term_at_most_ten_years() -> None:
    """MH-04: 2025-2034 with options (10 years) is valid; to the end of 2035 (11) is not."""
    options = POLICY.instruments.options
    assert validate_contract(_record(10, None), options) == []
    assert [v.code for v in validate_contract(_record(11, None), options)] == [
        "MH-CONTRACT-TERM"]


def test_contract_signed_three_to_six_months_before_start() -> None:
    """MH-26: for a 1 January 2025 start, signed 1 October 2024 is in time, 15 November
    2024 is late; with large changes the deadline is 1 July 2024."""
    options = POLICY.instruments.options
    assert validate_contract(_record(8, dt.date(2024, 10, 1)), options) == []
    assert [v.code for v in validate_contract(_record(8, dt.date(2024, 11, 15)), options)] == [
        "MH-CONTRACT-SIGNING"]
    assert validate_contract(_record(8, dt.date(2024, 7, 1), large=True), options) == []
    assert [v.code for v in validate_contract(_record(8, dt.date(2024, 7, 2), large=True),
                                              options)] == ["MH-CONTRACT-SIGNING"]


def test_example_contracts_are_valid() -> None:
    """The shipped example contracts respect MH-04 and MH-26; an empty caseload is below
    the example volume minimum (MH-64)."""
    assert all(r.example for r in POLICY.contracts)
    codes = [v.code for v in POLICY.validate_region(Caseload(), (2025,))]
    assert codes == ["MH-VOLUME-BELOW-MIN"]


# -- own contribution ----------------------------------------------------------------------------
def _delivered(case: Case, hours: str, *months: Month) -> Case:
    """``case`` with a delivery of ``hours`` hours on the 3rd of each of ``months``."""
    alloc = case.allocations[0]
    events = tuple(Delivery(alloc.id, dt.date(m.year, m.month, 3), Decimal(hours), Unit.HOUR)
                   for m in months)
    return attrs.evolve(case, events=(*case.events, *events))


def test_income_related_hbh_contribution_can_be_switched_on() -> None:
    """MH-61: off by default; switched on with brackets, a household with EUR 45,000 a year
    (the household's dated income) owes 6.70 a month for hulp bij het huishouden next to
    the abonnementstarief (21.00); 2 hours of HbH cost 64.80, more than both."""
    case = _delivered(_case("hulp_bij_het_huishouden", dt.date(1950, 1, 1)), "2", Month(2025, 4))
    case = attrs.evolve(case, household=attrs.evolve(
        case.household, income=(HouseholdIncome(Money.euros("45000"),
                                Period(dt.date(2025, 1, 1), dt.date(2025, 7, 1))),)))
    default = [x.amount for x in POLICY.settle(case, Month(2025, 4)) if x.rule == "MH-61"]
    assert default == []
    contributions = attrs.evolve(
        POLICY.contributions, hbh_enabled=True,
        hbh_brackets=(IncomeBracket(Money.zero(), Money.zero()),
                      IncomeBracket(Money.euros("30000"), Money.euros("6.70"))))
    switched = attrs.evolve(POLICY, contributions=contributions)
    lines = switched.settle(case, Month(2025, 4))
    assert sorted((x.rule, x.amount) for x in lines if x.rule.startswith("MH-6")) == [
        ("MH-60", Money.euros("21.00")), ("MH-61", Money.euros("6.70"))]
    # the income is dated: none is known from July, so the lowest bracket (0.00) applies
    later = _delivered(attrs.evolve(case, events=()), "2", Month(2025, 9))
    assert [x.rule for x in switched.settle(later, Month(2025, 9))
            if x.kind is LineKind.OWN_CONTRIBUTION] == ["MH-60"]
    # and both lines together never pass the cost: 15 minutes of HbH cost 8.10
    cheap = _delivered(attrs.evolve(case, events=()), "0.25", Month(2025, 4))
    owed = [x for x in switched.settle(cheap, Month(2025, 4))
            if x.kind is LineKind.OWN_CONTRIBUTION]
    assert [(x.rule, x.amount) for x in owed] == [("MH-60", Money.euros("8.10"))]


def test_no_ouderbijdrage(tmp_path: Path) -> None:
    """MH-62: no parental contribution under the Jeugdwet; a file switching it on is refused."""
    assert not POLICY.contributions.ouderbijdrage
    text = (PARAMETERS / "contribution.toml").read_text(encoding="utf-8")
    bad = tmp_path / "contribution.toml"
    bad.write_text(text.replace("ouderbijdrage = false", "ouderbijdrage = true"),
                   encoding="utf-8")
    with pytest.raises(ParameterError, match="MH-62"):
        load_contributions(bad)


def test_document_amount_as_what_if() -> None:
    """MH-60: with the national maximum switched off the document's EUR 19.00 is charged."""
    case = _delivered(_case("begeleiding_wmo", dt.date(1950, 1, 1)), "1", Month(2025, 4))
    old = attrs.evolve(POLICY, contributions=attrs.evolve(POLICY.contributions,
                                                          charge_national_maximum=False))
    assert [x.amount for x in old.settle(case, Month(2025, 4))
            if x.kind is LineKind.OWN_CONTRIBUTION] == [Money.euros("19.00")]


# -- validation and coordination -------------------------------------------------------------------
def test_adult_in_youth_segment() -> None:
    """MH-69, MH-50: a 40-year-old in Behandeling (youth only) breaks the law domain."""
    case = _case("behandeling_ambulant", dt.date(1985, 1, 1))
    assert [v.code for v in POLICY.validate(case, dt.date(2025, 3, 1))] == ["MH-LAW-DOMAIN"]


def test_onderwijszorgarrangement_involves_local_access() -> None:
    """MH-36: begeleiding in an onderwijszorgarrangement referred by a GP is warned about."""
    case = _case("begeleiding_jeugd", dt.date(2014, 1, 1), referred_by=PartyKind.GP,
                 flags={"onderwijszorgarrangement"})
    assert [v.code for v in POLICY.validate(case, dt.date(2025, 3, 1))] == ["MH-OZA-ACCESS"]


def test_plan_must_record_regie() -> None:
    """MH-37: a plan that names no regisseur is warned about."""
    plan = Plan("p1", "h1", dt.date(2025, 3, 1))
    case = _case("begeleiding_jeugd", dt.date(2014, 1, 1), plan=plan)
    assert [v.code for v in POLICY.validate(case, dt.date(2025, 3, 1))] == ["MH-REGIE-MISSING"]


def test_strict_reading_of_process_regie() -> None:
    """MH-32 (inventory ambiguity 4): by default safety alone makes the local access
    regisseur; under the strict reading safety and several domains are both needed."""
    plan = Plan("p1", "h1", dt.date(2025, 3, 1), regisseur=Party(PartyKind.HOUSEHOLD),
                safety_concern=True)
    case = _case("begeleiding_jeugd", dt.date(2014, 1, 1), plan=plan)
    on = dt.date(2025, 3, 1)
    assert POLICY.coordination(case, plan, on).regisseur == Party(PartyKind.ACCESS_TEAM)
    strict = attrs.evolve(POLICY, instruments=attrs.evolve(
        POLICY.instruments, options=attrs.evolve(POLICY.instruments.options,
                                                 strict_process_regie_reading=True)))
    assert strict.coordination(case, plan, on).regisseur == Party(PartyKind.HOUSEHOLD)
    assert strict.validate(case, on) == []


def test_gi_holds_regie_under_a_measure() -> None:
    """MH-79: under jeugdbescherming the GI holds regie unless the local access's process
    regie is due."""
    plan = Plan("p1", "h1", dt.date(2025, 3, 1), regisseur=Party(PartyKind.GI, "GI-1"))
    case = _case("jeugdbescherming", dt.date(2014, 1, 1), plan=plan, provider="GI-1",
                 referred_by=PartyKind.GI)
    coordination = POLICY.coordination(case, plan, dt.date(2025, 3, 1))
    assert coordination.regisseur == Party(PartyKind.GI, "GI-1")
    assert coordination.ref.rule == "MH-79"


def test_crisis_provider_holds_regie_on_scaling_down() -> None:
    """MH-93: in Crisis the crisis provider is the coordinator."""
    plan = Plan("p1", "h1", dt.date(2025, 3, 1), regisseur=Party(PartyKind.HOUSEHOLD))
    case = _case("crisis_ambulant", dt.date(2014, 1, 1), plan=plan, provider="crisisdienst-mh")
    coordination = POLICY.coordination(case, plan, dt.date(2025, 3, 1))
    assert coordination.coordinator == Party(PartyKind.PROVIDER, "crisisdienst-mh",
                                             "crisishulpaanbieder")
    assert coordination.ref.rule == "MH-93"


# -- indicators ---------------------------------------------------------------------------------
def _indicator_caseload() -> Caseload:
    people = (Person("c1", dt.date(1950, 1, 1)), Person("c2", dt.date(1952, 1, 1)))
    household = Household("h1", GOUDA, people)
    allocations = (
        Allocation("a1", "h1", "c1", "begeleiding_wmo", "P1",
                   Period(dt.date(2025, 1, 1), dt.date(2025, 7, 1)), decided_on=dt.date(2025, 1, 1)),
        Allocation("a2", "h1", "c2", "begeleiding_wmo", "P2",
                   Period(dt.date(2025, 2, 1), dt.date(2025, 12, 1)), decided_on=dt.date(2025, 1, 20)),
    )
    events = (
        Stop("a2", dt.date(2025, 5, 1), StopReason.CLIENT_UNILATERAL),
        Evaluation("a1", dt.date(2025, 6, 1), goals=GoalRealisation.REALISED, satisfaction=8),
        Evaluation("a2", dt.date(2025, 4, 1), goals=GoalRealisation.PARTLY, satisfaction=5),
    )
    return Caseload((household,), (), allocations, events)


def test_outcome_indicators() -> None:
    """MH-48: drop-out by category, mean satisfaction (8 + 5) / 2 = 13/2, goals realised 1/2;
    MH-108: durations 181 and 89 days, ended to plan 1/2."""
    values = {v.key: v.value for v in segment_indicators(
        _indicator_caseload(), POLICY.catalog_data, Period.year(2025))}
    assert values["satisfaction"] == Fraction(13, 2)
    assert values["goals_realised"] == Fraction(1, 2)
    assert values["dropout_early_client"] == 1
    assert values["duration_days"] == Fraction(181 + 89, 2)
    assert values["ended_to_plan"] == Fraction(1, 2)
    assert values["waiting_days"] == Fraction(0 + 12, 2)


def test_indicators_per_provider() -> None:
    """MH-23: monitoring per provider as well as per municipality."""
    values = segment_indicators(_indicator_caseload(), POLICY.catalog_data, Period.year(2025),
                                by="provider")
    groups = {v.group for v in values}
    assert groups == {"P1", "P2"}


def test_what_if_leaves_the_policy_unchanged() -> None:
    """What-if analysis with attrs.evolve never changes POLICY (design: immutable policies)."""
    before = POLICY.instruments
    attrs.evolve(POLICY, instruments=POLICY.instruments.with_segment(
        SegmentKey.BEHANDELING, funding=FundingKind.OUTPUT))
    assert POLICY.instruments == before
    assert POLICY.catalog_data.product("behandeling_ambulant").key is Product.BEHANDELING_AMBULANT


def test_rules_toml_lists_the_inventory_and_points_to_real_tests() -> None:
    """``parameters/rules.toml`` lists every id of the inventory (MH-01 .. MH-116, in order)
    once, each citing its clause with its own id; every test or case file it names exists;
    every module, name and file it says a rule is encoded in exists; and every encoded
    rule's id appears in the region's code, data or tests besides rules.toml (the kit's
    :func:`~sociaaldomein.testing.inventory.check_inventory`)."""
    from sociaaldomein.testing.inventory import check_inventory

    check_inventory(POLICY, Path(__file__).resolve().parents[1],
                    [f"MH-{i:02d}" for i in range(1, 117)])
    for rule in POLICY.rules:
        assert rule.ref.rule == rule.id, rule.id


def test_mh43_mh98_undecided_options_are_off() -> None:
    """MH-43 (priority for protection measures) and MH-98 (a central access for
    Hoog-specialistisch) are undecided in the document: both options ship off."""
    options = POLICY.instruments.options
    assert options.priority_for_protection_measures is False
    assert options.central_access_hoog_specialistisch is False


def test_mh116_long_running_hbh_decision_is_valid() -> None:
    """MH-116: a decision for hulp bij het huishouden may run long: ten years raise no
    violation."""
    case = _case("hulp_bij_het_huishouden", dt.date(1950, 1, 1), start=dt.date(2025, 1, 1),
                 end=dt.date(2035, 1, 1))
    assert case.allocations[0].period.days == 3652
    assert POLICY.validate(case, dt.date(2025, 1, 1)) == []


def test_loading_real_tariffs(tmp_path: Path) -> None:
    """MH-63 (how a municipality loads its own tariffs): a tariff file with example = false
    replaces the examples; lines built on it are no longer marked as example values, and a
    product missing from the file is refused with the file named."""
    import re

    text = (PARAMETERS / "tariffs.toml").read_text(encoding="utf-8")
    text = text.replace("example = true", "example = false")
    text = re.sub(r'(arrangement = "begeleiding_wmo"\nyear = 2025\nmodel = "price_quantity"\n'
                  r'unit = "04"\namount = )"66.00"', r'\1"70.00"', text)
    own = tmp_path / "tariffs.toml"
    own.write_text(text, encoding="utf-8")
    policy = POLICY.with_tariffs(own)
    case = _case("begeleiding_wmo", dt.date(1970, 1, 1),
                 events=(Delivery("a1", dt.date(2025, 3, 3), Decimal(2), Unit.HOUR),))
    payments = [x for x in policy.settle(case, Month(2025, 3)) if x.rule == "MH-19"]
    assert [x.amount for x in payments] == [Money.euros("140.00")]
    assert not payments[0].example
    broken = tmp_path / "broken.toml"
    broken.write_text(text.replace('arrangement = "logeren"', 'arrangement = "logeren_x"'),
                      encoding="utf-8")
    with pytest.raises(ParameterError, match="broken"):
        POLICY.with_tariffs(broken)


def test_every_segment_sheet_has_its_ambition_goals_and_all_indicators() -> None:
    """MH-78 .. MH-116 (bijlage 4): every sheet carries its ambition and goals (issue:
    "each with its goals and indicators"), and every indicator of the sheet is listed:
    Jeugdreclassering's evidence-based methods (MH-83), Forensische GGZ's recidivism
    (MH-89) and the four Wmo Wonen indicators (MH-106) were missing before."""
    data = POLICY.catalog_data
    sheets = [(s.key.value, s.ambition, s.goals) for s in data.segments if s.goals] + [
        (x.key.value, x.ambition, x.goals) for s in data.segments for x in s.subs]
    assert len(sheets) == 12
    assert all(ambition and goals for _, ambition, goals in sheets)
    crisis = data.segment(SegmentKey.CRISIS)
    assert len(crisis.goals) == 6 and "24 uur" in crisis.goals[0]
    assert len(data.segment(SegmentKey.WONEN).goals) == 10
    counts = {x.key: len(x.indicators) for s in data.segments for x in s.subs}
    assert counts[SubSegment.JEUGDRECLASSERING] == 2
    assert counts[SubSegment.FORENSISCHE_GGZ] == 2
    wonen = [i.rule for i in data.segment(SegmentKey.WONEN).indicators]
    assert wonen.count("MH-106") == 4 and len(wonen) == 6


def test_subscription_tariff_for_a_year_of_wmo_begeleiding() -> None:
    """MH-60 (inventory worked example 4): an adult with Wmo begeleiding all of 2025 owes
    12 x EUR 21.00 = 252.00 at the national maximum of 2025; with the document's EUR 19
    (the 2020-2023 amount, a what-if) 12 x 19.00 = 228.00. One hour of begeleiding a month
    (66.00) costs more than either, so the cost cap does not bite."""
    case = _delivered(_case("begeleiding_wmo", dt.date(1970, 1, 1), start=dt.date(2025, 1, 1)),
                      "1", *Period.year(2025).months())
    old = attrs.evolve(POLICY, contributions=attrs.evolve(POLICY.contributions,
                                                          charge_national_maximum=False))
    for policy, expected in ((POLICY, "252.00"), (old, "228.00")):
        lines = [x for m in range(1, 13) for x in policy.settle(case, Month(2025, m))
                 if x.rule == "MH-60"]
        assert len(lines) == 12
        assert sum((x.amount for x in lines), Money.zero()) == Money.euros(expected)


def test_docs_page_example_tariffs_match_the_tariff_file() -> None:
    """The hand-written table of example tariffs on docs/regions/midden-holland.md names
    every product once, each with its 2025 amount in ``parameters/tariffs.toml`` (MH-63),
    so the page cannot silently fall behind the data."""
    page = Path(__file__).resolve().parents[3] / "docs" / "regions" / "midden-holland.md"
    text = page.read_text(encoding="utf-8").split("## Example tariffs", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([a-z_]+)` \| (€ [0-9.]+,[0-9]{2}) per ", text, re.MULTILINE)
    assert sorted(code for code, _ in rows) == sorted(p.key.value for p in POLICY.catalog_data.products)
    for code, amount in rows:
        model = POLICY.tariffs.tariff(code, 2025).model
        assert isinstance(model, PriceQuantity | Stay | PerPeriod), code
        price = (model.price if isinstance(model, PriceQuantity) else
                 model.price_per_etmaal if isinstance(model, Stay) else model.amount)
        assert price.format_nl() == amount, code
