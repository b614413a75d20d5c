"""The demo end to end: validate, settle a year, tables, output files, breaches found."""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
from pathlib import Path

import pytest

from sociaaldomein.cli.demo import DemoResult, run
from sociaaldomein.cli.main import main
from sociaaldomein.model.lines import Flow


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[DemoResult, str, Path]:
    out = tmp_path_factory.mktemp("demo")
    text = io.StringIO()
    result = run(households=240, seed=2019, output=out, plain=True, stream=text,
                 progress_stream=io.StringIO())
    return result, text.getvalue(), out


def test_demo_finds_every_deliberate_breach(demo: tuple[DemoResult, str, Path]) -> None:
    result, text, _ = demo
    assert result.synthetic is not None
    breaches = result.synthetic.breaches
    assert breaches
    found = {v.path.split("]")[0].removeprefix("households[") for v in result.violations}
    assert {b.household for b in breaches} <= found
    assert f"planted by the generator: {len(breaches)}; found by validation: {len(breaches)}" in text


def test_households_with_errors_are_not_settled(demo: tuple[DemoResult, str, Path]) -> None:
    result, _, _ = demo
    assert result.held_back
    settled = {line.household for line in result.settlement.lines if line.household}
    assert not settled & result.held_back


def test_a_full_year_per_region(demo: tuple[DemoResult, str, Path]) -> None:
    """Every region is settled for the twelve months of its own contract year."""
    result, text, _ = demo
    for region, year in result.years.items():
        months = {str(line.month) for line in result.settlement.lines if line.region == region}
        assert months <= {f"{year}-{m:02d}" for m in range(1, 13)}
        assert len(months) == 12, region
    for heading in ("Spend per region", "Spend per municipality", "Spend per segment",
                    "Spend per funding model", "One amount explained", "Violations per code"):
        assert heading in text


def test_output_files(demo: tuple[DemoResult, str, Path]) -> None:
    """JSON always; Parquet and a PNG chart with the extras; the totals agree to the cent."""
    result, _, out = demo
    names = {p.name for p in out.iterdir()}
    assert {"settlement_lines.json", "violations.json", "indicators.json", "summary.json",
            "caseload.json", "settlement_lines.parquet", "violations.parquet",
            "monthly_spend.png"} <= names
    assert not [n for n in names if n.endswith(".tmp")], "no temporary files left"
    lines = json.loads((out / "settlement_lines.json").read_text("utf-8"))
    paid = sum(r["amount_cents"] for r in lines if r["flow"] == Flow.TO_PROVIDER.value)
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert paid == summary["paid_cents"] == result.settlement.total.amount_cents
    assert sum(summary["paid_per_region_cents"].values()) == paid
    polars = pytest.importorskip("polars")
    frame = polars.read_parquet(out / "settlement_lines.parquet")
    assert frame.schema["amount_cents"] == polars.Int64
    assert frame.filter(polars.col("flow") == "to_provider")["amount_cents"].sum() == paid
    assert (out / "monthly_spend.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_chain_for_one_month_per_region(demo: tuple[DemoResult, str, Path]) -> None:
    """Allocations sent, the providers' declarations with seven planted faults answered:
    in every region with a contract year under the 3.x standards the accepted total is
    what the clean lines declared, what they declared is the library's settlement of the
    month, and every planted fault is rejected with its retour code."""
    from sociaaldomein.cli.demo import chain_month
    from sociaaldomein.exchange.simulate import FAULT_KINDS
    from sociaaldomein.io import istandaarden as iv
    from sociaaldomein.policy.registry import default_registry

    result, text, out = demo
    expected = {p.code for p in default_registry().policies()
                if chain_month(p.contract_years) is not None}
    rows = {str(r["region"]): r for r in result.chain}
    assert set(rows) == expected and len(expected) >= 4
    for region, row in rows.items():
        assert row["identity_holds"] is True, region
        assert row["accepted_cents"] == row["declared_clean_cents"]
        assert 0 < _int(row["declared_clean_cents"]) < _int(row["owed_cents"])
        assert row["rejected_clean_lines"] == 0
        faults = row["faults"]
        assert isinstance(faults, list) and len(faults) == 7
        assert {f["kind"] for f in faults} <= set(FAULT_KINDS)
        assert all(f["caught"] and f["must_get"] in f["got"] for f in faults), region
        assert _int(row["messages_301"]) > 0 and _int(row["declarations"]) > 0
    assert {f["kind"] for r in result.chain for f in _faults(r)} == set(FAULT_KINDS)
    assert "The chain per region" in text and "NOT RIGHT" not in text
    assert "Every clean line was accepted" in text
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert [r["region"] for r in summary["chain"]] == [r["region"] for r in result.chain]
    chain = out / "chain"
    assert (chain / "ledger.sqlite").is_file()
    written = sorted((chain / "h4").glob("*.xml"))
    kinds = {p.name.split("-")[0] for p in written}
    assert {"WMO301", "WMO323", "WMO325"} <= kinds
    day = dt.date.today()
    assert all(iv.read(p.read_bytes(), today=day).ok for p in written[:40])


def _int(value: object) -> int:
    assert isinstance(value, int)
    return value


def _faults(row: dict[str, object]) -> list[dict[str, object]]:
    faults = row["faults"]
    assert isinstance(faults, list)
    return faults


def test_demo_runs_without_the_extras(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without polars, matplotlib and rich: plain tables, JSON, and a note naming the extras."""
    for name in ("polars", "matplotlib", "rich"):
        monkeypatch.setitem(sys.modules, name, None)
    text = io.StringIO()
    result = run(households=40, seed=3, output=tmp_path, plain=False, stream=text,
                 progress_stream=io.StringIO(), chain=False)
    assert result.chain == () and "The chain" not in text.getvalue()
    names = {p.name for p in tmp_path.iterdir()}
    assert "settlement_lines.json" in names
    assert not {"settlement_lines.parquet", "monthly_spend.png"} & names
    assert any("'frames' extra" in n for n in result.notes)
    assert any("'plot' extra" in n for n in result.notes)
    assert "Spend per region\nregion" in text.getvalue(), "plain-text tables"


def test_demo_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["demo", "--households", "40", "--output", str(tmp_path / "out"), "--plain",
                 "--no-chain"])
    captured = capsys.readouterr()
    assert code == 0
    assert "Results written to" in captured.out
    assert "Traceback" not in captured.err
