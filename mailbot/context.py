"""What understanding may know from the database about one mail.

Understanding is pure; this is the one place it learns something stored: whether the mail
answers one of our own mails (and which registration that mail was about), and which
events the sender's addresses (From and Reply-To) hold a booking for, and what our latest
replies to its addresses said (so that an echo of our own text is recognised:
``understand.echo``). Whether the mail may act on such a booking is not decided here but
by :mod:`mailbot.identity`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam
from sqlmodel import Session, col, select

from mailbot.addresses import normalise
from mailbot.identity import claimed
from mailbot.store.tables import OutgoingMail, Registration, utcnow
from mailbot.understand.echo import plain_text
from mailbot.understand.mime import Mail
from mailbot.understand.request import Context

# Run for (nearly) every mail: built once.
_SENDER_EVENTS = select(Registration.event_id).where(
    col(Registration.email).in_(bindparam("emails", expanding=True)),
    col(Registration.status).in_(("confirmed", "waitlisted")))
_REFERENCED = (select(OutgoingMail.registration_id)
               .where(col(OutgoingMail.message_id).in_(bindparam("ids", expanding=True)))
               .where(col(OutgoingMail.registration_id).is_not(None))
               .order_by(col(OutgoingMail.id).desc()))
_OWN = select(OutgoingMail.message_id).where(
    col(OutgoingMail.message_id).in_(bindparam("ids", expanding=True)))
_RECENT = (select(OutgoingMail.raw)
           .where(col(OutgoingMail.recipient).in_(bindparam("to", expanding=True)))
           .where(col(OutgoingMail.created_at) >= bindparam("since"))
           .order_by(col(OutgoingMail.id).desc()).limit(bindparam("most")))
ECHO_DAYS = 7  # how far back our replies are compared with a mail (echo detection)
ECHO_REPLIES = 20  # and how many of them at most


@dataclass(frozen=True)
class Found:
    context: Context
    referenced: int | None  # the registration a reply to one of our mails is about


def own_ids(session: Session, mail: Mail) -> set[str]:
    """Which of the Message-IDs this mail refers to are ours (stored in the outbox)."""
    refs = [r for r in (*mail.in_reply_to, *mail.references, mail.message_id or "")
            if r.startswith("<mailbot.")]
    if not refs:
        return set()
    return set(session.exec(_OWN, params={"ids": refs}).all())


def own_texts(session: Session, mail: Mail) -> tuple[str, ...]:
    """The plain texts of our latest mails to the mail's From and Reply-To addresses,
    organiser notices included (written in the last days by the clock: a backlog handled
    late sees them too)."""
    addresses = sorted({normalise(a) for a in (mail.from_addr, mail.reply_address) if a})
    if not addresses:
        return ()
    raws = session.exec(_RECENT, params={"to": addresses, "most": ECHO_REPLIES,
                                         "since": utcnow() - timedelta(days=ECHO_DAYS)})
    return tuple(plain_text(raw) for raw in raws.all())


def context_for(session: Session, mail: Mail, arrived_at: datetime, domain: str) -> Found:
    own = own_ids(session, mail)
    referenced_event = None
    reg_id = None
    if own:
        reg_id = session.exec(_REFERENCED, params={"ids": sorted(own)}).first()
        reg = session.get(Registration, reg_id) if reg_id else None
        referenced_event = reg.event_id if reg else None
    sender_events: tuple[str, ...] = ()
    names = claimed(mail)  # only to tell the event: whose booking it is, decides identity
    if names:
        sender_events = tuple(dict.fromkeys(session.exec(
            _SENDER_EVENTS, params={"emails": list(names)}).all()))
    suffix = "@" + domain + ">"
    return Found(Context(
        arrived_at=arrived_at, referenced_event=referenced_event, sender_events=sender_events,
        is_own_message_id=lambda mid: mid in own or (
            mid.startswith("<mailbot.") and mid.endswith(suffix)),
        own_texts=own_texts(session, mail),
    ), reg_id)
