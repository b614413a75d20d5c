"""The H4 region's readable cases (``cases/*.toml``), run by the kit's case runner.

Each file names the case, its rule ids and section, the input in the caseload format and
the outcome a person can check by hand: the exact violation codes on its date and the
amounts per month. On top of what the kit checks, every H4 case also holds the region's
own promises: each violation code has the severity the rule gives it and cites the
*Inkoopplan Wmo Rijswijk 2017* with its own rule id; only the allocations the case lists
are paid; every line rests on the shipped example tariffs; and the registry routes every
household of a case to H4.

A case's ``[setup]`` is a what-if applied with :func:`configure`: ``budgets`` (an array of
``{ municipality, year, part, amount }``) sets a municipality's budget for the case.
"""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from sociaaldomein import Severity, default_registry
from sociaaldomein.policy.parameters import Params
from sociaaldomein.testing.cases import case_files, check_case, read_case
from sociaaldomein_h4 import POLICY, H4Policy
from sociaaldomein_h4.budgets import Budget
from sociaaldomein_h4.catalog import Part
from sociaaldomein_h4.sources import SOURCE, ref

CASES = case_files(Path(__file__).parent / "cases")

SEVERITY = {
    "H4-03": Severity.ERROR, "H4-05": Severity.ERROR, "H4-58": Severity.ERROR,
    "H4-59": Severity.ERROR, "H4-LAW": Severity.ERROR,
    "H4-09": Severity.WARNING, "H4-13": Severity.WARNING, "H4-60": Severity.WARNING,
    "H4-61": Severity.WARNING, "H4-91": Severity.WARNING, "H4-94": Severity.WARNING,
    "H4-95": Severity.WARNING, "H4-97": Severity.WARNING,
}
"""The severity of each H4 violation code: an error where the document states a rule, a
warning where it states a principle (*zoveel mogelijk*, *als dat mogelijk is*) or the
budget rule says nothing about refusing (rules ambiguity 11)."""


def configure(policy: H4Policy, setup: Params) -> H4Policy:
    """The what-ifs of a case's ``[setup]``: ``budgets`` set one municipality's budget
    for a year and part (h3 §3.2 bullet 3, H4-61), as an illustrative value."""
    budgets = policy.budgets
    for entry in setup.tables("budgets"):
        budgets = budgets.with_budget(Budget(
            entry.text("municipality"), entry.integer("year"), entry.enum("part", Part),
            entry.money("amount"),
            ref("H4-61", "h3 §3.2 (uitgangspunten, bullet 3)", example=True,
                note="set in a case file's [setup]"),
        ))
        entry.done()
    return attrs.evolve(policy, budgets=budgets)


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case(path: Path) -> None:
    """Each case: the exact violation codes on its date and the amounts per month, and
    the H4 promises above."""
    outcome = check_case(path, POLICY, configure)
    case = read_case(path)
    for violation in outcome.violations:
        assert violation.severity is SEVERITY[violation.code], str(violation)
        assert violation.ref.rule == violation.code
        assert violation.ref.source == SOURCE or violation.code == "H4-LAW"
    for expected in case.months:
        part = outcome.settlement.where(month=str(expected.month))
        if expected.allocations:
            lines_for = {line.allocation for line in part.lines}
            assert lines_for == {a for a, _ in expected.allocations}, part.explain()
        assert all(line.example for line in part.lines), "the shipped tariffs are example values"
    for household in case.caseload.households:
        policy = default_registry().policy_for(household.municipality.code, case.validate_on)
        assert policy.code == "h4"


def test_every_case_is_named_by_a_rule_it_cites() -> None:
    """Every rule id a case cites is in ``rules.toml``, and at least one of them names
    the case file in its ``tested_by``, so the rules table leads to every case."""
    by_id = {rule.id: rule for rule in POLICY.rules}
    for path in CASES:
        cited = read_case(path).rules
        assert set(cited) <= set(by_id), path.name
        assert any(f"tests/cases/{path.name}" in by_id[r].tested_by for r in cited), path.name


def test_cases_exist() -> None:
    """The issue's readable cases are all present."""
    names = {p.stem for p in CASES}
    assert {"guidance_daycare_transport", "household_help_result",
            "tailor_made_without_reason", "budget_exceeded"} <= names
