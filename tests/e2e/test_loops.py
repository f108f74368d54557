"""No loops, no mailbombs (issue 10), against the real `mailbot run` daemon: its SMTP
listener takes the mails, the replies go to the sink, and small loops in the test play
the auto-responders that answer every reply they receive."""

from __future__ import annotations

import json
import smtplib
import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.e2e.test_daemon import daemon, wait_listening
from tests.servers.common import free_port, wait_until
from tests.servers.sink import Received, SmtpSink
from tests.support import BOT, event, mail, mailbot, write_config

pytestmark = pytest.mark.slow

NOW = datetime.now(UTC).replace(microsecond=0)
LIMIT = 5
LOOP_SECONDS = 30
FULL = event("austausch", "Interkommunaler Austausch", NOW + timedelta(days=30),
             keywords=["Austausch"], capacity=1, waitlist=0)
CLOSED = event("forum", "Deutschlandforum", NOW + timedelta(days=10), keywords=["Forum"],
               deadline=NOW - timedelta(days=1))
REGISTER = "Hiermit melde ich mich zum Interkommunalen Austausch an."


def setup(tmp_path: Path, sink: SmtpSink) -> tuple[Path, int]:
    port = free_port()
    cfg = write_config(tmp_path / "mailbot.yaml", events=[FULL, CLOSED],
                       intake={"smtp": {"host": "127.0.0.1", "port": port}},
                       outgoing={"smtp": {"host": sink.host, "port": sink.port}},
                       limits={"replies_per_sender_per_day": LIMIT})
    return cfg, port


def deliver(port: int, sender: str, raw: bytes) -> None:
    """Hand one mail to the daemon's listener; a temporary refusal (a rate limit of the
    listener) is tried again, as a sending server would."""
    end = time.monotonic() + 60
    while True:
        try:
            with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
                smtp.sendmail(sender, [BOT], raw)
            return
        except (smtplib.SMTPResponseException, smtplib.SMTPServerDisconnected) as exc:
            code = getattr(exc, "smtp_code", 421)
            if not 400 <= code < 500 or time.monotonic() > end:
                raise
            time.sleep(0.5)


def inbox(cfg: Path) -> list[dict[str, str]]:
    return json.loads(mailbot(cfg, "inbox", "--format", "json").stdout)


def all_done(cfg: Path, count: int) -> bool:
    rows = inbox(cfg)
    return len(rows) >= count and all(r["state"] == "done" for r in rows)


Answer = Callable[[Received], str]


class Responders(threading.Thread):
    """Header-less auto-responders: every reply the sink receives for one of them is
    answered at once with its fixed text (no Auto-Submitted, no In-Reply-To)."""

    def __init__(self, sink: SmtpSink, port: int, answers: dict[str, Answer]):
        super().__init__(daemon=True)
        self.sink, self.port, self.answers = sink, port, answers
        self.stop = threading.Event()
        self.sent: Counter[str] = Counter()
        self.errors: list[BaseException] = []

    def run(self) -> None:
        seen = 0
        while not self.stop.is_set():
            with self.sink.lock:
                new = self.sink.received[seen:]
                seen += len(new)
            for received in new:
                robot = received.rcpt_tos[0]
                if robot in self.answers:
                    subject = str(received.message["Subject"])
                    try:
                        deliver(self.port, robot, mail(robot, self.answers[robot](received),
                                                       subject=subject))
                    except BaseException as exc:  # noqa: BLE001 - reported by the test
                        self.errors.append(exc)
                    self.sent[robot] += 1
            time.sleep(0.05)


def test_header_less_auto_responders_against_a_full_event_get_at_most_the_daily_limit(
        tmp_path: Path, sink: SmtpSink) -> None:
    """Before issue 10 such a responder got 271 refusals in 60 s. Now: a responder that
    registers again and again is told "fully booked" once; one whose fixed text is asked
    back gets at most the daily limit; one that sends our text back gets no answer to it."""
    cfg, port = setup(tmp_path, sink)
    resend, ticket, echo = ("form@robot.example", "ticket@robot.example",
                            "echo@robot.example")
    answers: dict[str, Answer] = {
        resend: lambda _r: REGISTER,
        ticket: lambda _r: ("Ihre Nachricht ist eingegangen. Wir prüfen Ihr Anliegen zum "
                            "Austausch und melden uns."),
        echo: lambda r: "Automatische Antwort, Ihre Nachricht:\n\n" + r.text,
    }
    with daemon(cfg) as proc:
        wait_listening(port, proc)
        deliver(port, "first@stadt.example", mail("first@stadt.example", REGISTER))
        sink.wait_for(1, timeout=20)  # the one seat is taken
        loop = Responders(sink, port, answers)
        loop.start()
        for robot in answers:
            deliver(port, robot, mail(robot, REGISTER))
        time.sleep(LOOP_SECONDS)
        loop.stop.set()
        loop.join(timeout=30)
        wait_until(lambda: all_done(cfg, 1 + len(answers) + sum(loop.sent.values())), 30,
                   "every mail decided", alive=lambda: proc.poll() is None)
        time.sleep(1)  # anything still to send is sent
    assert not loop.errors
    print("responders sent", dict(loop.sent), "and got", dict(Counter(
        r.rcpt_tos[0] for r in sink.received)))
    got = Counter(r.rcpt_tos[0] for r in sink.received)
    kinds = {robot: [r.text.split("\n", 3)[2][:60] for r in sink.to(robot)] for robot in answers}
    assert got[resend] == 1 and "ausgebucht" in sink.to(resend)[0].text, kinds
    assert got[ticket] == LIMIT, kinds  # fully booked, then asked back until the limit
    assert got[echo] == 1, kinds  # fully booked; the echo of it is not answered
    assert all(got[robot] <= LIMIT for robot in answers)
    reasons = [r["reason"] for r in inbox(cfg)]
    assert sum("already told today" in r for r in reasons) == loop.sent[resend] >= 1
    assert sum(f"suppressed (over {LIMIT} a day)" in r for r in reasons) == 1
    assert sum("echo of mailbot's own reply" in r for r in reasons) == loop.sent[echo] == 1


def test_thirty_mails_with_reply_to_a_victim_get_the_victim_at_most_the_limit(
        tmp_path: Path, sink: SmtpSink) -> None:
    cfg, port = setup(tmp_path, sink)
    victim = "victim@stadt.example"
    texts = [REGISTER, "Hiermit melde ich mich zum Deutschlandforum an.",
             "Ihre Nachricht ist eingegangen. Wir prüfen Ihr Anliegen zum Austausch und "
             "melden uns."]
    with daemon(cfg) as proc:
        wait_listening(port, proc)
        deliver(port, "first@stadt.example", mail("first@stadt.example", REGISTER))
        sink.wait_for(1, timeout=20)
        for n in range(30):
            sender = f"mallory{n}@evil.example"
            deliver(port, sender, mail(sender, texts[n % 3], subject=f"Nachricht {n}",
                                       headers={"Reply-To": victim}))
        wait_until(lambda: all_done(cfg, 31), 60, "every mail decided",
                   alive=lambda: proc.poll() is None)
        time.sleep(1)
    to_victim = [r.text for r in sink.to(victim)]
    # before issue 10: 20 refusals and 10 more; now the limit, each refusal once
    assert len(to_victim) == LIMIT, [r["reason"] for r in inbox(cfg)]
    assert sum("ausgebucht" in t for t in to_victim) == 1
    assert sum("bereits geschlossen" in t for t in to_victim) == 1
    assert not any(r.rcpt_tos[0].startswith("mallory") for r in sink.received)
    reasons = [r["reason"] for r in inbox(cfg)]
    assert sum("already told today" in r or "suppressed" in r for r in reasons) == \
        30 - len(to_victim)
