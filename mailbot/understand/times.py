"""Dates, weekdays, months and clock times written in a text ("am 4.3.", "March 4th",
"im April", "um 16 Uhr"), for matching them against the events' own dates.
"""

from __future__ import annotations

from dataclasses import dataclass

from mailbot.understand import lexicon as lx
from mailbot.understand.words import MAX_SCAN


@dataclass(frozen=True)
class Found:
    dates: list[tuple[tuple[int, int, int | None], str]]
    weekdays: list[tuple[int, str]]
    months: list[tuple[int, str]]
    times: list[tuple[tuple[int, int], str]]


def dates_in(text: str) -> list[tuple[int, int, int | None]]:
    """(day, month, year or None) of every plausible date written in ``text``."""
    return [d for d, _ in _dates(text[:MAX_SCAN])]


def _dates(text: str) -> list[tuple[tuple[int, int, int | None], str]]:
    out: list[tuple[tuple[int, int, int | None], str]] = []
    for m in lx.DATE_NUMERIC.finditer(text):
        year = int(m.group(3)) if m.group(3) else None
        if year is not None and year < 100:
            year += 2000
        out.append(((int(m.group(1)), int(m.group(2)), year), m.group(0)))
    for m in lx.DATE_ISO.finditer(text):
        out.append(((int(m.group(3)), int(m.group(2)), int(m.group(1))), m.group(0)))
    for m in lx.DATE_DAY_MONTH.finditer(text):
        out.append(((int(m.group(1)), lx.MONTHS[m.group(2).lower()],
                     int(m.group(3)) if m.group(3) else None), m.group(0)))
    for m in lx.DATE_MONTH_DAY.finditer(text):
        out.append(((int(m.group(2)), lx.MONTHS[m.group(1).lower()],
                     int(m.group(3)) if m.group(3) else None), m.group(0)))
    return [(d, s) for d, s in out if 1 <= d[0] <= 31 and 1 <= d[1] <= 12]


def find_times(text: str) -> Found:
    text = text[:MAX_SCAN]
    dates = _dates(text)
    weekdays = [(lx.WEEKDAYS[m.group(1).lower()], m.group(0))
                for m in lx.WEEKDAY.finditer(text)]
    months = [] if dates else [(lx.MONTHS[m.group(1).lower()], m.group(0))
                               for m in lx.IN_MONTH_ONLY.finditer(text)]
    times = []
    for m in lx.CLOCK.finditer(text):
        h, mi = int(m.group(1)), int(m.group(2) or m.group(3) or 0)
        if 6 <= h <= 22 and mi < 60:
            times.append(((h, mi), m.group(0)))
    return Found(dates, weekdays, months, times)
