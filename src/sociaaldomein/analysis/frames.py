"""Caseloads, settlement lines, violations and indicators as polars DataFrames.

Install the ``frames`` extra (``pip install 'sociaaldomein[frames]'``: polars and pyarrow).
Money is always an integer number of cents in a column named ``amount_cents`` (or
``*_cents``); derive euros for display only (``pl.col("amount_cents") / 100``), never to
compute with. :func:`to_pandas` converts any frame for pandas users.

>>> from sociaaldomein.analysis import frames                 # doctest: +SKIP
>>> lines = frames.settlement_frame(settlement)            # doctest: +SKIP
>>> frames.spend_frame(settlement, by=("region", "funding"))   # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from sociaaldomein.analysis import percent, shares_and_growth
from sociaaldomein.analysis.report import (
    ALLOCATION_COLUMNS,
    INDICATOR_COLUMNS,
    LINE_COLUMNS,
    VIOLATION_COLUMNS,
    allocation_rows,
    indicator_rows,
    indicators,
    line_rows,
    violation_rows,
)
from sociaaldomein.errors import InvalidInput, InvalidValue, MissingExtra
from sociaaldomein.io.files import atomic_write, read_bounded
from sociaaldomein.io.tables import (
    ALLOCATION_TABLE,
    EVENT_TABLE,
    caseload_from_rows,
    caseload_to_rows,
    read_csv_rows,
)
from sociaaldomein.model.caseload import Caseload
from sociaaldomein.model.lines import SettlementLine
from sociaaldomein.model.validation import Violation
from sociaaldomein.policy.registry import Registry
from sociaaldomein.settle.settlement import GROUPINGS, Settlement

__all__ = [
    "allocations_frame",
    "caseload_frames",
    "compare_frame",
    "indicators_frame",
    "read_caseload_table",
    "settlement_frame",
    "shares_and_growth_frame",
    "spend_frame",
    "to_pandas",
    "violations_frame",
    "write_caseload_table",
    "write_parquet_rows",
]

DataFrame = Any
"""A ``polars.DataFrame`` (typed loosely so the module imports without polars)."""

_INT_COLUMNS = {
    "amount_cents", "withheld_cents", "waiting_days", "age_at_start", "allocations", "clients",
    "inflow", "outflow", "ended", "evaluated", "continues_without_help", "problems_decreased",
    "satisfaction_n", "waiting_n", "duration_n", "lines",
} | {c for c in INDICATOR_COLUMNS if c.startswith("dropout_") and not c.endswith("_pct")}
_BOOL_COLUMNS = {"example", "pgb", "extended_youth_care"}


def _pl() -> Any:
    try:
        import polars
    except ImportError:
        raise MissingExtra("polars", "frames") from None
    return polars


def _schema(columns: Sequence[str]) -> dict[str, Any]:
    pl = _pl()
    out: dict[str, Any] = {}
    for column in columns:
        if column in _INT_COLUMNS:
            out[column] = pl.Int64
        elif column in _BOOL_COLUMNS:
            out[column] = pl.Boolean
        else:
            out[column] = pl.Utf8
    return out


def _frame(rows: Sequence[Mapping[str, object]], columns: Sequence[str]) -> DataFrame:
    pl = _pl()
    schema = _schema(columns)
    data: dict[str, list[object]] = {}
    for column in columns:
        values = [row.get(column) for row in rows]
        if schema[column] == pl.Utf8:
            values = [None if v is None else str(v).lower() if isinstance(v, bool) else str(v)
                      for v in values]
        data[column] = values
    return pl.DataFrame(data, schema=schema)


def settlement_frame(settlement: Settlement | Iterable[SettlementLine]) -> DataFrame:
    """One row per settlement line (columns :data:`sociaaldomein.analysis.report.LINE_COLUMNS`)."""
    lines = settlement.lines if isinstance(settlement, Settlement) else tuple(settlement)
    return _frame(line_rows(lines), LINE_COLUMNS)


def violations_frame(violations: Iterable[Violation]) -> DataFrame:
    """One row per violation: code, severity, household, path, message, rule, clause."""
    return _frame(violation_rows(violations), VIOLATION_COLUMNS)


def allocations_frame(caseload: Caseload, registry: Registry | None = None) -> DataFrame:
    """One row per allocation with its region, segment, kind of care, care period, stop
    reason and drop-out category, waiting days and the client's age at the start."""
    return _frame(allocation_rows(caseload, registry), ALLOCATION_COLUMNS)


def caseload_frames(caseload: Caseload) -> dict[str, DataFrame]:
    """The caseload as tables: ``allocations`` and ``events`` in the flat format of
    :mod:`sociaaldomein.io.tables`, plus ``households`` and ``plans``."""
    allocs, events = caseload_to_rows(caseload)
    households = [
        {"household": h.id, "municipality": h.municipality.code,
         "municipality_name": h.municipality.name, "members": str(len(h.members))}
        for h in caseload.households
    ]
    plans = [
        {"plan": p.id, "household": p.household_id, "drawn_up_on": p.drawn_up_on.isoformat(),
         "kind": p.kind.value, "goals": str(len(p.goals)),
         "regisseur": str(p.regisseur) if p.regisseur else None,
         "coordinators": ", ".join(str(c) for c in p.coordinators)}
        for p in caseload.plans
    ]
    return {
        "households": _frame(households, ("household", "municipality", "municipality_name",
                                          "members")),
        "plans": _frame(plans, ("plan", "household", "drawn_up_on", "kind", "goals",
                                "regisseur", "coordinators")),
        "allocations": _frame(allocs, ALLOCATION_TABLE),
        "events": _frame(events, EVENT_TABLE),
    }


def indicators_frame(caseload: Caseload, by: str = "region", *,
                     period: tuple[dt.date, dt.date] | None = None,
                     registry: Registry | None = None) -> DataFrame:
    """Indicators per region, municipality, segment, provider, arrangement, care_kind or
    law: drop-out per category, goal realisation, satisfaction, waiting time from decision
    to start, duration, inflow and outflow (columns
    :data:`sociaaldomein.analysis.report.INDICATOR_COLUMNS`; percentages and means as exact decimal
    text rounded half up, cast them with ``.cast(pl.Float64)`` to plot)."""
    return _frame(indicator_rows(indicators(caseload, by, period=period, registry=registry)),
                  INDICATOR_COLUMNS)


def spend_frame(settlement: Settlement, by: Sequence[str] = ("region",)) -> DataFrame:
    """Payments to providers summed per grouping (any of ``region``, ``municipality``,
    ``provider``, ``segment``, ``arrangement``, ``month``, ``funding``, ``rule``,
    ``client``, ``kind``): columns ``by`` + ``lines`` + ``amount_cents``, sorted by ``by``."""
    for key in by:
        if key not in GROUPINGS:
            raise InvalidValue(f"unknown grouping {key!r}; known: {', '.join(GROUPINGS)}")
    sums: dict[tuple[str, ...], list[int]] = {}
    for line in settlement.payments():
        group = tuple(GROUPINGS[k](line) for k in by)
        slot = sums.setdefault(group, [0, 0])
        slot[0] += 1
        slot[1] += line.amount.amount_cents
    rows = [{**dict(zip(by, key, strict=True)), "lines": n, "amount_cents": cents}
            for key, (n, cents) in sorted(sums.items())]
    return _frame(rows, (*by, "lines", "amount_cents"))


def compare_frame(caseload: Caseload, regions: Sequence[str], *, year: int | None = None,
                  registry: Registry | None = None) -> DataFrame:
    """The caseload under each region's funding rules (:func:`sociaaldomein.analysis.compare.compare`):
    one row per kind of care (and ``total``), columns ``allocations_<region>`` and
    ``<region>_cents``."""
    from sociaaldomein.analysis.compare import compare

    result = compare(caseload, regions, year=year, registry=registry)
    columns = ["care_kind"]
    for code in result.regions:
        columns += [f"allocations_{code}", f"{code}_cents"]
    rows = []
    for row in result.rows:
        item: dict[str, object] = {"care_kind": row.care_kind}
        for code in result.regions:
            item[f"allocations_{code}"] = row.allocations[code]
            item[f"{code}_cents"] = row.paid[code].amount_cents
        rows.append(item)
    pl = _pl()
    schema = {c: (pl.Utf8 if c == "care_kind" else pl.Int64) for c in columns}
    return pl.DataFrame({c: [r[c] for r in rows] for c in columns}, schema=schema)


def shares_and_growth_frame(counts: Mapping[str, Sequence[int]],
                            periods: Sequence[str] | None = None, *, places: int = 0) -> DataFrame:
    """Counts per category and period as the table municipal reports print: the counts,
    each count's share of its period's total in percent, and the growth from the first to
    the last period in percent, rounded half up to ``places`` decimals
    (:func:`sociaaldomein.analysis.shares_and_growth`). A ``total`` row is added."""
    rows = shares_and_growth(counts)
    width = len(rows[0].counts)
    labels = list(periods) if periods is not None else [str(i + 1) for i in range(width)]
    if len(labels) != width:
        raise InvalidValue(f"{len(labels)} period labels for {width} periods")
    totals = [sum(r.counts[i] for r in rows) for i in range(width)]
    total_growth = shares_and_growth({"total": totals})[0].growth
    pl = _pl()
    data: dict[str, list[Any]] = {"category": [r.category for r in rows] + ["total"]}
    for i, label in enumerate(labels):
        data[f"count_{label}"] = [r.counts[i] for r in rows] + [totals[i]]
    for i, label in enumerate(labels):
        data[f"share_{label}_pct"] = [_num(percent(r.shares[i], places)) for r in rows] + [
            100.0 if totals[i] else None]
    data["growth_pct"] = [_num(percent(r.growth, places)) for r in rows] + [
        _num(percent(total_growth, places))]
    schema: dict[str, Any] = {"category": pl.Utf8}
    for label in labels:
        schema[f"count_{label}"] = pl.Int64
    for label in labels:
        schema[f"share_{label}_pct"] = pl.Float64
    schema["growth_pct"] = pl.Float64
    return pl.DataFrame(data, schema=schema)


def _num(value: object) -> float | None:
    return None if value is None else float(str(value))


def to_pandas(frame: DataFrame) -> Any:
    """A polars frame as a pandas DataFrame (needs pandas installed)."""
    import importlib.util

    if importlib.util.find_spec("pandas") is None:
        raise MissingExtra("pandas", "frames", "pandas is not part of any extra; "
                           "install it next to the 'frames' extra: pip install pandas")
    return frame.to_pandas()


# -- reading and writing -----------------------------------------------------------------
def _rows_of(path: Path, max_bytes: int | None = None,
             ) -> tuple[list[str], list[dict[str, object]]]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return read_csv_rows(path, max_bytes=max_bytes)
    if suffix in (".parquet", ".pq"):
        pl = _pl()
        data = read_bounded(path, max_bytes)  # bounded whatever the file is (a FIFO too)
        if not data:
            raise InvalidInput("file is empty", source=str(path))
        try:
            frame = pl.read_parquet(io.BytesIO(data))
        except Exception as exc:  # polars raises several exception types for bad files
            raise InvalidInput(f"not a readable Parquet file ({type(exc).__name__})",
                               source=str(path)) from None
        columns = [str(c) for c in frame.columns]
        rows = [dict(row) for row in frame.iter_rows(named=True)]
        return columns, rows
    raise InvalidInput(f"unknown table format {suffix or '(none)'!r}; use .csv or .parquet",
                       source=str(path))


def read_caseload_table(allocations: Path | str, events: Path | str | None = None, *,
                        max_bytes: int | None = None) -> Caseload:
    """A caseload from the flat tables of :mod:`sociaaldomein.io.tables`, as CSV (no extra
    needed) or Parquet (extra ``frames``). Errors name file, row and column. Each file is
    read with a bound of ``max_bytes`` (default 200 MB)."""
    alloc_path = Path(allocations)
    columns, rows = _rows_of(alloc_path, max_bytes)
    event_columns: list[str] | None = None
    event_rows: list[dict[str, object]] = []
    events_source = "events"
    if events is not None:
        event_path = Path(events)
        event_columns, event_rows = _rows_of(event_path, max_bytes)
        events_source = str(event_path)
    return caseload_from_rows(rows, event_rows, allocation_columns=columns,
                              event_columns=event_columns, allocations_source=str(alloc_path),
                              events_source=events_source)


def write_caseload_table(caseload: Caseload, folder: Path | str, *, fmt: str = "csv") -> tuple[Path, Path]:
    """Write ``allocations.<fmt>`` and ``events.<fmt>`` (``csv`` or ``parquet``) to
    ``folder``, each atomically."""
    from sociaaldomein.io.tables import write_csv

    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    allocs, events = caseload_to_rows(caseload)
    paths = (target / f"allocations.{fmt}", target / f"events.{fmt}")
    if fmt == "csv":
        write_csv(paths[0], ALLOCATION_TABLE, allocs)
        write_csv(paths[1], EVENT_TABLE, events)
    elif fmt == "parquet":
        _write_frame(paths[0], _frame(allocs, ALLOCATION_TABLE))
        _write_frame(paths[1], _frame(events, EVENT_TABLE))
    else:
        raise InvalidValue(f"unknown format {fmt!r}; use csv or parquet")
    return paths


def _write_frame(path: Path, frame: DataFrame) -> Path:
    buffer = io.BytesIO()
    frame.write_parquet(buffer)
    atomic_write(path, buffer.getvalue())
    return path


_KINDS = {"lines": LINE_COLUMNS, "violations": VIOLATION_COLUMNS,
          "indicators": INDICATOR_COLUMNS, "allocations": ALLOCATION_COLUMNS}


def write_parquet_rows(path: Path | str, rows: Sequence[Mapping[str, object]], kind: str) -> Path:
    """Write flat rows of a known kind (``lines``, ``violations``, ``indicators``,
    ``allocations``) as Parquet, atomically."""
    if kind not in _KINDS:
        raise InvalidValue(f"unknown row kind {kind!r}; known: {', '.join(_KINDS)}")
    return _write_frame(Path(path), _frame(rows, _KINDS[kind]))
