"""What a region can allocate: result areas, segments, arrangements, units.

The shape of an arrangement differs per region (result area x self-reliance level, support
profile x intensity, a product with a unit, a stay per 24 hours), so the core defines one
:class:`Arrangement` record with a stable ``code`` and the plugins derive those codes from
their own enums. The units follow the national iStandaarden code list *Eenheid*; the
frequency follows the list *Frequentie*.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable

import attrs

from sociaaldomein.errors import InvalidValue, UnknownCode
from sociaaldomein.model.household import Law
from sociaaldomein.model.provenance import Ref
from sociaaldomein.model.typecheck import as_frozenset, as_tuple

__all__ = [
    "JEUGD_CATEGORIES",
    "WMO_CATEGORIES",
    "Arrangement",
    "Catalog",
    "Frequency",
    "ResultArea",
    "Segment",
    "Unit",
    "check_product",
]


class Unit(enum.Enum):
    """Units of the iStandaarden code list *Eenheid* (iWmo / iJw)."""

    MINUTE = "01"
    HOUR = "04"
    ETMAAL = "14"
    DAGDEEL = "16"
    PIECE_OUTPUT = "82"
    EURO = "83"
    PIECE_EFFORT = "84"

    @property
    def label(self) -> str:
        return {
            Unit.MINUTE: "minuut",
            Unit.HOUR: "uur",
            Unit.ETMAAL: "etmaal",
            Unit.DAGDEEL: "dagdeel (4 uur)",
            Unit.PIECE_OUTPUT: "stuks (output)",
            Unit.EURO: "euro's",
            Unit.PIECE_EFFORT: "stuks (inspanning)",
        }[self]

    @classmethod
    def from_code(cls, code: str) -> Unit:
        try:
            return cls(code)
        except ValueError:
            known = ", ".join(f"{u.value} {u.label}" for u in cls)
            raise UnknownCode(f"unknown Eenheid code {code!r}; known: {known}") from None


class Frequency(enum.Enum):
    """Frequencies of the iStandaarden code list *Frequentie*."""

    PER_DAY = "1"
    PER_WEEK = "2"
    PER_MONTH = "4"
    TOTAL = "6"
    """Total within the validity of the allocation (*totaal binnen geldigheidsduur*)."""


WMO_CATEGORIES = frozenset(f"{n:02d}" for n in range(1, 19))
"""National product categories of the Wmo 2015 (iWmo list WMO020: 01-18)."""
JEUGD_CATEGORIES = frozenset([*(str(n) for n in range(31, 39)), *(str(n) for n in range(40, 56))])
"""National product categories of the Jeugdwet (iJw list JZ020: 31-38 and 40-55)."""
_PRODUCT_CODE = re.compile(r"[^\x00-\x1f\x7f-\x9f]*\S[^\x00-\x1f\x7f-\x9f]*")


def check_product(category: str | None, code: str | None, where: str,
                  law: Law | None = None) -> None:
    """Refuse a national product category outside WMO020/JZ020 (of ``law`` when given), or
    a product code that is not 1-5 characters on one line."""
    if category is not None:
        allowed = (WMO_CATEGORIES if law is Law.WMO else JEUGD_CATEGORIES if law is not None
                   else WMO_CATEGORIES | JEUGD_CATEGORIES)
        if category not in allowed:
            raise InvalidValue(f"{where}: product category {category!r} is not a national "
                               "category (Wmo 01-18, Jeugdwet 31-38 and 40-55)"
                               + (f" of the {law.value}" if law is not None else ""))
    if code is not None and (
            not isinstance(code, str) or len(code) > 5 or not _PRODUCT_CODE.fullmatch(code)):
        raise InvalidValue(f"{where}: product code {code!r:.40} is not 1-5 characters")


def _non_empty(_inst: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidValue(f"{attribute.name} must be a non-empty string")



def _set_of_law(value: Iterable[Law]) -> frozenset[Law]:
    return as_frozenset(value)


def _tuple_of_arrangement(value: Iterable[Arrangement]) -> tuple[Arrangement, ...]:
    return as_tuple(value)


def _tuple_of_segment(value: Iterable[Segment]) -> tuple[Segment, ...]:
    return as_tuple(value)


def _tuple_of_resultarea(value: Iterable[ResultArea]) -> tuple[ResultArea, ...]:
    return as_tuple(value)


@attrs.frozen
class ResultArea:
    """A life domain in which goals are set (*resultaatgebied, leefgebied*)."""

    code: str = attrs.field(validator=_non_empty)
    name: str = attrs.field(validator=_non_empty)
    ref: Ref | None = None


@attrs.frozen
class Segment:
    """A market ordering of arrangements with its own purchasing instruments.

    ``needs_decision``: whether an arrangement in it needs a formal decision
    (*beschikking*) or referral; free-access segments do not.
    """

    code: str = attrs.field(validator=_non_empty)
    name: str = attrs.field(validator=_non_empty)
    needs_decision: bool = True
    description: str = ""
    indicators: tuple[str, ...] = ()
    ref: Ref | None = None


@attrs.frozen
class Arrangement:
    """A unit a municipality buys and allocates (*arrangement, product, voorziening*).

    ``laws`` says under which law(s) it may be allocated; ``unit`` is set when it is
    bought per unit (P x Q, stays). ``result_area`` links it to a life domain.
    ``product_category`` is the national category (Wmo 01-18, Jeugdwet 31-55) and
    ``product_code`` the (regional) iStandaarden product code, for the 301 message; an
    arrangement under both laws has them for the Wmo and ``youth_product_*`` for the
    Jeugdwet (:meth:`national_product`).
    """

    code: str = attrs.field(validator=_non_empty)
    name: str = attrs.field(validator=_non_empty)
    segment: str = attrs.field(validator=_non_empty)
    laws: frozenset[Law] = attrs.field(converter=_set_of_law)
    result_area: str | None = None
    unit: Unit | None = None
    product_code: str | None = None
    ref: Ref | None = None
    product_category: str | None = None
    youth_product_category: str | None = None
    youth_product_code: str | None = None

    def __attrs_post_init__(self) -> None:
        where = f"arrangement {self.code}"
        both = len(self.laws) > 1
        law = Law.WMO if both else next(iter(self.laws))
        check_product(self.product_category, self.product_code, where, law)
        if (self.youth_product_category or self.youth_product_code) and not both:
            raise InvalidValue(f"{where}: a youth product only for an arrangement under both laws")
        check_product(self.youth_product_category, self.youth_product_code, where, Law.JEUGDWET)

    def national_product(self, law: Law) -> tuple[str | None, str | None]:
        """The national category and product code of this arrangement under ``law``."""
        if len(self.laws) > 1 and law is Law.JEUGDWET:
            return self.youth_product_category, self.youth_product_code
        return self.product_category, self.product_code

    @laws.validator
    def _check_laws(self, _attr: object, value: frozenset[Law]) -> None:
        if not value:
            raise InvalidValue(f"arrangement {self.code} falls under no law")


def _index(items: Iterable[Arrangement | Segment | ResultArea], kind: str) -> None:
    seen: set[str] = set()
    for item in items:
        if item.code in seen:
            raise InvalidValue(f"{kind} code {item.code!r} appears twice in the catalog")
        seen.add(item.code)


@attrs.frozen
class Catalog:
    """The arrangements, segments and result areas a region allocates from."""

    arrangements: tuple[Arrangement, ...] = attrs.field(converter=_tuple_of_arrangement)
    segments: tuple[Segment, ...] = attrs.field(converter=_tuple_of_segment)
    result_areas: tuple[ResultArea, ...] = attrs.field(converter=_tuple_of_resultarea, default=())

    def __attrs_post_init__(self) -> None:
        _index(self.arrangements, "arrangement")
        _index(self.segments, "segment")
        _index(self.result_areas, "result area")
        segments = {s.code for s in self.segments}
        areas = {a.code for a in self.result_areas}
        for arrangement in self.arrangements:
            if arrangement.segment not in segments:
                raise InvalidValue(
                    f"arrangement {arrangement.code} names unknown segment {arrangement.segment!r}"
                )
            if arrangement.result_area is not None and arrangement.result_area not in areas:
                raise InvalidValue(
                    f"arrangement {arrangement.code} names unknown result area "
                    f"{arrangement.result_area!r}"
                )

    def arrangement(self, code: str) -> Arrangement:
        """The arrangement with ``code``; :class:`UnknownCode` when the catalog lacks it."""
        for arrangement in self.arrangements:
            if arrangement.code == code:
                return arrangement
        raise UnknownCode(f"unknown arrangement code {code!r}")

    def has_arrangement(self, code: str) -> bool:
        return any(a.code == code for a in self.arrangements)

    def segment(self, code: str) -> Segment:
        for segment in self.segments:
            if segment.code == code:
                return segment
        raise UnknownCode(f"unknown segment code {code!r}")

    def result_area(self, code: str) -> ResultArea:
        for area in self.result_areas:
            if area.code == code:
                return area
        raise UnknownCode(f"unknown result area code {code!r}")
