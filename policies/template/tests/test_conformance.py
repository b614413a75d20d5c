"""The template region passes the conformance suite every region passes."""

from __future__ import annotations

from sociaaldomein.testing import PolicyContract
from sociaaldomein_template import POLICY


class TestTemplateContract(PolicyContract):
    policy = POLICY
