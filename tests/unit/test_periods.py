"""Periods, months and timelines."""

from __future__ import annotations

import datetime as dt

import pytest

from sociaaldomein import (
    AmbiguousDate,
    Month,
    MonthRounding,
    NotCovered,
    Period,
    PeriodError,
    Timeline,
    add_months,
)
from sociaaldomein.model.periods import TimelineEntry

D = dt.date


def test_half_open_period() -> None:
    january = Period(D(2019, 1, 1), D(2019, 2, 1))
    assert january.days == 31
    assert D(2019, 1, 31) in january and D(2019, 2, 1) not in january
    assert Period.inclusive(D(2019, 1, 1), D(2019, 1, 31)) == january
    assert january.last_day == D(2019, 1, 31)


def test_end_before_start_is_refused() -> None:
    with pytest.raises(PeriodError, match="must end after it starts"):
        Period(D(2019, 2, 1), D(2019, 1, 1))
    with pytest.raises(PeriodError):
        Period(D(2019, 2, 1), D(2019, 2, 1))


def test_intersection_and_split_by_month() -> None:
    p = Period(D(2019, 1, 15), D(2019, 3, 10))
    assert p.intersection(Period(D(2019, 3, 1), D(2019, 4, 1))) == Period(D(2019, 3, 1), D(2019, 3, 10))
    assert p.intersection(Period(D(2019, 4, 1), D(2019, 5, 1))) is None
    parts = p.split_by_month()
    assert [x.days for x in parts] == [17, 28, 9]
    assert sum(x.days for x in parts) == p.days
    assert list(p.months()) == [Month(2019, 1), Month(2019, 2), Month(2019, 3)]


def test_month() -> None:
    assert Month.parse("2020-02").days == 29
    assert str(Month(2019, 12).next()) == "2020-01"
    assert Month(2019, 1).plus(-1) == Month(2018, 12)
    for bad in ["2019-13", "2019/01", "19-01", ""]:
        with pytest.raises(PeriodError):
            Month.parse(bad)


def test_ambiguous_month_arithmetic_raises() -> None:
    assert add_months(D(2019, 1, 15), 1) == D(2019, 2, 15)
    with pytest.raises(AmbiguousDate):
        add_months(D(2019, 1, 31), 1)
    assert add_months(D(2019, 1, 31), 1, MonthRounding.END_OF_MONTH) == D(2019, 2, 28)
    assert add_months(D(2019, 1, 31), 1, MonthRounding.START_OF_NEXT_MONTH) == D(2019, 3, 1)
    assert add_months(D(2020, 2, 29), 12, MonthRounding.END_OF_MONTH) == D(2021, 2, 28)


def test_timeline_at_and_errors() -> None:
    t = Timeline.from_starts({D(2020, 1, 1): "a", D(2024, 1, 1): "b"}, until=D(2026, 1, 1))
    assert t.at(D(2023, 12, 31)) == "a"
    assert t.at(D(2024, 1, 1)) == "b"
    with pytest.raises(NotCovered):
        t.at(D(2019, 12, 31))
    with pytest.raises(NotCovered):
        t.at(D(2026, 1, 1))
    with pytest.raises(PeriodError, match="gap"):
        Timeline((TimelineEntry(Period(D(2020, 1, 1), D(2021, 1, 1)), 1),
                  TimelineEntry(Period(D(2021, 2, 1), D(2022, 1, 1)), 2)))
    with pytest.raises(PeriodError, match="overlaps"):
        Timeline((TimelineEntry(Period(D(2020, 1, 1), D(2021, 3, 1)), 1),
                  TimelineEntry(Period(D(2021, 2, 1), D(2022, 1, 1)), 2)))
