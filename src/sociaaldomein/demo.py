"""The demo (first version: lists what each installed region offers; the example caseload
and the full report come with the main-job work)."""

from __future__ import annotations

import argparse

from sociaaldomein.registry import default_registry


def run_demo(args: argparse.Namespace) -> int:
    registry = default_registry()
    for policy in registry.policies():
        print(f"{policy.code}: {len(policy.catalog.arrangements)} arrangements, "
              f"contract years {', '.join(map(str, policy.contract_years))}")
    return 0
