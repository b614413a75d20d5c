"""Render the region's docs page, ``docs/regions/west-friesland.md``, from the policy.

The page is generated so that it cannot drift from the code: the members, the 44 + 15
arrangements with their segments and example tariffs, and the table of every rule of the
inventory come from :data:`~sociaaldomein_west_friesland.POLICY`. A test compares the
committed page with :func:`render`; regenerate it with::

    uv run python -m sociaaldomein_west_friesland.docs > docs/regions/west-friesland.md
"""

from __future__ import annotations

from sociaaldomein import Law, PerPeriod, PriceQuantity, RuleStatus, Stay, Trajectory
from sociaaldomein_west_friesland.keys import ARRANGEMENTS, Intensity
from sociaaldomein_west_friesland.policy import POLICY, WestFrieslandPolicy

__all__ = ["render"]

_STATUS = {
    RuleStatus.ENCODED: "encoded",
    RuleStatus.PARAMETER: "parameter",
    RuleStatus.INDICATOR: "indicator",
    RuleStatus.NOT_ENCODED: "not encoded",
}

_INTRO = """\
# West-Friesland

*Generated from the policy by `python -m sociaaldomein_west_friesland.docs`; do not edit
by hand.*

West-Friesland is the region of seven municipalities in the north of Noord-Holland that
buy youth care (Jeugdwet) and social support (Wmo 2015) together. Their framework for the
purchasing round from 2019 orders supply into three segments, replaces products by
**arrangements** (a support profile times an intensity) with one fixed tariff each, and
funds them result-steered: per trajectory for short care (mainly youth) and per month for
lasting support (mainly Wmo). The policy is the distribution `sociaaldomein-west-friesland`,
module `sociaaldomein_west_friesland`, entry point and region code `west-friesland`.

## Source

*{title}* ({issuer}). It is the only source of this policy and is cited by title and
section. It gives **no euro amounts**, no indexation or SROI percentage, and names no
member other than Hoorn; it says nothing about own contributions or pgb.

"""

_FUNDING = """\
## Funding and settlement

| what | rule | clause |
|---|---|---|
| one fixed (average) tariff per arrangement, the same for every provider; hours are never declared, extra work never charged | WF-51, WF-52, WF-58 | §3.6, §3.6.1 |
| youth arrangements: one tariff per trajectory, paid {start_pct} at the start of care and {end_pct} in the month it ends | WF-64 (parameter) | §3.6.1 |
| the completion part is withheld when the trajectory ends {withheld} | WF-65 (parameter) | §3.6.1 |
| Wmo arrangements: a fixed tariff per calendar month, pro rata by days in a part month (half up) | WF-57 (parameter) | §3.6.1 |
| individuele begeleiding and huishoudelijke ondersteuning: P x Q per hour | WF-30 | §3.2.2, §3.6.1 |
| stays: per etmaal on actual use, apart from the profiles | WF-55 | §3.6.1 |
| yearly indexation, rounded to the cent each year (example rate {rates}) | WF-59 (parameter) | §3.6.1 |
| no bonus-malus: evaluations never change an amount; results are monitored | WF-61 | §3.6.1 |
| the provider of the allocation (hoofdaannemer) is paid; onderaannemers never | WF-13, WF-14 | §2.2 item 2, §3.4 |

The document presents 70/30 and the withholding conditions as "een veel gehanteerde
constructie" the region will choose from, so they live in `parameters/tariffs.toml` with
the document's example as default. **Why an early end by agreement pays the 30%:** the
document names only an early unilateral end by the client ("uitval"), a move and a death
as conditions to withhold; an end by agreement, by the provider, by another external
circumstance or by a change of arrangement is none of these, so the completion part is
paid in the month the trajectory ends. A what-if with another construction is
`POLICY.with_trajectory_terms("4/5", [])`.

A change of profile or intensity mid-course ends the running arrangement the day the new
one starts; a client never holds two arrangements of one law at once (WF-60). The old
trajectory ends with the stop reason `changed`, which the default withholding does not
cover.

Acceptance obligation (WF-62, WF-63): a provider subscribed to an arrangement may not
refuse a client unless a resolving condition applies (default: `waiting_list`, the
document's example); a refusal without one is a violation.

## Example tariffs, and loading real ones

Every tariff in `parameters/tariffs.toml` is an **example value** (`example = true`), built
from a real published tariff of another municipality that its `note` names; settlement
lines built on them say `[example value]`. Youth trajectories are hours x EUR 57.60
(Waddinxveen 2021, Begeleiding - Jeugd): Duurzaam 40 h, Perspectief 60 h, Intensief 100 h,
Acuut 120 h. Wmo months are hours a month x EUR 55.80 (Westerveld 2023, individuele
begeleiding basis): 6, 10 and 16 h. IB EUR 55.80 and HO EUR 32.40 per hour (Westerveld
2023); stays EUR 116.80 and EUR 142.20 per etmaal (Hoogeveen 2020).

A municipality loads its real tariffs by writing a file in the same format (the core's
`load_tariffs` format, documented at the top of `parameters/tariffs.toml`) and passing it:

```python
from sociaaldomein_west_friesland import load_policy

policy = load_policy(tariffs="tariffs-west-friesland-2019.toml")
```

Loading is strict, and every error names the file and the key: a float amount, an unknown
key or arrangement, a duplicate, a missing arrangement or contract year (2019-2021, or an
indexation rate for it), trajectory rows with different instalments or withholding, a
model that does not fit the arrangement (profiles per trajectory or month, IB/HO per hour,
stays per etmaal), or a higher intensity that is not dearer (WF-56). Mark real values
`example = false`. The policy claims the contract years {years}; a file with rows or an
indexation rate for a later year extends them (a year without either raises
`MissingTariff` when it is priced, never a silent copy of the last one; validation warns
(WF-01) about an allocation that starts after the last contract year). A trajectory is
paid on the tariff of the year its care starts, also when it ends in a later year; a
monthly tariff, an hour or an etmaal on the tariff of the month's year, so a Wmo
arrangement running since 2018 is paid 2019 tariffs in 2019.

Deliveries on the separate products must fit their tariff: IB and HO in hours or
minutes, stays in whole etmalen; validation reports another unit as an error (WF-30,
WF-55) and a delivery outside the allocation's care, which is not paid, as a warning.

Run the region's tests with `uv run pytest policies/west_friesland -q`: the conformance
suite, the readable cases in `tests/cases/*.toml` (each with its rule id, section and the
figure to check by hand), and property tests with the public strategies.

"""

_CHOICES = """\
## Where the document leaves room, and what this policy does

* **Segment of an arrangement** (WF-22, WF-23): the document gives criteria, no table.
  Youth Intensief and Acuut are segment C ("intensieve ambulante hulp", "hoge
  intensiteit", §3.1, §3.6), youth Duurzaam and Perspectief segment B, every Wmo
  arrangement segment B (for the Wmo, C is only beschermd wonen, which has its own
  purchasing track). In `parameters/catalog.toml`, marked `assumed`.
* **Crisis** (WF-38): an arrangement of intensity Acuut, or an allocation flagged
  `crisis`, needs no perspectiefplan in segment C; nor does a stay of the same client
  that runs next to it (the stay is part of the crisis placement).
* **Segment B perspectiefplan** (WF-37): not required by default (`rules.toml`).
* **Stacking** (WF-60): one profile arrangement per client per law at a time (the stricter
  reading); HO and stays may run alongside, IB next to a Wmo arrangement is stacking.
* **Profile 10** (WF-79): "0-6 jaar" read as 0 up to and including 6.
* **Part months** (WF-57): pro rata by calendar days; the document is silent.
* **Drop-out** (WF-46): the five-way breakdown is reported whole; a single rate names the
  categories it counts. A trajectory that simply runs to its end carries no stop event;
  pass `ended_by=<date>` to `indicators` so that it counts as ended according to plan,
  as settlement pays it (otherwise only the stops, mostly early ends, are counted).
* **Satisfaction and "no new help"** (WF-48, WF-49): a mark of 6 or more counts as
  sufficient, and new help within 365 days counts as new help; the document sets no norm
  and no window (both are arguments of `indicators`).
* **Where the inventory and the document differ**: the inventory cites "bijlage 1" for
  both profile tables although §3.2.2 speaks of "bijlagen 1 en 2"; the document prints both
  under bijlage 1, and so does this page. The inventory counts 90 rules; this page lists
  every one of them.
* **Acceptance obligation** (WF-62): the bullet in §3.6.1 literally says the obligation
  exists "zodat inwoners en gezinnen die moeilijk(er) te behandelen zijn kunnen worden
  geweigerd (cherrypicking)"; the next sentence and §3.6.2 say providers may *not* refuse.
  The policy follows the latter: a refusal without a resolving condition is a violation.
* **Segment C purchasing level**: §3.1 says segment C is "regionaal ingekocht", its
  figure says "bovenregionaal inkopen". Purchasing level does not change what a case is
  paid, so it is only shown as `regional_or_supra_regional` in `catalog.toml`.
* **Not regulated by the document**: own contribution and pgb, transition of decisions
  running on 1 January 2019, extension terms of contracts, the SROI percentage.

"""


def _money(model: object) -> str:
    if isinstance(model, Trajectory):
        return f"{model.amount.format_nl()} per trajectory"
    if isinstance(model, PerPeriod):
        return f"{model.amount.format_nl()} per month"
    if isinstance(model, PriceQuantity):
        return f"{model.price.format_nl()} per {model.unit.label}"
    if isinstance(model, Stay):
        return f"{model.price_per_etmaal.format_nl()} per etmaal"
    return "-"  # pragma: no cover


def _cell(text: str) -> str:
    return text.replace("|", "/").replace("\n", " ")


def render(policy: WestFrieslandPolicy = POLICY) -> str:
    """The docs page as Markdown."""
    source = policy.sources[0]
    out = [_INTRO.format(title=source.title, issuer=source.issuer)]

    out.append("## Members\n\n| municipality | CBS code | member from | note |\n|---|---|---|---|\n")
    for m in sorted(policy.members, key=lambda m: m.municipality.name):
        out.append(f"| {m.municipality.name} | {m.municipality.code} | "
                   f"{m.period.start.isoformat()} | {m.note} |\n")
    for central in policy.central_functions:
        out.append(f"\n{central.municipality.name} ({central.municipality.code}) is the central "
                   f"municipality and contract party for the region for "
                   f"{', '.join(f.replace('_', ' ') for f in central.functions)} "
                   f"({central.section}, {central.rule}).\n")
    out.append("\nThe source names only Hoorn and says \"zeven West-Friese gemeenten\" (WF-06); "
               "the other names and all codes are CBS facts. Every member applies the same "
               "rules: there are no municipal dialects (WF-69).\n\n")

    out.append("## Segments\n\n| segment | description | access | in this framework |\n"
               "|---|---|---|---|\n")
    for s in policy.catalog_data.segments:
        out.append(f"| {s.key} | {_cell(s.description)} | {s.access.replace('_', ' ')} | "
                   f"{'yes' if s.in_framework else 'no (local choice)'} |\n")

    out.append("\n## Arrangements\n\nAn arrangement is a support profile times an intensity "
               "(§3.2, bijlage 1). Intensities: "
               + "; ".join(f"{i.value} {i.dutch}" for i in Intensity)
               + " (Acuut for youth only).\n\n")
    year = policy.contract_years[0]
    for law, title in ((Law.JEUGDWET, "Youth (Jeugdwet): 11 profiles x 4 intensities = 44"),
                       (Law.WMO, "Wmo: 5 profiles x 3 intensities = 15")):
        out.append(f"### {title}\n\n| code | profile | intensity | segment | "
                   f"example tariff {year} |\n|---|---|---|---|---|\n")
        for key in (k for k in ARRANGEMENTS if k.law is law):
            text = (policy.catalog_data.youth_profile(key.profile)  # type: ignore[arg-type]
                    if law is Law.JEUGDWET else
                    policy.catalog_data.wmo_profile(key.profile))  # type: ignore[arg-type]
            arrangement = policy.catalog.arrangement(key.code)
            model = policy.tariffs.tariff(key.code, year).model
            out.append(f"| {key.code} | {key.profile.value}. {_cell(text.target_group)} | "
                       f"{key.intensity.value} {key.intensity.name.title()} | "
                       f"{arrangement.segment} | {_money(model)} |\n")
        out.append("\n")
    out.append("### Outside the arrangements\n\n| code | product | law | unit | "
               f"example tariff {year} |\n|---|---|---|---|---|\n")
    for product in (*policy.catalog_data.hourly, *policy.catalog_data.stays):
        model = policy.tariffs.tariff(product.key, year).model
        unit = policy.catalog.arrangement(product.key).unit
        out.append(f"| {product.key} | {product.name} | {product.law.value} | "
                   f"{unit.label if unit else '-'} | {_money(model)} |\n")
    out.append("\nYouth profile 10 is for children aged 0 to 6 (WF-79). Wmo aids and "
               "socio-medical advice (WF-03) and beschermd wonen (WF-05) are no arrangements "
               "of this policy.\n\n")

    terms = policy.trajectory_terms
    withheld = sorted(r.value.replace("_", " ") for r in terms.withhold_on)
    rates = policy.tariffs.indexation.rates if policy.tariffs.indexation else {}
    out.append(_FUNDING.format(
        start_pct=f"{terms.at_start * 100}%", end_pct=f"{(1 - terms.at_start) * 100}%",
        withheld=("for: " + ", ".join(withheld)) if withheld else "never",
        rates=", ".join(f"{y} {r}%" for y, r in rates.items()) or "none",
        years=", ".join(str(y) for y in policy.contract_years),
    ))
    out.append(_CHOICES)

    out.append("## Every rule of the inventory\n\nStatus: *encoded* (code or data enforces "
               "it), *parameter* (a setting with the document's example as default), "
               "*indicator* (reported, not enforced), *not encoded* (with the reason). "
               "Citations are sections of the source above. Tests are under "
               "`policies/west_friesland/tests/`.\n\n"
               "| rule | summary | citation | status | encoded in | tested by / reason |\n"
               "|---|---|---|---|---|---|\n")
    counts: dict[str, int] = {}
    for rule in policy.rules:
        status = _STATUS[rule.status]
        counts[status] = counts.get(status, 0) + 1
        last = rule.tested_by if rule.status is not RuleStatus.NOT_ENCODED else rule.reason
        out.append(f"| {rule.id} | {_cell(rule.summary)} | {_cell(rule.ref.section)} | "
                   f"{status} | {_cell(rule.encoded_in) or '-'} | {_cell(last)} |\n")
    out.append("\nIn all: " + ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
               + f" ({len(policy.rules)} rules).\n")
    return "".join(out)


if __name__ == "__main__":  # pragma: no cover
    print(render(), end="")
