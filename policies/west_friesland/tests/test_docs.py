"""The docs page ``docs/regions/west-friesland.md`` is the rendered policy, up to date, with
every rule of the inventory and the 44 + 15 arrangements."""

from __future__ import annotations

import re
from pathlib import Path

from sociaaldomein_west_friesland import ARRANGEMENTS, POLICY
from sociaaldomein_west_friesland.docs import render
from sociaaldomein_west_friesland.sources import SECTIONS

PAGE = Path(__file__).resolve().parents[3] / "docs" / "regions" / "west-friesland.md"


def test_page_is_up_to_date() -> None:
    """Regenerate with `uv run python -m sociaaldomein_west_friesland.docs > docs/regions/west-friesland.md`."""
    assert PAGE.read_text(encoding="utf-8") == render()


def test_page_lists_every_rule_with_its_citation() -> None:
    """Every rule id WF-01 .. WF-90 has a row with its section, a status and either a test
    or a reason."""
    text = render()
    assert len(POLICY.rules) == len(SECTIONS) == 90
    for rule in POLICY.rules:
        row = re.search(rf"^\| {rule.id} \|.*$", text, re.MULTILINE)
        assert row is not None, rule.id
        cells = [c.strip() for c in row.group(0).strip("|").split("|")]
        assert cells[2] == SECTIONS[rule.id][0].replace("|", "/")
        assert cells[3] in {"encoded", "parameter", "indicator", "not encoded"}
        assert cells[5], f"{rule.id} names a test or a reason"


def test_page_lists_the_44_plus_15_arrangements() -> None:
    """WF-89: every arrangement code has a row, with its segment and example tariff."""
    text = render()
    for key in ARRANGEMENTS:
        assert re.search(rf"^\| {key.code} \| .* \| [BC] \| € ", text, re.MULTILINE), key.code
    assert "= 44" in text and "= 15" in text


def test_tested_rules_name_existing_tests() -> None:
    """Every `file::test` a rule names exists in the test files."""
    here = Path(__file__).parent
    for rule in POLICY.rules:
        for ref in re.findall(r"(test_\w+\.py)::(test_\w+)", rule.tested_by):
            file, name = ref
            assert f"def {name}(" in (here / file).read_text(encoding="utf-8"), (rule.id, ref)
        for case_file in re.findall(r"cases/(\w+\.toml)", rule.tested_by):
            text = (here / "cases" / case_file).read_text(encoding="utf-8")
            assert f'rule = "{rule.id}"' in text, (rule.id, case_file)
