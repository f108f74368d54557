"""The typed result of understanding one mail: what the sender wants, for whom, for what."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from mailbot.understand.evidence import Evidence


class Intent(StrEnum):
    REGISTER = "register"
    CANCEL = "cancel"
    STATUS = "status"
    QUESTION = "question"
    THANKS = "thanks"
    UNCLEAR = "unclear"
    SPAM = "spam"  # marketing, phishing, scams: ignored, never answered
    OUT_OF_SCOPE = "out_of_scope"  # a human, but not about our events: held for a person


@dataclass(frozen=True)
class Person:
    name: str | None  # badge style, without salutation or title: "Anna Schmidt"
    email: str | None = None
    # The form of address, when the mail gives it (issue 7): "Frau" | "Herr" | "Mr" | "Mrs" |
    # "Ms" | "Miss", and an academic title as greeted: "Dr.", "Prof.", "Prof. Dr.".
    salutation: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class Context:
    """What understanding may know beyond the mail and the config; filled in by the caller."""

    arrived_at: datetime
    # The event (and sessions) of the registration that a mailbot mail referenced in
    # In-Reply-To/References belongs to, if any.
    referenced_event: str | None = None
    # Events the sender (by address) holds an active registration for.
    sender_events: tuple[str, ...] = ()
    is_own_message_id: Callable[[str], bool] = field(default=lambda _mid: False)
    # The plain texts of our latest replies to the sender's addresses (echo detection).
    own_texts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Request:
    intent: Intent
    language: str  # "de" | "en": the language to answer in
    contact: Person  # who gets the reply: Reply-To or From, with the sender's name
    event_id: str | None = None
    sessions: tuple[str, ...] = ()  # session ids of a series; () = whole event / all
    attendees: tuple[Person, ...] = ()
    seats: int = 0
    organisation: str | None = None
    automatic: str | None = None  # why this must never be answered
    candidates: tuple[str, ...] = ()  # event ids in question when the event is unclear
    question: str | None = None  # the question for a human, in the sender's words
    hold: str | None = None  # why a human should look at this before anything is booked
    new_text: str = ""  # the sender's own words (quotes and signature removed)
    evidence: tuple[Evidence, ...] = ()  # what voted for the intent, event and people

    @property
    def answerable(self) -> bool:
        return self.automatic is None and self.intent not in (
            Intent.THANKS, Intent.SPAM, Intent.OUT_OF_SCOPE)
