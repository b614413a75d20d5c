"""What West-Friesland buys: segments A, B and C, the 44 + 15 profile arrangements, the
hourly products and the stays, from ``parameters/catalog.toml``.

Source: *Uitvoeringskader inkoop sociaal domein West-Friesland 2019-2021*, §3.1 (segments),
§3.2 and bijlage 1 (support profiles x intensities), §3.2.2 and §3.6.1 (the hourly products
and stays beside them). ``catalog.toml`` holds the Dutch texts of the profiles, the
intensities, the segment of each arrangement (the region's reading where the document
gives criteria, not a table) and the products; it is read strictly with
:class:`sociaaldomein.policy.parameters.Params`: a missing or unknown key, a wrong type or
an unknown code is a :class:`~sociaaldomein.ParameterError` naming the file and the key.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from pathlib import Path

import attrs

from sociaaldomein import Arrangement, Catalog, Law, Segment, Unit
from sociaaldomein.policy.parameters import Params, read_toml
from sociaaldomein.policy.products import apply_products, load_products
from sociaaldomein_west_friesland.profiles import (
    Intensity,
    WmoProfile,
    YouthProfile,
    profile_arrangements,
)
from sociaaldomein_west_friesland.sources import PARAMETERS, ref

__all__ = [
    "CatalogData",
    "HourlyProduct",
    "ProductData",
    "ProfileText",
    "SegmentChoice",
    "SegmentData",
    "StayProduct",
    "build_catalog",
    "load_catalog_data",
]


class HourlyProduct(enum.Enum):
    """The Wmo products that stay available outside the arrangements, paid P x Q per hour
    (§3.2.2, §3.6.1, WF-30)."""

    IB = "IB"
    """Individuele begeleiding."""
    HO = "HO"
    """Huishoudelijke ondersteuning."""


class StayProduct(enum.Enum):
    """Stays paid per etmaal on actual use, apart from the profiles (§3.6.1, WF-55). The
    document names no stay products; these two are the example set."""

    VJB = "VJB"
    """Verblijf jeugd basis."""
    VJS = "VJS"
    """Verblijf jeugd specialistisch."""


def _ints(p: Params, key: str) -> tuple[int, ...]:
    value = p.raw(key)
    if not isinstance(value, list) or not all(type(v) is int for v in value):
        raise p.error(key, "must be a list of integers")
    return tuple(value)


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


_UNITS = {"04": Unit.HOUR, "14": Unit.ETMAAL}


def build_catalog(data: CatalogData) -> Catalog:
    """The core catalogue: the 59 profile arrangements of bijlage 1 (WF-89), each in the
    segment ``catalog.toml`` gives its law and intensity, plus the hourly products IB and
    HO (WF-30) and the stays (WF-55). Segments A, B and C (§3.1, WF-07); A holds no
    arrangement, it is outside the framework (WF-08).

    The scope is the Jeugdwet and the Wmo, for the Wmo begeleiding (the profiles and IB)
    and HO (§1, WF-02). Wmo aids and socio-medical advice are no arrangement (§1 fn 1,
    WF-03), nor is beschermd wonen, which has its own purchasing track (WF-05) and is
    Hoorn's central function (WF-04)."""
    names = dict(data.intensity_names)
    segments = tuple(
        Segment(
            s.key, s.name, needs_decision=s.access != "free", description=s.description,
            indicators=("uitval", "clienttevredenheid", "doelrealisatie") if s.in_framework else (),
            ref=ref(s.rules[0], section=s.section),
        )
        for s in data.segments
    )
    arrangements: list[Arrangement] = []
    for key in profile_arrangements():
        if key.law is Law.WMO and key.intensity not in data.wmo_intensities:
            continue  # pragma: no cover - the data lists Duurzaam..Intensief for the Wmo
        if isinstance(key.profile, YouthProfile):
            text = data.youth_profile(key.profile)
            law_name = "Jeugd"
        else:
            text = data.wmo_profile(key.profile)
            law_name = "Wmo"
        choice = data.segment_of(key.law, key.intensity)
        note = f"segment: {choice.note}" + (" (region's reading)" if choice.assumed else "")
        arrangements.append(Arrangement(
            key.code,
            f"{law_name} profiel {key.profile.value} x {names[key.intensity]}: "
            f"{text.target_group}",
            choice.segment, {key.law},
            ref=ref(text.rule, section="bijlage 1", note=note),
        ))
    for product in (*data.hourly, *data.stays):
        arrangements.append(Arrangement(
            product.key, product.name, product.segment, {product.law},
            unit=_UNITS[product.unit], ref=ref(product.rule, section=product.section),
        ))
    products = PARAMETERS / "products.toml"
    return apply_products(Catalog(arrangements=tuple(arrangements), segments=segments),
                          load_products(products), str(products))
