"""Readable cases of the H4 policy, one TOML file each in ``cases/``.

Each file names the case, its source section and rule id, the input (a household with its
plans, allocations and deliveries; a provider's application; or several households against
a municipality's budget) and the expected outcome: the exact violations, settlement
amounts per month, the contract a provider gets, or the use of a budget. Policy staff can
read and extend them without reading Python.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from sociaaldomein import (
    Allocation,
    Case,
    Caseload,
    Delivery,
    Frequency,
    Goal,
    Household,
    Money,
    Month,
    Municipality,
    Party,
    PartyKind,
    Period,
    Person,
    Plan,
    Provider,
    Ref,
    Unit,
    default_registry,
)
from sociaaldomein_h4 import POLICY
from sociaaldomein_h4.budgets import Budget
from sociaaldomein_h4.catalog import Part
from sociaaldomein_h4.contracting import Application, ProviderKind, Requirement
from sociaaldomein_h4.sources import SOURCE

CASES = sorted((Path(__file__).parent / "cases").glob("*.toml"))
NAMES = {m.municipality.code: m.municipality.name for m in POLICY.members}


def _household(data: dict[str, Any]) -> Household:
    code = data["municipality"]
    return Household(
        data["id"], Municipality(code, NAMES[code]),
        tuple(Person(p["id"], p["birth_date"]) for p in data["members"]),
    )


def _plan(data: dict[str, Any], household: str) -> Plan:
    return Plan(
        data["id"], household, data["drawn_up_on"],
        goals=tuple(Goal(g["area"], g["result"]) for g in data.get("goals", [])),
        regisseur=Party(PartyKind(data["regisseur"])) if "regisseur" in data else None,
        general_provision_reason=data.get("reason"),
        term_end=data.get("term_end"),
    )


def _allocation(data: dict[str, Any], household: str) -> Allocation:
    return Allocation(
        data["id"], household, data["client"], data["arrangement"], data["provider"],
        Period(data["start"], data["end"]), plan_id=data.get("plan"),
        decided_on=data["start"],
        volume=Decimal(data["volume"]) if "volume" in data else None,
        unit=Unit(data["unit"]) if "unit" in data else None,
        frequency=Frequency(data["frequency"]) if "frequency" in data else None,
        pgb=data.get("pgb", False), flags=frozenset(data.get("flags", [])),
    )


def _case(data: dict[str, Any]) -> Case:
    household = _household(data["household"])
    return Case(
        household,
        tuple(_plan(p, household.id) for p in data.get("plan", [])),
        tuple(_allocation(a, household.id) for a in data.get("allocation", [])),
        tuple(Delivery(d["allocation"], d["date"], Decimal(d["quantity"]), Unit(d["unit"]))
              for d in data.get("delivery", [])),
    )


def _check_violations(found: list[Any], expected: list[dict[str, str]]) -> None:
    got = sorted((v.code, v.severity.value) for v in found)
    want = sorted((e["code"], e["severity"]) for e in expected)
    assert got == want, "\n".join(str(v) for v in found)
    for violation in found:
        assert violation.ref.source == SOURCE or violation.code == "H4-LAW"
        assert violation.ref.rule == violation.code


def _run_case(data: dict[str, Any]) -> None:
    case = _case(data)
    on = data["on"]
    policy = default_registry().policy_for(case.household.municipality.code, on)
    assert policy.code == "h4"
    _check_violations(policy.validate(case, on), data["expect"]["violations"])
    for expected in data["expect"].get("settlement", []):
        month = Month.parse(expected["month"])
        lines = policy.settle(case, month)
        per_allocation = {line.allocation: line.amount for line in lines}
        want = {k: Money.euros(v) for k, v in expected["lines"].items()}
        assert per_allocation == want, [line.describe() for line in lines]
        total = sum((line.amount for line in lines), Money.zero())
        assert total == Money.euros(expected["total"])
        assert all(line.example for line in lines), "the shipped tariffs are example values"


def _run_admission(data: dict[str, Any]) -> None:
    app = data["application"]
    application = Application(
        Provider(app["provider"], app["name"]), Part(app["part"]), app["applied_on"],
        frozenset(Requirement(r) for r in app["shows"]), ProviderKind(app["kind"]),
        app.get("new_provider", True),
    )
    admission = POLICY.admit(application)
    expect = data["expect"]
    assert admission.admitted == expect["admitted"], admission.violations
    _check_violations(list(admission.violations), expect.get("violations", []))
    if admission.contract is not None:
        contract = admission.contract
        assert (contract.term.start, contract.term.end) == tuple(expect["term"])
        assert [(p.start, p.end) for p in contract.extensions] == [
            tuple(x) for x in expect["extensions"]
        ]
        assert contract.arrangements == frozenset(expect["arrangements"])
        assert POLICY.check_contract(contract) == []


def _run_budget(data: dict[str, Any]) -> None:
    policy = POLICY
    for b in data.get("budget", []):
        budget = Budget(b["municipality"], b["year"], Part(b["part"]), Money.euros(b["amount"]),
                        Ref(SOURCE, "h3 §3.2 (uitgangspunten, bullet 3)", "H4-61",
                            example=True, note="set in this test case"))
        policy = attrs_evolve_budget(policy, budget)
    cases = [_case({"household": h["household"], "plan": h.get("plan", []),
                    "allocation": h.get("allocation", [])}) for h in data["households"]]
    caseload = Caseload.of_cases(cases)
    year = data["year"]
    uses = {(u.municipality, u.part.value): u for u in policy.budget_use(caseload, year)}
    for expected in data["expect"]["use"]:
        use = uses[(expected["municipality"], expected["part"])]
        assert use.used == Money.euros(expected["used"]), use.describe()
        assert use.exceeded == expected["exceeded"]
    _check_violations(policy.validate_region(caseload, dt.date(year, 6, 1)),
                      data["expect"]["violations"])


def attrs_evolve_budget(policy: Any, budget: Budget) -> Any:
    import attrs

    return attrs.evolve(policy, budgets=policy.budgets.with_budget(budget))


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case(path: Path) -> None:
    """Every readable case: its rule id and section are in the file."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["rule"].startswith("H4-") and data["section"]
    kind = data["kind"]
    if kind == "case":
        _run_case(data)
    elif kind == "admission":
        _run_admission(data)
    elif kind == "budget":
        _run_budget(data)
    else:  # pragma: no cover - a typo in a case file
        raise AssertionError(f"unknown kind {kind!r} in {path.name}")


def test_cases_exist() -> None:
    """The issue's readable cases are all present."""
    names = {p.stem for p in CASES}
    assert {"guidance_daycare_transport", "household_help_result",
            "tailor_made_without_reason", "provider_joins_mid_term",
            "budget_exceeded"} <= names
