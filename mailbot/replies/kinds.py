"""The reply kinds mailbot sends, and what each one means.

One registry instead of bare strings over the code: who reads a kind (the attendee who
wrote, or the organisers), whether the per-sender daily limit may suppress it, and its
subject where it does not answer the sender's own subject. A kind's templates are
``templates/{lang}/{kind}.txt`` and ``.html``.
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


class Audience(StrEnum):
    ATTENDEE = "attendee"  # the person who wrote (a reply in their thread)
    ORGANISER = "organiser"  # the event's organisers (a notice with the mail attached)


@dataclass(frozen=True)
class KindInfo:
    kind: Kind
    audience: Audience
    # False: always sent, whatever the per-sender limit says. Replies about a change of
    # someone's booking, and the refusal of a registration attempt (the person must learn
    # it failed); a broken responder cannot produce them again and again, as a repeated
    # registration is "already registered", which is throttled.
    throttled: bool
    meaning: str
    # Subject per language ({event}: the event's title); None: "Re: " + the mail's subject.
    subject: Mapping[str, str] | None = None

    @property
    def organiser(self) -> bool:
        return self.audience is Audience.ORGANISER


def _kind(kind: Kind, throttled: bool, meaning: str,
          subject: dict[str, str] | None = None) -> KindInfo:
    audience = Audience.ORGANISER if subject else Audience.ATTENDEE
    return KindInfo(kind, audience, throttled, meaning,
                    MappingProxyType(subject) if subject else None)


KINDS: Mapping[Kind, KindInfo] = MappingProxyType({info.kind: info for info in (
    _kind(Kind.CONFIRMED, False, "seats confirmed"),
    _kind(Kind.WAITLISTED, False, "on the waitlist, with the position"),
    _kind(Kind.MOVED_UP, False, "moved up from the waitlist: the seat is confirmed"),
    _kind(Kind.CANCELLED, False, "the booking (or some people of it) is cancelled"),
    _kind(Kind.FULLY_BOOKED, False, "refused: no seat and no waitlist place left"),
    _kind(Kind.CLOSED, False, "refused: the mail arrived after the deadline"),
    _kind(Kind.NOT_OPEN, False, "refused: the mail arrived before registration opened"),
    _kind(Kind.TOO_MANY_SEATS, False, "refused: more seats asked than one mail may book"),
    _kind(Kind.ALREADY_REGISTERED, True, "nothing new: this booking exists already"),
    _kind(Kind.NOT_REGISTERED, True, "a cancellation or question without a booking"),
    _kind(Kind.STATUS, True, "the state of the sender's booking"),
    _kind(Kind.UNCLEAR, True, "asked back: which event, or what is meant"),
    _kind(Kind.QUESTION_RECEIVED, True, "the question went to the organisers"),
    _kind(Kind.ORGANISER_QUESTION, False, "a question for a person, the mail attached",
          {"de": "Frage zu {event}", "en": "Question about {event}"}),
    _kind(Kind.ORGANISER_HELD, False, "held for a person to decide, the mail attached",
          {"de": "Bitte prüfen: Nachricht zu {event}",
           "en": "Please check: message about {event}"}),
    _kind(Kind.ORGANISER_BOUNCE, False, "a mail to a registered address bounced: the "
          "address is undeliverable, nothing more is sent to it until it writes",
          {"de": "Unzustellbar: Anmeldung zu {event}",
           "en": "Undeliverable: registration for {event}"}),
    # To the registered address when a mail that does not prove to come from it asks to
    # cancel or change its booking (issue 10); throttled, so forged mails cannot flood it.
    _kind(Kind.CONFIRM_REQUEST, True, "asked the registered address to confirm by reply"),
)})

# What an organiser notice names when it concerns no single event.
ALL_EVENTS = MappingProxyType({"de": "Anmeldungen", "en": "registrations"})
# The subject of a reply to a mail without one.
NO_SUBJECT = MappingProxyType({"de": "Ihre Nachricht an das Anmeldeteam",
                               "en": "Your message to the registration team"})

UNTHROTTLED: tuple[str, ...] = tuple(k.value for k, info in KINDS.items()
                                     if not info.throttled)


def info(kind: str) -> KindInfo:
    """The registry entry of a kind (KeyError for a kind nobody registered)."""
    return KINDS[Kind(kind)]


def organiser_subject(kind: str, lang: str, event_title: str | None) -> str:
    entry = info(kind)
    assert entry.subject is not None, f"{kind} answers the sender's subject"
    return entry.subject[lang].format(event=event_title or ALL_EVENTS[lang])
