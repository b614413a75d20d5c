"""Constructors that check what they are given.

Every public class of the model is a frozen attrs class whose fields are annotated. A
value of the wrong type used to be stored as it was and fail later, far from its cause
(``Person("p1", "1990-01-01")`` broke at the first age computed, with an
``AttributeError``). :func:`install` gives each class of a module a constructor that checks
every field against its annotation after the class's own converters ran, and turns any
other failure of construction (a raw ``TypeError``, ``OverflowError``, ``ValueError`` of
the standard library) into the library's :class:`~sociaaldomein.errors.InvalidValue`
(code SD-100), naming class and field.

:func:`as_tuple` and :func:`as_frozenset` are the converters of collection fields: text or
a mapping where a list or set belongs is refused instead of being read as its characters
or its keys.
"""

from __future__ import annotations

import collections.abc as cabc
import datetime as dt
import enum
import functools
import itertools
import sys
import types
import typing
from collections.abc import Callable, Iterable
from decimal import Decimal
from fractions import Fraction

import attrs

from sociaaldomein.errors import InvalidValue, SociaaldomeinError

__all__ = ["as_frozenset", "as_tuple", "install"]

T = typing.TypeVar("T")

Check = Callable[[object], bool]


def _refuse_text_and_mappings(value: object, what: str) -> None:
    if isinstance(value, str | bytes | cabc.Mapping):
        shown = "text" if isinstance(value, str | bytes) else "a mapping"
        raise InvalidValue(f"expected {what} of items, got {shown} {_short(value)}; "
                           "text would be read as its characters and a mapping as its keys")
    if not isinstance(value, cabc.Iterable):
        raise InvalidValue(f"expected {what} of items, got {type(value).__name__} "
                           f"{_short(value)}")


def as_tuple(value: Iterable[T]) -> tuple[T, ...]:
    """A tuple of the items of ``value``; text or a mapping is refused (InvalidValue)."""
    if type(value) is tuple:
        return value
    _refuse_text_and_mappings(value, "a list")
    return tuple(value)


def as_frozenset(value: Iterable[T]) -> frozenset[T]:
    """A frozenset of the items of ``value``; text or a mapping is refused (InvalidValue)."""
    if type(value) is frozenset:
        return value
    _refuse_text_and_mappings(value, "a set or list")
    return frozenset(value)


def _short(value: object) -> str:
    try:
        text = repr(value)
    except Exception:  # a hostile __repr__
        return f"<{type(value).__name__}>"
    return text if len(text) <= 60 else text[:57] + "..."


# -- checks derived from annotations ------------------------------------------------------
# A check is a tuple of types (a plain isinstance, the fast path) or a predicate.
Judge = tuple[type, ...] | Check

def _any(_value: object) -> bool:
    return True


def _passes(check: Judge, value: object) -> bool:
    if isinstance(check, tuple):  # the fast path
        return isinstance(value, check)
    return check(value)


def _all_pass(check: Judge, values: Iterable[object]) -> bool:
    if isinstance(check, tuple):  # isinstance over the items, at C speed
        return all(map(isinstance, values, itertools.repeat(check)))
    return all(map(check, values))


def _plain(kind: type) -> Judge:
    if kind is int:
        return lambda v: type(v) is int
    if kind is bool:
        return lambda v: type(v) is bool
    if kind is float:
        return lambda v: isinstance(v, float | int) and not isinstance(v, bool)
    if kind is dt.date:
        return lambda v: isinstance(v, dt.date) and not isinstance(v, dt.datetime)
    if kind in (Decimal, Fraction):
        return lambda v: isinstance(v, kind) and v == v  # NaN is refused
    return (kind,)


def _checker(annotation: object) -> Judge:
    """A check of values of ``annotation``; what it cannot judge passes."""
    if annotation is typing.Any or annotation is object:
        return _any
    if annotation is None or annotation is type(None):
        return (type(None),)
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        checks = [_checker(a) for a in args]
        plain = [c for c in checks if isinstance(c, tuple)]
        if len(plain) == len(checks):  # plain types: one isinstance
            return tuple(t for c in plain for t in c)
        return lambda v: any(_passes(c, v) for c in checks)
    if origin is typing.Literal:
        return lambda v: any(type(v) is type(a) and v == a for a in args)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            item = _checker(args[0])
            if item is _any:
                return (tuple,)
            return lambda v: isinstance(v, tuple) and _all_pass(item, v)
        if args and args != ((),):
            items = [_checker(a) for a in args]
            return lambda v: (isinstance(v, tuple) and len(v) == len(items)
                              and all(_passes(c, x) for c, x in zip(items, v, strict=True)))
        return (tuple,)
    if origin in (frozenset, set, cabc.Set):
        item = _checker(args[0]) if args else _any
        return lambda v: isinstance(v, cabc.Set) and _all_pass(item, v)
    if origin in (dict, cabc.Mapping):
        key, val = (_checker(args[0]), _checker(args[1])) if len(args) == 2 else (_any, _any)
        return lambda v: (isinstance(v, cabc.Mapping)
                          and all(_passes(key, k) and _passes(val, x) for k, x in v.items()))
    if origin in (list, cabc.Sequence):
        item = _checker(args[0]) if args else _any
        return lambda v: (isinstance(v, cabc.Sequence) and not isinstance(v, str | bytes)
                          and all(_passes(item, x) for x in v))
    if origin is not None:
        return _any  # Callable[...], type[...] and other generics are not judged
    if isinstance(annotation, type):
        if getattr(annotation, "_is_protocol", False):
            return _any
        if issubclass(annotation, enum.Enum) or annotation.__module__ != "typing":
            return _plain(annotation)
    return _any


def _described(annotation: object) -> str:
    """An annotation in words: ``date``, ``Period or None``, ``a tuple of Person``."""
    if annotation is None or annotation is type(None):
        return "None"
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_described(a) for a in args)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return f"a tuple of {_described(args[0])}"
    if origin in (frozenset, set):
        return f"a set of {_described(args[0])}" if args else "a set"
    if isinstance(annotation, type):
        return annotation.__name__
    return str(annotation).replace("typing.", "")


def _field_checks(cls: type) -> list[tuple[str, Judge, str]]:
    """(field, check, expected) per field of ``cls`` whose annotation resolves."""
    module = sys.modules.get(cls.__module__)
    namespace = dict(vars(module)) if module is not None else {}
    out: list[tuple[str, Judge, str]] = []
    for field in attrs.fields(cls):
        annotation: object = field.type
        if isinstance(annotation, str):
            try:
                annotation = eval(annotation, namespace)
            except Exception:  # a name imported only for type checkers: not judged
                continue
        if annotation is None and field.type is None:
            continue
        check = _checker(annotation)
        if check is not _any:
            out.append((field.name, check, _described(annotation)))
    return out


def _wrong_field(cls: type, obj: object) -> str | None:
    for name, check, expected in _checks_of(cls):
        value = getattr(obj, name, None)
        if isinstance(check, tuple):  # _passes, inlined: this runs for every object made
            if isinstance(value, check):
                continue
        elif check(value):
            continue
        return (f"{cls.__name__}.{name} must be {expected}, got "
                f"{type(value).__name__} {_short(value)}")
    return None


@functools.cache
def _checks_of(cls: type) -> list[tuple[str, Judge, str]]:
    return _field_checks(cls)


_RAW = (TypeError, ValueError, AttributeError, OverflowError, ArithmeticError, LookupError)


def _checked_init(cls: type, init: Callable[..., None]) -> Callable[..., None]:
    @functools.wraps(init)
    def __init__(self: object, *args: object, **kwargs: object) -> None:  # noqa: N807
        try:
            init(self, *args, **kwargs)
        except SociaaldomeinError:
            raise
        except _RAW as exc:
            raise InvalidValue(f"{cls.__name__}: {_argument_problem(cls, args, kwargs) or exc}"
                               ) from None
        problem = _wrong_field(cls, self)
        if problem is not None:
            raise InvalidValue(problem)

    __init__.__sociaaldomein_checked__ = True  # type: ignore[attr-defined]
    return __init__


def _argument_problem(cls: type, args: tuple[object, ...], kwargs: dict[str, object]) -> str | None:
    """The first argument whose type does not fit its field, for a constructor that failed."""
    given = dict(zip((f.name for f in attrs.fields(cls) if f.init), args, strict=False))
    given.update({k.lstrip("_"): v for k, v in kwargs.items()})
    for name, check, expected in _checks_of(cls):
        if name in given and not _passes(check, given[name]):
            value = given[name]
            return f"{name} must be {expected}, got {type(value).__name__} {_short(value)}"
    return None


def install(*modules: types.ModuleType, skip: Iterable[type] = ()) -> None:
    """Give every attrs class defined in ``modules`` a checking constructor (once).
    ``skip`` names classes whose own validators check every field already (the hot ones:
    ``Money``, ``Month``, ``Period``), so they are not checked twice."""
    skipped = set(skip)
    for module in modules:
        for value in list(vars(module).values()):
            if (isinstance(value, type) and attrs.has(value) and value not in skipped
                    and value.__module__ == module.__name__
                    and not getattr(value.__init__, "__sociaaldomein_checked__", False)):
                setattr(value, "__init__", _checked_init(value, value.__init__))  # noqa: B010
