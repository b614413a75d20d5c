"""iWmo/iJw 3.2 messages: written valid against the standard, read back exactly, and every
breach refused by the writer and reported by the reader with its rule and retourcode."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sociaaldomein import Allocation, Household, Law, Municipality, Period, Person
from sociaaldomein.io import istandaarden as iv
from sociaaldomein.io.istandaarden import build
from sociaaldomein.model.catalog import Arrangement, Catalog, Frequency, Segment, Unit
from sociaaldomein.model.household import Address, Bsn, Gender, PersonName
from sociaaldomein.model.money import Money
from sociaaldomein.testing import strategies as sds

D = dt.date
Check = Callable[[bytes], list[str]]
XSD = iv.XsdVersie(basisschema_xsd_versie="1.0.0", bericht_xsd_versie="1.0.0")


def ident(code: str, day: dt.date) -> iv.BerichtIdentificatie:
    return iv.BerichtIdentificatie(identificatie=code, dagtekening=day)


DAY1 = D(2026, 3, 2)


def header(day: dt.date = DAY1, code: str = "TW260302001") -> iv.Header:
    return iv.Header(afzender="0855", ontvanger="12345678", bericht_identificatie=ident(code, day),
                     xsd_versie=XSD)


def provider_header(day: dt.date, code: str) -> iv.HeaderAanbieder:
    return iv.HeaderAanbieder(afzender="12345678", ontvanger="0855",
                              bericht_identificatie=ident(code, day), xsd_versie=XSD)


JANSEN = iv.VolledigeNaam(geslachtsnaam=iv.Achternaam(achternaam="Jansen"), voorletters="M",
                          naam_gebruik="1")
ADDRESS = iv.Contact(soort="01", adres=iv.Adres(
    huis=iv.Huis(huisnummer=12), postcode="5038AB", straatnaam="Stationsstraat",
    plaatsnaam="Tilburg", land_code="NL"))
DAGBESTEDING = iv.ToegewezenProduct(
    toewijzing_nummer=4711, product=iv.Product(categorie="07", code="07A01"),
    toewijzingsdatum=D(2026, 3, 2), toewijzingstijd=dt.time(10, 15), ingangsdatum=D(2026, 3, 9),
    einddatum=D(2026, 6, 30), omvang=iv.Omvang(volume=3, eenheid="04", frequentie="2"))


def example_301(**changes: Any) -> iv.Toewijzing:
    """Worked example 1 of the reference: dagbesteding, 3 hours a week."""
    client = iv.Client301(bsn="999990019", geboortedatum=iv.Geboortedatum(datum=D(1950, 5, 17)),
                          geslacht="2", naam=JANSEN, contactgegevens=[ADDRESS],
                          toegewezen_producten=[attrs.evolve(DAGBESTEDING, **changes)])
    return iv.Toewijzing(standard=iv.Standard.IWMO, header=header(), client=client)


def text_of(data: bytes, local: str) -> list[str]:
    from lxml import etree

    return [e.text or "" for e in etree.fromstring(data).iter() if
            isinstance(e.tag, str) and e.tag.endswith("}" + local)]


# -- the worked example, exactly --------------------------------------------------------------

def test_worked_example_301_is_written_as_the_reference_gives_it(schema_check: Check) -> None:
    data = iv.write(example_301(), today=D(2026, 3, 2))
    assert schema_check(data) == []
    assert text_of(data, "BerichtCode") == ["414"]
    assert text_of(data, "Afzender") == ["0855"] and text_of(data, "Ontvanger") == ["12345678"]
    assert text_of(data, "ToewijzingNummer") == ["4711"]
    assert text_of(data, "Categorie") == ["07"] and text_of(data, "Code") == ["07A01"]
    assert text_of(data, "Toewijzingstijd") == ["10:15:00"]
    assert text_of(data, "Volume") == ["3"] and text_of(data, "Frequentie") == ["2"]
    assert b"http://www.istandaarden.nl/iwmo/3_2/wmo301/schema" in data
    result = iv.read(data, today=D(2026, 3, 2))
    assert result.ok and result.message == example_301() and result.kind == "301"


def test_the_same_301_in_ijw_has_its_own_code_namespace_and_categories(schema_check: Check) -> None:
    message = attrs.evolve(example_301(), standard=iv.Standard.IJW)
    with pytest.raises(iv.MessageError) as refused:  # category 07 is a Wmo category
        iv.write(message)
    assert refused.value.rule == "XSD" and "JZ020" in str(refused.value)
    youth = example_301(product=iv.Product(categorie="45", code="45A48"))
    data = iv.write(attrs.evolve(youth, standard=iv.Standard.IJW))
    assert schema_check(data) == [] and text_of(data, "BerichtCode") == ["436"]
    assert b"http://www.istandaarden.nl/ijw/3_2/jw301/schema" in data


# -- every message type, written valid and read back exactly ----------------------------------

START = iv.StartZorg(standard=iv.Standard.IWMO, header=provider_header(D(2026, 3, 12), "ST1"),
                     client=iv.Client305(
    bsn="999990019", geboortedatum=iv.Geboortedatum(datum=D(1950, 5, 17)), geslacht="2",
    naam=iv.VerkorteNaam(geslachtsnaam=iv.Achternaam(achternaam="Jansen"), voorletters="M"),
    start_producten=[iv.StartProduct(toewijzing_nummer=4711, product=iv.Product(
        categorie="07", code="07A01"), toewijzing_ingangsdatum=D(2026, 3, 9),
        begindatum=D(2026, 3, 10), status_aanlevering="1")]))
STOP = iv.StopZorg(standard=iv.Standard.IJW, header=provider_header(D(2026, 5, 4), "SP1"),
                   client=iv.Client307(
    bsn="999990019", geboortedatum=iv.Geboortedatum(datum=D(2012, 1, 1), datum_gebruik="2"),
    geslacht="0", naam=iv.VerkorteNaam(geslachtsnaam=iv.Achternaam(achternaam="Vries",
                                                                   voorvoegsel="de")),
    stop_producten=[
        iv.StopProduct(toewijzing_nummer=12, begindatum=D(2026, 3, 10), reden_beeindiging="20",
                       einddatum=D(2026, 4, 1), status_aanlevering="1"),
        iv.StopProduct(toewijzing_nummer=12, begindatum=D(2026, 3, 10), reden_beeindiging="31",
                       einddatum=D(2026, 5, 1), status_aanlevering="3")]))
VOT = iv.VerzoekOmToewijzing(standard=iv.Standard.IJW, header=provider_header(D(2026, 5, 20),
                                                                              "VT260520001"),
                             client=iv.Client315(
    bsn="999990020", geboortedatum=iv.Geboortedatum(datum=D(2015, 11, 3)), geslacht="1",
    naam=iv.VerkorteNaam(geslachtsnaam=iv.Achternaam(achternaam="Vries", voorvoegsel="de"),
                         voorletters="PJ"), gezagsdrager_bekend="1",
    aangevraagde_producten=[iv.AangevraagdProduct(
        referentie_aanbieder="VOT-2026-0042", beschikking_nummer=80001234,
        product=iv.Product(categorie="45", code="45A12"), beschikking_ingangsdatum=D(2026, 5, 15),
        toewijzing_ingangsdatum=D(2026, 7, 1), toewijzing_einddatum=D(2026, 12, 31),
        omvang=iv.Omvang(volume=3, eenheid="04", frequentie="2"),
        verwijzer=iv.Verwijzer(type="02", zorgverlener_code="01234567"))]))
VOW = iv.VerzoekOmWijziging(standard=iv.Standard.IWMO, header=provider_header(D(2026, 5, 20),
                                                                               "VW1"),
                            client=iv.Client317(bsn="999990019", verzoek=iv.Verzoek(
    referentie_aanbieder="VOW-7", reden_verzoek="1",
    ongewijzigde_producten=[iv.OngewijzigdProduct(toewijzing_nummer=4711)],
    nieuwe_producten=[iv.NieuwProduct(product=iv.Product(categorie="02", code="02A01"),
                                      gewenste_ingangsdatum=D(2026, 6, 1),
                                      einddatum=D(2026, 12, 31),
                                      omvang=iv.Omvang(volume=4, eenheid="04", frequentie="2"))])))
ANSWER = iv.Antwoord319(standard=iv.Standard.IJW, header=header(D(2026, 5, 22), "AW1"),
                        antwoord=iv.Antwoord(referentie_aanbieder="VOT-2026-0042",
                                             verzoek_antwoord="1", reden_afwijzing_verzoek="8",
                                             woonplaatsbeginsel=iv.Woonplaatsbeginsel(
                                                 gemeente="0363")))


def line(ref: str, hours: int, month: int, dc: str = "D", vorig: str | None = None,
         ) -> iv.Prestatie:
    last = 30 if month in (4, 6) else 31
    return iv.Prestatie(
        product_referentie=iv.Referentie(referentie_nummer=ref, vorig_referentie_nummer=vorig),
        toewijzing_nummer=4711, product_categorie="07", product_code="07A01",
        product_periode=iv.GeslotenPeriode(begindatum=D(2026, month, 1),
                                           einddatum=D(2026, month, last)),
        geleverd_volume=hours, eenheid="04", product_tarief=5875,
        ingediend_bedrag=iv.BedragMetDC(bedrag=hours * 5875, debet_credit=dc))


# worked example 3: credit of April, new April debit, May debit; total 82250 D
MAY_LINES = [line("P2026000102", 13, 4, "C", "P2026000101"), line("P2026000103", 11, 4),
             line("P2026000104", 16, 5)]
DECLARATION = iv.Declaratie(standard=iv.Standard.IWMO, header=provider_header(D(2026, 6, 3),
                                                                               "DC260603001"),
                            declaratie=iv.DeclaratieKlasse(
    declaratie_nummer="D20260501",
    declaratie_periode=iv.GeslotenPeriode(begindatum=D(2026, 5, 1), einddatum=D(2026, 5, 31)),
    declaratie_dagtekening=D(2026, 6, 3),
    totaal_ingediend_bedrag=iv.TotaalBedragMetDC(totaal_bedrag=82250, debet_credit="D"),
    clienten=[iv.Client323(bsn="999990019", prestaties=MAY_LINES)]))
# worked example 4: line C rejected with 9321; 11750 C approved
ANSWER_325_KLASSE = iv.DeclaratieAntwoordKlasse(
    declaratie_nummer="D20260501",
    totaal_ingediend_bedrag=iv.TotaalBedragMetDC(totaal_bedrag=82250, debet_credit="D"),
    totaal_toegekend_bedrag=iv.TotaalBedragMetDC(totaal_bedrag=11750, debet_credit="C"),
    clienten=[iv.Client325(bsn="999990019", prestaties=[
        iv.Prestatie325.of(MAY_LINES[2], ("9321",))], retour_codes=["0200"])],
    retour_codes=["0200"])
ANSWER_325 = iv.DeclaratieAntwoord(standard=iv.Standard.IWMO, header=iv.Header325(
    afzender="0855", ontvanger="12345678", bericht_identificatie=ident("DA260610001", D(2026, 6, 10)),
    xsd_versie=XSD, declaratie_identificatie=ident("DC260603001", D(2026, 6, 3)),
    xsd_versie_declaratie=XSD, retour_codes=["0200"]),
    declaratie_antwoord=ANSWER_325_KLASSE)
RETOUR = iv.Retour.of(START, identificatie="R1", dagtekening=D(2026, 3, 13))

ALL = [example_301(), START, STOP, VOT, VOW, ANSWER, DECLARATION, ANSWER_325, RETOUR]


@pytest.mark.parametrize("message", ALL, ids=lambda m: m.name)
def test_every_message_type_is_valid_and_reads_back_exactly(message: iv.Message,
                                                            schema_check: Check) -> None:
    data = iv.write(message, today=D(2026, 12, 1))
    assert schema_check(data) == []
    result = iv.read(data, today=D(2026, 12, 1))
    assert result.breaches == ()
    assert result.message == message


def test_declaration_amounts_follow_the_worked_examples() -> None:
    assert DECLARATION.declaratie.totaal_ingediend_bedrag.signed == Money.cents(82250)
    assert sum((ln.ingediend_bedrag.signed for _, ln in DECLARATION.prestaties()),
               Money.cents(0)) == Money.cents(82250)
    da = ANSWER_325.declaratie_antwoord
    assert da is not None and da.totaal_toegekend_bedrag.signed == Money.cents(-11750)
    # TR342: rejected lines = ingediend - toegekend = 82250 - (-11750) = 94000
    assert da.clienten[0].prestaties[0].ingediend_bedrag.bedrag == 94000


def test_retour_codes_and_withdrawn_and_temporary_stops_survive_reading() -> None:
    result = iv.read(iv.write(STOP))
    assert isinstance(result.message, iv.StopZorg)
    stops = result.message.client.stop_producten
    assert [s.status_aanlevering for s in stops] == ["1", "3"]  # a withdrawal is kept
    assert stops[0].temporary and stops[0].reden_beeindiging == "20"
    retour = iv.read(iv.write(RETOUR)).message
    assert isinstance(retour, iv.Retour) and retour.bericht_code == "419"
    assert retour.header.afzender == "12345678"  # the heen roles are kept (IV028)


# -- the writer refuses, naming the rule; the reader reports the same --------------------------

REFUSED = [
    ("CD041", example_301(omvang=None)),
    ("CD076", example_301(einddatum=None)),
    ("CD077", example_301(budget=100)),
    ("CS003", example_301(einddatum=D(2026, 3, 1))),
    ("CS335", example_301(reden_wijziging="13")),
    ("CS336", example_301(reden_wijziging="01")),
    ("CS338", example_301(omvang=iv.Omvang(volume=2, eenheid="14", frequentie="1"))),
    ("TR134", example_301(toewijzingsdatum=D(2026, 3, 3))),
    ("CD080", example_301(product=iv.Product(categorie="07"))),
    ("CS002", attrs.evolve(example_301(), client=attrs.evolve(example_301().client,
                                                              bsn="123456789"))),
    ("TR101", attrs.evolve(example_301(), client=attrs.evolve(
        example_301().client, toegewezen_producten=(DAGBESTEDING, attrs.evolve(
            DAGBESTEDING, ingangsdatum=D(2026, 7, 1), einddatum=D(2026, 8, 31)))))),
    ("TR302", attrs.evolve(example_301(), client=attrs.evolve(
        example_301().client, toegewezen_producten=(DAGBESTEDING, attrs.evolve(
            DAGBESTEDING, toewijzing_nummer=4712))))),
    ("TR061", attrs.evolve(example_301(), client=attrs.evolve(
        example_301().client, contactgegevens=(attrs.evolve(ADDRESS, soort="04"),)))),
    ("CS058", attrs.evolve(START, client=attrs.evolve(START.client, start_producten=(
        attrs.evolve(START.client.start_producten[0], status_aanlevering="2"),)))),
    ("TR101", attrs.evolve(START, client=attrs.evolve(START.client, start_producten=(
        START.client.start_producten[0], START.client.start_producten[0])))),
    ("TR018", attrs.evolve(STOP, client=attrs.evolve(STOP.client, stop_producten=(
        attrs.evolve(STOP.client.stop_producten[0], einddatum=D(2026, 3, 1)),)))),
    ("TR377", attrs.evolve(ANSWER, antwoord=attrs.evolve(ANSWER.antwoord,
                                                          woonplaatsbeginsel=None))),
    ("CD085", attrs.evolve(ANSWER, antwoord=iv.Antwoord(referentie_aanbieder="X",
                                                         verzoek_antwoord="1"))),
    ("TR358", attrs.evolve(DECLARATION, declaratie=attrs.evolve(
        DECLARATION.declaratie, totaal_ingediend_bedrag=iv.TotaalBedragMetDC(
            totaal_bedrag=82251, debet_credit="D")))),
    ("TR316", attrs.evolve(DECLARATION, declaratie=attrs.evolve(
        DECLARATION.declaratie, clienten=(iv.Client323(bsn="999990019", prestaties=[
            line("P1", 13, 4), line("P2", 13, 4, "C", "P1")]),),
        totaal_ingediend_bedrag=iv.TotaalBedragMetDC(totaal_bedrag=0, debet_credit="D")))),
    ("CS340", attrs.evolve(DECLARATION, declaratie=attrs.evolve(
        DECLARATION.declaratie, declaratie_periode=iv.GeslotenPeriode(
            begindatum=D(2026, 5, 2), einddatum=D(2026, 5, 31))))),
    ("TR342", attrs.evolve(ANSWER_325, declaratie_antwoord=attrs.evolve(
        ANSWER_325_KLASSE, totaal_toegekend_bedrag=iv.TotaalBedragMetDC(
            totaal_bedrag=11750, debet_credit="D")))),
]


@pytest.mark.parametrize(("rule", "message"), REFUSED, ids=[r for r, _ in REFUSED])
def test_the_writer_refuses_a_broken_rule_and_the_reader_reports_it(
        rule: str, message: iv.Message) -> None:
    with pytest.raises(iv.MessageError) as refused:
        iv.write(message, today=D(2026, 12, 1))
    assert rule in {b.rule for b in refused.value.breaches}  # type: ignore[attr-defined]
    assert rule in str(refused.value)
    # the same message written without checks is read with the breach as retourcode 0001
    result = iv.read(iv.codec.to_xml(message), today=D(2026, 12, 1))
    assert rule in {b.rule for b in result.breaches}
    assert result.retour_codes == ("0001",)


def test_a_message_dated_after_today_is_refused_with_8848() -> None:
    with pytest.raises(iv.MessageError) as refused:
        iv.write(example_301(), today=D(2026, 3, 1))
    assert refused.value.rule == "TR135"
    assert iv.read(iv.codec.to_xml(example_301()), today=D(2026, 3, 1)).retour_codes == ("8848",)


@pytest.mark.parametrize("bad", [
    lambda: iv.Header(afzender="855", ontvanger="12345678",
                      bericht_identificatie=ident("X", D(2026, 1, 1)), xsd_versie=XSD),
    lambda: ident(" ", D(2026, 1, 1)),
    lambda: ident("abc\n", D(2026, 1, 1)),
    lambda: iv.Header(afzender="0855\n", ontvanger="12345678",
                      bericht_identificatie=ident("X", D(2026, 1, 1)), xsd_versie=XSD),
    lambda: iv.Achternaam(achternaam=""),
    lambda: iv.Achternaam(achternaam="x" * 201),
    lambda: iv.Achternaam(achternaam="Jan\x01sen"),
    lambda: iv.Client301(bsn="٠٨٥٥٠٨٥٥٠", geboortedatum=iv.Geboortedatum(datum=D(2000, 1, 1)),
                         geslacht="1", naam=JANSEN, contactgegevens=[ADDRESS],
                         toegewezen_producten=[DAGBESTEDING]),
    lambda: iv.VolledigeNaam(geslachtsnaam=iv.Achternaam(achternaam="Jansen"),
                             voorletters="M.", naam_gebruik="1"),
    lambda: attrs.evolve(DAGBESTEDING, toewijzing_nummer=1_000_000_000),
    lambda: attrs.evolve(DAGBESTEDING, toewijzing_nummer="h4-000028-a1"),  # type: ignore[arg-type]
])
def test_facets_are_refused_when_a_message_object_is_built(bad: Callable[[], object]) -> None:
    with pytest.raises(iv.MessageError) as refused:
        bad()
    assert refused.value.rule.startswith(("RS", "XSD"))


# -- what the reader reports ---------------------------------------------------------------------

def read_edited(old: bytes, new: bytes, message: iv.Message | None = None) -> iv.ReadResult:
    data = iv.codec.to_xml(message or example_301())
    assert old in data
    return iv.read(data.replace(old, new, 1))


@pytest.mark.parametrize(("old", "new", "rule"), [
    (b"<wmo301:BerichtVersie>3<", b"<wmo301:BerichtVersie>4<", "CS025"),
    (b"<wmo301:BerichtSubversie>2<", b"<wmo301:BerichtSubversie>03<", "CS015"),
    (b"<wmo301:BerichtCode>414<", b"<wmo301:BerichtCode>436<", "RS047"),
    (b"<wmo301:Bsn>999990019<", b"<wmo301:Bsn>abc<", "RS037"),
    (b"<wmo301:Ingangsdatum>2026-03-09<", b"<wmo301:Ingangsdatum>20260309<", "RS032"),
    (b"<wmo301:Ingangsdatum>2026-03-09<", b"<wmo301:Ingangsdatum>2026-02-30<", "XSD"),
    (b"<wmo301:Geslacht>2</wmo301:Geslacht>",
     b"<wmo301:Geslacht>2</wmo301:Geslacht><wmo301:Extra>x</wmo301:Extra>", "XSD"),
    (b"<wmo301:Geslacht>2<", b"<wmo301:Geslacht>7<", "XSD"),
    (b"<iwmo:Achternaam>Jansen<", b"<iwmo:Achternaam> <", "RS033"),
    (b"<wmo301:ToewijzingNummer>4711<", b"<wmo301:ToewijzingNummer>h4-000028-a1<", "XSD"),
])
def test_the_reader_reports_breaches_with_rule_and_retourcode(old: bytes, new: bytes,
                                                              rule: str) -> None:
    result = read_edited(old, new)
    assert result.message is None
    assert rule in {b.rule for b in result.breaches}
    assert all(b.retour_code == "0001" and b.path.startswith("/Bericht") for b in result.breaches)


def test_status_2_is_reported_as_cs058() -> None:
    result = read_edited(b"<wmo305:StatusAanlevering>1<", b"<wmo305:StatusAanlevering>2<", START)
    assert result.message is not None and {b.rule for b in result.breaches} == {"CS058"}


def test_a_missing_element_and_an_element_out_of_order_are_named() -> None:
    result = read_edited(b"<wmo301:Geslacht>2</wmo301:Geslacht>", b"")
    assert any("Geslacht" in b.path and b.rule == "XSD" for b in result.breaches)


# -- hostile input ---------------------------------------------------------------------------------

VALID = iv.codec.to_xml(example_301())
BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<lolz>&lol3;</lolz>"""
SPOOF = VALID.replace(b"<?xml version='1.0' encoding='UTF-8'?>",
                      b"<?xml version='1.0'?><!DOCTYPE Bericht [<!ENTITY id 'SPOOFED'>]>").replace(
    b"<iwmo:Identificatie>TW260302001<", b"<iwmo:Identificatie>&id;<")
EXTERNAL = VALID.replace(b"<?xml version='1.0' encoding='UTF-8'?>",
                         b"<?xml version='1.0'?><!DOCTYPE Bericht [<!ENTITY x SYSTEM "
                         b"'file:///etc/passwd'>]>").replace(b">Jansen<", b">&x;<")


def test_utf8_and_utf16_with_and_without_bom_read_the_same_message() -> None:
    text = VALID.decode("utf-8").replace("encoding='UTF-8'", "encoding='UTF-16'")
    for data in (VALID, b"\xef\xbb\xbf" + VALID, text.encode("utf-16"),
                 text.encode("utf-16-le"), text.encode("utf-16-be")):
        result = iv.read(data)
        assert result.ok and result.message == example_301()


@pytest.mark.parametrize("data", [
    SPOOF, SPOOF.decode("utf-8").encode("utf-16"), SPOOF.decode("utf-8").encode("utf-16-le"),
    EXTERNAL, EXTERNAL.decode("utf-8").encode("utf-16-be"), BILLION_LAUGHS,
    BILLION_LAUGHS.decode().encode("utf-16"),
], ids=["entity", "entity-utf16-bom", "entity-utf16-le", "external", "external-utf16-be",
        "billion-laughs", "billion-laughs-utf16"])
def test_a_document_type_declaration_is_refused_in_any_encoding(data: bytes) -> None:
    with pytest.raises(iv.UnreadableMessage, match="DOCTYPE"):
        iv.read(data)


def test_deep_nesting_is_unreadable_not_a_crash() -> None:
    deep = b"<a>" * 100_000 + b"</a>" * 100_000
    with pytest.raises(iv.UnreadableMessage, match="well-formed"):
        iv.read(deep)


def test_25_mb_is_refused_before_parsing() -> None:
    big = VALID.replace(b"</wmo301:Bericht>", b"<!--" + b"x" * (25 * 1024 * 1024) + b"-->"
                        + b"</wmo301:Bericht>")
    with pytest.raises(iv.UnreadableMessage, match="25 MB"):
        iv.read(big)


@pytest.mark.parametrize(("data", "words"), [
    (VALID.decode(), "bytes, not text"),
    (b"\xff\xfe\x00", "not valid UTF-16"),
    (b"<?xml version='1.0'?><a>\xe9</a>", "not valid UTF-8"),
    (b"<?xml version='1.0' encoding='ISO-8859-1'?><a/>", "not supported"),
    (b"", "empty"),
    (b"<Bericht>", "well-formed"),
])
def test_input_that_is_no_message_is_a_clear_error(data: bytes, words: str) -> None:
    with pytest.raises(iv.UnreadableMessage, match=words):
        iv.read(data)


def test_an_unknown_message_is_a_breach_not_an_exception() -> None:
    result = iv.read(b"<x:Bericht xmlns:x='urn:other'/>")
    assert result.message is None and result.kind is None
    assert result.breaches[0].rule == "XSD" and result.retour_codes == ("0001",)


# -- generated allocations of both laws ------------------------------------------------------------

CATALOG = Catalog(
    arrangements=(
        Arrangement("wmo-begeleiding", "Begeleiding", "s", {Law.WMO}, unit=Unit.HOUR,
                    product_code="02A01", product_category="02"),
        Arrangement("jw-ambulant", "Ambulant", "s", {Law.JEUGDWET}, unit=Unit.HOUR,
                    product_code="45A48", product_category="45"),
        Arrangement("respijt", "Respijt", "s", {Law.WMO, Law.JEUGDWET},
                    product_code="04R01", product_category="04",
                    youth_product_category="44", youth_product_code="44R01"),
    ),
    segments=(Segment("s", "S"),),
)


@st.composite
def households_with_allocations(draw: st.DrawFn) -> tuple[Household, list[Allocation]]:
    birth = draw(sds.dates(D(1930, 1, 1), D(2020, 1, 1)))
    person = Person("c1", birth, Bsn(draw(st.sampled_from(["999990019", "999990020",
                                                             "123456782"]))), gender=draw(st.sampled_from(Gender)),
                    names=draw(sds.person_names), address=draw(sds.addresses))
    household = Household("h1", Municipality("0855", "Tilburg"), (person,))
    arrangement = draw(st.sampled_from(CATALOG.arrangements))
    allocations = []
    start = draw(sds.dates(D(2021, 1, 1), D(2026, 1, 1)))
    for n in range(draw(st.integers(1, 3))):
        begin = start + dt.timedelta(days=400 * n)
        end = begin + dt.timedelta(days=draw(st.integers(1, 399)))
        volume = draw(st.none() | st.integers(1, 40).map(Decimal))
        budget = draw(st.none() | sds.money(1, 5_000_000)) if volume is None else None
        allocations.append(Allocation(
            f"a{n}", "h1", "c1", arrangement.code, "p1", Period(begin, end),
            decided_on=begin - dt.timedelta(days=draw(st.integers(0, 30))),
            volume=volume, unit=Unit.HOUR if volume is not None else None,
            frequency=draw(st.sampled_from(Frequency)) if volume is not None else None,
            budget=budget, number=n + 1,
            decided_at=draw(st.times().map(lambda t: t.replace(microsecond=0))),
            change_reason=draw(st.none() | st.sampled_from(["03", "05", "12"])),
            extended_youth_care=False))
    return household, allocations


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.large_base_example])
@given(households_with_allocations())
def test_generated_allocations_of_both_laws_are_valid_301s(
        schema_check: Check, case: tuple[Household, list[Allocation]]) -> None:
    """Allocations of one client: a 301 per law (an arrangement under both laws falls
    under the Jeugdwet before the 18th birthday and the Wmo after it), each valid against
    the standard and read back as written."""
    household, allocations = case
    person = household.members[0]
    by_law: dict[Law, list[Allocation]] = {}
    for allocation in allocations:
        by_law.setdefault(build.law_of(allocation, CATALOG, person), []).append(allocation)
    if len(by_law) > 1:  # one 301 cannot hold both laws: the builder says so
        with pytest.raises(iv.MessageError, match="both laws"):
            build.toewijzing(household, allocations, catalog=CATALOG, aanbieder="12345678",
                             identificatie="TW1", dagtekening=D(2030, 1, 1))
    for law, group in by_law.items():
        message = build.toewijzing(household, group, catalog=CATALOG, aanbieder="12345678",
                                   identificatie="TW1", dagtekening=D(2030, 1, 1))
        assert message.standard is build.standard_of(law)
        data = iv.write(message, today=D(2030, 1, 1))
        assert schema_check(data) == []
        assert iv.read(data).message == message
        products = message.client.toegewezen_producten
        assert [p.toewijzing_nummer for p in products] == [a.number for a in group]
        for product, allocation in zip(products, group, strict=True):
            assert product.ingangsdatum == allocation.period.start
            assert product.einddatum == allocation.period.end - dt.timedelta(days=1)
            if allocation.budget is not None:
                assert product.budget == allocation.budget.amount_cents and product.omvang is None
            if product.product is not None:
                expected = {"02", "04"} if law is Law.WMO else {"45", "44"}
                assert product.product.categorie in expected


def test_a_person_without_what_a_301_needs_is_named() -> None:
    person = Person("c1", D(1950, 1, 1))
    household = Household("h1", Municipality("0855", "Tilburg"), (person,))
    allocation = Allocation("a1", "h1", "c1", "wmo-begeleiding", "p1",
                            Period(D(2026, 1, 1), D(2026, 7, 1)), number=7)
    with pytest.raises(iv.MessageError, match="no BSN"):
        build.toewijzing(household, [allocation], catalog=CATALOG, aanbieder="12345678",
                         identificatie="T", dagtekening=D(2026, 1, 1))
    named = attrs.evolve(person, bsn=Bsn("999990019"), names=PersonName("Jansen"))
    household = Household("h1", Municipality("0855", "Tilburg"), (named,))
    with pytest.raises(iv.MessageError, match="TR061"):
        build.toewijzing(household, [allocation], catalog=CATALOG, aanbieder="12345678",
                         identificatie="T", dagtekening=D(2026, 1, 1))
    household = Household("h1", Municipality("0855", "Tilburg"), (attrs.evolve(
        named, address=Address("5038AB", 12)),))
    with pytest.raises(iv.MessageError, match="TR332"):
        build.toewijzing(household, [attrs.evolve(allocation, number=None)], catalog=CATALOG,
                         aanbieder="12345678", identificatie="T", dagtekening=D(2026, 1, 1))


@pytest.mark.parametrize(("old", "new"), [
    (b"<wmo301:BerichtVersie>3<", b"<wmo301:BerichtVersie>4<"),
    (b"<wmo301:Geslacht>2</wmo301:Geslacht>", b""),
    (b"<iwmo:Achternaam>Jansen<", b"<iwmo:Achternaam>" + b"x" * 201 + b"<"),
    (b"<iwmo:Voorletters>M<", b"<iwmo:Voorletters>M.<"),
    (b"<wmo301:Bsn>999990019<", b"<wmo301:Bsn>99999001<"),
    (b"<iwmo:Categorie>07<", b"<iwmo:Categorie>45<"),
    (b"<wmo301:Toewijzingstijd>10:15:00<", b"<wmo301:Toewijzingstijd>10:15:00Z<"),
    (b"<wmo301:ToewijzingNummer>4711<", b"<wmo301:ToewijzingNummer>1000000000<"),
])
def test_the_independent_checker_finds_what_breaks_the_schema(old: bytes, new: bytes,
                                                              schema_check: Check) -> None:
    data = iv.codec.to_xml(example_301())
    assert schema_check(data) == [] and old in data
    assert schema_check(data.replace(old, new, 1)) != []


# -- the reader never raises for content -------------------------------------------------------

_ODD_TEXT = st.one_of(
    st.sampled_from(["", " ", "0", "-1", "+7", "99999999999999999999999", "0001-01-01",
                     "9999-12-31", "2026-02-29", "24:00:00", "1", "2", "3", "9", "C", "D",
                     "NL", "0200", "x" * 300, "\u00e9", "12:00:00.1234567", "1.0.0"]),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=20),
)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(ALL), st.integers(0, 10_000), _ODD_TEXT, st.booleans())
def test_any_leaf_value_is_a_breach_or_a_message_never_an_exception(
        message: iv.Message, index: int, value: str, drop: bool) -> None:
    from lxml import etree

    root = etree.fromstring(iv.write(message, today=D(2026, 12, 1)))
    leaves = [e for e in root.iter() if isinstance(e.tag, str) and len(e) == 0]
    leaf = leaves[index % len(leaves)]
    if drop:
        parent = leaf.getparent()
        assert parent is not None
        parent.remove(leaf)
    else:
        leaf.text = value
    result = iv.read(etree.tostring(root), today=D(2026, 12, 1))
    assert result.message is not None or result.breaches
    assert all(b.retour_code in iv.RETOUR_CODES for b in result.breaches)


def test_start_and_stop_from_care_events_use_the_reason_codes_of_their_standard(
        schema_check: Check) -> None:
    from sociaaldomein import Start, Stop, StopReason

    child = Person("k1", D(2015, 1, 1), Bsn("999990019"), names=PersonName("Vries", "de"),
                   address=Address("5038AB", 12))
    household = Household("h1", Municipality("0855", "Tilburg"), (child,))
    youth = Allocation("a1", "h1", "k1", "jw-ambulant", "p1", Period(D(2026, 1, 1),
                                                                      D(2026, 7, 1)),
                       number=12, volume=Decimal(2), unit=Unit.HOUR,
                       frequency=Frequency.PER_WEEK)
    start = Start("a1", D(2026, 1, 5))
    started = build.start_zorg(household, youth, start, catalog=CATALOG, aanbieder="12345678",
                               identificatie="S1", dagtekening=D(2026, 1, 6))
    assert started.name == "JW305" and schema_check(iv.write(started)) == []
    assert started.client.start_producten[0].product == iv.Product(categorie="45", code="45A48")
    stop = Stop("a1", D(2026, 4, 1), StopReason.COMPLETED)
    stopped = build.stop_zorg(household, youth, start, stop, catalog=CATALOG,
                              aanbieder="12345678", identificatie="S2", dagtekening=D(2026, 4, 2))
    product = stopped.client.stop_producten[0]
    assert product.reden_beeindiging == "31"            # iJw: volgens plan beeindigd
    assert build.reason_code(StopReason.COMPLETED, iv.Standard.IWMO) == "19"
    assert build.reason_code(StopReason.MOVED, iv.Standard.IWMO) == "31"  # iWmo: verhuizing
    assert product.einddatum == D(2026, 3, 31)          # the last day of care
    assert iv.read(iv.write(stopped)).message == stopped
    temporary = build.stop_zorg(household, youth, start, stop, catalog=CATALOG,
                                aanbieder="12345678", identificatie="S3",
                                dagtekening=D(2026, 4, 2), temporary=True)
    assert temporary.client.stop_producten[0].temporary
    assert build.stop_reason("20", iv.Standard.IJW) is None
    assert build.stop_reason("31", iv.Standard.IJW) is StopReason.COMPLETED
    assert build.stop_reason("31", iv.Standard.IWMO) is StopReason.MOVED
