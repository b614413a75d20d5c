"""Checking a provider's declaration (323) and answering it (325).

:func:`check_declaration` checks every line of a 323 against what the municipality sent
(the ledger's 301s), the region's policy and earlier declarations, and builds the 325:

* technical: a 323 that breaks an in-message rule gets a 325 with only its header and
  ``0001``; a Dagtekening after today ``8848`` (TR135); an identification used before by
  the provider ``9056`` (TR056); a DeclaratieNummer used before ``9333`` (TR333);
* per line (retourcodes of the national list, see ``shared/istandaarden/codes.md``):
  ``9338`` no sent allocation with the ToewijzingNummer (TR338), ``8187`` the Bsn is not
  the allocation's client (TR304), ``9339``/``9340`` category or code not as allocated
  (TR339, TR340), ``9307``/``9308`` the period starts before or ends after the allocation
  (TR307, TR308), ``9319`` a period after the DeclaratiePeriode (TR319),
  ``9387``/``9388`` the period is not the month's slice of the
  allocation (TR387, TR388), ``9341`` a unit other than the allocation's (minutes are
  allowed against hours; TR341), ``9346`` an amount other than volume x tariff, for
  minutes at an hourly tariff ``round_half_up(uurtarief x minuten / 60)`` (TR346, §7 of
  the standard's rules), ``0611`` a tariff other than the contract tariff (TR418),
  ``9321``/``9322`` more volume than allocated for the period or the whole allocation
  (TR321, TR322; per week by ISO calendar weeks touched), ``9369`` more than the budget
  (TR369); and from the ledger ``8021`` a ReferentieNummer used before (TR314),
  ``8017`` a credit of no accepted debit (TR323), ``9389`` a second debit before a credit
  (TR389), ``9390`` a line credited twice (TR390).

The funding model of the region's policy decides what a line may claim. Effort-based
arrangements (price x quantity, stays per etmaal) are checked on volume and the contract
tariff. For result-funded (per period) and trajectory arrangements the 301 allocates the
arrangement itself (one piece, *output*), so the volume caps do not apply; instead the
declared amount must equal what the region's policy owes for that allocation and month
(:meth:`RegionPolicy.settle` on the case), else ``0611``.

Accepted lines become :class:`~sociaaldomein.model.lines.SettlementLine`\\ s with the
policy's rule ids and clauses (for per-period and trajectory lines the policy's own lines
for the allocation and month), so :meth:`Settlement.explain` works on what was accepted.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction

import attrs

from sociaaldomein.errors import InvalidInput, SociaaldomeinError
from sociaaldomein.exchange.ledger import DeclaredLine, Ledger, LineDirection, Refusal
from sociaaldomein.exchange.parties import law_of_standard
from sociaaldomein.io.istandaarden import build
from sociaaldomein.io.istandaarden import types as ty
from sociaaldomein.io.istandaarden.messages import (
    BerichtIdentificatie,
    Client325,
    Declaratie,
    DeclaratieAntwoord,
    DeclaratieAntwoordKlasse,
    Header325,
    Prestatie,
    Prestatie325,
    ToegewezenProduct,
    TotaalBedragMetDC,
    XsdVersie,
)
from sociaaldomein.io.istandaarden.rules import Breach, check
from sociaaldomein.model.caseload import Allocation, Case, Caseload
from sociaaldomein.model.catalog import Frequency, Unit
from sociaaldomein.model.funding import FundingModel, PerPeriod, PriceQuantity, Stay, Trajectory
from sociaaldomein.model.household import Law
from sociaaldomein.model.lines import Flow, LineKind, SettlementLine
from sociaaldomein.model.money import Money
from sociaaldomein.model.periods import Month
from sociaaldomein.model.provenance import NATIONAL, Ref
from sociaaldomein.policy.checks import pricing_day
from sociaaldomein.policy.plugin import PricedAllocation, RegionPolicy
from sociaaldomein.policy.registry import Registry, default_registry
from sociaaldomein.settle.settlement import Settlement

__all__ = [
    "RETOUR_RULES",
    "Chain",
    "DeclarationCheck",
    "LineVerdict",
    "allocated_unit",
    "check_declaration",
    "declarable",
    "funding_of",
    "hourly_minutes_amount",
    "iso_weeks",
    "line_cap",
    "minute_tariff",
    "signed_sum",
]

RETOUR_RULES: dict[str, str] = {
    "0001": "level 2", "0611": "TR418", "8017": "TR323", "8021": "TR314", "8187": "TR304",
    "8848": "TR135", "9056": "TR056", "9307": "TR307", "9308": "TR308", "9321": "TR321",
    "9322": "TR322", "9333": "TR333", "9338": "TR338", "9339": "TR339", "9340": "TR340",
    "9341": "TR341", "9346": "TR346", "9369": "TR369", "9387": "TR387", "9388": "TR388",
    "9389": "TR389", "9390": "TR390", "9319": "TR319",
}
"""The rule behind each retourcode a 325 of this module can carry."""

_STANDARD_RULES = Ref(NATIONAL, "iWmo/iJw 3.2 declaratie (323/325): TR307-TR418, §7 amounts",
                      rule="TR323")


def signed_sum(amounts: Iterable[Money]) -> Money:
    return sum(amounts, Money.zero())


def hourly_minutes_amount(hourly_cents: int, minutes: int) -> int:
    """``round_half_up(uurtarief x minuten / 60)`` in whole cents (§7, IV081, TR346)."""
    return (2 * hourly_cents * minutes + 60) // 120


def minute_tariff(hourly_cents: int) -> int:
    """The ProductTarief of a line in minutes at an hourly tariff (§7)."""
    return (2 * hourly_cents + 60) // 120


def iso_weeks(first: dt.date, last: dt.date) -> int:
    """The number of ISO calendar weeks that touch ``first``..``last`` (both inclusive)."""
    monday_first = first - dt.timedelta(days=first.weekday())
    monday_last = last - dt.timedelta(days=last.weekday())
    return (monday_last - monday_first).days // 7 + 1


def declarable(settlement: Settlement | Iterable[SettlementLine]) -> Money:
    """What providers declare in 323s of a settlement: the lines paid to a provider for an
    allocation (lump sums are paid without a declaration; own contributions are the
    household's)."""
    lines = settlement.lines if isinstance(settlement, Settlement) else tuple(settlement)
    return signed_sum(line.amount for line in lines
                       if line.flow is Flow.TO_PROVIDER and line.allocation is not None)


@attrs.frozen
class LineVerdict:
    """One line of a 323: its client's Bsn, the line, the retourcodes that reject it
    (empty when accepted) with the reason for each, and, when accepted, the settlement
    lines it stands for."""

    bsn: str
    line: Prestatie
    codes: tuple[str, ...]
    reasons: tuple[str, ...]
    lines: tuple[SettlementLine, ...] = ()

    @property
    def accepted(self) -> bool:
        return not self.codes


@attrs.frozen
class DeclarationCheck:
    """The outcome of a 323: the codes of its header (technical rejection) or of the
    declaration as a whole (``9333``), every line's verdict, and the 325 that answers it."""

    declaration: Declaratie
    header_codes: tuple[str, ...]
    declaration_codes: tuple[str, ...]
    verdicts: tuple[LineVerdict, ...]
    answer: DeclaratieAntwoord
    breaches: tuple[Breach, ...] = ()

    @property
    def accepted(self) -> Money:
        """The accepted total (signed; 0 when the declaration is rejected)."""
        if self.header_codes or self.declaration_codes:
            return Money.zero()
        return signed_sum(v.line.ingediend_bedrag.signed for v in self.verdicts if v.accepted)

    @property
    def settlement(self) -> Settlement:
        """The accepted lines as settlement lines (credits as negative corrections)."""
        if self.header_codes or self.declaration_codes:
            return Settlement(())
        return Settlement(tuple(s for v in self.verdicts if v.accepted for s in v.lines))

    @property
    def rejected(self) -> tuple[LineVerdict, ...]:
        return tuple(v for v in self.verdicts if not v.accepted)


@attrs.frozen
class _Known:
    allocation: Allocation
    case: Case
    law: Law
    product: ToegewezenProduct


class Chain:
    """What checking needs: the caseload (the municipality's record of its allocations
    and care), the ledger, the policies and today's date. Caches the policies'
    settlement per household and month."""

    def __init__(self, caseload: Caseload, ledger: Ledger | None, *, today: dt.date,
                 registry: Registry | None = None) -> None:
        self.caseload = caseload
        self.ledger = ledger
        self.today = today
        self.registry = registry or default_registry()
        self.cases = {c.household.id: c for c in caseload.cases()}
        self.allocations = {a.id: a for a in caseload.allocations}
        self._settled: dict[tuple[str, Month], list[SettlementLine] | str] = {}

    def policy(self, case: Case, month: Month) -> RegionPolicy:
        return self.registry.policy_for(case.household.municipality.code, month.first_day)

    def owed(self, allocation: Allocation, month: Month) -> list[SettlementLine] | str:
        """The policy's lines for the allocation in the month (paid to a provider), or
        why the policy cannot settle it."""
        key = (allocation.household_id, month)
        found = self._settled.get(key)
        if found is None:
            case = self.cases[allocation.household_id]
            try:
                found = self.policy(case, month).settle(case, month)
            except SociaaldomeinError as exc:
                found = f"the policy cannot settle household {case.household.id} in {month}: " \
                        f"{exc.message}"
            self._settled[key] = found
        if isinstance(found, str):
            return found
        return [line for line in found if line.allocation == allocation.id
                and line.flow is Flow.TO_PROVIDER]

    def priced(self, allocation: Allocation, month: Month) -> PricedAllocation | None:
        """The allocation's funding in the month (on its contract year; a trajectory on
        its start), or ``None`` when the policy has no tariff for it."""
        case = self.cases[allocation.household_id]
        try:
            policy = self.policy(case, month)
        except SociaaldomeinError:
            return None
        try:
            priced = policy.price(case, allocation, pricing_day(allocation, month))
            if isinstance(priced.tariff.model, Trajectory):
                priced = policy.price(case, allocation, allocation.period.start)
        except SociaaldomeinError:
            try:
                priced = policy.price(case, allocation, allocation.period.start)
            except SociaaldomeinError:
                return None
        return priced

    def known(self, municipality: str, law: Law, number: int) -> _Known | str:
        """The sent allocation behind a ToewijzingNummer, or why there is none."""
        if self.ledger is None:
            return "no ledger: nothing was sent"
        allocation_id = self.ledger.allocation_of(municipality, law.value, number)
        if allocation_id is None:
            return f"no allocation {number} was sent by municipality {municipality} " \
                   f"under the {law.value}"
        if self.ledger.sent(municipality, law.value, allocation_id) is None:
            return f"allocation {number} ({allocation_id}) has a number but was never sent"
        allocation = self.allocations.get(allocation_id)
        if allocation is None:
            return f"allocation {number} ({allocation_id}) is not in the caseload"
        case = self.cases[allocation.household_id]
        try:
            catalog = self.policy(case, Month.of(allocation.period.start)).catalog
            law_found = build.law_of(allocation, catalog, case.client(allocation))
            product = build.toegewezen_product(allocation, catalog, law_found,
                                               allocation.period.start)
        except SociaaldomeinError as exc:
            return f"allocation {allocation_id} cannot be written as a 301: {exc.message}"
        if number != product.toewijzing_nummer:
            product = attrs.evolve(product, toewijzing_nummer=number)
        return _Known(allocation, case, law_found, product)


class _Codes:
    def __init__(self) -> None:
        self.codes: list[str] = []
        self.reasons: list[str] = []

    def add(self, code: str, reason: str) -> None:
        if code not in self.codes:
            self.codes.append(code)
            self.reasons.append(f"{code} ({RETOUR_RULES.get(code, '')}): {reason}")


def funding_of(model: FundingModel | None) -> str:
    if isinstance(model, PriceQuantity | Stay):
        return "effort"
    if isinstance(model, PerPeriod | Trajectory):
        return "owed"
    return "none"


def allocated_unit(product: ToegewezenProduct, model: FundingModel | None) -> str | None:
    if product.budget is not None:
        return Unit.EURO.value
    if product.omvang is not None:
        return product.omvang.eenheid
    if isinstance(model, PriceQuantity):
        return model.unit.value
    if isinstance(model, Stay):
        return Unit.ETMAAL.value
    return Unit.PIECE_OUTPUT.value


def _in_allocated(volume: int, unit: str, allocated: str) -> Fraction:
    if unit == Unit.MINUTE.value and allocated == Unit.HOUR.value:
        return Fraction(volume, 60)
    return Fraction(volume)


def _text(quantity: Fraction) -> str:
    """A volume as exact decimal text for a message (never through a float)."""
    return format((Decimal(quantity.numerator) / quantity.denominator).normalize(), "f")


def line_cap(product: ToegewezenProduct, begin: dt.date, end: dt.date,
              standard: ty.Standard) -> Fraction | None:
    omvang = product.omvang
    if omvang is None:
        return None
    v = Fraction(omvang.volume)
    if omvang.frequentie == Frequency.PER_WEEK.value:
        if (standard is ty.Standard.IWMO and product.product is not None
                and product.product.categorie == "01"):
            return 6 * v
        return iso_weeks(begin, end) * v
    if omvang.frequentie == Frequency.PER_DAY.value:
        return ((end - begin).days + 1) * v
    if omvang.frequentie in (Frequency.PER_MONTH.value, Frequency.TOTAL.value):
        return v
    return None


def _total_cap(product: ToegewezenProduct) -> Fraction | None:
    omvang = product.omvang
    if omvang is None:
        return None
    v = Fraction(omvang.volume)
    if omvang.frequentie == Frequency.TOTAL.value:
        return v
    if product.einddatum is None:
        return None
    first, last = product.ingangsdatum, product.einddatum
    if omvang.frequentie == Frequency.PER_WEEK.value:
        return iso_weeks(first, last) * v
    if omvang.frequentie == Frequency.PER_DAY.value:
        return ((last - first).days + 1) * v
    if omvang.frequentie == Frequency.PER_MONTH.value:
        months = (last.year - first.year) * 12 + last.month - first.month + 1
        return months * v
    return None


def _check_line(chain: Chain, message: Declaratie, bsn: str, line: Prestatie,
                used: dict[int, Fraction]) -> tuple[_Codes, tuple[SettlementLine, ...]]:
    """Content checks of one debit line (levels 3 and 4 without the ledger's memory of
    declarations); the settlement lines it stands for when it passes."""
    out = _Codes()
    municipality = message.header.ontvanger
    law = law_of_standard(message.standard)
    found = chain.known(municipality, law, line.toewijzing_nummer)
    if isinstance(found, str):
        out.add("9338", found)
        return out, ()
    allocation, case, product = found.allocation, found.case, found.product
    client = case.client(allocation)
    if client.bsn is None or client.bsn.value != bsn:
        out.add("8187", f"Bsn {bsn} is not the Bsn of the client of allocation "
                f"{line.toewijzing_nummer}")
    if product.product is not None:
        if line.product_categorie != product.product.categorie:
            out.add("9339", f"ProductCategorie {line.product_categorie}, allocated "
                    f"{product.product.categorie}")
        if product.product.code is not None and line.product_code != product.product.code:
            out.add("9340", f"ProductCode {line.product_code}, allocated {product.product.code}")
    begin, end = line.product_periode.begindatum, line.product_periode.einddatum
    period = allocation.period
    if begin < period.start:
        out.add("9307", f"the period starts {begin}, before the allocation ({period.start})")
    if not period.is_open and end > period.last_day:
        out.add("9308", f"the period ends {end}, after the allocation ({period.last_day})")
    if end > message.declaratie.declaratie_periode.einddatum:
        out.add("9319", f"the period ends {end}, after the DeclaratiePeriode "
                f"({message.declaratie.declaratie_periode.einddatum})")
    month = Month.of(begin)
    if begin != max(month.first_day, period.start) and begin >= period.start:
        out.add("9387", f"the period starts {begin}: not the first of the month nor the "
                "allocation's start")
    month_last = month.next().first_day - dt.timedelta(days=1)
    if end != (month_last if period.is_open else min(month_last, period.last_day)) and (
            period.is_open or end <= period.last_day):
        out.add("9388", f"the period ends {end}: not the last day of the month nor the "
                "allocation's end")
    priced = chain.priced(allocation, month)
    model = None if priced is None else priced.tariff.model
    allocated = allocated_unit(product, model)
    unit = line.eenheid
    if unit != allocated and not (unit == Unit.MINUTE.value and allocated == Unit.HOUR.value):
        out.add("9341", f"Eenheid {unit}, allocated {allocated}")
    amount = line.ingediend_bedrag.bedrag
    tariff = line.product_tarief
    minutes_at_hourly = (unit == Unit.MINUTE.value and isinstance(model, PriceQuantity)
                         and model.unit is Unit.HOUR)
    if unit != Unit.EURO.value and tariff is not None:
        expected = (hourly_minutes_amount(model.price.amount_cents, line.geleverd_volume)
                    if minutes_at_hourly and isinstance(model, PriceQuantity)
                    else line.geleverd_volume * tariff)
        if amount != expected:
            out.add("9346", f"Bedrag {amount} is not GeleverdVolume x ProductTarief "
                    f"({expected})")
    volume = _in_allocated(line.geleverd_volume, unit, allocated or unit)
    cap = line_cap(product, begin, end, message.standard)
    if cap is not None and volume > cap:
        out.add("9321", f"GeleverdVolume {line.geleverd_volume} exceeds the "
                f"{_text(cap)} allocated for {begin}..{end}")
    funding = funding_of(model)
    owed = chain.owed(allocation, month)
    settlement: tuple[SettlementLine, ...] = ()
    if isinstance(owed, str):
        out.add("0611", owed)
        return out, ()
    owed_amount = signed_sum(s.amount for s in owed)
    if funding == "none" or priced is None:
        out.add("0611", f"the region's policy has no tariff to declare for allocation "
                f"{allocation.id} in {month}")
        return out, ()
    if funding == "owed":
        if amount != owed_amount.amount_cents:
            out.add("0611", f"Bedrag {amount} is not what the contract owes for allocation "
                    f"{allocation.id} in {month}: {owed_amount.amount_cents} "
                    f"({priced.rule})")
        settlement = tuple(owed)
    else:
        assert isinstance(model, PriceQuantity | Stay)
        price = model.price if isinstance(model, PriceQuantity) else model.price_per_etmaal
        contract = (minute_tariff(price.amount_cents) if minutes_at_hourly
                    else price.amount_cents)
        if tariff != contract:
            out.add("0611", f"ProductTarief {tariff}, contract tariff {contract} "
                    f"({priced.rule})")
        total_cap = _total_cap(product)
        earlier = sum((_in_allocated(v, u, allocated or u) for v, u in (
            chain.ledger.declared_volumes(message.header.afzender, law.value,
                                          line.toewijzing_nummer, municipality=municipality)
            if chain.ledger is not None else ())), Fraction(0))
        earlier += used.get(line.toewijzing_nummer, Fraction(0))
        if total_cap is not None and earlier + volume > total_cap:
            out.add("9322", f"the volume declared on allocation {line.toewijzing_nummer} "
                    f"adds up to {_text(earlier + volume)}, more than the "
                    f"{_text(total_cap)} allocated")
        if product.budget is not None:
            spent = earlier + volume
            if spent > product.budget:
                out.add("9369", f"the amounts declared add up to {spent} cents, more than "
                        f"the budget of {product.budget}")
        if not out.codes:
            used[line.toewijzing_nummer] = used.get(line.toewijzing_nummer, Fraction(0)) + volume
        if owed and owed_amount.amount_cents == amount:
            settlement = tuple(owed)
        else:
            kind = LineKind.STAY if isinstance(model, Stay) else LineKind.DELIVERY
            settlement = (SettlementLine(
                region=chain.policy(case, month).code,
                municipality=case.household.municipality.code,
                provider=priced.pay_to or allocation.provider, month=month, kind=kind,
                amount=Money.cents(amount), rule=priced.rule, ref=priced.ref,
                explanation=(f"declared {line.geleverd_volume} x {Unit(unit).label} at "
                             f"{Money.cents(contract).format_nl()} in 323 "
                             f"{message.declaratie.declaratie_nummer}, line "
                             f"{line.product_referentie.referentie_nummer}"),
                client=allocation.client_id, household=allocation.household_id,
                allocation=allocation.id, arrangement=allocation.arrangement,
                segment=priced.segment, funding="price_quantity" if kind is LineKind.DELIVERY
                else "stay", tariff_ref=priced.tariff.ref),)
    return out, settlement


def _credit_lines(chain: Chain, message: Declaratie, line: Prestatie) -> tuple[SettlementLine, ...]:
    """A credit becomes a negative correction of the allocation it credits."""
    municipality = message.header.ontvanger
    law = law_of_standard(message.standard)
    month = Month.of(line.product_periode.begindatum)
    found = chain.known(municipality, law, line.toewijzing_nummer)
    allocation = None if isinstance(found, str) else found.allocation
    region = ""
    provider = message.header.afzender
    rule, ref = "TR323", _STANDARD_RULES
    if allocation is not None:
        case = chain.cases[allocation.household_id]
        priced = chain.priced(allocation, month)
        with contextlib.suppress(SociaaldomeinError):
            region = chain.policy(case, month).code
        provider = (priced.pay_to if priced else None) or allocation.provider
        if priced is not None:
            rule, ref = priced.rule, priced.ref
    return (SettlementLine(
        region=region or "national", municipality=municipality, provider=provider,
        month=month, kind=LineKind.CORRECTION, amount=line.ingediend_bedrag.signed,
        rule=rule, ref=ref,
        explanation=(f"credit of line {line.product_referentie.vorig_referentie_nummer} in "
                     f"323 {message.declaratie.declaratie_nummer}, line "
                     f"{line.product_referentie.referentie_nummer} (TR323)"),
        client=None if allocation is None else allocation.client_id,
        household=None if allocation is None else allocation.household_id,
        allocation=None if allocation is None else allocation.id,
        arrangement=None if allocation is None else allocation.arrangement),)


def check_declaration(message: Declaratie, chain: Chain, *, identificatie: str,
                      breaches: Sequence[Breach] = (), dagtekening: dt.date | None = None,
                      ) -> DeclarationCheck:
    """Check a 323 and record it in the chain's ledger; the result holds the 325
    (identification ``identificatie``, dated ``dagtekening`` or today).

    ``breaches`` are the reader's findings; with any (or any of :func:`check`) the 323 is
    rejected technically (``0001``) and nothing is recorded.
    """
    today = chain.today
    day = dagtekening or today
    found = tuple(breaches) or check(message)
    header_codes: list[str] = []
    if found:
        header_codes.append("0001")
    elif message.header.dagtekening > today:
        header_codes.append("8848")
    verdicts: list[LineVerdict] = []
    declaration_codes: list[str] = []
    if not header_codes:
        used: dict[int, Fraction] = {}
        content: dict[str, tuple[_Codes, tuple[SettlementLine, ...]]] = {}
        declared: list[DeclaredLine] = []
        refused: dict[str, Refusal] = {}
        for bsn, line in message.prestaties():
            ref = line.product_referentie
            credit = line.ingediend_bedrag.debet_credit == "C"
            if credit:
                codes, lines = _Codes(), _credit_lines(chain, message, line)
            else:
                codes, lines = _check_line(chain, message, bsn, line, used)
            content[ref.referentie_nummer] = (codes, lines)
            if codes.codes:
                first = codes.codes[0]
                refused[ref.referentie_nummer] = Refusal(first, RETOUR_RULES.get(first, ""),
                                                         codes.reasons[0])
            declared.append(DeclaredLine(
                ref.referentie_nummer, ref.vorig_referentie_nummer, line.toewijzing_nummer,
                f"{line.product_categorie}/{line.product_code}",
                line.product_periode.begindatum, line.product_periode.einddatum,
                LineDirection.CREDIT if credit else LineDirection.DEBIT,
                line.ingediend_bedrag.bedrag, line.geleverd_volume, line.eenheid,
                message.header.ontvanger))
        if chain.ledger is None:
            raise InvalidInput("checking a declaration needs a ledger (the 301s sent)")
        outcome = chain.ledger.accept_declaration(
            message.header.afzender, law_of_standard(message.standard).value,
            message.declaratie.declaratie_nummer, declared, today,
            refused_elsewhere=refused,
            message=(message.header.afzender, message.header.bericht_identificatie.identificatie))
        if outcome.refusal is not None:
            if outcome.refusal.retour_code == "9056":
                header_codes.append("9056")
            else:
                declaration_codes.append(outcome.refusal.retour_code)
        ledger_refused = dict(outcome.refused)
        for bsn, line in message.prestaties():
            number = line.product_referentie.referentie_nummer
            codes, lines = content[number]
            by_ledger = ledger_refused.get(number)
            if by_ledger is not None and by_ledger.retour_code not in codes.codes:
                codes.add(by_ledger.retour_code, by_ledger.message)
            verdicts.append(LineVerdict(bsn, line, tuple(codes.codes), tuple(codes.reasons),
                                        () if codes.codes else lines))
    answer = _answer(message, identificatie, day, tuple(header_codes),
                     tuple(declaration_codes), verdicts)
    return DeclarationCheck(message, tuple(header_codes), tuple(declaration_codes),
                            tuple(verdicts), answer, tuple(found))


def _answer(message: Declaratie, identificatie: str, day: dt.date,
            header_codes: tuple[str, ...], declaration_codes: tuple[str, ...],
            verdicts: Sequence[LineVerdict]) -> DeclaratieAntwoord:
    """The 325 (IV087, TR342): header only on a technical rejection; the declaration's
    code with nothing granted when it is rejected as a whole; else the rejected lines per
    client with their codes, or 8001 when everything is granted."""
    xsd = XsdVersie(basisschema_xsd_versie=ty.XSD_VERSIE[message.standard],
                    bericht_xsd_versie=ty.XSD_VERSIE[message.standard])
    header = Header325(
        afzender=message.header.ontvanger, ontvanger=message.header.afzender,
        bericht_identificatie=BerichtIdentificatie(identificatie=identificatie,
                                                   dagtekening=day),
        xsd_versie=xsd, declaratie_identificatie=message.header.bericht_identificatie,
        xsd_versie_declaratie=message.header.xsd_versie,
        retour_codes=header_codes or ("0200",))
    if header_codes:
        return DeclaratieAntwoord(standard=message.standard, header=header)
    d = message.declaratie
    ingediend = d.totaal_ingediend_bedrag
    if declaration_codes:
        body = DeclaratieAntwoordKlasse(
            declaratie_nummer=d.declaratie_nummer,
            totaal_ingediend_bedrag=ingediend,
            totaal_toegekend_bedrag=TotaalBedragMetDC.of(Money.zero()),
            retour_codes=declaration_codes)
        return DeclaratieAntwoord(standard=message.standard, header=header,
                                  declaratie_antwoord=body)
    granted = signed_sum(v.line.ingediend_bedrag.signed for v in verdicts if v.accepted)
    rejected: dict[str, list[Prestatie325]] = {}
    for v in verdicts:
        if not v.accepted:
            rejected.setdefault(v.bsn, []).append(Prestatie325.of(v.line, v.codes))
    clients = tuple(Client325(bsn=bsn, prestaties=tuple(lines), retour_codes=("0200",))
                    for bsn, lines in rejected.items())
    body = DeclaratieAntwoordKlasse(
        declaratie_nummer=d.declaratie_nummer, totaal_ingediend_bedrag=ingediend,
        totaal_toegekend_bedrag=TotaalBedragMetDC.of(granted), clienten=clients,
        retour_codes=("0200",) if clients else ("8001",))
    return DeclaratieAntwoord(standard=message.standard, header=header,
                              declaratie_antwoord=body)
