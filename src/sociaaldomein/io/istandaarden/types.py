"""Simple types, code lists and facets of iWmo 3.2 and iJw 3.2.

Each ``LDT_`` type of the basisschema is a :class:`Simple` with its exact facets (length,
pattern, range, enumeration) and the restriction rule (``RS...``) that names it. The same
object checks a Python value (message classes, writer) and a text read from XML (reader),
so both sides refuse the same things.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterable

import attrs

from sociaaldomein.errors import InvalidInput, InvalidValue

__all__ = [
    "BERICHT_CODES",
    "CODE_LISTS",
    "RETOUR_CODES",
    "MessageError",
    "Simple",
    "Standard",
    "UnreadableMessage",
]


class Standard(enum.Enum):
    """The standard of a message: iWmo for Wmo 2015 clients, iJw for Jeugdwet clients."""

    IWMO = "iwmo"
    IJW = "ijw"

    @property
    def prefix(self) -> str:
        """The message prefix in namespaces and names: ``wmo`` or ``jw``."""
        return "wmo" if self is Standard.IWMO else "jw"

    @property
    def label(self) -> str:
        return "iWmo" if self is Standard.IWMO else "iJw"

    def namespace(self, kind: str) -> str:
        """The namespace of message ``kind`` (``"301"``) or of the ``"basisschema"``."""
        if kind == "basisschema":
            return f"http://www.istandaarden.nl/{self.value}/3_2/basisschema/schema"
        return f"http://www.istandaarden.nl/{self.value}/3_2/{self.prefix}{kind}/schema"


class MessageError(InvalidValue):
    """A message that breaks the standard: a facet (``RS...``) or an in-message rule (``CD``,
    ``CS``, ``TR``). ``rule`` names the first rule broken, ``breaches`` lists them all."""

    code = "SD-150"

    def __init__(self, message: str, *, rule: str = "", breaches: tuple[object, ...] = ()) -> None:
        super().__init__(message)
        self.rule = rule
        self.breaches = breaches


class UnreadableMessage(InvalidInput):
    """Input that is not a message at all: not bytes, too large, not UTF-8/UTF-16, not
    well-formed XML, or with a document type declaration (refused in any encoding)."""

    code = "SD-210"


BERICHT_CODES: dict[tuple[Standard, str], str] = {}
"""BerichtCode (COD002) per standard and message number: ``(IWMO, "301") -> "414"``."""
for _kind, _wmo, _jw in (
    ("301", "414", "436"), ("302", "415", "437"), ("305", "418", "438"), ("306", "419", "439"),
    ("307", "420", "440"), ("308", "421", "441"), ("315", "444", "446"), ("316", "445", "447"),
    ("317", "480", "486"), ("318", "481", "487"), ("319", "482", "488"), ("320", "483", "489"),
    ("323", "484", "490"), ("325", "485", "491"),
):
    BERICHT_CODES[(Standard.IWMO, _kind)] = _wmo
    BERICHT_CODES[(Standard.IJW, _kind)] = _jw

XSD_VERSIE: dict[Standard, str] = {Standard.IWMO: "1.0.0", Standard.IJW: "1.0.0"}
"""The XsdVersie written by default (IV034). The iJw XSD copies say 0.1.0 and the iJw
examples 1.0.0 (README conflict 1); both pass RS048."""


def _codes(*pairs: tuple[str, str]) -> dict[str, str]:
    return dict(pairs)


CODE_LISTS: dict[str, dict[str, str]] = {
    "WJ756": _codes(("01", "Minuut"), ("04", "Uur"), ("14", "Etmaal"), ("16", "Dagdeel (4 uur)"),
                    ("82", "Stuks (output)"), ("83", "Euro's"), ("84", "Stuks (inspanning)")),
    "WMO757": _codes(("1", "Per dag"), ("2", "Per week"), ("4", "Per maand"),
                     ("6", "Totaal binnen geldigheidsduur toewijzing")),
    "WMO020": _codes(
        ("01", "Hulp bij het huishouden"), ("02", "Begeleiding"), ("03", "Persoonlijke verzorging"),
        ("04", "Kortdurend verblijf"), ("05", "Woondiensten"),
        ("06", "Overige ondersteuning gericht op het individu of huishouden/gezin"),
        ("07", "Dagbesteding"), ("08", "Vervoerdiensten"), ("09", "Overige groepsgerichte ondersteuning"),
        ("10", "Overige maatwerk arrangementen"), ("11", "Rolstoelen"), ("12", "Vervoervoorzieningen"),
        ("13", "Woonvoorzieningen"), ("14", "Overige hulpmiddelen"), ("15", "Beschermd wonen"),
        ("16", "Opvang"), ("17", "Spoedopvang"), ("18", "Overige beschermd wonen en opvang")),
    "JZ020": _codes(
        ("31", "(2015) Zonder verblijf: uitgevoerd door wijk- of buurtteam"),
        ("32", "(2015) Zonder verblijf: ambulante jeugdhulp op locatie van de aanbieder"),
        ("33", "(2015) Zonder verblijf: daghulp op locatie van de aanbieder"),
        ("34", "(2015) Zonder verblijf: jeugdhulp in het netwerk van de jeugdige"),
        ("35", "(2015) Met verblijf: pleegzorg"), ("36", "(2015) Met verblijf: gezinsgericht"),
        ("37", "(2015) Met verblijf: gesloten plaatsing"), ("38", "(2015) Met verblijf: overig residentieel"),
        ("40", "Persoonlijke verzorging"), ("41", "Dagbehandeling"), ("42", "Vervoerdiensten"),
        ("43", "Jeugdhulp verblijf (incl. behandeling)"), ("44", "Jeugdhulp verblijf (excl. behandeling)"),
        ("45", "Jeugdhulp ambulant"), ("46", "Jeugdhulp crisis"), ("47", "Jeugdreclassering"),
        ("48", "Jeugdbescherming"), ("49", "Activiteiten in het preventief justitieel kader"),
        ("50", "Maatwerkarrangementen jeugd"), ("51", "Generalistische basis-ggz"),
        ("52", "Specialistische ggz"), ("53", "Kindergeneeskunde"), ("54", "Jeugd-ggz"),
        ("55", "Landelijk ingekochte zorg")),
    "WMO002": _codes(
        ("01", "Administratieve correctie (vervallen)"), ("02", "Client overleden"),
        ("03", "Contractwijziging"), ("04", "Herbeoordeling: verlenging toewijzing"),
        ("05", "Herbeoordeling: verkorting toewijzing"), ("06", "Uitstroom naar ander domein"),
        ("07", "Verhuizing naar een andere gemeente"), ("08", "Wijziging leveringsvorm"),
        ("09", "Overstap naar andere aanbieder"), ("10", "Overgang naar nieuwe bekostigingssystematiek"),
        ("11", "Gemeentelijke herindeling"), ("12", "Geinitieerd door de aanbieder"),
        ("13", "Verwijderd"), ("14", "Administratieve correctie")),
    "WMO588": _codes(
        ("02", "Overlijden"), ("19", "Levering volgens plan beeindigd"),
        ("20", "Levering is tijdelijk beeindigd"), ("21", "Levering is eenzijdig door client beeindigd"),
        ("22", "Levering is eenzijdig door aanbieder beeindigd"),
        ("23", "Levering is in overeenstemming voortijdig beeindigd"),
        ("31", "Verhuizing naar een andere gemeente"), ("36", "Geinitieerd door de gemeente"),
        ("37", "In verband met wijzigingsverzoek"), ("38", "Overstap naar andere aanbieder"),
        ("39", "Uitstroom naar ander domein")),
    "JZ588": _codes(
        ("02", "Overlijden"), ("20", "Levering is tijdelijk beeindigd."),
        ("31", "Levering is volgens plan beeindigd."),
        ("32", "Voortijdig afgesloten: eenzijdig door de client."),
        ("33", "Voortijdig afgesloten: eenzijdig door de aanbieder."),
        ("34", "Voortijdig afgesloten: in overeenstemming."),
        ("35", "Voortijdig afgesloten: wegens externe omstandigheden."),
        ("36", "Geinitieerd door de gemeente"), ("37", "In verband met wijzigingsverzoek"),
        ("38", "Overstap naar andere aanbieder"), ("39", "Uitstroom naar ander domein")),
    "COD467": _codes(("1", "Eerste aanlevering"), ("2", "Gewijzigde aanlevering"),
                     ("3", "Verwijderen aanlevering"), ("9", "Niet van toepassing (ongewijzigd)")),
    "COD046": _codes(("0", "Onbekend"), ("1", "Mannelijk"), ("2", "Vrouwelijk")),
    "COD700": _codes(("1", "Eigen naam"), ("2", "Naam echtgenoot of geregistreerd partner of alternatieve naam"),
                     ("3", "Naam echtgenoot of geregistreerd partner gevolgd door eigen naam"),
                     ("4", "Eigen naam gevolgd door naam echtgenoot of geregistreerd partner"),
                     ("5", "Pseudoniem"), ("6", "Niet-natuurlijk persoon")),
    "COD757": _codes(("01", "BRP-adres"), ("02", "Correspondentie-adres"), ("03", "Verblijfadres"),
                     ("04", "Tijdelijk verblijfadres")),
    "COD747": _codes(("1", "Tolk taal"), ("2", "Doventolk"), ("3", "Doofblindentolk")),
    "WJ232": _codes(("01", "Rechterlijke machtiging voorlopig / voortgezette machtiging"),
                    ("02", "RM op eigen verzoek"), ("03", "RM met voorwaardelijk ontslag"),
                    ("04", "Onder toezichtstelling (ots)"), ("05", "In bewaring stelling (ibs)"),
                    ("11", "Strafrechterlijke justitiele contacten: tbs"),
                    ("12", "Strafrechterlijke justitiele contacten: overig")),
    "WJ003": _codes(("06", "Voogdij"), ("07", "Bewindvoering"), ("08", "Mentorschap"),
                    ("09", "Onder curatele stelling"), ("10", "Zaakwaarneming")),
    "COD472": _codes(
        ("03", "Curator (juridisch)"), ("04", "Financieel (gemachtigd)"), ("05", "Financieel (toetsing)"),
        ("06", "Leefeenheid"), ("07", "Hulpverlener"), ("08", "Specialist"), ("09", "Anders"),
        ("10", "Ouder"), ("11", "Voogd"), ("12", "Partner/echtgeno(o)t(e)"), ("13", "Pleegouder"),
        ("14", "Bewindvoerder"), ("15", "Mentor"), ("16", "Zoon/dochter"), ("17", "Familielid"),
        ("18", "Gezinslid"), ("19", "Buur"), ("20", "Vriend(in)/kennis"), ("21", "Clientondersteuner"),
        ("22", "Huisarts"), ("23", "Erven van"), ("24", "Werkgever"), ("25", "Wijkcoach")),
    "COD327": _codes(("01", "Gemeente"), ("02", "Huisarts"), ("03", "Jeugdarts"),
                     ("04", "Gecertificeerde instelling"), ("05", "Medisch specialist"),
                     ("06", "Zelfverwijzer/geen verwijzer"),
                     ("08", "Rechter, Officier van Justitie, functionaris Justitiele jeugdinrichting")),
    "WJ758": _codes(("1", "Verandering clientsituatie"), ("2", "Wijziging zorgplan")),
    "WJ759": _codes(("1", "Geen wijziging, maar nieuwe aanvraag"), ("2", "Past niet binnen budget"),
                    ("3", "Geen contract"), ("4", "Past niet binnen contract"), ("5", "Andere gemeente"),
                    ("6", "Stapeling"), ("7", "Zorginhoudelijke afkeur"), ("8", "Woonplaatsbeginsel"),
                    ("9", "Leeftijdsgrens is bereikt")),
    "WJ760": _codes(("1", "Verzoek afgewezen"), ("2", "Aanvraag in onderzoek")),
    "COD043": _codes(("C", "Creditbedrag en aantal"), ("D", "Debetbedrag en aantal")),
    "COD170": _codes(("1", "dag onbekend; alleen maand en jaar gebruiken"),
                     ("2", "dag en maand onbekend; alleen jaar gebruiken"),
                     ("3", "dag, maand en jaar onbekend; onbekende datum")),
    "COD260": _codes(("1", "Ja"), ("2", "Nee")),
    "NUM061": _codes(("AB", "Aan boord"), ("BY", "Bij"), ("TO", "Tegenover"), ("WW", "Woonwagen")),
}
"""The code lists with their official (Dutch) labels, by list identifier."""

RETOUR_CODES: dict[str, str] = {
    "0001": "Bericht is afgekeurd om technische redenen",
    "0200": "Geen opmerkingen over deze klasse",
    "0233": "Klasse is niet beoordeeld",
    "0611": "Tarief wijkt af van het contracttarief (TR418)",
    "8001": "Declaratie is volledig toegekend",
    "8017": "Creditregel heeft geen bekende debetregel (TR323)",
    "8021": "ReferentieNummer is al gebruikt (TR314)",
    "8187": "Regel of Bsn hoort niet bij deze client (TR304)",
    "8214": "DeclaratiePeriode sluit niet aan op de vorige (TR318)",
    "8848": "Dagtekening ligt na de systeemdatum (TR135)",
    "9019": "Start of stop hoort bij geen toewijzing (TR019)",
    "9056": "Identificatie niet uniek per berichttype voor deze afzender (TR056)",
    "9063": "Verwijderen zonder eerdere klasse met dezelfde sleutel (TR063)",
    "9069": "Geen actuele start met dezelfde sleutel (TR382)",
    "9071": "Start kan niet verwijderd worden, de zorg is al gestopt (TR071)",
    "9074": "Klasse met deze sleutel is al ontvangen (TR074)",
    "9307": "Begindatum ProductPeriode buiten de toewijzing (TR307)",
    "9308": "Einddatum ProductPeriode buiten de toewijzing (TR308)",
    "9319": "ProductPeriode niet in een (eerdere) declaratieperiode (TR319)",
    "9321": "Volume hoger dan toegewezen voor de periode (TR321)",
    "9322": "Cumulatief volume hoger dan toegewezen (TR322)",
    "9326": "Actuele levering nog niet gestopt (TR326)",
    "9332": "ToewijzingNummer niet uniek in het wettelijk domein (TR332)",
    "9333": "DeclaratieNummer niet uniek (TR333)",
    "9338": "Regel hoort bij geen ToegewezenProduct (TR338)",
    "9339": "ProductCategorie wijkt af van de toewijzing (TR339)",
    "9340": "ProductCode wijkt af van de toewijzing (TR340)",
    "9341": "Eenheid past niet bij de toewijzing (TR341)",
    "9346": "IngediendBedrag is niet GeleverdVolume x ProductTarief (TR346)",
    "9347": "ReferentieAanbieder niet uniek (TR347)",
    "9349": "VOW mist een actueel toegewezen product (TR349)",
    "9350": "OngewijzigdProduct is geen actuele toewijzing (TR350)",
    "9351": "TeWijzigenProduct is geen actuele toewijzing (TR351)",
    "9355": "ReferentieAanbieder hoort bij geen VOT/VOW (TR355)",
    "9357": "GewensteIngangsdatum niet de oorspronkelijke Ingangsdatum (TR357)",
    "9359": "Er is al een 301 met deze ReferentieAanbieder (TR359)",
    "9360": "Er is al een 319 in onderzoek voor deze referentie (TR360)",
    "9361": "Product komt vaker voor met overlappende perioden (TR361)",
    "9365": "Eerdere 319 voor deze referentie was niet in onderzoek (TR365)",
    "9366": "ProductReferentie niet gevonden in een 323 (TR366)",
    "9367": "Waarde wijkt af van de 323-regel (TR367)",
    "9369": "Som GeleverdVolume hoger dan het Budget (TR369)",
    "9373": "Budget- of totaalwijziging met andere GewensteIngangsdatum (TR373)",
    "9374": "Er loopt al een verzoek (TR374)",
    "9375": "Omvang gevuld terwijl de toewijzing geen Product heeft (TR375)",
    "9379": "ReferentieAanbieder zonder passend verzoek (TR379)",
    "9384": "Gedeclareerd op een verwijderde toewijzing (TR384)",
    "9385": "Toewijzing met toegekende regels kan niet verwijderd worden (TR385)",
    "9387": "Begindatum ProductPeriode niet de eerste van de maand (TR387)",
    "9388": "Einddatum ProductPeriode niet de laatste van de maand (TR388)",
    "9389": "Tweede debet zonder credit van de eerste (TR389)",
    "9390": "Regel met deze ProductReferentie is al gecrediteerd (TR390)",
    "9411": "Omvang leeg terwijl de toewijzing een productcode heeft (TR411)",
    "9412": "Omvang gevuld terwijl de toewijzing geen productcode heeft (TR412)",
    "9413": "Tweede tijdelijke stop (20) voor dezelfde sleutel (TR413)",
    "9414": "Einddatum eerder dan die van de actuele stop (TR414)",
    "9415": "Er is al een definitieve stop voor deze sleutel (TR415)",
    "S300": "Gemeentecode niet in de CBS-lijst (TR378)",
    "S329": "ProductCode hoort niet bij de ProductCategorie (TR381)",
}
"""The 59 retourcodes of list WJ001 with a short meaning."""
CODE_LISTS["WJ001"] = RETOUR_CODES

# Restriction rule per maximum length (rules.md §3) and per integer maximum.
_RS_LENGTH = {1: "RS008", 2: "RS009", 3: "RS010", 4: "RS011", 5: "RS012", 6: "RS013", 8: "RS014",
              9: "RS015", 10: "RS016", 12: "RS017", 15: "RS018", 20: "RS019", 24: "RS020",
              25: "RS021", 35: "RS023", 36: "RS024", 64: "RS025", 80: "RS026", 200: "RS028"}
_RS_MAX = {99: "RS002", 99999: "RS004", 99999999: "RS005", 999999999: "RS006",
           999999999999: "RS040"}

# Characters XML 1.0 allows (Char production); others cannot be written at all.
_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_TIME = re.compile(r"([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]{1,6}))?")


class Kind(enum.Enum):
    TEXT = "string"
    INTEGER = "integer"
    DATE = "date"
    TIME = "time"


@attrs.frozen
class Simple:
    """An ``LDT_`` simple type with its facets.

    ``pattern`` is a Python regular expression equivalent to the XSD pattern (matched
    against the whole value); ``codes`` names a code list of :data:`CODE_LISTS`;
    ``by_standard`` gives the list per standard where iWmo and iJw differ.
    """

    name: str
    kind: Kind = Kind.TEXT
    min_length: int = 1
    max_length: int | None = None
    pattern: str | None = None
    pattern_rule: str = ""
    pattern_text: str = ""
    low: int | None = None
    high: int | None = None
    codes: str | None = None
    by_standard: tuple[str, str] | None = None

    def allowed(self, standard: Standard | None) -> frozenset[str] | None:
        """The enumeration for ``standard`` (the union of both when it is not known)."""
        if self.by_standard is not None:
            wmo, jw = (frozenset(CODE_LISTS[c]) for c in self.by_standard)
            if standard is None:
                return wmo | jw
            return wmo if standard is Standard.IWMO else jw
        return frozenset(CODE_LISTS[self.codes]) if self.codes else None

    def _list_name(self, standard: Standard | None) -> str:
        if self.by_standard is not None:
            if standard is None:
                return "/".join(self.by_standard)
            return self.by_standard[0] if standard is Standard.IWMO else self.by_standard[1]
        return self.codes or ""

    def problem(self, value: object, standard: Standard | None = None) -> tuple[str, str] | None:
        """``(rule, explanation)`` when a Python value breaks this type, else ``None``."""
        if self.kind is Kind.INTEGER:
            if type(value) is not int:
                return "XSD", f"expected a whole number ({self.name}), got {type(value).__name__}"
            if self.low is not None and value < self.low:
                return "RS001", f"{value} is below {self.low} ({self.name})"
            if self.high is not None and value > self.high:
                return _RS_MAX.get(self.high, "XSD"), f"{value} is above {self.high} ({self.name})"
            return None
        if self.kind is Kind.DATE:
            if type(value) is not dt.date:
                return "RS032", f"expected a date ({self.name}), got {type(value).__name__}"
            return None
        if self.kind is Kind.TIME:
            if type(value) is not dt.time or value.tzinfo is not None:
                return "RS034", f"expected a time without zone ({self.name})"
            return None
        if not isinstance(value, str):
            return "XSD", f"expected text ({self.name}), got {type(value).__name__}"
        bad = _XML_CHAR.search(value)
        if bad is not None:
            return "XSD", (f"character U+{ord(bad.group()):04X} at position {bad.start()} cannot "
                           f"appear in XML ({self.name})")
        allowed = self.allowed(standard)
        if allowed is not None:
            if value not in allowed:
                return "XSD", (f"{_short(value)} is not a code of list "
                               f"{self._list_name(standard)} ({self.name})")
            return None
        if len(value) < self.min_length:
            return ("RS031" if self.name == "LDT_Commentaar" else "RS033",
                    f"empty text ({self.name}); leave an optional element out instead")
        if self.max_length is not None and len(value) > self.max_length:
            return (_RS_LENGTH.get(self.max_length, "XSD"),
                    f"{len(value)} characters, at most {self.max_length} ({self.name})")
        if self.pattern is not None and re.fullmatch(self.pattern, value) is None:
            return (self.pattern_rule or "XSD",
                    f"{_short(value)} does not match {self.pattern_text} ({self.name})")
        return None

    def check(self, value: object, where: str, standard: Standard | None = None) -> None:
        """Raise :class:`MessageError` naming ``where`` and the rule when ``value`` breaks
        this type."""
        found = self.problem(value, standard)
        if found is not None:
            raise MessageError(f"{where}: {found[1]} [{found[0]}]", rule=found[0])

    def parse(self, text: str, standard: Standard | None = None) -> tuple[object, tuple[str, str] | None]:
        """The value of an XML text, or ``(None, (rule, explanation))``."""
        if self.kind is Kind.TEXT:
            found = self.problem(text, standard)
            return (None, found) if found else (text, None)
        collapsed = re.sub(r"[ \t\n\r]+", " ", text).strip(" ")
        value: object
        if self.kind is Kind.INTEGER:
            if not _INTEGER.fullmatch(collapsed) or len(collapsed) > 20:
                return None, ("XSD", f"{_short(text)} is not a whole number ({self.name})")
            value = int(collapsed)
        elif self.kind is Kind.DATE:
            match = _DATE.fullmatch(collapsed)
            if match is None:
                return None, ("RS032", f"{_short(text)} is not a date YYYY-MM-DD without zone "
                                       f"({self.name})")
            try:
                value = dt.date(*(int(g) for g in match.groups()))
            except ValueError:
                return None, ("XSD", f"{_short(text)} is not a real date ({self.name})")
        else:
            match = _TIME.fullmatch(collapsed)
            if match is None:
                return None, ("RS034", f"{_short(text)} is not a time hh:mm:ss without zone "
                                       f"({self.name})")
            hour, minute, second, fraction = match.groups()
            try:
                value = dt.time(int(hour), int(minute), int(second),
                                int((fraction or "0").ljust(6, "0")))
            except ValueError:
                return None, ("XSD", f"{_short(text)} is not a real time ({self.name})")
        found = self.problem(value, standard)
        return (None, found) if found else (value, None)

    def format(self, value: object) -> str:
        """The XML text of a valid value."""
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, dt.time):
            return value.isoformat()
        return str(value)


def _short(text: str) -> str:
    return repr(text) if len(text) <= 40 else repr(text[:37] + "...")


_NON_BLANK = r"[^\n\r]*[^ \t\n\r][^\n\r]*"  # XSD '.*[^\s].*' ('.' matches no line break)
_NB = "'.*[^\\s].*' (not blank, one line)"


def text(name: str, max_length: int | None, *, pattern: str = _NON_BLANK, rule: str = "RS033",
         pattern_text: str = _NB, min_length: int = 1) -> Simple:
    return Simple(name, Kind.TEXT, min_length, max_length, pattern, rule, pattern_text)


def code(name: str, codes: str) -> Simple:
    return Simple(name, codes=codes)


def integer(name: str, high: int) -> Simple:
    return Simple(name, Kind.INTEGER, low=0, high=high)


DATUM = Simple("LDT_Datum", Kind.DATE)
TIJD = Simple("LDT_Tijd", Kind.TIME)
GEMEENTE = text("LDT_Gemeente", None, pattern="[0-9]{4}", rule="RS035", pattern_text="[0-9]{4}")
AGB = text("LDT_AgbCode", 8, pattern="[0-9]{8}", rule="RS036", pattern_text="[0-9]{8}")
BSN = text("LDT_BurgerServicenummer", 9, pattern="[0-9]{9}", rule="RS037", pattern_text="[0-9]{9}")
IDENTIFICATIE = text("LDT_IdentificatieBericht", 12)
VERSIE = text("LDT_Versie", None, pattern=r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)",
              rule="RS048", pattern_text="N.N.N")
NAAM = text("LDT_Naam", 200)
VOORVOEGSEL = text("LDT_Voorvoegsel", 10)
VOORLETTERS = text("LDT_Voorletters", 6, pattern="[a-zA-Z\u00c0-\u1ef3]+", rule="RS045",
                   pattern_text="letters only, no dots or spaces")
COMMENTAAR = text("LDT_Commentaar", None, pattern=r"[\s\S]*[^ \t\n\r][\s\S]*", rule="RS031",
                  pattern_text="not blank")
TAAL = text("LDT_Taal", 25)
PERSOONSID = text("LDT_Persoonsid", 20)
REFERENTIE = text("LDT_Referentie", 36)
PRODUCTCODE = text("LDT_ProductCode", 5)
POSTCODE = text("LDT_Postcode", 8)
STRAATNAAM = text("LDT_Straatnaam", 24)
PLAATSNAAM = text("LDT_Plaatsnaam", 80)
HUISLETTER = text("LDT_Huisletter", 1)
TOEVOEGING = text("LDT_HuisnummerToevoeging", 4)
ORGANISATIE = text("LDT_Organisatienaam", 35)
EMAIL = text("LDT_Emailadres", 80)
LANDNUMMER = text("LDT_Landnummer", 4)
TELEFOONNUMMER = text("LDT_Telefoonnummer", 15, pattern="[0-9]*", rule="RS046",
                      pattern_text="digits only")
NAAM_VERWIJZER = text("LDT_NaamVerwijzer", 64)
REFERENTIENUMMER = text("LDT_ReferentieNummer", 20, pattern=r"[\s\S]*", pattern_text="any")
IDENTIFICATIE_DECLARATIE = text("LDT_IdentificatieDeclaratie", 12, pattern=r"[\s\S]*",
                                pattern_text="any")
DECLARATIENUMMER = text("LDT_IdentificatieDeclaratie", 12, pattern="[a-zA-Z0-9]+", rule="CS319",
                        pattern_text="letters and digits only")
LANDCODE = text("LDT_LandCode", 2, pattern="[A-Z]{2}", rule="XSD",
                pattern_text="a two-letter country code (COD032)")
NUMMER = integer("LDT_Nummer", 999_999_999)
VOLUME = integer("LDT_Volume", 99_999_999)
BEDRAG = integer("LDT_Bedrag", 99_999_999)
BUDGET = integer("LDT_Budget", 99_999_999)
TOTAALBEDRAG = integer("LDT_TotaalBedrag", 999_999_999_999)
HUISNUMMER = integer("LDT_Huisnummer", 99_999)
VOLGORDE = integer("LDT_RelatieVolgorde", 99)
CATEGORIE = Simple("LDT_ProductCategorie", by_standard=("WMO020", "JZ020"))
REDEN_BEEINDIGING = Simple("LDT_RedenBeeindiging", by_standard=("WMO588", "JZ588"))
EENHEID = code("LDT_Eenheid", "WJ756")
FREQUENTIE = code("LDT_Frequentie", "WMO757")
REDEN_WIJZIGING = code("LDT_RedenWijziging", "WMO002")
STATUS = code("LDT_StatusAanlevering", "COD467")
GESLACHT = code("LDT_Geslacht", "COD046")
NAAMGEBRUIK = code("LDT_NaamGebruik", "COD700")
ADRESSOORT = code("LDT_AdresSoort", "COD757")
COMMUNICATIEVORM = code("LDT_Communicatievorm", "COD747")
JURIDISCHE_STATUS = code("LDT_JuridischeStatus", "WJ232")
VERTEGENWOORDIGING = code("LDT_WettelijkeVertegenwoordiging", "WJ003")
SOORT_RELATIE = code("LDT_SoortRelatie", "COD472")
TYPE_VERWIJZER = code("LDT_TypeVerwijzer", "COD327")
REDEN_VERZOEK = code("LDT_RedenVerzoek", "WJ758")
REDEN_AFWIJZING = code("LDT_RedenAfwijzingVerzoek", "WJ759")
VERZOEK_ANTWOORD = code("LDT_VerzoekAntwoord", "WJ760")
DEBET_CREDIT = code("LDT_DebetCredit", "COD043")
DATUM_GEBRUIK = code("LDT_DatumGebruik", "COD170")
JA_NEE = code("LDT_JaNee", "COD260")
AANDUIDING = code("LDT_AanduidingWoonadres", "NUM061")
RETOURCODE = code("LDT_RetourCode", "WJ001")


def elfproef(bsn: str) -> bool:
    """The 11-proef of a BSN (CS002)."""
    if len(bsn) != 9 or not (bsn.isascii() and bsn.isdigit()):
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    return sum(int(c) * w for c, w in zip(bsn, weights, strict=True)) % 11 == 0


def labels(codes: str) -> Iterable[tuple[str, str]]:
    """The codes of a list with their labels."""
    return CODE_LISTS[codes].items()
