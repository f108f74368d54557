"""Reply plans: which kind goes to whom, in which language, with which template data.

A :class:`Reply` is what a decision wants sent; it is rendered and queued later (the
throttle may still drop it). Templates get views (preformatted strings), never rows or
config objects. Event views are formatted once per event and language: the settings of a
runtime never change (a reload builds a new runtime, and so a new assembler).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from mailbot.addresses import normalise
from mailbot.booking import service as booking
from mailbot.config import EventSpec, Settings
from mailbot.replies.kinds import Kind, info, organiser_subject
from mailbot.replies.views import (
    BotView,
    EventView,
    PersonView,
    RegistrationView,
    contact_view,
    event_view,
    person_view,
    registration_view,
    with_outcome,
)
from mailbot.store.tables import InboxMail, Registration
from mailbot.understand.mime import Mail, parse
from mailbot.understand.request import Intent, Person, Request

Units = dict[str, tuple[str, int | None]]  # per unit: (status, waitlist position)


@dataclass
class Reply:
    kind: str
    to: str
    to_name: str | None
    lang: str
    context: dict[str, Any]
    answering: Mail | None = None  # the mail this answers: threading headers, subject
    registration_id: int | None = None
    reply_to: str | None = None
    attach: bytes | None = None  # the original mail, for organiser notices
    subject: str | None = None  # None: "Re: " + the subject of ``answering``
    event_id: str | None = None  # the event it is about ("already told" is per event)

    @property
    def organiser(self) -> bool:
        return info(self.kind).organiser


@dataclass(frozen=True)
class Booked:
    """What booking reported, for the reply about it."""

    registration: Registration | None = None
    units: Units | None = None  # known already (saves a query per reply)
    full: tuple[str, ...] = ()
    released: tuple[tuple[str, str], ...] = ()  # cancelled unit -> its old status
    removed: tuple[Person, ...] = ()


class Assembler:
    def __init__(self, settings: Settings):
        self.settings = settings
        self._views: dict[tuple[str, str], EventView] = {}

    def event_view(self, event: EventSpec, lang: str) -> EventView:
        key = (event.id, lang)
        view = self._views.get(key)
        if view is None:
            view = self._views[key] = event_view(event, self.settings, lang)
        return view

    def bot(self) -> BotView:
        return BotView(self.settings.address, self.settings.signature)

    def _registration(self, session: Session, event: EventSpec, lang: str,
                      booked: Booked) -> RegistrationView | None:
        reg = booked.registration
        if reg is None:
            return None
        ev = self.event_view(event, lang)
        units = booked.units if booked.units is not None else \
            booking.positions(session, event, reg)
        view = registration_view(reg, ev, units)
        if booked.full or booked.released or booked.removed:
            view = with_outcome(view, ev, list(booked.full), dict(booked.released),
                                list(booked.removed))
        return view

    def reply(self, kind: str, req: Request, mail: Mail, event: EventSpec | None, *,
              session: Session | None = None, booked: Booked = Booked(),
              open_events: list[EventSpec] | None = None, max_seats: int | None = None,
              candidates: bool = False) -> Reply:
        """A reply to the sender of ``mail``, about ``event`` and what booking did."""
        reg = None
        if event is not None and session is not None:
            reg = self._registration(session, event, req.language, booked)
        context = {
            "name": req.contact.name, "addressee": _addressee(req, booked.registration),
            "event": self.event_view(event, req.language) if event else None,
            "registration": reg,
            "open_events": [self.event_view(e, req.language) for e in open_events or []],
            "max_seats": max_seats, "bot": self.bot(), "intent": req.intent.value,
            "question_forwarded": bool(req.question) and req.intent is Intent.REGISTER,
            "candidates": candidates,
        }
        registration = booked.registration
        return Reply(kind, req.contact.email or "", req.contact.name, req.language, context,
                     answering=mail, registration_id=registration.id if registration else None,
                     event_id=event.id if event else None)

    def moved_up(self, session: Session, event: EventSpec, reg_id: int) -> Reply:
        """The notice to someone who moved up from the waitlist, in the thread of the
        mail that booked (they have not written now)."""
        reg = session.get(Registration, reg_id)
        assert reg is not None
        view = self._registration(session, event, reg.language, Booked(reg))
        original = session.get(InboxMail, reg.inbox_id) if reg.inbox_id else None
        context = {"name": reg.contact_name, "addressee": contact_view(reg),
                   "event": self.event_view(event, reg.language), "registration": view,
                   "bot": self.bot()}
        return Reply(Kind.MOVED_UP, reg.email, reg.contact_name, reg.language, context,
                     answering=parse(original.raw) if original else None,
                     registration_id=reg.id, event_id=event.id)

    def organiser_notes(self, event: EventSpec | None, kind: str, mail: Mail, raw: bytes,
                        reason: str | None, question: str | None = None) -> list[Reply]:
        """A notice to each organiser of ``event`` (all organisers when no event is
        known), with the mail attached; replying to it answers the sender."""
        settings = self.settings
        organisers = event.organisers if event else sorted(
            {a for e in settings.events for a in e.organisers})
        lang = settings.language
        context = {"event": self.event_view(event, lang) if event else None,
                   "reason": reason, "question": question,
                   "sender": mail.header("From") or mail.from_addr, "subject": mail.subject,
                   "bot": self.bot()}
        subject = organiser_subject(kind, lang, event.title if event else None)
        # Never notify the bot's own address (unless it is the only organiser named).
        return [Reply(kind, addr, None, lang, context, reply_to=mail.reply_address,
                      attach=raw, subject=subject)
                for addr in organisers if normalise(addr) != normalise(settings.address)
                or len(organisers) == 1]


def _addressee(req: Request, reg: Registration | None) -> PersonView | None:
    """How to greet the contact: as this mail gives it, else as the mail that booked
    (a short "Frau Dr. Schmidt kann nicht" has no signature, the booking had one)."""
    if (req.contact.salutation or req.contact.title or reg is None
            or reg.contact_name != req.contact.name):
        return person_view(req.contact)
    return contact_view(reg)
