"""National products of a region's arrangements (``products.toml``).

A toewijzing (iWmo/iJw 301) names a national product category (Wmo 01-18, Jeugdwet 31-38
and 40-55) and, for a specific toewijzing, a product code from the list the gemeente and
the aanbieder agreed (the national list or the region's own, IV075). A region keeps that
mapping in its parameters as::

    # products.toml
    source = "..."                 # where the codes come from

    [[product]]
    arrangements = ["bi-*"]        # arrangement codes; '*' and '?' match any text
    category = "02"                # national category
    code = "02A01"                 # product code (optional: aspecific without it)
    law = "jeugdwet"               # optional: only for this law (an arrangement under both
                                   # laws needs a product for each)

The first entry whose pattern matches an arrangement gives its product; every arrangement
must be matched (an entry may match nothing, for a dialect's extra arrangements that only
some catalogs hold). An arrangement that already has a product code keeps it when the entry has none.
"""

from __future__ import annotations

import fnmatch
from pathlib import Path

import attrs

from sociaaldomein.errors import ParameterError, SociaaldomeinError
from sociaaldomein.model.catalog import Catalog, check_product
from sociaaldomein.model.household import Law
from sociaaldomein.policy.parameters import read_toml

__all__ = ["NationalProduct", "apply_products", "load_products"]


@attrs.frozen
class NationalProduct:
    """Arrangement patterns with their national category and optional product code."""

    patterns: tuple[str, ...]
    category: str
    code: str | None = None
    law: Law | None = None

    def matches(self, arrangement: str) -> bool:
        return any(fnmatch.fnmatchcase(arrangement, p) for p in self.patterns)


def load_products(path: Path | str) -> tuple[NationalProduct, ...]:
    """The entries of a ``products.toml`` (see the module text), checked."""
    params = read_toml(path)
    params.opt_str("source")
    found = []
    for entry in params.tables("product"):
        patterns = tuple(entry.str_list("arrangements"))
        if not patterns:
            raise entry.error("arrangements", "name at least one arrangement")
        category = entry.text("category")
        code = entry.opt_str("code")
        law = entry.enum("law", Law) if entry.has("law") else None
        try:
            check_product(category, code, "product", law)
        except SociaaldomeinError as exc:
            raise entry.wrap("category", exc) from None
        entry.done()
        found.append(NationalProduct(patterns, category, code, law))
    params.done()
    return tuple(found)


def apply_products(catalog: Catalog, products: tuple[NationalProduct, ...],
                   source: str = "products.toml") -> Catalog:
    """``catalog`` with each arrangement's national category and product code; refuses an
    arrangement no entry matches and a category outside the arrangement's law."""
    arrangements = []
    for arrangement in catalog.arrangements:
        found: dict[Law, NationalProduct] = {}
        for law in sorted(arrangement.laws, key=lambda x: x.value):
            product = next((p for p in products if p.matches(arrangement.code)
                            and p.law in (None, law)), None)
            if product is None:
                raise ParameterError(f"arrangement {arrangement.code!r} has no national product "
                                     f"category for the {law.value}; add it to a [[product]] "
                                     "entry", source=source)
            found[law] = product
        changes: dict[str, str | None] = {}
        for law, product in found.items():
            if len(found) > 1 and law is Law.JEUGDWET:
                changes["youth_product_category"] = product.category
                changes["youth_product_code"] = product.code
            else:
                changes["product_category"] = product.category
                changes["product_code"] = product.code or arrangement.product_code
        try:
            arrangements.append(attrs.evolve(arrangement, **changes))
        except SociaaldomeinError as exc:
            raise ParameterError(exc.message, source=source) from None
    return attrs.evolve(catalog, arrangements=tuple(arrangements))
