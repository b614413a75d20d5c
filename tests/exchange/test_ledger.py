"""The chain's memory: numbers never reused, one current start, references and
declaration numbers never twice, credits only against accepted debits, on SQLite and
PostgreSQL, and two processes writing at once."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from sociaaldomein.exchange.ledger import (
    SCHEMA_VERSION,
    DeclaredLine,
    Ledger,
    LedgerError,
    LineDirection,
    Refusal,
)

D = dt.date
DAY = D(2025, 3, 3)


def _line(ref: str, number: int = 1, *, credit_of: str | None = None, amount: int = 10_000,
          month: int = 1) -> DeclaredLine:
    start = D(2025, month, 1)
    end = D(2025, month + 1, 1) - dt.timedelta(days=1)
    return DeclaredLine(ref, credit_of, number, "02A01", start, end,
                        LineDirection.CREDIT if credit_of else LineDirection.DEBIT, amount)


def test_numbers_are_never_reused(ledger_url: str) -> None:
    with Ledger.open(ledger_url) as ledger:
        first = ledger.number_for("0855", "wmo", "a-1")
        second = ledger.number_for("0855", "wmo", "a-2")
        assert (first, second) == (1, 2)
        assert ledger.number_for("0855", "wmo", "a-1") == 1         # the same allocation
        assert ledger.number_for("0855", "jeugdwet", "a-3") == 1    # per law
        assert ledger.number_for("0503", "wmo", "a-4") == 1         # per municipality
        assert ledger.allocation_of("0855", "wmo", 2) == "a-2"
    with Ledger.open(ledger_url) as again:                         # it persists
        assert again.number_for("0855", "wmo", "a-5") == 3


def test_sent_versions_and_message_identifications(ledger_url: str) -> None:
    with Ledger.open(ledger_url) as ledger:
        assert ledger.sent("0855", "wmo", "a-1") is None
        one = ledger.record_sent("0855", "wmo", "a-1", "f1", None, DAY, message=("0855", "M1"))
        two = ledger.record_sent("0855", "wmo", "a-1", "f2", D(2025, 6, 1), DAY,
                                 message=("0855", "M2"))
        assert (one.version, two.version, two.number) == (1, 2, one.number)
        last = ledger.sent("0855", "wmo", "a-1")
        assert last is not None and last.fingerprint == "f2" and last.end == D(2025, 6, 1)
        refusal = ledger.record_message("0855", "301", "M1", DAY)
        assert refusal is not None and refusal.retour_code == "9056"
        assert ledger.record_message("0855", "305", "M1", DAY) is None   # per message type


def test_one_current_start(ledger_url: str) -> None:
    with Ledger.open(ledger_url) as ledger:
        assert ledger.record_start("P1", "wmo", 7, "02A01", D(2025, 1, 6)) is None
        again = ledger.record_start("P1", "wmo", 7, "02A01", D(2025, 2, 1))
        assert again is not None and again.retour_code == "9326"
        assert ledger.record_stop("P1", "wmo", 7, "02A01", D(2025, 1, 6), D(2025, 3, 1), "01") is None
        withdraw = ledger.withdraw_start("P1", "wmo", 7, "02A01", D(2025, 1, 6))
        assert withdraw is not None and withdraw.retour_code == "9071"   # stopped: no
        assert ledger.record_start("P1", "wmo", 7, "02A01", D(2025, 4, 1)) is None
        assert ledger.withdraw_start("P1", "wmo", 7, "02A01", D(2025, 4, 1)) is None
        missing = ledger.record_stop("P1", "wmo", 7, "02A01", D(2025, 4, 1), D(2025, 5, 1), "01")
        assert missing is not None and missing.retour_code == "9069"
        status = ledger.status()
        assert (status.current_starts, status.stops) == (0, 1)


def test_declarations(ledger_url: str) -> None:
    with Ledger.open(ledger_url) as ledger:
        first = ledger.accept_declaration("P1", "wmo", "D1", [_line("R1"), _line("R2", 2)], DAY)
        assert first.refusal is None and first.accepted_cents == 20_000
        # the same DeclaratieNummer again: the whole declaration is refused
        again = ledger.accept_declaration("P1", "wmo", "D1", [_line("R9")], DAY)
        assert again.refusal is not None and again.refusal.retour_code == "9333"
        assert again.accepted == ()
        second = ledger.accept_declaration("P1", "wmo", "D2", [
            _line("R1"),                              # reference used before: 8021
            _line("R3"),                              # second debit, same period: 9389
            _line("R4", credit_of="R404"),            # credit without a debit: 8017
            _line("R5", credit_of="R1"),              # credit of R1: accepted
            _line("R6", 2, month=2),                  # another month: accepted
        ], DAY)
        codes = {ref: refusal.retour_code for ref, refusal in second.refused}
        assert codes == {"R1": "8021", "R3": "9389", "R4": "8017"}
        assert [a.reference for a in second.accepted] == ["R5", "R6"]
        assert second.accepted_cents == -10_000 + 10_000
        # after the credit, a new debit for the same period is accepted
        third = ledger.accept_declaration("P1", "wmo", "D3", [_line("R7")], DAY)
        assert [a.reference for a in third.accepted] == ["R7"]
        # a second credit of R1 is refused: it was credited already
        fourth = ledger.accept_declaration("P1", "wmo", "D4", [_line("R8", credit_of="R1")], DAY)
        assert [r.retour_code for _, r in fourth.refused] == ["9390"]
        # lines refused by content checks use their reference but are not accepted
        fifth = ledger.accept_declaration(
            "P1", "wmo", "D5", [_line("R10", 3)], DAY,
            refused_elsewhere={"R10": Refusal("9346", "TR346", "amount is not volume x tariff")})
        assert fifth.accepted == () and [r.retour_code for _, r in fifth.refused] == ["9346"]
        status = ledger.status()
        assert status.declarations == 5                 # D1..D5 (D1 once)
        assert status.accepted_lines == 5               # R1, R2, R5, R6, R7
        assert status.accepted_cents == 20_000 + 0 + 10_000


def test_a_ledger_of_another_schema_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite"
    Ledger.open(path).close()
    import sqlite3

    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE ledger_meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(LedgerError, match=f"schema version 99.*reads version {SCHEMA_VERSION}"):
        Ledger.open(path)
    with pytest.raises(Exception, match="not a folder"):
        Ledger.open(tmp_path)


WORKER = """
import datetime as dt, sys
from sociaaldomein.exchange.ledger import DeclaredLine, Ledger, LineDirection
url, worker, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
ledger = Ledger.open(url)
for i in range(count):
    line = DeclaredLine(f"R{i}", None, i + 1, "02A01", dt.date(2025, 1, 1), dt.date(2025, 1, 31),
                        LineDirection.DEBIT, 10_000)
    ledger.accept_declaration("P1", "wmo", f"W{worker}-{i}", [line], dt.date(2025, 3, 3))
ledger.close()
"""


def test_two_processes_never_accept_a_reference_twice(ledger_url: str) -> None:
    """Both processes declare the same references R0..R39 in declarations of their own, at
    the same time: every declaration is recorded and each reference accepted once."""
    Ledger.open(ledger_url).close()
    count = 40
    workers = [subprocess.Popen([sys.executable, "-c", WORKER, ledger_url, str(w), str(count)],
                                stderr=subprocess.PIPE, text=True) for w in (1, 2)]
    for w in workers:
        _, err = w.communicate(timeout=240)
        assert w.returncode == 0, err[-2000:]
    with Ledger.open(ledger_url) as ledger:
        status = ledger.status()
    assert status.declarations == 2 * count           # nothing lost
    assert status.accepted_lines == count             # every reference accepted once
    assert status.accepted_cents == count * 10_000


def test_declared_volumes_per_municipality_and_adopted_numbers(ledger_url: str) -> None:
    def line(ref: str, municipality: str, volume: int, *, credit_of: str | None = None,
             month: int = 1) -> DeclaredLine:
        start = D(2025, month, 1)
        end = D(2025, month + 1, 1) - dt.timedelta(days=1)
        return DeclaredLine(ref, credit_of, 7, "07/07A01", start, end,
                            LineDirection.CREDIT if credit_of else LineDirection.DEBIT,
                            volume * 5875, volume, "04", municipality)

    with Ledger.open(ledger_url) as ledger:
        # allocation 7 of two municipalities: numbers are unique per municipality only
        one = ledger.accept_declaration("P1", "wmo", "V1", [line("A", "0855", 13),
                                                            line("B", "0503", 4)], DAY)
        assert one.refused == () and len(one.accepted) == 2
        two = ledger.accept_declaration("P1", "wmo", "V2", [line("C", "0855", 11, month=2),
                                                            line("D", "0855", 1)], DAY)
        assert [(r, x.retour_code) for r, x in two.refused] == [("D", "9389")]
        assert sorted(ledger.declared_volumes("P1", "wmo", 7, municipality="0855")) == [
            (11, "04"), (13, "04")]
        assert ledger.declared_volumes("P1", "wmo", 7, municipality="0503") == [(4, "04")]
        # a credited debit no longer counts
        ledger.accept_declaration("P1", "wmo", "V3", [line("E", "0855", 13, credit_of="A")], DAY)
        assert ledger.declared_volumes("P1", "wmo", 7, municipality="0855") == [(11, "04")]
        # numbers given outside the ledger
        assert ledger.adopt_number("0855", "wmo", "x-1", 4711) is None
        assert ledger.adopt_number("0855", "wmo", "x-1", 4711) is None     # again: fine
        assert ledger.allocation_of("0855", "wmo", 4711) == "x-1"
        taken = ledger.adopt_number("0855", "wmo", "x-2", 4711)
        assert taken is not None and taken.retour_code == "9332"
        assert ledger.number_for("0855", "wmo", "x-3") == 4712             # never reused
