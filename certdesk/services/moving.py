"""Moving a single-person headquarters from its encrypted file to a PostgreSQL server, for
a team: every row copied in one transaction on the server, the sealed evidence files
copied beside the new description, then checked (the same number of rows in every table,
and the audit log verifying with its seals on both sides) before the move is said done.
The file is left as it was; nothing on the server is kept when a check fails.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, MetaData, func, insert, select, text
from sqlmodel import Session, SQLModel

from certdesk.errors import UserError
from certdesk.i18n import _
from certdesk.services.changes import Written
from certdesk.services.context import Context, changing
from certdesk.services.files import stored_file_key
from certdesk.services.opening import PassphraseSource
from certdesk.services.server_db import create_server
from certdesk.store import audit
from certdesk.store.database import description_path

BATCH = 1000


@dataclass(frozen=True, kw_only=True)
class Moved(Written):
    rows: dict[str, int]
    """Each table's rows, the same on both sides."""


Adapt = Callable[[str, dict[str, Any]], dict[str, Any]]


def _wrapped_keys(server: Context) -> Adapt:
    """Evidence keys, plain in the encrypted file, wrapped with the team's key on the server."""

    def adapt(table: str, row: dict[str, Any]) -> dict[str, Any]:
        if table == "evidence" and row["file_key"] is not None:
            row["file_key"] = stored_file_key(server, row["id"], row["file_key"])
        return row

    return adapt


def _copy(source: Engine, target: Engine, tables: MetaData, adapt: Adapt) -> None:
    with source.connect() as read, target.begin() as write:
        write.execute(text("DELETE FROM meta"))  # the new database's own head, replaced
        for table in tables.sorted_tables:
            rows = read.execute(select(table)).mappings()
            batch: list[dict[str, object]] = []
            for row in rows:
                batch.append(adapt(table.name, dict(row)))
                if len(batch) >= BATCH:
                    write.execute(insert(table), batch)
                    batch = []
            if batch:
                write.execute(insert(table), batch)
        write.execute(
            text(
                "SELECT setval(pg_get_serial_sequence('audit_entry', 'id'), "
                "COALESCE((SELECT max(id) FROM audit_entry), 0) + 1, false)"
            )
        )


def _counts(engine: Engine, tables: MetaData) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            t.name: int(connection.execute(select(func.count()).select_from(t)).scalar_one())
            for t in tables.sorted_tables
        }


def _verified(engine: Engine, key: bytes) -> bool:
    with Session(engine) as session:
        return not audit.verify(session, key)[1]


def move_to_server(ctx: Context, url: str, target: Path, passphrase: PassphraseSource) -> Moved:
    """Copy the open headquarters file to a new database on the server at `url`,
    described at `target`; the file stays as it is."""
    ctx.require_hq()
    if ctx.db.described.key == "server":
        raise UserError(_("this database is on a server already"))
    key = ctx.db.audit_key
    assert key is not None
    if not _verified(ctx.db.engine, key):
        raise UserError(_("the audit log of this database does not verify: move nothing"))
    server = create_server(target, url, passphrase, audit_key=key)
    tables = SQLModel.metadata
    try:
        _copy(ctx.db.engine, server.engine, tables, _wrapped_keys(Context(server)))
        before, after = _counts(ctx.db.engine, tables), _counts(server.engine, tables)
        if before != after or not _verified(server.engine, key):
            raise UserError(_("the copy on the server does not match: nothing was moved"))
        if ctx.db.evidence_dir.is_dir():
            shutil.copytree(ctx.db.evidence_dir, server.evidence_dir)
        with changing(Context(server)) as unit:  # where it came from, in the server's log
            data = {"from": ctx.db.path.name, "rows": sum(after.values())}
            audit.append(unit.session, audit.DATABASE_CHAIN, ctx.user, "database.moved_in", data)
    except BaseException:
        server.close()
        description_path(target).unlink(missing_ok=True)
        raise
    server.close()
    with changing(ctx) as unit:
        data = {"to": target.name, "rows": sum(after.values())}
        audit.append(unit.session, audit.DATABASE_CHAIN, ctx.user, "database.move", data)
    return Moved(files=(description_path(target),), rows=after)
