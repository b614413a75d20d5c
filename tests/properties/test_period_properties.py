"""Period and timeline algebra."""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import given
from hypothesis import strategies as st

from sociaaldomein import Month, MonthRounding, Period, add_months
from sociaaldomein.testing.strategies import dates, periods


@given(periods())
def test_split_by_month_partitions_the_period(period: Period) -> None:
    parts = period.split_by_month()
    assert parts[0].start == period.start and parts[-1].end == period.end
    assert sum(p.days for p in parts) == period.days
    for before, after in itertools.pairwise(parts):
        assert before.end == after.start
        assert Month.of(after.start) == Month.of(before.start).next()


@given(periods(), periods())
def test_intersection_is_symmetric_and_contained(a: Period, b: Period) -> None:
    both = a.intersection(b)
    assert both == b.intersection(a)
    assert (both is not None) == a.overlaps(b)
    if both is not None:
        assert a.contains_period(both) and b.contains_period(both)


@given(dates(), st.integers(-60, 60), st.sampled_from(MonthRounding))
def test_add_months_lands_in_the_right_month(day: dt.date, n: int, rounding: MonthRounding) -> None:
    result = add_months(day, n, rounding)
    target = Month.of(day).plus(n)
    if rounding is MonthRounding.END_OF_MONTH or day.day <= target.days:
        assert Month.of(result) == target
    else:
        assert result == target.next().first_day
