"""Bounds on numbers and on the domain: refused before any arithmetic, with the library's own
error; delivered volume past what time or the allocation allows is a violation and is never
paid (issue 12, points 1 to 3)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sociaaldomein import (
    Allocation,
    Case,
    Caseload,
    Delivery,
    Due,
    Frequency,
    Household,
    Installment,
    InvalidValue,
    LineKind,
    Money,
    MoneyError,
    Month,
    Municipality,
    Period,
    Person,
    Rounding,
    SettlementError,
    SettlementLine,
    Severity,
    Start,
    Stay,
    Unit,
)
from sociaaldomein.model.limits import (
    LINE_AMOUNT_REF,
    MAX_DECIMAL_PLACES,
    MAX_LINE_AMOUNT_CENTS,
    MAX_VOLUME,
    MINUTES_PER_DAY,
    VOLUME_REF,
    bounded_decimal,
    bounded_fraction,
    per_day_max,
)
from sociaaldomein.model.lines import SettlementRules, settle_allocation_month
from sociaaldomein.model.provenance import NATIONAL, Ref
from sociaaldomein.policy.volumes import (
    ALLOCATED_CODE,
    PHYSICAL_CODE,
    TWICE_CODE,
    check_delivered_volume,
    month_capacity,
)

D = dt.date
HOSTILE = ["1e999999999", "1e-999999999", "1e5000", "-1e-999999999", "9" * 65,
           "1E+999999999", "0.0000001", "1000000000000000"]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_decimals_are_refused_before_arithmetic(text: str) -> None:
    with pytest.raises(InvalidValue):
        bounded_decimal(text)
    with pytest.raises(InvalidValue):
        bounded_fraction(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("1e3", "1000"), ("1.500000000000", "1.5"), ("0e-999999999", "0"), (" 2.25 ", "2.25"),
    ("0.000001", "0.000001"), ("100", "100"),
])
def test_bounded_decimals_keep_their_value(text: str, expected: str) -> None:
    assert str(bounded_decimal(text)) == expected


def test_fractions_as_text() -> None:
    assert bounded_fraction("7/10") == Fraction(7, 10)
    assert bounded_fraction("0.7") == Fraction(7, 10)
    with pytest.raises(InvalidValue, match="division by zero"):
        bounded_fraction("1/0")
    with pytest.raises(InvalidValue):
        bounded_fraction("1/1e-999999999")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789eE+-.", max_size=30))
def test_any_number_text_is_bounded_or_refused(text: str) -> None:
    try:
        number = bounded_decimal(text)
    except InvalidValue:
        return
    exponent = number.as_tuple().exponent
    assert isinstance(exponent, int) and -MAX_DECIMAL_PLACES <= exponent <= 0
    assert number == Decimal(text.strip())  # the value as written, without an exponent


def test_library_constructors_refuse_hostile_numbers_fast() -> None:
    # Installment("1e-999999999") used to hang building a billion-digit fraction
    for text in HOSTILE:
        with pytest.raises(InvalidValue):
            Installment(text, Due.START)
        with pytest.raises(InvalidValue):
            Delivery("a1", D(2019, 1, 1), text, Unit.HOUR)
    with pytest.raises(InvalidValue):
        Installment(Decimal("1e-999999999"), Due.START)
    with pytest.raises(MoneyError, match="exponent"):
        Money.cents(100).times(Decimal("1e-999999999"), Rounding.HALF_UP)
    with pytest.raises(InvalidValue):
        Delivery("a1", D(2019, 1, 1), 1.5, Unit.HOUR)


def test_volume_cap_is_the_national_one() -> None:
    assert MAX_VOLUME == 99_999_999 and "LDT_Volume" in VOLUME_REF.section
    assert MAX_LINE_AMOUNT_CENTS == 99_999_999 and "LDT_Bedrag" in LINE_AMOUNT_REF.section
    assert Delivery("a1", D(2019, 1, 1), MAX_VOLUME, Unit.PIECE_EFFORT).quantity == MAX_VOLUME
    with pytest.raises(InvalidValue, match="national maximum volume 99,999,999"):
        Delivery("a1", D(2019, 1, 1), MAX_VOLUME + 1, Unit.PIECE_EFFORT)
    with pytest.raises(InvalidValue, match="national maximum volume"):
        _allocation(volume="1e9")


def test_one_delivery_holds_at_most_its_month() -> None:
    assert per_day_max(Unit.MINUTE.value) == MINUTES_PER_DAY == 1440
    assert month_capacity(Unit.ETMAAL, 2019, 2) == 28
    assert month_capacity(Unit.MINUTE, 2019, 1) == 31 * 1440
    assert month_capacity(Unit.PIECE_EFFORT, 2019, 1) is None
    assert Delivery("a1", D(2019, 2, 1), 28, Unit.ETMAAL).quantity == 28
    with pytest.raises(InvalidValue, match="more than the month holds"):
        Delivery("a1", D(2019, 2, 1), 29, Unit.ETMAAL)
    with pytest.raises(InvalidValue, match="more than the month holds"):
        Delivery("a1", D(2019, 1, 9), 31 * 1440 + 1, Unit.MINUTE)


def test_a_settlement_line_past_the_national_cap_is_refused() -> None:
    ref = Ref(NATIONAL, "test")

    def line(kind: LineKind, cents: int) -> SettlementLine:
        return SettlementLine("r", "0855", "P1", Month(2019, 1), kind, Money(cents), "rule",
                              ref, "x")

    assert line(LineKind.DELIVERY, MAX_LINE_AMOUNT_CENTS).amount.amount_cents == 99_999_999
    with pytest.raises(SettlementError, match="more than one line may pay"):
        line(LineKind.DELIVERY, MAX_LINE_AMOUNT_CENTS + 1)
    # a lump sum term per provider is no declaration line
    assert line(LineKind.LUMP_SUM, 10 * MAX_LINE_AMOUNT_CENTS).amount.amount_cents > 0


# -- delivered volume ----------------------------------------------------------------------
def _allocation(volume: object = None, unit: Unit | None = None,
                frequency: Frequency | None = None) -> Allocation:
    return Allocation("a1", "h1", "c1", "verblijf", "P1", Period(D(2019, 1, 1), D(2020, 1, 1)),
                      volume=volume, unit=unit, frequency=frequency)


def _case(allocation: Allocation, *events: Delivery) -> Case:
    household = Household("h1", Municipality("0855", "Tilburg"), (Person("c1", D(2010, 1, 1)),))
    return Case(household, (), (allocation,), (Start("a1", D(2019, 1, 1)), *events))


def test_a_stay_delivered_twice_is_a_violation_and_never_paid() -> None:
    """The review's case: a month's stay declared twice paid 62 etmalen in 31 days."""
    once = Delivery("a1", D(2019, 1, 1), 31, Unit.ETMAAL)
    case = _case(_allocation(), once, once)
    found = check_delivered_volume(case)
    assert [v.code for v in found] == [TWICE_CODE, PHYSICAL_CODE]
    assert found[0].severity is Severity.WARNING and found[1].is_error
    found = found[1:]
    assert "62 etmaal delivered in 2019-01" in found[0].message
    assert "at most 31" in found[0].message
    assert found[0].path == "households[h1].allocations[a1].events"
    assert check_delivered_volume(_case(_allocation(), once)) == []
    with pytest.raises(SettlementError, match="more than its 31 days hold"):
        settle_allocation_month(
            case.allocations[0], case.events, Month(2019, 1), Stay(Money.euros("100.00")),
            region="r", municipality="0855", segment=None, rule="r", ref=Ref(NATIONAL, "x"),
            tariff_ref=None, rules=SettlementRules())
    lines = settle_allocation_month(
        case.allocations[0], (once,), Month(2019, 1), Stay(Money.euros("100.00")),
        region="r", municipality="0855", segment=None, rule="r", ref=Ref(NATIONAL, "x"),
        tariff_ref=None, rules=SettlementRules())
    assert [line.amount for line in lines] == [Money.euros("3100.00")]


def test_minutes_are_counted_per_month_across_units() -> None:
    # 31 days of 1,440 minutes is the most a month of care can hold
    full = Delivery("a1", D(2019, 1, 1), 31 * 1440, Unit.MINUTE)
    assert check_delivered_volume(_case(_allocation(), full)) == []
    extra = Delivery("a1", D(2019, 1, 15), 1, Unit.MINUTE)
    assert [v.code for v in check_delivered_volume(_case(_allocation(), full, extra))] == [
        PHYSICAL_CODE]


@pytest.mark.parametrize(("frequency", "volume", "delivered", "ok"), [
    (Frequency.PER_MONTH, 10, 10, True), (Frequency.PER_MONTH, 10, 11, False),
    # January 2019 touches five ISO weeks (1 to 5): 5 x 4 = 20 hours
    (Frequency.PER_WEEK, 4, 20, True), (Frequency.PER_WEEK, 4, 21, False),
    (Frequency.PER_DAY, 1, 31, True), (Frequency.PER_DAY, 1, 32, False),
    (Frequency.TOTAL, 40, 40, True), (Frequency.TOTAL, 40, 41, False),
])
def test_delivered_beyond_allocated(frequency: Frequency, volume: int, delivered: int,
                                    ok: bool) -> None:
    allocation = _allocation(volume, Unit.HOUR, frequency)
    # in minutes, converted to the allocation's hours; split over two deliveries
    events = (Delivery("a1", D(2019, 1, 3), 60 * (delivered - 1), Unit.MINUTE),
              Delivery("a1", D(2019, 1, 30), 1, Unit.HOUR))
    found = check_delivered_volume(_case(allocation, *events))
    assert [v.code for v in found] == ([] if ok else [ALLOCATED_CODE])
    if not ok:
        assert f"{delivered} uur delivered" in found[0].message
        assert "TR32" in found[0].ref.section


def test_a_duplicate_event_id_is_refused() -> None:
    household = Household("h1", Municipality("0855", "Tilburg"), (Person("c1", D(2010, 1, 1)),))
    alloc = _allocation()
    first = Delivery("a1", D(2019, 1, 1), 3, Unit.ETMAAL, id="decl-17")
    assert Caseload((household,), (), (alloc,), (first,)).events[0].id == "decl-17"
    with pytest.raises(InvalidValue, match="events\\[1\\]: event id 'decl-17' is used twice"):
        Caseload((household,), (), (alloc,), (first, Start("a1", D(2019, 1, 1), id="decl-17")))
    with pytest.raises(InvalidValue, match="not an identifier"):
        Start("a1", D(2019, 1, 1), id="")


def test_deliveries_alike_without_an_id_are_a_warning() -> None:
    hours = Delivery("a1", D(2019, 1, 7), 2, Unit.HOUR)
    found = check_delivered_volume(_case(_allocation(), hours, hours))
    assert [(v.code, v.severity) for v in found] == [(TWICE_CODE, Severity.WARNING)]
    assert "two deliveries of 2 uur on 2019-01-07" in found[0].message
    named = (Delivery("a1", D(2019, 1, 7), 2, Unit.HOUR, id="r1"),
             Delivery("a1", D(2019, 1, 7), 2, Unit.HOUR, id="r2"))
    assert check_delivered_volume(_case(_allocation(), *named)) == []


def test_indexation_rates_are_bounded() -> None:
    from sociaaldomein import Indexation

    assert Indexation({2020: "2.5"}).rates == {2020: Decimal("2.5")}  # type: ignore[dict-item]
    with pytest.raises(InvalidValue, match="the indexation rate of 2020"):
        Indexation({2020: Decimal("1e-999999999")})


@pytest.mark.parametrize(("volume", "unit", "frequency", "ok"), [
    (24, Unit.HOUR, Frequency.PER_DAY, True), (25, Unit.HOUR, Frequency.PER_DAY, False),
    (7, Unit.ETMAAL, Frequency.PER_WEEK, True), (8, Unit.ETMAAL, Frequency.PER_WEEK, False),
    (31 * 1440, Unit.MINUTE, Frequency.PER_MONTH, True),
    (31 * 1440 + 1, Unit.MINUTE, Frequency.PER_MONTH, False),
    (365, Unit.ETMAAL, Frequency.TOTAL, True), (366, Unit.ETMAAL, Frequency.TOTAL, False),
    (1000, Unit.PIECE_EFFORT, Frequency.PER_DAY, True),
])
def test_an_allocated_volume_time_cannot_hold(volume: int, unit: Unit, frequency: Frequency,
                                              ok: bool) -> None:
    found = check_delivered_volume(_case(_allocation(volume, unit, frequency)))
    assert [(v.code, v.path) for v in found] == (
        [] if ok else [(PHYSICAL_CODE, "households[h1].allocations[a1].volume")])
