"""An independent schema checker for the iWmo/iJw 3.2 messages, for the tests only.

It reads the element trees, simple types and code lists of ``standard.txt`` (transcribed
from the project's reference, messages.md and codes.md) and checks a written message
against them: root and namespaces, element order, cardinalities (minOccurs/maxOccurs), the
fixed header values and every facet (length, pattern, range, enumeration). It shares no
code with :mod:`sociaaldomein.io.istandaarden`: the XSD patterns are translated here from
their text, so a mistake in the writer's facets shows up as a disagreement.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest
from lxml import etree

DATA = Path(__file__).parent / "standard.txt"

_CODES = {  # BerichtCode per message (README of the reference, COD002)
    "301": ("414", "436"), "302": ("415", "437"), "305": ("418", "438"), "306": ("419", "439"),
    "307": ("420", "440"), "308": ("421", "441"), "315": ("444", "446"), "316": ("445", "447"),
    "317": ("480", "486"), "318": ("481", "487"), "319": ("482", "488"), "320": ("483", "489"),
    "323": ("484", "490"), "325": ("485", "491"),
}
_FROM_GEMEENTE = {"301", "319", "325", "302", "320"}  # also: retours keep the heen roles


@attrs.define
class Row:
    name: str
    ns: str
    type: str
    low: int
    high: int | None
    ijw_only: bool
    children: list[Row] = attrs.Factory(list)


def _load() -> tuple[dict[str, list[Row]], dict[str, str], dict[str, set[str]]]:
    trees: dict[str, list[tuple[int, Row, str]]] = {}
    types: dict[str, str] = {}
    codes: dict[str, set[str]] = {}
    current = ""
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        if line.startswith("tree "):
            current = line[5:]
            trees[current] = []
        elif line.startswith("type "):
            name, _base, facets = line[5:].split("|", 2)
            types[name] = facets
        elif line.startswith("codes "):
            name, values = line[6:].split("|")
            codes[name] = set(values.split())
        else:
            depth, name, ns, type_, occ, extra = line.split("|")
            low, high = occ.split("..")
            row = Row(name, ns, type_, int(low), None if high == "n" else int(high),
                      extra == "ijw")
            trees[current].append((int(depth), row, extra))

    def build(rows: list[tuple[int, Row, str]], base: int) -> list[Row]:
        top: list[Row] = []
        stack: list[tuple[int, Row]] = []
        for depth, row, extra in rows:
            row = attrs.evolve(row, children=[])
            while stack and stack[-1][0] >= depth:
                stack.pop()
            (stack[-1][1].children if stack else top).append(row)
            if extra.startswith("block "):
                row.children.extend(build(trees[extra], 0))
            stack.append((depth, row))
        del base
        return top

    built = {name: build(rows, 0) for name, rows in trees.items() if not name.startswith("block")}
    return built, types, codes


TREES, TYPES, CODES = _load()


def _xsd_regex(pattern: str) -> str:
    """An XSD pattern as a Python regex: '.' is any character but a line break, \\s and
    \\S are the four XML spaces, and inside [...] a '.' is a dot."""
    pattern = pattern.replace("\\|", "|")
    out, in_class, i = [], False, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            nxt = pattern[i + 1]
            if nxt == "s":
                out.append(" \\t\\n\\r" if in_class else "[ \\t\\n\\r]")
            elif nxt == "S":
                out.append("[^ \\t\\n\\r]")
            else:
                out.append(c + nxt)
            i += 2
            continue
        if c == "[":
            in_class = True
        elif c == "]":
            in_class = False
        elif c == "." and not in_class:
            out.append("[^\\n\\r]")
            i += 1
            continue
        elif c == "." and in_class:
            out.append("\\.")
            i += 1
            continue
        out.append(c)
        i += 1
    return "".join(out)


def _min_length(n: int) -> Callable[[str], str | None]:
    return lambda t: None if len(t) >= n else f"shorter than {n}"


def _max_length(n: int) -> Callable[[str], str | None]:
    return lambda t: None if len(t) <= n else f"longer than {n}"


def _pattern(pattern: str) -> Callable[[str], str | None]:
    regex = _xsd_regex(pattern)
    return lambda t: None if re.fullmatch(regex, t) else f"{t!r} does not match {pattern}"


def _equal(text: str, want: str) -> str | None:
    return None if text == want else f"{text!r}, expected {want}"


def _facet_check(type_name: str, standard: str, kind: str) -> Callable[[str], str | None]:
    """A function from an element's text to an error (or None)."""
    if type_name in ("SENDER", "RECEIVER"):
        gemeente = (kind in _FROM_GEMEENTE) == (type_name == "SENDER")
        type_name = "LDT_Gemeente" if gemeente else "LDT_AgbCode"
    if type_name == "LDT_BerichtCode′":
        want = _CODES[kind][0 if standard == "iwmo" else 1]
        return lambda t: _equal(t, want)
    if type_name == "LDT_BerichtVersie′":
        return lambda t: _equal(t, "3")
    if type_name == "LDT_BerichtSubversie′":
        return lambda t: _equal(t, "2")
    restricted = type_name == "LDT_IdentificatieDeclaratie′"
    facets = TYPES[type_name.rstrip("′")]
    checks: list[Callable[[str], str | None]] = []
    if "enum" in facets:
        lists = re.findall(r"(WMO\d{3}|JZ\d{3}|COD\d{3}|WJ\d{3}|NUM\d{3})", facets)
        if len(lists) == 2:
            chosen = lists[0] if standard == "iwmo" or lists[1] not in CODES else lists[1]
        else:
            chosen = lists[0]
        if chosen == "COD032":
            checks.append(lambda t: None if re.fullmatch("[A-Z]{2}", t) else "country code")
        else:
            allowed = CODES[chosen]
            checks.append(lambda t: None if t in allowed else f"{t!r} not in {chosen}")
    for low in re.findall(r"minLength (\d+)", facets):
        checks.append(_min_length(int(low)))
    for high in re.findall(r"maxLength (\d+)", facets):
        checks.append(_max_length(int(high)))
    for pattern in re.findall(r"pattern `([^`]*)`", facets):
        checks.append(_pattern(pattern))
    if restricted:
        checks.append(lambda t: None if re.fullmatch("[a-zA-Z0-9]+", t) else "not alphanumeric")
    base_integer = "minInclusive" in facets
    if base_integer:
        lo = int(re.search(r"minInclusive (\d+)", facets).group(1))  # type: ignore[union-attr]
        hi = int(re.search(r"maxInclusive (\d+)", facets).group(1))  # type: ignore[union-attr]

        def integer(t: str) -> str | None:
            value = t.strip(" \t\n\r")
            if not re.fullmatch(r"[+-]?[0-9]+", value):
                return f"{t!r} is not an integer"
            return None if lo <= int(value) <= hi else f"{value} outside {lo}..{hi}"

        return integer
    if type_name == "LDT_Datum":
        def date(t: str) -> str | None:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", t.strip(" \t\n\r")):
                return f"{t!r} is not a date without zone"
            try:
                dt.date.fromisoformat(t.strip(" \t\n\r"))
            except ValueError:
                return f"{t!r} is not a real date"
            return None
        return date
    if type_name == "LDT_Tijd":
        return lambda t: None if re.fullmatch(r"\d{2}:\d{2}:\d{2}(\.\d+)?", t.strip()) else \
            f"{t!r} is not a time without zone"

    def text(t: str) -> str | None:
        for check in checks:
            problem = check(t)
            if problem is not None:
                return problem
        return None

    return text


def schema_problems(data: bytes) -> list[str]:
    """Every way ``data`` breaks the element trees and facets of its message."""
    root = etree.fromstring(data)
    found = re.fullmatch(r"\{http://www\.istandaarden\.nl/(iwmo|ijw)/3_2/(wmo|jw)(\d{3})/schema\}"
                         r"Bericht", root.tag)
    if found is None:
        return [f"root {root.tag} is not a message"]
    standard, kind = found.group(1), found.group(3)
    m_ns = f"http://www.istandaarden.nl/{standard}/3_2/{found.group(2)}{kind}/schema"
    b_ns = f"http://www.istandaarden.nl/{standard}/3_2/basisschema/schema"
    tree = TREES.get(kind) or TREES["302"]
    problems: list[str] = []

    def walk(element: etree._Element, rows: list[Row], path: str) -> None:
        children = [c for c in element if isinstance(c.tag, str)]
        i = 0
        for row in rows:
            if row.ijw_only and standard != "ijw":
                continue
            tag = f"{{{m_ns if row.ns == 'm' else b_ns}}}{row.name}"
            count = 0
            while i < len(children) and children[i].tag == tag:
                child = children[i]
                where = f"{path}/{row.name}"
                if row.children:
                    walk(child, row.children, where)
                else:
                    if len([c for c in child if isinstance(c.tag, str)]):
                        problems.append(f"{where}: a simple element has children")
                    type_name = row.type
                    if kind in ("306", "308", "316", "318") and row.name in ("Afzender",
                                                                             "Ontvanger"):
                        type_name = "SENDER" if row.name == "Afzender" else "RECEIVER"
                    problem = _facet_check(type_name, standard, kind)(child.text or "")
                    if problem:
                        problems.append(f"{where}: {problem}")
                i += 1
                count += 1
            if count < row.low:
                problems.append(f"{path}/{row.name}: {count} found, at least {row.low}")
            if row.high is not None and count > row.high:
                problems.append(f"{path}/{row.name}: {count} found, at most {row.high}")
        if i < len(children):
            problems.append(f"{path}: unexpected {children[i].tag}")

    walk(root, tree, "/Bericht")
    return problems


@pytest.fixture(scope="session")
def schema_check() -> Callable[[bytes], list[str]]:
    """The independent schema checker: a function from message bytes to its problems."""
    return schema_problems
