"""Storage: SQLModel tables, the unit of work, the schema and its migrations."""


class SchemaError(Exception):
    """The database's schema does not fit this mailbot; the message says what to do.

    Here rather than in :mod:`mailbot.store.schema` so that the command line can catch it
    without loading SQLAlchemy and Alembic for every command.
    """
