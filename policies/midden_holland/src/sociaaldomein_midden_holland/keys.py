"""Distribution keys (*verdeelsleutels*) for the few shared services.

*Kaderdocument inkoop Wmo en Jeugd 2025*, §2.2 (MH-12): for a limited number of services
bought by subsidy or on availability, a distribution key agreed in advance (by residents or
by youths) splits the cost over the municipalities. The split is exact: the parts add up to
the amount to the cent (largest remainder, :meth:`sociaaldomein.Money.allocate`).

The document gives no key values; ``parameters/distribution_keys.toml`` ships example
weights and a municipality replaces them with the agreed key.
"""

from __future__ import annotations

import datetime as dt
import enum
from pathlib import Path

import attrs

from sociaaldomein import InvalidValue, Money, ParameterError
from sociaaldomein.policy.parameters import read_toml
from sociaaldomein_midden_holland.sources import PARAMETERS

__all__ = ["Basis", "DistributionKey", "key_for_members", "key_on", "load_keys", "split_by_key"]


class Basis(enum.Enum):
    """What a key counts (§2.2: "op basis van inwoners of jeugdigen")."""

    RESIDENTS = "residents"
    YOUTHS = "youths"


def _weights(value: tuple[tuple[str, int], ...]) -> tuple[tuple[str, int], ...]:
    items = tuple((str(code), int(weight)) for code, weight in value)
    return tuple(sorted(items))


@attrs.frozen
class DistributionKey:
    """A key: a weight per municipality code, valid from a date."""

    name: str
    basis: Basis
    valid_from: dt.date
    weights: tuple[tuple[str, int], ...] = attrs.field(converter=_weights)
    example: bool = False
    note: str | None = None

    @weights.validator
    def _check(self, _attr: object, value: tuple[tuple[str, int], ...]) -> None:
        if not value:
            raise InvalidValue(f"distribution key {self.name} has no municipalities")
        codes = [c for c, _ in value]
        if len(set(codes)) != len(codes):
            raise InvalidValue(f"distribution key {self.name} names a municipality twice")
        if any(w < 0 for _, w in value) or not any(w > 0 for _, w in value):
            raise InvalidValue(f"distribution key {self.name}: weights must be >= 0 and "
                               "not all zero")

    @property
    def total_weight(self) -> int:
        return sum(w for _, w in self.weights)


def split_by_key(amount: Money, key: DistributionKey) -> dict[str, Money]:
    """Split ``amount`` over the key's municipalities in proportion to their weights.

    The parts add up to ``amount`` exactly, to the cent (MH-12): the remainder cents go to
    the largest remainders, ties to the municipality listed first (by code).
    """
    parts = amount.allocate([w for _, w in key.weights])
    return {code: part for (code, _), part in zip(key.weights, parts, strict=True)}


def load_keys(path: Path | str = PARAMETERS / "distribution_keys.toml") -> tuple[DistributionKey, ...]:
    """Read the distribution keys strictly (integer weights per CBS code)."""
    params = read_toml(path)
    keys: list[DistributionKey] = []
    for entry in params.tables("key"):
        table = entry.table("weights")
        weights = []
        for code in table.keys():  # noqa: SIM118 (Params is not a dict)
            if len(code) != 4 or not code.isdigit():
                raise table.error(code, "a weight is keyed by a four-digit CBS gemeentecode")
            weights.append((code, table.integer(code)))
        table.done()
        try:
            keys.append(DistributionKey(
                name=entry.text("name"), basis=entry.enum("basis", Basis),
                valid_from=entry.date("valid_from"), weights=tuple(weights),
                example=entry.boolean("example"), note=entry.opt_str("note"),
            ))
        except InvalidValue as exc:
            raise entry.wrap("weights", exc) from None
        entry.done()
    params.done()
    names = [(k.name, k.valid_from) for k in keys]
    if len(set(names)) != len(names):
        raise ParameterError("a key is given twice for the same date", source=str(path),
                             path="key")
    return tuple(keys)


def key_on(keys: tuple[DistributionKey, ...], name: str, day: dt.date) -> DistributionKey:
    """The key ``name`` valid on ``day`` (the latest that started on or before it)."""
    valid = [k for k in keys if k.name == name and k.valid_from <= day]
    if not valid:
        raise ParameterError(f"no distribution key {name!r} valid on {day.isoformat()}",
                             source="distribution_keys.toml", path="key")
    return max(valid, key=lambda k: k.valid_from)


def key_for_members(keys: tuple[DistributionKey, ...], name: str, day: dt.date,
                    members: set[str]) -> DistributionKey:
    """The key ``name`` valid on ``day``, which must weigh exactly the members of that day
    (MH-12): a member without a weight would pay nothing and a code that is no member (a
    typo) would take a share, both silently, so either is a :class:`ParameterError` naming
    the file and the key."""
    key = key_on(keys, name, day)
    codes = {c for c, _ in key.weights}
    missing, extra = sorted(members - codes), sorted(codes - members)
    if missing or extra:
        problems = "; ".join(filter(None, (
            f"no weight for member(s) {', '.join(missing)}" if missing else "",
            f"weight for non-member(s) {', '.join(extra)}" if extra else "")))
        raise ParameterError(
            f"distribution key {name!r} valid from {key.valid_from.isoformat()} does not "
            f"match the members on {day.isoformat()}: {problems}",
            source="distribution_keys.toml", path=f"key[{name}].weights")
    return key
