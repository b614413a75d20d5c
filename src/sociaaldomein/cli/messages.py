"""``sociaaldomein messages``: iWmo/iJw 3.2 messages on the command line.

``sociaaldomein messages read FILE...`` reads each file as a message and prints one JSON
line per file: the message (exit 0), or its breaches with their rules and national
retourcodes (exit 1). A file that is not a message at all (missing, too large, not
UTF-8/UTF-16, not well-formed, with a DOCTYPE) is an error on stderr (exit 2); the other
files are still read.

``sociaaldomein messages answer CASELOAD FILE... --out DIR [--ledger L]`` answers the
providers' messages (a 325 for each 323) into DIR and prints one JSON line per file: its
retourcodes and, for a 323, the accepted total (exit 1 when anything was rejected).
``sociaaldomein messages simulate CASELOAD --month YYYY-MM --out DIR [--faults N]
[--seed S]`` plays the providers for a month: their 305, 307 and 323 messages into DIR,
with ``faults.json`` listing the planted faults and the retourcode each must get.

``sociaaldomein messages allocate CASELOAD --out DIR [--ledger L]`` writes a 301 per client
for every allocation not sent yet or changed since it was sent (the ledger remembers; by
default ``DIR/ledger.sqlite``), and ``sociaaldomein messages status --ledger L`` summarises
what a ledger holds.
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

__all__ = ["cmd_messages_allocate", "cmd_messages_read", "cmd_messages_status", "message_json",
           "register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the ``messages`` command group on the CLI's subparsers."""
    group = sub.add_parser("messages", help="read iWmo/iJw 3.2 messages (301-325, retours)")
    actions = group.add_subparsers(dest="action", required=True, metavar="ACTION")
    p = actions.add_parser("read", help="check messages and print them as JSON lines")
    p.add_argument("files", nargs="+", metavar="FILE", help="message files (XML)")
    p.add_argument("--today", default=None, metavar="YYYY-MM-DD",
                   help="system date for TR135 (default: today)")
    p.set_defaults(func=cmd_messages_read)
    _register_declarations(actions)
    _register_allocations(actions)


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


def _register_declarations(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from sociaaldomein.cli.common import parse_date

    p = actions.add_parser("answer", help="answer providers' messages (325 for each 323)")
    p.add_argument("file", metavar="CASELOAD", help="the caseload (JSON) of the allocations")
    p.add_argument("files", nargs="+", metavar="FILE", help="message files (XML)")
    p.add_argument("--out", required=True, metavar="DIR", help="folder for the answers")
    p.add_argument("--ledger", default=None, metavar="L",
                   help="the ledger: a file (SQLite) or database URL; default: a new ledger "
                   "in DIR in which the caseload's numbered allocations count as sent")
    p.add_argument("--assume-sent", action="store_true",
                   help="record the caseload's numbered allocations as sent in the ledger "
                   "first (for 301s sent by another system)")
    p.add_argument("--today", type=parse_date, default=None, metavar="YYYY-MM-DD",
                   help="system date for TR135 and the answers' Dagtekening (default: today)")
    p.set_defaults(func=cmd_messages_answer, max_input_size=None, events=None)
    p = actions.add_parser("simulate", help="write the providers' 305/307/323 for a month")
    p.add_argument("file", metavar="CASELOAD", help="the caseload (JSON)")
    p.add_argument("--month", required=True, metavar="YYYY-MM", help="the month declared")
    p.add_argument("--out", required=True, metavar="DIR", help="folder for the messages")
    p.add_argument("--faults", type=int, default=0, metavar="N",
                   help="plant N faults of the named kinds, in turn (default 0)")
    p.add_argument("--seed", type=int, default=0, metavar="S", help="seed of the faults")
    p.add_argument("--ledger", default=None, metavar="L",
                   help="take the ToewijzingNummers from this ledger's sent 301s (default: "
                   "the allocations' own numbers)")
    p.add_argument("--agb", default=None, metavar="FILE",
                   help="JSON object of provider code -> AGB code, as for messages allocate")
    p.set_defaults(func=cmd_messages_simulate, max_input_size=None, events=None)


def _message_file(message: object, out: Path) -> Path:
    from sociaaldomein.io.istandaarden.messages import Message

    assert isinstance(message, Message)
    return out / f"{message.name}-{message.header.bericht_identificatie.identificatie}.xml"


def cmd_messages_answer(args: argparse.Namespace) -> int:
    from sociaaldomein.cli.common import read_input
    from sociaaldomein.errors import InvalidInput
    from sociaaldomein.exchange.answer import answer, assume_sent
    from sociaaldomein.exchange.ledger import Ledger
    from sociaaldomein.io.files import atomic_write
    from sociaaldomein.io.istandaarden import write

    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise InvalidInput("--out names a file; give a folder for the answers",
                           source=str(out))
    today = args.today or dt.date.today()
    caseload = read_input(args)
    location = args.ledger
    if location is None:
        out.mkdir(parents=True, exist_ok=True)
        location = str(out / "ledger.sqlite")
    with Ledger.open(location) as ledger:
        if args.ledger is None or args.assume_sent:
            assume_sent(caseload, ledger, on=today)
        run = answer(args.files, caseload, ledger, today=today)
        replies = [(reply, write(reply, today=today)) for reply in run.replies]
    out.mkdir(parents=True, exist_ok=True)
    worst = EXIT_OK
    written: dict[int, str] = {}
    for reply, data in replies:
        target = _message_file(reply, out)
        atomic_write(target, data)
        written[id(reply)] = str(target)
    for item in run.answered:
        line: dict[str, object] = {"file": item.source, "kind": item.kind}
        if item.error is not None:
            print(f"error: {item.error}", file=sys.stderr)
            worst = EXIT_UNREADABLE
            continue
        if item.codes:
            line["retour_codes"] = list(item.codes)
            worst = max(worst, EXIT_BREACHES)
        if item.declaration is not None:
            line["accepted_cents"] = item.declaration.accepted.amount_cents
            line["rejected_lines"] = [
                {"reference": v.line.product_referentie.referentie_nummer,
                 "retour_codes": list(v.codes), "reasons": list(v.reasons)}
                for v in item.declaration.rejected]
        if item.notes and item.declaration is None:
            line["notes"] = list(item.notes)
        line["answers"] = [written[id(r)] for r in item.replies]
        print(json.dumps(line, ensure_ascii=False))
    return worst


def cmd_messages_simulate(args: argparse.Namespace) -> int:
    from sociaaldomein.cli.common import parse_month, read_input
    from sociaaldomein.errors import InvalidInput
    from sociaaldomein.exchange.ledger import Ledger
    from sociaaldomein.exchange.simulate import simulate
    from sociaaldomein.io.files import atomic_write
    from sociaaldomein.io.istandaarden import write

    if args.faults < 0:
        raise InvalidInput(f"--faults {args.faults}: a number of faults is 0 or more")
    month = parse_month(args.month)
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise InvalidInput("--out names a file; give a folder for the messages",
                           source=str(out))
    book = _agb_book(args.agb)
    caseload = read_input(args)
    if args.ledger is not None:
        with Ledger.open(args.ledger) as ledger:
            result = simulate(caseload, month, ledger=ledger, faults=args.faults,
                              seed=args.seed, agb=book)
    else:
        result = simulate(caseload, month, faults=args.faults, seed=args.seed, agb=book)
    day = month.next().first_day
    files = [(_message_file(m, out), write(m, today=day)) for m in result.messages]
    faults = {"month": str(month), "owed_cents": result.owed.amount_cents,
              "clean_cents": result.clean.amount_cents,
              "faults": [{"kind": f.kind, "retour_code": f.code, "declaration": f.declaration,
                          "reference": f.reference, "description": f.description}
                         for f in result.faults],
              "skipped": list(result.skipped)}
    out.mkdir(parents=True, exist_ok=True)
    for target, data in files:
        atomic_write(target, data)
    atomic_write(out / "faults.json", (json.dumps(faults, ensure_ascii=False, indent=2)
                                       + "\n").encode("utf-8"))
    print(json.dumps({"month": str(month), "messages": len(files),
                      "declarations": len(result.declarations),
                      "owed_cents": result.owed.amount_cents, "faults": len(result.faults),
                      "skipped": len(result.skipped), "out": str(out)}, ensure_ascii=False))
    return EXIT_OK


def _register_allocations(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from sociaaldomein.cli.common import parse_date

    p = actions.add_parser("allocate", help="write a 301 for every allocation not sent yet "
                           "or changed since (the ledger remembers what was sent)")
    p.add_argument("file", metavar="CASELOAD", help="the caseload (JSON)")
    p.add_argument("--out", required=True, metavar="DIR", help="folder for the 301s")
    p.add_argument("--ledger", default=None, metavar="L",
                   help="the ledger: a file (SQLite) or database URL (default: "
                   "DIR/ledger.sqlite)")
    p.add_argument("--today", type=parse_date, default=None, metavar="YYYY-MM-DD",
                   help="Dagtekening of the 301s (default: today)")
    p.add_argument("--agb", default=None, metavar="FILE",
                   help="JSON object of provider code -> AGB code (default: an 8-digit "
                   "provider code is its AGB code; others get a stable stand-in)")
    p.set_defaults(func=cmd_messages_allocate, max_input_size=None, events=None)
    p = actions.add_parser("status", help="summarise what a ledger holds")
    p.add_argument("--ledger", required=True, metavar="L",
                   help="the ledger: a file (SQLite) or database URL")
    p.set_defaults(func=cmd_messages_status)


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
    from sociaaldomein.cli.common import read_input
    from sociaaldomein.errors import InvalidInput
    from sociaaldomein.exchange.allocate import allocate, write_messages
    from sociaaldomein.exchange.ledger import Ledger

    day = args.today or dt.date.today()
    if day > dt.date.today():
        raise InvalidInput(f"--today {day} lies after the system date (TR135)")
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise InvalidInput("--out names a file; give a folder for the 301s", source=str(out))
    book = _agb_book(args.agb)
    caseload = read_input(args)
    location = args.ledger
    if location is None:
        out.mkdir(parents=True, exist_ok=True)
        location = str(out / "ledger.sqlite")
    with Ledger.open(location) as ledger:
        run = allocate(caseload, ledger, dagtekening=day, agb=book)
        paths = write_messages(run, out)
    print(json.dumps({"messages": len(paths), "new": len(run.new), "changed": len(run.changed),
                      "up_to_date": run.up_to_date, "not_sent": len(run.not_sent),
                      "out": str(out), "ledger": location}, ensure_ascii=False))
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
