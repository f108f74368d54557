"""The seats of the units as the current transaction left them (issue 12).

A batch of registrations for one event reads the seat sums of a unit once and then keeps
them current in memory (``Unit.place``), instead of once per mail. The caller makes one
``Ledger`` per transaction and passes it to the booking service; after a rollback to a
savepoint, or anything else that changed seats behind the ledger's back, it calls
:meth:`Ledger.forget`. It is plain memory: it never reads the database itself.
"""

from __future__ import annotations

from mailbot.booking.model import Unit


class Ledger:
    """Units by (event id, unit key); cheap to make (one empty dict)."""

    __slots__ = ("_units",)

    def __init__(self) -> None:
        self._units: dict[tuple[str, str], Unit] = {}

    def get(self, event_id: str, key: str) -> Unit | None:
        return self._units.get((event_id, key))

    def keep(self, event_id: str, unit: Unit) -> Unit:
        self._units[(event_id, unit.key)] = unit
        return unit

    def forget(self, event_id: str | None = None, key: str | None = None) -> None:
        """Read the seats again: all units, an event's, or one unit of an event."""
        if event_id is None:
            self._units.clear()
        elif key is not None:
            self._units.pop((event_id, key), None)
        else:
            for known in [k for k in self._units if k[0] == event_id]:
                del self._units[known]
