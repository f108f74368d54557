"""The durable outbox and its one sender against real SMTP servers (aiosmtpd), on SQLite
and PostgreSQL: what is retried, what fails for good, that a server that cannot be used
costs no reply, that receipts of a crashed sender are never sent again, and that two
processes on one database never both send."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from sqlmodel import select

from mailbot.config import SmtpOutgoing
from mailbot.replies.outbox import Outbox, OutState
from mailbot.replies.sender import Sender
from mailbot.replies.transport import SmtpTransport
from mailbot.store.db import Database
from mailbot.store.tables import OutgoingMail
from tests.servers.common import LOOPBACK, free_port, wait_until
from tests.servers.sink import SmtpSink
from tests.support import ROOT


def outbox_with(tmp_path: Path, port: int, max_attempts: int = 2,
                **smtp: object) -> tuple[Database, Sender]:
    db = Database(f"sqlite:///{tmp_path / 'o.db'}")
    db.create()
    conf = SmtpOutgoing(host=LOOPBACK, port=port, timeout=2, **smtp)  # type: ignore[arg-type]
    outbox = Outbox("bot@example.org", retry_base=0.001, retry_max=0.001,
                    max_attempts=max_attempts)
    return db, Sender(db, outbox, SmtpTransport(conf, env={}))


def queue(db: Database, *recipients: str, first: int = 0) -> None:
    with db.unit() as session:
        for i, rcpt in enumerate(recipients, start=first):
            Outbox.queue(session, message_id=f"<m{i}@example.org>", recipient=rcpt, kind="x",
                         inbox_id=None, raw=b"Subject: x\r\nMessage-ID: <m@x>\r\n\r\nhi\r\n")


def states(db: Database) -> list[tuple[str, str, int]]:
    with db.unit() as session:
        rows = session.exec(select(OutgoingMail).order_by(OutgoingMail.id)).all()  # type: ignore[arg-type]
        return [(r.recipient, r.state, r.attempts) for r in rows]


class _Reject:
    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        return "250 OK"


def test_rejected_login_keeps_every_reply_for_later(tmp_path: Path) -> None:
    port = free_port()
    server = Controller(_Reject(), hostname=LOOPBACK, port=port, auth_require_tls=False,
                        authenticator=lambda *a: AuthResult(success=False))
    server.start()
    try:
        db, outbox = outbox_with(tmp_path, port, max_attempts=1, username="bot",
                                 password="wrong")
        queue(db, "a@x.example", "b@x.example")
        for _ in range(2):  # more passes than max_attempts: still not given up
            report = outbox.deliver_due()
            assert (report.sent, report.failed, report.retried) == (0, 0, 1)
        # kept for later; the second was never tried (no attempt counted against it)
        assert states(db) == [("a@x.example", "retry", 2), ("b@x.example", "retry", 0)]
    finally:
        server.stop()
    with SmtpSink() as sink:
        db2, outbox2 = outbox_with(tmp_path, sink.port)
        outbox.close()  # the first process ends: its send lock is free
        report = outbox2.deliver_due(now=datetime.now(UTC) + timedelta(minutes=1))
        assert report.sent == 2 and len(sink.received) == 2
        outbox2.close()
        db2.dispose()
    outbox.close()
    db.dispose()


def test_permanent_and_temporary_answers_per_recipient(tmp_path: Path) -> None:
    with SmtpSink() as sink:
        db, outbox = outbox_with(tmp_path, sink.port)
        queue(db, "a@x.example")
        sink.fail_with = "452 4.2.2 Mailbox full"
        assert outbox.deliver_due().retried == 1
        sink.fail_with = "550 5.1.1 No such user"
        report = outbox.deliver_due()
        assert report.failed == 1
        sink.fail_with = None
        assert outbox.deliver_due().sent == 0  # a 5xx is final
        assert states(db) == [("a@x.example", "failed", 2)]
        db.dispose()




def test_receipts_of_a_killed_sender_are_marked_sent_and_never_sent_again(
        tmp_path: Path) -> None:
    """A sender killed between the server's answers and marking the rows sent left their
    receipts: whoever takes the send lock next marks those rows sent and sends the rest."""
    with SmtpSink() as sink:
        db, sender = outbox_with(tmp_path, sink.port)
        queue(db, "a@x.example", "b@x.example", "c@x.example", "d@x.example")
        # a and c were accepted; "4" has no newline: it may be 41 cut short, it does not count
        (tmp_path / "o.db-sent").write_text("1\n3\n4")
        report = sender.deliver_due()
        assert sorted(r.rcpt_tos[0] for r in sink.received) == ["b@x.example", "d@x.example"]
        assert report.sent == 2
        assert [(who, state) for who, state, _ in states(db)] == [
            ("a@x.example", "sent"), ("b@x.example", "sent"), ("c@x.example", "sent"),
            ("d@x.example", "sent")]
        assert (tmp_path / "o.db-sent").read_text() == ""  # spent, once recorded
        sender.close()
        db.dispose()


def test_rows_an_older_version_left_claimed_are_sent(tmp_path: Path) -> None:
    """Before issue 12 a row was claimed (``sending``) while in flight; after an upgrade
    such a row (its sender is gone: the send lock is ours) is due again."""
    with SmtpSink() as sink:
        db, sender = outbox_with(tmp_path, sink.port)
        queue(db, "a@x.example")
        with db.unit() as session:
            row = session.exec(select(OutgoingMail)).one()
            row.state, row.claimed_by = OutState.SENDING, "oldhost:1:token"
            session.add(row)
        assert sender.deliver_due().sent == 1
        assert [r.rcpt_tos[0] for r in sink.received] == ["a@x.example"]
        sender.close()
        db.dispose()


# Another mailbot process, as far as sending goes: it sends whatever is due, pass after
# pass, and says when it got the send lock.
SENDER = """
import sys, time
from mailbot.config import SmtpOutgoing
from mailbot.replies.outbox import Outbox
from mailbot.replies.sender import Sender
from mailbot.replies.transport import SmtpTransport
from mailbot.store.db import Database
db = Database(sys.argv[1])
conf = SmtpOutgoing(host="127.0.0.1", port=int(sys.argv[2]), timeout=5)
sender = Sender(db, Outbox("bot@example.org"), SmtpTransport(conf, env={}))
told = False
while True:
    sender.deliver_due()
    if not told and sender.holds_lock():
        print("held", flush=True)
        told = True
    time.sleep(0.02)
"""


class SendingProcess:
    def __init__(self, url: str, port: int):
        self.proc = subprocess.Popen([sys.executable, "-c", SENDER, url, str(port)],
                                     stdout=subprocess.PIPE, text=True, cwd=ROOT)
        self.held = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if line.strip() == "held":
                self.held.set()

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        self._reader.join()
        assert self.proc.stdout is not None
        self.proc.stdout.close()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_two_processes_on_one_database_never_both_send(
        tmp_path: Path, request: pytest.FixtureRequest, backend: str) -> None:
    """Two mailbot processes send, pass after pass, while replies keep being queued:
    only the holder of the send lock sends (an flock beside the SQLite file; an advisory
    lock on PostgreSQL). Killed, it gives the lock up with its life, and the other one
    sends the rest. Every reply goes out exactly once."""
    url = (f"sqlite:///{tmp_path / 'o.db'}" if backend == "sqlite"
           else request.getfixturevalue("postgres_url"))
    db = Database(url)
    db.create()
    with SmtpSink() as sink:
        first, second = SendingProcess(url, sink.port), SendingProcess(url, sink.port)
        try:
            wait_until(lambda: first.held.is_set() or second.held.is_set(), 30, "a sender")
            holder, other = (first, second) if first.held.is_set() else (second, first)
            for n in range(0, 40, 5):  # queued while both are at it
                queue(db, *(f"p{i}@x.example" for i in range(n, n + 5)), first=n)
                time.sleep(0.05)
            sink.wait_for(40, timeout=30)
            time.sleep(0.3)  # a second sender would have sent some of them again by now
            assert not other.held.is_set()
            holder.kill()  # idle: nothing in flight
            queue(db, *(f"p{i}@x.example" for i in range(40, 60)), first=40)
            sink.wait_for(60, timeout=30)
            wait_until(other.held.is_set, 10, "the other process to say it has the lock")
        finally:
            first.kill()
            second.kill()
        counts = Counter(r.rcpt_tos[0] for r in sink.received)
    assert counts == Counter(f"p{i}@x.example" for i in range(60))
    assert {state for _, state, _ in states(db)} == {"sent"}
    db.dispose()
