"""Strict serialization: bad input names the path; round trips are exact."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from sociaaldomein import Allocation, Caseload, Household, InvalidInput, Money, Municipality, Person
from sociaaldomein.io.files import CASELOAD_FORMAT, caseload_json, read_caseload, write_caseload
from sociaaldomein.io.serialization import dumps, loads

D = dt.date


def _caseload() -> Caseload:
    person = Person("c1", D(1950, 5, 1))
    household = Household("h1", Municipality("0855", "Tilburg"), (person,))
    from sociaaldomein import Period

    alloc = Allocation("a1", "h1", "c1", "5a-beperkt", "P1", Period(D(2019, 1, 1), D(2020, 1, 1)))
    return Caseload((household,), (), (alloc,), ())


def test_round_trip_caseload(tmp_path: Path) -> None:
    caseload = _caseload()
    path = tmp_path / "c.json"
    write_caseload(path, caseload)
    assert read_caseload(path) == caseload
    assert json.loads(path.read_text())["format"] == CASELOAD_FORMAT


def _doc(**changes: object) -> str:
    data = json.loads(caseload_json(_caseload()))
    for dotted, value in changes.items():
        target = data
        keys = dotted.split("__")
        for key in keys[:-1]:
            target = target[int(key)] if key.isdigit() else target[key]
        target[keys[-1]] = value
    return json.dumps(data)


def test_malformed_json_names_line_and_column() -> None:
    with pytest.raises(InvalidInput, match=r"line 1, column"):
        loads("{not json", Caseload)


def test_unknown_key_is_rejected_with_path(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    path.write_text(_doc(households__0__colour="blue"))
    with pytest.raises(InvalidInput) as err:
        read_caseload(path)
    assert "colour" in str(err.value) and "households[0]" in str(err.value)
    assert str(path) in str(err.value)


def test_wrong_type_and_float_amount() -> None:
    from sociaaldomein.io.files import CaseloadFile

    with pytest.raises(InvalidInput, match=r"birth_date"):
        loads(_doc(households__0__members__0__birth_date=19500501), CaseloadFile)
    with pytest.raises(InvalidInput, match="fraction"):
        loads('{"amount": 12.5}', Money)


def test_end_before_start_and_invalid_bsn() -> None:
    from sociaaldomein.io.files import CaseloadFile

    with pytest.raises(InvalidInput, match="end after it starts"):
        loads(_doc(allocations__0__period__end="2018-01-01"), CaseloadFile)
    with pytest.raises(InvalidInput, match="11-proef") as err:
        loads(_doc(households__0__members__0__bsn="123456789"), CaseloadFile)
    assert "123456789" not in str(err.value)


def test_reference_to_unknown_household(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    path.write_text(_doc(allocations__0__household_id="nobody"))
    with pytest.raises(InvalidInput, match="unknown household"):
        read_caseload(path)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    path.write_text("")
    with pytest.raises(InvalidInput, match="empty"):
        read_caseload(path)


def test_money_json_form() -> None:
    assert dumps(Money.euros("12.30")) == '"12.30"'
    assert loads('"12.30"', Money) == Money.cents(1230)
    assert loads("1230", Money) == Money.cents(1230)
