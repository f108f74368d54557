"""The reply kinds mailbot sends, and what each one means.

One registry instead of bare strings over the code: who reads a kind (the attendee who
wrote, or the organisers), how the per-recipient daily limit treats it (:class:`Limit`),
and its subject where it does not answer the sender's own subject. A kind's templates
are ``templates/{lang}/{kind}.txt`` and ``.html``.

The rule against loops and mailbombs (issue 10), applied by ``replies.throttle``:

* Every reply to an attendee counts against the daily limit of its recipient
  (``limits.replies_per_sender_per_day``, the last 24 hours), refusals included. Only
  organiser notices are outside it.
* News of a change of a booking is never suppressed, only counted (:attr:`Limit.COUNTED`):
  a confirmation, a waitlist place, a cancellation, and a move up from the waitlist (which
  someone else's cancellation causes; the person must learn of the seat). Their number is
  bounded by the seats and waitlist places there are, so no loop can produce them without
  end: a repeated registration is "already registered".
* Every answer where nothing changed (a refusal, "already registered", "not registered")
  is sent at most once a day per recipient, event and kind (:attr:`Limit.ONCE`, "already
  told"), and not at all over the limit. "Already registered" is per booking as well
  (:data:`PER_BOOKING`): an office that repeats two of its registrations hears of both.
* Answers to what a person asked (status, asking back, "question received") may differ
  from one mail to the next: they are suppressed over the limit only (:attr:`Limit.LIMITED`).
* Mail that is automatic (an echo of our own text included) or spam gets no reply at all,
  whatever its kind; the organisers may still be told.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType


class Kind(StrEnum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    MOVED_UP = "moved_up"
    CANCELLED = "cancelled"
    FULLY_BOOKED = "fully_booked"
    CLOSED = "closed"
    NOT_OPEN = "not_open"
    TOO_MANY_SEATS = "too_many_seats"
    ALREADY_REGISTERED = "already_registered"
    NOT_REGISTERED = "not_registered"
    STATUS = "status"
    UNCLEAR = "unclear"
    QUESTION_RECEIVED = "question_received"
    ORGANISER_QUESTION = "organiser_question"
    ORGANISER_HELD = "organiser_held"
    ORGANISER_BOUNCE = "organiser_bounce"
    CONFIRM_REQUEST = "confirm_request"


class Limit(StrEnum):
    """How the per-recipient daily limit treats a kind (see the module docstring)."""

    OUTSIDE = "outside"  # organiser notices: not counted, never suppressed
    COUNTED = "counted"  # news of a booking change: counted, never suppressed
    LIMITED = "limited"  # counted; suppressed over the limit
    ONCE = "once"  # counted; suppressed over the limit and when already told today


class Audience(StrEnum):
    ATTENDEE = "attendee"  # the person who wrote (a reply in their thread)
    ORGANISER = "organiser"  # the event's organisers (a notice with the mail attached)


@dataclass(frozen=True)
class KindInfo:
    kind: Kind
    audience: Audience
    limit: Limit
    meaning: str
    # Subject per language ({event}: the event's title); None: "Re: " + the mail's subject.
    subject: Mapping[str, str] | None = None

    @property
    def organiser(self) -> bool:
        return self.audience is Audience.ORGANISER

    @property
    def counted(self) -> bool:
        """Does a reply of this kind count against its recipient's daily limit?"""
        return self.limit is not Limit.OUTSIDE

    @property
    def suppressible(self) -> bool:
        """May the daily limit hold a reply of this kind back?"""
        return self.limit in (Limit.LIMITED, Limit.ONCE)


def _kind(kind: Kind, limit: Limit, meaning: str,
          subject: dict[str, str] | None = None) -> KindInfo:
    audience = Audience.ORGANISER if subject else Audience.ATTENDEE
    assert (limit is Limit.OUTSIDE) == (audience is Audience.ORGANISER), kind
    return KindInfo(kind, audience, limit, meaning,
                    MappingProxyType(subject) if subject else None)


KINDS: Mapping[Kind, KindInfo] = MappingProxyType({info.kind: info for info in (
    _kind(Kind.CONFIRMED, Limit.COUNTED, "seats confirmed"),
    _kind(Kind.WAITLISTED, Limit.COUNTED, "on the waitlist, with the position"),
    _kind(Kind.MOVED_UP, Limit.COUNTED, "moved up from the waitlist: the seat is confirmed"),
    _kind(Kind.CANCELLED, Limit.COUNTED, "the booking (or some people of it) is cancelled"),
    _kind(Kind.FULLY_BOOKED, Limit.ONCE, "refused: no seat and no waitlist place left"),
    _kind(Kind.CLOSED, Limit.ONCE, "refused: the mail arrived after the deadline"),
    _kind(Kind.NOT_OPEN, Limit.ONCE, "refused: the mail arrived before registration opened"),
    _kind(Kind.TOO_MANY_SEATS, Limit.ONCE, "refused: more seats asked than one mail may book"),
    _kind(Kind.ALREADY_REGISTERED, Limit.ONCE, "nothing new: this booking exists already"),
    _kind(Kind.NOT_REGISTERED, Limit.ONCE, "a cancellation or question without a booking"),
    _kind(Kind.STATUS, Limit.LIMITED, "the state of the sender's booking"),
    _kind(Kind.UNCLEAR, Limit.LIMITED, "asked back: which event, or what is meant"),
    _kind(Kind.QUESTION_RECEIVED, Limit.LIMITED, "the question went to the organisers"),
    _kind(Kind.ORGANISER_QUESTION, Limit.OUTSIDE, "a question for a person, the mail attached",
          {"de": "Frage zu {event}", "en": "Question about {event}"}),
    _kind(Kind.ORGANISER_HELD, Limit.OUTSIDE, "held for a person to decide, the mail attached",
          {"de": "Bitte prüfen: Nachricht zu {event}",
           "en": "Please check: message about {event}"}),
    _kind(Kind.ORGANISER_BOUNCE, Limit.OUTSIDE, "a mail to a registered address bounced: the "
          "address is undeliverable, nothing more is sent to it until it writes",
          {"de": "Unzustellbar: Anmeldung zu {event}",
           "en": "Undeliverable: registration for {event}"}),
    # To the registered address when a mail that does not prove to come from it asks to
    # cancel or change its booking (issue 10); throttled, so forged mails cannot flood it.
    _kind(Kind.CONFIRM_REQUEST, Limit.LIMITED, "asked the registered address to confirm by reply"),
)})

# What an organiser notice names when it concerns no single event.
ALL_EVENTS = MappingProxyType({"de": "Anmeldungen", "en": "registrations"})
# The subject of a reply to a mail without one.
NO_SUBJECT = MappingProxyType({"de": "Ihre Nachricht an das Anmeldeteam",
                               "en": "Your message to the registration team"})

# "Already told" kinds told once a day per booking, not only per event (a refusal's
# booking is the refused attempt itself: a new one each time, so refusals are per event).
PER_BOOKING: frozenset[str] = frozenset({Kind.ALREADY_REGISTERED.value})

# The kinds that count against a recipient's daily limit (all replies to attendees).
COUNTED: tuple[str, ...] = tuple(k.value for k, info in KINDS.items() if info.counted)


def info(kind: str) -> KindInfo:
    """The registry entry of a kind (KeyError for a kind nobody registered)."""
    return KINDS[Kind(kind)]


def organiser_subject(kind: str, lang: str, event_title: str | None) -> str:
    entry = info(kind)
    assert entry.subject is not None, f"{kind} answers the sender's subject"
    return entry.subject[lang].format(event=event_title or ALL_EVENTS[lang])
