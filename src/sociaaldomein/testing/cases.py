"""Readable case files, and the runner every region's ``tests/test_cases.py`` uses.

A case file is a TOML file that policy staff can read and write: what happens in words,
the clause and rule ids it illustrates, the input in the caseload format (the same shape
as the caseload JSON of :mod:`sociaaldomein.io.files`, with TOML dates), and the outcome
a person can check by hand: the exact violation codes, and amounts per month. ::

    [case]
    title = "Mevrouw Jansen: areas 5a and 4a, beperkt zelfredzaam, one year"
    rules = ["HVB19-47", "HVB19-52"]        # ids of the region's inventory
    section = "Inkoopplan 2019 §4.1"         # where the case comes from
    story = "what happens, in words, with the sums"
    validate_on = 2019-02-01                 # the date the case is validated on (and the
                                             # year of the region-wide checks)

    [setup]                                  # optional: a what-if the region's hook applies
    own_contribution = true

    [[households]]
    id = "jansen"
    municipality = { code = "0855", name = "Tilburg" }
    members = [ { id = "jansen", birth_date = 1968-04-12 } ]

    [[plans]]                                # as in the caseload format
    [[allocations]]
    [[events]]                               # type = "start" | "stop" | "delivery" | ...

    [expected]
    violations = ["HVB-COORD-TWO"]           # the exact set of codes on validate_on

    [[expected.months]]
    month = "2019-02"
    total = "700.00"                         # payments to providers that month
    own_contributions = "0.00"               # optional: owed by households that month
    withheld = "0.00"                        # optional: instalments withheld that month
    allocations = { jansen-5a = "400.00" }   # optional: payments per allocation

A region's test module runs every file of its ``cases`` folder::

    from sociaaldomein.testing.cases import case_files, check_case
    from sociaaldomein_my_region import POLICY

    @pytest.mark.parametrize("path", case_files(Path(__file__).parent / "cases"))
    def test_case(path: Path) -> None:
        check_case(path, POLICY)

``configure`` (a function of the policy and the ``[setup]`` table) lets a region apply a
what-if to its policy for one case; a case with a ``[setup]`` table and no ``configure``
is an error, never silently ignored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TypeVar

import attrs

from sociaaldomein.errors import InvalidInput, ParameterError, SociaaldomeinError
from sociaaldomein.io.files import CASELOAD_FORMAT, CaseloadFile, caseload_from_file
from sociaaldomein.io.serialization import structure
from sociaaldomein.model.caseload import Caseload
from sociaaldomein.model.lines import SettlementLine
from sociaaldomein.model.money import Money
from sociaaldomein.model.periods import Month
from sociaaldomein.model.validation import Violation
from sociaaldomein.policy.parameters import Params, read_toml
from sociaaldomein.policy.plugin import RegionPolicy
from sociaaldomein.settle.settlement import Settlement

__all__ = [
    "CaseFile",
    "CaseOutcome",
    "ExpectedMonth",
    "case_files",
    "check_case",
    "read_case",
    "run_case",
]

P = TypeVar("P", bound=RegionPolicy)
Configure = Callable[[P, Params], P]


@attrs.frozen
class ExpectedMonth:
    """What a case expects settled in one month."""

    month: Month
    total: Money
    own_contributions: Money | None = None
    allocations: tuple[tuple[str, Money], ...] = ()
    withheld: Money | None = None


@attrs.frozen
class CaseFile:
    """A case file as read: its story, its input and what it expects."""

    path: Path
    title: str
    rules: tuple[str, ...]
    section: str
    story: str
    validate_on: dt.date
    caseload: Caseload
    violations: frozenset[str]
    months: tuple[ExpectedMonth, ...]
    setup: Params | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen
class CaseOutcome:
    """What a policy makes of a case: its violations and the settlement of its months."""

    violations: tuple[Violation, ...]
    settlement: Settlement


def case_files(folder: Path | str) -> list[Path]:
    """The case files (``*.toml``) of a folder, sorted; an empty folder is an error."""
    files = sorted(Path(folder).glob("*.toml"))
    if not files:
        raise InvalidInput(f"no case files (*.toml) in {folder}")
    return files


def _jsonable(value: object) -> object:
    """TOML values in the caseload JSON's shape: dates and times of day as ISO text."""
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def _records(params: Params, key: str, *, required: bool = False) -> list[object]:
    """An optional array of tables (``[[key]]``) as plain data for the caseload format."""
    if not required and not params.has(key):
        return []
    value = params.raw(key)
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise params.error(key, "must be an array of tables ([[...]])")
    return [_jsonable(v) for v in value]


def read_case(path: Path | str) -> CaseFile:
    """Read a case file strictly: an unknown key, a malformed amount or an input the
    caseload format refuses is a :class:`ParameterError` naming file and key."""
    file = Path(path)
    params = read_toml(file)
    head = params.table("case")
    title = head.text("title")
    rules = tuple(head.str_list("rules"))
    if not rules:
        raise head.error("rules", "name at least one rule id of the inventory")
    section = head.text("section")
    story = head.text("story")
    validate_on = head.date("validate_on")
    head.done()
    setup = params.opt_table("setup")
    data = {
        "format": CASELOAD_FORMAT,
        "households": _records(params, "households", required=True),
        "plans": _records(params, "plans"),
        "allocations": _records(params, "allocations"),
        "events": _records(params, "events"),
    }
    try:
        caseload = caseload_from_file(structure(data, CaseloadFile, source=str(file)), str(file))
    except SociaaldomeinError as exc:
        raise ParameterError(exc.message, source=str(file)) from None
    expected = params.table("expected")
    violations = frozenset(expected.str_list("violations"))
    months = tuple(_expected_month(m) for m in _tables(expected, "months"))
    expected.done()
    params.done()
    return CaseFile(file, title, rules, section, story, validate_on, caseload, violations,
                    months, setup)


def _tables(params: Params, key: str) -> Iterable[Params]:
    if not params.has(key):
        return ()
    return params.tables(key)


def _expected_month(entry: Params) -> ExpectedMonth:
    text = entry.text("month")
    try:
        month = Month.parse(text)
    except SociaaldomeinError as exc:
        raise entry.wrap("month", exc) from None
    total = entry.money("total")
    own = entry.opt_money("own_contributions")
    withheld = entry.opt_money("withheld")
    allocations: tuple[tuple[str, Money], ...] = ()
    per = entry.opt_table("allocations")
    if per is not None:
        allocations = tuple((key, per.money(key)) for key in per)
        per.done()
    entry.done()
    return ExpectedMonth(month, total, own, allocations, withheld)


def run_case(case: CaseFile, policy: P, configure: Configure[P] | None = None) -> CaseOutcome:
    """Validate the case on its date (per household and region-wide) and settle every
    month it expects, with the policy as the case's ``[setup]`` configures it."""
    if case.setup is not None:
        if configure is None:
            raise ParameterError("has a [setup] table but the region's test gives no "
                                 "configure hook to apply it", source=str(case.path))
        policy = configure(policy, case.setup)
        case.setup.done()
    violations: list[Violation] = []
    for one in case.caseload.cases():
        violations.extend(policy.validate(one, case.validate_on))
    # a case is about its date: region-wide checks in the year of validate_on (the engine's
    # validate judges every year the caseload touches)
    violations.extend(policy.validate_region(case.caseload, (case.validate_on.year,)))
    lines: list[SettlementLine] = []
    for expected in case.months:
        for one in case.caseload.cases():
            lines.extend(policy.settle(one, expected.month))
        lines.extend(policy.settle_region(case.caseload, expected.month))
    return CaseOutcome(tuple(violations), Settlement(tuple(lines)))


def _mismatch(case: CaseFile, what: str, expected: object, got: object, detail: str = "") -> str:
    return (f"{case.path.name} ({case.title}): {what}: expected {expected}, got {got}"
            + (f"\n{detail}" if detail else ""))


def check_case(path: Path | str, policy: P, configure: Configure[P] | None = None,
               known_rules: Sequence[str] | None = None) -> CaseOutcome:
    """Run a case file and assert its expectations; the assertion message names the file,
    what differs, and explains the settlement line by line. ``known_rules`` (default: the
    policy's own inventory) are the ids a case may cite."""
    case = read_case(path)
    known = set(known_rules if known_rules is not None else (r.id for r in policy.rules))
    unknown = [r for r in case.rules if r not in known]
    assert not unknown, _mismatch(case, "rule ids", "ids of the inventory", unknown)
    outcome = run_case(case, policy, configure)
    codes = {v.code for v in outcome.violations}
    assert codes == set(case.violations), _mismatch(
        case, "violation codes", sorted(case.violations), sorted(codes),
        "\n".join(str(v) for v in outcome.violations))
    for v in outcome.violations:
        assert v.ref.section and v.message, _mismatch(case, "violation without clause", "a clause", v)
    for expected in case.months:
        part = outcome.settlement.where(month=str(expected.month))
        assert part.total == expected.total, _mismatch(
            case, f"total paid in {expected.month}", expected.total.format_nl(),
            part.total.format_nl(), part.explain())
        if expected.own_contributions is not None:
            assert part.total_own_contributions == expected.own_contributions, _mismatch(
                case, f"own contributions in {expected.month}",
                expected.own_contributions.format_nl(),
                part.total_own_contributions.format_nl(), part.explain())
        if expected.withheld is not None:
            assert part.total_withheld == expected.withheld, _mismatch(
                case, f"withheld in {expected.month}", expected.withheld.format_nl(),
                part.total_withheld.format_nl(), part.explain())
        paid = _per_allocation(part.payments())
        for allocation, amount in expected.allocations:
            got = paid.get(allocation, Money.zero())
            assert got == amount, _mismatch(
                case, f"paid for {allocation} in {expected.month}", amount.format_nl(),
                got.format_nl(), part.explain())
        for line in part.lines:
            assert line.rule and line.ref.section, _mismatch(case, "line without rule", "a rule", line)
    return outcome


def _per_allocation(lines: Iterable[SettlementLine]) -> Mapping[str, Money]:
    out: dict[str, int] = {}
    for line in lines:
        key = line.allocation or "-"
        out[key] = out.get(key, 0) + line.amount.amount_cents
    return {k: Money.cents(v) for k, v in out.items()}
