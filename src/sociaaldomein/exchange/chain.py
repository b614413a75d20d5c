"""The whole chain for one month: what a municipal system does, played end to end.

:func:`run_month` takes a caseload and a month and, against one ledger:

1. sends the allocations (:func:`~sociaaldomein.exchange.allocate.allocate`, 301s dated
   the first day after the month);
2. records the starts and stops before the month as the providers reported them
   (:func:`~sociaaldomein.exchange.events.record_history`);
3. plays the providers for the month (:func:`~sociaaldomein.exchange.simulate.simulate`):
   their 305s and 307s and one 323 per provider, municipality and law with exactly what
   the region's policy owes, plus ``faults`` planted faults;
4. answers every message (:func:`~sociaaldomein.exchange.answer.answer`): 305/307 recorded,
   a 325 for each 323.

The result holds the figures that show the chain works: what the library's own settlement
of the month owes in declarations (``owed``), what the clean lines claimed (``clean``), what
the answers accepted (``accepted``, equal to ``clean``), and for every planted fault the
retourcodes its line got (``caught`` when they include the one it must get).
"""

from __future__ import annotations

import datetime as dt

import attrs

from sociaaldomein.exchange.allocate import AllocationRun, allocate
from sociaaldomein.exchange.answer import Run, answer
from sociaaldomein.exchange.declarations import declarable
from sociaaldomein.exchange.events import EventOutcome, record_history
from sociaaldomein.exchange.ledger import Ledger
from sociaaldomein.exchange.simulate import Fault, Simulation, simulate
from sociaaldomein.model.caseload import Caseload
from sociaaldomein.model.money import Money
from sociaaldomein.model.periods import Month
from sociaaldomein.policy.registry import Registry, default_registry
from sociaaldomein.settle.engine import settle

__all__ = ["FaultOutcome", "MonthChain", "run_month"]


@attrs.frozen
class FaultOutcome:
    """A planted fault and the retourcodes its line got."""

    fault: Fault
    codes: tuple[str, ...]

    @property
    def caught(self) -> bool:
        return self.fault.code in self.codes


@attrs.frozen
class MonthChain:
    """What :func:`run_month` did (see the module text)."""

    month: Month
    allocations: AllocationRun
    history: tuple[EventOutcome, ...]
    simulation: Simulation
    answers: Run
    owed: Money
    faults: tuple[FaultOutcome, ...]

    @property
    def clean(self) -> Money:
        return self.simulation.clean

    @property
    def accepted(self) -> Money:
        return self.answers.accepted

    @property
    def identity_holds(self) -> bool:
        """Accepted equals what the clean lines claimed, and, when every allocation
        could be declared, what the clean and faulty lines claimed before the faults
        equals the library's settlement of the month."""
        return self.accepted == self.clean and (
            bool(self.simulation.skipped) or self.simulation.owed == self.owed)

    @property
    def rejected_clean_lines(self) -> int:
        """Lines rejected that carry no planted fault (0 when the chain is right)."""
        planted = {(f.fault.declaration, f.fault.reference) for f in self.faults}
        return sum(1 for check in self.answers.declarations for v in check.rejected
                   if (check.declaration.declaratie.declaratie_nummer,
                       v.line.product_referentie.referentie_nummer) not in planted)


def run_month(caseload: Caseload, month: Month, ledger: Ledger, *, faults: int = 0,
              seed: int = 0, registry: Registry | None = None) -> MonthChain:
    """Play the chain for ``month`` (see the module text)."""
    registry = registry or default_registry()
    day = month.next().first_day
    sent = allocate(caseload, ledger, dagtekening=day, registry=registry)
    history = record_history(caseload, ledger, before=month.first_day, registry=registry)
    simulation = simulate(caseload, month, ledger=ledger, faults=faults, seed=seed,
                          registry=registry)
    today = max(month.next().next().first_day, day)
    answers = answer(simulation.messages, caseload, ledger,
                     today=min(today, max(dt.date.today(), day)), registry=registry)
    owed = declarable(settle(caseload, month, registry))
    verdicts = {(c.declaration.declaratie.declaratie_nummer,
                 v.line.product_referentie.referentie_nummer): v.codes
                for c in answers.declarations for v in c.verdicts}
    outcomes = tuple(FaultOutcome(f, tuple(verdicts.get((f.declaration, f.reference), ())))
                     for f in simulation.faults)
    return MonthChain(month, sent, history, simulation, answers, owed, outcomes)
