"""The columnar engine: a year of settlement for millions of allocations at once (polars).

The object engine (:mod:`sociaaldomein.engine`) is the reference and the path of
``explain``: it asks each household's policy, month by month, what the case earns. This
engine computes the same lines a column at a time, from what each policy states ahead as
data (:meth:`~sociaaldomein.RegionPolicy.columns`, :mod:`sociaaldomein.policy.columns`):

1. **route**: each household goes to the region of its municipality on its earliest
   allocation's start (as :func:`~sociaaldomein.demo.split_by_region`); each region
   settles its year, month by month, under the policy (with dialect) that holds for the
   municipality on the first day of the month (as :func:`~sociaaldomein.settle`);
2. **care period** per allocation: from its first start event (or its start) to the
   earliest of its end, its first stop event and, under *no cure, no more pay*, the first
   day of the month after its first negative evaluation;
3. **price** per allocation with the policy's tariff table: a trajectory on the contract
   year of its care start, other models on the month's (the year settled);
4. one vectorised step per funding model: **per period** (days in care per month, the
   named proration and rounding, in integer cents), **trajectory** installments (start
   month; completion month, withheld on the policy's stop reasons), **price x quantity**
   and **stays** (deliveries per month in exact integer millionths, the budget maximum of
   a year as a running sum), **lump sums** (nothing per client; the region's lines);
5. the **own contribution** per household per month (the national shapes, with the
   policy's parameters);
6. the **declared fallback**: households a policy cannot state as columns are settled by
   the policy itself (the object path), month by month; so are deliveries finer than a
   millionth of a unit. Nothing is dropped.

Money is integer cents (``Int64``) from end to end; rounding reproduces
:meth:`~sociaaldomein.Money.times` exactly (floor division and remainder). The result is a
frame of lines (:data:`LINE_COLUMNS`) that :meth:`ColumnarResult.to_settlement` turns into
:class:`~sociaaldomein.SettlementLine` objects and :func:`explain_line` explains through
the object path.
"""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import os
import queue
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import attrs

from sociaaldomein.errors import (
    Conflict,
    InvalidInput,
    MissingExtra,
    NoPolicy,
    PolicyError,
    SettlementError,
    UnpricedAllocation,
)
from sociaaldomein.model.caseload import (
    Allocation,
    CareEvent,
    Caseload,
    Delivery,
    Evaluation,
    Start,
    Stop,
)
from sociaaldomein.model.catalog import Unit
from sociaaldomein.model.funding import (
    BillingPeriod,
    PerPeriod,
    PriceQuantity,
    Proration,
    Stay,
    StopReason,
    Trajectory,
)
from sociaaldomein.model.household import Household, Municipality, Person
from sociaaldomein.model.limits import (
    LINE_AMOUNT_REF,
    MAX_LINE_AMOUNT_CENTS,
    MAX_VOLUME,
    PHYSICAL_REF,
    VOLUME_REF,
    per_day_max,
)
from sociaaldomein.model.lines import Flow, LineKind, SettlementLine
from sociaaldomein.model.money import Money, Rounding
from sociaaldomein.model.periods import OPEN_END, Month, Period
from sociaaldomein.model.provenance import Ref
from sociaaldomein.policy.columns import ContributionKind, SettlementColumns
from sociaaldomein.policy.national import subscription_tariff_for_month
from sociaaldomein.policy.registry import Registry, default_registry
from sociaaldomein.settle.settlement import Settlement

if TYPE_CHECKING:
    from polars import DataFrame

    from sociaaldomein.policy.plugin import RegionPolicy

__all__ = [
    "ALLOCATION_COLUMNS",
    "EVENT_COLUMNS",
    "LINE_COLUMNS",
    "CaseloadColumns",
    "ColumnarResult",
    "explain_line",
    "line_key_frame",
    "line_keys",
    "settle_columns",
]

ALLOCATION_COLUMNS = ("household", "municipality", "client", "birth_date", "allocation",
                      "arrangement", "provider", "start", "end", "pgb",
                      "extended_youth_care", "flags", "household_facts")
"""The allocation columns the engine reads (``municipality_name`` and the rest of the flat
format may be present; ``pgb``, ``extended_youth_care`` and ``flags`` are optional;
``household_facts`` is true for a household with partners or a Wlz contribution on record,
read from the table's ``wlz_contribution``)."""
EVENT_COLUMNS = ("allocation", "type", "date", "reason", "quantity", "unit", "contributes")
LINE_COLUMNS = ("region", "municipality", "provider", "household", "client", "allocation",
                "arrangement", "segment", "funding", "month", "kind", "amount_cents",
                "withheld_cents", "rule", "ref_id", "tariff_ref_id", "flow", "engine",
                "explanation")
"""The columns of a line frame. ``month`` is ``YYYY-MM``; ``ref_id``/``tariff_ref_id``
index :attr:`ColumnarResult.refs`; ``engine`` is ``columns`` or ``objects`` (a declared
fallback); ``explanation`` is filled for lines the object path made."""

_SCALE = 1_000_000
"""Delivered quantities are held as integer millionths of their unit."""
_FACTOR = 60
"""Quantities in a tariff's unit are held in millionths x 60, so minutes convert exactly."""
_DEN = _SCALE * _FACTOR
_ROUNDING_CODES = {r: i for i, r in enumerate(Rounding)}
_REASONS = list(StopReason)
_REASON_BITS = {r.value: 1 << i for i, r in enumerate(_REASONS)}
_PERIOD_DAYS = {BillingPeriod.FOUR_WEEKS: 28, BillingPeriod.WEEK: 7}
_UNSAFE = 2 ** 62
"""Above this product of price and quantity the exact sum is done in Python integers. The
test that routes a row there multiplies in floating point, which is only a guard with a
factor-2 margin below Int64's 2**63: every amount itself is computed in integers."""


def _exact(scaled: int) -> str:
    """A quantity held in units of ``1/_DEN`` as exact decimal text (no float)."""
    value = Decimal(scaled) / Decimal(_DEN)
    return str(value.to_integral_value()) if value == value.to_integral_value() else str(value)


def _pl() -> Any:
    try:
        import polars as pl
    except ImportError:  # pragma: no cover - depends on the environment
        raise MissingExtra("polars", "frames",
                           "the columnar engine needs polars: pip install "
                           "'sociaaldomein[frames]'") from None
    return pl


# -- the caseload as columns ---------------------------------------------------------------

def _allocation_schema(pl: Any) -> dict[str, Any]:
    return {
        "household": pl.String, "municipality": pl.String, "client": pl.String,
        "birth_date": pl.Date, "allocation": pl.String, "arrangement": pl.String,
        "provider": pl.String, "start": pl.Date, "end": pl.Date, "pgb": pl.Boolean,
        "extended_youth_care": pl.Boolean, "flags": pl.List(pl.String),
        "household_facts": pl.Boolean,
    }


def event_schema(pl: Any) -> dict[str, Any]:
    """The polars types of the event columns the engine reads."""
    return {
        "allocation": pl.String, "type": pl.String, "date": pl.Date, "reason": pl.String,
        "quantity": pl.String, "unit": pl.String, "contributes": pl.Boolean,
    }


def _quantity_text(value: Decimal) -> str:
    return format(value, "f")


@attrs.frozen
class CaseloadColumns:
    """A caseload as two polars frames: one row per allocation (with its household,
    municipality and client), one row per care event (:data:`ALLOCATION_COLUMNS`,
    :data:`EVENT_COLUMNS`). Plans are not part of it: settlement does not read them."""

    allocations: DataFrame
    events: DataFrame
    municipality_names: Mapping[str, str] = attrs.field(factory=dict)
    household_objects: Mapping[str, Household] = attrs.field(factory=dict)
    """Households with facts the columns do not hold (partners, a Wlz contribution,
    income), kept whole for the object path."""

    @classmethod
    def from_caseload(cls, caseload: Caseload) -> CaseloadColumns:
        pl = _pl()
        households = {h.id: h for h in caseload.households}
        rows: dict[str, list[object]] = {c: [] for c in ALLOCATION_COLUMNS}
        for a in caseload.allocations:
            h = households[a.household_id]
            rows["household"].append(a.household_id)
            rows["municipality"].append(h.municipality.code)
            rows["client"].append(a.client_id)
            rows["birth_date"].append(h.member(a.client_id).birth_date)
            rows["allocation"].append(a.id)
            rows["arrangement"].append(a.arrangement)
            rows["provider"].append(a.provider)
            rows["start"].append(a.period.start)
            rows["end"].append(None if a.period.is_open else a.period.end)
            rows["pgb"].append(a.pgb)
            rows["extended_youth_care"].append(a.extended_youth_care)
            rows["flags"].append(sorted(a.flags))
            rows["household_facts"].append(bool(h.partners or h.wlz_contribution))
        ev: dict[str, list[object]] = {c: [] for c in EVENT_COLUMNS}
        for e in caseload.events:
            ev["allocation"].append(e.allocation_id)
            ev["date"].append(e.date)
            ev["type"].append({Start: "start", Stop: "stop", Delivery: "delivery",
                               Evaluation: "evaluation"}.get(type(e), "other"))
            ev["reason"].append(e.reason.value if isinstance(e, Stop) else None)
            ev["quantity"].append(_quantity_text(e.quantity) if isinstance(e, Delivery) else None)
            ev["unit"].append(e.unit.value if isinstance(e, Delivery) else None)
            ev["contributes"].append(e.contributes if isinstance(e, Evaluation) else None)
        names = {h.municipality.code: h.municipality.name for h in caseload.households}
        found = _finish(pl, cls, pl.DataFrame(rows, schema=_allocation_schema(pl)),
                        pl.DataFrame(ev, schema=event_schema(pl)), names, "allocations",
                        "events")
        whole = {h.id: h for h in caseload.households
                 if h.partners or h.wlz_contribution or h.income or h.residence}
        return attrs.evolve(found, household_objects=whole)

    @classmethod
    def from_frames(cls, allocations: DataFrame, events: DataFrame | None = None, *,
                    source: str = "allocations", events_source: str = "events",
                    household_objects: Mapping[str, Household] | None = None,
                    ) -> CaseloadColumns:
        """Columns from frames in the flat table format (dates as ``Date`` or ISO text,
        ``pgb``/``contributes`` as booleans or ``true``/``false``). Missing optional
        columns are filled; a missing required column is an :class:`InvalidInput`."""
        pl = _pl()
        names: dict[str, str] = {}
        if "municipality_name" in allocations.columns:
            pairs = allocations.select("municipality", "municipality_name").unique()
            names = dict(zip(pairs["municipality"].cast(pl.String).to_list(),
                             pairs["municipality_name"].cast(pl.String).to_list(), strict=True))
        if ("wlz_contribution" in allocations.columns and "household" in allocations.columns
                and "household_facts" not in allocations.columns):
            has = pl.col("wlz_contribution").cast(pl.String).str.strip_chars().fill_null("") != ""
            with_facts = allocations.filter(has)["household"].unique()
            allocations = allocations.with_columns(  # (a group over every household is slow)
                pl.col("household").is_in(with_facts.implode()).alias("household_facts")
                if with_facts.len() else pl.lit(False).alias("household_facts"))
        whole = dict(household_objects or {})
        allocs = _normalise(pl, allocations, _allocation_schema(pl),
                            ("household", "municipality", "client", "birth_date", "allocation",
                             "arrangement", "provider", "start"), source)
        if events is None:
            events = pl.DataFrame(schema=event_schema(pl))
        if isinstance(events, pl.LazyFrame):  # a scanned file, typed by read()
            evs = events
        else:
            evs = _normalise(pl, events, event_schema(pl), ("allocation", "type", "date"),
                             events_source)
        found = _finish(pl, cls, allocs, evs, names, source, events_source)
        return attrs.evolve(found, household_objects=whole)

    def without(self, households: Iterable[str]) -> CaseloadColumns:
        """The columns without these households (held back, say), allocations numbered
        again so that ``aidx`` stays the row number."""
        pl = _pl()
        gone = pl.Series("household", sorted(set(households)), dtype=pl.String)
        kept = self.allocations.filter(~pl.col("household").is_in(gone.implode()))
        renumber = kept.select(pl.col("aidx").alias("old")).with_row_index("aidx")
        events = self.events.rename({"aidx": "old"}).join(renumber, on="old", how="inner") \
            .drop("old").select(self.events.columns)
        allocations = kept.drop("aidx").with_row_index("aidx")
        return attrs.evolve(self, allocations=allocations, events=events)

    @property
    def households(self) -> int:
        return int(self.allocations["household"].n_unique())

    def to_caseload(self, households: Iterable[str] | None = None) -> Caseload:
        """The caseload as objects (for the object path), optionally only some households."""
        pl = _pl()
        allocs = self.allocations
        evs = self.events
        if households is not None:
            wanted = pl.Series("household", sorted(set(households)), dtype=pl.String)
            allocs = allocs.filter(pl.col("household").is_in(wanted.implode()))
        evs = evs.join(allocs.select("aidx", "allocation"), on="aidx", how="inner")
        people: dict[str, dict[str, Person]] = defaultdict(dict)
        places: dict[str, str] = {}
        allocations: list[Allocation] = []
        for r in allocs.iter_rows(named=True):
            places[r["household"]] = r["municipality"]
            people[r["household"]].setdefault(r["client"], Person(r["client"], r["birth_date"]))
            allocations.append(Allocation(
                r["allocation"], r["household"], r["client"], r["arrangement"], r["provider"],
                Period(r["start"], r["end"] or OPEN_END), pgb=bool(r["pgb"]),
                extended_youth_care=bool(r["extended_youth_care"]),
                flags=frozenset(r["flags"] or ()),
            ))
        events: list[CareEvent] = []
        for r in evs.iter_rows(named=True):
            kind = r["type"]
            if kind == "start":
                events.append(Start(r["allocation"], r["date"]))
            elif kind == "stop":
                events.append(Stop(r["allocation"], r["date"], StopReason(r["reason"])))
            elif kind == "delivery":
                quantity = (Decimal(r["q_micro"]).scaleb(-6) if r["q_micro"] is not None
                            else Decimal(r["quantity"]))
                events.append(Delivery(r["allocation"], r["date"], quantity,
                                       Unit.from_code(r["unit"])))
            elif kind == "evaluation":
                events.append(Evaluation(r["allocation"], r["date"],
                                         contributes=r["contributes"] is not False))
        house = tuple(
            self.household_objects.get(hid) or
            Household(hid, Municipality(places[hid], self.municipality_names.get(
                places[hid], places[hid])), tuple(p.values()))
            for hid, p in people.items()
        )
        return Caseload(house, (), tuple(allocations), tuple(events))


_EVENT_TYPES = ("start", "stop", "delivery", "evaluation")
_EVENT_BATCH = 6_000_000
"""Events read and parsed at a time."""
_PER_DAY_MICRO = {code: n * _SCALE for code, n in
                  ((u.value, per_day_max(u.value)) for u in Unit) if n is not None}
"""What one person can receive in a day, per Eenheid code, in millionths."""
_QUANTITY = r"^\s*([0-9]{1,12})(?:\.([0-9]{0,6}))?\s*$"


def _finish(pl: Any, cls: type[CaseloadColumns], allocs: DataFrame, evs: Any,
            names: dict[str, str], source: str, events_source: str) -> CaseloadColumns:
    """Check the references, number the allocations (``aidx``), key the events by that
    number, parse delivered quantities into integer millionths (``q_micro``; the text is
    kept only where it is finer than that) and hold repeated codes as categoricals.
    ``evs`` may be lazy (a scanned file): the events are then read in one streaming pass."""
    dupes = (allocs.filter(pl.col("allocation").is_duplicated())
             if allocs["allocation"].n_unique() != allocs.height else allocs.clear())
    if dupes.height:
        raise InvalidInput(f"allocation id {dupes['allocation'][0]!r} is used twice",
                           source=source)
    bad = allocs.filter(pl.col("end").is_not_null() & (pl.col("end") <= pl.col("start")))
    if bad.height:
        raise InvalidInput(f"allocation {bad['allocation'][0]}: its end is not after its "
                           "start", source=source, path="end")
    cat = pl.Categorical
    allocs = allocs.with_row_index("aidx").with_columns(
        pl.col("municipality").cast(cat), pl.col("arrangement").cast(cat),
        pl.col("provider").cast(cat),
        # the household as a number, for grouping and joining without hashing its id
        pl.col("household").rank("dense").cast(pl.UInt32).alias("hidx"))
    kinds = pl.Enum(list(_EVENT_TYPES))
    reasons = pl.Enum([r.value for r in StopReason])
    units = pl.Enum([u.value for u in Unit])
    ids = allocs.select("allocation", "aidx")
    text = pl.col("quantity")
    whole = text.str.to_integer(strict=False)
    has_point = text.str.contains(r"^[0-9]{1,12}\.[0-9]{0,6}$")
    # split only the quantities with a decimal point (the rest are null here: a branch of a
    # when-chain is computed for every row, and splitting every quantity cost seconds)
    split = pl.when(has_point).then(text).str.split_exact(".", 1)
    decimal = (split.struct.field("field_0").str.to_integer(strict=False) * _SCALE
               + split.struct.field("field_1").str.pad_end(6, "0").str.to_integer(strict=False))
    q_micro = (pl.when(whole.is_not_null() & (whole >= 0) & (text.str.len_bytes() <= 12))
               .then(whole * _SCALE)
               .when(has_point)
               .then(decimal))
    is_stop = pl.col("type") == "stop"
    is_delivery = pl.col("type") == "delivery"
    # a code per row, not a message: a when-chain computes every branch for every row
    problem = (
        pl.when(pl.col("aidx").is_null()).then(1)
        .when(is_stop & (pl.col("reason").is_null()
                         | ~pl.col("reason").is_in(reasons.categories.to_list()))).then(2)
        .when(is_delivery & (text.is_null() | pl.col("unit").is_null())).then(3)
        .when(is_delivery & ~pl.col("unit").is_in(units.categories.to_list())).then(4)
        .when(pl.col("date").is_null()).then(5)
        .when(is_delivery & (pl.col("q_micro") > MAX_VOLUME * _SCALE)).then(6)
        .when(is_delivery & (pl.col("q_micro") > pl.col("unit").replace_strict(
            _PER_DAY_MICRO, default=None, return_dtype=pl.Int64)
            * pl.col("date").dt.days_in_month().cast(pl.Int64))).then(7)
    ).cast(pl.Int8)
    total = (int(evs.select(pl.len()).collect().item()) if isinstance(evs, pl.LazyFrame)
             else evs.height)
    batches: list[DataFrame] = []
    # a batch of events at a time: the text columns of millions of events, and what is
    # parsed from them, never in memory at once (only the typed result is kept)
    for start in range(0, max(total, 1), _EVENT_BATCH):
        lazy = evs.lazy().slice(start, _EVENT_BATCH).with_row_index("row", offset=start) \
            .filter(pl.col("type").is_in(list(_EVENT_TYPES)))
        # in the file's order: the first of two stops on one day is the first listed
        lazy = lazy.join(ids.lazy(), on="allocation", how="left", maintain_order="left")
        lazy = lazy.with_columns(q_micro.alias("q_micro")).with_columns(problem.alias("problem"))
        lazy = lazy.select(
            "aidx", pl.col("type").cast(kinds), "date",
            pl.when(is_stop).then(pl.col("reason")).cast(reasons, strict=False).alias("reason"),
            "q_micro",
            pl.when(is_delivery & pl.col("q_micro").is_null()).then(text).alias("quantity"),
            pl.when(is_delivery).then(pl.col("unit")).cast(units, strict=False).alias("unit"),
            "contributes", "problem", "row")
        batch = lazy.collect()
        problems = batch.filter(pl.col("problem").is_not_null())
        if problems.height:
            first = problems.sort("row").row(0, named=True)
            raise InvalidInput(_event_problem(pl, evs, first["row"], first["problem"]),
                               source=events_source)
        batches.append(batch.drop("problem", "row"))
    keyed = pl.concat(batches, rechunk=False)
    allocs = allocs.rechunk()  # one buffer per column: gathers from it are many times faster
    return cls(allocs, keyed, names)


def _event_problem(pl: Any, events: Any, row: int, code: int) -> str:
    """The message for problem ``code`` (see :func:`_finish`) of the event in ``row``."""
    r = events.lazy().slice(row, 1).collect().row(0, named=True)
    a, text = r.get("allocation"), r.get("quantity")
    return {
        1: "an event names no allocation" if a is None
        else f"an event names unknown allocation {a}",
        2: f"allocation {a}: unknown stop reason {r.get('reason') or '(none)'}",
        3: f"allocation {a}: a delivery needs a quantity and a unit",
        4: f"allocation {a}: unknown Eenheid code {r.get('unit')}",
        5: f"allocation {a}: an event without a date",
        6: f"allocation {a}: quantity {text} is more than the national maximum volume "
           f"{MAX_VOLUME:,} ({VOLUME_REF.cite()})",
        7: f"allocation {a}: a delivery of {text} in one month is more than the month holds",
    }[code]


def _normalise(pl: Any, frame: DataFrame, schema: Mapping[str, Any], required: Sequence[str],
               source: str) -> DataFrame:
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise InvalidInput(f"missing column(s) {', '.join(missing)}", source=source)
    exprs = []
    for name, dtype in schema.items():
        if name not in frame.columns:
            if dtype == pl.Boolean and name in ("pgb", "extended_youth_care", "household_facts"):
                exprs.append(pl.lit(False).alias(name))
            elif name == "flags":
                exprs.append(pl.lit([], dtype=pl.List(pl.String)).alias(name))
            else:
                exprs.append(pl.lit(None, dtype=dtype).alias(name))
            continue
        col = frame[name]
        if dtype == pl.Date and col.dtype != pl.Date:
            expr = pl.col(name).cast(pl.String).str.strip_chars().replace("", None) \
                .str.strptime(pl.Date, "%Y-%m-%d", strict=False)
            parsed = frame.select(expr)[name]
            bad = frame.filter(parsed.is_null() & col.is_not_null()
                               & (col.cast(pl.String).str.strip_chars() != ""))
            if bad.height:
                raise InvalidInput(f"{bad[name][0]!r} is not a date (YYYY-MM-DD)",
                                   source=source, path=name)
            exprs.append(expr)
        elif dtype == pl.Boolean and col.dtype != pl.Boolean:
            text = pl.col(name).cast(pl.String).str.strip_chars().str.to_lowercase()
            bad = frame.filter(~frame.select(text)[name].is_in(["true", "false", ""])
                               & col.is_not_null())
            if bad.height:
                raise InvalidInput(f"{bad[name][0]!r} is not true or false", source=source,
                                   path=name)
            out = pl.when(text == "true").then(True).when(text == "false").then(False) \
                .otherwise(None)
            if name in ("pgb", "extended_youth_care", "household_facts"):
                out = out.fill_null(False)
            exprs.append(out.alias(name))
        elif name == "flags" and col.dtype != pl.List(pl.String):
            exprs.append(pl.col(name).cast(pl.String).fill_null("").str.split(" ")
                         .list.eval(pl.element().filter(pl.element() != "")).alias(name))
        elif dtype == pl.String:
            exprs.append(pl.col(name).cast(pl.String).alias(name))
        else:
            exprs.append(pl.col(name).cast(dtype).alias(name))
    out = frame.select(exprs)
    for name in required:
        if out[name].null_count():
            raise InvalidInput(f"column {name} is empty in some row", source=source, path=name)
    return out


# -- the result ----------------------------------------------------------------------------

@attrs.frozen
class ColumnarResult:
    """The lines of a settled year as a frame, with the clauses they cite and the figures
    of the run."""

    lines: DataFrame
    refs: tuple[Ref, ...]
    years: Mapping[str, int]
    fallback_households: int
    seconds: Mapping[str, float]
    unclaimed: tuple[str, ...] = ()
    """Municipalities left out of some month because no region claims them then."""
    allocations: int = 0
    """Allocations of the households settled (those that start before the year ends)."""
    allocation_months: int = 0
    """Months of the settled year that those allocations' periods run into."""
    line_count: int = 0
    paid_cents: int = 0
    own_contributions_cents: int = 0

    @property
    def total_cents(self) -> int:
        """What municipalities pay providers, in cents (also when the lines went to a
        sink)."""
        return self.paid_cents

    def to_settlement(self) -> Settlement:
        """The lines as :class:`~sociaaldomein.SettlementLine` objects (for small results:
        each line becomes an object)."""
        out: list[SettlementLine] = []
        for r in self.lines.iter_rows(named=True):
            out.append(SettlementLine(
                region=r["region"], municipality=r["municipality"], provider=r["provider"],
                month=Month.parse(r["month"]), kind=LineKind(r["kind"]),
                amount=Money.cents(r["amount_cents"]), rule=r["rule"],
                ref=self.refs[r["ref_id"]],
                explanation=r["explanation"] or (
                    f"settled in columns ({r['funding'] or r['kind']}); "
                    "`sociaaldomein explain` derives it through the object path"),
                client=r["client"], household=r["household"], allocation=r["allocation"],
                arrangement=r["arrangement"], segment=r["segment"], funding=r["funding"],
                withheld=Money.cents(r["withheld_cents"]),
                tariff_ref=None if r["tariff_ref_id"] is None else self.refs[r["tariff_ref_id"]],
                flow=Flow(r["flow"]),
            ))
        return Settlement(tuple(out))

    def output_frame(self) -> DataFrame:
        """The lines as written to a file: codes as text, each clause as its citation."""
        return _cited(_pl(), self.lines, _Refs.of(self.refs))

    def write(self, path: Path | str, fmt: str | None = None) -> Path:
        """Write the lines to Parquet or CSV (``fmt``, else by suffix), atomically."""
        target = Path(path)
        frame = self.output_frame()
        if (fmt or ("csv" if target.suffix.lower() == ".csv" else "parquet")) == "csv":
            return write_atomically(target, frame.write_csv)
        return write_atomically(target, frame.write_parquet)


def write_atomically(target: Path, write: Callable[[Path], object]) -> Path:
    """Write a (large) file through ``write(temporary path)``, then rename it into place:
    a failed write leaves no half file."""
    import contextlib
    import os
    import tempfile

    if target.is_dir():
        raise IsADirectoryError(f"{target} is a folder; name a file to write")
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(Path(name))
        os.chmod(name, _file_mode())  # as any file made here, not mkstemp's 0600
        os.replace(name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise
    return target


# -- helpers -------------------------------------------------------------------------------

def _file_mode() -> int:
    """The mode a new file gets here (0666 less the umask)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _round_div(pl: Any, num: Any, den: Any, rounding: Any) -> Any:
    """``num / den`` (num >= 0, den > 0) rounded to an integer as :class:`Rounding` does."""
    q = num // den
    r = num - q * den
    half_up = q + (2 * r >= den).cast(pl.Int64)
    half_even = q + ((2 * r > den) | ((2 * r == den) & (q % 2 == 1))).cast(pl.Int64)
    up = q + (r > 0).cast(pl.Int64)
    code = _ROUNDING_CODES
    return (pl.when(rounding == code[Rounding.HALF_UP]).then(half_up)
            .when(rounding == code[Rounding.HALF_EVEN]).then(half_even)
            .when(rounding.is_in([code[Rounding.UP], code[Rounding.CEILING]])).then(up)
            .otherwise(q))


class _Refs:
    def __init__(self) -> None:
        self.items: list[Ref] = []
        self._index: dict[Ref, int] = {}

    @classmethod
    def of(cls, refs: Sequence[Ref]) -> _Refs:
        out = cls()
        for ref in refs:
            out.id(ref)
        return out

    def id(self, ref: Ref | None) -> int | None:
        if ref is None:
            return None
        found = self._index.get(ref)
        if found is None:
            found = self._index[ref] = len(self.items)
            self.items.append(ref)
        return found


def _tariff_frame(pl: Any, cols: SettlementColumns, refs: _Refs) -> DataFrame:
    rows: dict[str, list[object]] = defaultdict(list)
    for t in cols.tariffs:
        m = t.model
        funding = ("none" if m is None else "per_period" if isinstance(m, PerPeriod)
                   else "trajectory" if isinstance(m, Trajectory)
                   else "price_quantity" if isinstance(m, PriceQuantity)
                   else "stay" if isinstance(m, Stay) else "lump_sum")
        rows["arrangement"].append(t.arrangement)
        rows["p_year"].append(t.year)
        rows["t_funding"].append(funding)
        amount = (m.amount if isinstance(m, PerPeriod | Trajectory) else m.price
                  if isinstance(m, PriceQuantity) else m.price_per_etmaal
                  if isinstance(m, Stay) else Money.zero())
        rows["t_amount"].append(amount.amount_cents)
        rows["t_period"].append(m.period.value if isinstance(m, PerPeriod) else None)
        rows["t_proration"].append(m.proration.value if isinstance(m, PerPeriod) else None)
        rounding = (m.rounding if isinstance(m, PerPeriod | PriceQuantity) else Rounding.HALF_UP)
        rows["t_rounding"].append(_ROUNDING_CODES[rounding])
        rows["t_unit"].append(m.unit.value if isinstance(m, PriceQuantity)
                              else Unit.ETMAAL.value if isinstance(m, Stay) else None)
        rows["t_budget_max"].append(m.budget_max.amount_cents
                                    if isinstance(m, PriceQuantity) and m.budget_max is not None
                                    else None)
        rows["t_due_start"].append(m.due_at_start().amount_cents
                                   if isinstance(m, Trajectory) else None)
        rows["t_due_completion"].append(m.due_at_completion().amount_cents
                                        if isinstance(m, Trajectory) else None)
        rows["t_withhold"].append(sum(_REASON_BITS[r.value] for r in m.withhold_on)
                                  if isinstance(m, Trajectory) else 0)
        rows["t_rule"].append(t.rule)
        rows["t_ref"].append(refs.id(t.ref))
        rows["t_tariff_ref"].append(refs.id(t.tariff_ref))
        rows["t_segment"].append(t.segment)
        rows["t_payer"].append(t.payer)
        rows["t_withheld_rule"].append(t.withheld_rule or t.rule)
        rows["t_withheld_ref"].append(refs.id(t.withheld_ref or t.ref))
    schema = {
        "arrangement": pl.Categorical, "p_year": pl.Int32, "t_funding": pl.Categorical,
        "t_amount": pl.Int64, "t_period": pl.Enum([p.value for p in BillingPeriod]),
        "t_proration": pl.Enum([p.value for p in Proration]),
        "t_rounding": pl.Int8, "t_unit": pl.String, "t_budget_max": pl.Int64,
        "t_due_start": pl.Int64, "t_due_completion": pl.Int64, "t_withhold": pl.Int64,
        "t_rule": pl.Categorical, "t_ref": pl.Int32, "t_tariff_ref": pl.Int32,
        "t_segment": pl.Categorical, "t_payer": pl.Categorical,
        "t_withheld_rule": pl.Categorical, "t_withheld_ref": pl.Int32,
    }
    # codes are categorical here, in a table of a few rows, so that lines gather them
    # instead of hashing a string per line
    return cast("DataFrame", pl.DataFrame(dict(rows), schema=schema))


def _line_frame(pl: Any, lines: Sequence[SettlementLine], refs: _Refs) -> DataFrame:
    rows: dict[str, list[object]] = {c: [] for c in LINE_COLUMNS}
    for line in lines:
        rows["region"].append(line.region)
        rows["municipality"].append(line.municipality)
        rows["provider"].append(line.provider)
        rows["household"].append(line.household)
        rows["client"].append(line.client)
        rows["allocation"].append(line.allocation)
        rows["arrangement"].append(line.arrangement)
        rows["segment"].append(line.segment)
        rows["funding"].append(line.funding)
        rows["month"].append(str(line.month))
        rows["kind"].append(line.kind.value)
        rows["amount_cents"].append(line.amount.amount_cents)
        rows["withheld_cents"].append(line.withheld.amount_cents)
        rows["rule"].append(line.rule)
        rows["ref_id"].append(refs.id(line.ref))
        rows["tariff_ref_id"].append(refs.id(line.tariff_ref))
        rows["flow"].append(line.flow.value)
        rows["engine"].append("objects")
        rows["explanation"].append(line.explanation)
    return cast("DataFrame", pl.DataFrame(rows, schema=_line_schema(pl)))


def _line_schema(pl: Any) -> dict[str, Any]:
    cat = pl.Categorical
    return {
        "region": cat, "municipality": cat, "provider": cat,
        "household": pl.String, "client": pl.String, "allocation": pl.String,
        "arrangement": cat, "segment": cat, "funding": cat,
        "month": cat, "kind": cat, "amount_cents": pl.Int64,
        "withheld_cents": pl.Int64, "rule": cat, "ref_id": pl.Int32,
        "tariff_ref_id": pl.Int32, "flow": cat, "engine": cat,
        "explanation": pl.String,
    }


def _month_days(pl: Any, year: int, month: Any) -> Any:
    """The number of days of month number ``month`` (1-12), gathered from the twelve."""
    lengths = [calendar.monthrange(year, m)[1] for m in range(1, 13)]
    return pl.lit(pl.Series(lengths, dtype=pl.Int64)).gather(month - 1)


def _month_text(pl: Any, year: int, month: Any) -> Any:
    """``YYYY-MM`` of month number ``month`` (1-12) as a categorical: gathered from the
    twelve months, not a string made per line."""
    months = pl.Series([f"{year}-{m:02d}" for m in range(1, 13)], dtype=pl.Categorical)
    return pl.lit(months).gather(month - 1)


# -- routing -------------------------------------------------------------------------------

@attrs.frozen
class _Part:
    """Households of one region part that one policy variant settles in some months."""

    region: str
    year: int
    policy: RegionPolicy
    households: DataFrame  # household, mask (12 bits: months this variant settles them)


def _route(pl: Any, columns: CaseloadColumns, years: int | Mapping[str, int] | None,
           registry: Registry, skip_unclaimed: bool, unclaimed: set[str],
           ) -> tuple[list[_Part], dict[str, int], set[tuple[str, int, int]]]:
    allocs = columns.allocations
    first = allocs.group_by("hidx").agg(pl.col("household").first(),
                                       pl.col("municipality").first(),
                                       pl.col("start").min().alias("first_start"))
    members: dict[str, list[object]] = defaultdict(list)
    for policy in registry.policies():
        for member in policy.members:
            members["region"].append(policy.code)
            members["municipality"].append(member.municipality.code)
            members["m_start"].append(member.period.start)
            members["m_end"].append(member.period.end)
    member_frame = pl.DataFrame(dict(members), schema={
        "region": pl.String, "municipality": pl.Categorical, "m_start": pl.Date,
        "m_end": pl.Date})
    claimed = first.join(member_frame, on="municipality", how="inner").filter(
        (pl.col("m_start") <= pl.col("first_start")) & (pl.col("first_start") < pl.col("m_end")))
    claimed = claimed.unique(["hidx", "region"])
    region_of = claimed.filter(pl.col("hidx").is_unique()).select(
        "hidx", "household", "municipality", "region")
    chosen: dict[str, int] = {}
    for (region,), part in region_of.group_by(["region"], maintain_order=True):
        if isinstance(years, int):
            chosen[region] = years
        elif years is not None and region in years:
            chosen[region] = years[region]
        else:
            chosen[region] = _busiest_year(pl, allocs.join(part.select("hidx"),
                                                          on="hidx", how="semi"))
    parts: list[_Part] = []
    region_months: set[tuple[str, int, int]] = set()
    for region in sorted(chosen):
        year = chosen[region]
        part = region_of.filter(pl.col("region") == region)
        variants: dict[int, tuple[RegionPolicy, dict[str, int]]] = {}
        for municipality in sorted(part["municipality"].unique().to_list()):
            for m in range(1, 13):
                day = dt.date(year, m, 1)
                try:
                    policy = registry.policy_for(municipality, day)
                except PolicyError as exc:
                    if skip_unclaimed:
                        unclaimed.add(municipality)
                        continue
                    hid = part.filter(pl.col("municipality") == municipality)["household"][0]
                    error = {NoPolicy.code: NoPolicy, Conflict.code: Conflict}.get(
                        exc.code, PolicyError)
                    raise error(f"households[{hid}].municipality: {exc.message}") from None
                entry = variants.setdefault(id(policy), (policy, {}))
                entry[1][municipality] = entry[1].get(municipality, 0) | (1 << (m - 1))
                region_months.add((policy.code, year, m))
        for policy, masks in variants.values():
            mask_frame = pl.DataFrame({"municipality": list(masks), "mask": list(masks.values())},
                                      schema={"municipality": pl.Categorical,
                                              "mask": pl.Int32})
            households = part.join(mask_frame, on="municipality").select(
                "hidx", "household", "mask")
            parts.append(_Part(region, year, policy, households))
    # the largest first: the lines of the last part are written after all is settled,
    # so the smaller that part, the shorter the wait at the end
    parts.sort(key=lambda p: -p.households.height)
    return parts, chosen, region_months


def _busiest_year(pl: Any, allocs: DataFrame) -> int:
    """The year in which most allocations are active on 1 July (the latest on a tie), as
    :func:`sociaaldomein.demo.region_years` chooses."""
    lo = allocs["start"].min()
    hi = allocs["start"].max()
    assert isinstance(lo, dt.date) and isinstance(hi, dt.date)
    best: tuple[int, int] | None = None
    for y in range(lo.year, hi.year + 1):
        day = dt.date(y, 7, 1)
        count = allocs.filter((pl.col("start") <= day)
                              & (pl.col("end").is_null() | (pl.col("end") > day))).height
        if best is None or (count, y) >= best:
            best = (count, y)
    assert best is not None
    return best[1]


# -- the steps -----------------------------------------------------------------------------

def _care(pl: Any, allocs: DataFrame, events: DataFrame, cols: SettlementColumns) -> DataFrame:
    """Per allocation: care start, care end, the stop that ended it, activity."""
    evs = events
    starts = evs.filter(pl.col("type") == "start").group_by("aidx").agg(
        pl.col("date").min().alias("first_start"))
    stops = evs.filter(pl.col("type") == "stop").sort("date", maintain_order=True) \
        .group_by("aidx", maintain_order=True).agg(
            pl.col("date").first().alias("stop_date"),
            pl.col("reason").first().cast(pl.String).alias("stop_reason"))
    out = allocs.join(starts, on="aidx", how="left").join(stops, on="aidx", how="left")
    end = pl.col("end").fill_null(OPEN_END)
    out = out.with_columns(
        pl.max_horizontal(pl.col("first_start").fill_null(pl.col("start")), pl.col("start"))
        .alias("care_start"),
        pl.when(pl.col("stop_date").is_not_null() & (pl.col("stop_date") < end))
        .then(pl.col("stop_date")).otherwise(end).alias("care_end"),
    )
    if cols.rules.stop_after_negative_evaluation is not None:
        negative = evs.filter((pl.col("type") == "evaluation") & (pl.col("contributes") == False))  # noqa: E712
        cut = negative.group_by("aidx").agg(pl.col("date").min().alias("negative"))
        out = out.join(cut, on="aidx", how="left").with_columns(
            pl.when(pl.col("negative").is_not_null())
            .then(pl.min_horizontal(pl.col("care_end"),
                                    pl.col("negative").dt.month_start().dt.offset_by("1mo")))
            .otherwise(pl.col("care_end")).alias("care_end")).drop("negative")
    return out.drop("first_start")


def _price(pl: Any, care: DataFrame, tariffs: DataFrame, cols: SettlementColumns,
           year: int) -> DataFrame:
    """Join each allocation that starts before the year ends with its tariff row."""
    y1 = dt.date(year + 1, 1, 1)
    priced = care.filter(pl.col("start") < y1)
    if cols.skip_pgb:
        priced = priced.filter(~pl.col("pgb"))
    if cols.skip_flags:
        wanted = sorted(cols.skip_flags)
        priced = priced.filter(~pl.col("flags").list.eval(pl.element().is_in(wanted)).list.any())
    last_day = pl.col("end").fill_null(OPEN_END) - pl.duration(days=1)
    priced = priced.with_columns(
        pl.when(last_day < dt.date(year, 1, 1)).then(last_day.dt.year()).otherwise(year)
        .cast(pl.Int32).alias("y_month"),
        pl.col("care_start").dt.year().cast(pl.Int32).alias("y_start"),
    )
    at_month = tariffs.rename({"p_year": "y_month"}).select(
        "arrangement", "y_month", pl.col("t_funding").alias("f_month"))
    at_start = tariffs.rename({"p_year": "y_start"}).select(
        "arrangement", "y_start", pl.col("t_funding").alias("f_start"))
    priced = priced.join(at_month, on=["arrangement", "y_month"], how="left") \
        .join(at_start, on=["arrangement", "y_start"], how="left")
    if cols.trajectory_on_start:
        # a trajectory is priced on its care start; when the month's year has no tariff, a
        # trajectory that started in a year with one is still priced (as settle_case does)
        use_start = ((pl.col("f_month") == "trajectory")
                     | (pl.col("f_month").is_null() & (pl.col("f_start") == "trajectory")))
    else:
        use_start = pl.lit(False)
    priced = priced.with_columns(
        pl.when(use_start).then(pl.col("y_start")).otherwise(pl.col("y_month")).alias("p_year"),
        pl.when(use_start).then(pl.col("f_start")).otherwise(pl.col("f_month")).alias("found"),
    )
    missing = priced.filter(pl.col("found").is_null())
    if missing.height:
        r = missing.row(0, named=True)
        raise UnpricedAllocation(
            f"allocation {_allocation_id(care, r['aidx'])} of household {r['household']}: "
            f"{cols.region} has "
            f"no tariff for {r['arrangement']!r} in {r['p_year']}")
    priced = priced.drop("y_month", "y_start", "f_month", "f_start", "found")
    return priced.join(tariffs, on=["arrangement", "p_year"], how="inner").filter(
        pl.col("t_funding").is_in(["per_period", "trajectory", "price_quantity", "stay"]))


def _line_exprs(pl: Any, cols: SettlementColumns, year: int, kind: Any, amount: Any,
                withheld: Any, rule: Any, ref: Any) -> list[Any]:
    """A compact line: the allocation's number (``aidx``) stands for its household,
    client, allocation, arrangement, provider and municipality until the lines are
    written (:func:`_materialise`)."""
    cat = pl.Categorical
    return [
        pl.col("aidx"),
        pl.lit(cols.region).cast(cat).alias("region"),
        pl.col("t_payer").cast(cat).alias("payer"),
        pl.lit(None, dtype=cat).alias("collector"),
        pl.col("t_segment").cast(cat).alias("segment"),
        pl.col("t_funding").cast(cat).alias("funding"),
        _month_text(pl, year, pl.col("m")).alias("month"), pl.col("m").cast(pl.Int32),
        kind.cast(cat).alias("kind"), amount.cast(pl.Int64).alias("amount_cents"),
        withheld.cast(pl.Int64).alias("withheld_cents"), rule.cast(cat).alias("rule"),
        ref.cast(pl.Int32).alias("ref_id"), pl.col("t_tariff_ref").alias("tariff_ref_id"),
        pl.lit(Flow.TO_PROVIDER.value).cast(cat).alias("flow"),
    ]


COMPACT = ("aidx", "region", "payer", "collector", "segment", "funding", "month", "m", "kind",
           "amount_cents", "withheld_cents", "rule", "ref_id", "tariff_ref_id", "flow")


def _materialise(pl: Any, compact: DataFrame, allocs: DataFrame) -> DataFrame:
    """Compact lines as line rows (:data:`LINE_COLUMNS`): the allocation's fields joined
    back by ``aidx``; a household's own contribution names no client or allocation."""
    own = pl.col("kind") == LineKind.OWN_CONTRIBUTION.value
    # ``aidx`` is the row number in the caseload's allocations: a gather, not a join
    fields = allocs.select("household", "municipality", "client", "allocation",
                           "arrangement", "provider")[compact["aidx"]]
    found = compact.hstack(fields)
    cat = pl.Categorical
    return (found.select(
        pl.col("region"),
        pl.when(pl.col("payer").is_null()).then(pl.col("municipality"))
        .otherwise(pl.col("payer")).cast(cat).alias("municipality"),
        pl.when(pl.col("collector").is_null()).then(pl.col("provider"))
        .otherwise(pl.col("collector")).cast(cat).alias("provider"),
        pl.col("household"),
        pl.when(~own).then(pl.col("client")).alias("client"),
        pl.when(~own).then(pl.col("allocation")).alias("allocation"),
        pl.when(~own).then(pl.col("arrangement")).alias("arrangement"),
        "segment", "funding", "month", "kind", "amount_cents", "withheld_cents", "rule",
        "ref_id", "tariff_ref_id", "flow",
        pl.lit("columns").cast(cat).alias("engine"),
        pl.lit(None, dtype=pl.String).alias("explanation"),
    ))


def _in_mask(pl: Any) -> Any:
    return ((pl.col("mask") // (2 ** (pl.col("m") - 1).cast(pl.Int32))) % 2) == 1


def _per_period(pl: Any, priced: DataFrame, cols: SettlementColumns, year: int) -> DataFrame:
    y0, y1 = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    rows = priced.filter((pl.col("t_funding") == "per_period")
                         & (pl.col("care_end") > pl.col("care_start")))
    rows = rows.select(
        "aidx", "mask", "t_amount", "t_period", "t_proration", "t_rounding", "t_rule",
        "t_ref", "t_tariff_ref", "t_payer", "t_segment", "t_funding",
        pl.max_horizontal(pl.col("care_start"), pl.lit(y0)).alias("a0"),
        pl.min_horizontal(pl.col("care_end"), pl.lit(y1)).alias("b0"),
    ).filter(pl.col("a0") < pl.col("b0"))
    rows = rows.with_columns(pl.int_ranges(
        pl.col("a0").dt.month().cast(pl.Int32),
        (pl.col("b0") - pl.duration(days=1)).dt.month().cast(pl.Int32) + 1,
        dtype=pl.Int32).alias("m")).explode("m")
    rows = rows.filter(_in_mask(pl))
    # the month's first day, the next month's and its length: gathered from twelve rows
    firsts = [dt.date(year, m, 1) for m in range(1, 13)] + [y1]
    first = pl.lit(pl.Series(firsts[:12], dtype=pl.Date)).gather(pl.col("m") - 1)
    nxt = pl.lit(pl.Series(firsts[1:], dtype=pl.Date)).gather(pl.col("m") - 1)
    days_in_year = (y1 - y0).days
    rows = rows.with_columns(
        (pl.min_horizontal(pl.col("b0"), nxt) - pl.max_horizontal(pl.col("a0"), first))
        .dt.total_days().alias("days"),
        _month_days(pl, year, pl.col("m")).alias("mdays"),
    )
    n = (pl.when(pl.col("t_proration") == Proration.BY_DAYS.value).then(pl.col("days"))
         .when(pl.col("t_proration") == Proration.WHOLE_MONTH.value).then(pl.col("mdays"))
         .when(pl.col("days") >= pl.col("mdays")).then(pl.col("mdays")).otherwise(0))
    d = (pl.when(pl.col("t_period") == BillingPeriod.MONTH.value).then(pl.col("mdays"))
         .when(pl.col("t_period") == BillingPeriod.FOUR_WEEKS.value).then(28)
         .when(pl.col("t_period") == BillingPeriod.WEEK.value).then(7)
         .otherwise(days_in_year))
    rows = rows.with_columns(_round_div(pl, pl.col("t_amount") * n.cast(pl.Int64),
                                        d.cast(pl.Int64), pl.col("t_rounding")).alias("amount"))
    rows = rows.filter(~((pl.col("amount") == 0) & (pl.col("days") < pl.col("mdays"))
                         & (pl.col("t_proration") == Proration.FULL_MONTHS_ONLY.value)))
    return rows.select(_line_exprs(pl, cols, year, pl.lit(LineKind.PERIOD.value),
                                   pl.col("amount"), pl.lit(0), pl.col("t_rule"),
                                   pl.col("t_ref")))


def _trajectory(pl: Any, priced: DataFrame, cols: SettlementColumns, year: int) -> DataFrame:
    rows = priced.filter((pl.col("t_funding") == "trajectory")
                         & (pl.col("care_end") > pl.col("care_start")))
    start = rows.filter(pl.col("care_start").dt.year() == year).with_columns(
        pl.col("care_start").dt.month().cast(pl.Int32).alias("m")).filter(_in_mask(pl))
    start_lines = start.select(_line_exprs(
        pl, cols, year, pl.lit(LineKind.INSTALLMENT.value), pl.col("t_due_start"), pl.lit(0),
        pl.col("t_rule"), pl.col("t_ref")))
    end = pl.col("end").fill_null(OPEN_END)
    if cols.rules.completion_at_allocation_end:
        otherwise = (pl.when(pl.col("end").is_not_null())
                     .then(pl.struct(pl.col("care_end").alias("ended"),
                                     pl.lit(StopReason.COMPLETED.value).alias("why"))))
    else:
        otherwise = pl.lit(None)
    ended = rows.with_columns(
        pl.when(pl.col("stop_date").is_not_null() & (pl.col("stop_date") <= end))
        .then(pl.struct(pl.col("stop_date").alias("ended"), pl.col("stop_reason").alias("why")))
        .otherwise(otherwise).alias("ending")).filter(pl.col("ending").is_not_null()) \
        .unnest("ending")
    ended = ended.with_columns((pl.col("ended") - pl.duration(days=1)).alias("last")).filter(
        pl.col("last").dt.year() == year).with_columns(
        pl.col("last").dt.month().cast(pl.Int32).alias("m")).filter(_in_mask(pl))
    bits = pl.col("why").replace_strict(_REASON_BITS, default=0, return_dtype=pl.Int64)
    withheld = (pl.col("t_withhold") // bits.clip(lower_bound=1)) % 2 == 1
    held = ended.filter(withheld & (bits > 0) & (pl.col("t_due_completion") > 0))
    paid = ended.filter(~(withheld & (bits > 0)) & (pl.col("t_due_completion") > 0))
    held_lines = held.select(_line_exprs(
        pl, cols, year, pl.lit(LineKind.WITHHELD.value), pl.lit(0), pl.col("t_due_completion"),
        pl.col("t_withheld_rule"), pl.col("t_withheld_ref")))
    paid_lines = paid.select(_line_exprs(
        pl, cols, year, pl.lit(LineKind.INSTALLMENT.value), pl.col("t_due_completion"),
        pl.lit(0), pl.col("t_rule"), pl.col("t_ref")))
    return cast("DataFrame", pl.concat([start_lines, held_lines, paid_lines]))


def _deliveries(pl: Any, priced: DataFrame, events: DataFrame, cols: SettlementColumns,
                year: int) -> tuple[DataFrame, set[str]]:
    """Price x quantity and stays. Returns the lines and households whose deliveries are
    finer than a millionth (settled through the object path).

    The deliveries are summed once per allocation and month (integer millionths, in the
    tariff's unit), so every later step works on allocation-months, not on care events."""
    rows = priced.filter(pl.col("t_funding").is_in(["price_quantity", "stay"])
                         & (pl.col("care_end") > pl.col("care_start")))
    evs = events.select("aidx", "type", "date", "unit", "q_micro").filter(
        (pl.col("type") == "delivery") & (pl.col("date").dt.year() == year))
    units = pl.Enum([u.value for u in Unit])
    small = rows.select("aidx", "care_start", "care_end", pl.col("t_unit").cast(units),
                        "t_funding")
    d = evs.drop("type").join(small, on="aidx", how="inner") \
        .filter((pl.col("date") >= pl.col("care_start")) & (pl.col("date") < pl.col("care_end")))
    del evs, small
    fine = d.filter(pl.col("q_micro").is_null())
    too_fine: set[str] = set()
    if fine.height:
        too_fine = set(rows.join(fine.select("aidx").unique(), on="aidx", how="semi")
                       ["household"].to_list())
        d = d.filter(pl.col("q_micro").is_not_null())
    same = pl.col("unit") == pl.col("t_unit")
    minute_to_hour = (pl.col("unit") == Unit.MINUTE.value) & (pl.col("t_unit") == Unit.HOUR.value)
    hour_to_minute = (pl.col("unit") == Unit.HOUR.value) & (pl.col("t_unit") == Unit.MINUTE.value)
    factor = (pl.when(same).then(_FACTOR).when(minute_to_hour).then(1)
              .when(hour_to_minute).then(_FACTOR * 60).otherwise(None))
    d = d.select("aidx", pl.col("date").dt.month().cast(pl.Int32).alias("m"), "unit",
                 "q_micro", "t_unit", "t_funding", factor.cast(pl.Int64).alias("factor"))
    # one pass over the deliveries: the month's quantity in the tariff's unit, and the
    # quantity delivered when all of it is in one unit (nearly always)
    per_month = d.group_by("aidx", "m").agg(
        (pl.col("q_micro") * pl.col("factor")).sum().alias("s"),
        pl.col("q_micro").sum(), pl.col("unit").first(),
        pl.col("unit").n_unique().alias("units"))
    # never pay more than a month's days hold, per unit delivered (checked before the
    # unit, as the object path does)
    mixed = per_month.filter(pl.col("units") > 1).select("aidx", "m")
    held = per_month.filter(pl.col("units") == 1).select("aidx", "m", "unit", "q_micro")
    if mixed.height:
        held = pl.concat([held, d.join(mixed, on=["aidx", "m"], how="semi").group_by(
            "aidx", "m", "unit").agg(pl.col("q_micro").sum())])
    held = held.filter(pl.col("q_micro") > pl.col("unit").cast(pl.String).replace_strict(
        _PER_DAY_MICRO, default=None, return_dtype=pl.Int64) * _month_days(pl, year, pl.col("m")))
    if held.height:
        r = held.sort("aidx", "m").row(0, named=True)
        raise SettlementError(
            f"allocation {_allocation_id(rows, r['aidx'])}: {_exact(r['q_micro'] * _FACTOR)} "
            f"(unit {r['unit']}) delivered in {year}-{r['m']:02d}, more than its "
            f"{calendar.monthrange(year, r['m'])[1]} days hold; not paid "
            f"({PHYSICAL_REF.cite()})")
    wrong = d.filter(pl.col("factor").is_null())
    if wrong.height:
        r = wrong.sort("aidx", "m").row(0, named=True)
        what = "per etmaal" if r["t_funding"] == "stay" else f"per unit {r['t_unit']}"
        raise SettlementError(
            f"allocation {_allocation_id(rows, r['aidx'])}: a delivery in unit {r['unit']} "
            "cannot be settled "
            f"at a price {what}")
    del d
    per_month = per_month.select("aidx", "m", "s")
    keys = [c for c in priced.columns if c == "aidx" or c.startswith("t_")] + ["mask"]
    per_month = per_month.join(rows.select(keys), on="aidx", how="inner")
    stays = per_month.filter((pl.col("t_funding") == "stay") & (pl.col("s") % _DEN != 0))
    if stays.height:
        r = stays.sort("aidx", "m").row(0, named=True)
        raise SettlementError(f"allocation {_allocation_id(rows, r['aidx'])}: a stay is paid "
                              "per whole etmaal, "
                              f"got {_exact(r['s'])} in {year}-{r['m']:02d}")
    # what a budget maximum has already paid this year: only where there is one
    budgeted = pl.col("t_budget_max").is_not_null()
    capped_rows = per_month.filter(budgeted).sort("aidx", "m").with_columns(
        (pl.col("s").cum_sum().over("aidx") - pl.col("s")).alias("before"))
    per_month = pl.concat([
        per_month.filter(~budgeted).with_columns(pl.lit(0, dtype=pl.Int64).alias("before")),
        capped_rows.select([*per_month.columns, "before"])]).filter(_in_mask(pl))
    price = pl.col("t_amount")
    unsafe = (price.cast(pl.Float64) * pl.max_horizontal(pl.col("s"), pl.col("before"))
              .cast(pl.Float64)) > float(_UNSAFE)
    safe = per_month.filter(~unsafe)
    big = per_month.filter(unsafe)
    safe = safe.with_columns(
        _round_div(pl, price * pl.col("s"), pl.lit(_DEN, dtype=pl.Int64),
                   pl.col("t_rounding")).alias("amount"),
        _round_div(pl, price * pl.col("before"), pl.lit(_DEN, dtype=pl.Int64),
                   pl.col("t_rounding")).alias("spent"))
    if big.height:
        amounts, spent = [], []
        for r in big.iter_rows(named=True):
            rounding = list(Rounding)[r["t_rounding"]]
            amounts.append(Money.cents(r["t_amount"]).times(
                _fraction(r["s"]), rounding).amount_cents)
            spent.append(Money.cents(r["t_amount"]).times(
                _fraction(r["before"]), rounding).amount_cents)
        big = big.with_columns(pl.Series("amount", amounts, dtype=pl.Int64),
                               pl.Series("spent", spent, dtype=pl.Int64))
        safe = pl.concat([safe, big.select(safe.columns)])
    capped = pl.when(pl.col("t_budget_max").is_not_null()).then(
        pl.min_horizontal(pl.col("amount"),
                          pl.max_horizontal(pl.col("t_budget_max") - pl.col("spent"), pl.lit(0)))
    ).otherwise(pl.col("amount"))
    kind = pl.when(pl.col("t_funding") == "stay").then(pl.lit(LineKind.STAY.value)) \
        .otherwise(pl.lit(LineKind.DELIVERY.value))
    lines = safe.select(_line_exprs(pl, cols, year, kind, capped, pl.lit(0), pl.col("t_rule"),
                                    pl.col("t_ref")))
    return lines, too_fine


_ALLOCATION_IDS: list[Any] = []
"""The caseload's allocation ids, for messages (set while settling)."""


def _allocation_id(_frame: DataFrame, aidx: int) -> str:
    ids = _ALLOCATION_IDS[0] if _ALLOCATION_IDS else None
    return str(ids[aidx]) if ids is not None else f"#{aidx}"


def _fraction(scaled: int) -> Any:
    from fractions import Fraction

    return Fraction(scaled, _DEN)


def _national(pl: Any, year: int, refs: _Refs) -> DataFrame:
    amounts, ids = [], []
    for m in range(1, 13):
        amount, ref = subscription_tariff_for_month(Month(year, m))
        amounts.append(amount.amount_cents)
        ids.append(refs.id(ref))
    return cast("DataFrame", pl.DataFrame(
        {"m": list(range(1, 13)), "national": amounts, "national_ref": ids},
        schema={"m": pl.Int32, "national": pl.Int64, "national_ref": pl.Int32}))


def _key(pl: Any, column: str) -> Any:
    """An allocation-month or household-month as one number (``key``), for joins."""
    return (pl.col(column).cast(pl.Int64) * 16 + pl.col("m")).alias("key")


def _contribution(pl: Any, care: DataFrame, payments: DataFrame, cols: SettlementColumns,
                  year: int, refs: _Refs) -> DataFrame | None:
    """The own contribution per household per month, as compact lines (the household's
    first allocation in the month stands for the household)."""
    rule = cols.own_contribution
    if rule is None:
        return None
    national = _national(pl, year, refs)
    cat = pl.Categorical

    def lines(frame: DataFrame, amount: Any, tariff_ref: Any) -> DataFrame:
        return (frame.select(
            pl.col("aidx"), pl.lit(cols.region).cast(cat).alias("region"),
            pl.lit(None, dtype=cat).alias("payer"),
            pl.lit(rule.collector).cast(cat).alias("collector"),
            pl.lit(None, dtype=cat).alias("segment"), pl.lit(None, dtype=cat).alias("funding"),
            _month_text(pl, year, pl.col("m")).alias("month"), pl.col("m").cast(pl.Int32),
            pl.lit(LineKind.OWN_CONTRIBUTION.value).cast(cat).alias("kind"),
            amount.cast(pl.Int64).alias("amount_cents"),
            pl.lit(0, dtype=pl.Int64).alias("withheld_cents"),
            pl.lit(rule.rule).cast(cat).alias("rule"),
            pl.lit(refs.id(rule.ref), dtype=pl.Int32).alias("ref_id"),
            tariff_ref.cast(pl.Int32).alias("tariff_ref_id"),
            pl.lit(Flow.FROM_HOUSEHOLD.value).cast(cat).alias("flow")))

    if rule.kind is ContributionKind.SUBSCRIPTION:
        y0, y1 = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
        start = pl.col("start")
        birth = pl.col("birth_date")

        def age_on(day: Any) -> Any:
            return (day.dt.year() - birth.dt.year()
                    - ((day.dt.month().cast(pl.Int32) * 100 + day.dt.day().cast(pl.Int32))
                       < (birth.dt.month().cast(pl.Int32) * 100
                          + birth.dt.day().cast(pl.Int32))).cast(pl.Int32))

        arrangement = pl.col("arrangement")  # categorical: is_in compares codes
        rows = care.select("aidx", "hidx", "arrangement", "birth_date", "start", "care_start",
                           "care_end", "extended_youth_care", "mask").filter(arrangement.is_in(sorted(rule.arrangements))
                           & ~pl.col("extended_youth_care") & (age_on(start) >= 18)
                           & (pl.col("care_end") > pl.col("care_start")))
        rows = rows.with_columns(
            pl.max_horizontal(pl.col("care_start"), pl.lit(y0)).alias("a0"),
            pl.min_horizontal(pl.col("care_end"), pl.lit(y1)).alias("b0"),
        ).filter(pl.col("a0") < pl.col("b0")).with_columns(pl.int_ranges(
            pl.col("a0").dt.month().cast(pl.Int32),
            (pl.col("b0") - pl.duration(days=1)).dt.month().cast(pl.Int32) + 1,
            dtype=pl.Int32).alias("m")).explode("m").filter(_in_mask(pl))
        # exempt: a provision outside the tariff; a client under 18 on the month's first
        # day (a home adaptation excepted)
        first = pl.date(pl.lit(year), pl.col("m"), pl.lit(1))
        charged = (~arrangement.is_in(sorted(rule.outside))
                   & ((age_on(first) >= 18) | arrangement.is_in(sorted(rule.home_adaptation))))
        hm = rows.group_by("hidx", "m").agg(pl.col("aidx").min(),
                                                 charged.any().alias("charged"))
        hm = hm.filter(pl.col("charged")).join(national, on="m")
        if rule.fixed_amount is not None:
            amount = pl.min_horizontal(pl.col("national"),
                                       pl.lit(rule.fixed_amount.amount_cents))
            tariff_ref = pl.lit(refs.id(rule.fixed_ref or rule.ref))
        else:
            amount, tariff_ref = pl.col("national"), pl.col("national_ref")
        hm = hm.with_columns(amount.alias("due"))
        if rule.maatwerk is not None:
            # the national cost cap: at most what the municipality pays for the
            # household's maatwerk that month
            # (each allocation is one row of care, so its months are distinct; an
            # allocation-month and a household-month are keyed as one number)
            used = rows.filter(arrangement.is_in(sorted(rule.maatwerk))).select(
                _key(pl, "aidx"), "hidx", "m")
            paid = payments.select(_key(pl, "aidx"), "amount_cents").join(used, on="key") \
                .group_by(_key(pl, "hidx")).agg(pl.col("amount_cents").sum().alias("cost"))
            hm = hm.with_columns(_key(pl, "hidx")).join(paid, on="key", how="left")
            hm = hm.with_columns(pl.min_horizontal(
                pl.col("due"), pl.col("cost").fill_null(0).clip(lower_bound=0)).alias("due"))
        hm = hm.filter(pl.col("due") > 0)
        return lines(hm, pl.col("due"), tariff_ref)
    # capped at cost: the month's national maximum, at most the cost price, at most lower
    cost = payments.select("aidx", "m", "amount_cents").join(
        care.select("aidx", "hidx"), on="aidx").group_by("hidx", "m").agg(
        pl.col("amount_cents").sum().alias("cost"), pl.col("aidx").min()
    ).filter(pl.col("cost") > 0)
    cost = cost.join(national, on="m")
    amount = pl.min_horizontal(pl.col("national"), pl.col("cost"))
    if rule.lowered_to is not None:
        amount = pl.min_horizontal(amount, pl.lit(rule.lowered_to.amount_cents))
    cost = cost.with_columns(amount.alias("due")).filter(pl.col("due") > 0)
    return lines(cost, pl.col("due"), pl.col("national_ref"))


def _fallback_households(pl: Any, allocs: DataFrame, cols: SettlementColumns) -> set[str]:
    out: set[str] = set()
    for fb in cols.fallbacks:
        if fb.every_household:
            out.update(allocs["household"].unique().to_list())
            continue
        cond = pl.lit(False)
        if fb.arrangements:
            cond = cond | pl.col("arrangement").is_in(sorted(fb.arrangements))
        if fb.flags:
            cond = cond | pl.col("flags").list.eval(
                pl.element().is_in(sorted(fb.flags))).list.any()
        if fb.household_facts:
            cond = cond | pl.col("household_facts")
        out.update(allocs.filter(cond)["household"].unique().to_list())
    return out


_COMPILED: dict[tuple[int, tuple[int, ...]], tuple[RegionPolicy, SettlementColumns]] = {}
"""Compiled columns per policy object and years; the entry keeps the policy alive, so its
id is not reused for another object while cached."""


def _columns_of(policy: RegionPolicy, years: tuple[int, ...]) -> SettlementColumns:
    key = (id(policy), years)
    found = _COMPILED.get(key)
    if found is None or found[0] is not policy:
        if len(_COMPILED) > 64:
            _COMPILED.clear()
        found = _COMPILED[key] = (policy, policy.columns(years))
    return found[1]


# -- the engine ----------------------------------------------------------------------------

class _Split:
    """Which part settles each allocation and event: each part's rows are taken when the
    part is settled, so only one part's copy is in memory at a time."""

    def __init__(self, allocations: DataFrame, alloc_part: Any, mask: Any, events: DataFrame,
                 event_part: Any) -> None:
        self.allocations, self.alloc_part, self.mask = allocations, alloc_part, mask
        self.events, self.event_part = events, event_part

    def take(self, index: int) -> tuple[DataFrame, DataFrame]:
        mine = self.alloc_part == index
        return (self.allocations.filter(mine).with_columns(self.mask.filter(mine)),
                self.events.filter(self.event_part == index))


def _split_by_part(pl: Any, columns: CaseloadColumns, parts: Sequence[_Part]) -> _Split | None:
    """The allocations (with the part's month ``mask``) and the events by the part that
    settles their household (``None`` when a household is in two parts: a dialect that
    starts in the middle of the year)."""
    owners = pl.concat([p.households.select("hidx", pl.lit(i, dtype=pl.Int32).alias("part"),
                                            "mask") for i, p in enumerate(parts)]) \
        if parts else pl.DataFrame(schema={"hidx": pl.UInt32, "part": pl.Int32,
                                           "mask": pl.Int32})
    if owners["hidx"].is_duplicated().any():
        return None
    tagged = columns.allocations.select("hidx").join(owners, on="hidx", how="left",
                                                     maintain_order="left")
    part_of = tagged["part"].fill_null(-1)
    return _Split(columns.allocations, part_of, tagged["mask"], columns.events,
                  part_of.gather(columns.events["aidx"]))


class _Output:
    """Collects line frames, or writes them to Parquet as they come (a row group each):
    with a sink, the year's lines are never all in memory at once.

    With a sink, a writer thread turns each compact piece into line rows, cites its
    clauses and writes it while the engine computes the next piece (polars and pyarrow
    release the GIL, so both cores work). The engine hands over a piece only when the
    writer has finished the previous one, so at most two are alive, which bounds memory.
    An error in the writer is raised in the engine at its next step."""

    def __init__(self, pl: Any, sink: Path | None, refs: _Refs) -> None:
        self.pl = pl
        self.sink = sink
        self.refs = refs
        self.frames: list[DataFrame] = []
        self.count = self.paid = self.own = 0
        self.writer: Any = None
        self.schema: Any = None
        self.tmp: Path | None = None
        self.failed: BaseException | None = None
        self.busy = 0.0
        """Seconds the writer thread spent writing (alongside the engine's steps)."""
        self.queue: queue.Queue[tuple[DataFrame, DataFrame | None, list[Ref]] | None] | None \
            = None
        self.thread: threading.Thread | None = None
        self.idle = threading.Event()
        self.idle.set()
        self.mode = _file_mode()
        if sink is not None and sink.is_dir():
            raise IsADirectoryError(f"{sink} is a folder; name a file to write")
        if sink is not None:
            self.queue = queue.Queue()
            self.thread = threading.Thread(target=self._drain, name="sociaaldomein-lines",
                                           daemon=True)
            self.thread.start()

    def _count(self, frame: DataFrame) -> None:
        pl = self.pl
        to_provider = pl.col("flow") == Flow.TO_PROVIDER.value
        sums = frame.select(
            pl.col("amount_cents").filter(to_provider).sum().alias("paid"),
            pl.col("amount_cents").filter(~to_provider).sum().alias("own"))
        self.count += frame.height
        self.paid += int(sums["paid"][0] or 0)
        self.own += int(sums["own"][0] or 0)

    def add(self, frame: DataFrame, allocations: DataFrame | None = None) -> None:
        """Add line rows (:data:`LINE_COLUMNS`), or compact lines (:data:`COMPACT`) with
        the caseload's ``allocations`` that :func:`_materialise` joins back."""
        pl = self.pl
        self._raise()
        if not frame.height:
            return
        self._count(frame)
        if self.queue is None:
            if allocations is not None:
                frame = _materialise(pl, frame, allocations)
            self.frames.append(frame.cast(_line_schema(pl)))  # type: ignore[arg-type]
            return
        # wait until the writer has finished the previous piece (at most two pieces are
        # alive: the one written and the one just settled), but stop waiting when the
        # writer has failed
        while not self.idle.wait(timeout=0.5):
            self._raise()
        self._raise()
        self.idle.clear()
        self.queue.put((frame, allocations, list(self.refs.items)))

    def _raise(self) -> None:
        if self.failed is not None:
            raise self.failed

    def _drain(self) -> None:
        assert self.queue is not None
        while True:
            item = self.queue.get()
            if item is None:
                if self.failed is not None:  # stopped: the writer removes its own file
                    self._discard()
                self.idle.set()
                return
            if self.failed is not None:
                continue  # keep emptying the queue so that the engine never blocks
            started = time.perf_counter()
            try:
                self._write(*item)
            except BaseException as exc:  # reported to the engine by _raise
                self.failed = exc
            del item  # the piece is freed before the engine hands over the next
            self.busy += time.perf_counter() - started
            self.idle.set()

    def _write(self, frame: DataFrame, allocations: DataFrame | None, refs: list[Ref]) -> None:
        if allocations is None:
            self._write_rows(frame, refs)
            return
        # compact lines (in month order): row groups of up to _ROW_GROUP lines, each a
        # slice (no copy) made into line rows only when it is written
        for start in range(0, frame.height, _ROW_GROUP):
            if self.failed is not None:  # the engine stopped: no more work for nothing
                return
            self._write_rows(_materialise(self.pl, frame.slice(start, _ROW_GROUP),
                                          allocations), refs)

    def _write_rows(self, frame: DataFrame, refs: list[Ref]) -> None:
        import pyarrow.parquet as pq

        pl = self.pl
        assert self.sink is not None
        if self.failed is not None:  # stopped before the first rows: no file at all
            return
        frame = frame.cast(_line_schema(pl))  # type: ignore[arg-type]
        table = _cited(pl, frame, _Refs.of(refs)).to_arrow(compat_level=_COMPAT)
        if self.writer is None:
            import tempfile

            self.sink.parent.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(dir=self.sink.parent, prefix=f".{self.sink.name}.",
                                        suffix=".tmp")
            os.close(fd)
            self.tmp = Path(name)
            self.schema = table.schema
            # ids are nearly unique: a dictionary only costs time; min/max statistics
            # (for readers that skip row groups) on what one selects lines by
            plain = {"household", "client", "allocation", "amount_cents", "withheld_cents",
                     "explanation"}
            kept = [c for c in self.schema.names if c not in plain]
            self.writer = pq.ParquetWriter(
                self.tmp, self.schema, compression="lz4", use_dictionary=kept,
                write_statistics=["region", "municipality", "month", "kind", "amount_cents"])
        self.writer.write_table(table.cast(self.schema))

    def _stop(self) -> None:
        if self.thread is not None and self.queue is not None:
            self.queue.put(None)
            self.thread.join()
            self.thread = None

    def finish(self) -> DataFrame:
        pl = self.pl
        if self.sink is not None:
            self._stop()
            self._raise()
            if self.writer is None:  # no lines at all: an empty file with the columns
                _cited(pl, pl.DataFrame(schema=_line_schema(pl)), self.refs).write_parquet(
                    self.sink)
            else:
                self.writer.close()
                assert self.tmp is not None
                os.chmod(self.tmp, self.mode)  # as any file made here, not mkstemp's 0600
                os.replace(self.tmp, self.sink)
            return cast("DataFrame", pl.DataFrame(schema=_line_schema(pl)))
        if not self.frames:
            return cast("DataFrame", pl.DataFrame(schema=_line_schema(pl)))
        return cast("DataFrame", pl.concat(self.frames))

    def abandon(self) -> None:
        try:
            if self.queue is not None:
                self.failed = self.failed or _Stopped()
                self._stop()
        finally:  # also when a second interrupt lands while waiting for the writer
            if self.thread is None:
                self._discard()
            elif self.tmp is not None:  # the writer is still at work: it removes its file
                with contextlib.suppress(OSError):  # when it stops; unlink the name now
                    self.tmp.unlink()

    def _discard(self) -> None:
        if self.writer is not None:
            with contextlib.suppress(Exception):
                self.writer.close()
        if self.tmp is not None:
            with contextlib.suppress(OSError):
                self.tmp.unlink()


_ROW_GROUP = 1_000_000
"""Lines written at a time, as one Parquet row group."""


class _Stopped(Exception):
    """Tells the writer thread that the engine stopped (not an error of its own)."""


_COMPAT = None
"""polars' Arrow export level (its default)."""


def _cited(pl: Any, frame: DataFrame, refs: _Refs) -> DataFrame:
    """A line frame as written: each clause as its citation (codes stay dictionary
    encoded, as Parquet stores them anyway), gathered from the run's few clauses."""
    cites = pl.lit(pl.Series([r.cite() for r in refs.items], dtype=pl.Categorical))
    return frame.with_columns(cites.gather(pl.col("ref_id")).alias("ref"),
                              cites.gather(pl.col("tariff_ref_id")).alias("tariff_ref")) \
        .drop("ref_id", "tariff_ref_id")  # numbers of this run only: the citations stay


def settle_columns(
    columns: CaseloadColumns, year: int | Mapping[str, int] | None = None,
    registry: Registry | None = None, *,
    progress: Callable[[str], None] | None = None,
    skip_unclaimed: bool = False,
    sink: Path | str | None = None,
) -> ColumnarResult:
    """Settle a year of the caseload in columns: every region's part in ``year`` (one year
    for all, a year per region code, or, by default, per region the year in which most of
    its allocations are active on 1 July). Returns the lines as a frame; with ``sink`` (a
    ``.parquet`` path) they are written there as they are made (row groups of up to a
    million lines of one region part, in month order) and the result holds only the
    figures.

    A household whose municipality no region claims in a month raises
    :class:`~sociaaldomein.NoPolicy`, as :func:`~sociaaldomein.settle` does; with
    ``skip_unclaimed`` it is left out of that month and its municipality is listed in
    :attr:`ColumnarResult.unclaimed`."""
    pl = _pl()
    registry = registry or default_registry()
    say = progress or (lambda _text: None)
    seconds: dict[str, float] = defaultdict(float)
    clock = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[step] += now - clock
        clock = now

    refs = _Refs()
    out: _Output | None = None
    try:
        out = _Output(pl, None if sink is None else Path(sink), refs)
        _ALLOCATION_IDS[:] = [columns.allocations["allocation"]]
        unclaimed: set[str] = set()
        parts, years, region_months = _route(pl, columns, year, registry, skip_unclaimed,
                                             unclaimed)
        lap("route")
        counted = [0, 0]
        fallback: dict[int, tuple[_Part, set[str]]] = {}
        split = _split_by_part(pl, columns, parts)
        lap("route")
        for index, part in enumerate(parts):
            if split is not None:
                allocs, mine = split.take(index)
            else:
                allocs = columns.allocations.join(part.households.drop("household"),
                                                  on="hidx", how="inner")
                mine = columns.events.join(allocs.select("aidx"), on="aidx", how="semi")
            if not allocs.height:
                continue
            first_year = min(int(allocs["start"].min().year), part.year)  # type: ignore[union-attr]
            cols = _columns_of(part.policy, tuple(range(first_year, part.year + 1)))
            back = _fallback_households(pl, allocs, cols)
            say(f"{part.region} {part.year}: {allocs.height:,} allocations"
                + (f", {len(back):,} household(s) through the object path" if back else ""))
            if back:
                allocs = allocs.filter(~pl.col("household").is_in(sorted(back)))
            n_allocations, n_months = _allocation_months(pl, allocs, part.year)
            counted[0] += n_allocations
            counted[1] += n_months
            events = mine.join(allocs.select("aidx"), on="aidx", how="semi") if back else mine
            del mine
            slim = allocs.select("aidx", "hidx", "household", "arrangement", "start", "end",
                                 "pgb",
                                 "extended_youth_care", "flags", "birth_date", "mask")
            care = _care(pl, slim, events, cols)
            del slim
            lap("care periods")
            priced = _price(pl, care, _tariff_frame(pl, cols, refs), cols, part.year)
            lap("price")
            per_period = _per_period(pl, priced, cols, part.year)
            lap("per period")
            trajectory = _trajectory(pl, priced, cols, part.year)
            lap("trajectory")
            deliveries, too_fine = _deliveries(pl, priced, events, cols, part.year)
            lap("price x quantity")
            found = [per_period, trajectory, deliveries]
            del priced, events
            if too_fine:
                back |= too_fine
                gone = care.filter(pl.col("household").is_in(sorted(too_fine))).select("aidx")
                found = [f.join(gone, on="aidx", how="anti") for f in found]
                care = care.join(gone, on="aidx", how="anti")
            payments = pl.concat(found)
            contribution = _contribution(pl, care, payments, cols, part.year, refs)
            lap("own contribution")
            over = payments.filter(pl.col("amount_cents") > MAX_LINE_AMOUNT_CENTS)
            if over.height:
                r = over.row(0, named=True)
                raise SettlementError(
                    f"line for {_allocation_id(care, r['aidx'])} in {r['month']}: "
                    f"{Money.cents(r['amount_cents']).format_nl()} is more than one line may "
                    f"pay ({Money(MAX_LINE_AMOUNT_CENTS).format_nl()}, {LINE_AMOUNT_REF.cite()})")
            compact = payments if contribution is None else pl.concat([payments, contribution])
            del payments, contribution, found
            # in month order, so that each row group holds few months (readers skip the
            # rest by the month's statistics)
            out.add(compact.sort("m"), columns.allocations)
            del compact
            lap("lines")
            if back:
                fallback[index] = (part, back)
        # the declared fallback: those households through the object path
        fallback_count = 0
        if fallback:
            everyone = {h for _p, hs in fallback.values() for h in hs}
            fallback_count = len(everyone)
            cases = {c.household.id: c for c in columns.to_caseload(everyone).cases()}
            lines: list[SettlementLine] = []
            for part, households in fallback.values():
                masks = dict(zip(part.households["household"].to_list(),
                                 part.households["mask"].to_list(), strict=True))
                for hid in sorted(households):
                    for m in range(1, 13):
                        if masks[hid] >> (m - 1) & 1:
                            lines.extend(part.policy.settle(cases[hid], Month(part.year, m)))
            out.add(_line_frame(pl, lines, refs))
            lap("fallback (objects)")
        # the lines of each region that belong to no household
        region_lines: list[SettlementLine] = []
        for code, y, m in sorted(region_months):
            cols = _columns_of(registry.get(code), (y,))
            region_lines.extend(cols.region_lines(Month(y, m)))
        out.add(_line_frame(pl, region_lines, refs))
        lap("region lines")
        result = out.finish()
        lap("lines")
        if sink is not None:
            seconds["writing (in its own thread, alongside)"] = out.busy
    except BaseException as exc:
        if out is not None:
            out.abandon()
            if out.failed is not None and not isinstance(out.failed, _Stopped):
                exc.add_note(f"the lines writer had also failed: {out.failed!r}")
        raise
    return ColumnarResult(result, tuple(refs.items), years, fallback_count, dict(seconds),
                          tuple(sorted(unclaimed)), counted[0], counted[1], out.count,
                          out.paid, out.own)


def _allocation_months(pl: Any, allocs: DataFrame, year: int) -> tuple[int, int]:
    y0, y1 = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    spans = allocs.select(
        pl.max_horizontal(pl.col("start"), pl.lit(y0)).alias("a0"),
        pl.min_horizontal(pl.col("end").fill_null(OPEN_END), pl.lit(y1)).alias("b0"),
    ).filter(pl.col("a0") < pl.col("b0"))
    months = spans.select(((pl.col("b0") - pl.duration(days=1)).dt.month().cast(pl.Int64)
                           - pl.col("a0").dt.month().cast(pl.Int64) + 1).sum())
    n = allocs.filter(pl.col("start") < y1).height
    return n, int(months.item() or 0)


# -- comparing and explaining ---------------------------------------------------------------

KEY = ("region", "municipality", "provider", "household", "client", "allocation",
       "arrangement", "segment", "funding", "month", "kind", "amount_cents",
       "withheld_cents", "rule", "flow")
"""What makes two lines the same line: who pays whom, for what, in which month, how much,
by which rule."""


def line_keys(settlement: Settlement | Iterable[SettlementLine]) -> list[tuple[object, ...]]:
    """The sorted keys (:data:`KEY`) of object lines."""
    lines = settlement.lines if isinstance(settlement, Settlement) else tuple(settlement)
    out = [(ln.region, ln.municipality, ln.provider, ln.household, ln.client, ln.allocation,
            ln.arrangement, ln.segment, ln.funding, str(ln.month), ln.kind.value,
            ln.amount.amount_cents, ln.withheld.amount_cents, ln.rule, ln.flow.value)
           for ln in lines]
    return sorted(out, key=repr)


def line_key_frame(result: ColumnarResult) -> list[tuple[object, ...]]:
    """The sorted keys (:data:`KEY`) of a columnar result's lines."""
    return sorted(result.lines.select(KEY).iter_rows(), key=repr)


def explain_line(columns: CaseloadColumns, line: Mapping[str, object],
                 registry: Registry | None = None) -> str:
    """Explain one line of a columnar result through the object path: the household's case
    is rebuilt from the columns and settled for the line's month by its policy; the line
    with the same key is described with its rule, clause and arithmetic."""
    registry = registry or default_registry()
    month = Month.parse(str(line["month"]))
    household = line.get("household")
    if household is None:
        return (f"{line['month']} {line['kind']} at {line['provider']} for "
                f"{line['municipality']}: {Money.cents(int(str(line['amount_cents']))).format_nl()}"
                f" (rule {line['rule']}), a line of the region that belongs to no household")
    caseload = columns.to_caseload([str(household)])
    case = next(iter(caseload.cases()))
    policy = registry.policy_for(case.household.municipality.code, month.first_day)
    want = tuple(line.get(k) for k in KEY)
    for candidate in policy.settle(case, month):
        if line_keys([candidate])[0] == want:
            return candidate.describe()
    raise SettlementError(f"the object path does not produce this line of household "
                          f"{household} in {month}: {want}")

