"""A burst of registrations on the one delivery path: the replies of each committed batch
are sent (by a thread of the process that holds the database's send lock) while the rest
is still being decided. Every reply goes out exactly once, also when the process is killed
(SIGKILL) at the worst moments, when the mail server is down, and when a cron
`run --once` runs beside the daemon.

Driven through the real `mailbot` command, with a real SMTP receiver (aiosmtpd).
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.servers.common import free_port, wait_until
from tests.servers.sink import SmtpSink
from tests.support import event, mail, mailbot, registrations, write_config

pytestmark = [pytest.mark.slow]

NOW = datetime.now(UTC).replace(microsecond=0)
N = 24


def setup(tmp_path: Path, port: int, n: int = N, intake_port: int | None = None,
          waiting: bool = True, **outgoing: object) -> Path:
    cfg = write_config(
        tmp_path / "mailbot.yaml",
        events=[event("austausch", "Interkommunaler Austausch", NOW + timedelta(days=30),
                      capacity=n // 2, waitlist=n)],
        intake={"smtp": {"port": intake_port or free_port()}},
        outgoing={"smtp": {"host": "127.0.0.1", "port": port}, **outgoing})
    if waiting:
        inject(cfg, tmp_path / "in", n)
    return cfg


def inject(cfg: Path, folder: Path, n: int) -> None:
    folder.mkdir()
    for i in range(n):
        (folder / f"{i:03}.eml").write_bytes(mail(
            f"person{i}@stadt.example",
            "Ich melde mich zum Interkommunalen Austausch an.", name=f"Person {i}"))
    mailbot(cfg, "inject", str(folder), "--at", (NOW - timedelta(hours=1)).isoformat())


def per_person(sink: SmtpSink) -> Counter[str]:
    return Counter(r.rcpt_tos[0] for r in sink.received)


def everyone(n: int = N) -> Counter[str]:
    return Counter(f"person{i}@stadt.example" for i in range(n))


def reply_states(cfg: Path) -> Counter[str]:
    inbox = json.loads(mailbot(cfg, "inbox", "--format", "json").stdout)
    return Counter(r["state"] for m in inbox for r in m["replies"])


def leftover_receipts(tmp_path: Path) -> str:
    return (tmp_path / "mailbot.db-sent").read_text()  # beside mailbot.db: one per database


def test_a_burst_is_answered_while_it_is_decided_once_each(tmp_path: Path,
                                                           sink: SmtpSink) -> None:
    n = 250  # three batches of decisions
    cfg = setup(tmp_path, sink.port, n=n)
    out = mailbot(cfg, "run", "--once")
    assert f"processed {n}, sent {n}, retry 0, failed 0" in out.stdout
    assert per_person(sink) == everyone(n)
    rows = registrations(cfg, "austausch")
    assert Counter(r["status"] for r in rows) == {"confirmed": n // 2, "waitlisted": n // 2}
    # the replies say what the database says, in order of arrival
    first, last = sink.received[0], sink.received[-1]
    assert first.rcpt_tos[0] == "person0@stadt.example" and "Gern bestätigen wir" in first.text
    assert "Warteliste" in last.text
    # the first replies were out before the last mails were decided
    with sqlite3.connect(tmp_path / "mailbot.db") as db:
        (first_sent,), = db.execute("SELECT min(sent_at) FROM outgoing")
        (last_decided,), = db.execute("SELECT max(processed_at) FROM inbox")
    assert first_sent < last_decided
    assert reply_states(cfg) == {"sent": n}
    assert leftover_receipts(tmp_path) == ""
    mailbot(cfg, "run", "--once")  # nothing is sent twice
    assert len(sink.received) == n


@pytest.mark.parametrize(("point", "sent"), [("before-send", 0), ("after-send", 1),
                                             ("before-send:9", 8), ("after-send:9", 9)])
def test_killed_while_sending_repeats_at_most_one_reply(
        tmp_path: Path, sink: SmtpSink, point: str, sent: int) -> None:
    cfg = setup(tmp_path, sink.port)
    proc = mailbot(cfg, "run", "--once", env={"MAILBOT_FAILPOINT": point}, check=False)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    before = len(sink.received)
    assert before == sent
    mailbot(cfg, "run", "--once")
    counts = per_person(sink)
    assert set(counts) == set(everyone())  # every reply arrived
    # only the one reply hit between the server's answer and its receipt went out twice
    twice = 1 if point.startswith("after-send") else 0
    assert sum(counts.values()) == N + twice
    assert [who for who, n in counts.items() if n > 1] == (
        [f"person{sent - 1}@stadt.example"] if twice else [])
    assert reply_states(cfg) == {"sent": N}
    assert leftover_receipts(tmp_path) == ""


def test_mail_server_down_during_a_burst_loses_nothing(tmp_path: Path) -> None:
    port = free_port()  # nobody listens here yet
    cfg = setup(tmp_path, port, retry_base=0.01, retry_max=0.01)
    out = mailbot(cfg, "run", "--once")
    assert f"processed {N}, sent 0" in out.stdout
    assert reply_states(cfg) == {"retry": N}
    with SmtpSink(port) as server:
        mailbot(cfg, "run", "--once")
        assert per_person(server) == everyone()
    assert reply_states(cfg) == {"sent": N}


def test_without_a_place_for_receipts_each_reply_is_marked_sent_as_it_goes(
        tmp_path: Path, sink: SmtpSink) -> None:
    cfg = setup(tmp_path, sink.port)
    (tmp_path / "mailbot.db-sent").mkdir()  # an admin's mistake
    out = mailbot(cfg, "run", "--once")
    assert "cannot keep receipts in" in out.stderr
    assert per_person(sink) == everyone()
    assert reply_states(cfg) == {"sent": N}
    # and a crash right after a send still repeats only that reply
    inject(cfg, tmp_path / "more", 3)  # the same people again: "already registered"
    proc = mailbot(cfg, "run", "--once", env={"MAILBOT_FAILPOINT": "after-send:2"},
                   check=False)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    mailbot(cfg, "run", "--once")
    assert sum(per_person(sink).values()) == N + 3 + 1
    assert set(reply_states(cfg)) == {"sent"}


def test_a_permanent_refusal_is_recorded_as_failed(tmp_path: Path, sink: SmtpSink) -> None:
    cfg = setup(tmp_path, sink.port)
    sink.fail_with = "550 5.7.1 Relaying denied"
    out = mailbot(cfg, "run", "--once")
    assert f"processed {N}, sent 0, retry 0, failed {N}" in out.stdout
    assert reply_states(cfg) == {"failed": N}
    assert sink.received == [] and sink.refused == N


def test_run_once_beside_the_daemon_leaves_sending_to_the_daemon(
        tmp_path: Path, sink: SmtpSink) -> None:
    """A cron `run --once` beside the running daemon: it decides the waiting mails, and the
    daemon (which holds the send lock) sends their replies on its next pass (at most 30 s
    later). Every person gets exactly one reply."""
    intake = free_port()
    cfg = setup(tmp_path, sink.port, intake_port=intake, waiting=False)
    env = {k: v for k, v in os.environ.items() if k != "MAILBOT_FAILPOINT"}
    with open(tmp_path / "daemon.log", "w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "mailbot", "--config", str(cfg), "run"],
                                cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_until(lambda: (tmp_path / "mailbot.db-sent").exists(), 20, "the daemon's lock",
                   alive=lambda: proc.poll() is None)
        inject(cfg, tmp_path / "burst", N)
        out = mailbot(cfg, "run", "--once")
        assert f"processed {N}, sent 0" in out.stdout
        assert "another mailbot process sends the replies" in out.stderr
        sink.wait_for(N, timeout=60)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    mailbot(cfg, "run", "--once")  # the lock is free now: nothing is left to send
    assert per_person(sink) == everyone()
    assert reply_states(cfg) == {"sent": N}
