"""The schema state of a database and its migration to head (Alembic, scripts in migrations/).

States: *empty* (no mailbot tables: a new installation), *current* (at head), *old*
(mailbot's tables without ``alembic_version``: written before migrations existed, i.e. the
baseline), *behind* (an older revision) and *unknown* (a revision this mailbot does not
know, or tables it does not recognise). Only :func:`upgrade` (``mailbot migrate``) changes
an existing schema; the daemon creates one on an empty database and refuses the others.

Two processes upgrading at once are serialised: on SQLite by ``BEGIN IMMEDIATE`` (the
file's write lock), on PostgreSQL by the writers' advisory lock of :mod:`mailbot.store.db`;
the second one then finds the schema current.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect, text
from sqlalchemy.engine import make_url

from mailbot.store import SchemaError
from mailbot.store.db import WRITER_LOCK, Database, sqlite_file

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BASELINE = "0001"
# The tables and columns of mailbot before migrations (main at 5935bf0): frozen, as the
# baseline revision is. A database with exactly these and no alembic_version is "old".
BASELINE_TABLES: dict[str, frozenset[str]] = {
    "inbox": frozenset({
        "id", "source_key", "source", "mailbox", "uidvalidity", "uid", "arrived_at",
        "stored_at", "size", "truncated", "raw", "message_id", "sender", "subject", "state",
        "outcome", "reason", "understood", "processed_at"}),
    "registration": frozenset({
        "id", "event_id", "email", "contact_name", "name", "organisation", "attendees",
        "seats", "status", "reason", "language", "inbox_id", "arrived_at", "updated_at"}),
    "place": frozenset({
        "id", "registration_id", "event_id", "unit", "seats", "status", "arrived_at", "seq"}),
    "outgoing": frozenset({
        "id", "message_id", "inbox_id", "registration_id", "kind", "recipient", "raw",
        "state", "claimed_by", "claimed_at", "attempts", "next_attempt_at", "last_error",
        "created_at", "sent_at"}),
    "cursor": frozenset({"key", "uid"}),
}


class State(StrEnum):
    EMPTY = "empty"
    CURRENT = "current"
    OLD = "old"
    BEHIND = "behind"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Status:
    state: State
    revision: str | None  # what alembic_version says (None: empty or old)
    head: str
    detail: str = ""  # for UNKNOWN: what is wrong


@dataclass(frozen=True)
class Upgrade:
    """What :func:`upgrade` did: from which state and revision to ``after``."""

    before: Status
    after: str

    @property
    def changed(self) -> bool:
        return self.before.state is not State.CURRENT


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic configured in code: the scripts ship inside the package, no alembic.ini."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("file_template", "v%%(rev)s_%%(slug)s")
    cfg.attributes["connection"] = connection
    return cfg


def head() -> str:
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    assert len(heads) == 1, f"the migrations must have one head, not {heads}"
    return heads[0]


def state(db: Database) -> Status:
    """The schema state, read without changing anything."""
    with db.engine.connect() as conn:
        try:
            return _inspect(conn, head())
        finally:
            conn.rollback()


def reader(url: str) -> Database | None:
    """The database for a read-only command, or None when nothing is stored there yet (no
    file, or no tables). Creates no file and no table; a schema that is not current is
    refused, as the queries are written for head."""
    file = sqlite_file(url)
    if file is not None and not file.is_file():
        return None
    db = Database(url)
    try:
        status = state(db)
    except BaseException:
        db.dispose()
        raise
    if status.state is State.CURRENT:
        return db
    db.dispose()
    if status.state is State.EMPTY:
        return None
    raise SchemaError(problem(db, status))


def prepare(db: Database) -> None:
    """For the daemon and the writing commands: create the schema on an empty database
    (a first start), accept a current one, refuse the others with what to do."""
    status = state(db)
    if status.state is State.EMPTY:
        upgrade(db)
    elif status.state is not State.CURRENT:
        raise SchemaError(problem(db, status))


def upgrade(db: Database) -> Upgrade:
    """Bring the schema to head (``mailbot migrate``); a no-op when it is current."""
    with db.engine.connect() as conn, _exclusive(conn):
        before = _inspect(conn, head())
        if before.state is State.UNKNOWN:
            raise SchemaError(problem(db, before))
        if before.state is not State.CURRENT:
            cfg = alembic_config(conn)
            if before.state is State.OLD:
                command.stamp(cfg, BASELINE)  # the tables were checked in _inspect
            command.upgrade(cfg, "head")
        return Upgrade(before, before.head)


def problem(db: Database, status: Status) -> str:
    """One line for a user: what is wrong with the schema and what to do about it."""
    where = describe(db.url)
    if status.state is State.OLD:
        return (f"the database {where} was written by an older mailbot (before schema "
                "migrations): run `mailbot migrate` first")
    if status.state is State.BEHIND:
        return (f"the database {where} has schema revision {status.revision}, this mailbot "
                f"needs {status.head}: run `mailbot migrate` first")
    return f"the database {where} does not fit this mailbot: {status.detail}"


def describe(url: str) -> str:
    """The URL as a user may see it: without the password."""
    return make_url(url).render_as_string(hide_password=True)


def _inspect(conn: Connection, target: str) -> Status:
    names = set(inspect(conn).get_table_names())
    if "alembic_version" in names:
        found = MigrationContext.configure(conn).get_current_heads()
        if found == (target,):
            return Status(State.CURRENT, target, target)
        revision = ",".join(found) or None
        script = ScriptDirectory.from_config(alembic_config())
        known = {r.revision for r in script.walk_revisions()}
        if len(found) == 1 and found[0] in known:
            return Status(State.BEHIND, revision, target)
        return Status(State.UNKNOWN, revision, target,
                      f"schema revision {revision} is unknown to this mailbot (written by a "
                      "newer version?): install that version or a newer one")
    ours = names & BASELINE_TABLES.keys()
    if not ours:
        return Status(State.EMPTY, None, target)
    missing = sorted(BASELINE_TABLES.keys() - ours)
    if missing:
        return Status(State.UNKNOWN, None, target,
                      f"tables {', '.join(missing)} are missing; check `database:` in the "
                      "configuration")
    for table, columns in BASELINE_TABLES.items():
        have = {c["name"] for c in inspect(conn).get_columns(table)}
        if have != columns:
            odd = sorted(have ^ columns)
            return Status(State.UNKNOWN, None, target,
                          f"table {table} has unexpected or missing columns ({', '.join(odd)})")
    return Status(State.OLD, None, target)


@contextmanager
def _exclusive(conn: Connection) -> Iterator[None]:
    """One transaction that no other writer interleaves with, committed at the end."""
    if conn.dialect.name != "sqlite":
        with conn.begin():
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITER_LOCK})
            yield
        return
    # SQLite's ALTER TABLE is a copy and a rename (batch mode); with foreign keys on,
    # dropping the old copy would cascade. The pragma only works outside a transaction;
    # the keys are checked before the commit instead (https://sqlite.org/lang_altertable.html).
    raw = conn.connection.driver_connection
    assert raw is not None
    raw.execute("PRAGMA foreign_keys=OFF")
    try:
        with conn.begin():  # BEGIN IMMEDIATE (see mailbot.store.db): the write lock
            yield
            broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise SchemaError(f"the migration broke foreign keys: {broken[:5]}")
    finally:
        raw.execute("PRAGMA foreign_keys=ON")
