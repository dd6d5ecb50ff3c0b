"""A headquarters database on a PostgreSQL server, for a team on several desks.

The description file (no secret in it) names the server; the same migrations as the
SQLite file bring the schema up to date; several CertDesk windows and commands work on
it at once, so there is no one-at-a-time lock (the audit log serialises its appends,
`store.audit.AUDIT_LOCK`). Sealed evidence files live in a folder the team shares,
beside the description unless it names another. The file-only operations (a new
passphrase, a backup copy, compaction of the file) are not for a server database.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine

from certdesk.store.database import Database, Description, evidence_dir
from certdesk.store.engine import Secret, make_server_engine
from certdesk.store.errors import StoreError
from certdesk.store.schema import upgrade
from certdesk.store.sql import Sql, of_session


class ServerOnlyError(StoreError):
    """A file operation asked of a database on a server."""


def password_free(url: str) -> str:
    """`url` without a password: a description file never holds one."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.password is not None:
        raise ValueError("a password in the server URL")
    return parsed.render_as_string(hide_password=False)


class ServerDatabase(Database):
    def __init__(
        self,
        path: Path,
        described: Description,
        audit_key: bytes | None = None,
        *,
        seal_older: bool = False,
    ) -> None:
        assert described.server is not None
        self.path, self.described, self.secret = path, described, None
        self.engine: Engine = make_server_engine(described.server)
        try:
            upgrade(self.engine)
        except BaseException:
            self.engine.dispose()
            raise
        self.person, self.team_roles = self._who()
        self.evidence_dir = evidence_dir(path)
        self.audit_key = audit_key
        if audit_key is not None and seal_older:
            self._seal_older_entries(audit_key)

    def _who(self) -> tuple[str, frozenset[str]]:
        """The PostgreSQL role this desk connects as, and the team roles it holds (all of
        them for the database's owner or a superuser: who set the team up)."""
        from sqlalchemy import text

        from certdesk.store.migrations.server_rights import ROLES

        with self.engine.connect() as connection:
            me, boss = connection.execute(
                text(
                    "SELECT current_user, (SELECT rolsuper FROM pg_roles "
                    "WHERE rolname = current_user) OR pg_get_userbyid(d.datdba) = current_user "
                    "FROM pg_database d WHERE d.datname = current_database()"
                )
            ).one()
            held = frozenset(
                role
                for role in ROLES
                if connection.execute(
                    text("SELECT pg_has_role(current_user, :r, 'member')"), {"r": role}
                ).scalar()
            )
        return str(me), frozenset(ROLES) if boss else held

    def compact(self) -> None:
        """The server reclaims space itself (autovacuum)."""

    def rekey(self, new: Secret, described: Description) -> None:
        raise ServerOnlyError("rekey")

    def export(self, target: Path, key: bytes) -> None:
        raise ServerOnlyError("export")

    @contextmanager
    def reading(self) -> Iterator[Sql]:
        with self.session() as session:
            yield of_session(session)

    @contextmanager
    def writing(self) -> Iterator[Sql]:
        with self.session() as session:
            yield of_session(session)
            session.commit()

    def close(self) -> None:
        self.engine.dispose()
