"""West-Friesland passes the core's conformance suite (every rule of the contract)."""

from __future__ import annotations

from sociaaldomein.testing import PolicyContract
from sociaaldomein_west_friesland import POLICY


class TestWestFrieslandContract(PolicyContract):
    """Registry round trip, members (WF-06), catalogue (WF-89), a tariff for every
    arrangement in 2019-2021 (WF-16, WF-59), installments adding up (WF-64) and the
    settlement invariants on generated cases."""

    policy = POLICY
