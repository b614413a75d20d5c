"""Plans: goals per result area, who has regie and who coordinates.

A plan (*plan van aanpak, perspectiefplan, ondersteuningsplan, gezinsplan*) is drawn up by
the access team with the household. Per result area it records the current situation, the
desired result and a term. It names who has *regie* (the regisseur) and who coordinates its
execution. The core records what the plan says; each region's policy decides what is
allowed (one coordinator, who must be regisseur when safety is at stake ...) and reports
breaches as violations.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable

import attrs

from sociaaldomein.errors import InvalidValue
from sociaaldomein.model.household import _check_id
from sociaaldomein.model.typecheck import as_frozenset, as_tuple

__all__ = ["Goal", "GoalRevision", "Party", "PartyKind", "Plan", "PlanKind", "RevisionKind"]


class PartyKind(enum.Enum):
    """Who can hold regie or coordinate."""

    CLIENT = "client"
    HOUSEHOLD = "household"
    ACCESS_TEAM = "access_team"
    """The municipal access team (*toegang, lokaal team, sociaal wijkteam*)."""
    MUNICIPALITY = "municipality"
    PROVIDER = "provider"
    PREVENTIVE_FIELD = "preventive_field"
    """A party in the *voorliggend veld* (free-access provisions, welfare)."""
    GI = "gi"
    """A certified institution (*gecertificeerde instelling*) for youth protection."""
    ZORG_EN_VEILIGHEIDSHUIS = "zorg_en_veiligheidshuis"
    VANGNET = "vangnet"
    """*Vangnetpartners* for adults (Wmo)."""
    VEILIG_THUIS = "veilig_thuis"
    GP = "gp"
    """General practitioner (*huisarts*), an autonomous referrer for youth care."""


class PlanKind(enum.Enum):
    PLAN_VAN_AANPAK = "plan_van_aanpak"
    PERSPECTIEFPLAN = "perspectiefplan"
    ONDERSTEUNINGSPLAN = "ondersteuningsplan"
    GEZINSPLAN = "gezinsplan"



def _tuple_of_goal(value: Iterable[Goal]) -> tuple[Goal, ...]:
    return as_tuple(value)


class RevisionKind(enum.Enum):
    """Why a plan's goals were written down again."""

    EVALUATION = "evaluation"
    """An evaluation of the plan (*evaluatie*): the goals as they stand afterwards."""
    REVISION = "revision"
    """A change of the goals between evaluations (*bijstelling*)."""


def _tuple_of_party(value: Iterable[Party]) -> tuple[Party, ...]:
    return as_tuple(value)


def _set_of_str(value: Iterable[str]) -> frozenset[str]:
    return as_frozenset(value)


@attrs.frozen
class Party:
    """A party in a role: its kind and, where it matters, which one (a provider code)."""

    kind: PartyKind
    id: str | None = None
    name: str | None = None

    def __str__(self) -> str:
        return f"{self.kind.value}{':' + self.id if self.id else ''}"


@attrs.frozen
class Goal:
    """A goal in one result area: where the household is, where it wants to be, by when.

    ``level`` is the region's measure of distance to the result (a self-reliance level,
    an intensity) where the region sets one.
    """

    result_area: str
    desired_result: str = attrs.field()
    current_situation: str = ""
    term_end: dt.date | None = None
    level: str | None = None

    @desired_result.validator
    def _check_result(self, _attr: object, value: str) -> None:
        if not isinstance(value, str):
            raise InvalidValue("a goal's desired result must be text")


@attrs.frozen
class GoalRevision:
    """The plan's goals as they stand from ``date`` on, after an evaluation or a revision.

    ``consulted`` records that the change was agreed with the household and the provider
    (*in overleg*)."""

    date: dt.date
    goals: tuple[Goal, ...] = attrs.field(converter=_tuple_of_goal)
    kind: RevisionKind = RevisionKind.REVISION
    consulted: bool = False
    note: str | None = None


def _tuple_of_revision(value: Iterable[GoalRevision]) -> tuple[GoalRevision, ...]:
    return tuple(sorted(value, key=lambda r: r.date))


@attrs.frozen
class Plan:
    """A household's plan.

    ``coordinators`` is a tuple so that a plan naming two coordinators can be represented
    and reported; a valid plan in every region has exactly one. ``safety_concern`` records
    that safety is at stake (an unsafe youth, a Veilig Thuis case). ``domains`` lists the
    life domains with substantial problems. ``general_provision_reason`` records why a
    general (free-access) provision does not suffice, where a region asks for it.
    """

    id: str = attrs.field(validator=_check_id)
    household_id: str = attrs.field(validator=_check_id)
    drawn_up_on: dt.date
    kind: PlanKind = PlanKind.PLAN_VAN_AANPAK
    goals: tuple[Goal, ...] = attrs.field(converter=_tuple_of_goal, default=())
    regisseur: Party | None = None
    coordinators: tuple[Party, ...] = attrs.field(converter=_tuple_of_party, default=())
    safety_concern: bool = False
    domains: frozenset[str] = attrs.field(converter=_set_of_str, default=frozenset())
    general_provision_reason: str | None = None
    term_end: dt.date | None = None
    revisions: tuple[GoalRevision, ...] = attrs.field(converter=_tuple_of_revision, default=())

    def __attrs_post_init__(self) -> None:
        if self.revisions and self.revisions[0].date < self.drawn_up_on:
            raise InvalidValue(f"plan {self.id}: a goal revision dated before the plan was "
                               "drawn up")

    def goals_on(self, day: dt.date) -> tuple[Goal, ...]:
        """The goals in force on ``day``: those of the latest revision on or before it, else
        the goals as drawn up."""
        current = self.goals
        for revision in self.revisions:
            if revision.date <= day:
                current = revision.goals
        return current

    def goal_for(self, result_area: str) -> Goal | None:
        for goal in self.goals:
            if goal.result_area == result_area:
                return goal
        return None

    def has_explicit_result(self, result_area: str) -> bool:
        """Whether the plan names a non-empty desired result for ``result_area``."""
        goal = self.goal_for(result_area)
        return goal is not None and bool(goal.desired_result.strip())
