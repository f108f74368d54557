"""A burst of registrations: a second process (the courier) sends the replies while the
rest is still being decided. Every reply goes out exactly once, also when the courier or
both processes are killed (SIGKILL) at the worst moments, and when the mail server is down.

Driven through the real `mailbot` command, with a real SMTP receiver (aiosmtpd).
"""

from __future__ import annotations

import json
import signal
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.servers.common import free_port
from tests.servers.sink import SmtpSink
from tests.support import event, mail, mailbot, registrations, write_config

pytestmark = [pytest.mark.slow]

NOW = datetime.now(UTC).replace(microsecond=0)
N = 24


def setup(tmp_path: Path, port: int, n: int = N, **outgoing: object) -> Path:
    cfg = write_config(
        tmp_path / "mailbot.yaml",
        events=[event("austausch", "Interkommunaler Austausch", NOW + timedelta(days=30),
                      capacity=n // 2, waitlist=n)],
        intake={"smtp": {"port": free_port()}},
        outgoing={"smtp": {"host": "127.0.0.1", "port": port}, "parallel_from": 5,
                  **outgoing})
    inbox = tmp_path / "in"
    inbox.mkdir()
    for i in range(n):
        (inbox / f"{i:03}.eml").write_bytes(mail(
            f"person{i}@stadt.example",
            "Ich melde mich zum Interkommunalen Austausch an.", name=f"Person {i}"))
    mailbot(cfg, "inject", str(inbox), "--at", (NOW - timedelta(hours=1)).isoformat())
    return cfg


def per_person(sink: SmtpSink) -> Counter[str]:
    return Counter(r.rcpt_tos[0] for r in sink.received)


def everyone(n: int = N) -> Counter[str]:
    return Counter(f"person{i}@stadt.example" for i in range(n))


def reply_states(cfg: Path) -> Counter[str]:
    inbox = json.loads(mailbot(cfg, "inbox", "--format", "json").stdout)
    return Counter(r["state"] for m in inbox for r in m["replies"])


def leftover_receipts(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "mailbot.db-receipts"  # beside mailbot.db: one folder per database
    assert folder.is_dir() and list(folder.glob("*.lock"))  # used, with liveness locks
    return list(folder.glob("*.sent"))


def test_a_burst_is_answered_by_the_courier_once_each(tmp_path: Path, sink: SmtpSink) -> None:
    cfg = setup(tmp_path, sink.port)
    out = mailbot(cfg, "run", "--once")
    assert "a second process sends the replies" in out.stderr
    assert f"processed {N}, sent {N}, retry 0, failed 0" in out.stdout
    assert per_person(sink) == everyone()
    rows = registrations(cfg, "austausch")
    assert Counter(r["status"] for r in rows) == {"confirmed": N // 2, "waitlisted": N // 2}
    # the replies say what the database says, in order of arrival
    first, last = sink.received[0], sink.received[-1]
    assert first.rcpt_tos[0] == "person0@stadt.example" and "Gern bestätigen wir" in first.text
    assert "Warteliste" in last.text
    assert reply_states(cfg) == {"sent": N}
    assert leftover_receipts(tmp_path) == []
    mailbot(cfg, "run", "--once")  # nothing is sent twice
    assert len(sink.received) == N


def test_below_the_threshold_no_second_process_is_started(tmp_path: Path,
                                                          sink: SmtpSink) -> None:
    cfg = setup(tmp_path, sink.port, n=3)
    out = mailbot(cfg, "run", "--once")
    assert "second process" not in out.stderr
    assert per_person(sink) == everyone(3)


@pytest.mark.parametrize(("point", "sent"), [("before-send", 0), ("after-send", 1),
                                             ("before-send:9", 8), ("after-send:9", 9)])
def test_killed_while_the_courier_sends_repeats_at_most_one_reply(
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
    assert leftover_receipts(tmp_path) == []


def test_replies_in_the_receipts_of_a_killed_run_are_not_sent_again(
        tmp_path: Path, sink: SmtpSink) -> None:
    """The courier dies right after a receipt: the processing side marks that reply sent
    from the receipts, gives the rest back and sends it itself, in the same run."""
    cfg = setup(tmp_path, sink.port)
    out = mailbot(cfg, "run", "--once", env={"MAILBOT_FAILPOINT": "courier-after-receipt"})
    assert "sending process stopped unexpectedly" in out.stderr
    assert per_person(sink) == everyone()  # each exactly once
    assert reply_states(cfg) == {"sent": N}


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


def test_without_a_place_for_receipts_the_replies_are_sent_from_the_first_process(
        tmp_path: Path, sink: SmtpSink) -> None:
    cfg = setup(tmp_path, sink.port)
    (tmp_path / "mailbot.db-receipts").write_text("not a folder")  # an admin's mistake
    out = mailbot(cfg, "run", "--once")
    assert "cannot keep receipts in" in out.stderr
    assert per_person(sink) == everyone()
    assert reply_states(cfg) == {"sent": N}


def test_a_permanent_refusal_reported_by_the_courier_is_recorded_as_failed(
        tmp_path: Path, sink: SmtpSink) -> None:
    cfg = setup(tmp_path, sink.port)
    sink.fail_with = "550 5.7.1 Relaying denied"
    out = mailbot(cfg, "run", "--once")
    assert "a second process sends the replies" in out.stderr
    assert f"processed {N}, sent 0, retry 0, failed {N}" in out.stdout
    assert reply_states(cfg) == {"failed": N}
    assert sink.received == [] and sink.refused == N
