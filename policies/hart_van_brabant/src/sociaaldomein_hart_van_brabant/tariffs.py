"""Tariffs: the 2019 cells and add-ons (example values), and the indicative 2016 matrix.

* :func:`load_region_tariffs` reads ``parameters/tariffs.toml`` with the core's strict
  loader (:func:`sociaaldomein.load_tariffs`): one result tariff per cell per period
  (*Inkoopplan resultaatgerichte Wmo-begeleiding 2019* §4.1, HVB19-17, HVB19-59), per-etmaal
  tariffs for the two components of short stay (§3.2 item 1, HVB19-29), transport (§3.3,
  HVB19-40), the coordination budget (§3.3, HVB19-39), and Waalwijk's P x Q products
  (*Leidende principes* voetnoot 3, HVB16-74). The source gives no amounts: every value is
  an example value and is marked so (``Ref.example``).
* :class:`IndicativeMatrix` holds the 2016 matrix (*Leidende principes* §3.3, HVB16-66 ..
  HVB16-69). The source prints its amounts but calls them "puur indicatief" (HVB16-70), so
  they are marked example values and the policy never settles with them.
"""

from __future__ import annotations

from pathlib import Path

import attrs

from sociaaldomein import (
    Money,
    ParameterError,
    Ref,
    SociaaldomeinError,
    TariffSchedule,
    load_tariffs,
)
from sociaaldomein.policy.parameters import read_toml
from sociaaldomein_hart_van_brabant.catalog import (
    Distance2016,
    HvbCatalog,
    LifeDomain2016,
    WaalwijkProduct,
)
from sociaaldomein_hart_van_brabant.sources import PARAMETERS, PRINCIPLES_2016, PURCHASE_2019

__all__ = ["CONTRACT_YEARS", "IndicativeMatrix", "load_indicative_2016", "load_region_tariffs"]

CONTRACT_YEARS = (2019, 2020, 2021, 2022)
"""Two years plus twice one year from 1 January 2019 (§6 intro, HVB19-68, HVB19-69)."""


def load_region_tariffs(catalog: HvbCatalog, path: Path | None = None) -> TariffSchedule:
    """Read a tariff file strictly for every arrangement of the catalog and every contract
    year (HVB19-59). A municipality passes the path of its own file of the same format."""
    file = path or PARAMETERS / "tariffs.toml"
    _refuse_negative_amounts(file)
    try:
        schedule = load_tariffs(
            file, region="hart-van-brabant", source=PURCHASE_2019, section="§4.1",
            known_arrangements={a.code for a in catalog.core.arrangements},
            required_years=CONTRACT_YEARS,
        )
    except ParameterError:
        raise
    except SociaaldomeinError as exc:
        # the core lets some value errors out without the file (e.g. a negative amount)
        raise ParameterError(exc.message, source=str(file)) from None
    # Waalwijk's products rest on the 2016 note (voetnoot 3), not on the 2019 plan.
    waalwijk = {p.value for p in WaalwijkProduct}
    tariffs = tuple(
        attrs.evolve(t, ref=attrs.evolve(t.ref, source=PRINCIPLES_2016))
        if t.arrangement in waalwijk else t
        for t in schedule.tariffs
    )
    return attrs.evolve(schedule, tariffs=tariffs)


def _refuse_negative_amounts(file: Path) -> None:
    """A tariff is never negative: name the file and the entry (the core's loader reports
    it without them)."""
    params = read_toml(file)
    if not params.has("tariff"):
        return
    entries = params.raw("tariff")
    if not isinstance(entries, list):
        return  # the core loader reports the wrong shape
    for i, entry in enumerate(entries):
        amount = entry.get("amount") if isinstance(entry, dict) else None
        negative = (isinstance(amount, str) and amount.strip().startswith("-")) or (
            type(amount) is int and amount < 0)
        if negative:
            raise ParameterError(f"amount {amount!r} is negative; a tariff is at least 0",
                                 source=str(file), path=f"tariff[{i}].amount")


@attrs.frozen
class IndicativeMatrix:
    """The indicative 2016 matrix: life domain x distance to the result (§3.3).

    Unit and period are not stated in the source and stay explicit. ``ref.example`` is
    true: these are not tariffs (HVB16-70).
    """

    amounts: tuple[tuple[LifeDomain2016, Distance2016, Money], ...]
    unit: str
    period: str
    ref: Ref

    def amount(self, domain: LifeDomain2016, distance: Distance2016) -> Money:
        """The indicative amount of a cell (HVB16-67..69); an example value, never a tariff."""
        return next(m for d, x, m in self.amounts if d is domain and x is distance)

    def plan_total(self, cells: dict[LifeDomain2016, Distance2016]) -> Money:
        """The indicative budget of a plan: the sum of its cells (HVB16-82; the source says
        only that the budget follows "eenduidig" from the plan, the sum is this library's
        reading)."""
        total = Money.zero()
        for domain, distance in cells.items():
            total += self.amount(domain, distance)
        return total


def load_indicative_2016(path: Path | None = None) -> IndicativeMatrix:
    """Read ``indicative_2016.toml`` strictly (HVB16-66 .. HVB16-70)."""
    file = path or PARAMETERS / "indicative_2016.toml"
    params = read_toml(file)
    meta = params.table("meta")
    if not meta.boolean("example") or not meta.boolean("indicative"):
        raise meta.error("example", "the 2016 matrix is indicative: example and indicative "
                                    "must be true (Leidende principes §3.3)")
    unit, period = meta.text("unit"), meta.text("period")
    meta.date("valid_from")
    note = meta.text("note")
    meta.done()
    table = params.table("domain")
    amounts: list[tuple[LifeDomain2016, Distance2016, Money]] = []
    for domain in LifeDomain2016:
        row = table.table(domain.value)
        for distance in Distance2016:
            amounts.append((domain, distance, row.money(distance.value)))
        row.done()
    table.done()
    params.done()
    ref = Ref(PRINCIPLES_2016, "§3.3 (matrix)", rule="HVB16-66", example=True, note=note)
    return IndicativeMatrix(tuple(amounts), unit, period, ref)
