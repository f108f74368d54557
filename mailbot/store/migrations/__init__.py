"""Alembic migration scripts of mailbot's schema, run by :mod:`mailbot.store.schema`."""
