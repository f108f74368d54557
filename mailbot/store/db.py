"""Engine and unit of work.

SQLite: WAL mode and every write transaction starts with ``BEGIN IMMEDIATE``: a
transaction that reads and then writes would otherwise fail at once with SQLITE_BUSY, and
check-then-insert would overbook. Storing an incoming mail is a *durable* unit
(``synchronous=FULL``: it survives a power cut, and only then is the mail acknowledged
upstream); the others use ``NORMAL``, which in WAL mode survives any crash of the process
and at worst repeats the last decisions after a power cut (same result, as booking is
deterministic in arrival order) or one reply.

Errors never carry the values of a statement (``hide_parameters``): they are logged and
stored as a held mail's reason, and the values are addresses, names and mail text. The
log filter in :mod:`mailbot.privacy.logs` removes what a driver's own message repeats
(PostgreSQL's ``DETAIL:`` lines).

The schema itself is :mod:`mailbot.store.schema`'s business (Alembic migrations).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, create_engine, text

from mailbot.store import tables  # noqa: F401 - registers the tables

# PostgreSQL advisory lock held by every unit of work and by a migration: one writer.
WRITER_LOCK = 4242


def sqlite_file(url: str) -> Path | None:
    """The SQLite database file a URL names, if it names one."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database \
            or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def _wal(cur: Any) -> None:
    """Switch to WAL mode. Several processes opening a new database file at once: the
    switch can answer "database is locked" at once, without waiting for the busy timeout
    (seen with four processes starting on an empty file), so it is retried here."""
    deadline = time.monotonic() + 30
    while True:
        try:
            cur.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, hide_parameters=True)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30},
                           hide_parameters=True)

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA busy_timeout=30000")
        _wal(cur)
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        durable = conn.get_execution_options().get("mailbot_durable", False)
        conn.exec_driver_sql(f"PRAGMA synchronous={'FULL' if durable else 'NORMAL'}")
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


class Database:
    """The one place that knows the engine; hands out units of work."""

    def __init__(self, url: str):
        self.url = url
        self.engine = make_engine(url)
        self._durable = self.engine.execution_options(mailbot_durable=True)

    @property
    def file(self) -> Path | None:
        """The SQLite database file, if this is one."""
        return sqlite_file(self.url)

    def prepare(self) -> None:
        """Ready for writing: the schema is created on an empty database; an old one is
        refused with :class:`~mailbot.store.SchemaError` (run `mailbot migrate`), and this
        database closed, as nothing else will use it."""
        from mailbot.store import schema

        try:
            schema.prepare(self)
        except BaseException:
            self.dispose()
            raise

    def create(self) -> None:
        """The schema at head, whatever the database holds (tests and tools)."""
        from mailbot.store import schema

        schema.upgrade(self)

    @contextmanager
    def unit(self, durable: bool = False) -> Iterator[Session]:
        """One transaction: committed on success, rolled back on any exception.

        ``durable``: the commit reaches the disk before this returns (incoming mail).
        """
        with Session(self._durable if durable else self.engine,
                     expire_on_commit=False) as session:
            if self.engine.dialect.name == "postgresql":
                # One writer at a time, as with SQLite's BEGIN IMMEDIATE: bookings read
                # the seats and then write, which must not interleave.
                session.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                                {"key": WRITER_LOCK})
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def dispose(self) -> None:
        self.engine.dispose()
