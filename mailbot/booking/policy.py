"""Decisions that do not depend on seats: is registration open for this arrival time?"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum


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
