"""Bad and hostile input: wrong parameter files, households outside the region, years
outside the contract years. Every error names the file and key (or the household and
year); none is a bare traceback or a silent wrong answer. Each test names its rule id."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

import sociaaldomein
from sociaaldomein import (
    Allocation,
    Case,
    Caseload,
    Delivery,
    Household,
    InvalidInput,
    MissingTariff,
    Month,
    Municipality,
    ParameterError,
    Period,
    Person,
    SettlementError,
    Unit,
)
from sociaaldomein.io.serialization import structure, unstructure
from sociaaldomein_midden_holland import POLICY, MiddenHollandPolicy
from sociaaldomein_midden_holland.contracts import load_contracts
from sociaaldomein_midden_holland.instruments import load_instruments
from sociaaldomein_midden_holland.keys import load_keys
from sociaaldomein_midden_holland.policy import load_members
from sociaaldomein_midden_holland.sources import PARAMETERS


def _edited(tmp_path: Path, name: str, old: str, new: str) -> Path:
    text = (PARAMETERS / name).read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _case(arrangement: str, birth: dt.date, municipality: Municipality, start: dt.date,
          end: dt.date, hours: int = 2) -> Case:
    household = Household("h1", municipality, (Person("c1", birth),))
    alloc = Allocation("a1", "h1", "c1", arrangement, "P1", Period(start, end))
    events = (Delivery("a1", start, Decimal(hours), Unit.HOUR),)
    return Case(household, (), (alloc,), events)


# -- households outside the region ---------------------------------------------------------
def test_mh06_non_member_household_is_reported_and_not_settled() -> None:
    """MH-06: an Amsterdam household handed to the Midden-Holland policy directly is an
    MH-MEMBER error, and settling it raises instead of charging Amsterdam (it used to get
    a subscription-tariff line charged to 0363, silently)."""
    case = _case("begeleiding_wmo", dt.date(1970, 1, 1), Municipality("0363", "Amsterdam"),
                 dt.date(2025, 3, 1), dt.date(2025, 6, 1))
    violations = POLICY.validate(case, dt.date(2025, 3, 1))
    assert [v.code for v in violations] == ["MH-MEMBER"]
    assert violations[0].path == "households[h1].municipality"
    assert violations[0].ref.rule == "MH-06"
    with pytest.raises(SettlementError, match="0363, which is not a member"):
        POLICY.settle(case, Month(2025, 3))


# -- years outside the contract years ---------------------------------------------------------
def test_mh63_contract_years_are_the_years_the_tariff_file_covers() -> None:
    """MH-63: the region claims 2025 (given) and 2026 (indexed at 0 %), nothing else."""
    assert POLICY.contract_years == (2025, 2026)


def test_mh63_settling_2027_raises_missing_tariff_naming_year_and_file() -> None:
    """MH-63, MH-18: pricing in 2027 raises MissingTariff naming 2027 and tariffs.toml;
    the crisis lump sum of 2027 raises MissingTariff too, where it used to be paid on
    (EUR 100,000 a month) in any later year; through the engine a SettlementError names
    the allocation, the year and the file."""
    case = _case("begeleiding_wmo", dt.date(1970, 1, 1), Municipality("0513", "Gouda"),
                 dt.date(2027, 1, 1), dt.date(2027, 6, 1))
    with pytest.raises(MissingTariff, match=r"2027 in .*tariffs\.toml"):
        POLICY.price(case, case.allocations[0], dt.date(2027, 2, 1))
    with pytest.raises(MissingTariff, match=r"instruments\.toml\) in 2027-01: no tariffs for 2027"):
        POLICY.settle_region(Caseload(), Month(2027, 1))
    with pytest.raises(SettlementError, match=r"allocation a1 .* 2027 in .*tariffs\.toml"):
        sociaaldomein.settle(Caseload.of_cases([case]), Month(2027, 2))
    # the contract years themselves still settle
    assert len(POLICY.settle_region(Caseload(), Month(2026, 12))) == 5


def test_mh63_own_tariff_file_with_an_index_for_2027_claims_2027(tmp_path: Path) -> None:
    """MH-63: a municipality's file with an index rate for 2027 makes 2027 a contract year
    (the contract years follow the file, not a fixed list)."""
    own = _edited(tmp_path, "tariffs.toml", 'rates = { 2026 = "0" }',
                  'rates = { 2026 = "0", 2027 = "2.5" }')
    policy = POLICY.with_tariffs(own)
    assert policy.contract_years == (2025, 2026, 2027)
    tariff = policy.tariffs.tariff("begeleiding_wmo", 2027)
    assert tariff.indexed_from == 2025


# -- distribution keys ----------------------------------------------------------------------
def test_mh12_key_with_a_non_member_code_is_refused(tmp_path: Path) -> None:
    """MH-12: a key typing 1983 for Bodegraven-Reeuwijk (1901) used to load, and the crisis
    lump sum was then split over the four others with Bodegraven-Reeuwijk paying nothing.
    Now the policy refuses it, naming the file, the key and both codes."""
    keys = load_keys(_edited(tmp_path, "distribution_keys.toml", '"1901" = 7600',
                             '"1983" = 7600'))
    with pytest.raises(ParameterError, match=r"distribution_keys\.toml.*jeugdigen.*1901.*1983"):
        attrs.evolve(POLICY, keys=keys)


def test_mh12_lump_sum_naming_an_unknown_key_is_refused(tmp_path: Path) -> None:
    """MH-12: a lump sum split by a key that does not exist fails when the policy is built,
    not at the first settlement."""
    instruments = load_instruments(_edited(tmp_path, "instruments.toml",
                                           'lump_sum_payer = "key:jeugdigen"',
                                           'lump_sum_payer = "key:jeugd"'))
    with pytest.raises(ParameterError, match="no distribution key 'jeugd'"):
        attrs.evolve(POLICY, instruments=instruments)


# -- instruments ------------------------------------------------------------------------------
def test_mh16_instruments_for_a_foreign_sub_segment_or_twice_are_refused(tmp_path: Path) -> None:
    """MH-16: instruments for Crisis / begeleiding (not a sub-segment of Crisis) left Crisis
    without instruments; a segment given twice silently used the first entry."""
    foreign = load_instruments(_edited(tmp_path, "instruments.toml",
                                       'segment = "crisis"\ndecided',
                                       'segment = "crisis"\nsub = "begeleiding"\ndecided'))
    with pytest.raises(ParameterError, match="begeleiding is not a sub-segment of crisis"):
        attrs.evolve(POLICY, instruments=foreign)
    twice = attrs.evolve(POLICY.instruments, segments=(
        *POLICY.instruments.segments, POLICY.instruments.for_segment(
            POLICY.catalog_data.products[-1].segment)))
    with pytest.raises(ParameterError, match="given twice"):
        attrs.evolve(POLICY, instruments=twice)


def test_mh18_lump_sum_terms_checked_when_read(tmp_path: Path) -> None:
    """MH-18: a lump sum in 5 terms is refused when instruments.toml is read, naming the
    key (it used to fail at the first settlement without a file)."""
    bad = _edited(tmp_path, "instruments.toml", 'amount_per_year = "1200000.00"',
                  'amount_per_year = "1200000.00"\nterms = 5')
    with pytest.raises(ParameterError, match=r"instruments\.toml, at lump_sum\[0\]\.terms"):
        load_instruments(bad)


# -- tariffs, contracts, members ----------------------------------------------------------------
def test_mh63_negative_tariff_names_the_file(tmp_path: Path) -> None:
    """MH-63: a negative amount is a ParameterError naming the file (the core raised a
    bare InvalidValue without it)."""
    bad = _edited(tmp_path, "tariffs.toml", 'amount = "57.60"', 'amount = "-57.60"')
    with pytest.raises(ParameterError, match=r"tariffs\.toml.*must not be negative"):
        POLICY.with_tariffs(bad)


def test_mh19_tariff_model_must_fit_the_segment_funding(tmp_path: Path) -> None:
    """MH-19, MH-20: a per-month tariff for youth begeleiding (a P x Q segment) is refused
    when the file is read, naming the file and the entry."""
    bad = _edited(tmp_path, "tariffs.toml",
                  'model = "price_quantity"\nunit = "04"\namount = "57.60"',
                  'model = "per_period"\namount = "57.60"')
    with pytest.raises(ParameterError, match=r"tariffs\.toml, at tariff\[\d+\]\.model: .*pxq"):
        POLICY.with_tariffs(bad)


def test_mh64_volume_minimum_above_maximum_names_the_file(tmp_path: Path) -> None:
    """MH-64: a volume agreement with its minimum above its maximum is refused with the
    file and the key (inventory example 12)."""
    bad = _edited(tmp_path, "contracts.toml", 'volume_min = "50000.00"',
                  'volume_min = "500000.00"')
    with pytest.raises(ParameterError, match=r"contracts\.toml, at contract\[1\]\.volume_min"):
        load_contracts(bad)


def test_mh06_bad_cbs_code_names_the_file(tmp_path: Path) -> None:
    """MH-06: a three-digit municipality code is refused with file and key."""
    bad = _edited(tmp_path, "members.toml", 'code = "1901"', 'code = "190"')
    with pytest.raises(ParameterError, match=r"members\.toml, at member\[0\]\.code"):
        load_members(bad)


def test_mh61_income_flag_that_is_not_an_amount() -> None:
    """MH-61: the income is the household's dated income, a typed amount; a leftover flag
    'income:...' (the former workaround, 'income:abc' or 'income:45000') is reported rather
    than silently ignored, and an income that is not an amount is refused when read."""
    household = Household("h1", Municipality("0513", "Gouda"),
                          (Person("c1", dt.date(1950, 1, 1)),))
    for flag in ("income:abc", "income:45000"):
        alloc = Allocation("a1", "h1", "c1", "hulp_bij_het_huishouden", "P1",
                           Period(dt.date(2025, 3, 1), dt.date(2025, 9, 1)),
                           flags=frozenset({flag}))
        case = Case(household, (), (alloc,), ())
        found = POLICY.validate(case, dt.date(2025, 3, 1))
        assert [v.code for v in found] == ["MH-INCOME-FLAG"]
        assert found[0].ref.rule == "MH-61" and "households[].income" in found[0].message
    data = unstructure(household)
    data["income"] = [{"yearly": "abc", "period": {"start": "2025-01-01", "end": "2026-01-01"}}]
    with pytest.raises(InvalidInput) as caught:
        structure(data, Household)
    assert caught.value.path == "$.income[0].yearly"


def test_policy_class_builds_from_the_shipped_files() -> None:
    """The cross-file checks accept the shipped parameters."""
    assert MiddenHollandPolicy() == POLICY


def test_mh64_volume_warning_on_an_example_contract_says_so() -> None:
    """MH-64: the shipped contracts are example values; a volume warning about one says it
    comes from an example contract, so a user validating a real caseload is not misled."""
    warnings = POLICY.validate_region(Caseload(), (2025,))
    assert [v.code for v in warnings] == ["MH-VOLUME-BELOW-MIN"]
    assert "(example contract of contracts.toml)" in warnings[0].message


def test_mh64_validating_a_year_outside_the_contract_years_reports_not_crashes() -> None:
    """MH-64, MH-63: validate_region in 2027 used to crash with a SettlementError while
    computing the realised volume; now the volume is reported as unknown (a warning that
    names the year and the tariff file)."""
    case = _case("begeleiding_wmo", dt.date(1970, 1, 1), Municipality("0513", "Gouda"),
                 dt.date(2027, 1, 1), dt.date(2027, 6, 1))
    warnings = POLICY.validate_region(Caseload.of_cases([case]), (2027,))
    assert [v.code for v in warnings] == ["MH-VOLUME-UNKNOWN"]
    assert "2027" in warnings[0].message and "tariffs.toml" in warnings[0].message


def test_mh04_contract_starting_on_29_february(tmp_path: Path) -> None:
    """MH-04: a contract starting 29 February 2028 used to raise a bare ValueError (no
    29 February in 2033, the first option year's end); years end on 28 February when
    there is no 29th."""
    bad = _edited(tmp_path, "contracts.toml", "start = 2025-01-01", "start = 2028-02-29")
    record = load_contracts(bad)[0]
    assert record.contract.term == Period(dt.date(2028, 2, 29), dt.date(2032, 2, 29))
    assert record.contract.extensions[0] == Period(dt.date(2032, 2, 29), dt.date(2033, 2, 28))
    assert record.contract.longest.end == dt.date(2036, 2, 29)


def _with_options(**changes: object) -> MiddenHollandPolicy:
    options = attrs.evolve(POLICY.instruments.options, **changes)  # type: ignore[arg-type]
    return attrs.evolve(POLICY, instruments=attrs.evolve(POLICY.instruments, options=options))


def test_mh101_maximum_for_single_light_treatment_applies_once_set() -> None:
    """MH-101: setting max_light_treatment_hours used to change nothing. With a maximum of
    10 hours, 12 hours of ambulant treatment as the only treatment are warned about; by
    default (0) nothing is."""
    household = Household("h1", Municipality("0513", "Gouda"), (Person("c1", dt.date(2014, 1, 1)),))
    alloc = Allocation("a1", "h1", "c1", "behandeling_ambulant", "P1",
                       Period(dt.date(2025, 3, 1), dt.date(2025, 9, 1)))
    events = (Delivery("a1", dt.date(2025, 3, 3), Decimal(8), Unit.HOUR),
              Delivery("a1", dt.date(2025, 4, 3), Decimal(4), Unit.HOUR))
    case = Case(household, (), (alloc,), events)
    assert POLICY.validate(case, dt.date(2025, 3, 1)) == []
    capped = _with_options(max_light_treatment_hours=10)
    assert [v.code for v in capped.validate(case, dt.date(2025, 3, 1))] == [
        "MH-LIGHT-TREATMENT-MAX"]
    assert [v.code for v in _with_options(max_light_treatment_hours=12).validate(
        case, dt.date(2025, 3, 1))] == []


def test_mh111_weekly_maximum_of_youth_dagbesteding_applies_once_set() -> None:
    """MH-111: with a maximum of 4 dagdelen a week, 3 + 2 dagdelen in ISO week 10 of 2025
    (3 and 5 March) are warned about; 4 in week 11 are not."""
    household = Household("h1", Municipality("1892", "Zuidplas"), (Person("c1", dt.date(2013, 1, 1)),))
    alloc = Allocation("a1", "h1", "c1", "dagbesteding_jeugd", "P1",
                       Period(dt.date(2025, 3, 1), dt.date(2025, 9, 1)))
    events = (Delivery("a1", dt.date(2025, 3, 3), Decimal(3), Unit.DAGDEEL),
              Delivery("a1", dt.date(2025, 3, 5), Decimal(2), Unit.DAGDEEL),
              Delivery("a1", dt.date(2025, 3, 12), Decimal(4), Unit.DAGDEEL))
    case = Case(household, (), (alloc,), events)
    assert POLICY.validate(case, dt.date(2025, 3, 1)) == []
    violations = _with_options(max_youth_dagbesteding_dagdelen_per_week=4).validate(
        case, dt.date(2025, 3, 1))
    assert [v.code for v in violations] == ["MH-DAGBESTEDING-MAX"]
    assert "week 10 of 2025" in violations[0].message
