"""Booking decisions over plain values (no database): the registration window, which
refusal applies, what a registration repeats and what is new, and promotion before a
newcomer is placed. The service loads the values, asks here, and saves the result."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from mailbot.addresses import normalise
from mailbot.booking.booked import Booking
from mailbot.booking.model import Order, Status, Unit
from mailbot.booking.outcome import Kind
from mailbot.config import EventSpec
from mailbot.understand.people import same_person
from mailbot.understand.request import Person, Request


class Window(StrEnum):
    OPEN = "open"
    NOT_OPEN = "not_open"
    CLOSED = "closed"


def window(arrived_at: datetime, *, opens: datetime | None, deadline: datetime | None,
           starts: datetime) -> Window:
    """Registration window by *arrival at the mail server*, never by processing time.

    A mail that arrived before the deadline is on time even when mailbot was down then.
    Without a deadline, registration closes when the event starts. A deadline given to the
    minute ("18:00 Uhr") includes that whole minute, as a person reading it would expect.
    """
    if opens is not None and arrived_at < opens:
        return Window.NOT_OPEN
    end = deadline if deadline is not None else starts
    if end.second == 0 and end.microsecond == 0:
        end += timedelta(minutes=1)
        return Window.CLOSED if arrived_at >= end else Window.OPEN
    return Window.CLOSED if arrived_at > end else Window.OPEN


def refusal(seats: int, *, max_seats: int, arrived_at: datetime,
            event: EventSpec) -> Kind | None:
    """Why a registration is refused before any seat is looked at, or None.

    Too many seats comes first (the answer that tells the sender what to change), then
    the window by arrival time."""
    if seats > max_seats:
        return Kind.TOO_MANY_SEATS
    state = window(arrived_at, opens=event.opens, deadline=event.deadline, starts=event.starts)
    return None if state is Window.OPEN else Kind(state.value)


@dataclass(frozen=True)
class RegistrationPlan:
    """What a registration asks for, given the sender's active bookings.

    ``extend``: the booking it repeats (the same people; perhaps for more sessions), or
    None for a booking of its own for ``people`` with ``row_seats`` seats. ``seats`` is
    what each unit gets (an extended booking keeps its group size); ``units`` are those
    wanted and not held yet.
    """

    extend: Booking | None
    people: tuple[Person, ...]
    row_seats: int
    seats: int
    units: tuple[str, ...]

    @property
    def repeats(self) -> bool:
        """Everything asked for is booked already."""
        return self.extend is not None and not self.units


def _booked(person: Person, booked: Iterable[Person]) -> bool:
    return any(same_person(person, b) for b in booked)


def _split_known(bookings: Sequence[Booking], req: Request
                 ) -> tuple[list[Booking], tuple[Person, ...], int]:
    """Which of the bookings the request repeats, and whom and how many seats a booking of
    its own is for.

    The same people again: those bookings (perhaps for more sessions). People not booked
    yet ("meine Kollegin und ich" after booking oneself, an assistant booking one
    colleague after another): a booking of their own, for the new people only. Who is
    booked already is told by address (the sender, perhaps without a name back then) or
    by :func:`same_person` ("Frau Dr. Schmidt" is the "Anna Schmidt" booked).
    """
    booked = [p for b in bookings for p in b.people]
    have_mail = {normalise(p.email) for p in booked if p.email}
    known = [p for p in req.attendees
             if (p.email and normalise(p.email) in have_mail) or _booked(p, booked)]
    extra = tuple(p for p in req.attendees if p.name and p not in known)
    if bookings and extra:
        return [], extra, max(len(extra), req.seats - len(known))
    wanted = [p for p in req.attendees if p.name]
    repeated = [b for b in bookings if not wanted or any(_booked(p, b.people) for p in wanted)]
    return repeated or list(bookings), req.attendees, req.seats


def plan_registration(bookings: Sequence[Booking], req: Request,
                      units: Sequence[str]) -> RegistrationPlan:
    """``bookings``: the sender's active bookings for the event, oldest first; ``units``:
    the units the request wants (all of the event's when it names no session)."""
    existing, people, seats = _split_known(bookings, req)
    held = {key for b in existing for key in b.active_units()}
    row_seats = max(1, seats)
    return RegistrationPlan(
        extend=existing[0] if existing else None, people=people, row_seats=row_seats,
        # more sessions for a booking: the same group as booked
        seats=existing[0].seats if existing else row_seats,
        units=tuple(u for u in units if u not in held))


def needs_promotion(unit: Unit) -> bool:
    """Seats free while people wait (the capacity was raised): those who came first move
    up before a newcomer is placed. Promotion needs the unit's waitlisted holds loaded."""
    return bool(unit.free_seats and unit.waitlisted_seats)


def admit(unit: Unit, registration: int, seats: int,
          order: Order) -> tuple[list[int], Status | None]:
    """Promote first if :func:`needs_promotion`, then place the newcomer (None: full).
    Returns (registrations that moved up, the newcomer's status)."""
    promoted: list[int] = []
    if needs_promotion(unit):
        if unit.waitlisted:
            raise ValueError("promotion needs the waitlisted holds, not only their sum")
        promoted = unit.promote()
    return promoted, unit.place(registration, seats, order)


def placed(statuses: Iterable[Status]) -> Kind:
    """The kind of a registration by where its seats went: any seat confirmed wins."""
    found = set(statuses)
    if Status.CONFIRMED in found:
        return Kind.CONFIRMED
    return Kind.WAITLISTED if Status.WAITLISTED in found else Kind.FULLY_BOOKED


def derived_status(statuses: Iterable[str]) -> Status:
    """A registration's status from its places' statuses: any seat confirmed wins, then
    any waitlisted; none active is cancelled."""
    found = set(statuses)
    if Status.CONFIRMED in found:
        return Status.CONFIRMED
    return Status.WAITLISTED if Status.WAITLISTED in found else Status.CANCELLED
