"""No personal data in the logs (issue 10, point 6): bursts through the real `mailbot`,
with a database that fails and with a normal one; the captured log must not contain any
address, name or subject of the mails."""

from __future__ import annotations

import smtplib
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.e2e.test_daemon import daemon, wait_listening
from tests.servers.common import free_port
from tests.servers.sink import SmtpSink
from tests.support import BOT, event, mail, mailbot, write_config

pytestmark = pytest.mark.slow

NOW = datetime.now(UTC).replace(microsecond=0)
EVENTS = [event("austausch", "Interkommunaler Austausch", NOW + timedelta(days=30),
                keywords=["Austausch"], capacity=3, waitlist=2)]
PEOPLE = [(f"person{i}.geheim@stadt{i}.example", f"Gundula Geheimnis{i}",
           f"Vertraulicher Betreff {i}") for i in range(8)]


def _mails(folder: Path, people: list[tuple[str, str, str]] = PEOPLE) -> Path:
    folder.mkdir(exist_ok=True)
    for i, (addr, name, subject) in enumerate(people):
        (folder / f"{i:02}.eml").write_bytes(mail(
            addr, f"Ich melde mich zum Interkommunalen Austausch an.\n\n{name}\n"
                  f"Tel. 0171 55{i:03}", name=name, subject=subject))
    return folder


def _leaks(log: str, people: list[tuple[str, str, str]] = PEOPLE) -> list[str]:
    low = log.lower()
    return [n for person in people for n in person if n.lower() in low]


def test_a_failing_sqlite_database_logs_no_addresses_names_or_subjects(tmp_path: Path) -> None:
    cfg = write_config(tmp_path / "mailbot.yaml", events=EVENTS,
                       intake={"smtp": {"host": "127.0.0.1", "port": free_port()}},
                       outgoing={"maildir": str(tmp_path / "outbox")})
    mailbot(cfg, "migrate")
    with sqlite3.connect(tmp_path / "mailbot.db") as conn:  # every booking fails
        conn.execute("CREATE TRIGGER fail BEFORE INSERT ON registration "
                     "BEGIN SELECT RAISE(ABORT, 'the disk says no'); END")
    mailbot(cfg, "inject", str(_mails(tmp_path / "in")))
    proc = mailbot(cfg, "run", "--once")
    log = proc.stdout + proc.stderr
    assert "could not be processed; held for a person" in log  # the failure was logged
    assert "the disk says no" in log and "INSERT INTO registration" in log
    assert _leaks(log) == []


def test_a_failing_postgresql_database_logs_no_row_values(tmp_path: Path,
                                                          postgres_url: str) -> None:
    """PostgreSQL repeats the values of a row in its DETAIL line (a unique violation)."""
    cfg = write_config(tmp_path / "mailbot.yaml", events=EVENTS,
                       intake={"smtp": {"host": "127.0.0.1", "port": free_port()}},
                       outgoing={"maildir": str(tmp_path / "outbox")},
                       database=postgres_url)
    mailbot(cfg, "migrate")
    engine = create_engine(postgres_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE UNIQUE INDEX one_org ON registration (organisation)"))
        conn.execute(text("CREATE UNIQUE INDEX one_event ON registration (event_id)"))
    engine.dispose()
    mailbot(cfg, "inject", str(_mails(tmp_path / "in")))
    proc = mailbot(cfg, "run", "--once")
    log = proc.stdout + proc.stderr
    assert "UniqueViolation" in log and "DETAIL: [hidden]" in log
    assert _leaks(log) == []


def test_a_normal_burst_through_the_daemon_logs_no_personal_data(tmp_path: Path) -> None:
    port = free_port()
    with SmtpSink() as sink:
        cfg = write_config(tmp_path / "mailbot.yaml", events=EVENTS,
                           intake={"smtp": {"host": "127.0.0.1", "port": port}},
                           outgoing={"smtp": {"host": sink.host, "port": sink.port}})
        with daemon(cfg) as proc:
            wait_listening(port, proc)
            with smtplib.SMTP("127.0.0.1", port) as smtp:
                for path in sorted(_mails(tmp_path / "in").iterdir()):
                    raw = path.read_bytes()
                    smtp.sendmail(raw.split(b"From: ")[1].split(b"<")[1].split(b">")[0]
                                  .decode(), [BOT], raw)
            sink.wait_for(len(PEOPLE), timeout=60)
    log = (tmp_path / "daemon.log").read_text()
    assert "mailbot is running" in log
    assert _leaks(log) == []
