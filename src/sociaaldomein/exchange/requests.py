"""Answering requests: a provider's 315 (verzoek om toewijzing) or 317 (verzoek om
wijziging), judged by the region's rules.

Each request is recorded in the ledger first: a ReferentieAanbieder the aanbieder used
before in the same law is refused (TR347, 9347), as is a message identification used before
(TR056, 9056); a 317 for a BSN the municipality does not know is refused with 8187 (TR304),
one that does not list every current toewijzing of the client at the aanbieder with 9349
(TR349), and one that names a toewijzing that is not current with 9350/9351 (TR350,
TR351). Such a refusal is a retour-level answer: no 319 is written for it.

What the request asks for is then judged as the municipality would judge an allocation it
made itself, by the region's policy, in this order, each with its national
RedenAfwijzingVerzoek (WJ759) when it fails:

1. the client lives in the municipality the request was sent to (``5``, another
   municipality; in the Jeugdwet, when the caseload knows the responsible municipality,
   ``8`` with that municipality as Woonplaatsbeginsel);
2. the product is an arrangement of the region's catalog under the message's law, and the
   aanbieder is one the municipality works with (``3``, no contract);
3. the client may receive it under that law at that age (``9``, age limit);
4. the policy can price it: a contract tariff exists for it in that year (``3``);
5. the policy's validation of the client's case with the asked-for allocation finds no
   error on it (``6``, stacking, when the error names another allocation of the client;
   ``4``, does not fit the contract, for any other rule of the region).

A request refused on any product is answered with a 319 (VerzoekAntwoord 1) per
ReferentieAanbieder. A request honoured is answered with a 301 (IV094, IV093): a 315's
products carry their own ReferentieAanbieder, the client's other current toewijzingen at
the aanbieder go along with an empty one; a 317's products all carry the request's
reference, a change in place with RedenWijziging 12, and a change of volume (other than a
total, Frequentie 6) ends the old toewijzing the day before the desired start and starts a
new one with a new number. A request is answered once (TR355, TR359, TR360, TR365 hold
because the municipality never answers "in onderzoek").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence

import attrs

from sociaaldomein.errors import SociaaldomeinError
from sociaaldomein.exchange.allocate import fingerprint, new_number
from sociaaldomein.exchange.ledger import Ledger, Refusal
from sociaaldomein.exchange.parties import Parties, law_of_standard, standard_of_law
from sociaaldomein.io.istandaarden import (
    AangevraagdProduct,
    Antwoord,
    Antwoord319,
    BerichtIdentificatie,
    Client315,
    Header,
    HeaderAanbieder,
    Omvang,
    Product,
    Toewijzing,
    Verwijzer,
    VerzoekOmToewijzing,
    VerzoekOmWijziging,
    Woonplaatsbeginsel,
    XsdVersie,
    write,
)
from sociaaldomein.io.istandaarden import types as ty
from sociaaldomein.io.istandaarden.build import law_of, toegewezen_product, toewijzing
from sociaaldomein.io.istandaarden.types import MessageError
from sociaaldomein.model.caseload import Allocation, Case, Caseload
from sociaaldomein.model.catalog import Catalog, Frequency, Unit
from sociaaldomein.model.household import Household, Law, Person
from sociaaldomein.model.money import Money
from sociaaldomein.model.periods import OPEN_END, Period
from sociaaldomein.policy.plugin import RegionPolicy
from sociaaldomein.policy.registry import Registry, default_registry

__all__ = [
    "REFUSAL_REASONS",
    "RequestAnswer",
    "answer_request",
    "apply_answers",
    "request_for",
]

REFUSAL_REASONS: dict[str, str] = {
    "3": "Geen contract",
    "4": "Past niet binnen contract",
    "5": "Andere gemeente",
    "6": "Stapeling",
    "8": "Woonplaatsbeginsel",
    "9": "Leeftijdsgrens is bereikt",
}
"""The RedenAfwijzingVerzoek (WJ759) this module gives, with their official labels."""


@attrs.frozen
class RequestAnswer:
    """The answer to one request (one ReferentieAanbieder).

    ``refusal`` is a retour-level refusal (no 319: the request is not taken up). Otherwise
    the request was judged: ``honoured`` with the allocations it gave (in the 301
    ``toewijzing``, written as ``data``), or refused with ``reason`` (RedenAfwijzingVerzoek)
    and ``why``, in the 319 ``antwoord``.
    """

    kind: str
    reference: str
    provider: str
    honoured: bool
    reason: str | None = None
    why: str = ""
    antwoord: Antwoord319 | None = None
    toewijzing: Toewijzing | None = None
    data: bytes | None = None
    allocations: tuple[Allocation, ...] = ()
    refusal: Refusal | None = None


class _Refused(Exception):
    def __init__(self, reason: str, why: str, gemeente: str | None = None) -> None:
        super().__init__(why)
        self.reason = reason
        self.why = why
        self.gemeente = gemeente


@attrs.frozen
class _Context:
    caseload: Caseload
    ledger: Ledger
    registry: Registry
    parties: Parties
    dagtekening: dt.date
    municipality: str
    agb: str
    law: Law
    kind: str


def answer_request(
    message: VerzoekOmToewijzing | VerzoekOmWijziging, caseload: Caseload, ledger: Ledger, *,
    dagtekening: dt.date, registry: Registry | None = None,
    agb: Mapping[str, str] | None = None,
) -> tuple[RequestAnswer, ...]:
    """Judge a 315 or 317 and answer it (see the module text). The answers' messages are
    written (checked against the standard) but not saved; the ledger records the request,
    its answer and any 301 sent."""
    registry = registry or default_registry()
    parties = Parties.of((a.provider for a in caseload.allocations), agb)
    header = message.header
    law = law_of_standard(message.standard)
    kind = "315" if isinstance(message, VerzoekOmToewijzing) else "317"
    ctx = _Context(caseload, ledger, registry, parties, dagtekening, header.ontvanger,
                   header.afzender, law, kind)
    whole = ledger.record_message(header.afzender, kind,
                                  header.bericht_identificatie.identificatie,
                                  header.bericht_identificatie.dagtekening)
    if isinstance(message, VerzoekOmToewijzing):
        return _answer_315(ctx, message, whole)
    return (_answer_317(ctx, message, whole),)


# -- 315 ---------------------------------------------------------------------------------
def _answer_315(ctx: _Context, message: VerzoekOmToewijzing,
                whole: Refusal | None) -> tuple[RequestAnswer, ...]:
    provider = ctx.parties.provider(ctx.agb) or ""
    answers: list[RequestAnswer] = []
    honoured: list[tuple[str, Allocation]] = []
    for item in message.client.aangevraagde_producten:
        ref = item.referentie_aanbieder
        refusal = whole or ctx.ledger.record_request(ctx.agb, ctx.law.value, ref,
                                                     ctx.municipality, "315",
                                                     ctx.dagtekening)
        if refusal is not None:
            answers.append(RequestAnswer("315", ref, ctx.agb, False, refusal=refusal))
            continue
        try:
            household, client = _client(ctx, message.client.bsn)
            end = None if item.toewijzing_einddatum is None else \
                item.toewijzing_einddatum + dt.timedelta(days=1)
            allocation = _first_accepted(ctx, household, [
                _asked(ctx, household, client, provider, ref, item.product,
                       item.toewijzing_ingangsdatum, end, item.omvang, item.budget,
                       arrangement=code)
                for code in _arrangements(ctx, provider, item.product,
                                          item.toewijzing_ingangsdatum)])
        except _Refused as refused:
            answers.append(_refuse(ctx, ref, refused))
            continue
        honoured.append((ref, allocation))
    if honoured:
        news = [a for _, a in honoured]
        household = ctx.caseload.household(news[0].household_id)
        try:
            sent301, data, numbered = _send(ctx, household, news, changed=(), reference=None)
        except MessageError as exc:  # what the policy allows, the standard does not
            answers.extend(_refuse(ctx, ref, _Refused("4", f"{exc.rule}: {exc.message}"))
                           for ref, _ in honoured)
            return tuple(answers)
        for ref, allocation in honoured:
            ctx.ledger.answer_request(ctx.agb, ctx.law.value, ref, honoured=True)
            given = tuple(a for a in numbered if a.id == allocation.id)
            answers.append(RequestAnswer("315", ref, ctx.agb, True, toewijzing=sent301,
                                         data=data, allocations=given))
    return tuple(answers)


# -- 317 ---------------------------------------------------------------------------------
def _answer_317(ctx: _Context, message: VerzoekOmWijziging,
                whole: Refusal | None) -> RequestAnswer:
    verzoek = message.client.verzoek
    ref = verzoek.referentie_aanbieder
    refusal = whole or ctx.ledger.record_request(ctx.agb, ctx.law.value, ref, ctx.municipality,
                                                 "317", ctx.dagtekening)
    if refusal is not None:
        return RequestAnswer("317", ref, ctx.agb, False, refusal=refusal)
    provider = ctx.parties.provider(ctx.agb) or ""
    person = _person(ctx.caseload, message.client.bsn)
    if person is None:
        return RequestAnswer("317", ref, ctx.agb, False, refusal=Refusal(
            "8187", "TR304", "the Bsn is not that of a known client"))
    household, client = person
    current = _current(ctx, household, client, provider)
    listed = [p.toewijzing_nummer for p in verzoek.ongewijzigde_producten] + \
        [p.toewijzing_nummer for p in verzoek.te_wijzigen_producten]
    missing = sorted(set(current) - set(listed))
    if missing:
        return RequestAnswer("317", ref, ctx.agb, False, refusal=Refusal(
            "9349", "TR349", f"the request leaves out current toewijzing(en) {missing}"))
    for product in verzoek.ongewijzigde_producten:
        if product.toewijzing_nummer not in current:
            return RequestAnswer("317", ref, ctx.agb, False, refusal=Refusal(
                "9350", "TR350", f"toewijzing {product.toewijzing_nummer} is not current"))
    for change in verzoek.te_wijzigen_producten:
        if change.toewijzing_nummer not in current:
            return RequestAnswer("317", ref, ctx.agb, False, refusal=Refusal(
                "9351", "TR351", f"toewijzing {change.toewijzing_nummer} is not current"))
    try:
        if household.municipality.code != ctx.municipality:
            raise _Refused("5", f"the client lives in municipality "
                           f"{household.municipality.code}")
        changed: list[Allocation] = []
        news: list[Allocation] = []
        for n, change in enumerate(verzoek.te_wijzigen_producten):
            old = current[change.toewijzing_nummer]
            end = None if change.einddatum is None else change.einddatum + dt.timedelta(days=1)
            omvang = _omvang_of(old, ctx, household) if change.omvang is None else change.omvang
            same_volume = change.omvang is None or omvang == _omvang_of(old, ctx, household) \
                or old.frequency is Frequency.TOTAL
            if same_volume:
                changed.append(_changed_in_place(old, end, change.omvang, change.budget))
            else:
                start = change.gewenste_ingangsdatum
                if start <= old.period.start:
                    raise _Refused("4", f"a new volume for toewijzing {change.toewijzing_nummer}"
                                   " needs a start after its Ingangsdatum")
                changed.append(attrs.evolve(old, period=Period(old.period.start, start)))
                category, code = _national(old, ctx, household)
                news.append(_asked(ctx, household, client, old.provider, f"{ref}-{n}",
                                   Product(categorie=category or "", code=code), start, end,
                                   change.omvang, change.budget, arrangement=old.arrangement))
        for n, new in enumerate(verzoek.nieuwe_producten):
            end = None if new.einddatum is None else new.einddatum + dt.timedelta(days=1)
            news.append(_first_accepted(ctx, household, [
                _asked(ctx, household, client, provider, f"{ref}-n{n}", new.product,
                       new.gewenste_ingangsdatum, end, new.omvang, new.budget, arrangement=code)
                for code in _arrangements(ctx, provider, new.product,
                                          new.gewenste_ingangsdatum)]))
        _judge(ctx, household, news, changed)
    except _Refused as refused:
        return _refuse(ctx, ref, refused)
    try:
        message301, data, numbered = _send(ctx, household, news, changed=tuple(changed),
                                           reference=ref)
    except MessageError as exc:  # what the policy allows, the standard does not
        return _refuse(ctx, ref, _Refused("4", f"{exc.rule}: {exc.message}"))
    ctx.ledger.answer_request(ctx.agb, ctx.law.value, ref, honoured=True)
    return RequestAnswer("317", ref, ctx.agb, True, toewijzing=message301, data=data,
                         allocations=tuple(changed) + numbered)


def _changed_in_place(old: Allocation, end: dt.date | None, omvang: Omvang | None,
                      budget: int | None) -> Allocation:
    period = Period(old.period.start, OPEN_END if end is None else end)
    volume = old.volume if omvang is None else omvang.volume
    return attrs.evolve(old, period=period, volume=volume,
                        budget=old.budget if budget is None else Money.cents(budget))


# -- shared ------------------------------------------------------------------------------
def _person(caseload: Caseload, bsn: str) -> tuple[Household, Person] | None:
    for household in caseload.households:
        for person in household.members:
            if person.bsn is not None and person.bsn.value == bsn:
                return household, person
    return None


def _client(ctx: _Context, bsn: str) -> tuple[Household, Person]:
    found = _person(ctx.caseload, bsn)
    if found is None:
        raise _Refused("5", "the client is not a resident known to this municipality")
    household, client = found
    if household.municipality.code != ctx.municipality:
        if ctx.law is Law.JEUGDWET:
            raise _Refused("8", f"municipality {household.municipality.code} is responsible "
                           "(woonplaatsbeginsel)", household.municipality.code)
        raise _Refused("5", f"the client lives in municipality {household.municipality.code}")
    return household, client


def _policy(ctx: _Context, on: dt.date) -> RegionPolicy:
    try:
        return ctx.registry.policy_for(ctx.municipality, on)
    except SociaaldomeinError as exc:
        raise _Refused("5", f"no region's policy holds here: {exc}") from None


def _first_accepted(ctx: _Context, household: Household,
                    candidates: Sequence[Allocation]) -> Allocation:
    """The first of the allocations a product may stand for that the region accepts; the
    first one's refusal when it accepts none."""
    first: _Refused | None = None
    for allocation in candidates:
        try:
            _judge(ctx, household, [allocation], ())
        except _Refused as refused:
            first = first or refused
            continue
        return allocation
    assert first is not None
    raise first


def _arrangements(ctx: _Context, provider: str, product: Product | None,
                  start: dt.date) -> list[str]:
    if not provider:
        raise _Refused("3", f"aanbieder {ctx.agb} has no contract with this municipality")
    return _arrangement(_policy(ctx, start).catalog, ctx.law, product)


def _arrangement(catalog: Catalog, law: Law, product: Product | None) -> list[str]:
    """The arrangements of the catalog a national product stands for (one product code
    may stand for several, such as a basic and a tailor-made variant)."""
    if product is None:
        raise _Refused("4", "a generic request (no product) is not taken: the region "
                       "allocates arrangements")
    found = []
    for arrangement in catalog.arrangements:
        if law not in arrangement.laws:
            continue
        category, code = arrangement.national_product(law)
        if category == product.categorie and (product.code is None or code == product.code):
            found.append(arrangement.code)
    if not found:
        raise _Refused("4", f"product {product.categorie}{product.code or ''} is no arrangement "
                       f"of the region under the {law.value}")
    return sorted(found)


_UNSAFE = re.compile(r"[^A-Za-z0-9_.:-]")


def _asked(ctx: _Context, household: Household, client: Person, provider: str, ref: str,
           product: Product | None, start: dt.date, end: dt.date | None,
           omvang: Omvang | None, budget: int | None, *,
           arrangement: str | None = None) -> Allocation:
    """The allocation a request asks for."""
    if not provider:
        raise _Refused("3", f"aanbieder {ctx.agb} has no contract with this municipality")
    code = arrangement or _arrangement(_policy(ctx, start).catalog, ctx.law, product)[0]
    volume = unit = frequency = None
    if omvang is not None and omvang.eenheid != Unit.PIECE_OUTPUT.value:
        volume, unit, frequency = omvang.volume, Unit(omvang.eenheid), Frequency(omvang.frequentie)
    plans = sorted((p for p in ctx.caseload.plans
                    if p.household_id == household.id and p.drawn_up_on <= start),
                   key=lambda p: p.drawn_up_on)
    category = product.categorie if product is not None else None
    ident = _UNSAFE.sub("-", f"req-{ctx.agb}-{ref}")[:64]
    try:
        return Allocation(
            ident, household.id, client.id, code, provider,
            Period(start, OPEN_END if end is None else end),
            plan_id=plans[-1].id if plans else None, decided_on=ctx.dagtekening,
            volume=volume, unit=unit, frequency=frequency,
            product_category=category,
            product_code=product.code if product is not None and category else None,
            budget=None if budget is None else Money.cents(budget),
            provider_reference=ref)
    except SociaaldomeinError as exc:
        raise _Refused("4", f"the asked-for allocation is not valid: {exc}") from None


def _omvang_of(allocation: Allocation, ctx: _Context, household: Household) -> Omvang | None:
    if allocation.volume is None or allocation.unit is None or allocation.frequency is None:
        return None
    return Omvang(volume=int(allocation.volume), eenheid=allocation.unit.value,
                  frequentie=allocation.frequency.value)


def _national(allocation: Allocation, ctx: _Context,
              household: Household | None = None) -> tuple[str | None, str | None]:
    if allocation.product_category is not None:
        return allocation.product_category, allocation.product_code
    catalog = _policy(ctx, allocation.period.start).catalog
    arrangement = catalog.arrangement(allocation.arrangement)
    if ctx.law not in arrangement.laws:
        return None, None
    return arrangement.national_product(ctx.law)


def _current(ctx: _Context, household: Household, client: Person,
             provider: str) -> dict[int, Allocation]:
    """The client's toewijzingen at the aanbieder in this law that were sent and are
    current (valid on the day of the answer or later), by number."""
    out: dict[int, Allocation] = {}
    for allocation in ctx.caseload.allocations:
        if allocation.client_id != client.id or allocation.provider != provider:
            continue
        if not (allocation.period.is_open or allocation.period.end > ctx.dagtekening):
            continue
        last = ctx.ledger.sent(ctx.municipality, ctx.law.value, allocation.id)
        if last is not None:
            out[last.number] = attrs.evolve(allocation, number=last.number)
    return out


def _judge(ctx: _Context, household: Household, news: Sequence[Allocation],
           changed: Sequence[Allocation]) -> None:
    """Refuse (:class:`_Refused`) unless the region's policy accepts the allocations."""
    replaced = {a.id: a for a in changed}
    case_allocations = tuple(replaced.get(a.id, a) for a in ctx.caseload.allocations
                             if a.household_id == household.id) + tuple(news)
    case = Case(household, tuple(p for p in ctx.caseload.plans if p.household_id == household.id),
                case_allocations,
                tuple(e for e in ctx.caseload.events
                      if any(e.allocation_id == a.id for a in case_allocations)))
    client_ids = {a.client_id for a in case_allocations}
    for allocation in (*news, *changed):
        client = household.member(allocation.client_id)
        policy = _policy(ctx, allocation.period.start)
        arrangement = policy.catalog.arrangement(allocation.arrangement)
        if not client.may_receive(ctx.law, allocation.period.start,
                                  extended_youth_care=allocation.extended_youth_care) \
                or ctx.law not in arrangement.laws:
            raise _Refused("9", f"client {client.id} is {client.age_on(allocation.period.start)}"
                           f" on {allocation.period.start}: {arrangement.code} under the "
                           f"{ctx.law.value} is not for that age")
        try:
            policy.price(case, allocation, allocation.period.start)
        except SociaaldomeinError as exc:
            raise _Refused("3", f"no contract tariff for {allocation.arrangement}: {exc}") \
                from None
    del client_ids
    _check_stacking(ctx, case_allocations, (*news, *changed))
    ids = {a.id for a in (*news, *changed)}
    others = {a.id for a in case_allocations} - ids
    policy = _policy(ctx, min(a.period.start for a in (*news, *changed)))
    for violation in policy.validate(case, ctx.dagtekening):
        if not violation.is_error or not any(f"[{i}]" in violation.path for i in ids):
            continue
        if any(o in violation.message for o in others):
            raise _Refused("6", f"{violation.code}: {violation.message} ({violation.ref.cite()})")
        raise _Refused("4", f"{violation.code}: {violation.message} ({violation.ref.cite()})")


_MAY_OVERLAP = frozenset({"11", "12", "13", "14"})
"""iWmo categories (hulpmiddelen) that may overlap (TR302)."""


def _check_stacking(ctx: _Context, allocations: Sequence[Allocation],
                    asked: Sequence[Allocation]) -> None:
    """Refuse (6, stacking) an asked-for allocation of the same national product as
    another of the client's allocations in an overlapping period (TR302, TR386)."""
    for new in asked:
        mine = _national(new, ctx)
        if mine[0] is None or (ctx.law is Law.WMO and mine[0] in _MAY_OVERLAP):
            continue
        for other in allocations:
            if other.id == new.id or other.client_id != new.client_id:
                continue
            try:
                theirs = _national(other, ctx)
            except (SociaaldomeinError, _Refused):
                continue
            same = theirs == mine if mine[1] is not None else theirs[0] == mine[0]
            if same and other.period.overlaps(new.period):
                raise _Refused("6", f"the client has {other.id} for product "
                               f"{mine[0]}{mine[1] or ''} in {other.period}, which the asked "
                               f"{new.period} overlaps")


def _refuse(ctx: _Context, ref: str, refused: _Refused) -> RequestAnswer:
    standard = standard_of_law(ctx.law)
    identification = ctx.ledger.next_identification(ctx.municipality, "319", "AW")
    header = Header(afzender=ctx.municipality, ontvanger=ctx.agb,
                    bericht_identificatie=BerichtIdentificatie(identificatie=identification,
                                                               dagtekening=ctx.dagtekening),
                    xsd_versie=XsdVersie(basisschema_xsd_versie=ty.XSD_VERSIE[standard],
                                         bericht_xsd_versie=ty.XSD_VERSIE[standard]))
    woonplaats = None
    if refused.reason == "8" and refused.gemeente is not None:
        woonplaats = Woonplaatsbeginsel(gemeente=refused.gemeente)
    message = Antwoord319(standard=standard, header=header, antwoord=Antwoord(
        referentie_aanbieder=ref, verzoek_antwoord="1", reden_afwijzing_verzoek=refused.reason,
        woonplaatsbeginsel=woonplaats))
    data = write(message, today=ctx.dagtekening)
    ctx.ledger.record_message(ctx.municipality, "319", identification, ctx.dagtekening)
    ctx.ledger.answer_request(ctx.agb, ctx.law.value, ref, honoured=False,
                              reason=refused.reason)
    return RequestAnswer(ctx.kind, ref, ctx.agb, False, reason=refused.reason,
                         why=refused.why, antwoord=message, data=data)


def _send(ctx: _Context, household: Household, news: Sequence[Allocation], *,
          changed: Sequence[Allocation], reference: str | None,
          ) -> tuple[Toewijzing, bytes, tuple[Allocation, ...]]:
    """The 301 that honours a request, recorded in the ledger (see the module text)."""
    provider = news[0].provider if news else changed[0].provider
    client = household.member((news[0] if news else changed[0]).client_id)
    catalog = _policy(ctx, (news[0] if news else changed[0]).period.start).catalog
    touched = {a.id for a in (*news, *changed)}
    outgoing: list[Allocation] = []
    for number, allocation in _current(ctx, household, client, provider).items():
        if allocation.id in touched:
            continue
        outgoing.append(attrs.evolve(allocation, number=number, change_reason=None,
                                     provider_reference=reference))
    for allocation in changed:
        last = ctx.ledger.sent(ctx.municipality, ctx.law.value, allocation.id)
        assert last is not None
        outgoing.append(attrs.evolve(allocation, number=last.number, change_reason="12",
                                     provider_reference=reference))
    numbered: list[Allocation] = []
    taken = [a.number for a in ctx.caseload.allocations if a.number is not None and
             ctx.caseload.household(a.household_id).municipality.code == ctx.municipality]
    for allocation in news:
        number = new_number(ctx.ledger, ctx.municipality, ctx.law.value, allocation.id, taken)
        taken.append(number)
        numbered.append(attrs.evolve(allocation, number=number, change_reason=None,
                                     provider_reference=reference or
                                     allocation.provider_reference))
    outgoing.extend(numbered)
    identification = ctx.ledger.next_identification(ctx.municipality, "301", "TW")
    message = toewijzing(household, outgoing, catalog=catalog, aanbieder=ctx.agb,
                         identificatie=identification, dagtekening=ctx.dagtekening)
    data = write(message, today=ctx.dagtekening)
    ctx.ledger.record_message(ctx.municipality, "301", identification, ctx.dagtekening)
    for allocation in (*changed, *numbered):
        end = None if allocation.period.is_open else allocation.period.last_day
        ctx.ledger.record_sent(ctx.municipality, ctx.law.value, allocation.id,
                               fingerprint(allocation), end, ctx.dagtekening)
    return message, data, tuple(attrs.evolve(a, change_reason=None) for a in numbered)


def apply_answers(caseload: Caseload, answers: Sequence[RequestAnswer]) -> Caseload:
    """The caseload with what the honoured requests gave: new allocations added, changed
    ones replaced (so that a later :func:`~sociaaldomein.exchange.allocate.allocate` finds
    them sent and settlement sees them)."""
    given = {a.id: a for answer in answers if answer.honoured for a in answer.allocations}
    if not given:
        return caseload
    kept = tuple(given.pop(a.id, a) for a in caseload.allocations)
    return attrs.evolve(caseload, allocations=kept + tuple(given.values()))


def request_for(household: Household, allocation: Allocation, *, catalog: Catalog,
                aanbieder: str, identificatie: str, dagtekening: dt.date,
                reference: str) -> VerzoekOmToewijzing:
    """The provider's side: a 315 asking for ``allocation`` (its product, dates, volume or
    budget) under ``reference``, as the aanbieder with AGB code ``aanbieder`` would send
    it to the client's municipality after a referral by the municipality (Verwijzer 01)."""
    client = household.member(allocation.client_id)
    law = law_of(allocation, catalog, client)
    standard = standard_of_law(law)
    numbered = attrs.evolve(allocation, number=allocation.number or 1)
    product = toegewezen_product(numbered, catalog, law, dagtekening)
    if client.bsn is None or client.names is None:
        raise SociaaldomeinError(f"client {client.id} has no BSN or name for a 315")
    names = client.names
    from sociaaldomein.io.istandaarden import Achternaam, Geboortedatum, VerkorteNaam

    header = HeaderAanbieder(
        afzender=aanbieder, ontvanger=household.municipality.code,
        bericht_identificatie=BerichtIdentificatie(identificatie=identificatie,
                                                   dagtekening=dagtekening),
        xsd_versie=XsdVersie(basisschema_xsd_versie=ty.XSD_VERSIE[standard],
                             bericht_xsd_versie=ty.XSD_VERSIE[standard]))
    return VerzoekOmToewijzing(standard=standard, header=header, client=Client315(
        bsn=client.bsn.value, geboortedatum=Geboortedatum(datum=client.birth_date),
        geslacht=client.gender.value if client.gender is not None else "0",
        naam=VerkorteNaam(geslachtsnaam=Achternaam(achternaam=names.achternaam,
                                                   voorvoegsel=names.voorvoegsel),
                          voornamen=names.voornamen, voorletters=names.voorletters),
        aangevraagde_producten=(AangevraagdProduct(
            referentie_aanbieder=reference, product=product.product,
            toewijzing_ingangsdatum=product.ingangsdatum,
            toewijzing_einddatum=product.einddatum, omvang=product.omvang,
            budget=product.budget, verwijzer=Verwijzer(type="01")),)))
