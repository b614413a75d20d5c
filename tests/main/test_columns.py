"""The columnar engine against the object engine, line by line (issue 16).

The object engine is the reference: for hypothesis-generated households of every region
(with evaluations, minute deliveries, stops for every reason) and for the generator's
caseload, both engines must produce the same lines: allocations, months, kinds, amounts to
the cent, rule ids. ``explain`` must work on any line the columns produced.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import re
import stat
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import attrs
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sociaaldomein import (
    CareEvent,
    Case,
    Caseload,
    Delivery,
    Evaluation,
    Money,
    Month,
    Registry,
    Rounding,
    SettlementLine,
    Unit,
    default_registry,
    settle,
)
from sociaaldomein.errors import SociaaldomeinError
from sociaaldomein.io.columns import read_columns
from sociaaldomein.policy.plugin import RegionPolicy
from sociaaldomein.settle.columns import (
    CaseloadColumns,
    _round_div,
    explain_line,
    line_key_frame,
    line_keys,
    settle_columns,
)
from sociaaldomein.settle.regions import settle_year
from sociaaldomein.synth import generate
from sociaaldomein.testing.strategies import cases_for

REGIONS = default_registry().policies()


def _objects(caseload: Caseload, year: int, registry: Registry) -> list[SettlementLine]:
    lines: list[SettlementLine] = []
    for m in range(1, 13):
        lines.extend(settle(caseload, Month(year, m), registry).lines)
    return lines


@st.composite
def richer_cases(draw: st.DrawFn, policy: RegionPolicy) -> Case:
    """``cases_for`` plus what it leaves out: evaluations (some negative), deliveries in
    minutes and in fractions of a unit, down to a millionth."""
    case = draw(cases_for(policy))
    extra: list[CareEvent] = []
    for alloc in case.allocations:
        if draw(st.booleans()):
            day = alloc.period.start + dt.timedelta(days=draw(st.integers(0, 200)))
            extra.append(Evaluation(alloc.id, day, contributes=draw(st.booleans())))
        if alloc.unit is not None and draw(st.booleans()):
            day = alloc.period.start + dt.timedelta(days=draw(st.integers(0, 300)))
            unit = alloc.unit
            if unit is Unit.HOUR and draw(st.booleans()):
                unit = Unit.MINUTE
            quantity = draw(st.sampled_from([Decimal("0.5"), Decimal("1.25"), Decimal(45),
                                             Decimal("0.000001"), Decimal(3)]))
            if unit is Unit.ETMAAL:
                quantity = Decimal(min(int(quantity) or 1, 28))
            extra.append(Delivery(alloc.id, day, quantity, unit))
    return attrs.evolve(case, events=case.events + tuple(extra))


@pytest.mark.parametrize("policy", REGIONS, ids=lambda p: p.code)
def test_columns_equal_objects_on_generated_households(policy: RegionPolicy) -> None:
    registry = Registry.of(policy)

    @settings(max_examples=20, deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(st.lists(richer_cases(policy), min_size=1, max_size=3,
                    unique_by=lambda c: c.household.id))
    def check(cases: Sequence[Case]) -> None:
        caseload = Caseload.of_cases(cases)
        year = min(a.period.start for a in caseload.allocations).year
        columns = CaseloadColumns.from_caseload(caseload)
        try:
            expected = _objects(caseload, year, registry)
        except SociaaldomeinError:
            with pytest.raises(SociaaldomeinError):
                settle_columns(columns, year, registry)
            return
        got = settle_columns(columns, year, registry)
        assert line_key_frame(got) == line_keys(expected)

    check()


@pytest.fixture(scope="module")
def synthetic() -> Caseload:
    return generate(households=400, seed=16).caseload


def test_columns_equal_objects_on_the_generators_caseload(synthetic: Caseload) -> None:
    settlement, years = settle_year(synthetic)
    result = settle_columns(CaseloadColumns.from_caseload(synthetic), years)
    assert dict(result.years) == years
    assert len(settlement.lines) > 1000
    assert line_key_frame(result) == line_keys(settlement)
    assert result.total_cents == settlement.total.amount_cents
    # lines of every funding model the regions use, and region lines (MH lump sums)
    kinds = set(result.lines["kind"].unique().to_list())
    assert {"period", "installment", "delivery", "stay", "lump_sum",
            "own_contribution"} <= kinds


def test_explain_works_on_any_columnar_line(synthetic: Caseload) -> None:
    columns = CaseloadColumns.from_caseload(synthetic)
    result = settle_columns(columns)
    picked = result.lines.group_by("region", "kind").head(2)
    assert picked.height >= 10
    for row in picked.iter_rows(named=True):
        text = explain_line(columns, row)
        assert f"rule {row['rule']}" in text
        assert Money.cents(row["amount_cents"]).format_nl() in text


def test_columns_to_objects_keep_rule_and_clause(synthetic: Caseload) -> None:
    result = settle_columns(CaseloadColumns.from_caseload(synthetic))
    settlement = result.to_settlement()
    assert len(settlement) == result.lines.height
    assert settlement.total.amount_cents == result.total_cents
    assert all(line.rule and line.ref.section for line in settlement.lines)


def test_tables_read_straight_into_columns(synthetic: Caseload, tmp_path: Path) -> None:
    from sociaaldomein.analysis.frames import write_caseload_table

    allocs, events = write_caseload_table(synthetic, tmp_path, fmt="parquet")
    from_file = read_columns(allocs, events)
    from_objects = CaseloadColumns.from_caseload(synthetic)
    a = settle_columns(from_file)
    b = settle_columns(from_objects)
    assert a.total_cents == b.total_cents
    out = a.write(tmp_path / "lines.parquet")
    written = pl.read_parquet(out)
    assert written.height == a.lines.height
    assert written["ref"].null_count() == 0
    assert int(written["amount_cents"].sum()) == int(a.lines["amount_cents"].sum())


def test_a_declared_fallback_goes_through_the_object_path() -> None:
    from sociaaldomein_midden_holland.policy import POLICY as MH

    switched = attrs.evolve(MH, contributions=attrs.evolve(MH.contributions, hbh_enabled=True))
    registry = Registry.of(switched)
    caseload = generate(households=60, seed=3, regions=["midden-holland"],
                        registry=registry).caseload
    year = 2026
    result = settle_columns(CaseloadColumns.from_caseload(caseload), year, registry)
    assert result.fallback_households > 0
    assert set(result.lines["engine"].unique().to_list()) == {"columns", "objects"}
    assert line_key_frame(result) == line_keys(_objects(caseload, year, registry))


def test_own_contribution_capped_at_cost_in_columns() -> None:
    from sociaaldomein_hart_van_brabant.funding import OwnContribution
    from sociaaldomein_hart_van_brabant.policy import POLICY as HVB

    charging = attrs.evolve(HVB, own_contribution=OwnContribution(
        charge=True, lowered_to=Money.euros("12.00")))
    registry = Registry.of(charging)
    caseload = generate(households=60, seed=5, regions=["hart-van-brabant"],
                        registry=registry).caseload
    year = min(a.period.start for a in caseload.allocations).year + 1
    result = settle_columns(CaseloadColumns.from_caseload(caseload), year, registry)
    own = result.lines.filter(pl.col("kind") == "own_contribution")
    assert own.height > 0
    assert result.fallback_households > 0
    assert int(own["amount_cents"].max()) <= 1200  # type: ignore[arg-type]
    assert line_key_frame(result) == line_keys(_objects(caseload, year, registry))


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10**12), st.integers(1, 10**6), st.sampled_from(list(Rounding)))
def test_rounding_in_columns_is_money_rounding(num: int, den: int, rounding: Rounding) -> None:
    codes = {r: i for i, r in enumerate(Rounding)}
    frame = pl.DataFrame({"n": [num], "d": [den], "r": [codes[rounding]]})
    got = frame.select(_round_div(pl, pl.col("n"), pl.col("d"), pl.col("r")))["n"][0]
    assert got == rounding.round(Fraction(num, den))


def test_a_missing_column_is_named(tmp_path: Path) -> None:
    from sociaaldomein.errors import InvalidInput

    path = tmp_path / "a.csv"
    path.write_text("household,municipality\nh1,0855\n")
    with pytest.raises(InvalidInput, match="client"):
        read_columns(path)


def test_households_left_out_keep_the_numbering(synthetic: Caseload) -> None:
    """Holding households back renumbers the allocations; the rest settle as before."""
    columns = CaseloadColumns.from_caseload(synthetic)
    first = columns.allocations["household"][0]
    rest = columns.without([first])
    assert rest.allocations["aidx"].to_list() == list(range(rest.allocations.height))
    assert first not in set(rest.allocations["household"].to_list())
    expected = settle_columns(CaseloadColumns.from_caseload(Caseload.of_cases(
        c for c in synthetic.cases() if c.household.id != first)))
    assert line_key_frame(settle_columns(rest)) == line_key_frame(expected)


_ALLOCATION_ROW = {"household": ["h1"], "municipality": ["0855"], "client": ["c1"],
                   "birth_date": ["1950-01-01"], "allocation": ["a1"],
                   "arrangement": ["x"], "provider": ["p"], "start": ["2024-01-01"]}


@pytest.mark.parametrize(("event", "message"), [
    ({"allocation": "zz", "type": "start", "date": "2024-01-02"},
     "an event names unknown allocation zz"),
    ({"allocation": None, "type": "start", "date": "2024-01-02"},
     "an event names no allocation"),
    ({"allocation": "a1", "type": "stop", "date": "2024-01-02", "reason": "bored"},
     "allocation a1: unknown stop reason bored"),
    ({"allocation": "a1", "type": "stop", "date": "2024-01-02"},
     "allocation a1: unknown stop reason (none)"),
    ({"allocation": "a1", "type": "delivery", "date": "2024-01-02", "quantity": "3"},
     "allocation a1: a delivery needs a quantity and a unit"),
    ({"allocation": "a1", "type": "delivery", "date": "2024-01-02", "quantity": "3",
      "unit": "99"}, "allocation a1: unknown Eenheid code 99"),
    ({"allocation": "a1", "type": "evaluation", "date": None},
     "allocation a1: an event without a date"),
    ({"allocation": "a1", "type": "delivery", "date": "2024-01-02",
      "quantity": "100000000", "unit": "04"},
     "allocation a1: quantity 100000000 is more than the national maximum volume 99,999,999"),
    ({"allocation": "a1", "type": "delivery", "date": "2024-02-02", "quantity": "30",
      "unit": "14"}, "allocation a1: a delivery of 30 in one month is more than the month holds"),
])
@pytest.mark.parametrize("batch", [1, 2, 1000])
def test_each_event_problem_names_the_event(event: dict[str, str | None], message: str,
                                            batch: int, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading an events table into columns names the first bad event and what is wrong
    with it (good events around it, so the row found is not simply the first), whichever
    batch of events it is read in."""
    from sociaaldomein.errors import InvalidInput

    monkeypatch.setattr(importlib.import_module("sociaaldomein.settle.columns"),
                        "_EVENT_BATCH", batch)

    good = {"allocation": "a1", "type": "start", "date": "2024-01-01", "reason": None,
            "quantity": None, "unit": None}
    rows = [good, {**good, **event}, good]
    pl.DataFrame({k: [r.get(k) for r in rows] for k in good},
                 schema=dict.fromkeys(good, pl.String)).write_parquet(tmp_path / "e.parquet")
    pl.DataFrame(_ALLOCATION_ROW).write_parquet(tmp_path / "a.parquet")
    with pytest.raises(InvalidInput, match=re.escape("e.parquet: " + message)):
        read_columns(tmp_path / "a.parquet", tmp_path / "e.parquet")


def _hours_case(*deliveries: Delivery) -> Caseload:
    from sociaaldomein import Allocation, Household, Municipality, Period, Person, Start

    household = Household("h1", Municipality("0513", "Gouda"),
                          (Person("c1", dt.date(2015, 3, 1)),))
    allocation = Allocation("a1", "h1", "c1", "begeleiding_intensief_jeugd", "P1",
                            Period(dt.date(2025, 1, 1), dt.date(2026, 1, 1)))
    return Caseload((household,), (), (allocation,),
                    (Start("a1", dt.date(2025, 1, 1)), *deliveries))


def test_a_month_delivered_in_minutes_and_hours_is_capped_per_unit() -> None:
    """Midden-Holland prices this youth guidance per hour in 2025: a month delivered
    partly in minutes and partly in hours is converted to hours and paid as the object
    engine pays it; each unit on its own may hold at most the month's days (31 x 1,440
    minutes, 31 x 24 hours in January), in both engines."""
    registry = default_registry()
    fits = _hours_case(Delivery("a1", dt.date(2025, 1, 6), Decimal(44_000), Unit.MINUTE),
                       Delivery("a1", dt.date(2025, 1, 7), Decimal(20), Unit.HOUR))
    found = settle_columns(CaseloadColumns.from_caseload(fits), 2025, registry)
    objects = _objects(fits, 2025, registry)
    assert line_key_frame(found) == line_keys(objects)
    january = [ln for ln in objects if str(ln.month) == "2025-01" and ln.allocation == "a1"]
    assert len(january) == 1 and january[0].amount.amount_cents > 0
    too_many = _hours_case(
        Delivery("a1", dt.date(2025, 1, 6), Decimal(30_000), Unit.MINUTE),
        Delivery("a1", dt.date(2025, 1, 8), Decimal(31 * 1440 + 1 - 30_000), Unit.MINUTE),
        Delivery("a1", dt.date(2025, 1, 7), Decimal(1), Unit.HOUR))
    with pytest.raises(SociaaldomeinError, match=r"44641 \(unit 01\) delivered in 2025-01"):
        settle_columns(CaseloadColumns.from_caseload(too_many), 2025, registry)
    with pytest.raises(SociaaldomeinError, match="more than"):
        _objects(too_many, 2025, registry)
    # too much in a month and a unit the tariff cannot take: the month's days come first,
    # in both engines
    both = _hours_case(Delivery("a1", dt.date(2025, 1, 6), Decimal(400), Unit.HOUR),
                       Delivery("a1", dt.date(2025, 1, 8), Decimal(400), Unit.HOUR),
                       Delivery("a1", dt.date(2025, 1, 9), Decimal(1), Unit.ETMAAL))
    with pytest.raises(SociaaldomeinError, match=r"800 \(unit 04\) delivered in 2025-01"):
        settle_columns(CaseloadColumns.from_caseload(both), 2025, registry)
    with pytest.raises(SociaaldomeinError, match="31 days hold"):
        _objects(both, 2025, registry)


def test_a_failing_writer_leaves_no_file_and_names_its_error(
        synthetic: Caseload, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The lines are written by a thread: when it fails, the engine raises its error at its
    next step, and neither the sink nor a temporary file is left behind; when the engine
    fails instead, the writer stops and its file is removed too."""
    # (``sociaaldomein.settle`` is also the function: import the module by its full name)
    engine = importlib.import_module("sociaaldomein.settle.columns")
    columns = CaseloadColumns.from_caseload(synthetic)
    sink = tmp_path / "lines.parquet"
    calls = [0]
    original = engine._Output._write_rows

    def fail_second(self: object, frame: pl.DataFrame, refs: list[object]) -> None:
        calls[0] += 1
        if calls[0] == 2:
            raise OSError("disk full (planted)")
        original(self, frame, refs)

    monkeypatch.setattr(engine._Output, "_write_rows", fail_second)
    with pytest.raises(OSError, match="planted"):
        settle_columns(columns, sink=sink)
    assert calls[0] >= 2
    assert list(tmp_path.iterdir()) == []
    monkeypatch.setattr(engine._Output, "_write_rows", original)

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("engine failed (planted)")

    monkeypatch.setattr(engine, "_contribution", broken)
    with pytest.raises(RuntimeError, match="planted"):
        settle_columns(columns, sink=sink)
    assert list(tmp_path.iterdir()) == []


def test_events_read_in_batches_are_the_events_read_at_once(
        synthetic: Caseload, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Events are read and parsed a batch at a time: any batch size gives the same
    columns and the same lines."""
    from sociaaldomein.analysis.frames import write_caseload_table

    allocs, events = write_caseload_table(synthetic, tmp_path, fmt="parquet")
    engine = importlib.import_module("sociaaldomein.settle.columns")
    whole = read_columns(allocs, events)
    monkeypatch.setattr(engine, "_EVENT_BATCH", 997)
    batched = read_columns(allocs, events)
    assert whole.events.height > 997 * 3
    assert batched.events.equals(whole.events)
    assert line_key_frame(settle_columns(batched)) == line_key_frame(settle_columns(whole))


def test_settle_a_year_of_tables_from_the_command_line(
        synthetic: Caseload, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``settle TABLE --events TABLE --year Y --output X.parquet`` streams the columnar
    lines to the file (no lines in memory); ``--engine objects`` writes the same lines."""
    from sociaaldomein.analysis.frames import write_caseload_table
    from sociaaldomein.cli.main import main

    allocs, events = write_caseload_table(synthetic, tmp_path, fmt="parquet")
    year = 2020
    columns_out, objects_out = tmp_path / "columns.parquet", tmp_path / "objects.parquet"
    base = ["settle", str(allocs), "--events", str(events), "--year", str(year),
            "--no-validate"]
    assert main([*base, "--output", str(columns_out)]) == 0
    assert main([*base, "--engine", "objects", "--output", str(objects_out)]) == 0
    err = capsys.readouterr().err
    assert "Traceback" not in err and "(columns" in err
    by_columns = pl.read_parquet(columns_out)
    by_objects = pl.read_parquet(objects_out)
    keys = ["household", "allocation", "month", "kind", "amount_cents", "rule"]
    cast = [pl.col(k).cast(pl.String) for k in keys]
    mine = sorted(by_columns.filter(pl.col("household").is_not_null()).select(cast).rows(),
                  key=repr)
    theirs = sorted(by_objects.filter(pl.col("household").is_not_null()).select(cast).rows(),
                    key=repr)
    assert mine and mine == theirs
    assert {m[:4] for m in by_columns["month"].cast(pl.String).unique().to_list()} == {str(year)}
    expected = settle_columns(read_columns(allocs, events), year, skip_unclaimed=True)
    assert by_columns.height == expected.line_count
    assert int(by_columns["amount_cents"].sum()) == int(expected.lines["amount_cents"].sum())
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_lines_file_is_refused_as_a_folder_and_made_with_the_usual_mode(
        synthetic: Caseload, tmp_path: Path) -> None:
    """A sink that is a folder is refused before anything is settled; a lines file gets
    the mode any new file gets (0666 less the umask), not a temporary file's 0600."""
    columns = CaseloadColumns.from_caseload(synthetic)
    folder = tmp_path / "lines.parquet"
    folder.mkdir()
    with pytest.raises(IsADirectoryError, match="is a folder"):
        settle_columns(columns, sink=folder)
    assert list(folder.iterdir()) == []
    umask = os.umask(0o022)
    try:
        streamed = settle_columns(columns, sink=tmp_path / "streamed.parquet")
        written = tmp_path / "streamed.parquet"
        whole = settle_columns(columns).write(tmp_path / "whole.csv")
    finally:
        os.umask(umask)
    assert streamed.line_count == pl.read_parquet(written).height
    for path in (written, whole):
        assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_a_table_without_households_names_the_column(tmp_path: Path) -> None:
    """A missing ``household`` column is named, also when household facts are present."""
    from sociaaldomein.errors import InvalidInput

    row = {k: v for k, v in _ALLOCATION_ROW.items() if k != "household"}
    pl.DataFrame({**row, "wlz_contribution": ["x"]}).write_parquet(tmp_path / "a.parquet")
    with pytest.raises(InvalidInput, match=r"missing column\(s\) household"):
        read_columns(tmp_path / "a.parquet")
