"""``sociaaldomein benchmark``: how fast the library generates, validates and settles.

It generates an example caseload (:mod:`sociaaldomein.synth.generator`, default 100,000 households
across the installed regions), validates it with each region's policy and settles every
region's full contract year month by month, and reports for each step the wall time,
households per second and (for settlement) settlement lines per second, plus the peak
resident memory of the process. This is a measurement to run by hand and record in
``docs/performance.md``, not a timed test.
"""

from __future__ import annotations

import gc
import platform
import sys
import time
from collections.abc import Callable
from typing import TypeVar

import attrs

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
    result = fn()
    return result, time.perf_counter() - started


def run_benchmark(households: int = 100_000, seed: int = 2019,
                  registry: Registry | None = None,
                  say: Callable[[str], None] | None = None) -> BenchmarkResult:
    """Generate, validate and settle ``households`` households; time each step."""
    from sociaaldomein.settle.engine import validate
    from sociaaldomein.settle.regions import settle_year
    from sociaaldomein.synth.generator import generate

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
