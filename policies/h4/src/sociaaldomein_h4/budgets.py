"""Budgets per municipality: the cost of tailor-made provisions stays within them.

*Inkoopplan Wmo Rijswijk 2017*, h3 §3.2 (uitgangspunten, bullet 3) [H4-61]: "De kosten voor
de maatwerkvoorzieningen blijven binnen de daarvoor beschikbaar gestelde budgetten van de
individuele gemeenten". The four municipalities contract together, but each keeps its own
budget. The document does not say what happens when a budget is exhausted under an
open-house contract (rules ambiguity 11), so exceeding it is a reported condition: a
:class:`BudgetUse` per municipality, year and part, and a warning, never a refusal.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from fractions import Fraction
from pathlib import Path

import attrs

from sociaaldomein import (
    Allocation,
    Case,
    Frequency,
    InvalidValue,
    Money,
    Month,
    Period,
    PriceQuantity,
    Ref,
    Rounding,
    SettlementLine,
    Severity,
    SociaaldomeinError,
    Stay,
    Stop,
    Violation,
)
from sociaaldomein.policy.parameters import read_toml
from sociaaldomein_h4.catalog import Part
from sociaaldomein_h4.sources import REF_BUDGET, SOURCE

__all__ = ["Budget", "BudgetTable", "BudgetUse", "budget_violations", "load_budgets",
           "member_codes", "projected_volume_cost", "use_of_budgets"]

SettleFn = Callable[[Case, Month], list[SettlementLine]]
"""Settles one case for one month (the policy's ``settle``)."""
PartFn = Callable[[Allocation], Part | None]
"""The part of the purchase an allocation's cost counts against (``None``: not bought)."""
VolumeModelFn = Callable[[Case, Allocation, int], PriceQuantity | Stay | None]
"""The per-unit funding model of an allocation in a year, if it is paid per unit."""


def _tuple_of_budget(value: Iterable[Budget]) -> tuple[Budget, ...]:
    return tuple(value)


@attrs.frozen
class Budget:
    """The budget of one municipality for one part (household help or begeleiding) in one
    calendar year. ``ref.example`` marks an example value."""

    municipality: str
    year: int
    part: Part
    amount: Money
    ref: Ref


@attrs.frozen
class BudgetTable:
    """All budgets, at most one per municipality, year and part."""

    budgets: tuple[Budget, ...] = attrs.field(converter=_tuple_of_budget, default=())

    def __attrs_post_init__(self) -> None:
        seen: set[tuple[str, int, Part]] = set()
        for budget in self.budgets:
            key = (budget.municipality, budget.year, budget.part)
            if key in seen:
                raise InvalidValue(f"budget for {budget.municipality} {budget.year} "
                                   f"{budget.part.value} given twice")
            seen.add(key)

    def get(self, municipality: str, year: int, part: Part) -> Budget | None:
        for budget in self.budgets:
            if (budget.municipality, budget.year, budget.part) == (municipality, year, part):
                return budget
        return None

    def with_budget(self, budget: Budget) -> BudgetTable:
        """The table with ``budget`` added or replacing the one for the same key."""
        rest = tuple(b for b in self.budgets
                     if (b.municipality, b.year, b.part)
                     != (budget.municipality, budget.year, budget.part))
        return BudgetTable((*rest, budget))


MEMBERS_FILE = Path(__file__).parent / "parameters" / "members.toml"


def member_codes(path: Path | str = MEMBERS_FILE) -> frozenset[str]:
    """The CBS codes of the members in ``members.toml`` (Inleiding, H4-05)."""
    params = read_toml(path)
    return frozenset(entry.text("code") for entry in params.tables("member"))


def load_budgets(path: Path | str, members: Collection[str] | None = None) -> BudgetTable:
    """Read ``budgets.toml`` strictly (H4-61): unknown keys, float amounts, duplicate
    entries, unknown parts and a municipality that is not one of ``members`` (by default
    the four of ``members.toml``) are errors naming file and key."""
    known = member_codes() if members is None else frozenset(members)
    params = read_toml(path)
    section = params.text("section")
    budgets: list[Budget] = []
    seen: set[tuple[str, int, Part]] = set()
    for entry in params.tables("budget"):
        municipality = entry.text("municipality")
        if len(municipality) != 4 or not municipality.isdigit():
            raise entry.error("municipality", f"{municipality!r} is not a CBS gemeentecode")
        if municipality not in known:
            raise entry.error("municipality", f"{municipality!r} is not a member of h4 "
                              f"(members: {', '.join(sorted(known))})")
        year = entry.integer("year")
        part = entry.enum("part", Part)
        amount = entry.money("amount")
        if amount.amount_cents < 0:
            raise entry.error("amount", "a budget cannot be negative")
        example = entry.boolean("example")
        clause = entry.opt_str("section") or section
        note = entry.opt_str("note")
        entry.done()
        key = (municipality, year, part)
        if key in seen:
            raise entry.error("municipality", f"budget for {municipality} {year} {part.value} "
                              "is given twice")
        seen.add(key)
        budgets.append(Budget(municipality, year, part, amount,
                              Ref(SOURCE, clause, rule="H4-61", example=example, note=note)))
    params.done()
    return BudgetTable(tuple(budgets))


@attrs.frozen
class BudgetUse:
    """What the allocations of a municipality cost in a year against its budget."""

    municipality: str
    year: int
    part: Part
    used: Money
    budget: Budget | None

    @property
    def remaining(self) -> Money | None:
        return None if self.budget is None else self.budget.amount - self.used

    @property
    def exceeded(self) -> bool:
        return self.budget is not None and self.used > self.budget.amount

    @property
    def share_used(self) -> Fraction | None:
        if self.budget is None or not self.budget.amount:
            return None
        return Fraction(self.used.amount_cents, self.budget.amount.amount_cents)

    def describe(self) -> str:
        if self.budget is None:
            return (f"{self.municipality} {self.year} {self.part.value}: used "
                    f"{self.used.format_nl()}, no budget loaded")
        mark = " (example value)" if self.budget.ref.example else ""
        return (f"{self.municipality} {self.year} {self.part.value}: used "
                f"{self.used.format_nl()} of {self.budget.amount.format_nl()}{mark}")


def _frequency_units(frequency: Frequency | None, period: Period,
                     allocation: Period) -> Fraction | None:
    """How many times a volume per ``frequency`` falls in ``period``, the part of the
    ``allocation`` period within one year (whole months count for a monthly volume; a
    total is spread over the allocation's days, so that an allocation crossing a year
    counts its total once, not once in each year)."""
    if frequency is None:
        return None
    if frequency is Frequency.PER_DAY:
        return Fraction(period.days)
    if frequency is Frequency.PER_WEEK:
        return Fraction(period.days, 7)
    if frequency is Frequency.PER_MONTH:
        return Fraction(len(list(period.months())))
    return Fraction(period.days, allocation.days)


def projected_volume_cost(
    allocation: Allocation, model: PriceQuantity | Stay, year: int,
    stopped: dt.date | None = None,
) -> Money:
    """What an allocation with a volume (rides, etmalen) will cost in ``year`` if the
    volume is used in full: price x volume x times the frequency falls in the year, up to
    the day care ``stopped`` (a stop event) if it stopped early."""
    if allocation.volume is None:
        return Money.zero()
    end = allocation.period.end if stopped is None else min(allocation.period.end, stopped)
    if end <= allocation.period.start:
        return Money.zero()
    within = Period(allocation.period.start, end).intersection(Period.year(year))
    if within is None:
        return Money.zero()
    times = _frequency_units(allocation.frequency, within, allocation.period)
    if times is None:
        return Money.zero()
    price = model.price if isinstance(model, PriceQuantity) else model.price_per_etmaal
    return price.times(Fraction(allocation.volume) * times, Rounding.HALF_UP)


def use_of_budgets(
    budgets: BudgetTable,
    cases: Sequence[Case],
    year: int,
    settle: SettleFn,
    part_of: PartFn,
    volume_model: VolumeModelFn,
    *,
    errors: list[Violation] | None = None,
) -> tuple[BudgetUse, ...]:
    """The use of every municipality's budget in ``year`` (H4-61).

    An allocation's use is what it earns over the year in settlement (per-period amounts
    run to the allocation's end or its stop); for allocations paid per unit (rides,
    etmalen) the allocated volume is used when it is more than what was delivered, so that
    an allocation counts when it is decided, not only when it is billed (a total volume
    is spread over the allocation's days, so a year gets its own part of it).

    A case that cannot be settled raises; with ``errors`` given it becomes an error
    violation there instead and the case is left out of the totals.
    """
    used: dict[tuple[str, Part], int] = defaultdict(int)
    for case in cases:
        municipality = case.household.municipality.code
        settled: dict[str, int] = defaultdict(int)
        try:
            for month in Period.year(year).months():
                for line in settle(case, month):
                    if line.allocation is not None:
                        settled[line.allocation] += line.amount.amount_cents
        except SociaaldomeinError as exc:
            if errors is None:
                raise
            errors.append(Violation(
                "H4-61", Severity.ERROR,
                f"household {case.household.id}: its use of the {year} budget cannot be "
                f"computed, so it is left out: {exc.message}",
                f"households[{case.household.id}]", REF_BUDGET,
            ))
            continue
        for allocation in case.allocations:
            part = part_of(allocation)
            if part is None:
                continue
            cost = settled.get(allocation.id, 0)
            model = volume_model(case, allocation, year)
            if model is not None:
                stops = [e.date for e in case.events_for(allocation.id) if isinstance(e, Stop)]
                projected = projected_volume_cost(allocation, model, year,
                                                  min(stops) if stops else None)
                cost = max(cost, projected.amount_cents)
            used[(municipality, part)] += cost
    keys = set(used) | {(b.municipality, b.part) for b in budgets.budgets if b.year == year}
    return tuple(
        BudgetUse(m, year, p, Money.cents(used.get((m, p), 0)), budgets.get(m, year, p))
        for m, p in sorted(keys, key=lambda k: (k[0], k[1].value))
    )


def budget_violations(uses: Iterable[BudgetUse], names: dict[str, str]) -> list[Violation]:
    """A warning for each budget the allocations exceed (H4-61)."""
    out: list[Violation] = []
    for use in uses:
        if use.budget is None and use.used:
            name = names.get(use.municipality, use.municipality)
            out.append(Violation(
                "H4-61", Severity.WARNING,
                f"{name} ({use.municipality}) {use.year}, {use.part.value}: tailor-made "
                f"allocations cost {use.used.format_nl()}, but no budget is loaded for this "
                "municipality, year and part, so the use cannot be checked against it",
                f"budgets[{use.municipality}][{use.year}][{use.part.value}]", REF_BUDGET,
            ))
            continue
        if not use.exceeded or use.budget is None:
            continue
        over = use.used - use.budget.amount
        mark = " (an example budget)" if use.budget.ref.example else ""
        name = names.get(use.municipality, use.municipality)
        out.append(Violation(
            "H4-61", Severity.WARNING,
            f"{name} ({use.municipality}) {use.year}, {use.part.value}: tailor-made "
            f"allocations cost {use.used.format_nl()}, more than the budget of "
            f"{use.budget.amount.format_nl()}{mark} by {over.format_nl()}; the cost of "
            "maatwerkvoorzieningen stays within each municipality's own budget",
            f"budgets[{use.municipality}][{use.year}][{use.part.value}]", REF_BUDGET,
        ))
    return out

