"""National rules that hold in every region, as dated data with their sources.

* The Wmo own-contribution maximum (*abonnementstarief*) per household: EUR 17.50 per four
  weeks in 2019, per month from 2020 (EUR 19.00 2020-2023, 20.60 in 2024, 21.00 in 2025,
  21.80 in 2026).
* No own contribution under the Jeugdwet.
* The age boundary between Jeugdwet and Wmo (see :mod:`sociaaldomein.model.household`).
"""

from __future__ import annotations

import datetime as dt

import attrs

from sociaaldomein.model.funding import BillingPeriod
from sociaaldomein.model.household import ADULT_AGE, LAW_BOUNDARY_REF, MAX_EXTENDED_YOUTH_AGE
from sociaaldomein.model.money import Money
from sociaaldomein.model.periods import Month, Period, Timeline, TimelineEntry
from sociaaldomein.model.provenance import Ref, Source

__all__ = [
    "ADULT_AGE",
    "JEUGDWET_NO_CONTRIBUTION",
    "LAW_BOUNDARY_REF",
    "MAX_EXTENDED_YOUTH_AGE",
    "SUBSCRIPTION_TARIFF",
    "SubscriptionTariff",
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
