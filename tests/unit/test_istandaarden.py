"""iWmo 3.2 start (WMO305) and stop (WMO307) messages."""

from __future__ import annotations

import datetime as dt

import pytest

from sociaaldomein import Bsn, InvalidInput, Person, Start, Stop, StopReason
from sociaaldomein.io.istandaarden import (
    REASON_CODES,
    MessageHeader,
    read_start_stop,
    reason_from_code,
    reason_to_code,
    write_start,
    write_stop,
)

D = dt.date
CLIENT = Person("c1", D(1967, 8, 13), Bsn("999900006"))
HEADER = MessageHeader("65656055", "0363", "123456789013", D(2025, 4, 4))

# A stop message shaped as the iWmo 3.2 standard prescribes (berichtcode 420).
STOP_MESSAGE = b"""<?xml version="1.0" encoding="UTF-8"?>
<wmo307:Bericht xmlns:iwmo="http://www.istandaarden.nl/iwmo/3_2/basisschema/schema"
    xmlns:wmo307="http://www.istandaarden.nl/iwmo/3_2/wmo307/schema">
  <wmo307:Header>
    <wmo307:BerichtCode>420</wmo307:BerichtCode>
    <wmo307:BerichtVersie>3</wmo307:BerichtVersie>
    <wmo307:BerichtSubversie>2</wmo307:BerichtSubversie>
    <wmo307:Afzender>65656055</wmo307:Afzender>
    <wmo307:Ontvanger>0363</wmo307:Ontvanger>
    <wmo307:BerichtIdentificatie>
      <iwmo:Identificatie>MSG-1</iwmo:Identificatie>
      <iwmo:Dagtekening>2025-06-02</iwmo:Dagtekening>
    </wmo307:BerichtIdentificatie>
    <wmo307:XsdVersie>
      <iwmo:BasisschemaXsdVersie>1.0.0</iwmo:BasisschemaXsdVersie>
      <iwmo:BerichtXsdVersie>1.0.0</iwmo:BerichtXsdVersie>
    </wmo307:XsdVersie>
  </wmo307:Header>
  <wmo307:Client>
    <wmo307:Bsn>999900006</wmo307:Bsn>
    <wmo307:Geboortedatum><iwmo:Datum>1967-08-13</iwmo:Datum></wmo307:Geboortedatum>
    <wmo307:Geslacht>1</wmo307:Geslacht>
    <wmo307:Naam><iwmo:Geslachtsnaam><iwmo:Achternaam>Wit</iwmo:Achternaam></iwmo:Geslachtsnaam></wmo307:Naam>
    <wmo307:StopProducten>
      <wmo307:StopProduct>
        <wmo307:ToewijzingNummer>300201</wmo307:ToewijzingNummer>
        <wmo307:Begindatum>2025-04-03</wmo307:Begindatum>
        <wmo307:RedenBeeindiging>21</wmo307:RedenBeeindiging>
        <wmo307:Einddatum>2025-05-31</wmo307:Einddatum>
        <wmo307:StatusAanlevering>1</wmo307:StatusAanlevering>
      </wmo307:StopProduct>
      <wmo307:StopProduct>
        <wmo307:ToewijzingNummer>300202</wmo307:ToewijzingNummer>
        <wmo307:Begindatum>2025-04-04</wmo307:Begindatum>
        <wmo307:RedenBeeindiging>19</wmo307:RedenBeeindiging>
        <wmo307:Einddatum>2025-05-31</wmo307:Einddatum>
        <wmo307:StatusAanlevering>3</wmo307:StatusAanlevering>
      </wmo307:StopProduct>
    </wmo307:StopProducten>
  </wmo307:Client>
</wmo307:Bericht>
"""


def test_read_stop_message() -> None:
    """Einddatum 31 May is the last day of care: the stop is on 1 June; code 21 is a
    unilateral end by the client; a product with status 3 (verwijderen) is left out."""
    header, events = read_start_stop(STOP_MESSAGE, "stop.xml")
    assert header == MessageHeader("65656055", "0363", "MSG-1", D(2025, 6, 2))
    assert events == [Stop("300201", D(2025, 6, 1), StopReason.CLIENT_UNILATERAL)]


def test_write_and_read_round_trip() -> None:
    starts = [Start("A-1", D(2025, 4, 3)), Start("A-2", D(2025, 4, 4))]
    assert read_start_stop(write_start(HEADER, CLIENT, "Wit", starts))[1] == starts
    stops = [(Stop("A-1", D(2025, 7, 1), reason), D(2025, 4, 3)) for reason in StopReason]
    _, events = read_start_stop(write_stop(HEADER, CLIENT, "Wit", stops))
    assert [e.date for e in events] == [D(2025, 7, 1)] * len(stops)
    # every reason maps to a code that maps back to the same five-category drop-out
    for (stop, _), event in zip(stops, events, strict=True):
        assert isinstance(event, Stop)
        assert event.reason.dropout_category == stop.reason.dropout_category


def test_code_list() -> None:
    assert reason_from_code("02") is StopReason.DECEASED
    assert reason_from_code("31") is StopReason.MOVED
    assert reason_to_code(StopReason.COMPLETED) == "19"
    assert set(REASON_CODES) == {"02", "19", "20", "21", "22", "23", "31", "36", "37", "38", "39"}


@pytest.mark.parametrize(("data", "message"), [
    (STOP_MESSAGE.replace(b"<wmo307:RedenBeeindiging>21", b"<wmo307:RedenBeeindiging>99"), "RedenBeeindiging"),
    (STOP_MESSAGE.replace(b">420<", b">418<"), "BerichtCode"),
    (STOP_MESSAGE.replace(b"2025-05-31", b"2025-02-30", 1), "not a date"),
    (STOP_MESSAGE[:400], "malformed XML"),
    (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>', "not allowed"),
    (b"<Bericht/>", "not an iWmo"),
])
def test_bad_messages_name_the_problem(data: bytes, message: str) -> None:
    with pytest.raises(InvalidInput) as err:
        read_start_stop(data, "in.xml")
    assert message in str(err.value) and "in.xml" in str(err.value)


def test_writer_refuses_a_client_without_bsn() -> None:
    with pytest.raises(InvalidInput, match="BSN"):
        write_start(HEADER, Person("c2", D(1980, 1, 1)), "Jansen", [Start("A", D(2025, 1, 1))])
