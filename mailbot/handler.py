"""One stored mail, all the way: parse -> context -> understand -> decide -> assemble ->
throttle -> queue -> record, inside the caller's transaction.

The decision, the registration rows and the outgoing mails are written together (the
runner commits them). A mail that is done is skipped, so handling it again changes
nothing.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, replace

from sqlalchemy import bindparam, update
from sqlmodel import Session

from mailbot import confirm, identity
from mailbot.addresses import normalise
from mailbot.booking import service as booking
from mailbot.bounced import heard_from
from mailbot.context import context_for
from mailbot.decide import Case, Decision, Outcome, decide, held
from mailbot.privacy.matching import ERASED
from mailbot.replies.outbox import Outbox
from mailbot.replies.throttle import organisers_only, silenced
from mailbot.runtime import Runtime
from mailbot.store.states import InboxState
from mailbot.store.tables import InboxMail, utcnow
from mailbot.understand.mime import parse
from mailbot.understand.pipeline import understand
from mailbot.understand.request import Request

MAX_EVIDENCE = 40  # pieces of evidence stored with a mail's outcome
log = logging.getLogger(__name__)

_INBOX = InboxMail.__table__  # type: ignore[attr-defined]
_DONE = update(_INBOX).where(_INBOX.c.id == bindparam("row_id")).values(
    state=InboxState.DONE.value, outcome=bindparam("b_outcome"), reason=bindparam("b_reason"),
    processed_at=bindparam("b_at"), understood=bindparam("b_understood"))


@dataclass
class Work:
    """One transaction of the runner: its session, and the seats as it left them."""

    session: Session
    ledger: booking.Ledger

    @classmethod
    def begin(cls, session: Session) -> Work:
        return cls(session, booking.Ledger())

    def rolled_back(self) -> None:
        """After a rollback to a savepoint nothing the rolled-back work loaded or added
        stays (rows added with plain INSERTs are gone, their ids may be given out again),
        and the seats are read again."""
        self.session.expunge_all()
        self.ledger.forget()


class Handler:
    def __init__(self, runtime: Runtime):
        self.runtime = runtime

    def examine(self, work: Work, row: InboxMail) -> Case:
        """Parse, look up the context, understand: the case the decision reads."""
        mail = parse(row.raw)
        if row.truncated:  # only the headers were kept: nothing to understand
            return Case(self.runtime, work.session, work.ledger, row, mail, None)
        found = context_for(work.session, mail, row.arrived_at, self.runtime.settings.domain)
        request = understand(mail, self.runtime.settings, found.context)
        heard_from(work.session, mail, request.automatic)  # a new mail clears a bounce mark
        request, trust = confirm.check(work.session, self.runtime.settings, row, mail, request)
        return Case(self.runtime, work.session, work.ledger, row, mail, request,
                    trust.referenced if trust.pending else found.referenced, trust)

    def handle(self, work: Work, row: InboxMail | None) -> None:
        if row is None or row.state != InboxState.NEW:
            return
        case = self.examine(work, row)
        _step, decision = decide(case)
        if silenced(case.request):  # never a reply to automatic mail or spam, on any path
            decision.replies = organisers_only(decision.replies)
        self.queue(work.session, row, decision)  # may add to the reason (a suppressed reply)
        record(work.session, row, case.request, decision)

    def hold_after_error(self, work: Work, inbox_id: int, exc: Exception,
                         notify: bool) -> None:
        """Never lose a mail and never loop on it: hold it and (if that works) tell the
        organisers; the last resort only records the state."""
        row = work.session.get(InboxMail, inbox_id)
        if row is None or row.state != InboxState.NEW:
            return
        reason = f"internal error: {type(exc).__name__}: {exc}"[:500]
        if notify:
            case = Case(self.runtime, work.session, work.ledger, row, parse(row.raw), None)
            decision = held(case, reason)
        else:
            decision = Decision(Outcome.HELD, reason)
        self.queue(work.session, row, decision)
        record(work.session, row, None, decision)

    def queue(self, session: Session, row: InboxMail, decision: Decision) -> None:
        """Render each planned reply and put it into the outbox, unless the throttle holds
        it back (the daily limit, or "already told": then the reason says so)."""
        throttle, writer = self.runtime.throttle, self.runtime.writer
        secret = identity.key(session, self.runtime.settings) if decision.replies else None
        for index, reply in enumerate(decision.replies):
            recipient = normalise(reply.to)
            if recipient == ERASED:  # an anonymised registration (mailbot forget)
                continue
            withheld = throttle.withheld(session, reply, recipient, row.id)
            if withheld:
                decision.reason += f"; {withheld}"
                log.info("a %s reply for mail %s held back by the throttle", reply.kind, row.id)
                continue
            msgid, raw = writer.write(reply, row.source_key, index, secret)
            why = Outbox.queue(session, message_id=msgid, recipient=recipient, raw=raw,
                               kind=reply.kind, inbox_id=row.id,
                               registration_id=reply.registration_id)
            if why:  # the address is undeliverable: written to the outbox as failed
                decision.reason += f"; reply to {recipient} {why}"


def understood_json(req: Request) -> str:
    """What was understood, as stored with the outcome: the request, and the evidence
    that decided, strongest first (the whole list is in `mailbot preview --explain`)."""
    data = asdict(replace(req, evidence=()))
    data["new_text"] = data["new_text"][:2000]
    data["evidence"] = [e.as_dict() for e in sorted(
        req.evidence, key=lambda e: (e.source != "decision", -e.weight))[:MAX_EVIDENCE]]
    return json.dumps(data, ensure_ascii=False, default=str)


def record(session: Session, row: InboxMail, req: Request | None, decision: Decision) -> None:
    """The mail is done: its outcome and what was understood (a plain UPDATE; the row
    leaves the session, it is not needed any more)."""
    session.connection().execute(_DONE, {
        "row_id": row.id, "b_outcome": decision.outcome.value,
        "b_reason": decision.reason[:1000], "b_at": utcnow(),
        "b_understood": understood_json(req) if req is not None else None})
    session.expunge(row)
