"""The conformance suite every region passes (sociaaldomein.testing.PolicyContract)."""

from __future__ import annotations

from sociaaldomein.testing import PolicyContract
from sociaaldomein_hart_van_brabant import POLICY


class TestHartVanBrabantContract(PolicyContract):
    """Registry round trip, data, tariffs for every arrangement in 2019..2022 (HVB19-59),
    and settlement invariants on generated cases."""

    policy = POLICY
