"""The exception hierarchy of sociaaldomein.

Every error has a stable ``code`` (``SD-...``) that a municipal system can match on, and a
message a person can act on: it names what is wrong and where (file, key, path into the
input). Validation of plans and allocations does *not* raise: it returns
:class:`~sociaaldomein.Violation` objects so that all problems can be shown at once. These
exceptions are for things that cannot be constructed or loaded at all.
"""

from __future__ import annotations

import re

__all__ = [
    "AmbiguousDate",
    "BrokenPlugin",
    "Conflict",
    "DuplicatePolicy",
    "InvalidBSN",
    "InvalidInput",
    "InvalidValue",
    "MissingExtra",
    "MissingTariff",
    "MoneyError",
    "NoPolicy",
    "NotCovered",
    "ParameterError",
    "PeriodError",
    "PluginFailed",
    "PolicyError",
    "SettlementError",
    "SociaaldomeinError",
    "UnknownCode",
    "UnknownGrouping",
    "UnpricedAllocation",
    "UnsupportedApiVersion",
    "mask_bsns",
]

# nine digits standing alone (not part of a longer number): a candidate BSN
_NINE_DIGITS = re.compile(r"(?<![0-9])[0-9]{9}(?![0-9])")
_BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def _passes_11_proef(digits: str) -> bool:
    total = sum(int(d) * w for d, w in zip(digits, _BSN_WEIGHTS, strict=True))
    return total % 11 == 0 and digits != "000000000"


def mask_bsns(text: str) -> str:
    """``text`` with every nine-digit number that passes the 11-proef masked as a BSN is
    (``******302``): no message, log line or report shows a possible burgerservicenummer in
    full, wherever it was typed (a BSN in a date field, a BSN written as a float)."""
    if len(text) < 9:
        return text
    return _NINE_DIGITS.sub(
        lambda m: "******" + m.group()[-3:] if _passes_11_proef(m.group()) else m.group(), text)


class SociaaldomeinError(Exception):
    """Base of every error raised by sociaaldomein. ``code`` is stable across versions."""

    code: str = "SD-000"

    def __init__(self, message: str) -> None:
        message = mask_bsns(message)  # an error never shows a BSN in full
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class InvalidValue(SociaaldomeinError, ValueError):
    """A value that cannot exist: a negative volume, an empty name, an impossible code."""

    code = "SD-100"


class MoneyError(InvalidValue):
    """Money built from a float, mixed with a plain number, or split into no parts."""

    code = "SD-101"


class PeriodError(InvalidValue):
    """A period whose end is not after its start, or an impossible month."""

    code = "SD-110"


class AmbiguousDate(PeriodError):
    """Month arithmetic that would have to guess (31 January plus one month)."""

    code = "SD-111"


class NotCovered(SociaaldomeinError, LookupError):
    """A timeline asked for a date it holds no value for."""

    code = "SD-112"


class InvalidBSN(InvalidValue):
    """A burgerservicenummer that fails the 11-proef. The message never shows the number."""

    code = "SD-120"


class UnknownCode(SociaaldomeinError, LookupError):
    """A code (arrangement, municipality, unit, segment ...) that the catalog does not know."""

    code = "SD-130"


class UnknownGrouping(UnknownCode, KeyError):
    """A settlement grouping (``group_by``, ``where``, ``explain``) that does not exist; a
    ``KeyError`` too, as it always was."""

    code = "SD-131"


class InvalidInput(SociaaldomeinError, ValueError):
    """Input data (JSON, CSV, TOML) that cannot be read: malformed, wrong type, unknown key.

    ``path`` points into the input (``households[3].members[0].birth_date``) and ``source``
    names the file when there is one.
    """

    code = "SD-200"

    def __init__(self, message: str, *, path: str = "", source: str = "") -> None:
        where = ", ".join(p for p in (source, path and f"at {path}") if p)
        super().__init__(f"{where}: {message}" if where else message)
        self.path = path
        self.source = source


class ParameterError(InvalidInput):
    """A policy's parameter file (tariffs, members) is malformed: names file and key."""

    code = "SD-210"


class MissingTariff(SociaaldomeinError, LookupError):
    """No tariff for an arrangement in a contract year."""

    code = "SD-220"


class SettlementError(SociaaldomeinError):
    """Settlement cannot proceed: a case the policy names no rule for."""

    code = "SD-300"


class UnpricedAllocation(SettlementError, MissingTariff):
    """An allocation settlement cannot price: no tariff for its year (names allocation,
    year and file). Caught by ``except SettlementError`` and ``except MissingTariff``."""

    code = "SD-301"


class PolicyError(SociaaldomeinError):
    """Base of errors about finding or loading region policies."""

    code = "SD-400"


class NoPolicy(PolicyError, LookupError):
    """No region policy claims a municipality on a date."""

    code = "SD-401"


class Conflict(PolicyError):
    """Two policies (or two dialects) claim the same municipality on the same date."""

    code = "SD-402"


class DuplicatePolicy(PolicyError):
    """Two plugins register the same region code."""

    code = "SD-403"


class BrokenPlugin(PolicyError):
    """A plugin failed to load; names the distribution it came from."""

    code = "SD-404"


class PluginFailed(PolicyError):
    """A region's plugin failed while it ran: its ``settle`` or ``validate`` raised, or
    returned something that is not settlement lines or violations. ``failures`` names each
    region with its distribution; ``result`` holds what the other regions produced (a
    ``Settlement`` or a list of violations), so that it can still be written."""

    code = "SD-406"

    def __init__(self, failures: tuple[str, ...], result: object = None) -> None:
        super().__init__("; ".join(failures))
        self.failures = tuple(mask_bsns(f) for f in failures)
        self.result = result


class UnsupportedApiVersion(PolicyError):
    """A plugin was written for a policy API version this core does not support."""

    code = "SD-405"


class MissingExtra(SociaaldomeinError, ImportError):
    """An optional library is not installed; the message names the extra that brings it."""

    code = "SD-190"

    def __init__(self, library: str, extra: str, hint: str | None = None) -> None:
        super().__init__(
            f"{library} is not installed; "
            + (hint or f"install the '{extra}' extra: pip install 'sociaaldomein[{extra}]'")
        )
        self.library = library
        self.extra = extra
