"""Shared fixtures of the main-job tests: one generated caseload for the whole session."""

from __future__ import annotations

import pytest

from sociaaldomein.synth import Synthetic, generate


@pytest.fixture(scope="session")
def synthetic() -> Synthetic:
    """400 households across the installed regions (about 100 per region), seed 2019."""
    return generate(seed=2019, households=400)
