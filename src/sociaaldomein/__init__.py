"""sociaaldomein: one language for the Dutch social domain.

A typed model of how regions buy, coordinate and pay for youth care (Jeugdwet) and social
support (Wmo 2015): households, plans, result areas, arrangements, segments, contracts, and
the money that flows from them. Each region's rules live in a policy plugin discovered
through the entry-point group ``sociaaldomein.policies``.

The names below are the vocabulary, re-exported from the layers (see
docs/architecture.md): :mod:`sociaaldomein.model`, :mod:`sociaaldomein.policy` and
:mod:`sociaaldomein.settle`. Formats are imported from :mod:`sociaaldomein.io`, analysis
from :mod:`sociaaldomein.analysis`, the generator from :mod:`sociaaldomein.synth`, the
plugin author's kit from :mod:`sociaaldomein.testing`.
"""

from sociaaldomein.errors import (
    AmbiguousDate,
    BrokenPlugin,
    Conflict,
    DuplicatePolicy,
    InvalidBSN,
    InvalidInput,
    InvalidValue,
    MissingExtra,
    MissingTariff,
    MoneyError,
    NoPolicy,
    NotCovered,
    ParameterError,
    PeriodError,
    PolicyError,
    SettlementError,
    SociaaldomeinError,
    UnknownCode,
    UnknownGrouping,
    UnpricedAllocation,
    UnsupportedApiVersion,
)
from sociaaldomein.model.caseload import (
    Allocation,
    CareEvent,
    Case,
    Caseload,
    Delivery,
    EndProposal,
    EndReport,
    Evaluation,
    GoalRealisation,
    Refusal,
    Start,
    Stop,
)
from sociaaldomein.model.catalog import Arrangement, Catalog, Frequency, ResultArea, Segment, Unit
from sociaaldomein.model.contract import (
    Contract,
    ContractForm,
    Indexation,
    Obligation,
    Provider,
    Tariff,
    TariffSchedule,
    VolumeAgreement,
)
from sociaaldomein.model.funding import (
    BillingPeriod,
    Due,
    FundingModel,
    Installment,
    LumpSum,
    PerPeriod,
    PriceQuantity,
    Proration,
    Stay,
    StopReason,
    Trajectory,
)
from sociaaldomein.model.household import Bsn, Household, Law, Municipality, Person
from sociaaldomein.model.lines import Flow, LineKind, SettlementLine, SettlementRules
from sociaaldomein.model.money import Money, Rounding
from sociaaldomein.model.periods import OPEN_END, Month, MonthRounding, Period, Timeline, add_months
from sociaaldomein.model.plan import Goal, Party, PartyKind, Plan, PlanKind
from sociaaldomein.model.provenance import Ref, Source
from sociaaldomein.model.validation import Severity, Violation
from sociaaldomein.policy.plugin import (
    API_VERSION,
    Coordination,
    Membership,
    MunicipalityDialect,
    PricedAllocation,
    RegionPolicy,
    RuleDoc,
    RuleStatus,
)
from sociaaldomein.policy.registry import Registry, default_registry, policy_for
from sociaaldomein.policy.tariffs import load_tariffs
from sociaaldomein.settle.engine import settle, settle_months, validate
from sociaaldomein.settle.settlement import Settlement

__version__ = "0.1.0"

__all__ = [
    "API_VERSION",
    "OPEN_END",
    "Allocation",
    "AmbiguousDate",
    "Arrangement",
    "BillingPeriod",
    "BrokenPlugin",
    "Bsn",
    "CareEvent",
    "Case",
    "Caseload",
    "Catalog",
    "Conflict",
    "Contract",
    "ContractForm",
    "Coordination",
    "Delivery",
    "Due",
    "DuplicatePolicy",
    "EndProposal",
    "EndReport",
    "Evaluation",
    "Flow",
    "Frequency",
    "FundingModel",
    "Goal",
    "GoalRealisation",
    "Household",
    "Indexation",
    "Installment",
    "InvalidBSN",
    "InvalidInput",
    "InvalidValue",
    "Law",
    "LineKind",
    "LumpSum",
    "Membership",
    "MissingExtra",
    "MissingTariff",
    "Money",
    "MoneyError",
    "Month",
    "MonthRounding",
    "Municipality",
    "MunicipalityDialect",
    "NoPolicy",
    "NotCovered",
    "Obligation",
    "ParameterError",
    "Party",
    "PartyKind",
    "PerPeriod",
    "Period",
    "PeriodError",
    "Person",
    "Plan",
    "PlanKind",
    "PolicyError",
    "PriceQuantity",
    "PricedAllocation",
    "Proration",
    "Provider",
    "Ref",
    "Refusal",
    "RegionPolicy",
    "Registry",
    "ResultArea",
    "Rounding",
    "RuleDoc",
    "RuleStatus",
    "Segment",
    "Settlement",
    "SettlementError",
    "SettlementLine",
    "SettlementRules",
    "Severity",
    "SociaaldomeinError",
    "Source",
    "Start",
    "Stay",
    "Stop",
    "StopReason",
    "Tariff",
    "TariffSchedule",
    "Timeline",
    "Trajectory",
    "Unit",
    "UnknownCode",
    "UnknownGrouping",
    "UnpricedAllocation",
    "UnsupportedApiVersion",
    "Violation",
    "VolumeAgreement",
    "add_months",
    "default_registry",
    "load_tariffs",
    "policy_for",
    "settle",
    "settle_months",
    "validate",
]
