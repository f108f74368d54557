"""A bounce, end to end, as it happens to an admin: `mailbot run` with its SMTP listener,
replies to a real SMTP server (the sink). A confirmation goes out, the recipient's server
returns a DSN for it over the listener (MAIL FROM:<>), the address shows undeliverable,
the organisers get a notice, a later reply to it is not sent, and a mail from it clears
the mark."""

from __future__ import annotations

import json
import smtplib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.bouncemail import dsn
from tests.e2e.test_daemon import daemon, wait_listening
from tests.servers.common import free_port, wait_until
from tests.servers.sink import SmtpSink
from tests.support import BOT, event, mail, mailbot, registrations, write_config

pytestmark = pytest.mark.slow

NOW = datetime.now(UTC).replace(microsecond=0)
ANNA, BERT = "anna.schmidt@stadt-ulm.de", "bert@kreis-soest.de"
EVENTS = [
    event("austausch", "Interkommunaler Austausch", NOW + timedelta(days=30), capacity=10,
          keywords=["Austausch"], organisers=["orga@example.org"]),
    event("forum", "Deutschlandforum", NOW + timedelta(days=40), capacity=1, waitlist=2,
          keywords=["Deutschlandforum"], organisers=["forum@example.org"]),
]


def deliver(port: int, sender: str, raw: bytes) -> None:
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
        assert smtp.sendmail(sender, [BOT], raw) == {}


def inbox(cfg: Path) -> list[dict[str, Any]]:
    return json.loads(mailbot(cfg, "inbox", "--format", "json").stdout)


def test_a_dsn_over_the_listener_marks_the_address_until_it_writes_again(
        tmp_path: Path, sink: SmtpSink) -> None:
    port = free_port()
    cfg = write_config(tmp_path / "mailbot.yaml", events=EVENTS,
                       intake={"smtp": {"host": "127.0.0.1", "port": port}},
                       outgoing={"smtp": {"host": sink.host, "port": sink.port}})
    with daemon(cfg) as proc:
        alive = lambda: proc.poll() is None  # noqa: E731
        wait_listening(port, proc)

        def arrives(count: int, what: str) -> None:
            wait_until(lambda: len(sink.received) >= count, 30, what, alive=alive)

        deliver(port, BERT, mail(BERT, "Ich melde mich zum Deutschlandforum an.\n\nBert Becker"))
        arrives(1, "Bert's confirmation")
        deliver(port, ANNA, mail(ANNA, "Ich melde mich zum Deutschlandforum an.\n\nAnna Schmidt"))
        arrives(2, "Anna's waitlist notice")
        deliver(port, ANNA, mail(ANNA, "Hiermit melde ich mich zum Interkommunalen Austausch "
                                 "an.\n\nAnna Schmidt"))
        arrives(3, "Anna's confirmation")
        confirmation = sink.received[2]
        assert confirmation.rcpt_tos == (ANNA,) and "Gern bestätigen wir" in confirmation.text

        # her server refuses it for good: a DSN for that Message-ID, with a null sender
        deliver(port, "", dsn(confirmation.raw, ANNA))
        wait_until(lambda: sink.to("orga@example.org") and sink.to("forum@example.org"), 30,
                   "the organisers' notices", alive=alive)
        (notice,) = sink.to("orga@example.org")
        assert notice.message["Subject"] == "Unzustellbar: Anmeldung zu Interkommunaler Austausch"
        assert ANNA in notice.text and "5.1.1" in notice.text
        assert registrations(cfg, "austausch")[0]["undeliverable"] is True
        assert registrations(cfg, "forum")[1]["undeliverable"] is True

        # Bert cancels: Anna moves up on the forum, but nothing is sent to her
        # (a reply to his confirmation: the proof that the cancellation is his)
        ours = sink.to(BERT)[0].message["Message-ID"]
        deliver(port, BERT, mail(BERT, "Ich muss meine Anmeldung zum Deutschlandforum leider "
                                 "stornieren.\n\nBert Becker", subject="Re: Anmeldung",
                                 headers={"In-Reply-To": ours, "References": ours}))
        wait_until(lambda: len(sink.to(BERT)) == 2, 30, "Bert's cancellation", alive=alive)
        wait_until(lambda: inbox(cfg)[-1]["state"] == "done", 30, "the cancellation decided")
        moved = [r for r in inbox(cfg)[-1]["replies"] if r["to"] == ANNA]
        assert [(r["kind"], r["state"]) for r in moved] == [("moved_up", "failed")]
        assert "undeliverable" in moved[0]["error"]
        assert registrations(cfg, "forum")[1]["status"] == "confirmed"
        assert len(sink.to(ANNA)) == 2  # the waitlist notice and the confirmation only

        # she writes again: the mark is gone and she is answered
        deliver(port, ANNA, mail(ANNA, "Bin ich für das Deutschlandforum angemeldet?\n\n"
                                 "Anna Schmidt", subject="Frage"))
        wait_until(lambda: len(sink.to(ANNA)) == 3, 30, "the answer to Anna", alive=alive)
        assert registrations(cfg, "forum")[1]["undeliverable"] is False
        assert not any(r.rcpt_tos == ("",) or "mailer-daemon" in r.rcpt_tos[0].lower()
                       for r in sink.received)  # the bounce was never answered
    assert proc.returncode == 0
