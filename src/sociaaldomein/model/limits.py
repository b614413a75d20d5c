"""Upper bounds on what the input may hold, in one place, each with its source.

Two kinds of bound live here:

* **Bounds on numbers as written.** A decimal such as ``"1e-999999999"`` is thirteen
  characters, but exact arithmetic on it (a ``Fraction`` of it, a comparison of sums) needs
  a billion digits and runs for minutes. Every decimal the library reads, from JSON, a
  table, a parameter file or a constructor, goes through :func:`bounded_decimal` (or
  :func:`bounded_fraction`) first, which refuses it before any arithmetic is done.
* **Bounds from the domain.** The national message standard (iWmo / iJw 3.2) caps a line
  amount and a volume at 99,999,999 (``LDT_Bedrag``, ``LDT_Volume``); a day has 1,440
  minutes and a month has as many etmalen as it has days. Past them is an input error
  (a single value) or a violation (a sum over a period), never a payment.

The size limit on input files (:data:`DEFAULT_MAX_INPUT_BYTES`) is here too.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from sociaaldomein.errors import InvalidValue
from sociaaldomein.model.provenance import NATIONAL, Ref, Source

__all__ = [
    "DEFAULT_MAX_INPUT_BYTES",
    "EARLIEST_CARE_DATE",
    "ISTANDAARDEN",
    "LATEST_CARE_DATE",
    "LINE_AMOUNT_REF",
    "MAX_DECIMAL_DIGITS",
    "MAX_DECIMAL_PLACES",
    "MAX_LINE_AMOUNT_CENTS",
    "MAX_NUMBER_TEXT",
    "MAX_VOLUME",
    "MINUTES_PER_DAY",
    "PHYSICAL_REF",
    "VOLUME_REF",
    "bounded_decimal",
    "bounded_fraction",
    "check_care_date",
    "per_day_max",
]

ISTANDAARDEN = Source(
    title="iWmo 3.2 / iJw 3.2 (berichtspecificaties, basisschema)",
    issuer="Zorginstituut Nederland",
)
"""The national message standards for Wmo and youth care (release 3.2, from April 2023)."""

MAX_LINE_AMOUNT_CENTS = 99_999_999
"""The largest amount of one line in eurocents: ``LDT_Bedrag`` is an integer 0..99999999
(the 323 declaration's ``IngediendBedrag`` and ``ProductTarief``)."""
LINE_AMOUNT_REF = Ref(source=ISTANDAARDEN, section="basisschema LDT_Bedrag (int 0..99999999)")

MAX_VOLUME = 99_999_999
"""The largest volume: ``LDT_Volume`` is an integer 0..99999999 (the 301's
``Omvang/Volume`` and the 323's ``GeleverdVolume``)."""
VOLUME_REF = Ref(source=ISTANDAARDEN, section="basisschema LDT_Volume (int 0..99999999)")

MINUTES_PER_DAY = 1_440
"""A day has 24 x 60 minutes."""

_PER_DAY: dict[str, int] = {"01": MINUTES_PER_DAY, "04": 24, "14": 1, "16": 6}
"""What one person can receive in a day, per Eenheid code (codes.md, list WJ756): 1,440
minutes (01), 24 hours (04), one etmaal (14) and six dagdelen of four hours (16). Pieces
(82, 84) and euros (83) have no physical bound per day."""

PHYSICAL_REF = Ref(
    source=NATIONAL,
    section="a day has 24 hours (1,440 minutes, one etmaal, six dagdelen of four hours); "
            "a month has as many etmalen as days (Eenheid, iWmo/iJw 3.2 list WJ756)",
)
"""The clause cited when delivered volume exceeds what time allows."""

MAX_DECIMAL_PLACES = 6
"""At most six decimal places in a quantity, share or rate (trailing zeros aside): a
millionth of an hour is 3.6 milliseconds."""
MAX_DECIMAL_DIGITS = 15
"""At most fifteen digits before the decimal point (amounts are held to the cent within
this range; volumes and quantities are bounded much lower by :data:`MAX_VOLUME`)."""
MAX_NUMBER_TEXT = 64
"""The longest text read as a number."""

DEFAULT_MAX_INPUT_BYTES = 200_000_000
"""The default size limit of an input file (JSON, CSV, Parquet): 200 MB. A setting:
``--max-input-size`` on the command line, ``max_bytes`` in the library."""

EARLIEST_CARE_DATE = dt.date(1900, 1, 1)
"""The earliest date a care event may carry: the Wmo and the Jeugdwet date from 2015, and a
date in year 1 is a placeholder or a typing error, not care."""
LATEST_CARE_DATE = dt.date(2199, 12, 31)
"""The latest date a care event may carry. ``9999-12-31`` is the open end of a *period*
(:data:`~sociaaldomein.model.periods.OPEN_END`), never the day something happened."""


def check_care_date(day: dt.date, what: str = "an event") -> None:
    """Refuse (InvalidValue) a date of something that happened outside
    :data:`EARLIEST_CARE_DATE` .. :data:`LATEST_CARE_DATE`."""
    if not EARLIEST_CARE_DATE <= day <= LATEST_CARE_DATE:
        raise InvalidValue(f"{what} dated {day.isoformat()} lies outside "
                           f"{EARLIEST_CARE_DATE.isoformat()} .. {LATEST_CARE_DATE.isoformat()}; "
                           "it is a placeholder or a typing error, not a day of care")


def per_day_max(unit_code: str) -> int | None:
    """What can be delivered to one person in one day in the unit with Eenheid code
    ``unit_code`` (``None`` for units time does not bound)."""
    return _PER_DAY.get(unit_code)


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def bounded_decimal(value: object, what: str = "a number", *,
                    places: int = MAX_DECIMAL_PLACES) -> Decimal:
    """``value`` (decimal text, an int or a Decimal) as a Decimal of bounded size.

    Refused with :class:`InvalidValue`, before any arithmetic on it: a float or bool,
    text of more than :data:`MAX_NUMBER_TEXT` characters or non-ASCII digits, NaN and
    infinities, more than ``places`` decimal places (trailing zeros aside) and more than
    :data:`MAX_DECIMAL_DIGITS` digits before the point. An exponent is allowed (``"1e3"``)
    and resolved: the result is written without one (``1000``).
    """
    if isinstance(value, (bool, float)):
        raise InvalidValue(f"{what} must be an integer or decimal text, not "
                           f"{type(value).__name__} {_shown(value)}")
    if isinstance(value, int):
        if abs(value) >= 10 ** MAX_DECIMAL_DIGITS:
            raise InvalidValue(f"{what} {_shown(value)} is too large "
                               f"(more than {MAX_DECIMAL_DIGITS} digits)")
        return Decimal(value)
    if isinstance(value, str):
        text = value.strip()
        if len(text) > MAX_NUMBER_TEXT:
            raise InvalidValue(f"{what}: text of {len(text)} characters is not a number "
                               f"(at most {MAX_NUMBER_TEXT})")
        if not text.isascii():
            raise InvalidValue(f"{_shown(value)} is not a decimal number (ASCII digits, "
                               "e.g. \"1.5\")")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise InvalidValue(f"{_shown(value)} is not a decimal number") from None
    elif isinstance(value, Decimal):
        number = value
    else:
        raise InvalidValue(f"{what} must be an integer or decimal text, not "
                           f"{type(value).__name__}")
    if not number.is_finite():
        raise InvalidValue(f"{what} {_shown(value)} is not a finite number")
    sign, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)  # finite
    if not any(digits):
        return Decimal(0)
    if len(digits) > MAX_NUMBER_TEXT:
        raise InvalidValue(f"{what} has {len(digits)} digits; at most {MAX_NUMBER_TEXT}")
    if number.adjusted() >= MAX_DECIMAL_DIGITS:
        raise InvalidValue(f"{what} {_shown(value)} is too large "
                           f"(more than {MAX_DECIMAL_DIGITS} digits before the point)")
    if exponent < -places:
        # trailing zeros do not count: 1.50000000 is 1.5
        kept = len(digits)
        while kept > 1 and digits[kept - 1] == 0 and exponent + (len(digits) - kept) < 0:
            kept -= 1
        exponent += len(digits) - kept
        digits = digits[:kept]
        if exponent < -places:
            raise InvalidValue(f"{what} {_shown(value)} has more than {places} decimal "
                               "places")
        number = Decimal((sign, digits, exponent))
    if exponent > 0:
        number = Decimal((sign, digits + (0,) * exponent, 0))
    return number


def bounded_fraction(value: object, what: str = "a fraction") -> Fraction:
    """``value`` (a Fraction, an int, a Decimal or text such as ``"7/10"`` or ``"0.7"``)
    as a Fraction whose numerator and denominator are bounded like
    :func:`bounded_decimal`'s numbers; :class:`InvalidValue` otherwise."""
    if isinstance(value, Fraction):
        result = value
    elif isinstance(value, str) and "/" in value:
        text = value.strip()
        if len(text) > MAX_NUMBER_TEXT:
            raise InvalidValue(f"{what}: text of {len(text)} characters is not a fraction")
        top, _, bottom = text.partition("/")
        numerator = bounded_decimal(top, what)
        denominator = bounded_decimal(bottom, what)
        if not denominator:
            raise InvalidValue(f"{_shown(value)} is not a fraction (division by zero)")
        result = Fraction(numerator) / Fraction(denominator)
    else:
        result = Fraction(bounded_decimal(value, what))
    limit = 10 ** (MAX_DECIMAL_DIGITS + MAX_DECIMAL_PLACES)
    if abs(result.numerator) >= limit or result.denominator >= limit:
        raise InvalidValue(f"{what} {_shown(value)} is too large or too fine")
    return result
