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
    "Admission",
    "Application",
    "OldContracts",
    "ProviderKind",
    "PurchasingTrack",
    "Requirement",
    "admit",
    "check_contract",
    "check_contract_arrangements",
    "load_tracks",
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
    quality. The provider's kind plays no part (H4-47).
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
