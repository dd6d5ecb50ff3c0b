"""What every use case needs, and the one way a use case reads or writes the store.

A use case opens one unit of work, does everything inside it and commits once
at the end; on any failure nothing of it is written. Work on files that must
follow the database (a sealed evidence file written before the commit, an old
one removed after it) is registered on the unit and runs only on the outcome
it names.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from certdesk.domain.roles import DatabaseRole
from certdesk.errors import UserError
from certdesk.login import login_name
from certdesk.services import messages
from certdesk.services.history import History
from certdesk.services.library.frameworks import Library
from certdesk.store.connect import translated_errors
from certdesk.store.database import Database
from certdesk.store.errors import StoreError
from certdesk.store.sql import Sql

if TYPE_CHECKING:
    from sqlmodel import Session


def actor() -> str:
    """Who is working: CERTDESK_USER, else the operating system's login name."""
    return login_name()


@dataclass
class Context:
    """The open database, the framework library, the user and the undo history."""

    db: Database
    library: Library = field(default_factory=Library)
    user: str = field(default_factory=actor)
    history: History = field(default_factory=History)

    @property
    def role(self) -> DatabaseRole:
        return DatabaseRole(self.db.role)

    def require_hq(self) -> None:
        """Headquarters' work (trust store, imports, certificates, portfolio) needs its database."""
        if self.role is not DatabaseRole.HQ:
            raise UserError(messages.needs_hq())

    def close(self) -> None:
        self.history.clear()
        self.db.close()


@contextmanager
def user_errors(path: Path) -> Iterator[None]:
    """Turn the store's expected failures into one-line user errors."""
    try:
        with translated_errors():
            yield
    except StoreError as exc:
        raise messages.store_error(exc, path) from None


class Unit:
    """One transaction of a use case, with the file work that follows its outcome."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._after_commit: list[Callable[[], None]] = []
        self._on_rollback: list[Callable[[], None]] = []

    def after_commit(self, action: Callable[[], None]) -> None:
        """Run `action` once the transaction committed (remove what it replaced)."""
        self._after_commit.append(action)

    def on_rollback(self, action: Callable[[], None]) -> None:
        """Run `action` if the transaction does not commit (remove what it wrote)."""
        self._on_rollback.append(action)

    def committed(self) -> None:
        _run(self._after_commit)

    @contextmanager
    def part(self) -> Iterator[Unit]:
        """A part of this transaction that fails alone (a savepoint): on an error its rows
        and its file work are undone at once and the error raised; the rest goes on. Its
        file work after the commit waits for the whole transaction."""
        part = Unit(self.session)
        nested = self.session.begin_nested()
        try:
            yield part
            nested.commit()
        except BaseException:
            if nested.is_active:
                nested.rollback()
            part.rolled_back()
            raise
        self._after_commit.extend(part._after_commit)
        self._on_rollback.extend(part._on_rollback)

    def rolled_back(self) -> None:
        _run(self._on_rollback)


def _run(actions: list[Callable[[], None]]) -> None:
    for action in actions:
        with suppress(OSError):  # file work after the fact never undoes the outcome
            action()


@contextmanager
def changing(ctx: Context) -> Iterator[Unit]:
    """A unit of work that commits when the block ends without an error."""
    with user_errors(ctx.db.path), ctx.db.session() as session:
        unit = Unit(session)
        try:
            yield unit
            session.commit()
        except BaseException:
            session.rollback()
            unit.rolled_back()
            raise
    unit.committed()


@contextmanager
def plain(ctx: Context) -> Iterator[Sql]:
    """The lean path of the assessor's desk (`store.sql`): plain SQL that only reads, in one
    transaction."""
    with user_errors(ctx.db.path), ctx.db.reading() as sql:
        yield sql


@contextmanager
def changing_sql(ctx: Context) -> Iterator[Sql]:
    """A unit of work on the lean path: plain SQL in one transaction, committed when the
    block ends without an error, else undone (its audit entries sealed as a session's)."""
    with user_errors(ctx.db.path), ctx.db.writing() as sql:
        yield sql


@contextmanager
def reading(ctx: Context) -> Iterator[Session]:
    """A session that only reads; nothing it does is committed."""
    with user_errors(ctx.db.path), ctx.db.session() as session:
        yield session
