"""Municipalities, persons (BSN, age, law) and households."""

from __future__ import annotations

import datetime as dt

import pytest

from sociaaldomein import Bsn, Household, InvalidBSN, InvalidValue, Law, Municipality, Person


def test_municipality_code() -> None:
    assert Municipality("GM0855", "Tilburg").code == "0855"
    assert Municipality("0855", "Tilburg").gm_code == "GM0855"
    for bad in ["855", "GM08555", "abcd", ""]:
        with pytest.raises(InvalidValue):
            Municipality(bad, "X")


def test_bsn_eleven_test_and_masking() -> None:
    # 111222333: 9*1+8*1+7*1+6*2+5*2+4*2+3*3+2*3-1*3 = 66 = 6 x 11
    bsn = Bsn("111222333")
    assert "111222" not in repr(bsn) and "111222" not in str(bsn)
    assert repr(Person("p", dt.date(2000, 1, 1), bsn)).count("111222333") == 0
    with pytest.raises(InvalidBSN) as err:
        Bsn("123456789")
    assert "123456789" not in str(err.value)


def test_age_and_law() -> None:
    p = Person("p", dt.date(2001, 3, 15))
    assert p.age_on(dt.date(2019, 3, 14)) == 17
    assert p.law_on(dt.date(2019, 3, 14)) is Law.JEUGDWET
    assert p.law_on(dt.date(2019, 3, 15)) is Law.WMO
    assert p.may_receive(Law.JEUGDWET, dt.date(2020, 1, 1), extended_youth_care=True)
    assert not p.may_receive(Law.JEUGDWET, dt.date(2020, 1, 1))
    assert not p.may_receive(Law.JEUGDWET, dt.date(2024, 3, 15), extended_youth_care=True)
    leap = Person("q", dt.date(2004, 2, 29))
    assert leap.age_on(dt.date(2022, 2, 28)) == 17 and leap.age_on(dt.date(2022, 3, 1)) == 18


def test_household_validation() -> None:
    m = Municipality("0855", "Tilburg")
    with pytest.raises(InvalidValue, match="no members"):
        Household("h", m, ())
    p = Person("p", dt.date(2000, 1, 1))
    with pytest.raises(InvalidValue, match="twice"):
        Household("h", m, (p, p))
    with pytest.raises(InvalidValue):
        Household("bad id with spaces", m, (p,))
