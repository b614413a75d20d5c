"""The template region's documents, and ``ref`` to cite a clause of them.

A real region lists its source documents here (title, issuer, date) and cites them by
section and rule id of its inventory wherever a rule or an amount comes from them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sociaaldomein import Ref, Source

__all__ = ["PARAMETERS", "REGION", "SOURCE", "SOURCES", "ref"]

REGION = "template"
PARAMETERS = Path(__file__).parent / "parameters"

SOURCE = Source(
    title="Template region: an example policy for plugin authors",
    issuer="sociaaldomein",
    date=dt.date(2024, 1, 1),
)
SOURCES = {"template": SOURCE}
"""The keys the data files (``members.toml``, ``rules.toml``) use for each source."""


def ref(rule: str, section: str) -> Ref:
    """The clause ``section`` of the template document, for inventory rule ``rule``."""
    return Ref(SOURCE, section, rule=rule)
