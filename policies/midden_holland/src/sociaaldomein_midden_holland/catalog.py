"""The Midden-Holland catalog: eight segments, their sub-segments and the products in them.

*Kaderdocument inkoop Wmo en Jeugd 2025*, §4.1 (what a segment is, MH-67) and §4.2
"Indeling segmenten" (the eight provisional segments with their law domain, MH-69), with
the segment sheets of bijlage 4 (contents, choice of provider and indicators, MH-78 ..
MH-116). The keys are enums; the data (names, units, payer, indicators) are read strictly
from ``parameters/catalog.toml`` and must match the enums one to one.

Every allocation carries an explicit product and so an explicit segment: dagbesteding for
development (Ondersteuning) and dagbesteding as respite (Respijtzorg) are different
products (inventory ambiguity 3), and a Wmo client can never be placed in Crisis, which is
youth-only (ambiguity 15).
"""

from __future__ import annotations

import enum
from pathlib import Path

import attrs

from sociaaldomein import Arrangement, Catalog, Law, ParameterError, Segment, Unit
from sociaaldomein.policy.parameters import Params, read_toml
from sociaaldomein.policy.products import apply_products, load_products
from sociaaldomein_midden_holland.sources import PARAMETERS, ref

__all__ = [
    "CatalogData",
    "Direction",
    "IndicatorSpec",
    "LawDomain",
    "Level",
    "Payer",
    "Product",
    "ProductInfo",
    "SegmentInfo",
    "SegmentKey",
    "SubSegment",
    "SubSegmentInfo",
    "load_catalog",
]


class SegmentKey(enum.Enum):
    """The eight provisional segments (§4.2, MH-69)."""

    GEDWONGEN_KADER = "gedwongen_kader"
    CRISIS = "crisis"
    HOOG_SPECIALISTISCH = "hoog_specialistisch"
    BEHANDELING = "behandeling"
    WONEN = "wonen"
    ONDERSTEUNING = "ondersteuning"
    RESPIJTZORG = "respijtzorg"
    HULP_BIJ_HET_HUISHOUDEN = "hulp_bij_het_huishouden"


class SubSegment(enum.Enum):
    """Sub-segments of Gedwongen kader (bijlage 4 §4.1) and Ondersteuning (§4.6)."""

    JEUGDBESCHERMING = "jeugdbescherming"
    JEUGDRECLASSERING = "jeugdreclassering"
    JEUGDZORGPLUS = "jeugdzorgplus"
    FORENSISCHE_GGZ = "forensische_ggz"
    BEGELEIDING = "begeleiding"
    DAGBESTEDING = "dagbesteding"


class Product(enum.Enum):
    """What the region allocates: one product per arrangement code of the catalog."""

    JEUGDBESCHERMING = "jeugdbescherming"
    JEUGDRECLASSERING = "jeugdreclassering"
    JEUGDZORGPLUS = "jeugdzorgplus"
    FORENSISCHE_GGZ = "forensische_ggz"
    CRISIS_AMBULANT = "crisis_ambulant"
    CRISIS_PLEEGZORG = "crisis_pleegzorg"
    CRISIS_OPVANG = "crisis_opvang"
    HS_AMBULANT = "hs_ambulant"
    HS_BEHANDELGROEP_VERBLIJF = "hs_behandelgroep_verblijf"
    HS_DRIEMILIEU_VERBLIJF = "hs_driemilieu_verblijf"
    BEHANDELING_AMBULANT = "behandeling_ambulant"
    GROEPSBEHANDELING = "groepsbehandeling"
    GROEPSBEHANDELING_ZWAAR = "groepsbehandeling_zwaar"
    GROEPSBEHANDELING_KDC = "groepsbehandeling_kdc"
    GGZ_CONSULTATIE = "ggz_consultatie"
    PLEEGZORG = "pleegzorg"
    GEZINSHUIS = "gezinshuis"
    BESCHUT_WONEN_JEUGD = "beschut_wonen_jeugd"
    VERBLIJF_JEUGD = "verblijf_jeugd"
    BESCHERMD_WONEN = "beschermd_wonen"
    BESCHUT_WONEN = "beschut_wonen"
    BEGELEIDING_JEUGD = "begeleiding_jeugd"
    BEGELEIDING_SPECIALISTISCH_JEUGD = "begeleiding_specialistisch_jeugd"
    BEGELEIDING_INTENSIEF_JEUGD = "begeleiding_intensief_jeugd"
    BEGELEIDING_WMO = "begeleiding_wmo"
    BEGELEIDING_SPECIALISTISCH_WMO = "begeleiding_specialistisch_wmo"
    DAGBESTEDING_JEUGD = "dagbesteding_jeugd"
    DAGBESTEDING_ONTWIKKELGERICHT_JEUGD = "dagbesteding_ontwikkelgericht_jeugd"
    DAGBESTEDING_SPECIALISTISCH_JEUGD = "dagbesteding_specialistisch_jeugd"
    DAGBESTEDING_WMO = "dagbesteding_wmo"
    LOGEREN = "logeren"
    RESPIJT_DAGBESTEDING = "respijt_dagbesteding"
    HULP_BIJ_HET_HUISHOUDEN = "hulp_bij_het_huishouden"


class LawDomain(enum.Enum):
    """The law domain of a segment or product (§4.2: Jeugd, Wmo, Jeugd-Wmo)."""

    JEUGD = "jeugd"
    WMO = "wmo"
    JEUGD_WMO = "jeugd-wmo"

    @property
    def laws(self) -> frozenset[Law]:
        return {
            LawDomain.JEUGD: frozenset({Law.JEUGDWET}),
            LawDomain.WMO: frozenset({Law.WMO}),
            LawDomain.JEUGD_WMO: frozenset({Law.JEUGDWET, Law.WMO}),
        }[self]


class Level(enum.Enum):
    """Where a task is organised (§2.1, MH-05)."""

    LOKAAL = "lokaal"
    REGIONAAL = "regionaal"
    BOVENREGIONAAL = "bovenregionaal"


class Payer(enum.Enum):
    """Who pays the per-client lines of a product (§2.2)."""

    RESIDENCE = "residence"
    """The client's municipality of residence, on actual use (MH-09, MH-11)."""
    CENTRAL = "central"
    """The centrumgemeente Gouda, holder of the pooled regional budget for maatschappelijke
    zorg that includes beschermd wonen (MH-14, MH-15)."""


class Direction(enum.Enum):
    """The desired direction of an indicator (bijlage 4: afname, toename, stabilisatie)."""

    DECREASE = "decrease"
    INCREASE = "increase"
    STABILISE = "stabilise"


@attrs.frozen
class IndicatorSpec:
    """A segment indicator as bijlage 4 names it, with its desired direction."""

    key: str
    name: str
    direction: Direction
    rule: str


@attrs.frozen
class SubSegmentInfo:
    key: SubSegment
    name: str
    rule: str
    choice: str
    indicators: tuple[IndicatorSpec, ...]
    min_age: int | None = None
    max_start_age: int | None = None
    ambition: str = ""
    goals: tuple[str, ...] = ()
    """The ambition and goals (*Ambitie*, *Doelen*) of the bijlage 4 sheet."""


@attrs.frozen
class SegmentInfo:
    """A segment with its number, law domain, section and (sub-segment) indicators."""

    key: SegmentKey
    number: int
    name: str
    law: LawDomain
    section: str
    rule: str
    choice: str
    indicators: tuple[IndicatorSpec, ...]
    subs: tuple[SubSegmentInfo, ...] = ()
    ambition: str = ""
    goals: tuple[str, ...] = ()
    """The ambition and goals of the bijlage 4 sheet (empty for a segment whose
    sub-segments have their own sheets: Gedwongen kader, Ondersteuning)."""

    def all_indicators(self) -> tuple[IndicatorSpec, ...]:
        return self.indicators + tuple(i for s in self.subs for i in s.indicators)


@attrs.frozen
class ProductInfo:
    """A product: its segment, law domain, unit, payer and the flags the rules use."""

    key: Product
    name: str
    segment: SegmentKey
    law: LawDomain
    unit: Unit | None
    payer: Payer
    sub: SubSegment | None = None
    ijw_code: str | None = None
    residential: bool = False
    home_like: bool = False
    needs_help: bool = False
    level: Level = Level.REGIONAAL
    note: str | None = None


@attrs.frozen
class CatalogData:
    """The catalog as the core sees it plus the region's typed product and segment data."""

    catalog: Catalog
    segments: tuple[SegmentInfo, ...]
    products: tuple[ProductInfo, ...]

    def product(self, code: str) -> ProductInfo:
        """The product of an arrangement code (raises ``UnknownCode`` for a code the catalog
        lacks, e.g. maatschappelijke opvang, which is outside the purchase, MH-103)."""
        self.catalog.arrangement(code)
        for info in self.products:
            if info.key.value == code:
                return info
        raise AssertionError(f"catalog and products disagree on {code}")  # pragma: no cover

    def segment(self, key: SegmentKey) -> SegmentInfo:
        for info in self.segments:
            if info.key is key:
                return info
        raise AssertionError(f"segment {key} missing")  # pragma: no cover

    def sub(self, key: SubSegment) -> SubSegmentInfo:
        for seg in self.segments:
            for sub in seg.subs:
                if sub.key is key:
                    return sub
        raise AssertionError(f"sub-segment {key} missing")  # pragma: no cover


def _indicators(p: Params) -> tuple[IndicatorSpec, ...]:
    out = []
    for item in p.tables("indicators"):
        out.append(IndicatorSpec(item.text("key"), item.text("name"),
                                 item.enum("direction", Direction), item.text("rule")))
        item.done()
    return tuple(out)


def _opt_int(p: Params, key: str) -> int | None:
    return p.integer(key) if p.has(key) else None


def _unit(p: Params) -> Unit | None:
    code = p.text("unit")
    if code == "month":
        return None
    try:
        return Unit.from_code(code)
    except Exception as exc:  # UnknownCode
        raise p.error("unit", str(exc)) from None


def load_catalog(path: Path | str = PARAMETERS / "catalog.toml") -> CatalogData:
    """Read ``catalog.toml`` strictly: every segment and product of the enums exactly once,
    no unknown keys (§4.2, MH-69)."""
    params = read_toml(path)
    segments: list[SegmentInfo] = []
    core_segments: list[Segment] = []
    for entry in params.tables("segment"):
        key = entry.enum("key", SegmentKey)
        subs: list[SubSegmentInfo] = []
        if entry.has("sub"):
            for s in entry.tables("sub"):
                subs.append(SubSegmentInfo(
                    s.enum("key", SubSegment), s.text("name"), s.text("rule"), s.text("choice"),
                    _indicators(s), _opt_int(s, "min_age"), _opt_int(s, "max_start_age"),
                    s.text("ambition"), tuple(s.str_list("goals")),
                ))
                s.done()
        info = SegmentInfo(
            key=key, number=entry.integer("number"), name=entry.text("name"),
            law=entry.enum("law", LawDomain), section=entry.text("section"),
            rule=entry.opt_str("rule") or "MH-69", choice=entry.opt_str("choice") or "",
            indicators=_indicators(entry) if entry.has("indicators") else (),
            subs=tuple(subs),
            ambition=entry.opt_str("ambition") or "",
            goals=tuple(entry.str_list("goals")) if entry.has("goals") else (),
        )
        if not subs and not info.goals:
            raise entry.error("goals", f"segment {key.value} needs the goals of its bijlage 4 "
                                       "sheet (or sub-segments that have them)")
        entry.done()
        segments.append(info)
        core_segments.append(Segment(
            key.value, f"{info.number}. {info.name}", needs_decision=True,
            description=f"{info.name} ({info.law.value})",
            indicators=tuple(i.name for i in info.all_indicators()),
            ref=ref(info.rule, info.section),
        ))
    products: list[ProductInfo] = []
    arrangements: list[Arrangement] = []
    for entry in params.tables("product"):
        pkey = entry.enum("key", Product)
        segment = entry.enum("segment", SegmentKey)
        sub = entry.enum("sub", SubSegment) if entry.has("sub") else None
        product = ProductInfo(
            key=pkey, name=entry.text("name"), segment=segment,
            law=entry.enum("law", LawDomain), unit=_unit(entry),
            payer=entry.enum("payer", Payer), sub=sub, ijw_code=entry.opt_str("ijw_code"),
            residential=entry.boolean("residential", False),
            home_like=entry.boolean("home_like", False),
            needs_help=entry.boolean("needs_help", False),
            level=entry.enum("level", Level, Level.REGIONAAL),
            note=entry.opt_str("note"),
        )
        entry.done()
        products.append(product)
        seg_info = next((s for s in segments if s.key is segment), None)
        if seg_info is None:
            raise params.error("product", f"product {pkey.value} names segment "
                                          f"{segment.value} before it is defined")
        if sub is not None and sub not in {s.key for s in seg_info.subs}:
            raise params.error("product", f"product {pkey.value}: {sub.value} is not a "
                                          f"sub-segment of {segment.value}")
        arrangements.append(Arrangement(
            pkey.value, product.name, segment.value, product.law.laws, unit=product.unit,
            product_code=product.ijw_code, ref=ref(seg_info.rule, seg_info.section),
        ))
    params.done()
    _check_complete(path, [s.key for s in segments], SegmentKey, "segment")
    _check_complete(path, [p.key for p in products], Product, "product")
    national = Path(path).parent / "products.toml"
    return CatalogData(
        apply_products(Catalog(arrangements=tuple(arrangements), segments=tuple(core_segments)),
                       load_products(national), str(national)),
        tuple(segments), tuple(products),
    )


def _check_complete(path: Path | str, seen: list[enum.Enum], kind: type[enum.Enum],
                    what: str) -> None:
    keys = [k.value for k in seen]
    for member in kind:
        if keys.count(member.value) != 1:
            raise ParameterError(
                f"{what} {member.value!r} must appear exactly once "
                f"(found {keys.count(member.value)})", source=str(path), path=what,
            )
