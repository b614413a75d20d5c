"""iWmo messages: start and stop of care (WMO305 / WMO307, release 3.2).

Providers report to the municipality that the delivery of an allocated product started
(*startbericht*, WMO305, berichtcode 418) or stopped (*stopbericht*, WMO307, berichtcode
420). This module reads those messages into the library's care events and writes them from
care events, with the code list WMO588 *Reden beëindiging* mapped onto
:class:`~sociaaldomein.StopReason`. The units (WJ756 *Eenheid*) and frequencies (WMO757
*Frequentie*) are :class:`~sociaaldomein.Unit` and :class:`~sociaaldomein.Frequency`.

The allocation is identified by the message's ``ToewijzingNummer``: it must equal the
:attr:`Allocation.id <sociaaldomein.Allocation.id>`. The iStandaarden *Einddatum* is the
last day of care; the library's :class:`~sociaaldomein.Stop` date is the first day without
care, so the two differ by one day and the conversion does that, both ways.

XML is untrusted input: a document type declaration or entity is refused before parsing
(no external or expanding entities), the size is bounded, and every error names the file
and the element. Only the standard library is used.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

import attrs

from sociaaldomein.errors import InvalidInput, UnknownCode
from sociaaldomein.model.caseload import Start, Stop
from sociaaldomein.model.funding import StopReason
from sociaaldomein.model.household import Person

__all__ = [
    "IWMO_RELEASE",
    "REASON_CODES",
    "MessageHeader",
    "read_start_stop",
    "reason_from_code",
    "reason_to_code",
    "write_start",
    "write_stop",
]

IWMO_RELEASE = "3.2"
_BASE = "http://www.istandaarden.nl/iwmo/3_2/basisschema/schema"
_NS = {"305": "http://www.istandaarden.nl/iwmo/3_2/wmo305/schema",
       "307": "http://www.istandaarden.nl/iwmo/3_2/wmo307/schema"}
_CODES = {"305": "418", "307": "420"}
MAX_MESSAGE_BYTES = 20_000_000

REASON_CODES: dict[str, tuple[str, StopReason]] = {
    "02": ("Overlijden", StopReason.DECEASED),
    "19": ("Levering volgens plan beëindigd", StopReason.COMPLETED),
    "20": ("Levering is tijdelijk beëindigd", StopReason.EXTERNAL),
    "21": ("Levering is eenzijdig door cliënt beëindigd", StopReason.CLIENT_UNILATERAL),
    "22": ("Levering is eenzijdig door aanbieder beëindigd", StopReason.PROVIDER_UNILATERAL),
    "23": ("Levering is in overeenstemming voortijdig beëindigd", StopReason.BY_AGREEMENT),
    "31": ("Verhuizing naar een andere gemeente", StopReason.MOVED),
    "36": ("Geïnitieerd door de gemeente", StopReason.EXTERNAL),
    "37": ("In verband met wijzigingsverzoek", StopReason.CHANGED),
    "38": ("Overstap naar andere aanbieder", StopReason.CHANGED),
    "39": ("Uitstroom naar ander domein", StopReason.EXTERNAL),
}
"""Code list WMO588 *Reden beëindiging* (iWmo 3.2) and the stop reason each maps to."""

_TO_CODE: dict[StopReason, str] = {
    StopReason.DECEASED: "02",
    StopReason.COMPLETED: "19",
    StopReason.CLIENT_UNILATERAL: "21",
    StopReason.PROVIDER_UNILATERAL: "22",
    StopReason.BY_AGREEMENT: "23",
    StopReason.NO_RESULT: "23",
    StopReason.MOVED: "31",
    StopReason.CHANGED: "37",
    StopReason.EXTERNAL: "39",
}


def reason_from_code(code: str) -> StopReason:
    """The stop reason for a WMO588 code; :class:`UnknownCode` for a code not in the list."""
    try:
        return REASON_CODES[code][1]
    except KeyError:
        known = ", ".join(sorted(REASON_CODES))
        raise UnknownCode(f"unknown RedenBeeindiging {code!r} (WMO588 codes: {known})") from None


def reason_to_code(reason: StopReason) -> str:
    """The WMO588 code that reports ``reason``."""
    return _TO_CODE[reason]


@attrs.frozen
class MessageHeader:
    """The header of a start or stop message: who sends (AGB code of the provider), who
    receives (the municipality's CBS code), the message id and its date."""

    sender: str
    receiver: str
    identification: str
    date: dt.date


_AGB = re.compile(r"^\d{8}$")
_GEMEENTE = re.compile(r"^\d{4}$")


def _check_header(header: MessageHeader) -> None:
    if not _AGB.match(header.sender):
        raise InvalidInput(f"Afzender {header.sender!r} is not an AGB code of eight digits")
    if not _GEMEENTE.match(header.receiver):
        raise InvalidInput(f"Ontvanger {header.receiver!r} is not a gemeentecode of four digits")
    if not 1 <= len(header.identification) <= 12:
        raise InvalidInput("BerichtIdentificatie must be 1 to 12 characters")


def _q(kind: str, tag: str) -> str:
    return f"{{{_NS[kind]}}}{tag}"


def _b(tag: str) -> str:
    return f"{{{_BASE}}}{tag}"


def _sub(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, tag)
    if text is not None:
        element.text = text
    return element


def _skeleton(kind: str, header: MessageHeader, client: Person, surname: str) -> tuple[ET.Element, ET.Element]:
    _check_header(header)
    if client.bsn is None:
        raise InvalidInput(f"client {client.id} has no BSN; an iWmo message needs one")
    ET.register_namespace("iwmo", _BASE)
    ET.register_namespace(f"wmo{kind}", _NS[kind])
    root = ET.Element(_q(kind, "Bericht"))
    head = _sub(root, _q(kind, "Header"))
    _sub(head, _q(kind, "BerichtCode"), _CODES[kind])
    _sub(head, _q(kind, "BerichtVersie"), "3")
    _sub(head, _q(kind, "BerichtSubversie"), "2")
    _sub(head, _q(kind, "Afzender"), header.sender)
    _sub(head, _q(kind, "Ontvanger"), header.receiver)
    ident = _sub(head, _q(kind, "BerichtIdentificatie"))
    _sub(ident, _b("Identificatie"), header.identification)
    _sub(ident, _b("Dagtekening"), header.date.isoformat())
    xsd = _sub(head, _q(kind, "XsdVersie"))
    _sub(xsd, _b("BasisschemaXsdVersie"), "1.0.0")
    _sub(xsd, _b("BerichtXsdVersie"), "1.0.0")
    person = _sub(root, _q(kind, "Client"))
    _sub(person, _q(kind, "Bsn"), client.bsn.value)
    birth = _sub(person, _q(kind, "Geboortedatum"))
    _sub(birth, _b("Datum"), client.birth_date.isoformat())
    _sub(person, _q(kind, "Geslacht"), "0")  # COD046: 0 = onbekend; the model holds no sex
    name = _sub(person, _q(kind, "Naam"))
    family = _sub(name, _b("Geslachtsnaam"))
    _sub(family, _b("Achternaam"), surname)
    return root, person


def _serialise(root: ET.Element) -> bytes:
    ET.indent(root)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data


def write_start(header: MessageHeader, client: Person, surname: str, starts: Sequence[Start]) -> bytes:
    """A WMO305 start message for one client's started allocations."""
    if not starts:
        raise InvalidInput("a start message needs at least one start")
    root, person = _skeleton("305", header, client, surname)
    products = _sub(person, _q("305", "StartProducten"))
    for start in starts:
        product = _sub(products, _q("305", "StartProduct"))
        _sub(product, _q("305", "ToewijzingNummer"), start.allocation_id)
        _sub(product, _q("305", "Begindatum"), start.date.isoformat())
        _sub(product, _q("305", "StatusAanlevering"), "1")
    return _serialise(root)


def write_stop(header: MessageHeader, client: Person, surname: str,
               stops: Sequence[tuple[Stop, dt.date]]) -> bytes:
    """A WMO307 stop message: each stop with the date care began (``Begindatum``)."""
    if not stops:
        raise InvalidInput("a stop message needs at least one stop")
    root, person = _skeleton("307", header, client, surname)
    products = _sub(person, _q("307", "StopProducten"))
    for stop, began in stops:
        last_day = stop.date - dt.timedelta(days=1)
        if last_day < began:
            raise InvalidInput(f"allocation {stop.allocation_id}: stop before the start")
        product = _sub(products, _q("307", "StopProduct"))
        _sub(product, _q("307", "ToewijzingNummer"), stop.allocation_id)
        _sub(product, _q("307", "Begindatum"), began.isoformat())
        _sub(product, _q("307", "RedenBeeindiging"), reason_to_code(stop.reason))
        _sub(product, _q("307", "Einddatum"), last_day.isoformat())
        _sub(product, _q("307", "StatusAanlevering"), "1")
    return _serialise(root)


_FORBIDDEN = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)


def _text(parent: ET.Element, tag: str, where: str, source: str) -> str:
    element = parent.find(tag)
    if element is None or element.text is None or not element.text.strip():
        name = tag.rsplit("}", 1)[-1]
        raise InvalidInput(f"missing element {name}", path=f"{where}/{name}", source=source)
    return element.text.strip()


def _date(text: str, where: str, source: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"{text!r} is not a date (YYYY-MM-DD)", path=where, source=source) from None


def read_start_stop(data: bytes, source: str = "<message>") -> tuple[MessageHeader, list[Start | Stop]]:
    """Read a WMO305 or WMO307 message into start or stop events.

    Products delivered with ``StatusAanlevering`` 3 (*verwijderen*) are left out: they
    withdraw an earlier report. Raises :class:`InvalidInput` naming the file and element
    for anything that is not a well-formed message of these two kinds.
    """
    if len(data) > MAX_MESSAGE_BYTES:
        raise InvalidInput(f"message larger than {MAX_MESSAGE_BYTES} bytes", source=source)
    if _FORBIDDEN.search(data):
        raise InvalidInput("document type declarations and entities are not allowed",
                           source=source)
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise InvalidInput(f"malformed XML: {exc}", source=source) from None
    kind = next((k for k, ns in _NS.items() if root.tag == f"{{{ns}}}Bericht"), None)
    if kind is None:
        raise InvalidInput(f"not an iWmo 3.2 start or stop message (root {root.tag})", source=source)
    head = root.find(_q(kind, "Header"))
    client = root.find(_q(kind, "Client"))
    if head is None or client is None:
        raise InvalidInput("message needs a Header and a Client", source=source)
    code = _text(head, _q(kind, "BerichtCode"), "Header", source)
    if code != _CODES[kind]:
        raise InvalidInput(f"BerichtCode {code} does not belong to WMO{kind}",
                           path="Header/BerichtCode", source=source)
    ident = head.find(_q(kind, "BerichtIdentificatie"))
    if ident is None:
        raise InvalidInput("missing element BerichtIdentificatie", path="Header", source=source)
    header = MessageHeader(
        sender=_text(head, _q(kind, "Afzender"), "Header", source),
        receiver=_text(head, _q(kind, "Ontvanger"), "Header", source),
        identification=_text(ident, _b("Identificatie"), "Header/BerichtIdentificatie", source),
        date=_date(_text(ident, _b("Dagtekening"), "Header/BerichtIdentificatie", source),
                   "Header/BerichtIdentificatie/Dagtekening", source),
    )
    try:
        _check_header(header)
    except InvalidInput as exc:
        raise InvalidInput(exc.message, path="Header", source=source) from None
    list_tag, item_tag = ("StartProducten", "StartProduct") if kind == "305" else (
        "StopProducten", "StopProduct")
    products = client.find(_q(kind, list_tag))
    if products is None:
        raise InvalidInput(f"missing element {list_tag}", path="Client", source=source)
    events: list[Start | Stop] = []
    for i, product in enumerate(products.findall(_q(kind, item_tag))):
        where = f"Client/{list_tag}/{item_tag}[{i}]"
        status = _text(product, _q(kind, "StatusAanlevering"), where, source)
        if status not in {"1", "2", "3"}:
            raise InvalidInput(f"unknown StatusAanlevering {status!r}", path=where, source=source)
        if status == "3":
            continue
        allocation = _text(product, _q(kind, "ToewijzingNummer"), where, source)
        began = _date(_text(product, _q(kind, "Begindatum"), where, source),
                      f"{where}/Begindatum", source)
        if kind == "305":
            events.append(Start(allocation, began))
            continue
        last = _date(_text(product, _q(kind, "Einddatum"), where, source), f"{where}/Einddatum", source)
        if last < began:
            raise InvalidInput("Einddatum before Begindatum", path=where, source=source)
        try:
            reason = reason_from_code(_text(product, _q(kind, "RedenBeeindiging"), where, source))
        except UnknownCode as exc:
            raise InvalidInput(exc.message, path=f"{where}/RedenBeeindiging", source=source) from None
        events.append(Stop(allocation, last + dt.timedelta(days=1), reason))
    if not events and not products.findall(_q(kind, item_tag)):
        raise InvalidInput(f"{list_tag} holds no {item_tag}", path="Client", source=source)
    return header, events
