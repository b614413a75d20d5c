"""Settlement invariants over whole caseloads."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sociaaldomein import Caseload, Money, Month, Registry, StopReason, Trajectory, settle
from sociaaldomein.model.money import total
from sociaaldomein.testing.strategies import caseloads_for, trajectories
from sociaaldomein_template import POLICY

REGISTRY = Registry.of(POLICY)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(caseloads_for(POLICY, 2024), st.integers(1, 12))
def test_municipality_totals_add_up_to_the_total(caseload: Caseload, month: int) -> None:
    result = settle(caseload, Month(2024, month), REGISTRY)
    assert total(result.group_by("municipality").values()) == result.total
    assert total(result.group_by("provider").values()) == result.total
    assert settle(caseload, Month(2024, month), REGISTRY) == result


@given(trajectories(), st.sampled_from(StopReason))
def test_paid_plus_withheld_is_the_tariff(model: Trajectory, reason: StopReason) -> None:
    paid, withheld = model.paid_and_withheld(reason)
    assert paid + withheld == model.amount
    assert withheld == (model.due_at_completion() if reason in model.withhold_on else Money.zero())
