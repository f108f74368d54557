"""Acts on a booking that the mail does not prove to come from the booking's address.

A cancellation (whole, or some people, or some sessions), more seats or sessions for a
booking, and a status answer touch or reveal a booking: they act on the booking of the
address the mail proves (:mod:`mailbot.identity`). When it proves nothing (a forged
From, a Reply-To naming someone else's address, or simply a plain new mail):

- a cancellation or change is not done; the *registered* address gets a short request
  to confirm by replying (``confirm_request``), and the act waits in ``pending_act`` for
  seven days. A reply to that request from that address (the reply to our keyed
  Message-ID is the proof) does the act then: its seats are freed, or taken, at the
  arrival of the confirmation, in arrival order behind everything that came before; the
  registration window is judged at the arrival of the mail that asked. A reply that says
  no, or an automatic one, confirms nothing.
- a status answer (and "already registered", which shows the booking) goes to the
  registered address only, never to the Reply-To or the unproven sender: it reveals
  nothing to anyone but the owner, and an honest sender gets it at once.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, replace
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from mailbot import identity
from mailbot.booking import service as booking
from mailbot.config import EventSpec, Settings
from mailbot.replies.assemble import Booked, Reply
from mailbot.replies.kinds import Kind
from mailbot.replies.views import contact_view
from mailbot.store.tables import InboxMail, OutgoingMail, PendingAct, Registration
from mailbot.understand.mime import Mail
from mailbot.understand.request import Intent, Person, Request

if TYPE_CHECKING:
    from mailbot.decide import Case

PENDING_DAYS = 7
ACTS = (Intent.CANCEL, Intent.STATUS, Intent.REGISTER)
# Subjects of the request (it answers no mail of the owner's: it starts its own thread).
SUBJECTS = {
    "cancel": {"de": "Bitte bestätigen: Abmeldung von {event}",
               "en": "Please confirm: cancellation for {event}"},
    "change": {"de": "Bitte bestätigen: Änderung Ihrer Anmeldung zu {event}",
               "en": "Please confirm: change to your registration for {event}"},
}
# A reply to the request that says it was not the owner (or not wanted) confirms nothing.
DECLINE = re.compile(
    r"^\W*(?:nein|no|nope)\b(?!\W+problem)|\b(?:war|bin) ich nicht\b|\bnicht (?:von )?mir\b|"
    r"\bnicht (?:absagen|abmelden|stornieren|ändern)\b|\bnot me\b|\bwas(?:n't| not) me\b|"
    r"\bdo(?:n't| not) (?:cancel|change)\b", re.IGNORECASE)
# Only a reply that says yes does the act: an empty reply (the request says "just reply"),
# a yes, or the act asked again. Anything else (an indignant "who did this?", an
# out-of-office without its header) leaves the request waiting and is read on its own.
AFFIRM = re.compile(
    r"^\W*(?:ja|jawohl|jep|yes|yep|ok(?:ay)?|korrekt|richtig|genau|stimmt|correct|"
    r"einverstanden|bestätig\w*|confirm\w*)\b|\bdas war ich\b|\b(?:that|it) was me\b|"
    r"\bich bestätige\b|\bi confirm\b", re.IGNORECASE)


# -- a reply to our request ---------------------------------------------------------------

def check(session: Session, settings: Settings, row: InboxMail, mail: Mail,
          request: Request) -> tuple[Request, identity.Trust]:
    """What the mail proves, and, when it is the owner's reply to one of our confirmation
    requests, the act that request was about (instead of what the reply itself says)."""
    # (The act keeps the booking it named, if any: the request's own registration_id
    # gives the reply its event, but must not choose one of several bookings.)
    trust = identity.establish(session, settings, mail)
    if trust.how != "reply to our mail" or trust.proven is None or request.automatic:
        return request, trust
    ids = identity.our_replies(identity.key(session, settings), settings.domain, mail,
                               trust.proven)
    pending = _pending(session, ids, trust.proven)
    if pending is None or row.arrived_at > pending.expires_at:
        return request, trust
    if DECLINE.search(request.new_text.strip()[:300]):
        pending.state = "declined"
        pending.done_inbox_id = row.id
        session.add(pending)
        return request, trust
    if not _affirms(request, pending):
        return request, trust
    pending.state = "done"
    pending.done_inbox_id = row.id
    session.add(pending)
    act = _restored(pending, request)
    return act, replace(trust, pending=pending.id, referenced=pending.registration_id,
                        asked_at=pending.asked_at)


def _affirms(request: Request, pending: PendingAct) -> bool:
    head = request.new_text.strip()[:300]
    return not head or bool(AFFIRM.search(head)) or request.intent.value == pending.intent


def _pending(session: Session, ids: list[str], owner: str) -> PendingAct | None:
    if not ids:
        return None
    asked = select(OutgoingMail.inbox_id).where(
        col(OutgoingMail.message_id).in_(ids), col(OutgoingMail.kind) == Kind.CONFIRM_REQUEST)
    return session.exec(select(PendingAct).where(
        col(PendingAct.inbox_id).in_(asked), col(PendingAct.email) == owner,
        col(PendingAct.state) == "pending").order_by(col(PendingAct.id).desc())).first()


def _stored(req: Request) -> str:
    return json.dumps({
        "intent": req.intent.value, "language": req.language, "event_id": req.event_id,
        "sessions": list(req.sessions), "seats": req.seats,
        "attendees": [asdict(p) for p in req.attendees],
        "organisation": req.organisation}, ensure_ascii=False)


def _restored(pending: PendingAct, reply: Request) -> Request:
    """The act as it was asked, for the owner; what the reply itself must not be (an
    automatic mail, a case for a person) still counts."""
    data: dict[str, Any] = json.loads(pending.request)
    return Request(
        intent=Intent(data["intent"]), language=reply.language,
        contact=replace(reply.contact, email=pending.email), event_id=data["event_id"],
        sessions=tuple(data["sessions"]),
        attendees=tuple(Person(**p) for p in data["attendees"]), seats=data["seats"],
        organisation=data["organisation"], automatic=reply.automatic, hold=reply.hold,
        new_text=reply.new_text, evidence=reply.evidence)


# -- the step before 'book' ---------------------------------------------------------------

def _unproven_owners(case: Case, event: EventSpec) -> list[str]:
    """The addresses this mail names (From, Reply-To) whose booking for ``event`` it
    would touch without proving it comes from them; [] when it may act."""
    trust, session = case.trust, case.session
    if trust.proven and booking.active_registrations(session, event.id, trust.proven):
        return []
    return [a for a in trust.claimed if a != trust.proven
            and booking.active_registrations(session, event.id, a)]


def _change(case: Case, event: EventSpec, owner: str) -> str:
    """cancel | status | extend | repeat | new (a registration that makes its own booking)."""
    req = case.req
    if req.intent is Intent.REGISTER:
        return booking.change_of(case.session, event, req, owner)
    return req.intent.value


def needs_proof(case: Case) -> bool:
    event = case.event
    if case.req.intent not in ACTS or event is None:
        return False
    owners = _unproven_owners(case, event)
    return bool(owners) and _change(case, event, owners[0]) != "new"


def ask(case: Case) -> tuple[str, str, list[Reply]]:
    """(outcome, reason, replies) for an act the mail does not prove it may do."""
    event = case.event
    assert event is not None
    owner = _unproven_owners(case, event)[0]
    req, session = case.req, case.session
    change = _change(case, event, owner)
    regs = booking.active_registrations(session, event.id, owner)
    if change in ("status", "repeat"):
        return ("answered", f"{req.intent.value}: the sender is not proven to be the "
                "registered address; the answer went to that address only",
                _tell_owner(case, event, owner, regs))
    hold = booking.cancel_hold(session, event, req, case.referenced, owner) \
        if req.intent is Intent.CANCEL else None
    if hold:  # a person decides anyway (the organisers get the mail); nobody is asked
        return ("held", hold, case.runtime.assembler.organiser_notes(
            event, Kind.ORGANISER_HELD, case.mail, case.row.raw, hold))
    reg = next((r for r in regs if r.id == case.referenced), regs[0])
    about = reg.id if reg.id == case.referenced else None  # else the act's own words decide
    if _asked_already(case, event, owner, req):
        return ("answered", f"{req.intent.value}: not proven; the registered address was "
                "asked to confirm this already", [])
    session.add(PendingAct(
        inbox_id=case.row.id or 0, registration_id=about, event_id=event.id, email=owner,
        intent=req.intent.value,
        request=_stored(req), asked_at=case.row.arrived_at,
        expires_at=case.row.arrived_at + timedelta(days=PENDING_DAYS)))
    act = "cancel" if req.intent is Intent.CANCEL else "change"
    return ("answered", f"{req.intent.value}: the sender is not proven to be the registered "
            "address; it was asked to confirm by reply", [_request(case, event, reg, act)])


def _asked_already(case: Case, event: EventSpec, owner: str, req: Request) -> bool:
    stored = _stored(req)
    return any(p.request == stored and p.expires_at > case.row.arrived_at
               for p in case.session.exec(select(PendingAct).where(
                   col(PendingAct.email) == owner, col(PendingAct.event_id) == event.id,
                   col(PendingAct.state) == "pending")).all())


def _tell_owner(case: Case, event: EventSpec, owner: str,
                regs: list[Registration]) -> list[Reply]:
    """The status (or "already registered") of the owner's bookings, to the owner, in a
    thread of its own (not in reply to a mail the owner may never have written)."""
    req = case.req
    first = regs[0]
    mine = replace(req, language=first.language, contact=Person(first.contact_name, owner))
    if req.intent is Intent.STATUS:
        out = booking.status(case.session, event, mine, owner)
    else:
        out = booking.register(case.session, event, mine, inbox_id=case.row.id or 0,
                               arrived_at=case.row.arrived_at, max_seats=1, owner=owner)
    assembler = case.runtime.assembler
    replies = [assembler.reply(out.kind, mine, case.mail, event, session=case.session,
                               booked=Booked(reg)) for reg in (out.registration, *out.others)]
    return [replace(r, answering=None) for r in replies]


def _request(case: Case, event: EventSpec, reg: Registration, act: str) -> Reply:
    """The request to the registered address: what was asked, and how to confirm it."""
    req, assembler = case.req, case.runtime.assembler
    lang = reg.language
    ev = assembler.event_view(event, lang)
    sessions = [s.title for s in ev.sessions if s.id in req.sessions]
    context = {
        "name": reg.contact_name, "addressee": contact_view(reg), "event": ev, "act": act,
        "sessions": sessions,
        "some_people": act == "cancel" and 0 < len(req.attendees) < reg.seats,
        "seats": req.seats if act == "change" else 0, "days": PENDING_DAYS,
        "bot": assembler.bot()}
    return Reply(Kind.CONFIRM_REQUEST, reg.email, reg.contact_name, lang, context,
                 registration_id=reg.id,
                 subject=SUBJECTS[act][lang].format(event=event.title))
