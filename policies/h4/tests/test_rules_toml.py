"""The rule inventory of H4 as data: ``parameters/rules.toml`` against the inventory of
the *Inkoopplan Wmo Rijswijk 2017* (H4-01..H4-98), the tests and the code.

The region's docs page renders its rules from this file (``docs/hooks/regions.py``), so
this keeps the page true, with the kit's :func:`~sociaaldomein.testing.inventory.check_inventory`.
"""

from __future__ import annotations

from pathlib import Path

from sociaaldomein.testing.inventory import check_inventory
from sociaaldomein_h4 import POLICY
from sociaaldomein_h4.sources import SOURCE

INVENTORY_IDS = [f"H4-{i:02d}" for i in range(1, 99)]
"""The ids of the inventory of the Inkoopplan: 98 rows, H4-01..H4-98 in order."""


def test_rules_toml_is_the_whole_inventory_and_points_to_real_tests_and_code() -> None:
    """Every id once, in order, each citing the Inkoopplan with its own id; every test or
    case a rule names exists (and a case cites the rule); every encoded rule's place
    exists and its id occurs in the region's code, data or tests."""
    check_inventory(POLICY, Path(__file__).resolve().parents[1], INVENTORY_IDS)
    for rule in POLICY.rules:
        assert rule.ref.rule == rule.id and rule.ref.source == SOURCE, rule.id
