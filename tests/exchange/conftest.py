"""Ledger backends for the tests: a SQLite file always, and PostgreSQL when a server is
given in ``SOCIAALDOMEIN_TEST_POSTGRES`` (an SQLAlchemy URL of a database whose user may
create databases; ``.ci/run`` starts one). Without it the PostgreSQL tests skip and say
why, so that ``uv run pytest`` works on a machine without a server."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sociaaldomein import Caseload
from sociaaldomein.io.istandaarden.messages import Message

POSTGRES = os.environ.get("SOCIAALDOMEIN_TEST_POSTGRES", "")


@pytest.fixture(params=["sqlite", "postgresql"])
def ledger_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "ledger.sqlite")
        return
    if not POSTGRES:
        pytest.skip("no PostgreSQL server: set SOCIAALDOMEIN_TEST_POSTGRES to an SQLAlchemy "
                    "URL (.ci/run starts a server and sets it)")
    import sqlalchemy as sa

    admin = sa.create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    name = f"ledger_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = sa.engine.make_url(POSTGRES).set(database=name)
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


# -- for the tests of sending allocations, starts and stops, and requests -----------------
def _load_schema_checker() -> Callable[[bytes], list[str]]:
    import importlib.util

    path = Path(__file__).parent.parent / "unit" / "istandaarden" / "conftest.py"
    spec = importlib.util.spec_from_file_location("istandaarden_schema_checker_b", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    check: Callable[[bytes], list[str]] = module.schema_problems
    return check


@pytest.fixture(scope="session")
def valid() -> Callable[[Message, dt.date], bytes]:
    """Write a message (the writer refuses a broken in-message rule), check it with the
    independent schema checker, read it back as written without breaches; the bytes."""
    from sociaaldomein.io import istandaarden as iv

    problems_of = _load_schema_checker()

    def check(message: Message, today: dt.date) -> bytes:
        data = iv.write(message, today=today)
        problems = problems_of(data)
        assert problems == [], (message.name, problems)
        result = iv.read(data, today=today)
        assert result.ok and result.message == message, result.breaches
        return data

    return check


_CASELOADS: dict[tuple[str, int, int], Caseload] = {}


@pytest.fixture(scope="session")
def region_caseload() -> Callable[..., Caseload]:
    """A generated caseload of one region in its latest contract year, without the
    households whose validation finds an error (a municipality would not send those)."""
    from sociaaldomein.policy.registry import default_registry
    from sociaaldomein.settle.engine import validate
    from sociaaldomein.settle.regions import held_back, subset_households
    from sociaaldomein.synth import generate

    registry = default_registry()

    def make(region: str, households: int = 15, seed: int = 7) -> Caseload:
        key = (region, households, seed)
        if key not in _CASELOADS:
            year = max(registry.get(region).contract_years)
            caseload = generate(households=households, seed=seed, regions=[region],
                                year=year, breaches=False, registry=registry).caseload
            back = held_back(validate(caseload, registry=registry))
            _CASELOADS[key] = subset_households(
                caseload, frozenset(h.id for h in caseload.households) - back)
        return _CASELOADS[key]

    return make
