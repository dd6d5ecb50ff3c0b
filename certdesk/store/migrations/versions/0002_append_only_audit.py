"""The audit log becomes append-only; answers get an index by assessment and party.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from __future__ import annotations

from alembic import op

from certdesk.store.migrations.append_only import allow_changes, forbid_changes

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    forbid_changes("audit_entry")
    op.create_index("ix_answer_assessment_party", "answer", ["assessment_id", "party"])


def downgrade() -> None:
    op.drop_index("ix_answer_assessment_party", "answer")
    allow_changes("audit_entry")
