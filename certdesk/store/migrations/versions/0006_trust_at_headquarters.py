"""trust at headquarters: kits issued, evidence of responses apart, certificates
re-examined, the audit log sealed with a key apart from the database key

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import UTCDateTime

from certdesk.store.migrations.append_only import allow_changes, forbid_changes

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kit_id", sa.String(), nullable=True))
        batch_op.create_index(batch_op.f("ix_assessment_kit_id"), ["kit_id"], unique=False)
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.add_column(sa.Column("response_id", sa.String(), nullable=True))
        batch_op.create_index(batch_op.f("ix_evidence_response_id"), ["response_id"])
    with op.batch_alter_table("certificate", schema=None) as batch_op:
        batch_op.add_column(sa.Column("superseded_at", UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("signer_revoked_at", UTCDateTime(), nullable=True))
    op.create_table(
        "issued_kit",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("supplier_id", sa.String(), nullable=False),
        sa.Column("framework_id", sa.String(), nullable=False),
        sa.Column("framework_version", sa.String(), nullable=False),
        sa.Column("framework_hash", sa.String(), nullable=False),
        sa.Column("mode", sa.String(), nullable=False),
        sa.Column("site", sa.String(), nullable=True),
        sa.Column("profile", sa.String(), nullable=True),
        sa.Column("scope_json", sa.String(), nullable=False),
        sa.Column("due_date", sa.String(), nullable=True),
        sa.Column("recipient_fingerprint", sa.String(), nullable=True),
        sa.Column("issued_by", sa.String(), nullable=False),
        sa.Column("issued_at", UTCDateTime(), nullable=False),
        sa.Column("assessment_id", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(["supplier_id"], ["supplier.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("issued_kit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_issued_kit_supplier_id"), ["supplier_id"])
        batch_op.create_index(batch_op.f("ix_issued_kit_assessment_id"), ["assessment_id"])
    op.create_table(
        "audit_seal",
        sa.Column("gseq", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("mac", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("gseq"),
        sa.UniqueConstraint("entry_id"),
    )
    forbid_changes("audit_seal")


def downgrade() -> None:
    allow_changes("audit_seal")
    op.drop_table("audit_seal")
    op.drop_table("issued_kit")
    with op.batch_alter_table("certificate", schema=None) as batch_op:
        batch_op.drop_column("signer_revoked_at")
        batch_op.drop_column("superseded_at")
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evidence_response_id"))
        batch_op.drop_column("response_id")
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_kit_id"))
        batch_op.drop_column("kit_id")
