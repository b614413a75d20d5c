"""Strict loading of the region's data files in ``parameters/``.

* ``members.toml``: the seven member municipalities with their CBS codes and Hoorn's
  central role (WF-04, WF-06);
* ``catalog.toml``: segments, intensities, the Dutch texts of the support profiles, the
  segment of each arrangement, the hourly products and the stays;
* ``rules.toml``: validation parameters (stacking, perspectiefplan, acceptance);
* ``tariffs.toml``: read by the core's :func:`sociaaldomein.load_tariffs`.

Every reader walks the file with :class:`sociaaldomein.policy.parameters.Params`: a missing or
unknown key, a wrong type or an unknown code is a :class:`~sociaaldomein.ParameterError`
that names the file and the key.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import attrs

from sociaaldomein import InvalidValue, Law, Municipality, SociaaldomeinError
from sociaaldomein.policy.parameters import Params, read_toml
from sociaaldomein_west_friesland.keys import (
    HourlyProduct,
    Intensity,
    StayProduct,
    WmoProfile,
    YouthProfile,
)

__all__ = [
    "PARAMETERS",
    "CatalogData",
    "CentralFunction",
    "MembersData",
    "ProductData",
    "ProfileText",
    "RuleParameters",
    "SegmentChoice",
    "SegmentData",
    "load_catalog_data",
    "load_members",
    "load_rule_parameters",
]

PARAMETERS = Path(__file__).parent / "parameters"
"""The folder of the region's data files."""


# -- members -------------------------------------------------------------------------------
@attrs.frozen
class CentralFunction:
    """A member acting for the region as contract party for some functions (WF-04)."""

    municipality: Municipality
    functions: tuple[str, ...]
    valid_from: dt.date
    section: str
    rule: str


@attrs.frozen
class MembersData:
    code: str
    name: str
    valid_from: dt.date
    source_title: str
    source_issuer: str
    members: tuple[tuple[Municipality, dt.date], ...]
    central: tuple[CentralFunction, ...]


def _ints(p: Params, key: str) -> tuple[int, ...]:
    value = p.raw(key)
    if not isinstance(value, list) or not all(type(v) is int for v in value):
        raise p.error(key, "must be a list of integers")
    return tuple(value)


def load_members(path: Path | str = PARAMETERS / "members.toml") -> MembersData:
    """Read ``members.toml`` strictly."""
    p = read_toml(path)
    region = p.table("region")
    code, name, valid_from = region.text("code"), region.text("name"), region.date("valid_from")
    region.done()
    source = p.table("source")
    title, issuer = source.text("title"), source.text("issuer")
    source.done()
    members: list[tuple[Municipality, dt.date]] = []
    by_code: dict[str, Municipality] = {}
    for row in p.tables("member"):
        try:
            municipality = Municipality(row.text("code"), row.text("name"))
        except SociaaldomeinError as exc:  # InvalidValue from the core: name file and key
            raise row.error("code", exc.message) from None
        if municipality.code in by_code:
            raise row.error("code", f"municipality {municipality.code} is listed twice")
        by_code[municipality.code] = municipality
        members.append((municipality, row.date("valid_from")))
        row.done()
    central: list[CentralFunction] = []
    for row in p.tables("central_municipality"):
        member = by_code.get(row.text("code"))
        if member is None:
            raise row.error("code", "a central municipality must be a member")
        central.append(CentralFunction(
            member, tuple(row.str_list("functions")), row.date("valid_from"),
            row.text("section"), row.text("rule"),
        ))
        row.done()
    p.done()
    return MembersData(code, name, valid_from, title, issuer, tuple(members), tuple(central))


# -- catalog -------------------------------------------------------------------------------
@attrs.frozen
class SegmentData:
    key: str
    name: str
    description: str
    access: str
    purchasing: str
    in_framework: bool
    section: str
    rules: tuple[str, ...]


@attrs.frozen
class ProfileText:
    """A support profile as bijlage 1 prints it: target group and intended result."""

    number: int
    rule: str
    target_group: str
    result: str
    max_age: int | None = None


@attrs.frozen
class SegmentChoice:
    """The segment of the arrangements of one law and some intensities. ``assumed`` marks
    the region's reading where the document gives criteria, not a table."""

    law: Law
    intensities: tuple[Intensity, ...]
    segment: str
    assumed: bool
    note: str


@attrs.frozen
class ProductData:
    key: str
    name: str
    law: Law
    unit: str
    segment: str
    section: str
    rule: str


@attrs.frozen
class CatalogData:
    valid_from: dt.date
    segments: tuple[SegmentData, ...]
    intensity_names: tuple[tuple[Intensity, str], ...]
    wmo_intensities: frozenset[Intensity]
    youth_profiles: tuple[ProfileText, ...]
    wmo_profiles: tuple[ProfileText, ...]
    segment_choices: tuple[SegmentChoice, ...]
    hourly: tuple[ProductData, ...]
    stays: tuple[ProductData, ...]

    def segment_of(self, law: Law, intensity: Intensity) -> SegmentChoice:
        for choice in self.segment_choices:
            if choice.law is law and intensity in choice.intensities:
                return choice
        raise KeyError(f"no segment for {law.value} x {intensity.name}")  # pragma: no cover

    def youth_profile(self, profile: YouthProfile) -> ProfileText:
        return self.youth_profiles[profile.value - 1]

    def wmo_profile(self, profile: WmoProfile) -> ProfileText:
        return self.wmo_profiles[profile.value - 1]


def _profiles(p: Params, key: str, expected: Sequence[int]) -> tuple[ProfileText, ...]:
    out: list[ProfileText] = []
    for row in p.tables(key):
        number = row.integer("number")
        max_age = row.integer("max_age") if row.has("max_age") else None
        out.append(ProfileText(number, row.text("rule"), row.text("target_group"),
                               row.text("result"), max_age))
        row.done()
    numbers = [t.number for t in out]
    if numbers != list(expected):
        raise p.error(key, f"must list profiles {list(expected)} in order, got {numbers}")
    return tuple(out)


def _law(p: Params, key: str) -> Law:
    return p.enum(key, Law)


def load_catalog_data(path: Path | str = PARAMETERS / "catalog.toml") -> CatalogData:
    """Read ``catalog.toml`` strictly: the profile tables must list exactly the profiles of
    the typed enums, the intensities exactly the four of bijlage 1, and every arrangement
    must get exactly one segment."""
    p = read_toml(path)
    valid_from = p.date("valid_from")
    segments: list[SegmentData] = []
    for row in p.tables("segment"):
        segments.append(SegmentData(
            row.text("key"), row.text("name"), row.text("description"), row.text("access"),
            row.text("purchasing"), row.boolean("in_framework"), row.text("section"),
            tuple(row.str_list("rules")),
        ))
        row.done()
    if [s.key for s in segments] != ["A", "B", "C"]:
        raise p.error("segment", "the framework has exactly the segments A, B and C (WF-07)")
    names: dict[Intensity, str] = {}
    wmo: set[Intensity] = set()
    for row in p.tables("intensity"):
        number = row.integer("number")
        try:
            intensity = Intensity(number)
        except ValueError:
            raise row.error("number", f"no intensity {number} in bijlage 1") from None
        if row.text("key") != intensity.name or row.integer("rank") != intensity.rank:
            raise row.error("key", f"intensity {number} is {intensity.name}, rank {intensity.rank}")
        names[intensity] = row.text("name")
        if not row.boolean("youth"):
            raise row.error("youth", "every intensity applies to youth (bijlage 1)")
        if row.boolean("wmo"):
            wmo.add(intensity)
        row.done()
    if set(names) != set(Intensity):
        raise p.error("intensity", "must list the four intensities of bijlage 1")
    youth = _profiles(p, "youth_profile", [x.value for x in YouthProfile])
    wmo_profiles = _profiles(p, "wmo_profile", [x.value for x in WmoProfile])
    choices: list[SegmentChoice] = []
    for row in p.tables("segment_of"):
        law = _law(row, "law")
        levels: list[Intensity] = []
        for n in _ints(row, "intensities"):
            try:
                levels.append(Intensity(n))
            except ValueError:
                raise row.error("intensities", f"no intensity {n}") from None
        segment = row.text("segment")
        if segment not in {"B", "C"}:
            raise row.error("segment", "arrangements are in segment B or C (WF-09)")
        choices.append(SegmentChoice(law, tuple(levels), segment, row.boolean("assumed"),
                                     row.text("note")))
        row.done()
    for law, allowed in ((Law.JEUGDWET, set(Intensity)), (Law.WMO, wmo)):
        covered = [i for c in choices if c.law is law for i in c.intensities]
        if sorted(covered, key=lambda i: i.value) != sorted(allowed, key=lambda i: i.value):
            raise p.error("segment_of", f"every {law.value} intensity needs exactly one segment")
    hourly = tuple(_product(row, HourlyProduct) for row in p.tables("hourly_product"))
    stays = tuple(_product(row, StayProduct) for row in p.tables("stay"))
    if {h.key for h in hourly} != {x.value for x in HourlyProduct}:
        raise p.error("hourly_product", "must list IB and HO (WF-30)")
    if {s.key for s in stays} != {x.value for x in StayProduct}:
        raise p.error("stay", f"must list {[x.value for x in StayProduct]}")
    p.done()
    return CatalogData(valid_from, tuple(segments), tuple(names.items()), frozenset(wmo), youth, wmo_profiles,
                       tuple(choices), hourly, stays)


def _product(row: Params, kind: type[HourlyProduct] | type[StayProduct]) -> ProductData:
    key = row.text("key")
    if key not in {x.value for x in kind}:
        raise row.error("key", f"unknown product {key!r}")
    data = ProductData(key, row.text("name"), _law(row, "law"), row.text("unit"),
                       row.text("segment"), row.text("section"), row.text("rule"))
    row.done()
    return data


# -- rule parameters -----------------------------------------------------------------------
@attrs.frozen
class RuleParameters:
    """The validation choices of ``rules.toml`` (see the comments there for the clauses).

    * ``stacking_scope``: ``"law"`` (one profile arrangement per client per law at a time)
      or ``"profile"`` (one per support profile) (WF-60);
    * ``hourly_alongside_arrangement``: hourly products allowed next to a profile
      arrangement of the same law; ``stay_alongside_arrangement`` likewise for stays;
    * ``plan_required_in``: segments that need a perspectiefplan (WF-38), with
      ``crisis_intensities`` and ``crisis_flag`` as the crisis exception;
    * ``resolving_conditions``: conditions under which a subscribed provider may refuse a
      client (WF-63).
    """

    stacking_scope: str = attrs.field(default="law")
    hourly_alongside_arrangement: frozenset[str] = frozenset({"HO"})
    stay_alongside_arrangement: bool = True
    plan_required_in: frozenset[str] = frozenset({"C"})
    crisis_intensities: frozenset[Intensity] = frozenset({Intensity.ACUUT})
    crisis_flag: str = "crisis"
    resolving_conditions: frozenset[str] = frozenset({"waiting_list"})

    @stacking_scope.validator
    def _check_scope(self, _attr: object, value: str) -> None:
        if value not in ("law", "profile"):
            raise InvalidValue(f"stacking scope is 'law' or 'profile', got {value!r}")


def load_rule_parameters(path: Path | str = PARAMETERS / "rules.toml") -> RuleParameters:
    """Read ``rules.toml`` strictly."""
    p = read_toml(path)
    stacking = p.table("stacking")
    scope = stacking.text("scope")
    if scope not in ("law", "profile"):
        raise stacking.error("scope", f"must be 'law' or 'profile', got {scope!r}")
    alongside = stacking.str_list("hourly_alongside_arrangement")
    for key in alongside:
        if key not in {x.value for x in HourlyProduct}:
            raise stacking.error("hourly_alongside_arrangement", f"unknown product {key!r}")
    stay = stacking.boolean("stay_alongside_arrangement")
    stacking.done()
    plan = p.table("perspectiefplan")
    segments = plan.str_list("required_in_segments")
    for s in segments:
        if s not in ("B", "C"):
            raise plan.error("required_in_segments", f"unknown segment {s!r}")
    crisis: list[Intensity] = []
    for n in _ints(plan, "crisis_intensities"):
        try:
            crisis.append(Intensity(n))
        except ValueError:
            raise plan.error("crisis_intensities", f"no intensity {n}") from None
    flag = plan.text("crisis_flag")
    plan.done()
    acceptance = p.table("acceptance")
    conditions = acceptance.str_list("resolving_conditions")
    acceptance.done()
    p.done()
    return RuleParameters(scope, frozenset(alongside), stay, frozenset(segments),
                          frozenset(crisis), flag, frozenset(conditions))
