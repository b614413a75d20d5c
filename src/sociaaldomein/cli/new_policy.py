"""``sociaaldomein new-policy NAME``: a new region package, copied from the template region.

The template region is the smallest complete policy plugin; its files ship inside the core
as package data (:func:`template_files`), and the same files are installed and tested as
``policies/template`` in the source tree. :func:`new_policy` copies it to ``<directory>/<name>``
and renames everything that identifies it: the distribution and package names, the entry
point, the region code, the policy class, and the two fictional municipalities (new
codes in the unused 99xx range, so the new region does not claim the template's). The
result installs as is and passes the conformance suite; then replace the data and rules
with your region's own.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from sociaaldomein.errors import InvalidInput, InvalidValue

__all__ = ["NAME_PATTERN", "TEMPLATE_SUFFIX", "new_policy", "template_files"]

NAME_PATTERN = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
_SKIP = {"__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache"}


TEMPLATE_SUFFIX = ".tmpl"
"""The template's files ship as package data with this suffix, so that no tool takes them
for modules of the core (they are a region's files, not the core's)."""


def template_files() -> dict[str, bytes]:
    """The template region's files, by path relative to its project folder.

    They ship inside the core's wheel as package data (``sociaaldomein/cli/region_template``),
    so ``new-policy`` needs neither the template region installed nor a source checkout.
    The in-tree ``policies/template`` is the same files, installed and tested; a test keeps
    the two identical.
    """
    root = resources.files("sociaaldomein.cli") / "region_template"
    out: dict[str, bytes] = {}

    def walk(node: Traversable, prefix: str) -> None:
        for child in sorted(node.iterdir(), key=lambda c: c.name):
            if child.is_dir():
                walk(child, f"{prefix}{child.name}/")
            elif child.name.endswith(TEMPLATE_SUFFIX):
                out[prefix + child.name[: -len(TEMPLATE_SUFFIX)]] = child.read_bytes()

    walk(root, "")
    if "pyproject.toml" not in out:
        raise InvalidInput("the template's files are missing from this installation of "
                           "sociaaldomein (sociaaldomein/cli/region_template)")
    return out


def _codes(name: str) -> tuple[str, str]:
    """Two fictional CBS codes for the new region, stable per name, never 9901/9902."""
    digest = int(hashlib.sha256(name.encode()).hexdigest(), 16)
    first = 9903 + digest % 96
    second = 9903 + (first - 9903 + 1) % 96
    return f"{first:04d}", f"{second:04d}"


def _replacements(name: str, in_workspace: bool) -> list[tuple[str, str]]:
    package = name.replace("-", "_")
    camel = "".join(part.capitalize() for part in name.split("-"))
    title = " ".join(part.capitalize() for part in name.split("-"))
    first, second = _codes(name)
    pairs = [
        ("sociaaldomein_template", f"sociaaldomein_{package}"),
        ("sociaaldomein-template", f"sociaaldomein-{name}"),
        ("TemplatePolicy", f"{camel}Policy"),
        ('REGION = "template"', f'REGION = "{name}"'),
        ('region="template"', f'region="{name}"'),
        ('region = "template"', f'region = "{name}"'),
        ('template = "sociaaldomein_', f'{name} = "sociaaldomein_'),
        ("test_template", f"test_{package}"),
        ("Template region (fictional)", f"{title} region (example, replace with your own)"),
        ("Template region", f"{title} region"),
        ("template region", f"{title} region"),
        ('"9901"', f'"{first}"'),
        ('"9902"', f'"{second}"'),
        ("policy: template", f"policy: {name}"),
    ]
    if not in_workspace:
        pairs.append(("[tool.uv.sources]\nsociaaldomein = { workspace = true }\n", ""))
    return pairs


def _rewrite(text: str, pairs: list[tuple[str, str]]) -> str:
    for old, new in pairs:
        text = text.replace(old, new)
    return text


def _refuse_installed(name: str) -> None:
    """Refuse the code, distribution or package of a region already installed: a second
    ``sociaaldomein-west-friesland`` would shadow it (and a uv workspace refuses to run
    with two members of one name)."""
    from importlib import metadata, util

    codes = {entry.name for entry in metadata.entry_points(group="sociaaldomein.policies")}
    package = f"sociaaldomein_{name.replace('-', '_')}"
    clash = ""
    if name in codes:
        clash = f"the code of an installed region ({name})"
    else:
        try:
            metadata.distribution(f"sociaaldomein-{name}")
            clash = f"an installed distribution (sociaaldomein-{name})"
        except metadata.PackageNotFoundError:
            if util.find_spec(package) is not None:
                clash = f"an installed package ({package})"
    if clash:
        raise InvalidValue(f"{name!r} is taken: it is {clash}; choose another name")


def new_policy(name: str, directory: Path | str, template: dict[str, bytes] | None = None) -> Path:
    """Create ``<directory>/<name>`` from the template region; returns the new folder.

    ``name`` is the region code (lower case, words joined by ``-``). An existing folder
    is never overwritten; the package is assembled in a temporary folder and moved into
    place only when complete.
    """
    if not isinstance(name, str) or not NAME_PATTERN.match(name) or len(name) > 40:
        raise InvalidValue(
            f"{name!r} is not a region name: use lower-case letters and digits, words joined "
            "by '-', e.g. 'my-region'"
        )
    if name == "template":
        raise InvalidValue("'template' is taken by the template region itself")
    _refuse_installed(name)
    files = template if template is not None else template_files()
    parent = Path(directory)
    target = parent / name
    for taken in (target, parent / name.replace("-", "_")):
        if taken.exists():
            raise InvalidValue(f"{taken} already exists; choose another name or folder")
    parent.mkdir(parents=True, exist_ok=True)
    in_workspace = (parent.resolve() / ".." / "pyproject.toml").is_file() and \
        "workspace" in (parent.resolve() / ".." / "pyproject.toml").read_text("utf-8")
    pairs = _replacements(name, in_workspace)
    staging = Path(tempfile.mkdtemp(prefix=f".{name}.", dir=parent))
    try:
        for relative, data in sorted(files.items()):
            out = staging / _rewrite(relative, pairs)
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(_rewrite(data.decode("utf-8"), pairs), encoding="utf-8")
        os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target
