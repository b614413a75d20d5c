"""Strict reading of parameter files (TOML) for policies.

Tariffs and other numbers live in data files beside a policy's code. They are read with the
standard library's ``tomllib`` (so dates are real dates) and then walked through
:class:`Params`, which names file and key in every error, refuses floats for money and
reports keys nobody asked for. Amounts are strings in euros (``"61.25"``) or integers in
cents.
"""

from __future__ import annotations

import datetime as dt
import enum
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import TypeVar

from sociaaldomein.errors import MoneyError, ParameterError, SociaaldomeinError
from sociaaldomein.model.money import Money

__all__ = ["MAX_PARAMETER_FILE_BYTES", "Params", "read_toml"]

MAX_PARAMETER_FILE_BYTES = 5_000_000
E = TypeVar("E", bound=enum.Enum)


def read_toml(path: Path | str) -> Params:
    """Read a TOML file strictly. Errors name the file (and line, for syntax errors)."""
    file = Path(path)
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise ParameterError(f"cannot read: {exc.strerror}", source=str(file)) from None
    if len(raw) > MAX_PARAMETER_FILE_BYTES:
        raise ParameterError(
            f"file is {len(raw)} bytes, more than the {MAX_PARAMETER_FILE_BYTES} allowed",
            source=str(file),
        )
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ParameterError("not UTF-8 text", source=str(file)) from None
    except tomllib.TOMLDecodeError as exc:
        raise ParameterError(f"not valid TOML: {exc}", source=str(file)) from None
    return Params(data, source=str(file))


def parse_toml_text(text: str, source: str = "<text>") -> Params:
    """Like :func:`read_toml`, for TOML already in memory."""
    try:
        return Params(tomllib.loads(text), source=source)
    except tomllib.TOMLDecodeError as exc:
        raise ParameterError(f"not valid TOML: {exc}", source=source) from None


class Params:
    """A TOML table being read: every accessor names file and key when the value is wrong.

    Call :meth:`done` after reading to refuse keys that were not read (typos, unknown
    cells).
    """

    def __init__(self, data: dict[str, object], *, source: str, path: str = "") -> None:
        self._data = data
        self._seen: set[str] = set()
        self.source = source
        self.path = path

    def _key(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def error(self, key: str, message: str) -> ParameterError:
        return ParameterError(message, source=self.source, path=self._key(key))

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._data))

    def has(self, key: str) -> bool:
        return key in self._data

    def keys(self) -> list[str]:
        return list(self._data)

    def _get(self, key: str) -> object:
        self._seen.add(key)
        if key not in self._data:
            raise self.error(key, "missing")
        return self._data[key]

    def raw(self, key: str) -> object:
        return self._get(key)

    def text(self, key: str) -> str:
        value = self._get(key)
        if not isinstance(value, str):
            raise self.error(key, f"must be text, got {type(value).__name__}")
        return value

    def opt_str(self, key: str) -> str | None:
        if self.has(key):
            return self.text(key)
        self._seen.add(key)
        return None

    def integer(self, key: str) -> int:
        value = self._get(key)
        if type(value) is not int:
            raise self.error(key, f"must be an integer, got {type(value).__name__}")
        return value

    def boolean(self, key: str, default: bool | None = None) -> bool:
        if default is not None and not self.has(key):
            self._seen.add(key)
            return default
        value = self._get(key)
        if type(value) is not bool:
            raise self.error(key, f"must be true or false, got {type(value).__name__}")
        return value

    def date(self, key: str) -> dt.date:
        value = self._get(key)
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            raise self.error(key, f"must be a date (YYYY-MM-DD, unquoted), got {value!r}")
        return value

    def opt_date(self, key: str) -> dt.date | None:
        if self.has(key):
            return self.date(key)
        self._seen.add(key)
        return None

    def money(self, key: str) -> Money:
        value = self._get(key)
        try:
            return Money.parse(value)
        except MoneyError as exc:
            raise self.error(key, exc.message) from None

    def opt_money(self, key: str) -> Money | None:
        if self.has(key):
            return self.money(key)
        self._seen.add(key)
        return None

    def enum(self, key: str, kind: type[E], default: E | None = None) -> E:
        if default is not None and not self.has(key):
            self._seen.add(key)
            return default
        value = self._get(key)
        for member in kind:
            if member.value == value:
                return member
        known = ", ".join(repr(m.value) for m in kind)
        raise self.error(key, f"unknown value {value!r}; known: {known}")

    def str_list(self, key: str, default: list[str] | None = None) -> list[str]:
        if default is not None and not self.has(key):
            self._seen.add(key)
            return default
        value = self._get(key)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.error(key, "must be a list of text")
        return list(value)

    def int_list(self, key: str, default: list[int] | None = None) -> list[int]:
        if default is not None and not self.has(key):
            self._seen.add(key)
            return default
        value = self._get(key)
        if not isinstance(value, list) or not all(type(v) is int for v in value):
            raise self.error(key, "must be a list of integers")
        return list(value)

    def table(self, key: str) -> Params:
        value = self._get(key)
        if not isinstance(value, dict):
            raise self.error(key, f"must be a table, got {type(value).__name__}")
        return Params(value, source=self.source, path=self._key(key))

    def opt_table(self, key: str) -> Params | None:
        if self.has(key):
            return self.table(key)
        self._seen.add(key)
        return None

    def tables(self, key: str) -> Iterator[Params]:
        """An array of tables (``[[key]]``); each names its index in errors."""
        value = self._get(key)
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.error(key, "must be an array of tables ([[...]])")
        for i, item in enumerate(value):
            yield Params(item, source=self.source, path=f"{self._key(key)}[{i}]")

    def done(self) -> None:
        """Raise for any key that was not read: unknown keys are errors, not ignored."""
        unknown = [k for k in self._data if k not in self._seen]
        if unknown:
            raise self.error(unknown[0], "unknown key")

    def wrap(self, key: str, exc: SociaaldomeinError) -> ParameterError:
        return self.error(key, exc.message)
