"""What the template region buys: two arrangements in one segment (TPL-06, §2)."""

from __future__ import annotations

from sociaaldomein import Arrangement, Catalog, Law, Segment
from sociaaldomein.policy.products import apply_products, load_products
from sociaaldomein_template.sources import PARAMETERS, ref

__all__ = ["BEGELEIDING", "JEUGDHULP_TRAJECT", "load_catalog"]

BEGELEIDING = "begeleiding"
JEUGDHULP_TRAJECT = "jeugdhulp-traject"


def load_catalog() -> Catalog:
    """Begeleiding (Wmo, paid per month, TPL-02) and a youth trajectory (Jeugdwet, TPL-03)
    in the segment *maatwerk*, which needs a decision (TPL-06), with their national products
    (``products.toml``)."""
    return apply_products(Catalog(
        arrangements=(
            Arrangement(BEGELEIDING, "Begeleiding", "maatwerk", {Law.WMO},
                        ref=ref("TPL-02", "§2")),
            Arrangement(JEUGDHULP_TRAJECT, "Jeugdhulp traject", "maatwerk", {Law.JEUGDWET},
                        ref=ref("TPL-03", "§3")),
        ),
        segments=(Segment("maatwerk", "Maatwerk", needs_decision=True, ref=ref("TPL-06", "§2")),),
    ), load_products(PARAMETERS / "products.toml"), str(PARAMETERS / "products.toml"))
