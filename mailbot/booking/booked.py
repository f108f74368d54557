"""A stored booking as a plain value, for the pure booking policy (no database row)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from mailbot.booking.model import ACTIVE, Hold
from mailbot.understand.request import Person


@dataclass(frozen=True)
class Booking:
    """One registration: who is booked, for how many seats, and its hold on each unit
    ('' for the whole event, else a session id), cancelled holds included."""

    id: int
    people: tuple[Person, ...]
    seats: int
    units: Mapping[str, Hold] = field(default_factory=dict)

    def active_units(self) -> set[str]:
        return {key for key, h in self.units.items() if h.status in ACTIVE}
