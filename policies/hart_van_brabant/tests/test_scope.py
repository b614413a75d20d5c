"""What the purchase covers and what it leaves open: excluded provisions, results instead of
products, no diagnosis, no cap on providers, every cell open to every provider, the access
team as principal whatever the entry point, and the checks judged on the access team's flags."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sociaaldomein import (
    Allocation,
    Case,
    Caseload,
    HouseholdIncome,
    Money,
    ParameterError,
    PartyKind,
    Period,
    PerPeriod,
    PriceQuantity,
    Provider,
    Stay,
)
from sociaaldomein.testing.cases import read_case
from sociaaldomein_hart_van_brabant import POLICY
from sociaaldomein_hart_van_brabant.catalog import Cell, load_catalog
from sociaaldomein_hart_van_brabant.funding import OwnContribution
from sociaaldomein_hart_van_brabant.sources import PARAMETERS

CASES = Path(__file__).parent / "cases"
JANSEN_FILE = read_case(CASES / "jansen.toml")
(JANSEN,) = JANSEN_FILE.caseload.cases()
ON = JANSEN_FILE.validate_on


def _with(case: Case, *allocations: Allocation) -> Case:
    return attrs.evolve(case, allocations=allocations)


def test_excluded_provisions_cite_their_rule() -> None:
    """HVB16-47, HVB16-53, HVB16-71, HVB19-06: an allocation of a provision outside the
    purchase is HVB-EXCLUDED citing the rule that excludes it, and is never paid; a code
    that is neither an arrangement nor excluded stays HVB-UNKNOWN."""
    file = read_case(CASES / "excluded_provisions.toml")
    (case,) = file.caseload.cases()
    cited = {v.path: v.ref.rule for v in POLICY.validate(case, file.validate_on)}
    by_code = {a.arrangement: cited[f"households[jansen].allocations[{a.id}].arrangement"]
               for a in case.allocations if not a.arrangement[0].isdigit()}
    assert by_code == {
        "traplift": "HVB16-71", "rolstoel": "HVB16-53", "wijkverpleging": "HVB16-47",
        "woningaanpassing": "HVB19-06", "vervoersvoorziening": "HVB19-06",
        "zintuiglijke-begeleiding": "HVB19-06", "beschermd-wonen-lvb": "HVB19-06",
    }
    lines = POLICY.settle(case, file.months[0].month)
    assert {line.arrangement for line in lines} == {"5a-beperkt", "4a-beperkt"}
    other = _with(JANSEN, attrs.evolve(JANSEN.allocations[0], arrangement="traplift-xl"))
    assert [v.code for v in POLICY.validate(other, ON)] == ["HVB-UNKNOWN"]


def test_excluded_provision_cannot_be_an_arrangement(tmp_path: Path) -> None:
    """HVB19-06: a provision listed as excluded that is also an arrangement of the catalog is
    a ParameterError naming the file."""
    text = (PARAMETERS / "catalog.toml").read_text(encoding="utf-8")
    bad = tmp_path / "catalog.toml"
    bad.write_text(text.replace('code = "traplift"', 'code = "vervoer"', 1), encoding="utf-8")
    (tmp_path / "products.toml").write_text(
        (PARAMETERS / "products.toml").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(ParameterError, match=r"catalog\.toml.*vervoer"):
        load_catalog(bad)


def test_cells_are_results_not_products() -> None:
    """HVB16-19: support is result-oriented maatwerk, not a fixed product: every cell of the
    matrix names a result area and no unit, and is paid a fixed amount per period, never a
    price per hour (P x Q)."""
    for cell in Cell.all():
        arrangement = POLICY.catalog.arrangement(cell.code)
        assert arrangement.result_area == cell.result.value and arrangement.unit is None
        for year in POLICY.contract_years:
            assert isinstance(POLICY.tariffs.tariff(cell.code, year).model, PerPeriod)


def test_no_diagnosis_needed() -> None:
    """HVB16-20: decisions centre on the person, not a diagnosis: neither an allocation nor
    a plan has a diagnosis, and the Jansen case, which records none, is valid and paid."""
    assert not any("diagnos" in f.name for cls in (Allocation, type(JANSEN.plans[0]))
                   for f in attrs.fields(cls))
    assert POLICY.validate(JANSEN, ON) == []
    assert sum((line.amount for line in POLICY.settle(JANSEN, JANSEN_FILE.months[0].month)),
               Money.zero()) == Money.euros("700.00")


def test_funding_model_per_service() -> None:
    """HVB16-78: the funding model stays a per-service parameter of the tariff file: per
    period for the cells, per etmaal for short stay, P x Q for Waalwijk's products."""
    models = {code: type(POLICY.tariffs.tariff(code, 2019).model) for code in (
        "5a-beperkt", "kortdurend-verblijf-verblijf", "waalwijk-begeleiding-individueel")}
    assert models == {"5a-beperkt": PerPeriod, "kortdurend-verblijf-verblijf": Stay,
                      "waalwijk-begeleiding-individueel": PriceQuantity}


@settings(max_examples=15, deadline=None)
@given(st.lists(st.from_regex(r"P-[A-Z]{1,6}", fullmatch=True), min_size=1, max_size=25,
                unique=True))
def test_no_cap_on_providers(providers: list[str]) -> None:
    """HVB16-87, HVB19-45, HVB19-44: contracting excludes no party and caps nothing: any
    number of providers, each coordinating its own household with mevrouw Jansen's cells,
    gives no region-wide violation, and each case is judged alike whatever the provider (a
    specialism or work area informs only, restricting neither delivery nor choice)."""
    cases = []
    for i, provider in enumerate(providers):
        household = attrs.evolve(JANSEN.household, id=f"h{i}")
        plan = attrs.evolve(JANSEN.plans[0], id=f"plan-{i}", household_id=household.id,
                            coordinators=(attrs.evolve(JANSEN.plans[0].coordinators[0],
                                                       id=provider),))
        allocs = tuple(attrs.evolve(a, id=f"{a.id}-{i}", household_id=household.id,
                                    provider=provider, plan_id=plan.id)
                       for a in JANSEN.allocations)
        cases.append(Case(household, (plan,), allocs, ()))
    caseload = Caseload.of_cases(cases)
    assert POLICY.validate_region(caseload, (ON.year,)) == []
    assert all(POLICY.validate(c, ON) == [] for c in cases)


def test_every_cell_open_to_every_provider() -> None:
    """HVB19-77: no sub-lots; every result area and level is open to every provider, with
    one contract for all participating municipalities: a provider contracted for all 39
    cells coordinates mevrouw Jansen's plan in each of the eight."""
    contract = POLICY.calendar.framework_contract(
        Provider("P-ZORG", "Zorg"), frozenset(c.code for c in Cell.all()), dt.date(2019, 1, 1))
    policy = attrs.evolve(POLICY, contracts=(contract,))
    joining = [p.municipality for p in POLICY.participation if p.takes_part(ON)]
    assert len(joining) == 8
    for municipality in joining:
        case = attrs.evolve(JANSEN, household=attrs.evolve(JANSEN.household,
                                                           municipality=municipality))
        assert policy.validate(case, ON) == [], municipality


@pytest.mark.parametrize("entry", [None, *PartyKind])
def test_principal_whatever_the_entry_point(entry: PartyKind | None) -> None:
    """HVB16-23: whatever the entry point (who referred the household), one access team
    holds the conversation and is the principal of the plan."""
    allocs = tuple(attrs.evolve(a, referred_by=entry) for a in JANSEN.allocations)
    case = _with(JANSEN, *allocs)
    assert POLICY.principal(case, case.plans[0]).kind is PartyKind.ACCESS_TEAM


@pytest.mark.parametrize(("code", "flag", "expected"), [
    ("5a-beperkt", "dagbesteding:participatie", []),
    ("5a-beperkt", "dagbesteding:ontlasting", ["HVB-DAY-ACTIVITIES"]),
    ("4a-beperkt", "procesregie", ["HVB-4A-PROCESREGIE"]),
    ("5a-beperkt", "procesregie", []),
    ("5a-beperkt", "participatiewet", ["HVB-AREA5-PARTICIPATIEWET"]),
    ("4a-beperkt", "participatiewet", []),
    ("5a-beperkt", "voorliggend", ["HVB-VOORLIGGEND"]),
    ("5a-beperkt", "medical", []),
])
def test_cell_scope_flags(code: str, flag: str, expected: list[str]) -> None:
    """HVB19-27, HVB19-32, HVB19-34, HVB19-15: each flag is judged only on the cells it
    concerns; the same flag on another cell changes nothing."""
    allocs = tuple(attrs.evolve(a, flags={flag}) if a.arrangement == code else a
                   for a in JANSEN.allocations)
    assert [v.code for v in POLICY.validate(_with(JANSEN, *allocs), ON)] == expected


def test_finances_investigated_only_when_charging() -> None:
    """HVB19-61: the warning comes only where the municipality charges an own contribution,
    and goes once the household's income on the date is recorded."""
    charging = attrs.evolve(POLICY, own_contribution=OwnContribution(charge=True))
    assert POLICY.validate(JANSEN, ON) == []
    assert [v.code for v in charging.validate(JANSEN, ON)] == ["HVB-FINANCES-UNKNOWN"]
    known = attrs.evolve(JANSEN, household=attrs.evolve(JANSEN.household, income=(
        HouseholdIncome(Money.euros("24000.00"), Period(dt.date(2019, 1, 1), dt.date(2020, 1, 1))),)))
    assert charging.validate(known, ON) == []


def test_every_member_has_an_access_team() -> None:
    """HVB16-34: every member municipality has an access team (since 2015), and it is the
    principal of a plan in each of the nine; the team turns the need into result-oriented
    assignments, so a cell whose result the plan does not name is reported (HVB-GOAL-MISSING
    for 5a when its goal is dropped)."""
    assert len(POLICY.members) == 9
    for member in POLICY.members:
        case = attrs.evolve(JANSEN, household=attrs.evolve(JANSEN.household,
                                                           municipality=member.municipality))
        assert POLICY.principal(case, case.plans[0]).kind is PartyKind.ACCESS_TEAM
    plan = attrs.evolve(JANSEN.plans[0], goals=JANSEN.plans[0].goals[1:])
    codes = [v.code for v in POLICY.validate(attrs.evolve(JANSEN, plans=(plan,)), ON)]
    assert codes == ["HVB-GOAL-MISSING"]
