"""Alembic environment: runs on the connection CertDesk hands it, online only."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

from certdesk.store import tables  # noqa: F401  (registers every table)

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,
)
with context.begin_transaction():
    context.run_migrations()
