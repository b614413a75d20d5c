"""``sociaaldomein synth``: write a generated example caseload."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sociaaldomein.cli.common import (
    EXIT_OK,
    positive,
    size_arg,
    year_arg,
)


def cmd_synth(args: argparse.Namespace) -> int:
    """Write a generated example caseload."""
    from sociaaldomein.io.files import write_caseload
    from sociaaldomein.synth import generate

    if args.format == "parquet" and args.municipality is None:
        from sociaaldomein.synth.chunks import write_parquet

        written = write_parquet(args.output, args.households, seed=args.seed,
                                chunk=args.chunk, workers=args.workers,
                                regions=tuple(args.region) if args.region else None,
                                year=args.year, breaches=not args.no_breaches,
                                say=lambda text: print(text, file=sys.stderr))
        print(f"wrote {written.households:,} households, {written.allocations:,} allocations, "
              f"{written.events:,} events in {written.chunks} chunk(s) to "
              f"{written.allocations_path} and {written.events_path.name} (regions "
              + ", ".join(f"{r} {y}" for r, y in written.regions) + ")", file=sys.stderr)
        return EXIT_OK
    synthetic = generate(seed=args.seed, households=args.households, regions=args.region or None,
                         municipality=args.municipality, year=args.year,
                         breaches=not args.no_breaches)
    fmt = args.format or ("csv" if not Path(args.output).suffix else "json")
    if fmt == "json":
        # refused when the reader would refuse the file (its --max-input-size)
        write_caseload(args.output, synthetic.caseload, max_bytes=args.max_input_size)
        where = args.output
    elif fmt == "parquet":
        from sociaaldomein.analysis.frames import write_caseload_table

        paths = write_caseload_table(synthetic.caseload, args.output, fmt="parquet")
        where = f"{paths[0]} and {paths[1].name}"
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


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this group's commands to the parser."""
    p = sub.add_parser("synth", help="write a generated example caseload")
    p.add_argument("--output", required=True,
                   help="a .json file, or a folder for the allocations and events tables")
    p.add_argument("--households", type=positive, default=2000)
    p.add_argument("--seed", type=int, default=2019)
    p.add_argument("--region", action="append", help="region code (repeatable)")
    p.add_argument("--municipality", default=None, help="CBS code of one municipality")
    p.add_argument("--year", type=year_arg, default=None)
    p.add_argument("--format", choices=("json", "csv", "parquet"), default=None,
                   help="json: one file; csv or parquet: a folder of allocations and events "
                   "tables (default: json for a name with a suffix, else csv)")
    p.add_argument("--max-input-size", type=size_arg, default=None, metavar="SIZE",
                   help="refuse to write a JSON file larger than this, as the readers would "
                   "refuse it (default 200MB); write Parquet for larger caseloads")
    p.add_argument("--chunk", type=positive, default=50_000,
                   help="with --format parquet: households generated per chunk, each "
                   "written as it is done (default 50,000; a national caseload fits memory)")
    p.add_argument("--workers", type=positive, default=1,
                   help="with --format parquet: processes generating chunks in parallel")
    p.add_argument("--no-breaches", action="store_true", help="no deliberate rule breaches")
    p.set_defaults(func=cmd_synth)
