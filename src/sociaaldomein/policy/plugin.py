"""The plugin contract: what a region's policy provides.

A region exports ``POLICY``, a frozen attrs object satisfying :class:`RegionPolicy`: its
code and name, sources, member municipalities over time, catalog, municipality dialects,
its rules (for the docs), and pure functions of frozen inputs plus a date: coordination,
validation, the tariff of an allocation, and settlement.

What-if analysis is ``attrs.evolve(policy, ...)``; nothing is patched in place.
"""

from __future__ import annotations

import datetime as dt
import enum
import sys
from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar, runtime_checkable

import attrs

from sociaaldomein.model.caseload import Allocation, Case, Caseload
from sociaaldomein.model.catalog import Catalog
from sociaaldomein.model.contract import Tariff
from sociaaldomein.model.household import Municipality
from sociaaldomein.model.lines import SettlementLine
from sociaaldomein.model.periods import Month, Period
from sociaaldomein.model.plan import Party, Plan
from sociaaldomein.model.provenance import Ref, Source
from sociaaldomein.model.typecheck import install
from sociaaldomein.model.validation import Violation
from sociaaldomein.policy.columns import SettlementColumns

__all__ = [
    "API_VERSION",
    "Coordination",
    "Membership",
    "MunicipalityDialect",
    "PricedAllocation",
    "RegionPolicy",
    "RuleDoc",
    "RuleStatus",
    "years_touched",
]

API_VERSION = 3
"""The version of the policy contract this core supports. 2: ``validate_region`` takes
the calendar years to judge, not one date. 3: :meth:`RegionPolicy.columns`, the columnar
side of the contract."""

P = TypeVar("P", bound="RegionPolicy")


@attrs.frozen
class Membership:
    """A municipality is a member of a region for a period, on the strength of a clause."""

    municipality: Municipality
    period: Period
    ref: Ref
    note: str = ""


@attrs.frozen
class Coordination:
    """Who has regie and who coordinates a plan, and why (the clause)."""

    regisseur: Party | None
    coordinator: Party | None
    ref: Ref
    explanation: str = ""


@attrs.frozen
class PricedAllocation:
    """The funding of an allocation: its tariff (model and amount), the segment, the rule
    that prices it and, optionally, the provider that is paid (the main contractor) and
    the rule that withholds a trajectory's later installments (cited on withheld lines)."""

    tariff: Tariff
    rule: str
    ref: Ref
    segment: str | None = None
    pay_to: str | None = None
    withheld_rule: str | None = None
    withheld_ref: Ref | None = None


class RuleStatus(enum.Enum):
    ENCODED = "encoded"
    PARAMETER = "parameter"
    """Encoded as a setting with the document's preferred default."""
    INDICATOR = "indicator"
    """Encoded as an indicator or warning rather than a hard rule."""
    NOT_ENCODED = "not_encoded"


@attrs.frozen
class RuleDoc:
    """One rule of the region's inventory, for its docs page: where it is encoded and
    tested, or why it is not."""

    id: str
    summary: str
    ref: Ref
    status: RuleStatus
    encoded_in: str = ""
    tested_by: str = ""
    reason: str = ""


@attrs.frozen
class MunicipalityDialect:
    """A municipality's local variant of the region's policy (*lokaal dialect*).

    ``apply`` returns the policy as it holds for that municipality, typically with
    ``attrs.evolve``. A dialect holds for ``period``.
    """

    municipality: str
    name: str
    description: str
    ref: Ref
    period: Period
    apply: Callable[[RegionPolicy], RegionPolicy] = attrs.field(eq=False, repr=False)


@runtime_checkable
class RegionPolicy(Protocol):
    """What every region's policy provides. See ``policies/template`` for the smallest
    complete example."""

    @property
    def api_version(self) -> int: ...
    @property
    def code(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def sources(self) -> tuple[Source, ...]: ...
    @property
    def members(self) -> tuple[Membership, ...]: ...
    @property
    def catalog(self) -> Catalog: ...
    @property
    def dialects(self) -> tuple[MunicipalityDialect, ...]: ...
    @property
    def rules(self) -> tuple[RuleDoc, ...]: ...
    @property
    def contract_years(self) -> tuple[int, ...]:
        """The contract years the policy claims tariffs for."""
        ...

    def coordination(self, case: Case, plan: Plan, on: dt.date) -> Coordination:
        """Who should be regisseur and coordinator of ``plan`` on ``on``."""
        ...

    def validate(self, case: Case, on: dt.date) -> list[Violation]:
        """All violations of the region's rules in one household's case."""
        ...

    def validate_region(self, caseload: Caseload, years: tuple[int, ...]) -> list[Violation]:
        """Violations that need the whole region's caseload (budgets, volumes), each
        judged in every calendar year of ``years``: the years the caseload touches
        (:func:`years_touched`), not one date. Checks that hold for no year (instruments,
        contract terms) are given once."""
        ...

    def price(self, case: Case, allocation: Allocation, on: dt.date) -> PricedAllocation:
        """The funding model and tariff of an allocation on a date."""
        ...

    def settle(self, case: Case, month: Month) -> list[SettlementLine]:
        """The lines one household's case earns in a month (provider payments and own
        contributions)."""
        ...

    def settle_region(self, caseload: Caseload, month: Month) -> list[SettlementLine]:
        """Lines that do not belong to one household (lump sums, shared services)."""
        ...

    def columns(self, years: Sequence[int]) -> SettlementColumns:
        """The policy's settlement as data for the columnar engine, for these contract
        years: its tariff table, the parameters of the core's vectorised steps, the
        households it settles only through :meth:`settle` (a declared fallback) and its
        region lines (see :mod:`sociaaldomein.policy.columns`)."""
        ...


def years_touched(caseload: Caseload, contract_years: Sequence[int] = ()) -> tuple[int, ...]:
    """The calendar years in which some allocation of ``caseload`` runs, in order: from the
    year of its start to the year of its last day. An allocation without an end runs to the
    last of ``contract_years`` (or only its start year when it starts after them), so a
    region's checks are asked of the years it has contracts for, not of every year to come.

    Years outside ``contract_years`` are kept: the region says what it cannot judge there
    (a budget not loaded, a volume that cannot be computed)."""
    last_contract = max(contract_years, default=None)
    years: set[int] = set()
    for case in caseload.cases():
        for allocation in case.allocations:
            first = allocation.period.start.year
            if allocation.period.is_open:
                last = max(first, last_contract) if last_contract is not None else first
            else:
                last = allocation.period.last_day.year
            years.update(range(first, last + 1))
    return tuple(sorted(years))


def members_on(policy: RegionPolicy, on: dt.date) -> tuple[Municipality, ...]:
    """The municipalities that are members of ``policy`` on ``on``."""
    return tuple(m.municipality for m in policy.members if on in m.period)


def claims(policy: RegionPolicy, municipality: str, on: dt.date) -> bool:
    return any(m.municipality.code == municipality and on in m.period for m in policy.members)


def dialects_on(policy: RegionPolicy, municipality: str, on: dt.date) -> Sequence[MunicipalityDialect]:
    return [d for d in policy.dialects if d.municipality == municipality and on in d.period]


# every public class checks what it is given (sociaaldomein.model.typecheck)
install(sys.modules[__name__])
