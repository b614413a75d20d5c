"""The command line: exit codes, untrusted input, output formats, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sociaaldomein.cli.main import EXIT_BAD_INPUT, EXIT_OK, EXIT_VIOLATIONS, main
from sociaaldomein.io.files import write_caseload
from sociaaldomein.synth import Synthetic, generate


@pytest.fixture(scope="module")
def clean_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A caseload without breaches, one region only (H4 when installed)."""
    from sociaaldomein import default_registry

    codes = default_registry().codes()
    region = "h4" if "h4" in codes else codes[0]
    path = tmp_path_factory.mktemp("cli") / "clean.json"
    write_caseload(path, generate(seed=5, households=30, regions=[region], breaches=False).caseload)
    return path


@pytest.fixture(scope="module")
def broken_file(tmp_path_factory: pytest.TempPathFactory, synthetic: Synthetic) -> Path:
    path = tmp_path_factory.mktemp("cli") / "broken.json"
    write_caseload(path, synthetic.caseload)
    return path


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_validate_clean_is_0(clean_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(["validate", str(clean_file)], capsys)
    assert code == EXIT_OK
    assert "0 error(s)" in err


def test_validate_lists_all_violations_and_exits_1(
        broken_file: Path, synthetic: Synthetic, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["validate", str(broken_file), "--format", "json"], capsys)
    assert code == EXIT_VIOLATIONS
    rows = json.loads(out)
    assert {b.household for b in synthetic.breaches} <= {r["household"] for r in rows}
    assert all(r["clause"] and r["code"] for r in rows)


BAD_INPUTS = {
    "malformed.json": ('{"format": "sociaaldomein.caseload/1", "households": [', "line 1"),
    "wrongtype.json": ('{"format": "sociaaldomein.caseload/1", "households": 3}', "households"),
    "unknownkey.json": ('{"format": "sociaaldomein.caseload/1", "colour": "red"}', "colour"),
    "float.json": ('{"format": "sociaaldomein.caseload/1", "households": [{"id": "h", '
                   '"municipality": {"code": "0603", "name": "R"}, "members": [{"id": "p", '
                   '"birth_date": 1.5}]}]}', "1.5"),
    "badformat.json": ('{"format": "other/9"}', "format"),
    "empty.json": ("", "empty"),
    "array.json": ("[1, 2]", "expected an object"),
    "nested.json": ('{"format": "sociaaldomein.caseload/1", "households": [[]]}',
                    "households[0]"),
    "baddate.json": ('{"format": "sociaaldomein.caseload/1", "households": [{"id": "h", '
                     '"municipality": {"code": "0603", "name": "R"}, "members": [{"id": "p", '
                     '"birth_date": "1950-02-30"}]}]}', "members[0].birth_date"),
    "unknownref.json": ('{"format": "sociaaldomein.caseload/1", "allocations": [{"id": "a", '
                        '"household_id": "nope", "client_id": "p", "arrangement": "x", '
                        '"provider": "P", "period": {"start": "2020-01-01", '
                        '"end": "2020-02-01"}}]}', "unknown household"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_is_2_with_file_and_place(name: str, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    text, where = BAD_INPUTS[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    for command in (["validate", str(path)], ["settle", str(path), "--month", "2020-01"]):
        code, _out, err = run(command, capsys)
        assert code == EXIT_BAD_INPUT
        assert str(path) in err and where in err, err


def test_missing_and_huge_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["validate", str(tmp_path / "nope.json")], capsys)
    assert code == EXIT_BAD_INPUT and "cannot read" in err
    big = tmp_path / "big.json"
    big.write_text(" " * 500 + "{}", encoding="utf-8")
    code, _, err = run(["validate", str(big), "--max-input-size", "100"], capsys)
    assert code == EXIT_BAD_INPUT and "502 bytes; the limit is 100" in err
    assert run(["validate", str(big), "--max-input-size", "1k"], capsys)[1] == ""


def test_settle_formats(clean_file: Path, tmp_path: Path,
                        capsys: pytest.CaptureFixture[str]) -> None:
    """JSON to stdout, CSV and Parquet to files; the three agree to the cent."""
    month = _a_month(clean_file)
    code, out, _ = run(["settle", str(clean_file), "--month", month], capsys)
    assert code == EXIT_OK
    rows = json.loads(out)
    assert rows and all(r["month"] == month and r["rule"] and r["clause"] for r in rows)
    total = sum(r["amount_cents"] for r in rows if r["flow"] == "to_provider")
    csv_path = tmp_path / "lines.csv"
    assert run(["settle", str(clean_file), "--month", month, "--output", str(csv_path)],
               capsys)[0] == EXIT_OK
    import csv

    with csv_path.open(encoding="utf-8") as handle:
        csv_rows = list(csv.DictReader(handle))
    assert sum(int(r["amount_cents"]) for r in csv_rows if r["flow"] == "to_provider") == total
    polars = pytest.importorskip("polars")
    pq = tmp_path / "lines.parquet"
    assert run(["settle", str(clean_file), "--month", month, "--output", str(pq)],
               capsys)[0] == EXIT_OK
    frame = polars.read_parquet(pq)
    assert frame.filter(polars.col("flow") == "to_provider")["amount_cents"].sum() == total


def test_settle_parquet_needs_a_file(clean_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["settle", str(clean_file), "--month", "2018-03", "--format", "parquet"],
                       capsys)
    assert code == EXIT_BAD_INPUT and "--output" in err


def test_failed_write_leaves_no_file(clean_file: Path, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    """A month that cannot be parsed fails before anything is written."""
    target = tmp_path / "lines.json"
    code, _, err = run(["settle", str(clean_file), "--month", "2018-13", "--output",
                        str(target)], capsys)
    assert code == EXIT_BAD_INPUT and "month" in err
    assert list(tmp_path.iterdir()) == []


def _a_month(path: Path) -> str:
    data = json.loads(path.read_text("utf-8"))
    starts = sorted(str(a["period"]["start"]) for a in data["allocations"])
    return starts[len(starts) // 2][:7]


def test_explain_names_rule_and_clause(clean_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    month = _a_month(clean_file)
    code, out, _ = run(["explain", str(clean_file), "--month", month], capsys)
    assert code == EXIT_OK
    assert out.startswith("Total for all lines: €")
    assert "(rule " in out and "§" in out


def test_compare_two_regions(clean_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from sociaaldomein import default_registry

    codes = [c for c in default_registry().codes() if c != "template"][:2]
    if len(codes) < 2:
        pytest.skip("needs two regions")
    code, out, _ = run(["compare", str(clean_file), *codes, "--format", "json"], capsys)
    assert code == EXIT_OK
    data = json.loads(out)
    total = next(r for r in data["rows"] if r["care_kind"] == "total")
    parts = [r for r in data["rows"] if r["care_kind"] != "total"]
    for region in codes:
        assert total["paid_cents"][region] == sum(r["paid_cents"][region] for r in parts)
        assert total["paid_cents"][region] > 0


def test_synth_and_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "synth.json"
    assert run(["synth", "--households", "12", "--output", str(target)], capsys)[0] == EXIT_OK
    assert json.loads(target.read_text("utf-8"))["format"] == "sociaaldomein.caseload/1"
    assert run(["validate", str(target)], capsys)[0] in (EXIT_OK, EXIT_VIOLATIONS)
    folder = tmp_path / "tables"
    assert run(["synth", "--households", "12", "--output", str(folder), "--format", "csv"],
               capsys)[0] == EXIT_OK
    assert {p.name for p in folder.iterdir()} == {"allocations.csv", "events.csv"}
    code, out, _ = run(["schema"], capsys)
    assert code == EXIT_OK and json.loads(out)["properties"]["format"]["const"]


def test_policies_lists_regions(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["policies", "--on", "2020-06-01"], capsys)
    assert code == EXIT_OK
    assert "template: Template region (fictional)" in out


def test_bad_arguments_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["demo", "--households", "0"])
    assert info.value.code == 2
    capsys.readouterr()


def test_new_policy_refuses_bad_names(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("Bad Name", "template", "x_y"):
        code, _, err = run(["new-policy", name, "--directory", str(tmp_path)], capsys)
        assert code == EXIT_BAD_INPUT, name
    (tmp_path / "taken").mkdir()
    code, _, err = run(["new-policy", "taken", "--directory", str(tmp_path)], capsys)
    assert code == EXIT_BAD_INPUT and "already exists" in err


def test_new_policy_passes_the_conformance_suite(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """The scaffolded package, made visible as an installed distribution (a dist-info with
    its entry point, which is what installing it creates), passes its tests: the
    conformance suite and the template's hand-checked cases."""
    code, out, _ = run(["new-policy", "proef-regio", "--directory", str(tmp_path)], capsys)
    assert code == EXIT_OK and "created" in out
    package = tmp_path / "proef-regio"
    assert (package / "src" / "sociaaldomein_proef_regio" / "policy.py").is_file()
    pyproject = (package / "pyproject.toml").read_text("utf-8")
    assert 'proef-regio = "sociaaldomein_proef_regio:POLICY"' in pyproject
    site = tmp_path / "site" / "sociaaldomein_proef_regio-0.1.0.dist-info"
    site.mkdir(parents=True)
    (site / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: sociaaldomein-proef-regio\nVersion: 0.1.0\n", "utf-8")
    (site / "entry_points.txt").write_text(
        "[sociaaldomein.policies]\nproef-regio = sociaaldomein_proef_regio:POLICY\n", "utf-8")
    env = {**os.environ,
           "PYTHONPATH": os.pathsep.join([str(package / "src"), str(tmp_path / "site")])}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(package / "tests")],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert " passed" in result.stdout


def test_tables_as_input(clean_file: Path, tmp_path: Path,
                         capsys: pytest.CaptureFixture[str]) -> None:
    """An allocations table with its events table settles to the same lines as the JSON."""
    from sociaaldomein.io.files import read_caseload
    from sociaaldomein.io.tables import ALLOCATION_TABLE, EVENT_TABLE, caseload_to_rows, write_csv

    allocs, events = caseload_to_rows(read_caseload(clean_file))
    write_csv(tmp_path / "a.csv", ALLOCATION_TABLE, allocs)
    write_csv(tmp_path / "e.csv", EVENT_TABLE, events)
    month = _a_month(clean_file)
    _, from_json, _ = run(["settle", str(clean_file), "--month", month], capsys)
    # the tables hold no plans, so validation finds plan rules broken and holds back
    code, held, err = run(["settle", str(tmp_path / "a.csv"), "--events",
                           str(tmp_path / "e.csv"), "--month", month], capsys)
    assert code == EXIT_VIOLATIONS and "held back" in err
    assert len(json.loads(held)) < len(json.loads(from_json))
    code, from_csv, _ = run(["settle", str(tmp_path / "a.csv"), "--events",
                             str(tmp_path / "e.csv"), "--month", month, "--no-validate"], capsys)
    assert code == EXIT_OK
    assert json.loads(from_csv) == json.loads(from_json)
    (tmp_path / "bad.csv").write_text("household,start\n\"h1,2024\n", "utf-8")
    code, _, err = run(["validate", str(tmp_path / "bad.csv")], capsys)
    assert code == EXIT_BAD_INPUT and "bad.csv" in err and "row 2" in err


def test_unknown_arrangement(clean_file: Path, tmp_path: Path,
                             capsys: pytest.CaptureFixture[str]) -> None:
    """An arrangement code the region does not know: validation reports it (exit 1),
    settlement holds the household back (exit 1) and, told not to validate, refuses it
    naming the allocation (exit 2)."""
    data = json.loads(clean_file.read_text("utf-8"))
    data["allocations"][0]["arrangement"] = "no-such-arrangement"
    bad = tmp_path / "unknown.json"
    bad.write_text(json.dumps(data), "utf-8")
    code, out, _ = run(["validate", str(bad)], capsys)
    assert code == EXIT_VIOLATIONS and "no-such-arrangement" in out
    month = data["allocations"][0]["period"]["start"][:7]
    household = data["allocations"][0]["household_id"]
    code, out, err = run(["settle", str(bad), "--month", month], capsys)
    assert code == EXIT_VIOLATIONS
    assert f"  {household}: error " in err and f"held back: {household}" in err
    assert household not in {row["household"] for row in json.loads(out)}
    code, _, err = run(["settle", str(bad), "--month", month, "--no-validate"], capsys)
    assert code == EXIT_BAD_INPUT and data["allocations"][0]["id"] in err


def test_a_reader_that_stops_early_is_no_error(monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """`sociaaldomein schema | head -c 10`: when the reader closes the pipe, the command
    stops quietly (exit 0), without an error message or a traceback."""
    import io as std_io

    class ClosedPipe(std_io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

        def fileno(self) -> int:
            raise std_io.UnsupportedOperation("no file descriptor")

    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    assert main(["schema"]) == EXIT_OK
    assert capsys.readouterr().err == ""
