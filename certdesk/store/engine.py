"""The SQLAlchemy engines: SQLCipher files (connections keyed in `store.connect`) and
PostgreSQL servers, and the store's errors said in its own types."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DatabaseError, ProgrammingError
from sqlalchemy.pool import QueuePool

from certdesk.store.connect import Secret, connect, sqlite_error, translated_errors
from certdesk.store.errors import DiskFullError, LockedError, NotAllowedError, StoreError

__all__ = ["Secret", "make_engine", "make_server_engine", "store_error", "translated_errors"]


def make_engine(path: Path, secret: Secret | None) -> Engine:
    """An engine over the database at `path`.

    Connections are pooled, so a passphrase's key derivation runs once per
    connection, not once per unit of work.
    """
    engine = create_engine(
        "sqlite+pysqlite://",
        creator=lambda: connect(path, secret),
        module=sqlcipher3.dbapi2,
        poolclass=QueuePool,
        pool_size=2,
        max_overflow=4,
    )

    @event.listens_for(engine, "begin")
    def _begin_immediate(connection: Any) -> None:
        # Take the write lock at the start, so two writers never deadlock mid-way.
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    @event.listens_for(engine, "connect")
    def _no_pysqlite_transactions(dbapi_connection: Any, record: Any) -> None:
        dbapi_connection.isolation_level = None

    return engine


def make_server_engine(url: str) -> Engine:
    """An engine over a headquarters database on a PostgreSQL server (`postgresql+psycopg://`
    URL; the password never in it: a PG service or pass file, or the keyring, gives it).
    Writers take their locks row by row; the audit chains serialise on their own lock."""
    if not url.startswith("postgresql+psycopg://"):
        raise ValueError("not a postgresql+psycopg URL")
    return create_engine(url, pool_size=2, max_overflow=4, pool_pre_ping=True)


def _refused_table(exc: DatabaseError) -> str | None:
    """The table a PostgreSQL permission refusal names, or None for another error."""
    if getattr(exc.orig, "sqlstate", None) != "42501":
        return None
    found = re.search(r"for table (\w+)", str(exc.orig))
    return found.group(1) if found else "?"


def store_error(exc: Exception) -> StoreError | None:
    """SQLite's locked and full errors, a server's lock and disk-full states and its
    permission refusals, as the store's own types (None for any other error)."""
    if isinstance(exc, ProgrammingError):
        table = _refused_table(exc)
        return None if table is None else NotAllowedError(table)
    if not isinstance(exc, DatabaseError):
        return None
    state = getattr(exc.orig, "sqlstate", None)
    if state == "55P03":  # lock_not_available
        return LockedError(str(exc.orig))
    if state == "53100":  # disk_full
        return DiskFullError(str(exc.orig))
    return None if exc.orig is None else sqlite_error(exc.orig)
