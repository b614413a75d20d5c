"""The ``sociaaldomein`` command.

Every command treats its input as untrusted: a bad file gets a message naming file, line
or path and exit code 2; rule violations exit with 1; no command prints a traceback (an
unexpected internal error exits with 3 and a one-line message). Output files are written
atomically, so a failure never leaves a partial file.

Commands: ``demo``, ``validate``, ``settle``, ``explain``, ``compare``, ``synth``,
``policies``, ``new-policy``, ``schema`` and ``benchmark``; ``sociaaldomein COMMAND -h``
describes each.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from sociaaldomein.errors import InvalidInput, SociaaldomeinError
from sociaaldomein.model.caseload import Caseload
from sociaaldomein.policy.registry import default_registry

if TYPE_CHECKING:
    from sociaaldomein.model.periods import Month

__all__ = ["EXIT_BAD_INPUT", "EXIT_INTERNAL", "EXIT_OK", "EXIT_VIOLATIONS", "build_parser", "main"]

EXIT_OK = 0
EXIT_VIOLATIONS = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 3


def _date(text: str) -> dt.date:
    try:
        if len(text) != 10:
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _month(text: str) -> Month:
    """The ``--month`` of a command; a bad one names the option (exit 2)."""
    from sociaaldomein.errors import PeriodError
    from sociaaldomein.model.periods import Month

    try:
        return Month.parse(text)
    except PeriodError as exc:
        raise InvalidInput(f"--month {text!r}: {exc.message}") from None


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _year(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a year") from None
    if not 1990 <= value <= 2100:
        raise argparse.ArgumentTypeError(f"{value} is not a plausible year")
    return value


def _write_or_print(data: bytes, output: str | None) -> None:
    from sociaaldomein.io.files import atomic_write

    if output:
        atomic_write(output, data)
    else:
        sys.stdout.write(data.decode("utf-8"))


def _read(args: argparse.Namespace) -> Caseload:
    """The caseload named on the command line: JSON, or flat tables (CSV or Parquet) with
    an optional ``--events`` table."""
    path = Path(args.file)
    events = getattr(args, "events", None)
    if path.suffix.lower() in (".csv", ".parquet", ".pq"):
        if path.suffix.lower() == ".csv" and (events is None or events.lower().endswith(".csv")):
            from sociaaldomein.io.tables import caseload_from_rows, read_csv_rows

            columns, rows = read_csv_rows(path)
            e_columns: list[str] | None = None
            e_rows: list[dict[str, object]] = []
            if events is not None:
                e_columns, e_rows = read_csv_rows(events)
            return caseload_from_rows(rows, e_rows, allocation_columns=columns,
                                      event_columns=e_columns, allocations_source=str(path),
                                      events_source=events or "events")
        from sociaaldomein.analysis.frames import read_caseload_table

        return read_caseload_table(path, events)
    if events is not None:
        raise InvalidInput("--events goes with an allocations table (.csv or .parquet)",
                           source=str(path))
    from sociaaldomein.io.files import read_caseload

    return read_caseload(path)


# -- commands ----------------------------------------------------------------------------
def cmd_policies(args: argparse.Namespace) -> int:
    """List the discovered regions, their municipalities and sources."""
    from sociaaldomein.policy.plugin import members_on

    registry = default_registry()
    on = args.on or dt.date.today()
    for policy in registry.policies():
        print(f"{policy.code}: {policy.name}")
        print(f"  contract years: {', '.join(map(str, policy.contract_years))}; "
              f"{len(policy.catalog.arrangements)} arrangements in "
              f"{len(policy.catalog.segments)} segments; {len(policy.rules)} rules documented")
        members = members_on(policy, on)
        print(f"  municipalities on {on.isoformat()}: "
              + (", ".join(str(m) for m in members) or "none"))
        others = sorted({str(m.municipality) for m in policy.members} - {str(m) for m in members})
        if others:
            print("  members at other dates: " + ", ".join(others))
        for dialect in policy.dialects:
            print(f"  dialect: {dialect.name} ({dialect.ref.cite()})")
        for source in policy.sources:
            print(f"  source: {source}")
    for broken in registry.broken:
        print(f"broken plugin: {broken.message}", file=sys.stderr)
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    """The main job: validate and settle the embedded example caseload."""
    from sociaaldomein.cli.demo import run_demo

    if args.caseload and Path(args.caseload).suffix.lower() in (".csv", ".parquet", ".pq"):
        raise InvalidInput("demo --caseload reads the caseload JSON format; for allocation "
                           "and event tables use validate, settle or explain with --events",
                           source=args.caseload)
    output = Path(args.output)
    if output.exists() and not output.is_dir():
        raise InvalidInput("--output names a file; the demo writes a folder of results",
                           source=str(output))
    return run_demo(args)


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate a caseload file against each household's region policy."""
    from sociaaldomein.analysis.report import violation_rows
    from sociaaldomein.settle.engine import validate

    caseload = _read(args)
    violations = validate(caseload, on=args.on)
    errors = [v for v in violations if v.is_error]
    if args.format == "json":
        print(json.dumps(violation_rows(violations), indent=2, ensure_ascii=False))
    else:
        for violation in violations:
            print(violation)
        print(f"{len(caseload.households)} households, {len(caseload.allocations)} "
              f"allocations: {len(errors)} error(s), {len(violations) - len(errors)} "
              "warning(s)", file=sys.stderr)
    if errors or (args.strict and violations):
        return EXIT_VIOLATIONS
    return EXIT_OK


def _settle(args: argparse.Namespace, caseload: Caseload | None = None) -> tuple[object, object]:
    from sociaaldomein.settle.engine import settle
    from sociaaldomein.settle.regions import subset_households

    month = _month(args.month)  # before reading a possibly large file
    if caseload is None:
        caseload = _read(args)
    registry = default_registry()
    claimed: set[str] = set()
    for household in caseload.households:
        try:
            registry.policy_for(household.municipality.code, month.first_day)
        except SociaaldomeinError:
            continue
        claimed.add(household.id)
    skipped = len(caseload.households) - len(claimed)
    if skipped:
        print(f"note: {skipped} household(s) skipped: no region claims their municipality in "
              f"{month} (validate reports why)", file=sys.stderr)
        caseload = subset_households(caseload, frozenset(claimed))
    return caseload, settle(caseload, month, registry)


def cmd_settle(args: argparse.Namespace) -> int:
    """Settle a month (``--month``) or a calendar year (``--year``) of a caseload:
    settlement lines as JSON, CSV or Parquet. ``--engine columns`` (the default for
    tables) settles in columns; ``--engine objects`` household by household."""
    fmt = args.format or _format_of(args.output)
    if fmt == "parquet" and not args.output:
        raise InvalidInput("Parquet is binary: name a file with --output")
    if (args.month is None) == (args.year is None):
        raise InvalidInput("name one of --month YYYY-MM or --year YYYY")
    engine = args.engine or ("columns" if args.year is not None and Path(args.file).suffix
                             .lower() in (".csv", ".parquet", ".pq") else "objects")
    if engine == "columns":
        return _settle_columns(args, fmt)
    from sociaaldomein.analysis.report import LINE_COLUMNS, line_rows
    from sociaaldomein.settle.settlement import Settlement

    if args.year is not None:
        from sociaaldomein.settle.settlement import combine

        caseload = _read(args)
        parts = []
        for m in range(1, 13):
            args.month = f"{args.year}-{m:02d}"
            found = _settle(args, caseload)[1]
            assert isinstance(found, Settlement)
            parts.append(found)
        settlement = combine(parts)
    else:
        _caseload, found = _settle(args)
        assert isinstance(found, Settlement)
        settlement = found
    rows = line_rows(settlement.lines)
    if fmt == "json":
        _write_or_print((json.dumps(rows, indent=2, ensure_ascii=False) + "\n").encode("utf-8"),
                        args.output)
    elif fmt == "csv":
        import csv

        buffer = io.StringIO(newline="")
        writer = csv.DictWriter(buffer, fieldnames=list(LINE_COLUMNS), lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: "" if v is None else str(v).lower() if isinstance(v, bool) else v
                             for k, v in row.items()})
        _write_or_print(buffer.getvalue().encode("utf-8"), args.output)
    else:
        from sociaaldomein.analysis.frames import write_parquet_rows

        write_parquet_rows(args.output, rows, "lines")
    print(f"{len(settlement.lines)} lines, paid {settlement.total.format_nl()}"
          + (f", written to {args.output}" if args.output else ""), file=sys.stderr)
    return EXIT_OK


def _settle_columns(args: argparse.Namespace, fmt: str) -> int:
    """``settle --engine columns``: read the tables straight into columns, settle the year
    (each region in that year), keep the month asked for, write the lines."""
    import time

    from sociaaldomein.model.money import Money
    from sociaaldomein.settle.columns import CaseloadColumns, settle_columns

    month = _month(args.month) if args.month is not None else None
    year = month.year if month is not None else args.year
    started = time.perf_counter()
    path = Path(args.file)
    if path.suffix.lower() in (".csv", ".parquet", ".pq"):
        columns = CaseloadColumns.read(path, args.events)
    else:
        columns = CaseloadColumns.from_caseload(_read(args))
    result = settle_columns(columns, year, default_registry(), skip_unclaimed=True)
    if result.unclaimed:
        print(f"note: households in {', '.join(result.unclaimed)} skipped in some month of "
              f"{year}: no region claims the municipality then (validate reports why)",
              file=sys.stderr)
    lines = result.lines
    if month is not None:
        import polars as pl

        lines = lines.filter(pl.col("month") == str(month))
        result = attrs.evolve(result, lines=lines)
    if fmt == "json":
        from sociaaldomein.analysis.report import line_rows

        rows = line_rows(result.to_settlement().lines)
        _write_or_print((json.dumps(rows, indent=2, ensure_ascii=False) + "\n").encode("utf-8"),
                        args.output)
    elif args.output:
        result.write(Path(args.output))
    else:
        buffer = io.StringIO()
        result.output_frame().write_csv(buffer)
        _write_or_print(buffer.getvalue().encode("utf-8"), None)
    print(f"{lines.height:,} lines, paid {Money.cents(result.total_cents).format_nl()} "
          f"in {time.perf_counter() - started:.1f} s (columns"
          + (f"; {result.fallback_households:,} household(s) through the object path"
             if result.fallback_households else "") + ")"
          + (f", written to {args.output}" if args.output else ""), file=sys.stderr)
    return EXIT_OK


def _format_of(output: str | None) -> str:
    if output:
        suffix = Path(output).suffix.lower().lstrip(".")
        if suffix in ("json", "csv", "parquet"):
            return suffix
        print(f"note: writing JSON to {output} (name a .json, .csv or .parquet file, or "
              "choose with --format)", file=sys.stderr)
    return "json"


def cmd_explain(args: argparse.Namespace) -> int:
    """Explain a total line by line, with rules and clauses."""
    from sociaaldomein.settle.settlement import GROUPINGS, Settlement

    _caseload, settlement = _settle(args)
    assert isinstance(settlement, Settlement)
    criteria = {k: getattr(args, k) for k in ("region", "municipality", "provider", "segment",
                                              "client", "arrangement", "funding")
                if getattr(args, k)}
    assert set(criteria) <= set(GROUPINGS)
    print(settlement.explain(**criteria))
    for key, value in criteria.items():
        seen = {GROUPINGS[key](line) for line in settlement.lines}
        if value not in seen:
            shown = ", ".join(sorted(seen)[:12]) + (", ..." if len(seen) > 12 else "")
            print(f"note: no line of {args.month} has {key} {value!r}"
                  + (f"; the month's lines have: {shown}" if seen else ""), file=sys.stderr)
    return EXIT_OK


def cmd_compare(args: argparse.Namespace) -> int:
    """The same caseload under two (or more) regions' funding rules, side by side."""
    from sociaaldomein.analysis.compare import compare
    from sociaaldomein.analysis.report import render_table

    caseload = _read(args)
    result = compare(caseload, args.regions, year=args.year)
    if args.format == "json":
        data = {
            "years": result.years,
            "rows": [{"care_kind": r.care_kind, "allocations": r.allocations,
                      "paid_cents": {k: v.amount_cents for k, v in r.paid.items()}}
                     for r in result.rows],
        }
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return EXIT_OK
    headers = ["kind of care"]
    for code in result.regions:
        headers += [f"{code} ({result.years[code]}) allocations", f"{code} paid"]
    rows = []
    for row in result.rows:
        cells: list[object] = [row.care_kind]
        for code in result.regions:
            cells += [row.allocations[code], row.paid[code].format_nl()]
        rows.append(cells)
    right = [i for i in range(1, len(headers))]
    print(render_table(headers, rows, right=right,
                       title="The same caseload under each region's funding rules"))
    print("\nEach region pays its own arrangements, funding models and tariffs (example values "
          "where its documents give none) for the same kinds of care.")
    return EXIT_OK


def cmd_synth(args: argparse.Namespace) -> int:
    """Write a generated example caseload."""
    from sociaaldomein.io.files import write_caseload
    from sociaaldomein.synth.generator import generate

    fmt = args.format or ("csv" if not Path(args.output).suffix else "json")
    if fmt == "parquet":
        from sociaaldomein.synth.chunks import write_parquet

        if args.municipality:
            raise InvalidInput("--municipality goes with json or csv; --format parquet "
                               "generates regions (--region)")
        written = write_parquet(args.output, args.households, seed=args.seed,
                                chunk=args.chunk, workers=args.workers,
                                regions=tuple(args.region) if args.region else None,
                                year=args.year, breaches=not args.no_breaches,
                                say=lambda text: print(text, file=sys.stderr))
        print(f"wrote {written.households:,} households, {written.allocations:,} allocations, "
              f"{written.events:,} events in {written.chunks} chunk(s) to "
              f"{written.allocations_path} and {written.events_path} (regions "
              + ", ".join(f"{r} {y}" for r, y in written.regions) + ")", file=sys.stderr)
        return EXIT_OK
    if args.households > 2_000_000:
        raise InvalidInput("more than 2,000,000 households: use --format parquet (in chunks)")
    synthetic = generate(seed=args.seed, households=args.households, regions=args.region or None,
                         municipality=args.municipality, year=args.year,
                         breaches=not args.no_breaches)
    if fmt == "json":
        write_caseload(args.output, synthetic.caseload)
        where = args.output
    else:
        from sociaaldomein.io.tables import (
            ALLOCATION_TABLE,
            EVENT_TABLE,
            caseload_to_rows,
            write_csv,
        )

        folder = Path(args.output)
        folder.mkdir(parents=True, exist_ok=True)
        allocs, events = caseload_to_rows(synthetic.caseload)
        write_csv(folder / "allocations.csv", ALLOCATION_TABLE, allocs)
        write_csv(folder / "events.csv", EVENT_TABLE, events)
        where = f"{folder}/allocations.csv and events.csv"
    caseload = synthetic.caseload
    print(f"wrote {len(caseload.households)} households, {len(caseload.allocations)} allocations, "
          f"{len(caseload.events)} events to {where} "
          f"({len(synthetic.breaches)} deliberate breaches; regions "
          + ", ".join(f"{r.region} {r.year}" for r in synthetic.regions) + ")", file=sys.stderr)
    return EXIT_OK


def cmd_new_policy(args: argparse.Namespace) -> int:
    """Scaffold a new region package from the template region."""
    from sociaaldomein.cli.new_policy import new_policy

    directory = args.directory or ("policies" if Path("policies").is_dir() else ".")
    target = new_policy(args.name, directory)
    package = args.name.replace("-", "_")
    print(f"created {target}")
    print("next steps:")
    print(f"  uv pip install -e {target}      # or add it to your project's dependencies")
    print(f"  uv run pytest {target}          # the conformance suite and the template's cases")
    print(f"  edit {target}/src/sociaaldomein_{package}/policy.py and parameters/*.toml")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    """Print (or write) the JSON Schema of the caseload format."""
    from sociaaldomein.io.schema import caseload_schema

    text = json.dumps(caseload_schema(), indent=2, ensure_ascii=False) + "\n"
    _write_or_print(text.encode("utf-8"), args.output)
    return EXIT_OK


def cmd_benchmark(args: argparse.Namespace) -> int:
    """Time a large caseload: the columnar engine (read Parquet, settle a year, write
    Parquet) or the object engine (generate, validate, settle)."""
    if args.engine == "objects":
        from sociaaldomein.cli.benchmark import run_benchmark

        if args.baseline:
            raise InvalidInput("--baseline goes with --engine columns")
        result = run_benchmark(args.households, args.seed,
                               say=lambda text: print(text, file=sys.stderr))
        if args.json:
            print(json.dumps(result.as_dict(), indent=2))
        else:
            print(result.report())
        return EXIT_OK
    from sociaaldomein.cli.benchmark import run_columns_benchmark

    found = run_columns_benchmark(
        args.households, args.seed, tables=Path(args.tables) if args.tables else None,
        agree_sample=args.agree_sample, baseline=args.baseline, workers=args.workers,
        say=lambda text: print(text, file=sys.stderr))
    if args.json:
        print(json.dumps(found.as_dict(), indent=2))
    else:
        print(found.report())
    return EXIT_OK


# -- parser ------------------------------------------------------------------------------
def _file_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="caseload JSON (format sociaaldomein.caseload/1), or an "
                        "allocations table (.csv, .parquet)")
    parser.add_argument("--events", default=None,
                        help="the events table that goes with an allocations table")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sociaaldomein",
        description="Model, validate and settle Wmo and youth care under each region's rules.",
        epilog="Exit codes: 0 ok, 1 rule violations, 2 unreadable input, 3 internal error.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("demo", help="generate, validate and settle the example caseload")
    p.add_argument("--output", default="sociaaldomein-output",
                   help="folder for the results (default: sociaaldomein-output)")
    p.add_argument("--households", type=_positive, default=2000)
    p.add_argument("--seed", type=int, default=2019)
    p.add_argument("--year", type=_year, default=None,
                   help="contract year for every region (default: each region's own)")
    p.add_argument("--caseload", default=None, help="use this caseload JSON file instead")
    p.add_argument("--plain", action="store_true", help="plain text, no colours or bars")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("validate", help="check a caseload file against each region's rules")
    _file_arguments(p)
    p.add_argument("--on", type=_date, default=None,
                   help="judge on this date (default: each household's first allocation)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    p.set_defaults(func=cmd_validate)

    for name, helptext, func in (
        ("settle", "settlement lines of a month or a year", cmd_settle),
        ("explain", "a month's total, line by line, with rules and clauses", cmd_explain),
    ):
        p = sub.add_parser(name, help=helptext)
        _file_arguments(p)
        if name == "settle":
            p.add_argument("--month", default=None, help="YYYY-MM")
            p.add_argument("--year", type=_year, default=None,
                           help="a whole calendar year (every region in that year)")
            p.add_argument("--engine", choices=("columns", "objects"), default=None,
                           help="columns (polars, a year at once; the default for a table "
                                "with --year) or objects (household by household, the "
                                "reference; the default otherwise)")
            p.add_argument("--format", choices=("json", "csv", "parquet"), default=None,
                           help="default: from the --output suffix, else json")
            p.add_argument("--output", default=None, help="file to write (default: stdout)")
        else:
            p.add_argument("--month", required=True, help="YYYY-MM")
            for key in ("region", "municipality", "provider", "segment", "client",
                        "arrangement", "funding"):
                p.add_argument(f"--{key}", default=None, help=f"only lines with this {key}")
        p.set_defaults(func=func)

    p = sub.add_parser("compare", help="the same caseload under several regions' funding")
    _file_arguments(p)
    p.add_argument("regions", nargs="+", help="region codes, e.g. h4 west-friesland")
    p.add_argument("--year", type=_year, default=None)
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser("synth", help="write a generated example caseload")
    p.add_argument("--output", required=True,
                   help="a .json file, or a folder for allocations.csv and events.csv")
    p.add_argument("--households", type=_positive, default=2000)
    p.add_argument("--seed", type=int, default=2019)
    p.add_argument("--region", action="append", help="region code (repeatable)")
    p.add_argument("--municipality", default=None, help="CBS code of one municipality")
    p.add_argument("--year", type=_year, default=None)
    p.add_argument("--format", choices=("json", "csv", "parquet"), default=None,
                   help="parquet: allocations.parquet and events.parquet in --output, "
                        "generated in chunks (for a national caseload)")
    p.add_argument("--chunk", type=_positive, default=50_000,
                   help="households per chunk with --format parquet (default 50,000)")
    p.add_argument("--workers", type=_positive, default=1,
                   help="processes generating chunks in parallel (--format parquet)")
    p.add_argument("--no-breaches", action="store_true", help="no deliberate rule breaches")
    p.set_defaults(func=cmd_synth)

    p = sub.add_parser("policies", help="list the installed regions, members and sources")
    p.add_argument("--on", type=_date, default=None,
                   help="date for membership (YYYY-MM-DD), default today")
    p.set_defaults(func=cmd_policies)

    p = sub.add_parser("new-policy", help="scaffold a new region package from the template")
    p.add_argument("name", help="region code, e.g. my-region")
    p.add_argument("--directory", default=None, help="where to create it (default: policies/)")
    p.set_defaults(func=cmd_new_policy)

    p = sub.add_parser("schema", help="the JSON Schema of the caseload format")
    p.add_argument("--output", default=None, help="file to write (default: stdout)")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("benchmark", help="time settling a large caseload")
    p.add_argument("--households", type=_positive, default=100_000)
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
    p.add_argument("--workers", type=_positive, default=2,
                   help="processes generating the caseload (default 2)")
    p.set_defaults(func=cmd_benchmark)
    return parser


def _warn_broken(command: str) -> None:
    """Name the plugins that failed to load, once the command has looked for regions: a
    region whose data file has an error would otherwise only show as "no region claims"."""
    from sociaaldomein.policy.registry import broken_if_loaded

    if command in ("policies", "demo"):
        return  # they list broken plugins themselves
    for broken in broken_if_loaded():
        print(f"warning: {broken.message}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        result: int = args.func(args)
        return result
    except SociaaldomeinError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except ImportError as exc:  # a missing optional extra
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as exc:
        where = f" {exc.filename}" if exc.filename else ""
        print(f"error:{where}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except MemoryError:
        print("error: out of memory (is the input too large?)", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as exc:  # never a traceback for the user
        print(f"internal error: {type(exc).__name__}: {exc} (please report this)",
              file=sys.stderr)
        return EXIT_INTERNAL
    finally:
        with contextlib.suppress(Exception):  # a warning never hides the command's result
            _warn_broken(args.command)


if __name__ == "__main__":
    raise SystemExit(main())
