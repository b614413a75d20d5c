"""The plugin author's kit: the case runner, ``rules.toml`` and ``members.toml`` readers."""

from __future__ import annotations

from pathlib import Path

import pytest

from sociaaldomein import ParameterError, RuleDoc, RuleStatus, Source
from sociaaldomein.policy.members import load_members
from sociaaldomein.policy.parameters import parse_toml_text
from sociaaldomein.policy.rules import load_rules
from sociaaldomein.testing.cases import check_case, read_case
from sociaaldomein_template import POLICY

CASES = Path(__file__).parents[2] / "policies" / "template" / "tests" / "cases"
SOURCES = {"doc": Source("A document", "An issuer")}


def _edited(tmp_path: Path, old: str, new: str) -> Path:
    text = (CASES / "partial_month.toml").read_text("utf-8")
    assert old in text
    path = tmp_path / "case.toml"
    path.write_text(text.replace(old, new), "utf-8")
    return path


def test_a_wrong_amount_fails_and_explains(tmp_path: Path) -> None:
    # 450.00 x 21/31 = 304.84, not 304.85: the runner must say so, with the explanation
    path = _edited(tmp_path, 'total = "304.84"', 'total = "304.85"')
    with pytest.raises(AssertionError, match=r"total paid in 2024-03: expected € 304,85, got € 304,84"):
        check_case(path, POLICY)


def test_withheld_per_month_is_checked(tmp_path: Path) -> None:
    # the template's trajectory of 3,000.00 stopped by the client in April 2024: the 30%
    # (900.00) is withheld that month; 899.00 must fail, naming what differs
    text = (CASES / "trajectory_client_stops.toml").read_text("utf-8")
    old = 'month = "2024-04"\ntotal = "0.00"'
    assert old in text
    path = tmp_path / "case.toml"
    path.write_text(text.replace(old, old + '\nwithheld = "900.00"'), "utf-8")
    assert check_case(path, POLICY).settlement.total_withheld.amount_cents == 90000
    path.write_text(text.replace(old, old + '\nwithheld = "899.00"'), "utf-8")
    with pytest.raises(AssertionError, match=r"withheld in 2024-04: expected € 899,00, got € 900,00"):
        check_case(path, POLICY)


def test_a_missing_violation_fails(tmp_path: Path) -> None:
    path = _edited(tmp_path, "violations = []", 'violations = ["TPL-05"]')
    with pytest.raises(AssertionError, match="violation codes"):
        check_case(path, POLICY)


def test_an_unknown_rule_id_fails(tmp_path: Path) -> None:
    path = _edited(tmp_path, '"TPL-06"]', '"TPL-99"]')
    with pytest.raises(AssertionError, match="TPL-99"):
        check_case(path, POLICY)


def test_an_unknown_key_names_file_and_key(tmp_path: Path) -> None:
    path = _edited(tmp_path, "[expected]", "[expected]\ntotl = 1")
    with pytest.raises(ParameterError, match="totl"):
        read_case(path)


def test_a_setup_without_a_hook_is_refused(tmp_path: Path) -> None:
    path = _edited(tmp_path, "[expected]", "[setup]\nown_contribution = true\n\n[expected]")
    with pytest.raises(ParameterError, match="configure hook"):
        check_case(path, POLICY)


def test_a_bad_input_is_a_parameter_error(tmp_path: Path) -> None:
    path = _edited(tmp_path, "end = 2025-01-01", "end = 2024-01-01")
    with pytest.raises(ParameterError, match=r"case\.toml"):
        read_case(path)


def _rules(tmp_path: Path, text: str) -> tuple[RuleDoc, ...]:
    path = tmp_path / "rules.toml"
    path.write_text(text, "utf-8")
    return load_rules(path, region="r", sources=SOURCES)


RULE = 'region = "r"\n[[rule]]\nid = "R-1"\nsummary = "s"\nsource = "doc"\nsection = "§1"\n'


def test_rules_toml_is_read_strictly(tmp_path: Path) -> None:
    (rule,) = _rules(tmp_path, RULE + 'status = "not_encoded"\nreason = "out of scope"\n')
    assert rule.status is RuleStatus.NOT_ENCODED and rule.ref.rule == "R-1"
    assert rule.ref.section == "§1" and rule.reason == "out of scope"
    for bad, word in [
        ('status = "not_encoded"\n', "reason"),                       # no reason
        ('status = "encoded"\nencoded_in = "x"\n', "tested_by"),      # no test
        ('status = "maybe"\nreason = "r"\n', "maybe"),                  # unknown status
        ('status = "not_encoded"\nreason = "r"\nwhy = "typo"\n', "why"),  # unknown key
    ]:
        with pytest.raises(ParameterError, match=word):
            _rules(tmp_path, RULE + bad)
    with pytest.raises(ParameterError, match="twice"):
        _rules(tmp_path, RULE + 'status = "not_encoded"\nreason = "r"\n' + RULE.split("\n", 1)[1]
               + 'status = "not_encoded"\nreason = "r"\n')
    with pytest.raises(ParameterError, match="unknown source"):
        _rules(tmp_path, RULE.replace('"doc"', '"other"') + 'status = "not_encoded"\nreason = "r"\n')


def test_members_overlapping_twice_is_refused() -> None:
    text = ('region = "r"\n'
            '[[member]]\ncode = "9901"\nname = "A"\nfrom = 2024-01-01\nsource = "doc"\nsection = "§1"\n'
            '[[member]]\ncode = "9901"\nname = "A"\nfrom = 2025-01-01\nsource = "doc"\nsection = "§1"\n')
    with pytest.raises(ParameterError, match="twice"):
        load_members(parse_toml_text(text), region="r", sources=SOURCES)
    ok = text.replace('from = 2024-01-01\n', 'from = 2024-01-01\nuntil = 2025-01-01\n')
    members = load_members(parse_toml_text(ok), region="r", sources=SOURCES)
    assert [m.period.start.year for m in members] == [2024, 2025]


def test_case_files_hold_times_and_dated_household_facts(tmp_path: Path) -> None:
    """A TOML time of day (referral, start) and the household's dated facts read as in the
    caseload JSON."""
    import datetime as dt

    from sociaaldomein import Money, Start

    path = _edited(tmp_path, 'plan_id = "pl1"', 'plan_id = "pl1"\nreferred_on = 2024-03-10\n'
                   'referred_time = 22:15:00\n\n[[events]]\ntype = "start"\n'
                   'allocation_id = "a1"\ndate = 2024-03-11\ntime = 08:00:00')
    text = path.read_text("utf-8").replace(
        'members = [ { id = "c1", birth_date = 1970-01-01 } ]',
        'members = [ { id = "c1", birth_date = 1970-01-01 } ]\n'
        'income = [ { yearly = "45000", period = { start = 2024-01-01, end = 2025-01-01 } } ]')
    path.write_text(text, "utf-8")
    caseload = read_case(path).caseload
    assert caseload.allocations[0].referred_at == dt.datetime(2024, 3, 10, 22, 15)
    start = caseload.events[0]
    assert isinstance(start, Start) and start.time == dt.time(8, 0)
    assert caseload.households[0].income_on(dt.date(2024, 6, 1)) == Money.euros("45000")
