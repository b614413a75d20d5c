"""Indicators, flat tables and settlement of a year on a small caseload checkable by hand
(the template region: begeleiding EUR 450 a month pro rata by days, a youth trajectory
of EUR 3000 paid 70% at the start and 30% at completion, withheld when the client stops)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

import pytest

from sociaaldomein import (
    Allocation,
    Caseload,
    Evaluation,
    GoalRealisation,
    Household,
    Money,
    Municipality,
    Period,
    Person,
    Registry,
    Start,
    Stop,
    StopReason,
)
from sociaaldomein.analysis.report import indicator_rows, indicators, render_table
from sociaaldomein.errors import InvalidInput
from sociaaldomein.io.tables import caseload_from_rows, caseload_to_rows, read_csv_rows, write_csv
from sociaaldomein.settle.regions import settle_year
from sociaaldomein_template import POLICY

VOORBEELDDORP = Municipality("9901", "Voorbeelddorp")  # a member of the template region

D = dt.date
REGISTRY = Registry.of(POLICY)


@pytest.fixture
def caseload() -> Caseload:
    adult, child = Person("p1", D(1960, 5, 1)), Person("p2", D(2014, 5, 1))
    household = Household("h1", VOORBEELDDORP, (adult, child))
    a1 = Allocation("a1", "h1", "p1", "begeleiding", "P1", Period(D(2024, 2, 1), D(2025, 1, 1)),
                    decided_on=D(2024, 1, 20))
    a2 = Allocation("a2", "h1", "p2", "jeugdhulp-traject", "P2",
                    Period(D(2024, 3, 1), D(2024, 9, 1)), decided_on=D(2024, 2, 25))
    a3 = Allocation("a3", "h1", "p1", "begeleiding", "P1", Period(D(2024, 7, 1), D(2025, 7, 1)),
                    decided_on=D(2024, 6, 1))
    events = (
        Start("a1", D(2024, 2, 1)), Stop("a1", D(2024, 6, 1), StopReason.COMPLETED),
        Evaluation("a1", D(2024, 5, 15), goals=GoalRealisation.REALISED, satisfaction=8),
        Start("a2", D(2024, 3, 1)), Stop("a2", D(2024, 4, 15), StopReason.CLIENT_UNILATERAL),
        Evaluation("a2", D(2024, 4, 10), goals=GoalRealisation.NOT_REALISED, satisfaction=5),
        Start("a3", D(2024, 7, 1)),
    )
    return Caseload((household,), (), (a1, a2, a3), events)


def test_indicators_by_hand(caseload: Caseload) -> None:
    """Two of three allocations ended: one according to plan, one early by the client; one
    of two evaluated realised its goals; marks 8 and 5; waiting 12, 5 and 30 days; care
    lasted 121 and 45 days."""
    (row,) = indicators(caseload, "all", period=(D(2024, 1, 1), D(2025, 1, 1)), registry=REGISTRY)
    assert (row.allocations, row.clients, row.inflow, row.outflow, row.ended) == (3, 2, 3, 2, 2)
    assert row.dropout_share("according_to_plan") == Fraction(1, 2)
    assert row.dropout_share("early_client") == Fraction(1, 2)
    assert row.goal_realisation == Fraction(1, 2)
    assert row.satisfaction_mean == Fraction(13, 2)
    assert row.satisfaction_positive == Fraction(1, 2)
    assert sorted(row.waiting_days) == [5, 12, 30]
    assert row.waiting_median == 12
    assert row.duration_mean == Fraction(121 + 45, 2)
    (flat,) = indicator_rows([row])
    assert flat["waiting_mean_days"] == "15.7"  # 47 / 3 = 15.67, half up
    assert flat["dropout_according_to_plan_pct"] == "50.0"
    assert flat["duration_mean_days"] == "83.0"


def test_indicators_per_arrangement(caseload: Caseload) -> None:
    rows = {r.group: r for r in indicators(caseload, "arrangement", registry=REGISTRY)}
    assert set(rows) == {"template:begeleiding", "template:jeugdhulp-traject"}
    assert rows["template:begeleiding"].allocations == 2


def test_a_year_settled_by_hand(caseload: Caseload) -> None:
    """a1: February to May, 4 x 450 = 1800; a3: July to December, 6 x 450 = 2700; a2: the
    start installment 2100, the completion installment 900 withheld. 6600 in all."""
    settlement, years = settle_year(caseload, None, REGISTRY)
    assert years == {"template": 2024}
    assert settlement.total == Money.euros("6600.00")
    assert settlement.total_withheld == Money.euros("900.00")
    a1 = [line for line in settlement.lines if line.allocation == "a1"]
    assert sum(line.amount.amount_cents for line in a1) == 180000
    assert sorted(str(line.month) for line in a1) == ["2024-02", "2024-03", "2024-04", "2024-05"]
    per_client = settlement.group_by("client")
    assert per_client == {"p1": Money.euros("4500.00"), "p2": Money.euros("2100.00")}


def test_flat_tables_round_trip(caseload: Caseload, tmp_path: Path) -> None:
    from sociaaldomein.io.tables import ALLOCATION_TABLE, EVENT_TABLE

    allocs, events = caseload_to_rows(caseload)
    write_csv(tmp_path / "a.csv", ALLOCATION_TABLE, allocs)
    write_csv(tmp_path / "e.csv", EVENT_TABLE, events)
    a_cols, a_rows = read_csv_rows(tmp_path / "a.csv")
    e_cols, e_rows = read_csv_rows(tmp_path / "e.csv")
    back = caseload_from_rows(a_rows, e_rows, allocation_columns=a_cols, event_columns=e_cols)
    assert back.households == caseload.households
    assert back.allocations == caseload.allocations
    assert back.events == caseload.events


def test_flat_tables_carry_the_dated_fields(tmp_path: Path) -> None:
    """Registration date, referral and start times, pgb amount, dated household income and
    Wlz contribution periods survive the CSV round trip; a malformed income names its row
    and column."""
    from sociaaldomein import HouseholdIncome
    from sociaaldomein.io.tables import ALLOCATION_TABLE, EVENT_TABLE

    household = Household(
        "h1", Municipality("9901", "Voorbeelddorp"), (Person("p1", dt.date(1960, 1, 1)),),
        income=(HouseholdIncome(Money.euros("45000"), Period.year(2024)),
                HouseholdIncome(Money.euros("47000.50"), Period.open(dt.date(2025, 1, 1)))),
        wlz_contribution=(Period(dt.date(2024, 3, 1), dt.date(2024, 6, 1)),),
    )
    alloc = Allocation("a1", "h1", "p1", "begeleiding", "P1", Period.year(2024),
                       referred_on=dt.date(2024, 1, 2), referred_time=dt.time(22, 15),
                       registered_on=dt.date(2023, 12, 20), pgb=True,
                       pgb_amount=Money.euros("350.00"))
    caseload = Caseload((household,), (), (alloc,), (Start("a1", dt.date(2024, 1, 3),
                                                            dt.time(8, 0)),))
    allocs, events = caseload_to_rows(caseload)
    assert allocs[0]["income"] == "2024-01-01..2025-01-01=45000.00; 2025-01-01..=47000.50"
    assert allocs[0]["referred_time"] == "22:15:00" and events[0]["time"] == "08:00:00"
    write_csv(tmp_path / "a.csv", ALLOCATION_TABLE, allocs)
    write_csv(tmp_path / "e.csv", EVENT_TABLE, events)
    a_cols, a_rows = read_csv_rows(tmp_path / "a.csv")
    e_cols, e_rows = read_csv_rows(tmp_path / "e.csv")
    back = caseload_from_rows(a_rows, e_rows, allocation_columns=a_cols, event_columns=e_cols)
    assert back == caseload
    a_rows[0]["income"] = "2024-01-01=45000"
    with pytest.raises(InvalidInput) as info:
        caseload_from_rows(a_rows, allocation_columns=a_cols, allocations_source="a.csv")
    assert "row 2, column 'income'" in str(info.value)
    a_rows[0]["income"] = ""
    a_rows[0]["referred_time"] = "25:00"
    with pytest.raises(InvalidInput, match="column 'referred_time'"):
        caseload_from_rows(a_rows, allocation_columns=a_cols, allocations_source="a.csv")


def test_flat_table_errors_name_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text(
        "household,municipality,municipality_name,client,birth_date,allocation,arrangement,"
        "provider,start\n"
        "h1,9901,Voorbeelddorp,p1,1960-01-01,a1,begeleiding,P1,2024-01-01\n"
        "h1,9901,Voorbeelddorp,p1,1960-01-01,a2,begeleiding,P1,2024-02-31\n", "utf-8")
    cols, rows = read_csv_rows(path)
    with pytest.raises(InvalidInput) as info:
        caseload_from_rows(rows, allocation_columns=cols, allocations_source=str(path))
    assert "row 3, column 'start'" in str(info.value) and str(path) in str(info.value)
    path.write_text("household,colour\nh1,red\n", "utf-8")
    cols, rows = read_csv_rows(path)
    with pytest.raises(InvalidInput, match="unknown column"):
        caseload_from_rows(rows, allocation_columns=cols, allocations_source=str(path))
    path.write_text('household,start\n"h1,2024\n', "utf-8")
    with pytest.raises(InvalidInput):
        read_csv_rows(path)


def test_render_table() -> None:
    text = render_table(["a", "amount"], [["x", Money.euros("1234.5")], ["yy", None]], right=(1,))
    assert text.splitlines() == [
        "a       amount",
        "--  ----------",
        "x   € 1.234,50",
        "yy           -",
    ]
