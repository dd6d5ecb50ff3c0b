"""supplier register and archive: a supplier's phone and production processes, and an
archive mark on suppliers and assessments (kept, only out of the everyday lists)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import UTCDateTime

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("supplier", schema=None) as batch_op:
        batch_op.add_column(sa.Column("contact_phone", sa.String(), nullable=True))
        batch_op.add_column(
            sa.Column("processes_json", sa.String(), nullable=False, server_default="[]")
        )
        batch_op.add_column(sa.Column("archived_at", UTCDateTime(), nullable=True))
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("archived_at", UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.drop_column("archived_at")
    with op.batch_alter_table("supplier", schema=None) as batch_op:
        batch_op.drop_column("archived_at")
        batch_op.drop_column("processes_json")
        batch_op.drop_column("contact_phone")
