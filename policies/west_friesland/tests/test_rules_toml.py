"""The rule inventory of West-Friesland as data: ``parameters/rules.toml`` against the
inventory of the *Uitvoeringskader inkoop sociaal domein West-Friesland 2019-2021*
(WF-01 .. WF-90), the tests and the code.

The region's docs page renders its rules from this file (``docs/hooks/regions.py``), so
these tests keep the page true: the kit's
:func:`~sociaaldomein.testing.inventory.check_inventory` (every id once, in order; every
test or case named exists and a case cites its rule; every encoded rule's place exists and
its id occurs in the region's code, data or tests), and, stricter, every dotted name of
``encoded_in`` resolves and the rule's id appears in one of the files it points to.
"""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path
from types import ModuleType

import attrs

import sociaaldomein
import sociaaldomein_west_friesland as package
from sociaaldomein import RuleStatus
from sociaaldomein.testing.inventory import check_inventory, inventory_ids
from sociaaldomein_west_friesland import POLICY, SOURCE

REGION = Path(__file__).resolve().parents[1]
PACKAGE = Path(package.__file__).resolve().parent
INVENTORY = REGION.parents[1].parent / "shared" / "rules" / "001-wf.md"
"""The inventory beside the repository, where the project keeps it (not shipped)."""

INVENTORY_IDS = [f"WF-{n:02d}" for n in range(1, 91)]
"""The ids of the inventory of the Uitvoeringskader: 90 rows, WF-01 .. WF-90 in order."""

MODULES = {p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
NAME = re.compile(r"(?<![\w/])([A-Za-z_]\w*)((?:\.[A-Za-z_]\w*)+)")
FILE = re.compile(r"([\w/]+\.(?:toml|py))\b")


def test_rules_toml_is_the_whole_inventory_and_points_to_real_tests_and_code() -> None:
    """Every id once, in order, each citing the Uitvoeringskader with its own id and a
    summary; every test or case a rule names exists (and a case cites the rule); every
    encoded rule's place exists and its id occurs in the region's code, data or tests."""
    check_inventory(POLICY, REGION, INVENTORY_IDS)
    for rule in POLICY.rules:
        assert rule.ref.rule == rule.id and rule.ref.source == SOURCE and rule.summary, rule.id


def test_sections_are_the_inventorys() -> None:
    """Where the project's inventory (``shared/rules/001-wf.md``) is at hand: exactly its
    ids, each with the section it gives."""
    if INVENTORY.is_file():
        text = INVENTORY.read_text(encoding="utf-8")
        assert inventory_ids(INVENTORY) == INVENTORY_IDS
        rows = re.findall(r"^\| (WF-\d+) \|.*\| ([^|]+) \| \"[^\n]*\" \|$", text, re.MULTILINE)
        assert {rule: section.strip() for rule, section in rows} == {
            rule.id: rule.ref.section for rule in POLICY.rules}
    # without it, the sections still name the document's own parts
    assert all(re.match(r"(§\d|bijlage 1)", rule.ref.section) for rule in POLICY.rules)


def _resolve(root: str, rest: str) -> object:
    """A dotted name of ``encoded_in``: a module of the package, or a name the package or
    the core exports, followed attribute by attribute (an attrs field counts)."""
    obj: object
    if root in MODULES:
        obj = importlib.import_module(f"sociaaldomein_west_friesland.{root}")
    elif hasattr(package, root):
        obj = getattr(package, root)
    else:
        assert hasattr(sociaaldomein, root), f"{root} names nothing"
        obj = getattr(sociaaldomein, root)
    for part in rest[1:].split("."):
        if isinstance(obj, type) and attrs.has(obj) and part in attrs.fields_dict(obj):
            return obj
        assert hasattr(obj, part), f"{root}{rest}: no {part}"
        obj = getattr(obj, part)
    return obj.fget if isinstance(obj, property) else obj


def _source_file(obj: object) -> Path | None:
    if isinstance(obj, ModuleType) or inspect.isclass(obj) or inspect.isfunction(obj):
        found = inspect.getsourcefile(obj)
        return Path(found).resolve() if found else None
    return None


def test_encoded_rules_appear_where_they_are_encoded() -> None:
    """Every file and dotted name of ``encoded_in`` exists, and the rule's id appears in
    one of the files they name (its docstring, comment or data), so a reader who follows
    the pointer finds the rule. (A rule whose ``encoded_in`` only describes how the input
    expresses it, e.g. WF-66, is left to :func:`check_inventory`.)"""
    for rule in POLICY.rules:
        if rule.status is RuleStatus.NOT_ENCODED:
            assert not rule.encoded_in and rule.reason, rule.id
            continue
        files: set[Path] = set()
        for name in FILE.findall(rule.encoded_in):
            path = PACKAGE / name if "/" in name or name.endswith(".py") else PACKAGE / "parameters" / name
            assert path.is_file(), (rule.id, name)
            files.add(path)
        for root, rest in NAME.findall(FILE.sub("", rule.encoded_in)):
            found = _source_file(_resolve(root, rest))
            if found is not None and found.is_relative_to(PACKAGE):
                files.add(found)
        if files:
            assert any(rule.id in f.read_text(encoding="utf-8") for f in files), (
                rule.id, sorted(f.name for f in files))
