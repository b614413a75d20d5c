"""Ledger backends for the tests: a SQLite file always, and PostgreSQL when a server is
given in ``SOCIAALDOMEIN_TEST_POSTGRES`` (an SQLAlchemy URL of a database whose user may
create databases; ``.ci/run`` starts one). Without it the PostgreSQL tests skip and say
why, so that ``uv run pytest`` works on a machine without a server."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

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
