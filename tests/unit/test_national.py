"""National rules: the Wmo subscription tariff by year."""

from __future__ import annotations

import pytest

from sociaaldomein import Money, Month, NotCovered
from sociaaldomein.policy.national import subscription_tariff_for_month


@pytest.mark.parametrize(("month", "amount"), [
    ("2020-01", "19.00"), ("2023-12", "19.00"), ("2024-06", "20.60"),
    ("2025-01", "21.00"), ("2026-11", "21.80"),
])
def test_monthly_amounts(month: str, amount: str) -> None:
    assert subscription_tariff_for_month(Month.parse(month))[0] == Money.euros(amount)


def test_2019_is_per_four_weeks() -> None:
    # four-week periods from 1 Jan 2019 start on 1 Jan, 29 Jan, 26 Feb, 26 Mar, ...
    assert subscription_tariff_for_month(Month(2019, 1))[0] == Money.euros("35.00")
    assert subscription_tariff_for_month(Month(2019, 2))[0] == Money.euros("17.50")
    year = sum((subscription_tariff_for_month(Month(2019, m))[0] for m in range(1, 13)), Money.zero())
    assert year == Money.euros("17.50") * 13


def test_2027_is_not_law() -> None:
    with pytest.raises(NotCovered):
        subscription_tariff_for_month(Month(2027, 1))
