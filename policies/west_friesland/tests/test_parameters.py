"""The region's data files: example tariffs, funding models, indexation, strict loading.

Source: *Uitvoeringskader inkoop sociaal domein West-Friesland 2019-2021* §2.2 item 6,
§3.6 and §3.6.1. The tariffs are example values (the document gives no amounts).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sociaaldomein import (
    MissingTariff,
    Money,
    ParameterError,
    PerPeriod,
    PriceQuantity,
    Stay,
    Trajectory,
)
from sociaaldomein_west_friesland import ARRANGEMENTS, POLICY, load_policy
from sociaaldomein_west_friesland.catalog import load_catalog_data
from sociaaldomein_west_friesland.rules import load_rule_parameters
from sociaaldomein_west_friesland.sources import PARAMETERS

TARIFFS = (PARAMETERS / "tariffs.toml").read_text(encoding="utf-8")


def test_wf15_wf50_wf57_funding_models() -> None:
    """WF-15, WF-50, WF-57: youth arrangements per trajectory, Wmo arrangements per month
    (pro rata by days), IB and HO per hour, stays per etmaal; stored per arrangement."""
    for key in ARRANGEMENTS:
        model = POLICY.tariffs.tariff(key.code, 2019).model
        if key.law.value == "jeugdwet":
            assert isinstance(model, Trajectory)
        else:
            assert isinstance(model, PerPeriod) and model.proration.value == "by_days"
    assert isinstance(POLICY.tariffs.tariff("IB", 2019).model, PriceQuantity)
    assert isinstance(POLICY.tariffs.tariff("VJS", 2019).model, Stay)


def test_wf16_every_tariff_is_marked_example() -> None:
    """WF-16: the norm tariffs are not in the document, so every shipped tariff is an
    example value with a note naming the published figure it is built from."""
    for tariff in POLICY.tariffs.tariffs:
        assert tariff.example
        assert tariff.ref.note and tariff.ref.note.startswith("example value")
        assert "not a West-Friesland tariff" in tariff.ref.note


def test_wf54_tariff_per_profile_and_intensity() -> None:
    """WF-54: a tariff per profile x intensity, for each of the 59 arrangements and the
    four products, in every contract year."""
    for year in POLICY.contract_years:
        for arrangement in POLICY.catalog.arrangements:
            assert POLICY.tariffs.covers(arrangement.code, year)
    with pytest.raises(MissingTariff):
        POLICY.tariffs.tariff("J01-1", 2022)


def test_wf56_higher_intensity_higher_tariff(tmp_path: Path) -> None:
    """WF-56: a higher intensity has a higher tariff; a file breaking this is refused."""
    j = [POLICY.tariffs.tariff(f"J05-{i}", 2019).model for i in range(1, 5)]
    assert [m.amount for m in j if isinstance(m, Trajectory)] == [
        Money.euros("2304.00"), Money.euros("3456.00"), Money.euros("5760.00"),
        Money.euros("6912.00")]
    bad = tmp_path / "tariffs.toml"
    bad.write_text(TARIFFS.replace(
        'arrangement = "W02-2"   # Wmo profiel 2 x Perspectief\nyear = 2019\n'
        'model = "per_period"\namount = "558.00"',
        'arrangement = "W02-2"   # Wmo profiel 2 x Perspectief\nyear = 2019\n'
        'model = "per_period"\namount = "300.00"'), encoding="utf-8")
    with pytest.raises(ParameterError, match="WF-56"):
        load_policy(tariffs=bad)


def test_wf59_indexed_tariffs() -> None:
    """WF-59: yearly indexation, 1.6 % a year (example), rounded to the cent each year:
    5760.00 -> 5852.16 (2020) -> 5945.79 (2021); 334.80 -> 340.16 -> 345.60."""
    assert [POLICY.tariffs.tariff("J05-3", y).model.amount for y in (2019, 2020, 2021)  # type: ignore[union-attr]
            ] == [Money.euros("5760.00"), Money.euros("5852.16"), Money.euros("5945.79")]
    assert [POLICY.tariffs.tariff("W05-1", y).model.amount for y in (2019, 2020, 2021)  # type: ignore[union-attr]
            ] == [Money.euros("334.80"), Money.euros("340.16"), Money.euros("345.60")]
    assert POLICY.tariffs.tariff("J05-3", 2021).indexed_from == 2019


@pytest.mark.parametrize(("old", "new", "message"), [
    ('amount = "2304.00"', "amount = 2304.0", "float"),
    ('region = "west-friesland"', 'region = "west-friesland"\ncolour = "blue"', "unknown key"),
    ('arrangement = "J01-1"', 'arrangement = "J01-5"', "unknown arrangement"),
    ('installments = [ { share = "7/10", due = "start" }, { share = "3/10", due = "completion" } ]',
     'installments = [ { share = "6/10", due = "start" }, { share = "4/10", due = "completion" } ]',
     "same instalments"),
    # review: a missing contract year, Acuut on a Wmo profile (WF-87), an unknown end
    # reason, an hourly product funded per month, a share written as a float
    ('rates = { 2020 = "1.6", 2021 = "1.6" }', 'rates = { 2020 = "1.6" }', "2021 missing"),
    ('arrangement = "J01-1"', 'arrangement = "W01-4"', "unknown arrangement 'W01-4'"),
    ('withhold_on = ["client_unilateral", "moved", "deceased"]',
     'withhold_on = ["client_unilateral", "moved", "dead"]', "unknown value 'dead'"),
    ('arrangement = "IB"\nyear = 2019\nmodel = "price_quantity"\namount = "55.80"\nunit = "04"',
     'arrangement = "IB"\nyear = 2019\nmodel = "per_period"\namount = "55.80"\nperiod = "month"',
     "IB may not be funded as PerPeriod"),
])
def test_strict_loading_names_file_and_key(tmp_path: Path, old: str, new: str, message: str) -> None:
    """A municipality's own tariff file is read strictly: a float, an unknown key, an
    unknown arrangement (also Wmo x Acuut, WF-87), a second trajectory construction
    (WF-64), a missing contract year (WF-59), an unknown end reason (WF-65) or a model that
    does not fit the product (WF-30) is refused, naming the file."""
    bad = tmp_path / "real-tariffs.toml"
    assert old in TARIFFS
    bad.write_text(TARIFFS.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ParameterError, match=message) as info:
        load_policy(tariffs=bad)
    assert "real-tariffs.toml" in str(info.value)


def test_missing_arrangement_is_refused(tmp_path: Path) -> None:
    """Every arrangement needs a tariff: a file without J11-4 is refused."""
    start = TARIFFS.index('[[tariff]]\narrangement = "J11-4"')
    end = TARIFFS.index("[[tariff]]", start + 5)
    bad = tmp_path / "tariffs.toml"
    bad.write_text(TARIFFS[:start] + TARIFFS[end:], encoding="utf-8")
    with pytest.raises(ParameterError, match="J11-4"):
        load_policy(tariffs=bad)


def test_real_tariffs_load(tmp_path: Path) -> None:
    """A municipality loads real tariffs in the same format; marked `example = false`,
    they are no longer shown as example values."""
    real = tmp_path / "tariffs-2019.toml"
    real.write_text(TARIFFS.replace("example = true", "example = false", 1), encoding="utf-8")
    policy = load_policy(tariffs=real)
    assert not any(t.example for t in policy.tariffs.tariffs)
    assert policy.catalog == POLICY.catalog


def test_catalog_and_rule_files_are_strict(tmp_path: Path) -> None:
    """catalog.toml and validation.toml refuse unknown keys and wrong shapes, naming the key."""
    text = (PARAMETERS / "catalog.toml").read_text(encoding="utf-8")
    bad = tmp_path / "catalog.toml"
    bad.write_text(text.replace("number = 11\n", "number = 12\n", 1), encoding="utf-8")
    with pytest.raises(ParameterError, match="youth_profile"):
        load_catalog_data(bad)
    rules = (PARAMETERS / "validation.toml").read_text(encoding="utf-8")
    bad_rules = tmp_path / "validation.toml"
    bad_rules.write_text(rules.replace('scope = "law"', 'scope = "household"'), encoding="utf-8")
    with pytest.raises(ParameterError, match="scope"):
        load_rule_parameters(bad_rules)


def test_tariffs_beyond_2021(tmp_path: Path) -> None:
    """A municipality may extend the tariffs with an indexation rate for 2022 (WF-59):
    the policy then claims 2022 as a contract year, and 2304.00 indexed by 1.6 %, 1.6 %
    and 2.0 % is 2340.86, 2378.31, 2425.88."""
    extended = tmp_path / "tariffs.toml"
    extended.write_text(TARIFFS.replace('rates = { 2020 = "1.6", 2021 = "1.6" }',
                                        'rates = { 2020 = "1.6", 2021 = "1.6", 2022 = "2.0" }'),
                        encoding="utf-8")
    policy = load_policy(tariffs=extended)
    assert policy.contract_years == (2019, 2020, 2021, 2022)
    assert POLICY.contract_years == (2019, 2020, 2021)
    amounts = [policy.tariffs.tariff("J01-1", y).model.amount  # type: ignore[union-attr]
               for y in (2020, 2021, 2022)]
    assert amounts == [Money.euros("2340.86"), Money.euros("2378.31"), Money.euros("2425.88")]
