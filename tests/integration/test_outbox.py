"""The durable outbox against real SMTP servers (aiosmtpd): what is retried, what fails
for good, and that a server that cannot be used costs no reply."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from sqlmodel import select

from mailbot.config import SmtpOutgoing
from mailbot.replies.outbox import Outbox, SmtpTransport
from mailbot.store.db import Database
from mailbot.store.tables import OutgoingMail
from tests.servers.common import LOOPBACK, free_port
from tests.servers.sink import SmtpSink


def outbox_with(tmp_path: Path, port: int, max_attempts: int = 2,
                **smtp: object) -> tuple[Database, Outbox]:
    db = Database(f"sqlite:///{tmp_path / 'o.db'}")
    db.create()
    conf = SmtpOutgoing(host=LOOPBACK, port=port, timeout=2, **smtp)  # type: ignore[arg-type]
    return db, Outbox(db, SmtpTransport(conf, env={}), "bot@example.org",
                      retry_base=0.001, retry_max=0.001, max_attempts=max_attempts)


def queue(db: Database, *recipients: str) -> None:
    with db.unit() as session:
        for i, rcpt in enumerate(recipients):
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
        report = outbox2.deliver_due(now=datetime.now(UTC) + timedelta(minutes=1))
        assert report.sent == 2 and len(sink.received) == 2
        db2.dispose()
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


def test_a_row_claimed_by_a_running_process_is_not_sent_twice(tmp_path: Path) -> None:
    import os
    import socket
    import subprocess
    import sys

    with SmtpSink() as sink:
        db, outbox = outbox_with(tmp_path, sink.port)
        queue(db, "a@x.example", "b@x.example")
        # another mailbot process (alive) is sending the first; a dead one had the second
        alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
        dead = subprocess.Popen([sys.executable, "-c", "pass"])
        dead.wait()
        host = socket.gethostname()
        now = datetime.now(UTC)
        with db.unit() as session:
            for row, pid in zip(session.exec(select(OutgoingMail).order_by(OutgoingMail.id)),  # type: ignore[arg-type]
                                (alive.pid, dead.pid), strict=True):
                row.state, row.claimed_by, row.claimed_at = "sending", f"{host}:{pid}:t", now
                session.add(row)
        try:
            report = outbox.deliver_due()
        finally:
            alive.kill()
            alive.wait()
        assert report.sent == 1 and [r.rcpt_tos for r in sink.received] == [("b@x.example",)]
        assert os.getpid() != alive.pid
        db.dispose()


def test_claims_of_another_host_are_taken_over_only_after_the_lease(tmp_path: Path) -> None:
    from mailbot.replies.outbox import LEASE

    with SmtpSink() as sink:
        db, outbox = outbox_with(tmp_path, sink.port)
        queue(db, "fresh@x.example", "stale@x.example")
        now = datetime.now(UTC)
        with db.unit() as session:
            fresh, stale = session.exec(select(OutgoingMail).order_by(OutgoingMail.id)).all()  # type: ignore[arg-type]
            fresh.state, fresh.claimed_by, fresh.claimed_at = "sending", "other-host:1:a", now
            stale.state, stale.claimed_by = "sending", "other-host:1:b"
            stale.claimed_at = now - LEASE - timedelta(minutes=1)
            session.add(fresh)
            session.add(stale)
        assert outbox.deliver_due().sent == 1
        assert [r.rcpt_tos for r in sink.received] == [("stale@x.example",)]
        db.dispose()


def _claim(db: Database, claimants: list[tuple[str, datetime]]) -> None:
    with db.unit() as session:
        rows = session.exec(select(OutgoingMail).order_by(OutgoingMail.id)).all()  # type: ignore[arg-type]
        for row, (owner, at) in zip(rows, claimants, strict=True):
            row.state, row.claimed_by, row.claimed_at = "sending", owner, at
            session.add(row)


class LockHolder:
    """Another mailbot process, as far as liveness goes: it holds its lock while it runs."""

    def __init__(self, path: Path):
        import subprocess
        import sys

        self.proc = subprocess.Popen(
            [sys.executable, "-c", "import fcntl, os, sys, time\n"
             "fd = os.open(sys.argv[1], os.O_CREAT | os.O_RDWR)\n"
             "fcntl.flock(fd, fcntl.LOCK_EX)\nprint('ok', flush=True)\ntime.sleep(60)",
             str(path)], stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout is not None and self.proc.stdout.readline().strip() == "ok"

    def stop(self) -> None:
        self.proc.kill()
        self.proc.wait()
        assert self.proc.stdout is not None
        self.proc.stdout.close()


def test_whether_a_claimant_runs_is_told_by_its_lock(tmp_path: Path) -> None:
    """Processes that share the database show that they run by a lock: a claim of one
    that is gone is taken over at once, whatever its process id (a restarted container
    is process 1 again, on the same host name); one whose lock is held is left alone,
    also when its process id means nothing here (another container). Without a lock
    (another host, an older version) the lease decides."""
    import os
    import socket

    from mailbot.replies.outbox import LEASE

    with SmtpSink() as sink:
        db, outbox = outbox_with(tmp_path, sink.port)
        outbox.receipts = tmp_path / "receipts"
        outbox.receipts.mkdir()
        (outbox.receipts / "gone.lock").write_text("")  # its process died
        holder = LockHolder(outbox.receipts / "alive.lock")
        queue(db, "gone@x.example", "alive@x.example", "fresh@x.example", "stale@x.example")
        host, now = socket.gethostname(), datetime.now(UTC)
        try:
            _claim(db, [(f"{host}:{os.getpid()}:gone", now),
                        (f"{host}:999999:alive", now),
                        (f"{host}:{os.getpid()}:nolock1", now),
                        (f"{host}:{os.getpid()}:nolock2", now - LEASE - timedelta(minutes=1))])
            assert outbox.deliver_due().sent == 2
        finally:
            holder.stop()
        assert sorted(r.rcpt_tos[0] for r in sink.received) == ["gone@x.example",
                                                               "stale@x.example"]
        db.dispose()


def test_receipts_of_a_courier_are_marked_sent_and_never_sent_again(tmp_path: Path) -> None:
    """A courier's receipts list the mails the server accepted. Before claiming, the rows
    they list are marked sent: those of a process that is gone (whose file is then
    removed) and those of one that still runs (its file stays: it may add more)."""
    import socket

    with SmtpSink() as sink:
        db, outbox = outbox_with(tmp_path, sink.port)
        outbox.receipts = tmp_path / "receipts"
        outbox.receipts.mkdir()
        (outbox.receipts / "gone.lock").write_text("")
        holder = LockHolder(outbox.receipts / "alive.lock")
        queue(db, "a@x.example", "b@x.example", "c@x.example", "d@x.example", "e@x.example")
        host, now = socket.gethostname(), datetime.now(UTC)
        gone, alive = f"{host}:1:gone", f"{host}:1:alive"
        try:
            # e was accepted for "gone", then claimed again by a process on another host
            _claim(db, [(gone, now), (gone, now), (alive, now), (alive, now),
                        ("otherhost:1:later", now)])
            (outbox.receipts / "1.sent").write_text(f"{gone}\n1\n5\n")  # 2 never sent
            # a line cut short (the number may be 4 of 41) does not count
            (outbox.receipts / "2.sent").write_text(f"{alive}\n3\n4")
            report = outbox.deliver_due()
        finally:
            holder.stop()
        # only b goes out: a and c were accepted before; d stays with the running courier
        assert [r.rcpt_tos[0] for r in sink.received] == ["b@x.example"]
        assert report.sent == 1
        assert [s for _, s, _ in states(db)] == ["sent", "sent", "sent", "sending", "sent"]
        assert sorted(p.name for p in outbox.receipts.glob("*.sent")) == ["2.sent"]
        db.dispose()
