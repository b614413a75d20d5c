"""Tariff files: strict loading, indexation, contract terms."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sociaaldomein import (
    Contract,
    ContractForm,
    InvalidValue,
    MissingTariff,
    Money,
    ParameterError,
    Period,
    PerPeriod,
    Provider,
    Source,
    load_tariffs,
)

SOURCE = Source("Test", "Test")
BASE = """
region = "r"
example = true
[indexation]
rates = { 2020 = "2.5", 2021 = "1.8" }
[[tariff]]
arrangement = "a"
year = 2019
model = "per_period"
amount = "100.00"
"""


def _load(tmp_path: Path, text: str, **kw: object) -> object:
    path = tmp_path / "tariffs.toml"
    path.write_text(text)
    return load_tariffs(path, region="r", source=SOURCE, section="§1", **kw)  # type: ignore[arg-type]


def test_indexation_compounds_per_year(tmp_path: Path) -> None:
    schedule = _load(tmp_path, BASE)
    # 100.00 x 1.025 = 102.50; x 1.018 = 104.345 -> 104.35 (half up)
    t2021 = schedule.tariff("a", 2021)  # type: ignore[attr-defined]
    assert isinstance(t2021.model, PerPeriod)
    assert t2021.model.amount == Money.euros("104.35") and t2021.indexed_from == 2019
    assert t2021.example
    with pytest.raises(MissingTariff, match="2022"):
        schedule.tariff("a", 2022)  # type: ignore[attr-defined]


@pytest.mark.parametrize(("change", "message"), [
    ('amount = "100.00"', None),
    ("amount = 100.5", "float"),
    ('amount = "100.00"\ncolour = "x"', "colour"),
    ('model = "bonus"', "unknown funding model"),
])
def test_strict_errors_name_file_and_key(tmp_path: Path, change: str, message: str | None) -> None:
    text = BASE.replace('amount = "100.00"', change) if "amount" in change else BASE.replace('model = "per_period"', change)
    if message is None:
        _load(tmp_path, text)
        return
    with pytest.raises(ParameterError) as err:
        _load(tmp_path, text)
    assert message in str(err.value) and "tariffs.toml" in str(err.value) and "tariff[0]" in str(err.value)


def test_unknown_arrangement_and_missing_year(tmp_path: Path) -> None:
    with pytest.raises(ParameterError, match="unknown arrangement"):
        _load(tmp_path, BASE, known_arrangements={"b"})
    with pytest.raises(ParameterError, match="tariff for 2023 missing"):
        _load(tmp_path, BASE, required_years=[2023])


def test_malformed_toml(tmp_path: Path) -> None:
    with pytest.raises(ParameterError, match="not valid TOML"):
        _load(tmp_path, "region = ")


def test_contract_terms() -> None:
    term = Period(dt.date(2019, 1, 1), dt.date(2021, 1, 1))
    contract = Contract(
        "c1", "r", Provider("P1", "Zorg BV"), {"a"}, term, ContractForm.TENDER,
        extensions=(Period(dt.date(2021, 1, 1), dt.date(2022, 1, 1)),
                    Period(dt.date(2022, 1, 1), dt.date(2023, 1, 1))),
    )
    assert contract.period(0).end == dt.date(2021, 1, 1)
    assert contract.longest.end == dt.date(2023, 1, 1)
    assert contract.covers("a", dt.date(2021, 6, 1), extensions_taken=1)
    assert not contract.covers("a", dt.date(2021, 6, 1))
    with pytest.raises(InvalidValue, match="does not follow"):
        Contract("c2", "r", Provider("P1", "Zorg BV"), {"a"}, term, ContractForm.TENDER,
                 extensions=(Period(dt.date(2021, 2, 1), dt.date(2022, 1, 1)),))


def test_negative_amount_names_file_and_key(tmp_path: Path) -> None:
    with pytest.raises(ParameterError) as err:
        _load(tmp_path, BASE.replace('amount = "100.00"', 'amount = "-1.00"'))
    assert "tariffs.toml" in str(err.value) and "tariff[0].amount" in str(err.value)
