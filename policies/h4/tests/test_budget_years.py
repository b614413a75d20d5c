"""H4-61 judged per contract year: a budget is a calendar year's, and a caseload running
over two years is checked against each year's budget (issue 13 item 4)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import attrs
import pytest

from sociaaldomein import (
    Allocation,
    Case,
    Caseload,
    Goal,
    Household,
    Money,
    Municipality,
    Period,
    Person,
    Plan,
    Registry,
    Severity,
    validate,
)
from sociaaldomein.cli.main import EXIT_OK, main
from sociaaldomein.io.files import write_caseload
from sociaaldomein_h4 import POLICY
from sociaaldomein_h4.catalog import Part
from sociaaldomein_h4.policy import H4Policy

d = dt.date


def _household_help(end: dt.date) -> Caseload:
    household = Household("hh", Municipality("0503", "Delft"), (Person("c", d(1940, 1, 1)),))
    plan = Plan("plan-hh", "hh", d(2016, 12, 1),
                goals=(Goal("schoon-en-leefbaar-huis", "Een schoon huis"),),
                general_provision_reason="Geen algemene voorziening volstaat.")
    allocation = Allocation("a", "hh", "c", "hh-maatwerk", "P1", Period(d(2017, 1, 1), end),
                            plan_id=plan.id)
    return Caseload.of_cases([Case(household, (plan,), (allocation,), ())])


def _with_2018_budget(amount: str) -> H4Policy:
    shipped = POLICY.budgets.get("0503", 2017, Part.HUISHOUDELIJKE_HULP)
    assert shipped is not None
    budget = attrs.evolve(shipped, year=2018, amount=Money.euros(amount))
    return attrs.evolve(POLICY, budgets=POLICY.budgets.with_budget(budget))


def test_h4_61_only_the_second_year_breaks_its_budget() -> None:
    """H4-61: Delft household help all of 2017 and 2018, 12 x 292.50 = 3,510.00 a year.
    The shipped 2017 budget (8,800,000.00) holds; a 2018 budget of 3,000.00 is exceeded by
    510.00. ``validate`` finds the 2018 breach although every decision dates from 2017
    (it used to judge only the year of the latest decision, 2017, and found nothing)."""
    policy = _with_2018_budget("3000.00")
    found = validate(_household_help(d(2019, 1, 1)), registry=Registry.of(policy))
    assert [(v.code, v.severity, v.path) for v in found] == [
        ("H4-61", Severity.WARNING, "budgets[0503][2018][huishoudelijke_hulp]")]
    assert "€ 3.510,00" in found[0].message and "€ 510,00" in found[0].message


def test_h4_61_a_one_year_caseload_is_not_judged_against_the_next_year() -> None:
    """H4-61: the same help for 2017 only touches 2017 alone: the tight 2018 budget is not
    asked, and 3,510.00 is within 2017's budget, so there is nothing to report."""
    policy = _with_2018_budget("3000.00")
    assert validate(_household_help(d(2018, 1, 1)), registry=Registry.of(policy)) == []


def test_h4_61_each_year_judged_once_when_both_are_over() -> None:
    """H4-61: with 2017's budget also cut to 3,000.00 both years are over by 510.00, one
    warning per year, in year order."""
    policy = _with_2018_budget("3000.00")
    shipped = POLICY.budgets.get("0503", 2017, Part.HUISHOUDELIJKE_HULP)
    assert shipped is not None
    tight = attrs.evolve(policy, budgets=policy.budgets.with_budget(
        attrs.evolve(shipped, amount=Money.euros("3000.00"))))
    found = tight.validate_region(_household_help(d(2019, 1, 1)), (2018, 2017, 2018))
    assert [v.path for v in found] == ["budgets[0503][2017][huishoudelijke_hulp]",
                                       "budgets[0503][2018][huishoudelijke_hulp]"]


def test_h4_61_the_command_line_judges_every_year_whatever_on_says(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """H4-61 from the CLI: the two-year household help in Delft with the shipped budgets
    (2017 only) warns that 2018's 3,510.00 meets no loaded budget, also when every
    household is judged on 1 January 2017 (``--on``); a warning exits 0."""
    path = tmp_path / "caseload.json"
    write_caseload(path, _household_help(d(2019, 1, 1)))
    for extra in ([], ["--on", "2017-01-01"]):
        assert main(["validate", str(path), "--format", "json", *extra]) == EXIT_OK
        rows = json.loads(capsys.readouterr().out)
        assert [(r["code"], "2018" in r["message"], "€ 3.510,00" in r["message"])
                for r in rows] == [("H4-61", True, True)]
