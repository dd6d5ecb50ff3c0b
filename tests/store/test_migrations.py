"""Schema migrations: an older database is upgraded; a newer one is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from certdesk.crypto import keystore
from certdesk.errors import UserError
from certdesk.services import opening
from certdesk.store import schema
from certdesk.store.database import new_description, write_description
from certdesk.store.engine import Secret, make_engine


def test_head_matches_the_migration_scripts() -> None:
    config = Config()
    config.set_main_option("script_location", str(schema.MIGRATIONS))
    script = ScriptDirectory.from_config(config)
    assert script.get_current_head() == schema.HEAD
    assert [r.revision for r in reversed(list(script.walk_revisions()))] == list(schema.REVISIONS)


def _database_at_0001(path: Path) -> None:
    described = new_description("field", "keyring")
    key = keystore.new_key()
    keystore.store_key(described.uuid, key)
    write_description(path, described)
    engine = make_engine(path, Secret(raw_key=key))
    schema.upgrade(engine, "0001")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO audit_entry (chain, seq, at, actor, action, data, prev_hash, hash) "
                "VALUES ('database', 1, 'then', 'kim', 'supplier.add', '{}', 'p', 'h')"
            )
        )
        connection.execute(text("UPDATE audit_entry SET actor = 'lee'"))  # no trigger yet
    engine.dispose()


def test_older_database_is_upgraded_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _database_at_0001(path)
    db = opening.open_database(path)
    with db.engine.connect() as connection:
        assert schema.current_revision(connection) == schema.HEAD
        assert connection.execute(text("SELECT actor FROM audit_entry")).scalar() == "lee"
    with pytest.raises(IntegrityError, match="append-only"), db.engine.begin() as connection:
        connection.execute(text("UPDATE audit_entry SET actor = 'park'"))
    db.close()


def test_newer_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    opening.create(path, "field").close()
    db = opening.open_database(path)
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    db.close()
    with pytest.raises(UserError, match="newer CertDesk"):
        opening.open_database(path)


def test_new_row_ids_are_unique_and_in_the_order_made() -> None:
    """Time-ordered ids (version 7): rows written one after another sit side by side in
    an index; ids made in one millisecond still differ."""
    import time
    import uuid

    from certdesk.store.ids import new_id

    first = [new_id() for _ in range(1000)]
    time.sleep(0.002)
    later = new_id()
    assert len(set(first)) == len(first)
    assert all(uuid.UUID(i).version == 7 for i in (*first, later))
    assert max(first) < later  # a later millisecond sorts after every earlier id
