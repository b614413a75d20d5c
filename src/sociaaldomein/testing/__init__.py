"""The public kit for plugin authors: hypothesis strategies and the conformance suite.

A policy's test module subclasses :class:`PolicyContract` and sets ``policy``::

    from sociaaldomein.testing import PolicyContract
    from sociaaldomein_my_region import POLICY

    class TestMyRegionContract(PolicyContract):
        policy = POLICY
"""

from sociaaldomein.testing import strategies
from sociaaldomein.testing.contract import PolicyContract, check_contributions_within_cost

__all__ = ["PolicyContract", "check_contributions_within_cost", "strategies"]
