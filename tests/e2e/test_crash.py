"""Crash safety: SIGKILL at the worst moments loses nothing and repeats at most one reply.

The process is killed for real (``MAILBOT_FAILPOINT`` makes `mailbot` SIGKILL itself at a
named point), then restarted the way cron or systemd would restart it.
"""

from __future__ import annotations

import signal
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.servers.dovecot import Dovecot
from tests.servers.sink import SmtpSink
from tests.support import event, mail, mailbot, registrations, write_config

pytestmark = [pytest.mark.dovecot, pytest.mark.slow]

NOW = datetime.now(UTC).replace(microsecond=0)
PEOPLE = ("anna", "bert", "cora")


def setup(tmp_path: Path, dovecot: Dovecot, user: str, sink: SmtpSink) -> Path:
    cfg = write_config(
        tmp_path / "mailbot.yaml",
        events=[event("austausch", "Interkommunaler Austausch", NOW + timedelta(days=30),
                      capacity=10)],
        intake={"imap": {"host": dovecot.host, "port": dovecot.port, "ssl": False,
                         "username": user, "password": "secret"}},
        outgoing={"smtp": {"host": sink.host, "port": sink.port}})
    for i, who in enumerate(PEOPLE):
        dovecot.append(user, "INBOX", mail(f"{who}@stadt.example", "Ich melde mich zum "
                                           "Interkommunalen Austausch an."),
                       NOW - timedelta(minutes=10 - i))
    return cfg


def killed(cfg: Path, point: str) -> None:
    proc = mailbot(cfg, "run", "--once", env={"MAILBOT_FAILPOINT": point}, check=False)
    assert proc.returncode == -signal.SIGKILL, (proc.returncode, proc.stderr)


def replies_per_person(sink: SmtpSink) -> Counter[str]:
    return Counter(r.rcpt_tos[0].split("@")[0] for r in sink.received)


def test_kill_between_commit_and_send(tmp_path: Path, dovecot_server: Dovecot, imap_user: str,
                                      sink: SmtpSink) -> None:
    cfg = setup(tmp_path, dovecot_server, imap_user, sink)
    killed(cfg, "after-commit")
    assert sink.received == []
    mailbot(cfg, "run", "--once")
    assert replies_per_person(sink) == Counter(PEOPLE)  # every reply, exactly once
    assert [r["status"] for r in registrations(cfg, "austausch")] == ["confirmed"] * 3
    mailbot(cfg, "run", "--once")
    assert replies_per_person(sink) == Counter(PEOPLE)


def test_kill_between_send_and_mark_sent(tmp_path: Path, dovecot_server: Dovecot,
                                         imap_user: str, sink: SmtpSink) -> None:
    cfg = setup(tmp_path, dovecot_server, imap_user, sink)
    killed(cfg, "after-send")
    assert replies_per_person(sink) == Counter(["anna"])
    mailbot(cfg, "run", "--once")
    # everything delivered; the one reply hit by the crash went out twice, no other
    assert replies_per_person(sink) == Counter(["anna", "anna", "bert", "cora"])
    assert len(registrations(cfg, "austausch")) == 3


def test_kill_between_store_and_imap_acknowledge(tmp_path: Path, dovecot_server: Dovecot,
                                                 imap_user: str, sink: SmtpSink) -> None:
    cfg = setup(tmp_path, dovecot_server, imap_user, sink)
    killed(cfg, "after-store")
    with dovecot_server.client(imap_user) as imap:
        imap.select_folder("INBOX", readonly=True)
        assert imap.search(["KEYWORD", "$MailbotStored"]) == []  # not acknowledged yet
    out = mailbot(cfg, "run", "--once")
    assert "fetched 0" in out.stdout and "processed 3" in out.stdout  # stored once, not twice
    assert replies_per_person(sink) == Counter(PEOPLE)
    with dovecot_server.client(imap_user) as imap:
        imap.select_folder("INBOX", readonly=True)
        assert len(imap.search(["KEYWORD", "$MailbotStored"])) == 3
