"""What a booking request came to: its kind (typed) and what the reply needs to say it."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from mailbot.store.tables import Registration
from mailbot.understand.request import Person


class Kind(StrEnum):
    """The kinds of outcome; each is also the kind of the reply that tells it. A StrEnum
    equals its string, so ``out.kind == "hold"`` keeps working."""

    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    FULLY_BOOKED = "fully_booked"
    CLOSED = "closed"
    NOT_OPEN = "not_open"
    TOO_MANY_SEATS = "too_many_seats"
    ALREADY_REGISTERED = "already_registered"
    CANCELLED = "cancelled"
    NOT_REGISTERED = "not_registered"
    STATUS = "status"
    HOLD = "hold"


# per unit ('' or a session id): (status, waitlist position if known)
Units = dict[str, tuple[str, int | None]]


@dataclass
class Outcome:
    """What happened, for the reply: its kind and the registration it concerns."""

    kind: Kind
    registration: Registration | None = None
    promoted: list[int] = field(default_factory=list)  # registrations that moved up
    # per unit: (status, waitlist position), when already known (saves a query per reply)
    units: Units | None = None
    released: dict[str, str] = field(default_factory=dict)  # cancelled unit -> old status
    full: list[str] = field(default_factory=list)  # wanted units that had no room
    reason: str | None = None  # for "hold": why a person must decide
    others: list[Registration] = field(default_factory=list)  # more bookings to report
    removed: list[Person] = field(default_factory=list)  # people cancelled from a group
