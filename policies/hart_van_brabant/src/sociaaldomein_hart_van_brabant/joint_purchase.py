"""The member municipalities, and who takes part in the joint purchase of Wmo-begeleiding.

* Nine municipalities form the region (*Leidende principes* h1 intro, HVB16-01). The 2016
  note names only Waalwijk; the names of the eight others come from the 2019 purchasing plan
  (§1.1, HVB19-01). The CBS gemeentecodes are facts, not from the sources.
* Eight of them buy Wmo-begeleiding together from 1 January 2019 (*Inkoopplan
  resultaatgerichte Wmo-begeleiding 2019* §1.1, §1.3; HVB19-01, HVB19-05). Heusden and Loon
  op Zand reserved the freedom to postpone or drop out (§1.3, HVB19-03): they are marked
  ``conditional`` and a what-if is ``attrs.evolve`` with another participation.
* Waalwijk endorses the principles but does not harmonise its purchasing (§1.3, HVB19-04):
  it has no joint-purchase participation and speaks its own dialect (see
  :data:`sociaaldomein_hart_van_brabant.policy.WAALWIJK`).
* A municipality may buy some results separately (household help under 2b, §1.4 and §3.2
  item 2, HVB19-07).

Both come from ``parameters/members.toml``: the ``[[member]]`` rows in the kit's format
(:func:`sociaaldomein.policy.members.load_members`) and this region's own
``[[joint_purchase]]`` rows and ``size``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs

from sociaaldomein import Membership, Municipality, Period, Ref, UnknownCode
from sociaaldomein.policy import members as kit_members
from sociaaldomein.policy.parameters import Params, read_toml
from sociaaldomein_hart_van_brabant.catalog import Result
from sociaaldomein_hart_van_brabant.sources import PARAMETERS, REGION, SOURCES, ref

__all__ = ["REF_JOINT", "Members", "Participation", "load_members"]

REF_JOINT = ref("HVB19-01", "§1.1; §1.3")


@attrs.frozen
class Participation:
    """A municipality's part in the joint purchase of Wmo-begeleiding.

    ``period`` is ``None`` when it does not take part (Waalwijk). ``conditional`` marks the
    reserved freedom to postpone or drop out (HVB19-03). ``separately_bought`` lists results
    the municipality buys outside the joint purchase (2b, HVB19-07).
    """

    municipality: Municipality
    period: Period | None
    conditional: bool = False
    separately_bought: frozenset[Result] = frozenset()
    dialect: str | None = None
    ref: Ref = REF_JOINT

    def takes_part(self, on: dt.date) -> bool:
        return self.period is not None and on in self.period


@attrs.frozen
class Members:
    """The region's members over time and their part in the joint purchase."""

    memberships: tuple[Membership, ...]
    participation: tuple[Participation, ...]


def load_members(path: Path | None = None) -> Members:
    """Read ``members.toml`` strictly (HVB16-01, HVB19-01, HVB19-03, HVB19-04, HVB19-07):
    an unknown key, a code that is no CBS gemeentecode, a ``[[joint_purchase]]`` row for a
    non-member or a missing one, or a count other than ``size`` is a
    :class:`~sociaaldomein.ParameterError` naming the file and the key."""
    file = path or PARAMETERS / "members.toml"
    params = read_toml(file)
    memberships = kit_members.load_members(params, region=REGION, sources=SOURCES)
    size = params.integer("size")
    by_code = {m.municipality.code: m.municipality for m in memberships}
    if len(by_code) != size:
        raise params.error("member", f"{len(by_code)} municipalities, size says {size}")
    participation = tuple(_participation(row, by_code) for row in params.tables("joint_purchase"))
    params.done()
    codes = [p.municipality.code for p in participation]
    if len(set(codes)) != len(codes):
        raise params.error("joint_purchase", "a CBS code is given twice")
    missing = sorted(set(by_code) - set(codes))
    if missing:
        raise params.error("joint_purchase", f"no row for member {', '.join(missing)}; a "
                           "municipality outside the joint purchase has a row without from")
    return Members(memberships, participation)


def _participation(row: Params, members: dict[str, Municipality]) -> Participation:
    code = row.text("code")
    if code not in members:
        raise row.error("code", f"{code} is not a member ([[member]]) of the region")
    joint = row.opt_date("from")
    separately: set[Result] = set()
    for result_code in row.str_list("separately_bought_results"):
        try:
            separately.add(Result.from_code(result_code))
        except UnknownCode as exc:
            raise row.error("separately_bought_results", exc.message) from None
    participation = Participation(
        members[code], Period.open(joint) if joint else None,
        conditional=row.boolean("conditional"), separately_bought=frozenset(separately),
        dialect=row.opt_str("dialect"),
    )
    row.done()
    return participation
