"""Reading a region's tariffs from its ``tariffs.toml``: dated, strict, with sources.

:func:`load_tariffs` reads the tariff table of a policy plugin into a
:class:`~sociaaldomein.model.contract.TariffSchedule`: every amount a string in euros or
an integer in cents, every funding model named, every year present; an unknown key, a
float or a missing year is a :class:`~sociaaldomein.errors.ParameterError` naming file and key.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from decimal import Decimal
from pathlib import Path

from sociaaldomein.errors import InvalidValue, ParameterError, SociaaldomeinError
from sociaaldomein.model.catalog import Unit
from sociaaldomein.model.contract import Indexation, Tariff, TariffSchedule
from sociaaldomein.model.funding import (
    BillingPeriod,
    Due,
    FundingModel,
    Installment,
    LumpSum,
    PerPeriod,
    PriceQuantity,
    Proration,
    Stay,
    StopReason,
    Trajectory,
)
from sociaaldomein.model.limits import bounded_decimal
from sociaaldomein.model.money import Money, Rounding
from sociaaldomein.model.provenance import Ref, Source
from sociaaldomein.policy.parameters import Params, read_toml

__all__ = ["load_tariffs"]


def _amount(entry: Params) -> Money:
    """The ``amount`` of a tariff entry: never negative, reported at ``amount``."""
    amount = entry.money("amount")
    if amount < Money.zero():
        raise entry.error("amount", f"amount must not be negative, got {amount.format_nl()}")
    return amount


def _model_from(entry: Params) -> FundingModel:
    kind = entry.text("model")
    if kind == "per_period":
        return PerPeriod(
            amount=_amount(entry),
            period=entry.enum("period", BillingPeriod, BillingPeriod.MONTH),
            proration=entry.enum("proration", Proration, Proration.BY_DAYS),
            rounding=entry.enum("rounding", Rounding, Rounding.HALF_UP),
        )
    if kind == "trajectory":
        installments = []
        for item in entry.tables("installments"):
            try:
                installments.append(
                    Installment(share=item.text("share"), due=item.enum("due", Due))
                )
            except SociaaldomeinError as exc:
                raise item.wrap("share", exc) from None
            item.done()
        withhold = [
            _enum_value(entry, "withhold_on", StopReason, v)
            for v in entry.str_list("withhold_on", [])
        ]
        try:
            return Trajectory(
                amount=_amount(entry), installments=tuple(installments),
                withhold_on=frozenset(withhold),
            )
        except InvalidValue as exc:
            raise entry.wrap("installments", exc) from None
    if kind == "price_quantity":
        unit_code = entry.text("unit")
        try:
            unit = Unit.from_code(unit_code)
        except SociaaldomeinError as exc:
            raise entry.wrap("unit", exc) from None
        return PriceQuantity(
            price=_amount(entry), unit=unit,
            rounding=entry.enum("rounding", Rounding, Rounding.HALF_UP),
            budget_max=entry.opt_money("budget_max"),
        )
    if kind == "stay":
        return Stay(price_per_etmaal=_amount(entry))
    if kind == "lump_sum":
        terms = entry.integer("terms") if entry.has("terms") else 12
        try:
            return LumpSum(amount_per_year=_amount(entry), terms=terms)
        except InvalidValue as exc:
            raise entry.wrap("terms", exc) from None
    raise entry.error(
        "model",
        f"unknown funding model {kind!r}; known: per_period, trajectory, price_quantity, "
        "stay, lump_sum",
    )


def _source_of(entry: Params, default: Source, sources: Mapping[str, Source] | None) -> Source:
    """The source a table cites: its ``source`` key looked up in ``sources``, else the
    file's default."""
    key = entry.opt_str("source")
    if key is None:
        return default
    if not sources or key not in sources:
        known = ", ".join(sorted(sources or {})) or "none; the loader was given no sources"
        raise entry.error("source", f"unknown source {key!r}; known: {known}")
    return sources[key]


def _enum_value(entry: Params, key: str, kind: type[StopReason], value: str) -> StopReason:
    for member in kind:
        if member.value == value:
            return member
    raise entry.error(key, f"unknown value {value!r}")


def load_tariffs(
    path: Path | str,
    *,
    region: str,
    source: Source,
    section: str,
    known_arrangements: Collection[str] | None = None,
    required_years: Collection[int] = (),
    covers: Collection[str] | None = None,
    sources: Mapping[str, Source] | None = None,
) -> TariffSchedule:
    """Load a tariff file strictly.

    ``source`` and ``section`` are what every tariff cites unless its table says
    otherwise: a ``[[tariff]]`` (or the ``[indexation]``) may name another source with
    ``source = "<key>"``, a key of ``sources``, and its clause with ``section``.
    ``known_arrangements`` are the codes a tariff may name (``None``: any). Coverage is
    its own argument: every arrangement of ``covers`` (``None``: every arrangement the file
    names) needs a tariff, given or indexed, in each of ``required_years``.

    The format (TOML)::

        region = "west-friesland"      # must match the policy
        example = true                 # default for every entry: example values?
        note = "why these numbers"     # optional

        [indexation]                   # optional
        rounding = "half_up"
        rates = { 2020 = "2.5", 2021 = "1.8" }   # percent per year, as text

        [[tariff]]
        arrangement = "5a-beperkt"     # must be a code of the policy's catalog
        year = 2019                    # contract year
        model = "per_period"           # per_period | trajectory | price_quantity | stay | lump_sum
        amount = "345.00"              # euros as text, or integer cents; never a float
        period = "month"               # per_period: month | four_weeks | week | year
        proration = "by_days"          # per_period: by_days | whole_month | full_months_only
        unit = "04"                    # price_quantity: iStandaarden Eenheid code
        installments = [ { share = "7/10", due = "start" }, { share = "3/10", due = "completion" } ]
        withhold_on = ["client_unilateral", "moved", "deceased"]   # trajectory
        example = true                 # optional per entry
        note = "example value: Westerveld 2023 ..."                 # optional per entry
        section = "§3.6"               # optional: the clause this tariff rests on
        source = "principles-2016"     # optional: a key of ``sources`` (else ``source``)

    Any unknown key, unknown arrangement or source key, duplicate entry, float amount or
    missing year from ``required_years`` raises :class:`ParameterError` naming the file
    and the key.
    """
    params = read_toml(path)
    file = str(path)
    declared = params.text("region")
    if declared != region:
        raise params.error("region", f"file is for region {declared!r}, not {region!r}")
    default_example = params.boolean("example", True)
    params.opt_str("note")
    indexation = None
    ix = params.opt_table("indexation")
    if ix is not None:
        rates_table = ix.table("rates")
        rates: dict[int, Decimal] = {}
        for key in rates_table:
            if not (key.isascii() and key.isdigit()):
                raise rates_table.error(key, "rate keys are years, e.g. 2020")
            text = rates_table.text(key)
            try:
                rates[int(key)] = bounded_decimal(text, "a percentage")
            except InvalidValue as exc:
                raise rates_table.error(key, exc.message) from None
        rates_table.done()
        indexation = Indexation(
            rates=rates,
            rounding=ix.enum("rounding", Rounding, Rounding.HALF_UP),
            ref=Ref(source=_source_of(ix, source, sources),
                    section=ix.opt_str("section") or section),
        )
        ix.done()
    tariffs: list[Tariff] = []
    seen: set[tuple[str, int]] = set()
    for entry in params.tables("tariff"):
        code = entry.text("arrangement")
        if known_arrangements is not None and code not in known_arrangements:
            raise entry.error("arrangement", f"unknown arrangement {code!r} for {region}")
        year = entry.integer("year")
        if not 1990 <= year <= 2100:
            raise entry.error("year", f"{year} is not a plausible contract year")
        if (code, year) in seen:
            raise entry.error("arrangement", f"{code} in {year} is given twice")
        seen.add((code, year))
        try:
            model = _model_from(entry)
        except InvalidValue as exc:
            raise entry.error("amount", exc.message) from None
        example = entry.boolean("example", default_example)
        note = entry.opt_str("note")
        clause = entry.opt_str("section") or section
        cited = _source_of(entry, source, sources)
        entry.done()
        tariffs.append(
            Tariff(code, year, model, Ref(source=cited, section=clause, example=example, note=note))
        )
    params.done()
    schedule = TariffSchedule(region=region, tariffs=tuple(tariffs), indexation=indexation,
                              source_file=file)
    for year in required_years:
        for code in sorted(covers if covers is not None else schedule.arrangements):
            if not schedule.covers(code, year):
                raise ParameterError(f"tariff for {year} missing for {code!r}", source=file,
                                     path="tariff")
    return schedule
