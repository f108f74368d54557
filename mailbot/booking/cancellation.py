"""Which booking a cancellation means, and what it takes away (pure; issue 7 and 12).

A cancellation either releases holds of one booking (the whole booking, or some of its
sessions), or takes some people out of a group (:class:`Shrink`), or does nothing and
says why (:class:`NoCancel`: not registered, or a person must decide).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mailbot.booking.booked import Booking
from mailbot.booking.model import ACTIVE, Hold
from mailbot.booking.outcome import Kind
from mailbot.understand.people import same_person
from mailbot.understand.request import Person, Request


@dataclass(frozen=True)
class NoCancel:
    kind: Kind  # NOT_REGISTERED or HOLD
    reason: str | None = None  # for HOLD: why a person must decide
    booking: Booking | None = None  # the booking it is about, if any


@dataclass(frozen=True)
class Release:
    """Cancel ``holds`` of ``booking``: (unit, hold) for its active holds on the units
    cancelled. None: the booking holds none of the sessions named."""

    booking: Booking
    holds: tuple[tuple[str, Hold], ...]


@dataclass(frozen=True)
class Shrink:
    """Some people of a group cancel: they leave, the others keep their seats (at least
    one). ``takes``: (unit, hold, seats it gives up) for the active holds that give some."""

    booking: Booking
    kept: tuple[Person, ...]
    gone: tuple[Person, ...]
    seats: int  # the booking's seats afterwards
    takes: tuple[tuple[str, Hold, int], ...]


Cancellation = NoCancel | Release | Shrink


def _is_contact(person: Person, req: Request) -> bool:
    return same_person(person, req.contact)


def _named_spots(bookings: Sequence[Booking], named: list[Person]
                 ) -> tuple[dict[int, set[int]], str | None]:
    """Booking id -> positions of its people that the named people are, or why not clear."""
    spots: dict[int, set[int]] = {}
    for person in named:
        where = [(b.id, i) for b in bookings for i, p in enumerate(b.people)
                 if same_person(person, p)]
        if not where:
            return {}, ("the people named in the cancellation have no registration: "
                        f"{person.name} is not in the booking")
        if len(where) > 1:
            return {}, f"more than one booked person could be {person.name}"
        spots.setdefault(where[0][0], set()).add(where[0][1])
    if len(spots) > 1:
        return {}, "the people named are booked in several registrations"
    return spots, None


def which(bookings: Sequence[Booking], req: Request, referenced: int | None
          ) -> tuple[Booking, tuple[int, ...]] | NoCancel:
    """The booking a cancellation means and the positions of the people it removes
    (() = the whole booking), or why that is not clear.

    A reply to one of our mails means the registration that mail was about. Otherwise the
    people named decide: each must be one booked person (else a person decides), and
    naming some people of a group cancels those people only; the contact is cancelled
    with them only when the request says so ("Frau Schmidt und ich können nicht"). With
    several bookings from one address and nothing to tell them apart, a person decides
    (never cancel them all on a guess).
    """
    if referenced is not None:
        bookings = [b for b in bookings if b.id == referenced]
        if not bookings:  # that booking is no longer active: never cancel another instead
            return NoCancel(Kind.NOT_REGISTERED)
    named = [p for p in req.attendees if p.name and not _is_contact(p, req)]
    if not named:
        if len(bookings) > 1:
            return NoCancel(Kind.HOLD, "several registrations from this address; "
                                       "which one to cancel is unclear")
        return bookings[0], ()
    spots, unclear = _named_spots(bookings, named)
    if unclear:
        return NoCancel(Kind.HOLD, unclear)
    ((booking_id, remove),) = spots.items()
    booking = next(b for b in bookings if b.id == booking_id)
    remove |= {i for i, b in enumerate(booking.people)
               if any(_is_contact(p, req) and same_person(p, b) for p in req.attendees)}
    if len(remove) >= len(booking.people):
        return booking, ()
    return booking, tuple(sorted(remove))


def shrink(booking: Booking, remove: tuple[int, ...], units: set[str] | None
           ) -> Shrink | NoCancel:
    """Take the people at ``remove`` out of the group; each freed seat goes back to the
    unit (and so to its waitlist). For some sessions only, a person decides."""
    if units is not None and not booking.active_units() <= units:
        return NoCancel(Kind.HOLD, "one person of a group cancels some sessions only",
                        booking)
    gone = tuple(p for i, p in enumerate(booking.people) if i in remove)
    kept = tuple(p for i, p in enumerate(booking.people) if i not in remove)
    fewer = min(len(gone), booking.seats - 1)  # who remains keeps at least one seat
    takes = tuple((key, h, min(fewer, h.seats - 1)) for key, h in booking.units.items()
                  if h.status in ACTIVE and min(fewer, h.seats - 1) > 0)
    return Shrink(booking, kept, gone, max(1, booking.seats - fewer), takes)


def plan_cancellation(bookings: Sequence[Booking], req: Request, referenced: int | None,
                      units: set[str] | None) -> Cancellation:
    """What cancelling means for the sender's active ``bookings`` (oldest first).

    ``units``: the sessions the request names (None: all). A companion who cancels
    without a name ("Meine Frau kann leider nicht kommen") is for a person to decide.
    """
    if not bookings:
        return NoCancel(Kind.NOT_REGISTERED)
    if not req.attendees and req.seats > 0:
        return NoCancel(Kind.HOLD, "cancellation of a companion who is not named")
    target = which(bookings, req, referenced)
    if isinstance(target, NoCancel):
        return target
    booking, remove = target
    if remove:
        return shrink(booking, remove, units)
    return Release(booking, tuple((key, h) for key, h in booking.units.items()
                                  if h.status in ACTIVE and (units is None or key in units)))
