"""Render ``docs/regions/midden-holland.md`` from the policy's own data.

Run ``uv run python -m sociaaldomein_midden_holland.docs > docs/regions/midden-holland.md``;
a test checks the committed page matches, so tables never drift from the code.
"""

from __future__ import annotations

from sociaaldomein import LumpSum, PerPeriod, PriceQuantity, Stay, Trajectory
from sociaaldomein.policy.national import SUBSCRIPTION_TARIFF
from sociaaldomein_midden_holland.instruments import contract_form_label
from sociaaldomein_midden_holland.policy import POLICY, MiddenHollandPolicy
from sociaaldomein_midden_holland.rules import REFS

__all__ = ["render"]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _tariff_text(policy: MiddenHollandPolicy, code: str) -> tuple[str, str]:
    tariff = policy.tariffs.tariff(code, 2025)
    model = tariff.model
    if isinstance(model, PriceQuantity):
        amount = f"{model.price.format_nl()} per {model.unit.label}"
    elif isinstance(model, Stay):
        amount = f"{model.price_per_etmaal.format_nl()} per etmaal"
    elif isinstance(model, PerPeriod):
        amount = f"{model.amount.format_nl()} per {model.period.value}"
    elif isinstance(model, Trajectory):  # pragma: no cover - none shipped
        amount = f"{model.amount.format_nl()} per trajectory"
    elif isinstance(model, LumpSum):  # pragma: no cover - none shipped
        amount = f"{model.amount_per_year.format_nl()} per year"
    return amount, tariff.ref.note or ""


_INTRO = """\
# Midden-Holland

*Tables generated from the policy by `uv run python -m sociaaldomein_midden_holland.docs`;
edit the prose there, not here.*

Regio Midden-Holland is five municipalities around Gouda (about 250,000 residents, about
EUR 125 million a year on Jeugdwet and Wmo provisions including beschermd wonen, 2022
level, with more than 230 contracted providers under the current system; §1, §2.1, §2.2).
From 1 January 2025 they buy youth care and Wmo support together **in eight segments**,
each of which may get its own funding model, access arrangements, supplier management and
contract form. **Each municipality pays for its own residents** on actual use; a few
services bought by subsidy or on availability are split by a **distribution key** agreed in
advance; **Gouda** is the centrumgemeente for beschermd wonen and maatschappelijke opvang.

The policy is the distribution `sociaaldomein-midden-holland`, module
`sociaaldomein_midden_holland`, entry point and region code `midden-holland`; source
directory `policies/midden_holland/`.

## Source

*Kaderdocument inkoop Wmo en Jeugd 2025* (Regio Midden-Holland; the strategic framework
adopted by the five gemeenteraden for the contract period from 1 January 2025), with its
glossary (bijlage 1), shared vision (bijlage 2), list of purchased services (bijlage 3) and
segment sheets (bijlage 4). It is cited by title and section; the segment sheets number
themselves §4.1 .. §4.8, which collides with chapter 4's own §4.1/§4.2, so they are cited
as "bijlage 4 §4.x *segment*". The rule ids are those of the project's inventory
(MH-01 .. MH-116).

The document is a *kader*: it fixes the segments, their goals and indicators, and the
menu of instruments, but leaves **each segment's funding model, contract form, contract
length and volumes to a later inkoopplan** of the five colleges (Voorwoord; §4.2). It
gives **no tariffs, no budgets and no key values**. The plugin therefore makes every such
choice a parameter with the document's stated preference, and marks every amount as an
example value.
"""

_PAYING = """\
## Who pays

* **Own residents, actual use** (§2.2, MH-09, MH-11): every per-client settlement line is
  charged to the client's municipality of residence. There is no solidarity or cost
  equalisation between the five.
* **Distribution key** (§2.2, MH-12): for a service bought by subsidy or on availability
  the cost is split by a key on residents or youths, agreed in advance. The split is exact
  to the cent (largest remainder; a remainder cent goes to the largest fractional share,
  ties to the lowest CBS code). By default this applies to the **crisis service**, bought
  on availability as a lump sum (MH-21) and split by the youths key.
* **Centrumgemeente** (§2.2, MH-14, MH-15): beschermd wonen runs on the pooled regional
  budget for maatschappelijke zorg held by Gouda, so its lines are charged to Gouda
  (0513) whatever the client's municipality. Maatschappelijke opvang is outside this
  purchase (MH-103) and not in the catalog.
"""

_ACCESS = """\
## Access and regie

* **Triage** by the local access team of each municipality (§2.4; each organises its own
  access, MH-30). Youth care may also be referred by general practitioners and GIs
  (MH-22); Wmo access is an autonomous municipal competence, so a Wmo allocation referred
  by anyone else is an error (MH-33, `MH-REFERRER`).
* **Case regie** (*casusregie / behandelregie*) lies with the provider on its treatment
  goals (MH-38); in complex care (hoog-specialistisch, JeugdzorgPlus, Forensische GGZ, or
  several providers) with a **regiebehandelaar** (MH-72); in Crisis with the crisis
  provider, who also leads scaling down (MH-93).
* **Process regie** lies with the local access when safety is at stake and Veilig Thuis
  handed the case to the local team (the core's `Plan.safety_concern`), or when
  substantial problems span several domains (two or more `Plan.domains`, e.g. debts and
  poverty) (MH-32). The §2.4 bullet can be read as needing both; bijlage 1 ("Dit geldt ook
  als") makes them separate triggers, which is the default; the option
  `strict_process_regie_reading` switches to the other reading. Under Jeugdbescherming
  and Jeugdreclassering the GI holds regie unless the local access's process regie is due
  (MH-79).
* **Crisis**: help starts within 24 hours of the referral (MH-58, MH-91). The core keeps
  referral and start as dates, so a start on the day after the referral passes (it can be
  within 24 hours) and a start two or more days later is reported (`MH-CRISIS-24H`).
* **End of trajectory**: the provider's end report proposes close, scale down or extend
  (MH-41; the core's `EndReport` / `EndProposal` admit nothing else). It is a care event
  and the indicators count the proposals. Families under a protection measure or with
  safety issues are not closed early (MH-46, `MH-EARLY-CLOSE`).
"""

_CONTRIBUTION = """\
## Own contribution

* **Jeugdwet**: none (§3.3, MH-59); no ouderbijdrage (MH-62, a file that switches it on
  is refused).
* **Wmo**: the abonnementstarief, **once per household per calendar month** in which
  someone in it receives a Wmo service (MH-60). The document quotes EUR 19 a month, the
  national maximum of 2020-2023; the plugin charges the national maximum of the month's
  year from the core (`sociaaldomein.policy.national`): {amounts}. Beschermd wonen is exempt
  (it has its own contribution nationally; the document is silent). The lines name the
  CAK as counterparty and flow from the household. The national exemption of some
  multi-person households below AOW age is not modelled (it is not in the document).
* **Hulp bij het huishouden, income-related** (MH-61): expected from 2025 but without a
  formula, so it is **off**. `parameters/contribution.toml [hbh_income_related]` switches
  it on with a start date and brackets (a monthly amount from a yearly household income);
  the income comes from an allocation flag `income:<euros>`, the lowest bracket when it
  is missing.
"""

_LOADING = """\
## Loading real tariffs and keys

All numbers live in `policies/midden_holland/src/sociaaldomein_midden_holland/parameters/`
and are read strictly (an unknown key, a float amount, a missing year or an unknown
product is an error naming file and key):

1. **Tariffs**: replace `tariffs.toml`. Keep `region = "midden-holland"`; give one
   `[[tariff]]` per product code (the `arrangement` column of the products table) and contract year, with
   `model` matching the segment's funding (`price_quantity` with a `unit`, or `stay`, for
   P x Q segments; `per_period` or `trajectory` for output), `amount` as a string in euros
   and `example = false` with a `note` naming the decision it comes from. Set yearly
   `[indexation] rates` to derive later years, or give each year explicitly. The shipped
   file indexes 2026 from 2025 at 0% (no index is known), so 2026 pays the 2025 examples.
2. **Instruments**: when the inkoopplan decides, set `decided = true` and the chosen
   `funding`, `contract_form`, `base_years`, `option_years` (together at most 10) per
   segment in `instruments.toml`; put real lump sums under `[[lump_sum]]`; an optional
   `budget_max` per segment caps P x Q per allocation per year.
3. **Distribution keys**: replace the weights in `distribution_keys.toml` with the agreed
   key (integer weights per CBS code, `example = false`).
4. **Contracts and volumes**: `contracts.toml` holds contracts with signing dates and
   volume agreements (`volume_min`, `volume_max` in euros per year).

`POLICY.with_tariffs(path, years=(2025,))` returns the policy with a municipality's own
tariff file without touching the shipped one. For a what-if without files, use
`attrs.evolve` on `POLICY` (for example
`POLICY.instruments.with_segment(SegmentKey.CRISIS, funding=FundingKind.PXQ)`).

**Contract years.** The policy claims exactly the years in which every product has a
tariff, given or indexed (`POLICY.contract_years`: 2025 and 2026 with the shipped file; a
file with an index rate for 2027 adds 2027). Pricing an allocation or settling a month in
any other year, including the crisis lump sum of `instruments.toml`, raises
`MissingTariff` naming the year and the tariff file (through `sociaaldomein.settle` it
arrives as a `SettlementError` naming the allocation, the year and the file).

**Checks across files.** When the policy is built (also after `attrs.evolve`): every
product's segment has instruments, each (segment, sub-segment) once; a lump sum's
distribution key exists and weighs exactly the members (a missing member or a code that is
no member is a `ParameterError` naming `distribution_keys.toml` and the key, never a silent
re-split). When a tariff file is read, each tariff's model must fit its segment's funding
model; a what-if that later changes a segment's funding is checked when an allocation is
priced (`MissingTariff` naming the model and the file). A household whose
municipality is not a member is an `MH-MEMBER` error in `validate` and a `SettlementError`
in `settle`.
"""

_DIFFERENCES = """\
## Where the plugin interprets the document

* **Undecided instruments** (inventory ambiguity 1): defaults are the legacy open house +
  P x Q (§4.1, MH-66) and, for Crisis, a lump sum (MH-21). For Jeugdbescherming and
  Jeugdreclassering the plugin pays **per measure per month** (output): an inference from
  the uniform supra-regional (V)OTS and voogdij tariffs of bijlage 4 §4.1 (MH-81), not a
  choice the document makes.
* **10 years** (ambiguity 5): base term plus all options count towards the maximum.
* **Innovations without figures** (MH-101, MH-111): both maxima are off (0) by default.
  Once set, "single light treatment" is read as ambulant treatment
  (`behandeling_ambulant`) that is the client's only youth treatment at the time, its
  delivered hours summed over the allocation (`MH-LIGHT-TREATMENT-MAX`); the
  education-hours norm as a maximum of youth dagbesteding dagdelen per ISO week
  (`MH-DAGBESTEDING-MAX`). Both are warnings.
* **Dagbesteding** (ambiguity 3): development dagbesteding (Ondersteuning) and respite
  dagbesteding (Respijtzorg) are different products; an allocation's product decides.
* **Verblijf jeugdzorg** (ambiguity 14) has no segment in the document; it is placed in
  Wonen as a stay that needs accompanying help (MH-73).
* **Crisis is youth-only** (ambiguity 15): an adult in a crisis product breaks the law
  domain.
* **Indicators** (ambiguity 7): the document names them without formulas; the
  definitions are in `indicators.py`. Out-of-home placements, recidivism, methods used,
  relapse into treatment and waiting lists per place need data the model does not hold
  and are not computed.
* **Inventory and document**: the document's footnote 1 points to "bijlage 2" for the
  overview of contracts, but that table is bijlage 3; this page and the code cite bijlage 3
  (inventory ambiguity 11). The inventory's crisis example is in hours; the model works in
  dates (above). No rule of the inventory was found to contradict the document.
"""


def render(policy: MiddenHollandPolicy = POLICY) -> str:
    """The region's docs page as Markdown."""
    out: list[str] = [_INTRO]
    out.append("## Members\n")
    out.append("| municipality | CBS code | member from | note |")
    out.append("|---|---|---|---|")
    for m in policy.members:
        note = "centrumgemeente (beschermd wonen, maatschappelijke opvang)" \
            if m.municipality.code == policy.central_municipality else ""
        out.append(f"| {m.municipality.name} | {m.municipality.code} ({m.municipality.gm_code}) "
                   f"| {m.period.start.isoformat()} | {note} |")
    out.append("\nMembership is dated from the start of the new contract period (§1, MH-02); "
               "the document names no end. Data: `parameters/members.toml`. There are no "
               "municipality dialects today: each municipality organises its own access, "
               "which the document keeps out of scope (§2.4, MH-30).\n")
    out.append(_PAYING)
    out.append("## Segments\n")
    out.append("The eight provisional segments (§4.2, MH-69) with their law domain, choice "
               "of provider (MH-54) and the indicators of their bijlage 4 sheet "
               "(direction: - decrease, + increase, = stabilise).\n")
    out.append("| # | segment | law | sub-segments | choice of provider | indicators | clause |")
    out.append("|---|---|---|---|---|---|---|")
    arrow = {"decrease": "-", "increase": "+", "stabilise": "="}
    for s in policy.catalog_data.segments:
        subs = ", ".join(x.name for x in s.subs) or "-"
        choice = s.choice or "; ".join(f"{x.name}: {x.choice}" for x in s.subs)
        inds = "; ".join(f"{i.name} {arrow[i.direction.value]} ({i.rule})"
                         for i in s.all_indicators())
        out.append(f"| {s.number} | {s.name} | {s.law.value} | {_cell(subs)} | {_cell(choice)} "
                   f"| {_cell(inds)} | {s.section} |")
    out.append("\n### Ambition and goals per segment\n")
    out.append("From the segment sheets of bijlage 4 (*Ambitie*, *Doelen*; Dutch, lightly "
               "shortened). Goals are descriptive: the rules that can be checked on cases "
               "(24-hour crisis norm, perspective plan from 16.5, regie) are validation codes "
               "below; the others are followed by the indicators above.\n")
    for s in policy.catalog_data.segments:
        sheets = [(s.name, s.ambition, s.goals)] if s.goals else [
            (f"{s.name}: {x.name}", x.ambition, x.goals) for x in s.subs]
        for title, ambition, goals in sheets:
            out.append(f"* **{title}**. {ambition}")
            for n, goal in enumerate(goals, 1):
                out.append(f"  {n}. {goal}")
    out.append("\n## Products and example tariffs\n")
    out.append("Every tariff is an **example value** (the document gives none, MH-63): real "
               "legacy Midden-Holland tariffs where they fit (Waddinxveen, *Tarievenoverzicht "
               "Sociaal Domein 2021*, the pre-2025 open-house P x Q list), otherwise published "
               "tariffs of comparable municipalities or invented round values, each saying "
               "so. Settlement lines built on them are marked `[example value]`.\n")
    out.append("| arrangement | product | segment | law | unit | iJw code | payer | "
               "2025 example tariff | origin |")
    out.append("|---|---|---|---|---|---|---|---|---|")
    for p in policy.catalog_data.products:
        amount, note = _tariff_text(policy, p.key.value)
        unit = p.unit.label if p.unit else "month"
        out.append(f"| `{p.key.value}` | {_cell(p.name)} | {p.segment.value}"
                   f"{'/' + p.sub.value if p.sub else ''} | {p.law.value} | {unit} | "
                   f"{p.ijw_code or ''} | {p.payer.value} | {amount} | {_cell(note)} |")
    out.append("\nCrisis products are priced at the crisis lump sum by default and earn no "
               "per-client line; their per-unit tariffs apply only when Crisis is switched "
               "to P x Q. Not in the catalog, by the document: the social basis and "
               "free-access provisions (local, MH-42), maatschappelijke opvang (MH-103), and "
               "hulpmiddelen, leerlingenvervoer, collectief vraagafhankelijk vervoer, "
               "rolstoelvervoer dagbesteding and calamiteitentoezicht Wmo, which run on "
               "existing contracts or subsidies (bijlage 3, MH-77).\n")
    out.append("## Purchasing instruments per segment\n")
    out.append("Three funding models (§2.3: task-based lump sum MH-18, effort-based P x Q "
               "MH-19, output MH-20), three contract forms (subsidy, open house, SAS "
               "procedure; MH-24, MH-25), at most "
               f"{policy.instruments.max_contract_years} years with options (MH-04, MH-08), "
               "volume agreements with a minimum and a maximum instead of budget ceilings "
               "(§3.4, MH-64). **No segment's choice is decided by the document** (MH-01); "
               "the defaults below are its stated preference, the terms are example values.\n")
    out.append("| segment | decided | funding | contract form | term (base + options) | note |")
    out.append("|---|---|---|---|---|---|")
    for i in policy.instruments.segments:
        name = i.segment.value + (f" / {i.sub.value}" if i.sub else "")
        out.append(f"| {name} | {'yes' if i.decided else 'no'} | {i.funding.value} | "
                   f"{contract_form_label(i.contract_form)} | {i.base_years} + "
                   f"{i.option_years} years{' (example)' if i.terms_example else ''} | "
                   f"{_cell(i.note or '')} |")
    out.append("")
    for b in policy.instruments.lump_sums:
        out.append(f"Lump sum: {b.segment.value}, provider `{b.provider}`, from "
                   f"{b.valid_from.isoformat()}: {b.amount_per_year.format_nl()} a year in "
                   f"{b.terms} terms, split by key `{b.key}`"
                   f"{' (example value: ' + (b.note or '') + ')' if b.example else ''}.")
    out.append("\nExample contracts (`parameters/contracts.toml`): " + "; ".join(
        f"`{r.contract.id}` ({r.segment.value}, {r.contract.longest}"
        + (f", volume {r.contract.volume.minimum.format_nl()} - "
           f"{r.contract.volume.maximum.format_nl()} a year" if r.contract.volume else "")
        + ")" for r in policy.contracts) + ".\n")
    out.append("## Distribution keys\n")
    out.append("| key | basis | from | " + " | ".join(
        m.municipality.name for m in policy.members) + " | total | note |")
    out.append("|---|---|---|" + "---|" * len(policy.members) + "---|---|")
    for k in policy.keys:
        weights = dict(k.weights)
        out.append(f"| {k.name} | {k.basis.value} | {k.valid_from.isoformat()} | " + " | ".join(
            f"{weights.get(m.municipality.code, 0):,}" for m in policy.members)
            + f" | {k.total_weight:,} | {_cell(k.note or '')} |")
    out.append("")
    amounts = ", ".join(f"{e.period.start.year}"
                        + (f"-{e.period.last_day.year}" if e.period.last_day.year
                           != e.period.start.year else "")
                        + f" {e.value.amount.format_nl()} per {e.value.period.value.replace('_', ' ')}"
                        for e in SUBSCRIPTION_TARIFF)
    out.append(_CONTRIBUTION.replace("{amounts}", amounts))
    out.append(_ACCESS)
    out.append("## Validation codes\n")
    out.append("| code | clause |")
    out.append("|---|---|")
    codes = {
        "MH-LAW-DOMAIN": "law", "MH-REFERRER": "wmo_access", "MH-CRISIS-24H": "crisis",
        "MH-AGE-TARGET": "jr_age", "MH-FGGZ-PERSPECTIVE": "fggz_plan",
        "MH-STAY-WITHOUT-HELP": "stay_help", "MH-OZA-ACCESS": "oza",
        "MH-REGIE-MISSING": "regie_missing", "MH-PROCESS-REGIE": "process_regie",
        "MH-EARLY-CLOSE": "early_close", "MH-CONTRACT-TERM": "term",
        "MH-CONTRACT-SIGNING": "signing", "MH-VOLUME-BELOW-MIN": "volume",
        "MH-VOLUME-ABOVE-MAX": "volume", "MH-VOLUME-UNKNOWN": "volume",
        "MH-CRISIS-PXQ": "crisis_pxq",
        "MH-LIGHT-TREATMENT-MAX": "light_treatment",
        "MH-DAGBESTEDING-MAX": "dagbesteding_max",
        "MH-CATALOG": "catalog", "MH-MEMBER": "member", "MH-INCOME-FLAG": "income",
    }
    for code, key in codes.items():
        clause = REFS[key]
        out.append(f"| `{code}` | {clause.section} [{clause.rule}] |")
    out.append("")
    out.append("## Indicators\n")
    out.append("`indicators.segment_indicators(caseload, catalog, window, by=...)` computes, per "
               "segment and municipality (or provider, MH-23): clients, inflow, outflow, mean "
               "waiting days from decision to start of care (MH-96), mean duration, share "
               "ended according to plan, counts of end-report proposals (MH-41), drop-out per "
               "category, mean satisfaction and share of goals realised (MH-48), and the "
               "segment ratios (ambulant vs residential MH-95, home-like places MH-105, "
               "stayed home in crisis MH-92, care intensity MH-115). Values are exact "
               "fractions.\n")
    out.append(_LOADING)
    out.append(_DIFFERENCES)
    out.append("## Rules\n")
    out.append("Every rule of the inventory, with its clause, where it is encoded and which "
               "test covers it (tests under `policies/midden_holland/tests/`; `cases/*.toml` "
               "are the readable cases run by `test_cases.py`), or why it is not encoded. "
               "Status: encoded, parameter (a setting with the document's preference), "
               "indicator (an indicator or warning), not encoded.\n")
    out.append("| id | rule | clause | status | encoded in | tested by / reason |")
    out.append("|---|---|---|---|---|---|")
    for r in policy.rules:
        tested = r.tested_by
        if r.reason:
            tested = f"{tested}{'; ' if tested else ''}*{r.reason}*"
        out.append(f"| {r.id} | {_cell(r.summary)} | {_cell(r.ref.section)} | "
                   f"{r.status.value.replace('_', ' ')} | {_cell(r.encoded_in) or '-'} | "
                   f"{_cell(tested) or '-'} |")
    return "\n".join(out) + "\n"


if __name__ == "__main__":  # pragma: no cover
    print(render(), end="")
