"""The `mailbot run` daemon as an admin runs it: SMTP/LMTP listener, IMAP IDLE, restarts."""

from __future__ import annotations

import json
import mailbox
import os
import signal
import smtplib
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.servers.common import free_port, wait_until
from tests.servers.dovecot import Dovecot
from tests.servers.sink import SmtpSink
from tests.support import BOT, ROOT, event, mail, mailbot, registrations, write_config

pytestmark = pytest.mark.slow

NOW = datetime.now(UTC).replace(microsecond=0)
EVENTS = [event("austausch", "Interkommunaler Austausch", NOW + timedelta(days=30),
                keywords=["Austausch"], capacity=5, waitlist=2)]


@contextmanager
def daemon(config: Path) -> Iterator[subprocess.Popen[str]]:
    env = {k: v for k, v in os.environ.items() if k != "MAILBOT_FAILPOINT"}
    log = open(config.parent / "daemon.log", "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen([sys.executable, "-m", "mailbot", "--config", str(config), "run"],
                            cwd=config.parent, env=env, stdout=log, stderr=subprocess.STDOUT,
                            text=True)
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        log.close()


def wait_listening(port: int, proc: subprocess.Popen[str]) -> None:
    import socket

    def up() -> bool:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return True
        except OSError:
            return False

    wait_until(up, 20, f"mailbot listening on {port}", alive=lambda: proc.poll() is None)


def smtp_config(tmp_path: Path, lmtp: bool = False, **limits: Any) -> tuple[Path, int]:
    port = free_port()
    cfg = write_config(tmp_path / "mailbot.yaml", events=EVENTS,
                       intake={"smtp": {"host": "127.0.0.1", "port": port, "lmtp": lmtp}},
                       outgoing={"maildir": str(tmp_path / "outbox")},
                       **({"limits": limits} if limits else {}))
    return cfg, port


def outbox(tmp_path: Path) -> list[Any]:
    box = mailbox.Maildir(tmp_path / "outbox", create=True)
    return [box[key] for key in box.keys()]


def test_smtp_listener_books_and_replies_into_maildir(tmp_path: Path) -> None:
    cfg, port = smtp_config(tmp_path, max_mail_bytes=64 * 1024)
    with daemon(cfg) as proc:
        wait_listening(port, proc)
        with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
            code, banner = smtp.ehlo()
            assert code == 250 and b"aiosmtpd" not in banner.lower()
            refused = smtp.sendmail("anna@stadt.example", [BOT],
                                    mail("anna@stadt.example", "Ich melde mich zum "
                                         "Interkommunalen Austausch an.", name="Anna Schmidt"))
            assert refused == {}
            # not our address: refused at RCPT, nothing stored
            with pytest.raises(smtplib.SMTPRecipientsRefused):
                smtp.sendmail("x@stadt.example", ["someone@else.example"], b"Subject: x\r\n\r\n")
            # over the size limit: 552, the sending server tells the sender
            with pytest.raises((smtplib.SMTPDataError, smtplib.SMTPSenderRefused,
                                smtplib.SMTPServerDisconnected)) as info:
                smtp.sendmail("big@stadt.example", [BOT], b"Subject: big\r\n\r\n"
                              + b"x" * 70 * 1024 + b"\r\n")
            if isinstance(info.value, smtplib.SMTPResponseException):
                assert info.value.smtp_code == 552
        wait_until(lambda: len(outbox(tmp_path)) == 1, 20, "the reply in the outbox",
                   alive=lambda: proc.poll() is None)
        (reply,) = outbox(tmp_path)
        assert reply["To"] == "Anna Schmidt <anna@stadt.example>"
        assert reply["Auto-Submitted"] == "auto-replied"
    assert proc.returncode == 0  # SIGTERM: a clean stop
    (row,) = registrations(cfg, "austausch")
    assert (row["email"], row["status"]) == ("anna@stadt.example", "confirmed")


def test_daemon_keeps_running_after_hostile_mail(tmp_path: Path) -> None:
    cfg, port = smtp_config(tmp_path)
    deep = b"From: deep@stadt.example\r\nSubject: x\r\nMIME-Version: 1.0\r\n" + b"".join(
        f"Content-Type: multipart/mixed; boundary=b{i}\r\n\r\n--b{i}\r\n".encode()
        for i in range(5000))
    with daemon(cfg) as proc:
        wait_listening(port, proc)
        with smtplib.SMTP("127.0.0.1", port, timeout=30) as smtp:
            smtp.sendmail("deep@stadt.example", [BOT], deep)
            junk = bytes(b for b in range(1, 256) if b not in b"\r\n") * 100
            smtp.sendmail("junk@stadt.example", [BOT],
                          b"\r\n".join(junk[i:i + 70] for i in range(0, len(junk), 70)))
            smtp.sendmail("fine@stadt.example", [BOT], mail(
                "fine@stadt.example", "Ich melde mich zum Interkommunalen Austausch an."))
        wait_until(lambda: any(m["To"] == "fine@stadt.example" for m in outbox(tmp_path)), 30,
                   "the reply to the good mail", alive=lambda: proc.poll() is None)
        assert proc.poll() is None
    inbox = json.loads(mailbot(cfg, "inbox", "--format", "json").stdout)
    assert len(inbox) == 3 and all(m["state"] == "done" and m["reason"] for m in inbox)


def test_lmtp_listener(tmp_path: Path) -> None:
    cfg, port = smtp_config(tmp_path, lmtp=True)
    with daemon(cfg) as proc:
        wait_listening(port, proc)
        with smtplib.LMTP("127.0.0.1", port, timeout=10) as lmtp:
            assert lmtp.sendmail("bert@stadt.example", [BOT],
                                 mail("bert@stadt.example", "Hiermit melde ich mich zum "
                                      "Interkommunalen Austausch an.")) == {}
        wait_until(lambda: len(outbox(tmp_path)) == 1, 20, "the reply in the outbox",
                   alive=lambda: proc.poll() is None)
    assert registrations(cfg, "austausch")[0]["email"] == "bert@stadt.example"


def test_imap_idle_daemon_survives_a_dropped_connection(
        tmp_path: Path, dovecot_server: Dovecot, imap_user: str, sink: SmtpSink) -> None:
    cfg = write_config(
        tmp_path / "mailbot.yaml", events=EVENTS,
        intake={"imap": {"host": dovecot_server.host, "port": dovecot_server.port,
                         "ssl": False, "username": imap_user, "password_env": "TEST_IMAP_PW",
                         "timeout": 10}},
        outgoing={"smtp": {"host": sink.host, "port": sink.port}})
    os.environ["TEST_IMAP_PW"] = "secret"
    try:
        with daemon(cfg) as proc:
            wait_until(lambda: imap_user in dovecot_server.who(), 20, "mailbot logged in",
                       alive=lambda: proc.poll() is None)
            dovecot_server.append(imap_user, "INBOX", mail(
                "idle@stadt.example", "Ich melde mich zum Interkommunalen Austausch an."),
                datetime.now(UTC))
            sink.wait_for(1, timeout=20)  # pushed by IDLE, no poll interval involved
            dovecot_server.kick(imap_user)
            dovecot_server.append(imap_user, "INBOX", mail(
                "after@stadt.example", "Ich melde mich zum Interkommunalen Austausch an."),
                datetime.now(UTC))
            sink.wait_for(2, timeout=30)
            dovecot_server.restart()
            dovecot_server.append(imap_user, "INBOX", mail(
                "restart@stadt.example", "Ich melde mich zum Interkommunalen Austausch an."),
                datetime.now(UTC))
            sink.wait_for(3, timeout=40)
        assert proc.returncode == 0
        assert {r["email"] for r in registrations(cfg, "austausch")} == {
            "idle@stadt.example", "after@stadt.example", "restart@stadt.example"}
    finally:
        os.environ.pop("TEST_IMAP_PW", None)
    log = (tmp_path / "daemon.log").read_text()
    assert "reconnecting" in log


def test_imap_polling_without_idle(tmp_path: Path, dovecot_server: Dovecot, imap_user: str,
                                   sink: SmtpSink) -> None:
    cfg = write_config(
        tmp_path / "mailbot.yaml", events=EVENTS,
        intake={"imap": {"host": dovecot_server.host, "port": dovecot_server.port,
                         "ssl": False, "username": imap_user, "password": "secret",
                         "idle": False, "poll_interval": 0.5, "after": "move:Erledigt"}},
        outgoing={"smtp": {"host": sink.host, "port": sink.port}})
    with daemon(cfg) as proc:
        wait_until(lambda: imap_user in dovecot_server.who(), 20, "mailbot logged in",
                   alive=lambda: proc.poll() is None)
        dovecot_server.append(imap_user, "INBOX", mail(
            "poll@stadt.example", "Ich melde mich zum Interkommunalen Austausch an."),
            datetime.now(UTC))
        sink.wait_for(1, timeout=20)
    with dovecot_server.client(imap_user) as imap:
        assert imap.select_folder("Erledigt")[b"EXISTS"] == 1


def test_readme_quickstart_mail_is_answered(tmp_path: Path) -> None:
    """README's first registration mail, against the shipped config/mailbot.yaml."""
    cfg_text = (ROOT / "config" / "mailbot.yaml").read_text()
    port = free_port()
    cfg_text = cfg_text.replace("port: 2525", f"port: {port}")
    cfg = tmp_path / "mailbot.yaml"
    cfg.write_text(cfg_text)
    sample = ROOT / "config" / "examples" / "anmeldung.eml"
    with daemon(cfg) as proc:
        wait_listening(port, proc)
        with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
            smtp.sendmail("j.mueller@stadt-beispiel.de", [BOT], sample.read_bytes())
        wait_until(lambda: len(outbox_at(tmp_path / "var" / "outbox")) == 1, 20, "reply",
                   alive=lambda: proc.poll() is None)
    (reply,) = outbox_at(tmp_path / "var" / "outbox")
    body = reply.get_payload(0).get_payload(decode=True).decode() if reply.is_multipart() \
        else reply.get_payload(decode=True).decode()
    assert "Interkommunaler Austausch der Allianz Smart City Dortmund" in body
    rows = json.loads(mailbot(cfg, "registrations", "interkommunaler-austausch",
                              "--format", "json").stdout)
    assert rows[0]["status"] == "confirmed" and rows[0]["email"] == "j.mueller@stadt-beispiel.de"


def outbox_at(path: Path) -> list[Any]:
    box = mailbox.Maildir(path, create=True)
    return [box[key] for key in box.keys()]


def test_sigterm_while_idle_stops_quickly(tmp_path: Path) -> None:
    cfg, port = smtp_config(tmp_path)
    with daemon(cfg) as proc:
        wait_listening(port, proc)
        start = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)
    assert proc.returncode == 0 and time.monotonic() - start < 15


def test_daemon_answers_a_waiting_burst_and_stops_cleanly(
        tmp_path: Path, dovecot_server: Dovecot, imap_user: str, sink: SmtpSink) -> None:
    """Thirty registrations wait in the mailbox when the daemon starts (it was down while
    the invitation went out): the replies are sent while the rest is decided; every
    person gets one reply, and SIGTERM leaves nothing behind."""
    for i in range(30):
        dovecot_server.append(imap_user, "INBOX", mail(
            f"p{i}@stadt.example", "Ich melde mich zum Interkommunalen Austausch an."),
            NOW - timedelta(minutes=60 - i))
    cfg = write_config(
        tmp_path / "mailbot.yaml",
        events=[event("austausch", "Interkommunaler Austausch", NOW + timedelta(days=30),
                      keywords=["Austausch"], capacity=20, waitlist=5)],
        intake={"imap": {"host": dovecot_server.host, "port": dovecot_server.port,
                         "ssl": False, "username": imap_user, "password": "secret"}},
        outgoing={"smtp": {"host": sink.host, "port": sink.port}})
    with daemon(cfg) as proc:
        sink.wait_for(30, timeout=60)
        time.sleep(0.5)  # nothing more may come
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)
    assert proc.returncode == 0
    assert sorted(r.rcpt_tos[0] for r in sink.received) == sorted(
        f"p{i}@stadt.example" for i in range(30))
    statuses = [r["status"] for r in registrations(cfg, "austausch")]
    assert statuses.count("confirmed") == 20 and statuses.count("waitlisted") == 5
    assert (tmp_path / "mailbot.db-sent").read_text() == ""  # every receipt is spent


def test_sigterm_in_the_middle_of_a_burst_stops_after_the_batch_and_loses_nothing(
        tmp_path: Path, dovecot_server: Dovecot, imap_user: str, sink: SmtpSink) -> None:
    """A service restart while a burst is being answered: the daemon stops after the
    batch at hand (what is in flight is sent and recorded), exits 0, and the next run
    answers the rest: every person gets exactly one reply."""
    n = 400
    for i in range(n):
        dovecot_server.append(imap_user, "INBOX", mail(
            f"p{i}@stadt.example", "Ich melde mich zum Interkommunalen Austausch an."),
            NOW - timedelta(minutes=n - i))
    cfg = write_config(
        tmp_path / "mailbot.yaml",
        events=[event("austausch", "Interkommunaler Austausch", NOW + timedelta(days=30),
                      keywords=["Austausch"], capacity=n)],
        intake={"imap": {"host": dovecot_server.host, "port": dovecot_server.port,
                         "ssl": False, "username": imap_user, "password": "secret"}},
        outgoing={"smtp": {"host": sink.host, "port": sink.port}})
    with daemon(cfg) as proc:
        sink.wait_for(20, timeout=60)
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    assert proc.returncode == 0
    stopped_at = len(sink.received)
    assert stopped_at < n, "the daemon answered everything before it stopped"
    mailbot(cfg, "run", "--once")
    counts = Counter(r.rcpt_tos[0] for r in sink.received)
    assert len(counts) == n and set(counts.values()) == {1}
    assert (tmp_path / "mailbot.db-sent").read_text() == ""
