"""Tests of the template region: the conformance suite plus hand-checkable cases."""

from __future__ import annotations

import datetime as dt

from sociaaldomein import (
    Allocation,
    Case,
    Household,
    Money,
    Month,
    Party,
    PartyKind,
    Period,
    Person,
    Plan,
    Start,
    Stop,
    StopReason,
)
from sociaaldomein.testing import PolicyContract
from sociaaldomein_template import POLICY
from sociaaldomein_template.policy import PROEFSTAD, VOORBEELDDORP


class TestTemplateContract(PolicyContract):
    policy = POLICY


def _case(arrangement: str, birth: dt.date, period: Period, *events: Start | Stop,
          coordinators: int = 1) -> Case:
    person = Person("c1", birth)
    household = Household("h1", VOORBEELDDORP, (person,))
    plan = Plan("pl1", "h1", period.start,
                coordinators=tuple(Party(PartyKind.ACCESS_TEAM) for _ in range(coordinators)))
    alloc = Allocation("a1", "h1", "c1", arrangement, "P1", period, plan_id="pl1")
    return Case(household, (plan,), (alloc,), events)


def test_members() -> None:
    """TPL-01: both fictional municipalities are members from 2024, with unused codes."""
    codes = {m.municipality.code for m in POLICY.members}
    assert codes == {VOORBEELDDORP.code, PROEFSTAD.code} == {"9901", "9902"}


def test_partial_month() -> None:
    """TPL-02: EUR 450 a month, care from 11 March 2024: 21/31 x 450 = 304.84 (half up)."""
    case = _case("begeleiding", dt.date(1970, 1, 1), Period(dt.date(2024, 3, 11), dt.date(2025, 1, 1)))
    lines = POLICY.settle(case, Month(2024, 3))
    assert [line.amount for line in lines] == [Money.euros("304.84")]
    assert lines[0].example and lines[0].rule == "TPL-02"


def test_trajectory() -> None:
    """TPL-03: 70% of EUR 3000 at the start, 30% at completion; withheld on a client's
    unilateral stop."""
    period = Period(dt.date(2024, 2, 1), dt.date(2024, 8, 1))
    done = _case("jeugdhulp-traject", dt.date(2014, 1, 1), period, Start("a1", dt.date(2024, 2, 5)))
    assert [x.amount for x in POLICY.settle(done, Month(2024, 2))] == [Money.euros("2100.00")]
    assert [x.amount for x in POLICY.settle(done, Month(2024, 7))] == [Money.euros("900.00")]
    quit_ = _case("jeugdhulp-traject", dt.date(2014, 1, 1), period,
                  Start("a1", dt.date(2024, 2, 5)),
                  Stop("a1", dt.date(2024, 4, 10), StopReason.CLIENT_UNILATERAL))
    april = POLICY.settle(quit_, Month(2024, 4))
    assert [x.amount for x in april] == [Money.zero()]
    assert april[0].withheld == Money.euros("900.00")


def test_law_by_age() -> None:
    """TPL-04: a 30-year-old on a youth trajectory is a violation naming the clause."""
    case = _case("jeugdhulp-traject", dt.date(1994, 1, 1), Period(dt.date(2024, 2, 1), dt.date(2024, 8, 1)))
    violations = POLICY.validate(case, dt.date(2024, 2, 1))
    assert [v.code for v in violations] == ["TPL-04"]
    assert violations[0].ref.rule == "TPL-04"


def test_coordinators() -> None:
    """TPL-05: two coordinators are reported; one is fine."""
    period = Period(dt.date(2024, 2, 1), dt.date(2024, 8, 1))
    two = _case("begeleiding", dt.date(1970, 1, 1), period, coordinators=2)
    one = _case("begeleiding", dt.date(1970, 1, 1), period)
    assert [v.code for v in POLICY.validate(two, period.start)] == ["TPL-05"]
    assert POLICY.validate(one, period.start) == []
