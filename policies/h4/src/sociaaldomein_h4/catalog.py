"""What H4 allocates: the begeleiding products, household help, and the free provisions.

The *Inkoopplan Wmo Rijswijk 2017* buys care in kind for two Wmo parts, household help and
begeleiding (Inleiding, H4-02); begeleiding consists of four products, *begeleiding
individueel, begeleiding groep, kortdurend verblijf en vervoer* (Inleiding, H4-03).
Individual guidance has the levels Basis and Speciaal (bijlage 1 punt 2, H4-78), group
guidance / *dagbesteding* Licht, Basis and Speciaal, Speciaal being *de zwaardere zorg*
(bijlage 1 punt 3, H4-83). Household help is a tailor-made provision defined by its result,
*een schoon en leefbaar huis* (h3 §3.2, H4-58), next to a basic provision that succeeds the
*Huishoudelijke Hulp Toelage* (HHT) and needs no decision (h3 §3.2, H4-66).

A plan combines three classes of provision (Inleiding, H4-09/H4-10; bijlage 3, H4-96):
general (*algemene, voorliggende*) provisions, freely accessible; basic provisions
(*basisvoorzieningen*, e.g. Was & Koffie or light household help), also without a
decision; and tailor-made (*maatwerk/vangnet*) provisions, which the municipalities buy.
The classes are the catalog's segments.
"""

from __future__ import annotations

import enum
from pathlib import Path

import attrs

from sociaaldomein import Arrangement, Catalog, Law, ResultArea, Segment, Unit
from sociaaldomein.policy.products import apply_products, load_products
from sociaaldomein_h4.sources import REF_CLASSES, REF_HH_RESULT, REF_PLAN_PROVISIONS, ref

__all__ = [
    "ARRANGEMENTS",
    "CLEAN_HOME",
    "CONTACTS",
    "DAY_STRUCTURE",
    "MAATWERK_CODES",
    "RESULT_AREAS",
    "RIJSWIJK_PROVISIONS",
    "DbLevel",
    "H4Arrangement",
    "IbLevel",
    "Part",
    "Product",
    "ProvisionClass",
    "build_catalog",
    "spec",
]


class Part(enum.Enum):
    """The two Wmo parts of the purchase (Inleiding, H4-02)."""

    BEGELEIDING = "begeleiding"
    HUISHOUDELIJKE_HULP = "huishoudelijke_hulp"


class ProvisionClass(enum.Enum):
    """The classes of provision a plan combines (Inleiding, H4-10; bijlage 3, H4-96).

    The value is the catalog's segment code.
    """

    GENERAL = "algemeen"
    """*Algemene / voorliggende voorziening*: freely accessible, no decision."""
    BASIC = "basis"
    """*Basisvoorziening*: low threshold, no decision (Was & Koffie, light household help)."""
    MAATWERK = "maatwerk"
    """*Maatwerk- / vangnetvoorziening*: bought by the municipalities, allocated by decision."""

    @property
    def needs_decision(self) -> bool:
        return self is ProvisionClass.MAATWERK


class Product(enum.Enum):
    """The products (Inleiding, H4-03; h3 §3.2, H4-58 and H4-66; bijlage 3, H4-97)."""

    BEGELEIDING_INDIVIDUEEL = "begeleiding_individueel"
    BEGELEIDING_GROEP = "begeleiding_groep"
    """*Begeleiding groep*, called *dagbesteding* in the tables (rules ambiguity 6)."""
    KORTDUREND_VERBLIJF = "kortdurend_verblijf"
    VERVOER = "vervoer"
    """Transport with begeleiding; not the Wmo provision type *Vervoervoorziening*."""
    HUISHOUDELIJKE_HULP = "huishoudelijke_hulp"
    """Household help as *maatwerkvoorziening*, result: a clean and liveable home."""
    HUISHOUDELIJKE_HULP_BASIS = "huishoudelijke_hulp_basis"
    """The basic household-help provision, successor of the HHT."""
    ALGEMENE_VOORZIENING = "algemene_voorziening"
    """Any general provision, including less obvious solutions (bijlage 3, H4-97)."""
    BASISVOORZIENING = "basisvoorziening"
    """Another basic provision, such as Was & Koffie (bijlage 3, H4-96)."""


class IbLevel(enum.Enum):
    """Levels of *Individuele Begeleiding*, light to heavy (bijlage 1 punt 2, H4-78)."""

    BASIS = "basis"
    SPECIAAL = "speciaal"


class DbLevel(enum.Enum):
    """Levels of *Dagbesteding*, light to heavy (bijlage 1 punt 3, H4-83)."""

    LICHT = "licht"
    BASIS = "basis"
    SPECIAAL = "speciaal"


CLEAN_HOME = ResultArea(
    "schoon-en-leefbaar-huis", "Schoon en leefbaar huis", ref=REF_HH_RESULT,
)
"""The result of the household-help maatwerkvoorziening (h3 §3.2, H4-58)."""

_REF_FUTURE_RESULTS = ref("H4-98", "bijlage 3 (Het komende jaar)")
CONTACTS = ResultArea(
    "contacten-leggen-en-onderhouden", "Contacten kunnen leggen en onderhouden",
    ref=_REF_FUTURE_RESULTS,
)
DAY_STRUCTURE = ResultArea(
    "structuur-in-de-dag", "Structuur aanbrengen in de dag", ref=_REF_FUTURE_RESULTS,
)
RESULT_AREAS = (CLEAN_HOME, CONTACTS, DAY_STRUCTURE)
"""The results tailor-made provisions are to be about (bijlage 3, H4-98: "contacten kunnen
leggen en onderhouden, structuur aanbrengen in de dag, een schoon huis"). Only household
help is bound to its result now (H4-58); a plan's begeleiding goals may name the other
two, and the begeleiding products stay functions until the results are defined."""


@attrs.frozen
class H4Arrangement:
    """One arrangement of the H4 catalog: product, level (where the product has levels),
    class of provision, part of the purchase, and how it is counted."""

    code: str
    name: str
    product: Product
    provision_class: ProvisionClass
    part: Part | None
    level: IbLevel | DbLevel | None = None
    unit: Unit | None = None
    section: str = "Inleiding"
    rule: str = "H4-03"

    @property
    def level_rank(self) -> int | None:
        """0 for the lightest level of the product, rising to the heaviest."""
        if isinstance(self.level, IbLevel):
            return list(IbLevel).index(self.level)
        if isinstance(self.level, DbLevel):
            return list(DbLevel).index(self.level)
        return None

    def to_core(self) -> Arrangement:
        result_area = CLEAN_HOME.code if self.product is Product.HUISHOUDELIJKE_HULP else None
        return Arrangement(
            self.code, self.name, self.provision_class.value, {Law.WMO},
            result_area=result_area, unit=self.unit, ref=ref(self.rule, self.section),
        )


ARRANGEMENTS: tuple[H4Arrangement, ...] = (
    H4Arrangement("bi-basis", "Individuele Begeleiding Basis",
                  Product.BEGELEIDING_INDIVIDUEEL, ProvisionClass.MAATWERK, Part.BEGELEIDING,
                  IbLevel.BASIS, section="Inleiding; bijlage 1 punt 2", rule="H4-78"),
    H4Arrangement("bi-speciaal", "Individuele Begeleiding Speciaal",
                  Product.BEGELEIDING_INDIVIDUEEL, ProvisionClass.MAATWERK, Part.BEGELEIDING,
                  IbLevel.SPECIAAL, section="Inleiding; bijlage 1 punt 2", rule="H4-78"),
    H4Arrangement("dagbesteding-licht", "Begeleiding groep / Dagbesteding Licht",
                  Product.BEGELEIDING_GROEP, ProvisionClass.MAATWERK, Part.BEGELEIDING,
                  DbLevel.LICHT, section="Inleiding; bijlage 1 punt 3", rule="H4-83"),
    H4Arrangement("dagbesteding-basis", "Begeleiding groep / Dagbesteding Basis",
                  Product.BEGELEIDING_GROEP, ProvisionClass.MAATWERK, Part.BEGELEIDING,
                  DbLevel.BASIS, section="Inleiding; bijlage 1 punt 3", rule="H4-83"),
    H4Arrangement("dagbesteding-speciaal", "Begeleiding groep / Dagbesteding Speciaal",
                  Product.BEGELEIDING_GROEP, ProvisionClass.MAATWERK, Part.BEGELEIDING,
                  DbLevel.SPECIAAL, section="Inleiding; bijlage 1 punt 3", rule="H4-83"),
    H4Arrangement("kortdurend-verblijf", "Kortdurend verblijf",
                  Product.KORTDUREND_VERBLIJF, ProvisionClass.MAATWERK, Part.BEGELEIDING,
                  unit=Unit.ETMAAL),
    H4Arrangement("vervoer", "Vervoer (bij begeleiding)",
                  Product.VERVOER, ProvisionClass.MAATWERK, Part.BEGELEIDING,
                  unit=Unit.PIECE_OUTPUT),
    H4Arrangement("hh-maatwerk", "Huishoudelijke hulp: schoon en leefbaar huis",
                  Product.HUISHOUDELIJKE_HULP, ProvisionClass.MAATWERK,
                  Part.HUISHOUDELIJKE_HULP,
                  section="h3 §3.2 (uitgangspunten, bullet 1)", rule="H4-58"),
    H4Arrangement("hh-basis", "Basisvoorziening huishoudelijke hulp (vervolg van de HHT)",
                  Product.HUISHOUDELIJKE_HULP_BASIS, ProvisionClass.BASIC,
                  Part.HUISHOUDELIJKE_HULP, section="h3 §3.2", rule="H4-66"),
    H4Arrangement("algemene-voorziening", "Algemene voorziening (vrij toegankelijk)",
                  Product.ALGEMENE_VOORZIENING, ProvisionClass.GENERAL, None,
                  section="bijlage 3 (Het komende jaar)", rule="H4-97"),
)
"""The region's arrangements. Codes are stable; a municipality's dialect may add general
or basic provisions of its own (Rijswijk's local initiatives, bijlage 2)."""

_BY_CODE = {a.code: a for a in ARRANGEMENTS}

RIJSWIJK_PROVISIONS: tuple[H4Arrangement, ...] = (
    H4Arrangement("samen-tegen-eenzaamheid", "Samen tegen eenzaamheid",
                  Product.ALGEMENE_VOORZIENING, ProvisionClass.GENERAL, None,
                  section="bijlage 2", rule="H4-89"),
    H4Arrangement("vrijwilligersacademie", "Vrijwilligersacademie",
                  Product.ALGEMENE_VOORZIENING, ProvisionClass.GENERAL, None,
                  section="bijlage 2", rule="H4-89"),
    H4Arrangement("welzijn-op-recept", "Welzijn op recept",
                  Product.ALGEMENE_VOORZIENING, ProvisionClass.GENERAL, None,
                  section="bijlage 2", rule="H4-89"),
    H4Arrangement("flatcoach", "Flatcoach",
                  Product.ALGEMENE_VOORZIENING, ProvisionClass.GENERAL, None,
                  section="bijlage 2", rule="H4-89"),
    H4Arrangement("was-en-koffie", "Was & Koffie",
                  Product.BASISVOORZIENING, ProvisionClass.BASIC, None,
                  section="bijlage 3", rule="H4-96"),
    H4Arrangement("maatjesproject", "Maatjesproject (informele begeleiding)",
                  Product.BASISVOORZIENING, ProvisionClass.BASIC, None,
                  section="Inleiding (Waarom inkoopplan Rijswijk?)", rule="H4-08"),
)
"""Rijswijk's local provisions, added to the catalog by the Rijswijk dialect: the four
initiatives of the Wmo transformation (bijlage 2, H4-89), Was & Koffie, the document's
example of a basic provision (bijlage 3, H4-96), and the *maatjesproject*, its example of
informal begeleiding within the basic provisions that extends the formal begeleiding
combinations (Inleiding, H4-08)."""

MAATWERK_CODES = frozenset(a.code for a in ARRANGEMENTS
                           if a.provision_class is ProvisionClass.MAATWERK)
"""The tailor-made arrangements H4 buys and pays per client (Inleiding, H4-03, H4-10)."""


def spec(code: str, extra: tuple[H4Arrangement, ...] = ()) -> H4Arrangement | None:
    """The H4 description of arrangement ``code`` (``None`` for a code H4 does not know)."""
    for item in extra:
        if item.code == code:
            return item
    return _BY_CODE.get(code)


SEGMENTS = (
    Segment(ProvisionClass.GENERAL.value, "Algemene voorzieningen (vrij toegankelijk)",
            needs_decision=False,
            description="Freely accessible general provisions, no decision needed.",
            ref=REF_CLASSES),
    Segment(ProvisionClass.BASIC.value, "Basisvoorzieningen", needs_decision=False,
            description="Low-threshold basic provisions (Was & Koffie, light household help).",
            ref=REF_PLAN_PROVISIONS),
    Segment(ProvisionClass.MAATWERK.value, "Maatwerk- en vangnetvoorzieningen",
            needs_decision=True,
            description="Tailor-made provisions the H4 municipalities buy, by decision.",
            indicators=("light share per product (bijlage 3 bullet 5)",
                        "use of each municipality's budget (h3 §3.2)"),
            ref=REF_CLASSES),
)


def build_catalog(extra: tuple[H4Arrangement, ...] = ()) -> Catalog:
    """The H4 catalog, with a dialect's extra provisions when given."""
    catalog = Catalog(
        arrangements=tuple(a.to_core() for a in (*ARRANGEMENTS, *extra)),
        segments=SEGMENTS,
        result_areas=RESULT_AREAS,
    )
    products = Path(__file__).parent / "parameters" / "products.toml"
    return apply_products(catalog, load_products(products), str(products))
