"""The ``sociaaldomein`` command.

Every command treats its input as untrusted: a bad file gets a message naming file, line
or path and exit code 2; rule violations exit with 1; no command prints a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from sociaaldomein.errors import SociaaldomeinError
from sociaaldomein.registry import default_registry

__all__ = ["main"]

EXIT_OK = 0
EXIT_VIOLATIONS = 1
EXIT_BAD_INPUT = 2


def cmd_policies(args: argparse.Namespace) -> int:
    """List the discovered regions, their municipalities and sources."""
    import datetime as dt

    from sociaaldomein.policy import members_on

    registry = default_registry()
    on = dt.date.fromisoformat(args.on) if args.on else dt.date.today()
    for policy in registry.policies():
        print(f"{policy.code}: {policy.name}")
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
    from sociaaldomein.demo import run_demo

    return run_demo(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sociaaldomein",
        description="Model, validate and settle Wmo and youth care under each region's rules.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("policies", help="list the installed regions, members and sources")
    p.add_argument("--on", help="date for membership (YYYY-MM-DD), default today")
    p.set_defaults(func=cmd_policies)
    p = sub.add_parser("demo", help="validate and settle the embedded example caseload")
    p.add_argument("--output", default="sociaaldomein-output", help="output folder")
    p.add_argument("--households", type=int, default=2000)
    p.add_argument("--seed", type=int, default=2019)
    p.add_argument("--year", type=int, default=None)
    p.set_defaults(func=cmd_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        result: int = args.func(args)
        return result
    except SociaaldomeinError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
