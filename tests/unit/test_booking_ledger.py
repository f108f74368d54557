"""The per-transaction ledger of seats, against a real SQLite database: a batch keeps the
seats current in memory, and what changed seats behind its back is read again once the
ledger is told to forget (a rollback to a savepoint, a cancellation)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session

from mailbot.booking import service as booking
from mailbot.config import EventSpec
from mailbot.store.db import Database
from mailbot.store.tables import InboxMail
from mailbot.understand.request import Intent, Person, Request

T0 = datetime(2027, 1, 10, 9, 0, tzinfo=UTC)
ONE = EventSpec(id="solo", title="Solo", starts=T0 + timedelta(days=30), capacity=1,
                waitlist=1)


@pytest.fixture
def session(tmp_path: Path):
    db = Database(f"sqlite:///{tmp_path / 'l.db'}")
    db.create()
    with db.unit() as s:
        yield s
    db.dispose()


def _mail(session: Session, n: int) -> tuple[int, datetime]:
    at = T0 + timedelta(minutes=n)
    row = InboxMail(source_key=f"k{n}", source="inject", arrived_at=at, stored_at=at, raw=b"x")
    session.add(row)
    session.flush()
    return row.id or 0, at


def register(session: Session, n: int, ledger: booking.Ledger) -> booking.Outcome:
    inbox_id, at = _mail(session, n)
    p = Person(f"Person {n}", f"p{n}@x.de")
    req = Request(Intent.REGISTER, "de", p, ONE.id, attendees=(p,), seats=1)
    return booking.register(session, ONE, req, inbox_id=inbox_id, arrived_at=at,
                            max_seats=10, ledger=ledger)


def test_a_batch_keeps_the_seats_current_in_the_ledger(session):
    ledger = booking.Ledger()
    assert register(session, 1, ledger).kind == "confirmed"
    unit = ledger.get(ONE.id, "")
    assert unit is not None and unit.confirmed == 1
    assert register(session, 2, ledger).kind == "waitlisted"
    assert ledger.get(ONE.id, "") is unit and unit.waitlisted_seats == 1
    assert register(session, 3, ledger).kind == "fully_booked"


def test_after_a_rollback_to_a_savepoint_the_forgotten_ledger_reads_the_seats_again(session):
    ledger = booking.Ledger()
    register(session, 1, ledger)
    nested = session.begin_nested()
    assert register(session, 2, ledger).kind == "waitlisted"
    nested.rollback()  # that mail failed later on: its waitlist place is gone
    session.expunge_all()
    ledger.forget()
    assert register(session, 3, ledger).kind == "waitlisted"  # the place is free again


def test_a_cancellation_makes_the_ledger_read_the_seats_again(session):
    ledger = booking.Ledger()
    register(session, 1, ledger)
    _mail(session, 2)
    who = Person("Person 1", "p1@x.de")
    out = booking.cancel(session, ONE, Request(Intent.CANCEL, "de", who, ONE.id),
                         ledger=ledger)
    assert out.kind == "cancelled"
    assert register(session, 3, ledger).kind == "confirmed"  # the seat freed is free
