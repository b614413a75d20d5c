"""Who is who in the messages: a provider's AGB code, the law of a standard.

The library's providers have local codes; the national messages name a provider by its
8-digit AGB code. :func:`agb_code` gives a provider's code itself when it is 8 digits,
and otherwise a stable test code derived from it (the same code in every run, for the
messages a municipality writes and the ones the simulation plays back). :class:`Parties`
maps the AGB codes of a caseload's providers back to their codes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping

import attrs

from sociaaldomein.errors import InvalidInput
from sociaaldomein.io.istandaarden.types import Standard
from sociaaldomein.model.caseload import Caseload
from sociaaldomein.model.household import Law

__all__ = ["Parties", "agb_code", "law_of_standard", "standard_of_law"]


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


def standard_of_law(law: Law) -> Standard:
    """iWmo for the Wmo 2015, iJw for the Jeugdwet."""
    return Standard.IWMO if law is Law.WMO else Standard.IJW


@attrs.frozen
class Parties:
    """The AGB codes of a set of providers, both ways."""

    by_code: dict[str, str]
    by_agb: dict[str, str]

    @classmethod
    def of(cls, providers: Iterable[str], book: Mapping[str, str] | None = None) -> Parties:
        """The AGB codes of ``providers``: from ``book`` (provider code -> AGB code, a
        municipality's own administration) where it has one, else :func:`agb_code`. Two
        providers under one AGB code are refused."""
        by_code: dict[str, str] = {}
        by_agb: dict[str, str] = {}
        for code in sorted(set(providers)):
            agb = book[code] if book is not None and code in book else agb_code(code)
            if by_agb.get(agb, code) != code:
                raise InvalidInput(f"providers {by_agb[agb]} and {code} have the same AGB "
                                   f"code {agb}")
            by_code[code] = agb
            by_agb[agb] = code
        return cls(by_code, by_agb)

    @classmethod
    def of_caseload(cls, caseload: Caseload) -> Parties:
        return cls.of(a.provider for a in caseload.allocations)

    def agb(self, provider: str) -> str:
        """The AGB code of a provider code."""
        return self.by_code.get(provider) or agb_code(provider)

    def provider(self, agb: str) -> str | None:
        """The provider code behind an AGB code, or ``None``."""
        return self.by_agb.get(agb)
