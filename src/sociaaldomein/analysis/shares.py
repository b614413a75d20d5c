"""Plain-Python analysis helpers that need no optional dependency.

:func:`shares_and_growth` turns counts per category and period into the table that
municipal reports print: each count's share of its period's total, and the growth from the
first to the last period. Exact fractions are kept; :func:`percent` rounds them for display
with a named rounding, as the document being reproduced did.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction

import attrs

from sociaaldomein.errors import InvalidValue
from sociaaldomein.model.money import Rounding

__all__ = ["ShareRow", "percent", "shares_and_growth"]


def _tuple_of_int(value: Sequence[int]) -> tuple[int, ...]:
    return tuple(value)


def _tuple_of_share(value: Sequence[Fraction | None]) -> tuple[Fraction | None, ...]:
    return tuple(value)


@attrs.frozen
class ShareRow:
    """One category: its counts per period, its share of each period's total (``None``
    when the total is zero) and its growth from the first to the last period (``None``
    when the first count is zero)."""

    category: str
    counts: tuple[int, ...] = attrs.field(converter=_tuple_of_int)
    shares: tuple[Fraction | None, ...] = attrs.field(converter=_tuple_of_share)
    growth: Fraction | None


def shares_and_growth(counts: Mapping[str, Sequence[int]]) -> tuple[ShareRow, ...]:
    """Shares per period and growth over the periods, from counts.

    >>> rows = shares_and_growth({"basis": [211, 92], "speciaal": [163, 277]})
    >>> percent(rows[0].shares[0]), percent(rows[0].growth)
    (Decimal('56'), Decimal('-56'))
    """
    if not counts:
        raise InvalidValue("no categories to compute shares of")
    widths = {len(v) for v in counts.values()}
    if len(widths) != 1 or 0 in widths:
        raise InvalidValue("every category needs a count for every period")
    width = widths.pop()
    for name, values in counts.items():
        if any(type(v) is not int or v < 0 for v in values):
            raise InvalidValue(f"counts of {name!r} must be non-negative integers")
    totals = [sum(v[i] for v in counts.values()) for i in range(width)]
    rows = []
    for name, values in counts.items():
        shares = [Fraction(values[i], totals[i]) if totals[i] else None for i in range(width)]
        growth = Fraction(values[-1] - values[0], values[0]) if values[0] else None
        rows.append(ShareRow(name, tuple(values), tuple(shares), growth))
    return tuple(rows)


def percent(value: Fraction | None, places: int = 0, rounding: Rounding = Rounding.HALF_UP) -> Decimal | None:
    """A fraction as a percentage rounded to ``places`` decimals (``None`` stays ``None``)."""
    if value is None:
        return None
    scaled = value * 100 * 10**places
    return Decimal(rounding.round(scaled)).scaleb(-places)
