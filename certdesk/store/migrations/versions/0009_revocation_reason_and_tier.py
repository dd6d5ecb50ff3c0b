"""why a trusted key was revoked; a supplier's tier (how critical it is to the buyer)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("trusted_key", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revoked_reason", sa.String(), nullable=True))
    with op.batch_alter_table("supplier", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tier", sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("supplier", schema=None) as batch_op:
        batch_op.drop_column("tier")
    with op.batch_alter_table("trusted_key", schema=None) as batch_op:
        batch_op.drop_column("revoked_reason")
