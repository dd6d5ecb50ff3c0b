"""Brings a database to the current schema with Alembic, from any older release."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from certdesk.store.errors import NewerSchemaError

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

MIGRATIONS = Path(__file__).with_name("migrations")
REVISIONS = (
    "0001",
    "0002",
    "0003",
    "0004",
    "0005",
    "0006",
    "0007",
    "0008",
    "0009",
    "0010",
    "0011",
    "0012",
)
HEAD = REVISIONS[-1]


def current_revision(connection: Connection) -> str | None:
    from sqlalchemy import inspect, text

    if not inspect(connection).has_table("alembic_version"):
        return None
    row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
    return str(row[0]) if row else None


def upgrade(engine: Engine, target: str = HEAD) -> None:
    """Run the migrations up to `target`; refuse a database from a newer release."""
    with engine.connect() as connection:
        revision = current_revision(connection)
    if revision is not None and revision not in REVISIONS:
        raise NewerSchemaError(revision)
    if revision == target:
        return  # the usual case, decided without importing Alembic
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, target)
