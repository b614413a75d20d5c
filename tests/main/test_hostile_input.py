"""Hostile input found in review: each case names the place of the problem, exits 2 on the
command line, leaves no file behind, and never shows a traceback."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import threading
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from sociaaldomein import (
    Bsn,
    Caseload,
    InvalidInput,
    InvalidValue,
    Money,
    MoneyError,
    Month,
    Municipality,
    NoPolicy,
    PeriodError,
    PolicyError,
    policy_for,
    settle,
    validate,
)
from sociaaldomein.cli.main import EXIT_BAD_INPUT, EXIT_OK, EXIT_VIOLATIONS, main
from sociaaldomein.io.files import atomic_write, read_caseload, write_caseload
from sociaaldomein.synth import generate


@pytest.fixture(scope="module")
def caseload_doc(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """A small generated caseload as JSON data, to break in one place at a time."""
    path = tmp_path_factory.mktemp("hostile") / "caseload.json"
    write_caseload(path, generate(seed=7, households=4, regions=["template"]).caseload)
    doc: dict[str, object] = json.loads(path.read_text("utf-8"))
    return doc


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(args)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, err


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def edited(doc: dict[str, object], **changes: object) -> str:
    return json.dumps({**doc, **changes})


def test_a_number_where_the_caseload_belongs(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    code, err = run(["validate", str(write(tmp_path, "n.json", "42"))], capsys)
    assert code == EXIT_BAD_INPUT
    assert "n.json, at $: expected an object ({...}), got the number 42" in err
    assert "iterable" not in err


@pytest.mark.parametrize(("households", "kind"), [({}, "an object"), ("abc", "text 'abc'")])
def test_an_object_or_text_where_a_list_belongs(
        households: object, kind: str, caseload_doc: dict[str, object], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    # an object used to be read as its (empty) list of keys, text as its characters
    path = write(tmp_path, "c.json", edited(caseload_doc, households=households))
    code, err = run(["validate", str(path)], capsys)
    assert code == EXIT_BAD_INPUT
    assert f"at $.households: expected a list ([...]), got {kind}" in err


def test_a_float_names_its_path(caseload_doc: dict[str, object], tmp_path: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    allocations = json.loads(json.dumps(caseload_doc["allocations"]))
    allocations[1]["volume"] = 1.5
    path = write(tmp_path, "f.json", edited(caseload_doc, allocations=allocations))
    code, err = run(["validate", str(path)], capsys)
    assert code == EXIT_BAD_INPUT
    assert "f.json, at $.allocations[1].volume: number 1.5 has a fraction" in err


def test_an_unknown_event_type_lists_the_known(caseload_doc: dict[str, object], tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    events = json.loads(json.dumps(caseload_doc["events"]))
    events[0]["type"] = "party"
    path = write(tmp_path, "e.json", edited(caseload_doc, events=events))
    code, err = run(["validate", str(path)], capsys)
    assert code == EXIT_BAD_INPUT
    assert 'at $.events[0]: unknown type "party"; expected one of start, stop' in err
    assert "required key" not in err


def test_an_unknown_code_lists_the_known(caseload_doc: dict[str, object], tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    allocations = json.loads(json.dumps(caseload_doc["allocations"]))
    allocations[0].update(volume="3", unit="99")
    path = write(tmp_path, "u.json", edited(caseload_doc, allocations=allocations))
    code, err = run(["validate", str(path)], capsys)
    assert code == EXIT_BAD_INPUT
    assert 'at $.allocations[0].unit: "99" is not a valid Unit; expected one of "01", "04"' in err


def test_a_folder_as_output_names_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = run(["schema", "--output", str(tmp_path)], capsys)
    assert code == EXIT_BAD_INPUT
    assert f"error: {tmp_path}: is a folder" in err
    assert ".tmp" not in err
    assert os.listdir(tmp_path) == []


def test_an_unwritable_output_names_the_file_not_the_temporary_one(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    target = blocker / "out.json"  # a file where a folder should be
    code, err = run(["schema", "--output", str(target)], capsys)
    assert code == EXIT_BAD_INPUT
    assert f"error: {target}: cannot write" in err
    assert ".tmp" not in err


def test_atomic_write_keeps_permissions(tmp_path: Path) -> None:
    # the temporary file is private (0600); the result must not be
    existing = tmp_path / "existing.json"
    existing.write_text("old")
    existing.chmod(0o640)
    atomic_write(existing, b"new")
    assert stat.S_IMODE(existing.stat().st_mode) == 0o640
    umask = os.umask(0o022)
    try:
        atomic_write(tmp_path / "new.json", b"new")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o644


def test_csv_reference_problem_names_its_table_and_row(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["synth", "--output", str(tmp_path / "t"), "--format", "csv",
                 "--households", "3", "--region", "template"]) == EXIT_OK
    events = (tmp_path / "t" / "events.csv").read_text("utf-8").splitlines()
    header, first = events[0], events[1]
    bad = tmp_path / "events.csv"
    bad.write_text("\n".join([header, first, "nope" + first[first.index(","):]]) + "\n")
    capsys.readouterr()
    code, err = run(["validate", str(tmp_path / "t" / "allocations.csv"), "--events", str(bad)],
                    capsys)
    assert code == EXIT_BAD_INPUT
    assert f"{bad}, at row 3: unknown allocation 'nope'" in err


@pytest.mark.parametrize("name", ["west-friesland", "h4", "hart-van-brabant", "midden-holland"])
def test_new_policy_refuses_an_installed_region(name: str, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    from sociaaldomein import default_registry

    if name not in default_registry().codes():
        pytest.skip(f"{name} is not installed")
    code, err = run(["new-policy", name, "--directory", str(tmp_path)], capsys)
    assert code == EXIT_BAD_INPUT
    assert f"'{name}' is taken" in err
    assert os.listdir(tmp_path) == []


def test_new_policy_refuses_the_underscore_twin_of_a_folder(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "my_region").mkdir()
    code, err = run(["new-policy", "my-region", "--directory", str(tmp_path)], capsys)
    assert code == EXIT_BAD_INPUT
    assert "my_region already exists" in err
    assert sorted(os.listdir(tmp_path)) == ["my_region"]


# -- the library ---------------------------------------------------------------------------
def test_policy_for_refuses_text_dates_and_number_codes() -> None:
    with pytest.raises(InvalidValue, match=r"on must be a datetime.date.*got str '2024-03-01'"):
        policy_for("9902", "2024-03-01")  # type: ignore[arg-type]
    with pytest.raises(InvalidValue, match=r"use \.date\(\)"):
        policy_for("9902", dt.datetime(2024, 3, 1))
    with pytest.raises(InvalidValue, match=r"CBS code as text.*got int 9902"):
        policy_for(9902, dt.date(2024, 3, 1))  # type: ignore[arg-type]


def test_settle_and_validate_refuse_text_for_month_and_date() -> None:
    caseload = Caseload()
    with pytest.raises(InvalidValue, match=r"Month.parse\('2019-03'\); got str '2024-03'"):
        settle(caseload, "2024-03")  # type: ignore[arg-type]
    with pytest.raises(InvalidValue, match=r"on must be a datetime\.date"):
        validate(caseload, on="2024-03-01")  # type: ignore[arg-type]
    with pytest.raises(InvalidValue, match="expected a Caseload"):
        settle([], Month(2024, 3))  # type: ignore[arg-type]


def test_caseload_refuses_the_wrong_items() -> None:
    with pytest.raises(InvalidValue, match=r"households\[0\]: expected Household, got str 'x'"):
        Caseload(["x"])  # type: ignore[list-item]
    with pytest.raises(InvalidValue, match="households: expected a sequence, got str"):
        Caseload("abc")  # type: ignore[arg-type]


def test_settle_raises_no_policy_as_documented(tmp_path: Path) -> None:
    # settle's docstring promises NoPolicy for a municipality no region claims
    synthetic = generate(seed=7, households=2, regions=["template"], breaches=False)
    household = synthetic.caseload.households[0]
    moved = type(household)(household.id, Municipality("0001", "Nergens"), household.members)
    caseload = Caseload((moved,))
    with pytest.raises(NoPolicy, match="no region policy claims municipality 0001") as info:
        settle(caseload, Month(2025, 3))
    assert isinstance(info.value, PolicyError)


def test_read_caseload_float_path(caseload_doc: dict[str, object], tmp_path: Path) -> None:
    path = write(tmp_path, "x.json", edited(caseload_doc, format=1e3))
    with pytest.raises(InvalidInput, match=r"at \$\.format: number 1000.0|at \$\.format: number 1e3"):
        read_caseload(path)


@pytest.fixture(scope="module")
def template_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "template.json"
    write_caseload(path, generate(seed=7, households=6, regions=["template"],
                                  breaches=False).caseload)
    return path


@pytest.mark.parametrize(("month", "problem"), [("2019-13", "month must be 1..12, got 13"),
                                                ("9999-12", "year must be 1..9998")])
def test_a_bad_month_names_the_option(month: str, problem: str, template_file: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    target = template_file.parent / "lines.json"
    code, err = run(["settle", str(template_file), "--month", month, "--output", str(target)],
                    capsys)
    assert code == EXIT_BAD_INPUT
    assert f"error: [SD-200] --month '{month}': {problem}" in err
    assert not target.exists()


def test_explain_says_when_a_criterion_matches_nothing(
        template_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = run(["explain", str(template_file), "--month", "2025-03",
                     "--funding", "bogus"], capsys)
    assert code == EXIT_OK
    assert "note: no line of 2025-03 has funding 'bogus'; the month's lines have: " in err


def test_demo_refuses_a_table_as_caseload(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    table = write(tmp_path, "allocations.csv", "household,municipality\n")
    code, err = run(["demo", "--caseload", str(table), "--output", str(tmp_path / "out"),
                     "--plain"], capsys)
    assert code == EXIT_BAD_INPUT
    assert "demo --caseload reads the caseload JSON format" in err
    assert not (tmp_path / "out").exists()


def test_a_semicolon_table_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = write(tmp_path, "allocations.csv",
                  "household;municipality;client\nh1;0855;p1\n")
    code, err = run(["validate", str(table)], capsys)
    assert code == EXIT_BAD_INPUT
    assert "allocations.csv, at row 1: the columns are separated by ';'" in err


def test_demo_refuses_a_file_as_output_before_working(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    output = write(tmp_path, "results", "keep me")
    code, err = run(["demo", "--output", str(output), "--households", "5", "--plain"], capsys)
    assert code == EXIT_BAD_INPUT
    assert "--output names a file" in err
    assert "settling" not in err
    assert output.read_text() == "keep me"


def test_settle_notes_an_unknown_output_suffix(template_file: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "lines.xlsx"
    code, err = run(["settle", str(template_file), "--month", "2025-03", "--output",
                     str(target)], capsys)
    assert code == EXIT_OK
    assert f"note: writing JSON to {target}" in err
    assert json.loads(target.read_text("utf-8")) is not None


def test_settlement_groupings_refuse_what_matches_nothing(template_file: Path) -> None:
    from sociaaldomein import SociaaldomeinError, UnknownGrouping

    march = settle(read_caseload(template_file), Month(2025, 3))
    with pytest.raises(UnknownGrouping, match=r"\[SD-131\] unknown grouping 'colour'") as info:
        march.group_by("colour")
    assert isinstance(info.value, KeyError) and isinstance(info.value, SociaaldomeinError)
    with pytest.raises(KeyError):  # as before
        march.where(colour="red")
    with pytest.raises(InvalidValue, match=r"municipality=9902: a grouping value is text"):
        march.where(municipality=9902)  # type: ignore[arg-type]
    # a Month is read as its YYYY-MM (it used to match no line at all)
    assert march.where(month=Month(2025, 3)).total == march.total
    assert march.total.amount_cents > 0


def test_a_key_twice_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # which of the two lists counts would otherwise be the parser's guess
    path = write(tmp_path, "twice.json", '{"format": "sociaaldomein.caseload/1", '
                 '"households": [], "households": []}')
    code, err = run(["validate", str(path)], capsys)
    assert code == EXIT_BAD_INPUT
    assert "twice.json: key 'households' appears twice in one object" in err


@pytest.mark.parametrize("char", ["\x1b", "\x00", "\u202e"])
def test_control_characters_in_text_are_refused(
        char: str, caseload_doc: dict[str, object], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    # an escape sequence in a provider would be printed by validate and explain
    allocations = json.loads(json.dumps(caseload_doc["allocations"]))
    allocations[0]["provider"] = f"AGB{char}[2J"
    path = write(tmp_path, "c.json", edited(caseload_doc, allocations=allocations))
    code, err = run(["validate", str(path)], capsys)
    assert code == EXIT_BAD_INPUT
    assert (f"at $.allocations[0].provider: text holds the control character "
            f"U+{ord(char):04X} at position 3") in err
    assert char not in err


def test_line_breaks_and_tabs_in_text_are_kept(caseload_doc: dict[str, object],
                                               tmp_path: Path) -> None:
    plans = json.loads(json.dumps(caseload_doc["plans"]))
    plans[0]["general_provision_reason"] = "Eerste regel\nTweede\tregel"
    path = write(tmp_path, "c.json", edited(caseload_doc, plans=plans))
    assert read_caseload(path).plans[0].general_provision_reason == "Eerste regel\nTweede\tregel"


def test_control_characters_in_a_table_are_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["synth", "--output", str(tmp_path / "t"), "--format", "csv",
                 "--households", "2", "--region", "template"]) == EXIT_OK
    table = tmp_path / "t" / "allocations.csv"
    lines = table.read_text("utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index("provider")] = "AGB\x1b[31m"
    table.write_text("\n".join([lines[0], ",".join(cells)]) + "\n", encoding="utf-8")
    capsys.readouterr()
    code, err = run(["validate", str(table)], capsys)
    assert code == EXIT_BAD_INPUT
    assert "at row 2, column 'provider': text holds the control character U+001B" in err


@pytest.mark.parametrize("make", [
    lambda: Money.euros("١٢"), lambda: Municipality("٠٨٥٥", "Tilburg"),
    lambda: Month.parse("٢٠١٩-٠٣"), lambda: Bsn("١١١٢٢٢٣٣٣"),
])
def test_only_ascii_digits(make: Callable[[], object]) -> None:
    # Python's \\d and str.isdigit accept Arabic-Indic and other digits; a CBS code or BSN
    # stored in them would differ from the same code in ASCII
    with pytest.raises(InvalidValue):
        make()


def test_a_quantity_in_other_digits_is_refused(caseload_doc: dict[str, object],
                                               tmp_path: Path) -> None:
    allocations = json.loads(json.dumps(caseload_doc["allocations"]))
    allocations[0].update(volume="١٢", unit="04")
    path = write(tmp_path, "q.json", edited(caseload_doc, allocations=allocations))
    with pytest.raises(InvalidInput, match=r"at \$\.allocations\[0\]\.volume: '١٢' is not a decimal"):
        read_caseload(path)


def test_money_refuses_what_it_cannot_hold() -> None:
    with pytest.raises(MoneyError, match="too large"):
        Money.euros(Decimal("1e999999"))  # was a bare decimal.Overflow
    with pytest.raises(MoneyError, match="rounding must be a Rounding"):
        Money.cents(100).times(Fraction(1, 3), "half_up")  # type: ignore[arg-type]
    with pytest.raises(MoneyError, match=r"'9{40}'\.\.\. is not an amount"):
        Money.euros("9" * 5000)  # the message does not repeat all 5000 characters
    with pytest.raises(PeriodError, match="a number of months is a whole number"):
        Month(2019, 1).plus(1.5)  # type: ignore[arg-type]


def test_commands_name_a_broken_plugin(template_file: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    # a region whose tariffs.toml has an error used to show only as "no region claims"
    from sociaaldomein import BrokenPlugin, Registry, default_registry
    from sociaaldomein.policy import registry

    reg = Registry(default_registry().policies())
    reg._broken.append(BrokenPlugin("plugin 'mine' from distribution 'sociaaldomein-mine' "
                                    "failed to load: ParameterError: tariffs.toml"))
    monkeypatch.setattr(registry, "_DEFAULT", reg)
    code, err = run(["validate", str(template_file)], capsys)
    assert code == EXIT_OK
    assert "warning: plugin 'mine' from distribution 'sociaaldomein-mine' failed to load" in err
    code, err = run(["policies"], capsys)  # lists it itself, once
    assert err.count("sociaaldomein-mine") == 1


def test_a_number_of_5000_digits(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "big.json", '{"format": "sociaaldomein.caseload/1", "x": 1'
                 + "0" * 5000 + "}")
    code, err = run(["validate", str(path)], capsys)
    assert code == EXIT_BAD_INPUT
    assert "big.json: a number has more than 4300 digits" in err
    assert "set_int_max_str_digits" not in err


def test_a_table_number_of_5000_digits(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    # was an internal error (exit 3) from Python's limit on integer conversion
    assert main(["synth", "--output", str(tmp_path / "t"), "--format", "csv",
                 "--households", "2", "--region", "template"]) == EXIT_OK
    events = (tmp_path / "t" / "events.csv").read_text("utf-8").splitlines()
    header = events[0].split(",")
    cells = events[1].split(",")
    cells[header.index("type")] = "evaluation"
    cells[header.index("satisfaction")] = "1" + "0" * 5000
    bad = tmp_path / "events.csv"
    bad.write_text(events[0] + "\n" + ",".join(cells) + "\n", encoding="utf-8")
    capsys.readouterr()
    code, err = run(["validate", str(tmp_path / "t" / "allocations.csv"), "--events", str(bad)],
                    capsys)
    assert code == EXIT_BAD_INPUT
    assert "at row 2, column 'satisfaction': a whole number of 5001 digits is too large" in err


# -- issue 12: bounded numbers, domain caps, events counted once, settle holds back, -----
# -- outputs never over inputs, bounded reading ---------------------------------------------
HOSTILE_NUMBERS = ["1e999999999", "1e-999999999", "1e5000", "1e30", "100000000"]


def _with_volume(doc: dict[str, object], volume: str) -> str:
    allocations = [dict(a) for a in doc["allocations"]]  # type: ignore[attr-defined]
    allocations[0].update(volume=volume, unit="04", frequency="2")
    return edited(doc, allocations=allocations)


@pytest.mark.parametrize("number", HOSTILE_NUMBERS)
@pytest.mark.parametrize("command", ["validate", "settle"])
def test_a_hostile_number_is_an_input_error(
        number: str, command: str, caseload_doc: dict[str, object], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    # "1e-999999999" made validate and settle run for minutes; "1e5000" ended in exit 3;
    # "1e30" was paid as a 30-digit amount
    path = write(tmp_path, "c.json", _with_volume(caseload_doc, number))
    args = [command, str(path)] + (["--month", "2024-03"] if command == "settle" else [])
    code, err = run(args, capsys)
    assert code == EXIT_BAD_INPUT
    assert "c.json, at $.allocations[0]" in err and "volume" in err
    assert any(bound in err for bound in ("decimal places", "too large",
                                          "national maximum volume 99,999,999"))


def test_a_hostile_number_in_a_table_is_an_input_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from sociaaldomein.io.tables import ALLOCATION_TABLE, caseload_to_rows, write_csv

    allocs, _events = caseload_to_rows(generate(seed=7, households=2,
                                                regions=["template"]).caseload)
    for number in ("1e-999999999", "1e999999999", "123456789"):
        allocs[0].update(volume=number, unit="04", frequency="2")
        write_csv(tmp_path / "a.csv", ALLOCATION_TABLE, allocs)
        code, err = run(["validate", str(tmp_path / "a.csv")], capsys)
        assert code == EXIT_BAD_INPUT
        assert "a.csv, at row 2, column 'volume': " in err
    polars = pytest.importorskip("polars")
    allocs[0].update(volume="1e-999999999")
    polars.DataFrame([{k: v if isinstance(v, str | None) else str(v).lower()
                       for k, v in row.items()} for row in allocs]).write_parquet(
        tmp_path / "a.parquet")
    code, err = run(["validate", str(tmp_path / "a.parquet")], capsys)
    assert code == EXIT_BAD_INPUT
    assert "a.parquet, at row 2, column 'volume': a quantity '1e-999999999' has more than 6 " \
        "decimal places" in err


def test_a_delivery_beyond_its_month_is_an_input_error(
        caseload_doc: dict[str, object], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    first = caseload_doc["allocations"][0]  # type: ignore[index]
    delivery = {"type": "delivery", "allocation_id": first["id"], "date": "2024-02-01",
                "quantity": "30", "unit": "14"}
    events = [*caseload_doc["events"], delivery]  # type: ignore[misc]
    code, err = run(["validate", str(write(tmp_path, "c.json", edited(caseload_doc,
                                                                        events=events)))],
                    capsys)
    assert code == EXIT_BAD_INPUT
    assert (f"at $.events[{len(events) - 1}]: a delivery of 30 etmaal in 2024-02 is more "
            "than the month holds (29: 29 days of 1)") in err


def test_an_event_id_twice_is_refused(caseload_doc: dict[str, object], tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    events = [dict(e) for e in caseload_doc["events"]]  # type: ignore[attr-defined]
    events[0]["id"] = events[3]["id"] = "bericht-17"
    code, err = run(["validate", str(write(tmp_path, "c.json", edited(caseload_doc,
                                                                        events=events)))],
                    capsys)
    assert code == EXIT_BAD_INPUT
    assert "c.json: events[3]: event id 'bericht-17' is used twice" in err
    from sociaaldomein.io.tables import EVENT_TABLE, caseload_to_rows, write_csv

    assert main(["synth", "--output", str(tmp_path / "t"), "--format", "csv",
                 "--households", "2", "--region", "template"]) == EXIT_OK
    caseload = read_caseload(write(tmp_path, "ok.json", edited(caseload_doc)))
    _allocs, rows = caseload_to_rows(caseload)
    rows[0]["id"] = rows[1]["id"] = "regel-1"
    write_csv(tmp_path / "e.csv", EVENT_TABLE, rows)
    capsys.readouterr()
    from sociaaldomein.io.tables import ALLOCATION_TABLE

    write_csv(tmp_path / "a.csv", ALLOCATION_TABLE, caseload_to_rows(caseload)[0])
    code, err = run(["validate", str(tmp_path / "a.csv"), "--events", str(tmp_path / "e.csv")],
                    capsys)
    assert code == EXIT_BAD_INPUT
    assert "e.csv, at row 3: event id 'regel-1' is used twice" in err


def _run_out(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def _region_codes() -> list[str]:
    from sociaaldomein import default_registry

    return list(default_registry().codes())


@pytest.mark.parametrize("region", _region_codes())
def test_a_delivery_counted_twice_is_a_violation_in_every_region(
        region: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The national check runs whatever the region's policy checks: a month's stay sent
    twice is 62 etmalen in 31 days, and settle holds the household back."""
    from sociaaldomein import Delivery, Unit
    from sociaaldomein.policy.volumes import PHYSICAL_CODE

    caseload = generate(seed=11, households=3, regions=[region], breaches=False).caseload
    alloc = caseload.allocations[0]
    month = Month.of(alloc.period.start)
    stay = Delivery(alloc.id, month.first_day, month.days, Unit.ETMAAL)
    doubled = Caseload(caseload.households, caseload.plans, caseload.allocations,
                       (*caseload.events, stay, stay))
    found = [v for v in validate(doubled) if v.code == PHYSICAL_CODE]
    assert len(found) == 1 and found[0].is_error
    assert found[0].path == f"households[{alloc.household_id}].allocations[{alloc.id}].events"
    assert f"{2 * month.days} etmaal delivered in {month}" in found[0].message
    path = tmp_path / "doubled.json"
    write_caseload(path, doubled)
    code, err = run(["settle", str(path), "--month", str(month)], capsys)
    assert code == EXIT_VIOLATIONS
    assert f"  {alloc.household_id}: error " in err  # its first error, whichever it is
    assert f"held back: {alloc.household_id}" in err


def test_settle_says_how_to_skip_validation(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["settle", "-h"])
    out = " ".join(capsys.readouterr().out.split())
    assert "--no-validate" in out and "has validated the caseload already" in out
    assert "holds back every household with a rule error" in out


def test_settle_holds_back_a_minor_on_wmo_care(
        template_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The review's case: a household with rule errors was paid with exit 0."""
    from sociaaldomein import Law

    doc = json.loads(template_file.read_text("utf-8"))
    catalog = policy_for(doc["households"][0]["municipality"]["code"],
                         dt.date(2024, 6, 1)).catalog
    alloc = next(a for a in doc["allocations"]
                 if catalog.arrangement(a["arrangement"]).laws == {Law.WMO})
    household = next(h for h in doc["households"] if h["id"] == alloc["household_id"])
    client = next(m for m in household["members"] if m["id"] == alloc["client_id"])
    start = dt.date.fromisoformat(alloc["period"]["start"])
    client["birth_date"] = start.replace(year=start.year - 17).isoformat()
    path = write(tmp_path, "minor.json", json.dumps(doc))
    violations = validate(read_caseload(path))
    assert any(v.is_error and alloc["household_id"] in v.path for v in violations)
    month = alloc["period"]["start"][:7]
    code, out, _err = _run_out(["settle", str(path), "--month", month, "--no-validate"],
                               capsys)
    assert code == EXIT_OK  # told not to validate, it is paid as it is
    assert alloc["household_id"] in {line["household"] for line in json.loads(out)}
    code_held, err = run(["settle", str(path), "--month", month, "--output",
                          str(tmp_path / "lines.json")], capsys)
    assert code_held == EXIT_VIOLATIONS
    assert f"held back: {alloc['household_id']}" in err.splitlines()[-1]
    lines = json.loads((tmp_path / "lines.json").read_text("utf-8"))
    assert alloc["household_id"] not in {line["household"] for line in lines}


@pytest.mark.parametrize("link", ["same", "symlink", "hardlink", "events"])
def test_settle_refuses_to_write_over_its_input(
        link: str, template_file: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "in.json"
    source.write_bytes(template_file.read_bytes())
    before = source.read_bytes()
    args = ["settle", str(source), "--month", "2024-03"]
    if link == "same":
        output = source
    elif link == "symlink":
        output = tmp_path / "link.json"
        output.symlink_to(source)
    elif link == "hardlink":
        output = tmp_path / "hard.json"
        os.link(source, output)
    else:  # the events table of an allocations table
        from sociaaldomein.io.tables import ALLOCATION_TABLE, EVENT_TABLE, caseload_to_rows
        from sociaaldomein.io.tables import write_csv as write_table

        allocs, events = caseload_to_rows(read_caseload(source))
        write_table(tmp_path / "a.csv", ALLOCATION_TABLE, allocs)
        write_table(tmp_path / "e.csv", EVENT_TABLE, events)
        source = output = tmp_path / "e.csv"
        before = source.read_bytes()
        args = ["settle", str(tmp_path / "a.csv"), "--events", str(source), "--month",
                "2024-03"]
    code, err = run([*args, "--output", str(output)], capsys)
    assert code == EXIT_BAD_INPUT
    assert "file this command reads" in err and "write the output to another file" in err
    assert source.read_bytes() == before


def test_demo_refuses_a_caseload_inside_its_output_folder(
        template_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "out").mkdir()
    inside = tmp_path / "out" / "caseload.json"
    inside.write_bytes(template_file.read_bytes())
    code, err = run(["demo", "--caseload", str(inside), "--output", str(tmp_path / "out")],
                    capsys)
    assert code == EXIT_BAD_INPUT and "lies in the --output folder" in err


def _feed_fifo(path: Path, total: int) -> threading.Thread:
    """A writer that sends up to ``total`` bytes into a FIFO and stops when the reader
    closes it (a daemon thread: it can never keep the tests from ending)."""

    def feed() -> None:
        try:
            with open(path, "wb") as handle:
                chunk = b" " * 65536
                sent = 0
                while sent < total:
                    handle.write(chunk)
                    sent += len(chunk)
        except (BrokenPipeError, OSError):
            pass

    thread = threading.Thread(target=feed, daemon=True)
    thread.start()
    return thread


def _unblock(path: Path, thread: threading.Thread) -> None:
    """If the reader never opened the FIFO, open it for reading so the writer ends."""
    thread.join(timeout=5)
    if thread.is_alive():
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        os.close(fd)
        thread.join(timeout=5)
    assert not thread.is_alive()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are a POSIX feature")
def test_a_fifo_is_read_up_to_the_limit_only(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """stat() says a FIFO holds 0 bytes; reading it used to go on until memory ran out."""
    fifo = tmp_path / "endless.json"
    os.mkfifo(fifo)
    writer = _feed_fifo(fifo, 50_000_000)  # like /dev/zero, but bounded for the test
    try:
        code, err = run(["validate", str(fifo), "--max-input-size", "100k"], capsys)
    finally:
        _unblock(fifo, writer)
    assert code == EXIT_BAD_INPUT
    assert "endless.json: file is larger than the limit of 100,000 bytes" in err
    writer = _feed_fifo(fifo, 50_000_000)
    try:
        with pytest.raises(InvalidInput, match="larger than the limit of 4,096 bytes"):
            read_caseload(fifo, max_bytes=4096)
    finally:
        _unblock(fifo, writer)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are a POSIX feature")
def test_a_fifo_within_the_limit_is_read(template_file: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "piped.json"
    os.mkfifo(fifo)
    data = template_file.read_bytes()

    def feed() -> None:
        with open(fifo, "wb") as handle:
            handle.write(data)

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    try:
        caseload = read_caseload(fifo, max_bytes=len(data))
    finally:
        _unblock(fifo, writer)
    assert caseload == read_caseload(template_file)


def test_the_size_limit_is_a_setting(template_file: Path, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    from sociaaldomein.cli.common import size_arg as _size

    assert [_size(t) for t in ("500000", "200MB", "1G", "512MiB", "2 kb")] == [
        500_000, 200_000_000, 1_000_000_000, 512 * 2**20, 2000]
    with pytest.raises(SystemExit):
        main(["validate", str(template_file), "--max-input-size", "lots"])
    assert "is not a size" in capsys.readouterr().err
    size = template_file.stat().st_size
    code, err = run(["validate", str(template_file), "--max-input-size", str(size - 1)], capsys)
    assert code == EXIT_BAD_INPUT and f"file is {size:,} bytes; the limit is {size - 1:,}" in err
    assert run(["validate", str(template_file), "--max-input-size", str(size)], capsys)[0] \
        == EXIT_OK
    with pytest.raises(InvalidInput, match="the limit is 10"):
        read_caseload(template_file, max_bytes=10)
    with pytest.raises(InvalidValue, match="max_bytes must be a whole number"):
        read_caseload(template_file, max_bytes=0)


def test_synth_refuses_a_json_file_the_reader_would_refuse(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "big.json"
    code, err = run(["synth", "--output", str(target), "--households", "3", "--region",
                     "template", "--max-input-size", "2k"], capsys)
    assert code == EXIT_BAD_INPUT
    assert "more than the reader's limit of 2,000" in err and "Parquet" in err
    assert not target.exists()
    pytest.importorskip("polars")
    code, _ = run(["synth", "--output", str(tmp_path / "tables"), "--households", "3",
                   "--region", "template", "--format", "parquet"], capsys)
    assert code == EXIT_OK
    code, _ = run(["validate", str(tmp_path / "tables" / "allocations.parquet"), "--events",
                   str(tmp_path / "tables" / "events.parquet")], capsys)
    assert code in (EXIT_OK, 1)  # read whole: rule violations at most
