"""Providers' applications under open house (bestuurlijk aanbesteden): a kind of case the
kit's case files cannot express, kept here with the same hand-checkable figures.

*Inkoopplan Wmo Rijswijk 2017*: h3 §3.2 (H4-56, H4-68) for household help; h2 §2.2
focuspunt 3 (H4-48) and h1 §1.2 (H4-17) for begeleiding.
"""

from __future__ import annotations

import datetime as dt

from sociaaldomein import Provider
from sociaaldomein_h4 import POLICY
from sociaaldomein_h4.catalog import Part
from sociaaldomein_h4.contracting import Application, ProviderKind, Requirement


def test_h4_68_56_household_help_provider_joins_mid_term() -> None:
    """Every provider that meets the (quality) requirements gets a contract, also during
    the term. A citizen initiative that shows quality applies on 1 September 2018; its
    contract runs from that day to the end of the 2-year term (1 April 2019), with the one
    2-year option to 1 April 2021."""
    admission = POLICY.admit(Application(
        Provider("BURGERKRACHT", "Burgerkracht Westland"), Part.HUISHOUDELIJKE_HULP,
        dt.date(2018, 9, 1), frozenset({Requirement.QUALITY}),
        ProviderKind.CITIZEN_INITIATIVE, True,
    ))
    assert admission.admitted, admission.violations
    assert admission.violations == ()
    contract = admission.contract
    assert contract is not None
    assert (contract.term.start, contract.term.end) == (dt.date(2018, 9, 1), dt.date(2019, 4, 1))
    assert [(p.start, p.end) for p in contract.extensions] == [
        (dt.date(2019, 4, 1), dt.date(2021, 4, 1))]
    assert contract.arrangements == frozenset({"hh-maatwerk"})
    assert POLICY.check_contract(contract) == []


def test_h4_48_17_begeleiding_provider_joins_mid_term() -> None:
    """For begeleiding a provider that meets the criteria can conclude a contract during
    the term; a new one shows quality and demonstrable innovation. A niche provider
    applying on 15 June 2017 gets a contract to the end of the (example) term, 1 January
    2018, for the seven arrangements of the four begeleiding products."""
    admission = POLICY.admit(Application(
        Provider("EHEALTH", "eHealth Begeleiding Delft"), Part.BEGELEIDING,
        dt.date(2017, 6, 15), frozenset({Requirement.QUALITY, Requirement.INNOVATION}),
        ProviderKind.NICHE, True,
    ))
    assert admission.admitted, admission.violations
    assert admission.violations == ()
    contract = admission.contract
    assert contract is not None
    assert (contract.term.start, contract.term.end) == (dt.date(2017, 6, 15), dt.date(2018, 1, 1))
    assert list(contract.extensions) == []
    assert contract.arrangements == frozenset({
        "bi-basis", "bi-speciaal", "dagbesteding-licht", "dagbesteding-basis",
        "dagbesteding-speciaal", "kortdurend-verblijf", "vervoer"})
    assert POLICY.check_contract(contract) == []
