"""National products of a region's arrangements (``products.toml``).

A toewijzing (iWmo/iJw 301) names a national product category (Wmo 01-18, Jeugdwet 31-38
and 40-55) and, for a specific toewijzing, a product code from the list the gemeente and
the aanbieder agreed (the national list or the region's own, IV075). A region keeps that
mapping in its parameters as::

    # products.toml
    source = "..."                 # where the codes come from

    [[product]]
    arrangements = ["bi-*"]        # arrangement codes; '*' matches any text, '?' one
                                   # character; {1}, {2} ... in the code repeat them
    category = "02"                # national category
    code = "02A01"                 # product code (optional: aspecific without it)
    law = "jeugdwet"               # optional: only for this law (an arrangement under both
                                   # laws needs a product for each)

The first entry whose pattern matches an arrangement gives its product; every arrangement
must be matched (an entry may match nothing, for a dialect's extra arrangements that only
some catalogs hold). An arrangement that already has a product code keeps it when the entry has none.
"""

from __future__ import annotations

import re
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
        return any(_glob(p).fullmatch(arrangement) for p in self.patterns)

    def code_of(self, arrangement: str) -> str | None:
        """The product code for ``arrangement``: ``{1}``, ``{2}`` ... in the code are the
        texts the pattern's wildcards matched."""
        if self.code is None:
            return None
        for pattern in self.patterns:
            found = _glob(pattern).fullmatch(arrangement)
            if found is not None:
                return _fill(self.code, found.groups())
        return self.code


def _fill(code: str, groups: tuple[str, ...]) -> str:
    return re.sub(r"\{([1-9])\}", lambda m: groups[int(m.group(1)) - 1], code)


def _glob(pattern: str) -> re.Pattern[str]:
    """A glob pattern as a regular expression with a group per ``*`` and per ``?``."""
    parts = ["(.*)" if c == "*" else "(.)" if c == "?" else re.escape(c) for c in pattern]
    return re.compile("".join(parts), re.S)


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
            check_product(category, None if code and "{" in code else code, "product", law)
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
        main = found.get(Law.WMO) if len(found) > 1 else next(iter(found.values()))
        youth = found.get(Law.JEUGDWET) if len(found) > 1 else None
        assert main is not None
        try:
            arrangements.append(attrs.evolve(
                arrangement, product_category=main.category,
                product_code=main.code_of(arrangement.code) or arrangement.product_code,
                youth_product_category=youth.category if youth else None,
                youth_product_code=youth.code_of(arrangement.code) if youth else None))
        except SociaaldomeinError as exc:
            raise ParameterError(exc.message, source=source) from None
    return attrs.evolve(catalog, arrangements=tuple(arrangements))
