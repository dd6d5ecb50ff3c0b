"""People of a headquarters team on a PostgreSQL server, for the tests: a login role in
one team role, and a copy of the team's description file that connects as that login
(as the description handed to a colleague's desk, with their own login in it)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from certdesk.store.database import read_description, write_description
from tests.support.exchange import Actor
from tests.support.postgres import Cluster


def as_person(hq: Actor, pg_cluster: Cluster, name: str, role: str) -> Path:
    """A login role `name` in the team role `role` (certdesk_auditor...), and a description
    file beside headquarters' own that connects as it; its path, to open."""
    pg_cluster.admin(f"DROP ROLE IF EXISTS {name}", f"CREATE ROLE {name} LOGIN IN ROLE {role}")
    return description_for(hq, name)


def description_for(hq: Actor, name: str) -> Path:
    """A copy of headquarters' description that connects as the login `name`; its path."""
    described = read_description(hq.home / "certdesk.db")
    assert described.server is not None
    mine = hq.home / f"{name}.db"
    write_description(
        mine, replace(described, server=described.server.replace("postgres@", f"{name}@"))
    )
    return mine
