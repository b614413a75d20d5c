"""Bijlage 4 indicators the model can hold (issue 13 item 6): out-of-home placements as
youth stays (MH-80), re-referral after a regular end as relapse into treatment (MH-100),
and waiting time from registration to the start of care per provider (MH-55, MH-23).
Every figure is counted by hand in the test's docstring."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from sociaaldomein import (
    Allocation,
    Caseload,
    Household,
    Municipality,
    Period,
    Person,
    Start,
    Stop,
    StopReason,
)
from sociaaldomein_midden_holland import POLICY
from sociaaldomein_midden_holland.catalog import SegmentKey
from sociaaldomein_midden_holland.indicators import (
    IndicatorValue,
    registration_waiting_days,
    segment_indicators,
)

d = dt.date
GOUDA = Municipality("0513", "Gouda")
ZUIDPLAS = Municipality("1892", "Zuidplas")
YEAR = Period.year(2025)


def _value(values: tuple[IndicatorValue, ...], segment: SegmentKey, group: str,
           key: str) -> tuple[Fraction | None, int, str]:
    (found,) = [v for v in values if v.segment is segment and v.group == group and v.key == key]
    return found.value, found.observations, found.rule


def _placements() -> Caseload:
    """Gouda: youth c1 under a measure (GI-1, all of 2025) placed in pleegzorg on 1 March
    and in verblijf jeugd on 1 October; youth c2 in a gezinshuis from 1 February without a
    measure. Zuidplas: youth c3's measure ended on 31 March, her pleegzorg starts 1 April;
    youth c4's JeugdzorgPlus starts 1 June under a measure of GI-2."""
    gouda = Household("h1", GOUDA, (Person("c1", d(2012, 5, 1)), Person("c2", d(2010, 1, 1))))
    zuidplas = Household("h2", ZUIDPLAS, (Person("c3", d(2011, 1, 1)),
                                           Person("c4", d(2009, 1, 1))))
    allocations = (
        Allocation("m1", "h1", "c1", "jeugdbescherming", "GI-1", YEAR),
        Allocation("s1", "h1", "c1", "pleegzorg", "PZ", Period(d(2025, 3, 1), d(2025, 9, 1))),
        Allocation("s2", "h1", "c1", "verblijf_jeugd", "VJ", Period(d(2025, 10, 1), d(2026, 1, 1))),
        Allocation("s3", "h1", "c2", "gezinshuis", "GH", Period(d(2025, 2, 1), d(2026, 1, 1))),
        Allocation("m2", "h2", "c3", "jeugdbescherming", "GI-2", Period(d(2025, 1, 1), d(2025, 4, 1))),
        Allocation("s4", "h2", "c3", "pleegzorg", "PZ", Period(d(2025, 4, 1), d(2026, 1, 1))),
        Allocation("m3", "h2", "c4", "jeugdbescherming", "GI-2", YEAR),
        Allocation("s5", "h2", "c4", "jeugdzorgplus", "JZ", Period(d(2025, 6, 1), d(2025, 9, 1))),
    )
    return Caseload((gouda, zuidplas), (), allocations, ())


def test_mh80_out_of_home_placements_are_youth_stays_under_a_measure() -> None:
    """MH-80: Gouda counts 2 placements (c1's pleegzorg and verblijf jeugd; c2's gezinshuis
    is voluntary, without a measure); Zuidplas 1 (c4's JeugdzorgPlus; c3's pleegzorg starts
    the day after her measure ended)."""
    values = segment_indicators(_placements(), POLICY.catalog_data, YEAR)
    assert _value(values, SegmentKey.GEDWONGEN_KADER, "0513", "out_of_home_placements") == (
        Fraction(2), 2, "MH-80")
    assert _value(values, SegmentKey.GEDWONGEN_KADER, "1892", "out_of_home_placements") == (
        Fraction(1), 1, "MH-80")


def test_mh80_placements_per_gi_and_only_those_starting_in_the_window() -> None:
    """MH-80, MH-23: per provider the placements go to the GI of the measure (GI-1: 2,
    GI-2: 1). Over the first half of 2025 only c1's pleegzorg (1 March) and c4's
    JeugdzorgPlus (1 June) start: GI-1 1, GI-2 1."""
    values = segment_indicators(_placements(), POLICY.catalog_data, YEAR, by="provider")
    assert _value(values, SegmentKey.GEDWONGEN_KADER, "GI-1", "out_of_home_placements")[0] == 2
    assert _value(values, SegmentKey.GEDWONGEN_KADER, "GI-2", "out_of_home_placements")[0] == 1
    half = Period(d(2025, 1, 1), d(2025, 7, 1))
    values = segment_indicators(_placements(), POLICY.catalog_data, half, by="provider")
    assert _value(values, SegmentKey.GEDWONGEN_KADER, "GI-1", "out_of_home_placements")[0] == 1
    assert _value(values, SegmentKey.GEDWONGEN_KADER, "GI-2", "out_of_home_placements")[0] == 1


def _treatment() -> Caseload:
    """Behandeling in Gouda:
    t1 (c1, P1): 1 January - 31 March 2025, ends regularly; registered 2 December 2024.
    t2 (c1, P1): referred again 1 September 2025, registered 25 August, from 15 September.
    t3 (c2, P2): 1 February - 30 April 2025, stopped by the client on 1 March; registered
       22 January, started 10 February.
    t4 (c3, P2): 1 January - 31 May 2025, ends regularly, no registration date.
    t5 (c3, P2): registered 1 July 2026 (no referral date), from 1 August 2026."""
    household = Household("h1", GOUDA, (Person("c1", d(2012, 1, 1)), Person("c2", d(2013, 1, 1)),
                                        Person("c3", d(2014, 1, 1))))
    allocations = (
        Allocation("t1", "h1", "c1", "behandeling_ambulant", "P1",
                   Period(d(2025, 1, 1), d(2025, 4, 1)), registered_on=d(2024, 12, 2),
                   decided_on=d(2024, 12, 20)),
        Allocation("t2", "h1", "c1", "behandeling_ambulant", "P1",
                   Period(d(2025, 9, 15), d(2026, 3, 1)), registered_on=d(2025, 8, 25),
                   referred_on=d(2025, 9, 1)),
        Allocation("t3", "h1", "c2", "behandeling_ambulant", "P2",
                   Period(d(2025, 2, 1), d(2025, 5, 1)), registered_on=d(2025, 1, 22)),
        Allocation("t4", "h1", "c3", "ggz_consultatie", "P2", Period(d(2025, 1, 1), d(2025, 6, 1))),
        Allocation("t5", "h1", "c3", "ggz_consultatie", "P2",
                   Period(d(2026, 8, 1), d(2026, 12, 1)), registered_on=d(2026, 7, 1)),
    )
    events = (Start("t3", d(2025, 2, 10)), Stop("t3", d(2025, 3, 1), StopReason.CLIENT_UNILATERAL))
    return Caseload((household,), (), allocations, events)


def test_mh100_relapse_is_a_new_referral_within_a_year_of_a_regular_end() -> None:
    """MH-100: two treatments end regularly in 2025 (t1 on 31 March, t4 on 31 May; t3 was
    stopped by the client). c1 is referred again on 1 September 2025, 154 days after t1:
    a relapse. c3's new registration of 1 July 2026 is 396 days after t4, beyond 365:
    not one. Relapse 1/2."""
    values = segment_indicators(_treatment(), POLICY.catalog_data, YEAR)
    assert _value(values, SegmentKey.BEHANDELING, "0513", "relapse") == (
        Fraction(1, 2), 2, "MH-100")


def test_mh100_the_relapse_period_is_a_parameter() -> None:
    """MH-100: with 400 days c3's re-registration (396 days) counts too: 2/2; with 100
    days neither does (154 and 396): 0/2. Not a whole day is refused."""
    values = segment_indicators(_treatment(), POLICY.catalog_data, YEAR, relapse_days=400)
    assert _value(values, SegmentKey.BEHANDELING, "0513", "relapse")[0] == 1
    values = segment_indicators(_treatment(), POLICY.catalog_data, YEAR, relapse_days=100)
    assert _value(values, SegmentKey.BEHANDELING, "0513", "relapse")[0] == 0
    with pytest.raises(ValueError, match="relapse_days"):
        segment_indicators(_treatment(), POLICY.catalog_data, YEAR, relapse_days=0)


def test_mh100_no_regular_end_gives_no_relapse_figure() -> None:
    """MH-100: over January 2025 no treatment ended: relapse is None (nothing observed),
    not 0."""
    values = segment_indicators(_treatment(), POLICY.catalog_data,
                                Period(d(2025, 1, 1), d(2025, 2, 1)))
    assert _value(values, SegmentKey.BEHANDELING, "0513", "relapse") == (None, 0, "MH-100")


def test_mh55_waiting_from_registration_to_start_per_provider() -> None:
    """MH-55, MH-23: from registration to start of care, care started in 2025. P1: t1
    30 days (2 December 2024 to 1 January 2025), t2 21 days (25 August to 15 September):
    mean 51/2. P2: t3 19 days (22 January to the start event of 10 February; its period
    begins 1 February); t4 has no registration date and is not observed."""
    values = segment_indicators(_treatment(), POLICY.catalog_data, YEAR, by="provider")
    assert _value(values, SegmentKey.BEHANDELING, "P1", "waiting_days_from_registration") == (
        Fraction(51, 2), 2, "MH-55")
    assert _value(values, SegmentKey.BEHANDELING, "P2", "waiting_days_from_registration") == (
        Fraction(19), 1, "MH-55")
    t3 = _treatment().allocations[2]
    assert registration_waiting_days(t3, ()) == 10  # without the start event: 1 February
    assert registration_waiting_days(_treatment().allocations[3], ()) is None


def test_mh106_durations_of_beschut_and_beschermd_wonen_apart() -> None:
    """MH-106: beschermd wonen 1 January - 31 March 2025 (90 days) and 1 January - 30 June
    (181 days): mean 271/2; beschut wonen 1 February - 28 February (28 days). The Wonen
    segment's duration_days mixes them: (90 + 181 + 28) / 3 = 299/3."""
    household = Household("h1", GOUDA, (Person("a", d(1980, 1, 1)), Person("b", d(1981, 1, 1)),
                                        Person("c", d(1982, 1, 1))))
    allocations = (
        Allocation("w1", "h1", "a", "beschermd_wonen", "BW", Period(d(2025, 1, 1), d(2025, 4, 1))),
        Allocation("w2", "h1", "b", "beschermd_wonen", "BW", Period(d(2025, 1, 1), d(2025, 7, 1))),
        Allocation("w3", "h1", "c", "beschut_wonen", "BW", Period(d(2025, 2, 1), d(2025, 3, 1))),
    )
    values = segment_indicators(Caseload((household,), (), allocations, ()),
                                POLICY.catalog_data, YEAR)
    assert _value(values, SegmentKey.WONEN, "0513", "duration_days_beschermd_wonen") == (
        Fraction(271, 2), 2, "MH-106")
    assert _value(values, SegmentKey.WONEN, "0513", "duration_days_beschut_wonen") == (
        Fraction(28), 1, "MH-106")
    assert _value(values, SegmentKey.WONEN, "0513", "duration_days")[0] == Fraction(299, 3)
