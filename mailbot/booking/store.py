"""Booking's reads and writes: database rows to the plain values of the policy, and back.

Runs inside the caller's unit of work (one transaction, begun IMMEDIATE on SQLite), so
reading the seats and writing the new holds cannot interleave with another booking.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, insert
from sqlalchemy.orm import make_transient_to_detached
from sqlmodel import Session, col, select

from mailbot.addresses import normalise
from mailbot.booking import attendees
from mailbot.booking.booked import Booking
from mailbot.booking.ledger import Ledger
from mailbot.booking.model import ACTIVE, Hold, Status, Unit
from mailbot.booking.outcome import Units
from mailbot.booking.policy import derived_status
from mailbot.config import EventSpec
from mailbot.store.tables import Place, Registration, utcnow
from mailbot.understand.request import Person, Request

# The queries of the booking path, built once: they run several times per mail, and
# building a statement costs more than running it (SQLAlchemy caches the compiled SQL).
_ACTIVE_VALUES = [s.value for s in ACTIVE]
_SUMS = (select(Place.status, func.sum(Place.seats))
         .where(col(Place.event_id) == bindparam("event"), col(Place.unit) == bindparam("unit"),
                col(Place.status).in_(_ACTIVE_VALUES))
         .group_by(Place.status))
_WAITING = (select(Place.registration_id, Place.seats, Place.arrived_at, Place.seq)
            .where(col(Place.event_id) == bindparam("event"),
                   col(Place.unit) == bindparam("unit"),
                   col(Place.status) == Status.WAITLISTED.value))
_PLACE = select(Place).where(col(Place.registration_id) == bindparam("reg"),
                             col(Place.unit) == bindparam("unit"))
_NEW_REGISTRATION = insert(Registration.__table__)  # type: ignore[attr-defined]
_NEW_PLACE = insert(Place.__table__)  # type: ignore[attr-defined] # plain INSERTs: no ORM object needed for a new hold
_PLACES = select(Place).where(col(Place.registration_id) == bindparam("reg"))
# in unit order, as SQLite returns _PLACES through the (registration_id, unit) index
_PLACES_OF = (select(Place).where(col(Place.registration_id).in_(bindparam("regs",
                                                                            expanding=True)))
              .order_by(col(Place.registration_id), col(Place.unit)))
_ACTIVE_REGS = (select(Registration)
                .where(col(Registration.event_id) == bindparam("event"),
                       col(Registration.email) == bindparam("email"),
                       col(Registration.status).in_(_ACTIVE_VALUES))
                .order_by(col(Registration.id)))
_AHEAD = (select(func.count()).select_from(Place)
          .where(col(Place.event_id) == bindparam("event"), col(Place.unit) == bindparam("unit"),
                 col(Place.status) == Status.WAITLISTED.value,
                 (col(Place.arrived_at) < bindparam("at"))
                 | ((col(Place.arrived_at) == bindparam("at"))
                    & (col(Place.seq) < bindparam("seq")))))


def units_of(event: EventSpec) -> list[str]:
    return [s.id for s in event.sessions] or [""]


def _limits(event: EventSpec, unit: str) -> tuple[int, int]:
    for sess in event.sessions:
        if sess.id == unit:
            cap = sess.capacity if sess.capacity is not None else event.capacity
            wl = sess.waitlist if sess.waitlist is not None else event.waitlist
            return cap, wl
    return event.capacity, event.waitlist


def load_unit(session: Session, event: EventSpec, unit: str, holds: bool = False) -> Unit:
    """The seats of one unit: sums per status in one query (cheap for big events); with
    ``holds`` also the waitlisted holds themselves, which promotion needs."""
    sums = dict(session.exec(_SUMS, params={"event": event.id, "unit": unit}).all())
    cap, wl = _limits(event, unit)
    confirmed = int(sums.get(Status.CONFIRMED.value) or 0)
    if not holds:
        return Unit(unit, cap, wl, confirmed,
                    waitlisted=int(sums.get(Status.WAITLISTED.value) or 0))
    waiting = session.exec(_WAITING, params={"event": event.id, "unit": unit}).all()
    return Unit(unit, cap, wl, confirmed,
                [Hold(reg, seats, Status.WAITLISTED, (at, seq)) for reg, seats, at, seq in waiting])


def current_unit(session: Session, ledger: Ledger, event: EventSpec, key: str) -> Unit:
    """The seats of a unit for placing newcomers: read once per ledger (transaction), then
    kept current in memory by ``Unit.place``. Only booking writes places, and the
    transaction holds the write lock; what else changes seats calls ``ledger.forget``."""
    unit = ledger.get(event.id, key)
    return unit if unit is not None else ledger.keep(event.id, load_unit(session, event, key))


def save_unit(session: Session, unit: Unit, only: Iterable[int] | None = None) -> None:
    """Write back the status changes of promotions and cancellations (``only`` those of
    these registrations)."""
    changes = unit.changes if only is None else {r: unit.changes[r] for r in only}
    for registration, status in changes.items():
        place = place_of(session, registration, unit.key)
        if place is not None and place.status != status.value:
            place.status = status.value
            session.add(place)


def place_of(session: Session, registration_id: int, unit: str) -> Place | None:
    return session.exec(_PLACE, params={"reg": registration_id, "unit": unit}).first()


def places_of(session: Session, registration_id: int) -> list[Place]:
    return list(session.exec(_PLACES, params={"reg": registration_id}).all())


def refresh_status(session: Session, reg: Registration) -> None:
    """A registration's status is derived from its places: any seat confirmed wins."""
    if reg.status == Status.REFUSED:
        return
    reg.status = derived_status(p.status for p in places_of(session, reg.id or 0))
    reg.updated_at = utcnow()
    session.add(reg)


def refresh(session: Session, promoted: list[int]) -> list[int]:
    """Derive the status of the registrations that moved up; each listed once."""
    unique = list(dict.fromkeys(promoted))
    for reg_id in unique:
        other = session.get(Registration, reg_id)
        if other is not None:
            refresh_status(session, other)
    return unique


def active_registrations(session: Session, event_id: str, email: str) -> list[Registration]:
    return list(session.exec(_ACTIVE_REGS, params={"event": event_id,
                                                   "email": normalise(email)}).all())


def bookings(session: Session, regs: list[Registration]) -> list[Booking]:
    """The plain values of ``regs`` with their places (one query for all of them)."""
    if not regs:
        return []
    held: dict[int, dict[str, Hold]] = {r.id or 0: {} for r in regs}
    for p in session.exec(_PLACES_OF, params={"regs": list(held)}).all():
        held[p.registration_id][p.unit] = Hold(p.registration_id, p.seats, Status(p.status),
                                               (p.arrived_at, p.seq))
    return [Booking(r.id or 0, attendees.of(r), r.seats, held[r.id or 0]) for r in regs]


def new_registration(session: Session, event: EventSpec, req: Request,
                     people: tuple[Person, ...], seats: int, *, inbox_id: int,
                     arrived_at: datetime, status: Status, reason: str | None) -> Registration:
    first = people[0] if people else req.contact
    values: dict[str, Any] = dict(
        event_id=event.id, email=normalise(req.contact.email or ""),
        contact_name=req.contact.name, name=first.name, organisation=req.organisation,
        attendees=attendees.dump(people), seats=seats, status=status.value, reason=reason,
        language=req.language, inbox_id=inbox_id, arrived_at=arrived_at, updated_at=utcnow(),
    )
    # A plain INSERT, then the object joins the session as a row that exists (no unit-of-
    # work flush for the one row every registration mail adds).
    key = session.connection().execute(_NEW_REGISTRATION, values).inserted_primary_key
    assert key is not None
    reg = Registration(id=key[0], **values)
    make_transient_to_detached(reg)
    session.add(reg)
    return reg


def hold_place(session: Session, event: EventSpec, reg_id: int, key: str, seats: int,
               status: Status, order: tuple[datetime, int], again: bool) -> None:
    """Write a registration's hold on a unit; ``again``: it may have one from before (a
    session cancelled earlier and now booked again), to be updated instead."""
    old = place_of(session, reg_id, key) if again else None
    if old is not None:
        old.seats, old.status, (old.arrived_at, old.seq) = seats, status.value, order
        session.add(old)
        return
    session.connection().execute(_NEW_PLACE, {
        "registration_id": reg_id, "event_id": event.id, "unit": key, "seats": seats,
        "status": status.value, "arrived_at": order[0], "seq": order[1]})


def positions(session: Session, event: EventSpec, reg: Registration) -> Units:
    """Per unit: (status, waitlist position) of this registration."""
    out: Units = {}
    for place in places_of(session, reg.id or 0):
        pos = None
        if place.status == Status.WAITLISTED:
            ahead = session.exec(_AHEAD, params={
                "event": event.id, "unit": place.unit, "at": place.arrived_at,
                "seq": place.seq}).one()
            pos = int(ahead) + 1
        out[place.unit] = (place.status, pos)
    return out
