"""Tariffs: example values for every arrangement and year, the strict loader, and the
indicative 2016 matrix that is never a tariff."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sociaaldomein import MissingTariff, Money, ParameterError, PerPeriod, Stay
from sociaaldomein_hart_van_brabant import POLICY
from sociaaldomein_hart_van_brabant.catalog import Cell, Distance2016, LifeDomain2016
from sociaaldomein_hart_van_brabant.funding import load_indicative_2016, load_region_tariffs
from sociaaldomein_hart_van_brabant.sources import PARAMETERS, PRINCIPLES_2016

TARIFFS = PARAMETERS / "tariffs.toml"


def test_every_cell_has_a_tariff() -> None:
    """HVB19-17, HVB19-43, HVB19-59: one fixed amount per month for each of the 39 cells in
    every contract year 2019..2022, marked as an example value; levels rise with need."""
    for year in POLICY.contract_years:
        for cell in Cell.all():
            tariff = POLICY.tariffs.tariff(cell.code, year)
            assert isinstance(tariff.model, PerPeriod)
            assert tariff.example and tariff.ref.note and "example" in tariff.ref.note
    for result in {c.result for c in Cell.all()}:
        amounts = [POLICY.tariffs.tariff(f"{result.value}-{lv}", 2019).model
                   for lv in ("bijna", "beperkt", "niet")]
        values = [m.amount for m in amounts if isinstance(m, PerPeriod)]
        assert values == sorted(values) and len(set(values)) == 3
    assert POLICY.contract_years == (2019, 2020, 2021, 2022)
    with pytest.raises(MissingTariff, match="2023"):
        POLICY.tariffs.tariff("5a-beperkt", 2023)


def test_addon_tariffs_cite_real_comparables() -> None:
    """HVB19-29: the short-stay components are Meerinzicht 2023 figures (75.18 + 180.29 =
    255.47, its all-in amount); example values all the same."""
    guidance = POLICY.tariffs.tariff("kortdurend-verblijf-begeleiding", 2019)
    stay = POLICY.tariffs.tariff("kortdurend-verblijf-verblijf", 2019)
    assert isinstance(guidance.model, Stay) and isinstance(stay.model, Stay)
    assert guidance.model.price_per_etmaal + stay.model.price_per_etmaal == Money.euros("255.47")
    assert guidance.example and stay.example and "Meerinzicht" in (stay.ref.note or "")
    waalwijk = POLICY.tariffs.tariff("waalwijk-begeleiding-individueel", 2019)
    assert waalwijk.ref.source == PRINCIPLES_2016 and waalwijk.example


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    text = TARIFFS.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "tariffs.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_strict_loader(tmp_path: Path) -> None:
    """HVB19-59: a municipality's own tariff file is read strictly: an unknown cell, a missing
    year and a float amount are errors naming the file and the key."""
    unknown = _broken(tmp_path, 'arrangement = "5c-niet"', 'arrangement = "5d-niet"')
    with pytest.raises(ParameterError, match=re.escape(str(unknown)) + r".*tariff\[\d+\]\.arrangement.*5d-niet"):
        load_region_tariffs(POLICY.hvb_catalog, unknown)
    no_year = _broken(tmp_path, 'rates = { 2020 = "0", 2021 = "0", 2022 = "0" }',
                      'rates = { 2020 = "0", 2021 = "0" }')
    with pytest.raises(ParameterError, match=r"tariff for 2022 missing"):
        load_region_tariffs(POLICY.hvb_catalog, no_year)
    floating = _broken(tmp_path, 'amount = "400.00"', "amount = 400.0")
    with pytest.raises(ParameterError, match=r"tariff\[\d+\]\.amount.*float"):
        load_region_tariffs(POLICY.hvb_catalog, floating)
    block = 'arrangement = "5a-beperkt"\nyear = 2019\nmodel = "per_period"\namount = '
    cents = _broken(tmp_path, block + '"400.00"', block + "41000")
    schedule = load_region_tariffs(POLICY.hvb_catalog, cents)
    model = schedule.tariff("5a-beperkt", 2019).model
    assert isinstance(model, PerPeriod) and model.amount == Money.euros("410.00")


def test_indicative_2016_matrix() -> None:
    """HVB16-66..69, HVB16-61: the 2016 matrix, six domains x Licht/Midden/Zwaar; Licht 0,
    Midden 30/40/25/35/50/40 (sum 220), Zwaar 40/50/30/40/60/50 (sum 270); a plan of Wonen
    Midden, Financien Zwaar and Overlast Licht sums to 90."""
    matrix = POLICY.indicative_2016
    row = {d: [matrix.amount(dom, d) for dom in LifeDomain2016] for d in Distance2016}
    assert set(row[Distance2016.LICHT]) == {Money.zero()}
    assert [m.amount_cents // 100 for m in row[Distance2016.MIDDEN]] == [30, 40, 25, 35, 50, 40]
    assert [m.amount_cents // 100 for m in row[Distance2016.ZWAAR]] == [40, 50, 30, 40, 60, 50]
    assert sum(m.amount_cents for m in row[Distance2016.MIDDEN]) == 22000
    assert sum(m.amount_cents for m in row[Distance2016.ZWAAR]) == 27000
    plan = {LifeDomain2016.WONEN: Distance2016.MIDDEN, LifeDomain2016.FINANCIEN: Distance2016.ZWAAR,
            LifeDomain2016.OVERLAST: Distance2016.LICHT}
    assert matrix.plan_total(plan) == Money.euros("90.00")
    assert matrix.unit == "not stated" and matrix.period == "not stated"


def test_indicative_2016_is_never_a_tariff(tmp_path: Path) -> None:
    """HVB16-70: the 2016 amounts are marked example values, the file must say they are
    indicative, and no 2016 domain can be priced or settled."""
    matrix = POLICY.indicative_2016
    assert matrix.ref.example and matrix.ref.rule == "HVB16-66"
    assert "(example value)" in matrix.ref.cite()
    for domain in LifeDomain2016:
        assert not POLICY.catalog.has_arrangement(domain.value)
        assert domain.value not in POLICY.tariffs.arrangements
    text = (PARAMETERS / "indicative_2016.toml").read_text(encoding="utf-8")
    bad = tmp_path / "indicative.toml"
    bad.write_text(text.replace("indicative = true", "indicative = false"), encoding="utf-8")
    with pytest.raises(ParameterError, match="indicative"):
        load_indicative_2016(bad)


def test_negative_amount_names_file_and_key(tmp_path: Path) -> None:
    """HVB19-59: a negative amount in a municipality's tariff file is a ParameterError naming
    the file and the entry (the core's loader raised a bare InvalidValue without either),
    in euros as text and in integer cents."""
    euros = _broken(tmp_path, 'amount = "400.00"', 'amount = "-400.00"')
    with pytest.raises(ParameterError, match=re.escape(str(euros)) + r".*tariff\[2\]\.amount.*negative"):
        load_region_tariffs(POLICY.hvb_catalog, euros)
    cents = _broken(tmp_path, 'amount = "400.00"', "amount = -40000")
    with pytest.raises(ParameterError, match=r"tariff\[2\]\.amount.*negative"):
        load_region_tariffs(POLICY.hvb_catalog, cents)


def test_with_tariffs_loads_real_values(tmp_path: Path) -> None:
    """HVB19-59: ``POLICY.with_tariffs(path)`` settles with the municipality's own amounts,
    unmarked when the file says ``example = false``; POLICY itself is unchanged."""
    text = TARIFFS.read_text(encoding="utf-8").replace("\nexample = true\n", "\nexample = false\n", 1)
    text = text.replace('amount = "400.00"', 'amount = "412.50"')
    path = tmp_path / "tilburg.toml"
    path.write_text(text, encoding="utf-8")
    real = POLICY.with_tariffs(path)
    model = real.tariffs.tariff("5a-beperkt", 2019).model
    assert isinstance(model, PerPeriod) and model.amount == Money.euros("412.50")
    assert not real.tariffs.tariff("5a-beperkt", 2019).example
    assert POLICY.tariffs.tariff("5a-beperkt", 2019).example
    with pytest.raises(ParameterError, match="cannot read"):
        POLICY.with_tariffs(tmp_path / "missing.toml")
