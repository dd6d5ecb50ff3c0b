"""A CertDesk database file, the description beside it, and its sessions.

Beside `NAME.db` lies `NAME.db.certdesk.json`: the database's UUID, its role
and whether its key is in the keyring or comes from a passphrase. It holds no
secret. Evidence files live sealed in `NAME.db.evidence/`.
"""

from __future__ import annotations

import json
import os
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from certdesk.store.connect import Secret, connect
from certdesk.store.errors import NewerSchemaError, NotADatabaseError
from certdesk.store.in_use import Hold
from certdesk.store.schema import HEAD, REVISIONS
from certdesk.store.sql import Sql, transaction

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlmodel import Session

ROLES = ("field", "hq")
KEY_SOURCES = ("keyring", "passphrase", "server")
"""Where the database's key comes from; "server": the data lives on a PostgreSQL server,
which guards it (roles, TLS), and the description names the server."""


@dataclass(frozen=True)
class Description:
    uuid: str
    role: str
    key: str
    format: int = 1
    audit_salt: str | None = None
    """With a passphrase: the salt of the audit key derived from it (hex); no secret."""
    audit_box: str | None = None
    """With a passphrase that was changed, or a restored backup: the audit key sealed under
    the passphrase (`crypto.passphrase_box`), which then wins over `audit_salt`."""
    server: str | None = None
    """A headquarters database on PostgreSQL: its `postgresql+psycopg://` URL, never with a
    password (libpq takes it from a pass file or a service file)."""

    @property
    def with_passphrase(self) -> bool:
        """Whether the database opens with a passphrase (else its key is in the keyring, or
        it lives on a server)."""
        return self.key == "passphrase"


def description_path(db: Path) -> Path:
    return db.with_name(db.name + ".certdesk.json")


def evidence_dir(db: Path) -> Path:
    return db.with_name(db.name + ".evidence")


def read_description(db: Path) -> Description:
    try:
        data = json.loads(description_path(db).read_text(encoding="utf-8"))
        described = Description(**data)
    except (OSError, ValueError, TypeError) as exc:
        raise NotADatabaseError(str(exc)) from None
    if described.role not in ROLES or described.key not in KEY_SOURCES:
        raise NotADatabaseError("unknown role or key source")
    if (described.key == "server") != bool(described.server):
        raise NotADatabaseError("a server database names its server, and only it")
    return described


def new_description(role: str, key: str) -> Description:
    return Description(uuid=str(uuid.uuid4()), role=role, key=key)


def write_description(db: Path, described: Description) -> None:
    """Write the description whole or not at all (a new file, then renamed over the old)."""
    db.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(asdict(described), indent=2) + "\n"
    target = description_path(db)
    partial = target.with_name(target.name + ".part")
    with partial.open("w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    partial.replace(target)


def rekey_file(path: Path, old: Secret, new: Secret) -> None:
    """Re-encrypt a closed database file under `new` (a restored backup's copy); a file
    `old` does not open, or a damaged one, raises before anything changes."""
    from sqlalchemy import text

    from certdesk.store.engine import make_engine

    pragma = new.pragma()
    assert pragma is not None
    engine = make_engine(path, old)
    try:
        with engine.connect() as connection:
            verdict = connection.execute(text("PRAGMA quick_check")).scalar()
        if verdict != "ok":
            raise NotADatabaseError("quick_check")
        raw = engine.raw_connection()
        try:
            raw.cursor().execute(pragma.replace("PRAGMA key", "PRAGMA rekey", 1))
        finally:
            raw.close()
    finally:
        engine.dispose()


def _revision(conn: Any) -> str | None:
    """The schema revision Alembic recorded, read without Alembic or SQLAlchemy."""
    named = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    if conn.execute(named).fetchone() is None:
        return None
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return str(row[0]) if row else None


class Database:
    """An open database: its file, description and connections at the current schema.

    Opening reads the schema's revision on a plain connection; SQLAlchemy and
    the ORM load only when a use case first asks for the engine or a session
    (or when the schema needs its migrations). The assessor's everyday path
    (the lists, the workspace, every answer) runs on `reading` and `writing`,
    plain SQL on one connection per thread.
    """

    _engine: Engine | None = None

    def __init__(
        self,
        path: Path,
        described: Description,
        secret: Secret | None,
        audit_key: bytes | None = None,
        *,
        seal_older: bool = False,
    ) -> None:
        self.path = path
        self.described = described
        self.secret = secret
        self._hold = Hold(path)
        self._hold.take()  # before the file is touched: one CertDesk at a time
        self._local = threading.local()
        self._connections: list[Any] = []
        self._lock = threading.Lock()
        try:
            revision = _revision(self._connection())
            if revision is not None and revision not in REVISIONS:
                raise NewerSchemaError(revision)
            if revision != HEAD:
                from certdesk.store.schema import upgrade

                upgrade(self.engine)
        except BaseException:
            self.close()
            raise
        self.evidence_dir = evidence_dir(path)
        self.audit_key = audit_key
        if audit_key is not None and seal_older:
            self._seal_older_entries(audit_key)

    def _seal_older_entries(self, key: bytes) -> None:
        """Entries written before this audit key existed are sealed with it, once, when it
        is made (never later: seals an insider removed are reported, not remade)."""
        from certdesk.store import audit

        with self.writing() as sql:
            audit.seal_existing(sql, key)

    # -- connections ---------------------------------------------------------
    def _connection(self) -> Any:
        """This thread's plain connection (keyed once, kept until the database closes)."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = connect(self.path, self.secret)
            self._local.conn = conn
            with self._lock:
                self._connections.append(conn)
        return conn

    @contextmanager
    def reading(self) -> Iterator[Sql]:
        """Plain SQL in one read transaction (one snapshot of the file)."""
        with transaction(self._connection(), write=False) as sql:
            yield sql

    @contextmanager
    def writing(self) -> Iterator[Sql]:
        """Plain SQL in one write transaction: committed when the block ends, else undone."""
        with transaction(self._connection(), write=True, audit_key=self.audit_key) as sql:
            yield sql

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, made at first use."""
        if self._engine is None:
            from certdesk.store.engine import make_engine

            self._engine = make_engine(self.path, self.secret)
        return self._engine

    @engine.setter
    def engine(self, engine: Engine) -> None:
        self._engine = engine

    def _close_connections(self) -> None:
        with self._lock:
            for conn in self._connections:
                conn.close()
            self._connections.clear()
        self._local = threading.local()

    @property
    def role(self) -> str:
        return self.described.role

    def session(self) -> Session:
        """A session whose audit entries are sealed with this database's audit key."""
        from sqlmodel import Session

        session = Session(self.engine, expire_on_commit=False)
        session.info["audit_key"] = self.audit_key
        return session

    def compact(self) -> None:
        """Fold the WAL into the file, empty it and rewrite the file without free pages."""
        if self._engine is not None:
            self._engine.dispose()  # no pooled connection holds a snapshot meanwhile
        conn = self._connection()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("VACUUM")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def rekey(self, new: Secret, described: Description) -> None:
        """Encrypt the file under `new` and write `described` beside it; the engine then
        connects with `new`. The description is written to its side file first and renamed
        over the old one only once the file is rekeyed."""
        from certdesk.store.engine import make_engine

        pragma = new.pragma()
        assert pragma is not None
        self._close_connections()  # the plain ones reconnect with the new key
        self.engine.dispose()
        raw = self.engine.raw_connection()
        try:
            raw.cursor().execute(pragma.replace("PRAGMA key", "PRAGMA rekey", 1))
        finally:
            raw.close()
        self.engine.dispose()
        write_description(self.path, described)
        self.described, self.secret = described, new
        self.engine = make_engine(self.path, new)

    def export(self, target: Path, key: bytes) -> None:
        """A consistent copy of the whole database at `target`, encrypted with the raw `key`."""
        raw = self.engine.raw_connection()
        try:
            cursor = raw.cursor()
            cursor.execute("ATTACH DATABASE ? AS copy KEY ?", (str(target), f"x'{key.hex()}'"))
            try:
                cursor.execute("SELECT sqlcipher_export('copy')")
            finally:
                cursor.execute("DETACH DATABASE copy")
        finally:
            raw.close()

    def close(self) -> None:
        self._close_connections()
        if self._engine is not None:
            self._engine.dispose()
        self._hold.release()
