"""Members over time, the joint purchase, the Waalwijk dialect, the strict members file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest

from sociaaldomein import (
    Allocation,
    Case,
    Household,
    Month,
    Municipality,
    NoPolicy,
    ParameterError,
    Period,
    Person,
    Registry,
)
from sociaaldomein_hart_van_brabant import POLICY, HartVanBrabantPolicy
from sociaaldomein_hart_van_brabant.joint_purchase import load_members
from sociaaldomein_hart_van_brabant.sources import PARAMETERS

CODES = {
    "Dongen": "0766", "Gilze en Rijen": "0784", "Goirle": "0785", "Heusden": "0797",
    "Hilvarenbeek": "0798", "Loon op Zand": "0809", "Oisterwijk": "0824", "Tilburg": "0855",
    "Waalwijk": "0867",
}


def test_nine_members_with_cbs_codes() -> None:
    """HVB16-01, HVB16-13: nine municipalities with their CBS codes, members from 2017."""
    found = {m.municipality.name: m.municipality.code for m in POLICY.members}
    assert found == CODES
    assert all(m.period.start == dt.date(2017, 1, 1) and m.period.is_open for m in POLICY.members)
    assert all(m.ref.rule == "HVB16-01" for m in POLICY.members)


def test_eight_take_part_from_2019() -> None:
    """HVB19-01, HVB19-05: eight take part in the joint purchase from 1 January 2019."""
    on = dt.date(2019, 1, 1)
    taking_part = {p.municipality.name for p in POLICY.participation if p.takes_part(on)}
    assert taking_part == set(CODES) - {"Waalwijk"}
    assert not any(POLICY.takes_part(code, dt.date(2018, 12, 31)) for code in CODES.values())


def test_heusden_may_postpone() -> None:
    """HVB19-03: Heusden and Loon op Zand are conditional; a what-if postpones Heusden to
    2020 without changing POLICY."""
    conditional = {p.municipality.name for p in POLICY.participation if p.conditional}
    assert conditional == {"Heusden", "Loon op Zand"}
    later = POLICY.with_participation("0797", dt.date(2020, 1, 1))
    assert isinstance(later, HartVanBrabantPolicy)
    assert not later.takes_part("0797", dt.date(2019, 6, 1))
    assert later.takes_part("0797", dt.date(2020, 1, 1))
    assert POLICY.takes_part("0797", dt.date(2019, 6, 1))
    dropped = POLICY.with_participation("0809", None)
    assert not dropped.takes_part("0809", dt.date(2021, 1, 1))


def test_waalwijk_dialect_via_policy_for() -> None:
    """HVB16-05, HVB19-04: Waalwijk is a member with a dialect and outside the joint
    purchase; policy_for applies the dialect, other members get the regional policy."""
    registry = Registry.of(POLICY)
    on = dt.date(2019, 3, 1)
    waalwijk = registry.policy_for("0867", on)
    tilburg = registry.policy_for("0855", on)
    assert isinstance(waalwijk, HartVanBrabantPolicy) and isinstance(tilburg, HartVanBrabantPolicy)
    assert waalwijk.applied_dialect == "0867" and tilburg.applied_dialect is None
    assert waalwijk.code == tilburg.code == "hart-van-brabant"
    assert not POLICY.takes_part("0867", on)
    rules = POLICY.local_rules("0867", on)
    assert rules is not None and rules.access_team_coordinates and rules.price_quantity
    assert POLICY.local_rules("0855", on) is None
    assert [d.municipality for d in POLICY.dialects] == ["0867"]


def test_members_file_is_strict(tmp_path: Path) -> None:
    """A wrong CBS code, an unknown key or a wrong count is an error naming file and key."""
    text = (PARAMETERS / "members.toml").read_text(encoding="utf-8")
    bad = tmp_path / "members.toml"
    bad.write_text(text.replace("size = 9", "size = 8"), encoding="utf-8")
    with pytest.raises(ParameterError, match=r"members\.toml.*9 municipalities, size says 8"):
        load_members(bad)
    bad.write_text(text.replace("separately_bought_results = []", 'separately_bought_results = ["2c"]', 1),
                   encoding="utf-8")
    with pytest.raises(ParameterError, match=r"joint_purchase\[0\]\.separately_bought_results"):
        load_members(bad)


def test_members_file_and_dialects_agree() -> None:
    """HVB16-05: the municipality marked with a dialect in members.toml is the one whose
    local rules the policy applies, and it has no joint-purchase participation."""
    marked = {p.municipality.code for p in POLICY.participation if p.dialect}
    assert marked == {v.municipality for v in POLICY.variants} == {"0867"}
    assert all(p.period is None for p in POLICY.participation if p.dialect)
    assert all(p.ref.rule == "HVB19-01" for p in POLICY.participation)


def test_non_member_is_reported_and_not_settled() -> None:
    """HVB16-01, HVB19-01: a household in a municipality outside the region (Amsterdam,
    0363) is one violation, HVB-NOT-MEMBER, and settling it with this policy raises
    NoPolicy instead of paying this region's tariffs (it used to pay 400.00 a month)."""
    household = Household("ams", Municipality("0363", "Amsterdam"),
                          (Person("ams", dt.date(1970, 1, 1)),))
    alloc = Allocation("a", "ams", "ams", "5a-beperkt", "P1",
                       Period(dt.date(2019, 2, 1), dt.date(2020, 2, 1)),
                       decided_on=dt.date(2019, 1, 28))
    case = Case(household, (), (alloc,), ())
    violations = POLICY.validate(case, dt.date(2019, 2, 1))
    assert [v.code for v in violations] == ["HVB-NOT-MEMBER"]
    assert violations[0].ref.rule == "HVB16-01" and "0363" in violations[0].message
    with pytest.raises(NoPolicy, match=r"Amsterdam.*not a member"):
        POLICY.settle(case, Month(2019, 2))
    tilburg = attrs.evolve(case, household=attrs.evolve(
        household, municipality=Municipality("0855", "Tilburg")))
    assert POLICY.settle(tilburg, Month(2019, 2))
    # before the region's membership starts (1 January 2017) nobody is a member
    assert [v.code for v in POLICY.validate(tilburg, dt.date(2016, 6, 1))] == ["HVB-NOT-MEMBER"]


def test_loon_op_zand_leaves() -> None:
    """HVB19-03, HVB19-05: Loon op Zand may also leave: with participation 2019-2020 only, a
    cell decided for 2020-06-01 .. 2021-05-31 is reported (HVB-CELL-NOT-IN-FORCE), one
    ending by 31 December 2020 is not."""
    left = POLICY.with_participation("0809", dt.date(2019, 1, 1), dt.date(2021, 1, 1))
    assert left.takes_part("0809", dt.date(2020, 12, 31))
    assert not left.takes_part("0809", dt.date(2021, 1, 1))
    household = Household("lz", Municipality("0809", "Loon op Zand"),
                          (Person("lz", dt.date(1960, 1, 1)),))
    alloc = Allocation("a", "lz", "lz", "5a-beperkt", "P1",
                       Period(dt.date(2020, 6, 1), dt.date(2021, 6, 1)),
                       decided_on=dt.date(2020, 5, 20))
    codes = {v.code for v in left.validate(Case(household, (), (alloc,), ()), dt.date(2020, 6, 1))}
    assert "HVB-CELL-NOT-IN-FORCE" in codes
    short = attrs.evolve(alloc, period=Period(dt.date(2020, 6, 1), dt.date(2021, 1, 1)))
    codes = {v.code for v in left.validate(Case(household, (), (short,), ()), dt.date(2020, 6, 1))}
    assert "HVB-CELL-NOT-IN-FORCE" not in codes


def test_members_file_bad_cbs_code(tmp_path: Path) -> None:
    """HVB16-01: a code that is not a four-digit CBS gemeentecode is a ParameterError naming
    the file and the key (it was a bare InvalidValue)."""
    text = (PARAMETERS / "members.toml").read_text(encoding="utf-8")
    bad = tmp_path / "members.toml"
    bad.write_text(text.replace('code = "0766"', 'code = "766"', 1), encoding="utf-8")
    with pytest.raises(ParameterError, match=r"members\.toml.*member\[0\]\.code.*766"):
        load_members(bad)


def test_joint_purchase_rows_match_the_members(tmp_path: Path) -> None:
    """HVB19-01, HVB19-04: every member has exactly one ``[[joint_purchase]]`` row (Waalwijk's
    without ``from``), and a row for a municipality outside the region is refused, naming
    file and key."""
    text = (PARAMETERS / "members.toml").read_text(encoding="utf-8")
    bad = tmp_path / "members.toml"
    bad.write_text(text.replace('[[joint_purchase]]\ncode = "0766"', '[[joint_purchase]]\ncode = "0363"', 1),
                   encoding="utf-8")
    with pytest.raises(ParameterError, match=r"members\.toml.*joint_purchase\[0\]\.code.*0363"):
        load_members(bad)
    start = text.index('[[joint_purchase]]\ncode = "0867"')
    bad.write_text(text[:start], encoding="utf-8")
    with pytest.raises(ParameterError, match=r"members\.toml.*no row for member 0867"):
        load_members(bad)
    members = load_members()
    assert [p.municipality for p in members.participation] == [m.municipality for m in members.memberships]
