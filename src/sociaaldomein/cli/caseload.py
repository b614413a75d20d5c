"""The caseload commands: validate, settle, explain, compare, schema."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from sociaaldomein.cli.common import (
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_VIOLATIONS,
    file_arguments,
    format_of,
    parse_date,
    parse_month,
    read_input,
    write_or_print,
    year_arg,
)
from sociaaldomein.errors import InvalidInput, PluginFailed, SociaaldomeinError, mask_bsns
from sociaaldomein.policy.registry import default_registry

if TYPE_CHECKING:
    from sociaaldomein.model.caseload import Caseload
    from sociaaldomein.model.validation import Violation
    from sociaaldomein.settle.settlement import Settlement


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate a caseload file against each household's region policy."""
    from sociaaldomein.analysis.report import violation_rows
    from sociaaldomein.settle.engine import validate

    caseload = read_input(args)
    failures: list[str] = []
    try:
        violations = validate(caseload, on=args.on)
    except PluginFailed as exc:  # the other regions' violations are still shown
        failures.extend(exc.failures)
        violations = exc.result if isinstance(exc.result, list) else []
    errors = [v for v in violations if v.is_error]
    if args.format == "json":
        print(mask_bsns(json.dumps(violation_rows(violations), indent=2, ensure_ascii=False)))
    else:
        for violation in violations:
            print(mask_bsns(str(violation)))
        print(f"{len(caseload.households)} households, {len(caseload.allocations)} "
              f"allocations: {len(errors)} error(s), {len(violations) - len(errors)} "
              "warning(s)", file=sys.stderr)
    _report_failures(failures)
    if failures:
        return EXIT_INTERNAL
    if errors or (args.strict and violations):
        return EXIT_VIOLATIONS
    return EXIT_OK


def _settle(args: argparse.Namespace) -> tuple[Settlement, list[Violation], list[str]]:
    """The month's settlement of the caseload on the command line, the errors of the
    households held back from it (validated first, unless ``--no-validate``), and the
    plugins that failed while they ran (the other regions are settled all the same)."""
    from sociaaldomein.errors import Conflict, PluginFailed
    from sociaaldomein.model.provenance import NATIONAL, Ref
    from sociaaldomein.model.validation import Severity, Violation
    from sociaaldomein.settle.engine import settle, validate
    from sociaaldomein.settle.regions import held_back, subset_households
    from sociaaldomein.settle.settlement import Settlement

    month = parse_month(args.month)  # before reading a possibly large file
    caseload = read_input(args)
    registry = default_registry()
    errors: list[Violation] = []
    failures: list[str] = []
    if not args.no_validate:
        try:
            found = validate(caseload, registry=registry)
        except PluginFailed as exc:
            failures.extend(exc.failures)
            found = exc.result if isinstance(exc.result, list) else []
        errors = [v for v in found if v.is_error]
    claimed: set[str] = set()
    unclaimed = 0
    for household in caseload.households:
        try:
            registry.policy_for(household.municipality.code, month.first_day)
        except Conflict as exc:  # two regions claim it: held back, not silently dropped
            errors.append(Violation(exc.code, Severity.ERROR, exc.message,
                                    f"households[{household.id}].municipality",
                                    Ref(source=NATIONAL, section="woonplaats")))
            continue
        except SociaaldomeinError:
            unclaimed += 1
            continue
        claimed.add(household.id)
    back = held_back(errors)
    caseload = subset_households(caseload, frozenset(claimed) - back)
    errors = [v for v in errors if v.path.startswith("households[")]
    if unclaimed:
        print(f"note: {unclaimed} household(s) skipped: no region claims their municipality "
              f"in {month} (validate reports why)", file=sys.stderr)
    try:
        settlement = settle(caseload, month, registry)
    except PluginFailed as exc:
        failures.extend(exc.failures)
        settlement = exc.result if isinstance(exc.result, Settlement) else Settlement(())
    return settlement, errors, failures


def _report_failures(failures: list[str]) -> None:
    for failure in failures:
        print(f"error: [SD-406] {failure}", file=sys.stderr)
    if failures:
        print("the other regions' results are complete; the failed regions' households are "
              "not in them (exit 3)", file=sys.stderr)


def _report_held_back(errors: list[Violation]) -> list[str]:
    """List the households held back on stderr, each with its first error; their ids."""
    from sociaaldomein.settle.regions import held_back

    back = sorted(held_back(errors))
    if not back:
        return back
    print(f"held back: {len(back)} household(s) with rule errors are not settled "
          "(validate lists every error; --no-validate settles them anyway):", file=sys.stderr)
    first: dict[str, Violation] = {}
    count: dict[str, int] = {}
    for violation in errors:
        household = violation.path[len("households["):violation.path.index("]")]
        first.setdefault(household, violation)
        count[household] = count.get(household, 0) + 1
    for household in back:
        more = count[household] - 1
        print(f"  {household}: {first[household]}"
              + (f" (and {more} more)" if more else ""), file=sys.stderr)
    return back


def _validated(caseload: Caseload, args: argparse.Namespace) -> tuple[Caseload, list[Violation]]:
    """The caseload without the households with rule errors (unless ``--no-validate``),
    and those errors."""
    from sociaaldomein.settle.engine import validate
    from sociaaldomein.settle.regions import held_back, subset_households

    if args.no_validate:
        return caseload, []
    errors = [v for v in validate(caseload, registry=default_registry()) if v.is_error]
    back = held_back(errors)
    if back:
        caseload = subset_households(caseload, frozenset(h.id for h in caseload.households
                                                         if h.id not in back))
    return caseload, [v for v in errors if v.path.startswith("households[")]


def _settle_year_objects(args: argparse.Namespace) -> tuple[Settlement, list[Violation]]:
    """The twelve months of ``--year`` through the object engine, household by household."""
    from sociaaldomein.model.periods import Month
    from sociaaldomein.settle.engine import settle
    from sociaaldomein.settle.regions import subset_households
    from sociaaldomein.settle.settlement import combine

    caseload, errors = _validated(read_input(args), args)
    registry = default_registry()
    parts = []
    for m in range(1, 13):
        month = Month(args.year, m)
        claimed = set()
        for household in caseload.households:
            try:
                registry.policy_for(household.municipality.code, month.first_day)
            except SociaaldomeinError:
                continue
            claimed.add(household.id)
        if len(claimed) < len(caseload.households):
            print(f"note: {len(caseload.households) - len(claimed)} household(s) skipped in "
                  f"{month}: no region claims their municipality then (validate reports why)",
                  file=sys.stderr)
        parts.append(settle(subset_households(caseload, frozenset(claimed)), month, registry))
    return combine(parts), errors


def _settle_columns(args: argparse.Namespace, fmt: str) -> int:
    """``settle --engine columns``: the tables straight into columns, validated through the
    object path unless ``--no-validate``, the year settled at once (every region in that
    year), the month asked for kept, the lines written."""
    import time
    from pathlib import Path

    import attrs
    import polars as pl

    from sociaaldomein.io.columns import read_columns
    from sociaaldomein.model.money import Money
    from sociaaldomein.settle.columns import CaseloadColumns, settle_columns

    month = parse_month(args.month) if args.month is not None else None
    year = month.year if month is not None else args.year
    started = time.perf_counter()
    path = Path(args.file)
    if path.suffix.lower() in (".csv", ".parquet", ".pq"):
        columns = read_columns(path, args.events)
    else:
        columns = CaseloadColumns.from_caseload(read_input(args))
    errors: list[Violation] = []
    if not args.no_validate:  # through the object path: the whole caseload as objects
        whole = columns.to_caseload()
        kept, errors = _validated(whole, args)
        gone = {h.id for h in whole.households} - {h.id for h in kept.households}
        del whole, kept
        if gone:
            columns = columns.without(gone)
    back = _report_held_back(errors)
    # a year to Parquet streams there as it is settled: the lines are never all in memory
    sink = (Path(args.output) if month is None and fmt == "parquet" and args.output
            else None)
    result = settle_columns(columns, year, default_registry(), skip_unclaimed=True,
                            sink=sink)
    if result.unclaimed:
        print(f"note: households in {', '.join(result.unclaimed)} skipped in some month of "
              f"{year}: no region claims the municipality then (validate reports why)",
              file=sys.stderr)
    if month is not None:
        lines = result.lines.filter(pl.col("month") == str(month))
        paid = int(lines.filter(pl.col("flow") == "to_provider")["amount_cents"].sum())
        result = attrs.evolve(result, lines=lines, line_count=lines.height, paid_cents=paid)
    if fmt == "json":
        from sociaaldomein.analysis.report import line_rows

        rows = line_rows(result.to_settlement().lines)
        write_or_print((json.dumps(rows, indent=2, ensure_ascii=False) + "\n").encode("utf-8"),
                       args.output)
    elif sink is not None:
        pass  # written while settling
    elif args.output:
        result.write(Path(args.output), fmt)
    else:
        import io

        buffer = io.StringIO()
        result.output_frame().write_csv(buffer)
        write_or_print(buffer.getvalue().encode("utf-8"), None)
    print(f"{result.line_count:,} lines, paid {Money.cents(result.total_cents).format_nl()} "
          f"in {time.perf_counter() - started:.1f} s (columns"
          + (f"; {result.fallback_households:,} household(s) through the object path"
             if result.fallback_households else "") + ")"
          + (f", written to {args.output}" if args.output else "")
          + (f"; {len(back)} household(s) held back: {', '.join(back)}" if back else ""),
          file=sys.stderr)
    return EXIT_VIOLATIONS if back else EXIT_OK


def cmd_settle(args: argparse.Namespace) -> int:
    """Settle a month (``--month``) or a calendar year (``--year``) of a caseload:
    settlement lines as JSON, CSV or Parquet. ``--engine columns`` (the default for a
    table with ``--year``) settles the year in columns; ``objects`` household by
    household (the reference)."""
    from pathlib import Path

    from sociaaldomein.analysis.report import LINE_COLUMNS, line_rows
    from sociaaldomein.io.files import refuse_output_over_input

    fmt = args.format or format_of(args.output)
    if fmt == "parquet" and not args.output:
        raise InvalidInput("Parquet is binary: name a file with --output")
    if (args.month is None) == (args.year is None):
        raise InvalidInput("name one of --month YYYY-MM or --year YYYY")
    refuse_output_over_input(args.output, {"caseload": args.file, "events": args.events})
    engine = args.engine or ("columns" if args.year is not None and Path(args.file).suffix
                             .lower() in (".csv", ".parquet", ".pq") else "objects")
    if engine == "columns":
        return _settle_columns(args, fmt)
    failures: list[str] = []
    if args.year is not None:
        settlement, errors = _settle_year_objects(args)
    else:
        settlement, errors, failures = _settle(args)
    back = _report_held_back(errors)
    rows = line_rows(settlement.lines)
    if fmt == "json":
        write_or_print((json.dumps(rows, indent=2, ensure_ascii=False) + "\n").encode("utf-8"),
                        args.output)
    elif fmt == "csv":
        from sociaaldomein.io.tables import csv_bytes

        write_or_print(csv_bytes(LINE_COLUMNS, rows), args.output)
    else:
        from sociaaldomein.analysis.frames import write_parquet_rows

        write_parquet_rows(args.output, rows, "lines")
    print(f"{len(settlement.lines)} lines, paid {settlement.total.format_nl()}"
          + (f", written to {args.output}" if args.output else "")
          + (f"; {len(back)} household(s) held back: {', '.join(back)}" if back else ""),
          file=sys.stderr)
    _report_failures(failures)
    if failures:
        return EXIT_INTERNAL
    return EXIT_VIOLATIONS if back else EXIT_OK


def cmd_explain(args: argparse.Namespace) -> int:
    """Explain a total line by line, with rules and clauses."""
    from sociaaldomein.settle.settlement import GROUPINGS

    settlement, errors, failures = _settle(args)
    back = _report_held_back(errors)
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
    _report_failures(failures)
    if failures:
        return EXIT_INTERNAL
    return EXIT_VIOLATIONS if back else EXIT_OK


def cmd_compare(args: argparse.Namespace) -> int:
    """The same caseload under two (or more) regions' funding rules, side by side."""
    from sociaaldomein.analysis.compare import compare
    from sociaaldomein.analysis.report import render_table

    caseload = read_input(args)
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


def cmd_schema(args: argparse.Namespace) -> int:
    """Print (or write) the JSON Schema of the caseload format."""
    from sociaaldomein.io.schema import caseload_schema

    text = json.dumps(caseload_schema(), indent=2, ensure_ascii=False) + "\n"
    write_or_print(text.encode("utf-8"), args.output)
    return EXIT_OK


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this group's commands to the parser."""
    p = sub.add_parser("validate", help="check a caseload file against each region's rules")
    file_arguments(p)
    p.add_argument("--on", type=parse_date, default=None,
                   help="judge on this date (default: each household's first allocation)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    p.set_defaults(func=cmd_validate)

    for name, helptext, func in (
        ("settle", "settlement lines of a month or a year", cmd_settle),
        ("explain", "a month's total, line by line, with rules and clauses", cmd_explain),
    ):
        p = sub.add_parser(name, help=helptext, description=(
            "Validates the caseload first and holds back every household with a rule error: "
            "they are listed on stderr and in the closing summary, and the exit code is 1. "
            "Exit codes: 0 ok, 1 households held back, 2 unreadable input, 3 internal error."))
        file_arguments(p)
        if name == "settle":
            p.add_argument("--month", default=None, help="YYYY-MM")
            p.add_argument("--year", type=year_arg, default=None,
                           help="a whole calendar year (every region in that year)")
            p.add_argument("--engine", choices=("columns", "objects"), default=None,
                           help="columns (polars, a year at once; the default for a table "
                                "with --year) or objects (household by household, the "
                                "reference; the default otherwise)")
        else:
            p.add_argument("--month", required=True, help="YYYY-MM")
        p.add_argument("--no-validate", action="store_true",
                       help="settle every household without validating first: for a caller "
                       "that has validated the caseload already (sociaaldomein validate); a "
                       "household with rule errors is then settled as it is")
        if name == "settle":
            p.add_argument("--format", choices=("json", "csv", "parquet"), default=None,
                           help="default: from the --output suffix, else json")
            p.add_argument("--output", default=None, help="file to write (default: stdout); "
                           "never one of the input files")
        else:
            for key in ("region", "municipality", "provider", "segment", "client",
                        "arrangement", "funding"):
                p.add_argument(f"--{key}", default=None, help=f"only lines with this {key}")
        p.set_defaults(func=func)

    p = sub.add_parser("compare", help="the same caseload under several regions' funding")
    file_arguments(p)
    p.add_argument("regions", nargs="+", help="region codes, e.g. h4 west-friesland")
    p.add_argument("--year", type=year_arg, default=None)
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser("schema", help="the JSON Schema of the caseload format")
    p.add_argument("--output", default=None, help="file to write (default: stdout)")
    p.set_defaults(func=cmd_schema)
