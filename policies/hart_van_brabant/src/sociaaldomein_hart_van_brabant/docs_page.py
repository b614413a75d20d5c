"""Render ``docs/regions/hart-van-brabant.md`` from the policy's own data.

Run ``uv run python -m sociaaldomein_hart_van_brabant.docs_page [PATH]`` to write the page
(default: ``docs/regions/hart-van-brabant.md`` under the current directory). The tests check
that the committed page equals :func:`render`, so the page never drifts from the code.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from sociaaldomein import PerPeriod, PriceQuantity, RuleStatus, Stay, Tariff, Unit
from sociaaldomein_hart_van_brabant.catalog import (
    AddOn,
    Distance2016,
    LifeDomain2016,
    Result,
    SelfReliance,
    Track,
    WaalwijkProduct,
)
from sociaaldomein_hart_van_brabant.policy import POLICY
from sociaaldomein_hart_van_brabant.sources import PRINCIPLES_2016, PURCHASE_2019
from sociaaldomein_hart_van_brabant.validation import R

__all__ = ["render"]

P16 = f"*{PRINCIPLES_2016.title}*"
I19 = f"*{PURCHASE_2019.title}*"

STATUS = {
    RuleStatus.ENCODED: "encoded",
    RuleStatus.PARAMETER: "parameter / data",
    RuleStatus.INDICATOR: "warning",
    RuleStatus.NOT_ENCODED: "not encoded",
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _amount(tariff: Tariff) -> str:
    model = tariff.model
    if isinstance(model, PerPeriod):
        return f"{model.amount.format_nl()} per {model.period.value}"
    if isinstance(model, Stay):
        return f"{model.price_per_etmaal.format_nl()} per etmaal"
    if isinstance(model, PriceQuantity):
        if model.unit is Unit.PIECE_EFFORT:
            return f"{model.price.format_nl()} per day of transport (unit 84)"
        return f"{model.price.format_nl()} per {model.unit.label}"
    return type(model).__name__  # pragma: no cover


def _members() -> list[str]:
    out = ["| municipality | CBS code | member from | joint purchase of Wmo-begeleiding | note |",
           "|---|---|---|---|---|"]
    for membership in POLICY.members:
        m = membership.municipality
        p = POLICY.participation_of(m.code)
        joint = p.period.start.isoformat() if p and p.period else "no (own purchasing)"
        notes = []
        if p and p.conditional:
            notes.append("may postpone or drop out (§1.3, HVB19-03)")
        if p and p.dialect:
            notes.append("dialect: P x Q, own access team coordinates (voetnoot 2-5)")
        out.append(f"| {m.name} | {m.code} | {membership.period.start.isoformat()} | {joint} | "
                   f"{'; '.join(notes)} |")
    return out


def _matrix() -> list[str]:
    cat = POLICY.hvb_catalog
    levels = list(SelfReliance)
    head = "| result | " + " | ".join(f"{lv.value} zelfredzaam" for lv in levels) + " |"
    out = [head, "|---|" + "---|" * len(levels)]
    for result in Result:
        area = cat.area(result.area)
        name = f"**{result.value}** {cat.result_name(result)} ({area.name})"
        if result in cat.optional_results:
            name += " *(optional per municipality)*"
        cells = []
        for lv in levels:
            model = POLICY.tariffs.tariff(f"{result.value}-{lv.value}", 2019).model
            assert isinstance(model, PerPeriod)
            cells.append(f"{model.amount.format_nl()}")
        out.append(f"| {_cell(name)} | " + " | ".join(cells) + " |")
    return out


def _addons() -> list[str]:
    out = ["| arrangement | code | 2019 example tariff | source of the example value |",
           "|---|---|---|---|"]
    codes = [a.value for a in AddOn] + [p.value for p in WaalwijkProduct]
    for code in codes:
        arrangement = POLICY.catalog.arrangement(code)
        tariff = POLICY.tariffs.tariff(code, 2019)
        out.append(f"| {_cell(arrangement.name)} | `{code}` | {_amount(tariff)} | "
                   f"{_cell(tariff.ref.note or '')} |")
    return out


def _tracks() -> list[str]:
    out = ["| track | name | decision | organised | carried by | section |",
           "|---|---|---|---|---|---|"]
    for track in Track:
        info = POLICY.hvb_catalog.track(track)
        name = info.name + (f" ({info.also_called})" if info.also_called else "")
        out.append(f"| {track.value} (`{track.code}`) | {name} | {info.decision} | "
                   f"{info.organised} | {_cell(info.handled_by)} | {info.section} ({info.rule}) |")
    return out


def _indicative() -> list[str]:
    m = POLICY.indicative_2016
    domains = dict((d, name) for d, name, _ in POLICY.hvb_catalog.domains_2016)
    examples = dict((d, ex) for d, _, ex in POLICY.hvb_catalog.domains_2016)
    out = ["| afstand tot resultaat | " + " | ".join(domains[d] for d in LifeDomain2016) + " |",
           "|---|" + "---|" * len(LifeDomain2016),
           "| *example result* | " + " | ".join(f"*{examples[d]}*" for d in LifeDomain2016) + " |"]
    for distance in Distance2016:
        out.append(f"| {distance.value.capitalize()} | "
                   + " | ".join(m.amount(d, distance).format_nl() for d in LifeDomain2016) + " |")
    return out


def _codes() -> list[str]:
    out = ["| code | clause |", "|---|---|"]
    for code, ref in R.items():
        out.append(f"| `{code}` | {ref.section} ({ref.rule}) |")
    out.append("| `HVB-LAW` | national: Jeugdwet art. 1.1 (Wmo from 18) |")
    out.append("| `HVB-PGB-CAP`, `HVB-PGB-MAATWERK` | §4.4 Persoonsgebonden budget (HVB19-64, HVB19-65) |")
    return out


def _rules() -> list[str]:
    out = ["| id | rule | citation | status | encoded in | tested by / reason |",
           "|---|---|---|---|---|---|"]
    short = {PRINCIPLES_2016: "*Leidende principes* (2016)", PURCHASE_2019: "*Inkoopplan* (2019)"}
    for rule in POLICY.rules:
        where = rule.encoded_in or "-"
        tested = rule.tested_by if rule.status is not RuleStatus.NOT_ENCODED else rule.reason
        citation = f"{short[rule.ref.source]} {rule.ref.section}"
        out.append(f"| {rule.id} | {_cell(rule.summary)} | {_cell(citation)} | "
                   f"{STATUS[rule.status]} | {_cell(where)} | {_cell(tested)} |")
    return out


def _counts() -> str:
    counts = {s: sum(1 for r in POLICY.rules if r.status is s) for s in RuleStatus}
    return ", ".join(f"{counts[s]} {STATUS[s]}" for s in RuleStatus)


def render() -> str:
    """The whole page as Markdown."""
    terms = POLICY.terms_on(dt.date(2019, 6, 1))
    lines = [
        "# Hart van Brabant",
        "",
        "<!-- Generated by `uv run python -m sociaaldomein_hart_van_brabant.docs_page`; "
        "edit the policy's data and code, not this page. -->",
        "",
        "Distribution `sociaaldomein-hart-van-brabant`, module `sociaaldomein_hart_van_brabant`, "
        "entry point and region code `hart-van-brabant`.",
        "",
        "The nine municipalities of the Regio Hart van Brabant harmonise how they buy and pay for "
        "Wmo support and youth care: *\"We spreken dezelfde taal in het sociaal domein, maar het "
        "gesprek met onze eigen inwoners is lokaal maatwerk, soms met een lokaal dialect!\"* "
        "Eight of them buy Wmo-begeleiding together from 1 January 2019 as result arrangements: "
        "a matrix of 13 results x 3 self-reliance levels, each cell with a fixed tariff per "
        "period. Waalwijk endorses the principles but keeps its own purchasing: it is the "
        "region's municipality dialect.",
        "",
        "## Sources",
        "",
        f"- {P16} (concept, 19 December 2016): the four leading principles, the role names "
        "(opdrachtgever, opdrachtnemer, coördinator, regisseur), the four tracks (sporen), the "
        "indicative 2016 result matrix, choice and self-coordination, and the Waalwijk "
        "exceptions (voetnoot 2-5). Rule ids `HVB16-xx`.",
        f"- {I19} (no date of its own): the purchase matrix, the add-ons (short stay, transport, "
        "coordination budget), *no cure, no more pay*, own contribution and pgb, the framework "
        "contract and its calendar, the worked example of mevrouw Jansen. Rule ids `HVB19-xx`.",
        "",
        "Where the two differ, the 2019 plan governs the joint purchase from 1 January 2019; the "
        "2016 note governs what the 2019 plan leaves to it (tracks, roles, Waalwijk).",
        "",
        "## Members",
        "",
        *_members(),
        "",
        "The CBS codes are facts, not from the sources. The policy claims the nine from "
        "1 January 2017: the principles were adopted in December 2016 (Bestuurscommissie Jeugd "
        "15 December; the colleges' dates are not given). Heusden's or Loon op Zand's "
        "postponement is a what-if: `POLICY.with_participation(\"0797\", date(2020, 1, 1))`; "
        "leaving after 2020 is `POLICY.with_participation(\"0809\", date(2019, 1, 1), "
        "until=date(2021, 1, 1))` (cells running past it are `HVB-CELL-NOT-IN-FORCE`). "
        "`uv run sociaaldomein policies` lists the region with its municipalities and sources.",
        "",
        "## Catalog",
        "",
        f"### The 2019 purchase matrix ({I19} §3.1-§3.4)",
        "",
        "Each cell is an arrangement `<result>-<level>` (e.g. `5a-beperkt`) in track 3, paid a "
        "fixed amount per period (HVB19-17). **All amounts below are EXAMPLE VALUES** per month: "
        "the source gives no euro amounts. They are invented round figures of the order of the "
        "nearest real analogue (Loket Altena's pgb begeleiding per trede); 4a and 5a at beperkt "
        "zelfredzaam are 300.00 and 400.00, the illustrative Jansen figures of the rule "
        "inventory. Every settlement line built on them says `[example value]`.",
        "",
        *_matrix(),
        "",
        "Rules on the cells: areas 1 and 6 only with an explicit result in the plan (HVB19-36); "
        "area 3 only together with maatwerk in another area (HVB19-30); 3a with financial "
        "problems, 3b without (HVB19-31, checked when the allocation carries the flag "
        "`financial_problems` or `no_financial_problems`); no hours, volume or frequency on a "
        "result (HVB19-42); no decision running past 31 December 2022, the framework "
        "contract's last possible day (`HVB-CONTRACT-END`, HVB19-69); no meal cell (HVB19-37); 2b is optional per municipality, since "
        "several buy household help separately (HVB19-07; which ones the source does not say, "
        "and the shading of its *Optioneel* legend is lost, so only 2b is optional).",
        "",
        "### Add-ons and Waalwijk's products",
        "",
        *_addons(),
        "",
        "Short stay for respite falls under area 1 and needs an explicit area 1 result "
        "(HVB19-28, HVB19-29). Transport only for areas 1 and 5 (flag `for:<result>` naming an "
        "area 1 or 5 result the client has in the same period, or inferred from the client's "
        "cells), never with a voorliggende transport provision "
        "(HVB19-40, HVB19-41). The extra coordination budget only when several domains outside "
        "the matrix are involved or safety is at risk, and the allocation must say which (flag "
        "`several_domains` or `safety`, HVB19-38, HVB19-39); `several_domains` needs two "
        "entries in `Plan.domains` that are not life areas of the matrix (a result code, area "
        "number or area name does not count). Waalwijk's two products are example "
        "products: the sources name none.",
        "",
        f"### Tracks (sporen) as segments ({P16} §3.2)",
        "",
        *_tracks(),
        "",
        f"### The indicative 2016 matrix ({P16} §3.3)",
        "",
        "Shipped as an earlier, explicitly indicative parameter set: *\"puur indicatief als "
        "denkrichting\"* (HVB16-70). Unit and period are not stated. These amounts are marked "
        "example values and are never used to price or settle.",
        "",
        *_indicative(),
        "",
        "## Coordination",
        "",
        "- The access team is the principal (*opdrachtgever*) of every plan (HVB16-15, HVB19-11).",
        "- The contractor it commissions becomes the plan's single coordinator: a provider, the "
        "household itself (always with a pgb, HVB16-85), the access team or a party in the "
        "voorliggend veld (HVB16-17, HVB16-44, HVB19-14).",
        "- Coordination is never split: two coordinators on a plan, or support under several "
        "plans with different coordinators, is an error; with provider contracts per cell "
        "given, a provider coordinator must hold every cell of the plan (HVB16-22, HVB16-89, "
        "HVB19-08).",
        "- When safety is at stake (a suspicion suffices) the municipality or a partner is both "
        "regisseur and coordinator: the GI for youth, the Vangnetpartners for adults, the Team "
        "Complexe Casuïstiek (Zorg- en Veiligheidshuis) or the municipality for either; "
        "a municipality named in these roles must be the household's own (HVB16-30..33, "
        "HVB19-09).",
        "- Waalwijk: its access professional coordinates, never a provider (voetnoot 2 and 5, "
        "HVB16-41); a Waalwijk resident with a pgb may coordinate his own plan (HVB16-85). "
        "*Reading*: the two rules would otherwise leave no valid Waalwijk pgb plan.",
        "",
        "## Settlement",
        "",
        "- The provider declares the cell's fixed amount per period on the decision, however "
        "many hours it spends (HVB19-46, HVB19-52..54). *Reading*: a period is a calendar "
        "month, paid pro rata by days in a month care only partly covers.",
        "- *No cure, no more pay* (HVB19-55): an evaluation recording that the support does not "
        "contribute stops payment of that allocation from the next month. *Reading*: the stop "
        "covers the allocation the evaluation names, not the whole decision.",
        "- Own contribution (off unless a municipality charges it): the national maximum "
        "period contribution, at most the cost price of the support that month (the national "
        "cost cap of `sociaaldomein.policy.national`), and a municipality may lower it "
        "(HVB19-60, HVB19-63). The national exemptions hold: no contribution for a client "
        "with a partner below the AOW age, a client under 18, or a household paying a Wlz "
        "contribution.",
        "- A pgb tariff (`Allocation.pgb_amount`) is at most the care-in-kind tariff "
        "(`HVB-PGB-CAP`, checked by `validate`), unless individual maatwerk is recorded (a "
        "warning, HVB19-64, HVB19-65).",
        "- Clients registered (`Allocation.registered_on`) from 1 January 2019 fall under the new "
        "system; an earlier client's old decision runs on to its end date (HVB19-81, HVB19-82; "
        "`POLICY.system_for`).",
        "- Waalwijk is paid P x Q on delivered volume, without *no cure, no more pay* (HVB16-74).",
        "- Declarations follow the decision: a delivery in a month the allocation does not "
        "cover, in another unit than the arrangement's, or more etmalen or days of transport "
        "in a month than the allocation has days in it is an error (`HVB-DELIVERY-PERIOD`, "
        "`HVB-DELIVERY-UNIT`, `HVB-DELIVERY-DAYS`; HVB19-53, HVB19-29); so is any event for "
        "an allocation the case lacks (`HVB-EVENT-ALLOCATION`), and an evaluation dated "
        "before its allocation starts, which would otherwise stop all payment "
        "(`HVB-EVALUATION-PERIOD`, HVB19-55).",
        "- Settlement prices what the decision says: validate first. A household whose "
        "municipality is not a member raises `NoPolicy` (`HVB-NOT-MEMBER` in validation); a "
        "month outside the contract years 2019-2022 raises `SettlementError` naming the "
        "missing tariff.",
        "",
        "## Contract calendar",
        "",
        "- Framework contract from 1 January 2019 for two years plus twice one year: it ends on "
        "31 December 2020, 2021 or 2022 (HVB19-68, HVB19-69); the bestuursakkoord runs to "
        "31 December 2020 (HVB19-66).",
        "- Addenda: bundled by 1 October, signed by 1 December, in force 1 January (HVB19-84).",
        "- `POLICY.terms_on(D)`: the phase, the fixed end, the addenda in force and whether the "
        f"bestuursakkoord holds; e.g. {terms.describe()}.",
        "- `POLICY.provider_join(D)`: providers join yearly through the addendum; applied on or "
        "before 1 October: from the next 1 January, otherwise a year later; the end date stays "
        "fixed (HVB19-72, HVB19-73). *Reading*: the source names no joining date.",
        "- `POLICY.municipality_join(D, conditions, municipality=M)`: all three conditions "
        "strictly before 1 May of year Y: takes part from 1 January Y+1, else from 1 January "
        "Y+2 (HVB19-74); a municipality that already takes part on D is told its own start. "
        "*Reading*: the source gives only the deadline (the rule inventory's example 10 reads "
        "'valid for year Y'; the issue, followed here, says from the next 1 January).",
        "",
        "## Loading your own tariffs",
        "",
        "A municipality replaces the example values with its real tariffs in a file of the "
        "same format as `parameters/tariffs.toml` (the core's `load_tariffs` format) and loads "
        "it with `POLICY.with_tariffs(path)` (the same as `attrs.evolve(POLICY, "
        "tariffs=load_region_tariffs(POLICY.hvb_catalog, path))`); to route a caseload "
        "through it, pass `Registry.of(policy)` to `sociaaldomein.settle`:",
        "",
        "```toml",
        'region = "hart-van-brabant"',
        "example = false",
        'note = "Tarieven resultaatgerichte Wmo-begeleiding, gemeente X"',
        "",
        "[indexation]                       # optional: derive later years",
        'rounding = "half_up"',
        'rates = { 2020 = "2.4", 2021 = "3.1", 2022 = "1.9" }   # percent, as text',
        "",
        "[[tariff]]",
        'arrangement = "5a-beperkt"         # <result>-<level>, or an add-on code',
        "year = 2019",
        'model = "per_period"',
        'amount = "412.50"                  # euros as text, or integer cents; never a float',
        'period = "month"',
        'proration = "by_days"',
        "",
        "[[tariff]]",
        'arrangement = "kortdurend-verblijf-verblijf"',
        "year = 2019",
        'model = "stay"                     # per etmaal',
        'amount = "180.29"',
        "```",
        "",
        "The file covers every arrangement of the catalog: the joint purchase has one tariff "
        "per cell for all participating municipalities (HVB19-62), and Waalwijk's P x Q "
        "products sit in the same file. It is read strictly: an unknown arrangement (`5d-niet`), a contract year 2019-2022 "
        "neither given nor derived by indexation, a float or negative amount, or an unknown key is a "
        "`ParameterError` naming the file and the key (e.g. `tariff[14].amount`).",
        "",
        "## Readable cases",
        "",
        "Each file in `policies/hart_van_brabant/tests/cases/` tells one case in words, names "
        "its source section and rule ids, and states the exact violation codes and the amounts "
        "paid (example tariffs, hand-checkable). `tests/test_cases.py` runs them all: "
        "`uv run pytest policies/hart_van_brabant`. The format is documented in `casefile.py`.",
        "",
        *_cases(),
        "",
        "## Validation codes",
        "",
        *_codes(),
        "",
        "## Where the inventory, the issue and the documents differ",
        "",
        "- HVB16-01: the 2016 note names only Waalwijk; the other eight names come from the "
        "2019 plan §1.1.",
        "- HVB16-33 and HVB19-09 name different partners for safety cases (2016: the GI and the "
        "Vangnetpartners; 2019: a GI or the Team Complexe Casuïstiek, mandated by the "
        "opdrachtgever). The policy accepts the union, restricted by law (GI for youth, "
        "Vangnet for adults).",
        "- HVB16-89: the document's sentence lacks a verb; the stricter reading (a coordinator "
        "must hold every cell of the plan) is applied when contracts are given.",
        "- HVB19-74: the document gives only the 1 May deadline; the effective date (next "
        "1 January) is the issue's reading.",
        "- HVB19-25: the inventory notes that the optional cells cannot be identified; only 2b "
        "is optional here.",
        "- The document's \"periode\" is undefined; the month is this policy's reading (see "
        "Settlement).",
        "- HVB19-39: the issue speaks of \"several life domains\"; the document says "
        "\"verschillende domeinen (niet zijnde de leefgebieden in de matrix)\", so the matrix's "
        "own life areas do not count towards an extra coordination budget (the document "
        "governs).",
        "- HVB16-41 and HVB16-85: Waalwijk's access team coordinates, and a pgb holder "
        "coordinates his own plan; read together, a Waalwijk pgb plan may have either, never a "
        "provider.",
        "- The transport example tariff is per day of transport (unit 84); the document gives "
        "no unit, so \"at most one a day\" (`HVB-DELIVERY-DAYS`) rests on that reading.",
        "",
        "## Rules",
        "",
        f"Every rule id of the inventory ({len(POLICY.rules)} rules: {_counts()}). "
        f"*Leidende principes* (2016) is {P16}; *Inkoopplan* (2019) is {I19}. "
        "Paths are relative to `policies/hart_van_brabant/src/sociaaldomein_hart_van_brabant/` "
        "and `policies/hart_van_brabant/tests/`.",
        "",
        *_rules(),
        "",
    ]
    return "\n".join(lines)


CASES = Path(__file__).resolve().parents[2] / "tests" / "cases"


def _cases() -> list[str]:
    """A table of the readable cases (only in a source checkout, where the tests are)."""
    from sociaaldomein_hart_van_brabant.casefile import read_case

    if not CASES.is_dir():  # pragma: no cover - an installed wheel has no tests
        return ["(The case files are in the source repository.)"]
    out = ["| case | source section | rules | expected | paid (example tariffs) |",
           "|---|---|---|---|---|"]
    for path in sorted(CASES.glob("*.toml")):
        case = read_case(path)
        exp = case.expected
        codes = ", ".join(f"`{c}`" for c in sorted(exp.violations)) or "valid"
        paid = "-"
        if exp.total is not None and exp.first_month and exp.last_month:
            span = (str(exp.first_month) if exp.first_month == exp.last_month
                    else f"{exp.first_month} .. {exp.last_month}")
            paid = f"{exp.total.format_nl()} ({span})"
        source = "Inkoopplan" if "Inkoopplan" in case.source else "Leidende principes"
        out.append(f"| `{path.name}`: {_cell(case.title)} | *{source}* {_cell(case.section)} | "
                   f"{', '.join(case.rules[:4])}{', ...' if len(case.rules) > 4 else ''} | "
                   f"{codes} | {paid} |")
    return out


def main(argv: list[str]) -> int:
    target = Path(argv[1]) if len(argv) > 1 else Path("docs/regions/hart-van-brabant.md")
    target.write_text(render(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
