"""West-Friesland's readable cases (``cases/*.toml``), run by the kit's case runner.

Each case states its rule ids, the section of *Uitvoeringskader inkoop sociaal domein
West-Friesland 2019-2021* it comes from, why the expected figure is what it is (the story),
the exact violation codes on its date and, for settlement cases, what is paid and withheld
per month and per allocation. Tariffs are the EXAMPLE values of ``parameters/tariffs.toml``.
A case's ``[setup]`` is a what-if of the region's trajectory construction (WF-64, WF-65):
``at_start`` (the share paid at the start, exact) and ``withhold_on`` (end reasons).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sociaaldomein.policy.parameters import Params
from sociaaldomein.testing.cases import case_files, check_case, read_case, run_case
from sociaaldomein_west_friesland import POLICY, WestFrieslandPolicy

CASES = case_files(Path(__file__).parent / "cases")

WARNINGS = {"extended_youth_care_at_18": {"WF-01"}}
"""The cases whose violations include warnings (the rest are errors): the 2018 allocation
before the framework applies is a warning, not an error (WF-01)."""


def configure(policy: WestFrieslandPolicy, setup: Params) -> WestFrieslandPolicy:
    """A case's what-if: another trajectory construction (§3.6.1, WF-64, WF-65)."""
    terms = policy.trajectory_terms
    at_start = setup.text("at_start") if setup.has("at_start") else terms.at_start
    if setup.has("withhold_on"):
        reasons: list[str] = setup.str_list("withhold_on")
        return policy.with_trajectory_terms(at_start, reasons)
    return policy.with_trajectory_terms(at_start, terms.withhold_on)


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case(path: Path) -> None:
    """Each case: the exact violation codes on its date and the amounts per month."""
    check_case(path, POLICY, configure)


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case_cites_the_document(path: Path) -> None:
    """Every violation carries its rule id as code and cites the framework; only the
    listed cases have warnings. Every line rests on an example tariff and says so, cites
    its rule and clause, pays the hoofdaannemer P1, and a withheld completion part cites
    the withholding rule WF-65."""
    case = read_case(path)
    outcome = run_case(case, POLICY, configure)
    for violation in outcome.violations:
        assert violation.ref.rule == violation.code
        assert violation.ref.source.title.startswith("Uitvoeringskader inkoop sociaal domein")
    warnings = {v.code for v in outcome.violations if not v.is_error}
    assert warnings == WARNINGS.get(path.stem, set()), [str(v) for v in outcome.violations]
    for line in outcome.settlement.lines:
        if line.withheld:
            assert line.rule == "WF-65", "a withheld part cites the withholding rule"
        assert line.example, "every amount rests on an example tariff and says so"
        assert line.ref.rule and line.ref.section
        assert line.provider == "P1"


def test_every_case_file_is_read() -> None:
    """The case files hold the cases the region's issue asks for (WF-27, WF-38, WF-55,
    WF-57, WF-60, WF-64, WF-65, WF-87), and settlement cases expect amounts."""
    rules = {rule for path in CASES for rule in read_case(path).rules}
    assert {"WF-27", "WF-38", "WF-55", "WF-57", "WF-60", "WF-64", "WF-65", "WF-87"} <= rules
    assert len(CASES) == 24
    assert sum(1 for path in CASES if read_case(path).months) == 9


def test_every_rule_has_a_case_or_test() -> None:
    """Every rule id of ``rules.toml`` is cited by a case, names its test, or says why it
    is not encoded."""
    cited = {rule for path in CASES for rule in read_case(path).rules}
    for rule in POLICY.rules:
        assert rule.id in cited or rule.tested_by or rule.reason, rule.id
