"""A person's data as JSON (Art. 15 DSGVO): ``mailbot export-person EMAIL``.

The rows are the ones `mailbot forget` would erase (:func:`matching.select_person`), so
an export shows exactly what is stored about the person. The mails the person sent and
the replies sent to them are given in full as decoded text (headers and text parts),
never as raw bytes. Rows of other people that name the person (a colleague's mail that
registered them, the reply to it) are listed under ``mentioned`` by id, date and kind,
without their content: handing that out would disclose the other person's data (Art.
15(4)); the controller decides what to add after redacting. In a registration made by
someone else only the person's own attendee entry is shown. The shape is documented in
README.md ("Data protection").
"""

from __future__ import annotations

import email
import json
from datetime import datetime
from email import policy
from email.message import Message
from typing import Any

from sqlmodel import Session, col, select

from mailbot.addresses import parse_address
from mailbot.config import Settings
from mailbot.privacy.matching import Person, full_name, select_person
from mailbot.store.tables import InboxMail, OutgoingMail, Place, Registration, utcnow

FORMAT = 1  # the version of the shape below


def export(session: Session, settings: Settings, who: Person) -> dict[str, Any]:
    sel = select_person(session, who)
    when = _when(settings)
    regs = _rows(session, Registration, sel.own + sel.mentioned)
    mails = _rows(session, InboxMail, sel.inbox)
    replies = _rows(session, OutgoingMail, sel.outgoing)
    own_mails = [m for m in mails if _from_person(m.raw, who)]
    own_replies = [o for o in replies if o.recipient == who.email]
    return {
        "format": FORMAT,
        "email": who.email,
        "names": sorted(who.names),
        "exported_at": when(utcnow()),
        "registrations": [_registration(session, settings, r, who, r.id in sel.own)
                          for r in regs],
        "mails": [{"id": m.id, "arrived_at": when(m.arrived_at), "source": m.source,
                   "outcome": m.outcome, "reason": m.reason, **_message(m.raw)}
                  for m in own_mails],
        "replies": [{"id": o.id, "kind": o.kind, "to": o.recipient, "state": o.state,
                     "created_at": when(o.created_at), "sent_at": when(o.sent_at),
                     **_message(o.raw)} for o in own_replies],
        "mentioned": {
            "mails": [{"id": m.id, "arrived_at": when(m.arrived_at)}
                      for m in mails if m not in own_mails],
            "replies": [{"id": o.id, "kind": o.kind, "created_at": when(o.created_at)}
                        for o in replies if o not in own_replies],
        },
    }


def _from_person(raw: bytes, who: Person) -> bool:
    """Whether the mail's From or Reply-To is the person's address."""
    try:
        msg = email.message_from_bytes(raw, policy=policy.compat32)
    except Exception:  # noqa: BLE001
        return False
    return any((parse_address(str(msg.get(h, ""))) or "").lower() == who.email
               for h in ("From", "Reply-To"))


def _rows(session: Session, table: Any, ids: list[int]) -> list[Any]:
    if not ids:
        return []
    return list(session.exec(select(table).where(col(table.id).in_(ids))
                             .order_by(col(table.id))).all())


def _when(settings: Settings) -> Any:
    return lambda t: t.astimezone(settings.tz).isoformat() if isinstance(t, datetime) else None


def _registration(session: Session, settings: Settings, reg: Registration, who: Person,
                  own: bool) -> dict[str, Any]:
    event = settings.event(reg.event_id)
    places = session.exec(select(Place).where(Place.registration_id == reg.id)).all()
    when = _when(settings)
    attendees = json.loads(reg.attendees)
    if not own:  # someone else's registration: only the person's own entry
        attendees = [p for p in attendees if (p.get("email") or "").lower() == who.email
                     or full_name(p.get("name")) in who.names]
    out: dict[str, Any] = {
        "id": reg.id, "event_id": reg.event_id, "event": event.title if event else None,
        "as": "contact" if own else "attendee", "attendees": attendees,
        "status": reg.status, "reason": reg.reason,
        "sessions": sorted(p.unit for p in places if p.unit),
        "arrived_at": when(reg.arrived_at), "updated_at": when(reg.updated_at),
    }
    if own:
        out.update({"email": reg.email, "contact_name": reg.contact_name, "name": reg.name,
                    "organisation": reg.organisation, "seats": reg.seats,
                    "language": reg.language})
    return out


def _message(raw: bytes) -> dict[str, Any]:
    """From, To, Cc, Reply-To, Subject, Date, Message-ID and the text of every text part
    (also of attached mails), decoded; attachments that are not text by name and type."""
    try:
        msg = email.message_from_bytes(raw, policy=policy.default)
    except Exception:  # noqa: BLE001 - hostile MIME: give the bytes as text
        return {"headers": {}, "text": raw.decode("utf-8", "replace"), "attachments": []}
    headers = {k: _header(msg, k) for k in ("From", "To", "Cc", "Reply-To", "Subject",
                                             "Date", "Message-ID") if msg.get(k) is not None}
    texts: list[str] = []
    attachments: list[dict[str, Any]] = []
    for part in msg.walk():
        if part.is_multipart():
            continue
        if part.get_content_maintype() == "text" and part.get_filename() is None:
            texts.append(_text(part))
        else:
            attachments.append({"filename": part.get_filename(),
                                "type": part.get_content_type()})
    return {"headers": headers, "text": "\n\n".join(t for t in texts if t),
            "attachments": attachments}


def _header(msg: Message, key: str) -> str:
    try:
        return str(msg.get(key))
    except Exception:  # noqa: BLE001 - an undecodable header: as stored
        return str(msg.get(key, "")).encode("utf-8", "replace").decode()


def _text(part: Message) -> str:
    try:
        return str(part.get_content())  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - unknown charset
        payload = part.get_payload(decode=True)
        return payload.decode("latin-1") if isinstance(payload, bytes) else ""
