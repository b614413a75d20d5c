"""The exported JSON Schema accepts what the library writes and refuses what it refuses."""

from __future__ import annotations

import json
import re
from typing import Any

from sociaaldomein.io.files import caseload_json
from sociaaldomein.io.schema import caseload_schema
from sociaaldomein.synth import Synthetic


def _check(value: Any, schema: dict[str, Any], root: dict[str, Any], path: str = "$") -> list[str]:
    """A small validator for the keywords the schema uses."""
    if "$ref" in schema:
        return _check(value, root["$defs"][schema["$ref"].split("/")[-1]], root, path)
    if "anyOf" in schema:
        return [] if any(not _check(value, s, root, path) for s in schema["anyOf"]) else [
            f"{path}: matches no alternative"]
    if "oneOf" in schema:
        hits = sum(1 for s in schema["oneOf"] if not _check(value, s, root, path))
        return [] if hits == 1 else [f"{path}: matches {hits} alternatives"]
    errors: list[str] = []
    if "const" in schema and value != schema["const"]:
        errors.append(f"{path}: {value!r} != {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{path}: {value!r} not in enum")
    kind = schema.get("type")
    types = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}
    if kind == "integer":
        if type(value) is not int:
            errors.append(f"{path}: not an integer")
    elif kind in types and not isinstance(value, types[kind]):
        return [f"{path}: not {kind}"]
    if isinstance(value, str) and "pattern" in schema and not re.search(schema["pattern"], value):
        errors.append(f"{path}: {value!r} does not match {schema['pattern']}")
    if isinstance(value, dict) and kind == "object":
        props = schema.get("properties", {})
        for key in schema.get("required", []):
            if key not in value:
                errors.append(f"{path}: missing {key}")
        for key, item in value.items():
            if key not in props:
                if schema.get("additionalProperties") is False:
                    errors.append(f"{path}: unknown key {key}")
                continue
            errors += _check(item, props[key], root, f"{path}.{key}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            errors += _check(item, schema["items"], root, f"{path}[{i}]")
    return errors


def test_generated_caseload_matches_the_schema(synthetic: Synthetic) -> None:
    schema = caseload_schema()
    document = json.loads(caseload_json(synthetic.caseload))
    assert _check(document, schema, schema) == []


def test_schema_refuses_what_the_reader_refuses(synthetic: Synthetic) -> None:
    schema = caseload_schema()
    document = json.loads(caseload_json(synthetic.caseload))
    document["households"][0]["colour"] = "red"
    document["allocations"][0]["period"]["start"] = "1 januari"
    document["events"][0]["type"] = "party"
    errors = _check(document, schema, schema)
    assert any("unknown key colour" in e for e in errors)
    assert any("allocations[0].period.start" in e for e in errors)
    assert any(e.startswith("$.events[0]") for e in errors)


def test_every_event_type_is_tagged() -> None:
    schema = caseload_schema()
    tags = {schema["$defs"][name]["properties"]["type"]["const"]
            for name in ("Start", "Stop", "Delivery", "Evaluation", "EndReport", "Refusal")}
    assert tags == {"start", "stop", "delivery", "evaluation", "end_report", "refusal"}


def test_schema_holds_the_dated_fields() -> None:
    """Partners, residence, income, Wlz periods, registration date, referral and start
    times, pgb amount and goal revisions are in the schema, and a drawn caseload with them
    matches it; a time of day that is not HH:MM is refused."""
    from hypothesis import given, settings

    from sociaaldomein.io.serialization import unstructure
    from sociaaldomein.testing import strategies as sds

    schema = caseload_schema()
    defs = schema["$defs"]
    assert {"partners", "residence", "income", "wlz_contribution"} <= set(
        defs["Household"]["properties"])
    assert {"registered_on", "referred_time", "pgb_amount"} <= set(defs["Allocation"]["properties"])
    assert "time" in defs["Start"]["properties"] and "revisions" in defs["Plan"]["properties"]

    @settings(max_examples=20, deadline=None)
    @given(sds.households(), sds.allocations(), sds.plans(), sds.care_events("a", None))
    def check(household: Any, allocation: Any, plan: Any, event: Any) -> None:
        document = {"format": "sociaaldomein.caseload/1",
                    "households": [unstructure(household)], "plans": [unstructure(plan)],
                    "allocations": [unstructure(allocation)], "events": [unstructure(event)]}
        assert _check(document, schema, schema) == []

    check()
    def start(time: str) -> dict[str, Any]:
        return {"format": "sociaaldomein.caseload/1", "events": [
            {"type": "start", "allocation_id": "a", "date": "2025-01-01", "time": time}]}

    assert any(e.startswith("$.events[0]") for e in _check(start("8 uur"), schema, schema))
    assert _check(start("08:00"), schema, schema) == []
