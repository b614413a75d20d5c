"""What Hart van Brabant allocates: the 2019 purchase matrix, its add-ons, the tracks.

* The **2019 purchase matrix** (*inkoopmatrix Wmo-begeleiding*, *Inkoopplan resultaatgerichte
  Wmo-begeleiding 2019* §3.1): 13 results (1a..6b) in six result areas x three
  self-reliance levels (*bijna / beperkt / niet zelfredzaam*) = 39 cells (HVB19-17 ..
  HVB19-24). Each cell is an arrangement with code ``"<result>-<level>"`` (``"5a-beperkt"``).
* **Add-ons** outside the cells (§3.2 item 1, §3.3): short stay for respite with a guidance
  and a stay component per etmaal (HVB19-28, HVB19-29), transport for areas 1 and 5
  (HVB19-40) and the extra coordination budget (HVB19-39).
* **Waalwijk's P x Q products** (its dialect; *Leidende principes* voetnoot 3-4).
* **Tracks** (*sporen*) 1-4 as segments (*Leidende principes* §3.2, HVB16-48).
* The **indicative 2016 domains** (*Leidende principes* §3.3, HVB16-66), whose amounts live
  in :mod:`sociaaldomein_hart_van_brabant.indicative`.

The keys are enums; ``parameters/catalog.toml`` holds the Dutch names and clauses and is
checked against the enums when it is read: a code the enums do not know, or an enum member
the file lacks, is a :class:`~sociaaldomein.ParameterError` naming file and key.
"""

from __future__ import annotations

import enum
from pathlib import Path
from typing import TypeVar

import attrs

from sociaaldomein import (
    Arrangement,
    Catalog,
    Law,
    Ref,
    ResultArea,
    Segment,
    Unit,
    UnknownCode,
)
from sociaaldomein.policy.parameters import Params, read_toml
from sociaaldomein.policy.products import apply_products, load_products
from sociaaldomein_hart_van_brabant.sources import PARAMETERS, ref

__all__ = [
    "AddOn",
    "Area",
    "AreaInfo",
    "Cell",
    "Distance2016",
    "Excluded",
    "HvbCatalog",
    "LifeDomain2016",
    "Result",
    "SelfReliance",
    "Track",
    "WaalwijkProduct",
    "load_catalog",
]


E = TypeVar("E", bound=enum.Enum)


class Area(enum.Enum):
    """The six result areas (*resultaatgebieden*) of the 2019 matrix (§3.2, HVB19-18..23)."""

    SOCIAAL_NETWERK = 1
    WONEN = 2
    FINANCIELE_SITUATIE = 3
    GEZINSSITUATIE = 4
    MAATSCHAPPELIJKE_PARTICIPATIE = 5
    REGIE_OP_EIGEN_LEVEN = 6


class Result(enum.Enum):
    """The 13 results, the rows of the 2019 matrix (§3.1, HVB19-18..23)."""

    R1A = "1a"
    R1B = "1b"
    R2A = "2a"
    R2B = "2b"
    R3A = "3a"
    R3B = "3b"
    R4A = "4a"
    R4B = "4b"
    R5A = "5a"
    R5B = "5b"
    R5C = "5c"
    R6A = "6a"
    R6B = "6b"

    @property
    def area(self) -> Area:
        return Area(int(self.value[0]))

    @classmethod
    def from_code(cls, code: str) -> Result:
        for member in cls:
            if member.value == code:
                return member
        known = ", ".join(m.value for m in cls)
        raise UnknownCode(f"unknown result {code!r} of the 2019 matrix; known: {known}")


class SelfReliance(enum.Enum):
    """The columns of the 2019 matrix, *afstand tot het resultaat* (§3.1, §3.4, HVB19-24),
    in order of increasing need."""

    BIJNA = "bijna"
    """*Bijna zelfredzaam*."""
    BEPERKT = "beperkt"
    """*Beperkt zelfredzaam*."""
    NIET = "niet"
    """*Niet zelfredzaam*."""

    @classmethod
    def from_code(cls, code: str) -> SelfReliance:
        for member in cls:
            if member.value == code:
                return member
        raise UnknownCode(
            f"unknown self-reliance level {code!r}; known: bijna, beperkt, niet (zelfredzaam)"
        )


@attrs.frozen(order=True)
class Cell:
    """A cell of the 2019 matrix: a result at a self-reliance level (HVB19-17)."""

    result: Result
    level: SelfReliance

    @property
    def code(self) -> str:
        return f"{self.result.value}-{self.level.value}"

    @property
    def area(self) -> Area:
        return self.result.area

    @classmethod
    def parse(cls, code: str) -> Cell:
        """The cell of an arrangement code such as ``"5a-beperkt"``; :class:`UnknownCode`
        for anything else (there is no meal cell, HVB19-37)."""
        result, sep, level = code.partition("-")
        if not sep:
            raise UnknownCode(f"{code!r} is not a cell of the 2019 matrix (e.g. '5a-beperkt')")
        return cls(Result.from_code(result), SelfReliance.from_code(level))

    @classmethod
    def all(cls) -> tuple[Cell, ...]:
        return tuple(cls(r, lv) for r in Result for lv in SelfReliance)


def cell_of(code: str) -> Cell | None:
    """The cell an arrangement code names, or ``None`` for any other arrangement."""
    try:
        return Cell.parse(code)
    except UnknownCode:
        return None


class AddOn(enum.Enum):
    """Arrangements outside the cells (§3.2 item 1, §3.3)."""

    SHORT_STAY_GUIDANCE = "kortdurend-verblijf-begeleiding"
    """Short stay for respite, guidance component, per etmaal (HVB19-29)."""
    SHORT_STAY_STAY = "kortdurend-verblijf-verblijf"
    """Short stay for respite, stay component, per etmaal (HVB19-29)."""
    TRANSPORT = "vervoer"
    """Transport for areas 1 and 5 only (HVB19-40)."""
    COORDINATION = "coordinatie"
    """Extra coordination budget in exceptional cases (HVB19-39)."""


class WaalwijkProduct(enum.Enum):
    """Waalwijk's P x Q products (example products; the sources name none)."""

    INDIVIDUAL = "waalwijk-begeleiding-individueel"
    GROUP = "waalwijk-begeleiding-groep"


class Track(enum.Enum):
    """The four tracks (*sporen*, *Leidende principes* §3.2, HVB16-48), used as segments."""

    SOCIALE_BASIS = 1
    LICHTE_ONDERSTEUNING = 2
    SPECIALISTISCHE_ONDERSTEUNING = 3
    COMPLEXE_CASUISTIEK = 4

    @property
    def code(self) -> str:
        return f"spoor-{self.value}"


class LifeDomain2016(enum.Enum):
    """The six life domains of the indicative 2016 matrix (*Leidende principes* §3.3)."""

    WONEN = "wonen"
    GEZONDHEID = "gezondheid"
    PARTICIPATIE = "participatie"
    OPVOEDEN = "opvoeden"
    FINANCIEN = "financien"
    OVERLAST = "overlast"


class Distance2016(enum.Enum):
    """The distances to the result of the indicative 2016 matrix (§3.3)."""

    LICHT = "licht"
    MIDDEN = "midden"
    ZWAAR = "zwaar"


@attrs.frozen
class AreaInfo:
    """What the source says about a result area: its name, clause and special rules."""

    area: Area
    name: str
    section: str
    rule: str
    explicit_result_required: bool
    """Areas 1 and 6: decided only with an explicit result in the plan (HVB19-36)."""
    transport: bool
    """Transport may be added (areas 1 and 5, HVB19-40)."""
    requires_other_area: bool
    """Area 3: maatwerk only together with another area (HVB19-30)."""


@attrs.frozen
class TrackInfo:
    track: Track
    name: str
    decision: str
    organised: str
    handled_by: str
    section: str
    rule: str
    also_called: str | None = None


@attrs.frozen
class Excluded:
    """A provision outside this purchase (``[[excluded]]`` in ``catalog.toml``): material
    provisions (HVB16-53, HVB16-71), care under other laws (HVB16-47), and the Wmo aids,
    sensory support and LVB sheltered living of *Inkoopplan 2019* §1.4 (HVB19-06)."""

    code: str
    name: str
    why: str
    ref: Ref


@attrs.frozen
class HvbCatalog:
    """The region's catalog as read from ``catalog.toml``: the core :class:`Catalog` plus
    what the core does not model (area rules, optional results, tracks, add-on areas)."""

    core: Catalog
    areas: tuple[AreaInfo, ...]
    result_names: tuple[tuple[Result, str], ...]
    optional_results: frozenset[Result]
    addon_areas: tuple[tuple[AddOn, frozenset[Area]], ...]
    tracks: tuple[TrackInfo, ...]
    domains_2016: tuple[tuple[LifeDomain2016, str, str], ...]
    source_file: str
    excluded: tuple[Excluded, ...] = ()
    """Provisions outside this purchase, never arrangements of this policy."""

    def excluded_provision(self, code: str) -> Excluded | None:
        """The excluded provision ``code`` names, if any (HVB19-06, HVB16-47, -53, -71)."""
        return next((e for e in self.excluded if e.code == code), None)

    def area(self, area: Area) -> AreaInfo:
        return next(a for a in self.areas if a.area is area)

    def result_name(self, result: Result) -> str:
        return next(n for r, n in self.result_names if r is result)

    def areas_for(self, addon: AddOn) -> frozenset[Area]:
        return next(a for o, a in self.addon_areas if o is addon)

    def track(self, track: Track) -> TrackInfo:
        return next(t for t in self.tracks if t.track is track)


def _enum_member(params: Params, key: str, kind: type[E], value: object) -> E:
    for member in kind:
        if member.value == value:
            return member
    known = ", ".join(repr(m.value) for m in kind)
    raise params.error(key, f"unknown code {value!r}; known: {known}")


def _complete(params: Params, key: str, kind: type[E], seen: list[E]) -> None:
    if len(set(seen)) != len(seen):
        raise params.error(key, "a code is given twice")
    missing = [m.value for m in kind if m not in seen]
    if missing:
        raise params.error(key, f"missing: {', '.join(map(str, missing))}")


def load_catalog(path: Path | None = None) -> HvbCatalog:
    """Read ``catalog.toml`` strictly and build the catalog (HVB19-17..25, HVB16-48)."""
    file = path or PARAMETERS / "catalog.toml"
    params = read_toml(file)

    matrix = params.table("matrix")
    matrix.text("source")
    matrix.date("valid_from")
    matrix_ref = _clause(matrix)
    matrix.text("axis")
    matrix.done()

    levels: list[SelfReliance] = []
    level_names: dict[SelfReliance, str] = {}
    for item in params.tables("level"):
        level = _enum_member(item, "code", SelfReliance, item.text("code"))
        levels.append(level)
        level_names[level] = item.text("name")
        item.done()
    _complete(params, "level", SelfReliance, levels)

    areas: list[AreaInfo] = []
    for item in params.tables("area"):
        area = _enum_member(item, "number", Area, item.integer("number"))
        _clause(item)
        areas.append(AreaInfo(
            area, item.text("name"), item.text("section"), item.text("rule"),
            item.boolean("explicit_result_required"), item.boolean("transport"),
            item.boolean("requires_other_area"),
        ))
        item.done()
    _complete(params, "area", Area, [a.area for a in areas])

    results: list[Result] = []
    names: list[tuple[Result, str]] = []
    optional: set[Result] = set()
    for item in params.tables("result"):
        result = _enum_member(item, "code", Result, item.text("code"))
        if item.integer("area") != result.area.value:
            raise item.error("area", f"result {result.value} lies in area {result.area.value}")
        results.append(result)
        names.append((result, item.text("name")))
        if item.boolean("optional"):
            optional.add(result)
        item.done()
    _complete(params, "result", Result, results)

    addons: list[AddOn] = []
    addon_areas: list[tuple[AddOn, frozenset[Area]]] = []
    arrangements: list[Arrangement] = []
    for item in params.tables("addon"):
        addon = _enum_member(item, "code", AddOn, item.text("code"))
        addons.append(addon)
        area_numbers = item.raw("areas")
        if not isinstance(area_numbers, list) or not all(
            type(n) is int and 1 <= n <= 6 for n in area_numbers
        ):
            raise item.error("areas", "must be a list of area numbers 1..6")
        addon_areas.append((addon, frozenset(Area(n) for n in area_numbers)))
        unit_code = item.text("unit")
        unit = None if unit_code == "period" else _unit(item, unit_code)
        arrangements.append(Arrangement(
            addon.value, item.text("name"), Track.SPECIALISTISCHE_ONDERSTEUNING.code,
            {Law.WMO}, unit=unit, ref=_clause(item),
        ))
        item.done()
    _complete(params, "addon", AddOn, addons)

    products: list[WaalwijkProduct] = []
    for item in params.tables("waalwijk_product"):
        product = _enum_member(item, "code", WaalwijkProduct, item.text("code"))
        products.append(product)
        example = item.boolean("example")
        arrangements.append(Arrangement(
            product.value, item.text("name"), Track.SPECIALISTISCHE_ONDERSTEUNING.code,
            {Law.WMO}, unit=_unit(item, item.text("unit")),
            ref=attrs.evolve(ref("HVB16-74", "voetnoot 3 (§3.3)"), example=example,
                             note="example product: the sources name no Waalwijk products"),
        ))
        item.done()
    _complete(params, "waalwijk_product", WaalwijkProduct, products)

    tracks: list[TrackInfo] = []
    for item in params.tables("track"):
        track = _enum_member(item, "number", Track, item.integer("number"))
        decision = item.text("decision")
        if decision not in ("none", "beschikking", "dwang-en-drang"):
            raise item.error("decision", f"unknown decision kind {decision!r}")
        organised = item.text("organised")
        if organised not in ("local", "regional"):
            raise item.error("organised", f"must be 'local' or 'regional', got {organised!r}")
        _clause(item)
        tracks.append(TrackInfo(
            track, item.text("name"), decision, organised, item.text("handled_by"),
            item.text("section"), item.text("rule"), item.opt_str("also_called"),
        ))
        item.done()
    _complete(params, "track", Track, [t.track for t in tracks])

    domains: list[tuple[LifeDomain2016, str, str]] = []
    for item in params.tables("domain_2016"):
        domain = _enum_member(item, "code", LifeDomain2016, item.text("code"))
        domains.append((domain, item.text("name"), item.text("example_result")))
        item.done()
    _complete(params, "domain_2016", LifeDomain2016, [d for d, _, _ in domains])
    distances = []
    for item in params.tables("distance_2016"):
        distances.append(_enum_member(item, "code", Distance2016, item.text("code")))
        item.text("name")
        item.done()
    _complete(params, "distance_2016", Distance2016, distances)
    excluded: list[Excluded] = []
    for item in params.tables("excluded"):
        excluded.append(Excluded(item.text("code"), item.text("name"), item.text("why"),
                                 _clause(item)))
        item.done()
    params.done()

    info = {a.area: a for a in areas}
    result_areas = tuple(
        ResultArea(r.value, f"{info[r.area].name}: {n}",
                   ref(info[r.area].rule, info[r.area].section))
        for r, n in sorted(names, key=lambda x: x[0].value)
    )
    cells = [
        Arrangement(
            cell.code, f"{cell.result.value} {level_names[cell.level]}",
            Track.SPECIALISTISCHE_ONDERSTEUNING.code, {Law.WMO},
            result_area=cell.result.value, ref=matrix_ref,
        )
        for cell in Cell.all()
    ]
    segments = tuple(
        Segment(
            t.track.code, t.name, needs_decision=t.decision != "none",
            description=f"{t.handled_by}; {t.organised}"
            + (f"; also called {t.also_called}" if t.also_called else ""),
            ref=ref(t.rule, t.section),
        )
        for t in sorted(tracks, key=lambda t: t.track.value)
    )
    core = Catalog(arrangements=(*cells, *arrangements), segments=segments,
                   result_areas=result_areas)
    national = file.parent / "products.toml"
    core = apply_products(core, load_products(national), str(national))
    codes = [e.code for e in excluded]
    clash = sorted({c for c in codes if core.has_arrangement(c) or codes.count(c) > 1})
    if clash:
        raise params.error("excluded", f"{', '.join(clash)}: given twice, or an arrangement "
                           "of this policy; an excluded provision is outside the purchase")
    return HvbCatalog(
        core=core,
        areas=tuple(sorted(areas, key=lambda a: a.area.value)),
        result_names=tuple(sorted(names, key=lambda x: x[0].value)),
        optional_results=frozenset(optional),
        addon_areas=tuple(addon_areas),
        tracks=tuple(sorted(tracks, key=lambda t: t.track.value)),
        domains_2016=tuple(domains),
        source_file=str(file),
        excluded=tuple(excluded),
    )


def _clause(item: Params) -> Ref:
    """The clause an entry names (``section``, ``rule``); an id that is not a Hart van
    Brabant rule id is an error naming file and key."""
    try:
        return ref(item.text("rule"), item.text("section"))
    except ValueError as exc:
        raise item.error("rule", str(exc)) from None


def _unit(item: Params, code: str) -> Unit:
    try:
        return Unit.from_code(code)
    except UnknownCode as exc:
        raise item.error("unit", exc.message) from None
