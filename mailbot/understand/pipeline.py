"""Mail + settings + context -> :class:`Request`: the one entry point of understanding."""

from __future__ import annotations

import re

from mailbot.config import Settings
from mailbot.understand import automatic
from mailbot.understand.mime import Mail
from mailbot.understand.request import Context, Intent, Person, Request

_CANCEL = re.compile(r"\b(absag|abmeld|storn|nicht\s+teilnehmen|cancel)", re.I)
_STATUS = re.compile(r"\b(bin\s+ich\s+angemeldet|am\s+i\s+registered)", re.I)
_REGISTER = re.compile(r"\b(anmeld|melde\s+ich\s+mich|register|teilnehm|dabei)", re.I)


def understand(mail: Mail, settings: Settings, ctx: Context) -> Request:
    """First version: keyword rules; replaced by the layered version below."""
    text = mail.text.split("\n>")[0]
    reason = automatic.automatic_reason(mail, automatic.Context(
        bot_address=settings.address, is_own_message_id=ctx.is_own_message_id, new_text=text))
    blob = f"{mail.subject}\n{text}"
    if _CANCEL.search(blob):
        intent = Intent.CANCEL
    elif _STATUS.search(blob):
        intent = Intent.STATUS
    elif _REGISTER.search(blob):
        intent = Intent.REGISTER
    else:
        intent = Intent.UNCLEAR
    event_id = ctx.referenced_event
    if event_id is None:
        low = blob.lower()
        hits = [e.id for e in settings.events
                if any(k.lower() in low for k in e.keywords) or e.title.lower() in low]
        if len(hits) == 1:
            event_id = hits[0]
    sender = Person(mail.from_name or None, mail.from_addr)
    contact = Person(mail.from_name or None, mail.reply_address)
    return Request(intent=intent, language=settings.language, contact=contact,
                   event_id=event_id, attendees=(sender,) if intent is Intent.REGISTER else (),
                   seats=1 if intent is Intent.REGISTER else 0, automatic=reason, new_text=text)
