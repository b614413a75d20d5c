"""The two source documents of Hart van Brabant, and the clauses the policy cites.

Every rule of this policy cites one of these documents by title and section, with the id
of the rule in the project's rule inventory (``HVB16-xx`` for the 2016 principles,
``HVB19-xx`` for the 2019 purchasing plan).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sociaaldomein import Ref, Source

__all__ = [
    "PARAMETERS",
    "PRINCIPLES_2016",
    "PURCHASE_2019",
    "SOURCES",
    "ref16",
    "ref19",
]

PARAMETERS = Path(__file__).parent / "parameters"
"""The directory of the region's data files."""

PRINCIPLES_2016 = Source(
    title="Leidende principes en inrichtingskeuzes Jeugdhulp en Wmo Regio Hart van Brabant",
    issuer="Regio Hart van Brabant (negen gemeenten), concept",
    date=dt.date(2016, 12, 19),
)
"""The four leading principles and the design choices (concept of 19 December 2016)."""

PURCHASE_2019 = Source(
    title="Inkoopplan resultaatgerichte Wmo-begeleiding 2019",
    issuer="Deelnemende gemeenten regio Hart van Brabant (acht gemeenten)",
)
"""The purchasing plan of the eight municipalities that buy Wmo-begeleiding together from
1 January 2019. The document carries no date of its own."""

SOURCES = (PRINCIPLES_2016, PURCHASE_2019)


def ref16(section: str, rule: str, *, note: str | None = None) -> Ref:
    """A clause of the 2016 principles."""
    return Ref(PRINCIPLES_2016, section, rule=rule, note=note)


def ref19(section: str, rule: str, *, example: bool = False, note: str | None = None) -> Ref:
    """A clause of the 2019 purchasing plan."""
    return Ref(PURCHASE_2019, section, rule=rule, example=example, note=note)
