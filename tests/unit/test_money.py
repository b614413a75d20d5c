"""Money: integer cents, named rounding, Dutch formatting, refusal of floats."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from sociaaldomein import Money, MoneyError, Rounding


def test_constructors() -> None:
    assert Money.euros("12.34") == Money.cents(1234)
    assert Money.euros("12,5") == Money.cents(1250)
    assert Money.euros("-0.05") == Money.cents(-5)
    assert Money.euros(3) == Money.cents(300)
    assert Money.euros(Decimal("61.25")) == Money.cents(6125)


@pytest.mark.parametrize("bad", [12.34, "12.345", "1.234,56", "abc", "", Decimal("0.001"), True])
def test_constructors_refuse(bad: object) -> None:
    with pytest.raises(MoneyError):
        Money.euros(bad)  # type: ignore[arg-type]


def test_cents_refuses_float() -> None:
    with pytest.raises(MoneyError, match="integer number of cents"):
        Money.cents(12.0)  # type: ignore[arg-type]


def test_parse_float_amount_names_the_problem() -> None:
    with pytest.raises(MoneyError, match="float"):
        Money.parse(12.5)


def test_formatting() -> None:
    assert Money.euros("1234.56").format_nl() == "€ 1.234,56"
    assert Money.euros("-12.50").format_nl() == "€ -12,50"
    assert Money.cents(123456789).format_nl() == "€ 1.234.567,89"
    assert Money.euros("1234.56").plain() == "1234.56"
    assert str(Money.cents(-5)) == "-0.05"


def test_arithmetic_does_not_mix_with_numbers() -> None:
    a = Money.euros("10.00")
    assert a + Money.cents(1) == Money.cents(1001)
    assert a * 3 == Money.euros("30.00")
    assert sum([a, a]) == Money.euros("20.00")
    with pytest.raises(TypeError):
        _ = a + 1  # type: ignore[operator]
    with pytest.raises(TypeError):
        _ = a * 1.5  # type: ignore[operator]


def test_times_with_named_rounding() -> None:
    # 70% of 1234.55 = 864.185 -> half up 864.19, half even 864.18, down 864.18
    base = Money.euros("1234.55")
    assert base.times(Fraction(7, 10), Rounding.HALF_UP) == Money.euros("864.19")
    assert base.times(Decimal("0.7"), Rounding.HALF_EVEN) == Money.euros("864.18")
    assert base.times(Fraction(7, 10), Rounding.DOWN) == Money.euros("864.18")
    assert Money.cents(-5).times(Fraction(1, 2), Rounding.HALF_UP) == Money.cents(-3)
    with pytest.raises(MoneyError):
        base.times(0.7, Rounding.HALF_UP)  # type: ignore[arg-type]


def test_split_and_allocate_by_hand() -> None:
    assert Money.cents(1000).split(3) == (Money.cents(334), Money.cents(333), Money.cents(333))
    # 100.00 over 1:2:3 = 16.666.., 33.333.., 50.00 -> 16.67, 33.33, 50.00
    parts = Money.euros("100.00").allocate([1, 2, 3])
    assert parts == (Money.euros("16.67"), Money.euros("33.33"), Money.euros("50.00"))
    assert Money.cents(-1000).split(3) == (Money.cents(-334), Money.cents(-333), Money.cents(-333))
    with pytest.raises(MoneyError):
        Money.cents(1).split(0)
    with pytest.raises(MoneyError):
        Money.cents(1).allocate([0, 0])
    with pytest.raises(MoneyError):
        Money.cents(1).allocate([1, -1])


def test_split_into_too_many_parts_is_refused() -> None:
    with pytest.raises(MoneyError, match="1 to 1000000"):
        Money.cents(100).split(10**9)
