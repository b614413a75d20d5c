"""The vocabulary: plain frozen data and exact arithmetic.

Money (integer cents), periods and months, provenance (sources and clauses), municipalities,
persons and households, plans, catalogs, contracts and tariffs, funding models, allocations
and care events, violations, and the settlement line with the arithmetic that prices one
allocation in one month (:mod:`sociaaldomein.model.lines`). Nothing here knows a region or
reads a file. The common names are re-exported by :mod:`sociaaldomein`.
"""

from sociaaldomein.model import (
    caseload,
    catalog,
    contract,
    funding,
    household,
    lines,
    money,
    periods,
    plan,
    provenance,
    validation,
)
from sociaaldomein.model.typecheck import install

install(caseload, catalog, contract, funding, household, lines, money, periods, plan,
        provenance, validation,
        skip=(money.Money, periods.Month, periods.Period))  # they check every field
