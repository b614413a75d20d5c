"""What the commands share: exit codes, argument types, reading the input and writing output."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from sociaaldomein.errors import InvalidInput
from sociaaldomein.model.caseload import Caseload

if TYPE_CHECKING:
    from sociaaldomein.model.periods import Month

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_INTERNAL",
    "EXIT_OK",
    "EXIT_VIOLATIONS",
    "SIZE_HELP",
    "file_arguments",
    "format_of",
    "parse_date",
    "parse_month",
    "positive",
    "read_input",
    "size_arg",
    "write_or_print",
    "year_arg",
]

EXIT_OK = 0
EXIT_VIOLATIONS = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 3


def parse_date(text: str) -> dt.date:
    from sociaaldomein.io.serialization import iso_date

    try:
        return iso_date(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def parse_month(text: str) -> Month:
    """The ``--month`` of a command; a bad one names the option (exit 2)."""
    from sociaaldomein.errors import PeriodError
    from sociaaldomein.model.limits import EARLIEST_CARE_DATE, LATEST_CARE_DATE
    from sociaaldomein.model.periods import Month

    try:
        month = Month.parse(text)
    except PeriodError as exc:
        raise InvalidInput(f"--month {text!r}: {exc.message}") from None
    first, last = Month.of(EARLIEST_CARE_DATE), Month.of(LATEST_CARE_DATE)
    if not first <= month <= last:
        raise InvalidInput(f"--month {text!r}: a month of care lies in {first} .. {last}")
    return month


def positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


_SIZE = re.compile(r"^([0-9]{1,15})\s*(|b|k|kb|m|mb|g|gb|kib|mib|gib)$", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "k": 10**3, "kb": 10**3, "m": 10**6, "mb": 10**6, "g": 10**9,
          "gb": 10**9, "kib": 2**10, "mib": 2**20, "gib": 2**30}


def size_arg(text: str) -> int:
    """A size in bytes: ``500000``, ``200MB``, ``1G``, ``512MiB``."""
    match = _SIZE.match(text.strip())
    if not match:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size (e.g. 200MB, 1G, 500000)")
    value = int(match.group(1)) * _UNITS[match.group(2).lower()]
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1 byte")
    return value


def year_arg(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a year") from None
    if not 1990 <= value <= 2100:
        raise argparse.ArgumentTypeError(f"{value} is not a plausible year")
    return value


def write_or_print(data: bytes, output: str | None) -> None:
    from sociaaldomein.io.files import atomic_write

    if output:
        atomic_write(output, data)
    else:
        sys.stdout.write(data.decode("utf-8"))


def read_input(args: argparse.Namespace) -> Caseload:
    """The caseload named on the command line: JSON, or flat tables (CSV or Parquet) with
    an optional ``--events`` table."""
    path = Path(args.file)
    events = getattr(args, "events", None)
    max_bytes: int | None = getattr(args, "max_input_size", None)
    if path.suffix.lower() in (".csv", ".parquet", ".pq"):
        if path.suffix.lower() == ".csv" and (events is None or events.lower().endswith(".csv")):
            from sociaaldomein.io.tables import caseload_from_rows, read_csv_rows

            columns, rows = read_csv_rows(path, max_bytes=max_bytes)
            e_columns: list[str] | None = None
            e_rows: list[dict[str, object]] = []
            if events is not None:
                e_columns, e_rows = read_csv_rows(events, max_bytes=max_bytes)
            return caseload_from_rows(rows, e_rows, allocation_columns=columns,
                                      event_columns=e_columns, allocations_source=str(path),
                                      events_source=events or "events")
        from sociaaldomein.analysis.frames import read_caseload_table

        return read_caseload_table(path, events, max_bytes=max_bytes)
    if events is not None:
        raise InvalidInput("--events goes with an allocations table (.csv or .parquet)",
                           source=str(path))
    from sociaaldomein.io.files import read_caseload

    return read_caseload(path, max_bytes=max_bytes)


SIZE_HELP = ("the largest input file read, in bytes or with a unit: 500000, 200MB, 1G, "
             "512MiB (default 200MB); larger files, and pipes or FIFOs that give more, are "
             "refused with exit 2")


def file_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="caseload JSON (format sociaaldomein.caseload/1), or an "
                        "allocations table (.csv, .parquet)")
    parser.add_argument("--events", default=None,
                        help="the events table that goes with an allocations table")
    parser.add_argument("--max-input-size", type=size_arg, default=None, metavar="SIZE",
                        help=SIZE_HELP)


def format_of(output: str | None) -> str:
    if output:
        suffix = Path(output).suffix.lower().lstrip(".")
        if suffix in ("json", "csv", "parquet"):
            return suffix
        print(f"note: writing JSON to {output} (name a .json, .csv or .parquet file, or "
              "choose with --format)", file=sys.stderr)
    return "json"
