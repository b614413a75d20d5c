"""Contracts of Regio Midden-Holland: terms with option years, signing dates and volume
agreements (Kaderdocument §2.1, §2.3, §3.4; MH-04, MH-08, MH-26, MH-64). The document gives
no contracts: ``parameters/contracts.toml`` holds example contracts that show the
instruments at work; the rules on them are in :mod:`sociaaldomein_midden_holland.rules`."""

from __future__ import annotations

import itertools
from pathlib import Path

from sociaaldomein import (
    Contract,
    InvalidValue,
    MonthRounding,
    Period,
    Provider,
    VolumeAgreement,
    add_months,
)
from sociaaldomein.policy.parameters import read_toml
from sociaaldomein_midden_holland.catalog import CatalogData, SegmentKey, load_catalog
from sociaaldomein_midden_holland.instruments import parse_contract_form
from sociaaldomein_midden_holland.rules import ContractRecord
from sociaaldomein_midden_holland.sources import PARAMETERS, REGION, ref

__all__ = ["ContractRecord", "load_contracts"]


def load_contracts(path: Path | str = PARAMETERS / "contracts.toml",
                   catalog: CatalogData | None = None) -> tuple[ContractRecord, ...]:
    """Example contracts with terms, signing dates and volume agreements (MH-04, MH-26,
    MH-64)."""
    data = catalog or load_catalog()
    params = read_toml(path)
    records: list[ContractRecord] = []
    for entry in params.tables("contract"):
        segment = entry.enum("segment", SegmentKey)
        start = entry.date("start")
        base, options = entry.integer("base_years"), entry.integer("option_years")
        if base < 1 or options < 0:
            raise entry.error("base_years", "a contract runs at least one year; options >= 0")

        # whole years from the start; 29 February + 1 year = 28 February
        ends = [add_months(start, 12 * n, MonthRounding.END_OF_MONTH)
                for n in range(base, base + options + 1)]
        term = Period(start, ends[0])
        extensions = tuple(Period(a, b) for a, b in itertools.pairwise(ends))
        form_text = entry.text("contract_form")
        form = parse_contract_form(form_text)
        if form is None:
            raise entry.error("contract_form", f"unknown contract form {form_text!r}; "
                                               "known: subsidy, open_house, sas")
        volume = None
        if entry.has("volume_min") or entry.has("volume_max"):
            try:
                volume = VolumeAgreement(entry.money("volume_min"), entry.money("volume_max"))
            except InvalidValue as exc:
                raise entry.wrap("volume_min", exc) from None
        example = entry.boolean("example")
        contract = Contract(
            id=entry.text("id"), region=REGION,
            provider=Provider(entry.text("provider"), entry.text("provider_name")),
            arrangements=frozenset(p.key.value for p in data.products if p.segment is segment),
            term=term, form=form, extensions=extensions, volume=volume,
            ref=ref("MH-64", "§2.3; §3.4", example=example),
        )
        records.append(ContractRecord(contract, segment, entry.opt_date("signed_on"),
                                      entry.boolean("large_changes", False), example))
        entry.done()
    params.done()
    return tuple(records)
