"""Schema migrations: a database written by mailbot before migrations (main at 5935bf0)
upgrades without losing a row, the daemon refuses it until then, read-only commands create
nothing, and the migrations build exactly the schema of mailbot/store/tables.py."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import MetaData, create_engine, inspect, select, text
from sqlmodel import SQLModel

from mailbot.cli import main
from mailbot.store import schema
from mailbot.store.db import Database
from tests.support import ROOT, mail, mailbot

DATA = ROOT / "tests" / "data" / "migrations"
TABLES = ("inbox", "registration", "place", "outgoing", "cursor")  # in foreign-key order
COUNTS = {"inbox": 5, "registration": 3, "place": 5, "outgoing": 5, "cursor": 1}
NEW_MAIL = mail("dora@stadt.example", "Ich melde mich zur Innovators Lounge in Norderstedt an.",
                name="Dora Dahl")


def old_config(tmp: Path, database: str | None = None) -> Path:
    """The configuration the fixture database was written with, in ``tmp``."""
    text_ = (DATA / "main-5935bf0.yaml").read_text().replace("TMP", str(tmp))
    cfg = tmp / "mailbot.yaml"
    cfg.write_text(text_ if database is None else
                   text_.replace(f"sqlite:///{tmp}/mailbot.db", database))
    return cfg


def old_sqlite(tmp: Path) -> str:
    """A SQLite database as main at 5935bf0 wrote it (its dump, loaded unchanged)."""
    db = sqlite3.connect(tmp / "mailbot.db")
    db.executescript((DATA / "main-5935bf0.sql").read_text())
    db.close()
    return f"sqlite:///{tmp / 'mailbot.db'}"


def old_postgres(url: str, rows: dict[str, list[tuple[Any, ...]]]) -> None:
    """A PostgreSQL database as main at 5935bf0 wrote it: its DDL, then the rows."""
    engine = create_engine(url)
    with engine.begin() as conn:
        for statement in (DATA / "main-5935bf0-postgresql.sql").read_text().split(";"):
            if statement.strip().replace("--", "").strip() and "CREATE" in statement:
                conn.exec_driver_sql(statement)
        meta = MetaData()
        meta.reflect(conn)
        for name in TABLES:
            table = meta.tables[name]
            if rows[name]:
                conn.execute(table.insert(), [dict(zip(table.columns.keys(), r, strict=True))
                                              for r in rows[name]])
            if "id" in table.columns:  # as after mailbot's own inserts
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                                  f"(SELECT max(id) FROM {name}))"))
    engine.dispose()


def snapshot(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every mailbot table, in primary-key order."""
    engine = create_engine(url)
    meta = MetaData()
    meta.reflect(engine)
    with engine.connect() as conn:
        out = {name: [tuple(r) for r in conn.execute(
            select(meta.tables[name]).order_by(*meta.tables[name].primary_key.columns))]
            for name in TABLES}
    engine.dispose()
    return out


def differences(url: str) -> list[Any]:
    """What autogenerate would change to make the database match tables.py."""
    engine = create_engine(url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}),
                                SQLModel.metadata)
    engine.dispose()
    return diff


def status(url: str) -> schema.State:
    db = Database(url)
    try:
        return schema.state(db).state
    finally:
        db.dispose()


def cli(capsys: pytest.CaptureFixture[str], cfg: Path, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--config", str(cfg), *args])
    out, err = capsys.readouterr()
    return code, out, err


def process_new_mail(capsys: pytest.CaptureFixture[str], cfg: Path) -> None:
    """After the upgrade mailbot works on the old rows as before: a new registration is
    booked against the seats the old ones hold, and answered."""
    path = cfg.parent / "new.eml"
    path.write_bytes(NEW_MAIL)
    assert cli(capsys, cfg, "inject", str(path), "--at", "2034-05-03T10:00:00+02:00")[0] == 0
    code, out, _ = cli(capsys, cfg, "run", "--once")
    assert (code, out) == (0, "fetched 0, processed 1, sent 1, retry 0, failed 0\n")
    code, out, _ = cli(capsys, cfg, "registrations", "lounge", "--format", "json")
    rows = {r["email"]: r for r in json.loads(out)}
    assert rows["chef@kreis.example"]["seats"] == 2  # from the old database
    assert rows["dora@stadt.example"]["status"] == "confirmed"  # the last of 3 seats


def test_a_database_of_main_upgrades_without_losing_a_row(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = old_sqlite(tmp_path)
    cfg = old_config(tmp_path)
    before = snapshot(url)
    assert {name: len(rows) for name, rows in before.items()} == COUNTS
    assert status(url) is schema.State.OLD

    # the daemon and the read-only commands refuse it, with what to do, and touch nothing
    for args in (("run", "--once"), ("run",), ("registrations", "reihe"), ("inbox",)):
        proc = mailbot(cfg, *args, check=False, timeout=60)
        assert proc.returncode == 2, (args, proc.stdout, proc.stderr)
        assert proc.stderr.strip().splitlines() == [
            f"mailbot: the database {url} was written by an older mailbot (before schema "
            "migrations): run `mailbot migrate` first"]
        assert proc.stdout == ""
    assert status(url) is schema.State.OLD

    proc = mailbot(cfg, "migrate")
    assert proc.stdout == (f"{url}: tables of mailbot before migrations, marked as revision "
                           f"0001, upgraded to revision {schema.head()}\n")
    assert status(url) is schema.State.CURRENT
    assert snapshot(url) == before  # every row of every table, unchanged
    assert differences(url) == []
    assert mailbot(cfg, "migrate").stdout == f"{url}: already current (revision {schema.head()})\n"

    process_new_mail(capsys, cfg)
    after = snapshot(url)
    assert all(after[name][:len(rows)] == rows for name, rows in before.items() if name != "place")
    assert len(after["inbox"]) == 6 and len(after["registration"]) == 4


@pytest.mark.postgres
def test_a_postgres_database_of_main_upgrades_without_losing_a_row(
        tmp_path: Path, postgres_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    rows = snapshot(old_sqlite(tmp_path))
    old_postgres(postgres_url, rows)
    assert status(postgres_url) is schema.State.OLD
    cfg = old_config(tmp_path, postgres_url)
    code, _, err = cli(capsys, cfg, "run", "--once")
    assert code == 2 and "run `mailbot migrate` first" in err

    code, out, _ = cli(capsys, cfg, "migrate")
    assert code == 0 and out.endswith(": tables of mailbot before migrations, marked as "
                                      f"revision 0001, upgraded to revision {schema.head()}\n")
    assert snapshot(postgres_url) == rows
    assert differences(postgres_url) == []
    process_new_mail(capsys, cfg)


def test_the_migrations_build_the_schema_of_tables_py_on_sqlite(tmp_path: Path) -> None:
    """Fails when tables.py changes without a migration (add one under
    mailbot/store/migrations/versions/)."""
    url = f"sqlite:///{tmp_path / 'new.db'}"
    db = Database(url)
    done = schema.upgrade(db)
    db.dispose()
    assert (done.before.state, done.after) == (schema.State.EMPTY, schema.head())
    assert differences(url) == []


@pytest.mark.postgres
def test_the_migrations_build_the_schema_of_tables_py_on_postgres(postgres_url: str) -> None:
    db = Database(postgres_url)
    schema.upgrade(db)
    db.dispose()
    assert differences(postgres_url) == []


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_two_processes_creating_the_schema_at_once_both_succeed(
        backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    url = (f"sqlite:///{tmp_path / 'race.db'}" if backend == "sqlite"
           else request.getfixturevalue("postgres_url"))
    start = threading.Barrier(4)
    results: list[schema.Upgrade | BaseException] = []

    def upgrade() -> None:
        db = Database(url)
        try:
            start.wait()
            results.append(schema.upgrade(db))
        except BaseException as exc:  # reported below
            results.append(exc)
        finally:
            db.dispose()

    threads = [threading.Thread(target=upgrade) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert all(isinstance(r, schema.Upgrade) for r in results), results
    created = [r for r in results if isinstance(r, schema.Upgrade) and r.changed]
    assert len(results) == 4 and len(created) == 1
    assert status(url) is schema.State.CURRENT


def test_read_only_commands_create_no_database(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    where = tmp_path / "var" / "mailbot.db"
    cfg = old_config(tmp_path, f"sqlite:///{where}")
    for args in (("registrations", "lounge"), ("inbox",)):
        code, out, err = cli(capsys, cfg, *args)
        assert code == 0
        assert err == f"mailbot: no database yet at sqlite:///{where}: nothing received\n"
        assert out.splitlines()[-1] in ("(0 registrations)", "(0 mails)")
    assert cli(capsys, cfg, "registrations", "lounge", "--format", "json")[1] == "[]\n"
    eml = tmp_path / "a.eml"
    eml.write_bytes(NEW_MAIL)
    code, out, _ = cli(capsys, cfg, "preview", str(eml))
    assert code == 0 and "outcome:    booked: register: confirmed" in out
    assert cli(capsys, cfg, "check-config")[0] == 0
    assert not (tmp_path / "var").exists()

    # a writing command creates it, at head: a newcomer's first `mailbot run` just works
    assert cli(capsys, cfg, "inject", str(eml))[0] == 0
    assert status(f"sqlite:///{where}") is schema.State.CURRENT


@pytest.mark.postgres
def test_read_only_commands_create_no_tables_in_an_empty_database(
        tmp_path: Path, postgres_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = old_config(tmp_path, postgres_url)
    eml = tmp_path / "a.eml"
    eml.write_bytes(NEW_MAIL)
    for args in (("registrations", "lounge"), ("inbox",), ("preview", str(eml))):
        assert cli(capsys, cfg, *args)[0] == 0
    engine = create_engine(postgres_url)
    assert inspect(engine).get_table_names() == []
    engine.dispose()


def test_a_schema_from_a_newer_mailbot_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'mailbot.db'}"
    cfg = old_config(tmp_path)
    db = Database(url)
    db.create()
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    db.dispose()
    for args in (("run", "--once"), ("migrate",), ("inbox",)):
        code, _, err = cli(capsys, cfg, *args)
        assert code == 2
        assert err == (f"mailbot: the database {url} does not fit this mailbot: schema "
                       "revision 9999 is unknown to this mailbot (written by a newer "
                       "version?): install that version or a newer one\n")
