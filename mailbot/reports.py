"""What the read-only commands show: registrations of an event, the inbox. Plain rows."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from mailbot.booking import attendees
from mailbot.booking.service import positions
from mailbot.config import EventSpec, Settings
from mailbot.store import undeliverable
from mailbot.store.tables import InboxMail, OutgoingMail, Registration


def registrations(session: Session, settings: Settings, event: EventSpec) -> list[dict[str, Any]]:
    """Every registration of ``event`` in arrival order, with its waiting position."""
    regs = session.exec(select(Registration).where(Registration.event_id == event.id)
                        .order_by(col(Registration.arrived_at), col(Registration.id))).all()
    bounced = undeliverable.marked(session, (reg.email for reg in regs))
    rows: list[dict[str, Any]] = []
    for reg in regs:
        units = positions(session, event, reg)
        waiting = [p for st, p in units.values() if st == "waitlisted" and p]
        rows.append({
            "email": reg.email, "name": reg.name, "organisation": reg.organisation,
            "status": reg.status,
            "waitlist_position": min(waiting) if reg.status == "waitlisted" and waiting
            else None,
            "seats": reg.seats,
            "sessions": [u for u, (st, _p) in units.items()
                         if u and st in ("confirmed", "waitlisted")],
            "attendees": [p.name for p in attendees.of(reg)],
            "contact_name": reg.contact_name,
            "reason": reg.reason,
            "arrived_at": reg.arrived_at.astimezone(settings.tz).isoformat(),
            "undeliverable": reg.email in bounced,  # a bounce: nothing is sent to it
        })
    return rows


def inbox(session: Session, settings: Settings) -> list[dict[str, Any]]:
    """Every stored mail with the state it ended in and the replies it caused: nothing
    is dropped silently."""
    mails = session.exec(select(InboxMail).order_by(col(InboxMail.arrived_at),
                                                    col(InboxMail.id))).all()
    sent: dict[int | None, list[dict[str, Any]]] = {}
    for out in session.exec(select(OutgoingMail)).all():
        sent.setdefault(out.inbox_id, []).append(
            {"kind": out.kind, "to": out.recipient, "state": out.state,
             "error": out.last_error})
    return [{
        "id": m.id, "arrived_at": m.arrived_at.astimezone(settings.tz).isoformat(),
        "source": m.source, "uid": m.uid, "from": m.sender, "subject": m.subject,
        "state": m.state, "outcome": m.outcome, "reason": m.reason,
        "replies": sent.get(m.id, []),
    } for m in mails]
