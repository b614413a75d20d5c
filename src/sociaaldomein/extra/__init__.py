"""Optional integrations, imported only on request.

* :mod:`sociaaldomein.extra.frames` - caseloads, settlement lines, violations and
  indicators as polars DataFrames (extra ``frames``: polars and pyarrow);
* :mod:`sociaaldomein.extra.plots` - charts of the common views (extra ``plot``:
  matplotlib);
* :mod:`sociaaldomein.extra.istandaarden` - iWmo / iJw messages.

Importing these modules never fails; calling a function whose library is missing raises
:class:`MissingExtra`, which names the extra to install.
"""

from __future__ import annotations

__all__ = ["MissingExtra"]


class MissingExtra(ImportError):
    """An optional library is not installed; the message names the extra that brings it."""

    def __init__(self, library: str, extra: str, hint: str | None = None) -> None:
        super().__init__(
            f"{library} is not installed; "
            + (hint or f"install the '{extra}' extra: pip install 'sociaaldomein[{extra}]'")
        )
        self.library = library
        self.extra = extra
