"""What a region can allocate: result areas, segments, arrangements, units.

The shape of an arrangement differs per region (result area x self-reliance level, support
profile x intensity, a product with a unit, a stay per 24 hours), so the core defines one
:class:`Arrangement` record with a stable ``code`` and the plugins derive those codes from
their own enums. The units follow the national iStandaarden code list *Eenheid*; the
frequency follows the list *Frequentie*.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

import attrs

from sociaaldomein.errors import InvalidValue, UnknownCode
from sociaaldomein.model.household import Law
from sociaaldomein.model.provenance import Ref

__all__ = ["Arrangement", "Catalog", "Frequency", "ResultArea", "Segment", "Unit"]


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


def _non_empty(_inst: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidValue(f"{attribute.name} must be a non-empty string")



def _set_of_law(value: Iterable[Law]) -> frozenset[Law]:
    return frozenset(value)


def _tuple_of_arrangement(value: Iterable[Arrangement]) -> tuple[Arrangement, ...]:
    return tuple(value)


def _tuple_of_segment(value: Iterable[Segment]) -> tuple[Segment, ...]:
    return tuple(value)


def _tuple_of_resultarea(value: Iterable[ResultArea]) -> tuple[ResultArea, ...]:
    return tuple(value)


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
    ``product_code`` is the national iStandaarden product code where one exists.
    """

    code: str = attrs.field(validator=_non_empty)
    name: str = attrs.field(validator=_non_empty)
    segment: str = attrs.field(validator=_non_empty)
    laws: frozenset[Law] = attrs.field(converter=_set_of_law)
    result_area: str | None = None
    unit: Unit | None = None
    product_code: str | None = None
    ref: Ref | None = None

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
