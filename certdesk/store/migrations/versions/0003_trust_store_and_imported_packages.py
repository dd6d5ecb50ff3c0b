"""trust store and imported packages

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "imported_package",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("sha256", sa.String(), nullable=False),
        sa.Column("assessment_id", sa.String(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("signer_fingerprint", sa.String(), nullable=False),
        sa.Column("claimed_total", sa.String(), nullable=False),
        sa.Column("recomputed_total", sa.String(), nullable=False),
        sa.Column("audit_chain", sa.String(), nullable=False),
        sa.Column("imported_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("imported_package", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_imported_package_assessment_id"), ["assessment_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_imported_package_sha256"), ["sha256"], unique=True)

    op.create_table(
        "trusted_key",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("fingerprint", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("supplier_business_id", sa.String(), nullable=True),
        sa.Column("signing_public", sa.String(), nullable=False),
        sa.Column("encryption_public", sa.String(), nullable=True),
        sa.Column("added_at", UTCDateTime(), nullable=False),
        sa.Column("revoked_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("trusted_key", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_trusted_key_fingerprint"), ["fingerprint"], unique=True
        )


def downgrade() -> None:
    with op.batch_alter_table("trusted_key", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_trusted_key_fingerprint"))

    op.drop_table("trusted_key")
    with op.batch_alter_table("imported_package", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_imported_package_sha256"))
        batch_op.drop_index(batch_op.f("ix_imported_package_assessment_id"))

    op.drop_table("imported_package")
