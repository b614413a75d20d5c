"""National rules that hold in every region, as dated data with their sources.

* The Wmo own-contribution maximum (*abonnementstarief*) per household: EUR 17.50 per four
  weeks in 2019, per month from 2020 (EUR 19.00 2020-2023, 20.60 in 2024, 21.00 in 2025,
  21.80 in 2026).
* An own contribution is never more than the cost of the support (:data:`COST_PRICE_CAP`,
  :func:`cap_at_cost`): every region that charges one passes its contribution lines
  through :func:`cap_at_cost` with the month's cost of the household's Wmo maatwerk.
* Who pays no subscription tariff (:func:`subscription_charge`): a client with a partner
  of whom one has not reached the AOW age (:data:`AOW_AGE`), a client under 18 (other
  than for a home adaptation), a household paying a Wlz contribution; beschermd wonen and
  opvang are outside the subscription tariff.
* No own contribution under the Jeugdwet.
* The age boundary between Jeugdwet and Wmo (see :mod:`sociaaldomein.model.household`).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping

import attrs

from sociaaldomein.model.caseload import Allocation, Case
from sociaaldomein.model.funding import BillingPeriod
from sociaaldomein.model.household import (
    ADULT_AGE,
    LAW_BOUNDARY_REF,
    MAX_EXTENDED_YOUTH_AGE,
    Person,
)
from sociaaldomein.model.lines import Flow, SettlementLine
from sociaaldomein.model.money import Money
from sociaaldomein.model.periods import (
    Month,
    MonthRounding,
    Period,
    Timeline,
    TimelineEntry,
    add_months,
)
from sociaaldomein.model.provenance import Ref, Source

__all__ = [
    "ADULT_AGE",
    "AOW_AGE",
    "COST_PRICE_CAP",
    "EXEMPTION_REFS",
    "JEUGDWET_NO_CONTRIBUTION",
    "LAW_BOUNDARY_REF",
    "MAX_EXTENDED_YOUTH_AGE",
    "SUBSCRIPTION_TARIFF",
    "AowAge",
    "NationalRule",
    "SubscriptionCharge",
    "SubscriptionTariff",
    "WmoProvision",
    "aow_age_reached",
    "cap_at_cost",
    "maatwerk_cost",
    "subscription_charge",
    "subscription_tariff_for_month",
]

_CAK = Source(
    title="Eigen bijdrage Wmo (abonnementstarief)", issuer="CAK",
    url="https://www.hetcak.nl/zakelijk/regelingen/wmo",
)
_UITVOERINGSBESLUIT = Source(
    title="Uitvoeringsbesluit Wmo 2015, art. 3.8 (as amended, Staatsblad 2019, 185)",
    issuer="Rijksoverheid",
)
_RIJKSOVERHEID_2024 = Source(
    title="Eigen bijdrage Wmo 2015 (vraag en antwoord)", issuer="Rijksoverheid",
    url="https://www.rijksoverheid.nl/onderwerpen/verpleeghuizen-en-zorginstellingen/"
        "vraag-en-antwoord/eigen-bijdrage-wmo-2015",
)


@attrs.frozen
class SubscriptionTariff:
    """The national maximum own contribution for Wmo maatwerk per household."""

    amount: Money
    period: BillingPeriod
    ref: Ref


SUBSCRIPTION_TARIFF: Timeline[SubscriptionTariff] = Timeline(
    (
        TimelineEntry(
            Period(dt.date(2019, 1, 1), dt.date(2020, 1, 1)),
            SubscriptionTariff(Money.euros("17.50"), BillingPeriod.FOUR_WEEKS,
                               Ref(_UITVOERINGSBESLUIT, "2019: EUR 17,50 per vier weken")),
        ),
        TimelineEntry(
            Period(dt.date(2020, 1, 1), dt.date(2024, 1, 1)),
            SubscriptionTariff(Money.euros("19.00"), BillingPeriod.MONTH,
                               Ref(_CAK, "vanaf 2020 maximaal EUR 19,- per maand")),
        ),
        TimelineEntry(
            Period(dt.date(2024, 1, 1), dt.date(2025, 1, 1)),
            SubscriptionTariff(Money.euros("20.60"), BillingPeriod.MONTH,
                               Ref(_RIJKSOVERHEID_2024, "2024: maximaal EUR 20,60 per maand")),
        ),
        TimelineEntry(
            Period(dt.date(2025, 1, 1), dt.date(2026, 1, 1)),
            SubscriptionTariff(Money.euros("21.00"), BillingPeriod.MONTH,
                               Ref(_CAK, "2025: maximaal EUR 21,- per maand")),
        ),
        TimelineEntry(
            Period(dt.date(2026, 1, 1), dt.date(2027, 1, 1)),
            SubscriptionTariff(Money.euros("21.80"), BillingPeriod.MONTH,
                               Ref(_CAK, "per 1 januari 2026 maximaal EUR 21,80 per maand")),
        ),
    ),
    name="Wmo abonnementstarief (national maximum per household)",
)
"""The national maximum own contribution per household. 2027 is not covered: the
income-dependent contribution proposed for 2027 (Kamerstuk 36713) was not law when this
table was made, so asking for 2027 raises :class:`~sociaaldomein.errors.NotCovered`."""

JEUGDWET_NO_CONTRIBUTION = Ref(
    source=Source(title="Jeugdwet", issuer="Rijksoverheid"),
    section="art. 8.1.1 (no parental contribution since 2016)",
)
"""No own contribution is charged for youth care under the Jeugdwet."""

_FOUR_WEEK_ORIGIN = dt.date(2019, 1, 1)


def subscription_tariff_for_month(month: Month) -> tuple[Money, Ref]:
    """The maximum own contribution a household owes for a calendar month.

    From 2020 that is the monthly amount. In 2019 the amount was per four weeks; the
    calendar month is charged for each four-week period that *starts* in it, counting
    periods from 1 January 2019 (13 periods in the year, so one month has two).
    """
    tariff = SUBSCRIPTION_TARIFF.at(month.first_day)
    if tariff.period is BillingPeriod.MONTH:
        return tariff.amount, tariff.ref
    starts = 0
    for index in range(13):
        day = _FOUR_WEEK_ORIGIN + dt.timedelta(days=28 * index)
        if day in month.period:
            starts += 1
    return tariff.amount * starts, tariff.ref


# -- the cost price cap -------------------------------------------------------------------

_WMO = Source(title="Wet maatschappelijke ondersteuning 2015", issuer="Rijksoverheid",
              date=dt.date(2015, 1, 1))


@attrs.frozen
class NationalRule:
    """A national rule with the period it holds in and its clause."""

    id: str
    valid: Period
    ref: Ref


COST_PRICE_CAP = NationalRule(
    "NAT-WMO-COST-CAP", Period.open(dt.date(2015, 1, 1)),
    Ref(_WMO, "art. 2.1.4 (bijdrage in de kosten)", rule="NAT-WMO-COST-CAP",
        note="an own contribution for a maatwerkvoorziening is at most its cost price, "
             "'met als maximum de kostprijs van de voorziening' (restated in Inkoopplan "
             "resultaatgerichte Wmo-begeleiding 2019 §4.4); the CAK says the same for "
             "hulpmiddelen and woningaanpassingen"),
)
"""An own contribution is never more than the cost of the Wmo maatwerk it is charged for
(from 1 January 2015, when the Wmo 2015 came into force)."""


def maatwerk_cost(lines: Iterable[SettlementLine], household: str,
                  allocations: Iterable[str]) -> Money:
    """What the municipality pays providers in ``lines`` for ``household``'s allocations
    ``allocations``: the cost the household's contribution is capped at. Corrections count
    (a credit lowers the cost); the result is never below zero."""
    wanted = set(allocations)
    cost = Money.zero()
    for line in lines:
        if (line.flow is Flow.TO_PROVIDER and line.household == household
                and line.allocation in wanted):
            cost += line.amount
    return max(cost, Money.zero())


def cap_at_cost(contributions: Iterable[SettlementLine], cost: Money) -> list[SettlementLine]:
    """The contribution lines of one household and month, together at most ``cost``
    (:data:`COST_PRICE_CAP`): lines are kept in order until the cost is used up, a line that
    would pass it is lowered to what is left (its explanation says so and cites the rule),
    and lines that would be zero are dropped."""
    left = max(cost, Money.zero())
    out: list[SettlementLine] = []
    for line in contributions:
        if line.amount <= left:
            out.append(line)
            left -= line.amount
            continue
        if left:
            out.append(attrs.evolve(
                line, amount=left,
                explanation=f"{line.explanation}; lowered from {line.amount.format_nl()} to "
                            f"{left.format_nl()}, the cost of the support this month "
                            f"({COST_PRICE_CAP.ref.cite()})"))
        left = Money.zero()
    return out


# -- AOW age --------------------------------------------------------------------------------

_AOW = Source(title="Algemene Ouderdomswet", issuer="Rijksoverheid")
_AOW_PAGE = Source(
    title="Wanneer gaat mijn AOW in? (vraag en antwoord)", issuer="Rijksoverheid",
    url="https://rijksoverheid.nl/onderwerpen/algemene-ouderdomswet-aow/vraag-en-antwoord/"
        "wanneer-gaat-mijn-aow-in",
)
_CBS_2022 = Source(title="Prognose 2022-2070: AOW-leeftijd", issuer="CBS",
                   url="https://www.cbs.nl/nl-nl/nieuws/2022/27/prognose-in-2035-vooral-meer-"
                       "inwoners-in-en-om-grotere-gemeenten/aow-leeftijd")


@attrs.frozen
class AowAge:
    """The pension age (*pensioengerechtigde leeftijd*) that holds in a calendar year."""

    years: int
    months: int
    ref: Ref

    @property
    def in_months(self) -> int:
        return self.years * 12 + self.months

    def __str__(self) -> str:
        return f"{self.years} years" + (f" {self.months} months" if self.months else "")


def _aow(years: int, months: int, section: str, source: Source = _AOW, note: str = "") -> AowAge:
    return AowAge(years, months, Ref(source, section, note=note or None))


_SVB_NOTE = ("the SVB's published table was not read from a stored page; the value is the "
             "AOW art. 7a table as amended by the Wet temporisering verhoging AOW-leeftijd "
             "(2019), corroborated by secondary pages only (Omrop Fryslan, March 2019: 66 "
             "years 4 months since 1 January 2019; yktoo.com glossary: 2020-2021 66y4m, "
             "2023 66y10m)")
AOW_AGE: Timeline[AowAge] = Timeline.from_starts(
    {
        dt.date(2019, 1, 1): _aow(66, 4, "art. 7a (2019-2021: 66 jaar en 4 maanden)",
                                  note=_SVB_NOTE),
        dt.date(2022, 1, 1): _aow(66, 7, "AOW-leeftijd 2022: 66 jaar en zeven maanden",
                                  _CBS_2022),
        dt.date(2023, 1, 1): _aow(66, 10, "art. 7a (2023: 66 jaar en 10 maanden)",
                                  note=_SVB_NOTE),
        dt.date(2024, 1, 1): _aow(67, 0, "tabel: 2024-2027 67 jaar", _AOW_PAGE),
        dt.date(2028, 1, 1): _aow(67, 3, "tabel: 2028 en 2029 67 jaar en 3 maanden",
                                  _AOW_PAGE),
    },
    until=dt.date(2030, 1, 1), name="AOW age (Algemene Ouderdomswet art. 7a)",
)
"""The AOW age per calendar year, 2019-2029 (Algemene Ouderdomswet art. 7a; the SVB and
Rijksoverheid publish the table). 2024-2029 were read in the Rijksoverheid table and 2022
in a CBS publication; 2019-2021 and 2023 are the statutory values as amended in 2019, not
read from a stored SVB page. Later years are not fixed yet: asking raises
:class:`~sociaaldomein.errors.NotCovered`."""


def aow_age_reached(birth_date: dt.date, day: dt.date) -> bool:
    """Whether someone born on ``birth_date`` has reached the AOW age on ``day``.

    The AOW age is reached on the first day on which the person is as old as the AOW age
    of that day's year (a birthday that does not exist in the month, such as 31 for a
    30-day month, counts at the month's end). Before 2019 the table is not held, but
    someone whose 2019 AOW age fell before 2019 has certainly reached it."""
    first = AOW_AGE.period.start
    for year in range(first.year, max(day.year, first.year) + 1):
        reached = add_months(birth_date, AOW_AGE.at(dt.date(year, 1, 1)).in_months,
                             MonthRounding.END_OF_MONTH)
        if reached.year <= year:
            if day < first and reached > day:
                AOW_AGE.at(day)  # not known before the table starts: raises NotCovered
            return reached <= day
    return False


# -- exemptions from the subscription tariff ---------------------------------------------

_UITVOERING_2019 = Source(
    title="Uitvoeringsbesluit Wmo 2015 (as amended, Staatsblad 2019, 185)",
    issuer="Rijksoverheid",
)
_LEIDEN = Source(
    title="Eigen bijdrage zorgkosten (abonnementsgeld Wmo)", issuer="Gemeente Leiden",
    url="https://gemeente.leiden.nl/inwoners-en-ondernemers/zorg-en-onderwijs/zorg/"
        "eigen-bijdrage-zorgkosten-abonnementsgeld-wmo/",
)


class WmoProvision(enum.Enum):
    """What kind of Wmo provision an allocation is, as the subscription tariff sees it."""

    MAATWERK = "maatwerk"
    """A maatwerkvoorziening or pgb under the subscription tariff."""
    HOME_ADAPTATION = "home_adaptation"
    """A woningaanpassing: charged also for a client under 18."""
    WHEELCHAIR = "wheelchair"
    """A wheelchair: no contribution."""
    BESCHERMD_WONEN = "beschermd_wonen"
    """Outside the subscription tariff (its own income-dependent contribution)."""
    OPVANG = "opvang"
    """Outside the subscription tariff (its own income-dependent contribution)."""


EXEMPTION_REFS: Mapping[str, Ref] = {
    "partner_below_aow_age": Ref(
        _UITVOERING_2019, "abonnementstarief: gehuwde cliënt(en) van wie ten minste een de "
        "pensioengerechtigde leeftijd niet heeft bereikt", rule="NAT-WMO-AOW",
        note="Leiden: 'u of uw partner heeft de AOW-leeftijd nog niet bereikt'; Drimmelen: "
             "'Meerpersoonshuishouden niet AOW gerechtigd EUR 0'"),
    "under_18": Ref(_LEIDEN, "geen eigen bijdrage: een Wmo-voorziening voor een kind onder "
                    "18 jaar", rule="NAT-WMO-U18",
                    note="Rijksoverheid: for a child under 18 a municipality may charge only "
                         "for a woningaanpassing"),
    "wlz": Ref(_LEIDEN, "geen eigen bijdrage: u betaalt al een eigen bijdrage voor de Wlz",
               rule="NAT-WMO-WLZ"),
    "wheelchair": Ref(_LEIDEN, "geen eigen bijdrage: alleen een rolstoel", rule="NAT-WMO-ROLSTOEL"),
    "outside": Ref(_UITVOERING_2019, "beschermd wonen en opvang: eigen, inkomensafhankelijke "
                   "bijdrage, buiten het abonnementstarief", rule="NAT-WMO-BW"),
}
"""The clauses of the exemptions from the subscription tariff."""


@attrs.frozen
class SubscriptionCharge:
    """What a household owes as subscription tariff in a month, and why.

    ``amount`` is the national maximum of the month, or zero when no client owes it;
    ``charged`` lists the clients the tariff is charged for and ``exempt`` the others with
    the clause that exempts them."""

    amount: Money
    maximum: Money
    ref: Ref
    charged: tuple[str, ...]
    exempt: tuple[tuple[str, Ref], ...]


def _exemption(case: Case, client: Person, provision: WmoProvision,
               day: dt.date) -> Ref | None:
    if provision in (WmoProvision.BESCHERMD_WONEN, WmoProvision.OPVANG):
        return EXEMPTION_REFS["outside"]
    if provision is WmoProvision.WHEELCHAIR:
        return EXEMPTION_REFS["wheelchair"]
    if case.household.pays_wlz_contribution(day):
        return EXEMPTION_REFS["wlz"]
    if client.age_on(day) < ADULT_AGE and provision is not WmoProvision.HOME_ADAPTATION:
        return EXEMPTION_REFS["under_18"]
    partner = case.household.partner_of(client.id, day)
    if partner is not None and not (aow_age_reached(client.birth_date, day)
                                    and aow_age_reached(partner.birth_date, day)):
        return EXEMPTION_REFS["partner_below_aow_age"]
    return None


def subscription_charge(case: Case, month: Month,
                        uses: Iterable[tuple[Allocation, WmoProvision]]) -> SubscriptionCharge:
    """The subscription tariff the household of ``case`` owes for ``month``.

    ``uses`` are the Wmo allocations whose care runs in the month, with what kind of
    provision each is. The household owes the national maximum of the month
    (:func:`subscription_tariff_for_month`) once, however many clients, when at least one
    use is not exempt; exemptions are judged on the month's first day. The caller still
    caps the amount at the cost of the support (:func:`cap_at_cost`)."""
    maximum, tariff_ref = subscription_tariff_for_month(month)
    day = month.first_day
    charged: list[str] = []
    exempt: list[tuple[str, Ref]] = []
    for alloc, provision in uses:
        client = case.client(alloc)
        why = _exemption(case, client, provision, day)
        if why is None:
            if client.id not in charged:
                charged.append(client.id)
        else:
            exempt.append((client.id, why))
    exempt = [(pid, ref) for pid, ref in exempt if pid not in charged]
    if charged:
        return SubscriptionCharge(maximum, maximum, tariff_ref, tuple(charged), tuple(exempt))
    ref = exempt[0][1] if exempt else tariff_ref
    return SubscriptionCharge(Money.zero(), maximum, ref, (), tuple(exempt))
