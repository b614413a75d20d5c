"""The in-message rules of iWmo 3.2 and iJw 3.2 (check level 2, and TR135 of level 4).

:func:`check` returns every breach of a message as a :class:`Breach` with the rule's code
and the national retourcode it maps to: ``0001`` for the XSD facets and in-message rules
(``CD``, ``CS``, ``RS``, in-message ``TR``), ``8848`` for a Dagtekening after the system date
(TR135). The writer refuses a message with a breach; the reader reports them.

Rules that need earlier messages (level 3: TR019, TR056, TR332, ...) or an external list
(TR378 CBS codes, TR381 product codes) belong to the exchange that keeps those messages.

Where a rule's text names no element (TR134, TR380), this module applies it to the dates
that cannot lie after (TR134) or before (TR380) the message date: birth dates, the
Toewijzingsdatum, the start and stop dates of 305/307, the DeclaratieDagtekening and the
end of every ProductPeriode (TR137); and the desired Einddatum of a 317.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Iterator

import attrs

from sociaaldomein.io.istandaarden import types as ty
from sociaaldomein.io.istandaarden.messages import (
    AangevraagdProduct,
    Adres,
    Antwoord319,
    BedragMetDC,
    Contact,
    Declaratie,
    DeclaratieAntwoord,
    Geboortedatum,
    Message,
    NieuwProduct,
    Omvang,
    Prestatie,
    Prestatie325,
    Product,
    Retour,
    StartZorg,
    StopZorg,
    TeWijzigenProduct,
    ToegewezenProduct,
    Toewijzing,
    TotaalBedragMetDC,
    VerzoekOmToewijzing,
    VerzoekOmWijziging,
    VolledigeNaam,
    fields_of,
)
from sociaaldomein.io.istandaarden.types import Simple, Standard

__all__ = ["Breach", "check"]

_2020_END = dt.date(2020, 12, 31)
_CS100 = dt.date(2021, 1, 1)
_POSTCODE_NL = "[1-9][0-9]{3}[A-Z]{2}"


@attrs.frozen
class Breach:
    """A broken rule: ``rule`` (``CD041``, ``RS037``, ``TR101`` or ``XSD`` for structure),
    the national ``retour_code`` it maps to, the ``path`` of the element and what is wrong.

    XSD breaches (level 1) get no retour message in the standard; they carry ``0001``, the
    code of a technical rejection, so every breach has a national code.
    """

    rule: str
    retour_code: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.retour_code} {self.rule} at {self.path}: {self.message}"


class _Out:
    def __init__(self) -> None:
        self.found: list[Breach] = []

    def add(self, rule: str, path: str, message: str, retour: str = "0001") -> None:
        self.found.append(Breach(rule, retour, path, message))


def check(message: Message, *, today: dt.date | None = None) -> tuple[Breach, ...]:
    """Every breach of ``message`` against the facets of its standard and the in-message
    rules; with ``today``, also TR135 (no Dagtekening after the system date, retourcode
    8848)."""
    out = _Out()
    _law_enums(message, out)
    if today is not None and message.header.dagtekening > today:
        out.add("TR135", "/Bericht/Header/BerichtIdentificatie/Dagtekening",
                f"Dagtekening {message.header.dagtekening} is after today ({today})", "8848")
    checker = _CHECKERS.get(type(message))
    if checker is not None:
        checker(message, out)
    return tuple(out.found)


def _law_enums(message: Message, out: _Out) -> None:
    """Enumerations that differ between iWmo and iJw, checked against the message's own."""
    for path, node in _nodes(message, "/Bericht"):
        for f in fields_of(type(node)):
            if not isinstance(f.spec.type, Simple) or f.spec.type.by_standard is None:
                continue
            value = getattr(node, f.attr)
            problem = None if value is None else f.spec.type.problem(value, message.standard)
            if problem is not None:
                out.add(problem[0], f"{path}/{f.spec.name}", problem[1])


def _nodes(node: object, path: str) -> Iterator[tuple[str, object]]:
    yield path, node
    for f in fields_of(type(node)):
        if isinstance(f.spec.type, Simple):
            continue
        value = getattr(node, f.attr)
        if f.many:
            for i, item in enumerate(value):
                yield from _nodes(item, f"{path}/{f.spec.name}/{f.spec.item}[{i + 1}]")
        elif value is not None:
            yield from _nodes(value, f"{path}/{f.spec.name}")


# --- shared checks ---------------------------------------------------------------------------------

def _bsn(bsn: str, path: str, out: _Out) -> None:
    if not ty.elfproef(bsn):
        out.add("CS002", path, "the BSN fails the 11-proef (the number is not shown)")


def _birth(g: Geboortedatum, day: dt.date, path: str, out: _Out) -> None:
    d, use = g.datum, g.datum_gebruik
    if use == "3" and d != dt.date(1900, 1, 1):
        out.add("CS139", path, "DatumGebruik 3 (unknown date) needs the date 1900-01-01")
    elif use == "2" and (d.month, d.day) != (1, 1):
        out.add("CS139", path, "DatumGebruik 2 (year only) needs month and day 01")
    elif use == "1" and d.day != 1:
        out.add("CS139", path, "DatumGebruik 1 (month and year) needs day 01")
    if use != "3":
        if d > day:
            out.add("TR134", path, f"birth date {d} is after the message date {day}")
        elif day.year - d.year - ((day.month, day.day) < (d.month, d.day)) > 120:
            out.add("TR002", path, "birth date more than 120 years before the message date")


def _not_after(value: dt.date | None, day: dt.date, path: str, out: _Out,
               rule: str = "TR134") -> None:
    if value is not None and value > day:
        out.add(rule, path, f"{value} is after the message date {day}")


def _naam(naam: VolledigeNaam, path: str, out: _Out, *, client: bool) -> None:
    allowed = {"1", "2", "3", "4"} if naam.partnernaam is not None else {"1", "6"}
    if naam.naam_gebruik not in allowed:
        out.add("CS050", f"{path}/NaamGebruik", f"NaamGebruik {naam.naam_gebruik} with"
                f"{'' if naam.partnernaam else 'out'} a Partnernaam; allowed: "
                f"{', '.join(sorted(allowed))}")
    if client and naam.naam_gebruik == "6":
        out.add("CS318", f"{path}/NaamGebruik", "NaamGebruik 6 (niet-natuurlijk persoon) is "
                "not allowed for a client")


def _contact(c: Contact, path: str, out: _Out) -> None:
    adres = c.adres or Adres()
    if (adres.land_code is None) != (adres.postcode is None):
        out.add("CD005", f"{path}/Adres/LandCode", "LandCode is filled exactly when Postcode is")
    if adres.land_code == "NL" and adres.huis is None:
        out.add("CD025", f"{path}/Adres/Huis", "Huis is required with LandCode NL")
    if c.soort in ("01", "03") and adres.postcode is None:
        out.add("CD034", f"{path}/Adres/Postcode", f"Postcode is required for Soort {c.soort}")
    if adres.land_code == "NL" and adres.postcode is not None and \
            re.fullmatch(_POSTCODE_NL, adres.postcode) is None:
        out.add("CS089", f"{path}/Adres/Postcode", f"{adres.postcode!r} is not a Dutch "
                    "postcode (9999XX)")
    if c.periode is not None:
        if c.soort != "04":
            out.add("CD009", f"{path}/Periode", "a Periode only with Soort 04 (tijdelijk)")
        p = c.periode
        if p.begindatum and p.einddatum and p.einddatum < p.begindatum:
            out.add("CS003", f"{path}/Periode/Einddatum", "Einddatum before Begindatum")
    if c.telefoon is None and (adres.huis is None or adres.postcode is None):
        out.add("TR006", path, "a Contact needs a Telefoon, or both Huis and Postcode")


def _omvang_rules(product: Product | None, omvang: Omvang | None, budget: int | None,
                  einddatum: dt.date | None, path: str, out: _Out, *, code_rule: str,
                  cs338: str | None, einde: str = "Einddatum", need_product: bool = True) -> None:
    code = product.code if product is not None else None
    if code is not None and omvang is None:
        out.add("CD041", f"{path}/Omvang", "Omvang is required with a product Code")
    if budget is not None and einddatum is None:
        out.add("CD075", f"{path}/{einde}", f"{einde} is required with a Budget")
    if omvang is not None and omvang.frequentie == "2" and einddatum is None:
        out.add("CD076", f"{path}/{einde}", f"{einde} is required with Frequentie 2 (per week)")
    if budget is not None and omvang is not None:
        out.add("CD077", f"{path}/Omvang", "Omvang and Budget exclude each other (CD077/CD078)")
    if need_product and budget is None and product is None:
        out.add("CD079", f"{path}/Product", "Product is required without a Budget")
    late = einddatum is None or einddatum > _2020_END
    if code is None and omvang is not None and late:
        out.add(code_rule, f"{path}/Omvang", "no Omvang without a product Code (aspecific "
                "toewijzing)")
    if cs338 and omvang is not None and late and omvang.eenheid in ("14", "16", "83", "84") \
            and omvang.frequentie not in ("2", "4", "6"):
        out.add(cs338, f"{path}/Omvang/Frequentie", f"Eenheid {omvang.eenheid} needs Frequentie "
                "2, 4 or 6")


def _overlap_key(product: Product | None) -> tuple[str, str | None] | None:
    if product is None:
        return None
    return product.categorie, product.code


def _overlaps(items: list[tuple[Product | None, dt.date, dt.date | None, str]],
              standard: Standard, rule: str, out: _Out) -> None:
    """TR302/TR361/TR386/TR410: the same product (by code, or by category without one;
    without a product it may overlap nothing) only in periods that do not overlap. iWmo:
    categories 11-14 may overlap (and a product without category may overlap those)."""
    aids = {"11", "12", "13", "14"}
    for i, (p1, b1, e1, path) in enumerate(items):
        for p2, b2, e2, _ in items[:i]:
            either_aid = (p1 is not None and p1.categorie in aids) or (
                p2 is not None and p2.categorie in aids)
            if standard is Standard.IWMO and either_aid and (
                    p1 is None or p2 is None or (p1.categorie in aids and p2.categorie in aids)):
                continue
            if p1 is not None and p2 is not None:
                same = (p1.categorie == p2.categorie) if (p1.code is None or p2.code is None) \
                    else (p1.categorie, p1.code) == (p2.categorie, p2.code)
                if not same:
                    continue
            if (e2 is None or b1 <= e2) and (e1 is None or b2 <= e1):
                out.add(rule, path, "the same product appears twice in overlapping periods")
                break


def _duplicates(keys: Iterable[tuple[str, object]], what: str, out: _Out) -> None:
    counted = Counter(key for _, key in keys)
    for path, key in keys:
        if counted[key] > 1:
            out.add("TR101", path, f"{what} appears more than once in the message")
            counted[key] = 0


# --- per message -----------------------------------------------------------------------------------

def _301(message: Message, out: _Out) -> None:
    assert isinstance(message, Toewijzing)
    day = message.header.dagtekening
    client = message.client
    base = "/Bericht/Client"
    _bsn(client.bsn, f"{base}/Bsn", out)
    _birth(client.geboortedatum, day, f"{base}/Geboortedatum", out)
    _naam(client.naam, f"{base}/Naam", out, client=True)
    if client.communicatie is not None and (
            (client.communicatie.vorm == "1") != (client.communicatie.taal is not None)):
        out.add("CD007", f"{base}/Communicatie/Taal", "Taal is filled exactly when Vorm is 1")
    for i, r in enumerate(client.relaties):
        path = f"{base}/Relaties/Relatie[{i + 1}]"
        if r.geboortedatum is not None:
            _birth(r.geboortedatum, day, f"{path}/Geboortedatum", out)
        _naam(r.naam, f"{path}/Naam", out, client=False)
        _contact(r.contact, f"{path}/Contact", out)
    _duplicates([(f"{base}/Relaties/Relatie[{i + 1}]", r.nummer)
                 for i, r in enumerate(client.relaties)], "Relatie Nummer", out)
    for i, c in enumerate(client.contactgegevens):
        _contact(c, f"{base}/Contactgegevens/Contact[{i + 1}]", out)
    if not any(c.soort in ("01", "02", "03") for c in client.contactgegevens):
        out.add("TR061", f"{base}/Contactgegevens", "the client needs an address of Soort 01, "
                "02 or 03")
    items: list[tuple[Product | None, dt.date, dt.date | None, str]] = []
    for i, tp in enumerate(client.toegewezen_producten):
        path = f"{base}/ToegewezenProducten/ToegewezenProduct[{i + 1}]"
        _toegewezen(tp, day, path, out)
        deleted = tp.reden_wijziging == "13" or (
            tp.reden_wijziging == "01" and tp.einddatum == tp.ingangsdatum)
        if not deleted:
            items.append((tp.product, tp.ingangsdatum, tp.einddatum, path))
    _duplicates([(f"{base}/ToegewezenProducten/ToegewezenProduct[{i + 1}]", tp.toewijzing_nummer)
                 for i, tp in enumerate(client.toegewezen_producten)], "ToewijzingNummer", out)
    _overlaps(items, message.standard, "TR302", out)


def _toegewezen(tp: ToegewezenProduct, day: dt.date, path: str, out: _Out) -> None:
    if tp.einddatum is not None and tp.einddatum < tp.ingangsdatum:
        out.add("CS003", f"{path}/Einddatum", "Einddatum before Ingangsdatum")
    if tp.reden_wijziging == "13" and tp.einddatum != tp.ingangsdatum:
        out.add("CS335", f"{path}/RedenWijziging", "RedenWijziging 13 (verwijderd) needs "
                "Einddatum = Ingangsdatum")
    if tp.reden_wijziging == "01":
        out.add("CS336", f"{path}/RedenWijziging", "RedenWijziging 01 is retired")
    _not_after(tp.toewijzingsdatum, day, f"{path}/Toewijzingsdatum", out)
    _omvang_rules(tp.product, tp.omvang, tp.budget, tp.einddatum, path, out, code_rule="CD080",
                  cs338="CS338")


def _client_kn(bsn: str, g: Geboortedatum, day: dt.date, base: str, out: _Out) -> None:
    _bsn(bsn, f"{base}/Bsn", out)
    _birth(g, day, f"{base}/Geboortedatum", out)


def _305(message: Message, out: _Out) -> None:
    assert isinstance(message, StartZorg)
    day = message.header.dagtekening
    base = "/Bericht/Client"
    _client_kn(message.client.bsn, message.client.geboortedatum, day, base, out)
    keys = []
    for i, sp in enumerate(message.client.start_producten):
        path = f"{base}/StartProducten/StartProduct[{i + 1}]"
        if sp.status_aanlevering not in ("1", "3"):
            out.add("CS058", f"{path}/StatusAanlevering", f"StatusAanlevering "
                    f"{sp.status_aanlevering}: only 1 or 3 are allowed")
        _not_after(sp.begindatum, day, f"{path}/Begindatum", out)
        keys.append((path, (sp.toewijzing_nummer, _overlap_key(sp.product), sp.begindatum,
                            sp.status_aanlevering)))
    _duplicates(keys, "a StartProduct with this key and status", out)


def _307(message: Message, out: _Out) -> None:
    assert isinstance(message, StopZorg)
    day = message.header.dagtekening
    base = "/Bericht/Client"
    _client_kn(message.client.bsn, message.client.geboortedatum, day, base, out)
    keys = []
    for i, sp in enumerate(message.client.stop_producten):
        path = f"{base}/StopProducten/StopProduct[{i + 1}]"
        if sp.status_aanlevering not in ("1", "3"):
            out.add("CS058", f"{path}/StatusAanlevering", f"StatusAanlevering "
                    f"{sp.status_aanlevering}: only 1 or 3 are allowed")
        if sp.einddatum < sp.begindatum:
            out.add("TR018", f"{path}/Einddatum", "Einddatum before Begindatum")
        _not_after(sp.begindatum, day, f"{path}/Begindatum", out)
        _not_after(sp.einddatum, day, f"{path}/Einddatum", out)
        keys.append((path, (sp.toewijzing_nummer, _overlap_key(sp.product), sp.begindatum,
                            sp.reden_beeindiging, sp.einddatum, sp.status_aanlevering)))
    _duplicates(keys, "a StopProduct with this key and status", out)


def _315(message: Message, out: _Out) -> None:
    assert isinstance(message, VerzoekOmToewijzing)
    day = message.header.dagtekening
    base = "/Bericht/Client"
    _client_kn(message.client.bsn, message.client.geboortedatum, day, base, out)
    items: list[tuple[Product | None, dt.date, dt.date | None, str]] = []
    refs = []
    for i, ap in enumerate(message.client.aangevraagde_producten):
        path = f"{base}/AangevraagdeProducten/AangevraagdProduct[{i + 1}]"
        _aangevraagd(ap, path, out)
        items.append((ap.product, ap.toewijzing_ingangsdatum, ap.toewijzing_einddatum, path))
        refs.append((f"{path}/ReferentieAanbieder", ap.referentie_aanbieder))
    counted = Counter(r for _, r in refs)
    for path, ref in refs:
        if counted[ref] > 1:
            out.add("TR383", path, "ReferentieAanbieder appears more than once in the message")
            counted[ref] = 0
    _overlaps(items, message.standard, "TR386", out)


def _aangevraagd(ap: AangevraagdProduct, path: str, out: _Out) -> None:
    if (ap.beschikking_nummer is None) != (ap.beschikking_ingangsdatum is None):
        out.add("CD043", f"{path}/BeschikkingIngangsdatum", "BeschikkingIngangsdatum is "
                "filled exactly when BeschikkingNummer is")
    if ap.toewijzing_einddatum is not None and ap.toewijzing_einddatum < ap.toewijzing_ingangsdatum:
        out.add("CS003", f"{path}/ToewijzingEinddatum", "ToewijzingEinddatum before "
                "ToewijzingIngangsdatum")
    _omvang_rules(ap.product, ap.omvang, ap.budget, ap.toewijzing_einddatum, path, out,
                  code_rule="CD095", cs338="CS343", einde="ToewijzingEinddatum")
    v = ap.verwijzer
    medical = v.type in ("02", "03", "04", "05")
    if medical and v.zorgverlener_code is not None and v.naam is not None:
        out.add("CD066", f"{path}/Verwijzer/Naam", "no Naam when the ZorgverlenerCode is given")
    if medical and v.zorgverlener_code is None and v.naam is None:
        out.add("CD067", f"{path}/Verwijzer/Naam", f"Naam is required for Type {v.type} without "
                "a ZorgverlenerCode")
    if not medical and v.zorgverlener_code is not None:
        out.add("CD068", f"{path}/Verwijzer/ZorgverlenerCode", f"no ZorgverlenerCode for Type "
                f"{v.type}")


def _317(message: Message, out: _Out) -> None:
    assert isinstance(message, VerzoekOmWijziging)
    day = message.header.dagtekening
    base = "/Bericht/Client"
    _bsn(message.client.bsn, f"{base}/Bsn", out)
    v = message.client.verzoek
    vpath = f"{base}/Verzoek"
    if not v.ongewijzigde_producten and not v.te_wijzigen_producten:
        out.add("TR352", vpath, "at least one OngewijzigdProduct or TeWijzigenProduct")
    if not v.te_wijzigen_producten and not v.nieuwe_producten:
        out.add("TR353", vpath, "at least one TeWijzigenProduct or NieuwProduct")
    numbers = [(f"{vpath}/OngewijzigdeProducten/OngewijzigdProduct[{i + 1}]", p.toewijzing_nummer)
               for i, p in enumerate(v.ongewijzigde_producten)]
    numbers += [(f"{vpath}/TeWijzigenProducten/TeWijzigenProduct[{i + 1}]", p.toewijzing_nummer)
                for i, p in enumerate(v.te_wijzigen_producten)]
    _duplicates(numbers, "ToewijzingNummer", out)
    items: list[tuple[Product | None, dt.date, dt.date | None, str]] = []
    groups: tuple[tuple[tuple[TeWijzigenProduct | NieuwProduct, ...], str], ...] = (
        (v.te_wijzigen_producten, "TeWijzigenProduct"), (v.nieuwe_producten, "NieuwProduct"))
    for group, name in groups:
        for i, p in enumerate(group):
            path = f"{vpath}/{name}en/{name}[{i + 1}]".replace("NieuwProducten", "NieuweProducten")
            _gewenst(p, day, path, out)
            if isinstance(p, NieuwProduct):
                items.append((p.product, p.gewenste_ingangsdatum, p.einddatum, path))
    _overlaps(items, message.standard, "TR410", out)


def _gewenst(p: TeWijzigenProduct | NieuwProduct, day: dt.date, path: str, out: _Out) -> None:
    if p.einddatum is not None and p.einddatum < p.gewenste_ingangsdatum:
        out.add("CS003", f"{path}/Einddatum", "Einddatum before GewensteIngangsdatum")
    if p.einddatum is not None and p.einddatum <= day:
        out.add("TR380", f"{path}/Einddatum", f"Einddatum {p.einddatum} is not after the "
                f"message date {day}")
    product = p.product if isinstance(p, NieuwProduct) else None
    _omvang_rules(product, p.omvang, p.budget, p.einddatum, path, out, code_rule="CD096",
                  cs338="CS338", need_product=isinstance(p, NieuwProduct))


def _319(message: Message, out: _Out) -> None:
    assert isinstance(message, Antwoord319)
    a = message.antwoord
    path = "/Bericht/Antwoord"
    if a.verzoek_antwoord == "1" and a.reden_afwijzing_verzoek is None:
        out.add("CD085", f"{path}/RedenAfwijzingVerzoek", "a rejection (1) needs a reason")
    if a.verzoek_antwoord == "2" and a.reden_afwijzing_verzoek is not None:
        out.add("CD086", f"{path}/RedenAfwijzingVerzoek", "no reason while in onderzoek (2)")
    if message.standard is Standard.IJW:
        if a.reden_afwijzing_verzoek == "8" and a.woonplaatsbeginsel is None:
            out.add("TR377", f"{path}/Woonplaatsbeginsel", "reason 8 needs the responsible "
                    "gemeente (Woonplaatsbeginsel)")
        if a.reden_afwijzing_verzoek != "8" and a.woonplaatsbeginsel is not None:
            out.add("TR409", f"{path}/Woonplaatsbeginsel", "Woonplaatsbeginsel only with "
                    "reason 8")
    elif a.woonplaatsbeginsel is not None:
        out.add("XSD", f"{path}/Woonplaatsbeginsel", "Woonplaatsbeginsel exists only in iJw")


def _amount(b: BedragMetDC | TotaalBedragMetDC, path: str, out: _Out) -> None:
    if b.signed.amount_cents == 0 and b.debet_credit != "D":
        out.add("CS325", f"{path}/DebetCredit", "an amount of 0 is D")


def _line(line: Prestatie | Prestatie325, day: dt.date, path: str, out: _Out) -> None:
    credit = line.ingediend_bedrag.debet_credit == "C"
    if credit != (line.product_referentie.vorig_referentie_nummer is not None):
        out.add("CD060", f"{path}/ProductReferentie/VorigReferentieNummer",
                "VorigReferentieNummer is filled exactly on a credit line (C)")
    if (line.eenheid == "83") == (line.product_tarief is not None):
        out.add("CD087", f"{path}/ProductTarief", "ProductTarief is required unless Eenheid is "
                "83, and absent with 83")
    if line.eenheid == "83" and line.ingediend_bedrag.bedrag != line.geleverd_volume:
        out.add("CS339", f"{path}/IngediendBedrag/Bedrag", "with Eenheid 83 the Bedrag equals "
                "the GeleverdVolume")
    _amount(line.ingediend_bedrag, f"{path}/IngediendBedrag", out)
    p = line.product_periode
    if p.begindatum < _CS100:
        out.add("CS100", f"{path}/ProductPeriode/Begindatum", "dates from 2021-01-01")
    if (p.begindatum.year, p.begindatum.month) != (p.einddatum.year, p.einddatum.month):
        out.add("CS337", f"{path}/ProductPeriode/Einddatum", "a ProductPeriode lies within one "
                "calendar month")
    if p.einddatum < p.begindatum:
        out.add("TR137", f"{path}/ProductPeriode/Einddatum", "Einddatum before Begindatum")
    _not_after(p.einddatum, day, f"{path}/ProductPeriode/Einddatum", out, "TR137")
    limit = dt.date(max(day.year - 5, 1), day.month,
                    min(day.day, 28) if day.month == 2 else day.day)
    if p.einddatum < limit:
        out.add("TR335", f"{path}/ProductPeriode/Einddatum", "more than 5 years before the "
                "DeclaratieDagtekening")


def _periode_month(begin: dt.date, end: dt.date, path: str, out: _Out) -> None:
    if begin < _CS100:
        out.add("CS100", f"{path}/Begindatum", "dates from 2021-01-01")
    last = calendar.monthrange(begin.year, begin.month)[1]
    if begin.day != 1 or end != begin.replace(day=last):
        out.add("CS340", path, "a DeclaratiePeriode is one whole calendar month")


def _323(message: Message, out: _Out) -> None:
    assert isinstance(message, Declaratie)
    d = message.declaratie
    day = message.header.dagtekening
    base = "/Bericht/Declaratie"
    _periode_month(d.declaratie_periode.begindatum, d.declaratie_periode.einddatum,
                   f"{base}/DeclaratiePeriode", out)
    _not_after(d.declaratie_dagtekening, day, f"{base}/DeclaratieDagtekening", out)
    _amount(d.totaal_ingediend_bedrag, f"{base}/TotaalIngediendBedrag", out)
    total = 0
    refs: list[tuple[str, object]] = []
    vorige: list[tuple[str, object]] = []
    debits: list[tuple[str, object]] = []
    clients = []
    for ci, client in enumerate(d.clienten):
        cpath = f"{base}/Clienten/Client[{ci + 1}]"
        _bsn(client.bsn, f"{cpath}/Bsn", out)
        clients.append((cpath, client.bsn))
        for li, line in enumerate(client.prestaties):
            path = f"{cpath}/Prestaties/Prestatie[{li + 1}]"
            _line(line, d.declaratie_dagtekening, path, out)
            total += line.ingediend_bedrag.signed.amount_cents
            ref = line.product_referentie
            refs.append((f"{path}/ProductReferentie", ref.referentie_nummer))
            if ref.vorig_referentie_nummer is not None:
                vorige.append((f"{path}/ProductReferentie/VorigReferentieNummer",
                               ref.vorig_referentie_nummer))
            if line.ingediend_bedrag.debet_credit == "D":
                debits.append((path, (line.toewijzing_nummer, line.product_periode,
                                      line.product_categorie, line.product_code)))
    _duplicates(clients, "a Client (Bsn)", out)
    _duplicates(refs, "ReferentieNummer", out)
    counted = Counter(v for _, v in vorige)
    numbers = {r for _, r in refs}
    for path, v in vorige:
        if counted[v] > 1:
            out.add("TR315", path, "a VorigReferentieNummer occurs more than once")
            counted[v] = 0
        if v in numbers:
            out.add("TR316", path, "a line is credited in the message that debits it")
    counted_debits = Counter(k for _, k in debits)
    for path, k in debits:
        if counted_debits[k] > 1:
            out.add("TR416", path, "more than one debit line for this ToewijzingNummer, "
                    "ProductPeriode, ProductCategorie and ProductCode")
            counted_debits[k] = 0
    if d.totaal_ingediend_bedrag.signed.amount_cents != total:
        out.add("TR358", f"{base}/TotaalIngediendBedrag", f"the total is "
                f"{d.totaal_ingediend_bedrag.signed.amount_cents} cents, the lines add up to "
                f"{total}")


def _325(message: Message, out: _Out) -> None:
    assert isinstance(message, DeclaratieAntwoord)
    h = message.header
    if h.declaratie_identificatie.dagtekening > h.dagtekening:
        out.add("TR134", "/Bericht/Header/DeclaratieIdentificatie/Dagtekening",
                "the answered 323 is dated after this 325")
    da = message.declaratie_antwoord
    if da is None:
        return
    base = "/Bericht/DeclaratieAntwoord"
    _amount(da.totaal_ingediend_bedrag, f"{base}/TotaalIngediendBedrag", out)
    _amount(da.totaal_toegekend_bedrag, f"{base}/TotaalToegekendBedrag", out)
    rejected = 0
    clients = []
    refs: list[tuple[str, object]] = []
    for ci, client in enumerate(da.clienten):
        cpath = f"{base}/Clienten/Client[{ci + 1}]"
        _bsn(client.bsn, f"{cpath}/Bsn", out)
        clients.append((cpath, client.bsn))
        for li, line in enumerate(client.prestaties):
            path = f"{cpath}/Prestaties/Prestatie[{li + 1}]"
            _line(line, h.declaratie_identificatie.dagtekening, path, out)
            rejected += line.ingediend_bedrag.signed.amount_cents
            refs.append((f"{path}/ProductReferentie", line.product_referentie.referentie_nummer))
    _duplicates(clients, "a Client (Bsn)", out)
    _duplicates(refs, "ReferentieNummer", out)
    ingediend = da.totaal_ingediend_bedrag.signed.amount_cents
    toegekend = da.totaal_toegekend_bedrag.signed.amount_cents
    if "0200" not in da.retour_codes and "8001" not in da.retour_codes:
        # rejected as a whole (9333, 8214): nothing granted, no lines listed
        if toegekend != 0:
            out.add("TR342", f"{base}/TotaalToegekendBedrag", "a rejected declaration has "
                    "TotaalToegekendBedrag 0")
    elif rejected != ingediend - toegekend:
        out.add("TR342", f"{base}/TotaalToegekendBedrag", f"rejected lines add up to {rejected} "
                f"cents; Ingediend - Toegekend is {ingediend - toegekend}")


def _retour(message: Message, out: _Out) -> None:
    assert isinstance(message, Retour)
    h = message.header
    gemeente_sends = message.kind in ("302", "320")
    for name, value, want in (("Afzender", h.afzender, 4 if gemeente_sends else 8),
                              ("Ontvanger", h.ontvanger, 8 if gemeente_sends else 4)):
        if len(value) != want:
            out.add("RS035" if want == 4 else "RS036", f"/Bericht/Header/{name}",
                    f"{name} of a {message.kind} is a {'gemeente' if want == 4 else 'AGB code'}")


_CHECKERS = {
    Toewijzing: _301, StartZorg: _305, StopZorg: _307, VerzoekOmToewijzing: _315,
    VerzoekOmWijziging: _317, Antwoord319: _319, Declaratie: _323, DeclaratieAntwoord: _325,
    Retour: _retour,
}
