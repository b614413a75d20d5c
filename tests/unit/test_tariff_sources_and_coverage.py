"""load_tariffs: a source per tariff table, and coverage as its own argument (issue 13
item 5)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sociaaldomein import Money, ParameterError, Source, load_tariffs

PLAN = Source("Inkoopplan 2019", "Regio")
NOTE = Source("Leidende principes 2016", "Regio")

FILE = '''region = "r"
[indexation]
rates = { 2020 = "2.0" }
source = "note"
section = "§5"

[[tariff]]
arrangement = "a"
year = 2019
model = "per_period"
amount = "100.00"

[[tariff]]
arrangement = "b"
year = 2019
model = "stay"
amount = "50.00"
source = "note"
section = "voetnoot 3"
'''


def _write(tmp_path: Path, text: str = FILE) -> Path:
    path = tmp_path / "tariffs.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_each_table_cites_its_own_source(tmp_path: Path) -> None:
    """``a`` cites the file's default (the plan, §1); ``b`` and the indexation cite the
    note, with their own clauses; ``b`` indexed 2 % into 2020 is 51.00."""
    schedule = load_tariffs(_write(tmp_path), region="r", source=PLAN, section="§1",
                            sources={"note": NOTE})
    a, b = schedule.tariffs
    assert (a.ref.source, a.ref.section) == (PLAN, "§1")
    assert (b.ref.source, b.ref.section) == (NOTE, "voetnoot 3")
    assert schedule.indexation is not None
    index_ref = schedule.indexation.ref
    assert index_ref is not None
    assert (index_ref.source, index_ref.section) == (NOTE, "§5")
    assert schedule.tariff("b", 2020).model.price_per_etmaal == Money.euros("51.00")  # type: ignore[union-attr]


def test_an_unknown_source_key_names_the_file_the_entry_and_the_known_keys(
        tmp_path: Path) -> None:
    with pytest.raises(ParameterError, match=r"source.*unknown source 'note'; known: plan"):
        load_tariffs(_write(tmp_path), region="r", source=PLAN, section="§1",
                     sources={"plan": PLAN})
    with pytest.raises(ParameterError, match="the loader was given no sources"):
        load_tariffs(_write(tmp_path), region="r", source=PLAN, section="§1")


def test_coverage_is_its_own_argument(tmp_path: Path) -> None:
    """Known codes no longer imply coverage: ``c`` may be named but has no tariff, and only
    ``covers`` asks for one. 2020 is covered for ``a`` by the index; 2021 is not."""
    path = _write(tmp_path)
    known = {"a", "b", "c"}
    schedule = load_tariffs(path, region="r", source=PLAN, section="§1",
                            sources={"note": NOTE}, known_arrangements=known,
                            required_years=(2019, 2020))
    assert schedule.arrangements == frozenset({"a", "b"})
    with pytest.raises(ParameterError, match="tariff for 2019 missing for 'c'"):
        load_tariffs(path, region="r", source=PLAN, section="§1", sources={"note": NOTE},
                     known_arrangements=known, required_years=(2019,), covers={"a", "c"})
    with pytest.raises(ParameterError, match="tariff for 2021 missing for 'a'"):
        load_tariffs(path, region="r", source=PLAN, section="§1", sources={"note": NOTE},
                     required_years=(2021,), covers={"a"})


@pytest.mark.parametrize("model", [
    'model = "per_period"', 'model = "stay"', 'model = "lump_sum"',
    'model = "price_quantity"\nunit = "04"',
    'model = "trajectory"\ninstallments = [{ share = "1", due = "start" }]',
])
def test_a_negative_amount_is_reported_at_the_amount_for_every_model(
        tmp_path: Path, model: str) -> None:
    """A tariff is never negative; the error names the file and ``tariff[0].amount`` for
    every funding model (a lump sum and a trajectory were reported at ``terms`` and
    ``installments``, and a region checked amounts itself before loading)."""
    path = _write(tmp_path, f'region = "r"\n[[tariff]]\narrangement = "a"\nyear = 2019\n'
                            f'{model}\namount = "-0.01"\n')
    with pytest.raises(ParameterError,
                       match=r"tariffs\.toml, at tariff\[0\]\.amount: amount must not be negative"):
        load_tariffs(path, region="r", source=PLAN, section="§1")
