"""The handler, the runner and the preview on an in-memory database: one mail's path from
the stored row to its recorded outcome and queued replies, without a mail server."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import yaml
from sqlmodel import select

from mailbot.config import parse_config
from mailbot.handler import Handler, Work
from mailbot.intake.inbox import Arrival, store
from mailbot.preview import preview
from mailbot.runner import Runner
from mailbot.runtime import Runtime
from mailbot.store.db import Database
from mailbot.store.tables import InboxMail, OutgoingMail, Registration
from tests.unit.test_decide import CONFIG

T0 = datetime(2027, 2, 1, 9, 0, tzinfo=UTC)


def settings(**limits: Any) -> Any:
    data = {**CONFIG, "limits": {**CONFIG["limits"], **limits}}
    return parse_config(yaml.safe_dump(data), "test.yaml", env={})


@pytest.fixture
def db() -> Iterator[Database]:
    database = Database("sqlite://")
    database.create()
    yield database
    database.dispose()


def mail(sender: str, body: str, n: int, subject: str = "Anmeldung") -> bytes:
    return (f"From: {sender}\r\nTo: smartcity@example.org\r\nSubject: {subject}\r\n"
            f"Message-ID: <m{n}@example.net>\r\nContent-Type: text/plain; charset=utf-8\r\n"
            f"\r\n{body}\r\n").encode()


def put(db: Database, raw: bytes, at: datetime = T0) -> int:
    with db.unit() as session:
        inbox_id = store(session, Arrival(raw=raw, arrived_at=at, source="inject"),
                         10 * 1024 * 1024)
    assert inbox_id is not None
    return inbox_id


REGISTER = ("Sehr geehrte Damen und Herren,\r\nhiermit melde ich mich zur Innovators Lounge "
            "an.\r\n\r\nMit freundlichen Grüßen\r\nAnna Schmidt\r\nStadt Ulm")


def inbox(db: Database) -> dict[int, InboxMail]:
    with db.unit() as session:
        return {r.id or 0: r for r in session.exec(select(InboxMail)).all()}


def outgoing(db: Database) -> list[tuple[int | None, str, str]]:
    with db.unit() as session:
        return [(o.inbox_id, o.kind, o.recipient) for o in session.exec(
            select(OutgoingMail).order_by(OutgoingMail.id))]  # type: ignore[arg-type]


def test_a_registration_is_booked_recorded_and_its_reply_queued_once(db: Database) -> None:
    runner = Runner(db, Handler(Runtime.build(settings())))
    first = put(db, mail("Anna Schmidt <anna@stadt-ulm.de>", REGISTER, 1))
    assert runner.process_pending() == 1
    row = inbox(db)[first]
    assert (row.state, row.outcome, row.reason) == ("done", "booked", "register: confirmed")
    understood = json.loads(row.understood or "{}")
    assert understood["event_id"] == "lounge" and understood["intent"] == "register"
    assert understood["evidence"], "what decided is kept with the outcome"
    assert outgoing(db) == [(first, "confirmed", "anna@stadt-ulm.de")]
    # handling the same row again changes nothing and sends nothing new
    with db.unit() as session:
        Handler(Runtime.build(settings())).handle(Work.begin(session),
                                                  session.get(InboxMail, first))
    runner.process(first)
    assert outgoing(db) == [(first, "confirmed", "anna@stadt-ulm.de")]
    with db.unit() as session:
        assert len(session.exec(select(Registration)).all()) == 1


def test_mails_are_taken_in_order_of_arrival_not_of_storing(db: Database) -> None:
    runner = Runner(db, Handler(Runtime.build(settings())))
    late = put(db, mail("Ben Weber <ben@kreis-pinneberg.de>",
                        REGISTER.replace("Anna Schmidt", "Ben Weber"), 2), T0 + timedelta(1))
    early = put(db, mail("Anna Schmidt <anna@stadt-ulm.de>", REGISTER, 1), T0)
    assert runner.pending() == [early, late]
    runner.process_pending()
    rows = inbox(db)
    # one seat: the earlier arrival has it, though it was stored second
    assert (rows[early].reason, rows[late].reason) == ("register: confirmed",
                                                       "register: waitlisted")


def test_the_daily_limit_suppresses_replies_but_never_a_booking_reply(db: Database) -> None:
    runner = Runner(db, Handler(Runtime.build(settings(replies_per_sender_per_day=2))))
    unclear = [put(db, mail("anna@stadt-ulm.de", "Hallo, wie geht es weiter?", n,
                            subject=f"Frage {n}"), T0 + timedelta(minutes=n))
               for n in range(1, 4)]
    booking = put(db, mail("Anna Schmidt <anna@stadt-ulm.de>", REGISTER, 9),
                  T0 + timedelta(hours=1))
    runner.process_pending()
    rows = inbox(db)
    assert "suppressed" not in (rows[unclear[1]].reason or "")
    assert rows[unclear[2]].reason and rows[unclear[2]].reason.endswith(
        "; reply to anna@stadt-ulm.de suppressed (over 2 a day)")
    sent = outgoing(db)
    assert [i for i, _k, _to in sent if i in unclear] == unclear[:2]
    assert (booking, "confirmed", "anna@stadt-ulm.de") in sent


class Flaky(Handler):
    """A handler that fails on one mail, as a bug or a broken template would."""

    def __init__(self, runtime: Runtime, bad: int, organisers_too: bool = False):
        super().__init__(runtime)
        self.bad, self.organisers_too = bad, organisers_too

    def handle(self, work: Work, row: InboxMail | None) -> None:
        if row is not None and row.id == self.bad and row.state == "new":
            raise RuntimeError("template exploded")
        super().handle(work, row)

    def queue(self, session: Any, row: InboxMail, decision: Any) -> None:
        if self.organisers_too and row.id == self.bad and decision.replies:
            raise OSError("disk full")
        super().queue(session, row, decision)


@pytest.mark.parametrize("organisers_too", [False, True])
def test_a_failing_mail_is_held_alone_and_the_others_go_on(db: Database,
                                                           organisers_too: bool) -> None:
    ids = [put(db, mail(f"p{n}@stadt-ulm.de", REGISTER, n), T0 + timedelta(minutes=n))
           for n in range(3)]
    runner = Runner(db, Flaky(Runtime.build(settings()), ids[1], organisers_too))
    assert runner.process_pending() == 3
    rows = inbox(db)
    assert all(r.state == "done" for r in rows.values())
    assert rows[ids[1]].outcome == "held"
    assert rows[ids[1]].reason == "internal error: RuntimeError: template exploded"
    notices = [k for i, k, _to in outgoing(db) if i == ids[1]]
    # the organisers hear of it, unless telling them is what fails too
    assert notices == ([] if organisers_too else ["organiser_held", "organiser_held"])
    # the failed mail took no seat: one confirmed, the next one on the waitlist
    assert [rows[i].reason for i in (ids[0], ids[2])] == ["register: confirmed",
                                                         "register: waitlisted"]


def test_preview_decides_like_the_handler_and_changes_nothing(db: Database) -> None:
    handler = Handler(Runtime.build(settings()))
    result = preview(handler, db, mail("Anna Schmidt <anna@stadt-ulm.de>", REGISTER, 1), T0)
    assert (result["intent"], result["event"], result["outcome"], result["decided_by"]) == (
        "register", "lounge", "booked", "book")
    assert result["reply"]["to"] == "anna@stadt-ulm.de"
    assert result["reply"]["subject"] == "Re: Anmeldung"
    assert "Innovators Lounge" in result["reply"]["text"]
    assert inbox(db) == {} and outgoing(db) == []
