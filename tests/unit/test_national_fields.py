"""What the national messages need in the model: a person's gender, name parts and address;
a provider's AGB code; an allocation's ToewijzingNummer, national product, budget, decision
time, reason and reference; a region's products.toml."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from sociaaldomein import Allocation, Caseload, Household, Law, Municipality, Period, Person
from sociaaldomein.errors import InvalidValue, ParameterError
from sociaaldomein.io.serialization import roundtrip
from sociaaldomein.io.tables import caseload_from_rows, caseload_to_rows
from sociaaldomein.model.catalog import Arrangement, Catalog, Segment
from sociaaldomein.model.contract import Provider
from sociaaldomein.model.household import Address, Bsn, Gender, PersonName
from sociaaldomein.model.money import Money
from sociaaldomein.policy.products import apply_products, load_products

D = dt.date
PERIOD = Period(D(2026, 1, 1), D(2026, 7, 1))


def test_name_parts_follow_the_standard() -> None:
    name = PersonName("Vries", "de", "Pieter Jan", "PJ")
    assert roundtrip(name) == name
    assert PersonName("Jansen", naamgebruik="3", partner_achternaam="Bakker").naamgebruik == "3"
    for bad in (dict(achternaam=""), dict(achternaam=" "), dict(achternaam="x" * 201),
                dict(achternaam="Jan\nsen"), dict(achternaam="Jansen", voorletters="P.J."),
                dict(achternaam="Jansen", voorvoegsel="x" * 11),
                dict(achternaam="Jansen", naamgebruik="2"),      # CS050: needs a partner name
                dict(achternaam="Jansen", naamgebruik="6")):     # CS318: not for a client
        with pytest.raises(InvalidValue):
            PersonName(**bad)


def test_a_dutch_address_has_a_postcode_and_a_house_number() -> None:
    address = Address("5038AB", 12, "a", None, "Stationsstraat", "Tilburg")
    assert address.land == "NL" and roundtrip(address) == address
    assert Address("1000", 3, land="BE").postcode == "1000"
    for bad in (dict(postcode="5038 AB", huisnummer=12), dict(postcode="5038AB"),
                dict(postcode="5038AB", huisnummer=100_000), dict(postcode="5038AB",
                                                                  huisnummer=1, land="nl")):
        with pytest.raises(InvalidValue):
            Address(**bad)


def test_a_person_keeps_gender_names_and_address_out_of_its_repr() -> None:
    person = Person("p1", D(1950, 5, 17), Bsn("999990019"), gender=Gender.FEMALE,
                    names=PersonName("Jansen"), address=Address("5038AB", 12))
    assert "Jansen" not in repr(person) and "5038AB" not in repr(person)
    assert roundtrip(person) == person


def test_a_provider_agb_code_is_eight_digits() -> None:
    assert Provider("local-1", "Zorg BV", agb="12345678").agb == "12345678"
    for bad in ("1234567", "123456789", "1234567a", "١٢٣٤٥٦٧٨"):
        with pytest.raises(InvalidValue, match="AGB"):
            Provider("local-1", "Zorg BV", agb=bad)


def allocation(**changes: object) -> Allocation:
    return Allocation("a1", "h1", "p1", "x", "prov", PERIOD, **changes)  # type: ignore[arg-type]


def test_allocation_national_fields_are_checked() -> None:
    full = allocation(number=999_999_999, product_category="45", product_code="45A48",
                      budget=Money.cents(120_000), decided_at=dt.time(10, 15),
                      change_reason="12", provider_reference="VOW-7")
    assert roundtrip(full) == full
    for bad in (dict(number=-1), dict(number=1_000_000_000), dict(number="7"),
                dict(product_category="19"), dict(product_category="39"),
                dict(product_category="02", product_code="123456"),
                dict(budget=Money.cents(1), volume=Decimal(3), unit=None),
                dict(change_reason="01"), dict(decided_at=dt.time(10, 15, 0, 5)),
                dict(provider_reference="x" * 37)):
        with pytest.raises(InvalidValue):
            allocation(**bad)


def test_a_toewijzing_number_is_unique_per_municipality() -> None:
    def household(hid: str, code: str) -> Household:
        return Household(hid, Municipality(code, "X"), (Person("p1", D(1950, 1, 1)),))

    a1 = Allocation("a1", "h1", "p1", "x", "prov", PERIOD, number=7)
    a2 = Allocation("a2", "h2", "p1", "x", "prov", PERIOD, number=7)
    assert len(Caseload((household("h1", "0855"), household("h2", "0363")), (), (a1, a2))
               .allocations) == 2
    with pytest.raises(InvalidValue, match="number 7 of municipality 0855"):
        Caseload((household("h1", "0855"), household("h2", "0855")), (), (a1, a2))


def test_the_tables_carry_the_national_fields() -> None:
    person = Person("p1", D(1950, 5, 17), Bsn("999990019"), gender=Gender.FEMALE,
                    names=PersonName("Vries", "de", "Anna", "A"),
                    address=Address("5038AB", 12, straatnaam="Stationsstraat",
                                    plaatsnaam="Tilburg"))
    caseload = Caseload(
        (Household("h1", Municipality("0855", "Tilburg"), (person,)),), (),
        (Allocation("a1", "h1", "p1", "x", "prov", PERIOD, number=4711, product_category="07",
                    product_code="07A01", budget=Money.euros("1250.50"),
                    decided_at=dt.time(9, 30)),))
    rows, events = caseload_to_rows(caseload)
    assert rows[0]["achternaam"] == "Vries" and rows[0]["budget"] == "1250.50"
    text_rows = [{k: "" if v is None else str(v) for k, v in r.items()} for r in rows]
    assert caseload_from_rows(text_rows, events) == caseload


CATALOG = Catalog(
    arrangements=(Arrangement("bi-basis", "BI", "s", {Law.WMO}),
                  Arrangement("J01-3", "J", "s", {Law.JEUGDWET}),
                  Arrangement("respijt", "R", "s", {Law.WMO, Law.JEUGDWET})),
    segments=(Segment("s", "S"),))


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "products.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_products_toml_maps_arrangements_per_law(tmp_path: Path) -> None:
    path = write(tmp_path, """
[[product]]
arrangements = ["bi-*"]
category = "02"
code = "02A01"
[[product]]
arrangements = ["J??-?"]
category = "45"
code = "J{1}{2}{3}"
[[product]]
arrangements = ["respijt"]
law = "wmo"
category = "04"
[[product]]
arrangements = ["respijt"]
law = "jeugdwet"
category = "44"
code = "44R01"
""")
    catalog = apply_products(CATALOG, load_products(path), str(path))
    assert catalog.arrangement("bi-basis").national_product(Law.WMO) == ("02", "02A01")
    assert catalog.arrangement("J01-3").national_product(Law.JEUGDWET) == ("45", "J013")
    respijt = catalog.arrangement("respijt")
    assert respijt.national_product(Law.WMO) == ("04", None)
    assert respijt.national_product(Law.JEUGDWET) == ("44", "44R01")


@pytest.mark.parametrize(("text", "words"), [
    ('[[product]]\narrangements = ["bi-*"]\ncategory = "02"\n', "'J01-3' has no national"),
    ('[[product]]\narrangements = ["*"]\ncategory = "02"\n', "J01-3: product category '02'"),
    ('[[product]]\narrangements = ["*"]\ncategory = "99"\n', "not a national category"),
    ('[[product]]\narrangements = ["*"]\ncategory = "02"\ncolour = "red"\n', "unknown key"),
])
def test_a_bad_products_toml_names_the_problem(tmp_path: Path, text: str, words: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ParameterError, match=words):
        apply_products(CATALOG, load_products(path), str(path))
