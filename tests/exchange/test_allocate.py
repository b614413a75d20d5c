"""Sending allocations: a 301 per client for what was not sent, nothing twice, a change
with its reason, an end with its end date; on SQLite and PostgreSQL; and on the command
line (``messages allocate``, ``messages status``)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest

from sociaaldomein import Allocation, Caseload, Period
from sociaaldomein.cli.main import main
from sociaaldomein.exchange.allocate import allocate, change_reason, fingerprint
from sociaaldomein.exchange.ledger import Ledger
from sociaaldomein.io import istandaarden as iv
from sociaaldomein.io.files import write_caseload
from sociaaldomein.io.istandaarden.messages import Message
from sociaaldomein.model.periods import OPEN_END
from sociaaldomein.policy.registry import default_registry

REGISTRY = default_registry()
REGIONS = sorted(p.code for p in REGISTRY.policies())
Valid = Callable[[Message, dt.date], bytes]
Make = Callable[..., Caseload]


def _day(caseload: Caseload) -> dt.date:
    """A Dagtekening after every decision of the caseload, not after today."""
    decided = max((a.decided_on or a.period.start) for a in caseload.allocations)
    return min(dt.date.today(), max(decided, dt.date(2021, 1, 1)))


def _products(messages: tuple[iv.Toewijzing, ...], caseload: Caseload,
              allocation: Allocation) -> iv.ToegewezenProduct:
    """The product of ``allocation`` in the 301s (numbers are per municipality)."""
    municipality = caseload.household(allocation.household_id).municipality.code
    (found,) = [p for m in messages if m.header.afzender == municipality
                for p in m.client.toegewezen_producten
                if p.toewijzing_nummer == allocation.number]
    return found


@pytest.mark.parametrize("region", REGIONS)
def test_every_allocation_is_sent_once_in_its_standard(
        region: str, tmp_path: Path, valid: Valid, region_caseload: Make) -> None:
    caseload = region_caseload(region)
    day = _day(caseload)
    with Ledger.open(tmp_path / "ledger.sqlite") as ledger:
        run = allocate(caseload, ledger, dagtekening=day, registry=REGISTRY)
        assert run.not_sent == () and run.pending == ()
        assert sorted(run.new) == sorted(a.id for a in caseload.allocations)
        assert run.changed == ()
        for message, data in zip(run.messages, run.data, strict=True):
            assert valid(message, day) == data
            assert message.header.afzender in {h.municipality.code for h in caseload.households}
        # one 301 per client, aanbieder and law; each allocation in exactly one of them
        products = [p for m in run.messages for p in m.client.toegewezen_producten]
        assert len(products) == len(caseload.allocations)
        keys = [(m.client.bsn, m.header.ontvanger, m.standard) for m in run.messages]
        assert len(keys) == len(set(keys))
        # the caseload's own numbers are claimed: the 301 carries them
        assert {p.toewijzing_nummer for p in products} == {a.number for a in caseload.allocations}
        # a new toewijzing never has a reason for change (IV066)
        assert all(p.reden_wijziging is None for p in products)
        again = allocate(caseload, ledger, dagtekening=day, registry=REGISTRY)
        assert (again.messages, again.sent, again.up_to_date) == ((), (), len(products))
        status = ledger.status()
        assert status.allocation_versions == len(products)
        assert status.messages == len(run.messages)


def _single(caseload: Caseload) -> Allocation:
    """An allocation with an end whose client has no other allocation at its provider."""
    for a in caseload.allocations:
        others = [b for b in caseload.allocations if b.client_id == a.client_id
                  and b.provider == a.provider and b.id != a.id]
        if not a.period.is_open and not others and a.period.days > 40:
            return a
    raise AssertionError("no single allocation with an end")


def _replace(caseload: Caseload, allocation: Allocation) -> Caseload:
    return attrs.evolve(caseload, allocations=tuple(
        allocation if a.id == allocation.id else a for a in caseload.allocations))


def test_a_changed_allocation_is_sent_again_with_its_reason(
        ledger_url: str, valid: Valid, region_caseload: Make) -> None:
    caseload = region_caseload("west-friesland")
    day = _day(caseload)
    target = _single(caseload)
    period = target.period
    with Ledger.open(ledger_url) as ledger:
        first = allocate(caseload, ledger, dagtekening=day, registry=REGISTRY)
        number = _products(first.messages, caseload, target).toewijzing_nummer
        # shortened by ten days: reason 05, the new Einddatum, the same number, version 2
        shorter = attrs.evolve(target, period=Period(period.start, period.end - dt.timedelta(10)))
        later = day + dt.timedelta(days=1)
        run = allocate(_replace(caseload, shorter), ledger, dagtekening=later, registry=REGISTRY)
        assert run.changed == (target.id,) and run.new == ()
        assert [(s.number, s.version, s.reason) for s in run.sent] == [(number, 2, "05")]
        (message,) = run.messages
        valid(message, later)
        (product,) = message.client.toegewezen_producten
        assert product.reden_wijziging == "05"
        assert product.einddatum == period.last_day - dt.timedelta(10)
        assert product.toewijzingsdatum == later                 # the day of the change
        # extended again beyond the first end: reason 04
        longer = attrs.evolve(target, period=Period(period.start, period.end + dt.timedelta(5)))
        run = allocate(_replace(caseload, longer), ledger, dagtekening=later, registry=REGISTRY)
        assert [(s.version, s.reason) for s in run.sent] == [(3, "04")]
        # another change of content: 14 (administrative correction); its own reason wins
        volume = attrs.evolve(longer, volume=(longer.volume or 0) + 1) \
            if longer.volume is not None else attrs.evolve(longer, pgb=not longer.pgb)
        run = allocate(_replace(caseload, volume), ledger, dagtekening=later, registry=REGISTRY)
        assert [s.reason for s in run.sent] == ["14"]
        own = attrs.evolve(volume, period=Period(period.start, period.end), change_reason="07")
        run = allocate(_replace(caseload, own), ledger, dagtekening=later, registry=REGISTRY)
        assert [s.reason for s in run.sent] == ["07"]
        assert ledger.status().allocation_versions == len(caseload.allocations) + 4


def test_an_open_allocation_that_ends_is_sent_with_its_end_date(
        tmp_path: Path, valid: Valid, region_caseload: Make) -> None:
    caseload = region_caseload("west-friesland")
    day = _day(caseload)
    target = _single(caseload)
    opened = attrs.evolve(target, period=Period(target.period.start, OPEN_END))
    with Ledger.open(tmp_path / "ledger.sqlite") as ledger:
        first = allocate(_replace(caseload, opened), ledger, dagtekening=day, registry=REGISTRY)
        assert _products(first.messages, caseload, target).einddatum is None
        run = allocate(caseload, ledger, dagtekening=day, registry=REGISTRY)
        (message,) = run.messages
        valid(message, day)
        (product,) = message.client.toegewezen_producten
        assert product.einddatum == target.period.last_day
        assert product.reden_wijziging == "05"                   # shortened from open


def test_the_clients_other_current_allocations_go_along_unchanged(
        tmp_path: Path, valid: Valid, region_caseload: Make) -> None:
    caseload = region_caseload("h4")

    def decided(a: Allocation) -> dt.date:
        return a.decided_on or a.period.start

    pairs = [(a, b, max(decided(a), decided(b))) for a in caseload.allocations
             for b in caseload.allocations
             if a.id != b.id and a.client_id == b.client_id and a.provider == b.provider
             and (b.period.is_open or b.period.end > max(decided(a), decided(b)))]
    assert pairs, "the example caseload has a client with two allocations at one provider"
    changed, other, day = pairs[0]
    with Ledger.open(tmp_path / "ledger.sqlite") as ledger:
        allocate(caseload, ledger, dagtekening=day, registry=REGISTRY)
        edited = attrs.evolve(changed, change_reason="14", volume=(changed.volume or 0) + 2,
                              unit=changed.unit, frequency=changed.frequency) \
            if changed.volume is not None else attrs.evolve(changed, pgb=not changed.pgb)
        run = allocate(_replace(caseload, edited), ledger, dagtekening=day, registry=REGISTRY)
        (message,) = run.messages
        valid(message, day)
        assert _products(run.messages, caseload, changed).reden_wijziging is not None
        assert _products(run.messages, caseload, other).reden_wijziging is None   # IV099
        assert [s.allocation_id for s in run.sent] == [changed.id]


def test_an_allocation_decided_later_waits_and_a_taken_number_is_refused(
        tmp_path: Path, region_caseload: Make) -> None:
    caseload = region_caseload("template")
    day = _day(caseload)
    first, second = caseload.allocations[0], caseload.allocations[1]
    late = attrs.evolve(first, decided_on=day + dt.timedelta(days=3))
    clash = attrs.evolve(second, number=None)
    with Ledger.open(tmp_path / "ledger.sqlite") as ledger:
        run = allocate(_replace(_replace(caseload, late), clash), ledger, dagtekening=day,
                       registry=REGISTRY)
        assert run.pending == (first.id,)
        assert first.id not in run.new and second.id in run.new
        # later it goes out
        run = allocate(_replace(caseload, late), ledger,
                       dagtekening=day + dt.timedelta(days=3), registry=REGISTRY)
        assert run.new == (first.id,)
    # a number another allocation holds is never reused (TR332): not sent, with 9332's rule
    with Ledger.open(tmp_path / "other.sqlite") as ledger:
        municipality = caseload.household(second.household_id).municipality.code
        for name in ("wmo", "jeugdwet"):
            assert ledger.adopt_number(municipality, name, "someone-else", second.number or 0) \
                is None
        run = allocate(caseload, ledger, dagtekening=day, registry=REGISTRY)
        assert [(n.allocation_id, n.rule) for n in run.not_sent] == [(second.id, "TR332")]


def test_change_reason_of_an_end_moved() -> None:
    from sociaaldomein.exchange.ledger import SentAllocation

    base = Allocation("a1", "h1", "p1", "x", "P", Period(dt.date(2025, 1, 1), dt.date(2025, 7, 1)))
    sent = SentAllocation("0855", "wmo", 1, "a1", 1, fingerprint(base), dt.date(2025, 6, 30),
                          dt.date(2025, 1, 1))
    shorter = attrs.evolve(base, period=Period(dt.date(2025, 1, 1), dt.date(2025, 4, 1)))
    longer = attrs.evolve(base, period=Period(dt.date(2025, 1, 1), dt.date(2025, 9, 1)))
    assert change_reason(shorter, sent) == "05"
    assert change_reason(longer, sent) == "04"
    assert change_reason(attrs.evolve(base, provider="Q"), sent) == "14"


def test_allocate_and_status_on_the_command_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], region_caseload: Make) -> None:
    caseload = region_caseload("hart-van-brabant")
    day = _day(caseload)
    source = tmp_path / "caseload.json"
    write_caseload(source, caseload)
    out = tmp_path / "out"
    args = ["messages", "allocate", str(source), "--out", str(out), "--today", day.isoformat()]
    assert main(args) == 0
    first = json.loads(capsys.readouterr().out)
    assert first["new"] == len(caseload.allocations) and first["not_sent"] == 0
    files = sorted(out.glob("301_*.xml"))
    assert len(files) == first["messages"] > 0
    assert main(args) == 0
    again = json.loads(capsys.readouterr().out)
    assert (again["messages"], again["up_to_date"]) == (0, len(caseload.allocations))
    assert main(["messages", "read", str(files[0]), "--today", day.isoformat()]) == 0
    capsys.readouterr()
    assert main(["messages", "status", "--ledger", str(out / "ledger.sqlite")]) == 0
    status = capsys.readouterr().out
    assert f"allocation versions sent    {len(caseload.allocations)}" in status
    assert "accepted total              € 0,00" in status
    # bad input: exit 2 with a message, no traceback
    assert main(["messages", "status", "--ledger", str(tmp_path / "none.sqlite")]) == 2
    book = tmp_path / "agb.json"
    book.write_text('{"P1": "123"}', encoding="utf-8")
    assert main([*args, "--agb", str(book)]) == 2
    future = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    assert main(["messages", "allocate", str(source), "--out", str(out), "--today", future]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "8-digit AGB" in err and "TR135" in err
