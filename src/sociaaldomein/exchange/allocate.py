"""Sending allocations: a 301 per client for what the providers have not been told yet.

:func:`allocate` compares every allocation of a caseload with what the ledger says was last
sent for it (a fingerprint of the allocation's content) and writes a 301 (toewijzing) per
client, aanbieder and law, in the standard of that law (iWmo for the Wmo 2015, iJw for the
Jeugdwet), for every group with something new:

* an allocation never sent goes out under its ToewijzingNummer (the caseload's own number,
  claimed in the ledger, or the next free one of the municipality and law; never reused,
  TR332) without RedenWijziging (IV066, IV099);
* an allocation whose content changed since its last 301 goes out again under the same
  number with its reason for change: the allocation's own ``change_reason`` when it has
  one, otherwise ``04`` (reassessment: extended) or ``05`` (shortened) when only its end
  moved, and ``14`` (administrative correction) for any other change (WMO002/JZ002). An
  allocation that ended is sent with its end date as Einddatum; its Toewijzingsdatum is
  the day of the change (IV013);
* the client's other current allocations at that aanbieder go along unchanged, without
  RedenWijziging, as the 301 describes the client's whole current assignment (IV094).

An allocation decided after the Dagtekening (its ``decided_on`` later) is not sent yet
(``pending``): a 301 carries no date after its Dagtekening (TR134). Running it again sends
nothing new. A provider's reference goes along only the first time
an allocation is sent (IV097, TR379). An allocation that cannot be written (a stacking
breach, a missing BSN, ...) is reported with the rule it breaks and not recorded, so the
next run tries it again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

import attrs

from sociaaldomein.errors import SociaaldomeinError
from sociaaldomein.exchange.ledger import Ledger, SentAllocation
from sociaaldomein.exchange.parties import Parties
from sociaaldomein.io.files import atomic_write
from sociaaldomein.io.istandaarden import Toewijzing, write
from sociaaldomein.io.istandaarden.build import law_of, toewijzing
from sociaaldomein.io.istandaarden.types import MessageError
from sociaaldomein.model.caseload import Allocation, Caseload
from sociaaldomein.model.catalog import Catalog
from sociaaldomein.model.household import Household, Law
from sociaaldomein.policy.registry import Registry, default_registry

__all__ = [
    "AllocationRun",
    "NotSent",
    "Sent",
    "allocate",
    "change_reason",
    "fingerprint",
    "new_number",
    "write_messages",
]


def fingerprint(allocation: Allocation) -> str:
    """A digest of what a 301 says about an allocation: a change of any of these sends it
    again."""
    content = {
        "arrangement": allocation.arrangement, "provider": allocation.provider,
        "start": allocation.period.start.isoformat(),
        "end": None if allocation.period.is_open else allocation.period.end.isoformat(),
        "volume": None if allocation.volume is None else str(allocation.volume),
        "unit": None if allocation.unit is None else allocation.unit.value,
        "frequency": None if allocation.frequency is None else allocation.frequency.value,
        "budget": None if allocation.budget is None else allocation.budget.amount_cents,
        "category": allocation.product_category, "code": allocation.product_code,
        "pgb": allocation.pgb, "extended_youth_care": allocation.extended_youth_care,
    }
    text = json.dumps(content, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def new_number(ledger: Ledger, municipality: str, law: str, allocation_id: str,
               taken: Iterable[int] = ()) -> int:
    """The ToewijzingNummer of an allocation without one: the one the ledger gave it, or
    the next after every number the municipality used in any law and every number in
    ``taken`` (the caseload's own), so that numbers stay unique per municipality as the
    caseload keeps them (TR332 asks it per law only)."""
    held = ledger.number_of(municipality, law, allocation_id)
    if held is not None:
        return held
    number = max(ledger.highest_number(municipality), max(taken, default=0)) + 1
    while ledger.adopt_number(municipality, law, allocation_id, number) is not None:
        number += 1  # another writer took it meanwhile
    return number


def change_reason(allocation: Allocation, last: SentAllocation) -> str:
    """The RedenWijziging of a changed allocation (see the module text)."""
    if allocation.change_reason is not None:
        return allocation.change_reason
    end = None if allocation.period.is_open else allocation.period.last_day
    if end != last.end and fingerprint(_with_end(allocation, last.end)) == last.fingerprint:
        if last.end is None or (end is not None and end < last.end):
            return "05"
        return "04"
    return "14"


def _with_end(allocation: Allocation, last_day: dt.date | None) -> Allocation:
    from sociaaldomein.model.periods import OPEN_END, Period

    end = OPEN_END if last_day is None else last_day + dt.timedelta(days=1)
    try:
        return attrs.evolve(allocation, period=Period(allocation.period.start, end))
    except SociaaldomeinError:
        return allocation


@attrs.frozen
class Sent:
    """One allocation in a 301 written by this run."""

    allocation_id: str
    number: int
    version: int
    reason: str | None
    """RedenWijziging: ``None`` for a first send."""


@attrs.frozen
class NotSent:
    """An allocation that could not be sent, with the rule it breaks."""

    allocation_id: str
    rule: str
    message: str


@attrs.frozen
class AllocationRun:
    """What :func:`allocate` wrote: the 301s (with their bytes), what each carried as new
    or changed, the allocations it could not send, and how many were already up to date."""

    messages: tuple[Toewijzing, ...]
    data: tuple[bytes, ...]
    sent: tuple[Sent, ...]
    not_sent: tuple[NotSent, ...]
    up_to_date: int
    pending: tuple[str, ...] = ()
    """Allocations decided after the Dagtekening: not sent yet."""

    @property
    def new(self) -> tuple[str, ...]:
        return tuple(s.allocation_id for s in self.sent if s.reason is None)

    @property
    def changed(self) -> tuple[str, ...]:
        return tuple(s.allocation_id for s in self.sent if s.reason is not None)


Group = tuple[str, str, str, Law]


def allocate(
    caseload: Caseload, ledger: Ledger, *, dagtekening: dt.date,
    registry: Registry | None = None, agb: Mapping[str, str] | None = None,
    catalog: Callable[[Household, Allocation], Catalog] | None = None,
) -> AllocationRun:
    """Write a 301 for every client with an allocation not sent yet or changed since it
    was sent, and record what was sent in the ledger (see the module text).

    ``agb`` maps provider codes to AGB codes (:mod:`~sociaaldomein.exchange.parties` for the
    default); ``catalog`` gives the catalog of an allocation (default: its region's policy
    on the allocation's start).
    """
    registry = registry or default_registry()
    parties = Parties.of((a.provider for a in caseload.allocations), agb)
    households = {h.id: h for h in caseload.households}

    def region_catalog(household: Household, allocation: Allocation) -> Catalog:
        return registry.policy_for(household.municipality.code,
                                   allocation.period.start).catalog

    catalog_of = catalog or region_catalog

    groups: dict[Group, list[Allocation]] = {}
    catalogs: dict[Group, Catalog] = {}
    not_sent: list[NotSent] = []
    pending: list[str] = []
    for allocation in caseload.allocations:
        if allocation.decided_on is not None and allocation.decided_on > dagtekening:
            pending.append(allocation.id)
            continue
        household = households[allocation.household_id]
        try:
            found = catalog_of(household, allocation)
            law = law_of(allocation, found, household.member(allocation.client_id))
        except SociaaldomeinError as exc:
            not_sent.append(NotSent(allocation.id, getattr(exc, "code", "SD"), str(exc)))
            continue
        key = (allocation.household_id, allocation.client_id, allocation.provider, law)
        groups.setdefault(key, []).append(allocation)
        catalogs.setdefault(key, found)

    taken: dict[str, list[int]] = {}
    for allocation in caseload.allocations:
        if allocation.number is not None:
            code = households[allocation.household_id].municipality.code
            taken.setdefault(code, []).append(allocation.number)
    messages: list[Toewijzing] = []
    data: list[bytes] = []
    sent: list[Sent] = []
    for key, allocations in groups.items():
        household = households[key[0]]
        municipality, law = household.municipality.code, key[3]
        plan = _plan_group(ledger, municipality, law, allocations, dagtekening, not_sent,
                           taken.get(municipality, ()))
        if plan is None:
            continue
        outgoing, dates, news = plan
        identification = ledger.next_identification(municipality, "301", "TW")
        try:
            message = toewijzing(household, outgoing, catalog=catalogs[key],
                                 aanbieder=parties.agb(key[2]),
                                 identificatie=identification, dagtekening=dagtekening)
            message = _dated(message, dates)
            payload = write(message, today=dagtekening)
        except (MessageError, SociaaldomeinError) as exc:
            rule = exc.rule if isinstance(exc, MessageError) else getattr(exc, "code", "SD")
            not_sent.extend(NotSent(a.id, rule, str(exc)) for a in outgoing if a.id in news)
            continue
        refusal = ledger.record_message(municipality, "301", identification, dagtekening)
        if refusal is not None:  # another writer took the identification: next run
            not_sent.extend(NotSent(a.id, refusal.rule, refusal.message)
                            for a in outgoing if a.id in news)
            continue
        for allocation in outgoing:
            if allocation.id not in news:
                continue
            end = None if allocation.period.is_open else allocation.period.last_day
            record = ledger.record_sent(municipality, law.value, allocation.id,
                                        fingerprint(allocation), end, dagtekening)
            sent.append(Sent(allocation.id, record.number, record.version,
                             news[allocation.id]))
        messages.append(message)
        data.append(payload)
    up_to_date = len(caseload.allocations) - len(sent) - len(not_sent) - len(pending)
    return AllocationRun(tuple(messages), tuple(data), tuple(sent), tuple(not_sent),
                         up_to_date, tuple(pending))


def _plan_group(
    ledger: Ledger, municipality: str, law: Law, allocations: Sequence[Allocation],
    dagtekening: dt.date, not_sent: list[NotSent], taken: Iterable[int],
) -> tuple[list[Allocation], dict[int, dt.date], dict[str, str | None]] | None:
    """What one client's 301 at one aanbieder carries: the allocations to send (numbered,
    with their reason), the Toewijzingsdatum of each changed number, and which of them are
    new or changed (with the reason); ``None`` when nothing is new."""
    news: dict[str, str | None] = {}
    outgoing: list[Allocation] = []
    dates: dict[int, dt.date] = {}
    for allocation in allocations:
        last = ledger.sent(municipality, law.value, allocation.id)
        if last is None:
            if allocation.number is not None:
                refusal = ledger.adopt_number(municipality, law.value, allocation.id,
                                              allocation.number)
                if refusal is not None:
                    not_sent.append(NotSent(allocation.id, refusal.rule, refusal.message))
                    continue
                number = allocation.number
            else:
                number = new_number(ledger, municipality, law.value, allocation.id, taken)
            news[allocation.id] = None
            outgoing.append(attrs.evolve(allocation, number=number, change_reason=None))
            continue
        current = allocation.period.is_open or allocation.period.end > dagtekening
        if last.fingerprint != fingerprint(allocation):
            reason = change_reason(allocation, last)
            news[allocation.id] = reason
            outgoing.append(attrs.evolve(allocation, number=last.number, change_reason=reason,
                                         provider_reference=None))
            dates[last.number] = max(dagtekening, allocation.decided_on or dagtekening)
        elif current:
            outgoing.append(attrs.evolve(allocation, number=last.number, change_reason=None,
                                         provider_reference=None))
            if last.version > 1:
                dates[last.number] = last.sent_on
    if not news:
        return None
    return outgoing, dates, news


def _dated(message: Toewijzing, dates: Mapping[int, dt.date]) -> Toewijzing:
    """The 301 with the Toewijzingsdatum of each changed allocation set to the day of its
    change (IV013)."""
    if not dates:
        return message
    products = tuple(
        attrs.evolve(p, toewijzingsdatum=dates[p.toewijzing_nummer])
        if p.toewijzing_nummer in dates else p
        for p in message.client.toegewezen_producten)
    return attrs.evolve(message, client=attrs.evolve(message.client,
                                                     toegewezen_producten=products))


def write_messages(run: AllocationRun, folder: Path) -> list[Path]:
    """Write the run's 301s into ``folder``, one file each, named after sender and
    identification (``301_0855_TW0000000001.xml``); each is written whole or not at all."""
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for message, payload in zip(run.messages, run.data, strict=True):
        header = message.header
        path = folder / (f"301_{header.afzender}_"
                         f"{header.bericht_identificatie.identificatie}.xml")
        atomic_write(path, payload)
        paths.append(path)
    return paths
