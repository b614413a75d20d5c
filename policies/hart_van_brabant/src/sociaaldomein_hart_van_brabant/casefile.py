"""Readable case files: a household's case, its source clause and the expected outcome.

Policy staff can read and write these TOML files; the tests run every file in
``tests/cases``. The format (read strictly, like every data file of this policy)::

    [case]
    title = "Mevrouw Jansen"
    rules = ["HVB19-47", "HVB19-52"]          # rule ids of the inventory
    source = "Inkoopplan resultaatgerichte Wmo-begeleiding 2019"
    section = "§4.1"
    story = "what happens, in words"
    validate_on = 2019-02-01

    [setup]                                    # optional what-if on the policy
    separately_bought = ["2b"]                 # the household's municipality buys these apart
    own_contribution = true                    # the municipality charges one

    [household]
    id = "jansen"
    municipality = "0855"
    members = [ { id = "jansen", born = 1968-04-12 } ]

    [[plan]]
    id = "jansen-plan"
    drawn_up_on = 2019-01-21
    regisseur = "household"                    # a party: kind or kind:id
    coordinators = ["provider:P-ZORG"]
    safety_concern = false
    domains = []
    goals = [ { result = "5a", level = "beperkt", desired = "...", term_end = 2020-02-01 } ]

    [[allocation]]
    id = "jansen-5a"
    client = "jansen"
    arrangement = "5a-beperkt"
    provider = "P-ZORG"
    start = 2019-02-01                         # first day
    end = 2020-02-01                           # first day after (half-open)
    decided_on = 2019-01-28                    # optional
    referred_on = 2019-01-14                   # optional: the registration date
    plan = "jansen-plan"                       # optional
    flags = []                                 # optional
    pgb = false                                # optional
    volume = 4                                 # optional, with unit = "04"
    frequency = "2"                            # optional: 1 day, 2 week, 4 month, 6 total

    [[event]]                                  # start | stop | delivery | evaluation
    type = "evaluation"
    allocation = "jansen-4a"
    date = 2019-07-15
    contributes = false                        # evaluation
    # stop: reason = "no_result"; delivery: quantity = 3, unit = "14"

    [expected]
    violations = ["HVB-COORD-TWO"]             # the exact set of codes on validate_on
    first_month = "2019-02"                    # optional settlement range (inclusive)
    last_month = "2020-01"
    total = "8400.00"                          # payments to providers over the range
    months = [ { month = "2019-02", total = "700.00" } ]
    own_contributions = "17.50"                # optional
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import attrs

from sociaaldomein import (
    Allocation,
    CareEvent,
    Case,
    Delivery,
    Evaluation,
    Frequency,
    Goal,
    Household,
    Money,
    Month,
    Municipality,
    ParameterError,
    Party,
    PartyKind,
    Period,
    PeriodError,
    Person,
    Plan,
    SociaaldomeinError,
    Start,
    Stop,
    StopReason,
    Unit,
)
from sociaaldomein.policy.parameters import Params, read_toml

__all__ = ["CaseFile", "Expected", "read_case"]


@attrs.frozen
class Expected:
    violations: frozenset[str]
    first_month: Month | None = None
    last_month: Month | None = None
    total: Money | None = None
    months: tuple[tuple[Month, Money], ...] = ()
    own_contributions: Money | None = None


@attrs.frozen
class CaseFile:
    """A readable case: the story, the clause, the case and what must come out."""

    title: str
    rules: tuple[str, ...]
    source: str
    section: str
    story: str
    validate_on: dt.date
    case: Case
    expected: Expected
    separately_bought: tuple[str, ...] = ()
    own_contribution: bool = False
    file: str = ""


def _party(params: Params, key: str, text: str) -> Party:
    kind, _, ident = text.partition(":")
    for member in PartyKind:
        if member.value == kind:
            return Party(member, ident or None)
    raise params.error(key, f"unknown party kind {kind!r}")


def _month(params: Params, key: str) -> Month:
    try:
        return Month.parse(params.text(key))
    except PeriodError as exc:
        raise params.error(key, exc.message) from None


def _event(item: Params) -> CareEvent:
    kind = item.text("type")
    alloc, day = item.text("allocation"), item.date("date")
    if kind == "start":
        return Start(alloc, day)
    if kind == "stop":
        return Stop(alloc, day, item.enum("reason", StopReason))
    if kind == "delivery":
        return Delivery(alloc, day, Decimal(item.integer("quantity")),
                        item.enum("unit", Unit))
    if kind == "evaluation":
        return Evaluation(alloc, day, contributes=item.boolean("contributes"))
    raise item.error("type", f"unknown event type {kind!r}")


def read_case(path: Path) -> CaseFile:
    """Read one case file strictly. Every error is a :class:`~sociaaldomein.ParameterError`
    naming the file (and the key, where the reader knows it): a value the core refuses
    (an empty id, an end before the start) is reported with the file too."""
    try:
        return _read_case(path)
    except ParameterError:
        raise
    except SociaaldomeinError as exc:
        raise ParameterError(exc.message, source=str(path)) from None


def _read_case(path: Path) -> CaseFile:
    params = read_toml(path)
    head = params.table("case")
    title, rules = head.text("title"), tuple(head.str_list("rules"))
    source, section, story = head.text("source"), head.text("section"), head.text("story")
    validate_on = head.date("validate_on")
    head.done()

    setup = params.opt_table("setup")
    separately: list[str] = []
    charge = False
    if setup is not None:
        separately = setup.str_list("separately_bought", [])
        charge = setup.boolean("own_contribution", False)
        setup.done()

    hh = params.table("household")
    people = []
    for person in hh.tables("members"):
        people.append(Person(person.text("id"), person.date("born")))
        person.done()
    code = hh.text("municipality")
    household = Household(hh.text("id"), Municipality(code, hh.text("name") if hh.has("name")
                                                      else f"gemeente {code}"), tuple(people))
    hh.done()

    plans = []
    for item in params.tables("plan") if params.has("plan") else ():
        goals = []
        for g in item.tables("goals"):
            goals.append(Goal(g.text("result"), g.text("desired"), level=g.opt_str("level"),
                              term_end=g.opt_date("term_end")))
            g.done()
        regisseur = item.opt_str("regisseur")
        plans.append(Plan(
            item.text("id"), household.id, item.date("drawn_up_on"), goals=tuple(goals),
            regisseur=_party(item, "regisseur", regisseur) if regisseur else None,
            coordinators=tuple(_party(item, "coordinators", c)
                               for c in item.str_list("coordinators")),
            safety_concern=item.boolean("safety_concern", False),
            domains=frozenset(item.str_list("domains", [])),
            term_end=item.opt_date("term_end"),
        ))
        item.done()

    allocations = []
    for item in params.tables("allocation"):
        volume = item.integer("volume") if item.has("volume") else None
        unit = item.enum("unit", Unit) if item.has("unit") else None
        frequency = item.enum("frequency", Frequency) if item.has("frequency") else None
        allocations.append(Allocation(
            item.text("id"), household.id, item.text("client"), item.text("arrangement"),
            item.text("provider"), Period(item.date("start"), item.date("end")),
            plan_id=item.opt_str("plan"), decided_on=item.opt_date("decided_on"),
            referred_on=item.opt_date("referred_on"),
            volume=Decimal(volume) if volume is not None else None, unit=unit,
            frequency=frequency,
            pgb=item.boolean("pgb", False), flags=frozenset(item.str_list("flags", [])),
            justification=item.opt_str("justification"),
        ))
        item.done()

    events = []
    if params.has("event"):
        for item in params.tables("event"):
            events.append(_event(item))
            item.done()

    exp = params.table("expected")
    months: list[tuple[Month, Money]] = []
    if exp.has("months"):
        for m in exp.tables("months"):
            months.append((_month(m, "month"), m.money("total")))
            m.done()
    expected = Expected(
        violations=frozenset(exp.str_list("violations")),
        first_month=_month(exp, "first_month") if exp.has("first_month") else None,
        last_month=_month(exp, "last_month") if exp.has("last_month") else None,
        total=exp.opt_money("total"),
        months=tuple(months),
        own_contributions=exp.opt_money("own_contributions"),
    )
    exp.done()
    params.done()
    return CaseFile(title, rules, source, section, story, validate_on,
                    Case(household, tuple(plans), tuple(allocations), tuple(events)),
                    expected, tuple(separately), charge, str(path))
