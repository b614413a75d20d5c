"""Reading and writing caseload files safely.

The caseload JSON format is an object::

    {"format": "sociaaldomein.caseload/1",
     "households": [...], "plans": [...], "allocations": [...], "events": [...]}

with each item in the stable JSON of its type (see :mod:`sociaaldomein.io.serialization`).
Reading is strict and bounded; writing goes to a temporary file in the same folder that is
renamed into place only when complete, so a failure never leaves a half-written file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

import attrs

from sociaaldomein.errors import InvalidInput, InvalidValue
from sociaaldomein.io.serialization import MAX_JSON_BYTES, dumps, loads
from sociaaldomein.model.caseload import Allocation, CareEvent, Caseload
from sociaaldomein.model.household import Household
from sociaaldomein.model.plan import Plan

__all__ = ["CASELOAD_FORMAT", "CaseloadFile", "atomic_write", "read_caseload", "write_caseload"]

CASELOAD_FORMAT = "sociaaldomein.caseload/1"


@attrs.frozen
class CaseloadFile:
    """The on-disk form of a caseload."""

    format: str
    households: tuple[Household, ...] = ()
    plans: tuple[Plan, ...] = ()
    allocations: tuple[Allocation, ...] = ()
    events: tuple[CareEvent, ...] = ()


def read_input_text(
    path: Path | str, *, max_bytes: int | None = None, encoding: str = "utf-8"
) -> str:
    """The text of an input file, read strictly: a missing, unreadable, too large, empty
    or non-UTF-8 file is an :class:`InvalidInput` naming the file. The size limit is
    :data:`MAX_JSON_BYTES` unless ``max_bytes`` is given."""
    file = Path(path)
    if max_bytes is None:
        max_bytes = MAX_JSON_BYTES
    try:
        size = file.stat().st_size
        if size > max_bytes:
            raise InvalidInput(f"file is {size} bytes; the limit is {max_bytes}",
                               source=str(file))
        raw = file.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"cannot read: {exc.strerror}", source=str(file)) from None
    if not raw.strip():
        raise InvalidInput("file is empty", source=str(file))
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        raise InvalidInput("not UTF-8 text", source=str(file)) from None


def read_caseload(path: Path | str) -> Caseload:
    """Read a caseload JSON file; :class:`InvalidInput` names the file and the path of the
    first problem."""
    file = Path(path)
    text = read_input_text(file)
    doc = loads(text, CaseloadFile, source=str(file))
    return caseload_from_file(doc, str(file))


def caseload_from_file(doc: CaseloadFile, source: str = "") -> Caseload:
    if doc.format != CASELOAD_FORMAT:
        raise InvalidInput(
            f"unknown format {doc.format!r}; expected {CASELOAD_FORMAT!r}", path="$.format",
            source=source,
        )
    try:
        return Caseload(doc.households, doc.plans, doc.allocations, doc.events)
    except InvalidValue as exc:
        raise InvalidInput(exc.message, source=source) from None


def caseload_json(caseload: Caseload) -> str:
    return dumps(CaseloadFile(CASELOAD_FORMAT, caseload.households, caseload.plans,
                              caseload.allocations, caseload.events))


def _mode_for(target: Path) -> int:
    """The permissions a plain write would give: those of the file replaced, or the
    default for a new file under the process umask (a temporary file is private)."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def atomic_write(path: Path | str, data: bytes) -> None:
    """Write ``data`` to ``path`` all at once: to a temporary file, then renamed."""
    target = Path(path)
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, "is a folder; name a file to write",
                                str(target))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:  # name the file asked for, not the temporary one
        raise type(exc)(exc.errno, f"cannot write: {exc.strerror or exc}",
                        str(target)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, _mode_for(target))
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise type(exc)(exc.errno, f"cannot write: {exc.strerror or exc}",
                            str(target)) from None
        raise


def write_caseload(path: Path | str, caseload: Caseload) -> None:
    atomic_write(path, (caseload_json(caseload) + "\n").encode("utf-8"))
