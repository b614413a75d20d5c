"""What a region offers the generator: its members all year, its contract year, and its
arrangements per kind of care with the providers contracted for them."""

from __future__ import annotations

import datetime as dt

import attrs

from sociaaldomein.errors import InvalidValue
from sociaaldomein.model.catalog import Arrangement
from sociaaldomein.model.household import Law, Municipality
from sociaaldomein.model.periods import Period
from sociaaldomein.policy.kinds import CareKind, kind_in
from sociaaldomein.policy.plugin import RegionPolicy, members_on

__all__ = ["default_year"]


def members_all_year(policy: RegionPolicy, year: int) -> tuple[Municipality, ...]:
    first = members_on(policy, dt.date(year, 1, 1))
    last = {m.code for m in members_on(policy, dt.date(year, 12, 31))}
    return tuple(sorted((m for m in first if m.code in last), key=lambda m: m.code))


def default_year(policy: RegionPolicy) -> int:
    """The contract year the generator uses for a region when none is asked for: the first
    contract year in which some municipality is a member all year, skipping the first
    contract year when a later one exists (the first is often a transition year)."""
    years = [y for y in sorted(policy.contract_years) if members_all_year(policy, y)]
    if not years:
        raise InvalidValue(f"region {policy.code} has no member in any of its contract years")
    return years[1] if len(years) > 1 else years[0]


@attrs.frozen
class Offer:
    """One region's catalog seen by the generator."""

    policy: RegionPolicy
    year: int
    municipalities: tuple[Municipality, ...]
    carry_over: bool
    """Whether care may have started in the previous year (the region has tariffs and
    the same members then)."""
    by_kind: dict[tuple[Law, CareKind], tuple[Arrangement, ...]]
    providers: dict[str, tuple[str, ...]]
    learned: dict[tuple[str, str], list[int]] = attrs.field(factory=dict)
    """Per municipality and arrangement: [accepted alone, refused alone, accepted, refused].
    An arrangement the region keeps refusing in a municipality (a cell a municipality does
    not buy, a product of another municipality's dialect) is no longer drawn there."""

    def pool(self, law: Law, kind: CareKind, municipality: str, first: bool = False) -> tuple[Arrangement, ...]:
        """The arrangements of a kind still worth drawing in a municipality."""
        out = []
        for arrangement in self.by_kind.get((law, kind), ()):
            alone_ok, alone_no, ok, no = self.learned.get((municipality, arrangement.code),
                                                          (0, 0, 0, 0))
            if ok == 0 and no >= 5:
                continue
            if first and alone_ok == 0 and alone_no >= 3:
                continue
            out.append(arrangement)
        return tuple(out)

    def learn(self, municipality: str, arrangement: str, alone: bool, accepted: bool) -> None:
        counts = self.learned.setdefault((municipality, arrangement), [0, 0, 0, 0])
        if alone:
            counts[0 if accepted else 1] += 1
        counts[2 if accepted else 3] += 1


def providers_for(policy: RegionPolicy, arrangement: Arrangement, year: int) -> tuple[str, ...]:
    contracts = getattr(policy, "contracts", None)
    found: list[str] = []
    if isinstance(contracts, tuple):
        day = dt.date(year, 7, 1)
        for record in contracts:
            contract = getattr(record, "contract", record)
            arrangements = getattr(contract, "arrangements", ())
            provider = getattr(contract, "provider", None)
            code = getattr(provider, "code", None)
            longest = getattr(contract, "longest", None)
            if (isinstance(code, str) and arrangement.code in arrangements
                    and (not isinstance(longest, Period) or day in longest)):
                found.append(code)
    if found:
        return tuple(sorted(set(found)))
    prefix = "".join(ch for ch in policy.code.upper() if ch.isalnum())[:4] or "REG"
    return tuple(f"{prefix}-AANB-{i:02d}" for i in range(1, 7))


def offer_of(policy: RegionPolicy, year: int) -> Offer:
    municipalities = members_all_year(policy, year)
    if not municipalities:
        raise InvalidValue(f"region {policy.code} has no member all through {year}")
    segments = {s.code: s for s in policy.catalog.segments}
    by_kind: dict[tuple[Law, CareKind], list[Arrangement]] = {}
    providers: dict[str, tuple[str, ...]] = {}
    for arrangement in policy.catalog.arrangements:
        segment = segments.get(arrangement.segment)
        if segment is not None and not segment.needs_decision:
            continue  # free-access provisions are not allocated
        kind = kind_in(policy, arrangement)
        for law in arrangement.laws:
            by_kind.setdefault((law, kind), []).append(arrangement)
        providers[arrangement.code] = providers_for(policy, arrangement, year)
    before = {m.code for m in members_all_year(policy, year - 1)}
    carry_over = (year - 1) in policy.contract_years and all(
        m.code in before for m in municipalities)
    return Offer(policy, year, municipalities, carry_over,
                  {k: tuple(v) for k, v in sorted(by_kind.items(), key=lambda kv: (kv[0][0].value, kv[0][1].value))},
                  providers)
