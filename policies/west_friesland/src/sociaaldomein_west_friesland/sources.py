"""West-Friesland's document, and ``ref`` to cite a clause of it.

The one source is *Uitvoeringskader inkoop sociaal domein West-Friesland 2019-2021*,
adopted by the colleges of the seven West-Friese gemeenten. It is cited by title and
section, never by file name. The rules of the project's inventory (WF-01 .. WF-90), each
with its section, summary and status, are listed in ``parameters/rules.toml``;
:func:`ref` builds the :class:`~sociaaldomein.Ref` a rule attaches to what it produces,
with the rule's section from that file unless a narrower one is given.
"""

from __future__ import annotations

import functools
from pathlib import Path

from sociaaldomein import Ref, Source
from sociaaldomein.policy.rules import load_rules

__all__ = ["PARAMETERS", "REGION", "SOURCE", "SOURCES", "ref", "sections"]

REGION = "west-friesland"
"""The region's code (entry point name and policy code)."""

PARAMETERS = Path(__file__).parent / "parameters"
"""The folder of the region's data files."""

SOURCE = Source(
    title="Uitvoeringskader inkoop sociaal domein West-Friesland 2019-2021",
    issuer="Colleges van burgemeester en wethouders van de zeven West-Friese gemeenten",
)
"""The framework. Its text gives no adoption date (2017 was the design year, §1)."""

SOURCES = {"uitvoeringskader": SOURCE}
"""The keys the data files (``members.toml``, ``rules.toml``) use for each source."""


@functools.cache
def sections() -> dict[str, str]:
    """Rule id -> the section it comes from, as ``parameters/rules.toml`` lists them."""
    rules = load_rules(PARAMETERS / "rules.toml", region=REGION, sources=SOURCES)
    return {rule.id: rule.ref.section for rule in rules}


def ref(rule: str, section: str | None = None, *, example: bool = False,
        note: str | None = None) -> Ref:
    """The clause of ``rule``: the source, the rule's section (or ``section``) and its id.
    A rule id that is not in the inventory is a :class:`KeyError`."""
    known = sections()
    if rule not in known:
        raise KeyError(f"{rule} is not a rule of the West-Friesland inventory")
    return Ref(SOURCE, section or known[rule], rule=rule, example=example, note=note)
