"""Identity (issue 10.1): the key of mailbot's Message-IDs, and acts waiting for the
owner of a booking to confirm them by reply.

Revision ID: v0002_identity
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "v0002_identity"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "trust_secret",
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "pending_act",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inbox_id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=True),
        sa.Column("event_id", sa.String(), nullable=False),
        sa.Column("email", sa.String(), nullable=False),
        sa.Column("intent", sa.String(), nullable=False),
        sa.Column("request", sa.Text(), nullable=False),
        sa.Column("asked_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("done_inbox_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["done_inbox_id"], ["inbox.id"]),
        sa.ForeignKeyConstraint(["inbox_id"], ["inbox.id"]),
        sa.ForeignKeyConstraint(["registration_id"], ["registration.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_pending_act_ask", "pending_act", ["inbox_id", "email"])


def downgrade() -> None:
    op.drop_index("ix_pending_act_ask", table_name="pending_act")
    op.drop_table("pending_act")
    op.drop_table("trust_secret")
