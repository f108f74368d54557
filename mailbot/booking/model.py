"""Seats of one bookable unit (an event, or one session of a series) as a pure value.

A *unit* has a capacity and a waitlist size, both counted in seats. A *hold* is one
registration's claim on a unit: confirmed or waitlisted, ordered by arrival at the mail
server (``order`` = arrival time, then the inbox sequence number as tie-breaker).
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
    """The holds on one unit; mutating methods return what changed."""

    key: str
    capacity: int
    waitlist: int
    holds: list[Hold] = field(default_factory=list)

    def _active(self, status: Status) -> list[Hold]:
        return sorted((h for h in self.holds if h.status == status), key=lambda h: h.order)

    @property
    def confirmed_seats(self) -> int:
        return sum(h.seats for h in self._active(Status.CONFIRMED))

    @property
    def waitlisted_seats(self) -> int:
        return sum(h.seats for h in self._active(Status.WAITLISTED))

    @property
    def free_seats(self) -> int:
        return max(0, self.capacity - self.confirmed_seats)

    def hold_of(self, registration: int) -> Hold | None:
        return next((h for h in self.holds
                     if h.registration == registration and h.status in ACTIVE), None)

    def position(self, registration: int) -> int | None:
        """1-based waitlist position, counted in registrations."""
        for i, hold in enumerate(self._active(Status.WAITLISTED), start=1):
            if hold.registration == registration:
                return i
        return None

    def place(self, registration: int, seats: int, order: Order) -> Status | None:
        """Confirm, else waitlist, else None (full). A group is never split."""
        if seats <= self.free_seats:
            status = Status.CONFIRMED
        elif seats <= self.waitlist - self.waitlisted_seats:
            status = Status.WAITLISTED
        else:
            return None
        self.holds.append(Hold(registration, seats, status, order))
        return status

    def release(self, registration: int) -> list[int]:
        """Cancel ``registration``'s hold and promote from the waitlist.

        Promotion goes strictly in order of arrival; a group that does not fit into the
        free seats is skipped but keeps its place, so the seats are not left empty.
        Returns the registrations that moved up.
        """
        hold = self.hold_of(registration)
        if hold is None:
            return []
        self.holds[self.holds.index(hold)] = replace(hold, status=Status.CANCELLED)
        return self.promote()

    def promote(self) -> list[int]:
        moved: list[int] = []
        for hold in self._active(Status.WAITLISTED):
            if hold.seats <= self.free_seats:
                self.holds[self.holds.index(hold)] = replace(hold, status=Status.CONFIRMED)
                moved.append(hold.registration)
        return moved
