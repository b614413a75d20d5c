"""A region's member municipalities over time, from its ``parameters/members.toml``.

The format::

    region = "template"                # must match the policy's code

    [[member]]
    code = "9901"                      # CBS gemeentecode, four digits
    name = "Voorbeelddorp"
    from = 2024-01-01                  # first day of membership
    until = 2027-01-01                 # optional: first day no longer a member
    source = "template"                # a key of the policy's sources
    section = "§1"
    rule = "TPL-01"                    # optional: the inventory's id
    note = ""                          # optional

A municipality may appear in several rows for separate periods (leaving and joining
again); overlapping rows for one municipality are an error. A region reads its own extra
tables (central municipalities, dialects) from the same :class:`Params` and then calls
:meth:`Params.done`, so an unknown key is still refused.
"""

from __future__ import annotations

from collections.abc import Mapping

from sociaaldomein.errors import SociaaldomeinError
from sociaaldomein.model.household import Municipality
from sociaaldomein.model.periods import Period
from sociaaldomein.model.provenance import Ref, Source
from sociaaldomein.policy.parameters import Params
from sociaaldomein.policy.plugin import Membership

__all__ = ["load_members"]


def load_members(params: Params, *, region: str, sources: Mapping[str, Source]) -> tuple[Membership, ...]:
    """The ``[[member]]`` rows of a members file (and its ``region`` key), strictly."""
    declared = params.text("region")
    if declared != region:
        raise params.error("region", f"is {declared!r}, but the policy's code is {region!r}")
    out: list[Membership] = []
    for row in params.tables("member"):
        try:
            municipality = Municipality(row.text("code"), row.text("name"))
            start = row.date("from")
            until = row.opt_date("until")
            period = Period(start, until) if until is not None else Period.open(start)
        except SociaaldomeinError as exc:
            raise row.error("code", exc.message) from None
        key = row.text("source")
        if key not in sources:
            raise row.error("source", f"unknown source {key!r}; known: {', '.join(sorted(sources))}")
        ref = Ref(sources[key], row.text("section"), row.opt_str("rule"))
        for other in out:
            if other.municipality.code == municipality.code and other.period.overlaps(period):
                raise row.error("from", f"municipality {municipality.code} is a member twice "
                                f"in overlapping periods")
        out.append(Membership(municipality, period, ref, row.opt_str("note") or ""))
        row.done()
    if not out:
        raise params.error("member", "lists no member municipality")
    return tuple(out)
