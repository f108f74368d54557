"""The per-sender daily limit: no address gets more than N throttled replies in 24 hours.

It stops a loop with a responder that answers every reply, and a flood of mails from one
address. Which kinds it may suppress says the kind registry (``replies.kinds``):
organiser notices and replies about a change of a booking always go out.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import bindparam, func
from sqlmodel import Session, col, select

from mailbot.replies.kinds import UNTHROTTLED, info
from mailbot.store.tables import OutgoingMail, utcnow

_REPLIES_SINCE = select(func.count()).select_from(OutgoingMail).where(
    col(OutgoingMail.recipient) == bindparam("to"),
    col(OutgoingMail.created_at) >= bindparam("since"),
    col(OutgoingMail.kind).not_in(UNTHROTTLED))


class Throttle:
    def __init__(self, per_day: int):
        self.per_day = per_day

    def replies_today(self, session: Session, recipient: str) -> int:
        since = utcnow() - timedelta(days=1)
        return session.exec(_REPLIES_SINCE, params={"to": recipient, "since": since}).one()

    def allows(self, session: Session, kind: str, recipient: str) -> bool:
        """May a reply of ``kind`` go to ``recipient`` (normalised) now? Counts what is
        queued in this transaction too."""
        if not info(kind).throttled:
            return True
        return self.replies_today(session, recipient) < self.per_day
