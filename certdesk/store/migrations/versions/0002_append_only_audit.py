"""The audit log becomes append-only; answers get an index by assessment and party.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for verb in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER audit_entry_no_{verb.lower()} BEFORE {verb} ON audit_entry "
            "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
        )
    op.create_index("ix_answer_assessment_party", "answer", ["assessment_id", "party"])


def downgrade() -> None:
    op.drop_index("ix_answer_assessment_party", "answer")
    for verb in ("update", "delete"):
        op.execute(f"DROP TRIGGER audit_entry_no_{verb}")
