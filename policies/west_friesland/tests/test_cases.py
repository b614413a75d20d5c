"""The readable cases in ``cases/*.toml``, one test per case.

Each case states its rule id, the section of *Uitvoeringskader inkoop sociaal domein
West-Friesland 2019-2021* it comes from, why the expected figure is what it is, and the
expected outcome: the violation codes (errors, and warnings where listed), and for
settlement cases the lines per month and the totals paid and withheld. The files are read
strictly with the core's ``Params``: an unknown key is an error, so a typo cannot silently
weaken a case.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sociaaldomein import (
    Allocation,
    CareEvent,
    Case,
    Delivery,
    Goal,
    Household,
    Month,
    Municipality,
    Party,
    PartyKind,
    Period,
    Person,
    Plan,
    PlanKind,
    Refusal,
    Settlement,
    Start,
    Stop,
    StopReason,
    Unit,
)
from sociaaldomein.policy.parameters import Params, read_toml
from sociaaldomein_west_friesland import POLICY

CASES = Path(__file__).parent / "cases"
HOORN = Municipality("0441", "Hoorn")


def _plan(p: Params, household: str) -> Plan:
    kind = p.enum("kind", PlanKind)
    goals = tuple(Goal("perspectief", g) for g in p.str_list("goals", []))
    regisseur = Party(p.enum("regisseur", PartyKind)) if p.has("regisseur") else None
    plan = Plan(p.text("id"), household, p.date("drawn_up_on"), kind, goals, regisseur,
                safety_concern=p.boolean("safety_concern", False))
    p.done()
    return plan


def _allocation(p: Params, household: str) -> Allocation:
    unit = Unit.from_code(p.text("unit")) if p.has("unit") else None
    alloc = Allocation(
        p.text("id"), household, p.text("client"), p.text("arrangement"),
        p.opt_str("provider") or "P1", Period(p.date("start"), p.date("end")),
        plan_id=p.opt_str("plan"),
        referred_by=p.enum("referred_by", PartyKind) if p.has("referred_by") else None,
        volume=p.opt_str("volume"), unit=unit,
        extended_youth_care=p.boolean("extended", False),
        flags=frozenset(p.str_list("flags", [])),
    )
    p.done()
    return alloc


def _event(p: Params) -> CareEvent:
    kind = p.text("type")
    alloc, day = p.text("allocation"), p.date("date")
    event: CareEvent
    if kind == "start":
        event = Start(alloc, day)
    elif kind == "stop":
        event = Stop(alloc, day, p.enum("reason", StopReason))
    elif kind == "delivery":
        event = Delivery(alloc, day, p.text("quantity"), Unit.from_code(p.text("unit")))
    elif kind == "refusal":
        event = Refusal(alloc, day, p.text("provider"), p.opt_str("condition"))
    else:
        raise p.error("type", f"unknown event type {kind!r}")
    p.done()
    return event


def _load(path: Path) -> list[tuple[str, Params]]:
    params = read_toml(path)
    out = [(f"{path.stem}: {c.text('name')}", c) for c in params.tables("case")]
    params.done()
    return out


ALL = [item for path in sorted(CASES.glob("*.toml")) for item in _load(path)]


@pytest.mark.parametrize("case_params", [c for _, c in ALL], ids=[name for name, _ in ALL])
def test_case(case_params: Params) -> None:
    """One readable case: its rule id and section are in the file (WF-xx in its name)."""
    p = case_params
    rule, section = p.text("rule"), p.text("section")
    assert rule.startswith("WF-") and section
    p.text("why")
    household_id = "h"
    members = []
    for m in p.tables("members"):
        members.append(Person(m.text("id"), m.date("birth_date")))
        m.done()
    plans = tuple(_plan(x, household_id) for x in p.tables("plans")) if p.has("plans") else ()
    allocations = tuple(_allocation(x, household_id) for x in p.tables("allocations"))
    events = tuple(_event(x) for x in p.tables("events")) if p.has("events") else ()
    case = Case(Household(household_id, HOORN, tuple(members)), plans, allocations, events)

    expect = p.table("expect")
    on = min(a.period.start for a in allocations)
    found = POLICY.validate(case, on)
    errors = sorted(v.code for v in found if v.is_error)
    warnings = sorted(v.code for v in found if not v.is_error)
    assert errors == sorted(expect.str_list("violations")), [str(v) for v in found]
    if expect.has("warnings"):
        assert warnings == sorted(expect.str_list("warnings")), [str(v) for v in found]
    for violation in found:
        assert violation.ref.rule == violation.code
        assert violation.ref.source.title.startswith("Uitvoeringskader inkoop sociaal domein")

    if expect.has("months"):
        months = [Month.parse(m) for m in expect.str_list("months")]
        settlement = Settlement(tuple(line for m in months for line in POLICY.settle(case, m)))
        expected_lines = []
        for row in expect.tables("lines"):
            expected_lines.append((row.text("month"), row.money("amount")))
            row.done()
        got = [(str(line.month), line.amount) for line in settlement.lines]
        assert got == expected_lines, settlement.explain()
        assert settlement.total == expect.money("paid")
        assert settlement.total_withheld == expect.money("withheld")
        for line in settlement.lines:
            if line.withheld:
                assert line.rule == "WF-65", "a withheld part cites the withholding rule"
            assert line.example, "every amount rests on an example tariff and says so"
            assert line.ref.rule and line.ref.section
            assert line.provider == "P1"
    elif expect.has("paid"):  # pragma: no cover - a case file mistake
        raise AssertionError("a case with totals needs months")
    expect.done()
    p.done()


def test_every_case_file_is_read() -> None:
    """The case files hold the cases the region's issue asks for (WF-27, WF-38, WF-55,
    WF-57, WF-60, WF-64, WF-65, WF-87)."""
    rules = {c.text("rule") for _, c in _load_all()}
    assert {"WF-27", "WF-38", "WF-55", "WF-57", "WF-60", "WF-64", "WF-65", "WF-87"} <= rules


def _load_all() -> list[tuple[str, Params]]:
    return [item for path in sorted(CASES.glob("*.toml")) for item in _load(path)]
