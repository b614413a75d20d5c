"""The source document of the H4 policy and the clauses the rules cite.

The *Inkoopplan Wmo Rijswijk 2017* is Rijswijk's purchasing plan for Wmo care in kind,
written in spring 2016 (its h1 §1.3 says "Op dit moment (april 2016)"); Rijswijk buys
begeleiding and household help together with Delft, Westland and Midden-Delfland (H4).
Every :class:`~sociaaldomein.Ref` of this plugin points into it by section and names the
rule id of the project's rule inventory (``H4-xx``).
"""

from __future__ import annotations

from sociaaldomein import Ref, Source

__all__ = ["SOURCE", "ref"]

SOURCE = Source(
    title="Inkoopplan Wmo Rijswijk 2017",
    issuer="Gemeente Rijswijk",
    date=None,
)
"""The document. It carries no date of adoption; it was written in April 2016."""


def ref(section: str, rule: str, *, example: bool = False, note: str | None = None) -> Ref:
    """A clause of the Inkoopplan Wmo Rijswijk 2017 with its rule id."""
    return Ref(source=SOURCE, section=section, rule=rule, example=example, note=note)


# Clauses used in several modules.
REF_MEMBERS = ref("Inleiding", "H4-05")
REF_CATALOG_PARTS = ref("Inleiding", "H4-02")
REF_CATALOG_PRODUCTS = ref("Inleiding", "H4-03")
REF_CLASSES = ref("Inleiding (Waarom inkoopplan Rijswijk?)", "H4-10")
REF_ONE_PLAN_COMPOSITION = ref("Inleiding (Waarom inkoopplan Rijswijk?)", "H4-09")
REF_OTHER_LAWS = ref("Inleiding (Waarom inkoopplan Rijswijk?)", "H4-07")
REF_REGISSEUR = ref("bijlage 3", "H4-95")
REF_REGISSEUR_INTRO = ref("Inleiding (Waarom inkoopplan Rijswijk?)", "H4-06")
REF_RESULT_ORIENTED = ref("h1 §1.1", "H4-13")
REF_HH_RESULT = ref("h3 §3.2 (uitgangspunten, bullet 1)", "H4-58")
REF_HH_NEED = ref("h3 §3.2 (uitgangspunten, bullet 1)", "H4-59")
REF_HH_BASIC = ref("h3 §3.2", "H4-66")
REF_HH_FLEXIBLE = ref("h3 §3.2 (uitgangspunten, bullet 2)", "H4-60")
REF_BUDGET = ref("h3 §3.2 (uitgangspunten, bullet 3)", "H4-61")
REF_HH_RESULTS_NOT_HOURS = ref("h3 §3.2 (uitgangspunten, bullet 4)", "H4-62")
REF_COST_PRICE = ref("h3 §3.2", "H4-64")
REF_OUTCOME = ref("bijlage 3 (bullet 1)", "H4-90")
REF_ONE_HOUSEHOLD_ONE_PLAN = ref("bijlage 3 (bullet 2); fn 3", "H4-91")
REF_ACCESS = ref("bijlage 3 (bullets 3-4); fn 4", "H4-92")
REF_GENERAL_FIRST = ref("bijlage 3 (bullet 6)", "H4-94")
REF_OTHER_SOLUTIONS = ref("bijlage 3 (Het komende jaar)", "H4-97")
REF_ZIN_ONLY = ref("Inleiding", "H4-01")
REF_IB_LEVELS = ref("bijlage 1 punt 2", "H4-78")
REF_DB_LEVELS = ref("bijlage 1 punt 3", "H4-83")
REF_PLAN_PROVISIONS = ref("bijlage 3", "H4-96")
REF_LOCAL_INITIATIVES = ref("bijlage 2", "H4-89")
REF_RIJSWIJK_ONLY = ref("Inleiding", "H4-04")
REF_JOINT_MODEL = ref("h3 §3.2; bijlage 3", "H4-53")
REF_RESULT_FINANCING = ref("h3 §3.2 (Nieuw contract Huishoudelijke Hulp)", "H4-54")
REF_NEW_PROVIDER = ref("h1 §1.2", "H4-17")
REF_SAME_REQUIREMENTS = ref("h2 §2.2 focuspunt 3", "H4-47")
REF_BEGELEIDING_JOINING = ref("h2 §2.2 focuspunt 3", "H4-48")
REF_TRACKS = ref("h3 §3.1", "H4-52")
REF_OLD_HH = ref("h3 §3.2 (Nieuw contract Huishoudelijke Hulp)", "H4-55")
REF_HH_OPEN_HOUSE = ref("h3 §3.2 (Nieuw contract Huishoudelijke Hulp)", "H4-56")
REF_HH_TERM = ref("h3 §3.2 (Nieuw contract Huishoudelijke Hulp)", "H4-57")
REF_HH_JOINING = ref("h3 §3.2", "H4-68")
