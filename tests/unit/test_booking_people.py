"""Cancelling one person of a group booking (issue 7), against a real SQLite database:
who is removed, who keeps a seat, where the freed seat goes, and when a person decides."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from mailbot.booking import service as booking
from mailbot.config import EventSpec
from mailbot.store.db import Database
from mailbot.store.tables import InboxMail, Registration
from mailbot.understand.request import Intent, Person, Request

T0 = datetime(2027, 1, 10, 9, 0, tzinfo=UTC)
EVENT = EventSpec(id="lounge", title="Lounge", starts=T0 + timedelta(days=30), capacity=3,
                  waitlist=3)
SERIES = EventSpec(id="reihe", title="Reihe", starts=T0 + timedelta(days=30), capacity=3,
                   waitlist=3, sessions=[
                       {"id": "a", "title": "A", "starts": T0 + timedelta(days=30)},
                       {"id": "b", "title": "B", "starts": T0 + timedelta(days=31)}])
CARL = Person("Carl Chef", "chef@kreis.example")
ANNA = Person("Anna Schmidt", None, "Frau", "Dr.")


@pytest.fixture
def session(tmp_path: Path):
    db = Database(f"sqlite:///{tmp_path / 'b.db'}")
    db.create()
    with db.unit() as s:
        yield s
    db.dispose()


class Desk:
    """Registrations as the processor makes them: one inbox row per mail, in order."""

    def __init__(self, session: Session, event: EventSpec = EVENT):
        self.session, self.event, self.n = session, event, 0

    def _inbox(self) -> tuple[int, datetime]:
        self.n += 1
        at = T0 + timedelta(minutes=self.n)
        row = InboxMail(source_key=f"k{self.n}", source="inject", arrived_at=at, stored_at=at,
                        raw=b"x")
        self.session.add(row)
        self.session.flush()
        return row.id or 0, at

    def register(self, contact: Person, *people: Person, sessions: tuple[str, ...] = ()):
        inbox_id, at = self._inbox()
        req = Request(Intent.REGISTER, "de", contact, self.event.id, sessions=sessions,
                      attendees=people or (contact,), seats=len(people) or 1)
        return booking.register(self.session, self.event, req, inbox_id=inbox_id,
                                arrived_at=at, max_seats=10)

    def cancel(self, contact: Person, *people: Person, sessions: tuple[str, ...] = (),
               seats: int | None = None):
        self._inbox()
        req = Request(Intent.CANCEL, "de", contact, self.event.id, sessions=sessions,
                      attendees=people, seats=len(people) if seats is None else seats)
        return booking.cancel(self.session, self.event, req)

    def row(self, email: str) -> Registration:
        (reg,) = self.session.exec(select(Registration).where(Registration.email == email))
        return reg


def test_one_named_person_leaves_the_group_and_her_seat_goes_to_the_waitlist(session):
    desk = Desk(session)
    desk.register(CARL, CARL, ANNA)
    desk.register(Person("Paul Pohl", "paul@x.de"))
    desk.register(Person("Wera Wahl", "wera@x.de"))
    assert desk.row("wera@x.de").status == "waitlisted"
    out = desk.cancel(CARL, Person("Schmidt", None, "Frau", "Dr."))  # "Frau Dr. Schmidt"
    assert out.kind == "cancelled"
    assert [(p.name, p.salutation, p.title) for p in out.removed] == [
        ("Anna Schmidt", "Frau", "Dr.")]
    carl = desk.row("chef@kreis.example")
    assert (carl.status, carl.seats, carl.name) == ("confirmed", 1, "Carl Chef")
    assert [p["name"] for p in json.loads(carl.attendees)] == ["Carl Chef"]
    assert [p.seats for p in booking.places_of(session, carl.id or 0)] == [1]
    wera = desk.row("wera@x.de")
    assert out.promoted == [wera.id] and wera.status == "confirmed"
    assert desk.row("paul@x.de").status == "confirmed"


def test_the_forms_of_address_are_stored_with_the_attendee(session):
    desk = Desk(session)
    desk.register(CARL, CARL, ANNA)
    stored = json.loads(desk.row("chef@kreis.example").attendees)
    assert stored == [{"name": "Carl Chef", "email": "chef@kreis.example"},
                      {"name": "Anna Schmidt", "email": None, "salutation": "Frau",
                       "title": "Dr."}]
    assert booking.people_of(desk.row("chef@kreis.example"))[1] == ANNA


def test_the_contact_cancelled_with_her_is_said_so(session):
    desk = Desk(session)
    desk.register(CARL, CARL, ANNA, Person("Peter Maier"))
    out = desk.cancel(CARL, CARL, Person("Schmidt", None, "Frau"))
    assert out.kind == "cancelled" and [p.name for p in out.removed] == [
        "Carl Chef", "Anna Schmidt"]
    reg = desk.row("chef@kreis.example")
    assert (reg.seats, reg.name) == (1, "Peter Maier")


def test_naming_everyone_of_the_group_cancels_the_whole_booking(session):
    desk = Desk(session)
    desk.register(CARL, CARL, ANNA)
    out = desk.cancel(CARL, CARL, Person("Anna Schmidt"))
    assert out.kind == "cancelled" and out.removed == []
    assert desk.row("chef@kreis.example").status == "cancelled"


def test_a_plain_cancel_by_the_contact_still_cancels_the_whole_group(session):
    desk = Desk(session)
    desk.register(CARL, CARL, ANNA)
    out = desk.cancel(CARL, CARL)
    assert out.kind == "cancelled" and desk.row("chef@kreis.example").status == "cancelled"


@pytest.mark.parametrize(("people", "reason"), [
    ((Person("Otto Nemo", None, "Herr"),), "not in the booking"),
    ((Person("Schmidt", None, "Herr"),), "not in the booking"),  # she is "Frau" Schmidt
    ((Person("Schmidt"),), "more than one booked person"),
])
def test_a_person_decides_when_the_named_person_is_not_one_of_the_booking(session, people,
                                                                           reason):
    desk = Desk(session)
    desk.register(CARL, CARL, ANNA, Person("Peter Schmidt", None, "Herr"))
    if people[0].salutation == "Herr" and people[0].name == "Schmidt":
        desk.register(Person("Ina Roth", "ina@x.de"))  # Peter is "Herr": he is meant
        out = desk.cancel(CARL, *people)
        assert out.kind == "cancelled" and [p.name for p in out.removed] == ["Peter Schmidt"]
        return
    out = desk.cancel(CARL, *people)
    assert out.kind == "hold" and reason in (out.reason or "")
    assert desk.row("chef@kreis.example").seats == 3


def test_an_unnamed_companion_who_cancels_is_for_a_person_to_decide(session):
    desk = Desk(session)
    desk.register(CARL, CARL, ANNA)
    out = desk.cancel(CARL, seats=1)  # "Meine Frau kann leider nicht kommen."
    assert out.kind == "hold" and desk.row("chef@kreis.example").status == "confirmed"


def test_one_person_for_some_sessions_only_is_for_a_person_to_decide(session):
    desk = Desk(session, SERIES)
    desk.register(CARL, CARL, ANNA)
    out = desk.cancel(CARL, Person("Anna Schmidt"), sessions=("a",))
    assert out.kind == "hold" and "some sessions" in (out.reason or "")
    out = desk.cancel(CARL, Person("Anna Schmidt"), sessions=("a", "b"))
    assert out.kind == "cancelled"
    assert [p.seats for p in booking.places_of(session, desk.row(CARL.email or "").id or 0)] \
        == [1, 1]


def test_a_new_mail_naming_a_booked_person_differently_books_nobody_twice(session):
    desk = Desk(session)
    desk.register(CARL, CARL, ANNA)
    out = desk.register(CARL, CARL, Person("A. Schmidt"))
    assert out.kind == "already_registered"
