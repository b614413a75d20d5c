"""Rules of the Kaderdocument encoded for rule coverage (issue 13 item 7): the scale-down
ladder (MH-68, MH-70), aftercare (MH-75), the transition at 18 (MH-50), the region-wide
monitoring figures with the document's baselines (MH-03, MH-10, MH-13, MH-27, MH-34,
MH-51, MH-53) and the tariff parameters of Gedwongen kader (MH-81, MH-86).

Every figure below is worked out by hand in the test's docstring or comment.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sociaaldomein import (
    Allocation,
    CareEvent,
    Case,
    Caseload,
    Delivery,
    EndProposal,
    EndReport,
    Frequency,
    Household,
    Law,
    Money,
    Month,
    Municipality,
    ParameterError,
    PartyKind,
    Period,
    Person,
    Stop,
    StopReason,
    Unit,
)
from sociaaldomein.model.lines import LineKind
from sociaaldomein_midden_holland import POLICY
from sociaaldomein_midden_holland.catalog import SegmentKey, SubSegment
from sociaaldomein_midden_holland.instruments import FundingKind
from sociaaldomein_midden_holland.monitoring import (
    Aspect,
    Supervisor,
    joint_closing_share,
    load_monitoring,
    local_access_share,
    pgb_share,
    pgb_shift,
    phase_out_needed,
    provider_count,
    spending,
)
from sociaaldomein_midden_holland.rules import HEAVIER_THAN, check_transition_18
from sociaaldomein_midden_holland.sources import PARAMETERS

GOUDA = Municipality("0513", "Gouda")
ZUIDPLAS = Municipality("1892", "Zuidplas")
D = dt.date
BORN_2013 = D(2013, 3, 1)
JAN_2025 = D(2025, 1, 1)


def _household(hid: str = "h1", municipality: Municipality = GOUDA,
               born: dt.date = BORN_2013, *others: Person) -> Household:
    return Household(hid, municipality, (Person(f"{hid}-c1", born), *others))


def _alloc(aid: str, arrangement: str, start: dt.date, end: dt.date, *, hid: str = "h1",
           client: str | None = None, referred_by: PartyKind | None = None, pgb: bool = False,
           extended_youth_care: bool = False, hours_a_week: str | None = None) -> Allocation:
    return Allocation(aid, hid, client or f"{hid}-c1", arrangement, "P-1", Period(start, end),
                      referred_by=referred_by, pgb=pgb,
                      extended_youth_care=extended_youth_care,
                      volume=Decimal(hours_a_week) if hours_a_week else None,
                      unit=Unit.HOUR if hours_a_week else None,
                      frequency=Frequency.PER_WEEK if hours_a_week else None)


def _codes(case: Case, on: dt.date = JAN_2025) -> list[str]:
    return [v.code for v in POLICY.validate(case, on)]


# -- MH-68, MH-70: scaling down ---------------------------------------------------------

_PRODUCT = {
    SegmentKey.CRISIS: "crisis_ambulant",
    SegmentKey.HOOG_SPECIALISTISCH: "hs_ambulant",
    SegmentKey.BEHANDELING: "behandeling_ambulant",
    SegmentKey.WONEN: "pleegzorg",
    SegmentKey.ONDERSTEUNING: "begeleiding_jeugd",
}
_PAIRS = [(heavy, light) for heavy, lights in HEAVIER_THAN.items() for light in lights
          if light in _PRODUCT]


def _scale_down_case(first: str, then: str, *, first_volume: str | None = None,
                     then_volume: str | None = None) -> Case:
    """A 12-year-old: ``first`` from January to June 2025, an end report of 15 May
    proposing scale down, ``then`` from 1 July (with help next to a stay, MH-73)."""
    allocs = [
        _alloc("a1", first, D(2025, 1, 1), D(2025, 7, 1), hours_a_week=first_volume),
        _alloc("a2", then, D(2025, 7, 1), D(2026, 1, 1), hours_a_week=then_volume),
        _alloc("help", "begeleiding_jeugd", D(2025, 1, 1), D(2026, 1, 1)),
    ]
    return Case(_household(), allocations=allocs,
                events=[EndReport("a1", D(2025, 5, 15), EndProposal.SCALE_DOWN)])


@pytest.mark.parametrize(("heavy", "light"), _PAIRS, ids=[f"{h.value}-{lt.value}"
                                                          for h, lt in _PAIRS])
def test_mh68_scaling_down_to_another_lighter_segment_is_never_reported(
        heavy: SegmentKey, light: SegmentKey) -> None:
    """MH-68: segmentation does not block scaling down: a scale-down from a segment to each
    lighter segment the document names (MH-70) is accepted; the reverse move is reported."""
    down = _scale_down_case(_PRODUCT[heavy], _PRODUCT[light])
    assert "MH-SCALE-DOWN" not in _codes(down)
    up = _scale_down_case(_PRODUCT[light], _PRODUCT[heavy])
    found = [v for v in POLICY.validate(up, D(2025, 1, 1)) if v.code == "MH-SCALE-DOWN"]
    assert len(found) == 1
    assert found[0].ref.rule == "MH-70" and "bijlage 1 (Afschalen)" in found[0].ref.section
    assert found[0].path.endswith("allocations[a2].arrangement")


def test_mh70_same_product_at_a_higher_volume_is_no_scale_down() -> None:
    """MH-70: a lower intensity is a scale-down (4 -> 3 hours a week: fine); 4 -> 6 hours a
    week of the same begeleiding after a scale-down proposal is heavier: reported."""
    lower = _scale_down_case("begeleiding_wmo", "begeleiding_wmo", first_volume="4",
                             then_volume="3")
    higher = _scale_down_case("begeleiding_wmo", "begeleiding_wmo", first_volume="4",
                              then_volume="6")
    adult = D(1980, 1, 1)
    lower = Case(_household(born=adult), allocations=lower.allocations[:2],
                 events=lower.events)
    higher = Case(_household(born=adult), allocations=higher.allocations[:2],
                  events=higher.events)
    assert "MH-SCALE-DOWN" not in _codes(lower)
    assert _codes(higher).count("MH-SCALE-DOWN") == 1


def test_mh70_without_a_scale_down_proposal_nothing_is_judged() -> None:
    """Only a ``scale_down`` proposal makes the next allocation a scale-down: after an
    ``extend`` proposal a heavier next allocation is not reported."""
    case = _scale_down_case("behandeling_ambulant", "hs_ambulant")
    extend = Case(case.household, allocations=case.allocations,
                  events=[EndReport("a1", D(2025, 5, 15), EndProposal.EXTEND)])
    assert "MH-SCALE-DOWN" not in _codes(extend)


# -- MH-75: aftercare --------------------------------------------------------------------


def _aftercare_case(*deliveries: dt.date, proposal: EndProposal = EndProposal.CLOSE) -> Case:
    return Case(_household(born=D(2015, 2, 1)),
                allocations=[_alloc("a1", "begeleiding_jeugd", D(2025, 1, 1), D(2026, 1, 1))],
                events=[EndReport("a1", D(2025, 4, 10), proposal),
                        Stop("a1", D(2025, 4, 15), StopReason.BY_AGREEMENT),
                        *(Delivery("a1", d, Decimal(1), Unit.HOUR) for d in deliveries)])


def test_mh75_care_after_the_stop_names_the_first_day_and_counts_the_rest() -> None:
    """Stop on 15 April after a close proposal of 10 April; hours on 14 April (before the
    stop) are fine, hours on 28 April and 5 May are aftercare: one warning naming 28 April
    and "1 later day"."""
    found = [v for v in POLICY.validate(_aftercare_case(D(2025, 4, 14), D(2025, 4, 28),
                                                        D(2025, 5, 5)), D(2025, 1, 1))
             if v.code == "MH-AFTERCARE"]
    assert len(found) == 1
    assert "2025-04-28" in found[0].message and "1 later day" in found[0].message
    assert "2025-04-14" not in found[0].message
    assert found[0].ref.rule == "MH-75" and found[0].severity.value == "warning"
    assert "MH-AFTERCARE" not in _codes(_aftercare_case(D(2025, 4, 14), D(2025, 4, 15)))


def test_mh75_also_after_a_scale_down_but_not_after_an_extend_proposal() -> None:
    late = D(2025, 4, 28)
    assert "MH-AFTERCARE" in _codes(_aftercare_case(late, proposal=EndProposal.SCALE_DOWN))
    assert "MH-AFTERCARE" not in _codes(_aftercare_case(late, proposal=EndProposal.EXTEND))


# -- MH-50: the transition at 18 ----------------------------------------------------------


def test_mh50_follow_up_within_a_quarter_counts_later_does_not() -> None:
    """Born 15 June 2007: 18 on 15 June 2025. Youth begeleiding through 2025. A Wmo
    begeleiding starting on 15 September 2025 (92 days later) is a follow-up; one starting
    on 16 September 2025 (93 days) is not. Verlengde jeugdhulp is a follow-up too."""
    born = D(2007, 6, 15)
    youth = _alloc("a1", "begeleiding_jeugd", D(2025, 1, 1), D(2026, 1, 1))

    def codes(*others: Allocation) -> list[str]:
        case = Case(_household(born=born), allocations=[youth, *others])
        return [v.code for v in check_transition_18(case, POLICY.catalog_data)]

    assert codes() == ["MH-TRANSITION-18"]
    assert codes(_alloc("w", "begeleiding_wmo", D(2025, 9, 15), D(2026, 1, 1))) == []
    assert codes(_alloc("w", "begeleiding_wmo", D(2025, 9, 16), D(2026, 1, 1))) == [
        "MH-TRANSITION-18"]
    assert codes(_alloc("v", "pleegzorg", D(2025, 6, 15), D(2026, 6, 15),
                        extended_youth_care=True)) == []


def test_mh50_gedwongen_kader_and_care_ending_before_18_are_not_judged() -> None:
    """Jeugdreclassering may run past 18 (MH-82); care ending on 14 June 2025, the day
    before the 18th birthday, does not cross it."""
    born = D(2007, 6, 15)
    jr = _alloc("jr", "jeugdreclassering", D(2025, 1, 1), D(2026, 1, 1))
    before = _alloc("a1", "begeleiding_jeugd", D(2025, 1, 1), D(2025, 6, 15))
    case = Case(_household(born=born), allocations=[jr, before])
    assert check_transition_18(case, POLICY.catalog_data) == []


def test_mh50_is_reported_region_wide_not_per_household() -> None:
    """The household check leaves it to ``validate_region`` (so a household drawn on its
    own, e.g. by the synthetic generator, is not judged on a follow-up)."""
    case = Case(_household(born=D(2007, 6, 15)),
                allocations=[_alloc("a1", "begeleiding_jeugd", D(2025, 1, 1), D(2026, 1, 1))])
    assert "MH-TRANSITION-18" not in _codes(case)
    region = POLICY.validate_region(Caseload.of_cases([case]), (2025,))
    assert [v.code for v in region if v.ref.rule == "MH-50"] == ["MH-TRANSITION-18"]


# -- monitoring: MH-03, MH-10, MH-13, MH-27, MH-34, MH-51, MH-53 ------------------------


def test_monitoring_baselines_are_the_documents_figures() -> None:
    """MH-03 more than 230 providers; MH-10 about EUR 125 million at the 2022 level; MH-34
    about one third of youth referrals via the local access."""
    m = load_monitoring()
    assert m.providers_more_than == 230
    assert m.spending_about == Money.parse("125000000") and m.spending_level_year == 2022
    assert m.local_access_share_about == Fraction(1, 3)


def test_mh03_mh27_provider_count_in_a_window() -> None:
    """Three allocations with providers P-1, P-1, P-2 in 2025 and one with P-3 only in 2024:
    two providers in 2025, three over 2024-2025."""
    allocs = [
        Allocation("a1", "h1", "h1-c1", "behandeling_ambulant", "P-1",
                   Period(D(2025, 1, 1), D(2025, 7, 1))),
        Allocation("a2", "h1", "h1-c1", "begeleiding_jeugd", "P-1",
                   Period(D(2025, 3, 1), D(2025, 9, 1))),
        Allocation("a3", "h1", "h1-c1", "begeleiding_jeugd", "P-2",
                   Period(D(2025, 9, 1), D(2026, 1, 1))),
        Allocation("a4", "h1", "h1-c1", "begeleiding_jeugd", "P-3",
                   Period(D(2024, 1, 1), D(2024, 6, 1))),
    ]
    load = Caseload(households=[_household()], allocations=allocs)
    assert provider_count(load, Period.year(2025)) == 2
    assert provider_count(load, Period(D(2024, 1, 1), D(2026, 1, 1))) == 3
    assert provider_count(Caseload(), Period.year(2025)) == 0


def test_mh34_share_of_youth_referrals_via_the_local_access() -> None:
    """Youth allocations starting in 2025 referred by the access team, a GP and a GI: 1/3
    via the local access. A Wmo allocation (an adult's) and one without a referrer are not
    counted; a municipality's decision counts as the local access."""
    adult = Person("h1-p2", D(1980, 1, 1))
    allocs = [
        _alloc("a1", "behandeling_ambulant", D(2025, 1, 1), D(2025, 7, 1),
               referred_by=PartyKind.ACCESS_TEAM),
        _alloc("a2", "behandeling_ambulant", D(2025, 2, 1), D(2025, 7, 1),
               referred_by=PartyKind.GP),
        _alloc("a3", "begeleiding_jeugd", D(2025, 3, 1), D(2025, 7, 1),
               referred_by=PartyKind.GI),
        _alloc("a4", "begeleiding_wmo", D(2025, 3, 1), D(2025, 7, 1), client="h1-p2",
               referred_by=PartyKind.ACCESS_TEAM),
        _alloc("a5", "begeleiding_jeugd", D(2025, 4, 1), D(2025, 7, 1)),
    ]
    load = Caseload(households=[_household("h1", GOUDA, D(2013, 3, 1), adult)],
                    allocations=allocs)
    assert local_access_share(load, Period.year(2025)) == Fraction(1, 3)
    assert local_access_share(load, Period.year(2024)) is None
    municipal = Caseload(households=load.households, allocations=[
        *allocs[:2], _alloc("a3", "begeleiding_jeugd", D(2025, 3, 1), D(2025, 7, 1),
                            referred_by=PartyKind.MUNICIPALITY)])
    assert local_access_share(municipal, Period.year(2025)) == Fraction(2, 3)


def test_mh53_pgb_share_and_its_shift() -> None:
    """2024: two clients, none with a pgb (0). 2025: four clients, one with a pgb (1/4): a
    shift of +1/4."""
    members = [Person(f"h1-c{i}", D(1980, 1, 1)) for i in range(1, 5)]
    allocs = [
        _alloc("a1", "begeleiding_wmo", D(2024, 1, 1), D(2026, 1, 1), client="h1-c1"),
        _alloc("a2", "begeleiding_wmo", D(2024, 6, 1), D(2026, 1, 1), client="h1-c2"),
        _alloc("a3", "begeleiding_wmo", D(2025, 1, 1), D(2026, 1, 1), client="h1-c3"),
        _alloc("a4", "begeleiding_wmo", D(2025, 1, 1), D(2026, 1, 1), client="h1-c4",
               pgb=True),
    ]
    load = Caseload(households=[Household("h1", GOUDA, tuple(members))], allocations=allocs)
    assert pgb_share(load, Period.year(2024)) == 0
    assert pgb_share(load, Period.year(2025)) == Fraction(1, 4)
    assert pgb_shift(load, Period.year(2024), Period.year(2025)) == Fraction(1, 4)
    assert pgb_shift(load, Period.year(2023), Period.year(2025)) is None


@settings(max_examples=25, deadline=None)
@given(st.lists(st.booleans(), min_size=1, max_size=8))
def test_mh53_pgb_share_is_the_fraction_of_clients_with_a_pgb(pgbs: list[bool]) -> None:
    members = [Person(f"h1-c{i}", D(1980, 1, 1)) for i in range(len(pgbs))]
    allocs = [_alloc(f"a{i}", "begeleiding_wmo", D(2025, 1, 1), D(2026, 1, 1),
                     client=f"h1-c{i}", pgb=pgb) for i, pgb in enumerate(pgbs)]
    load = Caseload(households=[Household("h1", GOUDA, tuple(members))], allocations=allocs)
    assert pgb_share(load, Period.year(2025)) == Fraction(sum(pgbs), len(pgbs))


def test_mh10_spending_of_a_year() -> None:
    """An empty caseload still pays the example crisis lump sum of EUR 1,200,000.00 a year
    (instruments.toml); a household adds exactly what its own settlement pays providers,
    own contributions excluded."""
    assert spending(POLICY, Caseload(), 2025) == Money.parse("1200000.00")
    case = Case(_household(born=D(1980, 1, 1)),
                allocations=[_alloc("a1", "begeleiding_wmo", D(2025, 1, 1), D(2026, 1, 1))],
                events=[Delivery("a1", D(2025, 3, 3), Decimal(2), Unit.HOUR)])
    paid = sum((line.amount for m in range(1, 13) for line in POLICY.settle(case, Month(2025, m))
                if line.kind is not LineKind.OWN_CONTRIBUTION), Money.zero())
    assert paid > Money.zero()
    assert spending(POLICY, Caseload.of_cases([case]), 2025) == Money.parse("1200000.00") + paid


def test_mh13_beschermd_wonen_funds_decentralise_in_2024_payer_stays_gouda() -> None:
    """MH-13: the centrumgemeente receives the funds until 2023, each municipality from
    2024 (expected); MH-15: beschermd wonen is still paid by Gouda from the pooled budget."""
    m = load_monitoring()
    assert m.bw_expected
    assert m.bw_funds_recipient(D(2023, 12, 31)) == "central"
    assert m.bw_funds_recipient(D(2024, 1, 1)) == "each_municipality"
    case = Case(_household("h1", ZUIDPLAS, D(1980, 1, 1)),
                allocations=[_alloc("a1", "beschermd_wonen", D(2025, 1, 1), D(2026, 1, 1))])
    assert POLICY.payer(case, case.allocations[0])[0] == "0513"


def test_mh51_supervision_per_law() -> None:
    m = load_monitoring()
    assert m.supervisor(Law.WMO, Aspect.QUALITY) is Supervisor.MUNICIPALITY
    assert m.supervisor(Law.WMO, Aspect.LAWFULNESS) is Supervisor.MUNICIPALITY
    assert m.supervisor(Law.JEUGDWET, Aspect.QUALITY) is Supervisor.IGJ
    assert m.supervisor(Law.JEUGDWET, Aspect.LAWFULNESS) is Supervisor.MUNICIPALITY


@pytest.mark.parametrize(("old", "new", "says"), [
    ('local_access_share_about = "1/3"', 'local_access_share_about = "4/3"', "between 0 and 1"),
    ('local_access_share_about = "1/3"', 'local_access_share_about = "a third"', "fraction"),
    ('jeugdwet = { quality = "igj"', 'jeugdwet = { quality = "inspectie"', "quality"),
    ("providers_more_than = 230", "providers_more_than = -1", "negative"),
])
def test_monitoring_file_is_read_strictly(tmp_path: Path, old: str, new: str,
                                          says: str) -> None:
    text = (PARAMETERS / "monitoring.toml").read_text(encoding="utf-8")
    assert old in text
    bad = tmp_path / "monitoring.toml"
    bad.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(ParameterError) as info:
        load_monitoring(bad)
    assert "monitoring.toml" in str(info.value) and says in str(info.value)


def test_mh29_clients_whose_provider_has_no_new_contract() -> None:
    """Four allocations: a1 (provider OLD) and a2 (provider NEW) run across 1 January
    2025; a3 (OLD) ended in 2024; a4 (NEW, helper OLD as subcontractor) starts in 2024 and
    runs on. Only NEW is contracted: a1 needs a phase-out contract or subcontracting; with
    a phase-out contract for OLD nothing is listed."""
    def alloc(aid: str, provider: str, start: dt.date, end: dt.date,
              subcontractors: tuple[str, ...] = ()) -> Allocation:
        return Allocation(aid, "h1", "h1-c1", "begeleiding_jeugd", provider,
                          Period(start, end), subcontractors=subcontractors)
    load = Caseload(households=[_household()], allocations=[
        alloc("a1", "OLD", D(2024, 6, 1), D(2025, 6, 1)),
        alloc("a2", "NEW", D(2024, 6, 1), D(2025, 6, 1)),
        alloc("a3", "OLD", D(2024, 1, 1), D(2025, 1, 1)),
        alloc("a4", "NEW", D(2024, 9, 1), D(2025, 9, 1), ("OLD",)),
    ])
    assert [a.id for a in phase_out_needed(load, frozenset({"NEW"}))] == ["a1"]
    assert phase_out_needed(load, frozenset({"NEW"}), frozenset({"OLD"})) == ()


def test_mh45_share_of_early_closings_on_an_end_report() -> None:
    """Three allocations of 2025 stopped early in 2025: a1 (completed) after an end report,
    a2 (by agreement) without one, a3 (client stopped unilaterally, not a joint closing)
    is not counted; a4 stops on its last day (not early): 1/2."""
    allocs = [_alloc(f"a{i}", "begeleiding_jeugd", D(2025, 1, 1), D(2025, 12, 1))
              for i in range(1, 5)]
    events: list[CareEvent] = [
        EndReport("a1", D(2025, 4, 1), EndProposal.CLOSE),
        Stop("a1", D(2025, 4, 15), StopReason.COMPLETED),
        Stop("a2", D(2025, 5, 1), StopReason.BY_AGREEMENT),
        Stop("a3", D(2025, 5, 1), StopReason.CLIENT_UNILATERAL),
        Stop("a4", D(2025, 11, 30), StopReason.COMPLETED),
    ]
    load = Caseload(households=[_household()], allocations=allocs, events=events)
    assert joint_closing_share(load, Period.year(2025)) == Fraction(1, 2)
    assert joint_closing_share(load, Period.year(2024)) is None


# -- MH-81, MH-86: tariffs and instruments of Gedwongen kader -----------------------------


def test_mh81_uniform_measure_tariffs_whatever_the_municipality() -> None:
    """(V)OTS and voogdij tariffs are uniform: a month of jeugdbescherming costs the same
    for a Gouda and a Zuidplas youth, each charged to its own municipality; jeugdbescherming
    and jeugdreclassering are paid per measure per month (output)."""
    for sub in (SubSegment.JEUGDBESCHERMING, SubSegment.JEUGDRECLASSERING):
        assert POLICY.instruments.for_segment(SegmentKey.GEDWONGEN_KADER, sub).funding is (
            FundingKind.OUTPUT)
    lines = {}
    for hid, town in (("g", GOUDA), ("z", ZUIDPLAS)):
        case = Case(_household(hid, town, D(2012, 1, 1)),
                    allocations=[_alloc(f"{hid}1", "jeugdbescherming", D(2025, 1, 1),
                                        D(2026, 1, 1), hid=hid)])
        month = [line for line in POLICY.settle(case, Month(2025, 3))
                 if line.kind is not LineKind.OWN_CONTRIBUTION]
        assert len(month) == 1 and month[0].municipality == town.code
        lines[hid] = month[0].amount
    assert lines["g"] == lines["z"] > Money.zero()


def test_mh86_jeugdzorgplus_has_its_own_instruments_paid_per_etmaal() -> None:
    """JeugdzorgPlus keeps its own deelovereenkomst: its own entry in instruments.toml
    (P x Q), priced per etmaal, with the note naming the Basisovereenkomst Jeugdhulp."""
    jzp = POLICY.instruments.for_segment(SegmentKey.GEDWONGEN_KADER, SubSegment.JEUGDZORGPLUS)
    assert jzp.sub is SubSegment.JEUGDZORGPLUS and jzp.funding is FundingKind.PXQ
    assert "Basisovereenkomst Jeugdhulp" in (jzp.note or "") and "MH-86" in (jzp.note or "")
    assert POLICY.catalog.arrangement("jeugdzorgplus").unit is Unit.ETMAAL
