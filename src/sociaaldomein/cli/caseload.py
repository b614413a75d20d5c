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


def cmd_settle(args: argparse.Namespace) -> int:
    """Settle one month of a caseload: settlement lines as JSON, CSV or Parquet."""
    from sociaaldomein.analysis.report import LINE_COLUMNS, line_rows
    from sociaaldomein.io.files import refuse_output_over_input

    fmt = args.format or format_of(args.output)
    if fmt == "parquet" and not args.output:
        raise InvalidInput("Parquet is binary: name a file with --output")
    refuse_output_over_input(args.output, {"caseload": args.file, "events": args.events})
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
        ("settle", "settlement lines of one month", cmd_settle),
        ("explain", "a month's total, line by line, with rules and clauses", cmd_explain),
    ):
        p = sub.add_parser(name, help=helptext, description=(
            "Validates the caseload first and holds back every household with a rule error: "
            "they are listed on stderr and in the closing summary, and the exit code is 1. "
            "Exit codes: 0 ok, 1 households held back, 2 unreadable input, 3 internal error."))
        file_arguments(p)
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
