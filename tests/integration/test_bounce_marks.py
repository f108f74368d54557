"""Bounces of mailbot's own mails, through the real `mailbot` command (inject, run --once,
registrations, inbox) with SQLite and a reply Maildir: the address is marked
undeliverable, the organisers are told, nothing more goes to it until it writes again,
and bounces that are not about our mail, or only delays, change nothing."""

from __future__ import annotations

import csv
import io
import json
import mailbox
import re
import sqlite3
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

from mailbot.cli import main
from tests.bouncemail import dsn, qmail
from tests.support import event, mail, write_config

NOW = datetime.now(UTC).replace(microsecond=0)
ANNA = "anna.schmidt@stadt-ulm.de"
BERT = "bert@kreis-soest.de"
EVENTS = [
    event("austausch", "Interkommunaler Austausch", NOW + timedelta(days=30), capacity=1,
          waitlist=2, keywords=["Austausch"], organisers=["orga@example.org"]),
    event("forum", "Deutschlandforum", NOW + timedelta(days=40), capacity=20,
          keywords=["Deutschlandforum"], organisers=["forum@example.org"]),
]


class Bot:
    def __init__(self, tmp: Path, capsys: pytest.CaptureFixture[str], **outgoing: Any):
        self.tmp, self.capsys = tmp, capsys
        self.config = write_config(tmp / "mailbot.yaml", events=EVENTS,
                                   intake={"smtp": {"port": 2599}},
                                   outgoing=outgoing or {"maildir": str(tmp / "outbox")})
        self.clock = NOW - timedelta(hours=5)
        self.count = 0

    def cli(self, *args: str) -> str:
        self.capsys.readouterr()
        assert main(["--config", str(self.config), *args]) == 0
        return self.capsys.readouterr().out

    def send(self, raw: bytes) -> None:
        self.count += 1
        self.clock += timedelta(minutes=1)
        path = self.tmp / f"in-{self.count}.eml"
        path.write_bytes(raw)
        self.cli("inject", str(path), "--at", self.clock.isoformat())
        self.cli("run", "--once")

    def sent(self, to: str | None = None) -> list[tuple[bytes, EmailMessage]]:
        box = mailbox.Maildir(self.tmp / "outbox", create=True)
        out = []
        for key in sorted(box.keys(), key=lambda k: [int(x) for x in re.findall(r"\d+", k)[:2]]):
            raw = box.get_bytes(key)
            msg = message_from_bytes(raw, policy=policy.default)
            assert isinstance(msg, EmailMessage)
            if to is None or msg["To"].addresses[0].addr_spec == to:
                out.append((raw, msg))
        return out

    def registrations(self, event_id: str = "austausch") -> dict[str, dict[str, Any]]:
        rows = json.loads(self.cli("registrations", event_id, "--format", "json"))
        return {r["email"]: r for r in rows}

    def inbox(self) -> list[dict[str, Any]]:
        return json.loads(self.cli("inbox", "--format", "json"))


def body(msg: EmailMessage) -> str:
    part = msg.get_body(("plain",))
    assert part is not None
    return str(part.get_content())


@pytest.fixture
def bot(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Bot:
    return Bot(tmp_path, capsys)


def register(bot: Bot, sender: str, name: str, what: str = "Interkommunalen Austausch") -> None:
    bot.send(mail(sender, f"Hiermit melde ich mich zum {what} an.\n\nViele Grüße\n{name}",
                  name=name))


def test_a_dsn_for_our_confirmation_marks_the_address_and_tells_the_organisers(
        bot: Bot) -> None:
    register(bot, ANNA, "Anna Schmidt")
    ((confirmation, _),) = bot.sent(ANNA)
    bot.send(dsn(confirmation, ANNA))

    assert bot.registrations()[ANNA]["undeliverable"] is True
    csv_rows = list(csv.DictReader(io.StringIO(
        bot.cli("registrations", "austausch", "--format", "csv"))))
    assert csv_rows[0]["undeliverable"] == "True"
    table = bot.cli("registrations", "austausch").splitlines()
    assert "undeliverable" in table[0] and table[1].rstrip().endswith("yes")

    (notice_raw, notice), = bot.sent("orga@example.org")
    assert notice["Subject"] == "Unzustellbar: Anmeldung zu Interkommunaler Austausch"
    assert notice["Auto-Submitted"] == "auto-generated"
    text = body(notice)
    assert f"Adresse: {ANNA}" in text and "5.1.1" in text and "Anmeldung: bestätigt" in text
    assert b"Undelivered Mail Returned to Sender" in notice_raw  # the report is attached
    assert [m["To"] for _, m in bot.sent()] == ["Anna Schmidt <anna.schmidt@stadt-ulm.de>",
                                               "orga@example.org"]  # the bounce: no answer
    bounce_row = bot.inbox()[-1]
    assert bounce_row["outcome"] == "ignored"
    assert "address marked undeliverable" in bounce_row["reason"]
    confirmation_row = bot.inbox()[0]["replies"][0]
    assert confirmation_row["state"] == "sent" and "bounced (5.1.1)" in confirmation_row["error"]


def test_nothing_more_is_sent_to_the_address_until_a_mail_from_it_arrives(bot: Bot) -> None:
    register(bot, BERT, "Bert Becker")  # takes the one seat
    register(bot, ANNA, "Anna Schmidt")  # waitlisted
    ((waitlisted, _),) = bot.sent(ANNA)
    bot.send(qmail(waitlisted, ANNA))  # a text bounce, the original quoted below
    assert bot.registrations()[ANNA]["undeliverable"] is True

    # Bert cancels: Anna moves up, but the notice is not sent, and both records say why
    # (a reply to his confirmation: the proof that the cancellation is his)
    ((_, confirmed),) = bot.sent(BERT)
    ours = confirmed["Message-ID"]
    bot.send(mail(BERT, "Ich muss meine Anmeldung zum Interkommunalen Austausch leider "
                  "stornieren.\n\nBert Becker", name="Bert Becker", subject="Re: Anmeldung",
                  headers={"In-Reply-To": ours, "References": ours}))
    assert bot.registrations()[ANNA]["status"] == "confirmed"
    assert len(bot.sent(ANNA)) == 1
    cancel_row = bot.inbox()[-1]
    (moved,) = [r for r in cancel_row["replies"] if r["to"] == ANNA]
    assert (moved["kind"], moved["state"]) == ("moved_up", "failed")
    assert "undeliverable" in moved["error"] and "until a new mail arrives" in moved["error"]
    assert f"reply to {ANNA} not sent: the address is undeliverable" in cancel_row["reason"]

    # her out-of-office is no sign of life; a mail she writes is
    bot.send(mail(ANNA, "Ich bin bis Montag nicht im Büro.", subject="Abwesenheitsnotiz",
                  headers={"Auto-Submitted": "auto-replied"}))
    assert bot.registrations()[ANNA]["undeliverable"] is True
    bot.send(mail(ANNA, "Bin ich für den Interkommunalen Austausch angemeldet?\n\nAnna Schmidt",
                  subject="Frage zur Anmeldung", name="Anna Schmidt"))
    assert bot.registrations()[ANNA]["undeliverable"] is False
    assert len(bot.sent(ANNA)) == 2  # the status answer went out


def test_a_bounce_without_our_message_id_is_matched_by_recipient_and_time(bot: Bot) -> None:
    register(bot, ANNA, "Anna Schmidt")
    bot.clock = datetime.now(UTC) - timedelta(minutes=1)  # the bounce comes after sending
    bot.send(dsn(None, ANNA, include="none"))
    assert bot.registrations()[ANNA]["undeliverable"] is True
    assert len(bot.sent("orga@example.org")) == 1
    # a bounce naming someone we wrote to more than a week before is not about our mail
    register(bot, BERT, "Bert Becker")
    bot.clock = datetime.now(UTC) + timedelta(days=8)
    bot.send(dsn(None, BERT, include="none"))
    assert bot.registrations()[BERT]["undeliverable"] is False


def test_a_delay_warning_changes_nothing(bot: Bot) -> None:
    register(bot, ANNA, "Anna Schmidt")
    ((confirmation, _),) = bot.sent(ANNA)
    bot.send(dsn(confirmation, ANNA, action="delayed", status="4.4.1",
                 diagnostic="smtp; 451 4.4.1 <{r}>: connection timed out"))
    assert bot.registrations()[ANNA]["undeliverable"] is False
    row = bot.inbox()[-1]
    # ignored as automatic mail (by its null sender or its Auto-Submitted header)
    assert row["outcome"] == "ignored" and "marked undeliverable" not in row["reason"]
    assert row["reason"].startswith(("Auto-Submitted", "null envelope sender"))
    assert len(bot.sent()) == 1


def test_a_bounce_about_mail_that_is_not_ours_stays_ignored_as_automatic(bot: Bot) -> None:
    register(bot, ANNA, "Anna Schmidt")
    bot.clock = datetime.now(UTC) - timedelta(minutes=1)  # the bounces come after sending
    foreign = mail("someone@stadt-ulm.de", "Hallo", to=ANNA)  # not our mail: backscatter
    bot.send(dsn(foreign, "nobody@elsewhere.example", include="message"))
    bot.send(dsn(foreign, ANNA, include="message"))  # our recipient, not our message
    assert bot.registrations()[ANNA]["undeliverable"] is False
    rows = bot.inbox()[-2:]
    assert all(r["outcome"] == "ignored" and "marked undeliverable" not in r["reason"]
               and r["reason"].startswith(("Auto-Submitted", "null envelope sender"))
               for r in rows)
    assert len(bot.sent()) == 1


def test_the_german_exchange_ndr_from_the_corpus_marks_the_address(bot: Bot) -> None:
    koenig = "s.koenig@stadt-musterhausen.de"
    register(bot, koenig, "Sabine König")
    ((confirmation, msg),) = bot.sent(koenig)
    ndr = (Path(__file__).parents[1] / "data" / "corpus" / "126-unzustellbar-exchange-ndr.eml"
           ).read_bytes().replace(b"<mailbot.b18d4e0f7a25@example.org>",
                                  str(msg["Message-ID"]).encode())
    bot.send(ndr)
    assert bot.registrations()[koenig]["undeliverable"] is True
    (_, notice), = bot.sent("orga@example.org")
    assert "5.1.10" in body(notice)


def test_replies_still_due_when_the_bounce_arrives_are_not_sent(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # the outgoing server is down: replies stay due (retry)
    bot = Bot(tmp_path, capsys, smtp={"host": "127.0.0.1", "port": 9, "timeout": 1})
    register(bot, ANNA, "Anna Schmidt")
    register(bot, ANNA, "Anna Schmidt", "Deutschlandforum")
    db = sqlite3.connect(tmp_path / "mailbot.db")
    first_id, = db.execute("SELECT message_id FROM outgoing ORDER BY id LIMIT 1").fetchone()
    original = f"Message-ID: {first_id}\r\nTo: {ANNA}\r\n\r\nx".encode()
    bot.send(dsn(original, ANNA))
    states = db.execute("SELECT kind, state, last_error FROM outgoing WHERE recipient = ? "
                        "ORDER BY id", (ANNA,)).fetchall()
    assert [(k, s) for k, s, _ in states] == [("confirmed", "failed"), ("confirmed", "failed")]
    assert all("undeliverable" in (e or "") for _, _, e in states)
    assert bot.registrations("forum")[ANNA]["undeliverable"] is True
