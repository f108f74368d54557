"""Alembic's environment: run the migrations on the connection mailbot hands over.

mailbot configures Alembic in code (:func:`mailbot.store.schema.alembic_config`) and
passes an open connection inside its own locked transaction, so there is no alembic.ini
and no URL here.
"""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

from mailbot.store import tables  # noqa: F401 - registers the tables for autogenerate

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("mailbot's migrations run through `mailbot migrate` "
                       "(mailbot.store.schema), which passes the connection")

context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    # SQLite cannot ALTER most of a table: later migrations copy and move it instead
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():  # a no-op: the caller's transaction is already open
    context.run_migrations()
