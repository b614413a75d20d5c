"""Region-wide monitoring of Midden-Holland, with the document's figures as baselines.

The *Kaderdocument inkoop Wmo en Jeugd 2025* states a few figures of the situation before
2025 and intentions that can only be watched over the whole caseload, not judged per
household. They are computed here and read next to their baseline in
``parameters/monitoring.toml``:

* :func:`provider_count`: distinct providers with care in a window; baseline "more than
  230" contracted providers (§1; §3.2, MH-03), to come down (MH-27, direction decrease);
* :func:`spending`: what the region pays providers in a year (own contributions excluded);
  baseline "circa € 125 miljoen (niveau 2022)" (§2.2, MH-10);
* :func:`local_access_share`: share of youth-care allocations with a recorded referrer
  that the municipal access referred; baseline "ongeveer een derde" (§2.4, MH-34);
* :func:`pgb_share`: share of clients with care in a window who have a pgb; a reduction in
  contracted providers must not cause a large increase of it (§3.2, MH-53), so it is
  compared between two windows with :func:`pgb_shift`;
* :func:`phase_out_needed`: allocations that run across a change of contracts with a
  provider that has no new contract and no phase-out contract: for these clients the
  document wants the own helper kept by a phase-out contract or (temporary)
  subcontracting (§2.3 Overgangsperiode, MH-29);
* :func:`joint_closing_share`: of care stopped early as completed or by agreement, the
  share with the provider's end report on or before the stop, the record on which
  resident, provider and access decide together (§2.6, MH-45).

Two parameters of the document that no payment depends on are held here too: who receives
the beschermd wonen funds on a day (MH-13, :meth:`Monitoring.bw_funds_recipient`) and who
supervises what under each law (MH-51, :meth:`Monitoring.supervisor`).

Shares are exact fractions (``None`` when nothing was observed); spending is money.
"""

from __future__ import annotations

import datetime as dt
import enum
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from sociaaldomein import (
    Allocation,
    Caseload,
    EndReport,
    Law,
    Money,
    Month,
    PartyKind,
    Period,
    Stop,
    StopReason,
)
from sociaaldomein.model.lines import LineKind
from sociaaldomein.policy.parameters import read_toml
from sociaaldomein_midden_holland.sources import PARAMETERS

if TYPE_CHECKING:
    from sociaaldomein_midden_holland.policy import MiddenHollandPolicy

__all__ = [
    "Aspect",
    "Monitoring",
    "Supervisor",
    "joint_closing_share",
    "load_monitoring",
    "local_access_share",
    "pgb_share",
    "pgb_shift",
    "phase_out_needed",
    "provider_count",
    "spending",
]


class Aspect(enum.Enum):
    """What is supervised (MH-51)."""

    QUALITY = "quality"
    LAWFULNESS = "lawfulness"


class Supervisor(enum.Enum):
    """Who supervises (MH-51)."""

    MUNICIPALITY = "municipality"
    IGJ = "igj"
    """Inspectie Gezondheidszorg en Jeugd."""


@attrs.frozen
class Monitoring:
    """The baselines and parameters of ``monitoring.toml``."""

    providers_more_than: int
    spending_about: Money
    spending_level_year: int
    local_access_share_about: Fraction
    bw_decentralised_from: dt.date
    bw_expected: bool
    supervision: dict[Law, dict[Aspect, Supervisor]] = attrs.field(eq=False)

    def bw_funds_recipient(self, day: dt.date) -> str:
        """MH-13: ``"central"`` (the centrumgemeente) before the decentralisation, then
        ``"each_municipality"`` (stepwise, by an objective distribution model)."""
        return "central" if day < self.bw_decentralised_from else "each_municipality"

    def supervisor(self, law: Law, aspect: Aspect) -> Supervisor:
        """MH-51: who supervises ``aspect`` of care under ``law``."""
        return self.supervision[law][aspect]


def load_monitoring(path: Path | str = PARAMETERS / "monitoring.toml") -> Monitoring:
    """Read ``monitoring.toml``; a bad value is a ParameterError naming the file and key."""
    params = read_toml(path)
    base = params.table("baselines")
    providers = base.integer("providers_more_than")
    if providers < 0:
        raise base.error("providers_more_than", "must not be negative")
    share_text = base.text("local_access_share_about")
    try:
        share = Fraction(share_text)
    except (ValueError, ZeroDivisionError):
        raise base.error("local_access_share_about",
                         f"{share_text!r} is not a fraction such as 1/3") from None
    if not 0 <= share <= 1:
        raise base.error("local_access_share_about", f"{share_text} is not between 0 and 1")
    monitoring_spending = base.money("spending_about")
    level = base.integer("spending_level_year")
    base.done()
    bw = params.table("beschermd_wonen_funds")
    bw_from, bw_expected = bw.date("decentralised_from"), bw.boolean("expected")
    bw.done()
    sup = params.table("supervision")
    supervision: dict[Law, dict[Aspect, Supervisor]] = {}
    for law in (Law.WMO, Law.JEUGDWET):
        table = sup.table(law.value)
        supervision[law] = {aspect: table.enum(aspect.value, Supervisor) for aspect in Aspect}
        table.done()
    sup.done()
    params.done()
    return Monitoring(providers, monitoring_spending, level, share, bw_from, bw_expected,
                      supervision)


def _in_window(caseload: Caseload, window: Period) -> list[tuple[str, str, bool, str]]:
    """(household, client, pgb, provider) of every allocation with a day in ``window``."""
    return [(a.household_id, a.client_id, a.pgb, a.provider)
            for a in caseload.allocations if a.period.overlaps(window)]


def provider_count(caseload: Caseload, window: Period) -> int:
    """MH-03, MH-27: distinct providers with an allocation in ``window`` (pgb included: the
    budget holder's provider is a provider too)."""
    return len({provider for _, _, _, provider in _in_window(caseload, window)})


def pgb_share(caseload: Caseload, window: Period) -> Fraction | None:
    """MH-53: clients with a pgb allocation in ``window`` per client with any allocation in
    it."""
    clients = {(h, c) for h, c, _, _ in _in_window(caseload, window)}
    with_pgb = {(h, c) for h, c, pgb, _ in _in_window(caseload, window) if pgb}
    return Fraction(len(with_pgb), len(clients)) if clients else None


def pgb_shift(caseload: Caseload, before: Period, after: Period) -> Fraction | None:
    """MH-53: the change of :func:`pgb_share` from ``before`` to ``after`` (positive: more
    pgb); ``None`` when either window has no clients."""
    first, then = pgb_share(caseload, before), pgb_share(caseload, after)
    return None if first is None or then is None else then - first


def local_access_share(caseload: Caseload, window: Period) -> Fraction | None:
    """MH-34: of the youth-care allocations (Jeugdwet on their first day, or verlengde
    jeugdhulp) starting in ``window`` that record their referrer, the share referred by the
    municipal access (access team or municipality)."""
    persons = {p.id: p for h in caseload.households for p in h.members}
    referred = [a for a in caseload.allocations
                if a.referred_by is not None and a.period.start in window
                and a.client_id in persons
                and (a.extended_youth_care
                     or persons[a.client_id].law_on(a.period.start) is Law.JEUGDWET)]
    local = [a for a in referred
             if a.referred_by in (PartyKind.ACCESS_TEAM, PartyKind.MUNICIPALITY)]
    return Fraction(len(local), len(referred)) if referred else None


def spending(policy: MiddenHollandPolicy, caseload: Caseload, year: int) -> Money:
    """MH-10: what the region pays providers in ``year``: every household's settlement lines
    month by month and the region-wide lump-sum terms, own contributions excluded."""
    total = Money.zero()
    months = [Month(year, m) for m in range(1, 13)]
    for month in months:
        for case in caseload.cases():
            total += sum((line.amount for line in policy.settle(case, month)
                          if line.kind is not LineKind.OWN_CONTRIBUTION), Money.zero())
        total += sum((line.amount for line in policy.settle_region(caseload, month)),
                     Money.zero())
    return total


def phase_out_needed(caseload: Caseload, contracted: frozenset[str],
                     phase_out: frozenset[str] = frozenset(),
                     change: dt.date = dt.date(2025, 1, 1)) -> tuple[Allocation, ...]:
    """MH-29: allocations with care on the day before and on ``change`` (the old contracts
    end in December 2024, MH-02) whose provider is neither among the ``contracted``
    providers nor among those with a ``phase_out`` contract. A client whose helper now
    works as a subcontractor of a contracted provider has that provider on the allocation
    (its ``subcontractors`` naming the helper) and is not listed."""
    before = change - dt.timedelta(days=1)
    return tuple(a for a in caseload.allocations
                 if before in a.period and change in a.period
                 and a.provider not in contracted and a.provider not in phase_out)


_EARLY = frozenset({StopReason.COMPLETED, StopReason.BY_AGREEMENT})


def joint_closing_share(caseload: Caseload, window: Period) -> Fraction | None:
    """MH-45: of the allocations stopped in ``window`` before their end, as completed or by
    agreement, the share with an end report (the provider's proposal on which resident,
    provider and access decide together) on or before the stop."""
    events: dict[str, list[object]] = {}
    for event in caseload.events:
        events.setdefault(event.allocation_id, []).append(event)
    early = 0
    reported = 0
    for alloc in caseload.allocations:
        own = events.get(alloc.id, [])
        stops = sorted(e.date for e in own if isinstance(e, Stop) and e.reason in _EARLY
                       and e.date in window
                       and (alloc.period.is_open or e.date < alloc.period.last_day))
        if not stops:
            continue
        early += 1
        if any(isinstance(e, EndReport) and e.date <= stops[0] for e in own):
            reported += 1
    return Fraction(reported, early) if early else None
