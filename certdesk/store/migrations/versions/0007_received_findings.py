"""received findings: what headquarters sent a supplier, and its responses in the making

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import UTCDateTime

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "received_finding",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("assessment_id", sa.String(), nullable=False),
        sa.Column("supplier_business_id", sa.String(), nullable=False),
        sa.Column("framework_id", sa.String(), nullable=False),
        sa.Column("framework_version", sa.String(), nullable=False),
        sa.Column("item_id", sa.String(), nullable=True),
        sa.Column("severity", sa.String(), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
        sa.Column("requested_action", sa.String(), nullable=True),
        sa.Column("due_date", sa.String(), nullable=True),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.Column("action_taken", sa.String(), nullable=True),
        sa.Column("done_on", sa.String(), nullable=True),
        sa.Column("evidence_paths", sa.String(), nullable=False),
        sa.Column("sent_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("received_finding", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_received_finding_assessment_id"), ["assessment_id"])


def downgrade() -> None:
    with op.batch_alter_table("received_finding", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_received_finding_assessment_id"))
    op.drop_table("received_finding")
