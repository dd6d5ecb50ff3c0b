"""Plain SQL on either backend, the same way: the lean path of the assessor's desk.

The window's first screens and every answer go through `Sql` instead of the
ORM: a statement written once with `?` placeholders runs on SQLite's own
connection (no SQLAlchemy imported) or inside a session's transaction on
either backend (`of_session`), so a use case that holds a session shares the
same statements and sees what they wrote.

Times are kept as SQLAlchemy keeps them, so rows written here and by the ORM
read alike: on SQLite as text without the offset (the ORM drops it), on
PostgreSQL as the driver's timestamps.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlmodel import Session

Row = tuple[Any, ...]


def _sqlite_value(value: object) -> object:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    return value


class Sql:
    """Statements on one connection; `?` placeholders, positional parameters."""

    def __init__(
        self,
        conn: Any,
        dialect: str = "sqlite",
        session: Session | None = None,
        audit_key: bytes | None = None,
    ) -> None:
        self._conn, self.dialect, self._session = conn, dialect, session
        self.audit_key = audit_key
        """What seals the audit entries written here (`store.audit`): the database's key."""

    def rows(self, statement: str, params: Sequence[object] = ()) -> list[Row]:
        return [tuple(r) for r in self._execute(statement, params).fetchall()]

    def first(self, statement: str, params: Sequence[object] = ()) -> Row | None:
        row = self._execute(statement, params).fetchone()
        return None if row is None else tuple(row)

    def run(self, statement: str, params: Sequence[object] = ()) -> int:
        """A statement that writes; returns how many rows it changed."""
        return int(self._execute(statement, params).rowcount)

    def _execute(self, statement: str, params: Sequence[object]) -> Any:
        if self._session is not None:
            connection = self._session.connection()
            if self.dialect == "postgresql":
                statement = statement.replace("%", "%%").replace("?", "%s")
            else:
                params = [_sqlite_value(p) for p in params]
            return connection.exec_driver_sql(statement, tuple(params))
        return self._conn.execute(statement, [_sqlite_value(p) for p in params])


def of_session(session: Session) -> Sql:
    """The statements of `session`'s transaction (pending ORM rows flushed first)."""
    session.flush()
    return Sql(None, session.get_bind().dialect.name, session, session.info.get("audit_key"))


@contextmanager
def transaction(conn: Any, write: bool, audit_key: bytes | None = None) -> Iterator[Sql]:
    """One transaction on a SQLite connection in autocommit: a writer takes the lock at the
    start (BEGIN IMMEDIATE), so two writers never deadlock mid-way."""
    conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
    try:
        yield Sql(conn, audit_key=audit_key)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:  # SQLite ends it itself on some errors (a full disk)
            conn.execute("ROLLBACK")
        raise


def as_datetime(value: object) -> datetime | None:
    """A time column's value as read on either backend."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def as_date(value: object) -> date | None:
    found = as_datetime(value)
    return None if found is None else found.date()
