"""The region page ``docs/regions/hart-van-brabant.md``: its hand-kept tables (example
tariffs, tracks, the indicative 2016 matrix, validation codes) agree with the policy.

The members, segments, catalog and rules are generated onto the page at build time by the
docs hook (``docs/hooks/regions.py``); the tables below are the region's own and are checked
here row by row, so the page cannot fall behind the data."""

from __future__ import annotations

import re
from pathlib import Path

from sociaaldomein import PerPeriod, PriceQuantity, Stay, Tariff, Unit
from sociaaldomein.policy.plugin import RuleStatus
from sociaaldomein_hart_van_brabant import POLICY
from sociaaldomein_hart_van_brabant.catalog import (
    AddOn,
    Distance2016,
    LifeDomain2016,
    Result,
    SelfReliance,
    Track,
    WaalwijkProduct,
)
from sociaaldomein_hart_van_brabant.rules import R

PAGE = Path(__file__).resolve().parents[3] / "docs" / "regions" / "hart-van-brabant.md"
TEXT = PAGE.read_text(encoding="utf-8")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _amount(tariff: Tariff) -> str:
    model = tariff.model
    if isinstance(model, PerPeriod):
        return f"{model.amount.format_nl()} per {model.period.value}"
    if isinstance(model, Stay):
        return f"{model.price_per_etmaal.format_nl()} per etmaal"
    assert isinstance(model, PriceQuantity), tariff
    if model.unit is Unit.PIECE_EFFORT:
        return f"{model.price.format_nl()} per day of transport (unit 84)"
    return f"{model.price.format_nl()} per {model.unit.label}"


def _missing(rows: list[str]) -> list[str]:
    return [row for row in rows if row not in TEXT]


def test_matrix_rows_are_the_2019_example_tariffs() -> None:
    """HVB19-17: one row per result, the three levels' 2019 example tariffs per month
    (e.g. 5a: 225.00 / 400.00 / 650.00)."""
    cat = POLICY.hvb_catalog
    rows = []
    for result in Result:
        name = f"**{result.value}** {cat.result_name(result)} ({cat.area(result.area).name})"
        if result in cat.optional_results:
            name += " *(optional per municipality)*"
        cells = []
        for level in SelfReliance:
            model = POLICY.tariffs.tariff(f"{result.value}-{level.value}", 2019).model
            assert isinstance(model, PerPeriod)
            cells.append(model.amount.format_nl())
        rows.append(f"| {_cell(name)} | " + " | ".join(cells) + " |")
    assert len(rows) == 13 and not _missing(rows)
    assert "| **5a** iemand heeft sociale contacten (Maatschappelijke participatie) | € 225,00 | € 400,00 | € 650,00 |" in TEXT


def test_addon_rows_are_the_2019_example_tariffs() -> None:
    """HVB19-29, HVB19-39, HVB19-40, HVB16-74: the add-ons and Waalwijk's products with their
    2019 example tariff and where the example value comes from."""
    rows = []
    for code in [a.value for a in AddOn] + [p.value for p in WaalwijkProduct]:
        tariff = POLICY.tariffs.tariff(code, 2019)
        rows.append(f"| {_cell(POLICY.catalog.arrangement(code).name)} | `{code}` | "
                    f"{_amount(tariff)} | {_cell(tariff.ref.note or '')} |")
    assert len(rows) == 6 and not _missing(rows)


def test_track_rows_are_the_catalog_tracks() -> None:
    """HVB16-48 .. HVB16-55: the four tracks as the catalog holds them."""
    rows = []
    for track in Track:
        info = POLICY.hvb_catalog.track(track)
        name = info.name + (f" ({info.also_called})" if info.also_called else "")
        rows.append(f"| {track.value} (`{track.code}`) | {name} | {info.decision} | "
                    f"{info.organised} | {_cell(info.handled_by)} | {info.section} ({info.rule}) |")
    assert not _missing(rows)


def test_indicative_rows_are_the_2016_matrix() -> None:
    """HVB16-66 .. HVB16-69: the indicative 2016 amounts by distance."""
    matrix = POLICY.indicative_2016
    rows = [f"| {distance.value.capitalize()} | "
            + " | ".join(matrix.amount(d, distance).format_nl() for d in LifeDomain2016) + " |"
            for distance in Distance2016]
    assert not _missing(rows)
    assert "| Midden | € 30,00 | € 40,00 | € 25,00 | € 35,00 | € 50,00 | € 40,00 |" in rows


def test_every_validation_code_is_on_the_page_with_its_clause() -> None:
    """Every violation code of :mod:`.rules` is in the page's table with its clause."""
    rows = [f"| `{code}` | {ref.section} ({ref.rule}) |" for code, ref in R.items()]
    assert len(rows) == len(R) == 49 and not _missing(rows)
    assert "`HVB-PGB-CAP`, `HVB-PGB-MAATWERK`" in TEXT and "`HVB-LAW`" in TEXT


def test_generated_sections_are_left_to_the_hook() -> None:
    """The page keeps no hand-copied rule or member table (the hook generates them)."""
    assert "## Generated from the installed policy" not in TEXT
    assert "| HVB16-01 |" not in TEXT and "| Dongen | 0766 |" not in TEXT


def test_not_encoded_rules_are_on_the_page_with_a_reason() -> None:
    """Issue 13 item 7: the page lists exactly the rules rules.toml leaves not encoded, each
    with its reason, and states their number (17 of 174: at most ~10%)."""
    section = TEXT.split("## Rules not encoded, and why", 1)[1].split("\n## ", 1)[0]
    listed = set()
    for line in section.splitlines():
        if line.startswith("- "):
            head, _, reason = line[2:].partition(":")
            assert reason.strip(), line
            listed.update(re.findall(r"HVB1[69]-\d+", head))
    not_encoded = {r.id for r in POLICY.rules if r.status is RuleStatus.NOT_ENCODED}
    assert listed == not_encoded
    assert f"{len(not_encoded)} of the {len(POLICY.rules)} rules" in section
    assert len(not_encoded) * 10 <= len(POLICY.rules)
