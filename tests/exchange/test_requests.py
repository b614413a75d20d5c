"""Requests: a 315 or 317 judged by the region's rules, answered with a 301 that carries
the provider's reference, or with a 319 and the national reason; retour-level refusals
(9347, 8187, 9349) write no 319. Every answer passes the independent schema checker."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest

from sociaaldomein import Allocation, Caseload
from sociaaldomein.exchange.allocate import allocate
from sociaaldomein.exchange.answer import answer
from sociaaldomein.exchange.ledger import Ledger
from sociaaldomein.exchange.parties import agb_code
from sociaaldomein.exchange.requests import answer_request, apply_answers, request_for
from sociaaldomein.io import istandaarden as iv
from sociaaldomein.io.istandaarden.messages import Message
from sociaaldomein.model.household import Law
from sociaaldomein.policy.registry import default_registry

REGISTRY = default_registry()
REGIONS = sorted(p.code for p in REGISTRY.policies())
Valid = Callable[[Message, dt.date], bytes]
Make = Callable[..., Caseload]


def _day(caseload: Caseload) -> dt.date:
    decided = max((a.decided_on or a.period.start) for a in caseload.allocations)
    return min(dt.date.today(), max(decided, dt.date(2021, 1, 1)))


def _without(caseload: Caseload, allocation: Allocation) -> Caseload:
    return attrs.evolve(
        caseload, allocations=tuple(a for a in caseload.allocations if a.id != allocation.id),
        events=tuple(e for e in caseload.events if e.allocation_id != allocation.id))


def _askable(caseload: Caseload) -> Allocation:
    """An allocation whose provider has other allocations (an aanbieder the municipality
    works with) and whose client has no other allocation at that provider."""
    for a in caseload.allocations:
        same_provider = [b for b in caseload.allocations if b.provider == a.provider]
        same_client = [b for b in same_provider if b.client_id == a.client_id]
        if len(same_provider) > 1 and len(same_client) == 1:
            return a
    raise AssertionError("no allocation to ask for")


def _request(caseload: Caseload, allocation: Allocation, day: dt.date, reference: str,
             identification: str = "V1") -> iv.VerzoekOmToewijzing:
    household = caseload.household(allocation.household_id)
    catalog = REGISTRY.policy_for(household.municipality.code, allocation.period.start).catalog
    return request_for(household, allocation, catalog=catalog,
                       aanbieder=agb_code(allocation.provider), identificatie=identification,
                       dagtekening=day, reference=reference)


@pytest.mark.parametrize("region", REGIONS)
def test_a_request_for_what_the_region_allows_is_honoured_with_a_301(
        region: str, tmp_path: Path, valid: Valid, region_caseload: Make) -> None:
    caseload = region_caseload(region)
    target = _askable(caseload)
    rest = _without(caseload, target)
    day = _day(caseload)
    with Ledger.open(tmp_path / "ledger.sqlite") as ledger:
        allocate(rest, ledger, dagtekening=day, registry=REGISTRY)
        request = _request(rest, target, day, "VOT-1")
        valid(request, day)
        (result,) = answer_request(request, rest, ledger, dagtekening=day, registry=REGISTRY)
        assert result.honoured, result.why
        assert result.antwoord is None and result.toewijzing is not None
        assert valid(result.toewijzing, day) == result.data
        (given,) = result.allocations
        assert (given.period, given.provider, given.volume, given.unit, given.frequency) == (
            target.period, target.provider, target.volume, target.unit, target.frequency)
        catalog = REGISTRY.policy_for(caseload.household(target.household_id)
                                      .municipality.code, target.period.start).catalog
        law = iv.build.law_of(target, catalog, caseload.household(target.household_id)
                              .member(target.client_id))
        assert catalog.arrangement(given.arrangement).national_product(law) == \
            catalog.arrangement(target.arrangement).national_product(law)
        (product,) = [p for p in result.toewijzing.client.toegewezen_producten
                      if p.referentie_aanbieder == "VOT-1"]
        assert product.toewijzing_nummer == given.number
        assert product.reden_wijziging is None
        status = ledger.status()
        assert (status.requests, status.requests_honoured) == (1, 1)
        # the caseload with what was given: nothing left to send
        again = allocate(apply_answers(rest, [result]), ledger, dagtekening=day,
                         registry=REGISTRY)
        assert again.messages == ()
        # the same reference again is refused at retour level, without a 319 (TR347)
        repeat = attrs.evolve(request, header=attrs.evolve(
            request.header, bericht_identificatie=iv.BerichtIdentificatie(
                identificatie="V2", dagtekening=day)))
        (second,) = answer_request(repeat, rest, ledger, dagtekening=day, registry=REGISTRY)
        assert second.refusal is not None and second.refusal.retour_code == "9347"
        assert second.antwoord is None and second.toewijzing is None


def _refused(result: object, reason: str, day: dt.date, valid: Valid) -> iv.Antwoord319:
    from sociaaldomein.exchange.requests import RequestAnswer

    assert isinstance(result, RequestAnswer)
    assert not result.honoured and result.refusal is None
    assert result.reason == reason, result.why
    assert result.antwoord is not None
    valid(result.antwoord, day)
    antwoord = result.antwoord.antwoord
    assert (antwoord.verzoek_antwoord, antwoord.reden_afwijzing_verzoek) == ("1", reason)
    assert antwoord.referentie_aanbieder == result.reference
    return result.antwoord


def test_requests_are_refused_with_the_national_reasons(
        tmp_path: Path, valid: Valid, region_caseload: Make) -> None:
    caseload = region_caseload("west-friesland", households=30)
    day = _day(caseload)
    target = _askable(caseload)
    rest = _without(caseload, target)
    with Ledger.open(tmp_path / "ledger.sqlite") as ledger:
        allocate(rest, ledger, dagtekening=day, registry=REGISTRY)
        request = _request(rest, target, day, "R-BASE")

        def ask(changed: iv.VerzoekOmToewijzing, ref: str, ident: str,
                load: Caseload = rest) -> object:
            item = changed.client.aangevraagde_producten[0]
            changed = attrs.evolve(changed, header=attrs.evolve(
                changed.header, bericht_identificatie=iv.BerichtIdentificatie(
                    identificatie=ident, dagtekening=day)),
                client=attrs.evolve(changed.client, aangevraagde_producten=(
                    attrs.evolve(item, referentie_aanbieder=ref),)))
            (result,) = answer_request(changed, load, ledger, dagtekening=day,
                                       registry=REGISTRY)
            return result

        # an aanbieder the municipality does not work with: 3 (geen contract)
        stranger = attrs.evolve(request, header=attrs.evolve(request.header,
                                                             afzender="91234567"))
        _refused(ask(stranger, "R3", "A3"), "3", day, valid)
        # a product that is no arrangement of the region: 4
        item = request.client.aangevraagde_producten[0]
        assert item.product is not None
        odd = attrs.evolve(request, client=attrs.evolve(request.client, aangevraagde_producten=(
            attrs.evolve(item, product=iv.Product(categorie=item.product.categorie,
                                                  code="ZZ999")),)))
        _refused(ask(odd, "R4", "A4"), "4", day, valid)
        # asked of another municipality than the client's: 5 (Wmo) or 8 with the
        # responsible municipality (Jeugdwet)
        home = caseload.household(target.household_id).municipality.code
        other = next(h.municipality.code for h in caseload.households
                     if h.municipality.code != home)
        elsewhere = attrs.evolve(request, header=attrs.evolve(request.header, ontvanger=other))
        answer319 = _refused(ask(elsewhere, "R5", "A5"),
                             "8" if request.standard is iv.Standard.IJW else "5", day, valid)
        if request.standard is iv.Standard.IJW:
            assert answer319.antwoord.woonplaatsbeginsel is not None
            assert answer319.antwoord.woonplaatsbeginsel.gemeente == home
        # what the client already has, asked again: stacking (6)
        existing = next(a for a in rest.allocations
                        if a.period.is_open or a.period.end > day + dt.timedelta(days=40))
        stacked = _request(rest, existing, day, "R6", "A6")
        _refused(ask(stacked, "R6", "A6"), "6", day, valid)
        status = ledger.status()
        assert (status.requests, status.requests_refused) == (4, 4)


def test_a_youth_product_for_an_adult_is_refused_for_age(
        tmp_path: Path, valid: Valid, region_caseload: Make) -> None:
    caseload = region_caseload("west-friesland", households=30)
    day = _day(caseload)
    youth = [a for a in caseload.allocations
             if REGISTRY.policy_for(caseload.household(a.household_id).municipality.code,
                                    a.period.start).catalog.arrangement(a.arrangement).laws
             == {Law.JEUGDWET}]
    assert youth
    target = youth[0]
    rest = _without(caseload, target)
    household = rest.household(target.household_id)
    aged = attrs.evolve(household, members=tuple(
        attrs.evolve(p, birth_date=dt.date(1970, 1, 1)) if p.id == target.client_id else p
        for p in household.members))
    adult = attrs.evolve(rest, households=tuple(aged if h.id == household.id else h
                                                for h in rest.households))
    with Ledger.open(tmp_path / "ledger.sqlite") as ledger:
        allocate(rest, ledger, dagtekening=day, registry=REGISTRY)
        request = _request(rest, target, day, "AGE-1")
        assert request.standard is iv.Standard.IJW
        (result,) = answer_request(request, adult, ledger, dagtekening=day, registry=REGISTRY)
        _refused(result, "9", day, valid)


def test_a_change_request_is_honoured_in_place_or_refused_at_retour_level(
        tmp_path: Path, valid: Valid, region_caseload: Make) -> None:
    caseload = region_caseload("h4")
    day = _day(caseload)
    with Ledger.open(tmp_path / "ledger.sqlite") as ledger:
        allocate(caseload, ledger, dagtekening=day, registry=REGISTRY)
        current = [a for a in caseload.allocations
                   if (a.period.is_open or a.period.end > day + dt.timedelta(days=60))
                   and a.period.start <= day]
        target = current[0]
        siblings = [a for a in current if a.client_id == target.client_id
                    and a.provider == target.provider]
        household = caseload.household(target.household_id)
        client = household.member(target.client_id)
        assert client.bsn is not None
        catalog = REGISTRY.policy_for(household.municipality.code, target.period.start).catalog
        standard = iv.build.standard_of(iv.build.law_of(target, catalog, client))
        new_end = day + dt.timedelta(days=30)

        def vow(ref: str, ident: str, *, leave_out: bool = False,
                bsn: str = client.bsn.value if client.bsn else "") -> iv.VerzoekOmWijziging:
            unchanged = tuple(iv.OngewijzigdProduct(toewijzing_nummer=a.number or 0)
                              for a in siblings if a.id != target.id)
            return iv.VerzoekOmWijziging(
                standard=standard,
                header=iv.HeaderAanbieder(
                    afzender=agb_code(target.provider), ontvanger=household.municipality.code,
                    bericht_identificatie=iv.BerichtIdentificatie(identificatie=ident,
                                                                  dagtekening=day),
                    xsd_versie=iv.XsdVersie(basisschema_xsd_versie="1.0.0",
                                            bericht_xsd_versie="1.0.0")),
                client=iv.Client317(bsn=bsn, verzoek=iv.Verzoek(
                    referentie_aanbieder=ref, reden_verzoek="2",
                    ongewijzigde_producten=() if leave_out else unchanged,
                    te_wijzigen_producten=(iv.TeWijzigenProduct(
                        toewijzing_nummer=target.number or 0,
                        gewenste_ingangsdatum=target.period.start, einddatum=new_end),))))

        request = vow("VOW-1", "W1")
        valid(request, day)
        (result,) = answer_request(request, caseload, ledger, dagtekening=day,
                                   registry=REGISTRY)
        assert result.honoured, result.why
        assert result.toewijzing is not None
        valid(result.toewijzing, day)
        products = result.toewijzing.client.toegewezen_producten
        assert {p.referentie_aanbieder for p in products} == {"VOW-1"}      # IV093
        (changed,) = [p for p in products if p.toewijzing_nummer == target.number]
        assert (changed.reden_wijziging, changed.einddatum) == ("12", new_end)
        assert {a.id: a.period.last_day for a in result.allocations} == {target.id: new_end}
        # an unknown Bsn: 8187 (TR304); leaving out a current toewijzing: 9349 (TR349)
        stranger = vow("VOW-2", "W2", bsn="999999990" if client.bsn.value != "999999990"
                       else "999999989")
        (refused,) = answer_request(stranger, caseload, ledger, dagtekening=day,
                                    registry=REGISTRY)
        assert refused.refusal is not None and refused.refusal.retour_code == "8187"
        if len(siblings) > 1:
            (left,) = answer_request(vow("VOW-3", "W3", leave_out=True), caseload, ledger,
                                     dagtekening=day, registry=REGISTRY)
            assert left.refusal is not None and left.refusal.retour_code == "9349"


def test_requests_are_answered_through_the_dispatch_table(
        tmp_path: Path, valid: Valid, region_caseload: Make) -> None:
    caseload = region_caseload("hart-van-brabant")
    target = _askable(caseload)
    rest = _without(caseload, target)
    day = _day(caseload)
    with Ledger.open(tmp_path / "ledger.sqlite") as ledger:
        allocate(rest, ledger, dagtekening=day, registry=REGISTRY)
        good = _request(rest, target, day, "D-1", "D1")
        item = good.client.aangevraagde_producten[0]
        assert item.product is not None
        bad = attrs.evolve(_request(rest, target, day, "D-2", "D2"), client=attrs.evolve(
            good.client, aangevraagde_producten=(attrs.evolve(
                item, referentie_aanbieder="D-2",
                product=iv.Product(categorie=item.product.categorie, code="ZZ999")),)))
        run = answer([iv.write(good, today=day), bad], rest, ledger, today=day)
        kinds = [type(r).__name__ for r in run.replies]
        assert kinds == ["Toewijzing", "Antwoord319"]
        for reply in run.replies:
            valid(reply, day)
        assert [a.kind for a in run.answered] == ["315", "315"]
        assert "honoured" in run.answered[0].notes[0]
        assert "reason 4" in run.answered[1].notes[0]
