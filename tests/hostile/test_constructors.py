"""Issue 12, item 13: every public constructor checks its types and ranges and raises the
library's own error with its stable code, never a raw TypeError or an AttributeError
later. The examples of the issue, then every public class fuzzed with wrong values."""

from __future__ import annotations

import datetime as dt
import enum
import importlib
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sociaaldomein import (
    Allocation,
    Caseload,
    Household,
    InvalidValue,
    LumpSum,
    Money,
    Municipality,
    Period,
    PeriodError,
    Person,
    Settlement,
    SociaaldomeinError,
    Stop,
    UnknownGrouping,
)
from sociaaldomein.model.funding import Due, Installment
from sociaaldomein.testing import strategies

DAY = dt.date(2021, 1, 1)


def bad(value: object) -> Any:
    """A value of the wrong type, past the type checker (as a caller without one)."""
    return value
HOME = Municipality("0603", "Rijswijk")


@pytest.mark.parametrize(("build", "error", "message"), [
    (lambda: Person("p1", bad("1990-01-01")), InvalidValue, "Person.birth_date must be date, "
     "got str '1990-01-01'"),
    (lambda: Allocation("a1", "h1", "p1", "x", "P", bad("2021")), InvalidValue,
     "Allocation.period must be Period, got str '2021'"),
    (lambda: Household("h1", bad("0603"), (Person("p1", DAY),)), InvalidValue,
     "Household.municipality must be Municipality, got str '0603'"),
    (lambda: Stop("a1", DAY, bad("moved")), InvalidValue, "Stop.reason must be StopReason"),
    (lambda: LumpSum(Money.cents(100), terms=bad(True)), InvalidValue, "terms must be int"),
    (lambda: Caseload(bad(None)), InvalidValue, "households"),
    (lambda: Period.inclusive(DAY, dt.date.max - dt.timedelta(days=1)), None, ""),
    (lambda: Period.inclusive(DAY, bad("2022-01-01")), PeriodError, "last must be a date"),
    (lambda: Installment(Decimal("NaN"), Due.START), InvalidValue, "not a finite number"),
    (lambda: Settlement(()).group_by(bad(Decimal("sNaN"))), UnknownGrouping, "a grouping is text"),
])
def test_the_examples_of_the_issue(build: Callable[[], object],
                                   error: type[SociaaldomeinError] | None,
                                   message: str) -> None:
    if error is None:
        build()  # the day before date.max is a last day like any other
        return
    with pytest.raises(error, match=message.replace("(", r"\(").replace(")", r"\)")) as found:
        build()
    assert found.value.code.startswith("SD-")


def test_the_open_end_is_an_inclusive_last_day() -> None:
    assert Period.inclusive(DAY, dt.date.max).is_open


def _public_classes() -> list[type]:
    """Every attrs class a user can construct from the public modules."""
    names = ["sociaaldomein", "sociaaldomein.model.caseload", "sociaaldomein.model.catalog",
             "sociaaldomein.model.contract", "sociaaldomein.model.funding",
             "sociaaldomein.model.household", "sociaaldomein.model.lines",
             "sociaaldomein.model.periods", "sociaaldomein.model.plan",
             "sociaaldomein.model.provenance", "sociaaldomein.model.validation",
             "sociaaldomein.model.money", "sociaaldomein.policy.plugin",
             "sociaaldomein.settle.settlement"]
    found: dict[str, type] = {}
    for name in names:
        module = importlib.import_module(name)
        for attr in getattr(module, "__all__", ()):
            value = getattr(module, attr)
            if isinstance(value, type) and attrs.has(value) and value.__module__.startswith(
                    ("sociaaldomein.model", "sociaaldomein.policy", "sociaaldomein.settle")):
                found[f"{value.__module__}.{value.__name__}"] = value
    return [found[k] for k in sorted(found)]


CLASSES = _public_classes()

_junk = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**30), 10**30), st.text(max_size=12),
    st.floats(allow_nan=True), st.decimals(allow_nan=True), st.fractions(),
    st.dates(min_value=dt.date(1, 1, 1)), st.datetimes(), st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.just(dt.date.max), st.just(float("inf")), st.just(Decimal("sNaN")),
    st.just(Money.cents(5)), st.just(HOME), st.just(DAY), st.just(()), st.just(frozenset()),
)


def test_there_are_public_classes_to_fuzz() -> None:
    assert len(CLASSES) >= 30
    assert Allocation in CLASSES and Person in CLASSES


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data())
def test_a_public_constructor_raises_only_the_librarys_errors(cls: type,
                                                              data: st.DataObject) -> None:
    fields = [f for f in attrs.fields(cls) if f.init]
    arguments = {f.alias or f.name: data.draw(_junk, label=f.name) for f in fields}
    try:
        built = cls(**arguments)
    except SociaaldomeinError as exc:
        assert exc.code.startswith("SD-")
        return
    for field in fields:  # what was accepted is what the annotation says
        value = getattr(built, field.name)
        assert not isinstance(value, float), (field.name, value)
        if isinstance(value, Decimal | Fraction):
            assert value == value
        if isinstance(value, enum.Enum):
            assert isinstance(value, enum.Enum)


_valid = st.one_of(
    strategies.allocations(), strategies.households(), strategies.persons(),
    strategies.plans(), strategies.trajectories(), strategies.funding_models,
    strategies.municipalities, strategies.parties, strategies.refs, strategies.periods(),
    strategies.months(), strategies.care_events("a1"),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instance=_valid, data=st.data())
def test_one_wrong_field_raises_the_librarys_error(instance: Any,
                                                   data: st.DataObject) -> None:
    """A valid object with one field replaced by a wrong value: the constructor refuses it
    with the library's error, or what it keeps is of the annotated kind."""
    fields = [f for f in attrs.fields(type(instance)) if f.init]
    field = data.draw(st.sampled_from(fields), label="field")
    junk = data.draw(_junk, label="value")
    try:
        changed = attrs.evolve(instance, **{field.alias or field.name: junk})
    except SociaaldomeinError as exc:
        assert exc.code.startswith("SD-")
        return
    kept = getattr(changed, field.name)
    assert not isinstance(kept, float)
    assert not isinstance(kept, str) or isinstance(getattr(instance, field.name), str | None)
