"""What can go wrong opening or writing the store, as types the services word."""

from __future__ import annotations


class StoreError(Exception):
    """Base of the store's expected failures."""


class WrongKeyError(StoreError):
    """The key or passphrase does not open this database."""


class LockedError(StoreError):
    """Another process holds the database."""


class DiskFullError(StoreError):
    """The disk (or the database's size limit) is full."""


class NewerSchemaError(StoreError):
    """The database was written by a newer CertDesk."""

    def __init__(self, revision: str) -> None:
        super().__init__(revision)
        self.revision = revision


class NotADatabaseError(StoreError):
    """The file is not a CertDesk database."""


class NotAllowedError(StoreError):
    """The server refused the change: this person's role may not make it."""

    def __init__(self, table: str) -> None:
        super().__init__(table)
        self.table = table


TRANSIENT_STATES = frozenset({"40P01", "40001"})
"""PostgreSQL's deadlock and serialization failure: the transaction is undone whole and
may simply run again."""


def transient(exc: BaseException) -> bool:
    """Whether `exc` undid a whole transaction that may run again as it was."""
    return getattr(getattr(exc, "orig", None), "sqlstate", None) in TRANSIENT_STATES
