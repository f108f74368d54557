"""The addresses mailbot does not write to: a hard bounce marked them undeliverable.

A mark is set when a bounce for one of our mails arrives (``mailbot.bounced``) and
cleared when a mail written from that address arrives. While it is set, every reply to
the address is written to the outbox as ``failed`` with the reason instead of being
queued (``Outbox.queue`` asks :func:`blocked`), and replies that were still due when the
bounce came are failed the same way (:func:`mark`). All in the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, delete, insert, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from mailbot.addresses import normalise
from mailbot.store.tables import OutgoingMail, Undeliverable

_TABLE = Undeliverable.__table__  # type: ignore[attr-defined]
_BLOCKED = sa_select(_TABLE.c.since, _TABLE.c.inbox_id).where(
    _TABLE.c.address == bindparam("address"))
_CLEAR = delete(_TABLE).where(_TABLE.c.address == bindparam("address"))
_ADD = insert(_TABLE)
_PENDING = ("queued", "retry")  # outbox states of a reply not sent yet


@dataclass(frozen=True)
class Mark:
    address: str
    since: datetime
    inbox_id: int | None  # the bounce
    message_id: str | None  # our mail that bounced
    status: str | None
    detail: str


def reason(since: datetime, inbox_id: int | None) -> str:
    """Why a reply to a marked address is not sent (outbox last_error, inbox reason)."""
    where = f", mail #{inbox_id}" if inbox_id else ""
    return (f"not sent: the address is undeliverable (a bounce on {since:%Y-%m-%d %H:%M} UTC"
            f"{where}) until a new mail arrives from it")


def blocked(session: Session, address: str) -> str | None:
    """The reason a reply to ``address`` must not be sent, or None."""
    row = session.connection().execute(_BLOCKED, {"address": normalise(address)}).first()
    return None if row is None else reason(row[0], row[1])


def mark(session: Session, mark: Mark) -> int:
    """Mark the address; fail the replies to it that are still due. Returns how many."""
    session.connection().execute(_CLEAR, {"address": mark.address})
    session.connection().execute(_ADD, {
        "address": mark.address, "since": mark.since, "inbox_id": mark.inbox_id,
        "message_id": mark.message_id, "status": mark.status, "detail": mark.detail[:300]})
    result = session.execute(
        update(OutgoingMail).where(col(OutgoingMail.recipient) == mark.address)
        .where(col(OutgoingMail.state).in_(_PENDING))
        .values(state="failed", last_error=reason(mark.since, mark.inbox_id)))
    return result.rowcount or 0  # type: ignore[attr-defined]


def clear(session: Session, address: str) -> bool:
    """A mail from ``address`` arrived: it may be written to again. True if it was marked."""
    result = session.connection().execute(_CLEAR, {"address": normalise(address)})
    return bool(result.rowcount)


def marked(session: Session, addresses: Iterable[str]) -> set[str]:
    """Which of ``addresses`` are marked (for the reports)."""
    wanted = sorted({normalise(a) for a in addresses})
    if not wanted:
        return set()
    rows = session.execute(sa_select(_TABLE.c.address).where(_TABLE.c.address.in_(wanted)))
    return {r[0] for r in rows}
