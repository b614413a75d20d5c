"""Starts and stops: a provider's 305 and 307 recorded in the ledger and turned into the
caseload's care events.

:func:`receive_start` and :func:`receive_stop` record each StartProduct / StopProduct of a
305 / 307 in the ledger and return what became of it, with the national retour code when
it was refused:

* the message identification is new for its sender (TR056, 9056), else every class is
  refused;
* the ToewijzingNummer is one the municipality sent in this law (TR019, 9019);
* a start needs no current start of the same allocation and product (TR326, 9326); a
  stop repeats the key of a start (TR382, 9069) that has no final stop yet (TR415, 9415);
* StatusAanlevering 3 takes back the class with the same key (TR063, 9063): a start only
  while it was not stopped (TR071, 9071); a stop taken back makes its start current again.

:func:`with_reported_events` turns what the ledger holds into :class:`Start` and
:class:`Stop` events of a caseload, replacing the Start and Stop events of every allocation
a provider reported on, so settlement sees what the providers reported. A 307's Einddatum
is the last day of care; the library's stop date is the day after it. A temporary stop
(RedenBeeindiging 20: the care is to resume) is not a library stop and is left out; so is
the gemeente's reason 36, which has no counterpart among the library's stop reasons.
"""

from __future__ import annotations

import datetime as dt

import attrs

from sociaaldomein.errors import SociaaldomeinError
from sociaaldomein.exchange.ledger import Ledger, Refusal
from sociaaldomein.exchange.parties import agb_code, law_of_standard
from sociaaldomein.io.istandaarden import Product, StartZorg, StopZorg
from sociaaldomein.io.istandaarden.build import law_of, start_zorg, stop_reason, stop_zorg
from sociaaldomein.io.istandaarden.types import Standard
from sociaaldomein.model.caseload import CareEvent, Caseload, Start, Stop
from sociaaldomein.model.household import Law
from sociaaldomein.policy.registry import Registry, default_registry

__all__ = [
    "EventOutcome",
    "product_key",
    "receive_start",
    "receive_stop",
    "record_history",
    "with_reported_events",
]


@attrs.frozen
class EventOutcome:
    """What became of one StartProduct or StopProduct: recorded, or refused with a
    retour code."""

    kind: str
    """``305`` or ``307``."""
    number: int | None
    begindatum: dt.date
    status: str
    """StatusAanlevering: ``1`` new, ``3`` taken back."""
    refusal: Refusal | None = None

    @property
    def ok(self) -> bool:
        return self.refusal is None


def product_key(product: Product | None) -> str:
    """The product part of a start's key: category and code as one text (``02A01``), empty
    for a toewijzing without product."""
    if product is None:
        return ""
    return product.categorie + (product.code or "")


def _unknown(number: int | None) -> Refusal:
    return Refusal("9019", "TR019", f"ToewijzingNummer {number} refers to no toewijzing of "
                   "this municipality in this law")


def receive_start(message: StartZorg, ledger: Ledger) -> tuple[EventOutcome, ...]:
    """Record a 305 (see the module text)."""
    header = message.header
    municipality, provider = header.ontvanger, header.afzender
    law = law_of_standard(message.standard).value
    products = message.client.start_producten
    whole = ledger.record_message(provider, "305", header.bericht_identificatie.identificatie,
                                  header.bericht_identificatie.dagtekening)
    out: list[EventOutcome] = []
    for item in products:
        refusal = whole
        number = item.toewijzing_nummer
        if refusal is None and (number is None or
                                ledger.allocation_of(municipality, law, number) is None):
            refusal = _unknown(number)
        if refusal is None and number is not None:
            key = product_key(item.product)
            if item.status_aanlevering == "3":
                refusal = ledger.withdraw_start(provider, law, number, key, item.begindatum,
                                                municipality=municipality)
            else:
                refusal = ledger.record_start(provider, law, number, key, item.begindatum,
                                              municipality=municipality)
        out.append(EventOutcome("305", number, item.begindatum, item.status_aanlevering,
                                refusal))
    return tuple(out)


def receive_stop(message: StopZorg, ledger: Ledger) -> tuple[EventOutcome, ...]:
    """Record a 307 (see the module text)."""
    header = message.header
    municipality, provider = header.ontvanger, header.afzender
    law = law_of_standard(message.standard).value
    whole = ledger.record_message(provider, "307", header.bericht_identificatie.identificatie,
                                  header.bericht_identificatie.dagtekening)
    out: list[EventOutcome] = []
    for item in message.client.stop_producten:
        refusal = whole
        number = item.toewijzing_nummer
        if refusal is None and (number is None or
                                ledger.allocation_of(municipality, law, number) is None):
            refusal = _unknown(number)
        if refusal is None and number is not None:
            key = product_key(item.product)
            if item.status_aanlevering == "3":
                refusal = ledger.withdraw_stop(provider, law, number, key, item.begindatum,
                                               municipality=municipality)
            else:
                refusal = ledger.record_stop(provider, law, number, key, item.begindatum,
                                             item.einddatum + dt.timedelta(days=1),
                                             item.reden_beeindiging, municipality=municipality)
        out.append(EventOutcome("307", number, item.begindatum, item.status_aanlevering,
                                refusal))
    return tuple(out)


def with_reported_events(caseload: Caseload, ledger: Ledger) -> Caseload:
    """The caseload with the starts and stops providers reported (see the module text).
    Reports on allocations this caseload does not hold are left aside."""
    ids = {a.id for a in caseload.allocations}
    reported: dict[str, list[CareEvent]] = {}
    for start in ledger.reported_starts():
        if start.municipality is None:
            continue
        allocation_id = ledger.allocation_of(start.municipality, start.law, start.number)
        if allocation_id is None or allocation_id not in ids:
            continue
        events = reported.setdefault(allocation_id, [])
        events.append(Start(allocation_id, start.start))
        if start.stop is not None and start.stop_reason is not None:
            standard = Standard.IWMO if start.law == Law.WMO.value else Standard.IJW
            reason = stop_reason(start.stop_reason, standard)
            if reason is not None:
                events.append(Stop(allocation_id, start.stop, reason))
    if not reported:
        return caseload
    kept = tuple(e for e in caseload.events
                 if not (e.allocation_id in reported and isinstance(e, Start | Stop)))
    added = tuple(e for events in reported.values() for e in events)
    return attrs.evolve(caseload, events=kept + added)


def record_history(caseload: Caseload, ledger: Ledger, *, before: dt.date,
                   registry: Registry | None = None) -> tuple[EventOutcome, ...]:
    """Record the caseload's starts before ``before`` (and their stops whose last day of
    care lies before it) as the providers' 305s and 307s would have: for a ledger that
    starts keeping the chain's memory mid-way (the allocations must have been sent).
    Events of allocations the ledger never sent are left aside."""
    registry = registry or default_registry()
    cases = {c.household.id: c for c in caseload.cases()}
    out: list[EventOutcome] = []
    for allocation in caseload.allocations:
        case = cases[allocation.household_id]
        municipality = case.household.municipality.code
        try:
            catalog = registry.policy_for(municipality, allocation.period.start).catalog
            law = law_of(allocation, catalog, case.client(allocation))
        except SociaaldomeinError:
            continue
        sent = ledger.sent(municipality, law.value, allocation.id)
        if sent is None:
            continue
        numbered = attrs.evolve(allocation, number=sent.number)
        agb = agb_code(allocation.provider)
        events = sorted(case.events_for(allocation.id), key=lambda e: e.date)
        current: Start | None = None
        for event in events:
            if event.date > before:
                break
            day = before
            try:
                if isinstance(event, Start) and current is None and event.date < before:
                    message = start_zorg(case.household, numbered, event, catalog=catalog,
                                         aanbieder=agb, dagtekening=day,
                                         identificatie=ledger.next_identification(
                                             agb, "305", "H"))
                    out.extend(receive_start(message, ledger))
                    current = event
                elif isinstance(event, Stop) and current is not None:
                    stop = stop_zorg(case.household, numbered, current, event, catalog=catalog,
                                     aanbieder=agb, dagtekening=day,
                                     identificatie=ledger.next_identification(agb, "307", "H"))
                    out.extend(receive_stop(stop, ledger))
                    current = None
            except SociaaldomeinError:
                continue
    return tuple(out)
