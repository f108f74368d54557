"""Booking against the database: load plain values, ask the pure policy, save its answer.

The rules live in :mod:`mailbot.booking.policy` (registration) and
:mod:`mailbot.booking.cancellation`; the reads and writes in :mod:`mailbot.booking.store`.
The caller passes a :class:`~mailbot.booking.ledger.Ledger` per transaction, so a batch
of registrations for one event reads the seat sums once.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from mailbot.booking import attendees, cancellation, policy
from mailbot.booking import store as db
from mailbot.booking.cancellation import NoCancel, Release, Shrink
from mailbot.booking.ledger import Ledger
from mailbot.booking.model import Status
from mailbot.booking.outcome import Kind, Outcome, Units
from mailbot.booking.policy import RegistrationPlan
from mailbot.booking.store import (
    active_registrations,
    places_of,
    positions,
    refresh_status,
    units_of,
)
from mailbot.config import EventSpec
from mailbot.store.tables import Registration
from mailbot.understand.request import Person, Request

__all__ = ["Kind", "Ledger", "Outcome", "active_registrations", "cancel", "people_of",
           "cancel_hold", "change_of", "places_of", "positions", "refresh_status", "register",
           "status", "units_of"]


def people_of(reg: Registration) -> tuple[Person, ...]:
    """The booked attendees, with the forms of address the mail gave (issue 7)."""
    return attendees.of(reg)


def _wanted(event: EventSpec, req: Request) -> list[str]:
    return list(req.sessions) if (req.sessions and event.sessions) else units_of(event)


def change_of(session: Session, event: EventSpec, req: Request, owner: str) -> str:
    """What registering ``req`` would do to the bookings of ``owner``, changing nothing:
    "new" (a booking of its own), "repeat" (nothing new) or "extend" (more of one)."""
    regs = active_registrations(session, event.id, owner)
    plan = policy.plan_registration(db.bookings(session, regs), req, _wanted(event, req))
    if plan.extend is None:
        return "new"
    return "repeat" if plan.repeats else "extend"


def cancel_hold(session: Session, event: EventSpec, req: Request, referenced: int | None,
                owner: str) -> str | None:
    """Why a person must decide what cancelling ``req`` means for ``owner`` (nothing is
    cancelled then), or None; changes nothing."""
    regs = active_registrations(session, event.id, owner)
    units = set(req.sessions) if (req.sessions and event.sessions) else None
    plan = cancellation.plan_cancellation(db.bookings(session, regs), req, referenced, units)
    if isinstance(plan, NoCancel) and plan.kind is Kind.HOLD:
        return plan.reason or "a person must decide"
    return None


def _owner(req: Request, owner: str | None) -> str:
    """Whose bookings an act looks at: the address the mail proved (or claims, From),
    never merely the one its Reply-To names; without one, the contact's."""
    return owner or req.contact.email or ""


def register(session: Session, event: EventSpec, req: Request, *, inbox_id: int,
             arrived_at: datetime, max_seats: int, ledger: Ledger | None = None,
             owner: str | None = None, asked_at: datetime | None = None) -> Outcome:
    """Book ``req`` (a registration) for ``event``. ``ledger``: the seats as this
    transaction left them; without one they are read for this call alone. ``owner``:
    whose existing booking it may extend; ``asked_at``: when it was asked, for the
    registration window (a change confirmed later: the seats still take their place at
    ``arrived_at``)."""
    regs = active_registrations(session, event.id, _owner(req, owner))
    plan = policy.plan_registration(db.bookings(session, regs), req, _wanted(event, req))
    rows = {r.id: r for r in regs}
    if plan.repeats:
        assert plan.extend is not None
        return Outcome(Kind.ALREADY_REGISTERED, rows[plan.extend.id])
    refusal = policy.refusal(plan.seats, max_seats=max_seats, arrived_at=asked_at or arrived_at,
                             event=event)
    if refusal:
        return Outcome(refusal, _new_row(session, event, req, plan, inbox_id, arrived_at,
                                         Status.REFUSED, refusal.value))
    if ledger is None:  # (an empty Ledger is no different from a fresh one)
        ledger = Ledger()
    placed, promoted, full = _place(session, ledger, event, plan, (arrived_at, inbox_id))
    kind = policy.placed(placed.values())
    if plan.extend is not None:
        reg = rows[plan.extend.id]
    elif kind is Kind.FULLY_BOOKED:
        reg = _new_row(session, event, req, plan, inbox_id, arrived_at, Status.REFUSED,
                       Kind.FULLY_BOOKED.value)
    else:
        reg = _new_row(session, event, req, plan, inbox_id, arrived_at, Status(kind.value),
                       None)
    for key, st in placed.items():
        db.hold_place(session, event, reg.id or 0, key, plan.seats, st, (arrived_at, inbox_id),
                      again=plan.extend is not None)
    promoted = db.refresh(session, promoted)
    if kind is Kind.FULLY_BOOKED:
        return Outcome(kind, reg, promoted, full=full)
    if plan.extend is not None:
        refresh_status(session, reg)
    units: Units = {key: (st.value, None) for key, st in placed.items()}
    # Positions on the waitlist are counted from the database when the reply is written.
    known = plan.extend is None and all(
        st is Status.CONFIRMED for st in placed.values())
    return Outcome(kind, reg, promoted, units=units if known else None, full=full)


def _new_row(session: Session, event: EventSpec, req: Request, plan: RegistrationPlan,
             inbox_id: int, arrived_at: datetime, st: Status,
             reason: str | None) -> Registration:
    return db.new_registration(session, event, req, plan.people, plan.row_seats,
                               inbox_id=inbox_id, arrived_at=arrived_at, status=st,
                               reason=reason)


def _place(session: Session, ledger: Ledger, event: EventSpec, plan: RegistrationPlan,
           order: tuple[datetime, int]) -> tuple[dict[str, Status], list[int], list[str]]:
    """Where the seats go, unit by unit: (unit -> status, who moved up, units full)."""
    placed: dict[str, Status] = {}
    promoted: list[int] = []
    full: list[str] = []
    reg_id = plan.extend.id if plan.extend is not None else 0
    for key in plan.units:
        unit = db.current_unit(session, ledger, event, key)
        promoting = policy.needs_promotion(unit)
        if promoting:
            unit = db.load_unit(session, event, key, holds=True)
        moved, st = policy.admit(unit, reg_id, plan.seats, order)
        if promoting:
            db.save_unit(session, unit, only=moved)
            ledger.forget(event.id, key)  # read again after promotions
        promoted += moved
        if st is None:
            full.append(key)
        else:
            placed[key] = st
    return placed, promoted, full


def cancel(session: Session, event: EventSpec, req: Request, referenced: int | None = None,
           *, ledger: Ledger | None = None, owner: str | None = None) -> Outcome:
    """Cancel what ``req`` names of the bookings of ``owner``. ``referenced``: the booking
    the mail replied about; ``ledger``: forgotten, as cancelling changes seats."""
    regs = active_registrations(session, event.id, _owner(req, owner))
    units = set(req.sessions) if (req.sessions and event.sessions) else None
    plan = cancellation.plan_cancellation(db.bookings(session, regs), req, referenced, units)
    if isinstance(plan, NoCancel):
        return Outcome(plan.kind, reason=plan.reason)
    if ledger is not None:
        ledger.forget()
    reg = next(r for r in regs if r.id == plan.booking.id)
    if isinstance(plan, Shrink):
        return _shrink(session, event, reg, plan)
    return _release(session, event, reg, plan)


def _release(session: Session, event: EventSpec, reg: Registration, plan: Release) -> Outcome:
    promoted: list[int] = []
    released: dict[str, str] = {}
    for key, hold in plan.holds:
        unit = db.load_unit(session, event, key, holds=True)
        moved = unit.release(hold)
        released[key] = hold.status.value
        db.save_unit(session, unit)
        session.flush()
        promoted += moved
    refresh_status(session, reg)
    if not released:  # e.g. a session this person never booked
        return Outcome(Kind.NOT_REGISTERED, reg)
    session.flush()
    return Outcome(Kind.CANCELLED, reg, db.refresh(session, promoted), released=released)


def _shrink(session: Session, event: EventSpec, reg: Registration, plan: Shrink) -> Outcome:
    """Some people of a group cancel (issue 7): they leave the booking, the others keep
    their seats, and each freed seat goes to the waitlist as for any cancellation."""
    promoted: list[int] = []
    released: dict[str, str] = {}
    for key, hold, take in plan.takes:
        unit = db.load_unit(session, event, key, holds=True)
        moved = unit.shrink(hold, take)
        released[key] = hold.status.value
        place = db.place_of(session, reg.id or 0, key)
        if place is not None:
            place.seats -= take
            session.add(place)
        db.save_unit(session, unit)
        session.flush()
        promoted += moved
    attendees.write(reg, plan.kept)
    reg.seats = plan.seats
    reg.name = plan.kept[0].name or reg.name
    refresh_status(session, reg)
    session.flush()
    promoted = [r for r in db.refresh(session, promoted) if r != reg.id]
    return Outcome(Kind.CANCELLED, reg, promoted, released=released,
                   removed=[Person(p.name, None, p.salutation, p.title) for p in plan.gone])


def status(session: Session, event: EventSpec, req: Request,
           owner: str | None = None) -> Outcome:
    regs = active_registrations(session, event.id, _owner(req, owner))
    if not regs:
        return Outcome(Kind.NOT_REGISTERED)
    return Outcome(Kind.STATUS, regs[0], others=regs[1:])
