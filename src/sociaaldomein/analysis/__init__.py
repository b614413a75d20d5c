"""Analysis: indicators, shares and growth, comparisons, frames and plots.

The plain-Python parts need no optional library: :mod:`~sociaaldomein.analysis.shares`
(counts to shares and growth), :mod:`~sociaaldomein.analysis.report` (flat rows and
indicators), :mod:`~sociaaldomein.analysis.compare` (one caseload under several regions'
rules). :mod:`~sociaaldomein.analysis.frames` (polars, extra ``frames``) and
:mod:`~sociaaldomein.analysis.plots` (matplotlib, extra ``plot``) import without their
library; a call that needs a missing one raises :class:`~sociaaldomein.errors.MissingExtra`.
"""

from sociaaldomein.analysis.compare import Comparison, ComparisonRow, compare
from sociaaldomein.analysis.report import (
    AllocationFacts,
    Indicators,
    allocation_facts,
    allocation_rows,
    indicator_rows,
    indicators,
    line_rows,
    violation_rows,
    year_indicators,
)
from sociaaldomein.analysis.shares import ShareRow, percent, shares_and_growth

__all__ = [
    "AllocationFacts",
    "Comparison",
    "ComparisonRow",
    "Indicators",
    "ShareRow",
    "allocation_facts",
    "allocation_rows",
    "compare",
    "indicator_rows",
    "indicators",
    "line_rows",
    "percent",
    "shares_and_growth",
    "violation_rows",
    "year_indicators",
]
