"""``new-policy`` from a built wheel, in a fresh virtual environment without the template
region or a source checkout: the template's files ship inside the core as package data.

The wheel is built and installed offline with uv (the project's only prerequisite). The
environment gets the wheel; its dependencies and the test tools are made importable
from this environment through a ``.pth`` file that names a folder of links to them,
leaving out everything of sociaaldomein, so the core comes from the wheel and nothing
else.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
TEMPLATE = ROOT / "policies" / "template"
PACKAGE_DATA = ROOT / "src" / "sociaaldomein" / "cli" / "region_template"
_SKIP = {"__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache"}


def _files(root: Path, suffix: str = "") -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    for path in root.rglob("*"):
        relative = path.relative_to(root)
        if path.is_file() and not any(p in _SKIP or p.endswith(".egg-info") for p in relative.parts):
            name = str(relative)
            out[name[: len(name) - len(suffix)] if suffix else name] = path.read_bytes()
    return out


def test_package_data_is_the_template_region() -> None:
    """The template shipped in the wheel is exactly ``policies/template`` (installed and
    tested here). To refresh after changing the template: copy each file of
    ``policies/template`` to ``src/sociaaldomein/cli/region_template`` with ``.tmpl`` added."""
    from sociaaldomein.cli.new_policy import template_files

    assert template_files() == _files(TEMPLATE) == _files(PACKAGE_DATA, ".tmpl")


def _uv() -> str:
    uv = shutil.which("uv")
    if uv is None:
        pytest.fail("uv is the project's prerequisite and is not on PATH")
    return uv


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=600, check=False)
    assert result.returncode == 0, f"{args}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result.stdout


def test_new_policy_from_a_built_wheel(tmp_path: Path) -> None:
    uv = _uv()
    _run([uv, "build", "--wheel", "--offline", "-q", "--package", "sociaaldomein",
          "-o", str(tmp_path / "dist")], ROOT)
    (wheel,) = (tmp_path / "dist").glob("sociaaldomein-*.whl")
    venv = tmp_path / "venv"
    _run([uv, "venv", "-q", "--offline", "--python", sys.executable, str(venv)], tmp_path)
    python = venv / "bin" / "python"
    _run([uv, "pip", "install", "-q", "--offline", "--no-deps", "--python", str(python),
          str(wheel)], tmp_path)
    # the dependencies and test tools, without anything of sociaaldomein
    links = tmp_path / "deps"
    links.mkdir()
    here = Path(sysconfig.get_paths()["purelib"])
    for entry in here.iterdir():
        name = entry.name.lower()
        if "sociaaldomein" in name or name.endswith(".pth") or name.startswith("__editable__"):
            continue
        (links / entry.name).symlink_to(entry)
    site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                     tmp_path).strip())
    (site / "deps.pth").write_text(str(links) + "\n", "utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    probe = _run([str(python), "-c", "import sociaaldomein, importlib.util as u; "
                  "print(sociaaldomein.__file__); print(u.find_spec('sociaaldomein_template'))"],
                 tmp_path, env)
    assert str(site) in probe and "None" in probe, probe  # the wheel's core, no template
    empty = tmp_path / "empty"
    empty.mkdir()
    out = _run([str(venv / "bin" / "sociaaldomein"), "new-policy", "mijn-regio"], empty, env)
    assert "created" in out
    region = empty / "mijn-regio"
    assert (region / "src" / "sociaaldomein_mijn_regio" / "parameters" / "rules.toml").is_file()
    # install the new region into the environment, as its author would, and run its tests
    _run([uv, "pip", "install", "-q", "--offline", "--no-deps",
          "--python", str(python), str(region)], tmp_path, env)
    result = _run([str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
                  region, env)
    assert " passed" in result and "failed" not in result
