"""Money conserves value under split, allocate and rounding."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from sociaaldomein import Money, Rounding
from sociaaldomein.model.money import total
from sociaaldomein.testing.strategies import distribution_keys, money


@given(money(-10**9, 10**9), st.integers(1, 50))
def test_split_adds_up_and_is_fair(amount: Money, parts: int) -> None:
    pieces = amount.split(parts)
    assert len(pieces) == parts
    assert total(pieces) == amount
    cents = [p.amount_cents for p in pieces]
    assert max(cents) - min(cents) <= 1


@given(money(-10**9, 10**9), distribution_keys())
def test_allocate_adds_up_and_stays_within_a_cent(amount: Money, weights: list[int]) -> None:
    parts = amount.allocate(weights)
    assert total(parts) == amount
    whole = sum(weights)
    for part, weight in zip(parts, weights, strict=True):
        exact = Fraction(amount.amount_cents * weight, whole)
        assert abs(part.amount_cents - exact) < 1


@given(money(-10**7, 10**7), st.fractions(min_value=-10, max_value=10, max_denominator=1000),
       st.sampled_from(Rounding))
def test_times_rounds_to_an_adjacent_cent(amount: Money, factor: Fraction, rounding: Rounding) -> None:
    exact = Fraction(amount.amount_cents) * factor
    result = amount.times(factor, rounding).amount_cents
    assert abs(result - exact) < 1
    if rounding in (Rounding.HALF_UP, Rounding.HALF_EVEN):
        assert abs(result - exact) <= Fraction(1, 2)
    if rounding is Rounding.FLOOR:
        assert result <= exact
    if rounding is Rounding.CEILING:
        assert result >= exact


@given(money(-10**9, 10**9))
def test_text_forms_round_trip(amount: Money) -> None:
    assert Money.euros(amount.plain()) == amount
    assert Money.parse(amount.plain()) == amount
