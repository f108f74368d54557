"""The decision table, step by step, on an in-memory database and without a mail server.

Each case hands the decision a typed request (as understanding would produce it) for a
stored mail, and checks what a person would notice: the outcome and its reason, who gets
which reply, and what was booked.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import yaml
from sqlmodel import Session, select

from mailbot.config import parse_config
from mailbot.decide import TABLE, Case, Decision, Outcome, Step, decide
from mailbot.handler import Work
from mailbot.intake.inbox import Arrival, store
from mailbot.runtime import Runtime
from mailbot.store.db import Database
from mailbot.store.tables import InboxMail, Registration
from mailbot.understand.evidence import Evidence
from mailbot.understand.mime import parse
from mailbot.understand.request import Intent, Person, Request

T0 = datetime(2027, 2, 1, 9, 0, tzinfo=UTC)
ANNA = Person("Anna Schmidt", "anna@stadt-ulm.de")
BEN = Person("Ben Weber", "ben@kreis-pinneberg.de")
CARL = Person("Carl Fuchs", "carl@norderstedt.de")

CONFIG = {
    "address": "smartcity@example.org", "timezone": "Europe/Berlin", "language": "de",
    "database": "sqlite://", "intake": {"smtp": {"host": "127.0.0.1", "port": 2525}},
    "outgoing": {"maildir": "var/outbox"},
    "limits": {"max_seats": 3},
    "events": [
        {"id": "lounge", "title": "Innovators Lounge", "starts": "2027-03-04T10:00",
         "venue": "Rathaus Ulm", "capacity": 1, "waitlist": 1,
         "deadline": "2027-03-01T18:00", "organisers": ["lounge@example.org"]},
        {"id": "forum", "title": "Deutschlandforum", "starts": "2027-02-10T10:00",
         "venue": "Berlin", "capacity": 50, "deadline": "2027-01-15T18:00",
         "organisers": ["forum@example.org", "smartcity@example.org"]},
    ],
}


@pytest.fixture(scope="module")
def runtime() -> Runtime:
    return Runtime.build(parse_config(yaml.safe_dump(CONFIG), "test.yaml", env={}))


@pytest.fixture
def session() -> Iterator[Session]:
    db = Database("sqlite://")
    db.create()
    with db.unit() as s:
        yield s
    db.dispose()


_serial = iter(range(1, 10_000))


def row(session: Session, *, at: datetime = T0, truncated: bool = False,
        sender: str = "anna@stadt-ulm.de") -> InboxMail:
    raw = (f"From: {sender}\r\nTo: smartcity@example.org\r\nSubject: Anmeldung\r\n"
           f"Message-ID: <m{next(_serial)}@example.net>\r\n\r\nHallo\r\n").encode()
    if truncated:
        raw += b"Anhang " * 100
    inbox_id = store(session, Arrival(raw=raw, arrived_at=at, source="inject"),
                     200 if truncated else 10 * 1024 * 1024)
    found = session.get(InboxMail, inbox_id)
    assert found is not None and found.truncated is truncated
    return found


def request(intent: Intent, contact: Person | None = ANNA, **kw: Any) -> Request:
    return Request(intent=intent, language="de", contact=contact or Person(None), **kw)


@dataclass
class Desk:
    """One transaction's worth of deciding, as the handler does it."""

    runtime: Runtime
    session: Session

    def __post_init__(self) -> None:
        self.work = Work.begin(self.session)

    def case(self, req: Request | None, *, at: datetime = T0, truncated: bool = False,
             referenced: int | None = None) -> Case:
        r = row(self.session, at=at, truncated=truncated,
                sender=(req.contact.email if req and req.contact.email else "x@example.net"))
        return Case(self.runtime, self.session, self.work.ledger, r, parse(r.raw), req,
                    referenced)

    def decide(self, req: Request | None, **kw: Any) -> tuple[str, Decision]:
        return decide(self.case(req, **kw))

    def statuses(self, event: str) -> dict[str, str]:
        regs = self.session.exec(select(Registration).where(Registration.event_id == event))
        return {r.email: r.status for r in regs}


@pytest.fixture
def desk(runtime: Runtime, session: Session) -> Desk:
    return Desk(runtime, session)


def kinds(decision: Decision) -> list[tuple[str, str]]:
    return [(r.kind, r.to) for r in decision.replies]


def test_the_order_of_the_table_is_the_documented_policy() -> None:
    assert [s.name for s in TABLE] == [
        "bounce", "too-large", "automatic", "thanks", "spam", "no-address", "hold",
        "out-of-scope", "question", "unclear", "identity", "book"]


def test_too_large_mail_is_held_with_its_size_and_the_organisers_get_it(desk: Desk) -> None:
    step, d = desk.decide(None, truncated=True)
    assert step == "too-large" and d.outcome is Outcome.HELD
    assert d.reason.startswith("mail too large (") and "only its headers were kept" in d.reason
    # no event is known: every organiser but the bot itself
    assert kinds(d) == [("organiser_held", "forum@example.org"),
                        ("organiser_held", "lounge@example.org")]
    assert d.replies[0].attach is not None and d.replies[0].subject == \
        "Bitte prüfen: Nachricht zu Anmeldungen"


def test_automatic_mail_is_never_answered_even_a_registration(desk: Desk) -> None:
    step, d = desk.decide(request(Intent.REGISTER, event_id="lounge",
                                  automatic="Auto-Submitted: auto-replied"))
    assert (step, d.outcome, d.reason, d.replies) == (
        "automatic", Outcome.IGNORED, "Auto-Submitted: auto-replied", [])
    assert desk.statuses("lounge") == {}


def test_thanks_and_spam_are_ignored_without_a_reply(desk: Desk) -> None:
    step, d = desk.decide(request(Intent.THANKS, event_id="lounge"))
    assert (step, d.outcome, d.replies) == ("thanks", Outcome.IGNORED, [])
    spam = request(Intent.SPAM, evidence=(
        Evidence("new", "Gewinnspiel", "spam-signal", "spam", 1.0),
        Evidence("new", "Jetzt klicken", "spam-signal", "spam", 1.0)))
    step, d = desk.decide(spam)
    assert (step, d.outcome, d.replies) == ("spam", Outcome.IGNORED, [])
    assert d.reason == "spam, not answered (Gewinnspiel; Jetzt klicken)"


def test_without_an_address_nothing_is_booked_or_answered(desk: Desk) -> None:
    step, d = desk.decide(request(Intent.REGISTER, contact=Person("Anna"), event_id="lounge"))
    assert (step, d.outcome, d.reason, d.replies) == (
        "no-address", Outcome.IGNORED, "no address to reply to", [])


def test_a_hold_goes_to_the_organisers_of_the_event_before_anything_is_booked(
        desk: Desk) -> None:
    step, d = desk.decide(request(Intent.REGISTER, event_id="lounge", seats=1,
                                  question="Gibt es Parkplätze?",
                                  hold="the attendee list is in an attachment"))
    assert (step, d.outcome, d.reason) == ("hold", Outcome.HELD,
                                           "the attendee list is in an attachment")
    assert kinds(d) == [("organiser_held", "lounge@example.org")]
    assert d.replies[0].subject == "Bitte prüfen: Nachricht zu Innovators Lounge"
    assert d.replies[0].reply_to == ANNA.email  # the organiser's answer reaches the sender
    assert desk.statuses("lounge") == {}


def test_out_of_scope_mail_is_held_without_an_automatic_reply(desk: Desk) -> None:
    step, d = desk.decide(request(Intent.OUT_OF_SCOPE))
    assert (step, d.outcome) == ("out-of-scope", Outcome.HELD)
    assert "not about any of our events" in d.reason
    assert {k for k, _ in kinds(d)} == {"organiser_held"}  # nothing to the sender


def test_a_question_goes_to_the_organisers_and_the_sender_is_told(desk: Desk) -> None:
    step, d = desk.decide(request(Intent.QUESTION, event_id="forum",
                                  question="Wird die Veranstaltung aufgezeichnet?"))
    assert (step, d.outcome) == ("question", Outcome.ANSWERED)
    # the bot's own address is among the forum's organisers: it gets no notice
    assert kinds(d) == [("organiser_question", "forum@example.org"),
                        ("question_received", ANNA.email)]
    assert d.replies[0].context["question"] == "Wird die Veranstaltung aufgezeichnet?"


def test_no_event_asks_back_and_lists_only_events_open_at_arrival(desk: Desk) -> None:
    step, d = desk.decide(request(Intent.REGISTER, seats=1))
    assert (step, d.outcome, d.reason) == ("unclear", Outcome.ANSWERED,
                                           "unclear which event is meant; asked back")
    (reply,) = d.replies
    assert reply.kind == "unclear" and reply.to == ANNA.email
    # the forum's deadline (15 January) has passed on 1 February
    assert [e.id for e in reply.context["open_events"]] == ["lounge"]
    assert reply.context["candidates"] is False


def test_candidates_named_by_understanding_are_offered_even_when_closed(desk: Desk) -> None:
    _, d = desk.decide(request(Intent.REGISTER, candidates=("forum", "lounge")))
    assert [e.id for e in d.replies[0].context["open_events"]] == ["forum", "lounge"]
    assert d.replies[0].context["candidates"] is True


def test_an_unclear_intent_for_a_known_event_asks_what_is_meant(desk: Desk) -> None:
    step, d = desk.decide(request(Intent.UNCLEAR, event_id="lounge"))
    assert (step, d.reason) == ("unclear", "unclear what is meant; asked back")
    assert d.replies[0].context["event"].id == "lounge"


def test_register_confirms_then_waitlists_then_refuses_in_arrival_order(desk: Desk) -> None:
    req = {"event_id": "lounge", "seats": 1}
    first = desk.decide(request(Intent.REGISTER, ANNA, attendees=(ANNA,), **req))
    second = desk.decide(request(Intent.REGISTER, BEN, attendees=(BEN,), **req),
                         at=T0 + timedelta(minutes=1))
    third = desk.decide(request(Intent.REGISTER, CARL, attendees=(CARL,), **req),
                        at=T0 + timedelta(minutes=2))
    assert [(s, d.outcome, d.reason) for s, d in (first, second, third)] == [
        ("book", Outcome.BOOKED, "register: confirmed"),
        ("book", Outcome.BOOKED, "register: waitlisted"),
        ("book", Outcome.ANSWERED, "register: fully_booked")]
    assert [kinds(d) for _, d in (first, second, third)] == [
        [("confirmed", ANNA.email)], [("waitlisted", BEN.email)],
        [("fully_booked", CARL.email)]]
    assert second[1].replies[0].context["registration"].waitlist_position == 1
    assert desk.statuses("lounge") == {ANNA.email: "confirmed", BEN.email: "waitlisted",
                                       CARL.email: "refused"}


def test_refusals_by_window_and_by_seats(desk: Desk) -> None:
    late = desk.decide(request(Intent.REGISTER, ANNA, event_id="forum", seats=1))
    many = desk.decide(request(Intent.REGISTER, BEN, event_id="lounge", seats=4))
    assert late[1].reason == "register: closed" and kinds(late[1]) == [("closed", ANNA.email)]
    assert many[1].reason == "register: too_many_seats"
    assert many[1].replies[0].context["max_seats"] == 3


def test_a_registration_with_a_question_is_booked_and_the_question_forwarded(
        desk: Desk) -> None:
    _, d = desk.decide(request(Intent.REGISTER, event_id="lounge", seats=1,
                               question="Gibt es Parkplätze?"))
    assert d.outcome is Outcome.BOOKED
    assert d.reason == "register: confirmed; question forwarded to the organisers"
    assert kinds(d) == [("confirmed", ANNA.email), ("organiser_question", "lounge@example.org")]
    assert d.replies[0].context["question_forwarded"] is True


def test_a_cancellation_moves_the_next_person_up_and_tells_both(desk: Desk) -> None:
    desk.decide(request(Intent.REGISTER, ANNA, event_id="lounge", seats=1))
    desk.decide(request(Intent.REGISTER, BEN, event_id="lounge", seats=1),
                at=T0 + timedelta(minutes=1))
    step, d = desk.decide(request(Intent.CANCEL, ANNA, event_id="lounge"),
                          at=T0 + timedelta(hours=1))
    assert (step, d.outcome, d.reason) == ("book", Outcome.BOOKED, "cancel: cancelled")
    assert kinds(d) == [("cancelled", ANNA.email), ("moved_up", BEN.email)]
    assert desk.statuses("lounge") == {ANNA.email: "cancelled", BEN.email: "confirmed"}


def test_cancel_or_status_without_a_booking_is_answered(desk: Desk) -> None:
    for intent in (Intent.CANCEL, Intent.STATUS):
        _, d = desk.decide(request(intent, CARL, event_id="lounge"))
        assert (d.outcome, d.reason) == (Outcome.ANSWERED, f"{intent.value}: not_registered")
        assert kinds(d) == [("not_registered", CARL.email)]


def test_status_reports_the_booking(desk: Desk) -> None:
    desk.decide(request(Intent.REGISTER, ANNA, event_id="lounge", seats=1))
    _, d = desk.decide(request(Intent.STATUS, ANNA, event_id="lounge"))
    assert (d.outcome, d.reason) == (Outcome.ANSWERED, "status: status")
    assert d.replies[0].context["registration"].status == "confirmed"


def test_a_cancellation_booking_cannot_place_is_held_for_a_person(desk: Desk) -> None:
    desk.decide(request(Intent.REGISTER, ANNA, event_id="lounge", seats=1))
    # "Meine Kollegin kann leider nicht": a companion, not named
    step, d = desk.decide(request(Intent.CANCEL, ANNA, event_id="lounge", seats=1))
    assert (step, d.outcome) == ("book", Outcome.HELD)
    assert d.reason == "cancellation of a companion who is not named"
    assert kinds(d) == [("organiser_held", "lounge@example.org")]
    assert desk.statuses("lounge") == {ANNA.email: "confirmed"}


def test_no_applying_step_holds_the_mail_for_a_person(desk: Desk) -> None:
    never = (Step("never", lambda _c: False, lambda _c: Decision(Outcome.IGNORED, "-")),)
    step, d = decide(desk.case(request(Intent.REGISTER)), never)
    assert (step, d.outcome, d.reason) == ("fallback", Outcome.HELD, "no rule applied")
