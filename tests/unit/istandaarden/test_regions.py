"""Every region's allocations can be sent: each synthetic allocation of each region is
written as a 301 of the right standard that passes the independent schema check and the
in-message rules, and reads back as written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from sociaaldomein import Allocation, Household, Law
from sociaaldomein.io import istandaarden as iv
from sociaaldomein.io.istandaarden import build
from sociaaldomein.model.catalog import Catalog
from sociaaldomein.model.household import ADULT_AGE
from sociaaldomein.policy.registry import default_registry
from sociaaldomein.synth import generate

DAY = dt.date(2027, 12, 31)
REGISTRY = default_registry()
REGIONS = sorted(p.code for p in REGISTRY.policies())


def catalog_of(household: Household, allocation: Allocation) -> Catalog:
    return REGISTRY.policy_for(household.municipality.code, allocation.period.start).catalog


def test_every_region_loads_and_maps_every_arrangement_to_a_national_product() -> None:
    assert REGISTRY.broken == ()
    assert {"h4", "hart-van-brabant", "midden-holland", "template", "west-friesland"} <= set(REGIONS)
    for policy in REGISTRY.policies():
        for arrangement in policy.catalog.arrangements:
            for law in arrangement.laws:
                category, code = arrangement.national_product(law)
                assert category is not None, (policy.code, arrangement.code)
                assert (int(category) <= 18) == (law is Law.WMO)
                assert code is None or 1 <= len(code) <= 5


@pytest.mark.parametrize("region", REGIONS)
def test_every_allocation_of_a_region_is_a_valid_301(
        region: str, schema_check: Callable[[bytes], list[str]]) -> None:
    synthetic = generate(households=40, regions=[region], seed=14)
    caseload = synthetic.caseload
    # a deliberate stacking breach cannot be sent (TR302); every other allocation can
    stacked = {b.household for b in synthetic.breaches if b.kind == "overlap"}
    allocations = [a for a in caseload.allocations if a.household_id not in stacked]
    assert len(allocations) >= 40
    numbers = [(a.household_id, a.number) for a in caseload.allocations]
    assert all(n is not None for _, n in numbers)
    kept = type(caseload)(caseload.households, caseload.plans, tuple(allocations),
                          tuple(e for e in caseload.events
                                if e.allocation_id in {a.id for a in allocations}))
    providers = sorted({a.provider for a in allocations})
    agb = {p: f"{10_000_000 + i:08d}" for i, p in enumerate(providers)}
    households = {h.id: h for h in caseload.households}
    written = 0
    standards = set()
    for message in build.toewijzingen(kept, catalog=catalog_of, agb=agb, dagtekening=DAY):
        data = iv.write(message, today=DAY)
        assert schema_check(data) == []
        result = iv.read(data, today=DAY)
        assert result.ok and result.message == message
        standards.add(message.standard)
        written += len(message.client.toegewezen_producten)
        for product in message.client.toegewezen_producten:
            assert product.product is not None
            youth = product.product.categorie >= "31"
            assert youth == (message.standard is iv.Standard.IJW)
    assert written == len(allocations)
    client_ages = {
        households[a.household_id].member(a.client_id).age_on(a.period.start) < ADULT_AGE
        for a in allocations}
    if region in ("midden-holland", "west-friesland") and True in client_ages:
        assert iv.Standard.IJW in standards
