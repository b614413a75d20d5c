"""``parameters/rules.toml`` is the region's whole rule inventory, and what it says about
each rule is true: every rule id of the inventory is listed, every test or case it names
exists (and a case cites the rule), and every encoded rule's id appears in the code or data
it names. (The docs page renders this file through the docs hook.)"""

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
from sociaaldomein.testing.cases import read_case
from sociaaldomein_west_friesland import POLICY

TESTS = Path(__file__).parent
REGION = TESTS.parent
PACKAGE = Path(package.__file__).parent
ROOT = REGION.parents[1]
INVENTORY = [base / "shared" / "rules" / "001-wf.md" for base in (ROOT, ROOT.parent)]
MODULES = {p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
NAME = re.compile(r"(?<![\w/])([A-Za-z_]\w*)((?:\.[A-Za-z_]\w*)+)")
FILE = re.compile(r"([\w/]+\.(?:toml|py))\b")


def test_every_inventory_rule_is_listed_once() -> None:
    """WF-01 .. WF-90, in order, each once; and, where the project's inventory
    (``shared/rules/001-wf.md``) is at hand, exactly its ids, with its sections."""
    ids = [rule.id for rule in POLICY.rules]
    assert ids == [f"WF-{n:02d}" for n in range(1, 91)]
    for path in (p for p in INVENTORY if p.is_file()):
        rows = re.findall(r"^\| (WF-\d+) \|.*\| ([^|]+) \| \"[^\n]*\" \|$",
                          path.read_text(encoding="utf-8"), re.MULTILINE)
        assert [rule for rule, _ in rows] == ids
        sections = {rule.id: rule.ref.section for rule in POLICY.rules}
        assert {rule: section.strip() for rule, section in rows} == sections


def test_every_rule_cites_the_framework() -> None:
    """Every rule cites the framework by section and has a one-line summary."""
    for rule in POLICY.rules:
        assert rule.ref.rule == rule.id and rule.ref.section and rule.summary
        assert rule.ref.source.title.startswith("Uitvoeringskader inkoop sociaal domein")
        assert rule.status is RuleStatus.NOT_ENCODED or rule.tested_by


def test_tested_by_names_existing_tests_and_cases() -> None:
    """Every ``tests/test_x.py::test_y`` a rule names exists, every named case file
    exists and cites the rule, and nothing else is named."""
    for rule in POLICY.rules:
        for part in filter(None, (p.strip() for p in rule.tested_by.split(";"))):
            test = re.fullmatch(r"(tests/test_\w+\.py)(?:::(test_\w+))?", part)
            case = re.fullmatch(r"tests/cases/\w+\.toml", part)
            assert test or case, (rule.id, part)
            path = REGION / (test.group(1) if test else part)
            assert path.is_file(), (rule.id, part)
            if test and test.group(2):
                assert f"def {test.group(2)}(" in path.read_text(encoding="utf-8"), (rule.id, part)
            if case:
                assert rule.id in read_case(path).rules, (rule.id, part)


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
        return Path(found) if found else None
    return None


def test_encoded_rules_appear_where_they_are_encoded() -> None:
    """Every file and dotted name of ``encoded_in`` exists, and the rule's id appears in
    one of the files they name (its docstring, comment or data), so a reader who follows
    the pointer finds the rule. A rule whose ``encoded_in`` names no file or code (a
    description of how the input expresses it) appears at least in the package or its
    tests."""
    everything = "\n".join(p.read_text(encoding="utf-8") for p in
                           [*PACKAGE.rglob("*.py"), *PACKAGE.rglob("*.toml"), *TESTS.rglob("*.py")]
                           if p.name != "rules.toml")
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
        else:
            assert rule.id in everything, rule.id
