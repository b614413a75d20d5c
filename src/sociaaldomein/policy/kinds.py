"""Kinds of care across regions: what an arrangement is, whatever a region calls it.

Each region names and cuts its arrangements its own way (a result area x self-reliance
level, a profile x intensity, a product with a unit). :class:`CareKind` is the
region-independent kind of care an arrangement is, read from its name, code, segment,
result area and unit. The generator calibrates on it, the comparison carries a caseload
from one region's catalog to another's with it, and the indicators group by it.
"""

from __future__ import annotations

import enum

from sociaaldomein.model.catalog import Arrangement, Unit
from sociaaldomein.model.household import Law
from sociaaldomein.policy.plugin import RegionPolicy

__all__ = ["CareKind", "care_kind", "kind_in"]


class CareKind(enum.Enum):
    """A region-independent kind of care, read from an arrangement's name and unit. Used to
    calibrate the generator and to carry a caseload from one region's catalog to another's."""

    HOUSEHOLD_HELP = "household_help"
    GUIDANCE = "guidance"
    DAY_ACTIVITIES = "day_activities"
    STAY = "stay"
    TRANSPORT = "transport"
    CRISIS = "crisis"
    YOUTH_PROTECTION = "youth_protection"
    YOUTH_HELP = "youth_help"


_KEYWORDS: tuple[tuple[CareKind, tuple[str, ...]], ...] = (
    (CareKind.CRISIS, ("crisis", "acuut")),
    (CareKind.YOUTH_PROTECTION, ("jeugdbescherming", "reclassering", "gedwongen", "voogdij",
                                 "jeugdzorgplus", "forensisch")),
    (CareKind.HOUSEHOLD_HELP, ("huishoud", "schoon en leefbaar", "hbh", "household",
                               "clean and liveable")),
    (CareKind.TRANSPORT, ("vervoer", "transport")),
    (CareKind.STAY, ("verblijf", "logeer", "respijt", "beschermd wonen", "pleegzorg",
                     "gezinshuis", "opvang", "short stay", "kortdurend")),
    (CareKind.DAY_ACTIVITIES, ("dagbesteding", "dagactiviteit", "groep", "participatie",
                               "dagbehandeling")),
    (CareKind.GUIDANCE, ("begeleiding", "ondersteuning", "sociaal netwerk", "regie",
                         "financ", "administratie", "thuis")),
)


def care_kind(arrangement: Arrangement, segment_name: str = "", area_name: str = "") -> CareKind:
    """The kind of care an arrangement is, from its name, code, segment, result area and
    unit.

    >>> from sociaaldomein import Arrangement, Law
    >>> care_kind(Arrangement("hh", "Hulp bij het huishouden", "maatwerk", {Law.WMO})).value
    'household_help'
    """
    text = " ".join((arrangement.name, arrangement.code, segment_name, area_name)).lower()
    for kind, words in _KEYWORDS:
        if any(word in text for word in words):
            return kind
    if arrangement.unit is Unit.ETMAAL:
        return CareKind.STAY
    if arrangement.unit is Unit.DAGDEEL:
        return CareKind.DAY_ACTIVITIES
    if Law.JEUGDWET in arrangement.laws and Law.WMO not in arrangement.laws:
        return CareKind.YOUTH_HELP
    return CareKind.GUIDANCE


def kind_in(policy: RegionPolicy, arrangement: Arrangement) -> CareKind:
    """:func:`care_kind` with the segment and result area names of the policy's catalog."""
    segment = next((s.name for s in policy.catalog.segments if s.code == arrangement.segment), "")
    area = next((a.name for a in policy.catalog.result_areas
                 if a.code == arrangement.result_area), "")
    return care_kind(arrangement, segment, area)
