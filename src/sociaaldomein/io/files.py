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
import shutil
import signal
import stat
import tempfile
import threading
import time
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import Any

import attrs

from sociaaldomein.errors import InvalidInput, InvalidValue
from sociaaldomein.io.serialization import dumps, loads
from sociaaldomein.model.caseload import Allocation, CareEvent, Caseload
from sociaaldomein.model.household import Household
from sociaaldomein.model.limits import DEFAULT_MAX_INPUT_BYTES
from sociaaldomein.model.plan import Plan

__all__ = [
    "CASELOAD_FORMAT",
    "CaseloadFile",
    "atomic_write",
    "read_bounded",
    "read_caseload",
    "refuse_output_over_input",
    "replaced_folder",
    "same_file",
    "write_caseload",
]

CASELOAD_FORMAT = "sociaaldomein.caseload/1"


@attrs.frozen
class CaseloadFile:
    """The on-disk form of a caseload."""

    format: str
    households: tuple[Household, ...] = ()
    plans: tuple[Plan, ...] = ()
    allocations: tuple[Allocation, ...] = ()
    events: tuple[CareEvent, ...] = ()


def _check_limit(max_bytes: object) -> int:
    if type(max_bytes) is not int or max_bytes < 1:
        raise InvalidValue(f"max_bytes must be a whole number of bytes of at least 1, got "
                           f"{max_bytes!r:.40}")
    return max_bytes


def read_bounded(path: Path | str, max_bytes: int | None = None) -> bytes:
    """The bytes of a file, read with a bound: at most ``max_bytes`` (default
    :data:`~sociaaldomein.model.limits.DEFAULT_MAX_INPUT_BYTES`) are read whatever the file is (a
    regular file, a FIFO, a pipe, a device), and a file with more is an
    :class:`InvalidInput` naming it. A regular file is measured first, so a too large one
    is refused without reading it."""
    file = Path(path)
    limit = _check_limit(DEFAULT_MAX_INPUT_BYTES if max_bytes is None else max_bytes)
    too_large = (f"file is larger than the limit of {limit:,} bytes (raise it with "
                 "--max-input-size, or max_bytes in the library)")
    try:
        with open(file, "rb") as handle:
            info = os.fstat(handle.fileno())
            if stat.S_ISREG(info.st_mode) and info.st_size > limit:
                raise InvalidInput(f"file is {info.st_size:,} bytes; the limit is {limit:,} "
                                   "(raise it with --max-input-size, or max_bytes in the "
                                   "library)", source=str(file))
            chunks: list[bytes] = []
            size = 0
            while size <= limit:  # whatever stat says: a FIFO or /proc file claims 0 bytes
                chunk = handle.read(min(1 << 20, limit + 1 - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
    except OSError as exc:
        raise InvalidInput(f"cannot read: {exc.strerror or exc}", source=str(file)) from None
    if size > limit:
        raise InvalidInput(too_large, source=str(file))
    return b"".join(chunks)


def read_input_text(
    path: Path | str, *, max_bytes: int | None = None, encoding: str = "utf-8"
) -> str:
    """The text of an input file, read strictly and with a bound (:func:`read_bounded`): a
    missing, unreadable, too large, empty or non-UTF-8 file is an :class:`InvalidInput`
    naming the file. The size limit is
    :data:`~sociaaldomein.model.limits.DEFAULT_MAX_INPUT_BYTES` unless ``max_bytes`` is given."""
    file = Path(path)
    raw = read_bounded(file, max_bytes)
    if not raw.strip():
        raise InvalidInput("file is empty", source=str(file))
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        raise InvalidInput("not UTF-8 text", source=str(file)) from None


def read_caseload(path: Path | str, *, max_bytes: int | None = None) -> Caseload:
    """Read a caseload JSON file; :class:`InvalidInput` names the file and the path of the
    first problem. A file larger than ``max_bytes`` (default 200 MB) is refused, read
    with a bound whatever the file is."""
    file = Path(path)
    limit = _check_limit(DEFAULT_MAX_INPUT_BYTES if max_bytes is None else max_bytes)
    text = read_input_text(file, max_bytes=limit)
    doc = loads(text, CaseloadFile, source=str(file), max_bytes=limit)
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


def same_file(first: Path | str, second: Path | str) -> bool:
    """Whether two paths name one file: the same path, or through a symbolic or hard link
    (same device and inode). A path that does not exist is no other file."""
    try:
        return os.path.samefile(first, second)
    except (OSError, ValueError):
        return False


def refuse_output_over_input(output: Path | str | None, inputs: dict[str, Path | str | None],
                             option: str = "--output") -> None:
    """Refuse to write ``output`` when it is one of ``inputs`` (named by role, e.g.
    ``{"caseload": path}``), also through a link: the run would replace what it reads."""
    if output is None:
        return
    for role, path in inputs.items():
        if path is not None and same_file(output, path):
            raise InvalidInput(f"{option} {output} is the {role} file this command reads "
                               f"({path}); write the output to another file",
                               source=str(output))


def _mode_for(target: Path) -> int:
    """The permissions a plain write would give: those of the file replaced, or the
    default for a new file under the process umask (a temporary file is private)."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """SIGINT and SIGTERM held back (raised again on leaving, to their own handlers): a
    temporary file is created and its name kept with no moment in between at which a
    signal could leave it behind. Only the main thread handles signals; elsewhere this
    holds nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pending: list[int] = []

    def hold(signum: int, _frame: object) -> None:
        pending.append(signum)

    previous: dict[int, Any] = {}
    try:
        for held in (signal.SIGINT, signal.SIGTERM):
            if signal.getsignal(held) is not None:  # None: set outside Python, left alone
                previous[held] = signal.signal(held, hold)
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        for signum in pending:
            signal.raise_signal(signum)


def _fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (where the system can open a folder)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def atomic_write(path: Path | str, data: bytes) -> None:
    """Write ``data`` to ``path`` all at once: to a temporary file in the same folder,
    flushed to disk, then renamed into place (and the rename flushed). Whatever happens,
    SIGINT or SIGTERM included (the command line turns SIGTERM into an exception), the
    temporary file does not stay behind."""
    target = Path(path)
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, "is a folder; name a file to write",
                                str(target))
    tmp: str | None = None
    fd: int | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with _signals_held():
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                       suffix=".tmp")
        handle = os.fdopen(fd, "wb")
        fd = None  # the handle owns it now
        with handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, _mode_for(target))
        os.replace(tmp, target)
        tmp = None
        _fsync_folder(target.parent)
    except BaseException as exc:
        if fd is not None:
            with contextlib.suppress(OSError):
                os.close(fd)
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        if isinstance(exc, OSError):  # name the file asked for, not the temporary one
            raise type(exc)(exc.errno, f"cannot write: {exc.strerror or exc}",
                            str(target)) from None
        raise


@contextlib.contextmanager
def replaced_folder(folder: Path | str, owned: Collection[str]) -> Iterator[Path]:
    """A new, empty folder beside ``folder`` to write a whole run into. Leaving the block
    without an error puts it in the place of ``folder`` (the old one is removed), so
    ``folder`` always holds one whole run, never new files mixed with old ones; on an error
    or a signal the new folder is removed and ``folder`` is left as it was.

    An existing ``folder`` may hold only the files named in ``owned`` (and temporary files
    of an interrupted write): anything else is an :class:`InvalidInput`, as replacing the
    folder would remove it. The new folder is made on entry, so a folder that cannot be
    written is found before any work is done."""
    target = Path(folder)
    if target.exists() and not target.is_dir():
        raise InvalidInput("names a file; a folder of results is written here",
                           source=str(target))
    if target.is_dir():
        foreign = sorted(p.name for p in target.iterdir()
                         if p.name not in owned and not (p.name.startswith(".")
                                                         and p.name.endswith(".tmp")))
        if foreign:
            shown = ", ".join(foreign[:5]) + (", ..." if len(foreign) > 5 else "")
            raise InvalidInput(f"the folder holds files this command does not write "
                               f"({shown}); it replaces the whole folder, so name a new or "
                               "empty folder", source=str(target))
    parent = target.resolve().parent
    stage: Path | None = None
    try:
        parent.mkdir(parents=True, exist_ok=True)
        with _signals_held():
            stage = Path(tempfile.mkdtemp(dir=parent, prefix=f".{target.name}.new-"))
    except OSError as exc:
        raise type(exc)(exc.errno, f"cannot write: {exc.strerror or exc}", str(target)
                        ) from None
    try:
        os.chmod(stage, 0o777 & ~_umask())
        yield stage
        _swap_in(stage, target.resolve())
        stage = None
    finally:
        if stage is not None:
            shutil.rmtree(stage, ignore_errors=True)


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def _swap_in(stage: Path, target: Path) -> None:
    """Put the folder ``stage`` in the place of ``target``."""
    for file in stage.iterdir():
        with contextlib.suppress(OSError):
            fd = os.open(file, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
    if not target.exists():
        os.rename(stage, target)
        _fsync_folder(target.parent)
        return
    old = target.parent / f".{target.name}.old-{os.getpid()}-{time.monotonic_ns()}"
    with _signals_held():  # no signal between the two renames
        os.rename(target, old)
        try:
            os.rename(stage, target)
        except BaseException:
            os.rename(old, target)
            raise
    _fsync_folder(target.parent)
    shutil.rmtree(old, ignore_errors=True)


def write_caseload(path: Path | str, caseload: Caseload, *, max_bytes: int | None = None) -> None:
    """Write a caseload JSON file atomically. A caseload whose JSON would be larger than
    ``max_bytes`` (default 200 MB, the reader's limit) is refused: :func:`read_caseload`
    would refuse the file. Write tables instead
    (:func:`sociaaldomein.extra.frames.write_caseload_table`, Parquet is the smallest)."""
    limit = _check_limit(DEFAULT_MAX_INPUT_BYTES if max_bytes is None else max_bytes)
    data = (caseload_json(caseload) + "\n").encode("utf-8")
    if len(data) > limit:
        raise InvalidInput(f"the caseload JSON would be {len(data):,} bytes, more than the "
                           f"reader's limit of {limit:,}; write it as Parquet tables "
                           "(synth --format parquet) or CSV tables (--format csv)",
                           source=str(path))
    atomic_write(path, data)
