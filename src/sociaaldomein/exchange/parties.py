"""Who is who in the messages: a provider's AGB code, the law of a standard.

The library's providers have local codes; the national messages name a provider by its
8-digit AGB code. :func:`agb_code` gives a provider's code itself when it is 8 digits,
and otherwise a stable test code derived from it (the same code in every run, for the
messages a municipality writes and the ones the simulation plays back). :class:`Parties`
maps the AGB codes of a caseload's providers back to their codes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import attrs

from sociaaldomein.io.istandaarden.types import Standard
from sociaaldomein.model.caseload import Caseload
from sociaaldomein.model.household import Law

__all__ = ["Parties", "agb_code", "law_of_standard"]


def agb_code(provider: str) -> str:
    """The provider's AGB code: its code when that is 8 digits, else a stable 8-digit
    code derived from it (starting with 9, outside the range of real codes' first digit
    for care providers in the examples)."""
    if len(provider) == 8 and provider.isascii() and provider.isdigit():
        return provider
    digest = int(hashlib.sha256(provider.encode("utf-8")).hexdigest(), 16)
    return f"9{digest % 10_000_000:07d}"


def law_of_standard(standard: Standard) -> Law:
    """The Wmo 2015 for iWmo, the Jeugdwet for iJw."""
    return Law.WMO if standard is Standard.IWMO else Law.JEUGDWET


@attrs.frozen
class Parties:
    """The AGB codes of a set of providers, both ways."""

    by_code: dict[str, str]
    by_agb: dict[str, str]

    @classmethod
    def of(cls, providers: Iterable[str]) -> Parties:
        by_code = {p: agb_code(p) for p in sorted(set(providers))}
        return cls(by_code, {agb: p for p, agb in by_code.items()})

    @classmethod
    def of_caseload(cls, caseload: Caseload) -> Parties:
        return cls.of(a.provider for a in caseload.allocations)

    def provider(self, agb: str) -> str | None:
        """The provider code behind an AGB code, or ``None``."""
        return self.by_agb.get(agb)
