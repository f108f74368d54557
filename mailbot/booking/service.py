"""Booking against the database: load the seats of an event, apply the pure rules, write.

Runs inside the caller's unit of work (one transaction, begun IMMEDIATE on SQLite), so
reading the seats and writing the new holds cannot interleave with another booking.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, insert
from sqlalchemy.orm import make_transient_to_detached
from sqlmodel import Session, col, select

from mailbot.addresses import normalise
from mailbot.booking.model import ACTIVE, Hold, Status, Unit
from mailbot.booking.policy import Window, window
from mailbot.config import EventSpec
from mailbot.store.tables import Place, Registration, utcnow
from mailbot.understand.people import same_person
from mailbot.understand.request import Person, Request


@dataclass
class Outcome:
    """What happened, for the reply: its kind and the registration it concerns."""

    kind: str
    registration: Registration | None = None
    promoted: list[int] = field(default_factory=list)  # registrations that moved up
    # per unit: (status, waitlist position), when already known (saves a query per reply)
    units: dict[str, tuple[str, int | None]] | None = None
    released: dict[str, str] = field(default_factory=dict)  # cancelled unit -> old status
    full: list[str] = field(default_factory=list)  # wanted units that had no room
    reason: str | None = None  # for "hold": why a person must decide
    others: list[Registration] = field(default_factory=list)  # more bookings to report
    removed: list[Person] = field(default_factory=list)  # people cancelled from a group


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


_SEATS = "mailbot.seats"  # Session.info key: the units as this transaction left them


def current_unit(session: Session, event: EventSpec, key: str) -> Unit:
    """The seats of a unit for placing newcomers: read once per transaction, then kept
    current in memory by ``Unit.place`` (a batch of registrations for one event reads
    them once, not once per mail). Only booking writes places, and the transaction holds
    the write lock; anything else that changes seats calls :func:`forget_seats`."""
    known: dict[tuple[str, str], Unit] = session.info.setdefault(_SEATS, {})
    unit = known.get((event.id, key))
    if unit is None:
        unit = known[(event.id, key)] = load_unit(session, event, key)
    return unit


def forget_seats(session: Session) -> None:
    """After a cancellation, or a rollback to a savepoint: read the seats again."""
    session.info.pop(_SEATS, None)


def _save_unit(session: Session, event: EventSpec, unit: Unit) -> None:
    """Write back the status changes of promotions and cancellations."""
    for registration, status in unit.changes.items():
        place = session.exec(_PLACE, params={"reg": registration, "unit": unit.key}).first()
        if place is not None and place.status != status.value:
            place.status = status.value
            session.add(place)


def places_of(session: Session, registration_id: int) -> list[Place]:
    return list(session.exec(_PLACES, params={"reg": registration_id}).all())


def refresh_status(session: Session, reg: Registration) -> None:
    """A registration's status is derived from its places: any seat confirmed wins."""
    if reg.status == Status.REFUSED:
        return
    states = {p.status for p in places_of(session, reg.id or 0)}
    if Status.CONFIRMED in states:
        reg.status = Status.CONFIRMED
    elif Status.WAITLISTED in states:
        reg.status = Status.WAITLISTED
    else:
        reg.status = Status.CANCELLED
    reg.updated_at = utcnow()
    session.add(reg)


def _refresh(session: Session, promoted: list[int]) -> list[int]:
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


def people_of(reg: Registration) -> list[Person]:
    """The booked attendees, with the forms of address the mail gave (issue 7)."""
    return [Person(p.get("name"), p.get("email"), p.get("salutation"), p.get("title"))
            for p in json.loads(reg.attendees)]


def attendees_json(people: Iterable[Person]) -> str:
    """Attendees as stored: {"name", "email"} always, "salutation" and "title" when known
    (within the JSON column, so databases made before issue 7 need no new column)."""
    out = []
    for p in people:
        entry: dict[str, str | None] = {"name": p.name, "email": p.email}
        if p.salutation:
            entry["salutation"] = p.salutation
        if p.title:
            entry["title"] = p.title
        out.append(entry)
    return json.dumps(out, ensure_ascii=False)


def _booked(person: Person, booked: Iterable[Person]) -> bool:
    return any(same_person(person, b) for b in booked)


def _split_known(regs: list[Registration], req: Request) -> tuple[list[Registration], Request]:
    """Which of this address's registrations the request repeats, and what is new.

    The same people again: those registrations (perhaps for more sessions). People not
    booked yet ("meine Kollegin und ich" after booking oneself, an assistant booking one
    colleague after another): a booking of their own, for the new people only. Who is
    booked already is told by address (the sender, perhaps without a name back then) or
    by :func:`same_person` ("Frau Dr. Schmidt" is the "Anna Schmidt" booked).
    """
    booked = [p for r in regs for p in people_of(r)]
    have_mail = {normalise(p.email) for p in booked if p.email}
    known = [p for p in req.attendees
             if (p.email and normalise(p.email) in have_mail) or _booked(p, booked)]
    extra = [p for p in req.attendees if p.name and p not in known]
    if regs and extra:
        return [], replace(req, attendees=tuple(extra),
                           seats=max(len(extra), req.seats - len(known)))
    wanted = [p for p in req.attendees if p.name]
    return [r for r in regs if not wanted or any(_booked(p, people_of(r)) for p in wanted)] \
        or regs, req


def _new_registration(session: Session, event: EventSpec, req: Request, inbox_id: int,
                      arrived_at: datetime, status: Status, reason: str | None) -> Registration:
    first = req.attendees[0] if req.attendees else req.contact
    values: dict[str, Any] = dict(
        event_id=event.id, email=normalise(req.contact.email or ""),
        contact_name=req.contact.name, name=first.name, organisation=req.organisation,
        attendees=attendees_json(req.attendees),
        seats=max(1, req.seats), status=status.value, reason=reason, language=req.language,
        inbox_id=inbox_id, arrived_at=arrived_at, updated_at=utcnow(),
    )
    # A plain INSERT, then the object joins the session as a row that exists (no unit-of-
    # work flush for the one row every registration mail adds).
    key = session.connection().execute(_NEW_REGISTRATION, values).inserted_primary_key
    assert key is not None
    reg = Registration(id=key[0], **values)
    make_transient_to_detached(reg)
    session.add(reg)
    return reg


class Seats:  # TEMPORARY shim until the booking branch lands
    def __init__(self) -> None:
        self.session: Session | None = None

    def forget(self) -> None:
        if self.session is not None:
            forget_seats(self.session)


def register(session: Session, seats_: Seats, event: EventSpec, req: Request, *, inbox_id: int,
             arrived_at: datetime, max_seats: int) -> Outcome:
    seats_.session = session
    existing, req = _split_known(
        active_registrations(session, event.id, req.contact.email or ""), req)
    # More sessions for a booking: the same group as booked.
    seats = existing[0].seats if existing else max(1, req.seats)
    wanted = list(req.sessions) if (req.sessions and event.sessions) else units_of(event)

    held: set[str] = set()
    for reg in existing:
        held |= {p.unit for p in places_of(session, reg.id or 0) if p.status in ACTIVE}
    wanted = [u for u in wanted if u not in held]
    if existing and not wanted:
        return Outcome("already_registered", existing[0])

    refusal: str | None = None
    if seats > max_seats:
        refusal = "too_many_seats"
    else:
        state = window(arrived_at, opens=event.opens, deadline=event.deadline,
                       starts=event.starts)
        if state is not Window.OPEN:
            refusal = state.value
    if refusal:
        reg = _new_registration(session, event, req, inbox_id, arrived_at, Status.REFUSED,
                                refusal)
        return Outcome(refusal, reg)

    # First where the seats go, then one INSERT of the registration with its final status.
    plan: list[tuple[str, Status]] = []
    promoted: list[int] = []
    full: list[str] = []
    for key in wanted:
        unit = current_unit(session, event, key)
        if unit.free_seats and unit.waitlisted_seats:
            # Seats free while people wait (the capacity was raised): those who came
            # first move up before a newcomer is placed.
            unit = load_unit(session, event, key, holds=True)
            promoted += unit.promote()
            _save_unit(session, event, unit)
            forget_seats(session)
        status = unit.place(existing[0].id or 0 if existing else 0, seats,
                            (arrived_at, inbox_id))
        if status is None:
            full.append(key)
        else:
            plan.append((key, status))
    placed = [status for _, status in plan]
    if existing:
        reg = existing[0]
    elif placed:
        reg = _new_registration(
            session, event, req, inbox_id, arrived_at,
            Status.CONFIRMED if Status.CONFIRMED in placed else Status.WAITLISTED, None)
    else:
        reg = _new_registration(session, event, req, inbox_id, arrived_at, Status.REFUSED,
                                "fully_booked")
    units: dict[str, tuple[str, int | None]] = {}
    for key, status in plan:
        units[key] = (status.value, None)
        old = session.exec(_PLACE, params={"reg": reg.id, "unit": key}).first() \
            if existing else None
        if old is not None:  # a session cancelled earlier and now booked again
            old.seats, old.status, old.arrived_at, old.seq = (seats, status.value, arrived_at,
                                                              inbox_id)
            session.add(old)
        else:
            session.connection().execute(_NEW_PLACE, {
                "registration_id": reg.id or 0, "event_id": event.id, "unit": key,
                "seats": seats, "status": status.value, "arrived_at": arrived_at,
                "seq": inbox_id})
    promoted = _refresh(session, promoted)
    if not placed:
        return Outcome("fully_booked", reg, promoted, full=full)
    if existing:
        refresh_status(session, reg)
    kind = "confirmed" if Status.CONFIRMED in placed else "waitlisted"
    # Positions on the waitlist are counted from the database when the reply is written.
    known = not existing and all(st == Status.CONFIRMED.value for st, _ in units.values())
    return Outcome(kind, reg, promoted, units=units if known else None, full=full)


@dataclass(frozen=True)
class _Target:
    """What a cancellation takes away: a booking, whole or only some of its people."""

    reg: Registration
    remove: tuple[int, ...] = ()  # positions in the booked attendees; () = the whole booking


def _is_contact(person: Person, req: Request) -> bool:
    return same_person(person, req.contact)


def _which(regs: list[Registration], req: Request,
           referenced: int | None) -> tuple[_Target | None, str | None]:
    """The registration a cancellation means (and whom of it), or why that is not clear.

    A reply to one of our mails means the registration that mail was about. Otherwise the
    people named decide: each must be one booked person (else a person decides), and
    naming some people of a group cancels those people only; the contact is cancelled
    with them only when the request says so ("Frau Schmidt und ich können nicht"). With
    several bookings from one address and nothing to tell them apart, a person decides
    (never cancel them all on a guess).
    """
    if referenced is not None:
        hit = [r for r in regs if r.id == referenced]
        if not hit:  # that booking is no longer active: never cancel another one instead
            return None, None
        regs = hit
    named = [p for p in req.attendees if p.name and not _is_contact(p, req)]
    if not named:
        if len(regs) > 1:
            return None, "several registrations from this address; which one to cancel is unclear"
        return _Target(regs[0]), None
    spots: dict[int, set[int]] = {}
    for person in named:
        where = [(r.id or 0, i) for r in regs for i, b in enumerate(people_of(r))
                 if same_person(person, b)]
        if not where:
            return None, ("the people named in the cancellation have no registration: "
                          f"{person.name} is not in the booking")
        if len(where) > 1:
            return None, f"more than one booked person could be {person.name}"
        spots.setdefault(where[0][0], set()).add(where[0][1])
    if len(spots) > 1:
        return None, "the people named are booked in several registrations"
    ((reg_id, remove),) = spots.items()
    reg = next(r for r in regs if r.id == reg_id)
    booked = people_of(reg)
    remove |= {i for i, b in enumerate(booked)
               if any(_is_contact(p, req) and same_person(p, b) for p in req.attendees)}
    if len(remove) >= len(booked):
        return _Target(reg), None
    return _Target(reg, tuple(sorted(remove))), None


def cancel(session: Session, seats_: Seats, event: EventSpec, req: Request,
           referenced: int | None = None) -> Outcome:
    regs = active_registrations(session, event.id, req.contact.email or "")
    if not regs:
        return Outcome("not_registered")
    if not req.attendees and req.seats > 0:
        # "Meine Frau kann leider nicht kommen": part of a group, nobody named
        return Outcome("hold", reason="cancellation of a companion who is not named")
    target, unclear = _which(regs, req, referenced)
    if unclear:
        return Outcome("hold", reason=unclear)
    if target is None:  # a reply to a booking that is cancelled already (or is not theirs)
        return Outcome("not_registered")
    forget_seats(session)
    units = set(req.sessions) if (req.sessions and event.sessions) else None
    if target.remove:
        return _cancel_people(session, event, target.reg, target.remove, units)
    reg = target.reg
    promoted: list[int] = []
    released: dict[str, str] = {}
    for place in places_of(session, reg.id or 0):
        if place.status not in ACTIVE or (units is not None and place.unit not in units):
            continue
        unit = load_unit(session, event, place.unit, holds=True)
        moved = unit.release(Hold(reg.id or 0, place.seats, Status(place.status),
                                  (place.arrived_at, place.seq)))
        released[place.unit] = place.status
        _save_unit(session, event, unit)
        session.flush()
        promoted += moved
    refresh_status(session, reg)
    if not released:  # e.g. a session this person never booked
        return Outcome("not_registered", reg)
    session.flush()
    promoted = _refresh(session, promoted)
    return Outcome("cancelled", reg, promoted, released=released)


def _cancel_people(session: Session, event: EventSpec, reg: Registration,
                   remove: tuple[int, ...], units: set[str] | None) -> Outcome:
    """Some people of a group cancel (issue 7): they leave the booking, the others keep
    their seats, and each freed seat goes to the waitlist as for any cancellation."""
    places = [p for p in places_of(session, reg.id or 0) if p.status in ACTIVE]
    if units is not None and not {p.unit for p in places} <= units:
        return Outcome("hold", reason="one person of a group cancels some sessions only")
    booked = json.loads(reg.attendees)
    gone = [booked[i] for i in remove]
    kept = [p for i, p in enumerate(booked) if i not in remove]
    fewer = min(len(gone), reg.seats - 1)  # who remains keeps at least one seat
    promoted: list[int] = []
    released: dict[str, str] = {}
    for place in places:
        take = min(fewer, place.seats - 1)
        if take <= 0:
            continue
        unit = load_unit(session, event, place.unit, holds=True)
        moved = unit.shrink(Hold(reg.id or 0, place.seats, Status(place.status),
                                 (place.arrived_at, place.seq)), take)
        released[place.unit] = place.status
        place.seats -= take
        session.add(place)
        _save_unit(session, event, unit)
        session.flush()
        promoted += moved
    reg.attendees = json.dumps(kept, ensure_ascii=False)
    reg.seats = max(1, reg.seats - fewer)
    reg.name = kept[0].get("name") or reg.name
    refresh_status(session, reg)
    session.flush()
    promoted = [r for r in _refresh(session, promoted) if r != reg.id]
    return Outcome("cancelled", reg, promoted, released=released,
                   removed=[Person(p.get("name"), None, p.get("salutation"), p.get("title"))
                            for p in gone])


def status(session: Session, event: EventSpec, req: Request) -> Outcome:
    regs = active_registrations(session, event.id, req.contact.email or "")
    if not regs:
        return Outcome("not_registered")
    return Outcome("status", regs[0], others=regs[1:])


def positions(session: Session, event: EventSpec,
              reg: Registration) -> dict[str, tuple[str, int | None]]:
    """Per unit: (status, waitlist position) of this registration."""
    out: dict[str, tuple[str, int | None]] = {}
    for place in places_of(session, reg.id or 0):
        pos = None
        if place.status == Status.WAITLISTED:
            ahead = session.exec(_AHEAD, params={
                "event": event.id, "unit": place.unit, "at": place.arrived_at,
                "seq": place.seq}).one()
            pos = int(ahead) + 1
        out[place.unit] = (place.status, pos)
    return out
