"""The registry: duplicate, broken, none, conflict, dialects, membership over time."""

from __future__ import annotations

import datetime as dt
from importlib import metadata

import attrs
import pytest

from sociaaldomein import (
    Conflict,
    DuplicatePolicy,
    Membership,
    Municipality,
    MunicipalityDialect,
    NoPolicy,
    Period,
    Ref,
    RegionPolicy,
    Registry,
    UnsupportedApiVersion,
)
from sociaaldomein.policy import registry as registry_module
from sociaaldomein_template import POLICY

D = dt.date


def test_no_policy_and_lookup() -> None:
    reg = Registry.of(POLICY)
    assert reg.policy_for("9901", D(2024, 6, 1)).code == "template"
    with pytest.raises(NoPolicy, match="0855"):
        reg.policy_for("0855", D(2024, 6, 1))
    with pytest.raises(NoPolicy):  # before membership starts
        reg.policy_for("9901", D(2023, 12, 31))
    with pytest.raises(NoPolicy):
        reg.get("nowhere")


def test_duplicate_code_refused() -> None:
    with pytest.raises(DuplicatePolicy):
        Registry.of(POLICY, POLICY)


def test_conflict_when_two_regions_claim() -> None:
    other = attrs.evolve(POLICY, code="other")
    reg = Registry.of(POLICY, other)
    with pytest.raises(Conflict, match="other, template"):
        reg.policy_for("9901", D(2024, 6, 1))


def test_membership_changes_over_time() -> None:
    ref = POLICY.members[0].ref
    early = attrs.evolve(POLICY, code="early", members=(
        Membership(Municipality("9901", "Voorbeelddorp"), Period(D(2020, 1, 1), D(2024, 1, 1)), ref),))
    reg = Registry.of(POLICY, early)
    assert reg.policy_for("9901", D(2023, 6, 1)).code == "early"
    assert reg.policy_for("9901", D(2024, 6, 1)).code == "template"


def test_dialect_applied() -> None:
    ref = Ref(POLICY.sources[0], "§9")
    renamed = attrs.evolve(POLICY, dialects=(MunicipalityDialect(
        "9902", "Proefstad dialect", "other name", ref, Period.open(D(2024, 1, 1)),
        apply=lambda p: attrs.evolve(p, name="Proefstad variant")),))  # type: ignore[misc]
    reg = Registry.of(renamed)
    assert reg.policy_for("9902", D(2024, 6, 1)).name == "Proefstad variant"
    assert reg.policy_for("9901", D(2024, 6, 1)).name == POLICY.name


def test_unsupported_api_version() -> None:
    with pytest.raises(UnsupportedApiVersion):
        Registry.of(attrs.evolve(POLICY, api_version=99))


def test_broken_plugin_reported_by_distribution(monkeypatch: pytest.MonkeyPatch) -> None:
    class FakeDist:
        name = "sociaaldomein-broken"

    class FakeEntryPoint:
        name = "broken"
        dist = FakeDist()

        def load(self) -> object:
            raise ImportError("no module named sociaaldomein_broken")

    class GoodEntryPoint:
        name = "template"
        dist = FakeDist()

        def load(self) -> RegionPolicy:
            return POLICY

    def fake_entry_points(group: str) -> list[object]:
        assert group == "sociaaldomein.policies"
        return [FakeEntryPoint(), GoodEntryPoint()]

    monkeypatch.setattr(metadata, "entry_points", fake_entry_points)
    reg = registry_module.Registry()
    assert reg.codes() == ("template",)
    assert len(reg.broken) == 1 and "sociaaldomein-broken" in reg.broken[0].message


def test_installed_plugins_are_discovered() -> None:
    reg = Registry()
    assert "template" in reg.codes()


def test_dialect_is_applied_once_per_municipality() -> None:
    calls: list[str] = []

    def apply(p: RegionPolicy) -> RegionPolicy:
        calls.append(p.code)
        return attrs.evolve(p, name="variant")  # type: ignore[misc]

    ref = Ref(POLICY.sources[0], "§9")
    dialect = MunicipalityDialect("9902", "d", "d", ref, Period.open(D(2024, 1, 1)), apply=apply)
    reg = Registry.of(attrs.evolve(POLICY, dialects=(dialect,)))
    first = reg.policy_for("9902", D(2024, 6, 1))
    assert reg.policy_for("9902", D(2025, 6, 1)) is first and calls == ["template"]
