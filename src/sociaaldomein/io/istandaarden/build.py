"""Messages from the library's caseload: a 301 from allocations, a 305/307 from care events.

The standard follows the allocation's law (:func:`law_of`): iWmo for the Wmo 2015, iJw for
the Jeugdwet. Each builder raises :class:`MessageError` naming the rule when the caseload
lacks what the message needs (a ToewijzingNummer, a BSN, the client's name and address, a
national product category, a whole volume).

How an allocation becomes a ``ToegewezenProduct`` (README of the standard, *toewijzing
variants*):

* with a volume: a *specific* toewijzing, product category and code with Omvang (a volume
  in hours that is not whole is written in minutes when that is whole);
* with a budget: *aspecific with budget*, the category and the Budget in eurocents (no
  code, CD077 and CD041);
* with neither, for a product with a code: *output*, one piece (Eenheid 82) in total over
  the validity (Frequentie 6): the arrangement itself is the output (results-based and
  trajectory funding);
* with neither and no code: *aspecific*, the category only (CD080).

The library's periods are half-open, so the message's Einddatum is the allocation's last
day; the library's :class:`~sociaaldomein.model.caseload.Stop` date is the first day without
care, so a 307's Einddatum is the day before it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal

from sociaaldomein.io.istandaarden import types as ty
from sociaaldomein.io.istandaarden.messages import (
    Achternaam,
    Adres,
    BerichtIdentificatie,
    Client301,
    Client305,
    Client307,
    Contact,
    Geboortedatum,
    Header,
    HeaderAanbieder,
    Huis,
    Omvang,
    Product,
    StartProduct,
    StartZorg,
    StopProduct,
    StopZorg,
    ToegewezenProduct,
    Toewijzing,
    VerkorteNaam,
    VolledigeNaam,
    XsdVersie,
)
from sociaaldomein.io.istandaarden.types import MessageError, Standard
from sociaaldomein.model.caseload import Allocation, Caseload, Start, Stop
from sociaaldomein.model.catalog import Catalog, Unit
from sociaaldomein.model.contract import Provider
from sociaaldomein.model.funding import StopReason
from sociaaldomein.model.household import Household, Law, Person

__all__ = [
    "REASON_CODES",
    "law_of",
    "reason_code",
    "standard_of",
    "start_zorg",
    "stop_zorg",
    "toewijzing",
    "toewijzingen",
]

REASON_CODES: dict[Standard, dict[StopReason, str]] = {
    Standard.IWMO: {
        StopReason.COMPLETED: "19", StopReason.BY_AGREEMENT: "23",
        StopReason.CLIENT_UNILATERAL: "21", StopReason.PROVIDER_UNILATERAL: "22",
        StopReason.MOVED: "31", StopReason.DECEASED: "02", StopReason.EXTERNAL: "39",
        StopReason.NO_RESULT: "23", StopReason.CHANGED: "37",
    },
    Standard.IJW: {
        StopReason.COMPLETED: "31", StopReason.BY_AGREEMENT: "34",
        StopReason.CLIENT_UNILATERAL: "32", StopReason.PROVIDER_UNILATERAL: "33",
        StopReason.MOVED: "35", StopReason.DECEASED: "02", StopReason.EXTERNAL: "39",
        StopReason.NO_RESULT: "34", StopReason.CHANGED: "37",
    },
}
"""RedenBeeindiging (WMO588 / JZ588) of each stop reason. The codes differ per standard:
31 is "verhuizing" in iWmo and "volgens plan beeindigd" in iJw. A temporary stop (20) is
not a library stop reason; :func:`stop_zorg` writes it when asked."""


def reason_code(reason: StopReason, standard: Standard) -> str:
    """The RedenBeeindiging of ``reason`` in ``standard``."""
    return REASON_CODES[standard][reason]


def law_of(allocation: Allocation, catalog: Catalog, client: Person) -> Law:
    """The law of an allocation: its arrangement's only law, or, for an arrangement under
    both laws, the Jeugdwet for a client under 18 at the start or in extended youth care."""
    arrangement = catalog.arrangement(allocation.arrangement)
    if len(arrangement.laws) == 1:
        return next(iter(arrangement.laws))
    if allocation.extended_youth_care:
        return Law.JEUGDWET
    return client.law_on(allocation.period.start)


def standard_of(law: Law) -> Standard:
    """iWmo for the Wmo 2015, iJw for the Jeugdwet."""
    return Standard.IWMO if law is Law.WMO else Standard.IJW


def _agb(aanbieder: str | Provider) -> str:
    if isinstance(aanbieder, Provider):
        if aanbieder.agb is None:
            raise MessageError(f"provider {aanbieder.code} has no AGB code (RS036)", rule="RS036")
        return aanbieder.agb
    ty.AGB.check(aanbieder, "aanbieder (AGB code)")
    return aanbieder


def _xsd(standard: Standard) -> XsdVersie:
    return XsdVersie(basisschema_xsd_versie=ty.XSD_VERSIE[standard],
                     bericht_xsd_versie=ty.XSD_VERSIE[standard])


def _person_parts(person: Person, what: str) -> tuple[str, Geboortedatum, str]:
    if person.bsn is None:
        raise MessageError(f"{what} {person.id} has no BSN (Client/Bsn is required)",
                           rule="XSD")
    if person.names is None:
        raise MessageError(f"{what} {person.id} has no name parts (Client/Naam is required)",
                           rule="XSD")
    gender = person.gender.value if person.gender is not None else "0"
    return person.bsn.value, Geboortedatum(datum=person.birth_date), gender


def _volledige_naam(person: Person) -> VolledigeNaam:
    names = person.names
    assert names is not None
    partner = None if names.partner_achternaam is None else Achternaam(
        achternaam=names.partner_achternaam, voorvoegsel=names.partner_voorvoegsel)
    return VolledigeNaam(
        geslachtsnaam=Achternaam(achternaam=names.achternaam, voorvoegsel=names.voorvoegsel),
        partnernaam=partner, voornamen=names.voornamen, voorletters=names.voorletters,
        naam_gebruik=names.naamgebruik)


def _verkorte_naam(person: Person) -> VerkorteNaam:
    names = person.names
    assert names is not None
    return VerkorteNaam(
        geslachtsnaam=Achternaam(achternaam=names.achternaam, voorvoegsel=names.voorvoegsel),
        voornamen=names.voornamen, voorletters=names.voorletters)


def _contact(person: Person) -> Contact:
    a = person.address
    if a is None:
        raise MessageError(f"client {person.id} has no address (TR061: an address of Soort "
                           "01, 02 or 03 is required)", rule="TR061")
    huis = None if a.huisnummer is None else Huis(
        huisnummer=a.huisnummer, huisletter=a.huisletter,
        huisnummer_toevoeging=a.huisnummer_toevoeging)
    return Contact(soort="01", adres=Adres(huis=huis, postcode=a.postcode,
                                           straatnaam=a.straatnaam, plaatsnaam=a.plaatsnaam,
                                           land_code=a.land if a.postcode else None))


def _whole(volume: Decimal, unit: Unit, where: str) -> tuple[int, Unit]:
    if volume == volume.to_integral_value():
        return int(volume), unit
    if unit is Unit.HOUR and (volume * 60) == (volume * 60).to_integral_value():
        return int(volume * 60), Unit.MINUTE
    raise MessageError(f"{where}: volume {volume} {unit.label} is not a whole number "
                       "(LDT_Volume)", rule="XSD")


def toegewezen_product(allocation: Allocation, catalog: Catalog, law: Law,
                       dagtekening: dt.date) -> ToegewezenProduct:
    """The ``ToegewezenProduct`` of one allocation (see the module text)."""
    where = f"allocation {allocation.id}"
    if allocation.number is None:
        raise MessageError(f"{where} has no number (ToewijzingNummer, unique per municipality, "
                           "TR332)", rule="TR332")
    category, code = allocation.product_category, allocation.product_code
    if category is None:
        category, code = catalog.arrangement(allocation.arrangement).national_product(law)
    omvang = None
    budget = None
    if allocation.budget is not None:
        budget = allocation.budget.amount_cents
        code = None
    elif allocation.volume is not None:
        if allocation.unit is None or allocation.frequency is None:
            raise MessageError(f"{where}: a volume needs a unit and a frequency (CDT_Omvang)",
                               rule="CD041")
        volume, unit = _whole(allocation.volume, allocation.unit, where)
        omvang = Omvang(volume=volume, eenheid=unit.value, frequentie=allocation.frequency.value)
        if code is None:
            raise MessageError(f"{where}: a volume needs a product code (CD080); give "
                               f"arrangement {allocation.arrangement} one", rule="CD080")
    elif code is not None:  # output: the arrangement itself, once (82 stuks, 6 totaal)
        omvang = Omvang(volume=1, eenheid=Unit.PIECE_OUTPUT.value, frequentie="6")
    if category is None and budget is None:
        raise MessageError(f"{where}: arrangement {allocation.arrangement} has no national "
                           "product category (CD079)", rule="CD079")
    product = None if category is None else Product(categorie=category, code=code)
    period = allocation.period
    return ToegewezenProduct(
        toewijzing_nummer=allocation.number, referentie_aanbieder=allocation.provider_reference,
        product=product, toewijzingsdatum=allocation.decided_on or min(dagtekening, period.start),
        toewijzingstijd=allocation.decided_at or dt.time(0, 0),
        ingangsdatum=period.start, einddatum=None if period.is_open else period.last_day,
        reden_wijziging=allocation.change_reason, omvang=omvang, budget=budget)


def toewijzing(household: Household, allocations: Sequence[Allocation], *, catalog: Catalog,
               aanbieder: str | Provider, identificatie: str, dagtekening: dt.date,
               gemeente: str | None = None) -> Toewijzing:
    """The 301 of one client's ``allocations`` at one aanbieder (its AGB code, or a
    :class:`~sociaaldomein.model.contract.Provider` with one). The gemeente is the
    household's municipality unless given (IV046); the standard follows the law of the
    allocations, which must agree."""
    if not allocations:
        raise MessageError("a 301 needs at least one allocation", rule="XSD")
    clients = {a.client_id for a in allocations}
    providers = {a.provider for a in allocations}
    if len(clients) != 1 or len(providers) != 1:
        raise MessageError("a 301 holds one client's allocations at one aanbieder; got "
                           f"{len(clients)} clients and {len(providers)} providers", rule="XSD")
    client = household.member(allocations[0].client_id)
    laws = {law_of(a, catalog, client) for a in allocations}
    if len(laws) != 1:
        raise MessageError("the allocations fall under both laws: write an iWmo and an iJw 301",
                           rule="XSD")
    law = laws.pop()
    standard = standard_of(law)
    bsn, birth, gender = _person_parts(client, "client")
    header = Header(afzender=gemeente or household.municipality.code, ontvanger=_agb(aanbieder),
                    bericht_identificatie=BerichtIdentificatie(identificatie=identificatie,
                                                               dagtekening=dagtekening),
                    xsd_versie=_xsd(standard))
    return Toewijzing(standard=standard, header=header, client=Client301(
        bsn=bsn, geboortedatum=birth, geslacht=gender, naam=_volledige_naam(client),
        contactgegevens=(_contact(client),),
        toegewezen_producten=tuple(toegewezen_product(a, catalog, law, dagtekening)
                                   for a in allocations)))


def _start_stop_parts(household: Household, allocation: Allocation, catalog: Catalog,
                      aanbieder: str | Provider, identificatie: str, dagtekening: dt.date
                      ) -> tuple[Standard, HeaderAanbieder, Person, Product | None]:
    client = household.member(allocation.client_id)
    law = law_of(allocation, catalog, client)
    standard = standard_of(law)
    header = HeaderAanbieder(
        afzender=_agb(aanbieder), ontvanger=household.municipality.code,
        bericht_identificatie=BerichtIdentificatie(identificatie=identificatie,
                                                   dagtekening=dagtekening),
        xsd_versie=_xsd(standard))
    product = toegewezen_product(allocation, catalog, law, dagtekening).product  # IV075
    return standard, header, client, product


def start_zorg(household: Household, allocation: Allocation, start: Start, *,
               catalog: Catalog, aanbieder: str | Provider, identificatie: str,
               dagtekening: dt.date, delete: bool = False) -> StartZorg:
    """The 305 of a start (the provider's side); ``delete`` withdraws an earlier one
    (StatusAanlevering 3)."""
    standard, header, client, product = _start_stop_parts(
        household, allocation, catalog, aanbieder, identificatie, dagtekening)
    bsn, birth, gender = _person_parts(client, "client")
    return StartZorg(standard=standard, header=header, client=Client305(
        bsn=bsn, geboortedatum=birth, geslacht=gender, naam=_verkorte_naam(client),
        start_producten=(StartProduct(
            toewijzing_nummer=allocation.number, product=product,
            toewijzing_ingangsdatum=allocation.period.start, begindatum=start.date,
            status_aanlevering="3" if delete else "1"),)))


def stop_zorg(household: Household, allocation: Allocation, start: Start, stop: Stop, *,
              catalog: Catalog, aanbieder: str | Provider, identificatie: str,
              dagtekening: dt.date, temporary: bool = False, delete: bool = False) -> StopZorg:
    """The 307 of a stop (the provider's side): RedenBeeindiging of its standard (20 when
    ``temporary``), Einddatum the last day of care (the day before ``stop.date``)."""
    standard, header, client, product = _start_stop_parts(
        household, allocation, catalog, aanbieder, identificatie, dagtekening)
    bsn, birth, gender = _person_parts(client, "client")
    return StopZorg(standard=standard, header=header, client=Client307(
        bsn=bsn, geboortedatum=birth, geslacht=gender, naam=_verkorte_naam(client),
        stop_producten=(StopProduct(
            toewijzing_nummer=allocation.number, product=product,
            toewijzing_ingangsdatum=allocation.period.start, begindatum=start.date,
            reden_beeindiging="20" if temporary else reason_code(stop.reason, standard),
            einddatum=stop.date - dt.timedelta(days=1),
            status_aanlevering="3" if delete else "1"),)))


def stop_reason(code: str, standard: Standard) -> StopReason | None:
    """The library's stop reason of a RedenBeeindiging; ``None`` for a temporary stop (20)
    and the gemeente's reasons without a counterpart (36)."""
    if code == "20":
        return None
    for reason, value in REASON_CODES[standard].items():
        if value == code:
            return reason
    special = {"38": StopReason.CHANGED, "39": StopReason.EXTERNAL, "36": None}
    return special.get(code)


def toewijzingen(caseload: Caseload, *, catalog: Callable[[Household, Allocation], Catalog],
                 agb: Mapping[str, str] | Callable[[str], str], dagtekening: dt.date,
                 prefix: str = "TW") -> Iterator[Toewijzing]:
    """A 301 per client, aanbieder and law of a caseload, in order of first allocation.

    ``catalog`` gives the catalog of a household's region (for example
    ``lambda h, a: policy_for(h.municipality.code, a.period.start).catalog``), ``agb`` the
    AGB code of each provider code; the identifications are ``prefix`` plus a serial
    number (12 characters at most).
    """
    households = {h.id: h for h in caseload.households}
    groups: dict[tuple[str, str, str, Law], list[Allocation]] = {}
    catalogs: dict[tuple[str, str, str, Law], Catalog] = {}
    for allocation in caseload.allocations:
        household = households[allocation.household_id]
        found = catalog(household, allocation)
        law = law_of(allocation, found, household.member(allocation.client_id))
        key = (allocation.household_id, allocation.client_id, allocation.provider, law)
        groups.setdefault(key, []).append(allocation)
        catalogs.setdefault(key, found)
    lookup = agb if callable(agb) else agb.__getitem__
    for serial, (key, allocations) in enumerate(groups.items(), start=1):
        yield toewijzing(households[key[0]], allocations, catalog=catalogs[key],
                         aanbieder=lookup(key[2]), identificatie=f"{prefix}{serial}",
                         dagtekening=dagtekening)
