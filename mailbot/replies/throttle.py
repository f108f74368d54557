"""Which planned replies may go: no loops, no mailbombs (issue 10).

The rules are in ``replies.kinds`` (the module docstring and :class:`~mailbot.replies.kinds.
Limit`): every reply to an attendee counts against its recipient's daily limit, refusals
included; news of a booking change is never held back; an answer where nothing changed
goes once a day per recipient, event and kind ("already told"); automatic mail and spam
get no reply at all. A reply held back is not written; the mail's reason says why.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy import bindparam, func, select
from sqlmodel import Session, col

from mailbot.replies.assemble import Reply
from mailbot.replies.kinds import COUNTED, PER_BOOKING, Limit, info
from mailbot.store.tables import InboxMail, OutgoingMail, Registration, utcnow
from mailbot.understand.request import Intent, Request

_REPLIES_SINCE = select(func.count()).select_from(OutgoingMail).where(
    col(OutgoingMail.recipient) == bindparam("to"),
    col(OutgoingMail.created_at) >= bindparam("since"),
    col(OutgoingMail.kind).in_(COUNTED))

# The earlier replies of one kind to one recipient, with what tells their event: the
# registration they were about, else what was understood of the mail they answered.
_TOLD = (select(col(OutgoingMail.registration_id), col(Registration.event_id),
                col(InboxMail.understood))
         .select_from(OutgoingMail)
         .outerjoin(Registration, col(Registration.id) == col(OutgoingMail.registration_id))
         .outerjoin(InboxMail, col(InboxMail.id) == col(OutgoingMail.inbox_id))
         .where(col(OutgoingMail.recipient) == bindparam("to"),
                col(OutgoingMail.kind) == bindparam("kind"),
                col(OutgoingMail.created_at) >= bindparam("since"),
                col(OutgoingMail.state) != "failed",
                func.coalesce(col(OutgoingMail.inbox_id), -1) != bindparam("inbox")))

DAY = timedelta(days=1)


def silenced(req: Request | None) -> str | None:
    """Why the sender of this mail must get no reply at all (RFC 3834): it is automatic
    (an echo of our own text included) or spam. The organisers may still be told."""
    if req is None:
        return None
    if req.automatic:
        return "automatic"
    return "spam" if req.intent is Intent.SPAM else None


def organisers_only(replies: Sequence[Reply]) -> list[Reply]:
    return [r for r in replies if r.organiser]


def _event_of(event_id: str | None, understood: str | None) -> str | None:
    if event_id is not None or not understood:
        return event_id
    try:
        value = json.loads(understood).get("event_id")
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, str) else None


class Throttle:
    def __init__(self, per_day: int):
        self.per_day = per_day

    def replies_today(self, session: Session, recipient: str) -> int:
        """Replies to ``recipient`` (normalised) in the last 24 hours that count, queued
        in this transaction included."""
        return session.exec(_REPLIES_SINCE,  # type: ignore[call-overload]
                            params={"to": recipient, "since": utcnow() - DAY}).one()[0]

    def told_today(self, session: Session, reply: Reply, recipient: str,
                   inbox_id: int | None) -> bool:
        """Was ``recipient`` sent a reply of this kind about this event (and booking, for
        :data:`PER_BOOKING` kinds) in the last 24 hours, for another mail than
        ``inbox_id``?"""
        rows = session.exec(_TOLD, params={  # type: ignore[call-overload]
            "to": recipient, "kind": reply.kind, "since": utcnow() - DAY,
            "inbox": inbox_id if inbox_id is not None else -1}).all()
        per_booking = reply.kind in PER_BOOKING
        return any(_event_of(ev, understood) == reply.event_id
                   and (not per_booking or reg == reply.registration_id)
                   for reg, ev, understood in rows)

    def withheld(self, session: Session, reply: Reply, recipient: str,
                 inbox_id: int | None) -> str | None:
        """Why ``reply`` to ``recipient`` (normalised) must not go now, or None."""
        entry = info(reply.kind)
        if not entry.suppressible:
            return None
        if entry.limit is Limit.ONCE and self.told_today(session, reply, recipient, inbox_id):
            return f"{reply.kind} to {recipient} not sent again (already told today)"
        if self.replies_today(session, recipient) >= self.per_day:
            return f"reply to {recipient} suppressed (over {self.per_day} a day)"
        return None
