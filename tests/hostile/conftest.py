"""Shared material of the hostile-input suite (issue 12): a small caseload to break in one
place at a time, and the command line run in-process."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sociaaldomein.cli.main import main
from sociaaldomein.io.files import write_caseload
from sociaaldomein.synth import generate

Cli = Callable[[list[str]], tuple[int, str, str]]
Edited = Callable[[Callable[[dict[str, Any]], object]], Path]


@pytest.fixture(scope="session")
def caseload_doc(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Four template-region households as JSON data; one allocation (index 1) is paid in
    2025-03, and validation finds nothing."""
    path = tmp_path_factory.mktemp("hostile") / "caseload.json"
    write_caseload(path, generate(seed=7, households=4, regions=["template"],
                                  breaches=False).caseload)
    doc: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return doc


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    """Exit code, stdout and stderr of the command line; never a traceback."""

    def run(args: list[str]) -> tuple[int, str, str]:
        code = main(args)
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        return code, out, err

    return run


@pytest.fixture
def edited(caseload_doc: dict[str, Any], tmp_path: Path) -> Edited:
    """The caseload, changed by a function of its JSON data, written to ``in.json``."""

    def write(edit: Callable[[dict[str, Any]], object]) -> Path:
        doc = copy.deepcopy(caseload_doc)
        edit(doc)
        path = tmp_path / "in.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        return path

    return write
