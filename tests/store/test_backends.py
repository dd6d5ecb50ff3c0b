"""The same migrations and the same audit log on both backends: the encrypted SQLite file
(the field's and a single-person headquarters') and PostgreSQL (a headquarters team).

Every test here runs on both, through one parametrised fixture; the PostgreSQL cluster
is a throwaway one the tests start themselves (tests/support/postgres.py).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, SQLModel, select

from certdesk.crypto import keystore
from certdesk.store import audit, schema
from certdesk.store.engine import Secret, make_engine, make_server_engine
from certdesk.store.tables import Supplier
from tests.support.postgres import Cluster


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        made = make_engine(tmp_path / "certdesk.db", Secret(raw_key=keystore.new_key()))
    else:
        running: Cluster = request.getfixturevalue("pg_cluster")
        made = make_server_engine(running.new_database())
    schema.upgrade(made)
    yield made
    made.dispose()


def test_the_migrations_build_every_table_at_the_head(engine: Engine) -> None:
    with engine.connect() as connection:
        assert schema.current_revision(connection) == schema.HEAD
        tables = set(inspect(connection).get_table_names())
    assert set(SQLModel.metadata.tables) <= tables


@pytest.mark.parametrize("table", ["audit_entry", "audit_seal"])
@pytest.mark.parametrize(
    "change", ["UPDATE {table} SET {column} = {column}", "DELETE FROM {table}"]
)
def test_the_audit_log_refuses_every_change(engine: Engine, table: str, change: str) -> None:
    key = keystore.new_key()
    with Session(engine) as session:
        session.info["audit_key"] = key
        audit.append(session, audit.DATABASE_CHAIN, "kim", "supplier.add", {"n": 1})
        session.commit()
    column = "actor" if table == "audit_entry" else "mac"
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
        connection.execute(text(change.format(table=table, column=column)))
    with Session(engine) as session:
        count, breaks = audit.verify(session, key)
    assert (count, breaks) == (1, [])


def test_a_sealed_chain_verifies_and_a_forged_entry_is_found(engine: Engine) -> None:
    key = keystore.new_key()
    with Session(engine) as session:
        session.info["audit_key"] = key
        for n in range(5):
            audit.append(session, "chain-a", "kim", "answer.set", {"n": n})
        session.commit()
        assert audit.verify(session, key) == (5, [])
    with engine.begin() as connection:  # an insider drops the guard and edits an entry
        if engine.dialect.name == "postgresql":
            connection.execute(text("ALTER TABLE audit_entry DISABLE TRIGGER USER"))
        else:
            connection.execute(text("DROP TRIGGER audit_entry_no_update"))
        connection.execute(text("UPDATE audit_entry SET actor = 'lee' WHERE seq = 3"))
    with Session(engine) as session:
        _count, breaks = audit.verify(session, key)
    assert {(b.seq, b.reason) for b in breaks} >= {(3, "altered")}


def test_rows_and_times_come_back_as_written(engine: Engine) -> None:
    when = datetime(2026, 12, 7, 9, 30, 15, 123456, tzinfo=UTC)
    with Session(engine) as session:
        session.add(Supplier(business_id="1248100998", name="한빛정밀", created_at=when))
        session.commit()
    with Session(engine) as session:
        [held] = session.exec(select(Supplier)).all()
    assert (held.name, held.created_at) == ("한빛정밀", when)


def test_appends_from_several_people_at_once_keep_every_chain_unbroken(engine: Engine) -> None:
    """Four writers append to the same chains at the same time, each in its own
    transactions: every entry lands, numbered without a gap, and every seal verifies."""
    key = keystore.new_key()
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for k in range(15):
                with Session(engine) as session:
                    session.info["audit_key"] = key
                    audit.append(session, "assessment-1", f"user{n}", "answer.set", {"k": k})
                    audit.append(session, audit.DATABASE_CHAIN, f"user{n}", "export", {"k": k})
                    session.commit()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    with Session(engine) as session:
        count, breaks = audit.verify(session, key)
        seqs = [e.seq for e in audit.chain_of(session, "assessment-1")]
    assert (count, breaks) == (120, [])
    assert seqs == list(range(1, 61))


def test_every_table_at_the_head_is_granted_to_every_team_role(pg_cluster: Cluster) -> None:
    """A migration that adds a table calls `server_rights.grant_roles()`, or the team's
    people could not even read it (the database's owner would not notice)."""
    from certdesk.store.migrations.server_rights import ROLES

    made = make_server_engine(pg_cluster.new_database())
    try:
        schema.upgrade(made)
        with made.connect() as connection:
            tables = inspect(connection).get_table_names()
            missing = [
                (role, table)
                for role in ROLES
                for table in tables
                if not connection.execute(
                    text("SELECT has_table_privilege(:r, :t, 'SELECT')"), {"r": role, "t": table}
                ).scalar()
            ]
    finally:
        made.dispose()
    assert len(tables) > 10
    assert missing == []


def test_answers_keep_one_index_that_every_lookup_uses(engine: Engine) -> None:
    with engine.connect() as connection:
        found = inspect(connection)
        indexed = [i["column_names"] for i in found.get_indexes("answer")]
        unique = [c["column_names"] for c in found.get_unique_constraints("answer")]
    assert ["assessment_id", "item_id", "party"] in unique + indexed
    assert ["assessment_id"] not in indexed
    assert ["assessment_id", "party"] not in indexed
