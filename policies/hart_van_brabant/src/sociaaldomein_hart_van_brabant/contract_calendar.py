"""The contract calendar of the joint purchase of Wmo-begeleiding.

From *Inkoopplan resultaatgerichte Wmo-begeleiding 2019* chapters 5 and 6:

* one framework contract (*raamovereenkomst*) per provider, tendered for two years with the
  option to extend twice by one year (§6 intro, HVB19-68, HVB19-69), starting 1 January 2019
  (§1.4, HVB19-05); the bestuursakkoord runs until 31 December 2020 (§5.1, HVB19-66);
* providers may join yearly, the contracts' end date is fixed (§6.1, HVB19-72), through an
  addendum (§6.1 fn 3, HVB19-73);
* a municipality may join when it meets three conditions before 1 May (§6.2, HVB19-74);
* addenda are bundled by 1 October, signed by 1 December and in force on 1 January (§6.5,
  HVB19-84);
* clients registered from 1 January 2019 fall under the new system; earlier decisions run
  on to their end date under the old one (§6.5, HVB19-81, HVB19-82).

Where the source leaves a date open the calendar follows a documented reading: a provider
joins on the 1 January after the addendum round its application is bundled in; a
municipality takes part from the 1 January after the 1 May deadline it met.
"""

from __future__ import annotations

import datetime as dt
import enum
from pathlib import Path

import attrs

from sociaaldomein import Contract, ContractForm, InvalidValue, Obligation, Period, Provider, Ref
from sociaaldomein.policy.parameters import Params, read_toml
from sociaaldomein_hart_van_brabant.sources import PARAMETERS, ref

__all__ = [
    "ContractCalendar",
    "ContractTerms",
    "JoinCondition",
    "JoinDecision",
    "System",
    "load_calendar",
]

REF_TERM = ref("HVB19-68", "§6 (intro)")
REF_EXTENSIONS = ref("HVB19-69", "§6 (intro)")
REF_AKKOORD = ref("HVB19-66", "§5.1")
REF_PROVIDER_JOIN = ref("HVB19-72", "§6.1")
REF_MUNICIPALITY_JOIN = ref("HVB19-74", "§6.2")
REF_ADDENDA = ref("HVB19-84", "§6.5 (Addenda)")
REF_NEW_SYSTEM = ref("HVB19-82", "§6.5 (Raamovereenkomst)")
REF_TRANSITION = ref("HVB19-81", "§6.5 (Overgangsregeling)")


class JoinCondition(enum.Enum):
    """The three conditions for a municipality that joins later (§6.2, HVB19-74)."""

    BESTUURSAKKOORD = "bestuursakkoord"
    """a) joined the bestuursakkoord or its successor."""
    AGREEMENTS = "agreements"
    """b) accepted the agreements made."""
    INTENTION_ANNOUNCED = "intention_announced"
    """c) made its intention known to all providers."""


class System(enum.Enum):
    """Which purchasing system a client's support falls under (§6.5)."""

    NEW = "new"
    """The result-based 2019 matrix."""
    OLD = "old"
    """The municipality's own system before 2019 (its transition arrangement)."""


@attrs.frozen
class JoinDecision:
    """The answer to "from when can P or M join if they apply on date D"."""

    applied_on: dt.date
    takes_part_from: dt.date | None
    reason: str
    ref: Ref


@attrs.frozen
class ContractTerms:
    """The contract terms that apply on a date.

    ``phase`` is ``"initial"``, ``"extension 1"`` or ``"extension 2"``; ``phase_period``
    the contract year(s) of that phase; ``contract_end`` the fixed end with the extensions
    taken; ``amended_by`` the addendum rounds in force (the year each was signed; an
    addendum signed in year Y holds from 1 January Y+1); ``bestuursakkoord`` whether the
    date lies within the bestuursakkoord (otherwise its successor must hold).
    """

    on: dt.date
    phase: str
    phase_period: Period
    contract_end: dt.date
    amended_by: tuple[int, ...]
    bestuursakkoord: bool
    refs: tuple[Ref, ...]

    def describe(self) -> str:
        rounds = ", ".join(f"addendum signed {y} (in force {y + 1}-01-01)"
                           for y in self.amended_by) or "no addendum yet"
        akkoord = ("within the bestuursakkoord" if self.bestuursakkoord
                   else "after the bestuursakkoord: its successor must hold")
        return (f"{self.on.isoformat()}: {self.phase} ({self.phase_period}), contract ends "
                f"{(self.contract_end - dt.timedelta(days=1)).isoformat()}; {rounds}; {akkoord}")


def _month_day(params: Params, key: str) -> tuple[int, int]:
    table = params.table(key)
    month, day = table.integer("month"), table.integer("day")
    table.done()
    try:
        dt.date(2001, month, day)
    except ValueError:
        raise params.error(key, f"{month}-{day} is not a day of the year") from None
    return month, day


@attrs.frozen
class ContractCalendar:
    """The framework contract's dates, as read from ``contract.toml``."""

    start: dt.date
    initial_years: int
    extensions: tuple[int, ...]
    bestuursakkoord_until: dt.date
    new_system_from: dt.date
    bundle_by: tuple[int, int]
    sign_by: tuple[int, int]
    in_force: tuple[int, int]
    municipality_before: tuple[int, int]
    parts: tuple[str, ...] = ()
    """The parts of the raamovereenkomst (HVB19-71): (combi)overeenkomst,
    samenwerkingsovereenkomst, bewerkersovereenkomst."""
    optional_parts: tuple[str, ...] = ()
    """Parts that may be added: the dienstverleningsovereenkomst (HVB19-71)."""

    def _years_after(self, years: int) -> dt.date:
        return dt.date(self.start.year + years, self.start.month, self.start.day)

    def contract_end(self, extensions_taken: int = 2) -> dt.date:
        """The fixed end of every contract (first day after) with ``extensions_taken``
        options exercised: 2021-01-01, 2022-01-01 or 2023-01-01. A third extension does
        not exist (HVB19-69)."""
        if not 0 <= extensions_taken <= len(self.extensions):
            raise InvalidValue(
                f"the framework contract has {len(self.extensions)} extension options "
                f"of one year (Inkoopplan §6), not {extensions_taken}"
            )
        return self._years_after(self.initial_years + sum(self.extensions[:extensions_taken]))

    def phases(self) -> tuple[tuple[str, Period], ...]:
        out = [("initial", Period(self.start, self.contract_end(0)))]
        for i in range(len(self.extensions)):
            out.append((f"extension {i + 1}", Period(self.contract_end(i), self.contract_end(i + 1))))
        return tuple(out)

    def addendum_in_force(self, signed_year: int) -> dt.date:
        """An addendum signed by 1 December of ``signed_year`` holds from 1 January of the
        next year (HVB19-84)."""
        return dt.date(signed_year + 1, *self.in_force)

    def addendum_deadlines(self, year: int) -> tuple[dt.date, dt.date, dt.date]:
        """The addendum round of ``year``: bundled by, signed by, in force from."""
        return (dt.date(year, *self.bundle_by), dt.date(year, *self.sign_by),
                self.addendum_in_force(year))

    def terms_on(self, on: dt.date, extensions_taken: int = 2) -> ContractTerms:
        """Which contract terms apply on ``on`` (HVB19-66, -68, -69, -84). Raises
        :class:`InvalidValue` outside the contract."""
        end = self.contract_end(extensions_taken)
        if not self.start <= on < end:
            raise InvalidValue(
                f"{on.isoformat()} lies outside the framework contract "
                f"({self.start.isoformat()} .. {(end - dt.timedelta(days=1)).isoformat()} "
                f"with {extensions_taken} extension(s))"
            )
        phase, period = next((n, p) for n, p in self.phases() if on in p)
        rounds = tuple(y for y in range(self.start.year, on.year)
                       if self.addendum_in_force(y) <= on)
        refs = (REF_TERM, REF_EXTENSIONS, REF_ADDENDA, REF_AKKOORD)
        return ContractTerms(on, phase, period, end, rounds,
                             on <= self.bestuursakkoord_until, refs)

    def provider_join(self, applied_on: dt.date, extensions_taken: int = 2) -> JoinDecision:
        """From when provider P takes part if it applies on ``applied_on`` (HVB19-72,
        HVB19-73, HVB19-84): an application bundled in the addendum round (on or before
        1 October) takes effect on the next 1 January; a later one a year after that. Never
        before the contract starts, never at or after its fixed end."""
        bundle = dt.date(applied_on.year, *self.bundle_by)
        year = applied_on.year if applied_on <= bundle else applied_on.year + 1
        joins = max(self.addendum_in_force(year), self.start)
        end = self.contract_end(extensions_taken)
        if joins >= end:
            return JoinDecision(
                applied_on, None,
                f"the contracts end on {(end - dt.timedelta(days=1)).isoformat()} (fixed end "
                "date); joining later is not possible", REF_PROVIDER_JOIN)
        when = "on or before" if applied_on <= bundle else "after"
        return JoinDecision(
            applied_on, joins,
            f"applied {when} the bundling date {bundle.isoformat()}: joins through the addendum "
            f"signed by {dt.date(year, *self.sign_by).isoformat()}, in force "
            f"{joins.isoformat()}; the contract's end date stays fixed",
            REF_PROVIDER_JOIN)

    def municipality_join(
        self, applied_on: dt.date, conditions: frozenset[JoinCondition] = frozenset(JoinCondition),
        extensions_taken: int = 2,
    ) -> JoinDecision:
        """From when municipality M takes part if it meets the conditions on ``applied_on``
        (HVB19-74): strictly before 1 May of year Y means from 1 January Y+1 (reading; the
        source gives only the deadline); on or after 1 May, from 1 January Y+2. All three
        conditions are needed."""
        missing = [c.value for c in JoinCondition if c not in conditions]
        if missing:
            return JoinDecision(
                applied_on, None,
                f"conditions not met: {', '.join(missing)} (all three are needed before 1 May)",
                REF_MUNICIPALITY_JOIN)
        deadline = dt.date(applied_on.year, *self.municipality_before)
        year = applied_on.year + 1 if applied_on < deadline else applied_on.year + 2
        joins = max(dt.date(year, 1, 1), self.start)
        end = self.contract_end(extensions_taken)
        if joins >= end:
            return JoinDecision(applied_on, None,
                                "the framework contract has ended by then", REF_MUNICIPALITY_JOIN)
        when = "before" if applied_on < deadline else "on or after"
        return JoinDecision(
            applied_on, joins,
            f"conditions met {when} {deadline.isoformat()} (vóór 1 mei is strict): takes part "
            f"from {joins.isoformat()}", REF_MUNICIPALITY_JOIN)

    def system_for(self, registered_on: dt.date, on: dt.date,
                   old_decision_end: dt.date | None = None) -> System:
        """Which system a client's support falls under on ``on`` (HVB19-81, HVB19-82).

        Clients registered (*aangemeld*) from 1 January 2019 fall under the new system. An
        earlier client's old decision runs on, at most to its end date (``old_decision_end``,
        first day after; a municipality may shorten it by passing an earlier date); after
        that, or without an old decision, support is decided under the new system.
        """
        if registered_on >= self.new_system_from:
            return System.NEW
        if old_decision_end is not None and on < old_decision_end:
            return System.OLD
        return System.NEW

    def framework_contract(self, provider: Provider, cells: frozenset[str], joined: dt.date,
                           contract_id: str | None = None) -> Contract:
        """A provider's raamovereenkomst as a core :class:`Contract`: the cells it subscribed
        to (HVB16-88), from its joining date to the fixed end, with the remaining
        extension options (HVB19-72). All municipalities are partners (HVB19-70);
        delivery duty to all of them (HVB19-79)."""
        phases = self.phases()
        current = next((i for i, (_, p) in enumerate(phases) if joined in p), None)
        if current is None:
            raise InvalidValue(f"{joined.isoformat()} lies outside the framework contract")
        term = Period(joined, phases[current][1].end)
        extensions = tuple(p for _, p in phases[current + 1:])
        return Contract(
            contract_id or f"hvb-raamovereenkomst-{provider.code}", "hart-van-brabant",
            provider, cells, term, ContractForm.TENDER, extensions,
            obligations=frozenset({Obligation.DELIVERY_DUTY}), ref=REF_TERM,
        )


def load_calendar(path: Path | None = None) -> ContractCalendar:
    """Read ``contract.toml`` strictly."""
    file = path or PARAMETERS / "contract.toml"
    params = read_toml(file)
    framework = params.table("framework")
    start = framework.date("start")
    if (start.month, start.day) == (2, 29):
        raise framework.error("start", "a contract starting on 29 February has no anniversary "
                                       "in most years; start on another day")
    initial = framework.integer("initial_years")
    if initial < 1:
        raise framework.error("initial_years", f"must be at least 1 year, got {initial}")
    raw = framework.raw("extensions")
    if not isinstance(raw, list) or not all(type(x) is int and x > 0 for x in raw):
        raise framework.error("extensions", "must be a list of whole years, e.g. [1, 1]")
    if len(raw) > 2 or any(x != 1 for x in raw):
        raise framework.error("extensions", f"{raw}: the source allows at most two extensions "
                                            "of one year each (Inkoopplan §6, HVB19-69)")
    akkoord = framework.date("bestuursakkoord_until")
    parts = tuple(framework.str_list("parts"))
    if len(parts) != 3 or len(set(parts)) != 3:
        raise framework.error("parts", "the raamovereenkomst has three different parts "
                                       "(Inkoopplan §6, HVB19-71)")
    optional_parts = tuple(framework.str_list("optional_parts"))
    framework.done()
    system = params.table("system")
    new_from = system.date("new_system_from")
    system.done()
    addenda = params.table("addenda")
    bundle, sign, in_force = (_month_day(addenda, k) for k in ("bundle_by", "sign_by", "in_force"))
    addenda.done()
    provider = params.table("provider_joining")
    if provider.text("via") != "addenda":
        raise provider.error("via", "providers join through the yearly addendum ('addenda')")
    provider.done()
    municipality = params.table("municipality_joining")
    before = _month_day(municipality, "before")
    if len(municipality.str_list("conditions")) != len(JoinCondition):
        raise municipality.error("conditions", "the source names three conditions (§6.2)")
    municipality.done()
    params.done()
    return ContractCalendar(start, initial, tuple(raw), akkoord, new_from, bundle, sign,
                            in_force, before, parts, optional_parts)
