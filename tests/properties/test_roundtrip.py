"""Serialization round trips of every public type are exact."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from sociaaldomein import Caseload, FundingModel, Household, Money, Month, Period, Plan, Ref
from sociaaldomein.io.serialization import dumps, loads
from sociaaldomein.model.caseload import Allocation, CareEvent
from sociaaldomein.testing import strategies as s
from sociaaldomein_template import POLICY


def _round_trip(value: Any, cls: Any) -> None:
    assert loads(dumps(value), cls) == value
    assert dumps(loads(dumps(value), cls)) == dumps(value)  # stable


@given(s.money(-10**9, 10**9))
def test_money(value: Money) -> None:
    _round_trip(value, Money)


@given(s.months())
def test_month(value: Month) -> None:
    _round_trip(value, Month)


@given(s.periods())
def test_period(value: Period) -> None:
    _round_trip(value, Period)


@given(s.households())
def test_household(value: Household) -> None:
    _round_trip(value, Household)


@given(s.plans())
def test_plan(value: Plan) -> None:
    _round_trip(value, Plan)


@given(s.refs)
def test_ref(value: Ref) -> None:
    _round_trip(value, Ref)


@given(s.funding_models)
def test_funding_model(value: FundingModel) -> None:
    _round_trip(value, FundingModel)


@given(s.allocations())
def test_allocation(value: Allocation) -> None:
    _round_trip(value, Allocation)


@given(s.ids.flatmap(s.care_events))
def test_care_event(value: CareEvent) -> None:
    _round_trip(value, CareEvent)


@given(s.caseloads_for(POLICY))
def test_caseload(value: Caseload) -> None:
    _round_trip(value, Caseload)


@given(st.just(POLICY.catalog))
def test_catalog(value: object) -> None:
    _round_trip(value, type(value))
