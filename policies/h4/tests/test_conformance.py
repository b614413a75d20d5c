"""The conformance suite of sociaaldomein, for H4 (H4-05 and the plugin contract)."""

from __future__ import annotations

from sociaaldomein import Arrangement
from sociaaldomein.testing import PolicyContract
from sociaaldomein_h4 import POLICY


class TestH4Contract(PolicyContract):
    policy = POLICY
    settle_examples = 25

    def priceable_arrangements(self) -> tuple[Arrangement, ...]:
        """Only tailor-made provisions have a tariff: general and basic provisions are free
        and not bought per client (Inkoopplan Wmo Rijswijk 2017, Inleiding, H4-10)."""
        return tuple(a for a in POLICY.catalog.arrangements if a.segment == "maatwerk")
