"""Settlement rules of West-Friesland with figures to check by hand.

Source: *Uitvoeringskader inkoop sociaal domein West-Friesland 2019-2021*, §3.4, §3.6,
§3.6.1 and §3.6.2. Amounts are the example tariffs of ``parameters/tariffs.toml``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from sociaaldomein import (
    Allocation,
    CareEvent,
    Case,
    Delivery,
    Evaluation,
    GoalRealisation,
    Household,
    InvalidValue,
    Money,
    Month,
    Municipality,
    Period,
    Person,
    Settlement,
    Start,
    Stop,
    StopReason,
    Unit,
)
from sociaaldomein_west_friesland import POLICY, load_policy
from sociaaldomein_west_friesland.sources import PARAMETERS

ENKHUIZEN = Municipality("0388", "Enkhuizen")
YEAR_2019 = [Month(2019, m) for m in range(1, 13)]


def _case(client_birth: dt.date, allocations: tuple[Allocation, ...],
          events: tuple[CareEvent, ...] = ()) -> Case:
    return Case(Household("h", ENKHUIZEN, (Person("c", client_birth),)), (), allocations, events)


def _alloc(aid: str, code: str, start: dt.date, end: dt.date, provider: str = "P1",
           **options: object) -> Allocation:
    return Allocation(aid, "h", "c", code, provider, Period(start, end), **options)  # type: ignore[arg-type]


def _settle(case: Case, months: list[Month] = YEAR_2019) -> Settlement:
    return Settlement(tuple(line for m in months for line in POLICY.settle(case, m)))


def test_wf13_wf14_pays_hoofdaannemer_only() -> None:
    """WF-13, WF-14: the provider of the allocation is the hoofdaannemer; onderaannemers
    are never paid by the municipality. J04-1 (2304.00): 1612.80 + 691.20, all to P1."""
    alloc = _alloc("a1", "J04-1", dt.date(2019, 3, 1), dt.date(2019, 9, 1),
                   subcontractors=("ONDER1", "ONDER2"))
    settlement = _settle(_case(dt.date(2010, 1, 1), (alloc,)))
    assert settlement.group_by("provider") == {"P1": Money.euros("2304.00")}
    assert [line.amount for line in settlement.lines] == [Money.euros("1612.80"),
                                                          Money.euros("691.20")]


def test_wf30_hourly_products() -> None:
    """WF-30: IB and HO are paid P x Q per hour: 6 hours HO at 32.40 = 194.40 and 90
    minutes IB at 55.80 = 83.70 in June 2019."""
    ho = _alloc("h1", "HO", dt.date(2019, 6, 1), dt.date(2020, 6, 1), volume=Decimal(3),
                unit=Unit.HOUR)
    ib = _alloc("i1", "IB", dt.date(2019, 6, 1), dt.date(2020, 6, 1), volume=Decimal(2),
                unit=Unit.HOUR)
    events = (Delivery("h1", dt.date(2019, 6, 3), Decimal(3), Unit.HOUR),
              Delivery("h1", dt.date(2019, 6, 17), Decimal(3), Unit.HOUR),
              Delivery("i1", dt.date(2019, 6, 5), Decimal(90), Unit.MINUTE))
    case = _case(dt.date(1950, 1, 1), (ho, ib), events)
    assert POLICY.validate(case, dt.date(2019, 6, 1)) == []
    june = _settle(case, [Month(2019, 6)])
    assert june.group_by("arrangement") == {"HO": Money.euros("194.40"),
                                            "IB": Money.euros("83.70")}
    assert {line.rule for line in june.lines} == {"WF-30"}


def test_wf51_same_tariff_for_every_provider() -> None:
    """WF-51: one fixed tariff per arrangement: two providers earn the same 3456.00 for
    J07-2."""
    a = _alloc("a1", "J07-2", dt.date(2019, 1, 7), dt.date(2019, 7, 1), provider="P1")
    b = _alloc("a2", "J07-2", dt.date(2019, 1, 7), dt.date(2019, 7, 1), provider="P2")
    one, two = _settle(_case(dt.date(2011, 1, 1), (a,))), _settle(_case(dt.date(2011, 1, 1), (b,)))
    assert one.total == two.total == Money.euros("3456.00")


def test_wf52_wf58_hours_and_extra_work_not_paid() -> None:
    """WF-52, WF-58: the arrangement earns its tariff whether 10 or 40 hours were worked;
    hours or an extra amount declared on it are violations and are not paid."""
    alloc = _alloc("a1", "J01-2", dt.date(2019, 2, 1), dt.date(2019, 8, 1))
    light = _case(dt.date(2011, 1, 1), (alloc,),
                  (Delivery("a1", dt.date(2019, 3, 1), Decimal(10), Unit.HOUR),))
    heavy = _case(dt.date(2011, 1, 1), (alloc,),
                  (Delivery("a1", dt.date(2019, 3, 1), Decimal(40), Unit.HOUR),
                   Delivery("a1", dt.date(2019, 4, 1), Decimal(500), Unit.EURO)))
    assert _settle(light).total == _settle(heavy).total == Money.euros("3456.00")
    assert [v.code for v in POLICY.validate(light, alloc.period.start)] == ["WF-52"]
    assert sorted(v.code for v in POLICY.validate(heavy, alloc.period.start)) == ["WF-52", "WF-58"]


def test_wf61_no_bonus_malus() -> None:
    """WF-61: no payment depends on results: a failed evaluation changes nothing."""
    alloc = _alloc("a1", "J08-3", dt.date(2019, 2, 1), dt.date(2019, 8, 1))
    base = (Start("a1", dt.date(2019, 2, 1)),)
    good = _case(dt.date(2011, 1, 1), (alloc,),
                 (*base, Evaluation("a1", dt.date(2019, 5, 1), True, GoalRealisation.REALISED)))
    bad = _case(dt.date(2011, 1, 1), (alloc,),
                (*base, Evaluation("a1", dt.date(2019, 5, 1), False,
                                   GoalRealisation.NOT_REALISED, False, False, 2)))
    assert _settle(good).total == _settle(bad).total == Money.euros("5760.00")


def test_wf66_budget_follows_client() -> None:
    """WF-66: a dissatisfied client takes the budget to another provider. The old
    trajectory stops (the client's unilateral end: its 30% is withheld), the new provider
    starts a trajectory of its own: P1 1612.80, P2 1612.80 + 691.20 = 2304.00."""
    old = _alloc("a1", "J03-1", dt.date(2019, 1, 7), dt.date(2019, 12, 1), provider="P1")
    new = _alloc("a2", "J03-1", dt.date(2019, 4, 1), dt.date(2019, 12, 1), provider="P2")
    case = _case(dt.date(2009, 1, 1), (old, new),
                 (Stop("a1", dt.date(2019, 4, 1), StopReason.CLIENT_UNILATERAL),))
    assert POLICY.validate(case, dt.date(2019, 1, 7)) == []
    settlement = _settle(case)
    assert settlement.group_by("provider") == {"P1": Money.euros("1612.80"),
                                               "P2": Money.euros("2304.00")}
    assert settlement.total_withheld == Money.euros("691.20")


def test_what_if_other_trajectory_terms() -> None:
    """WF-64, WF-65 are the region's choice: an 80/20 split without withholding pays
    5529.60 + 1382.40 = 6912.00 for J11-4 even when the client breaks off."""
    policy = POLICY.with_trajectory_terms("4/5", ())
    alloc = _alloc("a1", "J11-4", dt.date(2019, 5, 1), dt.date(2019, 6, 1))
    case = _case(dt.date(2012, 1, 1), (alloc,),
                 (Stop("a1", dt.date(2019, 5, 20), StopReason.CLIENT_UNILATERAL),))
    lines = [line for m in YEAR_2019 for line in policy.settle(case, m)]
    assert [x.amount for x in lines] == [Money.euros("5529.60"), Money.euros("1382.40")]
    assert [x.amount for x in POLICY.settle(case, Month(2019, 5))] == [
        Money.euros("4838.40"), Money.zero()]


def test_wf57_wmo_begun_before_2019_settles_in_2019() -> None:
    """WF-57 (review): a monthly Wmo arrangement running since December 2018 is paid the
    2019 tariff in 2019 months, 334.80 for February; it is not priced on its 2018 start,
    a year without tariffs (the core's ``settle_case`` does that and would raise)."""
    alloc = _alloc("w1", "W03-1", dt.date(2018, 12, 1), dt.date(2019, 6, 1))
    case = _case(dt.date(1950, 1, 1), (alloc,))
    assert [x.amount for x in POLICY.settle(case, Month(2019, 2))] == [Money.euros("334.80")]


def test_wf64_trajectory_across_years_keeps_its_start_tariff() -> None:
    """WF-64: a trajectory started in November 2021 and completed in February 2022 is paid
    on its 2021 tariff (Perspectief 3456.00 indexed twice by 1.6 %: 3511.30, 3567.48):
    2497.24 at the start and 1070.24 at completion, in 2022, a year without tariffs."""
    alloc = _alloc("a1", "J02-2", dt.date(2021, 11, 1), dt.date(2022, 3, 1))
    case = _case(dt.date(2012, 1, 1), (alloc,),
                 (Stop("a1", dt.date(2022, 2, 15), StopReason.COMPLETED),))
    settlement = _settle(case, [Month(2021, 11), Month(2022, 2)])
    assert [x.amount for x in settlement.lines] == [Money.euros("2497.24"),
                                                    Money.euros("1070.24")]
    assert settlement.total == Money.euros("3567.48")


def test_wf64_odd_cents_split_to_the_cent(tmp_path: Path) -> None:
    """WF-64, inventory worked example 2: a trajectory tariff of 1234.57 (illustrative)
    pays 70 % = 864.199 -> 864.20 at the start and the remainder 370.37 at completion;
    together 1234.57. Withheld on a unilateral end by the client: paid 864.20, withheld
    370.37."""
    text = (PARAMETERS / "tariffs.toml").read_text(encoding="utf-8")
    row = 'arrangement = "J01-1"   # jeugd profiel 1 x Duurzaam\nyear = 2019\nmodel = "trajectory"\n'
    assert text.count(row + 'amount = "2304.00"') == 1
    odd = tmp_path / "tariffs.toml"
    odd.write_text(text.replace(row + 'amount = "2304.00"', row + 'amount = "1234.57"'),
                   encoding="utf-8")
    policy = load_policy(tariffs=odd)
    alloc = _alloc("a1", "J01-1", dt.date(2019, 2, 1), dt.date(2019, 8, 1))
    for reason, paid, held in ((StopReason.COMPLETED, ["864.20", "370.37"], "0.00"),
                               (StopReason.CLIENT_UNILATERAL, ["864.20", "0.00"], "370.37")):
        case = _case(dt.date(2010, 1, 1), (alloc,), (Stop("a1", dt.date(2019, 5, 10), reason),))
        lines = Settlement(tuple(x for m in YEAR_2019 for x in policy.settle(case, m)))
        assert [x.amount for x in lines.lines] == [Money.euros(a) for a in paid]
        assert lines.total_withheld == Money.euros(held)
        assert lines.total + lines.total_withheld == Money.euros("1234.57")


def test_wf65_withheld_line_cites_the_withholding_rule() -> None:
    """WF-65: the line that records a withheld completion part cites WF-65 (through
    ``PricedAllocation.withheld_rule``), the paid instalments WF-64."""
    alloc = _alloc("a1", "J02-2", dt.date(2019, 2, 1), dt.date(2019, 8, 1))
    priced = POLICY.price(_case(dt.date(2010, 1, 1), (alloc,)), alloc, alloc.period.start)
    assert (priced.rule, priced.withheld_rule) == ("WF-64", "WF-65")
    assert priced.withheld_ref is not None and priced.withheld_ref.rule == "WF-65"
    case = _case(dt.date(2010, 1, 1), (alloc,),
                 (Stop("a1", dt.date(2019, 4, 1), StopReason.MOVED),))
    lines = _settle(case).lines
    assert [(x.rule, x.ref.rule, x.withheld) for x in lines] == [
        ("WF-64", "WF-64", Money.zero()), ("WF-65", "WF-65", Money.euros("1036.80"))]


def test_wf57_twelve_months_is_twelve_tariffs() -> None:
    """WF-57, inventory worked example 6: a Wmo arrangement from 1 January to 31 December
    2019 earns 12 x the monthly tariff: 12 x 334.80 = 4017.60 (example tariff)."""
    alloc = _alloc("w1", "W03-1", dt.date(2019, 1, 1), dt.date(2020, 1, 1))
    settlement = _settle(_case(dt.date(1950, 1, 1), (alloc,)), [*YEAR_2019, Month(2020, 1)])
    assert len(settlement.lines) == 12
    assert settlement.total == Money.euros("4017.60")


def test_wf64_wf65_what_if_terms_are_checked() -> None:
    """WF-64, WF-65 (review): end reasons may be given by value ("client_unilateral") and
    then withhold as the enum does (2764.80 paid, 691.20 withheld for J02-2 at 80/20); an
    unknown reason, a float share or a share above 1 is an InvalidValue, never a
    construction that silently withholds nothing."""
    alloc = _alloc("a1", "J02-2", dt.date(2019, 2, 1), dt.date(2019, 8, 1))
    case = _case(dt.date(2010, 1, 1), (alloc,),
                 (Stop("a1", dt.date(2019, 4, 10), StopReason.CLIENT_UNILATERAL),))
    by_value = POLICY.with_trajectory_terms("4/5", ["client_unilateral"])
    settled = Settlement(tuple(x for m in YEAR_2019 for x in by_value.settle(case, m)))
    assert (settled.total, settled.total_withheld) == (Money.euros("2764.80"),
                                                       Money.euros("691.20"))
    assert by_value == POLICY.with_trajectory_terms(Fraction(4, 5), [StopReason.CLIENT_UNILATERAL])
    for share, reasons, message in (("4/5", ["dead"], "unknown end reason 'dead'"),
                                    (0.8, [], "exact"), ("3/2", [], "between 0 and 1"),
                                    ("zeventig", [], "no fraction")):
        with pytest.raises(InvalidValue, match=message):
            POLICY.with_trajectory_terms(share, reasons)  # type: ignore[arg-type]
