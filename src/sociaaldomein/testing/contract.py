"""The conformance suite every region policy passes.

Subclass :class:`PolicyContract` in a policy's tests and set ``policy``. It checks:

* registry round trip: the policy is found by its code and claims each member on a date
  in its membership; ``policy_for`` returns a policy with the same code;
* the policy's own data: members with valid CBS codes, a catalog whose segments and
  arrangements resolve, rule docs with a clause each, sources;
* serialization round trips of its catalog and its tariffs;
* a tariff for every arrangement in every contract year the policy claims;
* settlement invariants on generated cases: lines sum to the group totals, installments
  add up to the tariff to the cent, no negative amounts except named corrections, every
  line carries a rule and a clause, and the same input gives the same output;
* the national cost cap (:data:`sociaaldomein.policy.national.COST_PRICE_CAP`): for every
  household and month, its own contributions are at most what the municipality pays
  providers for its Wmo care that month (:func:`check_contributions_within_cost`).
* the columnar side (:meth:`RegionPolicy.columns`): a tariff row with a rule and a clause
  for every arrangement priced in every contract year, declared fallbacks with a reason
  and a clause, and (with polars installed) the columnar engine producing the same lines
  as the object path on generated cases, line by line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import ClassVar

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sociaaldomein.errors import MissingTariff
from sociaaldomein.io.serialization import dumps, loads
from sociaaldomein.model.caseload import Case
from sociaaldomein.model.catalog import Arrangement, Catalog
from sociaaldomein.model.funding import LumpSum, StopReason, Trajectory
from sociaaldomein.model.household import Law
from sociaaldomein.model.lines import Flow, LineKind, SettlementLine
from sociaaldomein.model.money import Money, total
from sociaaldomein.model.periods import Month
from sociaaldomein.policy.columns import SettlementColumns
from sociaaldomein.policy.plugin import API_VERSION, RegionPolicy, claims
from sociaaldomein.policy.registry import Registry, default_registry
from sociaaldomein.testing.strategies import cases_for

__all__ = ["PolicyContract", "check_contributions_within_cost"]


def check_contributions_within_cost(case: Case, lines: Sequence[SettlementLine]) -> None:
    """Assert the national cost cap on one household's lines of one month: the household's
    own contributions together are at most the provider payments for its Wmo allocations
    (clients of 18 or more at the start, not extended youth care) in ``lines``."""
    wmo = {a.id for a in case.allocations
           if not a.extended_youth_care and case.client(a).law_on(a.period.start) is Law.WMO}
    owed = total(x.amount for x in lines
                 if x.flow is Flow.FROM_HOUSEHOLD and x.household == case.household.id)
    cost = total(x.amount for x in lines
                 if x.flow is Flow.TO_PROVIDER and x.allocation in wmo)
    assert owed <= max(cost, Money.zero()), (
        f"household {case.household.id} owes {owed.format_nl()} in contributions for Wmo "
        f"support that cost {cost.format_nl()}")


class PolicyContract:
    """Conformance tests for a region policy. Set ``policy`` in the subclass.

    Override :meth:`priceable_arrangements` when some arrangements can only be priced with
    extra context (then say why in its docstring), and ``settle_examples`` to tune the
    number of generated cases.
    """

    policy: ClassVar[RegionPolicy]
    settle_examples: ClassVar[int] = 25
    columns_examples: ClassVar[int] = 15

    def priceable_arrangements(self) -> tuple[Arrangement, ...]:
        """Arrangements the generated cases draw from (default: the whole catalog)."""
        return self.policy.catalog.arrangements

    # -- identity and registry --------------------------------------------------------
    def test_api_version(self) -> None:
        assert self.policy.api_version == API_VERSION

    def test_registry_round_trip(self) -> None:
        registry = default_registry()
        assert registry.get(self.policy.code).code == self.policy.code
        assert all(self.policy.code not in b.message for b in registry.broken)
        isolated = Registry.of(self.policy)
        for membership in self.policy.members:
            day = membership.period.start
            assert claims(self.policy, membership.municipality.code, day)
            assert isolated.policy_for(membership.municipality.code, day).code == self.policy.code

    def test_members_and_sources(self) -> None:
        assert self.policy.members, "a region has members"
        assert self.policy.sources, "a region cites its sources"
        for membership in self.policy.members:
            assert len(membership.municipality.code) == 4
            assert membership.ref.section

    def test_rule_docs_cite_their_clause(self) -> None:
        assert self.policy.rules, "a region documents its rules"
        ids = [r.id for r in self.policy.rules]
        assert len(ids) == len(set(ids)), "rule ids are unique"
        for rule in self.policy.rules:
            assert rule.ref.section and rule.summary

    # -- catalog and tariffs ----------------------------------------------------------
    def test_catalog_round_trips(self) -> None:
        catalog = self.policy.catalog
        assert loads(dumps(catalog), Catalog) == catalog

    def test_tariff_for_every_contract_year(self) -> None:
        from sociaaldomein.model.caseload import Allocation
        from sociaaldomein.model.periods import Period

        assert self.policy.contract_years, "a region claims contract years"
        for year in self.policy.contract_years:
            for arrangement in self.priceable_arrangements():
                day = dt.date(year, 6, 1)
                municipality = self._member_on(day)
                probe = _probe_case(self.policy, arrangement, municipality, day)
                alloc: Allocation = probe.allocations[0]
                try:
                    priced = self.policy.price(probe, alloc, day)
                except MissingTariff as exc:  # pragma: no cover - the failure is the message
                    raise AssertionError(exc.message) from None
                assert priced.tariff.year == year or priced.tariff.indexed_from is not None
                assert priced.ref.section
                assert isinstance(alloc.period, Period)

    def _member_on(self, day: dt.date) -> str:
        for membership in self.policy.members:
            if day in membership.period:
                return membership.municipality.code
        return self.policy.members[0].municipality.code

    # -- settlement invariants --------------------------------------------------------
    def test_settlement_invariants(self) -> None:
        policy = self.policy
        arrangements = self.priceable_arrangements()

        @settings(max_examples=self.settle_examples, deadline=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
        @given(cases_for(policy, arrangements=arrangements), st.integers(0, 11))
        def check(case: Case, offset: int) -> None:
            year = case.allocations[0].period.start.year
            month = Month(year, 1).plus(offset)
            lines = policy.settle(case, month)
            again = policy.settle(case, month)
            assert lines == again, "same input gives the same output"
            for line in lines:
                assert line.rule and line.ref.section, "every line names its rule and clause"
                assert line.month == month
                if line.kind is not LineKind.CORRECTION:
                    assert line.amount >= Money.zero()
            per_provider: dict[str, int] = {}
            for line in lines:
                per_provider[line.provider] = per_provider.get(line.provider, 0) + line.amount.amount_cents
            assert sum(per_provider.values()) == total(x.amount for x in lines).amount_cents
            check_contributions_within_cost(case, lines)

        check()

    def test_installments_add_up(self) -> None:
        for year in self.policy.contract_years:
            day = dt.date(year, 6, 1)
            for arrangement in self.priceable_arrangements():
                probe = _probe_case(self.policy, arrangement, self._member_on(day), day)
                model = self.policy.price(probe, probe.allocations[0], day).tariff.model
                if isinstance(model, Trajectory):
                    assert total(model.installment_amounts()) == model.amount
                    for reason in StopReason:
                        paid, withheld = model.paid_and_withheld(reason)
                        assert paid + withheld == model.amount
                if isinstance(model, LumpSum):
                    assert total(model.term_amounts()) == model.amount_per_year


    # -- the columnar side ------------------------------------------------------------
    def test_columns_state_the_pricing(self) -> None:
        years = self.policy.contract_years
        cols = self.policy.columns(years)
        assert isinstance(cols, SettlementColumns)
        assert cols.region == self.policy.code
        for row in cols.tariffs:
            assert row.rule and row.ref.section, f"{row.arrangement} {row.year} cites its rule"
        for fallback in cols.fallbacks:
            assert fallback.reason and fallback.ref.section, "a fallback says why"
        for year in years:
            day = dt.date(year, 6, 1)
            for arrangement in self.priceable_arrangements():
                probe = _probe_case(self.policy, arrangement, self._member_on(day), day)
                try:
                    self.policy.price(probe, probe.allocations[0], day)
                except MissingTariff:
                    continue
                assert cols.row(arrangement.code, year) is not None, (
                    f"{arrangement.code} is priced in {year} but has no tariff row")

    def test_columns_match_objects(self) -> None:
        try:
            import polars  # noqa: F401
        except ImportError:  # pragma: no cover - the frames extra is part of the dev setup
            raise AssertionError("the columnar check needs polars (the frames extra)") from None
        from sociaaldomein.errors import SociaaldomeinError
        from sociaaldomein.model.caseload import Caseload
        from sociaaldomein.settle.columns import (
            CaseloadColumns,
            line_key_frame,
            line_keys,
            settle_columns,
        )
        from sociaaldomein.settle.engine import settle

        policy = self.policy
        registry = Registry.of(policy)

        @settings(max_examples=self.columns_examples, deadline=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
        @given(cases_for(policy, arrangements=self.priceable_arrangements()))
        def check(case: Case) -> None:
            caseload = Caseload.of_cases([case])
            year = min(a.period.start for a in case.allocations).year
            try:
                expected: list[SettlementLine] = []
                for m in range(1, 13):
                    expected.extend(settle(caseload, Month(year, m), registry).lines)
            except SociaaldomeinError:
                try:
                    settle_columns(CaseloadColumns.from_caseload(caseload), year, registry)
                except SociaaldomeinError:
                    return
                raise AssertionError("the object path refuses this case, the columns do not") from None
            got = settle_columns(CaseloadColumns.from_caseload(caseload), year, registry)
            assert line_key_frame(got) == line_keys(expected)

        check()


def _probe_case(policy: RegionPolicy, arrangement: Arrangement, municipality: str, day: dt.date) -> Case:
    from decimal import Decimal

    from sociaaldomein.model.caseload import Allocation
    from sociaaldomein.model.household import Household, Law, Municipality, Person
    from sociaaldomein.model.periods import Period
    from sociaaldomein.model.plan import Goal, Party, PartyKind, Plan

    law = sorted(arrangement.laws, key=lambda x: x.value)[0]
    birth = dt.date(day.year - (10 if law is Law.JEUGDWET else 40), 1, 1)
    name = next(m.municipality.name for m in policy.members if m.municipality.code == municipality)
    person = Person("probe-client", birth)
    household = Household("probe", Municipality(municipality, name), (person,))
    goals = (Goal(arrangement.result_area, "resultaat"),) if arrangement.result_area else ()
    plan = Plan("probe-plan", "probe", day, goals=goals,
                coordinators=(Party(PartyKind.ACCESS_TEAM),))
    alloc = Allocation(
        "probe-a", "probe", person.id, arrangement.code, "P0001",
        Period(day, dt.date(day.year + 1, 1, 1)), plan_id=plan.id, decided_on=day,
        volume=Decimal(1) if arrangement.unit else None, unit=arrangement.unit,
    )
    return Case(household, (plan,), (alloc,), ())
