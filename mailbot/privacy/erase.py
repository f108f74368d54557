"""Erase what a :class:`~mailbot.privacy.matching.Selection` names, inside the caller's
transaction.

What stays, so that capacities and the waiting-list order do not change and the inbox
still accounts for every mail: a registration's event, seats, status, refusal reason,
language, arrival time and places (its seats per unit); a mail's arrival time, size,
source key (the IMAP position, or a SHA-256 of the bytes our listener accepted: it lets a
repeated delivery be recognised) and outcome; a reply's kind, state and times.

What goes: a registration's contact address (replaced by ``(erased)``), contact name,
name, organisation and attendees (each replaced by an empty entry: the number stays); a
mail's raw bytes, Message-ID, From, Subject, what was understood and the reason (replaced
by ``erased (data protection)``); a reply's recipient, raw bytes, Message-ID and last
error. A mail still waiting is not processed any more; a reply not sent yet is not sent.
In registrations of other contacts that name the person, that attendee's name and address
are removed (the seat stays).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import case, delete, update
from sqlmodel import Session

from mailbot.privacy.matching import (
    ERASED,
    ERASED_REASON,
    Person,
    Selection,
    chunks,
    full_name,
)
from mailbot.store.tables import (
    InboxMail,
    OutgoingMail,
    PendingAct,
    Registration,
    Undeliverable,
    utcnow,
)

_INBOX = InboxMail.__table__  # type: ignore[attr-defined]
_OUT = OutgoingMail.__table__  # type: ignore[attr-defined]
_PENDING = PendingAct.__table__  # type: ignore[attr-defined]
_MARKS = Undeliverable.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Erased:
    registrations: int = 0
    mentioned: int = 0
    mails: int = 0
    replies: int = 0

    @property
    def anything(self) -> bool:
        return bool(self.registrations or self.mentioned or self.mails or self.replies)

    def __str__(self) -> str:
        return (f"{self.registrations} registration(s) anonymised, {self.mentioned} "
                f"naming the person edited, {self.mails} mail(s) and {self.replies} "
                "reply/replies erased")


def erase(session: Session, sel: Selection, who: Person | None = None) -> Erased:
    """Erase the selection; ``who``: the person whose mentions in other registrations go."""
    if session.get_bind().dialect.name == "sqlite":
        # Freed pages are overwritten with zeros at once (VACUUM follows in compact).
        session.connection().exec_driver_sql("PRAGMA secure_delete=ON")
    for reg_id in sel.own:
        _anonymise(session, reg_id)
    mentioned = sum(_unname(session, reg_id, who) for reg_id in sel.mentioned) if who else 0
    for ids in chunks(sel.inbox):
        session.connection().execute(update(_INBOX).where(_INBOX.c.id.in_(ids)).values(
            raw=b"", message_id=None, sender=None, subject=None, understood=None,
            reason=ERASED_REASON, outcome=case((_INBOX.c.state == "new", "ignored"),
                                               else_=_INBOX.c.outcome),
            state="done", processed_at=case((_INBOX.c.processed_at.is_(None), utcnow()),
                                            else_=_INBOX.c.processed_at)))
    for ids in chunks(sel.outgoing):
        unsent = _OUT.c.state.in_(("queued", "retry"))
        session.connection().execute(update(_OUT).where(_OUT.c.id.in_(ids)).values(
            recipient=ERASED, raw=b"",
            message_id="<erased." + _OUT.c.id.cast(_OUT.c.message_id.type) + ">",
            last_error=case((unsent, ERASED_REASON), else_=None),
            state=case((unsent, "failed"), else_=_OUT.c.state)))
    _forget_marks(session, sel, who)
    session.flush()
    return Erased(len(sel.own), mentioned, len(sel.inbox), len(sel.outgoing))


def _forget_marks(session: Session, sel: Selection, who: Person | None) -> None:
    """What identity and bounces keep about a person: acts waiting for the owner's
    confirmation (the asked change, with names) and the undeliverable mark."""
    run = session.connection().execute
    for ids in chunks(sel.inbox):
        run(delete(_PENDING).where(_PENDING.c.inbox_id.in_(ids)))
        run(delete(_MARKS).where(_MARKS.c.inbox_id.in_(ids)))
    for ids in chunks(sel.own):
        run(delete(_PENDING).where(_PENDING.c.registration_id.in_(ids)))
    if who is not None:
        run(delete(_PENDING).where(_PENDING.c.email == who.email))
        run(delete(_MARKS).where(_MARKS.c.address == who.email))


def _anonymise(session: Session, reg_id: int) -> None:
    reg = session.get(Registration, reg_id)
    if reg is None:
        return
    count = len(json.loads(reg.attendees))
    reg.email = ERASED
    reg.contact_name = reg.name = reg.organisation = None
    reg.attendees = json.dumps([{"name": None, "email": None}] * count)
    reg.updated_at = utcnow()
    session.add(reg)


def _unname(session: Session, reg_id: int, who: Person) -> int:
    """Remove ``who`` from another contact's registration; 1 if anything changed."""
    reg = session.get(Registration, reg_id)
    if reg is None:
        return 0
    people = json.loads(reg.attendees)
    for p in people:
        if (p.get("email") or "").strip().lower() == who.email \
                or full_name(p.get("name")) in who.names:
            p.clear()
            p.update({"name": None, "email": None})
    reg.attendees = json.dumps(people, ensure_ascii=False)
    if full_name(reg.contact_name) in who.names:
        reg.contact_name = None
    if full_name(reg.name) in who.names:
        reg.name = None
    reg.updated_at = utcnow()
    session.add(reg)
    return 1

