"""The catalog: the 2019 matrix, its add-ons, the tracks, and the strict catalog file."""

from __future__ import annotations

from pathlib import Path

import pytest

from sociaaldomein import Law, ParameterError, UnknownCode
from sociaaldomein_hart_van_brabant import POLICY
from sociaaldomein_hart_van_brabant.catalog import (
    AddOn,
    Area,
    Cell,
    Result,
    SelfReliance,
    Track,
    load_catalog,
)
from sociaaldomein_hart_van_brabant.sources import PARAMETERS

CATALOG = POLICY.hvb_catalog


def test_matrix_has_39_cells() -> None:
    """HVB19-18..24, HVB16-60: 6 areas with 2, 2, 2, 2, 3, 2 results = 13 results, x 3 levels =
    39 cells, one catalog arrangement each, all under the Wmo, in track 3."""
    per_area = [sum(1 for r in Result if r.area is a) for a in Area]
    assert per_area == [2, 2, 2, 2, 3, 2]
    assert len(Result) == 13 and len(SelfReliance) == 3
    cells = [a for a in POLICY.catalog.arrangements if a.result_area is not None]
    assert len(cells) == len(Cell.all()) == 39
    assert {a.code for a in cells} == {c.code for c in Cell.all()}
    assert all(a.laws == frozenset({Law.WMO}) and a.segment == "spoor-3" for a in cells)
    assert CATALOG.result_name(Result.R5A) == "iemand heeft sociale contacten"
    assert CATALOG.area(Area.GEZINSSITUATIE).name == "Gezinssituatie / huiselijke relaties"


def test_only_2b_is_optional() -> None:
    """HVB19-25, HVB19-07: only household help (2b) is optional per municipality."""
    assert CATALOG.optional_results == frozenset({Result.R2B})


def test_area_rules() -> None:
    """HVB19-36: areas 1 and 6 need an explicit result; HVB19-40: transport for 1 and 5;
    HVB19-30: area 3 needs another area."""
    explicit = {a.area for a in CATALOG.areas if a.explicit_result_required}
    assert explicit == {Area.SOCIAAL_NETWERK, Area.REGIE_OP_EIGEN_LEVEN}
    assert {a.area for a in CATALOG.areas if a.transport} == {
        Area.SOCIAAL_NETWERK, Area.MAATSCHAPPELIJKE_PARTICIPATIE}
    assert CATALOG.areas_for(AddOn.TRANSPORT) == {Area.SOCIAAL_NETWERK,
                                                  Area.MAATSCHAPPELIJKE_PARTICIPATIE}
    assert [a.area for a in CATALOG.areas if a.requires_other_area] == [Area.FINANCIELE_SITUATIE]


def test_no_meal_cell() -> None:
    """HVB19-37: guidance with meals is no result area; unknown codes are refused."""
    for code in ("maaltijden-beperkt", "2c-beperkt", "5d-niet", "7a-bijna", "5a-midden", "5a"):
        with pytest.raises(UnknownCode):
            Cell.parse(code)
        assert not POLICY.catalog.has_arrangement(code)
    assert Cell.parse("5a-beperkt") == Cell(Result.R5A, SelfReliance.BEPERKT)


def test_addons() -> None:
    """HVB19-28, HVB19-29: two per-etmaal short-stay components under area 1; HVB19-39:
    the coordination budget is paid per period (no unit)."""
    stay = POLICY.catalog.arrangement(AddOn.SHORT_STAY_STAY.value)
    guidance = POLICY.catalog.arrangement(AddOn.SHORT_STAY_GUIDANCE.value)
    assert stay.unit is guidance.unit and stay.unit is not None and stay.unit.value == "14"
    assert CATALOG.areas_for(AddOn.SHORT_STAY_STAY) == {Area.SOCIAAL_NETWERK}
    assert POLICY.catalog.arrangement(AddOn.COORDINATION.value).unit is None


def test_tracks() -> None:
    """HVB16-48..59, HVB16-02, HVB16-25, HVB19-10: four tracks; 1 and 2 local without a
    decision (2 is 'segment 1'); 3 and 4 regional; 4 with the GI and the Zorg- en
    Veiligheidshuis."""
    assert [t.value for t in Track] == [1, 2, 3, 4]
    segments = {s.code: s for s in POLICY.catalog.segments}
    assert [segments[t.code].needs_decision for t in Track] == [False, False, True, True]
    assert [CATALOG.track(t).organised for t in Track] == ["local", "local", "regional", "regional"]
    assert CATALOG.track(Track.LICHTE_ONDERSTEUNING).also_called == "segment 1"
    four = CATALOG.track(Track.COMPLEXE_CASUISTIEK)
    assert "Gecertificeerde Instelling" in four.handled_by and "Veiligheidshuis" in four.handled_by
    assert segments["spoor-3"].name == "Specialistische ondersteuning"


def test_catalog_file_is_strict(tmp_path: Path) -> None:
    """HVB19-26: the matrix is data; a code the enums do not know, a missing result or an
    unknown key is an error naming file and key."""
    text = (PARAMETERS / "catalog.toml").read_text(encoding="utf-8")
    bad = tmp_path / "catalog.toml"
    bad.write_text(text.replace('code = "5c"', 'code = "5d"'), encoding="utf-8")
    with pytest.raises(ParameterError, match=r"catalog.toml.*result\[10\]\.code"):
        load_catalog(bad)
    bad.write_text(text.replace('axis = "Afstand tot het resultaat"',
                                'axis = "x"\nextra = 1'), encoding="utf-8")
    with pytest.raises(ParameterError, match=r"matrix\.extra.*unknown key"):
        load_catalog(bad)


def test_clauses_follow_the_rule_id(tmp_path: Path) -> None:
    """``ref`` cites the document the id belongs to (HVB16: the 2016 principles, HVB19: the
    2019 plan); a catalog entry whose rule is no Hart van Brabant id is a ParameterError
    naming file and key."""
    from sociaaldomein_hart_van_brabant.sources import PRINCIPLES_2016, PURCHASE_2019, ref

    assert ref("HVB16-49", "§3.2 Spoor 1").source == PRINCIPLES_2016
    assert ref("HVB19-17", "§4.1").source == PURCHASE_2019
    with pytest.raises(ValueError, match="not a Hart van Brabant rule id"):
        ref("WF-58", "§3.6.2")
    text = (PARAMETERS / "catalog.toml").read_text(encoding="utf-8")
    bad = tmp_path / "catalog.toml"
    bad.write_text(text.replace('rule = "HVB16-49"', 'rule = "WF-58"', 1), encoding="utf-8")
    with pytest.raises(ParameterError, match=r"catalog\.toml.*track\[0\]\.rule.*WF-58"):
        load_catalog(bad)
