"""The whole pipeline against a real Dovecot and a real SMTP receiver, via `mailbot run --once`.

Arrival times are simulated the way they really happen: APPEND with an explicit
INTERNALDATE. The `Date:` header and the order of APPENDs deliberately disagree with
the INTERNALDATE, to show that only the arrival at the server counts.
"""

from __future__ import annotations

import email.utils
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.servers.dovecot import Dovecot
from tests.servers.sink import Received, SmtpSink
from tests.support import BOT, event, mail, mailbot, registrations, write_config

pytestmark = pytest.mark.dovecot

NOW = datetime.now(UTC).replace(microsecond=0)


def config(tmp_path: Path, dovecot: Dovecot, user: str, sink: SmtpSink,
           events: list[dict[str, Any]], after: str = "flag", **extra: Any) -> Path:
    return write_config(
        tmp_path / "mailbot.yaml", events=events,
        intake={"imap": {"host": dovecot.host, "port": dovecot.port, "ssl": False,
                         "username": user, "password": "secret", "after": after,
                         "timeout": 10}},
        outgoing={"smtp": {"host": sink.host, "port": sink.port, "timeout": 5},
                  "retry_base": 0.01, "retry_max": 0.01, "max_attempts": 3},
        **extra)


def austausch(**kw: Any) -> dict[str, Any]:
    defaults: dict[str, Any] = {"capacity": 2, "waitlist": 1,
                                "deadline": NOW + timedelta(days=20),
                                "keywords": ["Austausch", "Dortmund"],
                                "ends": NOW + timedelta(days=30, hours=3)}
    return event("austausch", "Interkommunaler Austausch", NOW + timedelta(days=30),
                 **{**defaults, **kw})


def register(sender: str, name: str, **kw: Any) -> bytes:
    return mail(sender, "Hiermit melde ich mich zum Interkommunalen Austausch an.\n\n"
                        f"Mit freundlichen Grüßen\n{name}", name=name,
                subject="Anmeldung Interkommunaler Austausch", **kw)


def text_of(r: Received) -> str:
    return r.text


def one_reply(sink: SmtpSink, addr: str) -> Received:
    got = sink.to(addr)
    assert len(got) == 1, f"{addr}: {len(got)} replies"
    return got[0]


def test_first_come_is_internaldate_not_date_header_nor_append_order(
        tmp_path: Path, dovecot_server: Dovecot, imap_user: str, sink: SmtpSink) -> None:
    cfg = config(tmp_path, dovecot_server, imap_user, sink, [austausch()])
    t = NOW - timedelta(hours=1)
    # APPEND order C, A, D, B; arrival order A, B, C, D; Date: headers reversed.
    arrivals = {"a": 1, "b": 2, "c": 3, "d": 4}
    for who in ("c", "a", "d", "b"):
        raw = register(f"{who}@stadt.example", f"Person {who.upper()}",
                       date=t - timedelta(minutes=10 * arrivals[who]))
        dovecot_server.append(imap_user, "INBOX", raw, t + timedelta(minutes=arrivals[who]))

    out = mailbot(cfg, "run", "--once")
    assert "processed 4" in out.stdout
    sink.wait_for(4)
    rows = registrations(cfg, "austausch")
    assert [(r["email"], r["status"], r["waitlist_position"]) for r in rows] == [
        ("a@stadt.example", "confirmed", None),
        ("b@stadt.example", "confirmed", None),
        ("c@stadt.example", "waitlisted", 1),
        ("d@stadt.example", "refused", None),
    ]
    assert rows[0]["arrived_at"].endswith(("+01:00", "+02:00"))  # Europe/Berlin, with offset
    assert datetime.fromisoformat(rows[0]["arrived_at"]) == t + timedelta(minutes=1)
    assert "bestätigen wir" in text_of(one_reply(sink, "a@stadt.example"))
    assert "Warteliste" in text_of(one_reply(sink, "c@stadt.example"))
    assert "Position 1" in text_of(one_reply(sink, "c@stadt.example"))
    assert "ausgebucht" in text_of(one_reply(sink, "d@stadt.example"))

    # A second run sends nothing and books nothing new.
    sink.clear()
    out = mailbot(cfg, "run", "--once")
    assert "processed 0" in out.stdout and "sent 0" in out.stdout
    assert sink.received == []
    assert registrations(cfg, "austausch") == rows
    # The mails are flagged as stored, not marked \\Seen: people still see them as unread.
    with dovecot_server.client(imap_user) as imap:
        imap.select_folder("INBOX", readonly=True)
        flags = imap.get_flags(imap.search(["ALL"]))
        assert all(b"$MailbotStored" in f and b"\\Seen" not in f for f in flags.values())


def test_reply_headers(tmp_path: Path, dovecot_server: Dovecot, imap_user: str,
                       sink: SmtpSink) -> None:
    cfg = config(tmp_path, dovecot_server, imap_user, sink, [austausch()])
    raw = register("j.mueller@stadt.example", "Jürgen Müller", msgid="<orig-1@stadt.example>",
                   headers={"References": "<invitation@example.org>",
                            "Reply-To": "sekretariat@stadt.example"})
    dovecot_server.append(imap_user, "INBOX", raw, NOW - timedelta(minutes=5))
    mailbot(cfg, "run", "--once")
    (reply,) = sink.wait_for(1)
    msg = reply.message
    assert reply.rcpt_tos == ("sekretariat@stadt.example",)  # Reply-To wins
    assert msg["From"] == BOT
    assert msg["To"].addresses[0].addr_spec == "sekretariat@stadt.example"
    assert msg["Subject"] == "Re: Anmeldung Interkommunaler Austausch"
    assert msg["In-Reply-To"] == "<orig-1@stadt.example>"
    assert msg["References"] == "<invitation@example.org> <orig-1@stadt.example>"
    assert msg["Auto-Submitted"] == "auto-replied"
    assert msg["Message-ID"].startswith("<mailbot.") and msg["Message-ID"].endswith(
        "@example.org>")
    assert email.utils.parsedate_to_datetime(msg["Date"]) > NOW - timedelta(minutes=1)
    assert "Donnerstag" in reply.text or "," in reply.text  # German long date
    assert msg.get_body(("html",)) is not None


def test_header_injection_in_subject_and_name(tmp_path: Path, dovecot_server: Dovecot,
                                              imap_user: str, sink: SmtpSink) -> None:
    cfg = config(tmp_path, dovecot_server, imap_user, sink, [austausch()])
    raw = (b"From: =?utf-8?q?Eve=0D=0ABcc:_victim@evil.example?= <eve@stadt.example>\r\n"
           b"To: smartcity@example.org\r\n"
           b"Subject: =?utf-8?q?Anmeldung_Austausch=0D=0ABcc:_victim@evil.example?=\r\n"
           b"Message-ID: <inj@stadt.example>\r\n\r\n"
           b"Ich melde mich zum Interkommunalen Austausch an.\r\n")
    dovecot_server.append(imap_user, "INBOX", raw, NOW - timedelta(minutes=5))
    mailbot(cfg, "run", "--once")
    (reply,) = sink.wait_for(1)
    assert reply.rcpt_tos == ("eve@stadt.example",)
    msg = reply.message
    assert msg["Bcc"] is None
    assert "\n" not in msg["Subject"] and msg["Subject"].startswith("Re: Anmeldung Austausch")
    assert b"\r\nBcc:" not in reply.raw and b"\nBcc:" not in reply.raw


def test_deadline_and_opening_judged_by_arrival(tmp_path: Path, dovecot_server: Dovecot,
                                                imap_user: str, sink: SmtpSink) -> None:
    # The deadline has passed by now, and mailbot was "down" then: the mail that arrived
    # before the deadline still counts as on time.
    ev = austausch(deadline=NOW - timedelta(hours=1), capacity=5)
    later = event("lounge", "Innovators Lounge", NOW + timedelta(days=40),
                  keywords=["Lounge", "Norderstedt"], opens=NOW - timedelta(minutes=30))
    cfg = config(tmp_path, dovecot_server, imap_user, sink, [ev, later])
    dovecot_server.append(imap_user, "INBOX", register("early@stadt.example", "Early Bird"),
                          NOW - timedelta(hours=2))
    dovecot_server.append(imap_user, "INBOX", register("late@stadt.example", "Late Comer"),
                          NOW - timedelta(minutes=10))
    dovecot_server.append(imap_user, "INBOX",
                          mail("eager@stadt.example", "Ich melde mich für die Innovators Lounge "
                               "in Norderstedt an.", subject="Anmeldung Lounge"),
                          NOW - timedelta(hours=1))
    mailbot(cfg, "run", "--once")
    sink.wait_for(3)
    rows = {r["email"]: r for r in registrations(cfg, "austausch")}
    assert rows["early@stadt.example"]["status"] == "confirmed"
    assert rows["late@stadt.example"]["status"] == "refused"
    assert "Anmeldeschluss" in text_of(one_reply(sink, "late@stadt.example")) or \
        "geschlossen" in text_of(one_reply(sink, "late@stadt.example"))
    (eager,) = registrations(cfg, "lounge")
    assert eager["status"] == "refused"
    assert "noch nicht" in text_of(one_reply(sink, "eager@stadt.example"))


def test_cancel_promotes_from_waitlist_and_status(tmp_path: Path, dovecot_server: Dovecot,
                                                  imap_user: str, sink: SmtpSink) -> None:
    cfg = config(tmp_path, dovecot_server, imap_user, sink, [austausch(capacity=1, waitlist=3)])
    t = NOW - timedelta(hours=3)
    for i, who in enumerate(("anna", "bert", "cora"), start=1):
        dovecot_server.append(imap_user, "INBOX", register(f"{who}@stadt.example", who.title()),
                              t + timedelta(minutes=i))
    mailbot(cfg, "run", "--once")
    sink.wait_for(3)
    # Anna cancels by replying to her confirmation: that proves it is her (issue 10)
    confirmation = str(one_reply(sink, "anna@stadt.example").message["Message-ID"])
    sink.clear()
    dovecot_server.append(imap_user, "INBOX",
                          mail("anna@stadt.example", "Ich muss meine Teilnahme am "
                               "Interkommunalen Austausch leider absagen.", subject="Re: Anmeldung",
                               headers={"In-Reply-To": confirmation, "References": confirmation}),
                          t + timedelta(minutes=10))
    dovecot_server.append(imap_user, "INBOX",
                          mail("cora@stadt.example", "Bin ich für den Interkommunalen Austausch "
                               "angemeldet?", subject="Frage zur Anmeldung"),
                          t + timedelta(minutes=11))
    mailbot(cfg, "run", "--once")
    sink.wait_for(3)
    rows = {r["email"]: r for r in registrations(cfg, "austausch")}
    assert rows["anna@stadt.example"]["status"] == "cancelled"
    assert rows["bert@stadt.example"]["status"] == "confirmed"
    assert (rows["cora@stadt.example"]["status"], rows["cora@stadt.example"][
        "waitlist_position"]) == ("waitlisted", 1)
    assert "storniert" in text_of(one_reply(sink, "anna@stadt.example")).lower() or \
        "abgemeldet" in text_of(one_reply(sink, "anna@stadt.example")).lower()
    moved = one_reply(sink, "bert@stadt.example")
    assert "Warteliste" in moved.text and "bestätigt" in moved.text
    status = text_of(one_reply(sink, "cora@stadt.example"))
    assert "Warteliste" in status and "Position 1" in status


def test_duplicate_unclear_and_automatic(tmp_path: Path, dovecot_server: Dovecot,
                                         imap_user: str, sink: SmtpSink) -> None:
    lounge = event("lounge", "Innovators Lounge", NOW + timedelta(days=40),
                   keywords=["Lounge", "Norderstedt"])
    cfg = config(tmp_path, dovecot_server, imap_user, sink, [austausch(), lounge])
    t = NOW - timedelta(hours=2)
    dovecot_server.append(imap_user, "INBOX", register("anna@stadt.example", "Anna"), t)
    dovecot_server.append(imap_user, "INBOX", register("anna@stadt.example", "Anna"),
                          t + timedelta(minutes=1))
    dovecot_server.append(imap_user, "INBOX", mail("who@stadt.example", "Ich möchte mich gerne "
                                                   "anmelden."), t + timedelta(minutes=2))
    dovecot_server.append(imap_user, "INBOX", register(
        "away@stadt.example", "Away", headers={"Auto-Submitted": "auto-replied"},
    ), t + timedelta(minutes=3))
    dovecot_server.append(imap_user, "INBOX", mail(
        "list@stadt.example", "Newsletter: Anmeldung zum Austausch", headers={
            "List-Id": "<news.stadt.example>"}), t + timedelta(minutes=4))
    dovecot_server.append(imap_user, "INBOX", mail(
        BOT, "Ich melde mich zum Austausch an."), t + timedelta(minutes=5))
    mailbot(cfg, "run", "--once")
    sink.wait_for(3)
    assert len(sink.received) == 3
    rows = registrations(cfg, "austausch")
    assert [(r["email"], r["seats"], r["status"]) for r in rows] == [
        ("anna@stadt.example", 1, "confirmed")]
    assert len(sink.to("anna@stadt.example")) == 2
    assert "bereits" in sink.to("anna@stadt.example")[1].text
    unclear = text_of(one_reply(sink, "who@stadt.example"))
    assert "Interkommunaler Austausch" in unclear and "Innovators Lounge" in unclear
    assert registrations(cfg, "lounge") == []
    inbox = {m["from"]: m for m in json.loads(
        mailbot(cfg, "inbox", "--format", "json").stdout)}
    assert len(inbox) == 5 or len(inbox) == 6
    ignored = [m for m in inbox.values() if m["outcome"] == "ignored"]
    reasons = " | ".join(m["reason"] for m in ignored)
    assert len(ignored) == 3, reasons
    assert "Auto-Submitted" in reasons and "List-Id" in reasons and "own address" in reasons
    assert all(m["state"] == "done" for m in inbox.values())


def test_after_move_and_after_none(tmp_path: Path, dovecot_server: Dovecot, imap_user: str,
                                   sink: SmtpSink) -> None:
    cfg = config(tmp_path, dovecot_server, imap_user, sink, [austausch(capacity=10)],
                 after="move:Erledigt")
    dovecot_server.append(imap_user, "INBOX", register("m@stadt.example", "M"),
                          NOW - timedelta(minutes=3))
    mailbot(cfg, "run", "--once")
    sink.wait_for(1)
    with dovecot_server.client(imap_user) as imap:
        assert imap.select_folder("INBOX")[b"EXISTS"] == 0
        assert imap.select_folder("Erledigt")[b"EXISTS"] == 1

    (tmp_path / "none").mkdir()
    cfg2 = config(tmp_path / "none", dovecot_server, imap_user, sink, [austausch(capacity=10)],
                  after="none")
    dovecot_server.append(imap_user, "INBOX", register("n@stadt.example", "N"),
                          NOW - timedelta(minutes=2))
    mailbot(cfg2, "run", "--once")
    mailbot(cfg2, "run", "--once")
    sink.wait_for(2)
    assert len(sink.to("n@stadt.example")) == 1
    with dovecot_server.client(imap_user) as imap:
        imap.select_folder("INBOX")
        assert imap.get_flags(imap.search(["ALL"])) != {}


def test_smtp_failures_are_retried_or_failed(tmp_path: Path, dovecot_server: Dovecot,
                                             imap_user: str, sink: SmtpSink) -> None:
    cfg = config(tmp_path, dovecot_server, imap_user, sink, [austausch(capacity=10)])
    dovecot_server.append(imap_user, "INBOX", register("r@stadt.example", "R"),
                          NOW - timedelta(minutes=3))
    sink.fail_with = "451 4.3.0 Try again later"
    out = mailbot(cfg, "run", "--once")
    assert "retry 1" in out.stdout and sink.refused == 1
    sink.fail_with = None
    out = mailbot(cfg, "run", "--once")
    assert "sent 1" in out.stdout
    assert len(sink.to("r@stadt.example")) == 1

    dovecot_server.append(imap_user, "INBOX", register("p@stadt.example", "P"),
                          NOW - timedelta(minutes=2))
    sink.fail_with = "550 5.1.1 No such user"
    out = mailbot(cfg, "run", "--once")
    assert "failed 1" in out.stdout
    sink.fail_with = None
    out = mailbot(cfg, "run", "--once")
    assert "sent 0" in out.stdout  # a 5xx is final
    inbox = json.loads(mailbot(cfg, "inbox", "--format", "json").stdout)
    (failed,) = [r for m in inbox for r in m["replies"] if r["state"] == "failed"]
    assert failed["to"] == "p@stadt.example" and "550" in failed["error"]


def test_refused_connection_is_retried(tmp_path: Path, dovecot_server: Dovecot,
                                       imap_user: str, sink: SmtpSink) -> None:
    cfg = config(tmp_path, dovecot_server, imap_user, sink, [austausch(capacity=10)])
    text = cfg.read_text().replace(f"port: {sink.port}", "port: 1")
    cfg.write_text(text)
    dovecot_server.append(imap_user, "INBOX", register("x@stadt.example", "X"),
                          NOW - timedelta(minutes=3))
    out = mailbot(cfg, "run", "--once")
    assert "retry 1" in out.stdout
    cfg.write_text(text.replace("port: 1\n", f"port: {sink.port}\n"))
    out = mailbot(cfg, "run", "--once")
    assert "sent 1" in out.stdout and len(sink.to("x@stadt.example")) == 1


def test_reply_is_well_formed(tmp_path: Path, dovecot_server: Dovecot, imap_user: str,
                              sink: SmtpSink) -> None:
    cfg = config(tmp_path, dovecot_server, imap_user, sink, [austausch()])
    dovecot_server.append(imap_user, "INBOX", register("w@stadt.example", "Wilma Weiß"),
                          NOW - timedelta(minutes=5))
    mailbot(cfg, "run", "--once")
    (reply,) = sink.wait_for(1)
    head = reply.raw.split(b"\r\n\r\n", 1)[0]
    assert head.count(b"MIME-Version:") == 1
    assert reply.raw.count(b"MIME-Version:") == 1
    msg = reply.message
    assert msg["Date"].datetime.utcoffset() in (timedelta(hours=1), timedelta(hours=2))
    assert msg["To"].addresses[0].display_name == "Wilma Weiß"
    assert all(len(line) <= 998 for line in reply.raw.split(b"\r\n"))  # RFC 5322 2.1.1
