"""The contract calendar: term and extensions, addenda, joining, old and new system."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sociaaldomein import InvalidValue, Obligation, ParameterError, Period, Provider
from sociaaldomein_hart_van_brabant import POLICY
from sociaaldomein_hart_van_brabant.contract_calendar import JoinCondition, System, load_calendar
from sociaaldomein_hart_van_brabant.sources import PARAMETERS

D = dt.date
CAL = POLICY.calendar


def test_contract_term() -> None:
    """HVB19-68, HVB19-69: two years from 1 January 2019, plus twice one year: the contract
    ends 31 Dec 2020, 2021 or 2022; a third extension does not exist."""
    assert CAL.contract_end(0) == D(2021, 1, 1)
    assert CAL.contract_end(1) == D(2022, 1, 1)
    assert CAL.contract_end(2) == D(2023, 1, 1)
    with pytest.raises(InvalidValue, match="2 extension options"):
        CAL.contract_end(3)
    assert [name for name, _ in CAL.phases()] == ["initial", "extension 1", "extension 2"]


def test_terms_on() -> None:
    """HVB19-66, HVB19-84: which terms apply on a date: the phase, the fixed end, the
    addenda in force, and whether the bestuursakkoord (until 31 Dec 2020) still holds."""
    first = POLICY.terms_on(D(2019, 6, 1))
    assert first.phase == "initial" and first.amended_by == () and first.bestuursakkoord
    assert first.phase_period == Period(D(2019, 1, 1), D(2021, 1, 1))
    second = POLICY.terms_on(D(2020, 1, 1))
    assert second.amended_by == (2019,)  # signed by 1 Dec 2019, in force 1 Jan 2020
    third = POLICY.terms_on(D(2021, 6, 1))
    assert third.phase == "extension 1" and third.amended_by == (2019, 2020)
    assert not third.bestuursakkoord and "successor" in third.describe()
    assert POLICY.terms_on(D(2022, 12, 31)).phase == "extension 2"
    with pytest.raises(InvalidValue, match="outside"):
        POLICY.terms_on(D(2023, 1, 1))
    with pytest.raises(InvalidValue, match="outside"):
        POLICY.terms_on(D(2021, 6, 1), extensions_taken=0)


def test_addenda() -> None:
    """HVB19-84: the 2019 round is bundled by 1 Oct 2019, signed by 1 Dec 2019 and in force
    on 1 Jan 2020."""
    assert CAL.addendum_deadlines(2019) == (D(2019, 10, 1), D(2019, 12, 1), D(2020, 1, 1))


def test_provider_join() -> None:
    """HVB19-72, HVB19-73: providers join yearly through the addendum; applied on or before
    1 October: from the next 1 January, later: a year after that; the end date stays fixed
    and joining after it is impossible."""
    assert POLICY.provider_join(D(2019, 10, 1)).takes_part_from == D(2020, 1, 1)
    assert POLICY.provider_join(D(2019, 10, 2)).takes_part_from == D(2021, 1, 1)
    assert POLICY.provider_join(D(2018, 3, 1)).takes_part_from == D(2019, 1, 1)
    late = POLICY.provider_join(D(2022, 5, 1))
    assert late.takes_part_from is None and "fixed" in late.reason
    assert late.ref.rule == "HVB19-72"


def test_municipality_join() -> None:
    """HVB19-74, HVB16-07: all three conditions strictly before 1 May of year Y: takes part
    from 1 January Y+1 (the issue's reading; the source gives only the deadline); on 1 May
    or later: from 1 January Y+2; a missing condition: not at all."""
    assert POLICY.municipality_join(D(2019, 4, 30)).takes_part_from == D(2020, 1, 1)
    assert POLICY.municipality_join(D(2019, 5, 1)).takes_part_from == D(2021, 1, 1)
    missing = POLICY.municipality_join(
        D(2019, 3, 1), frozenset({JoinCondition.BESTUURSAKKOORD, JoinCondition.AGREEMENTS}))
    assert missing.takes_part_from is None and "intention_announced" in missing.reason
    assert POLICY.municipality_join(D(2022, 6, 1)).takes_part_from is None


def test_system_for() -> None:
    """HVB19-81, HVB19-82: registered from 1 Jan 2019: new system. Registered on 15 Nov 2018
    with an old decision ending 30 Sep 2019: old system until then, new after it."""
    assert POLICY.system_for(D(2019, 1, 2), D(2019, 3, 1)) is System.NEW
    old_end = D(2019, 10, 1)  # first day after 30 September 2019
    assert POLICY.system_for(D(2018, 11, 15), D(2019, 9, 30), old_end) is System.OLD
    assert POLICY.system_for(D(2018, 11, 15), D(2019, 10, 1), old_end) is System.NEW
    shortened = D(2019, 7, 1)
    assert POLICY.system_for(D(2018, 11, 15), D(2019, 8, 1), shortened) is System.NEW


def test_framework_contract() -> None:
    """HVB19-70, HVB19-72, HVB19-79, HVB16-88: a provider joining on 1 Jan 2020 gets one
    contract for its cells to the same fixed end, with the extension options, and the
    delivery duty to all municipalities."""
    contract = CAL.framework_contract(Provider("P-NIEUW", "Nieuwe aanbieder"),
                                      frozenset({"5a-beperkt", "4a-beperkt"}), D(2020, 1, 1))
    assert contract.term == Period(D(2020, 1, 1), D(2021, 1, 1))
    assert contract.longest.end == D(2023, 1, 1)
    assert Obligation.DELIVERY_DUTY in contract.obligations
    assert contract.covers("5a-beperkt", D(2022, 3, 1), extensions_taken=2)
    assert not contract.covers("6a-beperkt", D(2020, 3, 1))


def test_municipality_join_names_the_municipality() -> None:
    """HVB19-74, HVB19-01: asked for a municipality that already takes part (Tilburg in
    2019), the answer is its own start, 2019-01-01; Waalwijk, outside the joint purchase,
    joins like any newcomer: conditions met on 30 April 2019, from 1 January 2020."""
    tilburg = POLICY.municipality_join(D(2019, 4, 30), municipality="0855")
    assert tilburg.takes_part_from == D(2019, 1, 1) and "already takes part" in tilburg.reason
    waalwijk = POLICY.municipality_join(D(2019, 4, 30), municipality="0867")
    assert waalwijk.takes_part_from == D(2020, 1, 1) and waalwijk.ref.rule == "HVB19-74"
    postponed = POLICY.with_participation("0797", None)
    assert postponed.municipality_join(D(2020, 3, 1), municipality="0797").takes_part_from \
        == D(2021, 1, 1)


def test_contract_file_is_strict(tmp_path: Path) -> None:
    """HVB19-68, HVB19-69: the calendar is data, read strictly: a third extension, a term of
    no years or a start on 29 February (no anniversary; it used to crash later with a bare
    ValueError) is a ParameterError naming file and key."""
    text = (PARAMETERS / "contract.toml").read_text(encoding="utf-8")
    bad = tmp_path / "contract.toml"
    for old, new, key in (("extensions = [1, 1]", "extensions = [1, 1, 1]", "extensions"),
                          ("initial_years = 2", "initial_years = 0", "initial_years"),
                          ("start = 2019-01-01", "start = 2020-02-29", "start")):
        bad.write_text(text.replace(old, new, 1), encoding="utf-8")
        with pytest.raises(ParameterError, match=rf"contract\.toml.*framework\.{key}"):
            load_calendar(bad)


def test_framework_agreement_parts(tmp_path: Path) -> None:
    """HVB19-71: the raamovereenkomst has three parts, the (combi)overeenkomst, the
    samenwerkingsovereenkomst and the bewerkersovereenkomst, and a dienstverlenings-
    overeenkomst may be added; a file naming two parts, or one twice, is refused."""
    assert CAL.parts == ("(combi)overeenkomst", "samenwerkingsovereenkomst",
                         "bewerkersovereenkomst")
    assert CAL.optional_parts == ("dienstverleningsovereenkomst",)
    text = (PARAMETERS / "contract.toml").read_text(encoding="utf-8")
    bad = tmp_path / "contract.toml"
    for wrong in ('["(combi)overeenkomst", "samenwerkingsovereenkomst"]',
                  '["a", "a", "b"]'):
        bad.write_text(text.replace(
            '["(combi)overeenkomst", "samenwerkingsovereenkomst", "bewerkersovereenkomst"]',
            wrong, 1), encoding="utf-8")
        with pytest.raises(ParameterError, match=r"contract\.toml.*framework\.parts"):
            load_calendar(bad)
