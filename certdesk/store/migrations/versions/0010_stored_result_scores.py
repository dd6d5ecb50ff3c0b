"""result scores stored at import: the portfolio and the trends read rows, never rescore

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import UTCDateTime

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "result_score",
        sa.Column("assessment_id", sa.String(), nullable=False),
        sa.Column("supplier_id", sa.String(), nullable=False),
        sa.Column("site", sa.String(), nullable=True),
        sa.Column("framework_id", sa.String(), nullable=False),
        sa.Column("framework_version", sa.String(), nullable=False),
        sa.Column("mode", sa.String(), nullable=False),
        sa.Column("cycle", sa.String(), nullable=True),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("total", sa.String(), nullable=False),
        sa.Column("outcome", sa.String(), nullable=False),
        sa.Column("areas_json", sa.String(), nullable=False),
        sa.Column("answered", sa.Integer(), nullable=False),
        sa.Column("applicable", sa.Integer(), nullable=False),
        sa.Column("scored_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("assessment_id"),
    )
    with op.batch_alter_table("result_score", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_result_score_supplier_id"), ["supplier_id"])


def downgrade() -> None:
    with op.batch_alter_table("result_score", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_result_score_supplier_id"))
    op.drop_table("result_score")
