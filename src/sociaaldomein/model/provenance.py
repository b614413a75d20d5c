"""Provenance: which document, which clause, which rule.

Every amount the library computes and every rule it enforces can say where it comes from.
A :class:`Source` names a document by title, issuer and date; a :class:`Ref` is a source plus
a section (``"§4.1"``, ``"bijlage 1"``) and the id of the rule in the project's rule
inventory (``"HVB19-12"``). A value that no source gives is marked ``example=True``.
"""

from __future__ import annotations

import datetime as dt

import attrs

from sociaaldomein.errors import InvalidValue

__all__ = ["NATIONAL", "Ref", "Source"]


def _non_empty(_inst: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not value.strip():
        raise InvalidValue(f"{attribute.name} must not be empty")


@attrs.frozen
class Source:
    """A source document: title, issuing body and date (of adoption or publication)."""

    title: str = attrs.field(validator=_non_empty)
    issuer: str = attrs.field(validator=_non_empty)
    date: dt.date | None = None
    url: str | None = None

    def __str__(self) -> str:
        when = f", {self.date.isoformat()}" if self.date else ""
        return f"{self.title} ({self.issuer}{when})"


@attrs.frozen
class Ref:
    """A clause: a source plus the section in it, and the rule id of the inventory.

    ``example`` is true when the value it backs is an example value that the source does
    not give (most tariffs); wherever such a value is shown, it says so.
    """

    source: Source
    section: str = attrs.field(validator=_non_empty)
    rule: str | None = None
    example: bool = False
    note: str | None = None

    def cite(self) -> str:
        """A one-line citation: ``Title (issuer, date) §4.1 [HVB19-12]``."""
        rule = f" [{self.rule}]" if self.rule else ""
        example = " (example value)" if self.example else ""
        return f"{self.source} {self.section}{rule}{example}"

    def __str__(self) -> str:
        return self.cite()


NATIONAL = Source(
    title="Wet maatschappelijke ondersteuning 2015, Jeugdwet and their uitvoeringsregelingen",
    issuer="Rijksoverheid",
)
"""The national laws: the rules that hold in every region."""
