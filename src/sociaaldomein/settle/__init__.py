"""Settlement: allocations and care events become amounts owed, month by month.

:mod:`~sociaaldomein.settle.engine` routes each household to its region's policy and
validates or settles a whole caseload (the object engine: the reference, and the path of
``explain``); :mod:`~sociaaldomein.settle.settlement` totals, groups and explains lines;
:mod:`~sociaaldomein.settle.regions` splits a caseload by region and settles a year.
"""

from sociaaldomein.settle.engine import region_caseloads, settle, settle_months, validate
from sociaaldomein.settle.regions import (
    held_back,
    region_years,
    settle_year,
    split_by_region,
    subset_households,
)
from sociaaldomein.settle.settlement import GROUPINGS, Settlement, combine, corrections

__all__ = [
    "GROUPINGS",
    "Settlement",
    "combine",
    "corrections",
    "held_back",
    "region_caseloads",
    "region_years",
    "settle",
    "settle_months",
    "settle_year",
    "split_by_region",
    "subset_households",
    "validate",
]
