"""Properties that must always hold for West-Friesland, with the public strategies of
``sociaaldomein.testing``.

* WF-64, WF-65: for every trajectory and every way it can end, paid plus withheld equals
  the tariff to the cent, whatever the split and the withholding;
* WF-60: a client whose allocations pass validation never holds two arrangements of one
  support profile on the same day, and the validator flags every such overlap;
* WF-59: indexation compounds exactly over the years, rounded to the cent each year.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from sociaaldomein import (
    Allocation,
    Case,
    Household,
    Indexation,
    Money,
    Month,
    Municipality,
    Period,
    Person,
    Rounding,
    Settlement,
    Start,
    Stop,
    StopReason,
    Trajectory,
)
from sociaaldomein.testing import strategies
from sociaaldomein_west_friesland import ARRANGEMENTS, POLICY, Intensity, ProfileArrangement
from sociaaldomein_west_friesland.funding import TrajectoryTerms

KOGGENLAND = Municipality("1598", "Koggenland")
YOUTH = [k for k in ARRANGEMENTS if k.law.value == "jeugdwet"]
FAST = settings(deadline=None)  # examples: the suite-wide hypothesis profile (conftest.py)


def _months(start: dt.date, end: dt.date) -> list[Month]:
    out, month = [], Month.of(start)
    while month.first_day < end:
        out.append(month)
        month = month.next()
    return out


@FAST
@given(
    key=st.sampled_from(YOUTH),
    start=strategies.dates(dt.date(2019, 1, 1), dt.date(2021, 6, 30)),
    length=st.integers(1, 365),
    stop=st.none() | st.tuples(st.integers(1, 365), st.sampled_from(StopReason)),
    terms=strategies.trajectories(),
)
def test_wf64_paid_plus_withheld_is_tariff(
    key: ProfileArrangement, start: dt.date, length: int,
    stop: tuple[int, StopReason] | None, terms: Trajectory,
) -> None:
    """WF-64, WF-65: settle a youth trajectory month by month under any start share and
    withholding set; once it has ended, paid + withheld = the tariff of its start year,
    to the cent, and nothing is withheld unless the end reason is in the set."""
    share = terms.installments[0].share
    policy = POLICY.with_trajectory_terms(share, terms.withhold_on)
    end = start + dt.timedelta(days=length)
    alloc = Allocation("a", "h", "c", key.code, "P1", Period(start, end))
    events: tuple[Start | Stop, ...] = (Start("a", start),)
    reason = StopReason.COMPLETED
    if stop is not None and stop[0] < length:
        reason = stop[1]
        events += (Stop("a", start + dt.timedelta(days=stop[0]), reason),)
    case = Case(Household("h", KOGGENLAND, (Person("c", dt.date(2012, 1, 1)),)), (), (alloc,),
                events)
    lines = Settlement(tuple(x for m in _months(start, end) for x in policy.settle(case, m)))
    tariff = policy.tariffs.tariff(key.code, start.year).model
    assert isinstance(tariff, Trajectory)
    assert lines.total + lines.total_withheld == tariff.amount
    if reason not in terms.withhold_on:
        assert lines.total_withheld == Money.zero()
    assert TrajectoryTerms(share, terms.withhold_on).model(tariff) == tariff


@st.composite
def _changes(draw: st.DrawFn) -> list[tuple[ProfileArrangement, Period]]:
    """A chain of arrangements for one child, each change starting the day the previous
    one ends (a change of profile or intensity, §3.6.1)."""
    day = draw(strategies.dates(dt.date(2019, 1, 1), dt.date(2020, 12, 1)))
    chain = []
    for _ in range(draw(st.integers(1, 5))):
        key = draw(st.sampled_from(YOUTH))
        end = day + dt.timedelta(days=draw(st.integers(1, 200)))
        chain.append((key, Period(day, end)))
        day = end
    return chain


def _case(allocs: list[tuple[ProfileArrangement, Period]]) -> Case:
    return Case(
        Household("h", KOGGENLAND, (Person("c", dt.date(2015, 1, 1)),)), (),
        tuple(Allocation(f"a{i}", "h", "c", k.code, "P1", p,
                         flags=frozenset({"crisis"}))
              for i, (k, p) in enumerate(allocs)),
    )


@FAST
@given(_changes())
def test_wf60_no_overlap_after_changes(chain: list[tuple[ProfileArrangement, Period]]) -> None:
    """WF-60: changing profile or intensity by ending the old arrangement the day the new
    one starts never stacks: no violation, and on no day two arrangements."""
    case = _case(chain)
    assert [v for v in POLICY.validate(case, chain[0][1].start) if v.code == "WF-60"] == []
    for i, (_, first) in enumerate(chain):
        for _, second in chain[i + 1:]:
            assert not first.overlaps(second)


@FAST
@given(st.lists(st.tuples(st.sampled_from(YOUTH),
                          strategies.periods(dt.date(2019, 1, 1), dt.date(2021, 12, 31), 300)),
                min_size=1, max_size=4))
def test_wf60_validator_flags_every_overlap(allocs: list[tuple[ProfileArrangement, Period]]) -> None:
    """WF-60: for any allocations of one client, validation passes the stacking rule only
    if no two of them of the same support profile (indeed of the same law) overlap."""
    case = _case(allocs)
    flagged = any(v.code == "WF-60" for v in POLICY.validate(case, allocs[0][1].start))
    same_profile = any(
        a[0].profile == b[0].profile and a[1].overlaps(b[1])
        for i, a in enumerate(allocs) for b in allocs[i + 1:]
    )
    same_law = any(a[1].overlaps(b[1]) for i, a in enumerate(allocs) for b in allocs[i + 1:])
    if not flagged:
        assert not same_profile
    assert flagged == same_law


_rates = st.decimals(Decimal("-2.00"), Decimal("8.00"), places=2)


@FAST
@given(strategies.money(0, 2_000_000), st.lists(_rates, min_size=1, max_size=6),
       st.integers(0, 6))
def test_wf59_indexation_compounds(base: Money, rates: list[Decimal], cut: int) -> None:
    """WF-59: indexing over n years is indexing year by year, each year rounded half up to
    the cent; indexing to year b then on to c equals indexing straight to c."""
    first = 2019
    ix = Indexation({first + 1 + i: r for i, r in enumerate(rates)}, Rounding.HALF_UP)
    last = first + len(rates)
    expected = base
    for i, rate in enumerate(rates):
        exact = Fraction(expected.amount_cents) * (1 + Fraction(rate) / 100)
        expected = Money.cents(Rounding.HALF_UP.round(exact))
        assert ix.apply(base, first, first + 1 + i) == expected
    middle = first + min(cut, len(rates))
    assert ix.apply(ix.apply(base, first, middle), middle, last) == ix.apply(base, first, last)


def test_wf59_policy_tariffs_compound() -> None:
    """WF-59: every 2021 tariff is the 2019 tariff indexed twice, rounded each year."""
    ix = POLICY.tariffs.indexation
    assert ix is not None
    for arrangement in POLICY.catalog.arrangements:
        base = POLICY.tariffs.tariff(arrangement.code, 2019).model
        later = POLICY.tariffs.tariff(arrangement.code, 2021).model
        amount = getattr(base, "amount", None) or getattr(base, "price", None) or \
            getattr(base, "price_per_etmaal")  # noqa: B009
        indexed = getattr(later, "amount", None) or getattr(later, "price", None) or \
            getattr(later, "price_per_etmaal")  # noqa: B009
        assert indexed == ix.apply(amount, 2019, 2021)
    assert Intensity.ACUUT.rank == 4
