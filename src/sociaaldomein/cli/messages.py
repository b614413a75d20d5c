"""``sociaaldomein messages``: iWmo/iJw 3.2 messages on the command line.

``sociaaldomein messages read FILE...`` reads each file as a message and prints one JSON
line per file: the message (exit 0), or its breaches with their rules and national
retourcodes (exit 1). A file that is not a message at all (missing, too large, not
UTF-8/UTF-16, not well-formed, with a DOCTYPE) is an error on stderr (exit 2); the other
files are still read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import enum
import json
import sys
from pathlib import Path

import attrs

from sociaaldomein.cli.common import EXIT_BAD_INPUT as EXIT_UNREADABLE
from sociaaldomein.cli.common import EXIT_OK
from sociaaldomein.cli.common import EXIT_VIOLATIONS as EXIT_BREACHES

__all__ = ["cmd_messages_read", "message_json", "register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the ``messages`` command group on the CLI's subparsers."""
    group = sub.add_parser("messages", help="read iWmo/iJw 3.2 messages (301-325, retours)")
    actions = group.add_subparsers(dest="action", required=True, metavar="ACTION")
    p = actions.add_parser("read", help="check messages and print them as JSON lines")
    p.add_argument("files", nargs="+", metavar="FILE", help="message files (XML)")
    p.add_argument("--today", default=None, metavar="YYYY-MM-DD",
                   help="system date for TR135 (default: today)")
    p.set_defaults(func=cmd_messages_read)


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
