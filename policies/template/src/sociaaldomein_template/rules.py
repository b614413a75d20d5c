"""Validation and coordination of the template region, each rule citing its clause."""

from __future__ import annotations

import datetime as dt

from sociaaldomein import Case, Catalog, Coordination, Party, PartyKind, Plan, Violation
from sociaaldomein.policy.checks import (
    check_known_arrangements,
    check_law_by_age,
    check_single_coordinator,
)
from sociaaldomein_template.sources import ref

__all__ = ["coordination", "validate_case"]


def coordination(plan: Plan) -> Coordination:
    """The coordinator the plan names; the access team when it names none (TPL-05, §5)."""
    coordinator = plan.coordinators[0] if plan.coordinators else Party(PartyKind.ACCESS_TEAM)
    return Coordination(plan.regisseur or Party(PartyKind.CLIENT), coordinator,
                        ref("TPL-05", "§5"))


def validate_case(case: Case, catalog: Catalog, on: dt.date) -> list[Violation]:
    """Unknown arrangements (TPL-06, §2), law by age (TPL-04, §4), one coordinator per
    plan (TPL-05, §5)."""
    return [
        *check_known_arrangements(case, catalog, "TPL-06", ref("TPL-06", "§2")),
        *check_law_by_age(case, catalog, "TPL-04", ref("TPL-04", "§4")),
        *check_single_coordinator(case, "TPL-05", ref("TPL-05", "§5")),
    ]
