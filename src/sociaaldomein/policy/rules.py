"""A region's rule inventory as data: ``parameters/rules.toml``.

Every region lists every rule id of its documents' inventory (``../shared/rules/``) with
its status: where it is encoded and which test covers it, or why it is not encoded. The
list lives in a data file beside the policy, not in code, so that policy staff can read
and review it, and one docs hook renders every region's page from it. The format::

    region = "west-friesland"          # must match the policy's code

    [[rule]]
    id = "WF-58"                       # the inventory's id
    summary = "Segment C needs a perspectiefplan before the allocation."
    source = "uitvoeringskader"        # a key of the policy's sources (see below)
    section = "§3.6.2"                 # the clause
    status = "encoded"                 # encoded | parameter | indicator | not_encoded
    encoded_in = "rules.check_perspective_plan"
    tested_by = "tests/test_rules.py::test_wf_58_perspective_plan_first"
    reason = ""                        # why not, for status not_encoded

:func:`load_rules` reads the file strictly (an unknown key, a duplicate id, an unknown
source or status, an encoded rule without ``encoded_in`` and ``tested_by``, or a
``not_encoded`` rule without a ``reason`` is a :class:`~sociaaldomein.errors.ParameterError`
naming file and key) and returns :class:`~sociaaldomein.policy.plugin.RuleDoc`\\ s in file
order.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from sociaaldomein.errors import ParameterError
from sociaaldomein.model.provenance import Ref, Source
from sociaaldomein.policy.parameters import read_toml
from sociaaldomein.policy.plugin import RuleDoc, RuleStatus

__all__ = ["RULE_ID", "load_rules"]

RULE_ID = re.compile(r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*-[0-9]+[a-z]?$")
"""The shape of an inventory id: ``WF-58``, ``HVB19-12``, ``MH-74``, ``H4-03``."""


def load_rules(path: Path | str, *, region: str, sources: Mapping[str, Source]) -> tuple[RuleDoc, ...]:
    """Read a region's ``rules.toml``; ``sources`` maps the keys used in the file to the
    policy's :class:`Source` objects."""
    params = read_toml(path)
    declared = params.text("region")
    if declared != region:
        raise params.error("region", f"is {declared!r}, but the policy's code is {region!r}")
    out: list[RuleDoc] = []
    seen: set[str] = set()
    for entry in params.tables("rule"):
        rule_id = entry.text("id")
        if not RULE_ID.match(rule_id):
            raise entry.error("id", f"{rule_id!r} is not an inventory id such as 'WF-58'")
        if rule_id in seen:
            raise entry.error("id", f"{rule_id} is listed twice")
        seen.add(rule_id)
        key = entry.text("source")
        if key not in sources:
            raise entry.error("source", f"unknown source {key!r}; known: {', '.join(sorted(sources))}")
        status = entry.enum("status", RuleStatus)
        encoded_in = entry.opt_str("encoded_in") or ""
        tested_by = entry.opt_str("tested_by") or ""
        reason = entry.opt_str("reason") or ""
        if status is RuleStatus.NOT_ENCODED:
            if not reason:
                raise entry.error("reason", f"{rule_id} is not encoded: say why")
        elif not (encoded_in and tested_by):
            raise entry.error("encoded_in", f"{rule_id} is {status.value}: say where it is "
                              "encoded (encoded_in) and which test covers it (tested_by)")
        out.append(RuleDoc(
            id=rule_id, summary=entry.text("summary"),
            ref=Ref(sources[key], entry.text("section"), rule_id),
            status=status, encoded_in=encoded_in, tested_by=tested_by, reason=reason,
        ))
        entry.done()
    params.done()
    if not out:
        raise ParameterError("lists no [[rule]]", source=str(path))
    return tuple(out)
