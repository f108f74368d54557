"""One sender per database: the send lock, and the receipts its holder keeps.

The lock. SQLite: an flock on ``<file>-sender.lock`` beside the database file. PostgreSQL:
a session advisory lock on a connection the holder keeps open. Either is dropped by the
kernel or the server when the holder dies, however it dies, so there is nothing to expire
and nothing to sweep. A database in memory belongs to one process anyway.

The receipts. The sending thread records each mail right after the server accepted it,
before the main thread marks it sent with the others of its batch; a crash in between
leaves the receipt, and recovery marks that row sent instead of sending it again. SQLite:
one row id a line appended to ``<file>-sent`` (the main thread holds the writer lock most
of the time; an append never waits for it). PostgreSQL, or when that file cannot be used:
the row itself is marked sent at once, in a transaction of its own.
"""

from __future__ import annotations

import fcntl
import logging
import os
from pathlib import Path
from typing import Protocol

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from mailbot.replies.outbox import Outbox
from mailbot.store.db import Database

log = logging.getLogger(__name__)

SEND_LOCK_KEY = 4243  # PostgreSQL: apart from the writers' transaction lock (store/db.py)
FSYNC_EVERY = 16  # receipts reach the disk in groups: a power cut repeats at most these


class SendLock(Protocol):
    def acquire(self) -> bool:
        """Take the lock if it is free (never waits); True while this process holds it."""

    def release(self) -> None: ...


class Receipts(Protocol):
    def add(self, row_id: int) -> None:
        """The server accepted the mail of ``row_id`` (called by the sending thread)."""

    def settle(self, db: Database) -> int:
        """Mark sent every row with a receipt, then forget the receipts; only while no
        sending thread runs. Returns how many rows changed."""

    def close(self) -> None: ...


class FileLock:
    """An flock on a file beside the SQLite database."""

    def __init__(self, path: Path):
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> bool:
        if self._fd is not None:
            return True
        fd = os.open(self.path, os.O_CREAT | os.O_RDWR, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # the file stays: removing it would race with a new holder
            self._fd = None


class AdvisoryLock:
    """A PostgreSQL session advisory lock, held by a connection kept for the purpose."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._conn: Connection | None = None

    def acquire(self) -> bool:
        if self._conn is not None:
            try:  # is our session (and so our lock) still there?
                self._conn.execute(text("SELECT 1"))
                self._conn.commit()
                return True
            except SQLAlchemyError:
                log.error("the connection holding the send lock was lost; taking it again")
                self.release()
        conn = self.engine.connect()
        try:
            got = conn.execute(text("SELECT pg_try_advisory_lock(:key)"),
                               {"key": SEND_LOCK_KEY}).scalar()
            conn.commit()  # not idle in a transaction for as long as we hold the lock
        except BaseException:
            conn.close()
            raise
        if not got:
            conn.close()
            return False
        self._conn = conn
        return True

    def release(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()  # ends the session: the server drops the lock
            except SQLAlchemyError:
                pass
            self._conn = None


class NoLock:
    """A database in memory: no other process can use it."""

    def acquire(self) -> bool:
        return True

    def release(self) -> None:
        pass


class FileReceipts:
    """Row ids, one a line, appended to a file beside the SQLite database."""

    def __init__(self, path: Path):
        self.path = path
        self._fd = os.open(path, os.O_CREAT | os.O_RDWR | os.O_APPEND, 0o644)
        self._unsynced = 0

    def add(self, row_id: int) -> None:
        os.write(self._fd, b"%d\n" % row_id)  # kept by the kernel if the process is killed
        self._unsynced += 1
        if self._unsynced >= FSYNC_EVERY:
            os.fsync(self._fd)
            self._unsynced = 0

    def read(self) -> set[int]:
        """Only complete lines count: a last line without its newline may be cut short."""
        lines = self.path.read_bytes().split(b"\n")[:-1]
        return {int(line) for line in lines if line.strip().isdigit()}

    def settle(self, db: Database) -> int:
        ids = self.read()
        changed = 0
        if ids:
            with db.unit() as session:
                changed = Outbox.mark_sent(session, ids)
        os.ftruncate(self._fd, 0)  # only now: the marks are committed
        os.fsync(self._fd)
        self._unsynced = 0
        return changed

    def close(self) -> None:
        os.close(self._fd)


class RowReceipts:
    """Mark the row itself sent, in a transaction of its own (PostgreSQL: row locks, so it
    never waits for the processing side's transaction)."""

    def __init__(self, db: Database):
        self.db = db

    def add(self, row_id: int) -> None:
        with Session(self.db.engine) as session:
            Outbox.mark_sent(session, [row_id])
            session.commit()

    def settle(self, db: Database) -> int:
        return 0

    def close(self) -> None:
        pass


class NoReceipts:
    """A database in memory: nothing of it survives a crash, receipts neither."""

    def add(self, row_id: int) -> None:
        pass

    def settle(self, db: Database) -> int:
        return 0

    def close(self) -> None:
        pass


def send_lock(db: Database) -> SendLock:
    """The send lock of ``db``: one per database, whoever opens it."""
    if db.engine.dialect.name == "postgresql":
        return AdvisoryLock(db.engine)
    path = db.file
    if path is None:
        return NoLock()
    path = path.resolve()
    return FileLock(path.with_name(path.name + "-sender.lock"))


def receipts(db: Database) -> Receipts:
    """Where the holder of the send lock keeps its receipts (see the module docstring)."""
    if db.engine.dialect.name == "postgresql":
        return RowReceipts(db)
    path = db.file
    if path is None:
        return NoReceipts()
    path = path.resolve()
    try:
        return FileReceipts(path.with_name(path.name + "-sent"))
    except OSError as exc:
        log.error("cannot keep receipts in %s (%s): each reply is marked sent in the database "
                  "as it goes, which is slower", path.with_name(path.name + "-sent"), exc)
        return RowReceipts(db)
