"""A realistic, deterministic example caseload: households, plans, allocations and events.

:func:`generate` builds a caseload that each installed region's policy accepts, drawn from
the region's own catalog, members and contract years, so it keeps working when a region
changes its rules or a new region is installed. It is calibrated on national figures
(``public-figures.md`` in the project's shared material; CBS and Monitor Langdurige Zorg):

* **household help versus guidance** - in 2024 about 556,000 Wmo clients had household
  help (*hulp bij het huishouden*) and about 207,000 had guidance (*begeleiding*; CBS
  86050NED), about 2.7 to 1. A Wmo client's first provision is drawn with weights household
  help 0.68, guidance 0.16, day activities 0.10, short stay 0.03, transport 0.03, each
  further one (of another kind) with 0.30, 0.20, 0.30, 0.05, 0.15, renormalised over the
  kinds the region's catalog has. Clients with household help outnumber clients with
  guidance about 2 to 1 over the four regions (2.4 where a catalog has every kind, 1.5 in
  West-Friesland, whose Wmo catalog has only the two);
* **provisions per Wmo client** - about 1.6 (CBS 83264NED, 2023: Alkmaar 1.64, Amersfoort
  1.64, Bodegraven-Reeuwijk 1.60). The number of provisions per Wmo client is drawn from
  1: 58%, 2: 27%, 3: 9%, 4: 4%, 5: 1%, 6: 1% (mean 1.66, the published distributions);
* **youth trajectories per year** - 592,860 active trajectories for 430,990 youths in 2019
  (CBS *Jeugdhulp 2020*), about 1.4 per youth: a youth client gets one trajectory, a
  second one with probability 0.35 and a third with 0.05;
* **trajectory length** - mean residence about 1.5 years (a stock/flow estimate from CBS
  H1 2021: stock 344k, yearly outflow 228k). Youth trajectories last 6 weeks to 3 years,
  exponential with mean 548 days; Wmo decisions run one to three years;
* **drop-out** - care that ends is split over the five categories of the West-Friesland
  framework (§3.5.1) as 70% according to plan, 10% early by agreement, 12% early by the
  client, 3% early by the provider, 5% external (moving, death, Wlz admission). Changes of
  arrangement (a region that allows one arrangement per client at a time ends the old one
  when the new one starts) add to *early by agreement*, so about 60% of ended care ends
  according to plan.

Every region gets the same share of households, spread evenly over its member
municipalities. The caseload is that of one contract year of the region (by default the
second of its contract years, see :func:`default_year`): with a mean duration of about 1.5
years a steady caseload carries about 0.6 of its care over from the year before, so 60% of
allocations start in the previous year (when the region has tariffs and the same members
then; otherwise on 1 January) and the rest start uniformly until November. Deliveries are
recorded for the contract year only. Waiting time from referral to decision and from
decision to start is a few weeks; crisis help starts on the day of referral.

**Fitting each region's rules.** Plans are built to satisfy the rules the regions write
down: a goal with an explicit desired result for each result area of an allocation, the
regisseur and coordinator that the region's own ``coordination`` names (one coordinator),
a reason why a general provision does not suffice, a perspectiefplan where a region asks
for one. Each household is then validated with its region's policy (with the
municipality's dialect); an allocation the policy still rejects is drawn again in another
form (other arrangement of the same kind, other plan kind, sequential instead of
concurrent, another age) and dropped when no form fits; :attr:`Synthetic.dropped` counts
those. An arrangement a region keeps refusing in a municipality (a cell the municipality
does not buy) is no longer drawn there, and no decision runs beyond the region's last
contract year.

**Deliberate breaches.** A few households per region (about 1 in 100, at least one of each
kind the region detects, never more than 1 in 10) get one rule breach of a known kind (a Wmo provision for a
16-year-old, two coordinators, overlapping allocations ...). A breach is kept only when
the region's validation reports it, and :attr:`Synthetic.breaches` lists each with the
codes found, so a demo or a test can check that validation finds them all.

The generator uses ``random.Random(seed)`` only, never global random state: the same
seed, size, regions and installed policies give the same caseload.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import random
from collections.abc import Iterator, Sequence

import attrs

from sociaaldomein.errors import InvalidValue
from sociaaldomein.model.caseload import (
    Case,
    Caseload,
)
from sociaaldomein.model.household import Municipality
from sociaaldomein.policy.plugin import RegionPolicy
from sociaaldomein.policy.registry import Registry, default_registry
from sociaaldomein.synth.breaches import Breach, inject_breaches
from sociaaldomein.synth.calibration import DEFAULT_HOUSEHOLDS, DEFAULT_SEED
from sociaaldomein.synth.households import draw_household, settle_case_forms
from sociaaldomein.synth.national import numbered, test_bsns, with_details
from sociaaldomein.synth.offers import default_year, members_all_year, offer_of

__all__ = ["DEFAULT_HOUSEHOLDS", "DEFAULT_SEED", "RegionPlan", "Synthetic", "generate"]


@attrs.frozen
class RegionPlan:
    """What the generator made for one region: its year and numbers."""

    region: str
    year: int
    households: int
    allocations: int
    dropped: int


@attrs.frozen
class Synthetic:
    """A generated caseload with what went into it."""

    caseload: Caseload
    seed: int
    breaches: tuple[Breach, ...]
    regions: tuple[RegionPlan, ...]

    @property
    def dropped(self) -> int:
        """Allocations drawn but left out because no form of them fitted the region."""
        return sum(r.dropped for r in self.regions)

    def year_of(self, region: str) -> int:
        for plan in self.regions:
            if plan.region == region:
                return plan.year
        raise InvalidValue(f"region {region!r} is not in this caseload")

    @property
    def breach_households(self) -> frozenset[str]:
        return frozenset(b.household for b in self.breaches)


def _policies(registry: Registry, regions: Sequence[str] | None,
              municipality: str | None, year: int | None) -> list[tuple[RegionPolicy, int, tuple[Municipality, ...] | None]]:
    if municipality is not None:
        day = dt.date(year, 7, 1) if year is not None else None
        if day is None:
            candidates = [p for p in registry.policies()
                          if any(m.municipality.code == municipality for m in p.members)]
            if not candidates:
                raise InvalidValue(f"no installed region has municipality {municipality!r}")
            policy = candidates[0]
            chosen = year or default_year(policy)
        else:
            policy = registry.region_of(municipality, day)
            chosen = day.year
        found = tuple(m for m in members_all_year(policy, chosen) if m.code == municipality)
        if not found:
            raise InvalidValue(f"municipality {municipality} is not a member of {policy.code} "
                               f"all through {chosen}")
        return [(policy, chosen, found)]
    if regions:
        picked = [registry.get(code) for code in regions]
    else:
        every = list(registry.policies())
        real = [p for p in every if p.code != "template"]
        picked = real or every
        if year is not None:
            picked = [p for p in picked if year in p.contract_years and members_all_year(p, year)]
            if not picked:
                raise InvalidValue(f"no installed region has contract year {year}")
    out: list[tuple[RegionPolicy, int, tuple[Municipality, ...] | None]] = []
    for policy in picked:
        chosen = year if year is not None else default_year(policy)
        if chosen not in policy.contract_years:
            raise InvalidValue(f"region {policy.code} has no contract year {chosen} "
                               f"(it has {', '.join(map(str, policy.contract_years))})")
        out.append((policy, chosen, None))
    if not out:
        raise InvalidValue("no region policy is installed")
    return out


def generate(
    *,
    seed: int = DEFAULT_SEED,
    households: int = DEFAULT_HOUSEHOLDS,
    regions: Sequence[str] | None = None,
    municipality: str | None = None,
    year: int | None = None,
    breaches: bool = True,
    registry: Registry | None = None,
) -> Synthetic:
    """Generate a caseload of ``households`` households.

    ``regions`` (codes) or ``municipality`` (a CBS code) limit where households live; by
    default every installed region except the fictional ``template`` takes an equal share.
    ``year`` fixes the contract year; by default each region uses :func:`default_year`.
    ``breaches`` adds the deliberate rule breaches described in the module docstring.
    """
    if type(households) is not int or households < 1:
        raise InvalidValue(f"households must be a positive integer, got {households!r}")
    if households > 2_000_000:
        raise InvalidValue("at most 2,000,000 households can be generated at once")
    registry = registry or default_registry()
    chosen = _policies(registry, regions, municipality, year)
    with _collector_paused():
        return _generate(chosen, seed, households, breaches, registry)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while generating: the generated objects hold no
    reference cycles (reference counting frees them), and a collector walking the growing
    caseload again and again doubles the time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _generate(chosen: list[tuple[RegionPolicy, int, tuple[Municipality, ...] | None]],
              seed: int, households: int, breaches: bool, registry: Registry) -> Synthetic:
    rng = random.Random(seed)
    shares = [households // len(chosen)] * len(chosen)
    for i in range(households % len(chosen)):
        shares[i] += 1
    all_cases: list[Case] = []
    all_breaches: list[Breach] = []
    plans: list[RegionPlan] = []
    for (policy, region_year, only), share in zip(chosen, shares, strict=True):
        offer = offer_of(policy, region_year)
        municipalities = only or offer.municipalities
        region_rng = random.Random(f"{seed}:{policy.code}:{region_year}")
        cases: list[Case] = []
        dropped = 0
        serial = 0
        attempts = 0
        while len(cases) < share and attempts < share * 3 + 10:
            attempts += 1
            serial += 1
            municipality_ = municipalities[(serial - 1) % len(municipalities)]
            hid = f"{_slug(policy.code)}-{serial:06d}"
            household, drafts = draw_household(region_rng, offer, hid, municipality_)
            if not drafts:
                continue
            local = registry.policy_for(municipality_.code, min(d.referred_on for d in drafts))
            case, lost = settle_case_forms(household, drafts, offer, local, region_rng)
            dropped += lost
            if case is not None:
                cases.append(case)
        found: list[Breach] = []
        if breaches and cases:
            found = inject_breaches(cases, registry, region_rng, policy.code)
        all_cases.extend(cases)
        all_breaches.extend(found)
        plans.append(RegionPlan(policy.code, region_year, len(cases),
                                sum(len(c.allocations) for c in cases), dropped))
    del rng
    bsns = test_bsns()
    people = tuple(with_details(c.household, bsns) for c in all_cases)
    caseload = Caseload(
        people,
        tuple(p for c in all_cases for p in c.plans),
        numbered([a for c in all_cases for a in c.allocations], people),
        tuple(e for c in all_cases for e in c.events),
    )
    return Synthetic(caseload, seed, tuple(all_breaches), tuple(plans))


def _slug(code: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in code.lower()).strip("-") or "region"
