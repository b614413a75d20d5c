"""Midden-Holland passes the conformance suite of ``sociaaldomein.testing``."""

from __future__ import annotations

from sociaaldomein.testing import PolicyContract
from sociaaldomein_midden_holland import POLICY


class TestMiddenHollandContract(PolicyContract):
    """Registry, members (MH-06), catalog (MH-69), a tariff for every product in 2025 and
    2026, settlement invariants on generated cases."""

    policy = POLICY
    settle_examples = 30
