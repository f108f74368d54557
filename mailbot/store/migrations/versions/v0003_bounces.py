"""Bounces: the addresses a hard bounce showed undeliverable (issue 10, point 5).

Revision ID: v0003_bounces
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "v0003_bounces"
down_revision = "v0002_identity"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "undeliverable",
        sa.Column("address", sa.String(), nullable=False),
        sa.Column("since", sa.DateTime(), nullable=False),
        sa.Column("inbox_id", sa.Integer(), nullable=True),
        sa.Column("message_id", sa.String(), nullable=True),
        sa.Column("status", sa.String(), nullable=True),
        sa.Column("detail", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(["inbox_id"], ["inbox.id"]),
        sa.PrimaryKeyConstraint("address"),
    )


def downgrade() -> None:
    op.drop_table("undeliverable")
