"""Indicators over caseload counts: the movement between light and heavy support.

*Inkoopplan Wmo Rijswijk 2017* h1 §1.3 [H4-20]: the figures show "om hoeveel cliënten het
gaat en kunnen we een beweging van zware naar lichte zorg in de cijfers zien"; a heavier
demand is a signal to explain [H4-21]; bijlage 3 bullet 5 [H4-93]: "Een beweging naar zo
veel mogelijk lichte begeleiding maken"; h2 §2.2 focuspunt 1 [H4-41]: "minder individuele
begeleiding inzetten maar collectieve zorg".

The shares come from the core's :func:`sociaaldomein.shares_and_growth`, exact as
fractions; rounding is only for display.

The plan's other measures, computed from a caseload:

* Inleiding (*Waarom inkoopplan Rijswijk?*) [H4-11]: the purchase of a year is steered by
  looking back two years ("terug te kijken op de inkoop van het jaar 2015 en van daaruit
  vooruit te blikken op 2017"): :func:`look_back_year` and :func:`begeleiding_indications`,
  the counts of tabel 2 and bijlage 1 on a date;
* h1 §1.1 and §1.2 [H4-18]: the outcome measures are timeliness ("tijdig geholpen") and
  budget adherence; h4 [H4-69]: Wmo spending stays within the budget: :func:`waiting_days`
  and :func:`within_budget`;
* h2 §2.2 focuspunt 1 [H4-44]: arrangements are designed for multi-problem households:
  :func:`multi_problem_households`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction

import attrs

from sociaaldomein import Case, Caseload, InvalidValue
from sociaaldomein.analysis import shares_and_growth
from sociaaldomein_h4.budgets import BudgetUse
from sociaaldomein_h4.catalog import H4Arrangement, Product, ProvisionClass, spec
from sociaaldomein_h4.rules import is_h4_item

__all__ = [
    "LOOK_BACK_YEARS",
    "MULTI_PROBLEM_MIN_DOMAINS",
    "Indications",
    "LevelShift",
    "begeleiding_indications",
    "individual_share",
    "level_shift",
    "look_back_year",
    "multi_problem_households",
    "waiting_days",
    "within_budget",
]


@attrs.frozen
class LevelShift:
    """How the shares of the lightest and the heaviest level moved between two dates.

    ``light_share`` and ``heavy_share`` are (before, after) exact fractions. A positive
    ``towards_light`` is the movement the plan aims at (H4-93); ``heavier`` is the signal of
    H4-21 (the heaviest level's share rose).
    """

    levels: tuple[str, ...]
    light_share: tuple[Fraction, Fraction]
    heavy_share: tuple[Fraction, Fraction]

    @property
    def towards_light(self) -> Fraction:
        """Change of the lightest level's share (in fractions of 1; positive is lighter)."""
        return self.light_share[1] - self.light_share[0]

    @property
    def heavier(self) -> bool:
        """H4-21: the weight of demand increased (the heaviest level's share rose)."""
        return self.heavy_share[1] > self.heavy_share[0]


def level_shift(counts: Mapping[str, Sequence[int]]) -> LevelShift:
    """The light/heavy shift of a product from counts per level, ordered light to heavy,
    each with a count before and after (H4-20, H4-21, H4-93). In 2015 both products moved
    to heavier care (individual guidance, bijlage 1 punt 2, H4-82, against the §1.3
    sentence of H4-37; dagbesteding, bijlage 1 punt 3, H4-88)."""
    rows = shares_and_growth(counts)
    light, heavy = rows[0], rows[-1]
    if any(s is None for s in (*light.shares, *heavy.shares)) or len(light.shares) != 2:
        raise InvalidValue("level_shift needs two dates with a non-zero total each")
    ls = (light.shares[0], light.shares[1])
    hs = (heavy.shares[0], heavy.shares[1])
    assert ls[0] is not None and ls[1] is not None and hs[0] is not None and hs[1] is not None
    return LevelShift(tuple(counts), (ls[0], ls[1]), (hs[0], hs[1]))


def individual_share(individual: Sequence[int], group: Sequence[int]) -> tuple[Fraction, ...]:
    """The share of individual guidance in individual plus group guidance, per date
    (H4-41: the aim is less individual and more collective support)."""
    rows = shares_and_growth({"individueel": individual, "groep": group})
    shares = rows[0].shares
    if any(s is None for s in shares):
        raise InvalidValue("individual_share needs a non-zero total on every date")
    return tuple(s for s in shares if s is not None)


LOOK_BACK_YEARS = 2
"""H4-11: the purchase for 2017 looks back on 2015, the last full year known in April
2016 when the plan was written."""


def look_back_year(purchase_year: int) -> int:
    """The year whose use steers the purchase of ``purchase_year`` (H4-11): 2015 for 2017."""
    return purchase_year - LOOK_BACK_YEARS


@attrs.frozen
class Indications:
    """Begeleiding indications in force on one date, per product and level, as tabel 2 and
    bijlage 1 punt 2 and 3 count them (H4-11): ``individual`` per level of individual
    guidance (basis, speciaal), ``group`` per level of dagbesteding (licht, basis,
    speciaal)."""

    on: dt.date
    individual: Mapping[str, int]
    group: Mapping[str, int]

    @property
    def total(self) -> int:
        """*Totaal indicaties WMO Begeleiding* (individual guidance plus dagbesteding)."""
        return sum(self.individual.values()) + sum(self.group.values())


def begeleiding_indications(
    caseload: Caseload, on: dt.date, extra: tuple[H4Arrangement, ...] = (),
) -> Indications:
    """The begeleiding indications in force on ``on`` (H4-11): every allocation of
    individual guidance or dagbesteding whose period holds ``on``, in kind or as pgb
    (tabel 1 counts both, H4-25), items under other laws left out (H4-07). Counting on
    1 January of the look-back year and of the year after gives tabel 2."""
    individual = {"basis": 0, "speciaal": 0}
    group = {"licht": 0, "basis": 0, "speciaal": 0}
    for allocation in caseload.allocations:
        item = spec(allocation.arrangement, extra)
        if item is None or item.level is None or not is_h4_item(allocation) or (
            on not in allocation.period
        ):
            continue
        counts = individual if item.product is Product.BEGELEIDING_INDIVIDUEEL else group
        counts[item.level.value] += 1
    return Indications(on, individual, group)


def waiting_days(cases: Iterable[Case], year: int,
                 extra: tuple[H4Arrangement, ...] = ()) -> dict[str, int]:
    """H4-18: were residents helped on time? Per tailor-made allocation in kind starting in
    ``year``, the days from the request to the start of care: from its registration
    (*aanmelding*), else its referral, else its decision. Allocations with none of these
    dates are left out. The document sets no norm, so this is a measure, not a check."""
    out: dict[str, int] = {}
    for case in cases:
        for allocation in case.allocations:
            item = spec(allocation.arrangement, extra)
            if (item is None or item.provision_class is not ProvisionClass.MAATWERK
                    or allocation.pgb or not is_h4_item(allocation)
                    or allocation.period.start.year != year):
                continue
            asked = (allocation.registered_on or allocation.referred_on
                     or allocation.decided_on)
            if asked is not None:
                out[allocation.id] = (allocation.period.start - asked).days
    return out


def within_budget(uses: Iterable[BudgetUse]) -> bool:
    """H4-69 (h4): the year's Wmo spending stays within the budget: no municipality's
    tailor-made spending on a part exceeds a loaded budget (H4-61). Uses without a budget
    cannot exceed one."""
    return not any(use.exceeded for use in uses)


MULTI_PROBLEM_MIN_DOMAINS = 2
"""H4-44: a household is multi-problem when its plan lists substantial problems on at
least this many life domains (the document's examples: youth care, housing, debts,
judicial measures, return to education, next to Wmo begeleiding). The document gives no
number; two is this plugin's reading of *multi*."""


def multi_problem_households(caseload: Caseload, on: dt.date,
                             min_domains: int = MULTI_PROBLEM_MIN_DOMAINS) -> tuple[str, ...]:
    """H4-44 (h2 §2.2 focuspunt 1): the households for which arrangements are designed: Wmo
    begeleiding in force on ``on`` under a plan that lists problems on at least
    ``min_domains`` life domains. Returns their ids in caseload order."""
    if min_domains < 1:
        raise InvalidValue(f"min_domains must be at least 1, got {min_domains}")
    out: list[str] = []
    for case in caseload.cases():
        for allocation in case.allocations:
            item = spec(allocation.arrangement)
            plan = case.plan(allocation.plan_id)
            if (item is not None and item.level is not None and is_h4_item(allocation)
                    and on in allocation.period and plan is not None
                    and len(plan.domains) >= min_domains):
                out.append(case.household.id)
                break
    return tuple(out)
