"""The durable outbox: replies are rows with a state, written in the deciding transaction.

States (:class:`OutState`): queued -> sent; queued -> retry (a 4xx answer, a refused or
dropped connection) -> ... -> sent | failed (a 5xx answer, or too many attempts). Only the
process that holds the database's send lock sends (sender.py), so a row is never claimed:
it stays queued (or retry) while its mail is in flight, and a crash leaves it due. The
columns ``claimed_by`` and ``claimed_at`` stay in the schema, unused; rows an older
version left claimed (``sending``) are given back at recovery.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import insert, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from mailbot.replies.transport import PermanentError, TransportDown
from mailbot.store import undeliverable
from mailbot.store.tables import OutgoingMail, utcnow

log = logging.getLogger(__name__)


class OutState(StrEnum):
    """The states of an outgoing row (the column ``outgoing.state``)."""

    QUEUED = "queued"
    RETRY = "retry"
    SENDING = "sending"  # written only by versions before issue 12; recovery re-queues it
    SENT = "sent"
    FAILED = "failed"


DUE = (OutState.QUEUED, OutState.RETRY)
Row = tuple[int, str, bytes]  # (id, recipient, raw mail)
_QUEUE = insert(OutgoingMail.__table__)  # type: ignore[attr-defined]
_CHUNK = 500  # ids per IN (...) list: well below SQLite's limit on parameters


@dataclass
class Delivery:
    """What one pass of sending did."""

    sent: int = 0
    retried: int = 0
    failed: int = 0

    def __iadd__(self, other: Delivery) -> Delivery:
        self.sent += other.sent
        self.retried += other.retried
        self.failed += other.failed
        return self


def _by_id(ids: Iterable[int]) -> list[list[int]]:
    ordered = sorted(ids)
    return [ordered[i:i + _CHUNK] for i in range(0, len(ordered), _CHUNK)]


class Outbox:
    """The rows and their state machine; the caller owns the transaction (a session)."""

    def __init__(self, sender: str, *, max_attempts: int = 12, retry_base: float = 30.0,
                 retry_max: float = 3600.0):
        self.sender = sender
        self.max_attempts = max_attempts
        self.retry_base = retry_base
        self.retry_max = retry_max

    @staticmethod
    def queue(session: Session, *, message_id: str, recipient: str, raw: bytes, kind: str,
              inbox_id: int | None, registration_id: int | None = None) -> str | None:
        """Put a reply into the outbox, inside the caller's transaction (a plain INSERT:
        this runs for nearly every mail). To an address a bounce marked undeliverable it
        is written as failed, never sent: returns why (None: queued)."""
        now = utcnow()
        why = undeliverable.blocked(session, recipient)
        session.connection().execute(_QUEUE, {
            "message_id": message_id, "recipient": recipient, "raw": raw, "kind": kind,
            "inbox_id": inbox_id, "registration_id": registration_id,
            "state": (OutState.FAILED if why else OutState.QUEUED).value, "attempts": 0,
            "next_attempt_at": now, "created_at": now, "last_error": why})
        return why

    def backoff(self, attempts: int) -> timedelta:
        return timedelta(seconds=min(self.retry_max, self.retry_base * 2 ** (attempts - 1)))

    @staticmethod
    def due(session: Session, now: datetime, after: int = 0, limit: int = 200) -> list[Row]:
        """The rows due at ``now`` with an id above ``after``, in queue order."""
        rows = session.execute(
            sa_select(col(OutgoingMail.id), col(OutgoingMail.recipient), col(OutgoingMail.raw))
            .where(col(OutgoingMail.state).in_([s.value for s in DUE]))
            .where(col(OutgoingMail.next_attempt_at) <= now)
            .where(col(OutgoingMail.id) > after)
            .order_by(col(OutgoingMail.id))
            .limit(limit)).all()
        return [(i, r, raw) for i, r, raw in rows]

    @staticmethod
    def mark_sent(session: Session, ids: Iterable[int]) -> int:
        """The server accepted these mails: mark them sent (those not marked yet, so that
        a receipt and the batch after it count one attempt). Returns how many changed."""
        changed = 0
        for chunk in _by_id(ids):
            result = session.execute(
                update(OutgoingMail).where(col(OutgoingMail.id).in_(chunk))
                .where(col(OutgoingMail.state).in_([s.value for s in (*DUE, OutState.SENDING)]))
                .values(state=OutState.SENT.value, sent_at=utcnow(), last_error=None,
                        attempts=OutgoingMail.attempts + 1))
            changed += result.rowcount or 0  # type: ignore[attr-defined]
        return changed

    def record_sent(self, session: Session, ids: list[int], report: Delivery) -> None:
        """Several mails the server accepted, in one statement."""
        self.mark_sent(session, ids)
        report.sent += len(ids)

    def record_failure(self, session: Session, row_id: int, recipient: str,
                       error: Exception, report: Delivery) -> bool:
        """The failed attempt of one mail; False when the server cannot be used at all."""
        now = utcnow()
        query = update(OutgoingMail).where(col(OutgoingMail.id) == row_id)
        attempts = session.execute(sa_select(col(OutgoingMail.attempts)).where(
            col(OutgoingMail.id) == row_id)).scalar_one() + 1
        down = isinstance(error, TransportDown)
        if isinstance(error, PermanentError) or (attempts >= self.max_attempts and not down):
            session.execute(query.values(state=OutState.FAILED.value, attempts=attempts,
                                         last_error=str(error)[:1000]))
            report.failed += 1
            log.error("reply %s failed for good: %s", row_id, error)
        else:
            session.execute(query.values(state=OutState.RETRY.value, attempts=attempts,
                                         last_error=str(error)[:1000],
                                         next_attempt_at=now + self.backoff(attempts)))
            report.retried += 1
            log.log(logging.ERROR if down else logging.WARNING,
                    "reply %s will be retried: %s", row_id, error)
        return not down

    @staticmethod
    def postpone(session: Session, ids: list[int], until: datetime) -> None:
        """Rows not tried (the server was down): due again at ``until``, no attempt counted."""
        for chunk in _by_id(ids):
            session.execute(update(OutgoingMail).where(col(OutgoingMail.id).in_(chunk))
                            .where(col(OutgoingMail.state).in_([s.value for s in DUE]))
                            .values(state=OutState.RETRY.value, next_attempt_at=until))

    @staticmethod
    def requeue_claimed(session: Session) -> int:
        """Rows an older version left claimed (``sending``): due again. Only the holder of
        the send lock calls this, when no mail of its own is in flight."""
        result = session.execute(
            update(OutgoingMail).where(col(OutgoingMail.state) == OutState.SENDING.value)
            .values(state=OutState.QUEUED.value, claimed_by=None, claimed_at=None))
        return result.rowcount or 0  # type: ignore[attr-defined]
