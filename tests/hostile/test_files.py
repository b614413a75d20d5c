"""Issue 12, items 7 and 8: a run that is interrupted leaves no temporary file and no
folder mixing two runs; no CSV the library writes holds a cell a spreadsheet would run."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sociaaldomein.cli.demo import DEMO_FILES
from sociaaldomein.cli.demo import run as run_demo
from sociaaldomein.errors import InvalidInput
from sociaaldomein.io import files
from sociaaldomein.io.files import atomic_write, replaced_folder
from sociaaldomein.io.tables import csv_cell, csv_text, read_csv_rows, write_csv

Cli = Callable[[list[str]], tuple[int, str, str]]
Edited = Callable[[Callable[[dict[str, Any]], object]], Path]

# -- item 7: signals ----------------------------------------------------------------------
_INTERRUPTED = """
import os, signal, sys
from sociaaldomein.cli.main import main
from sociaaldomein.io import files
real = files.os.fsync
def fsync(fd):  # the signal arrives while the output is being written
    if sys.argv[1] == "fsync":
        os.kill(os.getpid(), getattr(signal, sys.argv[2]))
    return real(fd)
files.os.fsync = fsync
real_mkstemp = files.tempfile.mkstemp
def mkstemp(**kw):  # the signal arrives while the temporary file is created
    found = real_mkstemp(**kw)
    if sys.argv[1] == "mkstemp":
        os.kill(os.getpid(), getattr(signal, sys.argv[2]))
    return found
files.tempfile.mkstemp = mkstemp
sys.exit(main(sys.argv[3:]))
"""


@pytest.mark.parametrize("when", ["fsync", "mkstemp"])
@pytest.mark.parametrize(("name", "code"), [("SIGTERM", 143), ("SIGINT", 130)])
def test_a_signal_during_settle_output_leaves_no_temporary_file(
        edited: Edited, tmp_path: Path, when: str, name: str, code: int) -> None:
    source = edited(lambda _doc: None)
    target = tmp_path / "lines.json"
    target.write_text("earlier output\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", _INTERRUPTED, when, name, "settle", str(source),
         "--month", "2025-03", "--output", str(target)],
        capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.json", "lines.json"]
    assert target.read_text(encoding="utf-8") == "earlier output\n"


def test_atomic_write_cleans_up_on_any_interruption(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(_fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(tmp_path / "out.json", b"{}")
    assert list(tmp_path.iterdir()) == []


def test_a_signal_is_held_while_the_temporary_file_is_made(tmp_path: Path) -> None:
    # SIGINT sent inside the held section arrives after it, when the name is known
    caught: list[int] = []
    try:
        with files._signals_held():
            os.kill(os.getpid(), signal.SIGINT)
            caught.append(1)  # still running: the signal waits
    except KeyboardInterrupt:
        caught.append(2)
    assert caught == [1, 2]


# -- item 7: the demo writes one whole run ------------------------------------------------
def _old_run(folder: Path) -> None:
    folder.mkdir()
    (folder / "summary.json").write_text('{"old": true}\n', encoding="utf-8")
    (folder / "monthly_spend.png").write_bytes(b"old")


def test_an_interrupted_demo_leaves_the_previous_run_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    output = tmp_path / "out"
    _old_run(output)
    from sociaaldomein.analysis import frames

    def interrupted(*_args: object, **_kwargs: object) -> Path:
        raise KeyboardInterrupt  # half-way through writing the run

    monkeypatch.setattr(frames, "write_parquet_rows", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run_demo(households=12, seed=3, output=output, plain=True,
                 stream=open(os.devnull, "w"), progress_stream=open(os.devnull, "w"))  # noqa: SIM115
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no half run beside it
    assert sorted(p.name for p in output.iterdir()) == ["monthly_spend.png", "summary.json"]
    assert (output / "summary.json").read_text(encoding="utf-8") == '{"old": true}\n'


def test_a_demo_run_replaces_the_whole_folder(tmp_path: Path) -> None:
    output = tmp_path / "out"
    _old_run(output)
    with open(os.devnull, "w") as sink:
        result = run_demo(households=12, seed=3, output=output, plain=True, stream=sink,
                          progress_stream=sink)
    names = {p.name for p in output.iterdir()}
    assert names <= DEMO_FILES
    assert {"summary.json", "settlement_lines.json", "caseload.json"} <= names
    assert '"old"' not in (output / "summary.json").read_text(encoding="utf-8")
    assert all(f.parent == output for f in result.files)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_replaced_folder_refuses_a_folder_with_other_files(tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"mine\.txt.*name a new or empty folder"), \
            replaced_folder(tmp_path, DEMO_FILES):
        pass
    assert (tmp_path / "mine.txt").read_text(encoding="utf-8") == "keep me"


def test_demo_finds_an_unwritable_output_before_settling(
        tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    from sociaaldomein.cli import demo

    def never(*_args: object, **_kwargs: object) -> object:
        raise AssertionError("settled before checking the output folder")

    monkeypatch.setattr(demo, "generate", never)
    code, _, err = cli(["demo", "--plain", "--households", "5", "--output",
                        str(blocker / "out")])
    assert code == 2
    assert str(blocker / "out") in err


# -- item 8: formula injection --------------------------------------------------------------
EVIL = '=HYPERLINK("http://evil","x")'


@pytest.mark.parametrize("text", [EVIL, "+1+2", "-2+3", "@SUM(A1)", "\tx", "\rx", "'=x",
                                  "''=x"])
def test_formula_text_is_neutralised_and_reads_back(text: str) -> None:
    written = csv_cell(text)
    assert isinstance(written, str) and written.startswith("'")
    assert csv_text(written) == text


@pytest.mark.parametrize("text", ["-12.50", "+3", "plain", "'quoted", ""])
def test_harmless_text_is_kept(text: str) -> None:
    assert csv_cell(text) == text
    assert csv_text(text) == text


def test_settle_csv_output_neutralises_a_provider_name(
        edited: Edited, tmp_path: Path, cli: Cli) -> None:
    source = edited(lambda d: d["allocations"][1].update(provider=EVIL))
    target = tmp_path / "lines.csv"
    code, _, err = cli(["settle", str(source), "--month", "2025-03", "--output", str(target)])
    assert code == 0, err
    with target.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["provider"] for r in rows] == ["'" + EVIL]
    cells = [cell for row in rows for cell in row.values()]
    assert not any(c.startswith(("=", "+", "@", "\t", "\r")) for c in cells)
    assert all(not c.startswith("-") or c.lstrip("-").replace(".", "").isdigit() for c in cells)


def test_caseload_tables_neutralise_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    write_csv(path, ("a", "b"), [{"a": EVIL, "b": "-5"}, {"a": "@x", "b": None}])
    raw = path.read_text(encoding="utf-8").splitlines()
    assert raw[1].startswith("\"'=HYPERLINK")
    assert raw[2].startswith("'@x")
    _, rows = read_csv_rows(path)
    assert rows == [{"a": EVIL, "b": "-5"}, {"a": "@x", "b": ""}]
