"""One stored mail -> understood -> booked -> replies queued, in one transaction.

Mails are taken strictly in order of arrival at the mail server (arrival time, then
inbox id). Each ends in a recorded outcome: booked, answered, ignored (with the
reason) or held for a human. Processing a mail again changes nothing: a mail that is
done is skipped, and the decision, the registration rows and the outgoing mails are
committed together.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, func, update
from sqlmodel import Session, col, select

from mailbot.addresses import normalise
from mailbot.booking import service as booking
from mailbot.booking.policy import Window, window
from mailbot.config import EventSpec, Settings
from mailbot.failpoints import failpoint
from mailbot.replies.compose import (
    ORGANISER_SUBJECTS,
    compose,
    message_id,
    reply_subject,
    to_bytes,
)
from mailbot.replies.outbox import Outbox
from mailbot.replies.render import Renderer
from mailbot.replies.views import (
    BotView,
    EventView,
    PersonView,
    contact_view,
    event_view,
    person_view,
    registration_view,
    with_outcome,
)
from mailbot.store.db import Database
from mailbot.store.tables import InboxMail, OutgoingMail, Registration, utcnow
from mailbot.understand.mime import Mail, parse
from mailbot.understand.pipeline import understand
from mailbot.understand.request import Context, Intent, Person, Request

MAX_EVIDENCE = 40  # pieces of evidence stored with a mail's outcome
log = logging.getLogger(__name__)

ORGANISER_KINDS = ("organiser_question", "organiser_held")
# Replies about a change of someone's booking always go out: a loop with a broken responder
# cannot produce them again and again (a repeated registration is "already registered").
ALWAYS_SENT = ("confirmed", "waitlisted", "moved_up", "cancelled",
               # one per registration attempt, and the person must learn it failed
               "fully_booked", "closed", "not_open", "too_many_seats")
BATCH = 100  # mails per transaction


# Queries run for (nearly) every mail, built once.
_SENDER_EVENTS = select(Registration.event_id).where(
    col(Registration.email) == bindparam("email"),
    col(Registration.status).in_(("confirmed", "waitlisted")))
_INBOX = InboxMail.__table__  # type: ignore[attr-defined]
_DONE = update(_INBOX).where(_INBOX.c.id == bindparam("row_id")).values(
    state="done", outcome=bindparam("b_outcome"), reason=bindparam("b_reason"),
    processed_at=bindparam("b_at"), understood=bindparam("b_understood"))
_REPLIES_SINCE = select(func.count()).select_from(OutgoingMail).where(
    col(OutgoingMail.recipient) == bindparam("to"),
    col(OutgoingMail.created_at) >= bindparam("since"),
    col(OutgoingMail.kind).not_in(ORGANISER_KINDS + ALWAYS_SENT))


@dataclass
class Reply:
    kind: str
    to: str
    to_name: str | None
    lang: str
    context: dict[str, Any]
    answering: Mail | None = None
    registration_id: int | None = None
    organiser: bool = False
    reply_to: str | None = None
    attach: bytes | None = None
    subject: str | None = None


@dataclass
class Decision:
    outcome: str  # booked | answered | ignored | held
    reason: str
    replies: list[Reply] = field(default_factory=list)


class Processor:
    def __init__(self, settings: Settings, db: Database, renderer: Renderer):
        self.settings = settings
        self.db = db
        self.renderer = renderer
        self._views_cache: dict[tuple[str, str], EventView] = {}

    # ------------------------------------------------------------------ driving

    def pending(self, limit: int = BATCH) -> list[int]:
        with self.db.unit() as session:
            ids = session.exec(
                select(InboxMail.id).where(InboxMail.state == "new")
                .order_by(InboxMail.arrived_at, InboxMail.id)  # type: ignore[arg-type]
                .limit(limit)
            ).all()
        return [i for i in ids if i is not None]

    def waiting(self) -> int:
        with self.db.unit() as session:
            return session.exec(select(func.count()).select_from(InboxMail).where(
                col(InboxMail.state) == "new")).one()

    def process_pending(self, after_batch: Callable[[], None] | None = None,
                        stop: threading.Event | None = None) -> int:
        """Process every waiting mail in order of arrival; returns how many.
        ``after_batch`` runs after each committed batch (the courier's turn); once
        ``stop`` is set, no further batch is begun (the rest waits, stored)."""
        done: set[int] = set()
        while True:
            ids = [i for i in self.pending() if i not in done]
            if not ids:
                return len(done)
            self.process_batch(ids)
            done.update(ids)
            if after_batch is not None:
                after_batch()
            if stop is not None and stop.is_set():
                log.info("stopping: %d mails processed, the rest waits", len(done))
                return len(done)

    def process_batch(self, ids: list[int]) -> None:
        """Several mails, one after the other, in one transaction (one commit, one fsync).

        The whole batch runs in one savepoint. If any mail fails, that savepoint is rolled
        back and the batch is done again with a savepoint per mail: the mail that fails is
        rolled back alone and held for a human, and never blocks the mails behind it.
        (Deciding is deterministic, so the second pass decides the others the same way.)
        """
        # Durable: a reply may leave right after this commit, so the decision behind it
        # must survive a power cut (one fsync per batch).
        with self.db.unit(durable=True) as session:
            ledger = booking.Ledger()  # the seats as this transaction leaves them
            try:
                with session.begin_nested():
                    # one query for the whole batch instead of one per mail
                    rows = {row.id: row for row in session.exec(select(InboxMail).where(
                        col(InboxMail.id).in_(ids))).all()}
                    for inbox_id in ids:
                        self._process(session, inbox_id, rows.get(inbox_id), ledger)
                failed = False
            except Exception:
                log.warning("a mail in this batch failed; processing it mail by mail")
                failed = True
            if failed:
                self._rolled_back(session, ledger)
                for inbox_id in ids:
                    self._careful(session, inbox_id, ledger)
        failpoint("after-commit")

    @staticmethod
    def _rolled_back(session: Session, ledger: booking.Ledger) -> None:
        """After a rollback to a savepoint: nothing the rolled-back work loaded or added
        stays in the session (rows added with plain INSERTs are gone, and their ids may
        be given out again), and the seats are read again."""
        session.expunge_all()
        ledger.forget()

    def _careful(self, session: Session, inbox_id: int, ledger: booking.Ledger) -> None:
        try:
            with session.begin_nested():
                self._process(session, inbox_id, ledger=ledger)
            return
        except Exception as exc:
            log.exception("mail %s could not be processed; held for a human", inbox_id)
            error = exc
        self._rolled_back(session, ledger)
        try:
            with session.begin_nested():
                self._hold_after_error(session, inbox_id, error, notify=True)
            return
        except Exception:
            log.exception("mail %s: telling the organisers failed too", inbox_id)
        self._rolled_back(session, ledger)
        with session.begin_nested():
            self._hold_after_error(session, inbox_id, error, notify=False)

    def process(self, inbox_id: int) -> None:
        self.process_batch([inbox_id])

    def _process(self, session: Session, inbox_id: int, row: InboxMail | None = None,
                 ledger: booking.Ledger | None = None) -> None:
        row = row or session.get(InboxMail, inbox_id)
        if row is None or row.state != "new":
            return
        _mail, request, decision = self.decide(session, row, ledger)
        self._queue(session, row, decision)  # may add to the reason (a suppressed reply)
        self._record(session, row, request, decision)

    def _hold_after_error(self, session: Session, inbox_id: int, exc: Exception,
                          notify: bool) -> None:
        """Never lose a mail and never loop on it: hold it and (if that works) tell the
        organisers; the last resort only records the state."""
        row = session.get(InboxMail, inbox_id)
        if row is None or row.state != "new":
            return
        reason = f"internal error: {type(exc).__name__}: {exc}"[:500]
        decision = self._held(None, parse(row.raw), row, reason) if notify else \
            Decision("held", reason)
        self._queue(session, row, decision)
        self._record(session, row, None, decision)

    # ------------------------------------------------------------------ deciding

    def context_for(self, session: Session, mail: Mail,
                    arrived_at: datetime) -> tuple[Context, int | None]:
        """What understanding may know from the database, and the registration that a
        reply to one of our mails is about."""
        own = self._own_ids(session, mail)
        referenced = None
        reg_id = None
        if own:
            reg_id = session.exec(
                select(OutgoingMail.registration_id)
                .where(OutgoingMail.message_id.in_(own))  # type: ignore[attr-defined]
                .where(OutgoingMail.registration_id.is_not(None))  # type: ignore[union-attr]
                .order_by(OutgoingMail.id.desc())  # type: ignore[union-attr]
            ).first()
            reg = session.get(Registration, reg_id) if reg_id else None
            referenced = reg.event_id if reg else None
        sender_events: tuple[str, ...] = ()
        if mail.reply_address:
            sender_events = tuple(dict.fromkeys(session.exec(
                _SENDER_EVENTS, params={"email": normalise(mail.reply_address)}).all()))
        domain = "@" + self.settings.domain + ">"
        return Context(
            arrived_at=arrived_at, referenced_event=referenced, sender_events=sender_events,
            is_own_message_id=lambda mid: mid in own or (
                mid.startswith("<mailbot.") and mid.endswith(domain)),
        ), reg_id

    def _own_ids(self, session: Session, mail: Mail) -> set[str]:
        refs = [r for r in (*mail.in_reply_to, *mail.references, mail.message_id or "")
                if r.startswith("<mailbot.")]
        if not refs:
            return set()
        found = session.exec(select(OutgoingMail.message_id).where(
            OutgoingMail.message_id.in_(refs))).all()  # type: ignore[attr-defined]
        return set(found)

    def decide(self, session: Session, row: InboxMail, ledger: booking.Ledger | None = None
               ) -> tuple[Mail, Request | None, Decision]:
        mail = parse(row.raw)
        if row.truncated:
            return mail, None, self._held(None, mail, row, f"mail too large ({row.size} bytes); "
                                                           "only its headers were kept")
        context, referenced = self.context_for(session, mail, row.arrived_at)
        request = understand(mail, self.settings, context)
        return mail, request, self._decide(session, row, mail, request, referenced, ledger)

    def _decide(self, session: Session, row: InboxMail, mail: Mail, req: Request,
                referenced: int | None = None, ledger: booking.Ledger | None = None
                ) -> Decision:
        if req.automatic:
            return Decision("ignored", req.automatic)
        if req.intent is Intent.THANKS:
            return Decision("ignored", "a thank-you note: nothing to do, no reply")
        if req.intent is Intent.SPAM:
            signals = "; ".join(e.span for e in req.evidence if e.rule == "spam-signal")
            return Decision("ignored", f"spam, not answered ({signals})")
        if not req.contact.email:
            return Decision("ignored", "no address to reply to")
        event = self.settings.event(req.event_id) if req.event_id else None
        if req.hold:
            return self._held(event, mail, row, req.hold)
        if req.intent is Intent.OUT_OF_SCOPE:
            return self._held(event, mail, row, "not about any of our events: a person should "
                                                "read it (no automatic reply)")
        if req.intent is Intent.QUESTION:
            d = Decision("answered", "question forwarded to the organisers")
            d.replies += self._organiser_notes(event, "organiser_question", mail, row, None,
                                               question=req.question or req.new_text)
            d.replies.append(self._reply("question_received", req, mail, event))
            return d
        if event is None or req.intent is Intent.UNCLEAR:
            what = "which event is meant" if req.intent is not Intent.UNCLEAR else "what is meant"
            d = Decision("answered", f"unclear {what}; asked back")
            named = [e for e in (self.settings.event(c) for c in req.candidates) if e]
            d.replies.append(self._reply("unclear", req, mail, event,
                                         open_events=named or self._open(row),
                                         candidates=bool(named)))
            return d
        max_seats = event.max_seats or self.settings.limits.max_seats
        if req.intent is Intent.REGISTER:
            out = booking.register(session, event, req, inbox_id=row.id or 0,
                                   arrived_at=row.arrived_at, max_seats=max_seats,
                                   ledger=ledger)
        elif req.intent is Intent.CANCEL:
            out = booking.cancel(session, event, req, referenced, ledger=ledger)
        else:
            out = booking.status(session, event, req)
        if out.kind == "hold":
            return self._held(event, mail, row, out.reason or "a person must decide")
        booked = out.kind in ("confirmed", "waitlisted", "cancelled")
        d = Decision("booked" if booked else "answered", f"{req.intent.value}: {out.kind}")
        d.replies.append(self._reply(out.kind, req, mail, event, registration=out.registration,
                                     session=session, max_seats=max_seats, units=out.units,
                                     full=out.full, released=out.released,
                                     removed=out.removed))
        for other in out.others:  # one status mail per booking of this address
            d.replies.append(self._reply(out.kind, req, mail, event, registration=other,
                                         session=session, max_seats=max_seats))
        for reg_id in out.promoted:
            d.replies.append(self._moved_up(session, event, reg_id))
        if req.question and req.intent is Intent.REGISTER:
            # "Ich melde mich an. Gibt es Parkplätze?": booked, and a person answers the rest
            d.reason += "; question forwarded to the organisers"
            d.replies += self._organiser_notes(event, "organiser_question", mail, row, None,
                                               question=req.question)
        return d

    def _held(self, event: EventSpec | None, mail: Mail, row: InboxMail,
              reason: str) -> Decision:
        """Held for a human: the organisers get the mail attached, the sender nothing yet."""
        decision = Decision("held", reason)
        decision.replies += self._organiser_notes(event, "organiser_held", mail, row, reason)
        return decision

    def _open(self, row: InboxMail) -> list[EventSpec]:
        return [e for e in self.settings.events
                if window(row.arrived_at, opens=e.opens, deadline=e.deadline,
                          starts=e.starts) is Window.OPEN]

    # ------------------------------------------------------------------ replies

    def _views(self, session: Session | None, event: EventSpec | None,
               reg: Registration | None, lang: str,
               units: dict[str, tuple[str, int | None]] | None = None,
               ) -> tuple[EventView | None, Any]:
        ev = self._event_view(event, lang) if event else None
        if reg is None or ev is None or session is None or event is None:
            return ev, None
        if units is None:
            units = booking.positions(session, event, reg)
        return ev, registration_view(reg, ev, units)

    def _reply(self, kind: str, req: Request, mail: Mail, event: EventSpec | None, *,
               registration: Registration | None = None, session: Session | None = None,
               open_events: list[EventSpec] | None = None,
               max_seats: int | None = None,
               units: dict[str, tuple[str, int | None]] | None = None,
               full: list[str] | None = None,
               released: dict[str, str] | None = None,
               removed: list[Person] | None = None,
               candidates: bool = False) -> Reply:
        ev, reg = self._views(session, event, registration, req.language, units)
        if reg is not None and ev is not None and (full or released or removed):
            reg = with_outcome(reg, ev, full or [], released or {}, removed or [])
        context = {
            "name": req.contact.name, "addressee": _addressee(req, registration),
            "event": ev, "registration": reg,
            "open_events": [self._event_view(e, req.language)
                            for e in open_events or []],
            "max_seats": max_seats, "bot": self._bot(), "intent": req.intent.value,
            "question_forwarded": bool(req.question) and req.intent is Intent.REGISTER,
            "candidates": candidates,
        }
        return Reply(kind, req.contact.email or "", req.contact.name, req.language, context,
                     answering=mail, registration_id=registration.id if registration else None)

    def _moved_up(self, session: Session, event: EventSpec, reg_id: int) -> Reply:
        reg = session.get(Registration, reg_id)
        assert reg is not None
        ev, view = self._views(session, event, reg, reg.language)
        original = session.get(InboxMail, reg.inbox_id) if reg.inbox_id else None
        context = {"name": reg.contact_name, "addressee": contact_view(reg), "event": ev,
                   "registration": view, "bot": self._bot()}
        return Reply("moved_up", reg.email, reg.contact_name, reg.language, context,
                     answering=parse(original.raw) if original else None,
                     registration_id=reg.id)

    def _organiser_notes(self, event: EventSpec | None, kind: str, mail: Mail, row: InboxMail,
                         reason: str | None, question: str | None = None) -> list[Reply]:
        organisers = event.organisers if event else sorted(
            {a for e in self.settings.events for a in e.organisers})
        ev = self._event_view(event, self.settings.language) if event else None
        context = {"event": ev, "reason": reason, "question": question,
                   "sender": mail.header("From") or mail.from_addr, "subject": mail.subject,
                   "bot": self._bot()}
        title = event.title if event else ("Anmeldungen" if self.settings.language == "de"
                                           else "registrations")
        subject = ORGANISER_SUBJECTS[self.settings.language][kind].format(event=title)
        return [Reply(kind, addr, None, self.settings.language, context, organiser=True,
                      reply_to=mail.reply_address, attach=row.raw, subject=subject)
                for addr in organisers if normalise(addr) != normalise(self.settings.address)
                or len(organisers) == 1]

    def _event_view(self, event: EventSpec, lang: str) -> EventView:
        """Formatted once per event and language (settings do not change while running)."""
        key = (event.id, lang)
        view = self._views_cache.get(key)
        if view is None:
            view = self._views_cache[key] = event_view(event, self.settings, lang)
        return view

    def _bot(self) -> BotView:
        return BotView(self.settings.address, self.settings.signature)

    # ------------------------------------------------------------------ recording

    def _record(self, session: Session, row: InboxMail, req: Request | None,
                decision: Decision) -> None:
        """The mail is done: its outcome and what was understood (a plain UPDATE; the row
        leaves the session, it is not needed any more)."""
        understood = None
        if req is not None:
            data = asdict(replace(req, evidence=()))
            data["new_text"] = data["new_text"][:2000]
            # what decided, strongest first (the whole list is in `mailbot preview --explain`)
            data["evidence"] = [e.as_dict() for e in sorted(
                req.evidence, key=lambda e: (e.source != "decision", -e.weight))[:MAX_EVIDENCE]]
            understood = json.dumps(data, ensure_ascii=False, default=str)
        session.connection().execute(_DONE, {
            "row_id": row.id, "b_outcome": decision.outcome, "b_reason": decision.reason[:1000],
            "b_at": utcnow(), "b_understood": understood})
        session.expunge(row)

    def _replies_today(self, session: Session, recipient: str) -> int:
        since = utcnow() - timedelta(days=1)
        return session.exec(_REPLIES_SINCE, params={"to": recipient, "since": since}).one()

    def _queue(self, session: Session, row: InboxMail, decision: Decision) -> None:
        limit = self.settings.limits.replies_per_sender_per_day
        for index, reply in enumerate(decision.replies):
            recipient = normalise(reply.to)
            if (not reply.organiser and reply.kind not in ALWAYS_SENT
                    and self._replies_today(session, recipient) >= limit):
                decision.reason += f"; reply to {recipient} suppressed (over {limit} a day)"
                log.warning("not replying to %s: over %d replies in 24 h", recipient, limit)
                continue
            raw = self.render(reply, row, index)
            Outbox.queue(session, message_id=raw[0], recipient=recipient, raw=raw[1],
                         kind=reply.kind, inbox_id=row.id,
                         registration_id=reply.registration_id)

    def render(self, reply: Reply, row: InboxMail, index: int) -> tuple[str, bytes]:
        body = self.renderer.render(reply.kind, reply.lang, reply.context)
        msgid = message_id(self.settings.domain, row.source_key, index, reply.kind, reply.to)
        if reply.subject:
            subject = reply.subject
        else:
            subject = reply_subject(reply.answering.subject if reply.answering else "", body.lang)
        msg = compose(
            sender=self.settings.address, sender_name=None, to=[(reply.to, reply.to_name)],
            subject=subject, body=body, msgid=msgid, date=utcnow().astimezone(self.settings.tz),
            answering=reply.answering, reply_to=reply.reply_to, attach=reply.attach,
            auto="auto-generated" if reply.organiser else "auto-replied",
        )
        return msgid, to_bytes(msg)


def _addressee(req: Request, reg: Registration | None) -> PersonView | None:
    """How to greet the contact: as this mail gives it, else as the mail that booked
    (a short "Frau Dr. Schmidt kann nicht" has no signature, the booking had one)."""
    if (req.contact.salutation or req.contact.title or reg is None
            or reg.contact_name != req.contact.name):
        return person_view(req.contact)
    return contact_view(reg)


def preview(processor: Processor, raw: bytes, arrived_at: datetime) -> dict[str, Any]:
    """What mailbot would understand and answer, without changing anything.

    Runs the real decision inside a transaction that is always rolled back.
    """
    from mailbot.intake.inbox import Arrival, store

    with Session(processor.db.engine, expire_on_commit=False) as session:
        try:
            arrival = Arrival(raw=raw, arrived_at=arrived_at, source="preview")
            inbox_id = store(session, arrival, processor.settings.limits.max_mail_bytes)
            row = session.get(InboxMail, inbox_id) if inbox_id else None
            if row is None:  # the very same bytes are stored already
                row = session.exec(select(InboxMail).where(
                    InboxMail.source_key == arrival.key)).one()
            mail, req, decision = processor.decide(session, row)
            replies = []
            for reply in decision.replies:
                body = processor.renderer.render(reply.kind, reply.lang, reply.context)
                replies.append({
                    "kind": reply.kind, "to": reply.to, "organiser": reply.organiser,
                    "subject": reply.subject or reply_subject(mail.subject, body.lang),
                    "text": body.text,
                })
        finally:
            session.rollback()
    mine = [r for r in replies if not r["organiser"]]
    return {
        "arrived_at": arrived_at.isoformat(),
        "intent": req.intent.value if req else None,
        "event": req.event_id if req else None,
        "sessions": list(req.sessions) if req else [],
        "attendees": [{k: v for k, v in asdict(p).items()
                       if v is not None or k in ("name", "email")}
                      for p in req.attendees] if req else [],
        "seats": req.seats if req else 0,
        "organisation": req.organisation if req else None,
        "language": req.language if req else None,
        "automatic": {"reason": req.automatic} if req and req.automatic else None,
        "outcome": decision.outcome,
        "reason": decision.reason,
        "reply": {k: mine[0][k] for k in ("to", "subject", "text")} if mine else None,
        "organiser_notes": [{k: r[k] for k in ("to", "subject")} for r in replies
                            if r["organiser"]],
        "new_text": req.new_text if req else "",
        "evidence": [e.as_dict() for e in req.evidence] if req else [],
    }
