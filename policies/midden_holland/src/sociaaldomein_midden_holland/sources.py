"""The source document of Regio Midden-Holland and a helper to cite its clauses.

Every rule of this plugin cites the *Kaderdocument inkoop Wmo en Jeugd 2025* by title and
section, with the rule id of the project's inventory (``MH-01`` .. ``MH-116``). The segment
sheets of bijlage 4 number themselves §4.1 .. §4.8, which collides with chapter 4's own
§4.1/§4.2; they are cited as ``"bijlage 4 §4.x <segment>"``.
"""

from __future__ import annotations

from pathlib import Path

from sociaaldomein import Ref, Source

__all__ = ["KADERDOCUMENT", "PARAMETERS", "REGION", "SOURCES", "ref"]

REGION = "midden-holland"
"""The region code."""

KADERDOCUMENT = Source(
    title="Kaderdocument inkoop Wmo en Jeugd 2025",
    issuer="Regio Midden-Holland",
)
"""The strategic purchasing framework for the contract period from 1 January 2025, adopted
by the five gemeenteraden. The text carries no adoption date (§1: preparations started in
2022), so none is given."""

SOURCES = {"kaderdocument": KADERDOCUMENT}
"""The keys the data files (``members.toml``, ``rules.toml``) use for each source."""

PARAMETERS = Path(__file__).parent / "parameters"
"""The directory of the region's data files."""


def ref(rule: str, section: str, *, example: bool = False, note: str | None = None) -> Ref:
    """A clause of the Kaderdocument for inventory rule ``rule``: ``ref("MH-11", "§2.2")``."""
    return Ref(source=KADERDOCUMENT, section=section, rule=rule, example=example, note=note)
