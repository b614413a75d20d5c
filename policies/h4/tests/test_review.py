"""Bad and awkward input found in review, each with the rule it protects.

Every test here failed before its fix: an unknown arrangement code was silently left
unpaid, a 2016 indication running into 2017 could not be settled, a household outside
the four members was validated and paid, a total volume crossing a year counted in full
in both years, a year without a budget passed without a word, and a ride allocated in
hours passed validation and failed only at settlement.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

from sociaaldomein import (
    Allocation,
    CareEvent,
    Case,
    Caseload,
    Delivery,
    Frequency,
    Goal,
    Household,
    Money,
    Month,
    Municipality,
    ParameterError,
    Period,
    Person,
    Plan,
    SettlementError,
    Severity,
    Unit,
    load_tariffs,
)
from sociaaldomein import settle as settle_caseload
from sociaaldomein_h4 import POLICY
from sociaaldomein_h4.catalog import Part
from sociaaldomein_h4.sources import PARAMETERS, SOURCE

d = dt.date
DELFT = Municipality("0503", "Delft")
MAATWERK = {a.code for a in POLICY.catalog.arrangements if a.segment == "maatwerk"}
"""The loading recipe of docs/regions/h4.md: tariffs for, and covering, the maatwerk."""


def _case(code: str, start: dt.date, end: dt.date, *, municipality: Municipality = DELFT,
          events: tuple[CareEvent, ...] = (), hid: str = "hh", aid: str = "a",
          **kwargs: object) -> Case:
    household = Household(hid, municipality, (Person("c", d(1960, 1, 1)),))
    plan = Plan(f"plan-{hid}", hid, d(2015, 1, 1), goals=(Goal("structuur", "Structuur"),),
                general_provision_reason="Geen algemene voorziening volstaat.")
    allocation = Allocation(aid, hid, "c", code, "P1", Period(start, end),
                            plan_id=plan.id, **kwargs)  # type: ignore[arg-type]
    return Case(household, (plan,), (allocation,), events)


def _use(case: Case, year: int, part: Part = Part.BEGELEIDING) -> Money:
    (use,) = [u for u in POLICY.budget_use(Caseload.of_cases([case]), year)
              if u.municipality == case.household.municipality.code and u.part is part]
    return use.used


def test_h4_03_unknown_arrangement_is_not_silently_unpaid() -> None:
    """H4-03: an allocation with a code H4 does not know is an error in validation and in
    settlement (naming the allocation and the code), not a month that silently pays
    nothing; the budget report and the engine raise too."""
    case = _case("bi-bass", d(2017, 1, 1), d(2018, 1, 1))
    assert [(v.code, v.severity) for v in POLICY.validate(case, d(2017, 3, 1))] == [
        ("H4-03", Severity.ERROR)]
    with pytest.raises(SettlementError, match=r"allocation a .*'bi-bass'.*H4-03"):
        POLICY.settle(case, Month(2017, 3))
    with pytest.raises(SettlementError, match="bi-bass"):
        settle_caseload(Caseload.of_cases([case]), Month(2017, 3))
    with pytest.raises(SettlementError, match="bi-bass"):
        POLICY.budget_use(Caseload.of_cases([case]), 2017)


def test_h4_61_unsettleable_case_is_reported_and_the_rest_counted() -> None:
    """H4-61: in ``validate_region`` a household whose use cannot be computed is an error
    of its own; another household's use still counts (12 x 292.50 is not lost)."""
    bad = _case("bi-bass", d(2017, 1, 1), d(2018, 1, 1), hid="bad", aid="bad-a")
    good = _case("hh-maatwerk", d(2017, 1, 1), d(2018, 1, 1), hid="good", aid="good-a")
    budget = POLICY.budgets.get("0503", 2017, Part.HUISHOUDELIJKE_HULP)
    assert budget is not None
    tight = attrs.evolve(POLICY, budgets=POLICY.budgets.with_budget(
        attrs.evolve(budget, amount=Money.euros("3000.00"))))
    found = tight.validate_region(Caseload.of_cases([bad, good]), (2017,))
    assert [(v.code, v.severity, v.path) for v in found] == [
        ("H4-61", Severity.ERROR, "households[bad]"),
        ("H4-61", Severity.WARNING, "budgets[0503][2017][huishoudelijke_hulp]")]
    assert "€ 3.510,00" in found[1].message  # 12 x 292.50, over 3,000.00 by 510.00
    assert "€ 510,00" in found[1].message


def test_h4_90_indication_from_2016_settles_in_the_contract_years() -> None:
    """H4-90 (core workaround): individual guidance allocated from 1 January 2016 and still
    running is paid in March 2017 with the 2017 tariff, 344.13 x 31/28 = 381.00; a 2016
    month, outside the contract years, is an error naming the missing year."""
    case = _case("bi-basis", d(2016, 1, 1), d(2023, 1, 1))
    (line,) = POLICY.settle(case, Month(2017, 3))
    assert line.amount == Money.euros("381.00")
    # the whole of 2017, month by month: 7 x 381.00 (31 days) + 4 x 368.71 (30 days,
    # 344.13 x 30/28 = 368.7107) + 344.13 (February) = 4,485.97
    assert _use(case, 2017) == Money.euros("4485.97")
    with pytest.raises(SettlementError, match="2016"):
        POLICY.settle(case, Month(2016, 6))
    with pytest.raises(SettlementError, match="2022"):
        POLICY.settle(case, Month(2022, 1))


def test_h4_05_household_outside_the_members() -> None:
    """H4-05: a household in Amsterdam (0363) given to the H4 policy directly is an error
    in validation and is not paid (settlement names the municipality)."""
    case = _case("bi-basis", d(2017, 1, 1), d(2018, 1, 1),
                 municipality=Municipality("0363", "Amsterdam"))
    (violation,) = POLICY.validate(case, d(2017, 3, 1))
    assert (violation.code, violation.severity, violation.path) == (
        "H4-05", Severity.ERROR, "households[hh].municipality")
    assert "0363" in violation.message and violation.ref.rule == "H4-05"
    with pytest.raises(SettlementError, match="0363 is not a member"):
        POLICY.settle(case, Month(2017, 3))


def test_h4_61_total_volume_crossing_a_year_counts_once() -> None:
    """H4-61: 10 etmalen of kortdurend verblijf in total from 1 July 2017 to 1 July 2018
    (365 days) count 10 x 204.21 = 2,042.10 once, spread by days: 184/365 in 2017 =
    1,029.44 and 181/365 in 2018 = 1,012.66 (before: 2,042.10 in each year)."""
    case = _case("kortdurend-verblijf", d(2017, 7, 1), d(2018, 7, 1),
                 volume=Decimal(10), unit=Unit.ETMAAL, frequency=Frequency.TOTAL)
    first, second = _use(case, 2017), _use(case, 2018)
    assert (first, second) == (Money.euros("1029.44"), Money.euros("1012.66"))
    assert first + second == Money.euros("2042.10")


def test_h4_61_year_without_a_budget_is_a_warning() -> None:
    """H4-61: the shipped budgets are for 2017 only; tailor-made care in 2018 (individual
    guidance speciaal all year, 1,032.39 per four weeks = 13,457.91) gets a warning that
    no budget is loaded, not silence. Outside the contract years nothing is checked."""
    case = _case("bi-speciaal", d(2017, 1, 1), d(2019, 1, 1))
    caseload = Caseload.of_cases([case])
    (warning,) = POLICY.validate_region(caseload, (2018,))
    assert (warning.code, warning.severity) == ("H4-61", Severity.WARNING)
    assert "no budget is loaded" in warning.message and "€ 13.457,91" in warning.message
    assert POLICY.validate_region(caseload, (2017,)) == []
    assert POLICY.validate_region(caseload, (2016,)) == []


def test_h4_03_units_of_rides_and_stays() -> None:
    """H4-03: vervoer is counted in rides (Eenheid 82) and kortdurend verblijf in etmalen
    (14); an allocation or a delivery in hours is an error naming its path, instead of a
    failure only at settlement."""
    case = _case("vervoer", d(2017, 7, 1), d(2018, 1, 1), volume=Decimal(10),
                 unit=Unit.HOUR, frequency=Frequency.PER_WEEK,
                 events=(Delivery("a", d(2017, 7, 3), Decimal(2), Unit.HOUR),))
    found = POLICY.validate(case, d(2017, 7, 1))
    assert [(v.code, v.severity, v.path) for v in found] == [
        ("H4-03", Severity.ERROR, "households[hh].allocations[a].unit"),
        ("H4-03", Severity.ERROR, "households[hh].events[0].unit")]
    right = _case("kortdurend-verblijf", d(2017, 7, 1), d(2018, 1, 1), volume=Decimal(2),
                  unit=Unit.ETMAAL, frequency=Frequency.TOTAL,
                  events=(Delivery("a", d(2017, 7, 3), Decimal(2), Unit.ETMAAL),))
    assert POLICY.validate(right, d(2017, 7, 1)) == []
    (line,) = POLICY.settle(right, Month(2017, 7))
    assert line.amount == Money.euros("408.42")  # 2 x 204.21


TARIFFS = (PARAMETERS / "tariffs.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize(("name", "old", "new", "where"), [
    ("float amount", 'amount = "344.13"', "amount = 344.13", "tariff[0].amount"),
    ("unknown arrangement", 'arrangement = "bi-basis"', 'arrangement = "bi-bass"',
     "tariff[0].arrangement"),
    ("missing year", ', 2021 = "0"', "", "2021"),
    ("unknown key", 'period = "four_weeks"\n', 'period = "four_weeks"\nperiode = 1\n',
     "tariff[0].periode"),
])
def test_h4_64_tariff_file_is_read_strictly(tmp_path: Path, name: str, old: str, new: str,
                                            where: str) -> None:
    """H4-64: a municipality loading its own tariffs gets an error naming the file and the
    key for a float amount, an unknown arrangement, a missing contract year or an unknown
    key (the loading recipe of docs/regions/h4.md)."""
    assert old in TARIFFS, name
    path = tmp_path / "tarieven.toml"
    path.write_text(TARIFFS.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ParameterError) as info:
        load_tariffs(path, region="h4", source=SOURCE, section="h3 §3.2",
                     known_arrangements=MAATWERK, required_years=POLICY.contract_years,
                     covers=MAATWERK)
    message = str(info.value)
    assert str(path) in message and re.search(re.escape(where), message), message


def test_h4_64_loading_real_tariffs_as_the_docs_page_says(tmp_path: Path) -> None:
    """H4-64: the recipe of docs/regions/h4.md ("Loading real tariffs and budgets"): a
    municipality copies tariffs.toml, sets its own amounts and ``example = false``, loads
    it strictly and evolves the policy. Its individual guidance basis of 400.00 per four
    weeks then pays 400.00 for February 2017 and 442.86 for March (400 x 31/28 =
    442.857), and the lines are no longer marked as example values."""
    own = TARIFFS.replace("example = true", "example = false", 1).replace(
        'amount = "344.13"', 'amount = "400.00"', 1)
    path = tmp_path / "delft-tarieven-2017.toml"
    path.write_text(own, encoding="utf-8")
    tariffs = load_tariffs(path, region="h4", source=SOURCE, section="h3 §3.2",
                           known_arrangements=MAATWERK, required_years=POLICY.contract_years,
                           covers=MAATWERK)
    delft = attrs.evolve(POLICY, tariffs=tariffs)
    case = _case("bi-basis", d(2017, 2, 1), d(2018, 1, 1))
    amounts = [line.amount for m in (2, 3) for line in delft.settle(case, Month(2017, m))]
    assert amounts == [Money.euros("400.00"), Money.euros("442.86")]
    (line,) = delft.settle(case, Month(2017, 2))
    assert not line.example and "[example value]" not in line.describe()
    assert [x.amount for x in POLICY.settle(case, Month(2017, 2))] == [Money.euros("344.13")]


def test_h4_48_refusal_after_an_example_term_says_so() -> None:
    """H4-48: the begeleiding contract term is not in the document (the shipped term, the
    year 2017, is an example). A provider applying on 1 March 2018 is refused, and the
    refusal says the term is an example to be replaced; household help (a real term to
    1 April 2021) does not say so."""
    from sociaaldomein import Provider
    from sociaaldomein_h4.contracting import Application, Requirement

    late = POLICY.admit(Application(Provider("L1", "Laat"), Part.BEGELEIDING, d(2018, 3, 1),
                                    {Requirement.QUALITY, Requirement.INNOVATION}))
    (violation,) = late.violations
    assert violation.code == "H4-48" and "an example term" in violation.message
    hh = POLICY.admit(Application(Provider("L2", "Laat"), Part.HUISHOUDELIJKE_HULP,
                                  d(2021, 4, 1), {Requirement.QUALITY}))
    (violation,) = hh.violations
    assert violation.code == "H4-68" and "example" not in violation.message


def test_h4_56_48_68_refusals_cite_their_own_clause() -> None:
    """H4-56, H4-48, H4-68: a refusal's code is the rule of the clause it cites: a
    household-help provider without quality H4-56 (h3 §3.2), a begeleiding provider
    already contracted without quality H4-48 (h2 §2.2 focuspunt 3), a late household-help
    application H4-68."""
    from sociaaldomein import Provider
    from sociaaldomein_h4.contracting import Application, Requirement

    day = d(2017, 6, 1)
    quality = frozenset({Requirement.QUALITY})
    for part, new, when, shows, code in (
        (Part.HUISHOUDELIJKE_HULP, True, day, frozenset(), "H4-56"),
        (Part.BEGELEIDING, False, day, frozenset(), "H4-48"),
        (Part.HUISHOUDELIJKE_HULP, True, d(2022, 1, 1), quality, "H4-68"),
    ):
        app = Application(Provider("X", "X"), part, when, shows, new_provider=new)
        (found,) = POLICY.admit(app).violations
        assert (found.code, found.ref.rule) == (code, code), found


def test_h4_58_59_household_help_without_a_plan() -> None:
    """H4-58, H4-59: household help as a tailor-made provision that belongs to no plan
    still names no result (error H4-58) and, when the access recorded that relatives can
    arrange it, is still refused (error H4-59), next to the H4-09 warning; before, the
    missing plan hid both."""
    case = _case("hh-maatwerk", d(2017, 4, 1), d(2018, 4, 1),
                 flags=frozenset({"relatives_can_arrange"}))
    loose = attrs.evolve(case, allocations=(attrs.evolve(case.allocations[0], plan_id=None),))
    found = POLICY.validate(loose, d(2017, 4, 1))
    assert sorted((v.code, v.severity.value) for v in found) == [
        ("H4-09", "warning"), ("H4-58", "error"), ("H4-59", "error")]


def test_h4_20_41_indicators_reject_unusable_counts() -> None:
    """H4-20, H4-41: the light/heavy shift needs two dates with a non-zero total, the
    individual share a non-zero total on every date; other input is the library's
    InvalidValue (SD-100), not a bare ValueError or a division by zero."""
    from sociaaldomein import InvalidValue
    from sociaaldomein_h4.indicators import individual_share, level_shift

    with pytest.raises(InvalidValue, match="non-zero total"):
        level_shift({"licht": [0, 1], "speciaal": [0, 2]})
    with pytest.raises(InvalidValue, match="two dates"):
        level_shift({"licht": [1, 2, 3], "speciaal": [1, 1, 1]})
    with pytest.raises(InvalidValue, match="non-zero total"):
        individual_share([0, 365], [0, 203])


def test_h4_61_volume_projection_ends_at_a_stop() -> None:
    """H4-61 with H4-32: 8 rides a month allocated from February to December 2017 but
    stopped on 1 June count February to May only, 4 x 8 x 14.79 = 473.28 (not 11 months,
    1,301.52); a total of 10 etmalen over 2017-07-01..2018-07-01 stopped on 1 October
    2017 counts 92 of its 365 days in 2017, 10 x 92/365 x 204.21 = 514.72."""
    from sociaaldomein import Stop, StopReason

    rides = _case("vervoer", d(2017, 2, 1), d(2018, 1, 1), volume=Decimal(8),
                  unit=Unit.PIECE_OUTPUT, frequency=Frequency.PER_MONTH,
                  events=(Stop("a", d(2017, 6, 1), StopReason.COMPLETED),))
    assert _use(rides, 2017) == Money.euros("473.28")
    stay = _case("kortdurend-verblijf", d(2017, 7, 1), d(2018, 7, 1), volume=Decimal(10),
                 unit=Unit.ETMAAL, frequency=Frequency.TOTAL,
                 events=(Stop("a", d(2017, 10, 1), StopReason.COMPLETED),))
    assert _use(stay, 2017) == Money.euros("514.72")
    assert _use(stay, 2018) == Money.zero()


def test_h4_03_10_contract_names_only_bought_arrangements() -> None:
    """H4-03, H4-10: a household-help contract that also names an unknown code and the
    free basic provision hh-basis gets an error for each; the same contract with only
    hh-maatwerk is fine (H4-57)."""
    from sociaaldomein import Contract, ContractForm, Provider

    track = POLICY.track(Part.HUISHOUDELIJKE_HULP)
    good = Contract("c1", "h4", Provider("P1", "Thuishulp"), {"hh-maatwerk"}, track.term,
                    ContractForm.OPEN_HOUSE, extensions=track.extensions)
    assert POLICY.check_contract(good) == []
    bad = attrs.evolve(good, arrangements=frozenset({"hh-maatwerk", "hh-basis", "hh-xxl"}))
    found = POLICY.check_contract(bad)
    assert [(v.code, v.severity) for v in found] == [("H4-03", Severity.ERROR)] * 2
    assert "'hh-basis'" in found[0].message and "'hh-xxl'" in found[1].message


@pytest.mark.parametrize("code", ["bi-basis", "dagbesteding-speciaal", "hh-maatwerk"])
def test_h4_90_early_start_pays_as_a_2017_start(code: str) -> None:
    """H4-90, H4-62 (the core workaround, every month of 2017): an allocation from
    1 March 2016 pays in each month of 2017 exactly what the same allocation from
    1 January 2017 pays, e.g. 292.50 a month for household help."""
    early = _case(code, d(2016, 3, 1), d(2018, 1, 1))
    late = _case(code, d(2017, 1, 1), d(2018, 1, 1))
    for month in range(1, 13):
        paid = [x.amount for x in POLICY.settle(early, Month(2017, month))]
        assert paid == [x.amount for x in POLICY.settle(late, Month(2017, month))]
        assert len(paid) == 1
    if code == "hh-maatwerk":
        assert paid == [Money.euros("292.50")]
