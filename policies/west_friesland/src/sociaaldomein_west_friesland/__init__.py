"""West-Friesland: the sociaaldomein policy of the seven West-Friese gemeenten.

Source: *Uitvoeringskader inkoop sociaal domein West-Friesland 2019-2021*. Arrangements are
support profiles x intensities (44 for youth, 15 for the Wmo), funded per trajectory (70%
at the start, 30% after completion) or per month, with hourly products and stays beside
them. All tariffs shipped here are example values; see ``load_policy`` to load real ones.

The parts: :mod:`.sources` (the document, ``ref``), :mod:`.profiles` (support profiles and
intensities), :mod:`.catalog`, :mod:`.rules` (validation and coordination),
:mod:`.funding` (pricing and settlement), :mod:`.indicators` (the three performance
indicators) and :mod:`.policy`, which wires them; the data is in ``parameters/``.
"""

from sociaaldomein_west_friesland.catalog import HourlyProduct, StayProduct
from sociaaldomein_west_friesland.funding import TrajectoryTerms
from sociaaldomein_west_friesland.policy import POLICY, WestFrieslandPolicy, load_policy
from sociaaldomein_west_friesland.profiles import (
    ARRANGEMENTS,
    Intensity,
    ProfileArrangement,
    WmoProfile,
    YouthProfile,
)
from sociaaldomein_west_friesland.sources import SOURCE

__all__ = [
    "ARRANGEMENTS",
    "POLICY",
    "SOURCE",
    "HourlyProduct",
    "Intensity",
    "ProfileArrangement",
    "StayProduct",
    "TrajectoryTerms",
    "WestFrieslandPolicy",
    "WmoProfile",
    "YouthProfile",
    "load_policy",
]
