"""Keep a region's rule inventory honest: every id listed, every reference in it real.

A region lists every rule of its documents' inventory in ``parameters/rules.toml`` (see
:mod:`sociaaldomein.policy.rules`); its docs page is generated from that file. The
region's tests call :func:`check_inventory`, which asserts that

* the ids are exactly the inventory's, in order (when the region gives them);
* every ``tested_by`` entry names something real: ``tests/x.py::test_name`` a test function
  that exists, ``tests/cases/y.toml`` a case file that exists and cites the rule, another
  path a file that exists (a trailing remark in brackets is allowed);
* every rule that is encoded (as code, parameter or indicator) says where (``encoded_in``),
  the files it names there exist, and its id appears in the region's code, data or tests
  outside ``rules.toml``; a rule that is not encoded says why.

All problems are reported at once, each naming the rule.
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from sociaaldomein.policy.plugin import RegionPolicy, RuleStatus
from sociaaldomein.testing.cases import read_case

__all__ = ["check_inventory", "inventory_ids", "package_root"]

_ID = re.compile(r"(?<![\w-])([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*-[0-9]+[a-z]?)(?!\w)")
_ROW = re.compile(r"^\|\s*([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*-[0-9]+[a-z]?)\s*\|", re.M)


def inventory_ids(path: Path | str) -> list[str]:
    """The rule ids of an inventory file (a Markdown table whose rows start with the id),
    in the file's order."""
    return _ROW.findall(Path(path).read_text(encoding="utf-8"))


def package_root(policy: RegionPolicy) -> Path:
    """The folder of the package that defines the policy's class."""
    module = sys.modules[type(policy).__module__]
    assert module.__file__ is not None
    return Path(module.__file__).resolve().parent


def _parts(text: str) -> list[str]:
    return [re.sub(r"\s*\(.*\)$", "", part.strip()) for part in text.split(";") if part.strip()]


def _check_tested_by(rule_id: str, entry: str, region: Path) -> str | None:
    if "::" in entry:
        file, name = entry.split("::", 1)
        path = region / file
        if not path.is_file():
            return f"{rule_id}: tested_by names {file}, which does not exist"
        name = name.split("[")[0]
        if not re.search(rf"^\s*(?:async\s+)?def {re.escape(name)}\(", path.read_text("utf-8"), re.M):
            return f"{rule_id}: tested_by names {entry}, but {file} has no such test"
        return None
    path = region / entry
    if not path.exists():
        return f"{rule_id}: tested_by names {entry}, which does not exist"
    if path.suffix == ".toml" and "cases" in path.parts and rule_id not in read_case(path).rules:
        return f"{rule_id}: tested_by names {entry}, but that case does not cite {rule_id}"
    return None


def _check_encoded_in(rule_id: str, entry: str, package: Path, root: Path) -> str | None:
    """A file named in ``encoded_in`` exists; a ``module.name`` names a module of the
    package that has that name."""
    name = entry.split(" ")[0].rstrip(",")
    if re.fullmatch(r"[\w/]+\.(?:py|toml)", name):
        if not ((package / name).exists() or (root / name).exists()):
            return f"{rule_id}: encoded_in names {name}, which does not exist"
        return None
    if name.startswith("sociaaldomein."):  # a name of the core
        module_name, _, attr = name.rpartition(".")
        try:
            found = hasattr(importlib.import_module(module_name), attr)
        except ImportError:
            found = False
        return None if found else f"{rule_id}: encoded_in names {name}, which does not exist"
    named = re.fullmatch(r"([a-z_][a-z0-9_]*)\.([A-Za-z_]\w*)", name)
    if named is None:
        return None
    module_file = package / f"{named[1]}.py"
    if not module_file.is_file():
        return f"{rule_id}: encoded_in names {name}, but the package has no module {named[1]}"
    module = importlib.import_module(f"{package.name}.{named[1]}")
    if not hasattr(module, named[2]):
        return f"{rule_id}: encoded_in names {name}, but {named[1]} has no {named[2]}"
    return None


def check_inventory(policy: RegionPolicy, region: Path | str,
                    ids: Sequence[str] | None = None) -> None:
    """Assert the region's ``rules.toml`` is complete and its references real.

    ``region`` is the region's project folder (the one holding ``tests/``); ``ids`` the
    inventory's ids in order, when the region's test gives them.
    """
    root = Path(region)
    package = package_root(policy)
    problems: list[str] = []
    listed = [r.id for r in policy.rules]
    if ids is not None and listed != list(ids):
        missing = sorted(set(ids) - set(listed))
        extra = sorted(set(listed) - set(ids))
        problems.append(f"rules.toml lists other ids than the inventory: missing {missing}, "
                        f"not in the inventory {extra}" if missing or extra else
                        "rules.toml lists the inventory's ids in another order")
    files = [p for p in (*package.rglob("*.py"), *package.rglob("*.toml"),
                         *(root / "tests").rglob("*.py"), *(root / "tests").rglob("*.toml"))
             if p.name != "rules.toml"]
    text = "\n".join(p.read_text(encoding="utf-8") for p in files)
    mentioned = set(_ID.findall(text))
    for rule in policy.rules:
        if not rule.ref.section:
            problems.append(f"{rule.id}: no clause")
        if rule.status is RuleStatus.NOT_ENCODED:
            if not rule.reason:
                problems.append(f"{rule.id}: not encoded, but no reason given")
            continue
        if not rule.encoded_in or not rule.tested_by:
            problems.append(f"{rule.id}: {rule.status.value} but encoded_in or tested_by is empty")
            continue
        for entry in _parts(rule.tested_by):
            problem = _check_tested_by(rule.id, entry, root)
            if problem:
                problems.append(problem)
        for entry in _parts(rule.encoded_in):
            problem = _check_encoded_in(rule.id, entry, package, root)
            if problem:
                problems.append(problem)
        if rule.id not in mentioned:
            problems.append(f"{rule.id}: {rule.status.value}, but the id appears nowhere in the "
                            "region's code, data or tests outside rules.toml")
    assert not problems, "\n".join(problems)
