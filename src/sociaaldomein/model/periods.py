"""Periods, months and timelines.

A :class:`Period` is a half-open date range ``[start, end)``: a period from 1 January to
1 February is the 31 days of January. :class:`Month` is a calendar month. Month arithmetic
that would have to guess (31 January plus one month) raises :class:`AmbiguousDate` unless a
:class:`MonthRounding` is named. A :class:`Timeline` holds values valid over consecutive
periods (tariffs per contract year, membership of a region, the national own-contribution
maximum) and answers :meth:`Timeline.at`; a gap or an overlap is an error, never a silent
default.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import itertools
import re
from collections.abc import Iterator, Sequence
from typing import Generic, TypeVar

import attrs

from sociaaldomein.errors import AmbiguousDate, NotCovered, PeriodError

__all__ = [
    "OPEN_END",
    "Month",
    "MonthRounding",
    "Period",
    "Timeline",
    "TimelineEntry",
    "add_months",
]

T = TypeVar("T")

OPEN_END = dt.date.max
"""The end of a period that has no end yet (a decision without an end date)."""

_MONTH = re.compile(r"^([0-9]{4})-([0-9]{2})$")  # ASCII digits only


class MonthRounding(enum.Enum):
    """What to do when a day does not exist in the target month."""

    END_OF_MONTH = "end_of_month"
    """31 January + 1 month = 28/29 February."""
    START_OF_NEXT_MONTH = "start_of_next_month"
    """31 January + 1 month = 1 March."""


def add_months(day: dt.date, months: int, rounding: MonthRounding | None = None) -> dt.date:
    """``day`` plus a number of calendar months.

    Raises :class:`AmbiguousDate` when the day does not exist in the target month and no
    ``rounding`` is named.
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    if not 1 <= year <= 9999:
        raise PeriodError(f"{day.isoformat()} plus {months} months is out of range")
    last = calendar.monthrange(year, month0 + 1)[1]
    if day.day <= last:
        return dt.date(year, month0 + 1, day.day)
    if rounding is None:
        raise AmbiguousDate(
            f"{day.isoformat()} plus {months} month(s) falls on a day that does not exist "
            f"in {year}-{month0 + 1:02d}; name a MonthRounding"
        )
    if rounding is MonthRounding.END_OF_MONTH:
        return dt.date(year, month0 + 1, last)
    return dt.date(year, month0 + 1, last) + dt.timedelta(days=1)


def _check_month(inst: Month, _attr: object, value: int) -> None:
    if type(value) is not int or not 1 <= value <= 12:
        raise PeriodError(f"month must be 1..12, got {value!r}")


def _check_year(_inst: object, _attr: object, value: int) -> None:
    if type(value) is not int or not 1 <= value <= 9998:
        raise PeriodError(f"year must be 1..9998, got {value!r}")


@attrs.frozen(order=True)
class Month:
    """A calendar month, e.g. ``Month(2019, 3)``; parsed from and shown as ``"2019-03"``."""

    year: int = attrs.field(validator=_check_year)
    month: int = attrs.field(validator=_check_month)

    @classmethod
    def parse(cls, text: str) -> Month:
        """Parse ``"YYYY-MM"``; anything else raises :class:`PeriodError`."""
        match = _MONTH.match(text.strip()) if isinstance(text, str) else None
        if not match:
            raise PeriodError(f"{text!r} is not a month; write it as YYYY-MM, e.g. 2019-03")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: dt.date) -> Month:
        """The month a date falls in."""
        return cls(day.year, day.month)

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def period(self) -> Period:
        """The month as a half-open period ``[first day, first day of next month)``."""
        last = calendar.monthrange(self.year, self.month)[1]  # 9998-12 ends in 9999
        return Period(self.first_day, self.first_day + dt.timedelta(days=last))

    @property
    def days(self) -> int:
        return calendar.monthrange(self.year, self.month)[1]

    def next(self) -> Month:
        return self.plus(1)

    def plus(self, months: int) -> Month:
        if type(months) is not int:
            raise PeriodError(f"a number of months is a whole number, got "
                              f"{type(months).__name__} {months!r}")
        index = self.year * 12 + (self.month - 1) + months
        year, month0 = divmod(index, 12)
        return Month(year, month0 + 1)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def _check_end(inst: Period, _attr: object, value: dt.date) -> None:
    if not isinstance(inst.start, dt.date) or isinstance(inst.start, dt.datetime):
        raise PeriodError(f"start must be a date, got {inst.start!r}")
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise PeriodError(f"end must be a date, got {value!r}")
    if value <= inst.start:
        raise PeriodError(
            f"a period must end after it starts: {inst.start.isoformat()} .. {value.isoformat()}"
        )


@attrs.frozen(order=True)
class Period:
    """A half-open date range ``[start, end)``. ``end`` is the first day *not* included.

    Use :data:`OPEN_END` for a period without an end.
    """

    start: dt.date
    end: dt.date = attrs.field(validator=_check_end)

    @classmethod
    def year(cls, year: int) -> Period:
        """The calendar year ``year``."""
        return cls(dt.date(year, 1, 1), dt.date(year + 1, 1, 1))

    @classmethod
    def open(cls, start: dt.date) -> Period:
        """A period from ``start`` without an end."""
        return cls(start, OPEN_END)

    @classmethod
    def inclusive(cls, first: dt.date, last: dt.date) -> Period:
        """The period from ``first`` up to and including ``last`` (as documents write it);
        a ``last`` of ``date.max`` is the open end."""
        for name, value in (("first", first), ("last", last)):
            if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
                raise PeriodError(f"{name} must be a date, got {type(value).__name__} "
                                  f"{value!r:.40}")
        if last == dt.date.max:
            return cls(first, OPEN_END)
        return cls(first, last + dt.timedelta(days=1))

    @property
    def is_open(self) -> bool:
        return self.end == OPEN_END

    @property
    def last_day(self) -> dt.date:
        """The last day included in the period."""
        return self.end - dt.timedelta(days=1)

    @property
    def days(self) -> int:
        """Length in days."""
        return (self.end - self.start).days

    def __contains__(self, day: object) -> bool:
        if isinstance(day, dt.date) and not isinstance(day, dt.datetime):
            return self.start <= day < self.end
        return False

    def contains_period(self, other: Period) -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Period) -> bool:
        return self.start < other.end and other.start < self.end

    def intersection(self, other: Period) -> Period | None:
        """The days both periods share, or ``None`` when they do not overlap."""
        start, end = max(self.start, other.start), min(self.end, other.end)
        return Period(start, end) if start < end else None

    def months(self) -> Iterator[Month]:
        """The calendar months this period touches, in order."""
        if self.is_open:
            raise PeriodError("an open period has no last month; intersect it with a year first")
        month = Month.of(self.start)
        last = Month.of(self.last_day)
        while month <= last:
            yield month
            month = month.next()

    def split_by_month(self) -> list[Period]:
        """The parts of this period in each calendar month; they add up to the period."""
        parts: list[Period] = []
        for month in self.months():
            part = self.intersection(month.period)
            assert part is not None
            parts.append(part)
        return parts

    def with_end(self, end: dt.date) -> Period:
        return Period(self.start, end)

    def __str__(self) -> str:
        end = "open" if self.is_open else self.last_day.isoformat()
        return f"{self.start.isoformat()} .. {end}"


@attrs.frozen
class TimelineEntry(Generic[T]):
    """A value valid over a period."""

    period: Period
    value: T


def _check_entries(inst: Timeline[object], _attr: object, value: tuple[TimelineEntry[object], ...]) -> None:
    if not value:
        raise PeriodError(f"timeline {inst.name!r} has no entries")
    for before, after in itertools.pairwise(value):
        if after.period.start < before.period.end:
            raise PeriodError(
                f"timeline {inst.name!r}: {before.period} overlaps {after.period}"
            )
        if after.period.start > before.period.end:
            raise PeriodError(
                f"timeline {inst.name!r} has a gap from {before.period.end.isoformat()} "
                f"to {after.period.start.isoformat()}"
            )


def _sort_entries(entries: Sequence[TimelineEntry[T]]) -> tuple[TimelineEntry[T], ...]:
    return tuple(sorted(entries, key=lambda e: e.period.start))


@attrs.frozen
class Timeline(Generic[T]):
    """Values valid over consecutive periods, without gaps or overlaps.

    >>> import datetime as dt
    >>> t = Timeline.from_starts({dt.date(2020, 1, 1): 19, dt.date(2024, 1, 1): 20})
    >>> t.at(dt.date(2022, 6, 1))
    19
    """

    entries: tuple[TimelineEntry[T], ...] = attrs.field(
        converter=_sort_entries, validator=_check_entries
    )
    name: str = "timeline"

    @classmethod
    def from_starts(
        cls, values: dict[dt.date, T], *, until: dt.date = OPEN_END, name: str = "timeline"
    ) -> Timeline[T]:
        """Each value is valid from its date until the next one (the last until ``until``)."""
        starts = sorted(values)
        if not starts:
            raise PeriodError(f"timeline {name!r} has no entries")
        ends = [*starts[1:], until]
        return cls(
            tuple(TimelineEntry(Period(s, e), values[s]) for s, e in zip(starts, ends, strict=True)),
            name=name,
        )

    @property
    def period(self) -> Period:
        """The whole span the timeline covers."""
        return Period(self.entries[0].period.start, self.entries[-1].period.end)

    def at(self, day: dt.date) -> T:
        """The value valid on ``day``; :class:`NotCovered` when there is none."""
        for entry in self.entries:
            if day in entry.period:
                return entry.value
        raise NotCovered(
            f"{self.name} has no value for {day.isoformat()} (it covers {self.period})"
        )

    def get(self, day: dt.date) -> T | None:
        """Like :meth:`at`, but ``None`` when the day is not covered."""
        for entry in self.entries:
            if day in entry.period:
                return entry.value
        return None

    def covers(self, day: dt.date) -> bool:
        return any(day in e.period for e in self.entries)

    def __iter__(self) -> Iterator[TimelineEntry[T]]:
        return iter(self.entries)
