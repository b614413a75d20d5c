"""``sociaaldomein benchmark``: how fast the library generates, validates and settles.

It generates an example caseload (:mod:`sociaaldomein.synth`, default 100,000 households
across the installed regions), validates it with each region's policy and settles every
region's full contract year month by month, and reports for each step the wall time,
households per second and (for settlement) settlement lines per second, plus the peak
resident memory of the process. This is a measurement to run by hand and record in
``docs/performance.md``, not a timed test.
"""

from __future__ import annotations

import argparse
import gc
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import attrs

from sociaaldomein.cli.common import EXIT_OK, positive
from sociaaldomein.errors import InvalidInput
from sociaaldomein.policy.registry import Registry, default_registry

__all__ = ["BenchmarkResult", "Step", "peak_memory_mib", "run_benchmark"]

T = TypeVar("T")


@attrs.frozen
class Step:
    name: str
    seconds: float
    households: int
    lines: int = 0

    @property
    def households_per_second(self) -> float:
        return self.households / self.seconds if self.seconds else float("inf")

    @property
    def lines_per_second(self) -> float:
        return self.lines / self.seconds if self.seconds else float("inf")


@attrs.frozen
class BenchmarkResult:
    households: int
    allocations: int
    events: int
    violations: int
    steps: tuple[Step, ...]
    peak_memory_mib: float
    python: str
    machine: str

    def as_dict(self) -> dict[str, object]:
        return {
            "engine": "objects", "households": self.households,
            "allocations": self.allocations, "events": self.events,
            "violations": self.violations,
            "seconds": {s.name: round(s.seconds, 3) for s in self.steps},
            "lines": next((s.lines for s in self.steps if s.name == "settle"), 0),
            "peak_memory_mib": round(self.peak_memory_mib, 1),
            "machine": machine_info(),
        }

    def report(self) -> str:
        rows = [
            f"{s.name:<10} {s.seconds:8.1f} s  {s.households_per_second:10,.0f} households/s"
            + (f"  {s.lines:,} lines, {s.lines_per_second:10,.0f} lines/s" if s.lines else "")
            for s in self.steps
        ]
        return "\n".join([
            f"{self.households:,} households, {self.allocations:,} allocations, "
            f"{self.events:,} care events, {self.violations:,} violations",
            *rows,
            f"peak memory {self.peak_memory_mib:,.0f} MiB (resident set size)",
            f"Python {self.python} on {self.machine}",
        ])


def peak_memory_mib() -> float:
    """The process's peak resident set size in MiB (0 where the platform does not say)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return 0.0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports kilobytes, macOS bytes
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _timed(fn: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    cpu = time.process_time()
    result = fn()
    _LAST_CPU[0] = time.process_time() - cpu
    return result, time.perf_counter() - started


_LAST_CPU = [0.0]


def run_benchmark(households: int = 100_000, seed: int = 2019,
                  registry: Registry | None = None,
                  say: Callable[[str], None] | None = None) -> BenchmarkResult:
    """Generate, validate and settle ``households`` households; time each step."""
    from sociaaldomein.settle.engine import validate
    from sociaaldomein.settle.regions import settle_year
    from sociaaldomein.synth import generate

    registry = registry or default_registry()
    say = say or (lambda _text: None)
    say(f"generating {households:,} households ...")
    synthetic, t_gen = _timed(lambda: generate(seed=seed, households=households,
                                               registry=registry))
    caseload = synthetic.caseload
    n = len(caseload.households)
    # The caseload lives as long as the process: keep the cyclic garbage collector from
    # walking its millions of objects again and again (it made settlement quadratic).
    gc.collect()
    gc.freeze()
    say(f"  {t_gen:.1f} s; validating ...")
    violations, t_val = _timed(lambda: validate(caseload, registry=registry))
    say(f"  {t_val:.1f} s; settling twelve months per region ...")
    (settlement, _years), t_set = _timed(lambda: settle_year(caseload, None, registry))
    say(f"  {t_set:.1f} s")
    return BenchmarkResult(
        households=n, allocations=len(caseload.allocations), events=len(caseload.events),
        violations=len(violations),
        steps=(Step("generate", t_gen, n), Step("validate", t_val, n),
               Step("settle", t_set, n, len(settlement.lines))),
        peak_memory_mib=peak_memory_mib(),
        python=platform.python_version(),
        machine=f"{platform.system()} {platform.machine()}",
    )


# -- the columnar engine ------------------------------------------------------------------

@attrs.frozen
class ColumnsBenchmark:
    """What ``sociaaldomein benchmark --engine columns`` measured (see :meth:`as_dict`)."""

    households: int
    allocations: int
    allocation_months: int
    events: int
    lines: int
    total_cents: int
    own_contributions_cents: int
    fallback_households: int
    seconds: dict[str, float]
    settle_steps: dict[str, float]
    cpu_seconds: dict[str, float]
    peak_memory_mib: float
    agreed: bool | None
    agreed_households: int
    baseline: dict[str, object] | None
    machine: dict[str, object]

    def as_dict(self) -> dict[str, object]:
        return {
            "engine": "columns", "households": self.households,
            "allocations": self.allocations, "allocation_months": self.allocation_months,
            "events": self.events, "lines": self.lines, "total_cents": self.total_cents,
            "own_contributions_cents": self.own_contributions_cents,
            "fallback_households": self.fallback_households,
            "seconds": {k: round(v, 3) for k, v in self.seconds.items()},
            "settle_steps": {k: round(v, 3) for k, v in self.settle_steps.items()},
            "cpu_seconds": {k: round(v, 3) for k, v in self.cpu_seconds.items()},
            "peak_memory_mib": round(self.peak_memory_mib, 1),
            "engines_agreed": self.agreed, "agreed_on_households": self.agreed_households,
            "baseline": self.baseline, "machine": self.machine,
        }

    def report(self) -> str:
        out = [
            f"{self.households:,} households, {self.allocations:,} allocations, "
            f"{self.allocation_months:,} allocation-months, {self.events:,} care events",
            f"{self.lines:,} lines, paid {self.total_cents / 100:,.2f} euro"
            + (f"; {self.fallback_households:,} household(s) through the object path"
               if self.fallback_households else ""),
        ]
        out += [f"{name:<24} {sec:8.2f} s" for name, sec in self.seconds.items()]
        out += [f"  settle: {name:<16} {sec:8.2f} s" for name, sec in self.settle_steps.items()]
        out += [f"cpu {name:<20} {sec:8.2f} s" for name, sec in self.cpu_seconds.items()]
        out.append(f"peak memory {self.peak_memory_mib:,.0f} MiB (resident set size)")
        if self.agreed is not None:
            out.append(f"engines agreed on {self.agreed_households:,} households: {self.agreed}")
        if self.baseline:
            out.append("baseline: " + ", ".join(f"{k} {v}" for k, v in self.baseline.items()))
        out.append(", ".join(f"{k} {v}" for k, v in self.machine.items()))
        return "\n".join(out)


def machine_info() -> dict[str, object]:
    import os

    info: dict[str, object] = {
        "python": platform.python_version(), "system": f"{platform.system()} {platform.machine()}",
        "cpus": os.cpu_count(),
    }
    try:
        import polars as pl

        info["polars"] = pl.__version__
        info["polars_threads"] = pl.thread_pool_size()
    except ImportError:  # pragma: no cover - the frames extra
        pass
    if hasattr(os, "getloadavg"):
        info["load_average_1min_at_end"] = round(os.getloadavg()[0], 2)
    try:
        with open("/proc/meminfo") as handle:
            info["memory_gib"] = round(int(handle.readline().split()[1]) / 1024 / 1024, 1)
    except OSError:  # pragma: no cover - not Linux
        pass
    return info


def run_columns_benchmark(
    households: int = 100_000, seed: int = 2019, *, tables: Path | None = None,
    registry: Registry | None = None, agree_sample: int = 2_000, baseline: str | None = None,
    workers: int = 2, say: Callable[[str], None] | None = None,
) -> ColumnsBenchmark:
    """Generate ``households`` households to Parquet (in chunks, in ``workers`` processes;
    reused when ``tables`` already holds them), then time reading them into columns,
    settling every region's year and writing the lines to Parquet. ``agree_sample``
    households (0: all) are also settled by the object engine and compared line by line;
    ``baseline="pandas"`` times the plain pandas loop of :mod:`sociaaldomein.cli.baseline`
    on the same tables."""
    import tempfile

    import polars as pl

    from sociaaldomein.io.columns import read_columns
    from sociaaldomein.settle.columns import (
        CaseloadColumns,
        line_keys,
        settle_columns,
    )
    from sociaaldomein.synth.chunks import write_parquet

    registry = registry or default_registry()
    say = say or (lambda _text: None)
    seconds: dict[str, float] = {}
    cpu: dict[str, float] = {}
    scratch = None
    if tables is None:
        scratch = tempfile.TemporaryDirectory(prefix="sociaaldomein-benchmark-")
        tables = Path(scratch.name)
    allocs_path, events_path = tables / "allocations.parquet", tables / "events.parquet"
    try:
        if not (allocs_path.exists() and events_path.exists()):
            say(f"generating {households:,} households to {tables} ...")
            _written, seconds["generate"] = _timed(lambda: write_parquet(
                tables, households, seed=seed, workers=workers, say=say))
        gc.collect()
        # plugin discovery and the policies' data files are read once per process
        _policies, seconds["load policies"] = _timed(registry.policies)
        say("reading the tables into columns ...")
        columns, seconds["read parquet"] = _timed(lambda: read_columns(allocs_path,
                                                                             events_path))
        cpu["read parquet"] = _LAST_CPU[0]
        out = Path(tempfile.mkdtemp(prefix="sociaaldomein-lines-")) / "lines.parquet"
        say(f"settling, writing the lines to {out} ...")
        result, seconds["settle + write parquet"] = _timed(lambda: settle_columns(
            columns, None, registry, sink=out))
        cpu["settle + write parquet"] = _LAST_CPU[0]
        cpu["read + settle + write"] = cpu["read parquet"] + cpu["settle + write parquet"]
        seconds["read + settle + write"] = (seconds["read parquet"]
                                            + seconds["settle + write parquet"])
        peak = peak_memory_mib()
        written = pl.scan_parquet(out)
        same_scope = int(written.filter(
            (pl.col("engine") == "columns")
            & pl.col("kind").is_in(["period", "installment", "delivery", "stay"]))
            .select(pl.col("amount_cents").sum()).collect().item() or 0)
        out.unlink()
        out.parent.rmdir()
        agreed: bool | None = None
        n_agreed = 0
        if agree_sample >= 0:
            ids = columns.allocations["household"].unique(maintain_order=True)
            if agree_sample:
                ids = ids.head(agree_sample)
            say(f"settling {ids.len():,} households in both engines to compare ...")
            from sociaaldomein.model.lines import SettlementLine
            from sociaaldomein.model.periods import Month
            from sociaaldomein.settle.columns import line_key_frame
            from sociaaldomein.settle.engine import settle
            from sociaaldomein.settle.regions import split_by_region

            sample = columns.to_caseload(ids.to_list())
            theirs_lines: list[SettlementLine] = []
            for region, part in split_by_region(sample, registry).items():
                for m in range(1, 13):
                    theirs_lines.extend(settle(part, Month(result.years[region], m),
                                               registry).lines)
            theirs = line_keys(line for line in theirs_lines if line.household is not None)
            mine_result = settle_columns(CaseloadColumns.from_caseload(sample),
                                         dict(result.years), registry)
            mine = [k for k in line_key_frame(mine_result) if k[3] is not None]
            agreed = mine == theirs
            n_agreed = ids.len()
        base: dict[str, object] | None = None
        if baseline == "pandas":
            from sociaaldomein.cli.baseline import pandas_loop

            say("running the pandas baseline (a plain iterrows loop) ...")
            (b_total, b_lines), b_seconds = _timed(lambda: pandas_loop(
                allocs_path, events_path, dict(result.years), registry))
            columns_time = seconds["read + settle + write"]
            base = {"name": "pandas iterrows loop", "seconds": round(b_seconds, 2),
                    "lines": b_lines, "total_cents": b_total,
                    "columns_same_scope_cents": same_scope,
                    "columns_read_settle_write_seconds": round(columns_time, 3),
                    "ratio": round(b_seconds / columns_time, 1) if columns_time else None}
        return ColumnsBenchmark(
            households=columns.households, allocations=result.allocations,
            allocation_months=result.allocation_months, events=columns.events.height,
            lines=result.line_count, total_cents=result.total_cents,
            own_contributions_cents=result.own_contributions_cents,
            fallback_households=result.fallback_households, seconds=seconds,
            settle_steps=dict(result.seconds), cpu_seconds=cpu, peak_memory_mib=peak,
            agreed=agreed,
            agreed_households=n_agreed, baseline=base, machine=machine_info())
    finally:
        if scratch is not None:
            scratch.cleanup()


def cmd_benchmark(args: argparse.Namespace) -> int:
    """Time a large caseload: the columnar engine (read Parquet, settle a year, write
    Parquet) or the object engine (generate, validate, settle)."""
    import json

    if args.engine == "objects":
        if args.baseline:
            raise InvalidInput("--baseline goes with --engine columns")
        result = run_benchmark(args.households, args.seed,
                               say=lambda text: print(text, file=sys.stderr))
        print(json.dumps(result.as_dict(), indent=2) if args.json else result.report())
        return EXIT_OK
    found = run_columns_benchmark(
        args.households, args.seed, tables=Path(args.tables) if args.tables else None,
        agree_sample=args.agree_sample, baseline=args.baseline, workers=args.workers,
        say=lambda text: print(text, file=sys.stderr))
    print(json.dumps(found.as_dict(), indent=2) if args.json else found.report())
    return EXIT_OK


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this group's commands to the parser."""
    p = sub.add_parser("benchmark", help="time settling a large caseload")
    p.add_argument("--households", type=positive, default=100_000)
    p.add_argument("--seed", type=int, default=2019)
    p.add_argument("--engine", choices=("columns", "objects"), default="columns",
                   help="columns (default): read Parquet, settle a year, write Parquet; "
                        "objects: generate, validate and settle household by household")
    p.add_argument("--baseline", choices=("pandas",), default=None,
                   help="also time a plain pandas iterrows loop on the same tables "
                        "(needs the benchmark extra)")
    p.add_argument("--json", action="store_true", help="the figures as JSON")
    p.add_argument("--tables", default=None,
                   help="folder with allocations.parquet and events.parquet to reuse "
                        "(generated there when missing)")
    p.add_argument("--agree-sample", type=int, default=2_000,
                   help="households the object engine also settles to compare line by "
                        "line (0: all, -1: none; default 2,000)")
    p.add_argument("--workers", type=positive, default=2,
                   help="processes generating the caseload (default 2)")
    p.set_defaults(func=cmd_benchmark)
