"""The municipality's memory of the message chain, in a real database.

The national chain (iWmo / iJw) needs memory across messages: which allocations were sent
and under which ToewijzingNummer (never reused), which starts and stops providers reported
(one current start per allocation), which declarations and reference numbers were
accepted (a DeclaratieNummer and a ReferentieNummer never come twice; a credit needs an
accepted debit; a second debit for the same period, product and allocation only after a
credit), and which message identifications each sender used. :class:`Ledger` keeps that
memory with SQLAlchemy Core:

* ``Ledger.open("ledger.sqlite")`` - a SQLite file, the embedded default;
* ``Ledger.open("postgresql+psycopg://user@host/db")`` - PostgreSQL (extra ``ledger``).

The schema is versioned (table ``ledger_meta``): a ledger of another schema version is
refused with a clear error, never silently migrated. Every write is one transaction, and
the uniqueness rules are constraints of the database itself, so two processes answering at
once lose nothing and never accept a reference twice: a writer that loses a race gets the
constraint's refusal and reports the national retour code.

Retour codes (``../shared/istandaarden/rules.md``): 9056 (TR056, message identification
used before by this sender), 9332 (TR332, ToewijzingNummer already used for another
allocation), 9326 (TR326, a current start exists), 9063 (TR063, nothing to withdraw),
9071 (TR071, a stopped start cannot be withdrawn), 9333 (TR333, DeclaratieNummer used),
8021 (TR314, ReferentieNummer used), 8017 (TR323, a credit without an accepted debit),
9389 (TR389, a second debit before the first was credited), 9390 (TR390, a line credited
before), 9069 (TR382, a stop without its start), 9415 (TR415, a stop after a final stop),
9347 (TR347, a request's ReferentieAanbieder used before).

Schema version 2 keeps the volume and unit of every declared line, for the cumulative
volume check of TR322 (:meth:`Ledger.declared_volumes`), the municipality of every start
(ToewijzingNummers are a municipality's own, so a start's key includes it), and the
requests (315/317) with their answers (table ``requests``).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import attrs

from sociaaldomein.errors import InvalidInput, MissingExtra, SociaaldomeinError

if TYPE_CHECKING:
    import sqlalchemy as sa

__all__ = [
    "SCHEMA_VERSION",
    "AcceptedLine",
    "DeclarationOutcome",
    "DeclaredLine",
    "Ledger",
    "LedgerError",
    "LedgerStatus",
    "LineDirection",
    "Refusal",
    "ReportedStart",
    "SentAllocation",
]

SCHEMA_VERSION = 2
"""The version of the ledger's tables; a ledger of another version is refused."""

T = TypeVar("T")


class LedgerError(SociaaldomeinError):
    """The ledger cannot be opened or used: unreachable, another schema version."""

    code = "SD-600"


class Refusal(Exception):
    """What the ledger refuses, with the national retour code and the rule it rests on."""

    def __init__(self, retour_code: str, rule: str, message: str) -> None:
        super().__init__(f"{retour_code} ({rule}): {message}")
        self.retour_code = retour_code
        self.rule = rule
        self.message = message

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Refusal) and (self.retour_code, self.rule, self.message) == (
            other.retour_code, other.rule, other.message)

    def __hash__(self) -> int:
        return hash((self.retour_code, self.rule, self.message))


class LineDirection(enum.Enum):
    """Debet/credit of a declaration line (COD043)."""

    DEBIT = "D"
    CREDIT = "C"


@attrs.frozen
class SentAllocation:
    """An allocation as last sent in a 301: its number, version and fingerprint."""

    municipality: str
    law: str
    number: int
    allocation_id: str
    version: int
    fingerprint: str
    end: dt.date | None
    sent_on: dt.date


@attrs.frozen
class ReportedStart:
    """A start a provider reported (305) and did not take back, with its stop (307) when
    one came: what becomes the caseload's Start and Stop events. ``stop`` is the first
    day without care (the 307's Einddatum plus one day)."""

    municipality: str | None
    provider: str
    law: str
    number: int
    product: str
    start: dt.date
    stop: dt.date | None
    stop_reason: str | None


@attrs.frozen
class DeclaredLine:
    """One line of a 323 as the ledger needs it: who, which allocation, which period and
    product, debit or credit, and the references that tie credits to debits."""

    reference: str
    previous_reference: str | None
    number: int
    product: str
    period_start: dt.date
    period_end: dt.date
    direction: LineDirection
    amount_cents: int
    volume: int | None = None
    unit: str | None = None
    municipality: str = ""
    """The municipality declared to: ToewijzingNummers are unique per municipality only."""


@attrs.frozen
class AcceptedLine:
    """A line the ledger accepted."""

    reference: str
    direction: LineDirection
    amount_cents: int


@attrs.frozen
class DeclarationOutcome:
    """What became of a declaration: the accepted lines and the refused ones with their
    retour codes. A refused declaration (``refusal`` set) accepts no line."""

    declaration: str
    accepted: tuple[AcceptedLine, ...]
    refused: tuple[tuple[str, Refusal], ...]
    refusal: Refusal | None = None

    @property
    def accepted_cents(self) -> int:
        """The signed sum of the accepted lines (credits negative)."""
        return sum(line.amount_cents if line.direction is LineDirection.DEBIT
                   else -line.amount_cents for line in self.accepted)


@attrs.frozen
class LedgerStatus:
    """What a ledger holds, in counts."""

    schema_version: int
    messages: int
    allocations: int
    allocation_versions: int
    current_starts: int
    stops: int
    declarations: int
    accepted_lines: int
    accepted_cents: int
    requests: int = 0
    requests_honoured: int = 0
    requests_refused: int = 0


def _sqlalchemy() -> object:
    try:
        import sqlalchemy
    except ImportError:
        raise MissingExtra("sqlalchemy", "ledger") from None
    return sqlalchemy


def _url(location: str | Path) -> str:
    """A database URL from a URL or a file path (a path means a SQLite file)."""
    text = str(location)
    if "://" in text:
        return text
    path = Path(text)
    if path.exists() and path.is_dir():
        raise InvalidInput("the ledger is a file or a database URL, not a folder", source=text)
    return f"sqlite:///{path.resolve()}"


class Ledger:
    """The chain's memory in a database; see the module docstring."""

    def __init__(self, engine: sa.Engine) -> None:
        import sqlalchemy as sa

        self.engine = engine
        self.metadata = sa.MetaData()
        m = self.metadata
        self.meta = sa.Table("ledger_meta", m, sa.Column("key", sa.String(40), primary_key=True),
                             sa.Column("value", sa.String(200), nullable=False))
        self.messages = sa.Table(
            "messages", m,
            sa.Column("sender", sa.String(40), primary_key=True),
            sa.Column("kind", sa.String(10), primary_key=True),
            sa.Column("identification", sa.String(20), primary_key=True),
            sa.Column("recorded_on", sa.Date, nullable=False),
        )
        self.numbers = sa.Table(
            "allocation_numbers", m,
            sa.Column("municipality", sa.String(4), primary_key=True),
            sa.Column("law", sa.String(10), primary_key=True),
            sa.Column("number", sa.BigInteger, primary_key=True),
            sa.Column("allocation_id", sa.String(64), nullable=False),
            sa.UniqueConstraint("municipality", "law", "allocation_id", name="uq_allocation_id"),
        )
        self.versions = sa.Table(
            "allocation_versions", m,
            sa.Column("municipality", sa.String(4), primary_key=True),
            sa.Column("law", sa.String(10), primary_key=True),
            sa.Column("number", sa.BigInteger, primary_key=True),
            sa.Column("version", sa.Integer, primary_key=True),
            sa.Column("fingerprint", sa.String(64), nullable=False),
            sa.Column("end_date", sa.Date, nullable=True),
            sa.Column("sent_on", sa.Date, nullable=False),
        )
        self.starts = sa.Table(
            "starts", m,
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            # the municipality the 305 was sent to: ToewijzingNummers are its own (TR332)
            sa.Column("municipality", sa.String(4), nullable=True),
            sa.Column("provider", sa.String(8), nullable=False),
            sa.Column("law", sa.String(10), nullable=False),
            sa.Column("number", sa.BigInteger, nullable=False),
            sa.Column("product", sa.String(10), nullable=False),
            sa.Column("start_date", sa.Date, nullable=False),
            sa.Column("withdrawn", sa.Boolean, nullable=False, default=False),
            sa.Column("stop_date", sa.Date, nullable=True),
            sa.Column("stop_reason", sa.String(4), nullable=True),
            # one current start per allocation and product: NULL never collides, so the
            # column is set while the start is current and cleared when it ends
            sa.Column("current_key", sa.String(120), nullable=True, unique=True),
        )
        self.requests = sa.Table(
            "requests", m,
            # a 315/317's ReferentieAanbieder, unique per aanbieder and law (TR347)
            sa.Column("provider", sa.String(8), primary_key=True),
            sa.Column("law", sa.String(10), primary_key=True),
            sa.Column("reference", sa.String(20), primary_key=True),
            sa.Column("municipality", sa.String(4), nullable=False),
            sa.Column("kind", sa.String(3), nullable=False),
            sa.Column("received_on", sa.Date, nullable=False),
            # "301" honoured with a 301, "1" refused with a 319 (its reason in `reason`)
            sa.Column("answer", sa.String(3), nullable=True),
            sa.Column("reason", sa.String(2), nullable=True),
        )
        self.declarations = sa.Table(
            "declarations", m,
            sa.Column("provider", sa.String(8), primary_key=True),
            sa.Column("law", sa.String(10), primary_key=True),
            sa.Column("declaration", sa.String(12), primary_key=True),
            sa.Column("received_on", sa.Date, nullable=False),
        )
        self.lines = sa.Table(
            "declaration_lines", m,
            sa.Column("provider", sa.String(8), primary_key=True),
            sa.Column("law", sa.String(10), primary_key=True),
            sa.Column("reference", sa.String(20), primary_key=True),
            sa.Column("declaration", sa.String(12), nullable=False),
            sa.Column("previous_reference", sa.String(20), nullable=True),
            sa.Column("number", sa.BigInteger, nullable=False),
            sa.Column("product", sa.String(10), nullable=False),
            sa.Column("period_start", sa.Date, nullable=False),
            sa.Column("period_end", sa.Date, nullable=False),
            sa.Column("direction", sa.String(1), nullable=False),
            sa.Column("amount_cents", sa.BigInteger, nullable=False),
            sa.Column("municipality", sa.String(4), nullable=False, default=""),
            sa.Column("volume", sa.BigInteger, nullable=True),
            sa.Column("unit", sa.String(2), nullable=True),
            sa.Column("credited", sa.Boolean, nullable=False, default=False),
            # a debit open for a period, product and allocation: unique while not credited
            sa.Column("open_key", sa.String(160), nullable=True, unique=True),
        )

    # -- opening ----------------------------------------------------------------------
    @classmethod
    def open(cls, location: str | Path) -> Ledger:
        """Open (and create when empty) the ledger at a file path or database URL."""
        _sqlalchemy()
        import sqlalchemy as sa
        from sqlalchemy import event

        url = _url(location)
        try:
            if url.startswith("sqlite"):
                engine = sa.create_engine(url, connect_args={"timeout": 30,
                                                             "isolation_level": None})

                @event.listens_for(engine, "connect")
                def _write_ahead(dbapi: object, _record: object) -> None:
                    # a write-ahead log synced at checkpoints: a commit survives a crash
                    # of the process without a disk flush of its own (many times faster)
                    cursor = dbapi.cursor()  # type: ignore[attr-defined]
                    cursor.execute("PRAGMA journal_mode=WAL")
                    cursor.execute("PRAGMA synchronous=NORMAL")
                    cursor.close()

                @event.listens_for(engine, "begin")
                def _begin_immediate(conn: sa.Connection) -> None:
                    # take the write lock at the start: two writers queue, never interleave
                    conn.exec_driver_sql("BEGIN IMMEDIATE")
            else:
                engine = sa.create_engine(url, pool_pre_ping=True)
        except (ImportError, sa.exc.ArgumentError) as exc:
            raise LedgerError(f"cannot open the ledger {location}: {exc}") from None
        ledger = cls(engine)
        ledger._prepare(str(location))
        return ledger

    def _prepare(self, where: str) -> None:
        import sqlalchemy as sa

        try:
            with self.engine.begin() as conn:
                self.metadata.create_all(conn, checkfirst=True)
                row = conn.execute(sa.select(self.meta.c.value)
                                   .where(self.meta.c.key == "schema_version")).first()
                if row is None:
                    conn.execute(self.meta.insert().values(key="schema_version",
                                                           value=str(SCHEMA_VERSION)))
                elif row[0] != str(SCHEMA_VERSION):
                    raise LedgerError(f"the ledger {where} has schema version {row[0]}; this "
                                      f"sociaaldomein reads version {SCHEMA_VERSION}")
        except sa.exc.OperationalError as exc:
            raise LedgerError(f"cannot open the ledger {where}: {exc.orig}") from None
        except sa.exc.IntegrityError:
            # another process created the schema at the same moment: read it again
            with self.engine.connect() as conn:
                value = conn.execute(sa.select(self.meta.c.value)
                                     .where(self.meta.c.key == "schema_version")).scalar()
            if value != str(SCHEMA_VERSION):
                raise LedgerError(f"the ledger {where} has schema version {value}") from None

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sa.Connection]:
        with self.engine.begin() as conn:
            yield conn

    def _retrying(self, work: Callable[[sa.Connection], T], attempts: int = 5) -> T:
        """Run ``work`` in a transaction; a serialization failure or a constraint broken
        by a concurrent writer between check and insert runs it again, so that the
        checks see the other writer's rows and refuse with the right code."""
        import sqlalchemy as sa

        for attempt in range(attempts):
            try:
                with self._transaction() as conn:
                    return work(conn)
            except (sa.exc.IntegrityError, sa.exc.OperationalError):
                if attempt == attempts - 1:
                    raise
        raise AssertionError("unreachable")

    # -- messages ---------------------------------------------------------------------
    def _record_message(self, conn: sa.Connection, sender: str, kind: str,
                        identification: str, on: dt.date) -> None:
        import sqlalchemy as sa

        seen = conn.execute(sa.select(self.messages.c.sender).where(
            self.messages.c.sender == sender, self.messages.c.kind == kind,
            self.messages.c.identification == identification)).first()
        if seen is not None:
            raise Refusal("9056", "TR056", f"message identification {identification!r} of "
                          f"{kind} was used before by sender {sender}")
        conn.execute(self.messages.insert().values(sender=sender, kind=kind,
                                                   identification=identification,
                                                   recorded_on=on))

    def record_message(self, sender: str, kind: str, identification: str,
                       on: dt.date) -> Refusal | None:
        """Record a message's identification; a repeat by the same sender is refused
        (TR056, 9056)."""
        try:
            self._retrying(lambda conn: self._record_message(conn, sender, kind,
                                                             identification, on))
        except Refusal as refusal:
            return refusal
        return None

    # -- allocations (301) ------------------------------------------------------------
    def number_for(self, municipality: str, law: str, allocation_id: str) -> int:
        """The ToewijzingNummer of an allocation: the one it has, or the next free one of
        the municipality and law (never reused, TR332)."""
        import sqlalchemy as sa

        def work(conn: sa.Connection) -> int:
            t = self.numbers
            row = conn.execute(sa.select(t.c.number).where(
                t.c.municipality == municipality, t.c.law == law,
                t.c.allocation_id == allocation_id)).first()
            if row is not None:
                return int(row[0])
            highest = conn.execute(sa.select(sa.func.max(t.c.number)).where(
                t.c.municipality == municipality, t.c.law == law)).scalar()
            number = int(highest or 0) + 1
            if number > 999_999_999:
                raise LedgerError(f"municipality {municipality} has used every "
                                  f"ToewijzingNummer for {law}")
            conn.execute(t.insert().values(municipality=municipality, law=law, number=number,
                                           allocation_id=allocation_id))
            return number

        return self._retrying(work)

    def number_of(self, municipality: str, law: str, allocation_id: str) -> int | None:
        """The ToewijzingNummer the ledger holds for an allocation, or ``None``."""
        import sqlalchemy as sa

        t = self.numbers
        with self.engine.connect() as conn:
            value = conn.execute(sa.select(t.c.number).where(
                t.c.municipality == municipality, t.c.law == law,
                t.c.allocation_id == allocation_id)).scalar()
        return None if value is None else int(value)

    def highest_number(self, municipality: str) -> int:
        """The highest ToewijzingNummer of the municipality in any law (0 for none)."""
        import sqlalchemy as sa

        t = self.numbers
        with self.engine.connect() as conn:
            value = conn.execute(sa.select(sa.func.max(t.c.number)).where(
                t.c.municipality == municipality)).scalar()
        return int(value or 0)

    def next_identification(self, sender: str, kind: str, prefix: str) -> str:
        """A message identification the sender has not used for ``kind``: ``prefix`` and a
        serial number, 12 characters in all (TR056)."""
        import sqlalchemy as sa

        t = self.messages
        width = 12 - len(prefix)
        with self.engine.connect() as conn:
            used = {str(v) for v in conn.execute(sa.select(t.c.identification).where(
                t.c.sender == sender, t.c.kind == kind,
                t.c.identification.like(f"{prefix}%"))).scalars()}
        serial = len(used) + 1
        while f"{prefix}{serial:0{width}d}" in used:
            serial += 1
        return f"{prefix}{serial:0{width}d}"

    def sent(self, municipality: str, law: str, allocation_id: str) -> SentAllocation | None:
        """The allocation as last sent, or ``None`` when it was never sent."""
        import sqlalchemy as sa

        n, v = self.numbers, self.versions
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(n.c.number, v.c.version, v.c.fingerprint, v.c.end_date, v.c.sent_on)
                .join(v, sa.and_(v.c.municipality == n.c.municipality, v.c.law == n.c.law,
                                 v.c.number == n.c.number))
                .where(n.c.municipality == municipality, n.c.law == law,
                       n.c.allocation_id == allocation_id)
                .order_by(v.c.version.desc()).limit(1)).first()
        if row is None:
            return None
        return SentAllocation(municipality, law, int(row[0]), allocation_id, int(row[1]),
                              str(row[2]), row[3], row[4])

    def record_sent(self, municipality: str, law: str, allocation_id: str, fingerprint: str,
                    end: dt.date | None, on: dt.date, message: tuple[str, str] | None = None,
                    ) -> SentAllocation:
        """Record that an allocation was sent (again) in a 301; ``message`` is the sender
        and identification of the 301, recorded in the same transaction."""
        import sqlalchemy as sa

        number = self.number_for(municipality, law, allocation_id)

        def work(conn: sa.Connection) -> SentAllocation:
            if message is not None:
                self._record_message(conn, message[0], "301", message[1], on)
            v = self.versions
            last = conn.execute(sa.select(sa.func.max(v.c.version)).where(
                v.c.municipality == municipality, v.c.law == law, v.c.number == number)).scalar()
            version = int(last or 0) + 1
            conn.execute(v.insert().values(municipality=municipality, law=law, number=number,
                                           version=version, fingerprint=fingerprint,
                                           end_date=end, sent_on=on))
            return SentAllocation(municipality, law, number, allocation_id, version,
                                  fingerprint, end, on)

        return self._retrying(work)

    def allocation_of(self, municipality: str, law: str, number: int) -> str | None:
        """The allocation id behind a ToewijzingNummer, or ``None``."""
        import sqlalchemy as sa

        t = self.numbers
        with self.engine.connect() as conn:
            value = conn.execute(sa.select(t.c.allocation_id).where(
                t.c.municipality == municipality, t.c.law == law, t.c.number == number)).scalar()
        return None if value is None else str(value)

    # -- starts and stops (305, 307) --------------------------------------------------
    @staticmethod
    def _start_key(provider: str, law: str, number: int, product: str,
                   municipality: str = "") -> str:
        key = f"{provider}|{law}|{number}|{product}"
        return f"{municipality}|{key}" if municipality else key

    def _same_start(self, municipality: str) -> list[sa.ColumnElement[bool]]:
        """The municipality's part of a start's logical key (none when not given)."""
        return [self.starts.c.municipality == municipality] if municipality else []

    def record_start(self, provider: str, law: str, number: int, product: str,
                     start: dt.date, *, municipality: str = "") -> Refusal | None:
        """A 305 start; refused when a current start exists for it (TR326, 9326)."""
        import sqlalchemy as sa

        key = self._start_key(provider, law, number, product, municipality)

        def work(conn: sa.Connection) -> None:
            t = self.starts
            if conn.execute(sa.select(t.c.id).where(t.c.current_key == key)).first():
                raise Refusal("9326", "TR326", f"allocation {number} ({product}) already has "
                              "a current start")
            conn.execute(t.insert().values(municipality=municipality or None,
                                           provider=provider, law=law, number=number,
                                           product=product, start_date=start, withdrawn=False,
                                           current_key=key))

        try:
            self._retrying(work)
        except Refusal as refusal:
            return refusal
        return None

    def withdraw_start(self, provider: str, law: str, number: int, product: str,
                       start: dt.date, *, municipality: str = "") -> Refusal | None:
        """A 305 with StatusAanlevering 3: takes back the start with the same logical key
        (TR063, 9063), unless a stop was sent for it (TR071, 9071)."""
        import sqlalchemy as sa

        def work(conn: sa.Connection) -> None:
            t = self.starts
            row = conn.execute(sa.select(t.c.id, t.c.stop_date).where(
                t.c.provider == provider, t.c.law == law, t.c.number == number,
                t.c.product == product, t.c.start_date == start, *self._same_start(municipality),
                t.c.withdrawn.is_(False))).first()
            if row is None:
                raise Refusal("9063", "TR063", f"no start of allocation {number} on {start} "
                              "to withdraw")
            if row[1] is not None:
                raise Refusal("9071", "TR071", f"the start of allocation {number} on {start} "
                              "was stopped; it cannot be withdrawn")
            conn.execute(t.update().where(t.c.id == row[0]).values(withdrawn=True,
                                                                   current_key=None))

        try:
            self._retrying(work)
        except Refusal as refusal:
            return refusal
        return None

    def record_stop(self, provider: str, law: str, number: int, product: str,
                    start: dt.date, stop: dt.date, reason: str, *,
                    municipality: str = "") -> Refusal | None:
        """A 307 stop of the start with the same logical key (TR382: the stop repeats its
        start's key; 9069 when there is none). After a final stop (a reason other than 20,
        temporary) no new stop is taken (TR415, 9415)."""
        import sqlalchemy as sa

        def work(conn: sa.Connection) -> None:
            t = self.starts
            row = conn.execute(sa.select(t.c.id, t.c.stop_date, t.c.stop_reason).where(
                t.c.provider == provider, t.c.law == law, t.c.number == number,
                t.c.product == product, t.c.start_date == start, *self._same_start(municipality),
                t.c.withdrawn.is_(False))).first()
            if row is None:
                raise Refusal("9069", "TR382", f"no start of allocation {number} on {start} "
                              "for this stop")
            if row[1] is not None and row[2] != "20":
                raise Refusal("9415", "TR415", f"the start of allocation {number} on {start} "
                              "was stopped before")
            conn.execute(t.update().where(t.c.id == row[0]).values(
                stop_date=stop, stop_reason=reason, current_key=None))

        try:
            self._retrying(work)
        except Refusal as refusal:
            return refusal
        return None

    def withdraw_stop(self, provider: str, law: str, number: int, product: str,
                      start: dt.date, *, municipality: str = "") -> Refusal | None:
        """A 307 with StatusAanlevering 3: the stop is taken back and the start is current
        again (refused with 9326 if another start became current meanwhile)."""
        import sqlalchemy as sa

        key = self._start_key(provider, law, number, product, municipality)

        def work(conn: sa.Connection) -> None:
            t = self.starts
            row = conn.execute(sa.select(t.c.id).where(
                t.c.provider == provider, t.c.law == law, t.c.number == number,
                t.c.product == product, t.c.start_date == start, t.c.withdrawn.is_(False),
                *self._same_start(municipality),
                t.c.stop_date.is_not(None))).first()
            if row is None:
                raise Refusal("9063", "TR063", f"no stop of allocation {number} to withdraw")
            if conn.execute(sa.select(t.c.id).where(t.c.current_key == key)).first():
                raise Refusal("9326", "TR326", f"allocation {number} has another current start")
            conn.execute(t.update().where(t.c.id == row[0]).values(
                stop_date=None, stop_reason=None, current_key=key))

        try:
            self._retrying(work)
        except Refusal as refusal:
            return refusal
        return None

    def reported_starts(self) -> tuple[ReportedStart, ...]:
        """Every start reported and not taken back, with its stop when one came, in the
        order received."""
        import sqlalchemy as sa

        t = self.starts
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(
                t.c.municipality, t.c.provider, t.c.law, t.c.number, t.c.product,
                t.c.start_date, t.c.stop_date, t.c.stop_reason,
            ).where(t.c.withdrawn.is_(False)).order_by(t.c.id)).all()
        return tuple(ReportedStart(r[0], str(r[1]), str(r[2]), int(r[3]), str(r[4]), r[5],
                                   r[6], r[7]) for r in rows)

    # -- requests (315, 317) ----------------------------------------------------------
    def record_request(self, provider: str, law: str, reference: str, municipality: str,
                       kind: str, on: dt.date, *, message: tuple[str, str] | None = None,
                       ) -> Refusal | None:
        """A 315/317 received; a ReferentieAanbieder the aanbieder used before in this law
        is refused (TR347, 9347)."""
        import sqlalchemy as sa

        def work(conn: sa.Connection) -> None:
            if message is not None:
                self._record_message(conn, message[0], kind, message[1], on)
            t = self.requests
            if conn.execute(sa.select(t.c.reference).where(
                    t.c.provider == provider, t.c.law == law,
                    t.c.reference == reference)).first():
                raise Refusal("9347", "TR347", f"ReferentieAanbieder {reference!r} was used "
                              f"before by aanbieder {provider}")
            conn.execute(t.insert().values(provider=provider, law=law, reference=reference,
                                           municipality=municipality, kind=kind,
                                           received_on=on, answer=None, reason=None))

        try:
            self._retrying(work)
        except Refusal as refusal:
            return refusal
        return None

    def answer_request(self, provider: str, law: str, reference: str, *, honoured: bool,
                       reason: str | None = None) -> None:
        """Record the answer to a request: honoured (a 301 was sent with its reference) or
        refused with a 319 and its RedenAfwijzingVerzoek. A request is answered once: a
        second answer is an error of the caller (TR359, TR365)."""
        import sqlalchemy as sa

        def work(conn: sa.Connection) -> None:
            t = self.requests
            row = conn.execute(sa.select(t.c.answer).where(
                t.c.provider == provider, t.c.law == law, t.c.reference == reference)).first()
            if row is None:
                raise LedgerError(f"no request {reference!r} of aanbieder {provider} to "
                                  "answer (TR355)")
            if row[0] is not None:
                raise LedgerError(f"request {reference!r} of aanbieder {provider} was "
                                  "answered before (TR359, TR365)")
            conn.execute(t.update().where(
                t.c.provider == provider, t.c.law == law, t.c.reference == reference,
            ).values(answer="301" if honoured else "1", reason=reason))

        self._retrying(work)

    # -- declarations (323) -----------------------------------------------------------
    @staticmethod
    def _open_key(provider: str, law: str, line: DeclaredLine) -> str:
        return (f"{provider}|{law}|{line.municipality}|{line.number}|{line.product}|"
                f"{line.period_start.isoformat()}|{line.period_end.isoformat()}")

    def accept_declaration(
        self, provider: str, law: str, declaration: str, lines: Sequence[DeclaredLine],
        on: dt.date, *, refused_elsewhere: dict[str, Refusal] | None = None,
        message: tuple[str, str] | None = None,
    ) -> DeclarationOutcome:
        """Record a 323 and accept what the chain's memory allows, in one transaction.

        ``refused_elsewhere`` holds lines already refused by content checks (contract,
        tariff, volume); they are recorded as seen (their reference is used, TR314) but
        not accepted. A DeclaratieNummer used before refuses the whole declaration (9333).
        """
        import sqlalchemy as sa

        outside = dict(refused_elsewhere or {})

        def work(conn: sa.Connection) -> DeclarationOutcome:
            if message is not None:
                self._record_message(conn, message[0], "323", message[1], on)
            d, t = self.declarations, self.lines
            if conn.execute(sa.select(d.c.declaration).where(
                    d.c.provider == provider, d.c.law == law,
                    d.c.declaration == declaration)).first():
                whole = Refusal("9333", "TR333", f"DeclaratieNummer {declaration!r} was used "
                                f"before by provider {provider}")
                return DeclarationOutcome(declaration, (), (), whole)
            conn.execute(d.insert().values(provider=provider, law=law,
                                           declaration=declaration, received_on=on))
            accepted: list[AcceptedLine] = []
            refused: list[tuple[str, Refusal]] = []
            for line in lines:
                used = conn.execute(sa.select(t.c.reference).where(
                    t.c.provider == provider, t.c.law == law,
                    t.c.reference == line.reference)).first()
                if used is not None:
                    refused.append((line.reference, Refusal(
                        "8021", "TR314", f"ReferentieNummer {line.reference!r} was used before")))
                    continue
                refusal: Refusal | None = outside.get(line.reference)
                values = dict(provider=provider, law=law, reference=line.reference,
                              declaration=declaration, previous_reference=line.previous_reference,
                              number=line.number, product=line.product,
                              period_start=line.period_start, period_end=line.period_end,
                              direction=line.direction.value, amount_cents=line.amount_cents,
                              volume=line.volume, unit=line.unit,
                              municipality=line.municipality, credited=False,
                              open_key=None)
                if refusal is None and line.direction is LineDirection.CREDIT:
                    debit = conn.execute(sa.select(t.c.reference, t.c.credited).where(
                        t.c.provider == provider, t.c.law == law,
                        t.c.reference == (line.previous_reference or ""),
                        t.c.direction == LineDirection.DEBIT.value)).first()
                    if debit is None:
                        refusal = Refusal("8017", "TR323", "credit line "
                                          f"{line.reference!r} refers to no accepted debit")
                    elif debit[1]:
                        refusal = Refusal("9390", "TR390", f"line {line.previous_reference!r} "
                                          "was credited before")
                    else:
                        conn.execute(t.update().where(
                            t.c.provider == provider, t.c.law == law,
                            t.c.reference == line.previous_reference,
                        ).values(credited=True, open_key=None))
                if refusal is None and line.direction is LineDirection.DEBIT:
                    key = self._open_key(provider, law, line)
                    if conn.execute(sa.select(t.c.reference).where(t.c.open_key == key)).first():
                        refusal = Refusal("9389", "TR389", "a debit for this period, product "
                                          f"and allocation {line.number} was accepted before; "
                                          "credit it first")
                    else:
                        values["open_key"] = key
                if refusal is not None:
                    values["open_key"] = None
                    refused.append((line.reference, refusal))
                else:
                    accepted.append(AcceptedLine(line.reference, line.direction,
                                                 line.amount_cents))
                # a refused line's reference is used all the same (TR314: unique over all
                # earlier messages), but never as a debit to credit
                values["direction"] = line.direction.value if refusal is None else "R"
                conn.execute(t.insert().values(**values))
            return DeclarationOutcome(declaration, tuple(accepted), tuple(refused))

        try:
            return self._retrying(work)
        except Refusal as refusal:
            return DeclarationOutcome(declaration, (), (), refusal)

    def declared_volumes(self, provider: str, law: str, number: int,
                         product: str | None = None, *, municipality: str = "",
                         ) -> list[tuple[int, str]]:
        """The volume and unit of every accepted debit of an allocation that was not
        credited (the cumulative volume of TR322); ``product`` narrows to one product."""
        import sqlalchemy as sa

        t = self.lines
        where = [t.c.provider == provider, t.c.law == law, t.c.number == number,
                 t.c.municipality == municipality,
                 t.c.direction == LineDirection.DEBIT.value, t.c.credited.is_(False),
                 t.c.volume.is_not(None)]
        if product is not None:
            where.append(t.c.product == product)
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(t.c.volume, t.c.unit).where(*where)).all()
        return [(int(v), str(u or "")) for v, u in rows]

    def adopt_number(self, municipality: str, law: str, allocation_id: str,
                     number: int) -> Refusal | None:
        """Record that ``allocation_id`` carries the ToewijzingNummer ``number`` (an
        allocation numbered outside the ledger); refused (TR332, 9332) when the number
        belongs to another allocation or the allocation has another number."""
        import sqlalchemy as sa

        def work(conn: sa.Connection) -> None:
            t = self.numbers
            row = conn.execute(sa.select(t.c.number, t.c.allocation_id).where(
                t.c.municipality == municipality, t.c.law == law,
                sa.or_(t.c.number == number, t.c.allocation_id == allocation_id))).all()
            for found_number, found_id in row:
                if (int(found_number), str(found_id)) != (number, allocation_id):
                    raise Refusal("9332", "TR332", f"ToewijzingNummer {number} or allocation "
                                  f"{allocation_id} is taken ({found_id} has {found_number})")
            if not row:
                conn.execute(t.insert().values(municipality=municipality, law=law,
                                               number=number, allocation_id=allocation_id))

        try:
            self._retrying(work)
        except Refusal as refusal:
            return refusal
        return None

    # -- status -----------------------------------------------------------------------
    def status(self) -> LedgerStatus:
        """Counts of what the ledger holds."""
        import sqlalchemy as sa

        def count(conn: sa.Connection, table: sa.Table, *where: sa.ColumnElement[bool]) -> int:
            return int(conn.execute(sa.select(sa.func.count()).select_from(table)
                                    .where(*where)).scalar() or 0)

        with self.engine.connect() as conn:
            t = self.lines
            accepted = [t.c.direction.in_((LineDirection.DEBIT.value, LineDirection.CREDIT.value))]
            debit = conn.execute(sa.select(sa.func.coalesce(sa.func.sum(t.c.amount_cents), 0))
                                 .where(t.c.direction == "D")).scalar()
            credit = conn.execute(sa.select(sa.func.coalesce(sa.func.sum(t.c.amount_cents), 0))
                                  .where(t.c.direction == "C")).scalar()
            return LedgerStatus(
                schema_version=SCHEMA_VERSION,
                messages=count(conn, self.messages),
                allocations=count(conn, self.numbers),
                allocation_versions=count(conn, self.versions),
                current_starts=count(conn, self.starts, self.starts.c.current_key.is_not(None)),
                stops=count(conn, self.starts, self.starts.c.stop_date.is_not(None)),
                declarations=count(conn, self.declarations),
                accepted_lines=count(conn, t, *accepted),
                accepted_cents=int(debit or 0) - int(credit or 0),
                requests=count(conn, self.requests),
                requests_honoured=count(conn, self.requests, self.requests.c.answer == "301"),
                requests_refused=count(conn, self.requests, self.requests.c.answer == "1"),
            )
