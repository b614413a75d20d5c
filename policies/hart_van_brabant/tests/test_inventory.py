"""The rule inventory in ``parameters/rules.toml``: complete, and every reference in it real.

The inventory of the project (``HVB16-01`` .. ``HVB16-90`` for the 2016 principles,
``HVB19-01`` .. ``HVB19-84`` for the 2019 purchasing plan) is listed in full; the region's
docs page is generated from this file by the docs hook, so this keeps that page honest,
with the kit's :func:`~sociaaldomein.testing.inventory.check_inventory`."""

from __future__ import annotations

from pathlib import Path

from sociaaldomein.testing.inventory import check_inventory
from sociaaldomein_hart_van_brabant import POLICY
from sociaaldomein_hart_van_brabant.sources import PRINCIPLES_2016, PURCHASE_2019

INVENTORY = [f"HVB16-{i:02d}" for i in range(1, 91)] + [f"HVB19-{i:02d}" for i in range(1, 85)]


def test_rules_toml_is_the_whole_inventory_and_points_to_real_tests_and_code() -> None:
    """Every id of both inventories in order, each citing its own document; every test or
    case a rule names exists (a case cites the rule); every encoded rule's place exists
    and its id appears in the region's code, data or tests."""
    check_inventory(POLICY, Path(__file__).resolve().parents[1], INVENTORY)
    for rule in POLICY.rules:
        expected = PRINCIPLES_2016 if rule.id.startswith("HVB16-") else PURCHASE_2019
        assert rule.ref.source == expected, rule.id
