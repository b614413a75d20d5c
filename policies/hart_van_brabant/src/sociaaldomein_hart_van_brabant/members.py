"""The member municipalities over time, and who takes part in the joint purchase.

* Nine municipalities form the region (*Leidende principes* h1 intro, HVB16-01). The 2016
  note names only Waalwijk; the names of the eight others come from the 2019 purchasing plan
  (§1.1, HVB19-01). The CBS gemeentecodes are facts, not from the sources.
* Eight of them buy Wmo-begeleiding together from 1 January 2019 (*Inkoopplan
  resultaatgerichte Wmo-begeleiding 2019* §1.1, §1.3; HVB19-01, HVB19-05). Heusden and Loon
  op Zand reserved the freedom to postpone or drop out (§1.3, HVB19-03): they are marked
  ``conditional`` and a what-if is ``attrs.evolve`` with another participation.
* Waalwijk endorses the principles but does not harmonise its purchasing (§1.3, HVB19-04):
  it has no joint-purchase participation and speaks its own dialect (see
  :mod:`sociaaldomein_hart_van_brabant.dialects`).
* A municipality may buy some results separately (household help under 2b, §1.4 and §3.2
  item 2, HVB19-07).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs

from sociaaldomein import InvalidValue, Membership, Municipality, Period, Ref, UnknownCode
from sociaaldomein.policy.parameters import read_toml
from sociaaldomein_hart_van_brabant.catalog import Result
from sociaaldomein_hart_van_brabant.sources import PARAMETERS, ref16, ref19

__all__ = ["Members", "Participation", "load_members"]

REF_REGION = ref16("h1 (intro)", "HVB16-01")
REF_JOINT = ref19("§1.1; §1.3", "HVB19-01")


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
    memberships: tuple[Membership, ...]
    participation: tuple[Participation, ...]
    region_code: str
    region_name: str


def load_members(path: Path | None = None) -> Members:
    """Read ``members.toml`` strictly (HVB16-01, HVB19-01, HVB19-03, HVB19-04, HVB19-07)."""
    file = path or PARAMETERS / "members.toml"
    params = read_toml(file)
    region = params.table("region")
    code, name, size = region.text("code"), region.text("name"), region.integer("size")
    region.done()
    memberships: list[Membership] = []
    participation: list[Participation] = []
    for item in params.tables("municipality"):
        try:
            municipality = Municipality(item.text("code"), item.text("name"))
        except InvalidValue as exc:
            raise item.error("code", exc.message) from None
        memberships.append(Membership(
            municipality, Period.open(item.date("region_from")), REF_REGION,
            note="one of the nine municipalities of the region",
        ))
        joint = item.opt_date("joint_purchase_from")
        separately: set[Result] = set()
        for result_code in item.str_list("separately_bought_results"):
            try:
                separately.add(Result.from_code(result_code))
            except UnknownCode as exc:
                raise item.error("separately_bought_results", exc.message) from None
        participation.append(Participation(
            municipality, Period.open(joint) if joint else None,
            conditional=item.boolean("conditional"),
            separately_bought=frozenset(separately),
            dialect=item.opt_str("dialect"),
        ))
        item.done()
    params.done()
    codes = [m.municipality.code for m in memberships]
    if len(set(codes)) != len(codes):
        raise params.error("municipality", "a CBS code is given twice")
    if len(codes) != size:
        raise params.error("municipality", f"{len(codes)} municipalities, region.size says {size}")
    return Members(tuple(memberships), tuple(participation), code, name)
