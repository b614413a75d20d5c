"""Municipalities, persons (BSN, age, law) and households."""

from __future__ import annotations

import datetime as dt

import pytest

from sociaaldomein import (
    Allocation,
    Bsn,
    Goal,
    GoalRevision,
    Household,
    HouseholdIncome,
    InvalidBSN,
    InvalidValue,
    Law,
    Money,
    Municipality,
    Partnership,
    Period,
    Person,
    Plan,
    Residence,
    RevisionKind,
    Start,
)


def test_municipality_code() -> None:
    assert Municipality("GM0855", "Tilburg").code == "0855"
    assert Municipality("0855", "Tilburg").gm_code == "GM0855"
    for bad in ["855", "GM08555", "abcd", ""]:
        with pytest.raises(InvalidValue):
            Municipality(bad, "X")


def test_bsn_eleven_test_and_masking() -> None:
    # 111222333: 9*1+8*1+7*1+6*2+5*2+4*2+3*3+2*3-1*3 = 66 = 6 x 11
    bsn = Bsn("111222333")
    assert "111222" not in repr(bsn) and "111222" not in str(bsn)
    assert repr(Person("p", dt.date(2000, 1, 1), bsn)).count("111222333") == 0
    with pytest.raises(InvalidBSN) as err:
        Bsn("123456789")
    assert "123456789" not in str(err.value)


def test_age_and_law() -> None:
    p = Person("p", dt.date(2001, 3, 15))
    assert p.age_on(dt.date(2019, 3, 14)) == 17
    assert p.law_on(dt.date(2019, 3, 14)) is Law.JEUGDWET
    assert p.law_on(dt.date(2019, 3, 15)) is Law.WMO
    assert p.may_receive(Law.JEUGDWET, dt.date(2020, 1, 1), extended_youth_care=True)
    assert not p.may_receive(Law.JEUGDWET, dt.date(2020, 1, 1))
    assert not p.may_receive(Law.JEUGDWET, dt.date(2024, 3, 15), extended_youth_care=True)
    leap = Person("q", dt.date(2004, 2, 29))
    assert leap.age_on(dt.date(2022, 2, 28)) == 17 and leap.age_on(dt.date(2022, 3, 1)) == 18


def test_household_validation() -> None:
    m = Municipality("0855", "Tilburg")
    with pytest.raises(InvalidValue, match="no members"):
        Household("h", m, ())
    p = Person("p", dt.date(2000, 1, 1))
    with pytest.raises(InvalidValue, match="twice"):
        Household("h", m, (p, p))
    with pytest.raises(InvalidValue):
        Household("bad id with spaces", m, (p,))


# -- dated household facts ------------------------------------------------------------------

def _people() -> tuple[Person, ...]:
    return (Person("a", dt.date(1960, 1, 1)), Person("b", dt.date(1962, 1, 1)),
            Person("k", dt.date(2005, 1, 1)))


def test_dated_membership_and_partner() -> None:
    """The child lives in the household until 1 July 2024; the partnership starts in 2020."""
    gouda = Municipality("0513", "Gouda")
    household = Household(
        "h1", gouda, _people(),
        partners=(Partnership("a", "b", Period.open(dt.date(2020, 1, 1))),),
        residence=(Residence("k", Period(dt.date(2005, 1, 1), dt.date(2024, 7, 1))),),
    )
    assert [p.id for p in household.members_on(dt.date(2024, 6, 30))] == ["a", "b", "k"]
    assert [p.id for p in household.members_on(dt.date(2024, 7, 1))] == ["a", "b"]
    partner = household.partner_of("a", dt.date(2024, 1, 1))
    assert partner is not None and partner.id == "b"
    assert household.partner_of("b", dt.date(2019, 12, 31)) is None
    assert household.partner_of("k", dt.date(2024, 1, 1)) is None


def test_dated_income_and_wlz() -> None:
    household = Household(
        "h1", Municipality("0513", "Gouda"), _people(),
        income=(HouseholdIncome(Money.euros("45000"), Period.year(2025)),),
        wlz_contribution=(Period.open(dt.date(2025, 6, 1)),),
    )
    assert household.income_on(dt.date(2025, 3, 1)) == Money.euros("45000")
    assert household.income_on(dt.date(2026, 3, 1)) is None
    assert not household.pays_wlz_contribution(dt.date(2025, 5, 31))
    assert household.pays_wlz_contribution(dt.date(2025, 6, 1))


@pytest.mark.parametrize(("changes", "message"), [
    ({"partners": (Partnership("a", "x"),)}, "partner 'x' is not a member"),
    ({"partners": (Partnership("a", "b"), Partnership("a", "k"))}, "two partners at once"),
    ({"residence": (Residence("x", Period.year(2025)),)}, "not a member"),
    ({"income": (HouseholdIncome(Money.euros("1"), Period.year(2025)),
                 HouseholdIncome(Money.euros("2"), Period.open(dt.date(2025, 6, 1))))},
     "two income periods overlap"),
])
def test_dated_facts_are_checked(changes: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidValue, match=message):
        Household("h1", Municipality("0513", "Gouda"), _people(), **changes)


def test_partnership_and_income_values() -> None:
    with pytest.raises(InvalidValue, match="two persons"):
        Partnership("a", "a")
    with pytest.raises(InvalidValue, match="0 or more"):
        HouseholdIncome(Money.euros("-1"))


# -- allocation fields ---------------------------------------------------------------------

def _alloc(**fields: object) -> Allocation:
    return Allocation("a1", "h1", "a", "x", "P", Period.year(2025), **fields)  # type: ignore[arg-type]


def test_allocation_registration_times_and_pgb_amount() -> None:
    alloc = _alloc(registered_on=dt.date(2024, 12, 2), referred_on=dt.date(2025, 1, 3),
                   referred_time=dt.time(22, 0), pgb=True, pgb_amount=Money.euros("350.00"))
    assert alloc.referred_at == dt.datetime(2025, 1, 3, 22, 0)
    assert _alloc(referred_on=dt.date(2025, 1, 3)).referred_at is None
    start = Start("a1", dt.date(2025, 1, 4), dt.time(8, 30))
    assert start.moment == dt.datetime(2025, 1, 4, 8, 30)
    assert Start("a1", dt.date(2025, 1, 4)).moment is None
    with pytest.raises(InvalidValue, match="referral time needs a referral date"):
        _alloc(referred_time=dt.time(8, 0))
    with pytest.raises(InvalidValue, match="whole seconds"):
        _alloc(referred_on=dt.date(2025, 1, 3), referred_time=dt.time(8, 0, 0, 5))
    with pytest.raises(InvalidValue, match="whole seconds"):
        Start("a1", dt.date(2025, 1, 4), dt.time(8, 0, 0, 5))
    with pytest.raises(InvalidValue, match="pgb amount needs pgb"):
        _alloc(pgb_amount=Money.euros("10.00"))
    with pytest.raises(InvalidValue, match="not negative"):
        _alloc(pgb=True, pgb_amount=Money.euros("-1.00"))


# -- plan goal history (revisions and evaluations) -----------------------------------------

def test_plan_goals_over_time() -> None:
    first = (Goal("wonen", "zelfstandig wonen"),)
    second = (Goal("wonen", "begeleid wonen"),)
    plan = Plan("p1", "h1", dt.date(2025, 2, 1), goals=first, revisions=(
        GoalRevision(dt.date(2025, 6, 1), second, consulted=True),
        GoalRevision(dt.date(2025, 4, 1), first, RevisionKind.EVALUATION),
    ))
    assert [r.date.month for r in plan.revisions] == [4, 6]  # kept in date order
    assert plan.goals_on(dt.date(2025, 3, 1)) == first
    assert plan.goals_on(dt.date(2025, 5, 31)) == first
    assert plan.goals_on(dt.date(2025, 6, 1)) == second
    with pytest.raises(InvalidValue, match="before the plan was drawn up"):
        Plan("p1", "h1", dt.date(2025, 2, 1), revisions=(GoalRevision(dt.date(2025, 1, 1), first),))
