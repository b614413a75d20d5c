"""Municipalities, persons and households.

Age decides the law: the Jeugdwet under 18, the Wmo 2015 from 18 (with youth care that can
be extended up to 23 under the Jeugdwet's *verlengde jeugdhulp*). The municipality of
residence (*woonplaats*) decides the policy and who pays.
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
import re
from collections.abc import Callable
from typing import Any

import attrs

from sociaaldomein.errors import InvalidBSN, InvalidValue
from sociaaldomein.model.money import Money
from sociaaldomein.model.periods import OPEN_END, Period
from sociaaldomein.model.provenance import NATIONAL, Ref
from sociaaldomein.model.typecheck import as_tuple

__all__ = [
    "ADULT_AGE",
    "LAW_BOUNDARY_REF",
    "MAX_EXTENDED_YOUTH_AGE",
    "Address",
    "Bsn",
    "Gender",
    "Household",
    "HouseholdIncome",
    "Law",
    "Municipality",
    "Partnership",
    "Person",
    "PersonName",
    "Residence",
    "age_on",
]

ADULT_AGE = 18
"""Jeugdwet under 18, Wmo 2015 from 18 (Jeugdwet art. 1.1, definition of *jeugdige*)."""
MAX_EXTENDED_YOUTH_AGE = 23
"""Youth care may continue or resume up to 23 (Jeugdwet art. 1.1, *verlengde jeugdhulp*)."""
LAW_BOUNDARY_REF = Ref(source=NATIONAL, section="Jeugdwet art. 1.1 (jeugdige)")

_CODE = re.compile(r"^(?:GM)?([0-9]{4})$")  # ASCII digits only
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$")


class Law(enum.Enum):
    """The law an arrangement falls under."""

    JEUGDWET = "jeugdwet"
    WMO = "wmo"


def _check_id(_inst: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not _ID.match(value):
        raise InvalidValue(
            f"{attribute.name} {value!r} is not an identifier "
            "(1-64 letters, digits, '_', '.', ':' or '-')"
        )


def _normalise_code(value: str) -> str:
    if not isinstance(value, str):
        raise InvalidValue(f"a CBS gemeentecode is a string of four digits, got {value!r}")
    match = _CODE.match(value.strip().upper())
    if not match:
        raise InvalidValue(f"{value!r} is not a CBS gemeentecode (four digits, e.g. '0855')")
    return match.group(1)


@attrs.frozen(order=True)
class Municipality:
    """A municipality (*gemeente*) with its four-digit CBS gemeentecode (``"0855"``)."""

    code: str = attrs.field(converter=_normalise_code)
    name: str = attrs.field(order=False)

    @name.validator
    def _name(self, _attr: object, value: str) -> None:
        if not isinstance(value, str) or not value.strip():
            raise InvalidValue("a municipality needs a name")

    @property
    def gm_code(self) -> str:
        """The code as CBS writes it in tables: ``GM0855``."""
        return f"GM{self.code}"

    def __str__(self) -> str:
        return f"{self.name} ({self.gm_code})"


def _bsn_valid(digits: str) -> bool:
    if len(digits) != 9 or not (digits.isascii() and digits.isdigit()):
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    total = sum(int(d) * w for d, w in zip(digits, weights, strict=True))
    return total % 11 == 0 and digits != "000000000"


def _check_bsn(_inst: object, _attr: object, value: str) -> None:
    if not isinstance(value, str) or not _bsn_valid(value):
        raise InvalidBSN("burgerservicenummer fails the 11-proef (the number is not shown)")


@attrs.frozen(repr=False)
class Bsn:
    """A burgerservicenummer, checked with the 11-proef.

    It is never shown in full: ``repr`` and ``str`` show only the last three digits, and
    errors never include it. Use :attr:`value` where the full number is really needed
    (a national message).
    """

    value: str = attrs.field(validator=_check_bsn)

    @property
    def masked(self) -> str:
        return "******" + self.value[-3:]

    def __repr__(self) -> str:
        return f"Bsn({self.masked!r})"

    def __str__(self) -> str:
        return self.masked


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Age in whole years on ``day`` (a person born on 29 February turns a year older on
    1 March in a non-leap year)."""
    years = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


class Gender(enum.Enum):
    """Geslacht, national code list COD046."""

    UNKNOWN = "0"
    MALE = "1"
    FEMALE = "2"


def _line(max_length: int, pattern: str = r"[^\x00-\x1f\x7f-\x9f]*\S[^\x00-\x1f\x7f-\x9f]*",
          what: str = "one line of text, not blank") -> Callable[[object, Any, str | None], None]:
    """A validator of optional text: ``what``, at most ``max_length`` characters."""
    compiled = re.compile(pattern)

    def check(_inst: object, attribute: Any, value: str | None) -> None:
        if value is None:
            return
        if not isinstance(value, str) or len(value) > max_length or not compiled.fullmatch(value):
            raise InvalidValue(f"{attribute.name}: {value!r:.60} is not {what} of at most "
                               f"{max_length} characters")

    return check


_SURNAME = _line(200)


@attrs.frozen
class PersonName:
    """A person's name in parts, as the national messages carry it: surname (*achternaam*,
    without its *voorvoegsel* such as "de"), first names, initials (letters only, no dots)
    and *naamgebruik* (COD700: 1 own name; 2, 3, 4 with the partner's surname, which is then
    required; CS050)."""

    achternaam: str = attrs.field(validator=lambda i, a, v: _SURNAME(i, a, v))
    voorvoegsel: str | None = attrs.field(default=None, validator=_line(10))
    voornamen: str | None = attrs.field(default=None, validator=_line(200))
    voorletters: str | None = attrs.field(default=None, validator=_line(
        6, "[a-zA-Z\u00c0-\u1ef3]+", "letters only (no dots or spaces)"))
    naamgebruik: str = "1"
    partner_achternaam: str | None = attrs.field(default=None, validator=_line(200))
    partner_voorvoegsel: str | None = attrs.field(default=None, validator=_line(10))

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.achternaam, str):
            raise InvalidValue("a name needs an achternaam (surname)")
        allowed = ("1", "2", "3", "4") if self.partner_achternaam else ("1",)
        if self.naamgebruik not in allowed:
            raise InvalidValue(f"naamgebruik {self.naamgebruik!r} needs "
                               + ("one of 1-4" if self.partner_achternaam else
                                  "'1' without a partner_achternaam (2-4 use the partner's name)"))
        if self.partner_voorvoegsel and not self.partner_achternaam:
            raise InvalidValue("partner_voorvoegsel without a partner_achternaam")


_POSTCODE_NL = re.compile(r"[1-9][0-9]{3}[A-Z]{2}")


@attrs.frozen
class Address:
    """A contact address (the BRP address, IV047). A Dutch address (``land`` ``NL``) has a
    postcode ``1234AB`` and a house number."""

    postcode: str | None = attrs.field(default=None, validator=_line(8))
    huisnummer: int | None = None
    huisletter: str | None = attrs.field(default=None, validator=_line(1))
    huisnummer_toevoeging: str | None = attrs.field(default=None, validator=_line(4))
    straatnaam: str | None = attrs.field(default=None, validator=_line(24))
    plaatsnaam: str | None = attrs.field(default=None, validator=_line(80))
    land: str = attrs.field(default="NL", validator=_line(2, "[A-Z]{2}", "a two-letter country code"))

    def __attrs_post_init__(self) -> None:
        if self.huisnummer is not None and (
                type(self.huisnummer) is not int or not 0 <= self.huisnummer <= 99_999):
            raise InvalidValue(f"huisnummer {self.huisnummer!r} is not a whole number 0-99999")
        if self.land == "NL" and (self.postcode is None or not _POSTCODE_NL.fullmatch(
                self.postcode) or self.huisnummer is None):
            raise InvalidValue(f"a Dutch address needs a postcode like 1234AB (got "
                               f"{self.postcode!r}) and a huisnummer")


@attrs.frozen
class Person:
    """A member of a household. ``bsn`` is optional and never shown in full. ``gender``,
    ``names`` and ``address`` are what the national messages (iWmo/iJw 301) need."""

    id: str = attrs.field(validator=_check_id)
    birth_date: dt.date
    bsn: Bsn | None = None
    name: str | None = attrs.field(default=None, repr=False)
    gender: Gender | None = None
    names: PersonName | None = attrs.field(default=None, repr=False)
    address: Address | None = attrs.field(default=None, repr=False)

    def age_on(self, day: dt.date) -> int:
        return age_on(self.birth_date, day)

    def law_on(self, day: dt.date) -> Law:
        """The law by age alone: Jeugdwet under 18, Wmo from 18 (Jeugdwet art. 1.1).

        Extended youth care (18 to 23) is a decision about an allocation, not an age
        fact; policies check it with :meth:`may_receive`.
        """
        return Law.JEUGDWET if self.age_on(day) < ADULT_AGE else Law.WMO

    def may_receive(self, law: Law, day: dt.date, *, extended_youth_care: bool = False) -> bool:
        """Whether age allows care under ``law`` on ``day``.

        Wmo from 18; Jeugdwet under 18, or up to 23 when the allocation is extended youth
        care (*verlengde jeugdhulp*).
        """
        age = self.age_on(day)
        if law is Law.WMO:
            return age >= ADULT_AGE
        if age < ADULT_AGE:
            return True
        return extended_youth_care and age < MAX_EXTENDED_YOUTH_AGE


def _members(value: tuple[Person, ...]) -> tuple[Person, ...]:
    return as_tuple(value)


ALWAYS = Period(dt.date.min, OPEN_END)
"""The period of a fact that holds on every date (the default of the dated household facts)."""


@attrs.frozen
class Partnership:
    """Two members who are each other's partner during ``period``: spouses, registered
    partners or partners keeping a joint household (*gehuwden*, Wmo 2015 art. 1.1.1)."""

    first: str = attrs.field(validator=_check_id)
    second: str = attrs.field(validator=_check_id)
    period: Period = ALWAYS

    def __attrs_post_init__(self) -> None:
        if self.first == self.second:
            raise InvalidValue(f"a partnership needs two persons, got {self.first!r} twice")


@attrs.frozen
class Residence:
    """A member belongs to the household during ``period`` (a member without a residence
    belongs to it on every date)."""

    person_id: str = attrs.field(validator=_check_id)
    period: Period


@attrs.frozen
class HouseholdIncome:
    """The household's income per year (*verzamelinkomen*, in euros) during ``period``."""

    yearly: Money = attrs.field()
    period: Period = ALWAYS

    @yearly.validator
    def _check_yearly(self, _attr: object, value: Money) -> None:
        if not isinstance(value, Money) or value < Money.zero():
            raise InvalidValue(f"a yearly household income is an amount of 0 or more, got {value!r}")


def _tuple(value: object) -> tuple[object, ...]:
    if isinstance(value, (str, bytes, dict)):
        raise InvalidValue(f"expected a sequence, got {type(value).__name__}")
    return tuple(value)  # type: ignore[arg-type]


@attrs.frozen
class Household:
    """A household (*huishouden, gezin*): the unit of one plan, one coordinator, one budget.

    ``municipality`` is the municipality of residence, which decides the policy and who
    pays.

    Dated facts, all optional: ``partners`` (who is whose partner when), ``residence``
    (who belongs to the household when; see :meth:`members_on`), ``income`` (the yearly
    household income per period) and ``wlz_contribution`` (periods in which the household
    pays an own contribution under the Wlz).
    """

    id: str = attrs.field(validator=_check_id)
    municipality: Municipality
    members: tuple[Person, ...] = attrs.field(converter=_members)
    partners: tuple[Partnership, ...] = attrs.field(converter=_tuple, default=())
    residence: tuple[Residence, ...] = attrs.field(converter=_tuple, default=())
    income: tuple[HouseholdIncome, ...] = attrs.field(converter=_tuple, default=())
    wlz_contribution: tuple[Period, ...] = attrs.field(converter=_tuple, default=())

    def __attrs_post_init__(self) -> None:
        where = f"household {self.id}"
        for pair in self.partners:
            for pid in (pair.first, pair.second):
                if not self.has_member(pid):
                    raise InvalidValue(f"{where}: partner {pid!r} is not a member")
        for i, a in enumerate(self.partners):
            for b in self.partners[i + 1:]:
                if {a.first, a.second} & {b.first, b.second} and a.period.overlaps(b.period):
                    raise InvalidValue(f"{where}: a member has two partners at once")
        for stay in self.residence:
            if not self.has_member(stay.person_id):
                raise InvalidValue(f"{where}: residence of {stay.person_id!r}, not a member")
        for name, periods in (("income", [i.period for i in self.income]),
                              ("wlz_contribution", list(self.wlz_contribution))):
            ordered = sorted(periods)
            if any(a.overlaps(b) for a, b in itertools.pairwise(ordered)):
                raise InvalidValue(f"{where}: two {name} periods overlap")

    @members.validator
    def _check_members(self, _attr: object, value: tuple[Person, ...]) -> None:
        if not value:
            raise InvalidValue(f"household {self.id} has no members")
        ids = [p.id for p in value]
        if len(set(ids)) != len(ids):
            raise InvalidValue(f"household {self.id} lists a member twice")

    def member(self, person_id: str) -> Person:
        for person in self.members:
            if person.id == person_id:
                return person
        raise InvalidValue(f"household {self.id} has no member {person_id!r}")

    def has_member(self, person_id: str) -> bool:
        return any(p.id == person_id for p in self.members)

    def members_on(self, day: dt.date) -> tuple[Person, ...]:
        """Who belongs to the household on ``day``: a member with residences belongs during
        them, a member without one always."""
        dated = {r.person_id for r in self.residence}
        return tuple(p for p in self.members if p.id not in dated or any(
            r.person_id == p.id and day in r.period for r in self.residence))

    def partner_of(self, person_id: str, day: dt.date) -> Person | None:
        """The partner of ``person_id`` on ``day``, if both belong to the household then."""
        present = {p.id for p in self.members_on(day)}
        for pair in self.partners:
            if day in pair.period and person_id in (pair.first, pair.second):
                other = pair.second if person_id == pair.first else pair.first
                if person_id in present and other in present:
                    return self.member(other)
        return None

    def income_on(self, day: dt.date) -> Money | None:
        """The yearly household income on ``day``, or ``None`` when it is not known."""
        return next((i.yearly for i in self.income if day in i.period), None)

    def pays_wlz_contribution(self, day: dt.date) -> bool:
        return any(day in period for period in self.wlz_contribution)
