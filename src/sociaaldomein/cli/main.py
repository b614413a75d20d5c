"""The ``sociaaldomein`` command.

Every command treats its input as untrusted: a bad file gets a message naming file, line
or path and exit code 2; rule violations exit with 1; no command prints a traceback (an
unexpected internal error exits with 3 and a one-line message). Output files are written
atomically, so a failure never leaves a partial file.

Commands: ``demo``, ``validate``, ``settle``, ``explain``, ``compare``, ``synth``,
``policies``, ``new-policy``, ``schema``, ``messages`` and ``benchmark``; ``sociaaldomein COMMAND -h``
describes each.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import signal
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from sociaaldomein.errors import PluginFailed, SociaaldomeinError, mask_bsns

if TYPE_CHECKING:
    pass

__all__ = ["EXIT_BAD_INPUT", "EXIT_INTERNAL", "EXIT_OK", "EXIT_VIOLATIONS", "build_parser", "main"]

from sociaaldomein.cli.common import EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OK, EXIT_VIOLATIONS


# -- parser ------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    from sociaaldomein.cli import benchmark, caseload, demo, messages, regions, synth

    parser = argparse.ArgumentParser(
        prog="sociaaldomein",
        description="Model, validate and settle Wmo and youth care under each region's rules.",
        epilog="Exit codes: 0 ok, 1 rule violations, 2 unreadable input, 3 internal error.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for group in (demo, caseload, synth, regions, messages, benchmark):
        group.register(sub)
    return parser


def _warn_broken(command: str) -> None:
    """Name the plugins that failed to load, once the command has looked for regions: a
    region whose data file has an error would otherwise only show as "no region claims"."""
    from sociaaldomein.policy.registry import broken_if_loaded

    if command in ("policies", "demo"):
        return  # they list broken plugins themselves
    for broken in broken_if_loaded():
        print(f"warning: {broken.message}", file=sys.stderr)


class Terminated(BaseException):
    """SIGTERM, raised where the program is so that files being written are cleaned up."""


def _on_sigterm(_signum: int, _frame: object) -> None:
    raise Terminated


class _MaskedStream(io.TextIOBase):
    """A text stream that masks anything passing the 11-proef (``mask_bsns``) on its way to
    ``inner``: no message or log line shows a BSN in full."""

    def __init__(self, inner: TextIO) -> None:
        self.inner = inner

    def write(self, text: str) -> int:
        self.inner.write(mask_bsns(text))
        return len(text)

    def flush(self) -> None:
        self.inner.flush()

    def isatty(self) -> bool:
        return self.inner.isatty()

    def fileno(self) -> int:
        return self.inner.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.inner, "encoding", "utf-8")


_DATA_ON_STDOUT = frozenset({"settle", "schema", "messages", "synth"})
"""Commands whose standard output is data (lines, a schema, messages), written as it is."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    stderr = sys.stderr
    sys.stderr = _MaskedStream(stderr)  # argparse's messages too
    try:
        args = parser.parse_args(argv)
    finally:
        sys.stderr = stderr
    previous: object = None
    with contextlib.suppress(ValueError):  # only the main thread can handle signals
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
    sys.stderr = _MaskedStream(stderr)
    stdout = sys.stdout
    if args.command not in _DATA_ON_STDOUT:  # reports and tables: no BSN in full
        sys.stdout = _MaskedStream(stdout)
    try:
        result: int = args.func(args)
        return result
    except Terminated:
        print("terminated", file=sys.stderr)
        return 128 + signal.SIGTERM
    except PluginFailed as exc:
        for failure in exc.failures:
            print(f"error: [{exc.code}] {failure}", file=sys.stderr)
        return EXIT_INTERNAL
    except SociaaldomeinError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except ImportError as exc:  # a missing optional extra
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        # the reader of our output stopped early (`... | head`): nothing is wrong here
        with contextlib.suppress(OSError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:
        where = f" {exc.filename}" if exc.filename else ""
        print(f"error:{where}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except MemoryError:
        print("error: out of memory (is the input too large?)", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as exc:  # never a traceback for the user
        print(f"internal error: {type(exc).__name__}: {exc} (please report this)",
              file=sys.stderr)
        return EXIT_INTERNAL
    finally:
        with contextlib.suppress(Exception):  # a warning never hides the command's result
            _warn_broken(args.command)
        sys.stderr = stderr
        sys.stdout = stdout
        if previous is not None:
            with contextlib.suppress(ValueError, TypeError):
                signal.signal(signal.SIGTERM, previous)  # type: ignore[arg-type]


if __name__ == "__main__":
    raise SystemExit(main())
