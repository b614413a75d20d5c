"""Declarations (323) checked and answered (325), and the providers played for a month.

The identity: for clean declarations the accepted total equals the library's own
settlement of the month (what it pays providers per allocation), in every region, over
hypothesis-generated caseloads. Every planted fault kind is rejected with its retourcode
and nothing else is; every message written passes the independent schema checker of the
messages' tests and the in-message rules.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import tempfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sociaaldomein import Caseload, Money, Month, settle
from sociaaldomein.cli.main import main
from sociaaldomein.errors import InvalidValue
from sociaaldomein.exchange.answer import ANSWERERS, Run, answer, assume_sent
from sociaaldomein.exchange.declarations import (
    declarable,
    hourly_minutes_amount,
    iso_weeks,
)
from sociaaldomein.exchange.ledger import Ledger
from sociaaldomein.exchange.parties import agb_code
from sociaaldomein.exchange.simulate import FAULT_KINDS, Simulation, simulate
from sociaaldomein.io import istandaarden as iv
from sociaaldomein.io.files import write_caseload
from sociaaldomein.io.istandaarden.messages import (
    BerichtIdentificatie,
    Declaratie,
    DeclaratieAntwoord,
    Message,
)
from sociaaldomein.model.caseload import Delivery
from sociaaldomein.model.catalog import Frequency, Unit
from sociaaldomein.model.funding import PriceQuantity
from sociaaldomein.model.household import Address, Bsn, Gender, PersonName
from sociaaldomein.policy.registry import default_registry
from sociaaldomein.synth import generate
from sociaaldomein.testing.strategies import caseloads_for

REGISTRY = default_registry()
REGIONS = sorted(p.code for p in REGISTRY.policies())


def _load_checker() -> ModuleType:
    path = Path(__file__).parent.parent / "unit" / "istandaarden" / "conftest.py"
    spec = importlib.util.spec_from_file_location("istandaarden_schema_checker", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_CHECKER = _load_checker()


def schema_problems(data: bytes) -> list[str]:
    problems: list[str] = _CHECKER.schema_problems(data)
    return problems


def _valid(message: Message, today: dt.date) -> None:
    """Written (the writer refuses a breach of an in-message rule), passes the independent
    schema checker, and reads back as written without breaches."""
    data = iv.write(message, today=today)
    assert schema_problems(data) == [], message.name
    result = iv.read(data, today=today)
    assert result.ok and result.message == message


# -- hand-checked figures -------------------------------------------------------------------

def test_minutes_at_an_hourly_tariff_round_half_up() -> None:
    # worked example 2: 790 minutes at EUR 58.75 an hour is EUR 773.54 (77354.17 cents)
    assert hourly_minutes_amount(5875, 790) == 77354
    assert hourly_minutes_amount(5875, 780) == 76375          # 13 hours exactly
    assert hourly_minutes_amount(1, 30) == 1                   # half a cent rounds up
    assert hourly_minutes_amount(1, 29) == 0


def test_iso_weeks_of_the_worked_example() -> None:
    # 3 hours a week from 2026-03-09 to 2026-06-30: caps 12, 15, 15, 15; 17 weeks in all
    assert iso_weeks(dt.date(2026, 3, 9), dt.date(2026, 3, 31)) == 4
    assert iso_weeks(dt.date(2026, 4, 1), dt.date(2026, 4, 30)) == 5
    assert iso_weeks(dt.date(2026, 5, 1), dt.date(2026, 5, 31)) == 5
    assert iso_weeks(dt.date(2026, 3, 9), dt.date(2026, 6, 30)) == 17
    assert iso_weeks(dt.date(2026, 12, 28), dt.date(2027, 1, 3)) == 1   # across the year


def test_agb_codes_are_stable_and_eight_digits() -> None:
    assert agb_code("12345678") == "12345678"
    assert agb_code("WEST-AANB-01") == agb_code("WEST-AANB-01")
    assert len(agb_code("P0001")) == 8 and agb_code("P0001").isdigit()
    assert agb_code("P0001") != agb_code("P0002")


# -- caseloads ready for the chain ------------------------------------------------------------

def _test_bsns() -> Iterator[str]:
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    for number in range(999_900_006, 999_999_991):
        digits = str(number)
        if sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 == 0:
            yield digits


def for_exchange(caseload: Caseload) -> Caseload:
    """A generated caseload with what the messages need: a test BSN, name and address for
    every person, a ToewijzingNummer per allocation (per municipality), and a volume
    in total over the allocation (Frequentie 6) at least what was delivered."""
    bsns = _test_bsns()
    households = tuple(attrs.evolve(h, members=tuple(attrs.evolve(
        p, bsn=Bsn(next(bsns)), gender=Gender.FEMALE,
        names=PersonName("Jansen", voorletters="M"),
        address=Address("5038AB", 12, straatnaam="Stationsstraat", plaatsnaam="Tilburg"))
        for p in h.members)) for h in caseload.households)
    where = {h.id: h.municipality.code for h in households}
    counters: dict[str, int] = {}
    allocations = []
    for a in caseload.allocations:
        counters[where[a.household_id]] = counters.get(where[a.household_id], 0) + 1
        delivered = sum((e.quantity for e in caseload.events
                         if e.allocation_id == a.id and hasattr(e, "quantity")), Decimal(0))
        volume = None if a.volume is None else max(a.volume, delivered).to_integral_value()
        allocations.append(attrs.evolve(
            a, number=counters[where[a.household_id]], volume=volume,
            frequency=Frequency.TOTAL if volume is not None else None))
    return Caseload(households, caseload.plans, tuple(allocations), caseload.events)


def _ledger(directory: str) -> Ledger:
    return Ledger.open(Path(directory) / "ledger.sqlite")


def _answer_month(caseload: Caseload, month: Month, faults: int = 0, seed: int = 0,
                  url: str | None = None) -> tuple[Simulation, Run, dt.date]:
    today = month.next().next().first_day
    with tempfile.TemporaryDirectory() as d, (
            Ledger.open(url) if url is not None else _ledger(d)) as ledger:
        assume_sent(caseload, ledger, on=month.first_day)
        sim = simulate(caseload, month, ledger=ledger, faults=faults, seed=seed)
        run = answer(sim.messages, caseload, ledger, today=today)
    return sim, run, today


# -- the identity ---------------------------------------------------------------------------

@pytest.mark.parametrize("region", REGIONS)
def test_clean_declarations_are_accepted_as_the_library_settles(region: str) -> None:
    policy = REGISTRY.get(region)
    year = max(policy.contract_years)
    seen: list[Money] = []

    @settings(max_examples=4, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(caseloads_for(policy, year), st.integers(1, 12))
    def identity(generated: Caseload, month_number: int) -> None:
        caseload = for_exchange(generated)
        month = Month(year, month_number)
        sim, run, today = _answer_month(caseload, month)
        assert sim.skipped == ()
        owed = declarable(settle(caseload, month, REGISTRY))
        assert sim.owed == owed
        seen.append(owed)
        assert run.accepted == owed
        assert run.settlement.total == owed
        for check in run.declarations:
            assert check.rejected == ()
            body = check.answer.declaratie_antwoord
            assert body is not None and body.retour_codes == ("8001",)
        for message in (*sim.messages, *run.replies):
            _valid(message, today)

    identity()
    assert any(seen), f"no example of {region} declared anything"


# -- planted faults ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def west_friesland() -> Caseload:
    synthetic = generate(households=40, regions=["west-friesland"], seed=3, year=2021,
                         breaches=False)
    return synthetic.caseload


def test_every_planted_fault_is_rejected_with_its_code(west_friesland: Caseload,
                                                      ledger_url: str) -> None:
    """On SQLite, and on PostgreSQL when a server is given (see conftest)."""
    month = Month(2021, 3)
    sim, run, today = _answer_month(west_friesland, month, faults=2 * len(FAULT_KINDS), seed=5,
                                    url=ledger_url)
    assert {f.kind for f in sim.faults} == set(FAULT_KINDS)
    assert len(sim.faults) == 2 * len(FAULT_KINDS)
    verdicts = {(c.declaration.declaratie.declaratie_nummer,
                 v.line.product_referentie.referentie_nummer): v
                for c in run.declarations for v in c.verdicts}
    planted = set()
    for fault in sim.faults:
        verdict = verdicts[(fault.declaration, fault.reference)]
        assert fault.code in verdict.codes, (fault, verdict.reasons)
        planted.add((fault.declaration, fault.reference))
    # nothing else is rejected, and what is accepted is what the clean lines claim
    assert all(v.accepted for key, v in verdicts.items() if key not in planted)
    assert run.accepted == sim.clean
    assert sim.clean < sim.owed == declarable(settle(west_friesland, month, REGISTRY))
    for message in (*sim.messages, *run.replies):
        _valid(message, today)
    # the 325s list the rejected lines only, each with its codes (TR342 holds: written)
    rejected_in_325 = {(r.header.declaratie_identificatie.identificatie,
                        p.product_referentie.referentie_nummer)
                       for r in run.replies if isinstance(r, DeclaratieAntwoord)
                       and r.declaratie_antwoord is not None
                       for c in r.declaratie_antwoord.clienten for p in c.prestaties}
    assert len(rejected_in_325) == len(sim.faults)


def test_accepted_lines_explain_back_to_their_clauses(west_friesland: Caseload) -> None:
    _sim, run, _today = _answer_month(west_friesland, Month(2021, 3))
    settlement = run.settlement
    assert settlement.lines
    text = settlement.explain()
    assert "WF-" in text and "Uitvoeringskader" in text
    assert all(line.rule.startswith("WF-") for line in settlement.lines)


# -- the 325 of whole declarations ----------------------------------------------------------------

def _one_declaration(caseload: Caseload, month: Month) -> tuple[Declaratie, Simulation]:
    sim = simulate(caseload, month)
    return sim.declarations[0], sim


def test_declaration_level_answers(west_friesland: Caseload) -> None:
    month = Month(2021, 3)
    today = dt.date(2021, 5, 1)
    declaration, _ = _one_declaration(west_friesland, month)
    total = declaration.declaratie.totaal_ingediend_bedrag.signed
    with tempfile.TemporaryDirectory() as d, _ledger(d) as ledger:
        assume_sent(west_friesland, ledger, on=month.first_day)
        first = answer([declaration], west_friesland, ledger, today=today).declarations[0]
        body = first.answer.declaratie_antwoord
        assert body is not None and body.retour_codes == ("8001",)
        assert body.totaal_toegekend_bedrag.signed == total == first.accepted
        assert first.answer.header.retour_codes == ("0200",)
        # the same message again: its identification was used (TR056), header only
        again = answer([declaration], west_friesland, ledger, today=today).declarations[0]
        assert again.header_codes == ("9056",) and again.answer.declaratie_antwoord is None
        # a new identification, same DeclaratieNummer: rejected as a whole (TR333)
        renamed = attrs.evolve(declaration, header=attrs.evolve(
            declaration.header, bericht_identificatie=BerichtIdentificatie(
                identificatie="NEW1", dagtekening=declaration.header.dagtekening)))
        third = answer([renamed], west_friesland, ledger, today=today).declarations[0]
        body = third.answer.declaratie_antwoord
        assert body is not None and body.retour_codes == ("9333",)
        assert body.totaal_toegekend_bedrag.signed == Money.zero() == third.accepted
        # a total that is not the sum of the lines breaks TR358: header only, 0001
        wrong = attrs.evolve(renamed, declaratie=attrs.evolve(
            renamed.declaratie, declaratie_nummer="OTHER1",
            totaal_ingediend_bedrag=iv.TotaalBedragMetDC.of(total + Money.cents(1))))
        fourth = answer([wrong], west_friesland, ledger, today=today).declarations[0]
        assert fourth.header_codes == ("0001",) and fourth.answer.declaratie_antwoord is None
        # a line of a later month than the declaration's: 9319 (TR319)
        bsn, line = next(declaration.prestaties())
        later = attrs.evolve(line, product_referentie=iv.Referentie(referentie_nummer="L1"),
                             product_periode=iv.GeslotenPeriode(
                                 begindatum=dt.date(2021, 4, 1), einddatum=dt.date(2021, 4, 30)))
        ahead = attrs.evolve(renamed, header=attrs.evolve(
            renamed.header, bericht_identificatie=BerichtIdentificatie(
                identificatie="NEW2", dagtekening=dt.date(2021, 5, 1))),
            declaratie=attrs.evolve(
                renamed.declaratie, declaratie_nummer="LATER1", declaratie_dagtekening=dt.date(
                    2021, 5, 1), totaal_ingediend_bedrag=iv.TotaalBedragMetDC.of(
                    later.ingediend_bedrag.signed),
                clienten=(iv.Client323(bsn=bsn, prestaties=(later,)),)))
        fifth = answer([ahead], west_friesland, ledger, today=today).declarations[0]
        assert "9319" in fifth.rejected[0].codes
        # dated after today: 8848 (TR135)
        early = answer([declaration], west_friesland, ledger,
                       today=month.first_day).declarations[0]
        assert early.header_codes == ("8848",)
        for check in (first, again, third, fourth):
            _valid(check.answer, today)


def test_a_credit_of_an_accepted_line_is_a_negative_correction(west_friesland: Caseload) -> None:
    month = Month(2021, 3)
    today = dt.date(2021, 5, 1)
    declaration, _ = _one_declaration(west_friesland, month)
    bsn, line = next(declaration.prestaties())
    credit_line = attrs.evolve(
        line, product_referentie=iv.Referentie(referentie_nummer="C1",
                                               vorig_referentie_nummer=line.product_referentie
                                               .referentie_nummer),
        ingediend_bedrag=iv.BedragMetDC(bedrag=line.ingediend_bedrag.bedrag, debet_credit="C"))
    again_line = attrs.evolve(line, product_referentie=iv.Referentie(referentie_nummer="C2"))
    amount = line.ingediend_bedrag.signed

    def declare(number: str, lines: tuple[iv.Prestatie, ...]) -> Declaratie:
        total = sum((p.ingediend_bedrag.signed for p in lines), Money.zero())
        return attrs.evolve(declaration, header=attrs.evolve(
            declaration.header, bericht_identificatie=BerichtIdentificatie(
                identificatie=number, dagtekening=declaration.header.dagtekening)),
            declaratie=attrs.evolve(declaration.declaratie, declaratie_nummer=number,
                                    totaal_ingediend_bedrag=iv.TotaalBedragMetDC.of(total),
                                    clienten=(iv.Client323(bsn=bsn, prestaties=lines),)))

    with tempfile.TemporaryDirectory() as d, _ledger(d) as ledger:
        assume_sent(west_friesland, ledger, on=month.first_day)
        run = answer([declaration, declare("K1", (credit_line,)), declare("K2", (again_line,)),
                      declare("K3", (credit_line,))], west_friesland, ledger, today=today)
        first, credit, redebit, twice = run.declarations
        assert credit.accepted == -amount
        [correction] = credit.settlement.lines
        assert correction.amount == -amount and correction.kind.value == "correction"
        assert redebit.accepted == amount                  # a new debit after the credit
        assert twice.rejected[0].codes == ("8021",)        # C1 was used
        assert run.accepted == first.accepted + amount - amount
        for check in run.declarations:
            _valid(check.answer, today)


def test_simulate_refuses_bad_arguments(west_friesland: Caseload) -> None:
    with pytest.raises(InvalidValue, match="faults"):
        simulate(west_friesland, Month(2021, 3), faults=-1)
    with pytest.raises(InvalidValue, match="prefix"):
        simulate(west_friesland, Month(2021, 3), prefix="TOO-LONG")


def test_simulate_takes_the_agb_codes_of_the_301s(west_friesland: Caseload) -> None:
    provider = sorted({a.provider for a in west_friesland.allocations})[0]
    sim = simulate(west_friesland, Month(2021, 3), agb={provider: "12345678"})
    senders = {m.header.afzender for m in sim.messages}
    assert "12345678" in senders and agb_code(provider) not in senders
    assert all(len(s) == 8 and s.isdigit() for s in senders)


def test_answerers_table_has_the_declaration() -> None:
    assert ANSWERERS["323"].__name__ == "answer_declaration"


# -- the command line ---------------------------------------------------------------------------

def test_simulate_and_answer_on_the_command_line(
        west_friesland: Caseload, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    caseload_file = tmp_path / "caseload.json"
    write_caseload(caseload_file, west_friesland)
    sim_dir, answers = tmp_path / "sim", tmp_path / "answers"
    assert main(["messages", "simulate", str(caseload_file), "--month", "2021-03", "--out",
                 str(sim_dir), "--faults", "7", "--seed", "1"]) == 0
    summary = json.loads(capsys.readouterr().out)
    faults = json.loads((sim_dir / "faults.json").read_text("utf-8"))
    assert summary["faults"] == len(faults["faults"]) == 7
    files = sorted(str(p) for p in sim_dir.glob("*323-*.xml"))
    assert len(files) == summary["declarations"]
    code = main(["messages", "answer", str(caseload_file), *files, "--out", str(answers),
                 "--today", "2021-05-01"])
    assert code == 1                                    # the planted faults are rejected
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(lines) == len(files)
    accepted = sum(line["accepted_cents"] for line in lines)
    assert accepted == faults["clean_cents"]
    rejected = {(r["reference"], c) for line in lines for r in line["rejected_lines"]
                for c in r["retour_codes"]}
    for fault in faults["faults"]:
        assert (fault["reference"], fault["retour_code"]) in rejected
    written = sorted(answers.glob("*325-*.xml"))
    assert len(written) == len(files)
    for path in written:
        assert schema_problems(path.read_bytes()) == []
    # bad input: exit 2, a message, nothing half written
    assert main(["messages", "simulate", str(caseload_file), "--month", "2021-13", "--out",
                 str(tmp_path / "x")]) == 2
    assert "--month" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def test_answer_reports_a_file_that_is_not_a_message(
        west_friesland: Caseload, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    caseload_file = tmp_path / "caseload.json"
    write_caseload(caseload_file, west_friesland)
    junk = tmp_path / "junk.xml"
    junk.write_text("not xml", "utf-8")
    assert main(["messages", "answer", str(caseload_file), str(junk), "--out",
                 str(tmp_path / "a")]) == 2
    assert "junk.xml" in capsys.readouterr().err




def _hourly(caseload: Caseload) -> str:
    return "west-friesland-000010-a1"      # HO, 8 hours a week, delivered every month


def test_half_hours_are_declared_in_minutes_at_the_hourly_tariff(west_friesland: Caseload) -> None:
    month = Month(2021, 3)
    allocation_id = _hourly(west_friesland)
    extra = Delivery(allocation_id, dt.date(2021, 3, 17), Decimal("0.5"), Unit.HOUR)
    caseload = attrs.evolve(west_friesland, events=(*west_friesland.events, extra))
    sim, run, today = _answer_month(caseload, month)
    [planned] = [p for p in sim.lines if p.allocation == allocation_id]
    line = planned.line
    owed = declarable(line for line in settle(caseload, month, REGISTRY).lines
                      if line.allocation == allocation_id)
    assert line.eenheid == "01" and line.geleverd_volume % 60 == 30
    # the tariff reported is the hourly tariff per minute, rounded half up; the amount is
    # the hourly tariff x minutes / 60, rounded half up (§7), as the library settles it
    case = next(c for c in caseload.cases() if c.household.id == planned.allocation_of
                .household_id)
    model = REGISTRY.policy_for(case.household.municipality.code, month.first_day).price(
        case, planned.allocation_of, month.first_day).tariff.model
    assert isinstance(model, PriceQuantity) and model.unit is Unit.HOUR
    hourly = model.price.amount_cents
    assert line.product_tarief == (2 * hourly + 60) // 120
    assert line.ingediend_bedrag.bedrag == hourly_minutes_amount(hourly, line.geleverd_volume)
    assert line.ingediend_bedrag.bedrag == owed.amount_cents
    assert run.accepted == sim.owed == declarable(settle(caseload, month, REGISTRY))
    for message in (*sim.messages, *run.replies):
        _valid(message, today)


def test_volume_over_the_whole_allocation_is_refused(west_friesland: Caseload) -> None:
    allocation_id = _hourly(west_friesland)
    march = settle(west_friesland, Month(2021, 3), REGISTRY)
    [delivered] = [line.quantity for line in march.lines if line.allocation == allocation_id]
    assert delivered is not None
    total = attrs.evolve(west_friesland, allocations=tuple(
        attrs.evolve(a, volume=delivered, frequency=Frequency.TOTAL) if a.id == allocation_id
        else a for a in west_friesland.allocations))
    with tempfile.TemporaryDirectory() as d, _ledger(d) as ledger:
        assume_sent(total, ledger, on=dt.date(2021, 3, 1))
        codes = {}
        for month in (Month(2021, 3), Month(2021, 4)):
            sim = simulate(total, month, ledger=ledger)
            run = answer(sim.messages, total, ledger, today=dt.date(2021, 6, 1))
            number = next(p.line.toewijzing_nummer for p in sim.lines
                          if p.allocation == allocation_id)
            codes[month.month] = [v.codes for c in run.declarations for v in c.verdicts
                                  if v.line.toewijzing_nummer == number
                                  and c.declaration.header.ontvanger
                                  == next(p.municipality for p in sim.lines
                                          if p.allocation == allocation_id)]
    assert codes[3] == [()]                  # March uses the whole volume
    assert codes[4] == [("9322",)]           # April goes over it (TR322)


def test_two_processes_answering_the_same_declarations_grant_them_once(
        west_friesland: Caseload, ledger_url: str, tmp_path: Path) -> None:
    """Two `messages answer` processes on one ledger at once, with the same 323s: every
    declaration is granted by exactly one of them; the other answers 9056 (TR056)."""
    import subprocess
    import sys

    month = Month(2021, 3)
    caseload_file = tmp_path / "caseload.json"
    write_caseload(caseload_file, west_friesland)
    with Ledger.open(ledger_url) as ledger:
        assume_sent(west_friesland, ledger, on=month.first_day)
        sim = simulate(west_friesland, month, ledger=ledger)
    files = []
    chosen = sim.declarations[:4]
    for declaration in chosen:
        path = tmp_path / f"{declaration.declaratie.declaratie_nummer}.xml"
        path.write_bytes(iv.write(declaration))
        files.append(str(path))
    workers = [subprocess.Popen(
        [sys.executable, "-m", "sociaaldomein.cli.main", "messages", "answer",
         str(caseload_file), *files, "--out", str(tmp_path / f"out{w}"), "--ledger",
         ledger_url, "--today", "2021-05-01"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for w in (1, 2)]
    outputs = []
    for w in workers:
        out, err = w.communicate(timeout=300)
        assert w.returncode in (0, 1), err[-2000:]
        outputs.append([json.loads(line) for line in out.splitlines()])
    granted = sum(line["accepted_cents"] for lines in outputs for line in lines)
    assert granted == sum(d.declaratie.totaal_ingediend_bedrag.signed.amount_cents
                          for d in chosen)
    for first, second in zip(*outputs, strict=True):
        assert first["file"] == second["file"]
        assert sorted([first.get("retour_codes", []), second.get("retour_codes", [])]) == [
            [], ["9056"]]
