"""Contracting: two open-house purchasing tracks, joining during the term, contract terms.

*Inkoopplan Wmo Rijswijk 2017*:

* h3 §3.1 [H4-52]: household help is a purchase of new contracts; begeleiding continues in
  the way of the 2016 contracts.
* h3 §3.2 [H4-56]: household help is bought by *bestuurlijk aanbesteden*: "alle aanbieders
  die voldoen aan gestelde (kwaliteits-)eisen komen in aanmerking voor een contract";
  [H4-68] during the term a provider that meets the criteria can also get a contract.
* h2 §2.2 focuspunt 3 [H4-48]: the same for begeleiding, and h1 §1.2 [H4-17]: a *new*
  provider must show it will work innovatively and meet the quality requirements.
* h2 §2.2 focuspunt 3 [H4-47]: niche providers and citizen initiatives meet the same
  requirements as every other partner.
* h3 §3.2 [H4-55]: the old household-help contracts end on 1 April 2017 and cannot be
  extended; [H4-57] the new ones run 2 years with one option of 2 more.
* h1 §1.1 [H4-15]: for continuity the providers that delivered begeleiding before were
  contracted; a provider already contracted shows quality only.

Focus points and preferences (h1 §1.2 [H4-16]; h2 §2.1 [H4-39]; h2 §2.2 [H4-40, H4-45,
H4-46]): the focus points of a year, with those of earlier years, lead the purchase of
begeleiding. They are preferences: under open house every provider that meets the
requirements gets a contract (rules ambiguity 14), so :func:`preferences` reports which
focus points an application meets and :func:`admit` never looks at them.

Performance agreements (h1 §1.1 [H4-14]): every purchase agreement contains agreements on
the results the care must achieve: :func:`check_performance_agreements`.

Offers (h2 §2.2 focuspunt 4 [H4-49, H4-50]): a provider makes every trajectory and module
transparent as to content and expected yield, and trajectories preferably consist of
modules that can be deployed separately: :func:`check_offer`.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from pathlib import Path

import attrs

from sociaaldomein import (
    AmbiguousDate,
    Contract,
    ContractForm,
    Period,
    Provider,
    Ref,
    Severity,
    Violation,
)
from sociaaldomein.policy.parameters import Params, read_toml
from sociaaldomein_h4.catalog import Part
from sociaaldomein_h4.sources import (
    REF_BEGELEIDING_JOINING,
    REF_CATALOG_PRODUCTS,
    REF_HH_JOINING,
    REF_HH_OPEN_HOUSE,
    REF_NEW_PROVIDER,
    REF_SAME_REQUIREMENTS,
    SOURCE,
)

__all__ = [
    "CONTRACT_YEARS",
    "FOCUS_POINTS",
    "Admission",
    "Application",
    "FocusPoint",
    "FocusPointSpec",
    "Gap",
    "Module",
    "OldContracts",
    "PerformanceAgreement",
    "Preferences",
    "ProviderKind",
    "PurchasingTrack",
    "Requirement",
    "Trajectory",
    "admit",
    "check_contract",
    "check_contract_arrangements",
    "check_offer",
    "check_performance_agreements",
    "focus_points",
    "load_tracks",
    "preferences",
]


CONTRACT_YEARS = (2017, 2018, 2019, 2020, 2021)
"""2017 is the plan's year; the household-help contracts run to 1 April 2019, with their
option to 1 April 2021 (h3 §3.2, H4-57)."""


class Requirement(enum.Enum):
    """What a provider must show to get a contract."""

    QUALITY = "quality"
    """The contract's (quality) requirements (h3 §3.2, H4-56; h1 §1.2, H4-17)."""
    INNOVATION = "innovation"
    """Demonstrable innovation, for new begeleiding providers (h1 §1.2, H4-17)."""


class ProviderKind(enum.Enum):
    """Kinds of provider. They all meet the same requirements (h2 §2.2, H4-47)."""

    REGULAR = "regular"
    NICHE = "niche"
    CITIZEN_INITIATIVE = "citizen_initiative"


def _set_of_requirement(value: Iterable[Requirement]) -> frozenset[Requirement]:
    return frozenset(value)


class FocusPoint(enum.Enum):
    """The focus points of the purchase of begeleiding."""

    CONTINUITY = "continuity"
    """2015/2016: continuity of suitable begeleiding and of quality (h1 §1.2)."""
    INNOVATION_AND_MAATWERK = "innovation_and_maatwerk"
    """2015/2016: room for innovation, more demand- and problem-oriented maatwerk."""
    TIMELY_WITHIN_BUDGET = "timely_within_budget"
    """2015/2016: the purchase is arranged on time and within the budget."""
    LESS_ADMINISTRATION = "less_administration"
    """2015/2016: reducing the administrative burden."""
    INTEGRAL_ARRANGEMENTS = "integral_arrangements"
    """2017 focuspunt 1: integral (de-compartmentalised) arrangements with other providers."""
    FILLS_GAPS = "fills_gaps"
    """2017 focuspunt 2: the provider fills gaps in care (see :class:`Gap`)."""
    INNOVATES = "innovates"
    """2017 focuspunt 3: transforms 'old' into 'new' begeleiding (e.g. eHealth)."""
    TRANSPARENT_AND_FLEXIBLE = "transparent_and_flexible"
    """2017 focuspunt 4: transparent, flexibly deployable offer (see :func:`check_offer`)."""


class Gap(enum.Enum):
    """The gaps in care focuspunt 2 names (h2 §2.2, H4-45)."""

    INTENSIVE_AMBULANT_HELP = "intensive_ambulant_help"
    SMALL_SCALE_HOUSING = "small_scale_housing"
    SIGNALLING_CHANGING_DEMAND = "signalling_changing_demand"
    MEALS = "meals"


@attrs.frozen
class FocusPointSpec:
    """A focus point, the first purchase year it leads, and its clause."""

    point: FocusPoint
    since: int
    ref: Ref


def _focus(point: FocusPoint, since: int, rule: str, section: str) -> FocusPointSpec:
    return FocusPointSpec(point, since, Ref(SOURCE, section, rule))


FOCUS_POINTS: tuple[FocusPointSpec, ...] = (
    _focus(FocusPoint.CONTINUITY, 2015, "H4-16", "h1 §1.2"),
    _focus(FocusPoint.INNOVATION_AND_MAATWERK, 2015, "H4-16", "h1 §1.2"),
    _focus(FocusPoint.TIMELY_WITHIN_BUDGET, 2015, "H4-16", "h1 §1.2"),
    _focus(FocusPoint.LESS_ADMINISTRATION, 2015, "H4-16", "h1 §1.2"),
    _focus(FocusPoint.INTEGRAL_ARRANGEMENTS, 2017, "H4-40", "h2 §2.2 focuspunt 1"),
    _focus(FocusPoint.FILLS_GAPS, 2017, "H4-45", "h2 §2.2 focuspunt 2"),
    _focus(FocusPoint.INNOVATES, 2017, "H4-46", "h2 §2.2 focuspunt 3"),
    _focus(FocusPoint.TRANSPARENT_AND_FLEXIBLE, 2017, "H4-49", "h2 §2.2 focuspunt 4"),
)
"""The focus points of the plans for 2015 and 2016 (h1 §1.2, H4-16: "Voor 2017 blijven de
meeste van deze focuspunten van kracht"; the document does not say which would lapse, so
all four stay) and the four of 2017 (h2 §2.2)."""


def focus_points(year: int) -> tuple[FocusPoint, ...]:
    """The focus points leading the purchase of begeleiding for ``year``: those of that
    year and of the years before (h2 §2.1, H4-39: "De focuspunten, inclusief de
    focuspunten uit voorgaande jaren, zijn leidend"). None before 2015."""
    return tuple(f.point for f in FOCUS_POINTS if f.since <= year)


def _set_of_focus(value: Iterable[FocusPoint]) -> frozenset[FocusPoint]:
    return frozenset(value)


def _set_of_gap(value: Iterable[Gap]) -> frozenset[Gap]:
    return frozenset(value)


def _tuple_of_period(value: Iterable[Period]) -> tuple[Period, ...]:
    return tuple(value)


@attrs.frozen
class PurchasingTrack:
    """One purchasing track of the region: its part, form, term and options, and what a
    new provider must show. ``term_is_example`` marks a term the document does not give."""

    part: Part
    form: ContractForm
    term: Period
    extensions: tuple[Period, ...] = attrs.field(converter=_tuple_of_period)
    requirements: frozenset[Requirement] = attrs.field(converter=_set_of_requirement)
    joining_during_term: bool
    ref: Ref
    term_is_example: bool = False

    @property
    def longest(self) -> Period:
        return Period(self.term.start, self.extensions[-1].end if self.extensions
                      else self.term.end)


@attrs.frozen
class OldContracts:
    """The household-help contracts from the earlier European tender (h3 §3.2, H4-55)."""

    ends: dt.date
    ref: Ref


def _add_years(day: dt.date, years: int) -> dt.date:
    if day.month == 2 and day.day == 29:
        raise AmbiguousDate(f"a contract term from {day.isoformat()} plus {years} years is "
                            "ambiguous (29 February)")
    return day.replace(year=day.year + years)


def load_tracks(path: Path | str) -> tuple[tuple[PurchasingTrack, ...], OldContracts]:
    """Read ``contracts.toml`` strictly."""
    params = read_toml(path)
    old = params.table("old_household_help")
    old_contracts = OldContracts(old.date("ends"), Ref(SOURCE, old.text("section"), "H4-55"))
    old.done()
    tracks: list[PurchasingTrack] = []
    for entry in params.tables("track"):
        part = entry.enum("part", Part)
        form = entry.enum("form", ContractForm)
        start = entry.date("start")
        initial = entry.integer("initial_years")
        raw = entry.raw("extension_years")
        if not isinstance(raw, list) or not all(type(x) is int and x > 0 for x in raw):
            raise entry.error("extension_years", "must be a list of positive whole years")
        example = entry.boolean("term_is_example")
        requirements = [_requirement(entry, r) for r in entry.str_list("requirements")]
        joining = entry.boolean("joining_during_term")
        section = entry.text("section")
        rule = entry.text("rule")
        entry.done()
        term = Period(start, _add_years(start, initial))
        options: list[Period] = []
        end = term.end
        for years in raw:
            options.append(Period(end, _add_years(end, years)))
            end = options[-1].end
        tracks.append(PurchasingTrack(
            part, form, term, tuple(options), frozenset(requirements), joining,
            Ref(SOURCE, section, rule, example=example), term_is_example=example,
        ))
    params.done()
    return tuple(tracks), old_contracts


def _requirement(entry: Params, value: str) -> Requirement:
    for member in Requirement:
        if member.value == value:
            return member
    raise entry.error("requirements", f"unknown requirement {value!r}; known: quality, "
                      "innovation")


@attrs.frozen
class Application:
    """A provider's application to join a track on ``applied_on``.

    ``shows`` is what it demonstrably meets; ``new_provider`` is false for a provider that
    already held a contract for the part (it shows quality only, H4-17 is about new ones).
    """

    provider: Provider
    part: Part
    applied_on: dt.date
    shows: frozenset[Requirement] = attrs.field(converter=_set_of_requirement)
    kind: ProviderKind = ProviderKind.REGULAR
    new_provider: bool = True
    meets: frozenset[FocusPoint] = attrs.field(converter=_set_of_focus, default=frozenset())
    fills: frozenset[Gap] = attrs.field(converter=_set_of_gap, default=frozenset())


@attrs.frozen
class Admission:
    """The outcome of an application: a contract, or the reasons it is refused."""

    application: Application
    contract: Contract | None
    violations: tuple[Violation, ...]

    @property
    def admitted(self) -> bool:
        return self.contract is not None


def admit(
    track: PurchasingTrack, application: Application, *, region: str,
    arrangements: frozenset[str],
) -> Admission:
    """Decide an application under the open-house rules of ``track``.

    Every provider that shows the requirements gets a contract (H4-56 for household help,
    H4-48 for begeleiding), also during the term (H4-68, H4-48): its contract then runs
    from the day it joins to the end of the track's term, with the track's remaining
    extension options. A new provider must show every requirement of the track (for
    begeleiding: quality and innovation, H4-17); a provider already contracted shows
    quality, so the providers that delivered begeleiding before stay contracted on quality
    alone (H4-15). The provider's kind plays no part (H4-47), nor do the focus points it
    meets (H4-40, H4-45, H4-46: preferences, not award criteria under open house).
    """
    path = f"applications[{application.provider.code}]"
    needed = track.requirements if application.new_provider else frozenset({Requirement.QUALITY})
    missing = sorted(r.value for r in needed - application.shows)
    problems: list[Violation] = []
    hh = track.part is Part.HUISHOUDELIJKE_HULP
    joining_ref = REF_HH_JOINING if hh else REF_BEGELEIDING_JOINING
    if missing:
        # the violation's code is the rule of its clause: H4-17 (innovation of a new
        # provider), else the open-house criteria of the track (H4-56 for household
        # help, H4-48 for begeleiding)
        ref = (REF_NEW_PROVIDER if Requirement.INNOVATION.value in missing
               else REF_HH_OPEN_HOUSE if hh else REF_BEGELEIDING_JOINING)
        problems.append(Violation(
            ref.rule or "H4-56",
            Severity.ERROR,
            f"{application.provider.name} ({application.kind.value}) does not show "
            f"{', '.join(missing)}, which every "
            f"{'new ' if application.new_provider else ''}provider of "
            f"{track.part.value} must show ({REF_SAME_REQUIREMENTS.rule}: the same for niche "
            "providers and citizen initiatives)",
            path + ".shows", ref,
        ))
    day = max(application.applied_on, track.term.start)
    if day >= track.longest.end:
        problems.append(Violation(
            joining_ref.rule or "H4-48", Severity.ERROR,
            f"{application.provider.name} applies on {application.applied_on.isoformat()}, "
            f"after the {track.part.value} contracts end ({track.longest})"
            + (" - an example term, the document gives none: load the real one in "
               "contracts.toml" if track.term_is_example else ""),
            path + ".applied_on", joining_ref,
        ))
    elif day > track.term.start and not track.joining_during_term:
        problems.append(Violation(
            joining_ref.rule or "H4-48", Severity.ERROR,
            f"the {track.part.value} track admits no providers during its term",
            path + ".applied_on", joining_ref,
        ))
    if problems:
        return Admission(application, None, tuple(problems))
    # The contract's own term: from joining to the end of the current term (or option).
    periods = (track.term, *track.extensions)
    current = next(i for i, p in enumerate(periods) if day in p)
    term = Period(day, periods[current].end)
    contract = Contract(
        id=f"{region}-{track.part.value}-{application.provider.code}",
        region=region, provider=application.provider, arrangements=arrangements,
        term=term, form=track.form, extensions=periods[current + 1:], ref=track.ref,
    )
    return Admission(application, contract, ())


def check_contract_arrangements(contract: Contract,
                                bought: frozenset[str]) -> list[Violation]:
    """H4-03, H4-10 (Inleiding): a contract only names tailor-made arrangements H4 buys
    (``bought``); an unknown code, or a free general or basic provision, is an error."""
    return [
        Violation(
            "H4-03", Severity.ERROR,
            f"contract {contract.id} names {code!r}, which is not a tailor-made "
            f"arrangement that h4 buys ({', '.join(sorted(bought))})",
            f"contracts[{contract.id}].arrangements", REF_CATALOG_PRODUCTS,
        )
        for code in sorted(contract.arrangements - bought)
    ]


def check_contract(
    contract: Contract, tracks: tuple[PurchasingTrack, ...], old: OldContracts,
    hh_arrangements: frozenset[str],
) -> list[Violation]:
    """A household-help contract against h3 §3.2.

    * H4-55: a contract that started before the old contracts' end date may not run
      beyond it (the old contracts *kunnen niet meer verlengd worden*).
    * H4-57: a new contract's term ends with the track's 2-year term (or, for a provider
      joining during the extension, with the extension) and its options reach no further
      than the one 2-year extension.
    """
    if not contract.arrangements & hh_arrangements:
        return []
    path = f"contracts[{contract.id}]"
    out: list[Violation] = []
    if contract.term.start < old.ends:
        if contract.longest.end > old.ends:
            out.append(Violation(
                "H4-55", Severity.ERROR,
                f"contract {contract.id} for household help started "
                f"{contract.term.start.isoformat()} under the old contracts and runs to "
                f"{contract.longest.last_day.isoformat()}; the old contracts end on "
                f"{old.ends.isoformat()} and cannot be extended",
                path + ".term", old.ref,
            ))
        return out
    track = next((t for t in tracks if t.part is Part.HUISHOUDELIJKE_HULP), None)
    if track is None:
        return out
    periods = (track.term, *track.extensions)
    ends = [p.end for p in periods]
    if contract.term.end not in ends:
        out.append(Violation(
            "H4-57", Severity.ERROR,
            f"contract {contract.id} runs {contract.term}; new household-help contracts run "
            f"to {track.term.last_day.isoformat()} (2 years), or, once extended, to "
            f"{track.longest.last_day.isoformat()}",
            path + ".term", track.ref,
        ))
        return out
    remaining = len(periods) - 1 - ends.index(contract.term.end)
    if len(contract.extensions) > remaining or contract.longest.end > track.longest.end:
        out.append(Violation(
            "H4-57", Severity.ERROR,
            f"contract {contract.id} has {len(contract.extensions)} option(s) to "
            f"{contract.longest.last_day.isoformat()}; household-help contracts have one "
            f"option of 2 years, ending on {track.longest.last_day.isoformat()}",
            path + ".extensions", track.ref,
        ))
    return out


@attrs.frozen
class Preferences:
    """Which of the year's focus points an application for begeleiding meets."""

    year: int
    met: tuple[FocusPoint, ...]
    unmet: tuple[FocusPoint, ...]
    gaps: tuple[Gap, ...]
    refs: tuple[Ref, ...]

    @property
    def preferred(self) -> bool:
        """The provider is one the plan prefers: it meets at least one 2017 focus point
        (integral arrangements H4-40, filling a gap H4-45, innovation H4-46)."""
        return any(f.point in self.met and f.since > 2016 for f in FOCUS_POINTS)


def preferences(application: Application, year: int) -> Preferences:
    """The focus points of ``year`` (with those of earlier years, H4-39) the application
    meets and which it does not, and the gaps in care it fills (H4-45). Filling a named gap
    meets focus point 2. The focus points lead the purchase of begeleiding only, so an
    application for household help has none."""
    leading = focus_points(year) if application.part is Part.BEGELEIDING else ()
    meets = set(application.meets)
    if application.fills:
        meets.add(FocusPoint.FILLS_GAPS)
    met = tuple(p for p in leading if p in meets)
    unmet = tuple(p for p in leading if p not in meets)
    gaps = tuple(g for g in Gap if g in application.fills) if leading else ()
    refs = tuple(f.ref for f in FOCUS_POINTS if f.point in leading)
    return Preferences(year, met, unmet, gaps, refs)


def _tuple_of_module(value: Iterable[Module]) -> tuple[Module, ...]:
    return tuple(value)


@attrs.frozen
class Module:
    """A module of a provider's begeleiding offer: its content, its expected yield, and
    whether it can be deployed on its own (h2 §2.2 focuspunt 4)."""

    code: str
    content: str
    expected_yield: str
    standalone: bool = True


@attrs.frozen
class Trajectory:
    """A trajectory of a provider's offer and the modules it consists of."""

    code: str
    content: str
    expected_yield: str
    modules: tuple[Module, ...] = attrs.field(converter=_tuple_of_module, default=())


_REF_TRANSPARENT = Ref(SOURCE, "h2 §2.2 focuspunt 4", "H4-49")
_REF_MODULES = Ref(SOURCE, "h2 §2.2 focuspunt 4", "H4-50")


def check_offer(provider: Provider, trajectories: Iterable[Trajectory]) -> list[Violation]:
    """A provider's begeleiding offer against focuspunt 4.

    * H4-49 (an error, a contract obligation): every trajectory and every module is
      transparent as to content and expected yield: both are stated.
    * H4-50 (a warning, *bij voorkeur*): a trajectory consists of modules that can be
      deployed separately; one without modules, or with a module that cannot be deployed
      on its own, is reported.
    """
    out: list[Violation] = []
    base = f"offers[{provider.code}]"
    for trajectory in trajectories:
        path = f"{base}.trajectories[{trajectory.code}]"
        items: list[tuple[str, str, Module | Trajectory]] = [
            ("trajectory", path, trajectory),
            *(("module", f"{path}.modules[{m.code}]", m) for m in trajectory.modules),
        ]
        for what, where, item in items:
            missing = [name for name, text in (("content", item.content),
                                               ("expected yield", item.expected_yield))
                       if not text.strip()]
            if missing:
                out.append(Violation(
                    "H4-49", Severity.ERROR,
                    f"{provider.name}: {what} {item.code} does not state its "
                    f"{' and '.join(missing)}; every trajectory and module is transparent "
                    "as to content and expected yield",
                    where, _REF_TRANSPARENT,
                ))
        fixed = [m.code for m in trajectory.modules if not m.standalone]
        if not trajectory.modules or fixed:
            why = ("consists of no modules" if not trajectory.modules
                   else f"has modules that cannot be deployed separately ({', '.join(fixed)})")
            out.append(Violation(
                "H4-50", Severity.WARNING,
                f"{provider.name}: trajectory {trajectory.code} {why}; trajectories "
                "preferably consist of modules deployable on their own",
                path + ".modules", _REF_MODULES,
            ))
    return out


@attrs.frozen
class PerformanceAgreement:
    """A *prestatieafspraak* of a contract: the result area it is about (a result area of
    the catalog) and the measure agreed (h1 §1.1, H4-14)."""

    contract_id: str
    result_area: str
    measure: str


_REF_PERFORMANCE = Ref(SOURCE, "h1 §1.1", "H4-14")


def check_performance_agreements(
    contract: Contract, agreements: Iterable[PerformanceAgreement],
    result_areas: Iterable[str],
) -> list[Violation]:
    """H4-14 (h1 §1.1): "Met de inkoopovereenkomsten maakt de gemeente prestatieafspraken
    over de resultaten". An error for a contract with no agreement on a result, and for an
    agreement naming a result area the catalog does not know or stating no measure."""
    path = f"contracts[{contract.id}].performance"
    known = frozenset(result_areas)
    own = [a for a in agreements if a.contract_id == contract.id]
    out: list[Violation] = []
    if not own:
        out.append(Violation(
            "H4-14", Severity.ERROR,
            f"contract {contract.id} ({contract.provider.name}) has no performance agreement "
            "on the results the care must achieve",
            path, _REF_PERFORMANCE,
        ))
    for i, agreement in enumerate(own):
        if agreement.result_area not in known:
            out.append(Violation(
                "H4-14", Severity.ERROR,
                f"contract {contract.id}: performance agreement on {agreement.result_area!r}, "
                f"which is no result area ({', '.join(sorted(known))})",
                f"{path}[{i}].result_area", _REF_PERFORMANCE,
            ))
        if not agreement.measure.strip():
            out.append(Violation(
                "H4-14", Severity.ERROR,
                f"contract {contract.id}: performance agreement on {agreement.result_area!r} "
                "states no measure",
                f"{path}[{i}].measure", _REF_PERFORMANCE,
            ))
    return out
