"""``sociaaldomein messages``: iWmo/iJw 3.2 messages on the command line.

``sociaaldomein messages read FILE...`` reads each file as a message and prints one JSON
line per file: the message (exit 0), or its breaches with their rules and national
retourcodes (exit 1). A file that is not a message at all (missing, too large, not
UTF-8/UTF-16, not well-formed, with a DOCTYPE) is an error on stderr (exit 2); the other
files are still read.

``sociaaldomein messages allocate CASELOAD --out DIR [--ledger L]`` writes a 301 per client
for every allocation not sent yet or changed since it was sent (the ledger remembers), and
``sociaaldomein messages status --ledger L`` summarises what a ledger holds. The ledger is
a SQLite file or a database URL (default ``sociaaldomein-ledger.sqlite``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import enum
import json
import sys
from pathlib import Path
from typing import Any

import attrs

EXIT_OK, EXIT_BREACHES, EXIT_UNREADABLE = 0, 1, 2

DEFAULT_LEDGER = "sociaaldomein-ledger.sqlite"

__all__ = [
    "DEFAULT_LEDGER",
    "add_parser",
    "cmd_messages_allocate",
    "cmd_messages_read",
    "cmd_messages_status",
    "message_json",
]


def add_parser(sub: Any) -> None:
    """Register the ``messages`` command group on the CLI's subparsers."""
    group = sub.add_parser("messages", help="read iWmo/iJw 3.2 messages (301-325, retours)")
    actions = group.add_subparsers(dest="action", required=True, metavar="ACTION")
    p = actions.add_parser("read", help="check messages and print them as JSON lines")
    p.add_argument("files", nargs="+", metavar="FILE", help="message files (XML)")
    p.add_argument("--today", default=None, metavar="YYYY-MM-DD",
                   help="system date for TR135 (default: today)")
    p.set_defaults(func=cmd_messages_read)

    p = actions.add_parser("allocate", help="write a 301 for every allocation not sent yet "
                           "or changed since (the ledger remembers what was sent)")
    p.add_argument("caseload", metavar="CASELOAD", help="caseload JSON")
    p.add_argument("--out", required=True, metavar="DIR", help="folder for the 301s")
    p.add_argument("--ledger", default=DEFAULT_LEDGER, metavar="L",
                   help=f"ledger: a SQLite file or a database URL (default: {DEFAULT_LEDGER})")
    p.add_argument("--date", default=None, metavar="YYYY-MM-DD",
                   help="Dagtekening of the messages (default: today)")
    p.add_argument("--agb", default=None, metavar="FILE",
                   help="JSON object of provider code -> AGB code (default: an 8-digit "
                   "provider code is its AGB code; others get a stable stand-in)")
    p.set_defaults(func=cmd_messages_allocate)

    p = actions.add_parser("status", help="summarise what a ledger holds")
    p.add_argument("--ledger", default=DEFAULT_LEDGER, metavar="L",
                   help=f"ledger: a SQLite file or a database URL (default: {DEFAULT_LEDGER})")
    p.set_defaults(func=cmd_messages_status)


def _plain(value: object) -> object:
    if attrs.has(type(value)):
        names = [a.name for a in attrs.fields(type(value))]  # type: ignore[arg-type]
        return {n: _plain(getattr(value, n)) for n in names
                if getattr(value, n) not in (None, ())}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value


def message_json(message: object) -> dict[str, object]:
    """A message as JSON-like data (field names as in the Python classes; absent optional
    elements left out)."""
    plain = _plain(message)
    assert isinstance(plain, dict)
    return plain


def cmd_messages_read(args: argparse.Namespace) -> int:
    from sociaaldomein.io.istandaarden import MAX_MESSAGE_BYTES, UnreadableMessage, read

    today = dt.date.today()
    if args.today is not None:
        try:
            today = dt.date.fromisoformat(args.today)
        except ValueError:
            print(f"error: --today {args.today!r} is not a date (YYYY-MM-DD)", file=sys.stderr)
            return EXIT_UNREADABLE
    worst = EXIT_OK
    for name in args.files:
        path = Path(name)
        try:
            with path.open("rb") as handle:
                data = handle.read(MAX_MESSAGE_BYTES + 1)
            result = read(data, today=today)
        except OSError as exc:
            print(f"error: {name}: {exc.strerror or exc}", file=sys.stderr)
            worst = EXIT_UNREADABLE
            continue
        except UnreadableMessage as exc:
            print(f"error: {name}: {exc.message}", file=sys.stderr)
            worst = EXIT_UNREADABLE
            continue
        out: dict[str, object] = {"file": name}
        if result.standard is not None:
            out["standard"] = result.standard.value
        if result.kind is not None:
            out["kind"] = result.kind
        if result.breaches:
            out["breaches"] = [{"rule": b.rule, "retour_code": b.retour_code, "path": b.path,
                                "message": b.message} for b in result.breaches]
            out["retour_codes"] = list(result.retour_codes)
            worst = max(worst, EXIT_BREACHES)
        if result.message is not None:
            out["message"] = message_json(result.message)
        print(json.dumps(out, ensure_ascii=False, sort_keys=False))
    return worst


def _day(text: str | None, option: str) -> dt.date:
    from sociaaldomein.errors import InvalidInput

    if text is None:
        return dt.date.today()
    try:
        if len(text) != 10:
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"{option} {text!r} is not a date (YYYY-MM-DD)") from None


def _agb_book(name: str | None) -> dict[str, str] | None:
    from sociaaldomein.errors import InvalidInput

    if name is None:
        return None
    try:
        book = json.loads(Path(name).read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInput(f"not a JSON object of provider code -> AGB code: {exc}",
                           source=name) from None
    if not isinstance(book, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and len(v) == 8 and v.isdigit()
            for k, v in book.items()):
        raise InvalidInput("the AGB book is a JSON object of provider code -> 8-digit AGB "
                           "code", source=name)
    return book


def cmd_messages_allocate(args: argparse.Namespace) -> int:
    from sociaaldomein.errors import InvalidInput
    from sociaaldomein.exchange.allocate import allocate, write_messages
    from sociaaldomein.exchange.ledger import Ledger
    from sociaaldomein.io.files import read_caseload

    day = _day(args.date, "--date")
    if day > dt.date.today():
        raise InvalidInput(f"--date {day} lies in the future (TR135)")
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise InvalidInput("--out names a file; the 301s go into a folder", source=str(out))
    book = _agb_book(args.agb)
    caseload = read_caseload(Path(args.caseload))
    with Ledger.open(args.ledger) as ledger:
        run = allocate(caseload, ledger, dagtekening=day, agb=book)
        paths = write_messages(run, out)
    print(f"{len(paths)} message(s) written to {out}: {len(run.new)} allocation(s) sent for "
          f"the first time, {len(run.changed)} changed, {run.up_to_date} up to date, "
          f"{len(run.not_sent)} not sent")
    for problem in run.not_sent:
        print(f"not sent: allocation {problem.allocation_id}: {problem.rule}: "
              f"{problem.message}", file=sys.stderr)
    return EXIT_BREACHES if run.not_sent else EXIT_OK


def cmd_messages_status(args: argparse.Namespace) -> int:
    from sociaaldomein.errors import InvalidInput
    from sociaaldomein.exchange.ledger import Ledger
    from sociaaldomein.model.money import Money

    location = str(args.ledger)
    if "://" not in location and not Path(location).is_file():
        raise InvalidInput("no ledger there (a SQLite file or a database URL)",
                           source=location)
    with Ledger.open(location) as ledger:
        status = ledger.status()
    rows = [
        ("schema version", status.schema_version),
        ("messages recorded", status.messages),
        ("allocations numbered", status.allocations),
        ("allocation versions sent", status.allocation_versions),
        ("current starts", status.current_starts),
        ("stops", status.stops),
        ("requests (315/317)", status.requests),
        ("  honoured with a 301", status.requests_honoured),
        ("  refused with a 319", status.requests_refused),
        ("declarations", status.declarations),
        ("accepted declaration lines", status.accepted_lines),
        ("accepted total", Money.cents(status.accepted_cents).format_nl()),
    ]
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
    return EXIT_OK
