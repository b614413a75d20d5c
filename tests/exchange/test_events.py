"""Starts and stops: a provider's 305 and 307 recorded in the ledger, refused with their
retour codes where the chain's memory says no, and turned into the caseload's Start and
Stop events, so that settlement sees what the providers reported."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import attrs

from sociaaldomein import Caseload, Month, Start, Stop, settle
from sociaaldomein.exchange.allocate import allocate
from sociaaldomein.exchange.answer import ANSWERERS, answer
from sociaaldomein.exchange.events import (
    receive_start,
    receive_stop,
    record_history,
    with_reported_events,
)
from sociaaldomein.exchange.ledger import Ledger
from sociaaldomein.exchange.parties import agb_code
from sociaaldomein.io.istandaarden import StartZorg, StopZorg, build
from sociaaldomein.io.istandaarden.messages import Message
from sociaaldomein.model.funding import StopReason
from sociaaldomein.policy.registry import default_registry

REGISTRY = default_registry()
Valid = Callable[[Message, dt.date], bytes]
Make = Callable[..., Caseload]
FAR = dt.date(2100, 1, 1)


def _sent(caseload: Caseload, ledger: Ledger) -> dt.date:
    day = max(max((a.decided_on or a.period.start) for a in caseload.allocations),
              dt.date(2021, 1, 1))
    run = allocate(caseload, ledger, dagtekening=day, registry=REGISTRY)
    assert run.not_sent == () and run.pending == ()
    return day


def _messages(caseload: Caseload, allocation_id: str, identification: str,
              ) -> tuple[StartZorg, StopZorg | None]:
    allocation = next(a for a in caseload.allocations if a.id == allocation_id)
    household = caseload.household(allocation.household_id)
    catalog = REGISTRY.policy_for(household.municipality.code, allocation.period.start).catalog
    events = [e for e in caseload.events if e.allocation_id == allocation_id]
    start = next(e for e in events if isinstance(e, Start))
    stop = next((e for e in events if isinstance(e, Stop)), None)
    day = (stop.date if stop else start.date) + dt.timedelta(days=3)
    begin = build.start_zorg(household, allocation, start, catalog=catalog,
                             aanbieder=agb_code(allocation.provider),
                             identificatie=identification, dagtekening=day)
    end = None if stop is None else build.stop_zorg(
        household, allocation, start, stop, catalog=catalog,
        aanbieder=agb_code(allocation.provider), identificatie=identification + "S",
        dagtekening=day)
    return begin, end


def _without_starts_and_stops(caseload: Caseload) -> Caseload:
    return attrs.evolve(caseload, events=tuple(
        e for e in caseload.events if not isinstance(e, Start | Stop)))


def test_reported_starts_and_stops_become_the_caseloads_events(
        ledger_url: str, region_caseload: Make) -> None:
    caseload = region_caseload("west-friesland")
    with Ledger.open(ledger_url) as ledger:
        _sent(caseload, ledger)
        outcomes = record_history(caseload, ledger, before=FAR, registry=REGISTRY)
        assert outcomes and all(o.ok for o in outcomes)
        starts = [e for e in caseload.events if isinstance(e, Start)]
        stops = [e for e in caseload.events if isinstance(e, Stop)]
        assert sum(1 for o in outcomes if o.kind == "305") == len(starts)
        assert sum(1 for o in outcomes if o.kind == "307") == len(stops)
        status = ledger.status()
        assert (status.current_starts, status.stops) == (len(starts) - len(stops), len(stops))
        # what the providers reported stands in for the caseload's own starts and stops
        bare = _without_starts_and_stops(caseload)
        rebuilt = with_reported_events(bare, ledger)
        assert {e for e in rebuilt.events if isinstance(e, Start)} == set(starts)
        got_stops = {(e.allocation_id, e.date) for e in rebuilt.events if isinstance(e, Stop)}
        assert got_stops == {(e.allocation_id, e.date) for e in stops}
        # ... and settlement sees them: every month settles as with the caseload's own
        year = max(a.period.start.year for a in caseload.allocations)
        for month in (Month(year, 3), Month(year, 9)):
            assert settle(rebuilt, month, REGISTRY).total == settle(caseload, month,
                                                                  REGISTRY).total


def test_refusals_carry_their_retour_codes(tmp_path: Path, valid: Valid,
                                           region_caseload: Make) -> None:
    caseload = region_caseload("template")
    stopped = next(e.allocation_id for e in caseload.events if isinstance(e, Stop))
    with Ledger.open(tmp_path / "ledger.sqlite") as ledger:
        _sent(caseload, ledger)
        start, stop = _messages(caseload, stopped, "B1")
        assert stop is not None
        valid(start, start.header.bericht_identificatie.dagtekening)
        valid(stop, stop.header.bericht_identificatie.dagtekening)
        # a stop before its start: 9069 (TR382)
        assert [o.refusal and o.refusal.retour_code for o in receive_stop(stop, ledger)] \
            == ["9069"]
        assert [o.ok for o in receive_start(start, ledger)] == [True]
        # the same identification again: 9056; a second current start: 9326
        assert [o.refusal and o.refusal.retour_code
                for o in receive_start(start, ledger)] == ["9056"]
        again = attrs.evolve(start, header=attrs.evolve(start.header, bericht_identificatie=
                             attrs.evolve(start.header.bericht_identificatie,
                                          identificatie="B2")))
        assert [o.refusal and o.refusal.retour_code
                for o in receive_start(again, ledger)] == ["9326"]
        # the stop again, under a new identification, is taken now; a second final stop
        # is not (TR415, 9415)
        second = attrs.evolve(stop, header=attrs.evolve(stop.header, bericht_identificatie=
                              attrs.evolve(stop.header.bericht_identificatie,
                                           identificatie="B3")))
        assert [o.ok for o in receive_stop(second, ledger)] == [True]
        third = attrs.evolve(second, header=attrs.evolve(second.header, bericht_identificatie=
                             attrs.evolve(second.header.bericht_identificatie,
                                          identificatie="B4")))
        assert [o.refusal and o.refusal.retour_code
                for o in receive_stop(third, ledger)] == ["9415"]
        # a stopped start cannot be withdrawn (TR071, 9071)
        withdraw = attrs.evolve(again, header=attrs.evolve(again.header, bericht_identificatie=
                                attrs.evolve(again.header.bericht_identificatie,
                                             identificatie="B5")),
                                client=attrs.evolve(again.client, start_producten=tuple(
                                    attrs.evolve(p, status_aanlevering="3")
                                    for p in again.client.start_producten)))
        assert [o.refusal and o.refusal.retour_code
                for o in receive_start(withdraw, ledger)] == ["9071"]
        # a number the municipality never sent: 9019 (TR019)
        product = start.client.start_producten[0]
        unknown = attrs.evolve(again, header=attrs.evolve(again.header, bericht_identificatie=
                               attrs.evolve(again.header.bericht_identificatie,
                                            identificatie="B6")),
                               client=attrs.evolve(again.client, start_producten=(
                                   attrs.evolve(product, toewijzing_nummer=999_999),)))
        assert [o.refusal and o.refusal.retour_code
                for o in receive_start(unknown, ledger)] == ["9019"]


def test_a_withdrawn_start_takes_its_event_back(tmp_path: Path, region_caseload: Make) -> None:
    caseload = region_caseload("template")
    running = next(a.id for a in caseload.allocations
                   if any(isinstance(e, Start) and e.allocation_id == a.id
                          for e in caseload.events)
                   and not any(isinstance(e, Stop) and e.allocation_id == a.id
                               for e in caseload.events))
    with Ledger.open(tmp_path / "ledger.sqlite") as ledger:
        _sent(caseload, ledger)
        start, _ = _messages(caseload, running, "W1")
        assert all(o.ok for o in receive_start(start, ledger))
        bare = _without_starts_and_stops(caseload)
        assert [e for e in with_reported_events(bare, ledger).events
                if isinstance(e, Start) and e.allocation_id == running]
        withdraw = attrs.evolve(start, header=attrs.evolve(start.header, bericht_identificatie=
                                attrs.evolve(start.header.bericht_identificatie,
                                             identificatie="W2")),
                                client=attrs.evolve(start.client, start_producten=tuple(
                                    attrs.evolve(p, status_aanlevering="3")
                                    for p in start.client.start_producten)))
        assert all(o.ok for o in receive_start(withdraw, ledger))
        assert not [e for e in with_reported_events(bare, ledger).events
                    if isinstance(e, Start) and e.allocation_id == running]
        assert ledger.status().current_starts == 0


def test_starts_and_stops_are_answered_through_the_dispatch_table(
        tmp_path: Path, region_caseload: Make) -> None:
    assert {"305", "307", "315", "317"} <= set(ANSWERERS)
    caseload = region_caseload("template")
    stopped = next(e for e in caseload.events if isinstance(e, Stop))
    with Ledger.open(tmp_path / "ledger.sqlite") as ledger:
        _sent(caseload, ledger)
        start, stop = _messages(caseload, stopped.allocation_id, "D1")
        assert stop is not None
        day = stop.header.bericht_identificatie.dagtekening
        run = answer([start, stop, stop], caseload, ledger, today=day)
        assert [(a.kind, a.codes, a.replies) for a in run.answered] == [
            ("305", (), ()), ("307", (), ()), ("307", ("9056",), ())]
        reported = with_reported_events(_without_starts_and_stops(caseload), ledger)
        (got,) = [e for e in reported.events if isinstance(e, Stop)]
        assert got.date == stopped.date
        assert got.reason in set(StopReason)
