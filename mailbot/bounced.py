"""The decision step 'bounce': a hard bounce for one of our own mails.

Which of our mails a bounce is about: an outbox row whose Message-ID the bounce carries
(the returned original, or In-Reply-To/References). A bounce that carries Message-IDs,
none of them ours, is about somebody else's mail (backscatter of mail forged with our
address) and is not ours. Only a bounce that names no mail at all is matched by its
failed recipient: the last mail we sent to it within :data:`WINDOW` before it arrived. Only
hard failures count (``mailbot.bounces``). Then the address is marked undeliverable
(``store/undeliverable.py``: the replies still due to it, and all later ones, are not
sent until a mail from it arrives), the bounced reply records why, and the organisers of
each event the address is registered for get a notice. The bounce itself is never
answered. A bounce that is about nothing of ours is left to the step 'automatic'.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select as sa_select
from sqlalchemy import update
from sqlmodel import Session, col, select

from mailbot import bounces
from mailbot.addresses import normalise
from mailbot.booking.service import positions
from mailbot.config import EventSpec
from mailbot.replies.assemble import Reply
from mailbot.replies.kinds import Kind, info, organiser_subject
from mailbot.replies.views import registration_view
from mailbot.store import undeliverable
from mailbot.store.tables import OutgoingMail, Registration
from mailbot.understand.mime import Mail, parse

if TYPE_CHECKING:
    from mailbot.decide import Case

WINDOW = timedelta(days=7)  # a bounce names a recipient: our mails to it this long before
SKEW = timedelta(minutes=10)  # the mail server's clock against ours
ACTIVE = ("confirmed", "waitlisted")
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Hit:
    """One of our mails that bounced, and the failure reported for it."""

    outgoing_id: int
    message_id: str
    recipient: str
    kind: str
    registration_id: int | None
    failure: bounces.Failure


def hits(case: Case) -> list[Hit]:
    """Our mails this mail reports a hard failure for (empty: not a bounce of ours)."""
    if case.row.truncated or not bounces.looks_like_bounce(case.mail):
        return []
    bounce = bounces.read(case.row.raw)
    if bounce is None or not bounce.hard:
        return []
    if bounce.message_ids:  # it names the mail it is about: ours, or somebody else's
        found = _by_message_id(case.session, bounce)  # (backscatter of a forged sender)
    else:
        found = _by_recipient(case, bounce)
    return list({h.recipient: h for h in found}.values())


def _failure_for(bounce: bounces.Bounce, recipient: str) -> bounces.Failure | None:
    """The failure a bounce about our mail to ``recipient`` reports: the one naming it
    (None if that one is only a delay), else the first hard one (a forwarded address)."""
    named = [f for f in bounce.failures if recipient in f.addresses]
    if named:
        return named[0] if named[0].hard else None
    return bounce.hard[0]


_COLUMNS = (col(OutgoingMail.id), col(OutgoingMail.message_id), col(OutgoingMail.recipient),
            col(OutgoingMail.kind), col(OutgoingMail.registration_id))


def _by_message_id(session: Session, bounce: bounces.Bounce) -> list[Hit]:
    if not bounce.message_ids:
        return []
    rows = session.execute(sa_select(*_COLUMNS).where(
        col(OutgoingMail.message_id).in_(bounce.message_ids))).all()
    found = []
    for out_id, msgid, recipient, kind, reg_id in rows:
        failure = _failure_for(bounce, recipient)
        if failure is not None:
            found.append(Hit(out_id, msgid, recipient, kind, reg_id, failure))
    return found


def _by_recipient(case: Case, bounce: bounces.Bounce) -> list[Hit]:
    """No Message-ID of ours: the last mail we sent to a failed recipient, shortly before."""
    arrived = case.row.arrived_at
    found = []
    for failure in bounce.hard:
        row = case.session.execute(
            sa_select(*_COLUMNS).where(col(OutgoingMail.recipient).in_(failure.addresses))
            .where(col(OutgoingMail.state) == "sent")
            .where(col(OutgoingMail.sent_at) >= arrived - WINDOW)
            .where(col(OutgoingMail.sent_at) <= arrived + SKEW)
            .order_by(col(OutgoingMail.sent_at).desc(), col(OutgoingMail.id).desc())).first()
        if row is not None:
            out_id, msgid, recipient, kind, reg_id = row
            found.append(Hit(out_id, msgid, recipient, kind, reg_id, failure))
    return found


def act(case: Case) -> tuple[str, list[Reply]]:
    """Mark the addresses, record why on the bounced replies, tell the organisers. The
    reason to record, and the notices to queue."""
    parts: list[str] = []
    notices: list[Reply] = []
    for hit in hits(case):
        failure = hit.failure
        case.session.execute(update(OutgoingMail).where(col(OutgoingMail.id) == hit.outgoing_id)
                             .values(last_error=_bounced(failure)))
        not_sent = undeliverable.mark(case.session, undeliverable.Mark(
            hit.recipient, case.row.arrived_at, case.row.id, hit.message_id,
            failure.status, failure.detail))
        log.info("hard bounce for reply %s: its address is marked undeliverable",
                 hit.outgoing_id)
        told = [] if info(hit.kind).organiser else _notices(case, hit)
        notices += told
        parts.append(f"bounce for our {hit.kind} mail to {hit.recipient} "
                     f"({failure.status or 'failed'}): address marked undeliverable"
                     + (f"; {not_sent} replies still due not sent" if not_sent else "")
                     + ("; organisers told" if told else "; nobody to tell"))
    return "; ".join(parts) + "; never answered", notices


def _bounced(failure: bounces.Failure) -> str:
    return f"bounced ({failure.status or 'failed'}): {failure.detail}"[:1000]


def _registrations(session: Session, hit: Hit) -> list[Registration]:
    """The registrations of the address: the one the bounced mail was about, and every
    booking it holds."""
    regs = list(session.exec(select(Registration).where(
        col(Registration.email) == hit.recipient, col(Registration.status).in_(ACTIVE))
        .order_by(col(Registration.id))).all())
    if hit.registration_id and all(r.id != hit.registration_id for r in regs):
        reg = session.get(Registration, hit.registration_id)
        if reg is not None:
            regs.insert(0, reg)
    return regs


def _notices(case: Case, hit: Hit) -> list[Reply]:
    """One notice per event of the address, to each of its organisers."""
    runtime, notices = case.runtime, []
    for reg in _registrations(case.session, hit):
        event = runtime.event(reg.event_id)
        if event is not None:
            notices += _notice(case, event, reg, hit)
    return notices


def _notice(case: Case, event: EventSpec, reg: Registration, hit: Hit) -> list[Reply]:
    settings, assembler = case.runtime.settings, case.runtime.assembler
    lang = settings.language
    view = assembler.event_view(event, lang)
    context = {
        "event": view, "registration": registration_view(
            reg, view, positions(case.session, event, reg)),
        "reason": _words(hit.failure), "sender": hit.recipient,
        "subject": _subject(case.session, hit), "bot": assembler.bot()}
    subject = organiser_subject(Kind.ORGANISER_BOUNCE, lang, event.title)
    bot = normalise(settings.address)
    return [Reply(Kind.ORGANISER_BOUNCE, addr, None, lang, context, attach=case.row.raw,
                  subject=subject)
            for addr in event.organisers
            if normalise(addr) not in (bot, hit.recipient) or len(event.organisers) == 1]


def _words(failure: bounces.Failure) -> str:
    return " ".join(x for x in (failure.status, failure.detail) if x) or "failed"


def _subject(session: Session, hit: Hit) -> str | None:
    raw = session.execute(sa_select(col(OutgoingMail.raw)).where(
        col(OutgoingMail.id) == hit.outgoing_id)).scalar_one_or_none()
    mail: Mail | None = parse(raw) if raw else None
    return mail.subject if mail else None


def heard_from(session: Session, mail: Mail, automatic: str | None) -> None:
    """A mail a person wrote from a marked address clears its mark."""
    if mail.from_addr and not automatic and undeliverable.clear(session, mail.from_addr):
        log.info("a mail arrived from an address marked undeliverable: mark cleared")
