"""Purchasing instruments per segment (*inkoopinstrumenten*) and the region's options.

*Kaderdocument inkoop Wmo en Jeugd 2025*, §2.3: four instruments (funding model, access
management, supplier management, contract form), chosen per segment (MH-16); three funding
models (MH-18 task-based lump sum, MH-19 effort-based P x Q, MH-20 output); three contract
forms (MH-24 subsidy, open house, SAS procedure); contracts of at most 10 years (§2.1,
MH-04), preferably long with option years (MH-08); volume agreements with a minimum and a
maximum instead of budget ceilings (§3.4, MH-64).

The document leaves every segment's choice to the inkoopplan (Voorwoord, §4.2, MH-01), so
each :class:`SegmentInstruments` says ``decided = False`` and holds the document's stated
preference: the legacy open house + P x Q (§4.1, MH-66), and for Crisis a lump sum because
P x Q fits an availability function badly (§2.3, MH-21). What-if analysis changes them with
``attrs.evolve``.
"""

from __future__ import annotations

import datetime as dt
import enum
from pathlib import Path

import attrs

from sociaaldomein import (
    ContractForm,
    FundingModel,
    InvalidValue,
    LumpSum,
    Money,
    ParameterError,
    PerPeriod,
    PriceQuantity,
    Stay,
    Trajectory,
)
from sociaaldomein.policy.parameters import Params, read_toml
from sociaaldomein_midden_holland.catalog import SegmentKey, SubSegment
from sociaaldomein_midden_holland.sources import PARAMETERS

__all__ = [
    "FundingKind",
    "Instruments",
    "LumpSumBudget",
    "Options",
    "SegmentInstruments",
    "contract_form_label",
    "load_instruments",
    "parse_contract_form",
]


class FundingKind(enum.Enum):
    """The three funding models of §2.3 (*bekostigingsmodellen*)."""

    LUMP_SUM = "lump_sum"
    """Task-based (*taakgericht*): an integral budget per provider, per area or for all
    providers, tied to a task (MH-18). Settled as :class:`~sociaaldomein.LumpSum`."""
    PXQ = "pxq"
    """Effort-based (*inspanningsgericht*): a contracted tariff per unit of time, optionally
    within a budget maximum (MH-19). Settled as :class:`~sociaaldomein.PriceQuantity`, or
    :class:`~sociaaldomein.Stay` for a price per etmaal."""
    OUTPUT = "output"
    """Output (*outputgericht*): a predetermined amount per client per arrangement (MH-20).
    Settled as :class:`~sociaaldomein.PerPeriod` or :class:`~sociaaldomein.Trajectory`."""

    def admits(self, model: FundingModel) -> bool:
        """Whether a tariff's funding model belongs to this funding kind."""
        if self is FundingKind.LUMP_SUM:
            return isinstance(model, LumpSum)
        if self is FundingKind.PXQ:
            return isinstance(model, PriceQuantity | Stay)
        return isinstance(model, PerPeriod | Trajectory)


_FORMS = {"subsidy": ContractForm.SUBSIDY, "open_house": ContractForm.OPEN_HOUSE,
          "sas": ContractForm.TENDER}


def parse_contract_form(text: str) -> ContractForm | None:
    """The contract form for its parameter name (``subsidy``, ``open_house``, ``sas``; an SAS
    procedure is the core's :attr:`~sociaaldomein.ContractForm.TENDER`), ``None`` if
    unknown."""
    return _FORMS.get(text)


def contract_form_label(form: ContractForm) -> str:
    """The document's name of a contract form (§2.3 "4) Contractvorm", MH-24)."""
    return {
        ContractForm.SUBSIDY: "subsidierelatie",
        ContractForm.OPEN_HOUSE: "open house (bestuurlijk aanbesteden)",
        ContractForm.TENDER: "SAS-procedure (aanbesteding sociale en andere specifieke diensten)",
    }[form]


@attrs.frozen
class SegmentInstruments:
    """The instruments of one segment (or, for Gedwongen kader, one sub-segment).

    ``allows_joining``: open house lets providers join or leave mid-term without a new
    procedure; an SAS procedure allows only non-substantial changes (§2.3, MH-25).
    """

    segment: SegmentKey
    sub: SubSegment | None
    decided: bool
    funding: FundingKind
    contract_form: ContractForm
    base_years: int
    option_years: int
    terms_example: bool
    note: str | None = None
    lump_sum_key: str | None = None
    budget_max: Money | None = None
    """Budget maximum per allocation per calendar year for P x Q (MH-19); none by default."""

    @property
    def total_years(self) -> int:
        return self.base_years + self.option_years

    @property
    def allows_joining(self) -> bool:
        return self.contract_form is not ContractForm.TENDER


@attrs.frozen
class LumpSumBudget:
    """A task-based budget for a segment's service (MH-18), paid in ``terms`` terms a year
    and split over the members by the distribution key ``key`` (MH-12)."""

    segment: SegmentKey
    provider: str
    valid_from: dt.date
    amount_per_year: Money
    key: str
    example: bool
    note: str | None = None
    terms: int = 12

    @property
    def model(self) -> LumpSum:
        return LumpSum(self.amount_per_year, self.terms)


@attrs.frozen
class Options:
    """Region options that the document leaves open or marks as innovation."""

    priority_for_protection_measures: bool = False
    """MH-43: priority at the access for youths with a protection measure (national,
    undecided)."""
    central_access_hoog_specialistisch: bool = False
    """MH-98: a central access for Hoog-specialistisch as an innovation."""
    max_light_treatment_hours: int = 0
    """MH-101: maximum for single light treatment; 0 = none set."""
    max_youth_dagbesteding_dagdelen_per_week: int = 0
    """MH-111: the education-hours norm linked to youth dagbesteding; 0 = none set."""
    verlengde_jeugdhulp_max_age: int = 23
    """MH-104: youth help in Wonen may continue to this age (exclusive upper bound is the
    birthday; "21 tot 23 jaar", inventory ambiguity 10)."""
    strict_process_regie_reading: bool = False
    """MH-32: ``True`` reads §2.4's "en als" as requiring safety *and* several domains;
    default: either trigger suffices (bijlage 1 "Dit geldt ook als")."""
    crisis_norm_hours: int = 24
    """MH-58, MH-91: crisis help starts within this many hours after the referral."""
    signing_months_min: int = 3
    signing_months_large_changes: int = 6
    """MH-26: months before the start date a contract is signed."""


@attrs.frozen
class Instruments:
    """All segments' instruments, lump sums and options, as loaded from
    ``parameters/instruments.toml``."""

    max_contract_years: int
    segments: tuple[SegmentInstruments, ...]
    lump_sums: tuple[LumpSumBudget, ...]
    options: Options

    def for_segment(self, segment: SegmentKey, sub: SubSegment | None = None) -> SegmentInstruments:
        """The instruments of a (sub-)segment: a sub-segment entry wins over the segment's."""
        exact = [s for s in self.segments if s.segment is segment and s.sub is sub]
        if exact:
            return exact[0]
        general = [s for s in self.segments if s.segment is segment and s.sub is None]
        if general:
            return general[0]
        raise ParameterError(
            f"no instruments for segment {segment.value}"
            + (f" / {sub.value}" if sub else ""), source="instruments.toml", path="segment",
        )

    def with_segment(self, segment: SegmentKey, **changes: object) -> Instruments:
        """A copy with every entry of ``segment`` changed (what-if analysis)."""
        return attrs.evolve(self, segments=tuple(
            attrs.evolve(s, **changes) if s.segment is segment else s  # type: ignore[arg-type]
            for s in self.segments
        ))

    def lump_sums_on(self, day: dt.date) -> tuple[LumpSumBudget, ...]:
        """The lump sums valid on ``day``: per segment and provider the latest that started."""
        latest: dict[tuple[SegmentKey, str], LumpSumBudget] = {}
        for budget in self.lump_sums:
            if budget.valid_from <= day:
                key = (budget.segment, budget.provider)
                if key not in latest or latest[key].valid_from < budget.valid_from:
                    latest[key] = budget
        return tuple(latest[k] for k in sorted(latest, key=lambda k: (k[0].value, k[1])))


def _segment(entry: Params, max_years: int) -> SegmentInstruments:
    form_text = entry.text("contract_form")
    if form_text not in _FORMS:
        raise entry.error("contract_form",
                          f"unknown contract form {form_text!r}; known: subsidy, open_house, sas")
    lump_key = entry.opt_str("lump_sum_payer")
    if lump_key is not None:
        if not lump_key.startswith("key:"):
            raise entry.error("lump_sum_payer", "write key:<name of a distribution key>")
        lump_key = lump_key[4:]
    item = SegmentInstruments(
        segment=entry.enum("segment", SegmentKey),
        sub=entry.enum("sub", SubSegment) if entry.has("sub") else None,
        decided=entry.boolean("decided"),
        funding=entry.enum("funding", FundingKind),
        contract_form=_FORMS[form_text],
        base_years=entry.integer("base_years"),
        option_years=entry.integer("option_years"),
        terms_example=entry.boolean("terms_example"),
        note=entry.opt_str("note"),
        lump_sum_key=lump_key,
        budget_max=entry.opt_money("budget_max"),
    )
    if item.base_years < 1 or item.option_years < 0:
        raise entry.error("base_years", "a contract runs at least one year; options >= 0")
    if item.total_years > max_years:
        raise entry.error(
            "option_years",
            f"{item.base_years} + {item.option_years} years exceeds the maximum of "
            f"{max_years} years (Kaderdocument §2.1, MH-04)",
        )
    entry.done()
    return item


def load_instruments(path: Path | str = PARAMETERS / "instruments.toml") -> Instruments:
    """Read ``instruments.toml`` strictly. A term beyond the 10-year maximum, an unknown
    funding model or contract form, or a segment without instruments is an error."""
    params = read_toml(path)
    max_years = params.integer("max_contract_years")
    params.text("legacy_preference")
    segments = tuple(_segment(e, max_years) for e in params.tables("segment"))
    lump_sums: list[LumpSumBudget] = []
    for entry in params.tables("lump_sum"):
        budget = LumpSumBudget(
            segment=entry.enum("segment", SegmentKey), provider=entry.text("provider"),
            valid_from=entry.date("valid_from"), amount_per_year=entry.money("amount_per_year"),
            key="", example=entry.boolean("example"), note=entry.opt_str("note"),
            terms=entry.integer("terms") if entry.has("terms") else 12,
        )
        try:
            budget.model  # noqa: B018 - the core checks terms (1, 2, 4, 12) and the amount
        except InvalidValue as exc:
            raise entry.wrap("terms" if entry.has("terms") else "amount_per_year",
                             exc) from None
        lump_sums.append(budget)
        entry.done()
    opts = params.table("options")
    options = Options(
        priority_for_protection_measures=opts.boolean("priority_for_protection_measures"),
        central_access_hoog_specialistisch=opts.boolean("central_access_hoog_specialistisch"),
        max_light_treatment_hours=opts.integer("max_light_treatment_hours"),
        max_youth_dagbesteding_dagdelen_per_week=opts.integer(
            "max_youth_dagbesteding_dagdelen_per_week"),
        verlengde_jeugdhulp_max_age=opts.integer("verlengde_jeugdhulp_max_age"),
        strict_process_regie_reading=opts.boolean("strict_process_regie_reading"),
        crisis_norm_hours=opts.integer("crisis_norm_hours"),
        signing_months_min=opts.integer("signing_months_min"),
        signing_months_large_changes=opts.integer("signing_months_large_changes"),
    )
    opts.done()
    params.done()
    if not 18 <= options.verlengde_jeugdhulp_max_age <= 23:
        raise ParameterError("verlengde_jeugdhulp_max_age must lie between 18 and 23 "
                             "(Jeugdwet art. 1.1; Kaderdocument bijlage 4 §4.5 Wonen)",
                             source=str(path), path="options.verlengde_jeugdhulp_max_age")
    for segment in SegmentKey:
        if not any(s.segment is segment for s in segments):
            raise ParameterError(f"no instruments for segment {segment.value}",
                                 source=str(path), path="segment")
    # A lump sum is split by the key its segment names (MH-12).
    resolved = []
    for budget in lump_sums:
        seg = next(s for s in segments if s.segment is budget.segment)
        if seg.lump_sum_key is None:
            raise ParameterError(
                f"lump sum for {budget.segment.value} but the segment names no "
                "lump_sum_payer key", source=str(path), path="lump_sum")
        resolved.append(attrs.evolve(budget, key=seg.lump_sum_key))
    return Instruments(max_years, segments, tuple(resolved), options)
