"""A person's data as JSON (Art. 15 DSGVO): ``mailbot export-person EMAIL``.

The rows are the ones `mailbot forget` would erase (:func:`matching.select_person`), so
an export shows exactly what is stored about the person. Mails and replies are given as
decoded text (headers and text parts), never as raw bytes. The shape is documented in
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

from mailbot.config import Settings
from mailbot.privacy.matching import Person, select_person
from mailbot.store.tables import InboxMail, OutgoingMail, Place, Registration, utcnow

FORMAT = 1  # the version of the shape below


def export(session: Session, settings: Settings, who: Person) -> dict[str, Any]:
    sel = select_person(session, who)
    when = _when(settings)
    regs = _rows(session, Registration, sel.own + sel.mentioned)
    mails = _rows(session, InboxMail, sel.inbox)
    replies = _rows(session, OutgoingMail, sel.outgoing)
    return {
        "format": FORMAT,
        "email": who.email,
        "names": sorted(who.names),
        "exported_at": when(utcnow()),
        "registrations": [_registration(session, settings, r, r.id in sel.own)
                          for r in regs],
        "mails": [{"id": m.id, "arrived_at": when(m.arrived_at), "source": m.source,
                   "outcome": m.outcome, "reason": m.reason, **_message(m.raw)}
                  for m in mails],
        "replies": [{"id": o.id, "kind": o.kind, "to": o.recipient, "state": o.state,
                     "created_at": when(o.created_at), "sent_at": when(o.sent_at),
                     **_message(o.raw)} for o in replies],
    }


def _rows(session: Session, table: Any, ids: list[int]) -> list[Any]:
    if not ids:
        return []
    return list(session.exec(select(table).where(col(table.id).in_(ids))
                             .order_by(col(table.id))).all())


def _when(settings: Settings) -> Any:
    return lambda t: t.astimezone(settings.tz).isoformat() if isinstance(t, datetime) else None


def _registration(session: Session, settings: Settings, reg: Registration,
                  own: bool) -> dict[str, Any]:
    event = settings.event(reg.event_id)
    places = session.exec(select(Place).where(Place.registration_id == reg.id)).all()
    when = _when(settings)
    return {
        "id": reg.id, "event_id": reg.event_id, "event": event.title if event else None,
        "as": "contact" if own else "attendee", "email": reg.email,
        "contact_name": reg.contact_name, "name": reg.name,
        "organisation": reg.organisation, "attendees": json.loads(reg.attendees),
        "seats": reg.seats, "status": reg.status, "reason": reg.reason,
        "sessions": sorted(p.unit for p in places if p.unit),
        "language": reg.language, "arrived_at": when(reg.arrived_at),
        "updated_at": when(reg.updated_at),
    }


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
