"""Seats of one bookable unit (an event, or one session of a series) as a pure value.

A *unit* has a capacity and a waitlist size, both counted in seats. Confirmed seats are
kept as a sum (a big event has thousands of them and the rules need only the total);
the waitlist is kept as holds ordered by arrival at the mail server (``order`` =
arrival time, then the inbox sequence number as tie-breaker). ``changes`` records whose
status this object changed, for the caller to write back.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum


class Status(StrEnum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"
    REFUSED = "refused"


ACTIVE = (Status.CONFIRMED, Status.WAITLISTED)

Order = tuple[datetime, int]


@dataclass(frozen=True)
class Hold:
    registration: int
    seats: int
    status: Status
    order: Order


@dataclass
class Unit:
    key: str
    capacity: int
    waitlist: int
    confirmed: int = 0  # seats confirmed
    waiting: list[Hold] = field(default_factory=list)  # waitlisted holds
    changes: dict[int, Status] = field(default_factory=dict)
    # Seats on the waitlist when ``waiting`` was not loaded (booking a new arrival needs
    # only the sums; promotion needs the holds themselves).
    waitlisted: int | None = None

    def __post_init__(self) -> None:
        self.waiting.sort(key=lambda h: h.order)

    @property
    def waitlisted_seats(self) -> int:
        return sum(h.seats for h in self.waiting) + (self.waitlisted or 0)

    @property
    def free_seats(self) -> int:
        return max(0, self.capacity - self.confirmed)

    def position(self, registration: int) -> int | None:
        """1-based waitlist position, counted in registrations."""
        for i, hold in enumerate(self.waiting, start=1):
            if hold.registration == registration:
                return i
        return None

    def place(self, registration: int, seats: int, order: Order) -> Status | None:
        """Confirm, else waitlist, else None (full). A group is never split."""
        if seats <= self.free_seats:
            self.confirmed += seats
            status = Status.CONFIRMED
        elif seats <= self.waitlist - self.waitlisted_seats:
            self.waiting.append(Hold(registration, seats, Status.WAITLISTED, order))
            self.waiting.sort(key=lambda h: h.order)
            status = Status.WAITLISTED
        else:
            return None
        self.changes[registration] = status
        return status

    def release(self, hold: Hold) -> list[int]:
        """Cancel ``hold`` and promote from the waitlist.

        Promotion goes strictly in order of arrival; a group that does not fit into the
        free seats is skipped but keeps its place, so the seats are not left empty.
        Returns the registrations that moved up.
        """
        if hold.status is Status.CONFIRMED:
            self.confirmed = max(0, self.confirmed - hold.seats)
        elif hold.status is Status.WAITLISTED:
            self.waiting = [h for h in self.waiting if h.registration != hold.registration]
        else:
            return []
        self.changes[hold.registration] = Status.CANCELLED
        return self.promote()

    def shrink(self, hold: Hold, seats: int) -> list[int]:
        """``hold``'s group is ``seats`` smaller (one person of it cancelled, issue 7).

        Confirmed seats so freed go to the waitlist, in order of arrival, as for any
        cancellation; a waiting group keeps its place with fewer seats (and may fit now).
        Returns the registrations that moved up (``hold``'s own among them if it did).
        """
        if not 0 < seats < hold.seats:
            raise ValueError(f"cannot take {seats} of {hold.seats} seats from a group")
        if hold.status is Status.CONFIRMED:
            self.confirmed = max(0, self.confirmed - seats)
        elif hold.status is Status.WAITLISTED:
            self.waiting = [replace(h, seats=h.seats - seats)
                            if h.registration == hold.registration else h for h in self.waiting]
        else:
            return []
        return self.promote()

    def promote(self) -> list[int]:
        moved: list[int] = []
        for hold in list(self.waiting):
            if hold.seats <= self.free_seats:
                self.waiting.remove(hold)
                self.confirmed += hold.seats
                self.changes[hold.registration] = Status.CONFIRMED
                moved.append(hold.registration)
        return moved
