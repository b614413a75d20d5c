"""iWmo 3.2 and iJw 3.2: the messages a municipality exchanges with care providers.

A municipality sends 301 (toewijzing), 319 (antwoord op een verzoek) and 325
(declaratie-antwoord); it receives 305 (start zorg), 307 (stop zorg), 315 (verzoek om
toewijzing), 317 (verzoek om wijziging) and 323 (declaratie), and each 301-319 is answered
with a retour message. Wmo 2015 clients get iWmo messages, Jeugdwet clients iJw ones
(:class:`Standard`, chosen by the allocation's law).

* :func:`write` turns a message into UTF-8 XML bytes and refuses one that breaks a facet or
  an in-message rule (:class:`MessageError` naming the rule);
* :func:`read` reads bytes safely (no DTD in any encoding, no entities, no network, 25 MB at
  most) and returns the message with every breach as a :class:`Breach` with its national
  retourcode; only input that is not a message at all raises (:class:`UnreadableMessage`);
* :func:`check` lists the breaches of a message object;
* :mod:`~sociaaldomein.io.istandaarden.build` makes a 301 from the library's caseload.

The XML is produced and read by lxml (``pip install 'sociaaldomein[xml]'``).
"""

from __future__ import annotations

import datetime as dt

import attrs

from sociaaldomein.io.istandaarden import types
from sociaaldomein.io.istandaarden.codec import MAX_MESSAGE_BYTES, from_tree, parse_xml, to_xml
from sociaaldomein.io.istandaarden.messages import *  # noqa: F403
from sociaaldomein.io.istandaarden.messages import MESSAGE_CLASSES, Message
from sociaaldomein.io.istandaarden.messages import __all__ as _message_names
from sociaaldomein.io.istandaarden.rules import Breach, check
from sociaaldomein.io.istandaarden.types import (
    BERICHT_CODES,
    CODE_LISTS,
    RETOUR_CODES,
    XSD_VERSIE,
    MessageError,
    Standard,
    UnreadableMessage,
)

__all__ = [
    "BERICHT_CODES",
    "CODE_LISTS",
    "MAX_MESSAGE_BYTES",
    "MESSAGE_CLASSES",
    "RETOUR_CODES",
    "XSD_VERSIE",
    "Breach",
    "MessageError",
    "ReadResult",
    "Standard",
    "UnreadableMessage",
    "check",
    "read",
    "types",
    "write",
    *_message_names,
]


def write(message: Message, *, today: dt.date | None = None) -> bytes:
    """The message as UTF-8 XML bytes.

    Refuses (:class:`MessageError` naming the first rule, with all breaches in
    ``breaches``) a message that breaks a facet of its standard or an in-message rule, and,
    with ``today``, one dated after it (TR135).
    """
    if not isinstance(message, Message):
        raise MessageError(f"write takes a message (Toewijzing, StartZorg, ...), got "
                           f"{type(message).__name__}", rule="XSD")
    breaches = check(message, today=today)
    if breaches:
        first = breaches[0]
        more = f" (and {len(breaches) - 1} more)" if len(breaches) > 1 else ""
        raise MessageError(f"{message.name} not written: {first.rule} at {first.path}: "
                           f"{first.message}{more}", rule=first.rule, breaches=breaches)
    return to_xml(message)


@attrs.frozen
class ReadResult:
    """What :func:`read` found: the message (``None`` when its structure or facets are
    broken), its standard and number when known, and every breach with its retourcode.
    ``ok`` when there is a message without breaches."""

    message: Message | None
    breaches: tuple[Breach, ...]
    standard: Standard | None = None
    kind: str | None = None

    @property
    def ok(self) -> bool:
        return self.message is not None and not self.breaches

    @property
    def retour_codes(self) -> tuple[str, ...]:
        """The distinct retourcodes of the breaches, in order."""
        return tuple(dict.fromkeys(b.retour_code for b in self.breaches))


def read(data: bytes, *, today: dt.date | None = None) -> ReadResult:
    """Read a message from bytes.

    Every breach of structure, facets and in-message rules is reported as a
    :class:`Breach` with its national retourcode (``0001``; ``8848`` for a Dagtekening after
    ``today``). :class:`UnreadableMessage` is raised only for input that is not an XML
    message at all: text instead of bytes, more than 25 MB, not UTF-8/UTF-16, not
    well-formed, or holding a document type declaration.
    """
    root = parse_xml(data)
    message, problems, standard, kind = from_tree(root)
    breaches = [Breach(p.rule, "0001", p.path, p.message) for p in problems]
    if message is not None:
        breaches.extend(check(message, today=today))
    return ReadResult(message, tuple(breaches), standard, kind)
