"""The states a stored mail goes through, as one type (the column holds the value)."""

from __future__ import annotations

from enum import StrEnum


class InboxState(StrEnum):
    NEW = "new"  # stored, not decided yet: the runner takes it in order of arrival
    DONE = "done"  # decided: the outcome and the reason are recorded with it
