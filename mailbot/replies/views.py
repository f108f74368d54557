"""Plain read-only views of events and registrations for the templates.

Templates get preformatted strings (dates in the reply's language and the configured
time zone), never database rows or config objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, tzinfo

from mailbot.booking import attendees
from mailbot.config import EventSpec, Settings
from mailbot.replies.dates import format_datetime_local, format_when
from mailbot.store.tables import Registration
from mailbot.understand.lexicon import SALUTATION_GENDER
from mailbot.understand.people import surname
from mailbot.understand.request import Person


@dataclass(frozen=True)
class SessionView:
    id: str
    title: str
    when: str
    status: str | None = None
    waitlist_position: int | None = None


@dataclass(frozen=True)
class EventView:
    id: str
    title: str
    when: str
    venue: str | None
    online_url: str | None
    deadline: str | None
    opens: str | None
    contact: str | None
    sessions: tuple[SessionView, ...] = ()


@dataclass(frozen=True)
class PersonView:
    """How to address a person: the badge name, and the salutation and title when the
    mail gave them ("Sehr geehrte Frau Dr. Schmidt", "Dear Dr Schmidt")."""

    name: str
    surname: str
    gender: str | None = None  # "f" | "m": from the salutation
    title: str | None = None  # as in German: "Dr.", "Prof. Dr."
    title_en: str | None = None  # as in English: "Dr", "Professor"
    salutation_en: str | None = None  # "Ms", "Mrs", "Miss", "Mr"


_ENGLISH_SALUTATION = {"Frau": "Ms", "Herr": "Mr"}


def person_view(person: Person | None) -> PersonView | None:
    if person is None or not person.name:
        return None
    gender = SALUTATION_GENDER.get(person.salutation or "")
    title = person.title
    title_en = None if not title else ("Professor" if "Prof" in title else "Dr")
    salutation_en = None
    if gender:
        salutation_en = _ENGLISH_SALUTATION.get(person.salutation or "", person.salutation)
    return PersonView(person.name, surname(person.name), gender, title, title_en, salutation_en)


def contact_view(reg: Registration) -> PersonView | None:
    """The contact of a stored booking, addressed as the mail that booked it allowed: the
    forms kept with the attendee who is the contact (the sender), if any."""
    if not reg.contact_name:
        return None
    for p in attendees.of(reg):
        if p.name == reg.contact_name:
            return person_view(Person(p.name, None, p.salutation, p.title))
    return person_view(Person(reg.contact_name))


@dataclass(frozen=True)
class RegistrationView:
    status: str
    seats: int
    waitlist_position: int | None
    attendees: tuple[str, ...]
    sessions: tuple[SessionView, ...] = field(default=())
    organisation: str | None = None
    email: str | None = None
    full: tuple[SessionView, ...] = ()  # sessions asked for that had no room left
    was_waitlisted: bool = False  # a cancellation of a waitlist place (no seat was freed)
    removed: tuple[PersonView, ...] = ()  # people cancelled from this group (issue 7)


@dataclass(frozen=True)
class BotView:
    address: str
    signature: str | None


def _local(dt: datetime | None, tz: tzinfo) -> datetime | None:
    return None if dt is None else dt.astimezone(tz)


def event_view(event: EventSpec, settings: Settings, lang: str) -> EventView:
    tz = settings.tz
    sessions = tuple(
        SessionView(s.id, s.title, format_when(s.starts.astimezone(tz),
                                               _local(s.ends, tz), lang))
        for s in event.sessions
    )
    deadline = _local(event.deadline, tz)
    opens = _local(event.opens, tz)
    return EventView(
        id=event.id, title=event.title,
        when=format_when(event.starts.astimezone(tz), _local(event.ends, tz), lang),
        venue=event.venue, online_url=event.online_url,
        deadline=format_datetime_local(deadline, lang) if deadline else None,
        opens=format_datetime_local(opens, lang) if opens else None,
        contact=event.organisers[0] if event.organisers else None,
        sessions=sessions,
    )


def registration_view(reg: Registration, event: EventView,
                      units: dict[str, tuple[str, int | None]]) -> RegistrationView:
    """``units``: per unit ('' or session id) the place's status and waitlist position."""
    names = tuple(p.name for p in attendees.of(reg) if p.name)
    sessions = tuple(
        SessionView(s.id, s.title, s.when, units[s.id][0], units[s.id][1])
        for s in event.sessions if s.id in units and units[s.id][0] != "cancelled"
    )
    whole = units.get("")
    waiting = [pos for st, pos in units.values() if st == "waitlisted" and pos]
    position = whole[1] if whole else (min(waiting) if waiting and reg.status == "waitlisted"
                                       else None)
    return RegistrationView(
        status=reg.status, seats=reg.seats, waitlist_position=position,
        attendees=names or ((reg.name,) if reg.name else ()), sessions=sessions,
        organisation=reg.organisation, email=reg.email,
    )


def with_outcome(view: RegistrationView, event: EventView, full: list[str],
                 released: dict[str, str],
                 removed: list[Person] | tuple[Person, ...] = ()) -> RegistrationView:
    """Add what the last request changed: sessions that were full, whether what was
    cancelled was only a waitlist place, and who left a group booking."""
    return replace(
        view,
        full=tuple(s for s in event.sessions if s.id in full),
        was_waitlisted=bool(released) and all(st == "waitlisted" for st in released.values()),
        removed=tuple(v for v in map(person_view, removed) if v is not None),
    )
