"""The SQLCipher engine: every connection is keyed, in WAL mode, with foreign keys.

A raw 32-byte key (from the keyring) is used as is: `PRAGMA key = "x'..'"`
skips SQLCipher's key derivation. A passphrase goes through SQLCipher's
PBKDF2-HMAC-SHA512 with the salt it keeps in the file. `key=None` opens a plain
SQLite file: it exists for one test that checks what secure deletion leaves in
an unencrypted file, never for user data.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DatabaseError, OperationalError, ProgrammingError
from sqlalchemy.pool import QueuePool

from certdesk.store.errors import DiskFullError, LockedError, NotAllowedError, WrongKeyError

BUSY_TIMEOUT_MS = 4000


@dataclass(frozen=True)
class Secret:
    raw_key: bytes | None = None
    passphrase: str | None = None

    def pragma(self) -> str | None:
        if self.raw_key is not None:
            return f"PRAGMA key = \"x'{self.raw_key.hex()}'\""
        if self.passphrase is not None:
            quoted = self.passphrase.replace("'", "''")
            return f"PRAGMA key = '{quoted}'"
        return None


def _connect(path: Path, secret: Secret | None) -> Any:
    module = sqlcipher3.dbapi2
    conn = module.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    pragma = secret.pragma() if secret else None
    if pragma:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(pragma)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except module.DatabaseError as exc:
        conn.close()
        if "locked" in str(exc) or "busy" in str(exc):
            raise LockedError(str(exc)) from None
        raise WrongKeyError(str(exc)) from None
    for statement in (
        "PRAGMA journal_mode = WAL",
        "PRAGMA synchronous = FULL",
        "PRAGMA foreign_keys = ON",
        "PRAGMA secure_delete = ON",
        f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}",
    ):
        conn.execute(statement)
    return conn


def make_engine(path: Path, secret: Secret | None) -> Engine:
    """An engine over the database at `path`.

    Connections are pooled, so a passphrase's key derivation runs once per
    connection, not once per unit of work.
    """
    engine = create_engine(
        "sqlite+pysqlite://",
        creator=lambda: _connect(path, secret),
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


@contextmanager
def translated_errors() -> Iterator[None]:
    """Turn SQLite's locked and full errors, and a server's permission refusals, into the
    store's own types."""
    try:
        yield
    except ProgrammingError as exc:
        table = _refused_table(exc)
        if table is not None:
            raise NotAllowedError(table) from None
        raise
    except OperationalError as exc:
        text = str(exc.orig)
        if _locked(exc):
            raise LockedError(text) from None
        if _full(exc):
            raise DiskFullError(text) from None
        raise
    except DatabaseError as exc:
        if _full(exc):
            raise DiskFullError(str(exc.orig)) from None
        raise


def _full(exc: DatabaseError) -> bool:
    """SQLite's SQLITE_FULL, or PostgreSQL's disk_full: never a message that only happens
    to contain the word (a server's "connection pool full", a host named "full")."""
    said = str(exc.orig)
    return getattr(exc.orig, "sqlstate", None) == "53100" or "database or disk is full" in said


def _locked(exc: DatabaseError) -> bool:
    """SQLite's busy or locked database, or PostgreSQL's lock_not_available."""
    said = str(exc.orig)
    sqlite = "database is locked" in said or "database table is locked" in said
    sqlite = sqlite or "database is busy" in said
    return getattr(exc.orig, "sqlstate", None) == "55P03" or sqlite
