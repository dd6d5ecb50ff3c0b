"""A CertDesk database file, the description beside it, and its sessions.

Beside `NAME.db` lies `NAME.db.certdesk.json`: the database's UUID, its role
and whether its key is in the keyring or comes from a passphrase. It holds no
secret. Evidence files live sealed in `NAME.db.evidence/`.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session

from certdesk.store import audit
from certdesk.store.engine import Secret, make_engine
from certdesk.store.errors import NotADatabaseError
from certdesk.store.in_use import Hold
from certdesk.store.schema import upgrade
from certdesk.store.tables import Meta

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


class Database:
    """An open database: its file, description and engine at the current schema."""

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
        try:
            self.engine: Engine = make_engine(path, secret)
            upgrade(self.engine)
        except BaseException:
            self._hold.release()
            raise
        self.evidence_dir = evidence_dir(path)
        self.audit_key = audit_key
        if audit_key is not None and seal_older:
            self._seal_older_entries(audit_key)

    def _seal_older_entries(self, key: bytes) -> None:
        """Entries written before this audit key existed are sealed with it, once, when it
        is made (never later: seals an insider removed are reported, not remade)."""
        with self.session() as session:
            if session.get(Meta, audit.HEAD) is None:
                audit.seal_existing(session, key)
                session.commit()

    @property
    def role(self) -> str:
        return self.described.role

    def session(self) -> Session:
        """A session whose audit entries are sealed with this database's audit key."""
        session = Session(self.engine, expire_on_commit=False)
        session.info["audit_key"] = self.audit_key
        return session

    def compact(self) -> None:
        """Fold the WAL into the file, empty it and rewrite the file without free pages."""
        raw = self.engine.raw_connection()
        try:
            cursor = raw.cursor()
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            cursor.execute("VACUUM")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            raw.close()

    def rekey(self, new: Secret, described: Description) -> None:
        """Encrypt the file under `new` and write `described` beside it; the engine then
        connects with `new`. The description is written to its side file first and renamed
        over the old one only once the file is rekeyed."""
        pragma = new.pragma()
        assert pragma is not None
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
        self.engine.dispose()
        self._hold.release()
