"""Identity (issue 10.1): the key of mailbot's Message-IDs, and acts waiting for the
owner of a booking to confirm them by reply.

The key is made here, at random, so that it is committed before the first reply is
keyed with it (a key made inside a transaction that is then rolled back would leave
sent Message-IDs nobody can check). ``trust.secret`` in the config takes precedence.

Revision ID: v0002_identity
Revises: 0001
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

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
    key = sa.table("trust_secret", sa.column("name", sa.String()),
                   sa.column("value", sa.String()), sa.column("created_at", sa.DateTime()))
    op.bulk_insert(key, [{"name": "message-id", "value": secrets.token_hex(32),
                          "created_at": datetime.now(UTC).replace(tzinfo=None)}])
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
