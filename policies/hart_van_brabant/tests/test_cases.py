"""The readable cases in ``cases/``, run by the kit's case runner
(:mod:`sociaaldomein.testing.cases`): each file names its source clause and rule ids, tells
the case in words and states the exact violation codes and the amounts per month
(hand-checkable from the example tariffs in ``parameters/tariffs.toml``)."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from sociaaldomein import Money, ParameterError, PerPeriod
from sociaaldomein.policy.parameters import Params
from sociaaldomein.testing.cases import case_files, check_case, read_case
from sociaaldomein_hart_van_brabant import POLICY, HartVanBrabantPolicy
from sociaaldomein_hart_van_brabant.funding import OwnContribution

FOLDER = Path(__file__).parent / "cases"
CASES = case_files(FOLDER)


def configure(policy: HartVanBrabantPolicy, setup: Params) -> HartVanBrabantPolicy:
    """A case's ``[setup]`` what-ifs: ``separately_bought`` (results the household's
    municipality buys outside the joint purchase, HVB19-07) and ``own_contribution`` (the
    municipality charges one, HVB19-60). The case's one household names the municipality."""
    separately = setup.str_list("separately_bought", [])
    if separately:
        municipality = setup.text("municipality")
        policy = policy.buying_separately(municipality, *separately)
    if setup.boolean("own_contribution", False):
        policy = attrs.evolve(policy, own_contribution=OwnContribution(charge=True))
    return policy


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case(path: Path) -> None:
    """Every case: the exact set of violation codes on its date, and the amounts paid per
    month; every violation cites a rule id, and every payment says it rests on example
    tariffs."""
    outcome = check_case(path, POLICY, configure)
    for v in outcome.violations:
        assert v.ref.rule and v.ref.section and v.message
    assert all(line.example for line in outcome.settlement.payments()), "example tariffs say so"


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


def test_jansen_hand_check() -> None:
    """HVB19-52: the Jansen amount per period is tariff(5a, beperkt) + tariff(4a, beperkt),
    700.00 a month and 8,400.00 over the year of the case file."""
    jansen = read_case(FOLDER / "jansen.toml")
    (case,) = jansen.caseload.cases()
    a5, a4 = case.allocations
    p5 = POLICY.price(case, a5, jansen.validate_on).tariff
    p4 = POLICY.price(case, a4, jansen.validate_on).tariff
    assert p5.ref.example and p4.ref.example
    assert isinstance(p5.model, PerPeriod) and isinstance(p4.model, PerPeriod)
    assert p5.model.amount + p4.model.amount == Money.euros("700.00")
    assert (p5.model.amount + p4.model.amount) * 12 == Money.euros("8400.00")
    total = sum((m.total.amount_cents for m in jansen.months), 0)
    assert len(jansen.months) == 12 and Money.cents(total) == Money.euros("8400.00")


def test_bad_case_file_names_the_file(tmp_path: Path) -> None:
    """A case file with a value the core refuses (an empty allocation id, an end before the
    start) is a ParameterError naming the file, not a bare InvalidValue (HVB19-53: cases are
    the readable form of a decision)."""
    text = (FOLDER / "jansen.toml").read_text(encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text(text.replace('id = "jansen-5a"', 'id = ""', 1), encoding="utf-8")
    with pytest.raises(ParameterError, match=r"bad\.toml.*not an identifier"):
        read_case(bad)
    bad.write_text(text.replace("{ start = 2019-02-01, end = 2020-02-01 }",
                                "{ start = 2019-02-01, end = 2018-02-01 }", 1), encoding="utf-8")
    with pytest.raises(ParameterError, match=r"bad\.toml"):
        read_case(bad)
