"""Midden-Holland's readable cases (``cases/*.toml``), run by the kit's case runner.

Each case names its rules and clause and the outcome a person can check by hand: the exact
violation codes on its date and the amounts per month (every payment of the month, so a
month of 2025 also holds the region-wide crisis lump-sum term, MH-18). What the kit's
format cannot say (per municipality, coordination, indicators) is asserted on the same
case files in the tests below ``test_case``.

The ``[setup]`` what-ifs of this region:

* ``example_contracts = false``: the policy without the example contracts of
  ``contracts.toml``, so a case about one household's rules is not also a volume check of
  the example volume agreement (MH-64) against that one household;
* ``budget_max = { segment = "...", amount = "..." }``: a P x Q budget maximum per
  allocation per year for a segment (MH-19).
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

import attrs
import pytest

from sociaaldomein import Case, Coordination, Money, Month, Period, Settlement, settle
from sociaaldomein.model.lines import LineKind
from sociaaldomein.policy.parameters import Params
from sociaaldomein.testing.cases import CaseOutcome, case_files, check_case, read_case
from sociaaldomein_midden_holland import POLICY, MiddenHollandPolicy
from sociaaldomein_midden_holland.catalog import SegmentKey
from sociaaldomein_midden_holland.indicators import segment_indicators
from sociaaldomein_midden_holland.keys import Basis, DistributionKey, key_on, split_by_key

CASES_DIR = Path(__file__).parent / "cases"
CASES = case_files(CASES_DIR)


def configure(policy: MiddenHollandPolicy, setup: Params) -> MiddenHollandPolicy:
    """Apply a case's ``[setup]`` what-ifs (see the module docstring)."""
    if not setup.boolean("example_contracts", True):
        policy = attrs.evolve(policy, contracts=())
    cap = setup.opt_table("budget_max")
    if cap is not None:
        segment = cap.enum("segment", SegmentKey)
        amount = cap.money("amount")
        cap.done()
        policy = attrs.evolve(policy, instruments=policy.instruments.with_segment(
            segment, budget_max=amount))
    return policy


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case(path: Path) -> None:
    """Each case: the exact violation codes on its date and the amounts per month; every
    violation names its rule and path, every line cites an MH rule and its clause."""
    outcome = check_case(path, POLICY, configure)
    for v in outcome.violations:
        assert v.ref.rule and v.ref.section and v.path and v.message, v
    for line in outcome.settlement.lines:
        assert line.rule.startswith("MH-") and line.ref.section, line


def test_every_case_cites_the_inventory_and_a_clause() -> None:
    """Every case names rule ids of the inventory and the clause it comes from."""
    known = {rule.id for rule in POLICY.rules}
    for path in CASES:
        case = read_case(path)
        assert case.section and case.story
        assert set(case.rules) <= known, path.name


# -- what the kit's format cannot say, on the same case files -----------------------------

MEMBERS = {"1901", "0513", "1931", "0627", "1892"}


def _path(name: str) -> Path:
    return CASES_DIR / f"{name}.toml"


def _run(name: str) -> CaseOutcome:
    return check_case(_path(name), POLICY, configure)


def _per_client(outcome: CaseOutcome, month: str) -> Settlement:
    """The month's lines of the households (not the region-wide lump sums)."""
    part = outcome.settlement.where(month=month)
    return Settlement(tuple(x for x in part.lines if x.kind is not LineKind.LUMP_SUM))


def _euros(parts: dict[str, str]) -> dict[str, Money]:
    return {k: Money.euros(v) for k, v in sorted(parts.items())}


def _coordination(name: str) -> Coordination:
    case = read_case(_path(name))
    policy = configure(POLICY, case.setup) if case.setup is not None else POLICY
    one: Case = next(c for c in case.caseload.cases() if c.plans)
    return policy.coordination(one, one.plans[0], case.validate_on)


# -- settlement per municipality (MH-09, MH-11, MH-14, MH-15, MH-19, MH-59, MH-60) --------

def test_two_municipalities_settled_separately() -> None:
    """MH-09, MH-11: Zuidplas pays 396.00 and Gouda 374.40 for their own residents; one
    subscription-tariff line; every payment is marked as an example value."""
    own = _per_client(_run("two_municipalities_settled_separately"), "2025-03")
    assert own.group_by("municipality") == _euros({"1892": "396.00", "0513": "374.40"})
    assert len(own.contributions()) == 1
    assert own.payments() and all(x.example for x in own.payments())
    assert "[example value]" in own.explain()


def test_pxq_hits_budget_maximum_explains_the_cap() -> None:
    """MH-19: the February line says it is capped at the budget maximum (340.00)."""
    own = _per_client(_run("pxq_hits_budget_maximum"), "2025-02")
    assert own.total == Money.euros("340.00")
    assert any("capped at the budget maximum" in x.explanation for x in own.payments())


def test_subscription_tariff_once_per_household() -> None:
    """MH-60: two Wmo allocations, one subscription line of 21.00."""
    own = _per_client(_run("subscription_tariff_once_per_household"), "2025-04")
    assert len(own.contributions()) == 1
    assert own.total_own_contributions == Money.euros("21.00")


def test_subscription_tariff_2026_amount() -> None:
    """MH-60: in 2026 one subscription line of 21.80."""
    own = _per_client(_run("subscription_tariff_2026_amount"), "2026-02")
    assert len(own.contributions()) == 1
    assert own.total_own_contributions == Money.euros("21.80")


def test_no_contribution_for_youth() -> None:
    """MH-59: Bodegraven-Reeuwijk pays 210.00 for its youth; no own-contribution line."""
    own = _per_client(_run("no_contribution_for_youth"), "2025-05")
    assert own.group_by("municipality") == _euros({"1901": "210.00"})
    assert len(own.contributions()) == 0
    assert own.total_own_contributions == Money.zero()


def test_beschermd_wonen_paid_by_gouda() -> None:
    """MH-14, MH-15: Gouda pays 1,250.00 as centrumgemeente; no own-contribution line."""
    own = _per_client(_run("beschermd_wonen_paid_by_gouda"), "2025-05")
    assert own.group_by("municipality") == _euros({"0513": "1250.00"})
    assert len(own.contributions()) == 0


def test_crisis_lump_sum_split_by_youths_key() -> None:
    """MH-18, MH-12: term 7 of the crisis lump sum, 100,000.00, split by the youths key."""
    part = _run("crisis_lump_sum_in_monthly_terms").settlement.where(month="2025-07")
    assert part.total == Money.euros("100000.00")
    assert part.group_by("municipality") == _euros({
        "1901": "14339.62", "0513": "28679.25", "1931": "23396.23", "0627": "13773.58",
        "1892": "19811.32"})
    assert part.payments() and all(x.example for x in part.payments())
    assert "[example value]" in part.explain()
    assert any("Gouda (0513) pays its share of term 7" in x.explanation
               for x in part.payments())


def test_engine_routes_midden_holland_households() -> None:
    """MH-09, MH-12: through the core engine (registry lookup by municipality) the first
    settlement case gives the same per-client lines, plus the month's crisis lump-sum term
    split over the five members (EUR 100,000.00 in March 2025)."""
    caseload = read_case(_path("two_municipalities_settled_separately")).caseload
    result = settle(caseload, Month(2025, 3))
    lump = result.where(kind="lump_sum")
    assert lump.total == Money.euros("100000.00")
    assert set(lump.group_by("municipality")) == MEMBERS
    assert result.total - lump.total == Money.euros("770.40")


# -- messages (MH-58, MH-64) --------------------------------------------------------------

def test_volume_agreement_below_minimum_names_the_amount() -> None:
    """MH-64: the warning names the realised 1,320.00."""
    outcome = _run("volume_agreement_below_minimum")
    assert any("€ 1.320,00" in v.message for v in outcome.violations)


def test_crisis_start_two_days_after_referral_says_how_late() -> None:
    """MH-58: the message says the help started 34 hours after the referral of 3 March
    at 22:00, counted from the referral and start times."""
    outcome = _run("crisis_start_two_days_after_referral")
    assert any("34 hours after the referral at 2025-03-03 22:00" in v.message
               for v in outcome.violations)


def test_crisis_start_next_day_in_hours() -> None:
    """MH-58, MH-91: the next day at a later hour is 25 hours, an error; without the times
    a next-day start is only a warning that asks for them."""
    late = _run("crisis_start_next_day_at_a_later_hour").violations
    assert [v.is_error for v in late] == [True]
    assert "25 hours after the referral at 2025-03-03 22:00" in late[0].message
    unknown = _run("crisis_start_next_day_without_times").violations
    assert [v.is_error for v in unknown] == [False] and "cannot be checked" in unknown[0].message


def test_end_goal_change_names_the_revision() -> None:
    """MH-74: the violation points at the revision and names the changed result area."""
    found = _run("end_goal_changed_without_consultation").violations
    assert [v.path for v in found] == ["households[h1].plans[p1].revisions[1]"]
    assert "end goal(s) of wonen without a recorded consultation" in found[0].message


def test_cost_cap_lowers_the_subscription_tariff() -> None:
    """The national cost cap: January's line says it was lowered from 21,00 to 16,50 and
    cites Wmo 2015 art. 2.1.4."""
    outcome = _run("contribution_capped_at_cost_of_support")
    owed = outcome.settlement.where(month="2025-01").contributions()
    assert [x.amount for x in owed] == [Money.euros("16.50")] and owed[0].rule == "MH-60"
    assert "lowered from € 21,00 to € 16,50" in owed[0].explanation
    assert "art. 2.1.4" in owed[0].explanation


# -- regie (MH-32, MH-38, MH-72) --------------------------------------------------------

def test_debts_make_local_team_regisseur() -> None:
    """MH-32, MH-38: problems in two domains: the local access holds process regie, the
    provider P-E case regie."""
    coordination = _coordination("debts_make_local_team_regisseur")
    assert coordination.regisseur is not None and coordination.coordinator is not None
    assert coordination.regisseur.kind.value == "access_team"
    assert (coordination.coordinator.kind.value, coordination.coordinator.id) == ("provider", "P-E")
    assert coordination.ref.rule == "MH-32"


def test_safety_needs_local_access_regie() -> None:
    """MH-32: safety at stake: the local access holds process regie, P-E case regie."""
    coordination = _coordination("safety_needs_local_access_regie")
    assert coordination.regisseur is not None and coordination.coordinator is not None
    assert coordination.regisseur.kind.value == "access_team"
    assert (coordination.coordinator.kind.value, coordination.coordinator.id) == ("provider", "P-E")


def test_complex_care_regiebehandelaar() -> None:
    """MH-72: in complex care the provider P-H is regiebehandelaar."""
    coordination = _coordination("complex_care_regiebehandelaar")
    assert coordination.coordinator is not None
    assert (coordination.coordinator.kind.value, coordination.coordinator.id) == ("provider", "P-H")
    assert coordination.coordinator.name == "regiebehandelaar"
    assert coordination.ref.rule == "MH-72"


# -- indicators (MH-41, MH-55, MH-96, MH-100, MH-110, MH-113) --------------------------

def _indicators(name: str) -> dict[tuple[str, str, str], Fraction | None]:
    caseload = read_case(_path(name)).caseload
    values = segment_indicators(caseload, POLICY.catalog_data, Period.year(2025))
    return {(v.segment.value, v.group, v.key): v.value for v in values}


def test_waiting_time_decision_to_start() -> None:
    """MH-96: 14 days from decision to start; one client, inflow one (Waddinxveen)."""
    found = _indicators("waiting_time_decision_to_start")
    assert found[("respijtzorg", "0627", "waiting_days")] == 14
    assert found[("respijtzorg", "0627", "clients")] == 1
    assert found[("respijtzorg", "0627", "inflow")] == 1


def test_end_of_trajectory_proposals_counted() -> None:
    """MH-41, MH-100: one end report of each kind; two of three ended according to plan."""
    found = _indicators("end_of_trajectory_proposals_counted")
    for key, value in (("end_report_close", 1), ("end_report_scale_down", 1),
                       ("end_report_extend", 1), ("ended_to_plan", Fraction(2, 3)),
                       ("outflow", 3)):
        assert found[("behandeling", "0513", key)] == value, key


# -- distribution keys without a caseload (MH-12) ----------------------------------------

def test_shared_service_split_by_youths_key() -> None:
    """MH-12: EUR 53,000.00 split by the example youths key (7,600 + 15,200 + 12,400 +
    7,300 + 10,500 = 53,000 youths): exactly EUR 1.00 per youth."""
    key = key_on(POLICY.keys, "jeugdigen", dt.date(2025, 1, 1))
    parts = split_by_key(Money.euros("53000.00"), key)
    assert parts == _euros({"1901": "7600.00", "0513": "15200.00", "1931": "12400.00",
                            "0627": "7300.00", "1892": "10500.00"})
    assert sum(parts.values(), Money.zero()) == Money.euros("53000.00")


def test_split_with_remainder_cent() -> None:
    """MH-12: EUR 100.00 over three equal weights: 33.33 each leaves one cent, which goes
    to the first by code (largest remainder, tie to the first): 33.34, 33.33, 33.33."""
    key = DistributionKey("synthetic", Basis.RESIDENTS, dt.date(2025, 1, 1),
                          (("0513", 1), ("0627", 1), ("1892", 1)))
    parts = split_by_key(Money.euros("100.00"), key)
    assert parts == _euros({"0513": "33.34", "0627": "33.33", "1892": "33.33"})
    assert sum(parts.values(), Money.zero()) == Money.euros("100.00")
