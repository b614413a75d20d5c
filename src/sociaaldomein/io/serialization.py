"""One strict cattrs converter and stable JSON for every public type.

Strict means: unknown keys are rejected, a string is not silently an int, a float is never
money, dates are ISO dates, and every error names the path to the offending field
(``$.households[3].members[0].birth_date``). Money is written as a string in euros
(``"12.34"``) and read from such a string or from integer cents. Unions are tagged:
funding models by ``"model"`` and care events by ``"type"``.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import re
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.cols import is_sequence
from cattrs.gen import make_dict_unstructure_fn, override
from cattrs.strategies import configure_tagged_union

from sociaaldomein.errors import InvalidInput, SociaaldomeinError
from sociaaldomein.model.caseload import (
    CareEvent,
    Delivery,
    EndReport,
    Evaluation,
    Refusal,
    Start,
    Stop,
)
from sociaaldomein.model.funding import (
    FundingModel,
    LumpSum,
    PerPeriod,
    PriceQuantity,
    Stay,
    Trajectory,
)
from sociaaldomein.model.household import Bsn, Municipality
from sociaaldomein.model.limits import DEFAULT_MAX_INPUT_BYTES, bounded_decimal, bounded_fraction
from sociaaldomein.model.money import Money
from sociaaldomein.model.periods import Month

__all__ = ["converter", "dumps", "format_time", "from_json", "loads", "parse_time", "structure",
           "to_json", "unstructure"]

T = TypeVar("T")

MAX_JSON_BYTES = DEFAULT_MAX_INPUT_BYTES
"""The default size limit of JSON input (a setting: ``max_bytes`` of :func:`loads`)."""


def _strict_int(value: object, _t: type) -> int:
    if type(value) is not int:
        raise TypeError(f"expected an integer, got {type(value).__name__} {value!r}")
    return value


def _strict_str(value: object, _t: type) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {type(value).__name__} {value!r}")
    check_printable(value)
    return value


# Control characters (other than tab and line breaks) and bidirectional overrides: text
# that holds them could rewrite a terminal or a report when shown, so it is refused.
_UNPRINTABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def check_printable(text: str) -> None:
    """Refuse text with a control character, a bidirectional override or a lone surrogate
    (``"\\ud800"`` in JSON: half of a character, which no file can hold) (ValueError)."""
    found = _UNPRINTABLE.search(text)
    if found is not None and "\ud800" <= found.group() <= "\udfff":
        raise ValueError(f"text holds a lone surrogate U+{ord(found.group()):04X} at position "
                         f"{found.start()} (half of a character); it is not text")
    if found is not None:
        raise ValueError(f"text holds the control character U+{ord(found.group()):04X} at "
                         f"position {found.start()}; it is not allowed")


def _strict_bool(value: object, _t: type) -> bool:
    if type(value) is not bool:
        raise TypeError(f"expected true or false, got {type(value).__name__} {value!r}")
    return value


def _date(value: object, _t: type) -> dt.date:
    if not isinstance(value, str):
        raise TypeError(f"expected a date as \"YYYY-MM-DD\", got {type(value).__name__} {value!r}")
    return iso_date(value)


_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")  # not a week date such as 2019-W01-1


def iso_date(text: str) -> dt.date:
    """A calendar date written ``YYYY-MM-DD``, and nothing else ``fromisoformat`` accepts
    (a week date ``2019-W01-1``, ``20190101``); ValueError otherwise."""
    if not _ISO_DATE.match(text):
        raise ValueError(f"{text[:40]!r} is not a date (YYYY-MM-DD)")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date (YYYY-MM-DD)") from None


_TIME = re.compile(r"^[0-9]{2}:[0-9]{2}(:[0-9]{2})?$")


def parse_time(value: object, _t: type = dt.time) -> dt.time:
    """A time of day from ``HH:MM`` or ``HH:MM:SS`` text (ValueError otherwise)."""
    if not isinstance(value, str) or not _TIME.match(value):
        raise ValueError(f"{value!r} is not a time of day (HH:MM or HH:MM:SS)")
    try:
        return dt.time.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a time of day (HH:MM or HH:MM:SS)") from None


def format_time(value: dt.time) -> str:
    """``HH:MM:SS`` (times of day in the model are whole seconds)."""
    return value.isoformat(timespec="seconds")


def _decimal(value: object, _t: type) -> Decimal:
    if isinstance(value, (bool, float)):
        raise TypeError(f"expected a decimal as text or an integer, got {value!r}")
    if isinstance(value, int | str):
        return bounded_decimal(value, "a decimal")  # bounded before any arithmetic
    raise TypeError(f"expected a decimal as text, got {type(value).__name__}")


def _fraction(value: object, _t: type) -> Fraction:
    if isinstance(value, (bool, float)):
        raise TypeError(f"expected a fraction as text (\"7/10\"), got {value!r}")
    if isinstance(value, int | str):
        return bounded_fraction(value)  # bounded before any arithmetic
    raise TypeError(f"expected a fraction as text, got {type(value).__name__}")


def _money(value: object, _t: type) -> Money:
    return Money.parse(value)


def _month(value: object, _t: type) -> Month:
    if not isinstance(value, str):
        raise TypeError(f"expected a month as \"YYYY-MM\", got {value!r}")
    return Month.parse(value)


def _bsn(value: object, _t: type) -> Bsn:
    if not isinstance(value, str):
        raise TypeError("expected a BSN as text of nine digits")
    return Bsn(value)


def _municipality(value: object, _t: type) -> Municipality:
    if not isinstance(value, dict):
        raise TypeError("expected an object with code and name")
    extra = set(value) - {"code", "name"}
    if extra:
        raise ValueError(f"unknown key(s) {', '.join(sorted(map(str, extra)))}")
    for key in ("code", "name"):
        if key not in value:
            raise KeyError(f"{key!r}")
    return Municipality(code=_strict_str(value["code"], str), name=_strict_str(value["name"], str))


def _kind(value: object) -> str:
    """What a JSON value is, in the words of the format."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"text {value!r}" if len(value) <= 40 else "text"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    return f"the number {value!r}" if len(repr(value)) <= 40 else "a number"


def _object_hook(cls: type, conv: cattrs.Converter) -> Any:
    """The generated hook of an attrs class, behind a check that the JSON is an object."""
    inner: Any = conv.gen_structure_attrs_fromdict(cls)

    def structure_object(value: object, _t: type) -> object:
        if not isinstance(value, dict):
            raise TypeError(f"expected an object ({{...}}), got {_kind(value)}")
        return inner(value, cls)

    return structure_object


def _is_homogeneous_sequence(t: object) -> bool:
    args: tuple[object, ...] = getattr(t, "__args__", ())
    if getattr(t, "__origin__", t) is tuple and not (len(args) == 2 and args[1] is Ellipsis):
        return False
    return bool(is_sequence(t))


def _list_hook(cls: type, conv: cattrs.Converter) -> Any:
    """The default hook of a list or tuple, behind a check that the JSON is a list (an
    object or text would otherwise be read as its keys or its characters)."""
    from cattrs.cols import list_structure_factory

    origin = getattr(cls, "__origin__", cls)
    inner = list_structure_factory(cls, conv)

    def structure_list(value: object, _t: type) -> object:
        if not isinstance(value, list):
            raise TypeError(f"expected a list ([...]), got {_kind(value)}")
        items = inner(value, cls)
        return items if origin is list else tuple(items)

    return structure_list


def _is_set(t: object) -> bool:
    return getattr(t, "__origin__", t) in (frozenset, set)


def _set_hook(cls: type, conv: cattrs.Converter) -> Any:
    """A set read from a JSON list only: text would be read as its characters and an object
    as its keys."""
    args: tuple[Any, ...] = getattr(cls, "__args__", ())
    item: Any = args[0] if args else Any
    origin = getattr(cls, "__origin__", cls)

    def structure_set(value: object, _t: type) -> object:
        if not isinstance(value, list):
            raise TypeError(f"expected a list ([...]), got {_kind(value)}")
        items = [conv.structure(x, item) for x in value]
        return frozenset(items) if origin is frozenset else set(items)

    return structure_set


def _enum_hook(cls: type[enum.Enum], _conv: cattrs.Converter) -> Any:
    """An enum read from its value; an unknown value lists the known ones."""
    known = [member.value for member in cls]

    def structure_enum(value: object, _t: type) -> enum.Enum:
        for member in cls:
            if type(value) is type(member.value) and value == member.value:
                return member
        listed = ", ".join(json.dumps(k, ensure_ascii=False) for k in known)
        raise ValueError(f"{json.dumps(value, ensure_ascii=False, default=repr)} is not a "
                         f"valid {cls.__name__}; expected one of {listed}")

    return structure_enum


def _tagged(conv: cattrs.Converter, union: Any, tag: str, tags: dict[type, str]) -> None:
    """A tagged union whose hook first checks that there is an object with a known tag."""
    configure_tagged_union(union, conv, tag_generator=lambda t: tags[t], tag_name=tag)
    inner = conv.get_structure_hook(union)
    known = ", ".join(tags.values())

    def structure_tagged(value: object, _t: object) -> object:
        if not isinstance(value, dict):
            raise TypeError(f"expected an object ({{...}}), got {_kind(value)}")
        if tag not in value:
            raise KeyError(f"{tag!r} (one of {known})")
        if value[tag] not in tags.values():
            raise ValueError(f"unknown {tag} {json.dumps(value[tag], ensure_ascii=False)}; "
                             f"expected one of {known}")
        return inner(value, union)

    conv.register_structure_hook(union, structure_tagged)


def _sort_key(value: object) -> str:
    return json.dumps(value, sort_keys=True)


def make_converter() -> cattrs.Converter:
    """A new strict converter (the module-level :data:`converter` is one)."""
    conv = cattrs.Converter(forbid_extra_keys=True)
    conv.register_structure_hook(int, _strict_int)
    conv.register_structure_hook(str, _strict_str)
    conv.register_structure_hook(bool, _strict_bool)
    conv.register_structure_hook(dt.date, _date)
    conv.register_unstructure_hook(dt.date, lambda d: d.isoformat())
    conv.register_structure_hook(dt.time, parse_time)
    conv.register_unstructure_hook(dt.time, format_time)
    conv.register_structure_hook(Decimal, _decimal)
    conv.register_unstructure_hook(Decimal, str)
    conv.register_structure_hook(Fraction, _fraction)
    conv.register_unstructure_hook(Fraction, str)
    conv.register_structure_hook(Money, _money)
    conv.register_unstructure_hook(Money, Money.plain)
    conv.register_structure_hook(Month, _month)
    conv.register_unstructure_hook(Month, str)
    conv.register_structure_hook(Bsn, _bsn)
    conv.register_unstructure_hook(Bsn, lambda b: b.value)
    conv.register_structure_hook(Municipality, _municipality)
    conv.register_structure_hook_factory(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum), _enum_hook
    )
    conv.register_structure_hook_factory(
        lambda t: isinstance(t, type) and attrs.has(t) and t is not Municipality,
        _object_hook,
    )
    conv.register_structure_hook_factory(_is_homogeneous_sequence, _list_hook)
    conv.register_structure_hook_factory(_is_set, _set_hook)
    conv.register_unstructure_hook(Municipality, lambda m: {"code": m.code, "name": m.name})
    def is_set(t: object) -> bool:
        return getattr(t, "__origin__", t) in (frozenset, set)

    conv.register_unstructure_hook_func(
        is_set, lambda s: sorted((conv.unstructure(x) for x in s), key=_sort_key)
    )
    tags = {
        PerPeriod: "per_period", Trajectory: "trajectory", PriceQuantity: "price_quantity",
        Stay: "stay", LumpSum: "lump_sum",
    }
    _tagged(conv, FundingModel, "model", tags)
    events = {
        Start: "start", Stop: "stop", Delivery: "delivery", Evaluation: "evaluation",
        EndReport: "end_report", Refusal: "refusal",
    }
    for event_class in events:  # an event without an id is written without one
        conv.register_unstructure_hook(event_class, make_dict_unstructure_fn(
            event_class, conv, id=override(omit_if_default=True)))
    _tagged(conv, CareEvent, "type", events)
    return conv


converter = make_converter()


def _describe(exc: BaseException) -> tuple[str, str]:
    """The first problem in a cattrs error as (path, message)."""
    if isinstance(exc, cattrs.BaseValidationError):
        messages = cattrs.transform_error(exc, path="$", format_exception=_format)
        first = messages[0] if messages else str(exc)
        if " @ " in first:
            message, path = first.rsplit(" @ ", 1)
            more = f" (and {len(messages) - 1} more problem(s))" if len(messages) > 1 else ""
            return path, message + more
        return "$", first
    if isinstance(exc, SociaaldomeinError):
        return "$", exc.message
    return "$", str(exc)


def _format(exc: BaseException, _type: type | None) -> str:
    if isinstance(exc, SociaaldomeinError):
        return exc.message
    if isinstance(exc, cattrs.ForbiddenExtraKeysError):
        return f"unknown key(s): {', '.join(sorted(exc.extra_fields))}"
    if isinstance(exc, KeyError):
        return f"required key {exc.args[0]!s} is missing" if exc.args else "a required key is missing"
    if isinstance(exc, TypeError | ValueError):
        return str(exc)
    if isinstance(exc, AttributeError):
        return "expected an object ({...}) here"
    return f"{type(exc).__name__}: {exc}"


def structure(data: object, cls: type[T], *, source: str = "") -> T:
    """Build a ``cls`` from JSON-like data, strictly; :class:`InvalidInput` names the path."""
    try:
        return converter.structure(data, cls)
    except (cattrs.BaseValidationError, SociaaldomeinError, TypeError, ValueError, KeyError) as exc:
        path, message = _describe(exc)
        raise InvalidInput(message, path=path, source=source) from None
    except AttributeError:  # a list or scalar where an object belongs
        raise InvalidInput("expected an object ({...})", path="$", source=source) from None


def unstructure(obj: object) -> Any:
    """JSON-like data (dicts, lists, strings, integers, booleans) for any public type.

    A funding model or care event carries its tag (``"model"`` / ``"type"``) also when it is
    serialised on its own, so that it reads back as the union member it is.
    """
    if isinstance(obj, _FUNDING_MEMBERS):
        return converter.unstructure(obj, unstructure_as=FundingModel)
    if isinstance(obj, _EVENT_MEMBERS):
        return converter.unstructure(obj, unstructure_as=CareEvent)
    return converter.unstructure(obj)


_FUNDING_MEMBERS = (PerPeriod, Trajectory, PriceQuantity, Stay, LumpSum)
_EVENT_MEMBERS = (Start, Stop, Delivery, Evaluation, EndReport, Refusal)


def dumps(obj: object) -> str:
    """Stable JSON: sorted keys, two-space indent, UTF-8 text."""
    return json.dumps(unstructure(obj), sort_keys=True, indent=2, ensure_ascii=False)


to_json = dumps


class _Float(str):
    """A number with a fraction or exponent, kept as its text until it is refused."""


def _first_float(data: object, path: str = "$") -> tuple[str, str] | None:
    """The JSON path and text of the first number with a fraction, in document order."""
    stack: list[tuple[object, str]] = [(data, path)]
    while stack:
        value, where = stack.pop()
        if isinstance(value, _Float):
            return where, str(value)
        if isinstance(value, dict):
            stack.extend(reversed([(v, f"{where}.{k}") for k, v in value.items()]))
        elif isinstance(value, list):
            stack.extend(reversed([(v, f"{where}[{i}]") for i, v in enumerate(value)]))
    return None


def _unique_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """An object whose keys are all different: with a key twice, which value counts would
    be the parser's guess."""
    obj = dict(pairs)
    if len(obj) != len(pairs):
        keys = [key for key, _ in pairs]
        twice = next(key for i, key in enumerate(keys) if key in keys[:i])
        raise ValueError(f"key {twice!r} appears twice in one object")
    return obj


def _no_constants(text: str) -> float:
    raise ValueError(f"{text} is not allowed in JSON")


def loads(text: str | bytes, cls: type[T], *, source: str = "",
          max_bytes: int | None = None) -> T:
    """Parse JSON strictly into ``cls``. Malformed JSON names line and column; floats are
    refused; an input longer than ``max_bytes`` (default :data:`MAX_JSON_BYTES`) is refused
    before parsing."""
    limit = MAX_JSON_BYTES if max_bytes is None else max_bytes
    if len(text) > limit:
        raise InvalidInput(f"input is larger than {limit} bytes", source=source)
    floats: list[_Float] = []

    def keep_float(number: str) -> _Float:
        found = _Float(number)
        floats.append(found)
        return found

    try:
        data = json.loads(text, parse_float=keep_float, parse_constant=_no_constants,
                          object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            f"malformed JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})", source=source
        ) from None
    except ValueError as exc:
        message = str(exc)
        if "integer string conversion" in message:  # Python's limit on huge integers
            message = "a number has more than 4300 digits; no amount or quantity is that large"
        raise InvalidInput(message, source=source) from None
    except RecursionError:
        raise InvalidInput("JSON nested too deeply", source=source) from None
    if floats:
        where, number = _first_float(data) or ("$", str(floats[0]))
        raise InvalidInput(f"number {number} has a fraction or exponent; write amounts and "
                           "quantities as text (\"12.34\") or whole numbers", path=where,
                           source=source)
    return structure(data, cls, source=source)


from_json = loads


def roundtrip(obj: T) -> T:
    """``loads(dumps(obj))``: for tests of exact round trips."""
    cls: Any = type(obj)
    if isinstance(obj, _FUNDING_MEMBERS):
        cls = FundingModel
    elif isinstance(obj, _EVENT_MEMBERS):
        cls = CareEvent
    result: T = loads(dumps(obj), cls)
    return result
