"""A settlement: the lines of a month or a year, totalled exactly, grouped and explained.

:class:`Settlement` holds :class:`~sociaaldomein.model.lines.SettlementLine`\\ s, totals the
payments, the own contributions and what was withheld exactly, groups them by any key, and
explains a total line by line with the rule and clause of each line. :func:`corrections`
brings what was paid to what is owed after late care events.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Callable, Iterable

import attrs

from sociaaldomein.errors import InvalidValue, UnknownGrouping
from sociaaldomein.model.lines import Flow, LineKind, SettlementLine
from sociaaldomein.model.money import Money, total
from sociaaldomein.model.periods import Month
from sociaaldomein.model.provenance import Ref
from sociaaldomein.model.typecheck import as_tuple, install

__all__ = ["GROUPINGS", "Settlement", "combine", "corrections"]


def _tuple_of_settlementline(value: Iterable[SettlementLine]) -> tuple[SettlementLine, ...]:
    return as_tuple(value)


GroupKey = Callable[[SettlementLine], str]

GROUPINGS: dict[str, GroupKey] = {
    "region": lambda line: line.region,
    "municipality": lambda line: line.municipality,
    "provider": lambda line: line.provider,
    "segment": lambda line: line.segment or "-",
    "arrangement": lambda line: line.arrangement or "-",
    "month": lambda line: str(line.month),
    "funding": lambda line: line.funding or "-",
    "rule": lambda line: line.rule,
    "client": lambda line: line.client or "-",
    "kind": lambda line: line.kind.value,
}


def _check_grouping(key: str) -> None:
    if not isinstance(key, str):  # a Decimal('sNaN') cannot even be hashed
        raise UnknownGrouping(f"a grouping is text, one of {', '.join(GROUPINGS)}; got "
                              f"{type(key).__name__}")
    if key not in GROUPINGS:
        raise UnknownGrouping(f"unknown grouping {key!r}; known: {', '.join(GROUPINGS)}")


def _criterion(key: str, value: object) -> str:
    """A ``where`` value as the text its grouping gives: a Month is accepted as its
    ``YYYY-MM``; anything else that is not text would silently match nothing."""
    _check_grouping(key)
    if isinstance(value, Month):
        return str(value)
    if not isinstance(value, str):
        raise InvalidValue(f"{key}={value!r}: a grouping value is text, e.g. "
                           f"{key}='0855' or month='2019-03'")
    return value


@attrs.frozen
class Settlement:
    """A set of settlement lines that totals exactly and explains itself."""

    lines: tuple[SettlementLine, ...] = attrs.field(converter=_tuple_of_settlementline, default=())

    def __add__(self, other: Settlement) -> Settlement:
        return Settlement(self.lines + other.lines)

    def __len__(self) -> int:
        return len(self.lines)

    def payments(self) -> tuple[SettlementLine, ...]:
        return tuple(line for line in self.lines if line.flow is Flow.TO_PROVIDER)

    def contributions(self) -> tuple[SettlementLine, ...]:
        return tuple(line for line in self.lines if line.flow is Flow.FROM_HOUSEHOLD)

    @property
    def total(self) -> Money:
        """What municipalities pay providers: the exact sum of the payment lines."""
        return total(line.amount for line in self.payments())

    @property
    def total_own_contributions(self) -> Money:
        return total(line.amount for line in self.contributions())

    @property
    def total_withheld(self) -> Money:
        return total(line.withheld for line in self.lines)

    def where(self, **criteria: str | Month) -> Settlement:
        """The lines whose grouping keys equal the given values, e.g.
        ``where(municipality="0855", month="2019-03")``."""
        wanted = {key: _criterion(key, value) for key, value in criteria.items()}
        return Settlement(
            line for line in self.lines
            if all(GROUPINGS[k](line) == v for k, v in wanted.items())
        )

    def group_by(self, key: str) -> dict[str, Money]:
        """Payment totals per value of a grouping (municipality, provider, segment,
        arrangement, month, funding, region, rule, client, kind), sorted by key."""
        _check_grouping(key)
        sums: dict[str, int] = defaultdict(int)
        for line in self.payments():
            sums[GROUPINGS[key](line)] += line.amount.amount_cents
        return {k: Money.cents(v) for k, v in sorted(sums.items())}

    def explain(self, **criteria: str | Month) -> str:
        """A total, line by line, each with its rule and clause."""
        part = self.where(**criteria) if criteria else self
        what = ", ".join(f"{k}={v}" for k, v in criteria.items()) or "all lines"
        out = [f"Total for {what}: {part.total.format_nl()} in {len(part.payments())} line(s)"]
        out.extend(f"  {line.describe()}" for line in part.payments())
        if part.contributions():
            out.append(f"Own contributions owed by households: "
                       f"{part.total_own_contributions.format_nl()} in "
                       f"{len(part.contributions())} line(s)")
            out.extend(f"  {line.describe()}" for line in part.contributions())
        if part.total_withheld:
            out.append(f"  withheld in all: {part.total_withheld.format_nl()}")
        if any(line.example for line in part.lines):
            out.append("  Amounts marked [example value] rest on example tariffs, not on a "
                       "published tariff of the region.")
        return "\n".join(out)


def combine(settlements: Iterable[Settlement]) -> Settlement:
    lines: list[SettlementLine] = []
    for settlement in settlements:
        lines.extend(settlement.lines)
    return Settlement(tuple(lines))


def corrections(
    paid: Settlement, recomputed: Settlement, *, rule: str, ref: Ref
) -> list[SettlementLine]:
    """Correction lines that take what was paid to what is owed now.

    When care events arrive late (a stop reported after the month was paid, a delivery
    corrected), re-settle the month and pass the old and the new settlement: for every
    allocation (or provider line without allocation) and month whose payment changed, one
    :attr:`LineKind.CORRECTION` line with the difference, negative for a reclaim. Applying
    them makes ``paid + corrections`` total exactly what ``recomputed`` totals, per
    municipality, provider and month. ``rule`` and ``ref`` name the policy's correction
    rule; there is no default.
    """
    def key(line: SettlementLine) -> tuple[str, str, str, str, str]:
        return (str(line.month), line.municipality, line.provider,
                line.allocation or "", line.arrangement or "")

    before: dict[tuple[str, str, str, str, str], int] = defaultdict(int)
    after: dict[tuple[str, str, str, str, str], int] = defaultdict(int)
    sample: dict[tuple[str, str, str, str, str], SettlementLine] = {}
    for line in paid.payments():
        before[key(line)] += line.amount.amount_cents
        sample.setdefault(key(line), line)
    for line in recomputed.payments():
        after[key(line)] += line.amount.amount_cents
        sample[key(line)] = line
    out: list[SettlementLine] = []
    for k in sorted(set(before) | set(after)):
        diff = after[k] - before[k]
        if diff == 0:
            continue
        base = sample[k]
        out.append(attrs.evolve(
            base, kind=LineKind.CORRECTION, amount=Money.cents(diff), rule=rule, ref=ref,
            withheld=Money.zero(), quantity=None,
            explanation=(f"correction of {base.month}: paid {Money.cents(before[k]).format_nl()}, "
                         f"owed {Money.cents(after[k]).format_nl()}"),
        ))
    return out


# every public class checks what it is given (sociaaldomein.model.typecheck)
install(sys.modules[__name__])
