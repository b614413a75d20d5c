"""Indicators over caseload counts: the movement between light and heavy support.

*Inkoopplan Wmo Rijswijk 2017* h1 §1.3 [H4-20]: the figures show "om hoeveel cliënten het
gaat en kunnen we een beweging van zware naar lichte zorg in de cijfers zien"; a heavier
demand is a signal to explain [H4-21]; bijlage 3 bullet 5 [H4-93]: "Een beweging naar zo
veel mogelijk lichte begeleiding maken"; h2 §2.2 focuspunt 1 [H4-41]: "minder individuele
begeleiding inzetten maar collectieve zorg".

The shares come from the core's :func:`sociaaldomein.shares_and_growth`, exact as
fractions; rounding is only for display.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

import attrs

from sociaaldomein import InvalidValue
from sociaaldomein.analysis import shares_and_growth

__all__ = ["LevelShift", "individual_share", "level_shift"]


@attrs.frozen
class LevelShift:
    """How the shares of the lightest and the heaviest level moved between two dates.

    ``light_share`` and ``heavy_share`` are (before, after) exact fractions. A positive
    ``towards_light`` is the movement the plan aims at (H4-93); ``heavier`` is the signal of
    H4-21 (the heaviest level's share rose).
    """

    levels: tuple[str, ...]
    light_share: tuple[Fraction, Fraction]
    heavy_share: tuple[Fraction, Fraction]

    @property
    def towards_light(self) -> Fraction:
        """Change of the lightest level's share (in fractions of 1; positive is lighter)."""
        return self.light_share[1] - self.light_share[0]

    @property
    def heavier(self) -> bool:
        """H4-21: the weight of demand increased (the heaviest level's share rose)."""
        return self.heavy_share[1] > self.heavy_share[0]


def level_shift(counts: Mapping[str, Sequence[int]]) -> LevelShift:
    """The light/heavy shift of a product from counts per level, ordered light to heavy,
    each with a count before and after (H4-20, H4-21, H4-93). In 2015 both products moved
    to heavier care (individual guidance, bijlage 1 punt 2, H4-82, against the §1.3
    sentence of H4-37; dagbesteding, bijlage 1 punt 3, H4-88)."""
    rows = shares_and_growth(counts)
    light, heavy = rows[0], rows[-1]
    if any(s is None for s in (*light.shares, *heavy.shares)) or len(light.shares) != 2:
        raise InvalidValue("level_shift needs two dates with a non-zero total each")
    ls = (light.shares[0], light.shares[1])
    hs = (heavy.shares[0], heavy.shares[1])
    assert ls[0] is not None and ls[1] is not None and hs[0] is not None and hs[1] is not None
    return LevelShift(tuple(counts), (ls[0], ls[1]), (hs[0], hs[1]))


def individual_share(individual: Sequence[int], group: Sequence[int]) -> tuple[Fraction, ...]:
    """The share of individual guidance in individual plus group guidance, per date
    (H4-41: the aim is less individual and more collective support)."""
    rows = shares_and_growth({"individueel": individual, "groep": group})
    shares = rows[0].shares
    if any(s is None for s in shares):
        raise InvalidValue("individual_share needs a non-zero total on every date")
    return tuple(s for s in shares if s is not None)
