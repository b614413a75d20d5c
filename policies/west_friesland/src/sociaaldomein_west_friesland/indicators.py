"""The three performance indicators of West-Friesland, per provider and arrangement.

*Uitvoeringskader inkoop sociaal domein West-Friesland 2019-2021* §3.5.1 (WF-45): providers
deliver data on exactly three indicators, computed here from care events:

* **Uitval** (drop-out, WF-46, WF-47): ended trajectories broken down into the five end
  categories: *beëindigd volgens plan*; *voortijdig: in overeenstemming*; *voortijdig:
  eenzijdig door de cliënt*; *voortijdig: eenzijdig door de aanbieder*; *voortijdig:
  wegens externe omstandigheden*. Every :class:`~sociaaldomein.StopReason` maps to exactly
  one of them. Which of them the document calls "uitval" is not fixed (inventory ambiguity
  9), so the breakdown is reported whole, and :meth:`Indicators.dropout_share` names the
  categories it counts.
* **Cliënttevredenheid** (WF-48): the share of surveyed clients who judge the effect of the
  help sufficient or positive: a mark of at least ``satisfied_from`` (default 6, the Dutch
  pass mark; the document sets no norm).
* **Doelrealisatie** (WF-49): four sub-indicators: clients continue without help; no new
  help starts within ``new_help_window_days`` after the end (default 365 days, the
  document sets no window, ambiguity 10); problems decreased or self-reliance and
  participation increased; agreed goals realised.

Results are measured per case and per contract, i.e. per provider (§3.5, WF-43); this
module groups per (provider, arrangement) and per provider. Shares are exact fractions;
``None`` when nothing was measured. No indicator changes what is paid (§3.6.1, WF-61).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from fractions import Fraction

import attrs

from sociaaldomein import (
    Allocation,
    Case,
    Caseload,
    Evaluation,
    GoalRealisation,
    InvalidValue,
    Law,
    Stop,
    UnknownCode,
)
from sociaaldomein_west_friesland.profiles import ProfileArrangement

__all__ = [
    "DROPOUT_CATEGORIES",
    "Indicators",
    "indicators",
    "indicators_per_provider",
    "segment_c_share",
]

DROPOUT_CATEGORIES: dict[str, str] = {
    "according_to_plan": "Beëindigd volgens plan",
    "early_by_agreement": "Voortijdig: in overeenstemming",
    "early_client": "Voortijdig: eenzijdig door de cliënt",
    "early_provider": "Voortijdig: eenzijdig door de aanbieder",
    "early_external": "Voortijdig: wegens externe omstandigheden",
}
"""The five end categories of §3.5.1, in the document's order, with its Dutch names."""


def _share(numerator: int, denominator: int) -> Fraction | None:
    return Fraction(numerator, denominator) if denominator else None


@attrs.frozen
class Indicators:
    """The three indicators for one group of allocations (a provider, or a provider and
    an arrangement)."""

    provider: str
    arrangement: str | None
    ended: dict[str, int]
    """Ended trajectories per drop-out category (all five keys, zeros included)."""
    surveyed: int
    satisfied: int
    evaluated_without_help: int
    continues_without_help: int
    ended_for_new_help: int
    no_new_help: int
    evaluated_problems: int
    problems_decreased: int
    evaluated_goals: int
    goals_realised: int

    @property
    def ended_total(self) -> int:
        return sum(self.ended.values())

    def breakdown(self) -> dict[str, Fraction | None]:
        """Each category's share of all ended trajectories (WF-46)."""
        return {k: _share(v, self.ended_total) for k, v in self.ended.items()}

    def dropout_share(self, categories: Iterable[str] = tuple(DROPOUT_CATEGORIES)[1:]) -> Fraction | None:
        """The share of ended trajectories in ``categories`` (default: every early end)."""
        chosen = list(categories)
        for c in chosen:
            if c not in DROPOUT_CATEGORIES:
                raise KeyError(f"unknown drop-out category {c!r}")
        return _share(sum(self.ended[c] for c in chosen), self.ended_total)

    @property
    def satisfaction(self) -> Fraction | None:
        """Client satisfaction (WF-48)."""
        return _share(self.satisfied, self.surveyed)

    def goal_realisation(self) -> dict[str, Fraction | None]:
        """The four sub-indicators of goal realisation (WF-49)."""
        return {
            "continues_without_help": _share(self.continues_without_help,
                                             self.evaluated_without_help),
            "no_new_help": _share(self.no_new_help, self.ended_for_new_help),
            "problems_decreased": _share(self.problems_decreased, self.evaluated_problems),
            "goals_realised": _share(self.goals_realised, self.evaluated_goals),
        }


def _cases(data: Caseload | Iterable[Case]) -> list[Case]:
    return list(data.cases()) if isinstance(data, Caseload) else list(data)


def _first_stop(case: Case, alloc: Allocation) -> Stop | None:
    stops = [e for e in case.events_for(alloc.id) if isinstance(e, Stop)]
    return min(stops, key=lambda s: s.date) if stops else None


def indicators(
    data: Caseload | Iterable[Case],
    *,
    satisfied_from: int = 6,
    new_help_window_days: int = 365,
    per_arrangement: bool = True,
    ended_by: dt.date | None = None,
) -> dict[tuple[str, str | None], Indicators]:
    """The indicators per (provider, arrangement), or per (provider, None) when
    ``per_arrangement`` is false, computed from the cases' allocations and events.

    An allocation counts as ended when it has a :class:`~sociaaldomein.Stop` event; its
    category is the stop reason's drop-out category. With ``ended_by``, an allocation
    without a stop whose period ended on or before that date also counts as ended,
    according to plan: settlement pays its completion part as completed, and the
    indicator must agree (otherwise only early ends, which carry a stop, would be
    counted). "No new help" looks at ended allocations whose client gets no other
    allocation starting within the window after the end date. Evaluations count once
    each.
    """
    if not 1 <= satisfied_from <= 10:
        raise ValueError("satisfied_from is a mark from 1 to 10")
    if new_help_window_days < 0:
        raise ValueError("new_help_window_days counts days after the end, so it is not negative")
    counts: dict[tuple[str, str | None], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    window = dt.timedelta(days=new_help_window_days)
    for case in _cases(data):
        for alloc in case.allocations:
            group = (alloc.provider, alloc.arrangement if per_arrangement else None)
            c = counts[group]
            stop = _first_stop(case, alloc)
            end: dt.date | None = None
            if stop is not None:
                end, category = stop.date, stop.reason.dropout_category
            elif (ended_by is not None and not alloc.period.is_open
                  and alloc.period.end <= ended_by):
                end, category = alloc.period.end, "according_to_plan"
            if end is not None:
                c["ended:" + category] += 1
                c["ended_for_new_help"] += 1
                later = [
                    a for a in case.allocations
                    if a.client_id == alloc.client_id and a.id != alloc.id
                    and end <= a.period.start < end + window
                ]
                if not later:
                    c["no_new_help"] += 1
            for event in case.events_for(alloc.id):
                if not isinstance(event, Evaluation):
                    continue
                if event.satisfaction is not None:
                    c["surveyed"] += 1
                    c["satisfied"] += event.satisfaction >= satisfied_from
                if event.continues_without_help is not None:
                    c["evaluated_without_help"] += 1
                    c["continues_without_help"] += event.continues_without_help
                if event.problems_decreased is not None:
                    c["evaluated_problems"] += 1
                    c["problems_decreased"] += event.problems_decreased
                if event.goals is not None:
                    c["evaluated_goals"] += 1
                    c["goals_realised"] += event.goals is GoalRealisation.REALISED
    out: dict[tuple[str, str | None], Indicators] = {}
    for (provider, arrangement), c in sorted(counts.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        out[(provider, arrangement)] = Indicators(
            provider, arrangement,
            {k: c["ended:" + k] for k in DROPOUT_CATEGORIES},
            c["surveyed"], c["satisfied"], c["evaluated_without_help"],
            c["continues_without_help"], c["ended_for_new_help"], c["no_new_help"],
            c["evaluated_problems"], c["problems_decreased"], c["evaluated_goals"],
            c["goals_realised"],
        )
    return out


def indicators_per_provider(
    data: Caseload | Iterable[Case], *, satisfied_from: int = 6, new_help_window_days: int = 365,
    ended_by: dt.date | None = None,
) -> dict[str, Indicators]:
    """The indicators per provider (contract level, §3.5, WF-43)."""
    found = indicators(data, satisfied_from=satisfied_from,
                       new_help_window_days=new_help_window_days, per_arrangement=False,
                       ended_by=ended_by)
    return {provider: ind for (provider, _), ind in found.items()}


def segment_c_share(data: Caseload | Iterable[Case], segment_of: dict[str, str],
                    on: dt.date) -> Fraction | None:
    """The share of households receiving youth care on ``on`` that have a segment C
    allocation: the document gives 15% as the average (§3.1, WF-24), a plausibility figure
    for analyses, not a rule. ``segment_of`` maps arrangement codes to segments."""
    youth = with_c = 0
    for case in _cases(data):
        running = [a for a in case.allocations if on in a.period]
        youth_allocs = []
        for a in running:
            try:
                key = ProfileArrangement.parse(a.arrangement)
            except (UnknownCode, InvalidValue):  # products and stays are not profiles
                if segment_of.get(a.arrangement) == "C":
                    youth_allocs.append(a)
                continue
            if key.law is Law.JEUGDWET:
                youth_allocs.append(a)
        if youth_allocs:
            youth += 1
            with_c += any(segment_of.get(a.arrangement) == "C" for a in youth_allocs)
    return _share(with_c, youth)

