"""The generator's calibration on national figures, and the draws that use it.

The shares, counts and durations below come from ``public-figures.md`` (CBS, Monitor
Langdurige Zorg); :mod:`sociaaldomein.synth` explains each. The draws (ages, volumes,
satisfaction marks) use a ``random.Random`` they are given, never global random state.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from decimal import Decimal

from sociaaldomein.model.catalog import Unit
from sociaaldomein.model.funding import StopReason
from sociaaldomein.model.provenance import Ref, Source
from sociaaldomein.policy.kinds import CareKind

__all__ = ["BREACH_RATE", "CARRY_OVER_SHARE", "DEFAULT_HOUSEHOLDS", "DEFAULT_SEED", "DROPOUT", "EXTRA_WMO_KIND_WEIGHTS", "EXTRA_YOUTH_TRAJECTORY", "GENERATOR_REF", "PROVISIONS_PER_WMO_CLIENT", "WMO_KIND_WEIGHTS", "YOUTH_HOUSEHOLD_SHARE", "YOUTH_KIND_WEIGHTS", "YOUTH_MEAN_DAYS", "draw_birth", "draw_satisfaction", "weekly_volume", "weighted", "wmo_age", "youth_age"]


DEFAULT_SEED = 2019


GENERATOR_REF = Ref(Source("sociaaldomein example caseload generator", "sociaaldomein"),
                     "the generator's pricing check")


DEFAULT_HOUSEHOLDS = 2000


WMO_KIND_WEIGHTS: dict[str, float] = {
    "household_help": 0.68,
    "guidance": 0.16,
    "day_activities": 0.10,
    "stay": 0.03,
    "transport": 0.03,
}
"""The kind of a Wmo client's first provision."""


EXTRA_WMO_KIND_WEIGHTS: dict[str, float] = {
    "household_help": 0.30,
    "guidance": 0.20,
    "day_activities": 0.30,
    "stay": 0.05,
    "transport": 0.15,
}
"""The kind of each further provision (another kind than the client already has)."""


YOUTH_KIND_WEIGHTS: dict[str, float] = {
    "youth_help": 0.62,
    "guidance": 0.14,
    "day_activities": 0.08,
    "stay": 0.07,
    "crisis": 0.04,
    "youth_protection": 0.05,
}


PROVISIONS_PER_WMO_CLIENT = ((1, 0.58), (2, 0.27), (3, 0.09), (4, 0.04), (5, 0.01), (6, 0.01))


EXTRA_YOUTH_TRAJECTORY = (0.35, 0.05)


YOUTH_MEAN_DAYS = 548


DROPOUT = (
    (StopReason.COMPLETED, 0.70),
    (StopReason.BY_AGREEMENT, 0.10),
    (StopReason.CLIENT_UNILATERAL, 0.12),
    (StopReason.PROVIDER_UNILATERAL, 0.03),
    (StopReason.MOVED, 0.02),
    (StopReason.DECEASED, 0.02),
    (StopReason.EXTERNAL, 0.01),
)


YOUTH_HOUSEHOLD_SHARE = 0.40


CARRY_OVER_SHARE = 0.6
"""Share of the year's allocations that started before it. With a mean duration D of
about 1.5 years, a steady caseload holds D / (D + 1), about 0.6, carried over."""


BREACH_RATE = 0.01


def weighted(rng: random.Random, items: Sequence[tuple[object, float]]) -> object:
    total = sum(w for _, w in items)
    pick = rng.random() * total
    for item, weight in items:
        pick -= weight
        if pick < 0:
            return item
    return items[-1][0]


def draw_birth(rng: random.Random, age_low: int, age_high: int, on: dt.date) -> dt.date:
    """A birth date giving an age from ``age_low`` to ``age_high`` (inclusive) on ``on``."""
    age = rng.randint(age_low, age_high)
    days = rng.randint(1, 364)
    try:
        birthday = on.replace(year=on.year - age)
    except ValueError:  # 29 February
        birthday = on.replace(year=on.year - age, day=28)
    return birthday - dt.timedelta(days=days)


def wmo_age(rng: random.Random, kind: CareKind) -> tuple[int, int]:
    if kind is CareKind.HOUSEHOLD_HELP:
        return (66, 94) if rng.random() < 0.8 else (35, 65)
    if kind is CareKind.DAY_ACTIVITIES:
        return (55, 90) if rng.random() < 0.6 else (19, 54)
    return (19, 64) if rng.random() < 0.65 else (65, 90)


def youth_age(rng: random.Random, kind: CareKind) -> tuple[int, int]:
    if kind is CareKind.YOUTH_PROTECTION:
        return (12, 16)
    if rng.random() < 0.15:
        return (1, 5)
    return (6, 16)


def draw_satisfaction(rng: random.Random) -> int:
    mark = weighted(rng, ((9, 0.15), (8, 0.35), (7, 0.25), (6, 0.12), (5, 0.08), (4, 0.05)))
    assert isinstance(mark, int)
    return mark


def weekly_volume(rng: random.Random, unit: Unit | None, kind: CareKind) -> Decimal | None:
    if unit is None:
        return None
    if unit is Unit.HOUR:
        return Decimal(rng.choice((2, 2, 3, 3, 4, 5, 6, 8)))
    if unit is Unit.MINUTE:
        return Decimal(rng.choice((90, 120, 180, 240)))
    if unit is Unit.DAGDEEL:
        return Decimal(rng.choice((2, 3, 4, 5, 6)))
    if unit is Unit.ETMAAL:
        return Decimal(7) if kind in (CareKind.STAY, CareKind.YOUTH_PROTECTION) and rng.random() < 0.5 \
            else Decimal(rng.choice((1, 2)))
    return Decimal(1)
