"""The three performance indicators (§3.5.1 of *Uitvoeringskader inkoop sociaal domein
West-Friesland 2019-2021*), with shares to check by hand."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from sociaaldomein import (
    Allocation,
    CareEvent,
    Case,
    Evaluation,
    GoalRealisation,
    Household,
    Municipality,
    Period,
    Person,
    Stop,
    StopReason,
)
from sociaaldomein_west_friesland import POLICY
from sociaaldomein_west_friesland.indicators import (
    DROPOUT_CATEGORIES,
    indicators,
    indicators_per_provider,
    segment_c_share,
)

OPMEER = Municipality("0420", "Opmeer")
START, END = dt.date(2019, 1, 7), dt.date(2019, 12, 1)


def _case(n: int, code: str = "J02-2", provider: str = "P1",
          events: tuple[CareEvent, ...] = (), later: str | None = None) -> Case:
    hid = f"h{n}"
    allocs = [Allocation(f"a{n}", hid, "c", code, provider, Period(START, END))]
    if later is not None:
        allocs.append(Allocation(f"b{n}", hid, "c", later, "P9",
                                 Period(dt.date(2019, 11, 1), dt.date(2020, 3, 1))))
    return Case(Household(hid, OPMEER, (Person("c", dt.date(2010, 1, 1)),)), (), tuple(allocs),
                events)


def _ended(n: int, reason: StopReason, **kw: str) -> Case:
    return _case(n, events=(Stop(f"a{n}", dt.date(2019, 6, 1), reason),), **kw)


def test_wf46_wf47_dropout_breakdown() -> None:
    """WF-46, WF-47: 100 ended trajectories, 70 according to plan, 10 by agreement, 12 by
    the client, 3 by the provider, 5 external (2 moves, 1 death, 2 other): the breakdown is
    70/10/12/3/5 %, early ends together 30 %, the client's unilateral ends 12 %."""
    reasons = ([StopReason.COMPLETED] * 70 + [StopReason.BY_AGREEMENT] * 10
               + [StopReason.CLIENT_UNILATERAL] * 12 + [StopReason.PROVIDER_UNILATERAL] * 3
               + [StopReason.MOVED] * 2 + [StopReason.DECEASED] + [StopReason.EXTERNAL] * 2)
    cases = [_ended(i, r) for i, r in enumerate(reasons)]
    found = indicators(cases)[("P1", "J02-2")]
    assert found.ended_total == 100
    assert found.breakdown() == {
        "according_to_plan": Fraction(70, 100), "early_by_agreement": Fraction(10, 100),
        "early_client": Fraction(12, 100), "early_provider": Fraction(3, 100),
        "early_external": Fraction(5, 100),
    }
    assert found.dropout_share() == Fraction(30, 100)
    assert found.dropout_share(["early_client"]) == Fraction(12, 100)
    assert list(DROPOUT_CATEGORIES.values())[2] == "Voortijdig: eenzijdig door de cliënt"
    with pytest.raises(KeyError):
        found.dropout_share(["uitval"])


def test_wf48_satisfaction() -> None:
    """WF-48: marks 8, 6, 5 and 9: three of four judge the help sufficient (6 or more)."""
    marks = (8, 6, 5, 9)
    case = _case(1, events=tuple(Evaluation("a1", dt.date(2019, m, 1), satisfaction=s)
                                 for m, s in zip((3, 5, 7, 9), marks, strict=True)))
    assert indicators([case])[("P1", "J02-2")].satisfaction == Fraction(3, 4)
    assert indicators([case], satisfied_from=8)[("P1", "J02-2")].satisfaction == Fraction(2, 4)


def test_wf49_goal_realisation() -> None:
    """WF-49: four sub-indicators. Two evaluations: goals realised once of twice; continues
    without help once of twice; problems decreased twice of twice. Two ended trajectories,
    one followed by new help within a year: no new help 1 of 2."""
    evaluations = (
        Evaluation("a1", dt.date(2019, 5, 1), True, GoalRealisation.REALISED, True, True),
        Evaluation("a1", dt.date(2019, 9, 1), True, GoalRealisation.PARTLY, False, True),
        Stop("a1", dt.date(2019, 10, 1), StopReason.COMPLETED),
    )
    first = _case(1, events=evaluations)
    second = _ended(2, StopReason.COMPLETED, later="J02-1")
    found = indicators([first, second], per_arrangement=False)[("P1", None)]
    assert found.goal_realisation() == {
        "continues_without_help": Fraction(1, 2), "no_new_help": Fraction(1, 2),
        "problems_decreased": Fraction(1, 1), "goals_realised": Fraction(1, 2),
    }


def test_wf43_per_provider_and_arrangement() -> None:
    """WF-43: results per provider (contract level) and per arrangement."""
    cases = [_ended(1, StopReason.COMPLETED), _case(2, "J05-3", "P2"),
             _ended(3, StopReason.CLIENT_UNILATERAL)]
    per = indicators(cases)
    assert set(per) == {("P1", "J02-2"), ("P2", "J05-3")}
    assert per[("P1", "J02-2")].ended_total == 2
    assert per[("P2", "J05-3")].ended_total == 0
    assert per[("P2", "J05-3")].satisfaction is None
    assert set(indicators_per_provider(cases)) == {"P1", "P2"}


def test_wf45_three_indicators() -> None:
    """WF-45: exactly three indicators: drop-out, client satisfaction, goal realisation."""
    found = indicators([_ended(1, StopReason.COMPLETED)])[("P1", "J02-2")]
    assert found.breakdown() and found.satisfaction is None
    assert len(found.goal_realisation()) == 4


def test_wf24_segment_c_share() -> None:
    """WF-24: 200 households with youth care, 30 of them with a segment C allocation:
    15 %, the document's average."""
    segment_of = {a.code: a.segment for a in POLICY.catalog.arrangements}
    cases = [_case(i, "J05-3" if i < 30 else "J05-1") for i in range(200)]
    assert segment_c_share(cases, segment_of, dt.date(2019, 6, 1)) == Fraction(15, 100)


def test_wf46_trajectories_ending_without_a_stop_count_as_ended_by_plan() -> None:
    """WF-46, WF-47 (review): 70 trajectories simply run to their end (settlement pays
    their 30 % as completed) and 30 end early with a stop. Judged on 2020-01-01
    (``ended_by``), the breakdown has 100 ended and drop-out is 30 %, not 100 %; without
    ``ended_by`` only the 30 stops count, as before."""
    early = ([StopReason.BY_AGREEMENT] * 10 + [StopReason.CLIENT_UNILATERAL] * 12
             + [StopReason.PROVIDER_UNILATERAL] * 3 + [StopReason.EXTERNAL] * 5)
    cases = [_case(i) for i in range(70)] + [_ended(70 + i, r) for i, r in enumerate(early)]
    found = indicators(cases, ended_by=dt.date(2020, 1, 1))[("P1", "J02-2")]
    assert found.ended_total == 100
    assert found.breakdown()["according_to_plan"] == Fraction(70, 100)
    assert found.dropout_share() == Fraction(30, 100)
    assert found.goal_realisation()["no_new_help"] == Fraction(1)
    running = indicators(cases, ended_by=dt.date(2019, 11, 30))[("P1", "J02-2")]
    assert running.ended_total == 30
    assert indicators(cases)[("P1", "J02-2")].dropout_share() == Fraction(1)
    per_provider = indicators_per_provider(cases, ended_by=dt.date(2020, 1, 1))["P1"]
    assert per_provider.ended_total == 100


def test_wf49_negative_window_is_refused() -> None:
    """WF-49 (review): the "no new help" window counts days after the end; a negative
    window would count every client as without new help, so it is refused."""
    with pytest.raises(ValueError, match="not negative"):
        indicators([_case(1)], new_help_window_days=-1)
