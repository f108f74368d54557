"""Issue 10.1, as an attacker tries it: nobody cancels (or sees) someone else's booking.

The real `mailbot run` daemon with its SMTP listener; its replies go to the aiosmtpd
receiver the suite starts. Alice books; Mallory forges her From, or sets Reply-To to
her, or replies to a Message-ID she guessed or got for herself.
"""

from __future__ import annotations

import re
import secrets
import smtplib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.test_daemon import daemon, wait_listening
from tests.servers.common import free_port, wait_until
from tests.servers.sink import Received, SmtpSink
from tests.support import BOT, event, mail, mailbot, registrations, write_config

pytestmark = pytest.mark.slow

NOW = datetime.now(UTC).replace(microsecond=0)
ALICE, BOB, MALLORY = "alice@stadt.example", "bob@stadt.example", "mallory@evil.example"
EVENTS = [event("austausch", "Interkommunaler Austausch", NOW + timedelta(days=30),
                keywords=["Austausch"], capacity=1, waitlist=2)]
MX = "mx.example.org"


class Desk:
    """The daemon listening on a port, its replies arriving at the sink."""

    def __init__(self, tmp_path: Path, sink: SmtpSink, **extra: Any):
        self.port = free_port()
        self.sink = sink
        self.config = write_config(
            tmp_path / "mailbot.yaml", events=EVENTS,
            intake={"smtp": {"host": "127.0.0.1", "port": self.port}},
            outgoing={"smtp": {"host": sink.host, "port": sink.port}}, **extra)

    @contextmanager
    def running(self) -> Iterator[None]:
        with daemon(self.config) as proc:
            wait_listening(self.port, proc)
            self.proc = proc
            yield
        assert proc.returncode == 0

    def deliver(self, envelope_from: str, raw: bytes, replies: int = 1) -> list[Received]:
        """Deliver one mail; wait for ``replies`` more mails at the sink; return them."""
        before = len(self.sink.received)
        with smtplib.SMTP("127.0.0.1", self.port, timeout=10) as smtp:
            assert smtp.sendmail(envelope_from, [BOT], raw) == {}
        if replies:
            return self.sink.wait_for(before + replies, timeout=30)[before:]
        # no reply is due: wait until the mail is decided; it has no reply to send
        wait_until(lambda: self.decided(), 30, "the mail decided",
                   alive=lambda: self.proc.poll() is None)
        assert self.inbox()[-1]["replies"] == [] and len(self.sink.received) == before
        return []

    def decided(self) -> bool:
        return all(m["state"] == "done" for m in self.inbox())

    def inbox(self) -> list[dict[str, Any]]:
        import json
        return json.loads(mailbot(self.config, "inbox", "--format", "json").stdout)

    def status(self) -> dict[str, str]:
        return {r["email"]: r["status"] for r in registrations(self.config, "austausch")}


def book(desk: Desk, who: str, name: str) -> Received:
    (confirmation,) = desk.deliver(who, mail(who, "Ich melde mich zum Interkommunalen "
                                             "Austausch an.", name=name))
    return confirmation


def reply_to(received: Received, sender: str, body: str, **headers: str) -> bytes:
    msgid = str(received.message["Message-ID"])
    return mail(sender, body, subject="Re: " + str(received.message["Subject"]).strip(),
                headers={"In-Reply-To": msgid, "References": msgid, **headers})


def is_request(received: Received) -> bool:
    return "Bitte bestätigen" in str(received.message["Subject"])


CANCEL = "Ich kann leider nicht zum Interkommunalen Austausch kommen und sage hiermit ab."


def test_a_forged_from_cancels_nothing_and_the_owners_reply_to_the_request_does(
        tmp_path: Path, sink: SmtpSink) -> None:
    desk = Desk(tmp_path, sink)
    with desk.running():
        book(desk, ALICE, "Alice Adler")
        book(desk, BOB, "Bob Berg")  # capacity 1: Bob waits
        (request,) = desk.deliver(MALLORY, mail(ALICE, CANCEL, name="Alice Adler"))
        assert request.rcpt_tos == (ALICE,) and is_request(request)
        assert "abgemeldet" not in request.text.split("\n\n")[0]
        assert "Wenn Sie das waren, antworten Sie bitte einfach auf diese E-Mail" in request.text
        assert desk.status() == {ALICE: "confirmed", BOB: "waitlisted"}
        # the same forged mail again: the owner is not asked twice
        desk.deliver(MALLORY, mail(ALICE, CANCEL, name="Alice Adler"), replies=0)
        # Alice replies to the request: now it is done, and Bob moves up
        out = desk.deliver(ALICE, reply_to(request, ALICE, "Ja, das war ich."), replies=2)
        assert sorted(r.rcpt_tos[0] for r in out) == [ALICE, BOB]
        assert "storniert" in next(r.text for r in out if r.rcpt_tos == (ALICE,))
        assert "nachgerückt" in next(r.text for r in out if r.rcpt_tos == (BOB,))
        assert desk.status() == {ALICE: "cancelled", BOB: "confirmed"}
        # a second reply to the same request changes nothing more
        desk.deliver(ALICE, reply_to(request, ALICE, "Ja."), replies=0)
    outcomes = [(m["outcome"], m["reason"]) for m in desk.inbox()]
    assert outcomes[2][0] == "answered" and "asked to confirm by reply" in outcomes[2][1]
    assert outcomes[4] == ("booked", "cancel: cancelled")


def test_the_reply_to_trick_asks_the_owner_never_the_reply_to_address(
        tmp_path: Path, sink: SmtpSink) -> None:
    desk = Desk(tmp_path, sink)
    with desk.running():
        book(desk, ALICE, "Alice Adler")
        # Mallory writes as herself, answers to go to Alice: Alice is asked, nothing changes
        (request,) = desk.deliver(MALLORY, mail(MALLORY, CANCEL, headers={"Reply-To": ALICE}))
        assert request.rcpt_tos == (ALICE,) and is_request(request)
        # forged From, answers to Mallory: the request still goes to Alice, Mallory gets nothing
        (second,) = desk.deliver(MALLORY, mail(ALICE, "Bitte streichen Sie meine Anmeldung "
                                               "zum Interkommunalen Austausch.",
                                               headers={"Reply-To": MALLORY}))
        assert second.rcpt_tos == (ALICE,) and is_request(second)
        assert sink.to(MALLORY) == [] and desk.status() == {ALICE: "confirmed"}
        # Mallory replies to Alice's request (say she saw its Message-ID): it does not count
        desk.deliver(MALLORY, reply_to(request, MALLORY, "Ja."), replies=0)
        assert desk.status() == {ALICE: "confirmed"}
        # the owner's reply cancels
        (done,) = desk.deliver(ALICE, reply_to(second, ALICE, "Ja, bitte absagen."))
        assert done.rcpt_tos == (ALICE,) and "storniert" in done.text
        assert desk.status() == {ALICE: "cancelled"}


def test_a_reply_to_a_guessed_or_borrowed_message_id_does_not_count(
        tmp_path: Path, sink: SmtpSink) -> None:
    desk = Desk(tmp_path, sink)
    with desk.running():
        confirmation = book(desk, ALICE, "Alice Adler")
        mallorys = book(desk, MALLORY, "Mallory Mock")
        ours = str(confirmation.message["Message-ID"])
        nonce, domain = re.fullmatch(r"<mailbot\.([0-9a-f]{16})\.[0-9a-f]{24}@(.+)>", ours).groups()
        guesses = [
            f"<mailbot.{nonce}@{domain}>",  # the old deterministic form of that very id
            f"<mailbot.{nonce}.{secrets.token_hex(12)}@{domain}>",  # a made-up key
            str(mallorys.message["Message-ID"]),  # a real one, but for Mallory's address
        ]
        for i, guess in enumerate(guesses):
            # (Alice is asked once; the same request again is not sent again)
            out = desk.deliver(MALLORY, mail(ALICE, "Ich muss leider absagen.",
                                             subject="Re: Anmeldung",
                                             headers={"In-Reply-To": guess, "References": guess}),
                               replies=0 if i else 1)
            assert all(r.rcpt_tos == (ALICE,) and is_request(r) for r in out)
            assert desk.status()[ALICE] == "confirmed"
            assert "not proven" in desk.inbox()[-1]["reason"]


def test_a_genuine_reply_to_our_confirmation_cancels_at_once_even_after_a_restart(
        tmp_path: Path, sink: SmtpSink) -> None:
    desk = Desk(tmp_path, sink)
    with desk.running():
        confirmation = book(desk, ALICE, "Alice Adler")
    with desk.running():  # the key is kept in the database: our old ids still prove
        (cancelled,) = desk.deliver(ALICE, reply_to(confirmation, ALICE,
                                                    "Ich muss leider absagen."))
        assert cancelled.rcpt_tos == (ALICE,) and not is_request(cancelled)
        assert "storniert" in cancelled.text and desk.status() == {ALICE: "cancelled"}


def test_a_trusted_dkim_pass_cancels_at_once_an_untrusted_authserv_id_does_not(
        tmp_path: Path, sink: SmtpSink) -> None:
    desk = Desk(tmp_path, sink, trust={"authserv_id": MX})
    dkim = "dkim=pass (2048-bit key) header.d=stadt.example header.s=mail header.b=abc"
    with desk.running():
        book(desk, ALICE, "Alice Adler")
        book(desk, BOB, "Bob Berg")
        forged = [
            f"evil.example; {dkim}",  # somebody else's verdict
            f"{MX}; dkim=pass header.d=evil.example",  # signed, but not by Alice's domain
            f"{MX}; dkim=fail header.d=stadt.example",
        ]
        for i, header in enumerate(forged):
            out = desk.deliver(MALLORY, mail(ALICE, CANCEL, headers={
                "Authentication-Results": header}), replies=0 if i else 1)
            assert all(is_request(r) for r in out) and desk.status()[ALICE] == "confirmed"
            assert "not proven" in desk.inbox()[-1]["reason"]
        # a trusted verdict below an untrusted one was written by the sender: ignored
        raw = mail(ALICE, CANCEL, subject="Absage").replace(
            b"From:", f"Authentication-Results: other.example; none\r\n"
                      f"Authentication-Results: {MX}; {dkim}\r\nFrom:".encode(), 1)
        desk.deliver(MALLORY, raw, replies=0)
        assert desk.status()[ALICE] == "confirmed"
        assert "not proven" in desk.inbox()[-1]["reason"]
        # our MTA's verdict on top: Alice's own mail cancels at once, and Bob moves up
        out = desk.deliver(ALICE, mail(ALICE, CANCEL, headers={
            "Authentication-Results": f"{MX}; spf=pass smtp.mailfrom=stadt.example; {dkim}"}),
            replies=2)
        assert sorted(r.rcpt_tos[0] for r in out) == [ALICE, BOB]
        assert not any(is_request(r) for r in out)
        assert desk.status() == {ALICE: "cancelled", BOB: "confirmed"}


def test_a_status_question_is_answered_to_the_registered_address_only(
        tmp_path: Path, sink: SmtpSink) -> None:
    desk = Desk(tmp_path, sink)
    with desk.running():
        book(desk, ALICE, "Alice Adler")
        (answer,) = desk.deliver(MALLORY, mail(MALLORY, "Wie ist der Stand meiner Anmeldung "
                                               "zum Interkommunalen Austausch?",
                                               headers={"Reply-To": ALICE}))
        assert answer.rcpt_tos == (ALICE,) and "bestätigt" in answer.text
        (answer,) = desk.deliver(MALLORY, mail(ALICE, "Bin ich für den Interkommunalen "
                                               "Austausch angemeldet?",
                                               headers={"Reply-To": MALLORY}))
        assert answer.rcpt_tos == (ALICE,) and sink.to(MALLORY) == []
        assert "In-Reply-To" not in answer.message  # not in a thread the owner never began
