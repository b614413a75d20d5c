"""The source document of the H4 policy and the clauses the rules cite.

The *Inkoopplan Wmo Rijswijk 2017* is Rijswijk's purchasing plan for Wmo care in kind,
written in spring 2016 (its h1 §1.3 says "Op dit moment (april 2016)"); Rijswijk buys
begeleiding and household help together with Delft, Westland and Midden-Delfland (H4).
Every :class:`~sociaaldomein.Ref` of this plugin points into it by section and names the
rule id of the project's rule inventory (``H4-xx``).
"""

from __future__ import annotations

from pathlib import Path

from sociaaldomein import Ref, Source

__all__ = ["PARAMETERS", "REGION", "SOURCE", "SOURCES", "ref"]

REGION = "h4"
PARAMETERS = Path(__file__).parent / "parameters"

SOURCE = Source(
    title="Inkoopplan Wmo Rijswijk 2017",
    issuer="Gemeente Rijswijk",
    date=None,
)
"""The document. It carries no date of adoption; it was written in April 2016."""

SOURCES = {"inkoopplan": SOURCE}
"""The keys the data files (``members.toml``, ``rules.toml``) use for each source."""


def ref(rule: str, section: str, *, example: bool = False, note: str | None = None) -> Ref:
    """The clause ``section`` of the Inkoopplan Wmo Rijswijk 2017, for inventory rule
    ``rule``."""
    return Ref(source=SOURCE, section=section, rule=rule, example=example, note=note)


# Clauses used in several modules.
REF_MEMBERS = ref("H4-05", "Inleiding")
REF_CATALOG_PARTS = ref("H4-02", "Inleiding")
REF_CATALOG_PRODUCTS = ref("H4-03", "Inleiding")
REF_CLASSES = ref("H4-10", "Inleiding (Waarom inkoopplan Rijswijk?)")
REF_ONE_PLAN_COMPOSITION = ref("H4-09", "Inleiding (Waarom inkoopplan Rijswijk?)")
REF_OTHER_LAWS = ref("H4-07", "Inleiding (Waarom inkoopplan Rijswijk?)")
REF_REGISSEUR = ref("H4-95", "bijlage 3")
REF_REGISSEUR_INTRO = ref("H4-06", "Inleiding (Waarom inkoopplan Rijswijk?)")
REF_RESULT_ORIENTED = ref("H4-13", "h1 §1.1")
REF_HH_RESULT = ref("H4-58", "h3 §3.2 (uitgangspunten, bullet 1)")
REF_HH_NEED = ref("H4-59", "h3 §3.2 (uitgangspunten, bullet 1)")
REF_HH_BASIC = ref("H4-66", "h3 §3.2")
REF_HH_FLEXIBLE = ref("H4-60", "h3 §3.2 (uitgangspunten, bullet 2)")
REF_BUDGET = ref("H4-61", "h3 §3.2 (uitgangspunten, bullet 3)")
REF_HH_RESULTS_NOT_HOURS = ref("H4-62", "h3 §3.2 (uitgangspunten, bullet 4)")
REF_COST_PRICE = ref("H4-64", "h3 §3.2")
REF_OUTCOME = ref("H4-90", "bijlage 3 (bullet 1)")
REF_ONE_HOUSEHOLD_ONE_PLAN = ref("H4-91", "bijlage 3 (bullet 2); fn 3")
REF_ACCESS = ref("H4-92", "bijlage 3 (bullets 3-4); fn 4")
REF_GENERAL_FIRST = ref("H4-94", "bijlage 3 (bullet 6)")
REF_OTHER_SOLUTIONS = ref("H4-97", "bijlage 3 (Het komende jaar)")
REF_ZIN_ONLY = ref("H4-01", "Inleiding")
REF_IB_LEVELS = ref("H4-78", "bijlage 1 punt 2")
REF_DB_LEVELS = ref("H4-83", "bijlage 1 punt 3")
REF_PLAN_PROVISIONS = ref("H4-96", "bijlage 3")
REF_LOCAL_INITIATIVES = ref("H4-89", "bijlage 2")
REF_RIJSWIJK_ONLY = ref("H4-04", "Inleiding")
REF_JOINT_MODEL = ref("H4-53", "h3 §3.2; bijlage 3")
REF_RESULT_FINANCING = ref("H4-54", "h3 §3.2 (Nieuw contract Huishoudelijke Hulp)")
REF_NEW_PROVIDER = ref("H4-17", "h1 §1.2")
REF_SAME_REQUIREMENTS = ref("H4-47", "h2 §2.2 focuspunt 3")
REF_BEGELEIDING_JOINING = ref("H4-48", "h2 §2.2 focuspunt 3")
REF_TRACKS = ref("H4-52", "h3 §3.1")
REF_OLD_HH = ref("H4-55", "h3 §3.2 (Nieuw contract Huishoudelijke Hulp)")
REF_HH_OPEN_HOUSE = ref("H4-56", "h3 §3.2 (Nieuw contract Huishoudelijke Hulp)")
REF_HH_TERM = ref("H4-57", "h3 §3.2 (Nieuw contract Huishoudelijke Hulp)")
REF_HH_JOINING = ref("H4-68", "h3 §3.2")
REF_AGE_18 = ref("H4-42", "h2 §2.2 focuspunt 1")
