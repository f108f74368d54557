"""Human-readable dates for replies ("Donnerstag, 4. März 2027, 10:00 bis 13:00 Uhr").

Pure functions: the datetimes must be timezone-aware and already converted to the
zone the reply should show (the configured event zone, normally Europe/Berlin).
Nothing here converts; the wall-clock time of the value passed in is printed.

Languages: "de" and "en" (also "de-DE", "en_GB", ...). Anything else is written in
German, matching the renderer, which falls back to the German templates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from babel.dates import format_date

__all__ = ["format_date_local", "format_datetime_local", "format_when", "reply_language"]



@dataclass(frozen=True)
class _Forms:
    """How one language writes dates and times in a reply (the words are babel's)."""

    locale: str
    # An explicit CLDR pattern rather than "full", so the output does not drift with
    # babel/CLDR releases: "Donnerstag, 4. März 2027" / "Thursday, 4 March 2027".
    date: str
    at: str  # a date with its time
    same_day: str  # one day, from - to
    span: str  # from one day and time to another


_FORMS = {
    "de": _Forms("de_DE", "EEEE, d. MMMM y", "{day}, {time} Uhr", "{day}, {start} bis {end} Uhr",
                 "{start} bis {end}"),
    "en": _Forms("en_GB", "EEEE, d MMMM y", "{day}, {time}", "{day}, {start}\u2013{end}",
                 "{start} \u2013 {end}"),
}


def reply_language(lang: str | None) -> str:
    """Map a language tag to the reply language used here: "en" or "de" (default)."""
    if lang and lang.strip().lower().replace("_", "-").split("-")[0] == "en":
        return "en"
    return "de"


def _check_aware(dt: datetime, what: str) -> None:
    if not isinstance(dt, datetime):
        raise TypeError(f"{what} must be a datetime, not {type(dt).__name__}")
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError(
            f"{what} is a naive datetime ({dt.isoformat()}); pass an aware datetime "
            "already converted to the event time zone"
        )


def _hm(dt: datetime) -> str:
    return f"{dt.hour:02d}:{dt.minute:02d}"


def format_date_local(day: date, lang: str) -> str:
    """The long date only: "Donnerstag, 4. März 2027" / "Thursday, 4 March 2027".

    A datetime is accepted too; its own (wall-clock) date is used.
    """
    if isinstance(day, datetime):
        day = day.date()
    code = reply_language(lang)
    forms = _FORMS[code]
    return format_date(day, forms.date, locale=forms.locale)


def format_datetime_local(dt: datetime, lang: str) -> str:
    """Date and time: "Donnerstag, 25. Februar 2027, 18:00 Uhr" /
    "Thursday, 25 February 2027, 18:00"."""
    _check_aware(dt, "dt")
    code = reply_language(lang)
    return _FORMS[code].at.format(day=format_date_local(dt, code), time=_hm(dt))


def format_when(starts: datetime, ends: datetime | None, lang: str) -> str:
    """When an event takes place.

    Same day:       "Donnerstag, 4. März 2027, 10:00 bis 13:00 Uhr"
                    "Thursday, 4 March 2027, 10:00–13:00"
    Different days: "Dienstag, 2. Februar 2027, 17:00 Uhr bis Dienstag, 30. März 2027, 19:00 Uhr"
                    "Tuesday, 2 February 2027, 17:00 – Tuesday, 30 March 2027, 19:00"
    No end (or end == start): as format_datetime_local.
    An evening that ends exactly at midnight stays on one day ("18:00 bis 24:00 Uhr").
    """
    _check_aware(starts, "starts")
    if ends is None or ends == starts:
        return format_datetime_local(starts, lang)
    _check_aware(ends, "ends")
    if ends < starts:
        raise ValueError(f"event ends ({ends.isoformat()}) before it starts ({starts.isoformat()})")
    code = reply_language(lang)

    end_time: str | None = None
    if ends.date() == starts.date():
        end_time = _hm(ends)
    elif (
        ends.date() == starts.date() + timedelta(days=1)
        and (ends.hour, ends.minute, ends.second, ends.microsecond) == (0, 0, 0, 0)
    ):
        end_time = "24:00"

    forms = _FORMS[code]
    if end_time is not None:
        return forms.same_day.format(day=format_date_local(starts, code), start=_hm(starts),
                                     end=end_time)
    return forms.span.format(start=format_datetime_local(starts, code),
                             end=format_datetime_local(ends, code))
