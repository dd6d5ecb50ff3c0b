"""One parametrised fixture runs headquarters' service tests on both backends: the
encrypted SQLite file and a database on the throwaway PostgreSQL cluster. Used by the
conftest of each folder whose tests act as headquarters."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.exchange import HqBackend


@pytest.fixture(autouse=True, params=["sqlite", "postgresql"])
def hq_backend(request: pytest.FixtureRequest) -> Iterator[str]:
    if request.param == "postgresql":
        cluster = request.getfixturevalue("pg_cluster")
        HqBackend.new_server = cluster.new_database
    try:
        yield request.param
    finally:
        HqBackend.new_server = None
        for actor in HqBackend.made:
            if actor.ctx is not None:
                actor.ctx.close()  # the server's connections, not left to the collector
                actor.ctx = None
        HqBackend.made.clear()
