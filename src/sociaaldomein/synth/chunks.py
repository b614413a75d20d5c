"""A national caseload written to Parquet in chunks, within memory.

:func:`generate` builds a caseload as objects and validates every household it draws, so
memory grows with the caseload. :func:`write_parquet` generates it in chunks of
``chunk`` households (each chunk with its own seed, ``"{seed}:{index}"``, and its ids
prefixed with ``c{index}-`` so they stay unique), turns each chunk into the flat tables
(:mod:`sociaaldomein.io.tables`) and appends it to ``allocations.parquet`` and
``events.parquet`` as row groups. Only one chunk per worker is in memory at a time; with
``workers`` > 1 chunks are generated in parallel processes. Every generated household is
still validated by its region while it is drawn (that is how the generator fits the
rules); the deliberate breaches are planted per chunk. The files are written under
temporary names and renamed when complete: a failed run leaves no half file.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import attrs

from sociaaldomein.errors import InvalidValue, MissingExtra

__all__ = ["ChunkedCaseload", "write_parquet"]

MAX_HOUSEHOLDS = 3_000_000
_DATES = ("birth_date", "start", "end", "decided_on", "referred_on")
"""Date columns are written as Parquet dates (readers need not parse text)."""


@attrs.frozen
class ChunkedCaseload:
    """What :func:`write_parquet` wrote."""

    allocations_path: Path
    events_path: Path
    households: int
    allocations: int
    events: int
    chunks: int
    regions: tuple[tuple[str, int], ...]


def _chunk(args: tuple[int, int, int, tuple[str, ...] | None, int | None, bool]) -> tuple[Any, Any, int, tuple[tuple[str, int], ...]]:
    index, households, seed, regions, year, breaches = args
    import polars as pl

    from sociaaldomein.io.tables import ALLOCATION_TABLE, EVENT_TABLE, caseload_to_rows
    from sociaaldomein.synth.generator import generate

    synthetic = generate(seed=seed * 1_000 + index, households=households,
                         regions=list(regions) if regions else None, year=year,
                         breaches=breaches)
    allocs, events = caseload_to_rows(synthetic.caseload)
    prefix = f"c{index}-"
    dates = [pl.col(c).str.to_date("%Y-%m-%d") for c in _DATES]
    a = _frame(allocs, ALLOCATION_TABLE).with_columns(
        (pl.lit(prefix) + pl.col("household")).alias("household"),
        (pl.lit(prefix) + pl.col("allocation")).alias("allocation"), *dates)
    e = _frame(events, EVENT_TABLE).with_columns(
        (pl.lit(prefix) + pl.col("allocation")).alias("allocation"),
        pl.col("date").str.to_date("%Y-%m-%d"))
    return (a.to_arrow(), e.to_arrow(), len(synthetic.caseload.households),
            tuple((r.region, r.year) for r in synthetic.regions))


_BOOLEANS = ("pgb", "extended_youth_care")


def _frame(rows: Sequence[Mapping[str, object]], columns: tuple[str, ...]) -> Any:
    """Rows of the flat format as a frame: text columns, booleans for the flags."""
    import polars as pl

    data: dict[str, list[object]] = {}
    schema: dict[str, Any] = {}
    for column in columns:
        values = [row.get(column) for row in rows]
        if column in _BOOLEANS:
            schema[column] = pl.Boolean
        else:
            schema[column] = pl.String
            values = [None if v is None else str(v).lower() if isinstance(v, bool) else str(v)
                      for v in values]
        data[column] = values
    return pl.DataFrame(data, schema=schema)


def _sizes(households: int, chunk: int) -> list[int]:
    sizes = [chunk] * (households // chunk)
    if households % chunk:
        sizes.append(households % chunk)
    return sizes


def write_parquet(
    folder: Path | str, households: int, *, seed: int = 2019, chunk: int = 50_000,
    workers: int = 1, regions: tuple[str, ...] | None = None, year: int | None = None,
    breaches: bool = True, say: Callable[[str], None] | None = None,
) -> ChunkedCaseload:
    """Generate ``households`` households in chunks and write ``allocations.parquet`` and
    ``events.parquet`` to ``folder``."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise MissingExtra("pyarrow", "frames") from None
    if type(households) is not int or not 1 <= households <= MAX_HOUSEHOLDS:
        raise InvalidValue(f"households must be 1 to {MAX_HOUSEHOLDS:,}, got {households!r}")
    if type(chunk) is not int or chunk < 1:
        raise InvalidValue(f"chunk must be a positive number of households, got {chunk!r}")
    say = say or (lambda _text: None)
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    final = (target / "allocations.parquet", target / "events.parquet")
    temps = []
    for path in final:
        fd, name = tempfile.mkstemp(dir=target, prefix=f".{path.name}.", suffix=".tmp")
        os.close(fd)
        temps.append(Path(name))
    jobs = [(i, n, seed, regions, year, breaches) for i, n in enumerate(_sizes(households, chunk))]
    writers: list[Any] = [None, None]
    done = n_allocs = n_events = 0
    regions_seen: dict[str, int] = {}
    try:
        for a, e, n, years in _results(jobs, workers):
            for k, table in enumerate((a, e)):
                if writers[k] is None:
                    writers[k] = pq.ParquetWriter(temps[k], table.schema)
                writers[k].write_table(table)
            done += n
            n_allocs += a.num_rows
            n_events += e.num_rows
            regions_seen.update(dict(years))
            say(f"  {done:,} of {households:,} households written")
        for w in writers:
            if w is not None:
                w.close()
        writers = [None, None]
        for tmp, path in zip(temps, final, strict=True):
            os.replace(tmp, path)
    finally:
        for w in writers:
            if w is not None:
                with contextlib.suppress(Exception):
                    w.close()
        for tmp in temps:
            with contextlib.suppress(OSError):
                tmp.unlink()
    return ChunkedCaseload(final[0], final[1], done, n_allocs, n_events, len(jobs),
                           tuple(sorted(regions_seen.items())))


def _results(jobs: list[tuple[int, int, int, tuple[str, ...] | None, int | None, bool]],
             workers: int) -> Iterator[tuple[Any, Any, int, tuple[tuple[str, int], ...]]]:
    if workers <= 1 or len(jobs) == 1:
        for job in jobs:
            yield _chunk(job)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(_chunk, jobs)
