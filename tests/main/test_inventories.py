"""Every in-tree region's ``rules.toml`` against the project's rule inventories.

The inventories (``shared/rules/*.md``, the authority beside the repository) list every
rule id of the source documents; each region's ``rules.toml`` must list exactly those ids,
in order, with real tests and real places in the code. Each region's own tests check the
same against the ids they hold; this test checks those ids against the inventory files
themselves, where the project's shared material is present.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sociaaldomein import default_registry
from sociaaldomein.testing.inventory import check_inventory, inventory_ids

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "rules"
REGIONS = {
    "hart-van-brabant": ("hart_van_brabant", ["000-hvb16.md", "002-hvb19.md"]),
    "west-friesland": ("west_friesland", ["001-wf.md"]),
    "h4": ("h4", ["003-h4.md"]),
    "midden-holland": ("midden_holland", ["004-mh.md"]),
}


@pytest.mark.parametrize("code", sorted(REGIONS))
def test_rules_toml_is_the_inventory(code: str) -> None:
    if not SHARED.is_dir():
        pytest.skip(f"the project's rule inventories are not beside the repository ({SHARED})")
    folder, files = REGIONS[code]
    ids = [rule_id for name in files for rule_id in inventory_ids(SHARED / name)]
    assert len(ids) > 50, "the inventory file lost its table"
    policy = next(p for p in default_registry().policies() if p.code == code)
    check_inventory(policy, ROOT / "policies" / folder, ids)


def test_a_wrong_reference_is_reported(tmp_path: Path) -> None:
    """The check fails, naming the rule, on a test that does not exist or an id that is
    not the inventory's."""
    import attrs

    from sociaaldomein_template import POLICY

    broken = attrs.evolve(POLICY, rules=(
        attrs.evolve(POLICY.rules[0], tested_by="tests/test_cases.py::test_nothing_here"),
        *POLICY.rules[1:]))
    region = ROOT / "policies" / "template"
    with pytest.raises(AssertionError, match=r"TPL-01: tested_by names tests/test_cases.py::test_nothing_here"):
        check_inventory(broken, region)
    with pytest.raises(AssertionError, match=r"missing \['TPL-07'\]"):
        check_inventory(POLICY, region, [r.id for r in POLICY.rules] + ["TPL-07"])
    check_inventory(POLICY, region, [r.id for r in POLICY.rules])
