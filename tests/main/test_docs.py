"""The code in the documentation runs.

Every fenced block marked ```python in docs/ (except the hand-written region pages and
the architecture page, which their authors test) is executed, page by page in one
namespace, in a temporary working folder. Blocks marked ```py are shown, not run (they
need a package the reader creates first).
"""

from __future__ import annotations

import contextlib
import io
import os
import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)
OWNED_BY_OTHERS = {"architecture.md"}


def _pages() -> list[Path]:
    return sorted(p for p in DOCS.rglob("*.md")
                  if "regions" not in p.relative_to(DOCS).parts[:-1]
                  and p.name not in OWNED_BY_OTHERS)


@pytest.mark.parametrize("page", _pages(), ids=lambda p: str(p.relative_to(DOCS)))
def test_python_blocks_run(page: Path, tmp_path: Path) -> None:
    blocks = BLOCK.findall(page.read_text("utf-8"))
    namespace: dict[str, object] = {"__name__": "__docs__"}
    here = os.getcwd()
    os.chdir(tmp_path)
    try:
        for number, code in enumerate(blocks, start=1):
            with contextlib.redirect_stdout(io.StringIO()):
                try:
                    exec(compile(code, f"{page.name} block {number}", "exec"), namespace)
                except Exception as exc:  # pragma: no cover - the failure is the message
                    raise AssertionError(f"{page.name}, python block {number}: "
                                         f"{type(exc).__name__}: {exc}") from exc
    finally:
        os.chdir(here)


def test_every_page_is_in_the_site() -> None:
    """Every page of ours is reachable from the navigation in mkdocs.yml."""
    config = (DOCS.parent / "mkdocs.yml").read_text("utf-8")
    for page in _pages():
        relative = str(page.relative_to(DOCS))
        assert relative in config, f"{relative} is not in the nav of mkdocs.yml"


def test_site_builds_strictly(tmp_path: Path) -> None:
    """``mkdocs build --strict``: no broken link, no failed API reference, the region
    pages get their generated section."""
    import subprocess
    import sys

    pytest.importorskip("mkdocs")
    pytest.importorskip("mkdocstrings")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "site")],
        cwd=DOCS.parent, capture_output=True, text=True, timeout=300, check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    template_page = (tmp_path / "site" / "regions" / "template" / "index.html").read_text("utf-8")
    assert "Generated from the installed policy" in template_page
