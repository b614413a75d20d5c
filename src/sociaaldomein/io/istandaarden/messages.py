"""Typed classes of the iWmo 3.2 and iJw 3.2 messages.

One frozen class per element class of the standard, with Dutch field names that follow
the element names (``toewijzing_nummer`` for ``ToewijzingNummer``), in schema order. Every
field checks its facets when the object is built, so an object that exists can be written
as far as its types go; the in-message rules (``CD``, ``CS``, ``TR``) that combine fields
are checked by :func:`~sociaaldomein.io.istandaarden.check` (and by the writer, which
refuses a message that breaks one).

The messages of the municipality's side: :class:`Toewijzing` (301), :class:`Antwoord319`
(319) and :class:`DeclaratieAntwoord` (325); of the provider's side: :class:`StartZorg`
(305), :class:`StopZorg` (307), :class:`VerzoekOmToewijzing` (315),
:class:`VerzoekOmWijziging` (317) and :class:`Declaratie` (323); and the form of a retour
message (:class:`Retour`: 302, 306, 308, 316, 318, 320). Which standard a message follows is
its ``standard``: iWmo for Wmo 2015 clients, iJw for Jeugdwet clients.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterator
from typing import Any, ClassVar

import attrs

from sociaaldomein.io.istandaarden import types as ty
from sociaaldomein.io.istandaarden.types import MessageError, Simple, Standard
from sociaaldomein.model.money import Money

__all__ = [
    "AangevraagdProduct",
    "Achternaam",
    "Adres",
    "Antwoord",
    "Antwoord319",
    "BedragMetDC",
    "BerichtIdentificatie",
    "Client301",
    "Client305",
    "Client307",
    "Client315",
    "Client317",
    "Client323",
    "Client325",
    "Communicatie",
    "Contact",
    "DebetCredit",
    "Declaratie",
    "DeclaratieAntwoord",
    "DeclaratieAntwoordKlasse",
    "DeclaratieKlasse",
    "Geboortedatum",
    "GeslotenPeriode",
    "Header",
    "Header325",
    "HeaderAanbieder",
    "Huis",
    "Message",
    "NieuwProduct",
    "Omvang",
    "OngewijzigdProduct",
    "OpenPeriode",
    "Prestatie",
    "Prestatie325",
    "Product",
    "Referentie",
    "Relatie",
    "Retour",
    "RetourHeader",
    "StartProduct",
    "StartZorg",
    "StopProduct",
    "StopZorg",
    "TeWijzigenProduct",
    "Telefoon",
    "Telefoonnummers",
    "ToegewezenProduct",
    "Toewijzing",
    "TotaalBedragMetDC",
    "VerkorteNaam",
    "Verwijzer",
    "Verzoek",
    "VerzoekOmToewijzing",
    "VerzoekOmWijziging",
    "VolledigeNaam",
    "Woonplaatsbeginsel",
    "XsdVersie",
]


@attrs.frozen
class Spec:
    """How a field is written: element ``name``, its simple type or class, the item element
    of a repeated group (``name`` is then the wrapper), and a standard it exists in only."""

    name: str
    type: Simple | type
    item: str | None = None
    only: Standard | None = None


def x(name: str, type_: Simple | type, *, item: str | None = None,
      only: Standard | None = None) -> dict[str, Spec]:
    """Field metadata for element ``name``."""
    return {"xml": Spec(name, type_, item, only)}


@attrs.frozen
class Field:
    """A field of a message class as the codec sees it."""

    attr: str
    spec: Spec
    required: bool
    many: bool


def fields_of(cls: type) -> tuple[Field, ...]:
    """The XML fields of a message class in schema order (cached on the class)."""
    cached: tuple[Field, ...] | None = cls.__dict__.get("_xml_fields")
    if cached is not None:
        return cached
    found = []
    for a in attrs.fields(cls):
        spec = a.metadata.get("xml")
        if spec is None:
            continue
        required = a.default is attrs.NOTHING
        found.append(Field(a.name, spec, required, spec.item is not None))
    result = tuple(found)
    type.__setattr__(cls, "_xml_fields", result)
    return result


class Node:
    """Base of the message classes: checks every field against its type on construction.

    ``NS`` is ``"m"`` when the class is declared in a message XSD (its children are in the
    message namespace) and ``"b"`` for a basisschema ``CDT_`` type.
    """

    NS: ClassVar[str] = "m"

    def __attrs_post_init__(self) -> None:
        name = type(self).__name__
        for f in fields_of(type(self)):
            value = getattr(self, f.attr)
            where = f"{name}.{f.attr}"
            if f.many:
                if not isinstance(value, tuple):
                    raise MessageError(f"{where}: expected a tuple", rule="XSD")
                if f.required and not value:
                    raise MessageError(f"{where}: at least one {f.spec.item} is required "
                                       f"(1..n)", rule="XSD")
                for i, item in enumerate(value):
                    _check_one(item, f.spec, f"{where}[{i}]")
            elif value is None:
                if f.required:
                    raise MessageError(f"{where}: {f.spec.name} is required (1..1)", rule="XSD")
            else:
                _check_one(value, f.spec, where)
        self._check()

    def _check(self) -> None:
        """Checks of the class beyond its field types."""

    def walk(self) -> Iterator[Node]:
        """This object and every nested message object, depth first."""
        yield self
        for f in fields_of(type(self)):
            value = getattr(self, f.attr)
            for item in (value if f.many else (value,)):
                if isinstance(item, Node):
                    yield from item.walk()


def _check_one(value: object, spec: Spec, where: str) -> None:
    if isinstance(spec.type, Simple):
        spec.type.check(value, where)
    elif not isinstance(value, spec.type):
        raise MessageError(f"{where}: expected {spec.type.__name__}, got "
                           f"{type(value).__name__}", rule="XSD")


def _tuple(value: Any) -> Any:
    return tuple(value) if isinstance(value, list | tuple) else value




class DebetCredit(enum.Enum):
    """Code list COD043: ``D`` debit (also for 0), ``C`` credit."""

    DEBET = "D"
    CREDIT = "C"


# --- basisschema complex types (children in the basisschema namespace) ----------------------

@attrs.frozen(kw_only=True)
class BerichtIdentificatie(Node):
    NS = "b"
    identificatie: str = attrs.field(metadata=x("Identificatie", ty.IDENTIFICATIE))
    dagtekening: dt.date = attrs.field(metadata=x("Dagtekening", ty.DATUM))


@attrs.frozen(kw_only=True)
class XsdVersie(Node):
    NS = "b"
    basisschema_xsd_versie: str = attrs.field(metadata=x("BasisschemaXsdVersie", ty.VERSIE))
    bericht_xsd_versie: str = attrs.field(metadata=x("BerichtXsdVersie", ty.VERSIE))


@attrs.frozen(kw_only=True)
class Geboortedatum(Node):
    NS = "b"
    datum: dt.date = attrs.field(metadata=x("Datum", ty.DATUM))
    datum_gebruik: str | None = attrs.field(default=None, metadata=x("DatumGebruik", ty.DATUM_GEBRUIK))


@attrs.frozen(kw_only=True)
class Achternaam(Node):
    NS = "b"
    achternaam: str = attrs.field(metadata=x("Achternaam", ty.NAAM))
    voorvoegsel: str | None = attrs.field(default=None, metadata=x("Voorvoegsel", ty.VOORVOEGSEL))


@attrs.frozen(kw_only=True)
class VolledigeNaam(Node):
    """``CDT_VolledigeNaam`` (301 client and relatie)."""

    NS = "b"
    geslachtsnaam: Achternaam = attrs.field(metadata=x("Geslachtsnaam", Achternaam))
    partnernaam: Achternaam | None = attrs.field(default=None, metadata=x("Partnernaam", Achternaam))
    voornamen: str | None = attrs.field(default=None, metadata=x("Voornamen", ty.NAAM))
    voorletters: str | None = attrs.field(default=None, metadata=x("Voorletters", ty.VOORLETTERS))
    naam_gebruik: str = attrs.field(metadata=x("NaamGebruik", ty.NAAMGEBRUIK))


@attrs.frozen(kw_only=True)
class VerkorteNaam(Node):
    """``CDT_VerkorteNaam`` (305, 307, 315 client)."""

    NS = "b"
    geslachtsnaam: Achternaam = attrs.field(metadata=x("Geslachtsnaam", Achternaam))
    voornamen: str | None = attrs.field(default=None, metadata=x("Voornamen", ty.NAAM))
    voorletters: str | None = attrs.field(default=None, metadata=x("Voorletters", ty.VOORLETTERS))


@attrs.frozen(kw_only=True)
class Communicatie(Node):
    NS = "b"
    vorm: str = attrs.field(metadata=x("Vorm", ty.COMMUNICATIEVORM))
    taal: str | None = attrs.field(default=None, metadata=x("Taal", ty.TAAL))


@attrs.frozen(kw_only=True)
class Huis(Node):
    NS = "b"
    huisnummer: int = attrs.field(metadata=x("Huisnummer", ty.HUISNUMMER))
    huisletter: str | None = attrs.field(default=None, metadata=x("Huisletter", ty.HUISLETTER))
    huisnummer_toevoeging: str | None = attrs.field(default=None, metadata=x("HuisnummerToevoeging", ty.TOEVOEGING))
    aanduiding_woonadres: str | None = attrs.field(default=None, metadata=x("AanduidingWoonadres", ty.AANDUIDING))


@attrs.frozen(kw_only=True)
class Adres(Node):
    NS = "b"
    huis: Huis | None = attrs.field(default=None, metadata=x("Huis", Huis))
    postcode: str | None = attrs.field(default=None, metadata=x("Postcode", ty.POSTCODE))
    straatnaam: str | None = attrs.field(default=None, metadata=x("Straatnaam", ty.STRAATNAAM))
    plaatsnaam: str | None = attrs.field(default=None, metadata=x("Plaatsnaam", ty.PLAATSNAAM))
    land_code: str | None = attrs.field(default=None, metadata=x("LandCode", ty.LANDCODE))


@attrs.frozen(kw_only=True)
class Telefoon(Node):
    NS = "b"
    telefoonnummer: str = attrs.field(metadata=x("Telefoonnummer", ty.TELEFOONNUMMER))
    landnummer: str = attrs.field(metadata=x("Landnummer", ty.LANDNUMMER))


@attrs.frozen(kw_only=True)
class Telefoonnummers(Node):
    NS = "b"
    telefoon01: Telefoon = attrs.field(metadata=x("Telefoon01", Telefoon))
    telefoon02: Telefoon | None = attrs.field(default=None, metadata=x("Telefoon02", Telefoon))


@attrs.frozen(kw_only=True)
class OpenPeriode(Node):
    NS = "b"
    begindatum: dt.date | None = attrs.field(default=None, metadata=x("Begindatum", ty.DATUM))
    einddatum: dt.date | None = attrs.field(default=None, metadata=x("Einddatum", ty.DATUM))


@attrs.frozen(kw_only=True)
class GeslotenPeriode(Node):
    NS = "b"
    begindatum: dt.date = attrs.field(metadata=x("Begindatum", ty.DATUM))
    einddatum: dt.date = attrs.field(metadata=x("Einddatum", ty.DATUM))


@attrs.frozen(kw_only=True)
class Product(Node):
    """``CDT_Product``: national category (WMO020 / JZ020) and (regional) product code."""

    NS = "b"
    categorie: str = attrs.field(metadata=x("Categorie", ty.CATEGORIE))
    code: str | None = attrs.field(default=None, metadata=x("Code", ty.PRODUCTCODE))


@attrs.frozen(kw_only=True)
class Omvang(Node):
    """Volume (whole number; eurocents with Eenheid 83), Eenheid and Frequentie."""

    NS = "b"
    volume: int = attrs.field(metadata=x("Volume", ty.VOLUME))
    eenheid: str = attrs.field(metadata=x("Eenheid", ty.EENHEID))
    frequentie: str = attrs.field(metadata=x("Frequentie", ty.FREQUENTIE))


@attrs.frozen(kw_only=True)
class Verwijzer(Node):
    NS = "b"
    type: str = attrs.field(metadata=x("Type", ty.TYPE_VERWIJZER))
    naam: str | None = attrs.field(default=None, metadata=x("Naam", ty.NAAM_VERWIJZER))
    zorgverlener_code: str | None = attrs.field(default=None, metadata=x("ZorgverlenerCode", ty.AGB))


@attrs.frozen(kw_only=True)
class Referentie(Node):
    NS = "b"
    referentie_nummer: str = attrs.field(metadata=x("ReferentieNummer", ty.REFERENTIENUMMER))
    vorig_referentie_nummer: str | None = attrs.field(default=None, metadata=x("VorigReferentieNummer", ty.REFERENTIENUMMER))


@attrs.frozen(kw_only=True)
class BedragMetDC(Node):
    """An amount in eurocents with its sign as D/C (``Money`` via :attr:`signed`)."""

    NS = "b"
    bedrag: int = attrs.field(metadata=x("Bedrag", ty.BEDRAG))
    debet_credit: str = attrs.field(metadata=x("DebetCredit", ty.DEBET_CREDIT))

    @property
    def signed(self) -> Money:
        return Money.cents(-self.bedrag if self.debet_credit == "C" else self.bedrag)

    @classmethod
    def of(cls, amount: Money) -> BedragMetDC:
        """An amount and its sign from signed money (0 is D, CS325)."""
        return cls(bedrag=abs(amount.amount_cents), debet_credit="C" if amount.amount_cents < 0 else "D")


@attrs.frozen(kw_only=True)
class TotaalBedragMetDC(Node):
    NS = "b"
    totaal_bedrag: int = attrs.field(metadata=x("TotaalBedrag", ty.TOTAALBEDRAG))
    debet_credit: str = attrs.field(metadata=x("DebetCredit", ty.DEBET_CREDIT))

    @property
    def signed(self) -> Money:
        return Money.cents(-self.totaal_bedrag if self.debet_credit == "C" else self.totaal_bedrag)

    @classmethod
    def of(cls, amount: Money) -> TotaalBedragMetDC:
        return cls(totaal_bedrag=abs(amount.amount_cents),
                   debet_credit="C" if amount.amount_cents < 0 else "D")


# --- headers ---------------------------------------------------------------------------------

@attrs.frozen(kw_only=True)
class Header(Node):
    """Header of a message the municipality sends (301, 319): Afzender is the gemeente
    (CBS code), Ontvanger the aanbieder (AGB code). BerichtCode, BerichtVersie (3) and
    BerichtSubversie (2) follow from the message and are written by the writer."""

    FIXED: ClassVar[bool] = True
    afzender: str = attrs.field(metadata=x("Afzender", ty.GEMEENTE))
    ontvanger: str = attrs.field(metadata=x("Ontvanger", ty.AGB))
    bericht_identificatie: BerichtIdentificatie = attrs.field(metadata=x("BerichtIdentificatie", BerichtIdentificatie))
    xsd_versie: XsdVersie = attrs.field(metadata=x("XsdVersie", XsdVersie))

    @property
    def dagtekening(self) -> dt.date:
        return self.bericht_identificatie.dagtekening


@attrs.frozen(kw_only=True)
class HeaderAanbieder(Node):
    """Header of a message the aanbieder sends (305, 307, 315, 317, 323): Afzender is the
    aanbieder (AGB code), Ontvanger the gemeente (CBS code)."""

    FIXED: ClassVar[bool] = True
    afzender: str = attrs.field(metadata=x("Afzender", ty.AGB))
    ontvanger: str = attrs.field(metadata=x("Ontvanger", ty.GEMEENTE))
    bericht_identificatie: BerichtIdentificatie = attrs.field(metadata=x("BerichtIdentificatie", BerichtIdentificatie))
    xsd_versie: XsdVersie = attrs.field(metadata=x("XsdVersie", XsdVersie))

    @property
    def dagtekening(self) -> dt.date:
        return self.bericht_identificatie.dagtekening


@attrs.frozen(kw_only=True)
class Header325(Node):
    """Header of the 325: the gemeente's own header plus the identification and XsdVersie
    of the answered 323 (TR337, TR371), an optional XsltVersie and the header's retourcodes."""

    FIXED: ClassVar[bool] = True
    afzender: str = attrs.field(metadata=x("Afzender", ty.GEMEENTE))
    ontvanger: str = attrs.field(metadata=x("Ontvanger", ty.AGB))
    bericht_identificatie: BerichtIdentificatie = attrs.field(metadata=x("BerichtIdentificatie", BerichtIdentificatie))
    xsd_versie: XsdVersie = attrs.field(metadata=x("XsdVersie", XsdVersie))
    declaratie_identificatie: BerichtIdentificatie = attrs.field(metadata=x("DeclaratieIdentificatie",
                                                         BerichtIdentificatie))
    xslt_versie: str | None = attrs.field(default=None, metadata=x("XsltVersie", ty.VERSIE))
    xsd_versie_declaratie: XsdVersie = attrs.field(metadata=x("XsdVersieDeclaratie", XsdVersie))
    retour_codes: tuple[str, ...] = attrs.field(converter=_tuple, metadata=x("RetourCodes", ty.RETOURCODE, item="RetourCode"))

    @property
    def dagtekening(self) -> dt.date:
        return self.bericht_identificatie.dagtekening


# --- 301 Toewijzing ----------------------------------------------------------------------------

@attrs.frozen(kw_only=True)
class Contact(Node):
    """Block C: an address (Soort COD757), organisation, telephone, e-mail, period."""

    soort: str = attrs.field(metadata=x("Soort", ty.ADRESSOORT))
    adres: Adres | None = attrs.field(default=None, metadata=x("Adres", Adres))
    organisatie: str | None = attrs.field(default=None, metadata=x("Organisatie", ty.ORGANISATIE))
    telefoon: Telefoonnummers | None = attrs.field(default=None, metadata=x("Telefoon", Telefoonnummers))
    emailadres: str | None = attrs.field(default=None, metadata=x("Emailadres", ty.EMAIL))
    periode: OpenPeriode | None = attrs.field(default=None, metadata=x("Periode", OpenPeriode))


@attrs.frozen(kw_only=True)
class Relatie(Node):
    nummer: str = attrs.field(metadata=x("Nummer", ty.PERSOONSID))
    volgorde: int | None = attrs.field(default=None, metadata=x("Volgorde", ty.VOLGORDE))
    soort: str = attrs.field(metadata=x("Soort", ty.SOORT_RELATIE))
    geboortedatum: Geboortedatum | None = attrs.field(default=None, metadata=x("Geboortedatum", Geboortedatum))
    geslacht: str | None = attrs.field(default=None, metadata=x("Geslacht", ty.GESLACHT))
    naam: VolledigeNaam = attrs.field(metadata=x("Naam", VolledigeNaam))
    contact: Contact = attrs.field(metadata=x("Contact", Contact))


@attrs.frozen(kw_only=True)
class ToegewezenProduct(Node):
    """One allocated product: ToewijzingNummer (unique per gemeente per law, TR332), the
    product (absent for a generic allocation), decision moment, validity, reason for a
    change, and volume (Omvang) or Budget (eurocents)."""

    toewijzing_nummer: int = attrs.field(metadata=x("ToewijzingNummer", ty.NUMMER))
    referentie_aanbieder: str | None = attrs.field(default=None, metadata=x("ReferentieAanbieder", ty.REFERENTIE))
    product: Product | None = attrs.field(default=None, metadata=x("Product", Product))
    toewijzingsdatum: dt.date = attrs.field(metadata=x("Toewijzingsdatum", ty.DATUM))
    toewijzingstijd: dt.time = attrs.field(metadata=x("Toewijzingstijd", ty.TIJD))
    ingangsdatum: dt.date = attrs.field(metadata=x("Ingangsdatum", ty.DATUM))
    einddatum: dt.date | None = attrs.field(default=None, metadata=x("Einddatum", ty.DATUM))
    reden_wijziging: str | None = attrs.field(default=None, metadata=x("RedenWijziging", ty.REDEN_WIJZIGING))
    omvang: Omvang | None = attrs.field(default=None, metadata=x("Omvang", Omvang))
    budget: int | None = attrs.field(default=None, metadata=x("Budget", ty.BUDGET))
    commentaar: str | None = attrs.field(default=None, metadata=x("Commentaar", ty.COMMENTAAR))


@attrs.frozen(kw_only=True)
class Client301(Node):
    bsn: str = attrs.field(metadata=x("Bsn", ty.BSN))
    geboortedatum: Geboortedatum = attrs.field(metadata=x("Geboortedatum", Geboortedatum))
    geslacht: str = attrs.field(metadata=x("Geslacht", ty.GESLACHT))
    naam: VolledigeNaam = attrs.field(metadata=x("Naam", VolledigeNaam))
    communicatie: Communicatie | None = attrs.field(default=None, metadata=x("Communicatie", Communicatie))
    juridische_status: str | None = attrs.field(default=None, metadata=x("JuridischeStatus", ty.JURIDISCHE_STATUS))
    wettelijke_vertegenwoordiging: str | None = attrs.field(default=None, metadata=x("WettelijkeVertegenwoordiging",
                                                    ty.VERTEGENWOORDIGING))
    commentaar: str | None = attrs.field(default=None, metadata=x("Commentaar", ty.COMMENTAAR))
    relaties: tuple[Relatie, ...] = attrs.field(default=(), converter=_tuple, metadata=x("Relaties", Relatie, item="Relatie"))
    contactgegevens: tuple[Contact, ...] = attrs.field(converter=_tuple, metadata=x("Contactgegevens", Contact, item="Contact"))
    toegewezen_producten: tuple[ToegewezenProduct, ...] = attrs.field(converter=_tuple, metadata=x("ToegewezenProducten", ToegewezenProduct, item="ToegewezenProduct"))


class Message(Node):
    """Base of the root classes. ``KIND`` is the message number (``"301"``); ``standard``
    says iWmo or iJw."""

    KIND: ClassVar[str] = ""
    standard: Standard
    header: Any

    @property
    def bericht_code(self) -> str:
        return ty.BERICHT_CODES[(self.standard, self.KIND)]

    @property
    def name(self) -> str:
        """``WMO301`` or ``JW301``."""
        return f"{self.standard.prefix.upper()}{self.KIND}"


@attrs.frozen(kw_only=True)
class Toewijzing(Message):
    """301: the gemeente assigns (changes, withdraws) products of one client to an aanbieder."""

    KIND = "301"
    standard: Standard = attrs.field(validator=attrs.validators.instance_of(Standard))
    header: Header = attrs.field(metadata=x("Header", Header))
    client: Client301 = attrs.field(metadata=x("Client", Client301))


# --- 305 / 307 -------------------------------------------------------------------------------------

@attrs.frozen(kw_only=True)
class StartProduct(Node):
    """Logical key: ToewijzingNummer, Product, Begindatum. StatusAanlevering 1 (new) or 3
    (delete an earlier one, CS058)."""

    toewijzing_nummer: int | None = attrs.field(default=None, metadata=x("ToewijzingNummer", ty.NUMMER))
    product: Product | None = attrs.field(default=None, metadata=x("Product", Product))
    toewijzing_ingangsdatum: dt.date | None = attrs.field(default=None, metadata=x("ToewijzingIngangsdatum", ty.DATUM))
    begindatum: dt.date = attrs.field(metadata=x("Begindatum", ty.DATUM))
    status_aanlevering: str = attrs.field(metadata=x("StatusAanlevering", ty.STATUS))


@attrs.frozen(kw_only=True)
class Client305(Node):
    bsn: str = attrs.field(metadata=x("Bsn", ty.BSN))
    geboortedatum: Geboortedatum = attrs.field(metadata=x("Geboortedatum", Geboortedatum))
    geslacht: str = attrs.field(metadata=x("Geslacht", ty.GESLACHT))
    naam: VerkorteNaam = attrs.field(metadata=x("Naam", VerkorteNaam))
    start_producten: tuple[StartProduct, ...] = attrs.field(converter=_tuple, metadata=x("StartProducten", StartProduct, item="StartProduct"))


@attrs.frozen(kw_only=True)
class StartZorg(Message):
    """305: the aanbieder reports that delivery started."""

    KIND = "305"
    standard: Standard = attrs.field(validator=attrs.validators.instance_of(Standard))
    header: HeaderAanbieder = attrs.field(metadata=x("Header", HeaderAanbieder))
    client: Client305 = attrs.field(metadata=x("Client", Client305))


@attrs.frozen(kw_only=True)
class StopProduct(Node):
    """Logical key: ToewijzingNummer, Product, Begindatum, RedenBeeindiging, Einddatum.
    Einddatum is the last day of care; reason 20 is a temporary stop."""

    toewijzing_nummer: int | None = attrs.field(default=None, metadata=x("ToewijzingNummer", ty.NUMMER))
    product: Product | None = attrs.field(default=None, metadata=x("Product", Product))
    toewijzing_ingangsdatum: dt.date | None = attrs.field(default=None, metadata=x("ToewijzingIngangsdatum", ty.DATUM))
    begindatum: dt.date = attrs.field(metadata=x("Begindatum", ty.DATUM))
    reden_beeindiging: str = attrs.field(metadata=x("RedenBeeindiging", ty.REDEN_BEEINDIGING))
    einddatum: dt.date = attrs.field(metadata=x("Einddatum", ty.DATUM))
    status_aanlevering: str = attrs.field(metadata=x("StatusAanlevering", ty.STATUS))

    @property
    def temporary(self) -> bool:
        """Reason 20: delivery is expected to resume."""
        return self.reden_beeindiging == "20"


@attrs.frozen(kw_only=True)
class Client307(Node):
    bsn: str = attrs.field(metadata=x("Bsn", ty.BSN))
    geboortedatum: Geboortedatum = attrs.field(metadata=x("Geboortedatum", Geboortedatum))
    geslacht: str = attrs.field(metadata=x("Geslacht", ty.GESLACHT))
    naam: VerkorteNaam = attrs.field(metadata=x("Naam", VerkorteNaam))
    stop_producten: tuple[StopProduct, ...] = attrs.field(converter=_tuple, metadata=x("StopProducten", StopProduct, item="StopProduct"))


@attrs.frozen(kw_only=True)
class StopZorg(Message):
    """307: the aanbieder reports that delivery stopped (for good or temporarily)."""

    KIND = "307"
    standard: Standard = attrs.field(validator=attrs.validators.instance_of(Standard))
    header: HeaderAanbieder = attrs.field(metadata=x("Header", HeaderAanbieder))
    client: Client307 = attrs.field(metadata=x("Client", Client307))


# --- 315 / 317 / 319 -------------------------------------------------------------------------------

@attrs.frozen(kw_only=True)
class AangevraagdProduct(Node):
    referentie_aanbieder: str = attrs.field(metadata=x("ReferentieAanbieder", ty.REFERENTIE))
    beschikking_nummer: int | None = attrs.field(default=None, metadata=x("BeschikkingNummer", ty.NUMMER))
    product: Product | None = attrs.field(default=None, metadata=x("Product", Product))
    beschikking_ingangsdatum: dt.date | None = attrs.field(default=None, metadata=x("BeschikkingIngangsdatum", ty.DATUM))
    toewijzing_ingangsdatum: dt.date = attrs.field(metadata=x("ToewijzingIngangsdatum", ty.DATUM))
    toewijzing_einddatum: dt.date | None = attrs.field(default=None, metadata=x("ToewijzingEinddatum", ty.DATUM))
    omvang: Omvang | None = attrs.field(default=None, metadata=x("Omvang", Omvang))
    budget: int | None = attrs.field(default=None, metadata=x("Budget", ty.BUDGET))
    verwijzer: Verwijzer = attrs.field(metadata=x("Verwijzer", Verwijzer))
    raamcontract: str | None = attrs.field(default=None, metadata=x("Raamcontract", ty.JA_NEE))
    commentaar: str | None = attrs.field(default=None, metadata=x("Commentaar", ty.COMMENTAAR))


@attrs.frozen(kw_only=True)
class Client315(Node):
    bsn: str = attrs.field(metadata=x("Bsn", ty.BSN))
    geboortedatum: Geboortedatum = attrs.field(metadata=x("Geboortedatum", Geboortedatum))
    geslacht: str = attrs.field(metadata=x("Geslacht", ty.GESLACHT))
    naam: VerkorteNaam = attrs.field(metadata=x("Naam", VerkorteNaam))
    gezagsdrager_bekend: str | None = attrs.field(default=None, metadata=x("GezagsdragerBekend", ty.JA_NEE, only=Standard.IJW))
    commentaar: str | None = attrs.field(default=None, metadata=x("Commentaar", ty.COMMENTAAR))
    aangevraagde_producten: tuple[AangevraagdProduct, ...] = attrs.field(converter=_tuple, metadata=x("AangevraagdeProducten", AangevraagdProduct, item="AangevraagdProduct"))


@attrs.frozen(kw_only=True)
class VerzoekOmToewijzing(Message):
    """315: the aanbieder asks for a toewijzing (VOT)."""

    KIND = "315"
    standard: Standard = attrs.field(validator=attrs.validators.instance_of(Standard))
    header: HeaderAanbieder = attrs.field(metadata=x("Header", HeaderAanbieder))
    client: Client315 = attrs.field(metadata=x("Client", Client315))


@attrs.frozen(kw_only=True)
class OngewijzigdProduct(Node):
    toewijzing_nummer: int = attrs.field(metadata=x("ToewijzingNummer", ty.NUMMER))


@attrs.frozen(kw_only=True)
class TeWijzigenProduct(Node):
    toewijzing_nummer: int = attrs.field(metadata=x("ToewijzingNummer", ty.NUMMER))
    gewenste_ingangsdatum: dt.date = attrs.field(metadata=x("GewensteIngangsdatum", ty.DATUM))
    einddatum: dt.date | None = attrs.field(default=None, metadata=x("Einddatum", ty.DATUM))
    omvang: Omvang | None = attrs.field(default=None, metadata=x("Omvang", Omvang))
    budget: int | None = attrs.field(default=None, metadata=x("Budget", ty.BUDGET))


@attrs.frozen(kw_only=True)
class NieuwProduct(Node):
    product: Product | None = attrs.field(default=None, metadata=x("Product", Product))
    gewenste_ingangsdatum: dt.date = attrs.field(metadata=x("GewensteIngangsdatum", ty.DATUM))
    einddatum: dt.date | None = attrs.field(default=None, metadata=x("Einddatum", ty.DATUM))
    omvang: Omvang | None = attrs.field(default=None, metadata=x("Omvang", Omvang))
    budget: int | None = attrs.field(default=None, metadata=x("Budget", ty.BUDGET))


@attrs.frozen(kw_only=True)
class Verzoek(Node):
    referentie_aanbieder: str = attrs.field(metadata=x("ReferentieAanbieder", ty.REFERENTIE))
    reden_verzoek: str = attrs.field(metadata=x("RedenVerzoek", ty.REDEN_VERZOEK))
    ongewijzigde_producten: tuple[OngewijzigdProduct, ...] = attrs.field(default=(), converter=_tuple, metadata=x("OngewijzigdeProducten", OngewijzigdProduct, item="OngewijzigdProduct"))
    te_wijzigen_producten: tuple[TeWijzigenProduct, ...] = attrs.field(default=(), converter=_tuple, metadata=x("TeWijzigenProducten", TeWijzigenProduct, item="TeWijzigenProduct"))
    nieuwe_producten: tuple[NieuwProduct, ...] = attrs.field(default=(), converter=_tuple, metadata=x("NieuweProducten", NieuwProduct, item="NieuwProduct"))


@attrs.frozen(kw_only=True)
class Client317(Node):
    bsn: str = attrs.field(metadata=x("Bsn", ty.BSN))
    verzoek: Verzoek = attrs.field(metadata=x("Verzoek", Verzoek))


@attrs.frozen(kw_only=True)
class VerzoekOmWijziging(Message):
    """317: the aanbieder asks to change the client's package (VOW), as a whole."""

    KIND = "317"
    standard: Standard = attrs.field(validator=attrs.validators.instance_of(Standard))
    header: HeaderAanbieder = attrs.field(metadata=x("Header", HeaderAanbieder))
    client: Client317 = attrs.field(metadata=x("Client", Client317))


@attrs.frozen(kw_only=True)
class Woonplaatsbeginsel(Node):
    gemeente: str = attrs.field(metadata=x("Gemeente", ty.GEMEENTE))


@attrs.frozen(kw_only=True)
class Antwoord(Node):
    """A rejection (VerzoekAntwoord 1, with a reason) or "in onderzoek" (2, no reason);
    iJw only: the responsible gemeente with reason 8 (woonplaatsbeginsel)."""

    referentie_aanbieder: str = attrs.field(metadata=x("ReferentieAanbieder", ty.REFERENTIE))
    verzoek_antwoord: str = attrs.field(metadata=x("VerzoekAntwoord", ty.VERZOEK_ANTWOORD))
    reden_afwijzing_verzoek: str | None = attrs.field(default=None, metadata=x("RedenAfwijzingVerzoek", ty.REDEN_AFWIJZING))
    woonplaatsbeginsel: Woonplaatsbeginsel | None = attrs.field(default=None, metadata=x("Woonplaatsbeginsel", Woonplaatsbeginsel,
                                                        only=Standard.IJW))


@attrs.frozen(kw_only=True)
class Antwoord319(Message):
    """319: the gemeente rejects a 315/317 or takes it "in onderzoek" (approval is a 301)."""

    KIND = "319"
    standard: Standard = attrs.field(validator=attrs.validators.instance_of(Standard))
    header: Header = attrs.field(metadata=x("Header", Header))
    antwoord: Antwoord = attrs.field(metadata=x("Antwoord", Antwoord))


# --- 323 / 325 -------------------------------------------------------------------------------------

@attrs.frozen(kw_only=True)
class Prestatie(Node):
    """One declaration line: reference (and the credited line's reference), allocation,
    product, period (one calendar month at most), delivered volume in its unit, tariff
    (eurocents; absent for Eenheid 83) and the amount with D/C."""

    product_referentie: Referentie = attrs.field(metadata=x("ProductReferentie", Referentie))
    toewijzing_nummer: int = attrs.field(metadata=x("ToewijzingNummer", ty.NUMMER))
    product_categorie: str = attrs.field(metadata=x("ProductCategorie", ty.CATEGORIE))
    product_code: str = attrs.field(metadata=x("ProductCode", ty.PRODUCTCODE))
    product_periode: GeslotenPeriode = attrs.field(metadata=x("ProductPeriode", GeslotenPeriode))
    geleverd_volume: int = attrs.field(metadata=x("GeleverdVolume", ty.VOLUME))
    eenheid: str = attrs.field(metadata=x("Eenheid", ty.EENHEID))
    product_tarief: int | None = attrs.field(default=None, metadata=x("ProductTarief", ty.BEDRAG))
    ingediend_bedrag: BedragMetDC = attrs.field(metadata=x("IngediendBedrag", BedragMetDC))


@attrs.frozen(kw_only=True)
class Client323(Node):
    bsn: str = attrs.field(metadata=x("Bsn", ty.BSN))
    prestaties: tuple[Prestatie, ...] = attrs.field(converter=_tuple, metadata=x("Prestaties", Prestatie, item="Prestatie"))


@attrs.frozen(kw_only=True)
class DeclaratieKlasse(Node):
    declaratie_nummer: str = attrs.field(metadata=x("DeclaratieNummer", ty.DECLARATIENUMMER))
    declaratie_periode: GeslotenPeriode = attrs.field(metadata=x("DeclaratiePeriode", GeslotenPeriode))
    declaratie_dagtekening: dt.date = attrs.field(metadata=x("DeclaratieDagtekening", ty.DATUM))
    totaal_ingediend_bedrag: TotaalBedragMetDC = attrs.field(metadata=x("TotaalIngediendBedrag", TotaalBedragMetDC))
    clienten: tuple[Client323, ...] = attrs.field(converter=_tuple, metadata=x("Clienten", Client323, item="Client"))


@attrs.frozen(kw_only=True)
class Declaratie(Message):
    """323: the aanbieder's monthly declaration."""

    KIND = "323"
    standard: Standard = attrs.field(validator=attrs.validators.instance_of(Standard))
    header: HeaderAanbieder = attrs.field(metadata=x("Header", HeaderAanbieder))
    declaratie: DeclaratieKlasse = attrs.field(metadata=x("Declaratie", DeclaratieKlasse))

    def prestaties(self) -> Iterator[tuple[str, Prestatie]]:
        """Every line with its client's BSN."""
        for client in self.declaratie.clienten:
            for line in client.prestaties:
                yield client.bsn, line


@attrs.frozen(kw_only=True)
class Prestatie325(Node):
    """A rejected line, copied from the 323, with its retourcodes."""

    product_referentie: Referentie = attrs.field(metadata=x("ProductReferentie", Referentie))
    toewijzing_nummer: int = attrs.field(metadata=x("ToewijzingNummer", ty.NUMMER))
    product_categorie: str = attrs.field(metadata=x("ProductCategorie", ty.CATEGORIE))
    product_code: str = attrs.field(metadata=x("ProductCode", ty.PRODUCTCODE))
    product_periode: GeslotenPeriode = attrs.field(metadata=x("ProductPeriode", GeslotenPeriode))
    geleverd_volume: int = attrs.field(metadata=x("GeleverdVolume", ty.VOLUME))
    eenheid: str = attrs.field(metadata=x("Eenheid", ty.EENHEID))
    product_tarief: int | None = attrs.field(default=None, metadata=x("ProductTarief", ty.BEDRAG))
    ingediend_bedrag: BedragMetDC = attrs.field(metadata=x("IngediendBedrag", BedragMetDC))
    retour_codes: tuple[str, ...] = attrs.field(converter=_tuple, metadata=x("RetourCodes", ty.RETOURCODE, item="RetourCode"))

    @classmethod
    def of(cls, line: Prestatie, codes: tuple[str, ...]) -> Prestatie325:
        """A 323 line rejected with ``codes``."""
        return cls(**{a.name: getattr(line, a.name) for a in attrs.fields(Prestatie)},
                   retour_codes=codes)


@attrs.frozen(kw_only=True)
class Client325(Node):
    bsn: str = attrs.field(metadata=x("Bsn", ty.BSN))
    prestaties: tuple[Prestatie325, ...] = attrs.field(converter=_tuple, metadata=x("Prestaties", Prestatie325, item="Prestatie"))
    retour_codes: tuple[str, ...] = attrs.field(converter=_tuple, metadata=x("RetourCodes", ty.RETOURCODE, item="RetourCode"))


@attrs.frozen(kw_only=True)
class DeclaratieAntwoordKlasse(Node):
    declaratie_nummer: str = attrs.field(metadata=x("DeclaratieNummer", ty.IDENTIFICATIE_DECLARATIE))
    totaal_ingediend_bedrag: TotaalBedragMetDC = attrs.field(metadata=x("TotaalIngediendBedrag", TotaalBedragMetDC))
    totaal_toegekend_bedrag: TotaalBedragMetDC = attrs.field(metadata=x("TotaalToegekendBedrag", TotaalBedragMetDC))
    clienten: tuple[Client325, ...] = attrs.field(default=(), converter=_tuple, metadata=x("Clienten", Client325, item="Client"))
    retour_codes: tuple[str, ...] = attrs.field(converter=_tuple, metadata=x("RetourCodes", ty.RETOURCODE, item="RetourCode"))


@attrs.frozen(kw_only=True)
class DeclaratieAntwoord(Message):
    """325: the gemeente's answer to a 323 (only rejected lines are listed, TR342)."""

    KIND = "325"
    standard: Standard = attrs.field(validator=attrs.validators.instance_of(Standard))
    header: Header325 = attrs.field(metadata=x("Header", Header325))
    declaratie_antwoord: DeclaratieAntwoordKlasse | None = attrs.field(default=None, metadata=x("DeclaratieAntwoord",
                                                               DeclaratieAntwoordKlasse))


# --- retour (302, 306, 308, 316, 318, 320) --------------------------------------------------------

RETOUR_OF = {"301": "302", "305": "306", "307": "308", "315": "316", "317": "318", "319": "320"}
"""The retour message of each heen-bericht."""


_PARTY = ty.text("LDT_Gemeente of LDT_AgbCode", 8, pattern="[0-9]{4}|[0-9]{8}", rule="XSD",
                pattern_text="a gemeente (4 digits) or AGB code (8 digits)")


@attrs.frozen(kw_only=True)
class RetourHeader(Node):
    """The heen-bericht's header, copied (its BerichtCode replaced by the retour's), with
    IdentificatieRetour, DagtekeningRetour, XsltVersie, XsdVersieRetour and the header's
    retourcodes (IV028). Afzender and Ontvanger keep the roles of the heen-bericht."""

    FIXED: ClassVar[bool] = True
    afzender: str = attrs.field(metadata=x("Afzender", _PARTY))
    ontvanger: str = attrs.field(metadata=x("Ontvanger", _PARTY))
    bericht_identificatie: BerichtIdentificatie = attrs.field(metadata=x("BerichtIdentificatie", BerichtIdentificatie))
    xsd_versie: XsdVersie = attrs.field(metadata=x("XsdVersie", XsdVersie))
    identificatie_retour: str = attrs.field(metadata=x("IdentificatieRetour", ty.IDENTIFICATIE))
    dagtekening_retour: dt.date = attrs.field(metadata=x("DagtekeningRetour", ty.DATUM))
    xslt_versie: str | None = attrs.field(default=None, metadata=x("XsltVersie", ty.VERSIE))
    xsd_versie_retour: XsdVersie = attrs.field(metadata=x("XsdVersieRetour", XsdVersie))
    retour_codes: tuple[str, ...] = attrs.field(default=(), converter=_tuple, metadata=x("RetourCodes", ty.RETOURCODE, item="RetourCode"))

    @property
    def dagtekening(self) -> dt.date:
        return self.dagtekening_retour


@attrs.frozen(kw_only=True)
class Retour(Message):
    """The retour form (302, 306, 308, 316, 318, 320) of a 301, 305, 307, 315, 317 or 319.

    No remarks: the header only, without retourcodes. An in-message rule broken (level 2):
    the header only, with ``0001`` (and the XsltVersie). This form carries the header only;
    echoing the rejected classes of a client (level 3 and 4 checks against earlier messages)
    is not written yet.
    """

    KIND = "retour"
    standard: Standard = attrs.field(validator=attrs.validators.instance_of(Standard))
    kind: str = attrs.field()
    header: RetourHeader = attrs.field(metadata=x("Header", RetourHeader))

    @kind.validator
    def _kind(self, _a: object, value: str) -> None:
        if value not in RETOUR_OF.values():
            raise MessageError(f"Retour.kind: {value!r} is not a retour message "
                               f"({', '.join(RETOUR_OF.values())})", rule="XSD")

    @property
    def bericht_code(self) -> str:
        return ty.BERICHT_CODES[(self.standard, self.kind)]

    @property
    def name(self) -> str:
        return f"{self.standard.prefix.upper()}{self.kind}"

    @classmethod
    def of(cls, message: Message, *, identificatie: str, dagtekening: dt.date,
           retour_codes: tuple[str, ...] = (), xslt_versie: str | None = None,
           xsd_versie: XsdVersie | None = None) -> Retour:
        """The retour of ``message``: its header copied, with ``retour_codes`` on the header."""
        if message.KIND not in RETOUR_OF:
            raise MessageError(f"a {message.KIND} has no retour message (only "
                               f"{', '.join(RETOUR_OF)})", rule="XSD")
        heen = message.header
        versie = xsd_versie or XsdVersie(basisschema_xsd_versie=ty.XSD_VERSIE[message.standard],
                                         bericht_xsd_versie=ty.XSD_VERSIE[message.standard])
        return cls(standard=message.standard, kind=RETOUR_OF[message.KIND], header=RetourHeader(
            afzender=heen.afzender, ontvanger=heen.ontvanger,
            bericht_identificatie=heen.bericht_identificatie, xsd_versie=heen.xsd_versie,
            identificatie_retour=identificatie, dagtekening_retour=dagtekening,
            xslt_versie=xslt_versie, xsd_versie_retour=versie, retour_codes=retour_codes))


MESSAGE_CLASSES: dict[str, type[Message]] = {
    c.KIND: c for c in (Toewijzing, StartZorg, StopZorg, VerzoekOmToewijzing,
                        VerzoekOmWijziging, Antwoord319, Declaratie, DeclaratieAntwoord)
}
"""The class of each message number."""
