"""The demo: the library's main job from end to end, on the embedded example caseload.

``sociaaldomein demo`` generates the example caseload (:mod:`sociaaldomein.synth`, seed
2019, 2,000 households across the installed regions) or reads one (``--caseload FILE``),
validates it against each region's policy, settles a full contract year month by month,
and prints spend per region, municipality, segment and funding model, the violations with
their clauses, and one amount explained back to its rule and clause. It writes the
results to an output folder: JSON always; Parquet and a PNG chart of monthly spend per
region when the optional extras ``frames`` and ``plot`` are installed.

Households with an error-level violation are held back from settlement, as a municipal
system would hold back a decision until it is corrected.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

import attrs

from sociaaldomein.analysis.report import (
    indicator_rows,
    line_rows,
    render_table,
    violation_rows,
    year_indicators,
)
from sociaaldomein.cli.common import EXIT_INTERNAL, SIZE_HELP, positive, size_arg, year_arg
from sociaaldomein.errors import InvalidInput, PluginFailed
from sociaaldomein.io.files import atomic_write, caseload_json, read_caseload
from sociaaldomein.model.caseload import Caseload
from sociaaldomein.model.lines import LineKind, SettlementLine
from sociaaldomein.model.money import Money
from sociaaldomein.model.periods import Month
from sociaaldomein.model.validation import Violation
from sociaaldomein.policy.registry import Registry, default_registry
from sociaaldomein.settle.regions import held_back, settle_year, split_by_region, subset_households
from sociaaldomein.settle.settlement import Settlement
from sociaaldomein.synth import DEFAULT_HOUSEHOLDS, DEFAULT_SEED, Synthetic, generate

__all__ = [
    "DemoResult",
    "run",
    "run_demo",
]


@attrs.frozen
class DemoResult:
    """What the demo computed (returned by :func:`run`, for tests and notebooks)."""

    caseload: Caseload
    violations: tuple[Violation, ...]
    settlement: Settlement
    years: dict[str, int]
    held_back: frozenset[str]
    synthetic: Synthetic | None
    files: tuple[Path, ...]
    notes: tuple[str, ...]
    chain: tuple[dict[str, object], ...] = ()
    """The chain for a municipal system, one row per region (see :func:`chain_rows`)."""
    failures: tuple[str, ...] = ()
    """Regions whose plugin failed while it ran (the others' results are complete)."""


# -- presentation ------------------------------------------------------------------------
class _Out:
    """Prints tables with rich when it is installed (and not switched off), plain text
    otherwise."""

    def __init__(self, stream: TextIO, plain: bool) -> None:
        self.stream = stream
        self.console: object | None = None
        if not plain:
            try:
                from rich.console import Console
            except ImportError:
                pass
            else:
                self.console = Console(file=stream, soft_wrap=False, width=max(100, 120))

    def say(self, text: str = "") -> None:
        if self.console is not None:
            self.console.print(text, markup=False, highlight=False)  # type: ignore[attr-defined]
        else:
            print(text, file=self.stream)

    def heading(self, text: str) -> None:
        self.say("")
        self.say(text)
        self.say("=" * len(text))

    def table(self, title: str, headers: Sequence[str], rows: Sequence[Sequence[object]],
              right: Sequence[int] = ()) -> None:
        if self.console is not None:
            from rich.table import Table

            table = Table(title=title, title_justify="left")
            for i, header in enumerate(headers):
                table.add_column(header, justify="right" if i in right else "left")
            for row in rows:
                table.add_row(*(_cell(c) for c in row))
            self.console.print(table)  # type: ignore[attr-defined]
        else:
            self.say("")
            self.say(render_table(headers, rows, right=right, title=title))


def _cell(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, Money):
        return value.format_nl()
    return str(value)


class _Progress:
    """A progress bar over the months to settle: rich's when available, else plain text on
    stderr."""

    def __init__(self, total: int, plain: bool, stream: TextIO) -> None:
        self.total = total
        self.done = 0
        self.stream = stream
        self.rich: object | None = None
        self.task: object | None = None
        if not plain:
            try:
                from rich.progress import Progress
            except ImportError:
                pass
            else:
                from rich.console import Console

                progress = Progress(console=Console(file=stream), transient=False)
                self.rich = progress
                progress.start()
                self.task = progress.add_task("settling", total=total)

    def step(self, region: str, month: Month) -> None:
        self.done += 1
        if self.rich is not None:
            self.rich.update(self.task, advance=1,  # type: ignore[attr-defined]
                             description=f"settling {region} {month}")
            return
        width = 30
        filled = width * self.done // max(1, self.total)
        bar = "#" * filled + "." * (width - filled)
        text = f"settling [{bar}] {self.done:>3}/{self.total} {region} {month}"
        if self.stream.isatty():
            end = "\n" if self.done >= self.total else ""
            print(f"\r{text}    ", end=end, file=self.stream, flush=True)
        elif month.month == 12 or self.done >= self.total:
            print(text, file=self.stream, flush=True)

    def close(self) -> None:
        if self.rich is not None:
            self.rich.stop()  # type: ignore[attr-defined]


def _spend_rows(settlement: Settlement, key: str,
                limit: int | None = None) -> list[tuple[str, int, Money]]:
    groups = settlement.group_by(key)
    counts: Counter[str] = Counter()
    from sociaaldomein.settle.settlement import GROUPINGS

    for line in settlement.payments():
        counts[GROUPINGS[key](line)] += 1
    rows = sorted(groups.items(), key=lambda kv: -kv[1].amount_cents)
    if limit is not None:
        rows = rows[:limit]
    return [(name, counts[name], amount) for name, amount in rows]


def _pick_example(settlement: Settlement) -> SettlementLine | None:
    """A line worth explaining: a partial month paid pro rata, else a trajectory
    installment, else the first line."""
    payments = settlement.payments()
    for line in payments:
        if line.kind is LineKind.PERIOD and line.quantity is not None and line.amount and \
                int(line.quantity) < line.month.days:
            return line
    for line in payments:
        if line.kind is LineKind.INSTALLMENT:
            return line
    return payments[0] if payments else None


# -- writing -----------------------------------------------------------------------------
def _write_json(path: Path, data: object) -> Path:
    atomic_write(path, (json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n")
                 .encode("utf-8"))
    return path


def write_outputs(
    folder: Path, caseload: Caseload, violations: Sequence[Violation], settlement: Settlement,
    years: dict[str, int], summary: dict[str, object],
) -> tuple[list[Path], list[str]]:
    """Write the demo's results; returns the files written and notes on what was skipped."""
    folder.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    notes: list[str] = []
    lines = line_rows(settlement.lines)
    found = violation_rows(violations)
    inds = {by: indicator_rows(year_indicators(caseload, by, years))
            for by in ("region", "municipality", "segment", "provider")}
    files.append(_write_json(folder / "settlement_lines.json", lines))
    files.append(_write_json(folder / "violations.json", found))
    files.append(_write_json(folder / "indicators.json", inds))
    files.append(_write_json(folder / "summary.json", summary))
    atomic_write(folder / "caseload.json", (caseload_json(caseload) + "\n").encode("utf-8"))
    files.append(folder / "caseload.json")
    from sociaaldomein.analysis.frames import write_parquet_rows
    from sociaaldomein.analysis.plots import monthly_spend_png
    from sociaaldomein.errors import MissingExtra

    try:
        files.append(write_parquet_rows(folder / "settlement_lines.parquet", lines, "lines"))
        files.append(write_parquet_rows(folder / "violations.parquet", found, "violations"))
        files.append(write_parquet_rows(folder / "indicators_region.parquet",
                                        inds["region"], "indicators"))
    except MissingExtra as exc:
        notes.append(f"Parquet files skipped: {exc}")
    try:
        files.append(monthly_spend_png(folder / "monthly_spend.png", settlement, years))
    except MissingExtra as exc:
        notes.append(f"Chart skipped: {exc}")
    return files, notes


# -- the demo ----------------------------------------------------------------------------
DEMO_FILES = frozenset({
    "settlement_lines.json", "violations.json", "indicators.json", "summary.json",
    "caseload.json", "settlement_lines.parquet", "violations.parquet",
    "indicators_region.parquet", "monthly_spend.png", "chain",
})
"""The files of a demo run: an existing ``--output`` folder may hold only these."""


def run(
    *, households: int = DEFAULT_HOUSEHOLDS, seed: int = DEFAULT_SEED, year: int | None = None,
    output: Path | None = None, caseload_file: Path | None = None, plain: bool = False,
    stream: TextIO | None = None, progress_stream: TextIO | None = None,
    registry: Registry | None = None, max_bytes: int | None = None, chain: bool = True,
) -> DemoResult:
    """Run the demo and return what it computed (the command prints and writes it).
    ``max_bytes`` bounds the size of ``caseload_file`` (default 200 MB).

    The results are written into a new folder beside ``output``, made before any work (a
    folder that cannot be written is found at once), and put in the place of ``output``
    at the end: ``output`` always holds one whole run, also when a run is interrupted."""
    from sociaaldomein.io.files import replaced_folder

    arguments = {"households": households, "seed": seed, "year": year,
                 "caseload_file": caseload_file, "plain": plain, "stream": stream,
                 "progress_stream": progress_stream, "registry": registry,
                 "max_bytes": max_bytes, "chain": chain}
    if output is None:
        return _run(**arguments, output=None, stage=None)  # type: ignore[arg-type]
    with replaced_folder(output, DEMO_FILES) as stage:
        return _run(**arguments, output=output, stage=stage)  # type: ignore[arg-type]


def _run(
    *, households: int, seed: int, year: int | None, output: Path | None, stage: Path | None,
    caseload_file: Path | None, plain: bool, stream: TextIO | None,
    progress_stream: TextIO | None, registry: Registry | None, max_bytes: int | None,
    chain: bool,
) -> DemoResult:
    out = _Out(stream or sys.stdout, plain)
    registry = registry or default_registry()
    started = time.perf_counter()
    out.heading("sociaaldomein demo")
    regions = registry.codes()
    out.say("Installed regions: " + (", ".join(regions) or "none"))
    for broken in registry.broken:
        out.say(f"  not loaded: {broken.message}")
    synthetic: Synthetic | None = None
    if caseload_file is not None:
        caseload = read_caseload(caseload_file, max_bytes=max_bytes)
        out.say(f"Read {len(caseload.households)} households from {caseload_file}")
    else:
        synthetic = generate(seed=seed, households=households, year=year, registry=registry)
        caseload = synthetic.caseload
        out.say(f"Generated the example caseload (seed {seed}): "
                f"{len(caseload.households)} households, {len(caseload.allocations)} "
                f"allocations, {len(caseload.events)} care events "
                f"in {time.perf_counter() - started:.1f} s")
        out.table("Example caseload per region",
                  ["region", "contract year", "households", "allocations", "breaches planted"],
                  [[r.region, r.year, r.households, r.allocations,
                    sum(1 for b in synthetic.breaches if b.region == r.region)]
                   for r in synthetic.regions], right=(1, 2, 3, 4))

    # The caseload lives until the end: spare the garbage collector from walking it.
    gc.collect()
    gc.freeze()

    # validation
    from sociaaldomein.settle.engine import validate

    failures: list[str] = []
    try:
        violations = tuple(validate(caseload, registry=registry))
    except PluginFailed as exc:  # the other regions go on
        failures.extend(exc.failures)
        violations = tuple(exc.result) if isinstance(exc.result, list) else ()
    back = held_back(violations)
    out.heading("Validation")
    per_code = Counter((v.code, v.severity.value) for v in violations)
    out.say(f"{len(violations)} violation(s) in {len({r['household'] for r in violation_rows(violations)})} "
            f"household(s); {len(back)} household(s) with errors are held back from settlement.")
    if violations:
        out.table("Violations found", ["severity", "code", "household", "message", "clause"],
                  [[v.severity.value, v.code, _household(v.path), _short(v.message, 70),
                    _short(v.ref.cite(), 60)] for v in violations[:25]])
        if len(violations) > 25:
            out.say(f"... and {len(violations) - 25} more (all in violations.json)")
        out.table("Violations per code", ["code", "severity", "count"],
                  [[c, s, n] for (c, s), n in sorted(per_code.items())], right=(2,))
    if synthetic is not None and synthetic.breaches:
        found_households = {_household(v.path) for v in violations}
        caught = sum(1 for b in synthetic.breaches if b.household in found_households)
        out.say(f"Deliberate breaches planted by the generator: {len(synthetic.breaches)}; "
                f"found by validation: {caught}.")

    # settlement
    valid = subset_households(caseload, frozenset(h.id for h in caseload.households) - back)
    parts = split_by_region(valid, registry)
    bar = _Progress(12 * len(parts), plain, progress_stream or sys.stderr)
    try:
        settlement, years = settle_year(valid, year, registry, bar.step)
    except PluginFailed as exc:
        failures.extend(exc.failures)
        settlement, years = exc.result  # type: ignore[misc]
    finally:
        bar.close()
    out.heading("Settlement")
    out.say("A full contract year per region, month by month: "
            + ", ".join(f"{r} {y}" for r, y in years.items()))
    out.say(f"{len(settlement.lines)} settlement lines; paid to providers "
            f"{settlement.total.format_nl()}; own contributions "
            f"{settlement.total_own_contributions.format_nl()}; withheld "
            f"{settlement.total_withheld.format_nl()}.")
    out.table("Spend per region", ["region", "lines", "paid"],
              [list(r) for r in _spend_rows(settlement, "region")], right=(1, 2))
    out.table("Spend per municipality", ["municipality", "lines", "paid"],
              [[_municipality_name(caseload, r[0]), r[1], r[2]]
               for r in _spend_rows(settlement, "municipality")], right=(1, 2))
    seg_rows: list[list[object]] = []
    for line_region, part in _by_region(settlement).items():
        for name, count, amount in _spend_rows(part, "segment"):
            seg_rows.append([line_region, name, count, amount])
    out.table("Spend per segment", ["region", "segment", "lines", "paid"], seg_rows,
              right=(2, 3))
    out.table("Spend per funding model", ["funding model", "lines", "paid"],
              [list(r) for r in _spend_rows(settlement, "funding")], right=(1, 2))
    if any(line.example for line in settlement.lines):
        out.say("Amounts rest on example tariffs where a region's documents give none; "
                "each line says so (column 'example').")

    # one amount explained
    example = _pick_example(settlement)
    if example is not None and example.client is not None:
        out.heading("One amount explained")
        out.say(settlement.explain(client=example.client, month=str(example.month)))

    # indicators
    inds = year_indicators(valid, "region", years, registry)
    out.heading("Indicators")
    out.table("Indicators per region",
              ["region", "allocations", "ended", "according to plan %", "goals realised %",
               "satisfaction", "waiting days (median)", "duration days (mean)"],
              [[r["group"], r["allocations"], r["ended"], r["dropout_according_to_plan_pct"],
                r["goal_realisation_pct"], r["satisfaction_mean"], r["waiting_median_days"],
                r["duration_mean_days"]] for r in indicator_rows(inds)],
              right=(1, 2, 3, 4, 5, 6, 7))

    # the chain: allocations sent, providers' messages answered, for one month per region
    chain_table: list[dict[str, object]] = []
    chain_notes: list[str] = []
    if chain:
        chain_table, chain_notes = _show_chain(out, registry, seed, stage, output)

    files: list[Path] = []
    notes: list[str] = list(chain_notes)
    if output is not None and stage is not None:
        summary: dict[str, object] = {
            "households": len(caseload.households),
            "allocations": len(caseload.allocations),
            "events": len(caseload.events),
            "seed": seed if synthetic is not None else None,
            "years": years,
            "violations": len(violations),
            "held_back_households": sorted(back),
            "settlement_lines": len(settlement.lines),
            "paid_cents": settlement.total.amount_cents,
            "own_contributions_cents": settlement.total_own_contributions.amount_cents,
            "withheld_cents": settlement.total_withheld.amount_cents,
            "paid_per_region_cents": {k: v.amount_cents
                                      for k, v in settlement.group_by("region").items()},
            "breaches": [attrs.asdict(b) for b in synthetic.breaches] if synthetic else [],
            "chain": chain_table,
        }
        files, written_notes = write_outputs(stage, caseload, violations, settlement, years,
                                             summary)
        files = [output / file.name for file in files]  # where they are once swapped in
        notes.extend(written_notes)
        out.heading("Output")
        out.say(f"Results written to {output.resolve()}:")
        for file in files:
            out.say(f"  {file.name}")
        for note in notes:
            out.say(note)
    gc.unfreeze()
    out.say("")
    out.say(f"Done in {time.perf_counter() - started:.1f} s.")
    for failure in failures:
        out.say(f"error: [SD-406] {failure}")
    return DemoResult(caseload, violations, settlement, years, back, synthetic,
                      tuple(files), tuple(notes), tuple(chain_table), tuple(failures))


CHAIN_HOUSEHOLDS = 20
"""Households per region in the demo's chain (kept small: the chain runs in seconds)."""


def chain_month(years: Sequence[int], today: dt.date | None = None) -> Month | None:
    """The month the demo plays the chain for in a region: June of its latest contract
    year under the 3.x standards (from 2021, CS100), or the latest month whose answers
    are not dated after today; ``None`` when the region has no such year."""
    today = today or dt.date.today()
    usable = [y for y in years if y >= 2021]
    if not usable:
        return None
    month = Month(max(usable), 6)
    while month.next().next().first_day > today and month.year >= 2021:
        month = Month(month.year - 1, 12) if month.month == 1 else Month(month.year,
                                                                         month.month - 1)
    return month if month.year >= 2021 else None


def _show_chain(out: _Out, registry: Registry, seed: int, output: Path | None,
                shown_as: Path | None = None) -> tuple[list[dict[str, object]], list[str]]:
    """Play the chain for one month per region on a small caseload of its own and print
    what happened; returns one row per region and notes. ``output`` is the folder written
    into, ``shown_as`` the folder it becomes (the demo writes into a new folder that is
    swapped into place at the end)."""
    import tempfile

    from sociaaldomein.errors import MissingExtra

    out.heading("The chain for a municipal system")
    try:
        from sociaaldomein.exchange.chain import run_month
        from sociaaldomein.exchange.ledger import Ledger
        from sociaaldomein.io.istandaarden import write
    except ImportError as exc:  # pragma: no cover - the extras are in the dev group
        note = f"The chain was skipped: {exc}"
        out.say(note)
        return [], [note]
    out.say(f"Per region a caseload of {CHAIN_HOUSEHOLDS} households in its latest contract "
            "year: the municipality sends its 301s, the providers send their 305/307s and "
            "one 323 per provider, municipality and law for the month with seven planted "
            "faults, and the municipality answers with 325s.")
    folder = (output / "chain") if output is not None else Path(tempfile.mkdtemp())
    folder.mkdir(parents=True, exist_ok=True)
    location = folder / "ledger.sqlite"
    for stale in (location, folder / "ledger.sqlite-wal", folder / "ledger.sqlite-shm"):
        stale.unlink(missing_ok=True)
    rows: list[dict[str, object]] = []
    notes: list[str] = []
    try:
        ledger = Ledger.open(location)
    except MissingExtra as exc:
        note = f"The chain was skipped: {exc}"
        out.say(note)
        return [], [note]
    with ledger:
        for policy in registry.policies():
            month = chain_month(policy.contract_years)
            if month is None:
                notes.append(f"chain: {policy.code} has no contract year from 2021")
                continue
            part = generate(seed=seed, households=CHAIN_HOUSEHOLDS, regions=[policy.code],
                            year=month.year, breaches=False, registry=registry).caseload
            try:
                result = run_month(part, month, ledger, faults=7, seed=seed,
                                   registry=registry)
            except MissingExtra as exc:
                note = f"The chain was skipped: {exc}"
                out.say(note)
                return [], [note]
            target = folder / policy.code
            target.mkdir(exist_ok=True)
            for message in (*result.allocations.messages, *result.simulation.messages,
                            *result.answers.replies):
                ident = message.header.bericht_identificatie.identificatie
                atomic_write(target / f"{message.name}-{ident}.xml",
                             write(message, today=dt.date.today()))
            codes = Counter(c for a in result.answers.answered for c in a.codes)
            rows.append({
                "region": policy.code, "month": str(month),
                "allocations_sent": len(result.allocations.sent),
                "messages_301": len(result.allocations.messages),
                "starts_stops": len(result.history) + sum(
                    1 for a in result.answers.answered if a.kind in ("305", "307")),
                "declarations": len(result.simulation.declarations),
                "owed_cents": result.owed.amount_cents,
                "declared_clean_cents": result.clean.amount_cents,
                "accepted_cents": result.accepted.amount_cents,
                "identity_holds": result.identity_holds,
                "faults": [{"kind": f.fault.kind, "must_get": f.fault.code,
                            "got": list(f.codes), "caught": f.caught}
                           for f in result.faults],
                "rejected_clean_lines": result.rejected_clean_lines,
                "retour_codes": dict(sorted(codes.items())),
            })
    out.table("The chain per region",
              ["region", "month", "301s", "323s", "owed (library)", "declared clean",
               "accepted", "accepted = clean", "faults caught"],
              [[r["region"], r["month"], r["messages_301"], r["declarations"],
                Money.cents(_int(r["owed_cents"])), Money.cents(_int(r["declared_clean_cents"])),
                Money.cents(_int(r["accepted_cents"])), "yes" if r["identity_holds"] else "NO",
                f"{sum(1 for f in _faults(r) if f['caught'])}/{len(_faults(r))}"]
               for r in rows], right=(2, 3, 4, 5, 6))
    fault_rows = [[r["region"], f["kind"], f["must_get"], ", ".join(_codes(f["got"])),
                   "yes" if f["caught"] else "NO"] for r in rows for f in _faults(r)]
    out.table("Planted faults and their retour codes",
              ["region", "fault", "must get", "got", "rejected"], fault_rows[:14])
    if len(fault_rows) > 14:
        out.say(f"... and {len(fault_rows) - 14} more (all in summary.json)")
    out.say("'owed (library)' is the declarable part of the library's own settlement of "
            "the month; the providers declared it all, of which the planted faults replaced "
            "a few lines.")
    missed = sum(1 for _, f in ((r, f) for r in rows for f in _faults(r)) if not f["caught"])
    wrong = sum(_int(r["rejected_clean_lines"]) for r in rows)
    broken = [str(r["region"]) for r in rows if not r["identity_holds"]]
    if not (missed or wrong or broken):
        out.say("Every clean line was accepted and every planted fault rejected with its "
                "retour code.")
    else:
        out.say(f"NOT RIGHT: {missed} planted fault(s) not rejected with their code, {wrong} "
                f"clean line(s) rejected, accepted differs from declared clean in "
                f"{', '.join(broken) or 'no region'}.")
    if output is not None:
        out.say(f"Messages and the ledger in {(shown_as / 'chain') if shown_as else folder}")
    return rows, notes


def _int(value: object) -> int:
    assert isinstance(value, int)
    return value


def _faults(row: dict[str, object]) -> list[dict[str, object]]:
    faults = row["faults"]
    assert isinstance(faults, list)
    return faults


def _codes(value: object) -> list[str]:
    assert isinstance(value, list)
    return [str(v) for v in value]


def _by_region(settlement: Settlement) -> dict[str, Settlement]:
    parts: dict[str, list[SettlementLine]] = defaultdict(list)
    for line in settlement.lines:
        parts[line.region].append(line)
    return {k: Settlement(tuple(v)) for k, v in sorted(parts.items())}


def _household(path: str) -> str:
    if path.startswith("households[") and "]" in path:
        return path[len("households["):path.index("]")]
    return "-"


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def _municipality_name(caseload: Caseload, code: str) -> str:
    for household in caseload.households:
        if household.municipality.code == code:
            return f"{household.municipality.name} ({code})"
    return code


def run_demo(args: argparse.Namespace) -> int:
    """The ``demo`` command."""
    result = run(
        households=args.households, seed=args.seed, year=args.year,
        output=Path(args.output), caseload_file=Path(args.caseload) if args.caseload else None,
        plain=args.plain, max_bytes=args.max_input_size,
        chain=not getattr(args, "no_chain", False),
    )
    return EXIT_INTERNAL if result.failures else 0


def cmd_demo(args: argparse.Namespace) -> int:
    """The main job: validate and settle the embedded example caseload."""
    if args.caseload and Path(args.caseload).suffix.lower() in (".csv", ".parquet", ".pq"):
        raise InvalidInput("demo --caseload reads the caseload JSON format; for allocation "
                           "and event tables use validate, settle or explain with --events",
                           source=args.caseload)
    output = Path(args.output)
    if output.exists() and not output.is_dir():
        raise InvalidInput("--output names a file; the demo writes a folder of results",
                           source=str(output))
    if args.caseload:
        from sociaaldomein.io.files import same_file

        if same_file(Path(args.caseload).parent, output):
            raise InvalidInput(f"--caseload {args.caseload} lies in the --output folder "
                               f"{output}, which the demo rewrites; move it or name another "
                               "folder", source=args.caseload)
    return run_demo(args)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this group's commands to the parser."""
    p = sub.add_parser("demo", help="generate, validate and settle the example caseload")
    p.add_argument("--output", default="sociaaldomein-output",
                   help="folder for the results (default: sociaaldomein-output)")
    p.add_argument("--households", type=positive, default=2000)
    p.add_argument("--seed", type=int, default=2019)
    p.add_argument("--year", type=year_arg, default=None,
                   help="contract year for every region (default: each region's own)")
    p.add_argument("--caseload", default=None, help="use this caseload JSON file instead")
    p.add_argument("--max-input-size", type=size_arg, default=None, metavar="SIZE",
                   help=SIZE_HELP.replace("input file", "--caseload file"))
    p.add_argument("--plain", action="store_true", help="plain text, no colours or bars")
    p.add_argument("--no-chain", action="store_true",
                   help="leave out the chain of iWmo/iJw messages (allocations sent, "
                   "declarations answered)")
    p.set_defaults(func=cmd_demo)
