"""Issue 12, items 9, 10, 11 and 14: what the readers refuse, and what no message shows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sociaaldomein import (
    Allocation,
    Caseload,
    Conflict,
    InvalidInput,
    InvalidValue,
    Month,
    Period,
    Plan,
    Registry,
    default_registry,
)
from sociaaldomein.errors import mask_bsns
from sociaaldomein.io.files import read_caseload
from sociaaldomein.io.serialization import check_printable

Cli = Callable[[list[str]], tuple[int, str, str]]
Edited = Callable[[Callable[[dict[str, Any]], object]], Path]
BSN = "945807302"  # passes the 11-proef


# -- item 9: lone surrogates ----------------------------------------------------------------
@pytest.mark.parametrize(("where", "path"), [
    (lambda d: d["allocations"][1].update(provider="X\ud800"), r"\$\.allocations\[1\]\.provider"),
    (lambda d: d["households"][0]["members"][0].update(name="\udfffX"),
     r"\$\.households\[0\]\.members\[0\]\.name"),
])
def test_a_lone_surrogate_is_refused_at_reading(
        edited: Edited, cli: Cli, where: Callable[[dict[str, Any]], object], path: str) -> None:
    source = edited(where)
    with pytest.raises(InvalidInput, match=path + ": text holds a lone surrogate"):
        read_caseload(source)
    code, _, err = cli(["settle", str(source), "--month", "2025-03"])
    assert code == 2
    assert "lone surrogate" in err


def test_check_printable_names_the_surrogate() -> None:
    with pytest.raises(ValueError, match="lone surrogate U\\+D800 at position 2"):
        check_printable("ab\ud800")
    check_printable("a \U0001f600 emoji is a whole character")


# -- item 10: text or an object where a list or set belongs ---------------------------------
@pytest.mark.parametrize(("where", "path", "got"), [
    (lambda d: d["allocations"][1].update(flags="several_domains"),
     r"\$\.allocations\[1\]\.flags", "text 'several_domains'"),
    (lambda d: d["plans"][0].update(domains={"a": 1}), r"\$\.plans\[0\]\.domains",
     "an object"),
])
def test_text_or_an_object_is_no_set(edited: Edited, where: Callable[[dict[str, Any]], object],
                                     path: str, got: str) -> None:
    with pytest.raises(InvalidInput, match=path + r": expected a list \(\[\.\.\.\]\), got " + got):
        read_caseload(edited(where))


def test_constructors_refuse_text_or_a_mapping_for_a_collection(caseload_doc: dict[str, Any],
                                                                 tmp_path: Path) -> None:
    caseload = read_caseload(_written(caseload_doc, tmp_path))
    alloc = caseload.allocations[1]
    with pytest.raises(InvalidValue, match="got text 'several_domains'"):
        Allocation(alloc.id, alloc.household_id, alloc.client_id, alloc.arrangement,
                   alloc.provider, alloc.period, flags="several_domains")
    plan = caseload.plans[0]
    with pytest.raises(InvalidValue, match="got a mapping"):
        Plan(plan.id, plan.household_id, plan.drawn_up_on, plan.kind, plan.goals,
             domains={"a": 1})
    with pytest.raises(InvalidValue, match="households: expected a sequence, got str"):
        Caseload(households="abc")  # type: ignore[arg-type]


def _written(doc: dict[str, Any], folder: Path) -> Path:
    import json

    path = folder / "ok.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


# -- item 11: no BSN in any message ---------------------------------------------------------
@pytest.mark.parametrize("where", [
    lambda d: d["households"][0]["members"][0].update(bsn=float(BSN)),
    lambda d: d["households"][0]["members"][0].update(birth_date=BSN),
    lambda d: d["allocations"][1].update(volume=f"{BSN}.5"),
    lambda d: d["events"][0].update(date=f"{BSN}-1"),
])
def test_no_message_shows_a_bsn(edited: Edited, cli: Cli,
                                where: Callable[[dict[str, Any]], object]) -> None:
    source = edited(where)
    for command in (["validate", str(source)], ["settle", str(source), "--month", "2025-03"]):
        code, out, err = cli(command)
        assert code == 2
        assert BSN not in out + err
        assert "******302" in err


def test_a_bsn_used_as_an_id_is_masked_in_violations(edited: Edited, cli: Cli) -> None:
    def bsn_household(doc: dict[str, Any]) -> None:
        old = doc["households"][2]["id"]
        for key in ("households", "plans", "allocations"):
            for entry in doc[key]:
                for field in ("id", "household_id"):
                    if entry.get(field) == old:
                        entry[field] = BSN
        doc["households"][2]["members"][0]["birth_date"] = "1950-01-01"  # a rule error

    source = edited(bsn_household)
    code, out, err = cli(["validate", str(source)])
    assert code == 1
    assert BSN not in out + err
    assert "******302" in out


def test_every_error_masks_what_passes_the_11_proef() -> None:
    assert str(InvalidValue(f"bad {BSN}")) == "[SD-100] bad ******302"
    assert mask_bsns(f"{BSN}0 and 12345678 and 123456789") == f"{BSN}0 and 12345678 and 123456789"
    assert mask_bsns(f"x{BSN}.0") == "x******302.0"


# -- item 14: the smaller ones --------------------------------------------------------------
def test_the_last_month_names_the_range(edited: Edited, cli: Cli) -> None:
    code, _, err = cli(["settle", str(edited(lambda _d: None)), "--month", "9998-12"])
    assert code == 2
    assert "--month '9998-12': a month of care lies in 1900-01 .. 2199-12" in err
    assert "9999" not in err
    assert Month(9998, 12).period.end == dt.date(9999, 1, 1)


@pytest.mark.parametrize(("column", "value", "problem"), [
    ("unit", "99", "unit"), ("satisfaction", "11", "satisfaction is a mark from 1 to 10")])
def test_a_csv_error_names_its_column(tmp_path: Path, cli: Cli, column: str, value: str,
                                      problem: str) -> None:
    from sociaaldomein.analysis.frames import write_caseload_table
    from sociaaldomein.io.tables import read_csv_rows, write_csv
    from sociaaldomein.synth import generate

    caseload = generate(seed=7, households=4, regions=["template"], breaches=False).caseload
    allocs, events = write_caseload_table(caseload, tmp_path)
    table = allocs if column == "unit" else events
    columns, rows = read_csv_rows(table)
    if column == "satisfaction":
        row = next(r for r in rows if r["type"] == "evaluation")
    else:
        row = rows[0]
    row[column] = value
    write_csv(table, columns, rows)  # type: ignore[arg-type]
    code, _, err = cli(["validate", str(allocs), "--events", str(events)])
    assert code == 2
    assert f"column '{column}'" in err
    assert problem in err


def test_a_header_with_spaces_is_refused(tmp_path: Path, cli: Cli) -> None:
    path = tmp_path / "a.csv"
    path.write_text(" household ,municipality\nh1,0603\n", encoding="utf-8")
    code, _, err = cli(["validate", str(path)])
    assert code == 2
    assert "row 1" in err
    assert "' household ' have spaces around them" in err


def test_a_missing_municipality_code_says_so(edited: Edited) -> None:
    with pytest.raises(InvalidInput,
                       match=r"\$\.households\[0\]\.municipality: required key 'code' is missing"):
        read_caseload(edited(lambda d: d["households"][0]["municipality"].pop("code")))


@pytest.mark.parametrize("text", ["2019-W01-1", "20190101", "2019-001"])
def test_week_and_ordinal_dates_are_refused(edited: Edited, cli: Cli, text: str) -> None:
    source = edited(lambda d: d["events"][0].update(date=text))
    with pytest.raises(InvalidInput, match=r"\$\.events\[0\]\.date: .* is not a date"):
        read_caseload(source)
    with pytest.raises(SystemExit) as exit_code:  # the option is refused by argparse
        cli(["validate", str(edited(lambda _d: None)), "--on", text])
    assert exit_code.value.code == 2


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1899-12-31"])
def test_events_outside_the_years_of_care_are_refused(edited: Edited, day: str) -> None:
    with pytest.raises(InvalidInput, match=f"events\\[1\\] dated {day} lies outside "
                       "1900-01-01 .. 2199-12-31"):
        read_caseload(edited(lambda d: d["events"][1].update(date=day)))


def test_an_open_period_still_reads(edited: Edited) -> None:
    caseload = read_caseload(edited(lambda d: d["allocations"][1]["period"].update(
        end="9999-12-31")))
    assert caseload.allocations[1].period.is_open
    assert Period.inclusive(dt.date(2020, 1, 1), dt.date.max).is_open


def test_settle_reports_a_conflict_and_holds_the_households_back(
        edited: Edited, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    import attrs

    from sociaaldomein.policy import registry

    template = default_registry().get("template")
    twin = attrs.evolve(template, code="twin")  # type: ignore[misc]
    monkeypatch.setattr(registry, "_DEFAULT", Registry.of(template, twin))
    code, _, err = cli(["settle", str(edited(lambda _d: None)), "--month", "2025-03",
                        "--no-validate"])
    assert code == 1
    assert "no region claims" not in err
    assert f"[{Conflict.code}]" in err or "claimed by template, twin" in err
    assert "4 household(s) held back" in err
