"""Issue 12, item 12: a plugin cannot take the program down. At load anything it raises
but KeyboardInterrupt makes it a broken plugin named by its distribution; at run time a
failing ``settle`` or ``validate`` is reported with region and distribution, the other
regions' results are still produced (and written), and the exit code is 3."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

import attrs
import pytest

from sociaaldomein import (
    Case,
    Caseload,
    Month,
    PluginFailed,
    RegionPolicy,
    Registry,
    Settlement,
    default_registry,
    settle,
    validate,
)
from sociaaldomein.io.files import write_caseload
from sociaaldomein.model.lines import SettlementLine
from sociaaldomein.model.validation import Violation
from sociaaldomein.policy import registry as registry_module
from sociaaldomein.synth import generate

Cli = Callable[[list[str]], tuple[int, str, str]]
MONTH = Month(2025, 3)


class _Odd(BaseException):
    """A BaseException subclass, as a careless plugin might define."""


class _EntryPoint:
    def __init__(self, name: str, dist: str, load: Callable[[], object]) -> None:
        self.name = name
        self.dist = type("Dist", (), {"name": dist})()
        self._load = load

    def load(self) -> object:
        return self._load()


def _exits() -> object:
    raise SystemExit(7)


def _odd() -> object:
    raise _Odd("odd")


def _interrupts() -> object:
    raise KeyboardInterrupt


def _discovering(monkeypatch: pytest.MonkeyPatch, *entry_points: _EntryPoint) -> Registry:
    real = list(metadata.entry_points(group=registry_module.ENTRY_POINT_GROUP))

    added = list(entry_points)

    def discovered(group: str) -> list[object]:
        assert group == registry_module.ENTRY_POINT_GROUP
        return [*real, *added]

    monkeypatch.setattr(metadata, "entry_points", discovered)
    return Registry()


@pytest.mark.parametrize(("load", "kind"), [(_exits, "SystemExit"), (_odd, "_Odd")])
def test_anything_a_plugin_raises_at_load_makes_it_broken(
        monkeypatch: pytest.MonkeyPatch, load: Callable[[], object], kind: str) -> None:
    registry = _discovering(monkeypatch, _EntryPoint("bad", "sociaaldomein-bad", load))
    assert "template" in registry.codes()  # the others load
    [broken] = registry.broken
    assert "distribution 'sociaaldomein-bad' failed to load" in broken.message
    assert kind in broken.message


def test_keyboard_interrupt_at_load_is_not_swallowed(monkeypatch: pytest.MonkeyPatch) -> None:
    registry = _discovering(monkeypatch, _EntryPoint("bad", "sociaaldomein-bad", _interrupts))
    with pytest.raises(KeyboardInterrupt):
        registry.codes()


def test_the_commands_run_with_a_plugin_that_exits_on_import(
        monkeypatch: pytest.MonkeyPatch, template_file: Path, cli: Cli) -> None:
    registry = _discovering(monkeypatch, _EntryPoint("bad", "sociaaldomein-bad", _exits))
    monkeypatch.setattr(registry_module, "_DEFAULT", registry)
    code, _, err = cli(["validate", str(template_file)])
    assert code == 0
    assert "sociaaldomein-bad" in err


# -- at run time ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def two_regions() -> Caseload:
    return generate(seed=11, households=16, regions=["template", "midden-holland"],
                    breaches=False, year=2025).caseload


@pytest.fixture(scope="module")
def template_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("plugins") / "template.json"
    write_caseload(path, generate(seed=7, households=4, regions=["template"],
                                  breaches=False).caseload)
    return path


def _template() -> Any:
    return default_registry().get("template")


def _with(**methods: Callable[..., object]) -> RegionPolicy:
    """The template region with some of its methods replaced."""
    template = _template()
    base = type(template)
    cls = attrs.frozen(type("Broken", (base,), dict(methods)))
    policy: RegionPolicy = cls(**{f.name: getattr(template, f.name)
                                  for f in attrs.fields(base) if f.init})
    return policy


def _raises(*_args: object) -> list[Any]:
    raise ZeroDivisionError("plugin bug")


def _exit(*_args: object) -> list[Any]:
    raise SystemExit(7)


def _garbage(*_args: object) -> object:
    return [42]


def _text(*_args: object) -> object:
    return "lines"


def _region_totals(settlement: Settlement) -> dict[str, int]:
    return {k: v.amount_cents for k, v in settlement.group_by("region").items()}


@pytest.fixture(scope="module")
def other_alone(two_regions: Caseload) -> Settlement:
    registry = Registry.of(default_registry().get("midden-holland"))
    routed = {h.id for h in two_regions.households
              if registry.codes() and _claimed(registry, h.municipality.code)}
    from sociaaldomein.settle.regions import subset_households

    return settle(subset_households(two_regions, frozenset(routed)), MONTH, registry)


def _claimed(registry: Registry, code: str) -> bool:
    try:
        registry.policy_for(code, MONTH.first_day)
    except Exception:
        return False
    return True


@pytest.mark.parametrize("method", [_raises, _exit, _garbage, _text])
def test_a_failing_settle_spares_the_other_regions(
        method: Callable[..., object], two_regions: Caseload, other_alone: Settlement) -> None:
    registry = Registry.of(_with(settle=method), default_registry().get("midden-holland"))
    with pytest.raises(PluginFailed) as failed:
        settle(two_regions, MONTH, registry)
    assert failed.value.code == "SD-406"
    [failure] = failed.value.failures
    assert "region 'template' (distribution '(given)'): its settle" in failure
    partial = failed.value.result
    assert isinstance(partial, Settlement)
    assert partial.lines == other_alone.lines  # the other region settled as if alone
    assert partial.lines
    assert sum(line.amount.amount_cents for line in partial.payments()) == \
        partial.total.amount_cents


@pytest.mark.parametrize("method", [_raises, _garbage])
def test_a_failing_validate_spares_the_other_regions(method: Callable[..., object],
                                                     two_regions: Caseload) -> None:
    other = default_registry().get("midden-holland")
    registry = Registry.of(_with(validate=method), other)
    with pytest.raises(PluginFailed) as failed:
        validate(two_regions, registry=registry)
    assert "region 'template'" in failed.value.failures[0]
    found = failed.value.result
    assert isinstance(found, list) and all(isinstance(v, Violation) for v in found)
    alone = validate(two_regions, registry=Registry.of(other))
    assert found == [v for v in alone if not v.path.endswith(".municipality")]


def test_garbage_members_break_only_their_region(two_regions: Caseload) -> None:
    other = default_registry().get("midden-holland")
    registry = Registry.of(attrs.evolve(_template(), members=("junk",)), other)
    lines = settle(_only_other(two_regions, registry), MONTH, registry).lines
    assert lines
    assert {line.region for line in lines} == {"midden-holland"}
    [broken] = registry.broken
    assert "region 'template'" in broken.message and "members" in broken.message


def _only_other(caseload: Caseload, registry: Registry) -> Caseload:
    from sociaaldomein.settle.regions import subset_households

    return subset_households(caseload, frozenset(
        h.id for h in caseload.households if _claimed(registry, h.municipality.code)))


def test_settle_writes_the_other_regions_and_exits_3(
        two_regions: Caseload, tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch,
        other_alone: Settlement) -> None:
    source = tmp_path / "in.json"
    write_caseload(source, two_regions)
    registry = Registry.of(_with(settle=_raises), default_registry().get("midden-holland"))
    monkeypatch.setattr(registry_module, "_DEFAULT", registry)
    target = tmp_path / "lines.json"
    code, _, err = cli(["settle", str(source), "--month", str(MONTH), "--output",
                        str(target), "--no-validate"])
    assert code == 3
    assert "region 'template' (distribution '(given)'): its settle raised ZeroDivisionError" \
        in err
    rows = json.loads(target.read_text(encoding="utf-8"))
    assert {row["region"] for row in rows} == {"midden-holland"}
    assert sum(row["amount_cents"] for row in rows if row["flow"] == "to_provider") == \
        other_alone.total.amount_cents


def test_validate_shows_the_other_regions_and_exits_3(
        two_regions: Caseload, tmp_path: Path, cli: Cli,
        monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "in.json"
    write_caseload(source, two_regions)
    registry = Registry.of(_with(validate=_exit), default_registry().get("midden-holland"))
    monkeypatch.setattr(registry_module, "_DEFAULT", registry)
    code, _, err = cli(["validate", str(source)])
    assert code == 3
    assert "its validate raised SystemExit: 7" in err


def test_unused_helpers_are_typed() -> None:
    # the fixtures' helpers hold what the plugin contract asks
    assert isinstance(_template(), RegionPolicy)
    assert isinstance(dt.date.today(), dt.date)
    assert Case is not None and SettlementLine is not None and Iterator is not None
