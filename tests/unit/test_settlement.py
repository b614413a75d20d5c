"""The settlement engine, by hand-checkable figures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

import pytest

from sociaaldomein import (
    Allocation,
    BillingPeriod,
    CareEvent,
    Delivery,
    Due,
    Evaluation,
    FundingModel,
    Installment,
    LineKind,
    LumpSum,
    Money,
    Month,
    Period,
    PerPeriod,
    PriceQuantity,
    Proration,
    Ref,
    SettlementError,
    SettlementLine,
    SettlementRules,
    Source,
    Start,
    Stay,
    Stop,
    StopReason,
    Trajectory,
    Unit,
)
from sociaaldomein.model.lines import lump_sum_lines, settle_allocation_month
from sociaaldomein.settle.settlement import Settlement

D = dt.date
REF = Ref(Source("Test document", "Test"), "§1", rule="T-01")


def _alloc(period: Period) -> Allocation:
    return Allocation("a1", "h1", "c1", "x", "P1", period)


MARCH = Month(2019, 3)
PLAIN = SettlementRules()


def _settle(
    model: FundingModel,
    events: Sequence[CareEvent] = (),
    month: Month = MARCH,
    period: Period | None = None,
    rules: SettlementRules = PLAIN,
) -> list[SettlementLine]:
    alloc = _alloc(period or Period(D(2019, 1, 1), D(2020, 1, 1)))
    return settle_allocation_month(
        alloc, tuple(events), month, model, region="r", municipality="0855", segment="s",
        rule="T-01", ref=REF, tariff_ref=REF, rules=rules,
    )


def test_per_month_by_days() -> None:
    model = PerPeriod(Money.euros("300.00"), BillingPeriod.MONTH, Proration.BY_DAYS)
    # care from 10 March: 22 of 31 days: 300 x 22/31 = 212.903.. -> 212.90
    lines = _settle(model, period=Period(D(2019, 3, 10), D(2019, 12, 1)))
    assert [x.amount for x in lines] == [Money.euros("212.90")]
    assert lines[0].kind is LineKind.PERIOD and lines[0].rule == "T-01"


def test_per_month_whole_and_full_only() -> None:
    period = Period(D(2019, 3, 10), D(2019, 12, 1))
    whole = PerPeriod(Money.euros("300.00"), BillingPeriod.MONTH, Proration.WHOLE_MONTH)
    only = PerPeriod(Money.euros("300.00"), BillingPeriod.MONTH, Proration.FULL_MONTHS_ONLY)
    assert [x.amount for x in _settle(whole, period=period)] == [Money.euros("300.00")]
    assert _settle(only, period=period) == []
    assert [x.amount for x in _settle(only, period=period, month=Month(2019, 4))] == [Money.euros("300.00")]


def test_four_weekly_amount_in_a_calendar_month() -> None:
    # 344.13 per 4 weeks, March has 31 days: 344.13 x 31/28 = 381.000.. -> 381.00
    model = PerPeriod(Money.euros("344.13"), BillingPeriod.FOUR_WEEKS, Proration.BY_DAYS)
    assert [x.amount for x in _settle(model)] == [Money.euros("381.00")]


def test_stop_ends_payment_on_its_date() -> None:
    model = PerPeriod(Money.euros("310.00"), BillingPeriod.MONTH, Proration.BY_DAYS)
    stop = Stop("a1", D(2019, 3, 11), StopReason.BY_AGREEMENT)  # 10 days in care
    assert [x.amount for x in _settle(model, [stop])] == [Money.euros("100.00")]
    assert _settle(model, [stop], month=Month(2019, 4)) == []


def test_no_cure_no_more_pay_from_next_month() -> None:
    model = PerPeriod(Money.euros("310.00"), BillingPeriod.MONTH, Proration.BY_DAYS)
    negative = Evaluation("a1", D(2019, 3, 20), contributes=False)
    rules = SettlementRules(stop_after_negative_evaluation=REF)
    march = _settle(model, [negative], rules=rules)
    assert [x.amount for x in march] == [Money.euros("310.00")]
    assert "payment stops from 2019-04-01" in march[0].explanation
    assert _settle(model, [negative], month=Month(2019, 4), rules=rules) == []
    # without the rule, payment goes on
    assert len(_settle(model, [negative], month=Month(2019, 4))) == 1


def test_trajectory_70_30() -> None:
    model = Trajectory(
        Money.euros("1234.55"),
        (Installment(Fraction(7, 10), Due.START), Installment(Fraction(3, 10), Due.COMPLETION)),
        frozenset({StopReason.CLIENT_UNILATERAL}),
    )
    period = Period(D(2019, 3, 1), D(2019, 9, 1))
    start = _settle(model, [Start("a1", D(2019, 3, 4))], period=period)
    end = _settle(model, [Start("a1", D(2019, 3, 4))], month=Month(2019, 8), period=period)
    assert start[0].amount + end[0].amount == model.amount
    assert start[0].amount == Money.euros("864.19")  # largest remainder: 864.185 -> .19
    quit_ = _settle(model, [Start("a1", D(2019, 3, 4)), Stop("a1", D(2019, 5, 1), StopReason.CLIENT_UNILATERAL)],
                    month=Month(2019, 4), period=period)
    assert quit_[0].kind is LineKind.WITHHELD and quit_[0].amount == Money.zero()
    assert quit_[0].withheld == Money.euros("370.36")


def test_price_quantity_and_budget_maximum() -> None:
    model = PriceQuantity(Money.euros("55.80"), Unit.HOUR, budget_max=Money.euros("500.00"))
    events = [Delivery("a1", D(2019, 2, 5), Decimal(6), Unit.HOUR),
              Delivery("a1", D(2019, 3, 5), Decimal(4), Unit.HOUR),
              Delivery("a1", D(2019, 3, 6), Decimal(90), Unit.MINUTE)]
    # February: 6 x 55.80 = 334.80; March: 5.5 x 55.80 = 306.90 but only 165.20 left
    assert [x.amount for x in _settle(model, events, month=Month(2019, 2))] == [Money.euros("334.80")]
    march = _settle(model, events)
    assert [x.amount for x in march] == [Money.euros("165.20")]
    assert "budget maximum" in march[0].explanation


def test_stay_per_etmaal_and_unit_mismatch() -> None:
    model = Stay(Money.euros("204.21"))
    events = [Delivery("a1", D(2019, 3, 1), Decimal(3), Unit.ETMAAL)]
    assert [x.amount for x in _settle(model, events)] == [Money.euros("612.63")]
    with pytest.raises(SettlementError, match="cannot be settled"):
        _settle(model, [Delivery("a1", D(2019, 3, 1), Decimal(3), Unit.HOUR)])


def test_lump_sum_terms_and_key() -> None:
    model = LumpSum(Money.euros("1000.00"), terms=12)
    lines = lump_sum_lines(model, Month(2019, 1), region="r", provider="P1",
                           shares=[("0513", 3), ("0637", 1)], rule="T-01", ref=REF, tariff_ref=REF)
    # 1000/12 -> first term 83.34; split 3:1 -> 62.51 + 20.83 (62.505 rounds up by remainder)
    assert sum((x.amount for x in lines), Money.zero()) == Money.euros("83.34")
    assert [x.amount for x in lines] == [Money.euros("62.51"), Money.euros("20.83")]
    assert sum(model.term_amounts(), Money.zero()) == model.amount_per_year


def test_settlement_totals_groups_and_explain() -> None:
    model = PerPeriod(Money.euros("300.00"), BillingPeriod.MONTH, Proration.BY_DAYS)
    lines = [*_settle(model), *_settle(model, month=Month(2019, 4))]
    s = Settlement(tuple(lines))
    assert s.total == Money.euros("600.00")
    assert s.group_by("month") == {"2019-03": Money.euros("300.00"), "2019-04": Money.euros("300.00")}
    text = s.explain(month="2019-03")
    assert "€ 300,00" in text and "T-01" in text and "§1" in text
    with pytest.raises(SettlementError, match="only a correction"):
        type(lines[0])(**{**{f: getattr(lines[0], f) for f in ("region", "municipality", "provider", "month", "kind", "rule", "ref", "explanation")},
                          "amount": Money.cents(-1)})


def test_corrections_after_a_late_stop() -> None:
    """March was paid in full (300.00); a stop on 11 March arrives late: owed is 10/31 x
    300 = 96.77, so the correction is -203.23 and paid + correction = owed."""
    model = PerPeriod(Money.euros("300.00"), BillingPeriod.MONTH, Proration.BY_DAYS)
    from sociaaldomein.settle.settlement import corrections

    paid = Settlement(tuple(_settle(model)))
    owed = Settlement(tuple(_settle(model, [Stop("a1", D(2019, 3, 11), StopReason.MOVED)])))
    fix = corrections(paid, owed, rule="T-09", ref=REF)
    assert [x.amount for x in fix] == [Money.euros("-203.23")]
    assert fix[0].kind is LineKind.CORRECTION
    assert (paid + Settlement(tuple(fix))).total == owed.total == Money.euros("96.77")
    assert corrections(owed, owed, rule="T-09", ref=REF) == []


def test_quantities_print_plainly() -> None:
    """Ten hours print as 10, not 1E+1."""
    model = PriceQuantity(Money.euros("66.00"), Unit.HOUR)
    lines = _settle(model, [Delivery("a1", D(2019, 3, 5), Decimal(10), Unit.HOUR)])
    assert lines[0].amount == Money.euros("660.00")
    assert "x 10 delivered" in lines[0].explanation and lines[0].quantity == Decimal(10)
