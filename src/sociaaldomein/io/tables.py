"""The flat (tabular) caseload format: one row per allocation, one row per care event.

Analysts keep caseloads in spreadsheets and warehouses, so besides the JSON format
(:mod:`sociaaldomein.io.files`) a caseload can be read from two tables, as CSV (with the
standard library) or Parquet (with the ``frames`` extra, see
:func:`sociaaldomein.analysis.frames.read_caseload_table`).

**Allocations** (:data:`ALLOCATION_TABLE`), one row per allocation; the household and
client columns repeat for each allocation of the same household or client and must agree:

======================  ==============================================================
column                  meaning
======================  ==============================================================
household               household id
municipality            CBS gemeentecode of the municipality of residence (``0855``)
municipality_name       its name
client                  person id (unique within the household)
birth_date              ``YYYY-MM-DD``
allocation              allocation id
arrangement             arrangement code of the region's catalog
provider                provider code (AGB or local)
start                   first day of the allocation, ``YYYY-MM-DD``
end                     first day *after* it (half-open); empty for no end
decided_on              decision date, optional
referred_on             referral date, optional
referred_by             ``access_team``, ``gp``, ``gi`` ... (PartyKind), optional
volume                  quantity per ``frequency`` in ``unit``, optional (decimal text)
unit                    iStandaarden Eenheid code (``04`` hour, ``14`` etmaal ...), optional
frequency               iStandaarden Frequentie code (``2`` per week ...), optional
pgb                     ``true``/``false``, optional (default false)
bsn                     the client's burgerservicenummer (11-proef), optional
gender                  Geslacht (COD046: ``0`` unknown, ``1`` male, ``2`` female), optional
achternaam ...          the client's name in parts (``achternaam``, ``voorvoegsel``,
                        ``voornamen``, ``voorletters``, ``naamgebruik``), optional
postcode ...            the client's address (``postcode``, ``huisnummer``, ``huisletter``,
                        ``huisnummer_toevoeging``, ``straatnaam``, ``plaatsnaam``, ``land``)
number                  ToewijzingNummer (whole number, unique per municipality), optional
product_category        national product category (Wmo 01-18, Jeugdwet 31-55), optional
product_code            product code (1-5 characters), optional
budget                  budget in euros instead of a volume, optional
decided_at              decision time ``HH:MM:SS``, optional
change_reason           RedenWijziging (02-14), optional
provider_reference      the provider's reference of the request it honours, optional
pgb_amount              the pgb amount per unit of the tariff, euros, optional (with pgb)
registered_on           date the request was registered (*aanmelding*), optional
referred_time           time of day of the referral, ``HH:MM:SS`` (or ``HH:MM``), optional
income                  the household's yearly income, dated: ``45000`` (always) or
                        ``2025-01-01..2026-01-01=45000``, several separated by ``;``;
                        optional, repeated on every row of the household
wlz_contribution        periods in which the household pays a Wlz contribution:
                        ``2025-06-01..`` (open end), several separated by ``;``; optional
extended_youth_care     ``true``/``false``, optional (default false): verlengde jeugdhulp
flags                   the allocation's flags separated by spaces, optional
======================  ==============================================================

**Events** (:data:`EVENT_TABLE`), one row per care event: ``allocation``, ``type``
(``start``, ``stop``, ``delivery``, ``evaluation``, ``end_report``, ``refusal``), ``date``,
and where the type needs them ``reason`` (stop: a StopReason value), ``quantity`` and
``unit`` (delivery), ``time`` (start: ``HH:MM:SS``, optional), ``contributes``,
``goals`` (``realised``, ``partly``, ``not_realised``), ``continues_without_help``,
``problems_decreased``, ``satisfaction`` (1-10) and ``result_area`` (evaluation),
``proposal`` (end report: ``close``, ``scale_down``, ``extend``), ``provider`` and
``condition`` (refusal), and optionally ``id`` for any event (an id used twice is refused).

Plans (with their goal revisions), partners and dated residence are not part of the flat
format (they do not fit a row); a caseload read from tables has none, so plan rules and the
partner exemption are best checked on the JSON format. Every error names
the file, the row (counting the header as row 1) and the column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import attrs

from sociaaldomein.errors import InvalidInput, InvalidValue, SociaaldomeinError
from sociaaldomein.io.files import read_input_text
from sociaaldomein.io.serialization import format_time, parse_time
from sociaaldomein.model.caseload import (
    Allocation,
    CareEvent,
    Caseload,
    Delivery,
    EndProposal,
    EndReport,
    Evaluation,
    GoalRealisation,
    Refusal,
    Start,
    Stop,
)
from sociaaldomein.model.catalog import Frequency, Unit
from sociaaldomein.model.funding import StopReason
from sociaaldomein.model.household import (
    ALWAYS,
    Address,
    Bsn,
    Gender,
    Household,
    HouseholdIncome,
    Municipality,
    Person,
    PersonName,
)
from sociaaldomein.model.limits import MAX_VOLUME, VOLUME_REF, bounded_decimal
from sociaaldomein.model.money import Money
from sociaaldomein.model.periods import OPEN_END, Period
from sociaaldomein.model.plan import PartyKind

__all__ = [
    "ALLOCATION_TABLE",
    "EVENT_TABLE",
    "caseload_from_rows",
    "caseload_to_rows",
    "csv_bytes",
    "csv_cell",
    "csv_text",
    "read_csv_rows",
    "write_csv",
]

ALLOCATION_TABLE = (
    "household", "municipality", "municipality_name", "client", "birth_date", "allocation",
    "arrangement", "provider", "start", "end", "decided_on", "referred_on", "referred_by",
    "volume", "unit", "frequency", "pgb",
    # for the national messages (all optional): the client's BSN, gender, name and address,
    # the allocation's ToewijzingNummer, product, budget, decision time, reason, reference
    "bsn", "gender", "achternaam", "voorvoegsel", "voornamen", "voorletters", "naamgebruik",
    "postcode", "huisnummer", "huisletter", "huisnummer_toevoeging", "straatnaam",
    "plaatsnaam", "land", "number", "product_category", "product_code", "budget",
    "decided_at", "change_reason", "provider_reference",
    "pgb_amount", "registered_on", "referred_time", "income", "wlz_contribution",
    # settlement details: extended youth care (verlengde jeugdhulp) and the allocation's flags
    "extended_youth_care", "flags",
)
EVENT_TABLE = (
    "allocation", "type", "date", "reason", "quantity", "unit", "contributes", "goals",
    "continues_without_help", "problems_decreased", "satisfaction", "result_area", "proposal",
    "provider", "condition", "id", "time",
)
_REQUIRED_ALLOCATION = ("household", "municipality", "municipality_name", "client",
                        "birth_date", "allocation", "arrangement", "provider", "start")
_REQUIRED_EVENT = ("allocation", "type", "date")

Cell = str | int | bool | None
E = TypeVar("E")

# -- formula injection ---------------------------------------------------------------------
# A spreadsheet runs a cell that starts with one of these as a formula
# (=HYPERLINK("http://evil", ...)); OWASP's advice is to write such text behind a quote.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?[0-9]+(?:\.[0-9]+)?$")


def _would_run(text: str) -> bool:
    """Whether ``text`` as written must be quoted: it starts like a formula (a plain number
    such as ``-12.50`` excepted), or it is a quote before such text (so that reading back
    stays exact)."""
    if text.startswith(_FORMULA_START):
        return not _PLAIN_NUMBER.match(text)
    return text.startswith("'") and _would_run(text[1:])


def csv_cell(value: object) -> object:
    """A cell as the library writes it to CSV: text that a spreadsheet would run as a
    formula gets a leading ``'`` (OWASP, CSV injection); other values are kept."""
    if isinstance(value, str) and _would_run(value):
        return "'" + value
    return value


def csv_text(cell: str) -> str:
    """A cell as read from CSV: the inverse of :func:`csv_cell`."""
    if cell.startswith("'") and _would_run(cell[1:]):
        return cell[1:]
    return cell


def csv_bytes(columns: Sequence[str], rows: Iterable[Mapping[str, object]]) -> bytes:
    """Rows as UTF-8 CSV text: ``None`` empty, booleans ``true``/``false``, every text cell
    neutralised against formula injection (:func:`csv_cell`)."""
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if v is None else ("true" if v else "false")
                         if isinstance(v, bool) else csv_cell(v) for k, v in row.items()})
    try:
        return buffer.getvalue().encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate: no file can hold it
        raise InvalidValue(f"text holds {exc.object[exc.start:exc.end]!a} at position "
                           f"{exc.start}, which UTF-8 cannot hold") from None


class _Row:
    """One row being read, with what is needed to name a problem in it."""

    def __init__(self, data: Mapping[str, object], number: int, source: str) -> None:
        self.data = data
        self.number = number
        self.source = source

    def fail(self, column: str, message: str) -> InvalidInput:
        return InvalidInput(message, path=f"row {self.number}, column {column!r}",
                            source=self.source)

    def text(self, column: str, required: bool = False) -> str | None:
        value = self.data.get(column)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                raise self.fail(column, "a value is required")
            return None
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise self.fail(column, f"expected text, got {type(value).__name__} {value!r}")
        from sociaaldomein.io.serialization import check_printable

        try:
            check_printable(str(value))
        except ValueError as exc:
            raise self.fail(column, str(exc)) from None
        return str(value).strip()

    def need(self, column: str) -> str:
        value = self.text(column, required=True)
        assert value is not None
        return value

    def date(self, column: str, required: bool = False) -> dt.date | None:
        value = self.data.get(column)
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        text = self.text(column, required)
        if text is None:
            return None
        from sociaaldomein.io.serialization import iso_date

        try:
            return iso_date(text)
        except ValueError:
            raise self.fail(column, f"{text!r} is not a date (YYYY-MM-DD)") from None

    def time(self, column: str) -> dt.time | None:
        value = self.data.get(column)
        if isinstance(value, dt.time):
            return value
        text = self.text(column)
        if text is None:
            return None
        try:
            return parse_time(text, dt.time)
        except ValueError as exc:
            raise self.fail(column, str(exc)) from None

    def money(self, column: str) -> Money | None:
        text = self.text(column)
        if text is None:
            return None
        try:
            return Money.parse(text)
        except SociaaldomeinError as exc:
            raise self.fail(column, exc.message) from None

    def dated(self, column: str, amounts: bool) -> list[tuple[Period, str]]:
        """``start..end=value`` entries separated by ``;`` (``value`` alone: always; an empty
        end: open)."""
        out: list[tuple[Period, str]] = []
        for part in (self.text(column) or "").split(";"):
            part = part.strip()
            if not part:
                continue
            span, _, value = part.rpartition("=") if amounts else (part, "", "")
            try:
                if span:
                    first, sep, last = span.partition("..")
                    if not sep:
                        raise ValueError
                    end = dt.date.fromisoformat(last.strip()) if last.strip() else OPEN_END
                    period = Period(dt.date.fromisoformat(first.strip()), end)
                elif amounts:
                    period = ALWAYS
                else:
                    raise ValueError
            except (ValueError, SociaaldomeinError):
                shape = "'start..end=amount' or an amount" if amounts else "'start..end'"
                raise self.fail(column, f"{part!r} is not {shape} (an open end is empty)"
                                ) from None
            out.append((period, value.strip()))
        return out

    def decimal(self, column: str) -> Decimal | None:
        value = self.data.get(column)
        if isinstance(value, float):
            raise self.fail(column, f"{value!r} is a float; write quantities as text or integers")
        text = self.text(column)
        if text is None:
            return None
        try:
            result = bounded_decimal(text, "a quantity")  # bounded before any arithmetic
        except InvalidValue as exc:
            raise self.fail(column, exc.message) from None
        if result < 0:
            raise self.fail(column, f"{text!r} is not a non-negative number")
        if result > MAX_VOLUME:
            raise self.fail(column, f"{column} {result} is more than the national maximum "
                            f"volume {MAX_VOLUME:,} ({VOLUME_REF.cite()})")
        return result

    def boolean(self, column: str) -> bool | None:
        value = self.data.get(column)
        if isinstance(value, bool):
            return value
        text = self.text(column)
        if text is None:
            return None
        lowered = text.lower()
        if lowered in ("true", "1", "yes", "ja"):
            return True
        if lowered in ("false", "0", "no", "nee"):
            return False
        raise self.fail(column, f"{text!r} is not true or false")

    def integer(self, column: str) -> int | None:
        value = self.data.get(column)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        text = self.text(column)
        if text is None:
            return None
        if not (text.isascii() and text.lstrip("-").isdigit()):
            raise self.fail(column, f"{text!r} is not a whole number")
        if len(text) > 18:
            raise self.fail(column, f"a whole number of {len(text)} digits is too large")
        return int(text)

    def choice(self, column: str, kind: type[E], required: bool = False) -> E | None:
        text = self.text(column, required)
        if text is None:
            return None
        for member in kind:  # type: ignore[attr-defined]
            if member.value == text:
                return member  # type: ignore[no-any-return]
        known = ", ".join(str(m.value) for m in kind)  # type: ignore[attr-defined]
        raise self.fail(column, f"unknown value {text!r}; known: {known}")


def _check_columns(columns: Sequence[str], known: Sequence[str], required: Sequence[str],
                   source: str) -> None:
    unknown = [c for c in columns if c not in known]
    if len(columns) == 1 and ";" in columns[0] and set(columns[0].split(";")) & set(known):
        raise InvalidInput("the columns are separated by ';' (as a Dutch spreadsheet saves "
                           "CSV); the format separates them by ','", path="row 1",
                           source=source)
    if unknown:
        raise InvalidInput(f"unknown column(s) {', '.join(map(repr, unknown))}; known: "
                           + ", ".join(known), path="row 1", source=source)
    missing = [c for c in required if c not in columns]
    if missing:
        raise InvalidInput(f"missing column(s) {', '.join(map(repr, missing))}",
                           path="row 1", source=source)


def read_csv_rows(path: Path | str, *, max_bytes: int | None = None,
                  ) -> tuple[list[str], list[dict[str, object]]]:
    """The header and rows of a CSV file (UTF-8, comma separated), read strictly and with
    a bound (``max_bytes``, default 200 MB, whatever the file is)."""
    file = Path(path)
    text = read_input_text(file, max_bytes=max_bytes, encoding="utf-8-sig")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
        spaced = [h for h in header if h != h.strip()]
        if spaced:
            raise InvalidInput(f"column name(s) {', '.join(map(repr, spaced))} have spaces "
                               "around them; write the names as the format does",
                               path="row 1", source=str(file))
        rows: list[dict[str, object]] = []
        for number, values in enumerate(reader, start=2):
            if not values:
                continue
            if len(values) != len(header):
                raise InvalidInput(f"{len(values)} values for {len(header)} columns",
                                   path=f"row {number}", source=str(file))
            rows.append(dict(zip(header, map(csv_text, values), strict=True)))
    except csv.Error as exc:
        raise InvalidInput(f"malformed CSV: {exc}", path=f"row {reader.line_num}",
                           source=str(file)) from None
    return header, rows


def caseload_from_rows(
    allocation_rows: Iterable[Mapping[str, object]], event_rows: Iterable[Mapping[str, object]] = (),
    *, allocation_columns: Sequence[str] | None = None, event_columns: Sequence[str] | None = None,
    allocations_source: str = "allocations", events_source: str = "events",
) -> Caseload:
    """Build a caseload from allocation and event rows (the format in the module
    docstring). Raises :class:`InvalidInput` naming source, row and column."""
    if allocation_columns is not None:
        _check_columns(allocation_columns, ALLOCATION_TABLE, _REQUIRED_ALLOCATION,
                       allocations_source)
    if event_columns is not None:
        _check_columns(event_columns, EVENT_TABLE, _REQUIRED_EVENT, events_source)
    households: dict[str, tuple[Municipality, dict[str, Person]]] = {}
    facts: dict[str, tuple[set[HouseholdIncome], set[Period]]] = {}
    allocations: list[Allocation] = []
    for number, data in enumerate(allocation_rows, start=2):
        row = _Row(data, number, allocations_source)
        hid = row.need("household")
        try:
            municipality = Municipality(row.need("municipality"), row.need("municipality_name"))
        except SociaaldomeinError as exc:
            raise row.fail("municipality", exc.message) from None
        client = row.need("client")
        birth = row.date("birth_date", required=True)
        assert birth is not None
        known = households.get(hid)
        if known is None:
            known = (municipality, {})
            households[hid] = known
        elif known[0] != municipality:
            raise row.fail("municipality", f"household {hid} was given municipality "
                           f"{known[0].code} in an earlier row")
        person = known[1].get(client)
        try:
            read = Person(client, birth, **_person_details(row))
        except InvalidInput:
            raise
        except SociaaldomeinError as exc:
            raise row.fail("client", exc.message) from None
        if person is None:
            known[1][client] = read
        elif person.birth_date != birth:
            raise row.fail("birth_date", f"client {client} was given another birth date in an "
                           "earlier row")
        elif person != read:
            raise row.fail("client", f"client {client} was given another gender, name or "
                           "address in an earlier row")
        incomes, wlz = facts.setdefault(hid, (set(), set()))
        for period, value in row.dated("income", amounts=True):
            try:
                incomes.add(HouseholdIncome(Money.parse(value), period))
            except SociaaldomeinError as exc:
                raise row.fail("income", exc.message) from None
        wlz.update(period for period, _ in row.dated("wlz_contribution", amounts=False))
        start = row.date("start", required=True)
        assert start is not None
        end = row.date("end") or OPEN_END
        try:
            period = Period(start, end)
        except SociaaldomeinError as exc:
            raise row.fail("end", exc.message) from None
        unit_code = row.text("unit")
        frequency = row.choice("frequency", Frequency)
        try:
            unit = Unit.from_code(unit_code) if unit_code else None
        except SociaaldomeinError as exc:
            raise row.fail("unit", exc.message) from None
        try:
            allocations.append(Allocation(
                row.need("allocation"), hid, client, row.need("arrangement"),
                row.need("provider"), period, decided_on=row.date("decided_on"),
                referred_on=row.date("referred_on"),
                referred_by=row.choice("referred_by", PartyKind),
                volume=row.decimal("volume"), unit=unit, frequency=frequency,
                pgb=bool(row.boolean("pgb")), pgb_amount=row.money("pgb_amount"),
                registered_on=row.date("registered_on"), referred_time=row.time("referred_time"),
                **_allocation_details(row),
                extended_youth_care=bool(row.boolean("extended_youth_care")),
                flags=frozenset((row.text("flags") or "").split()),
            ))
        except InvalidInput:
            raise
        except SociaaldomeinError as exc:
            raise row.fail(_column_named(exc.message, ALLOCATION_TABLE, "allocation"),
                           exc.message) from None
    events: list[CareEvent] = []
    for number, data in enumerate(event_rows, start=2):
        row = _Row(data, number, events_source)
        event = _event(row)
        event_id = row.text("id")
        if event_id is not None:
            try:
                event = attrs.evolve(event, id=event_id)
            except SociaaldomeinError as exc:
                raise row.fail("id", exc.message) from None
        events.append(event)
    try:
        return Caseload(
            tuple(Household(hid, m, tuple(people.values()),
                            income=tuple(sorted(facts[hid][0], key=lambda i: i.period)),
                            wlz_contribution=tuple(sorted(facts[hid][1])))
                  for hid, (m, people) in households.items()),
            (), tuple(allocations), tuple(events),
        )
    except SociaaldomeinError as exc:
        # "allocations[3]: ..." is about row 5 of the allocations table (after the header)
        found = re.match(r"(allocations|events)\[(\d+)\]: (.*)", exc.message, re.S)
        if found is None:
            raise InvalidInput(exc.message,
                               source=f"{allocations_source} / {events_source}") from None
        table, index, message = found.groups()
        source = allocations_source if table == "allocations" else events_source
        raise InvalidInput(message, path=f"row {int(index) + 2}", source=source) from None


def _column_named(message: str, columns: Sequence[str], default: str) -> str:
    """The column a constructor's message is about (``satisfaction is a mark from 1 to
    10``), or ``default``."""
    for column in columns:
        if column not in ("allocation", "type") and re.search(
                rf"(?<![A-Za-z_]){re.escape(column)}(?![A-Za-z_])", message):
            return column
    return default


def _person_details(row: _Row) -> dict[str, Any]:
    surname = row.text("achternaam")
    names = None if surname is None else PersonName(
        surname, row.text("voorvoegsel"), row.text("voornamen"), row.text("voorletters"),
        row.text("naamgebruik") or "1")
    postcode, number = row.text("postcode"), row.integer("huisnummer")
    address = None if postcode is None and number is None else Address(
        postcode, number, row.text("huisletter"), row.text("huisnummer_toevoeging"),
        row.text("straatnaam"), row.text("plaatsnaam"), row.text("land") or "NL")
    bsn = row.text("bsn")
    return {"bsn": None if bsn is None else Bsn(bsn), "gender": row.choice("gender", Gender),
            "names": names, "address": address}


def _allocation_details(row: _Row) -> dict[str, Any]:
    budget = row.text("budget")
    decided_at = row.text("decided_at")
    try:
        at = None if decided_at is None else dt.time.fromisoformat(decided_at)
    except ValueError:
        raise row.fail("decided_at", f"{decided_at!r} is not a time (HH:MM:SS)") from None
    try:
        amount = None if budget is None else Money.parse(budget)
    except SociaaldomeinError as exc:
        raise row.fail("budget", exc.message) from None
    return {"number": row.integer("number"), "product_category": row.text("product_category"),
            "product_code": row.text("product_code"), "budget": amount, "decided_at": at,
            "change_reason": row.text("change_reason"),
            "provider_reference": row.text("provider_reference")}


def _detail_cells(person: Person, a: Allocation) -> dict[str, Cell]:
    cells: dict[str, Cell] = {
        "bsn": person.bsn.value if person.bsn else None,
        "gender": person.gender.value if person.gender else None, "number": a.number,
        "product_category": a.product_category, "product_code": a.product_code,
        "budget": a.budget.plain() if a.budget is not None else None,
        "decided_at": a.decided_at.isoformat() if a.decided_at is not None else None,
        "change_reason": a.change_reason, "provider_reference": a.provider_reference,
    }
    n, d = person.names, person.address
    if n is not None:
        cells.update(achternaam=n.achternaam, voorvoegsel=n.voorvoegsel, voornamen=n.voornamen,
                     voorletters=n.voorletters, naamgebruik=n.naamgebruik)
    if d is not None:
        cells.update(postcode=d.postcode, huisnummer=d.huisnummer, huisletter=d.huisletter,
                     huisnummer_toevoeging=d.huisnummer_toevoeging, straatnaam=d.straatnaam,
                     plaatsnaam=d.plaatsnaam, land=d.land)
    return cells


def _event(row: _Row) -> CareEvent:
    alloc = row.need("allocation")
    kind = row.need("type")
    day = row.date("date", required=True)
    assert day is not None
    try:
        if kind == "start":
            return Start(alloc, day, row.time("time"))
        if kind == "stop":
            reason = row.choice("reason", StopReason, required=True)
            assert reason is not None
            return Stop(alloc, day, reason)
        if kind == "delivery":
            quantity = row.decimal("quantity")
            if quantity is None:
                raise row.fail("quantity", "a delivery needs a quantity")
            try:
                unit = Unit.from_code(row.need("unit"))
            except InvalidInput:
                raise
            except SociaaldomeinError as exc:
                raise row.fail("unit", exc.message) from None
            try:
                return Delivery(alloc, day, quantity, unit)
            except SociaaldomeinError as exc:  # more than the month holds
                raise row.fail("quantity", exc.message) from None
        if kind == "evaluation":
            contributes = row.boolean("contributes")
            return Evaluation(alloc, day, contributes=True if contributes is None else contributes,
                              goals=row.choice("goals", GoalRealisation),
                              continues_without_help=row.boolean("continues_without_help"),
                              problems_decreased=row.boolean("problems_decreased"),
                              satisfaction=row.integer("satisfaction"),
                              result_area=row.text("result_area"))
        if kind == "end_report":
            proposal = row.choice("proposal", EndProposal, required=True)
            assert proposal is not None
            return EndReport(alloc, day, proposal)
        if kind == "refusal":
            return Refusal(alloc, day, row.need("provider"), row.text("condition"))
    except InvalidInput:
        raise
    except SociaaldomeinError as exc:
        raise row.fail(_column_named(exc.message, EVENT_TABLE, "type"), exc.message) from None
    raise row.fail("type", f"unknown event type {kind!r}; known: start, stop, delivery, "
                   "evaluation, end_report, refusal")


def _span(period: Period) -> str:
    """A period as the flat format writes it: ``start..end`` (empty end when open)."""
    end = "" if period.is_open else period.end.isoformat()
    return f"{period.start.isoformat()}..{end}"


def caseload_to_rows(caseload: Caseload) -> tuple[list[dict[str, Cell]], list[dict[str, Cell]]]:
    """The caseload as allocation and event rows (plans are left out)."""
    households = {h.id: h for h in caseload.households}
    allocs: list[dict[str, Cell]] = []
    for a in caseload.allocations:
        household = households[a.household_id]
        client = household.member(a.client_id)
        allocs.append({
            "household": a.household_id, "municipality": household.municipality.code,
            "municipality_name": household.municipality.name, "client": a.client_id,
            "birth_date": client.birth_date.isoformat(), "allocation": a.id,
            "arrangement": a.arrangement, "provider": a.provider,
            "start": a.period.start.isoformat(),
            "end": None if a.period.is_open else a.period.end.isoformat(),
            "decided_on": a.decided_on.isoformat() if a.decided_on else None,
            "referred_on": a.referred_on.isoformat() if a.referred_on else None,
            "referred_by": a.referred_by.value if a.referred_by else None,
            "volume": None if a.volume is None else str(a.volume),
            "unit": a.unit.value if a.unit else None,
            "frequency": a.frequency.value if a.frequency else None, "pgb": a.pgb,
            "pgb_amount": None if a.pgb_amount is None else a.pgb_amount.plain(),
            "registered_on": a.registered_on.isoformat() if a.registered_on else None,
            "referred_time": format_time(a.referred_time) if a.referred_time else None,
            "income": "; ".join(_span(i.period) + "=" + i.yearly.plain()
                                for i in household.income) or None,
            "wlz_contribution": "; ".join(_span(p) for p in household.wlz_contribution) or None,
            **_detail_cells(client, a),
            "extended_youth_care": a.extended_youth_care,
            "flags": " ".join(sorted(a.flags)) or None,
        })
    events: list[dict[str, Cell]] = []
    for e in caseload.events:
        row: dict[str, Cell] = dict.fromkeys(EVENT_TABLE)
        row.update({"allocation": e.allocation_id, "date": e.date.isoformat(), "id": e.id})
        if isinstance(e, Start):
            row.update({"type": "start", "time": format_time(e.time) if e.time else None})
        elif isinstance(e, Stop):
            row.update({"type": "stop", "reason": e.reason.value})
        elif isinstance(e, Delivery):
            row.update({"type": "delivery", "quantity": str(e.quantity), "unit": e.unit.value})
        elif isinstance(e, Evaluation):
            row.update({"type": "evaluation", "contributes": e.contributes,
                        "goals": e.goals.value if e.goals else None,
                        "continues_without_help": e.continues_without_help,
                        "problems_decreased": e.problems_decreased,
                        "satisfaction": e.satisfaction, "result_area": e.result_area})
        elif isinstance(e, EndReport):
            row.update({"type": "end_report", "proposal": e.proposal.value})
        else:
            row.update({"type": "refusal", "provider": e.provider, "condition": e.condition})
        events.append(row)
    return allocs, events


def write_csv(path: Path | str, columns: Sequence[str], rows: Iterable[Mapping[str, Cell]]) -> None:
    """Write rows as CSV, atomically (no partial file on failure); text a spreadsheet would
    run as a formula is written behind a ``'`` (:func:`csv_cell`), and read back as it was."""
    from sociaaldomein.io.files import atomic_write

    atomic_write(path, csv_bytes(columns, rows))
