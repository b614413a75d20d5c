"""What the national messages (iWmo/iJw 301) need of a generated caseload: every person a
test BSN, a gender, a name in parts and an address; every allocation a ToewijzingNummer
(per municipality) and a decision time; and no client with one arrangement twice at one
provider at once, which a toewijzing cannot carry (TR302)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator, Sequence

import attrs

from sociaaldomein.model.caseload import Allocation, Case
from sociaaldomein.model.household import Address, Bsn, Gender, Household, PersonName
from sociaaldomein.model.periods import Period

__all__ = ["numbered", "stacked", "test_bsns", "with_details"]

_SURNAMES = (("Jansen", None), ("Vries", "de"), ("Bakker", None), ("Berg", "van den"),
             ("Visser", None), ("Dijk", "van"), ("Smit", None), ("Meijer", None),
             ("Boer", "de"), ("Mulder", None), ("Bos", None), ("Vos", "de"), ("Peters", None),
             ("Hendriks", None), ("Leeuwen", "van"), ("Dekker", None), ("Brouwer", None),
             ("Wit", "de"), ("Dijkstra", None), ("Smits", None))
_FIRST = (("Anna", Gender.FEMALE), ("Maria", Gender.FEMALE), ("Fatima", Gender.FEMALE),
          ("Sanne", Gender.FEMALE), ("Noor", Gender.FEMALE), ("Johannes", Gender.MALE),
          ("Mohamed", Gender.MALE), ("Pieter", Gender.MALE), ("Daan", Gender.MALE),
          ("Sem", Gender.MALE), ("Kim", Gender.UNKNOWN))
_STREETS = ("Dorpsstraat", "Kerkstraat", "Molenweg", "Schoolstraat", "Stationsweg", "Julianalaan")


def test_bsns() -> Iterator[Bsn]:
    """The BSNs of the standard's test range (999900006-999999990) that pass the 11-proef,
    in order and then again (a caseload of more than about 9,000 people repeats them):
    never a real person's number."""
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    while True:
        for number in range(999_900_006, 999_999_991):
            digits = str(number)
            if sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 == 0:
                yield Bsn(digits)


def with_details(household: Household, bsns: Iterator[Bsn]) -> Household:
    """``household`` with a test BSN, gender, name parts and address for every member,
    drawn from the household id (the main random stream is left alone)."""
    rng = random.Random(f"details:{household.id}")
    surname, prefix = _SURNAMES[rng.randrange(len(_SURNAMES))]
    code = int(household.municipality.code)
    address = Address(postcode=f"{1000 + (code * 7 + rng.randrange(100)) % 9000}"
                               f"{chr(65 + rng.randrange(26))}{chr(65 + rng.randrange(26))}",
                      huisnummer=rng.randrange(1, 250),
                      straatnaam=_STREETS[rng.randrange(len(_STREETS))],
                      plaatsnaam=household.municipality.name[:80])
    members = []
    for person in household.members:
        if person.names is not None:
            members.append(person)
            continue
        first, gender = _FIRST[rng.randrange(len(_FIRST))]
        members.append(attrs.evolve(
            person, bsn=person.bsn or next(bsns), gender=gender, address=address,
            names=PersonName(achternaam=surname, voorvoegsel=prefix, voornamen=first,
                             voorletters=first[0])))
    return attrs.evolve(household, members=tuple(members))


def numbered(allocations: Sequence[Allocation], households: Sequence[Household]
              ) -> tuple[Allocation, ...]:
    """The allocations with a ToewijzingNummer each, counting per municipality (TR332),
    and a decision time."""
    where = {h.id: h.municipality.code for h in households}
    counters: dict[str, int] = {}
    numbered = []
    for allocation in allocations:
        code = where[allocation.household_id]
        counters[code] = counters.get(code, 0) + 1
        n = counters[code]
        numbered.append(attrs.evolve(
            allocation, number=n, decided_at=allocation.decided_at or dt.time(9 + n % 8,
                                                                                (n * 7) % 60)))
    return tuple(numbered)


def stacked(case: Case) -> bool:
    """Whether a client has one arrangement twice at one provider at once: the national
    toewijzing cannot carry that (OP259, TR302), so it is left to the deliberate breaches."""
    seen: dict[tuple[str, str, str], list[Period]] = {}
    for a in case.allocations:
        periods = seen.setdefault((a.client_id, a.arrangement, a.provider), [])
        if any(p.overlaps(a.period) for p in periods):
            return True
        periods.append(a.period)
    return False
