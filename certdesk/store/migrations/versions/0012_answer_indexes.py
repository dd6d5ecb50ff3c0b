"""answers keep one index: the unique (assessment, item, party) serves every lookup

The answer table had two more indexes on the assessment (alone, and with the party);
each is a prefix of the unique one, so every query used that one anyway, while each
answer written updated three. A headquarters importing 10,000 results writes three
million answers.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07
"""

from __future__ import annotations

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("answer", schema=None) as batch_op:
        batch_op.drop_index("ix_answer_assessment_party")
        batch_op.drop_index(batch_op.f("ix_answer_assessment_id"))


def downgrade() -> None:
    with op.batch_alter_table("answer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_answer_assessment_id"), ["assessment_id"])
        batch_op.create_index("ix_answer_assessment_party", ["assessment_id", "party"])
