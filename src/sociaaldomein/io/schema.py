"""JSON Schema of the input formats, derived from the types themselves.

:func:`caseload_schema` describes the caseload JSON format of :mod:`sociaaldomein.io.files`
(``"format": "sociaaldomein.caseload/1"``) as JSON Schema (draft 2020-12). It is built by
walking the attrs classes the strict converter reads, so it cannot drift from what
:func:`sociaaldomein.read_caseload` accepts: unknown keys are refused
(``additionalProperties: false``), dates are ``YYYY-MM-DD`` text, quantities are decimal
text or integers (never floats), care events are tagged by ``"type"``. ``sociaaldomein
schema`` prints it.

A schema checks shape only; the library checks more when reading (references between
households, plans, allocations and events; the 11-proef of a BSN; a period that ends after
it starts) and the region's policy checks its rules.
"""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from decimal import Decimal
from fractions import Fraction
from typing import Any, Union

import attrs

from sociaaldomein.io.files import CASELOAD_FORMAT, CaseloadFile
from sociaaldomein.model.caseload import (
    CareEvent,
    Delivery,
    EndReport,
    Evaluation,
    Refusal,
    Start,
    Stop,
)
from sociaaldomein.model.household import Bsn, Municipality
from sociaaldomein.model.money import Money
from sociaaldomein.model.periods import Month

__all__ = ["SCHEMA_ID", "caseload_schema"]

SCHEMA_ID = "https://sociaaldomein.example/schema/caseload-1.json"

_EVENT_TAGS: dict[type, str] = {
    Start: "start", Stop: "stop", Delivery: "delivery", Evaluation: "evaluation",
    EndReport: "end_report", Refusal: "refusal",
}
_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$"
_ID_FIELDS = {"id", "household_id", "client_id", "plan_id"}


def _is_union(tp: object) -> bool:
    return typing.get_origin(tp) in (Union, types.UnionType)


class _Builder:
    def __init__(self) -> None:
        self.defs: dict[str, dict[str, Any]] = {}

    def ref(self, cls: type) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # reserve against recursion
            self.defs[name] = self.object(cls)
        return {"$ref": f"#/$defs/{name}"}

    def object(self, cls: type, tag: str | None = None) -> dict[str, Any]:
        hints = typing.get_type_hints(cls)
        props: dict[str, Any] = {}
        required: list[str] = []
        if tag is not None:
            props["type"] = {"const": tag}
            required.append("type")
        for field in attrs.fields(cls):
            props[field.name] = self.of(hints[field.name], field.name)
            if field.default is attrs.NOTHING:
                required.append(field.name)
        out: dict[str, Any] = {"type": "object", "properties": props,
                               "additionalProperties": False}
        if required:
            out["required"] = required
        doc = (cls.__doc__ or "").strip().split("\n\n")[0]
        if doc:
            out["description"] = " ".join(doc.split())
        return out

    def of(self, tp: Any, name: str = "") -> dict[str, Any]:
        if tp is CareEvent or (_is_union(tp) and set(typing.get_args(tp)) == set(_EVENT_TAGS)):
            return {"oneOf": [self.event(cls) for cls in _EVENT_TAGS]}
        if _is_union(tp):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            inner = self.of(args[0], name) if len(args) == 1 else {
                "anyOf": [self.of(a, name) for a in args]}
            if type(None) in typing.get_args(tp):
                return {"anyOf": [inner, {"type": "null"}]}
            return inner
        origin = typing.get_origin(tp)
        if origin in (tuple, list):
            parts = typing.get_args(tp)
            item = parts[0] if parts else Any
            return {"type": "array", "items": self.of(item, name)}
        if origin in (frozenset, set):
            (item,) = typing.get_args(tp)
            return {"type": "array", "items": self.of(item, name), "uniqueItems": True}
        if tp is str:
            return {"type": "string", "pattern": _ID_PATTERN} if name in _ID_FIELDS else {"type": "string"}
        if tp is bool:
            return {"type": "boolean"}
        if tp is int:
            return {"type": "integer"}
        if tp is dt.date:
            return {"type": "string", "format": "date",
                    "pattern": r"^\d{4}-\d{2}-\d{2}$"}
        if tp is dt.time:
            return {"type": "string", "pattern": r"^\d{2}:\d{2}(:\d{2})?$",
                    "description": "a time of day, HH:MM or HH:MM:SS (local wall-clock time)"}
        if tp is Decimal:
            return {"anyOf": [{"type": "string", "pattern": r"^\d+(\.\d+)?$"},
                              {"type": "integer", "minimum": 0}],
                    "description": "a non-negative decimal as text, or an integer; never a float"}
        if tp is Fraction:
            return {"type": "string", "pattern": r"^\d+(/\d+)?$"}
        if tp is Money:
            return {"anyOf": [{"type": "string", "pattern": r"^-?\d{1,15}([.,]\d{1,2})?$"},
                              {"type": "integer"}],
                    "description": "euros as text (\"12.34\") or integer cents"}
        if tp is Month:
            return {"type": "string", "pattern": r"^\d{4}-\d{2}$"}
        if tp is Bsn:
            return {"type": "string", "pattern": r"^\d{9}$",
                    "description": "burgerservicenummer (11-proef checked when read)"}
        if tp is Municipality:
            return {"type": "object", "additionalProperties": False,
                    "required": ["code", "name"],
                    "properties": {"code": {"type": "string", "pattern": r"^(GM)?\d{4}$",
                                            "description": "CBS gemeentecode"},
                                   "name": {"type": "string", "minLength": 1}}}
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            return {"enum": [m.value for m in tp]}
        if isinstance(tp, type) and attrs.has(tp):
            return self.ref(tp)
        raise TypeError(f"no JSON Schema for {tp!r}")  # pragma: no cover - a new type

    def event(self, cls: type) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = self.object(cls, tag=_EVENT_TAGS[cls])
        return {"$ref": f"#/$defs/{name}"}


def caseload_schema() -> dict[str, Any]:
    """The JSON Schema of the caseload file format."""
    builder = _Builder()
    root = builder.object(CaseloadFile)
    root["properties"]["format"] = {"const": CASELOAD_FORMAT}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "sociaaldomein caseload",
        **root,
        "$defs": dict(sorted(builder.defs.items())),
    }
