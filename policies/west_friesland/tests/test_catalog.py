"""The catalogue, members and segments of West-Friesland, checked against the document.

Source: *Uitvoeringskader inkoop sociaal domein West-Friesland 2019-2021*, §1, §3.1, §3.2
and bijlage 1.
"""

from __future__ import annotations

import datetime as dt

import pytest

from sociaaldomein import InvalidValue, Law, NoPolicy, Registry, Unit, UnknownCode
from sociaaldomein_west_friesland import (
    ARRANGEMENTS,
    POLICY,
    Intensity,
    ProfileArrangement,
    WmoProfile,
    YouthProfile,
)


def test_wf06_seven_members() -> None:
    """WF-06: seven municipalities, with their CBS gemeentecodes; Hoorn is 0441."""
    codes = {m.municipality.name: m.municipality.code for m in POLICY.members}
    assert codes == {
        "Drechterland": "0498", "Enkhuizen": "0388", "Hoorn": "0441", "Koggenland": "1598",
        "Medemblik": "1911", "Opmeer": "0420", "Stede Broec": "0532",
    }
    assert all(m.ref.rule == "WF-06" for m in POLICY.members)


def test_wf01_wf67_valid_from_2019() -> None:
    """WF-01, WF-67: the framework applies from 1 January 2019; no member is claimed the
    day before."""
    registry = Registry.of(POLICY)
    assert registry.policy_for("0441", dt.date(2019, 1, 1)).code == "west-friesland"
    with pytest.raises(NoPolicy):
        registry.policy_for("0441", dt.date(2018, 12, 31))
    assert POLICY.contract_years == (2019, 2020, 2021)
    assert POLICY.catalog_data.valid_from == dt.date(2019, 1, 1)


def test_wf04_hoorn_central() -> None:
    """WF-04: Hoorn contracts beschermd wonen, maatschappelijke opvang and vrouwenopvang for
    the region."""
    on = dt.date(2020, 1, 1)
    for function in ("beschermd_wonen", "maatschappelijke_opvang", "vrouwenopvang"):
        hoorn = POLICY.contract_party_for(function, on)
        assert hoorn is not None and hoorn.code == "0441"
    assert POLICY.contract_party_for("jeugdhulp", on) is None


def test_wf02_scope() -> None:
    """WF-02: Jeugdwet and Wmo; for the Wmo begeleiding (the profiles and IB) and HO."""
    laws = {law for a in POLICY.catalog.arrangements for law in a.laws}
    assert laws == {Law.JEUGDWET, Law.WMO}
    assert POLICY.catalog.arrangement("IB").laws == {Law.WMO}
    assert POLICY.catalog.arrangement("HO").laws == {Law.WMO}


def test_wf03_aids_are_no_arrangement() -> None:
    """WF-03: Wmo aids (hulpmiddelen) and socio-medical advice are no arrangement."""
    names = " ".join(a.name.lower() for a in POLICY.catalog.arrangements)
    assert "hulpmiddel" not in names and "advisering" not in names
    with pytest.raises(UnknownCode):
        POLICY.catalog.arrangement("hulpmiddelen")


def test_wf05_no_beschermd_wonen_arrangement() -> None:
    """WF-05: beschermd wonen has its own purchasing track; no arrangement of this policy."""
    assert not any("beschermd" in a.name.lower() for a in POLICY.catalog.arrangements)


def test_wf07_wf08_wf09_segments() -> None:
    """WF-07..WF-09: exactly A, B, C; A (free access, local) holds no arrangement; every
    arrangement is in B or C."""
    assert [s.code for s in POLICY.catalog.segments] == ["A", "B", "C"]
    a = POLICY.catalog.segment("A")
    assert not a.needs_decision
    assert {x.segment for x in POLICY.catalog.arrangements} == {"B", "C"}


def test_wf22_wf23_segment_of_arrangements() -> None:
    """WF-22: no Wmo arrangement in C (for the Wmo, C is only beschermd wonen). WF-23
    (region's reading): youth Intensief and Acuut are C, Duurzaam and Perspectief B."""
    for key in ARRANGEMENTS:
        segment = POLICY.catalog.arrangement(key.code).segment
        if key.law is Law.WMO:
            assert segment == "B"
        else:
            expected = "C" if key.intensity in (Intensity.INTENSIEF, Intensity.ACUUT) else "B"
            assert segment == expected, key.code


def test_wf26_arrangement_is_profile_times_intensity() -> None:
    """WF-26: an arrangement is one profile times one intensity; its code says both."""
    key = ProfileArrangement.parse("J06-3")
    assert key.profile is YouthProfile.MULTIPROBLEEMGEZIN and key.intensity is Intensity.INTENSIEF
    assert key.code == "J06-3" and key.law is Law.JEUGDWET
    assert ProfileArrangement(WmoProfile.PSYCHOSOCIAAL, Intensity.DUURZAAM).code == "W01-1"
    with pytest.raises(UnknownCode):
        ProfileArrangement.parse("J12-1")
    with pytest.raises(UnknownCode):
        ProfileArrangement.parse("X01-1")


def test_wf28_wf29_wf89_44_plus_15() -> None:
    """WF-28, WF-29, WF-89: 11 youth profiles x 4 = 44, 5 Wmo profiles x 3 = 15; 59 in all,
    plus IB and HO (hourly) and two stays (per etmaal)."""
    youth = [k for k in ARRANGEMENTS if k.law is Law.JEUGDWET]
    wmo = [k for k in ARRANGEMENTS if k.law is Law.WMO]
    assert (len(YouthProfile), len(WmoProfile), len(Intensity)) == (11, 5, 4)
    assert (len(youth), len(wmo), len(ARRANGEMENTS)) == (44, 15, 59)
    assert len({k.code for k in ARRANGEMENTS}) == 59
    assert len(POLICY.catalog.arrangements) == 63
    units = {a.code: a.unit for a in POLICY.catalog.arrangements if a.unit}
    assert units == {"IB": Unit.HOUR, "HO": Unit.HOUR, "VJB": Unit.ETMAAL, "VJS": Unit.ETMAAL}


def test_wf87_no_acuut_for_the_wmo() -> None:
    """WF-87: Wmo x Acuut cannot be built; youth x Acuut can."""
    with pytest.raises(InvalidValue):
        ProfileArrangement(WmoProfile.COGNITIEVE_ACHTERUITGANG, Intensity.ACUUT)
    with pytest.raises(InvalidValue):
        ProfileArrangement.parse("W03-4")
    assert ProfileArrangement.parse("J03-4").intensity is Intensity.ACUUT


def test_wf86_wf88_intensities() -> None:
    """WF-86, WF-88: the four intensities with their names, ordered Duurzaam < Perspectief
    < Intensief < Acuut."""
    assert [i.dutch for i in Intensity] == [
        "Duurzaam: consolideren", "Perspectief: beter worden/ontwikkelen",
        "Intensief: stabiliseren/ontwikkelen", "Acuut: bezweren crisis",
    ]
    assert sorted(Intensity, reverse=True)[0] is Intensity.ACUUT
    assert Intensity.DUURZAAM < Intensity.PERSPECTIEF < Intensity.INTENSIEF < Intensity.ACUUT
    assert dict(POLICY.catalog_data.intensity_names) == {i: i.dutch for i in Intensity}
    # review: every comparison works, not only < (>= used to raise TypeError)
    assert Intensity.ACUUT >= Intensity.INTENSIEF > Intensity.PERSPECTIEF >= Intensity.PERSPECTIEF
    assert Intensity.DUURZAAM <= Intensity.DUURZAAM


def test_youth_profiles_as_printed() -> None:
    """WF-70..WF-80: the eleven youth profiles with bijlage 1's target groups."""
    texts = POLICY.catalog_data.youth_profiles
    assert [t.rule for t in texts] == [f"WF-{n}" for n in range(70, 81)]
    assert texts[0].target_group.startswith("Jeugdigen met psychosociale problemen")
    assert texts[9].target_group.startswith("Jonge kinderen van 0-6 jaar")
    assert texts[9].max_age == 6
    assert texts[10].result == "Acute crisis bezweren."
    name = POLICY.catalog.arrangement("J11-4").name
    assert name.startswith("Jeugd profiel 11 x Acuut: bezweren crisis: Jeugdigen en gezin")


def test_wmo_profiles_as_printed() -> None:
    """WF-81..WF-85: the five Wmo profiles with bijlage 1's target groups."""
    texts = POLICY.catalog_data.wmo_profiles
    assert [t.rule for t in texts] == [f"WF-{n}" for n in range(81, 86)]
    assert texts[1].target_group == "Volwassenen met verstandelijke beperking."
    assert texts[4].target_group.startswith("Volwassenen met een zintuigelijke beperking")


def test_wf69_no_dialects() -> None:
    """WF-69: every member processes the core agreements identically: no dialect."""
    assert POLICY.dialects == ()
    registry = Registry.of(POLICY)
    for membership in POLICY.members:
        assert registry.policy_for(membership.municipality.code, dt.date(2020, 6, 1)) == POLICY
