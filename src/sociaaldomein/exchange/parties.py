"""Who is who in the messages: a provider's AGB code, the law of a standard.

A national message names an aanbieder by its 8-digit AGB code; the library's caseload names
it by the provider's code, which *is* its AGB code when it has 8 digits, or a local code.
:func:`agb_of` gives the AGB code of a provider: the one in ``book`` (from a municipality's
administration) when given, the code itself when it has 8 digits, and otherwise a stand-in
derived from the code (``9`` and seven digits of its SHA-256), stable across runs, so that
the municipality's 301s and the provider's 305/307/323 of the same caseload agree.
:class:`Parties` maps both ways and refuses two providers under one AGB code.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping

import attrs

from sociaaldomein.errors import InvalidInput
from sociaaldomein.io.istandaarden.types import Standard
from sociaaldomein.model.household import Law

__all__ = ["Parties", "agb_of", "law_of_standard", "standard_of_law"]


def agb_of(provider: str, book: Mapping[str, str] | None = None) -> str:
    """The AGB code of a provider code (see the module text)."""
    if book is not None and provider in book:
        return book[provider]
    if len(provider) == 8 and provider.isascii() and provider.isdigit():
        return provider
    digest = int(hashlib.sha256(provider.encode("utf-8")).hexdigest(), 16)
    return f"9{digest % 10_000_000:07d}"


def law_of_standard(standard: Standard) -> Law:
    """The Wmo 2015 for iWmo, the Jeugdwet for iJw."""
    return Law.WMO if standard is Standard.IWMO else Law.JEUGDWET


def standard_of_law(law: Law) -> Standard:
    return Standard.IWMO if law is Law.WMO else Standard.IJW


@attrs.frozen
class Parties:
    """The providers of a caseload with their AGB codes, both ways."""

    agb: Mapping[str, str]
    provider: Mapping[str, str]

    @classmethod
    def of(cls, providers: Iterable[str], book: Mapping[str, str] | None = None) -> Parties:
        """The AGB codes of ``providers``; two providers under one code are refused."""
        forward: dict[str, str] = {}
        back: dict[str, str] = {}
        for code in sorted(set(providers)):
            agb = agb_of(code, book)
            if agb in back and back[agb] != code:
                raise InvalidInput(f"providers {back[agb]} and {code} have the same AGB code "
                                   f"{agb}; give them their own in the AGB book")
            forward[code] = agb
            back[agb] = code
        return cls(forward, back)

    def agb_of(self, provider: str) -> str:
        return self.agb.get(provider) or agb_of(provider)

    def provider_of(self, agb: str) -> str | None:
        """The provider code of an AGB code, or ``None`` for an aanbieder not in the
        caseload."""
        return self.provider.get(agb)
