"""Violations: what validation returns instead of raising on the first problem."""

from __future__ import annotations

import enum

import attrs

from sociaaldomein.errors import mask_bsns
from sociaaldomein.model.provenance import Ref

__all__ = ["Severity", "Violation"]


class Severity(enum.Enum):
    ERROR = "error"
    """The input breaks a rule: it may not be decided or paid like this."""
    WARNING = "warning"
    """The input goes against a principle or looks wrong; a person should look."""


def _masked(message: str) -> str:
    return mask_bsns(message) if isinstance(message, str) else message


@attrs.frozen
class Violation:
    """A broken rule: a stable ``code``, a message that names what and where, the ``path``
    into the input (``allocations[A-17].period``) and the clause (``ref``) it comes from."""

    code: str
    severity: Severity
    message: str = attrs.field(converter=_masked)
    """Shows no BSN in full: nine digits passing the 11-proef are masked (``******302``)."""
    path: str
    ref: Ref

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        return f"{self.severity.value} {self.code} at {self.path}: {self.message} ({self.ref.cite()})"
