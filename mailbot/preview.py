"""What mailbot would understand and answer for one mail, without changing anything.

The real path (store, examine, decide, write the replies) inside a transaction that is
always rolled back: a preview can never book a seat or queue a reply.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from mailbot.config import Settings
from mailbot.decide import decide
from mailbot.handler import Handler, Work
from mailbot.intake.inbox import Arrival, store
from mailbot.runtime import Runtime
from mailbot.store import schema
from mailbot.store.db import Database
from mailbot.store.tables import InboxMail
from mailbot.understand.request import Request

Preview = Callable[[bytes, datetime], dict[str, Any]]


@contextmanager
def previewer(settings: Settings, database: str | None = None) -> Iterator[Preview]:
    """Preview mails against the stored bookings (``database``, default the configured
    one) when there are any, else against an empty, throwaway database. The real one is
    never written, and never created."""
    db = schema.reader(database or settings.database)
    if db is None:
        db = Database("sqlite://")
        db.create()
    handler = Handler(Runtime.build(settings))
    try:
        yield lambda raw, arrived_at: preview(handler, db, raw, arrived_at)
    finally:
        db.dispose()


def preview(handler: Handler, db: Database, raw: bytes, arrived_at: datetime) -> dict[str, Any]:
    writer = handler.runtime.writer
    with Session(db.engine, expire_on_commit=False) as session:
        try:
            arrival = Arrival(raw=raw, arrived_at=arrived_at, source="preview")
            inbox_id = store(session, arrival, handler.runtime.settings.limits.max_mail_bytes)
            row = session.get(InboxMail, inbox_id) if inbox_id else None
            if row is None:  # the very same bytes are stored already
                row = session.exec(select(InboxMail).where(
                    InboxMail.source_key == arrival.key)).one()
            case = handler.examine(Work.begin(session), row)
            step, decision = decide(case)
            replies = []
            for reply in decision.replies:
                body = writer.body(reply)
                replies.append({"kind": reply.kind, "to": reply.to, "organiser": reply.organiser,
                                "subject": writer.subject(reply, body), "text": body.text})
        finally:
            session.rollback()
    return _result(case.request, arrived_at, step, decision.outcome.value, decision.reason,
                   replies)


def _result(req: Request | None, arrived_at: datetime, step: str, outcome: str, reason: str,
            replies: list[dict[str, Any]]) -> dict[str, Any]:
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
        "outcome": outcome,
        "reason": reason,
        "decided_by": step,
        "reply": {k: mine[0][k] for k in ("to", "subject", "text")} if mine else None,
        "organiser_notes": [{k: r[k] for k in ("to", "subject")} for r in replies
                            if r["organiser"]],
        "new_text": req.new_text if req else "",
        "evidence": [e.as_dict() for e in req.evidence] if req else [],
    }
