"""The readable cases in ``tests/cases``: each file names its source clause and rule ids,
tells the case in words and states the expected violations and amounts (hand-checkable
from the example tariffs in ``parameters/tariffs.toml``)."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from sociaaldomein import Money, ParameterError, Settlement
from sociaaldomein.policy.plugin import RuleStatus
from sociaaldomein_hart_van_brabant import POLICY, HartVanBrabantPolicy
from sociaaldomein_hart_van_brabant.casefile import CaseFile, read_case
from sociaaldomein_hart_van_brabant.settlement import OwnContribution

CASES = sorted((Path(__file__).parent / "cases").glob("*.toml"))


def _policy_for(case: CaseFile) -> HartVanBrabantPolicy:
    policy = POLICY
    if case.separately_bought:
        policy = policy.buying_separately(case.case.household.municipality.code,
                                          *case.separately_bought)
    if case.own_contribution:
        policy = attrs.evolve(policy, own_contribution=OwnContribution(charge=True))
    return policy


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case(path: Path) -> None:
    """Every case: the exact set of violation codes on its date, and the amounts paid."""
    case = read_case(path)
    policy = _policy_for(case)
    violations = policy.validate(case.case, case.validate_on)
    assert {v.code for v in violations} == case.expected.violations, [str(v) for v in violations]
    for v in violations:
        assert v.ref.rule and v.ref.section and v.message
    expected = case.expected
    if expected.first_month is not None:
        assert expected.last_month is not None
        lines = []
        month = expected.first_month
        while month <= expected.last_month:
            lines.extend(policy.settle(case.case, month))
            month = month.next()
        settlement = Settlement(tuple(lines))
        if expected.total is not None:
            assert settlement.total == expected.total, settlement.explain()
        for month_, amount in expected.months:
            assert settlement.where(month=str(month_)).total == amount, settlement.explain()
        if expected.own_contributions is not None:
            assert settlement.total_own_contributions == expected.own_contributions
        assert all(line.example for line in settlement.payments()), "example tariffs say so"


def test_cases_cite_known_rules() -> None:
    """Every case names rule ids of the inventory, and the required cases exist."""
    known = {r.id for r in POLICY.rules}
    names = {p.stem for p in CASES}
    assert {"jansen", "waalwijk_dialect", "no_cell_2b", "area1_without_result",
            "area6_without_result", "transport_area3", "no_cure_stop", "two_coordinators",
            "safety_youth_gi", "transport_for_result_not_allocated",
            "coordination_budget_matrix_domains", "contract_end", "frequency_on_cell",
            "area3_choice", "no_cure_whole_decision", "safety_other_municipality"} <= names
    for path in CASES:
        case = read_case(path)
        assert case.rules and set(case.rules) <= known, path.name
        assert case.section and case.story


def test_every_encoded_rule_names_a_test() -> None:
    """Every rule the policy encodes names where it is tested, and every case file it names
    exists."""
    names = {p.name for p in CASES}
    for rule in POLICY.rules:
        if rule.status is RuleStatus.NOT_ENCODED:
            assert rule.reason, rule.id
            continue
        assert rule.encoded_in and rule.tested_by, rule.id
        for ref in rule.tested_by.split(";"):
            ref = ref.strip()
            if ref.startswith("cases/"):
                assert ref.removeprefix("cases/") in names, (rule.id, ref)


def test_jansen_hand_check() -> None:
    """HVB19-52: the Jansen amount per period is tariff(5a, beperkt) + tariff(4a, beperkt)."""
    case = read_case(Path(__file__).parent / "cases" / "jansen.toml")
    a5, a4 = case.case.allocations
    p5 = POLICY.price(case.case, a5, case.validate_on).tariff
    p4 = POLICY.price(case.case, a4, case.validate_on).tariff
    assert p5.ref.example and p4.ref.example
    from sociaaldomein import PerPeriod

    assert isinstance(p5.model, PerPeriod) and isinstance(p4.model, PerPeriod)
    assert p5.model.amount + p4.model.amount == Money.euros("700.00")
    assert (p5.model.amount + p4.model.amount) * 12 == Money.euros("8400.00")


def test_bad_case_file_names_the_file(tmp_path: Path) -> None:
    """A case file with a value the core refuses (an empty allocation id, an end before the
    start) is a ParameterError naming the file, not a bare InvalidValue (HVB19-53: cases are
    the readable form of a decision)."""
    text = (Path(__file__).parent / "cases" / "jansen.toml").read_text(encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text(text.replace('id = "jansen-5a"', 'id = ""', 1), encoding="utf-8")
    with pytest.raises(ParameterError, match=r"bad\.toml.*not an identifier"):
        read_case(bad)
    bad.write_text(text.replace("start = 2019-02-01\nend = 2020-02-01",
                                "start = 2019-02-01\nend = 2018-02-01", 1), encoding="utf-8")
    with pytest.raises(ParameterError, match=r"bad\.toml"):
        read_case(bad)
