"""The region commands: ``policies`` lists the installed regions, ``new-policy`` scaffolds one."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from sociaaldomein.cli.common import (
    EXIT_OK,
    parse_date,
)
from sociaaldomein.policy.registry import default_registry


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


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this group's commands to the parser."""
    p = sub.add_parser("policies", help="list the installed regions, members and sources")
    p.add_argument("--on", type=parse_date, default=None,
                   help="date for membership (YYYY-MM-DD), default today")
    p.set_defaults(func=cmd_policies)

    p = sub.add_parser("new-policy", help="scaffold a new region package from the template")
    p.add_argument("name", help="region code, e.g. my-region")
    p.add_argument("--directory", default=None, help="where to create it (default: policies/)")
    p.set_defaults(func=cmd_new_policy)
