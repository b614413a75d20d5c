"""Answering what providers send: one answerer per message code.

:func:`answer` reads each file (or takes each message), looks up the answerer of its
message code in :data:`ANSWERERS` and collects what it answers: a 325 for a 323
(:mod:`~sociaaldomein.exchange.declarations`); 319s and 301s for 315/317 and the
recording of 305/307 are registered by their modules. A file that is not a valid message
(broken structure or facets) gets no answer (the standard returns none for an
XSD-invalid message) and is reported with its breaches.

The municipality's own identifications (BerichtIdentificatie of each answer) are drawn
from the ledger: unique per sender and message code (TR056), and recorded there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path

import attrs

from sociaaldomein.errors import InvalidInput
from sociaaldomein.exchange.declarations import Chain, DeclarationCheck, check_declaration
from sociaaldomein.exchange.ledger import Ledger
from sociaaldomein.io.istandaarden import MAX_MESSAGE_BYTES, UnreadableMessage, read
from sociaaldomein.io.istandaarden.messages import Declaratie, Message
from sociaaldomein.io.istandaarden.rules import Breach
from sociaaldomein.model.caseload import Caseload
from sociaaldomein.model.money import Money
from sociaaldomein.policy.registry import Registry
from sociaaldomein.settle.settlement import Settlement

__all__ = ["ANSWERERS", "Answered", "Answerer", "Context", "Run", "answer",
           "answer_declaration", "answer_request_message", "assume_sent",
           "record_start_stop"]


class Context:
    """What an answerer works with: the chain (caseload, ledger, policies, today), the
    breaches the reader found in the message, and fresh identifications."""

    def __init__(self, chain: Chain, *, breaches: tuple[Breach, ...] = ()) -> None:
        self.chain = chain
        self.breaches = breaches

    @property
    def ledger(self) -> Ledger:
        assert self.chain.ledger is not None
        return self.chain.ledger

    @property
    def today(self) -> dt.date:
        return self.chain.today

    def identification(self, sender: str, kind: str) -> str:
        """A new BerichtIdentificatie of ``sender`` for a message ``kind``, recorded in
        the ledger (never used twice, TR056)."""
        n = self.ledger.status().messages + 1
        while True:
            candidate = f"A{n}"
            if self.ledger.record_message(sender, kind, candidate, self.today) is None:
                return candidate
            n += 1


@attrs.frozen
class Answered:
    """What became of one message: its code, the messages that answer it (to write),
    the retourcodes it got, notes, and, for a 323, the full check."""

    source: str
    kind: str
    replies: tuple[Message, ...] = ()
    codes: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    declaration: DeclarationCheck | None = None
    breaches: tuple[Breach, ...] = ()
    error: str | None = None


Answerer = Callable[[Message, Context], Answered]
"""An answerer takes a message and the context and returns what it answered."""


def answer_declaration(message: Message, context: Context) -> Answered:
    """A 323 is checked and answered with a 325 (see
    :func:`~sociaaldomein.exchange.declarations.check_declaration`)."""
    assert isinstance(message, Declaratie)
    identification = context.identification(message.header.ontvanger, "325")
    result = check_declaration(message, context.chain, identificatie=identification,
                               breaches=context.breaches)
    codes = tuple(dict.fromkeys((*result.header_codes, *result.declaration_codes,
                                 *(c for v in result.verdicts for c in v.codes))))
    notes = tuple(f"{v.line.product_referentie.referentie_nummer}: {r}"
                  for v in result.rejected for r in v.reasons)
    return Answered("", "323", (result.answer,), codes, notes, result, result.breaches)


def record_start_stop(message: Message, context: Context) -> Answered:
    """A 305 or 307 is recorded in the ledger (see :mod:`~sociaaldomein.exchange.events`);
    what was refused gets its retourcode. No message answers it here."""
    from sociaaldomein.exchange.events import receive_start, receive_stop
    from sociaaldomein.io.istandaarden.messages import StartZorg, StopZorg

    if isinstance(message, StartZorg):
        outcomes = receive_start(message, context.ledger)
    else:
        assert isinstance(message, StopZorg)
        outcomes = receive_stop(message, context.ledger)
    refused = [o for o in outcomes if o.refusal is not None]
    codes = tuple(dict.fromkeys(o.refusal.retour_code for o in refused if o.refusal))
    notes = tuple(f"ToewijzingNummer {o.number} ({o.begindatum}): {o.refusal.rule}: "
                  f"{o.refusal.message}" for o in refused if o.refusal)
    return Answered("", message.KIND, (), codes, notes, breaches=context.breaches)


def answer_request_message(message: Message, context: Context) -> Answered:
    """A 315 or 317 is judged by the region's rules and answered with a 301 (honoured)
    or a 319 (refused with its reason), see :mod:`~sociaaldomein.exchange.requests`."""
    from sociaaldomein.exchange.requests import answer_request
    from sociaaldomein.io.istandaarden.messages import VerzoekOmToewijzing, VerzoekOmWijziging

    assert isinstance(message, VerzoekOmToewijzing | VerzoekOmWijziging)
    answers = answer_request(message, context.chain.caseload, context.ledger,
                             dagtekening=context.today, registry=context.chain.registry)
    replies: list[Message] = []
    for item in answers:
        reply = item.toewijzing if item.honoured else item.antwoord
        if reply is not None and all(reply is not r for r in replies):
            replies.append(reply)
    codes = tuple(dict.fromkeys(a.refusal.retour_code for a in answers if a.refusal))
    notes = tuple(
        f"{a.reference}: " + ("honoured with a 301" if a.honoured else
                              f"{a.refusal.rule}: {a.refusal.message}" if a.refusal else
                              f"refused, reason {a.reason}: {a.why}")
        for a in answers)
    return Answered("", message.KIND, tuple(replies), codes, notes, breaches=context.breaches)


ANSWERERS: dict[str, Answerer] = {
    "323": answer_declaration,
    "305": record_start_stop,
    "307": record_start_stop,
    "315": answer_request_message,
    "317": answer_request_message,
}
"""The answerer of each message code the municipality receives."""


@attrs.frozen
class Run:
    """Everything :func:`answer` did, in the order of the input."""

    answered: tuple[Answered, ...]

    @property
    def replies(self) -> tuple[Message, ...]:
        return tuple(r for a in self.answered for r in a.replies)

    @property
    def declarations(self) -> tuple[DeclarationCheck, ...]:
        return tuple(a.declaration for a in self.answered if a.declaration is not None)

    @property
    def accepted(self) -> Money:
        """The total accepted over every 323."""
        return sum((d.accepted for d in self.declarations), Money.zero())

    @property
    def settlement(self) -> Settlement:
        """Every accepted declaration line as settlement lines."""
        return Settlement(tuple(line for d in self.declarations for line in d.settlement.lines))


def assume_sent(caseload: Caseload, ledger: Ledger, *, on: dt.date,
                registry: Registry | None = None) -> int:
    """Record every numbered allocation of ``caseload`` as sent under its own number
    (for a caseload whose 301s were sent by another system); returns how many were
    recorded now. Allocations sent before are left alone; one whose number the ledger
    gave to another allocation raises :class:`InvalidInput`."""
    from sociaaldomein.exchange.allocate import fingerprint
    from sociaaldomein.io.istandaarden import build
    from sociaaldomein.policy.registry import default_registry

    reg = registry or default_registry()
    households = {h.id: h for h in caseload.households}
    recorded = 0
    for allocation in caseload.allocations:
        if allocation.number is None:
            continue
        household = households[allocation.household_id]
        catalog = reg.policy_for(household.municipality.code, allocation.period.start).catalog
        law = build.law_of(allocation, catalog, household.member(allocation.client_id)).value
        code = household.municipality.code
        if ledger.sent(code, law, allocation.id) is not None:
            continue
        refusal = ledger.adopt_number(code, law, allocation.id, allocation.number)
        if refusal is not None:
            raise InvalidInput(refusal.message, source=f"allocation {allocation.id}")
        ledger.record_sent(code, law, allocation.id, fingerprint(allocation), None if
                           allocation.period.is_open else allocation.period.last_day, on)
        recorded += 1
    return recorded


def _load(item: Path | str | bytes | Message, index: int, today: dt.date
          ) -> tuple[str, Message | None, tuple[Breach, ...], str | None]:
    if isinstance(item, Message):
        return f"message {index + 1}", item, (), None
    if isinstance(item, bytes):
        name, data = f"message {index + 1}", item
    else:
        name = str(item)
        try:
            with Path(item).open("rb") as handle:
                data = handle.read(MAX_MESSAGE_BYTES + 1)
        except OSError as exc:
            return name, None, (), f"{name}: {exc.strerror or exc}"
    try:
        result = read(data, today=today)
    except UnreadableMessage as exc:
        return name, None, (), f"{name}: {exc.message}"
    if result.message is None:
        return name, None, result.breaches, f"{name}: not a valid message (" + "; ".join(
            str(b) for b in result.breaches[:3]) + ")"
    # TR135 (8848) is the answerer's to judge; the reader's other breaches reject it
    return name, result.message, tuple(b for b in result.breaches if b.rule != "TR135"), None


def answer(items: Iterable[Path | str | bytes | Message], caseload: Caseload, ledger: Ledger,
           *, today: dt.date | None = None, registry: Registry | None = None,
           answerers: dict[str, Answerer] | None = None) -> Run:
    """Answer every message (files, bytes or message objects) in order; see the module
    text. ``today`` is the system date of TR135 (default: today)."""
    day = today or dt.date.today()
    chain = Chain(caseload, ledger, today=day, registry=registry)
    table = ANSWERERS if answerers is None else answerers
    done: list[Answered] = []
    for index, item in enumerate(items):
        name, message, breaches, error = _load(item, index, day)
        if message is None:
            done.append(Answered(name, "", breaches=breaches, error=error))
            continue
        answerer = table.get(message.KIND)
        if answerer is None:
            done.append(Answered(name, message.KIND, notes=(
                f"a {message.KIND} is not answered by the municipality",)))
            continue
        result = answerer(message, Context(chain, breaches=breaches))
        done.append(attrs.evolve(result, source=name))
    return Run(tuple(done))
