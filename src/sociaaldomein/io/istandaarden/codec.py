"""XML of the messages: a hardened reader and a writer, bytes in and bytes out.

Reading is safe for untrusted input. The bytes are decoded first (UTF-8, or UTF-16 with
or without byte order mark, as the document says), and a document type declaration is
refused *in the decoded text*, so no encoding hides one; the parser then runs with entity
resolution, network access, DTD loading and huge trees all off. Input is limited to
:data:`MAX_MESSAGE_BYTES` (25 MB, OP179) before anything is parsed. Structure and facets
are checked element by element against the message class: every breach is collected with
its path and rule, nothing is raised for content.

lxml is an optional dependency (``pip install 'sociaaldomein[xml]'``).
"""

from __future__ import annotations

import codecs
import re
from typing import TYPE_CHECKING, Any

import attrs

from sociaaldomein.errors import MissingExtra
from sociaaldomein.io.istandaarden import types as ty
from sociaaldomein.io.istandaarden.messages import (
    MESSAGE_CLASSES,
    RETOUR_OF,
    Message,
    Node,
    Retour,
    fields_of,
)
from sociaaldomein.io.istandaarden.types import MessageError, Simple, Standard, UnreadableMessage

if TYPE_CHECKING:
    from lxml import etree

__all__ = ["MAX_MESSAGE_BYTES", "Problem", "from_tree", "parse_xml", "to_xml"]

MAX_MESSAGE_BYTES = 25 * 1024 * 1024
"""Largest message read or written: 25 MB (OP179)."""

_NS_RE = re.compile(r"http://www\.istandaarden\.nl/(iwmo|ijw)/3_2/(wmo|jw)([0-9]{3})/schema")
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_DECL = re.compile(r"""^<\?xml[ \t\r\n][^>]*?\?>""")
_ENCODING = re.compile(r"""encoding[ \t\r\n]*=[ \t\r\n]*["']([A-Za-z0-9._-]+)["']""")


def _lxml() -> Any:
    try:
        from lxml import etree
    except ImportError:  # pragma: no cover - depends on the installation
        raise MissingExtra("lxml", "xml") from None
    return etree


@attrs.frozen
class Problem:
    """A breach found while reading: the rule, the path of the element and what is wrong."""

    rule: str
    path: str
    message: str


# --- decoding and parsing ----------------------------------------------------------------------

def decode(data: bytes) -> str:
    """The text of a message: UTF-8 (with or without BOM) or UTF-16 (with BOM, or without
    one when the document starts with ``<``). Other encodings and undecodable bytes are
    :class:`UnreadableMessage`."""
    if isinstance(data, str):
        raise UnreadableMessage("a message is read from bytes, not text: pass the file's "
                                "bytes (open(..., 'rb') or Path.read_bytes())")
    if not isinstance(data, bytes | bytearray | memoryview):
        raise UnreadableMessage(f"a message is read from bytes, got {type(data).__name__}")
    raw = bytes(data)
    if len(raw) > MAX_MESSAGE_BYTES:
        raise UnreadableMessage(f"message is {len(raw)} bytes; the limit is {MAX_MESSAGE_BYTES} "
                                "(25 MB, OP179)")
    if not raw.strip():
        raise UnreadableMessage("message is empty")
    if raw.startswith(codecs.BOM_UTF8):
        encoding, raw = "utf-8", raw[3:]
    elif raw.startswith(codecs.BOM_UTF16_LE):
        encoding, raw = "utf-16-le", raw[2:]
    elif raw.startswith(codecs.BOM_UTF16_BE):
        encoding, raw = "utf-16-be", raw[2:]
    elif raw[:2] == b"<\x00":
        encoding = "utf-16-le"
    elif raw[:2] == b"\x00<":
        encoding = "utf-16-be"
    else:
        encoding = "utf-8"
        head = raw[:200].decode("ascii", errors="replace")
        declared = _ENCODING.search(head) if head.startswith("<?xml") else None
        if declared is not None and declared.group(1).lower().replace("_", "-") not in (
                "utf-8", "utf8"):
            raise UnreadableMessage(f"encoding {declared.group(1)!r} is not supported; a "
                                    "message is UTF-8 or UTF-16")
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise UnreadableMessage(f"message is not valid {encoding.upper()} at byte "
                                f"{exc.start}") from None
    return text


def parse_xml(data: bytes) -> etree._Element:
    """The root element of a message, parsed safely (see the module text)."""
    text = decode(data)
    match = _DECL.match(text)
    if match is not None:
        declared = _ENCODING.search(match.group())
        if declared is not None and declared.group(1).lower().replace("_", "-") not in (
                "utf-8", "utf8", "utf-16", "utf16", "utf-16le", "utf-16be"):
            raise UnreadableMessage(f"encoding {declared.group(1)!r} is not supported; a "
                                    "message is UTF-8 or UTF-16")
        text = text[match.end():]
    upper = text.upper()
    if "<!DOCTYPE" in upper or "<!ENTITY" in upper:
        raise UnreadableMessage("a document type declaration (<!DOCTYPE or <!ENTITY) is not "
                                "allowed in a message")
    lx = _lxml()
    parser = lx.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                             load_dtd=False, dtd_validation=False, remove_comments=True,
                             remove_pis=True, collect_ids=False, encoding="utf-8")
    try:
        root = lx.fromstring(text.encode("utf-8"), parser)
    except lx.XMLSyntaxError as exc:
        raise UnreadableMessage(f"not well-formed XML: {exc}") from None
    if root is None:
        raise UnreadableMessage("no XML document")
    if root.getroottree().docinfo.doctype:
        raise UnreadableMessage("a document type declaration is not allowed in a message")
    result: etree._Element = root
    return result


# --- writing ---------------------------------------------------------------------------------------

def to_xml(message: Message) -> bytes:
    """The UTF-8 XML of ``message`` (its facets are valid by construction; the rules are
    checked by the caller)."""
    etree = _lxml()
    standard = message.standard
    kind = message.kind if isinstance(message, Retour) else message.KIND
    m_uri = standard.namespace(kind)
    b_uri = standard.namespace("basisschema")
    root = etree.Element(f"{{{m_uri}}}Bericht",
                         nsmap={f"{standard.prefix}{kind}": m_uri, standard.value: b_uri})
    _write_node(etree, root, message, m_uri, b_uri, standard, message.bericht_code, "Bericht")
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                 pretty_print=True)
    if len(data) > MAX_MESSAGE_BYTES:
        raise MessageError(f"{message.name}: the message would be {len(data)} bytes; at most "
                           f"{MAX_MESSAGE_BYTES} (25 MB, OP179)", rule="OP179")
    return data


def _write_node(etree: Any, parent: Any, node: Node, m_uri: str, b_uri: str,
                standard: Standard, code: str, path: str) -> None:
    uri = m_uri if node.NS == "m" else b_uri

    def leaf(name: str, text: str) -> None:
        etree.SubElement(parent, f"{{{uri}}}{name}").text = text

    if getattr(type(node), "FIXED", False):
        leaf("BerichtCode", code)
        leaf("BerichtVersie", "3")
        leaf("BerichtSubversie", "2")
    for f in fields_of(type(node)):
        value = getattr(node, f.attr)
        where = f"{path}/{f.spec.name}"
        if f.spec.only is not None and f.spec.only is not standard:
            if value not in (None, ()):
                raise MessageError(f"{where}: exists only in {f.spec.only.label}, not in "
                                   f"{standard.label}", rule="XSD")
            continue
        if value is None or (f.many and not value):
            continue
        if f.many:
            wrapper = etree.SubElement(parent, f"{{{uri}}}{f.spec.name}")
            for i, item in enumerate(value):
                _write_value(etree, wrapper, f.spec.item or "", f.spec.type, item, m_uri,
                             b_uri, standard, code, f"{where}/{f.spec.item}[{i + 1}]", m_uri)
        else:
            _write_value(etree, parent, f.spec.name, f.spec.type, value, m_uri, b_uri,
                         standard, code, where, uri)


def _write_value(etree: Any, parent: Any, name: str, type_: Simple | type, value: object,
                 m_uri: str, b_uri: str, standard: Standard, code: str, where: str,
                 uri: str) -> None:
    element = etree.SubElement(parent, f"{{{uri}}}{name}")
    if isinstance(type_, Simple):
        type_.check(value, where, standard)
        element.text = type_.format(value)
    else:
        assert isinstance(value, Node)
        _write_node(etree, element, value, m_uri, b_uri, standard, code, where)


# --- reading ---------------------------------------------------------------------------------------

def identify(root: etree._Element) -> tuple[Standard, str] | Problem:
    """The standard and message number of a parsed root element."""
    tag = root.tag if isinstance(root.tag, str) else ""
    uri, _, local = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
    match = _NS_RE.fullmatch(uri)
    if match is None or local != "Bericht":
        return Problem("XSD", "/" + (local or "?"), f"not an iWmo 3.2 or iJw 3.2 message "
                       f"(root {local or '?'} in namespace {uri or 'none'!r})")
    standard = Standard(match.group(1))
    if match.group(2) != standard.prefix:
        return Problem("XSD", "/Bericht", f"namespace {uri!r} mixes {match.group(1)} and "
                       f"{match.group(2)}")
    kind = match.group(3)
    if kind not in MESSAGE_CLASSES and kind not in RETOUR_OF.values():
        return Problem("XSD", "/Bericht", f"message {match.group(2).upper()}{kind} is not "
                       "read by this library")
    return standard, kind


def from_tree(root: etree._Element) -> tuple[Message | None, list[Problem], Standard | None, str | None]:
    """The message of a parsed root, or ``None`` with the structure and facet breaches."""
    found = identify(root)
    if isinstance(found, Problem):
        return None, [found], None, None
    standard, kind = found
    problems: list[Problem] = []
    m_uri = standard.namespace(kind)
    b_uri = standard.namespace("basisschema")
    cls: type[Message] = MESSAGE_CLASSES.get(kind, Retour)
    code = ty.BERICHT_CODES[(standard, kind)]
    extra: dict[str, object] = {"standard": standard}
    if cls is Retour:
        extra["kind"] = kind
    reader = _Reader(m_uri, b_uri, standard, code, problems)
    message = reader.node(root, cls, "/Bericht", extra)
    assert message is None or isinstance(message, Message)
    return message, problems, standard, kind


@attrs.define
class _Reader:
    m_uri: str
    b_uri: str
    standard: Standard
    code: str
    problems: list[Problem]

    def add(self, rule: str, path: str, message: str) -> None:
        self.problems.append(Problem(rule, path, message))

    def _children(self, element: Any, path: str) -> list[Any]:
        for name in element.attrib:
            if not str(name).startswith(f"{{{_XSI}}}"):
                self.add("XSD", path, f"attribute {_local(str(name))!r} is not allowed")
        if (element.text or "").strip(" \t\r\n"):
            self.add("XSD", path, "text is not allowed in a complex element")
        children = [c for c in element if isinstance(c.tag, str)]
        for child in children:
            if (child.tail or "").strip(" \t\r\n"):
                self.add("XSD", path, "text is not allowed in a complex element")
        return children

    def node(self, element: Any, cls: type, path: str,
             extra: dict[str, object] | None = None) -> Node | None:
        uri = self.m_uri if getattr(cls, "NS", "m") == "m" else self.b_uri
        children = self._children(element, path)
        before = len(self.problems)
        values: dict[str, object] = dict(extra or {})
        at = 0

        def expect(name: str) -> Any:
            nonlocal at
            if at < len(children) and children[at].tag == f"{{{uri}}}{name}":
                at += 1
                return children[at - 1]
            return None

        if getattr(cls, "FIXED", False):
            for name, fixed, rule in (("BerichtCode", self.code, "RS047"),
                                      ("BerichtVersie", "3", "CS025"),
                                      ("BerichtSubversie", "2", "CS015")):
                child = expect(name)
                if child is None:
                    self.add("XSD", f"{path}/{name}", f"{name} is missing or out of order")
                    continue
                text = self.leaf_text(child, f"{path}/{name}")
                if text is not None and text.strip(" \t\r\n") != fixed:
                    self.add(rule, f"{path}/{name}", f"{name} must be {fixed}, got {text!r}")
        for f in fields_of(cls):
            where = f"{path}/{f.spec.name}"
            if f.spec.only is not None and f.spec.only is not self.standard:
                values[f.attr] = () if f.many else None
                continue
            child = expect(f.spec.name)
            if child is None:
                if f.required:
                    self.add("XSD", where, f"{f.spec.name} is required here (missing, or "
                                           "elements out of order)")
                values[f.attr] = () if f.many else None
                continue
            if f.many:
                items = []
                for i, item in enumerate(self._children(child, where)):
                    item_path = f"{where}/{f.spec.item}[{i + 1}]"
                    if item.tag != f"{{{self.m_uri}}}{f.spec.item}":
                        self.add("XSD", item_path, f"unexpected element {_local(item.tag)!r}; "
                                                   f"expected {f.spec.item}")
                        continue
                    items.append(self.value(item, f.spec.type, item_path))
                if not items:
                    self.add("XSD", where, f"{f.spec.name} needs at least one {f.spec.item}")
                values[f.attr] = tuple(items)
            else:
                values[f.attr] = self.value(child, f.spec.type, where)
        if at < len(children):
            extra_child = children[at]
            self.add("XSD", f"{path}/{_local(extra_child.tag)}",
                     f"unexpected element {_qualified(extra_child.tag)} (unknown, repeated "
                     "or out of order)")
        if len(self.problems) > before:
            return None
        try:
            built: Node = cls(**values)
        except MessageError as exc:
            self.add(exc.rule or "XSD", path, exc.message)
            return None
        return built

    def leaf_text(self, element: Any, path: str) -> str | None:
        if element.attrib and any(not str(n).startswith(f"{{{_XSI}}}") for n in element.attrib):
            self.add("XSD", path, "attributes are not allowed")
        if any(isinstance(c.tag, str) for c in element):
            self.add("XSD", path, "a simple element cannot hold elements")
            return None
        return "".join(element.itertext())

    def value(self, element: Any, type_: Simple | type, path: str) -> object:
        if isinstance(type_, Simple):
            text = self.leaf_text(element, path)
            if text is None:
                return None
            value, problem = type_.parse(text, self.standard)
            if problem is not None:
                self.add(problem[0], path, problem[1])
            return value
        return self.node(element, type_, path)


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _qualified(tag: str) -> str:
    uri, _, local = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
    return f"{local!r}" + (f" in namespace {uri!r}" if uri else " without namespace")

