"""``sociaaldomein messages read``: JSON per message (exit 0), breaches with retourcodes
(exit 1), an unreadable file (exit 2), never a traceback."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from sociaaldomein.cli.main import main
from sociaaldomein.io import istandaarden as iv

D = dt.date
XSD = iv.XsdVersie(basisschema_xsd_versie="1.0.0", bericht_xsd_versie="1.0.0")
ANSWER = iv.Antwoord319(
    standard=iv.Standard.IWMO,
    header=iv.Header(afzender="0855", ontvanger="12345678", xsd_versie=XSD,
                     bericht_identificatie=iv.BerichtIdentificatie(identificatie="AW1",
                                                                   dagtekening=D(2026, 5, 22))),
    antwoord=iv.Antwoord(referentie_aanbieder="VOT-2026-0042", verzoek_antwoord="2"))


def test_a_valid_message_is_printed_as_json(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "319.xml"
    path.write_bytes(iv.write(ANSWER))
    assert main(["messages", "read", str(path), "--today", "2026-06-01"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["kind"] == "319" and out["standard"] == "iwmo" and "breaches" not in out
    assert out["message"]["antwoord"] == {"referentie_aanbieder": "VOT-2026-0042",
                                          "verzoek_antwoord": "2"}


def test_breaches_are_printed_with_rules_and_retourcodes(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    good, bad = tmp_path / "good.xml", tmp_path / "bad.xml"
    good.write_bytes(iv.write(ANSWER))
    broken = iv.Antwoord319(standard=ANSWER.standard, header=ANSWER.header,
                            antwoord=iv.Antwoord(referentie_aanbieder="X", verzoek_antwoord="1"))
    bad.write_bytes(iv.codec.to_xml(broken))
    assert main(["messages", "read", str(good), str(bad), "--today", "2026-06-01"]) == 1
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [x["file"] for x in lines] == [str(good), str(bad)]
    assert lines[1]["retour_codes"] == ["0001"]
    assert lines[1]["breaches"][0]["rule"] == "CD085"
    assert lines[1]["breaches"][0]["path"] == "/Bericht/Antwoord/RedenAfwijzingVerzoek"


def test_a_message_after_today_gets_8848(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "319.xml"
    path.write_bytes(iv.write(ANSWER))
    assert main(["messages", "read", str(path), "--today", "2026-05-01"]) == 1
    assert json.loads(capsys.readouterr().out)["retour_codes"] == ["8848"]


@pytest.mark.parametrize("content", [
    None, b"", b"<a>", b'<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>', b"\xff\xfe<\x00a\x00",
])
def test_an_unreadable_file_exits_2_and_the_others_are_still_read(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | None) -> None:
    good, bad = tmp_path / "good.xml", tmp_path / "bad.xml"
    good.write_bytes(iv.write(ANSWER))
    if content is not None:
        bad.write_bytes(content)
    assert main(["messages", "read", str(bad), str(good), "--today", "2026-06-01"]) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith(f"error: {bad}")
    assert "Traceback" not in captured.err
    assert json.loads(captured.out)["file"] == str(good)


def test_a_bad_today_is_an_input_error(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["messages", "read", str(tmp_path / "x.xml"), "--today", "2026-13-01"]) == 2
    assert "--today" in capsys.readouterr().err
