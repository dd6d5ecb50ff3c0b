"""people and rights at headquarters on PostgreSQL: importer, reviewer, certifier, auditor

Each person working on a server database is a PostgreSQL login role that is a member of
one of these four group roles; the grants below say what each may change. On SQLite (one
person, one file) there is nothing to do. A later migration that adds a table calls
`server_rights.grant_roles()` again.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07
"""

from __future__ import annotations

from alembic import op

from certdesk.store.migrations.server_rights import drop_grants, grant_roles

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        grant_roles()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        drop_grants()
