"""Caseload tables read straight into columns, for the columnar engine.

:func:`read_columns` reads the allocation and event tables of the flat format
(:mod:`sociaaldomein.io.tables`; Parquet or CSV, by suffix) into
:class:`~sociaaldomein.settle.columns.CaseloadColumns` without building an object per row:
the events are scanned in one streaming pass, only the columns settlement reads. The few
households with dated facts the columns do not hold (a Wlz contribution, income) are
also read whole by the table reader, for the object path that settles them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from sociaaldomein.errors import InvalidInput, MissingExtra
from sociaaldomein.model.household import Household
from sociaaldomein.settle.columns import CaseloadColumns, event_schema

if TYPE_CHECKING:
    from polars import DataFrame

__all__ = ["read_columns"]


def _pl() -> Any:
    try:
        import polars as pl
    except ImportError:  # pragma: no cover - depends on the environment
        raise MissingExtra("polars", "frames") from None
    return pl


def _failed(path: Path, exc: Exception) -> InvalidInput:
    return InvalidInput(f"cannot read the table: {type(exc).__name__}: {str(exc)[:200]}",
                        source=str(path))


def _load(pl: Any, path: Path) -> DataFrame:
    if not path.is_file():
        raise InvalidInput("no such file", source=str(path))
    try:
        if path.suffix.lower() == ".parquet":
            return cast("DataFrame", pl.read_parquet(path))
        if path.suffix.lower() == ".csv":
            return cast("DataFrame", pl.read_csv(path, infer_schema=False))
    except Exception as exc:  # polars raises many kinds
        raise _failed(path, exc) from None
    raise InvalidInput("a table is .parquet or .csv", source=str(path))


def _scan_events(pl: Any, path: Path) -> Any:
    """The events of a Parquet file as a lazy frame: only the columns settlement reads,
    typed (read later in one streaming pass)."""
    try:
        lazy = pl.scan_parquet(path)
        schema = lazy.collect_schema()
    except Exception as exc:  # polars raises many kinds
        raise _failed(path, exc) from None
    missing = [c for c in ("allocation", "type", "date") if c not in schema]
    if missing:
        raise InvalidInput(f"missing column(s) {', '.join(missing)}", source=str(path))
    exprs = []
    for name, dtype in event_schema(pl).items():
        if name not in schema:
            exprs.append(pl.lit(None, dtype=dtype).alias(name))
        elif schema[name] == dtype:
            exprs.append(pl.col(name))
        elif dtype == pl.Date:
            exprs.append(pl.col(name).cast(pl.String).str.strip_chars()
                         .str.to_date("%Y-%m-%d", strict=False))
        elif dtype == pl.Boolean:
            flag = pl.col(name).cast(pl.String).str.strip_chars().str.to_lowercase()
            exprs.append(pl.when(flag == "true").then(True)
                         .when(flag == "false").then(False).alias(name))
        else:
            exprs.append(pl.col(name).cast(pl.String))
    return lazy.select(exprs)


_FACTS = ("wlz_contribution", "income")
"""Columns of dated household facts the columns do not hold."""


def _allocation_columns(pl: Any, path: Path) -> tuple[DataFrame, dict[str, Household]]:
    """The allocation table's columns that settlement reads (not the names, addresses and
    the rest of the flat format, which at national scale would take gigabytes), and the
    few households with dated facts (``wlz_contribution``, ``income``) read whole by the
    table reader, for the object path."""
    from sociaaldomein.settle.columns import ALLOCATION_COLUMNS

    if not path.is_file():
        raise InvalidInput("no such file", source=str(path))
    suffix = path.suffix.lower()
    if suffix not in (".parquet", ".csv"):
        raise InvalidInput("a table is .parquet or .csv", source=str(path))
    try:
        lazy = (pl.scan_parquet(path) if suffix == ".parquet"
                else pl.scan_csv(path, infer_schema=False))
        names = lazy.collect_schema().names()
        wanted = [c for c in (*ALLOCATION_COLUMNS, "municipality_name", "wlz_contribution")
                  if c in names]
        frame = lazy.select(wanted).collect()
        facts = [c for c in _FACTS if c in names]
        rows = None
        if facts:
            has = pl.any_horizontal([pl.col(c).cast(pl.String).str.strip_chars()
                                     .fill_null("") != "" for c in facts])
            keys = lazy.filter(has).select("household").unique().collect() \
                if "household" in names else None
            if keys is not None and keys.height:
                rows = lazy.join(keys.lazy(), on="household", how="semi").collect()
    except InvalidInput:
        raise
    except Exception as exc:  # polars raises many kinds
        raise _failed(path, exc) from None
    if rows is None:
        return frame, {}
    from sociaaldomein.io.tables import caseload_from_rows

    text = rows.with_columns([pl.col(c).cast(pl.String) for c in rows.columns])
    built = caseload_from_rows(text.to_dicts(), (), allocation_columns=list(text.columns),
                               allocations_source=str(path))
    return frame, {h.id: h for h in built.households}


def read_columns(allocations: Path | str, events: Path | str | None = None) -> CaseloadColumns:
    """Read the allocation and event tables (Parquet or CSV, by suffix) into columns.
    Every problem is an :class:`~sociaaldomein.InvalidInput` naming the file."""
    pl = _pl()
    alloc_path = Path(allocations)
    frame, whole = _allocation_columns(pl, alloc_path)
    event_frame: Any = None
    if events is not None:
        event_path = Path(events)
        if event_path.suffix.lower() == ".parquet" and event_path.is_file():
            event_frame = _scan_events(pl, event_path)
        else:
            event_frame = _load(pl, event_path)
    return CaseloadColumns.from_frames(
        frame, event_frame, source=str(alloc_path),
        events_source=str(events) if events is not None else "events",
        household_objects=whole)
