"""Money as an integer number of euro cents.

Money never holds a float and never silently mixes with plain numbers. Multiplying by a
non-integer names its rounding; :meth:`Money.split` and :meth:`Money.allocate` return parts
that add up to the whole, to the cent (largest remainder). Money may be negative:
corrections and credits are.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Sequence
from decimal import (
    ROUND_CEILING,
    ROUND_DOWN,
    ROUND_FLOOR,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    ROUND_UP,
    Decimal,
    InvalidOperation,
)
from fractions import Fraction
from typing import Union

import attrs

from sociaaldomein.errors import MoneyError

__all__ = ["Money", "Rounding", "total"]

Quantity = Union[int, Decimal, Fraction]  # noqa: UP007 - used at run time in isinstance

MAX_FACTOR_EXPONENT = 64
"""A Decimal factor of :meth:`Money.times` has an exponent within +/-64 (exact arithmetic
on ``Decimal("1e-999999999")`` would need a billion digits)."""

MAX_PARTS = 1_000_000
"""The most parts :meth:`Money.split` and :meth:`Money.allocate` make."""

_EUROS = re.compile(r"^(-)?([0-9]{1,15})(?:[.,]([0-9]{1,2}))?$")  # ASCII digits only


class Rounding(enum.Enum):
    """How a fraction of a cent is rounded. Named, never implied."""

    HALF_UP = "half_up"
    """Half a cent away from zero (commercial rounding, *rekenkundig afronden*)."""
    HALF_EVEN = "half_even"
    """Half a cent to the even cent (banker's rounding)."""
    DOWN = "down"
    """Towards zero (truncate)."""
    UP = "up"
    """Away from zero."""
    FLOOR = "floor"
    """Towards minus infinity."""
    CEILING = "ceiling"
    """Towards plus infinity."""

    @property
    def decimal_mode(self) -> str:
        return {
            Rounding.HALF_UP: ROUND_HALF_UP,
            Rounding.HALF_EVEN: ROUND_HALF_EVEN,
            Rounding.DOWN: ROUND_DOWN,
            Rounding.UP: ROUND_UP,
            Rounding.FLOOR: ROUND_FLOOR,
            Rounding.CEILING: ROUND_CEILING,
        }[self]

    def round(self, value: Fraction) -> int:
        """Round an exact number of cents to an integer number of cents."""
        num, den = value.numerator, value.denominator
        floor, rem = divmod(num, den)
        if rem == 0:
            return floor
        ceil = floor + 1
        if self is Rounding.FLOOR:
            return floor
        if self is Rounding.CEILING:
            return ceil
        if self is Rounding.DOWN:
            return floor if value > 0 else ceil
        if self is Rounding.UP:
            return ceil if value > 0 else floor
        twice = 2 * rem
        if twice < den:
            return floor
        if twice > den:
            return ceil
        if self is Rounding.HALF_EVEN:
            return floor if floor % 2 == 0 else ceil
        return ceil if value > 0 else floor  # HALF_UP: away from zero


def _check_cents(_inst: object, _attr: object, value: int) -> None:
    if type(value) is not int:
        raise MoneyError(
            f"money holds an integer number of cents, got {type(value).__name__} {value!r}"
        )


def _as_fraction(factor: object) -> Fraction:
    if isinstance(factor, (bool, float)):
        raise MoneyError(
            f"money cannot be multiplied by a {type(factor).__name__}; "
            "use an int, Decimal or Fraction"
        )
    if isinstance(factor, int | Fraction):
        return Fraction(factor)
    if isinstance(factor, Decimal):
        if not factor.is_finite():
            raise MoneyError(f"money cannot be multiplied by {factor}")
        exponent = factor.as_tuple().exponent
        assert isinstance(exponent, int)  # finite
        if factor and not -MAX_FACTOR_EXPONENT <= exponent <= MAX_FACTOR_EXPONENT:
            # Fraction(Decimal("1e-999999999")) would need a billion digits
            raise MoneyError(f"money cannot be multiplied by {factor}: its exponent is "
                             f"beyond +/-{MAX_FACTOR_EXPONENT}")
        return Fraction(factor)
    raise MoneyError(f"money cannot be multiplied by {type(factor).__name__}")


@attrs.frozen(order=True)
class Money:
    """An amount in euro, held as an integer number of cents.

    >>> Money.euros("1234.56").format_nl()
    '€ 1.234,56'
    >>> Money.cents(1000).split(3)
    (Money(3334), Money(3333), Money(3333))
    """

    amount_cents: int = attrs.field(validator=_check_cents)

    # -- construction -----------------------------------------------------------------
    @classmethod
    def cents(cls, cents: int) -> Money:
        """Money from an integer number of cents. Floats and strings are refused."""
        return cls(cents)

    @classmethod
    def euros(cls, euros: str | int | Decimal) -> Money:
        """Money from euros: ``"12.34"`` (also ``"12,34"``), an int, or an exact Decimal.

        A float is refused, and so is a Decimal or string with fractions of a cent.
        """
        if isinstance(euros, (bool, float)):
            raise MoneyError(
                f"money cannot be made from a {type(euros).__name__} ({euros!r}); "
                'write the amount as a string, e.g. "12.34"'
            )
        if isinstance(euros, int):
            return cls(euros * 100)
        if isinstance(euros, Decimal):
            if euros.is_finite() and euros.adjusted() > 15:
                raise MoneyError(f"{euros} euro is too large for an amount")
            try:
                scaled = euros * 100
                if not scaled.is_finite() or scaled != scaled.to_integral_value():
                    raise MoneyError(f"{euros} euro is not a whole number of cents")
                return cls(int(scaled))
            except InvalidOperation as exc:  # pragma: no cover - defensive
                raise MoneyError(f"{euros!r} is not an amount") from exc
        if isinstance(euros, str):
            match = _EUROS.match(euros.strip())
            if not match:
                shown = repr(euros) if len(euros) <= 40 else repr(euros[:40]) + "..."
                raise MoneyError(
                    f"{shown} is not an amount in euros; write it as \"1234.56\" "
                    "(at most two decimals, no thousands separator)"
                )
            sign, whole, frac = match.groups()
            cents = int(whole) * 100 + int((frac or "0").ljust(2, "0"))
            return cls(-cents if sign else cents)
        raise MoneyError(f"money cannot be made from {type(euros).__name__}")

    @classmethod
    def zero(cls) -> Money:
        return cls(0)

    @classmethod
    def parse(cls, value: object) -> Money:
        """Money from data: a string in euros or an integer in cents (never a float)."""
        if isinstance(value, bool):
            raise MoneyError(f"{value!r} is not an amount")
        if isinstance(value, int):
            return cls(value)
        if isinstance(value, str):
            return cls.euros(value)
        if isinstance(value, float):
            raise MoneyError(
                f"amount {value!r} is a float; write euros as a string (\"{value}\") "
                "or cents as an integer"
            )
        raise MoneyError(f"{value!r} is not an amount: use a string in euros or integer cents")

    # -- arithmetic -------------------------------------------------------------------
    def __add__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        return Money(self.amount_cents + other.amount_cents)

    def __radd__(self, other: object) -> Money:
        # lets the built-in sum() start from 0
        if other == 0 and type(other) is int:
            return self
        return NotImplemented

    def __sub__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        return Money(self.amount_cents - other.amount_cents)

    def __neg__(self) -> Money:
        return Money(-self.amount_cents)

    def __abs__(self) -> Money:
        return Money(abs(self.amount_cents))

    def __mul__(self, factor: int) -> Money:
        """Exact multiplication by an integer. Use :meth:`times` for anything else."""
        if type(factor) is not int:
            return NotImplemented
        return Money(self.amount_cents * factor)

    __rmul__ = __mul__

    def __bool__(self) -> bool:
        return self.amount_cents != 0

    def times(self, factor: int | Decimal | Fraction, rounding: Rounding) -> Money:
        """Multiply by a quantity or fraction and round to the cent with ``rounding``."""
        if not isinstance(rounding, Rounding):
            raise MoneyError(f"rounding must be a Rounding, e.g. Rounding.HALF_UP; got "
                             f"{type(rounding).__name__} {rounding!r}")
        exact = Fraction(self.amount_cents) * _as_fraction(factor)
        return Money(rounding.round(exact))

    def split(self, parts: int) -> tuple[Money, ...]:
        """Split into ``parts`` amounts that differ by at most a cent and add up exactly."""
        if type(parts) is not int or not 1 <= parts <= MAX_PARTS:
            raise MoneyError(f"cannot split money into {parts!r} parts (1 to {MAX_PARTS})")
        return self.allocate([1] * parts)

    def allocate(self, weights: Sequence[int | Decimal | Fraction]) -> tuple[Money, ...]:
        """Split in proportion to ``weights``; the parts add up to the whole, to the cent.

        Largest-remainder method: each part gets the floor of its exact share, and the
        cents left over go, one each, to the parts with the largest remainders (earlier
        parts first on a tie). Weights must be non-negative and not all zero.
        """
        if len(weights) > MAX_PARTS:
            raise MoneyError(f"cannot allocate money over more than {MAX_PARTS} weights")
        fracs = [_as_fraction(w) for w in weights]
        if not fracs:
            raise MoneyError("cannot allocate money over no weights")
        if any(w < 0 for w in fracs):
            raise MoneyError("allocation weights must not be negative")
        total_weight = sum(fracs, Fraction(0))
        if total_weight == 0:
            raise MoneyError("allocation weights must not all be zero")
        sign = -1 if self.amount_cents < 0 else 1
        whole = abs(self.amount_cents)
        exact = [Fraction(whole) * w / total_weight for w in fracs]
        floors = [e.numerator // e.denominator for e in exact]
        left = whole - sum(floors)
        order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))
        for i in order[:left]:
            floors[i] += 1
        return tuple(Money(sign * f) for f in floors)

    # -- presentation -----------------------------------------------------------------
    @property
    def decimal(self) -> Decimal:
        """The amount in euros as an exact Decimal (two places)."""
        return Decimal(self.amount_cents).scaleb(-2)

    def plain(self) -> str:
        """Plain decimal euros: ``"-1234.56"``. This is also the JSON form."""
        sign = "-" if self.amount_cents < 0 else ""
        whole, cents = divmod(abs(self.amount_cents), 100)
        return f"{sign}{whole}.{cents:02d}"

    def format_nl(self) -> str:
        """Dutch notation: ``€ 1.234,56`` and ``€ -12,50``."""
        sign = "-" if self.amount_cents < 0 else ""
        whole, cents = divmod(abs(self.amount_cents), 100)
        grouped = f"{whole:,}".replace(",", ".")
        return f"€ {sign}{grouped},{cents:02d}"

    def __str__(self) -> str:
        return self.plain()

    def __repr__(self) -> str:
        return f"Money({self.amount_cents})"


def total(amounts: Iterable[Money]) -> Money:
    """The exact sum of amounts (``Money.zero()`` for none)."""
    cents = 0
    for amount in amounts:
        cents += amount.amount_cents
    return Money(cents)
