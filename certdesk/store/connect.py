"""A keyed SQLCipher connection, without SQLAlchemy: the one way a database file is opened.

A raw 32-byte key (from the keyring) is used as is: `PRAGMA key = "x'..'"`
skips SQLCipher's key derivation. A passphrase goes through SQLCipher's
PBKDF2-HMAC-SHA512 with the salt it keeps in the file. `secret=None` opens a
plain SQLite file: it exists for one test that checks what secure deletion
leaves in an unencrypted file, never for user data.

The engine (`store.engine`) makes its pooled connections here; the lean path of
the assessor's desk (`store.sql`) uses one directly, so the window reads and
answers before SQLAlchemy is even imported.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlcipher3

from certdesk.store.errors import DiskFullError, LockedError, StoreError, WrongKeyError

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


def connect(path: Path, secret: Secret | None) -> Any:
    """A connection in WAL mode with foreign keys and secure deletion, in autocommit (each
    transaction is begun and ended explicitly); a wrong key raises `WrongKeyError`."""
    module = sqlcipher3.dbapi2
    timeout = BUSY_TIMEOUT_MS / 1000
    conn = module.connect(str(path), timeout=timeout, check_same_thread=False)
    conn.isolation_level = None
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


SQLITE_LOCKED = ("database is locked", "database table is locked", "database is busy")
SQLITE_FULL = "database or disk is full"


def sqlite_error(exc: BaseException) -> StoreError | None:
    """SQLite's busy, locked and full errors as the store's types, by SQLite's own words
    (never a message that merely contains "full" or "busy"), from either path."""
    said = str(exc)
    if any(words in said for words in SQLITE_LOCKED):
        return LockedError(said)
    if SQLITE_FULL in said:
        return DiskFullError(said)
    return None


@contextmanager
def translated_errors() -> Iterator[None]:
    """Turn SQLite's locked and full errors, and a server's permission refusals, into the
    store's own types, from a plain connection or from SQLAlchemy (only once it is loaded:
    before, none of its errors can be raised)."""
    try:
        yield
    except sqlcipher3.dbapi2.DatabaseError as exc:
        found = sqlite_error(exc)
        if found is not None:
            raise found from None
        raise
    except Exception as exc:
        engine = sys.modules.get("certdesk.store.engine")
        found = engine.store_error(exc) if engine is not None else None
        if found is not None:
            raise found from None
        raise
