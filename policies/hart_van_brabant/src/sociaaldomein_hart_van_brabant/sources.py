"""The two source documents of Hart van Brabant, and ``ref`` to cite a clause of them.

Every rule of this policy cites one of these documents by title and section, with the id
of the rule in the project's rule inventory: ``HVB16-xx`` for the 2016 principles,
``HVB19-xx`` for the 2019 purchasing plan. :func:`ref` picks the document from the id.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sociaaldomein import Ref, Source

__all__ = [
    "PARAMETERS",
    "PRINCIPLES_2016",
    "PURCHASE_2019",
    "REGION",
    "SOURCES",
    "ref",
]

REGION = "hart-van-brabant"
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

SOURCES = {"principles-2016": PRINCIPLES_2016, "purchase-2019": PURCHASE_2019}
"""The keys the data files (``members.toml``, ``rules.toml``) use for each source."""

_BY_PREFIX = {"HVB16-": PRINCIPLES_2016, "HVB19-": PURCHASE_2019}


def ref(rule: str, section: str, *, example: bool = False, note: str | None = None) -> Ref:
    """The clause ``section`` of the document of inventory rule ``rule`` (``HVB16-..``:
    the 2016 principles, ``HVB19-..``: the 2019 purchasing plan)."""
    for prefix, source in _BY_PREFIX.items():
        if rule.startswith(prefix):
            return Ref(source, section, rule=rule, example=example, note=note)
    raise ValueError(f"{rule!r} is not a Hart van Brabant rule id (HVB16-.. or HVB19-..)")
