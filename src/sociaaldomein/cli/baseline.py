"""The pandas baseline of ``sociaaldomein benchmark --baseline pandas``.

What an analyst would write to settle a year of the flat tables with pandas: read the
Parquet files, put each allocation's events in a dict, then loop over the allocations with
``DataFrame.iterrows`` and, for each of the twelve months, work out the amount with exact
Python arithmetic (``fractions.Fraction``, integer cents, the same rounding), appending a
row per line; the lines become a DataFrame at the end.

It is honest, not a straw man: it uses the same tariff tables the policies compile for
the columnar engine (:meth:`~sociaaldomein.RegionPolicy.columns`, looked up in a dict),
the same care period (start events, the first stop, *no cure, no more pay*), per-period
proration and rounding, trajectory installments with withholding, price x quantity and
stays per month with the yearly budget maximum. It leaves out what an analyst would add
later: own contributions, region lines (lump sums) and declared fallbacks. Its total is
reported next to the columnar total of the same kinds of line, so the two can be compared.
Needs pandas (the ``benchmark`` extra); it is used by the benchmark only.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, NamedTuple

from sociaaldomein.errors import MissingExtra
from sociaaldomein.model.funding import (
    BillingPeriod,
    PerPeriod,
    PriceQuantity,
    Proration,
    Stay,
    StopReason,
    Trajectory,
)
from sociaaldomein.model.money import Rounding
from sociaaldomein.model.periods import Month
from sociaaldomein.policy.columns import SettlementColumns, TariffRow
from sociaaldomein.policy.registry import Registry

__all__ = ["pandas_loop"]

_FACTORS = {("01", "04"): Fraction(1, 60), ("04", "01"): Fraction(60)}


def _date(value: Any) -> dt.date | None:
    if value is None or value != value:  # None or NaN/NaT
        return None
    if isinstance(value, str):
        return dt.date.fromisoformat(value) if value else None
    if hasattr(value, "date"):
        return value.date()  # type: ignore[no-any-return]
    return value  # type: ignore[no-any-return]


def _flag(value: Any) -> bool | None:
    """A boolean cell: a bool, the text ``true``/``false``, or empty."""
    if value is None or value != value:
        return None
    if isinstance(value, str):
        return {"true": True, "false": False}.get(value.strip().lower())
    return bool(value)


class _Event(NamedTuple):
    type: str
    day: dt.date
    reason: str | None
    quantity: str | None
    unit: str | None
    contributes: bool | None


def pandas_loop(allocations: Path, events: Path, years: Mapping[str, int],
                registry: Registry, debug: list[dict[str, object]] | None = None,
                ) -> tuple[int, int]:
    """Settle the tables with a pandas row loop; returns the total paid in cents and the
    number of lines."""
    try:
        import pandas as pd
    except ImportError:
        raise MissingExtra("pandas", "benchmark") from None
    allocs = pd.read_parquet(allocations)
    evs = pd.read_parquet(events)
    by_alloc: dict[str, list[_Event]] = defaultdict(list)
    for _, e in evs.iterrows():
        day = _date(e["date"])
        assert day is not None
        by_alloc[e["allocation"]].append(_Event(
            str(e["type"]), day, e["reason"], e["quantity"], e["unit"],
            _flag(e["contributes"])))
    first_start: dict[str, dt.date] = {}
    for _, a in allocs.iterrows():
        day = _date(a["start"])
        assert day is not None
        if a["household"] not in first_start or day < first_start[a["household"]]:
            first_start[a["household"]] = day
    compiled: dict[tuple[int, int], dict[tuple[str, int], TariffRow]] = {}
    settings: dict[tuple[int, int], SettlementColumns] = {}
    region_cache: dict[tuple[str, dt.date], str | None] = {}
    rows: list[dict[str, object]] = []
    for _, a in allocs.iterrows():
        key = (a["municipality"], first_start[a["household"]])
        if key not in region_cache:
            try:
                region_cache[key] = registry.region_of(*key).code
            except Exception:
                region_cache[key] = None
        region = region_cache[key]
        if region is None or region not in years:
            continue
        year = years[region]
        policy = registry.policy_for(a["municipality"], dt.date(year, 1, 1))
        ck = (id(policy), year)
        if ck not in compiled:
            settings[ck] = policy.columns(tuple(range(year - 12, year + 1)))
            compiled[ck] = {(t.arrangement, t.year): t for t in settings[ck].tariffs}
        cols, table = settings[ck], compiled[ck]
        if cols.skip_pgb and bool(a["pgb"]):
            continue
        flags = set(str(a.get("flags") or "").split())
        if flags & cols.skip_flags:
            continue
        start = _date(a["start"])
        end = _date(a["end"]) or dt.date.max
        assert start is not None
        if start >= dt.date(year + 1, 1, 1):
            continue
        mine = by_alloc.get(a["allocation"], [])
        starts = [e.day for e in mine if e.type == "start"]
        care_start = max(min(starts), start) if starts else start
        stops = [(e.day, str(e.reason)) for e in mine if e.type == "stop"]
        stop = min(stops, key=lambda x: x[0]) if stops else None
        care_end = end
        if stop is not None and stop[0] < care_end:
            care_end = stop[0]
        if cols.rules.stop_after_negative_evaluation is not None:
            negative = [e.day for e in mine if e.type == "evaluation" and e.contributes is False]
            if negative:
                cut = Month.of(min(negative)).next().first_day
                care_end = min(care_end, cut)
        if care_end <= care_start:
            continue
        row = table.get((a["arrangement"], year))
        if row is not None and isinstance(row.model, Trajectory) and cols.trajectory_on_start:
            row = table.get((a["arrangement"], care_start.year))
        if row is None or row.model is None:
            continue
        model = row.model
        paid_to = row.payer or a["municipality"]
        for m in range(1, 13):
            first = dt.date(year, m, 1)
            nxt = Month(year, m).next().first_day
            amount: int | None = None
            if isinstance(model, PerPeriod):
                lo, hi = max(care_start, first), min(care_end, nxt)
                if lo >= hi:
                    continue
                days, mdays = (hi - lo).days, (nxt - first).days
                if model.proration is Proration.BY_DAYS:
                    share = Fraction(days, mdays)
                elif model.proration is Proration.WHOLE_MONTH:
                    share = Fraction(1)
                else:
                    share = Fraction(1 if days >= mdays else 0)
                per = {BillingPeriod.MONTH: Fraction(1), BillingPeriod.FOUR_WEEKS: Fraction(mdays, 28),
                       BillingPeriod.WEEK: Fraction(mdays, 7),
                       BillingPeriod.YEAR: Fraction(mdays, (dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days)}
                amount = model.rounding.round(model.amount.amount_cents * share * per[model.period])
                if amount == 0 and days < mdays and model.proration is Proration.FULL_MONTHS_ONLY:
                    continue
            elif isinstance(model, Trajectory):
                if Month.of(care_start) == Month(year, m):
                    rows.append({"allocation": a["allocation"], "municipality": paid_to,
                                 "month": m, "amount": model.due_at_start().amount_cents})
                ended: tuple[dt.date, StopReason] | None = None
                if stop is not None and stop[0] <= end:
                    ended = (stop[0], StopReason(stop[1]))
                elif cols.rules.completion_at_allocation_end and end != dt.date.max:
                    ended = (care_end, StopReason.COMPLETED)
                if (ended is not None
                        and Month.of(ended[0] - dt.timedelta(days=1)) == Month(year, m)
                        and ended[1] not in model.withhold_on and model.due_at_completion()):
                    amount = model.due_at_completion().amount_cents
            elif isinstance(model, PriceQuantity | Stay):
                unit = model.unit.value if isinstance(model, PriceQuantity) else "14"
                price = model.price if isinstance(model, PriceQuantity) else model.price_per_etmaal
                rounding = model.rounding if isinstance(model, PriceQuantity) else Rounding.HALF_UP
                quantity = Fraction(0)
                before = Fraction(0)
                found = False
                for e in mine:
                    day = e.day
                    if e.type != "delivery" or not care_start <= day < care_end:
                        continue
                    if day.year != year:
                        continue
                    q = Fraction(Decimal(str(e.quantity)))
                    if e.unit != unit:
                        q *= _FACTORS[(str(e.unit), unit)]
                    if day.month == m:
                        quantity += q
                        found = True
                    elif day.month < m:
                        before += q
                if not found:
                    continue
                amount = rounding.round(price.amount_cents * quantity)
                if isinstance(model, PriceQuantity) and model.budget_max is not None:
                    spent = rounding.round(price.amount_cents * before)
                    amount = min(amount, max(model.budget_max.amount_cents - spent, 0))
            if amount is not None:
                rows.append({"allocation": a["allocation"], "municipality": paid_to,
                             "month": m, "amount": amount})
    lines = pd.DataFrame(rows)
    if debug is not None:
        debug.extend(rows)
    return (int(lines["amount"].sum()) if len(lines) else 0), len(lines)
