"""The DataFrame layer (extra ``frames``): cents as integers, tables that add up, the H4
caseload tables reproduced from their counts."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from sociaaldomein.errors import MissingExtra
from sociaaldomein.settle.regions import settle_year
from sociaaldomein.synth import Synthetic

pl = pytest.importorskip("polars")
frames = pytest.importorskip("sociaaldomein.analysis.frames")


def test_h4_bijlage_1_punt_2_from_counts() -> None:
    """Individuele begeleiding basis 211 -> 92 and speciaal 167 -> 273 (Inkoopplan Wmo
    Rijswijk 2017, bijlage 1 punt 2): shares 56/25 and 44/75 as printed; the total 378 ->
    365 falls 3%."""
    table = frames.shares_and_growth_frame({"basis": [211, 92], "speciaal": [167, 273]},
                                           ["2015", "2016"])
    rows = {r["category"]: r for r in table.iter_rows(named=True)}
    assert (rows["basis"]["share_2015_pct"], rows["basis"]["share_2016_pct"]) == (56.0, 25.0)
    assert (rows["speciaal"]["share_2015_pct"], rows["speciaal"]["share_2016_pct"]) == (44.0, 75.0)
    assert rows["total"]["count_2015"] == 378 and rows["total"]["count_2016"] == 365
    assert rows["total"]["growth_pct"] == -3.0
    assert rows["basis"]["growth_pct"] == -56.0  # (92 - 211) / 211 = -56.4%


def test_h4_tabel_2_growth() -> None:
    """Tabel 2: individueel 378 -> 365 is -3.4% (the document prints -4), dagbesteding
    166 -> 203 is +22%; the rows add up to 544 -> 568, +4.4%, rounded 4 as printed (the
    document prints the 2016 total as 570)."""
    table = frames.shares_and_growth_frame({"individueel": [378, 365], "dagbesteding": [166, 203]},
                                           ["2015", "2016"])
    growth = dict(zip(table["category"], table["growth_pct"], strict=True))
    assert growth == {"individueel": -3.0, "dagbesteding": 22.0, "total": 4.0}
    assert table.filter(pl.col("category") == "total")["count_2016"][0] == 568


def test_settlement_frame_in_cents(synthetic: Synthetic) -> None:
    settlement, _years = settle_year(synthetic.caseload)
    frame = frames.settlement_frame(settlement)
    assert frame.schema["amount_cents"] == pl.Int64
    assert len(frame) == len(settlement.lines)
    paid = frame.filter(pl.col("flow") == "to_provider")["amount_cents"].sum()
    assert paid == settlement.total.amount_cents
    spend = frames.spend_frame(settlement, by=("region", "funding"))
    assert spend["amount_cents"].sum() == paid
    assert spend["lines"].sum() == len(settlement.payments())


def test_allocations_indicators_and_violations(synthetic: Synthetic) -> None:
    from sociaaldomein import validate

    allocs = frames.allocations_frame(synthetic.caseload)
    assert len(allocs) == len(synthetic.caseload.allocations)
    assert set(allocs["law"].unique()) <= {"wmo", "jeugdwet", "both"}
    inds = frames.indicators_frame(synthetic.caseload, "region")
    assert inds["allocations"].sum() == len(synthetic.caseload.allocations)
    ended = sum(inds[f"dropout_{c}"].sum() for c in (
        "according_to_plan", "early_by_agreement", "early_client", "early_provider",
        "early_external"))
    assert ended == inds["ended"].sum() == allocs["dropout_category"].drop_nulls().len()
    violations = frames.violations_frame(validate(synthetic.caseload))
    assert set(violations["household"].drop_nulls()) >= synthetic.breach_households
    tables = frames.caseload_frames(synthetic.caseload)
    assert len(tables["events"]) == len(synthetic.caseload.events)


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_caseload_tables_round_trip(synthetic: Synthetic, tmp_path: Path, fmt: str) -> None:
    allocations, events = frames.write_caseload_table(synthetic.caseload, tmp_path, fmt=fmt)
    back = frames.read_caseload_table(allocations, events)
    # the flat format carries the households' clients (members without care are left out)
    clients = {(a.household_id, a.client_id) for a in synthetic.caseload.allocations}
    expected = {(h.id, h.municipality, p) for h in synthetic.caseload.households
                for p in h.members if (h.id, p.id) in clients}
    assert {(h.id, h.municipality, p) for h in back.households for p in h.members} == expected
    assert back.events == synthetic.caseload.events
    assert [a.id for a in back.allocations] == [a.id for a in synthetic.caseload.allocations]


def test_bad_parquet_is_named(tmp_path: Path) -> None:
    from sociaaldomein.errors import InvalidInput

    path = tmp_path / "x.parquet"
    path.write_bytes(b"not parquet at all")
    with pytest.raises(InvalidInput, match=r"x\.parquet"):
        frames.read_caseload_table(path)


def test_compare_frame_adds_up(synthetic: Synthetic) -> None:
    from sociaaldomein import default_registry

    codes = [c for c in default_registry().codes() if c != "template"][:2]
    if len(codes) < 2:
        pytest.skip("needs two regions")
    table = frames.compare_frame(synthetic.caseload, codes)
    body = table.filter(pl.col("care_kind") != "total")
    total = table.filter(pl.col("care_kind") == "total")
    for code in codes:
        assert body[f"{code}_cents"].sum() == total[f"{code}_cents"][0]


def test_to_pandas_names_what_is_missing() -> None:
    frame = pl.DataFrame({"a": [1]})
    if importlib.util.find_spec("pandas") is None:
        with pytest.raises(MissingExtra, match="pandas"):
            frames.to_pandas(frame)
    else:  # pragma: no cover - depends on the environment
        assert list(frames.to_pandas(frame)["a"]) == [1]


def test_plots_write_png(synthetic: Synthetic, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    from sociaaldomein.analysis import plots
    from sociaaldomein.analysis.report import indicators

    settlement, years = settle_year(synthetic.caseload)
    path = plots.monthly_spend_png(tmp_path / "m.png", settlement, years)
    assert path.read_bytes()[:4] == b"\x89PNG"
    plots.save_png(plots.dropout_figure(indicators(synthetic.caseload, "region")), tmp_path / "d.png")
    plots.save_png(plots.spend_figure(settlement, "funding"), tmp_path / "f.png")
    plots.save_png(plots.shares_figure({"basis": [211, 92]}, ["2015", "2016"]), tmp_path / "s.png")
    assert len(list(tmp_path.glob("*.png"))) == 4
