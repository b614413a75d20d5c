"""Playing the providers for a month: what they would send the municipality.

:func:`simulate` writes, for one calendar month, a 305 for every start and a 307 for
every stop in it, and one 323 per provider, municipality and law with exactly what the
regions' policies owe for that month (one line per allocation: the month's slice of the
allocation, IV089), plus ``faults`` planted faults of the kinds of :data:`FAULT_KINDS`,
each listed with the retourcode the municipality must answer it with.

The lines follow the funding of the region's policy: an effort-based allocation (price x
quantity, stay per etmaal) declares the delivered quantity at the contract tariff (hours
that are not whole as minutes at the hourly tariff, §7); a per-period or trajectory
allocation, allocated as the arrangement itself (one piece), declares one piece at what
the policy owes for the month. An amount a 323 cannot express (a price x quantity capped
by a yearly budget, a fraction of a minute) is not declared and is listed in
:attr:`Simulation.skipped`.

The ToewijzingNummers are the ledger's (the 301s sent) when a ledger is given, else the
allocations' own numbers. Messages are dated the first day of the next month.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction

import attrs

from sociaaldomein.errors import InvalidValue, SociaaldomeinError
from sociaaldomein.exchange.declarations import (
    Chain,
    allocated_unit,
    funding_of,
    hourly_minutes_amount,
    line_cap,
    minute_tariff,
    signed_sum,
)
from sociaaldomein.exchange.ledger import Ledger
from sociaaldomein.exchange.parties import Parties
from sociaaldomein.io.istandaarden import build
from sociaaldomein.io.istandaarden import types as ty
from sociaaldomein.io.istandaarden.messages import (
    BedragMetDC,
    BerichtIdentificatie,
    Client323,
    Declaratie,
    DeclaratieKlasse,
    GeslotenPeriode,
    HeaderAanbieder,
    Message,
    Prestatie,
    Referentie,
    ToegewezenProduct,
    TotaalBedragMetDC,
    XsdVersie,
)
from sociaaldomein.model.caseload import Allocation, Caseload, Start, Stop
from sociaaldomein.model.catalog import Unit
from sociaaldomein.model.funding import PriceQuantity, Stay
from sociaaldomein.model.money import Money
from sociaaldomein.model.periods import Month
from sociaaldomein.policy.registry import Registry

__all__ = ["FAULT_KINDS", "Fault", "PlannedLine", "Simulation", "simulate"]

FAULT_KINDS: dict[str, str] = {
    "unknown_allocation": "9338",
    "volume_above_allocation": "9321",
    "wrong_tariff": "0611",
    "amount_not_volume_x_tariff": "9346",
    "period_outside_allocation": "9307",
    "duplicate_reference": "8021",
    "credit_without_debit": "8017",
}
"""Each kind of planted fault and the retourcode it must get (a period after the
allocation's end gets ``9308``, see :attr:`Fault.code`)."""


@attrs.frozen
class Fault:
    """A planted fault: its kind, the retourcode it must get, and where it is."""

    kind: str
    code: str
    declaration: str
    reference: str
    description: str


@attrs.frozen
class PlannedLine:
    """A clean line as the simulation declares it, with what the policy owes for it."""

    provider: str
    municipality: str
    standard: ty.Standard
    bsn: str
    allocation: str
    allocation_of: Allocation = attrs.field(repr=False)
    product: ToegewezenProduct = attrs.field(repr=False)
    funding: str = attrs.field(repr=False)
    line: Prestatie = attrs.field()


@attrs.frozen
class Simulation:
    """What the providers send for ``month``: the messages in the order to answer them,
    the planted faults, the clean lines, and the owed amounts that could not be declared.
    ``owed`` is what the clean lines claim (before faults replaced some of them);
    ``clean`` what the lines left clean claim."""

    month: Month
    messages: tuple[Message, ...]
    faults: tuple[Fault, ...]
    lines: tuple[PlannedLine, ...]
    owed: Money
    clean: Money
    skipped: tuple[str, ...] = ()

    @property
    def declarations(self) -> tuple[Declaratie, ...]:
        return tuple(m for m in self.messages if isinstance(m, Declaratie))


def _xsd(standard: ty.Standard) -> XsdVersie:
    return XsdVersie(basisschema_xsd_versie=ty.XSD_VERSIE[standard],
                     bericht_xsd_versie=ty.XSD_VERSIE[standard])


def _number(allocation: Allocation, municipality: str, law: str,
            ledger: Ledger | None) -> int | None:
    if ledger is not None:
        sent = ledger.sent(municipality, law, allocation.id)
        return None if sent is None else sent.number
    return allocation.number


def simulate(caseload: Caseload, month: Month, *, ledger: Ledger | None = None,
             faults: int = 0, seed: int = 0, registry: Registry | None = None,
             prefix: str = "S", agb: Mapping[str, str] | None = None) -> Simulation:
    """The messages the providers of ``caseload`` send for ``month`` (see the module
    text). ``prefix`` starts every identification, DeclaratieNummer and reference (a
    letter or two: runs with different prefixes never collide). ``agb`` maps provider
    codes to AGB codes (as for the 301s); others get
    :func:`~sociaaldomein.exchange.parties.agb_code`."""
    if not (1 <= len(prefix) <= 2 and prefix.isascii() and prefix.isalnum()):
        raise InvalidValue(f"prefix {prefix!r}: one or two letters or digits")
    if type(faults) is not int or faults < 0:
        raise InvalidValue(f"faults {faults!r}: a number of faults is 0 or more")
    parties = Parties.of((a.provider for a in caseload.allocations), agb)
    day = month.next().first_day
    chain = Chain(caseload, ledger, today=day,
                  registry=registry)
    stamp = f"{month.year % 100:02d}{month.month:02d}"
    serial = iter(range(1, 10**7))
    messages: list[Message] = []
    planned: list[PlannedLine] = []
    skipped: list[str] = []
    for allocation in caseload.allocations:
        case = chain.cases[allocation.household_id]
        if allocation.period.start >= month.next().first_day:
            continue
        if not allocation.period.is_open and allocation.period.end <= month.first_day:
            continue
        municipality = case.household.municipality.code
        policy = chain.policy(case, month)
        try:
            client = case.client(allocation)
            law = build.law_of(allocation, policy.catalog, client)
        except SociaaldomeinError as exc:
            skipped.append(f"{allocation.id}: {exc.message}")
            continue
        standard = build.standard_of(law)
        number = _number(allocation, municipality, law.value, ledger)
        if number is None:
            skipped.append(f"{allocation.id}: no ToewijzingNummer (never sent)")
            continue
        numbered = attrs.evolve(allocation, number=number)
        try:
            product = build.toegewezen_product(numbered, policy.catalog, law,
                                               allocation.period.start)
        except SociaaldomeinError as exc:
            skipped.append(f"{allocation.id}: {exc.message}")
            continue
        # 305 and 307 for the month's starts and stops
        events = case.events_for(allocation.id)
        starts = sorted((e for e in events if isinstance(e, Start)), key=lambda e: e.date)
        for event in events:
            try:
                if isinstance(event, Start) and Month.of(event.date) == month:
                    messages.append(build.start_zorg(
                        case.household, numbered, event, catalog=policy.catalog,
                        aanbieder=parties.agb(allocation.provider),
                        identificatie=f"{prefix}{stamp}{next(serial):04d}", dagtekening=day))
                elif (isinstance(event, Stop) and starts
                      and Month.of(event.date - dt.timedelta(days=1)) == month):
                    start = max((s for s in starts if s.date < event.date),
                                key=lambda s: s.date, default=None)
                    if start is not None:
                        messages.append(build.stop_zorg(
                            case.household, numbered, start, event, catalog=policy.catalog,
                            aanbieder=parties.agb(allocation.provider),
                            identificatie=f"{prefix}{stamp}{next(serial):04d}", dagtekening=day))
            except SociaaldomeinError as exc:
                skipped.append(f"{allocation.id}: {event.__class__.__name__} not sent: "
                               f"{exc.message}")
        owed = chain.owed(allocation, month)
        if isinstance(owed, str):
            skipped.append(f"{allocation.id}: {owed}")
            continue
        amount = signed_sum(line.amount for line in owed)
        if not amount:
            continue
        priced = chain.priced(allocation, month)
        model = None if priced is None else priced.tariff.model
        allocated = allocated_unit(product, model)
        if allocated is None:
            skipped.append(f"{allocation.id}: no unit to declare in")
            continue
        funding = funding_of(model)
        volume: int
        tariff: int | None
        unit = allocated
        if funding == "owed":
            volume, tariff = 1, amount.amount_cents
            if unit == Unit.EURO.value:
                volume, tariff = amount.amount_cents, None
        elif funding == "effort" and isinstance(model, PriceQuantity | Stay):
            price = (model.price if isinstance(model, PriceQuantity)
                     else model.price_per_etmaal).amount_cents
            quantity = sum((Fraction(line.quantity) for line in owed
                            if line.quantity is not None), Fraction(0))
            if quantity.denominator == 1:
                volume, tariff, unit = int(quantity), price, (
                    model.unit.value if isinstance(model, PriceQuantity) else Unit.ETMAAL.value)
                expected = volume * price
            elif (isinstance(model, PriceQuantity) and model.unit is Unit.HOUR
                  and (quantity * 60).denominator == 1):
                volume, tariff, unit = int(quantity * 60), minute_tariff(price), Unit.MINUTE.value
                expected = hourly_minutes_amount(price, volume)
            else:
                skipped.append(f"{allocation.id}: {Decimal(quantity.numerator) / quantity.denominator} is not a whole volume "
                               f"in {month}")
                continue
            if expected != amount.amount_cents:
                skipped.append(f"{allocation.id}: the policy owes {amount.format_nl()} in "
                               f"{month}, not volume x tariff ({expected} cents)")
                continue
        else:
            skipped.append(f"{allocation.id}: the region's policy pays it without a "
                           "declaration")
            continue
        category = product.product.categorie if product.product else "00"
        code = (product.product.code if product.product and product.product.code
                else f"{category}000")
        begin = max(month.first_day, allocation.period.start)
        end = month.next().first_day - dt.timedelta(days=1)
        if not allocation.period.is_open:
            end = min(end, allocation.period.last_day)
        provider = owed[0].provider
        bsn = client.bsn.value if client.bsn is not None else ""
        planned.append(PlannedLine(provider, municipality, standard, bsn, allocation.id,
                                   numbered, product, funding, Prestatie(
            product_referentie=Referentie(referentie_nummer="-"),
            toewijzing_nummer=number, product_categorie=category, product_code=code,
            product_periode=GeslotenPeriode(begindatum=begin, einddatum=end),
            geleverd_volume=volume, eenheid=unit, product_tarief=tariff,
            ingediend_bedrag=BedragMetDC.of(amount))))
    owed_total = signed_sum(p.line.ingediend_bedrag.signed for p in planned)
    emits = [_Emit((p.provider, p.municipality, p.standard), p.bsn, p.line, p.allocation_of,
                   p.product, p.funding) for p in planned]
    _plant(emits, faults, random.Random(seed), month, f"{prefix}{stamp}")
    groups: dict[tuple[str, str, ty.Standard], list[_Emit]] = {}
    for e in emits:
        if not e.separate:
            groups.setdefault(e.key, []).append(e)
    batches = [(key, items) for key, items in sorted(
        groups.items(), key=lambda g: (g[0][0], g[0][1], g[0][2].value))]
    batches += [(e.key, [e]) for e in emits if e.separate]
    references: dict[int, str] = {}
    fault_list: list[Fault] = []
    for index, (key, items) in enumerate(batches, start=1):
        declaration = f"{prefix}D{stamp}{index:03d}"
        lines = []
        for k, e in enumerate(items, start=1):
            reference = (references[id(e.same_reference_as)] if e.same_reference_as is not None
                         else f"{declaration}-{k}")
            references[id(e)] = reference
            lines.append((e.bsn, attrs.evolve(e.line, product_referentie=attrs.evolve(
                e.line.product_referentie, referentie_nummer=reference))))
            if e.fault is not None:
                fault_list.append(attrs.evolve(e.fault, declaration=declaration,
                                               reference=reference))
        messages.append(_declaration(parties.agb(key[0]), key[1], key[2], declaration,
                                     f"{prefix}{stamp}{next(serial):04d}", month, day, lines))
    clean = signed_sum(e.line.ingediend_bedrag.signed for e in emits if e.fault is None)
    return Simulation(month, tuple(messages), tuple(fault_list), tuple(planned), owed_total,
                      clean, tuple(skipped))


@attrs.define
class _Emit:
    key: tuple[str, str, ty.Standard]
    bsn: str
    line: Prestatie
    allocation: Allocation
    product: ToegewezenProduct
    funding: str
    fault: Fault | None = None
    separate: bool = False
    same_reference_as: _Emit | None = None


def _fault(kind: str, description: str, code: str | None = None) -> Fault:
    return Fault(kind, code or FAULT_KINDS[kind], "", "", description)


def _plant(emits: list[_Emit], count: int, rng: random.Random, month: Month,
           tag: str) -> None:
    """Plant ``count`` faults, the kinds in turn; a kind the lines give no room for
    (no volume cap, no allocation starting or ending inside the month) is passed over."""
    kinds = list(FAULT_KINDS)
    clean = [e for e in emits if e.fault is None]
    if not clean:
        return
    numbers = [e.line.toewijzing_nummer for e in emits]
    planted = 0
    attempt = 0
    while planted < count and attempt < count * len(kinds) + len(kinds):
        kind = kinds[attempt % len(kinds)]
        attempt += 1
        free = [e for e in emits if e.fault is None and not e.separate
                and e.line.ingediend_bedrag.debet_credit == "D"]
        if not free:
            return
        rng.shuffle(free)
        if _plant_one(kind, free, emits, rng, month, f"{tag}X{planted}", max(numbers)):
            planted += 1


def _plant_one(kind: str, free: list[_Emit], emits: list[_Emit], rng: random.Random,
               month: Month, tag: str, highest: int) -> bool:
    line_of = free[0]
    if kind == "unknown_allocation":
        number = min(highest + 1000 + rng.randrange(1000), 999_999_999)
        emits.append(_Emit(line_of.key, line_of.bsn,
                           attrs.evolve(line_of.line, toewijzing_nummer=number),
                           line_of.allocation, line_of.product, line_of.funding,
                           fault=_fault(kind, f"a line on allocation {number}, never sent")))
        return True
    if kind == "duplicate_reference":
        emits.append(_Emit(line_of.key, line_of.bsn, line_of.line, line_of.allocation,
                           line_of.product, line_of.funding, separate=True,
                           same_reference_as=line_of,
                           fault=_fault(kind, "a line declared again in a 323 of its own, "
                                        "with the ReferentieNummer of the first")))
        return True
    if kind == "credit_without_debit":
        line = line_of.line
        emits.append(_Emit(line_of.key, line_of.bsn, attrs.evolve(
            line, product_referentie=Referentie(referentie_nummer="-",
                                                vorig_referentie_nummer=tag),
            ingediend_bedrag=BedragMetDC(bedrag=line.ingediend_bedrag.bedrag,
                                         debet_credit="C")),
            line_of.allocation, line_of.product, line_of.funding,
            fault=_fault(kind, f"a credit of line {tag}, which was never declared")))
        return True
    for e in free:
        line = e.line
        minutes = line.eenheid == Unit.MINUTE.value
        changed: Prestatie | None = None
        code = None
        if kind == "volume_above_allocation" and line.product_tarief is not None:
            p = line.product_periode
            cap = line_cap(e.product, p.begindatum, p.einddatum, e.key[2])
            if cap is None or minutes:
                continue
            volume = int(cap) + 1
            tariff = line.product_tarief
            changed = attrs.evolve(line, geleverd_volume=volume, ingediend_bedrag=BedragMetDC(
                bedrag=volume * tariff, debet_credit="D"))
            description = f"{volume} declared where {cap} is allocated for the period"
        elif kind == "wrong_tariff" and line.product_tarief is not None:
            tariff = line.product_tarief + (100 if e.funding == "owed" else 1)
            amount = (line.ingediend_bedrag.bedrag if minutes
                      else line.geleverd_volume * tariff)
            changed = attrs.evolve(line, product_tarief=tariff, ingediend_bedrag=BedragMetDC(
                bedrag=amount, debet_credit="D"))
            description = f"ProductTarief {tariff} instead of {line.product_tarief}"
        elif kind == "amount_not_volume_x_tariff" and line.product_tarief is not None:
            if e.funding == "owed":
                changed = attrs.evolve(line, product_tarief=line.product_tarief + 1)
            else:
                changed = attrs.evolve(line, ingediend_bedrag=BedragMetDC(
                    bedrag=line.ingediend_bedrag.bedrag + 1, debet_credit="D"))
            description = "an amount that is not GeleverdVolume x ProductTarief"
        elif kind == "period_outside_allocation":
            period = e.allocation.period
            p = line.product_periode
            last = month.next().first_day - dt.timedelta(days=1)
            if period.start > month.first_day:
                changed = attrs.evolve(line, product_periode=GeslotenPeriode(
                    begindatum=month.first_day, einddatum=p.einddatum))
                description = f"the period starts {month.first_day}, before the allocation"
            elif not period.is_open and period.last_day < last:
                changed = attrs.evolve(line, product_periode=GeslotenPeriode(
                    begindatum=p.begindatum, einddatum=last))
                description = f"the period ends {last}, after the allocation"
                code = "9308"
            else:
                continue
        if changed is not None:
            e.line = changed
            e.fault = _fault(kind, description, code)
            return True
    return False


def _declaration(agb: str, municipality: str, standard: ty.Standard, number: str,
                 identificatie: str, month: Month, day: dt.date,
                 lines: Sequence[tuple[str, Prestatie]]) -> Declaratie:
    clients: dict[str, list[Prestatie]] = {}
    for bsn, line in lines:
        clients.setdefault(bsn, []).append(line)
    total = signed_sum(line.ingediend_bedrag.signed for _, line in lines)
    return Declaratie(
        standard=standard,
        header=HeaderAanbieder(
            afzender=agb, ontvanger=municipality,
            bericht_identificatie=BerichtIdentificatie(identificatie=identificatie,
                                                       dagtekening=day),
            xsd_versie=_xsd(standard)),
        declaratie=DeclaratieKlasse(
            declaratie_nummer=number,
            declaratie_periode=GeslotenPeriode(begindatum=month.first_day,
                                               einddatum=month.next().first_day
                                               - dt.timedelta(days=1)),
            declaratie_dagtekening=day, totaal_ingediend_bedrag=TotaalBedragMetDC.of(total),
            clienten=tuple(Client323(bsn=bsn, prestaties=tuple(items))
                           for bsn, items in clients.items())))
