"""Reply bodies + headers -> an RFC 5322 message, safe against hostile input.

Every value copied from an incoming mail has lost its CR/LF already (CVE-2024-6923);
here it is cut to a sane length as well. Replies carry ``Auto-Submitted: auto-replied``
(RFC 3834) so that well-behaved responders never answer them, and
``X-Auto-Response-Suppress`` so that Exchange does not send out-of-office notes back.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

from mailbot.replies.render import Rendered
from mailbot.understand.mime import Mail, clean_header

_REPLY_PREFIX = re.compile(r"^\s*(?:(?:re|aw|antw|sv|wg|fw|fwd|tr)\s*(?:\[\d+\])?\s*:\s*)+",
                           re.IGNORECASE)

DEFAULT_SUBJECTS = {
    "de": "Ihre Nachricht an das Anmeldeteam",
    "en": "Your message to the registration team",
}
ORGANISER_SUBJECTS = {
    "organiser_question": "Frage zu {event}",
    "organiser_held": "Bitte prüfen: Nachricht zu {event}",
}


def message_id(domain: str, *parts: object) -> str:
    """A deterministic Message-ID on the bot's domain: the same reply always gets the same id."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:16]
    return f"<mailbot.{digest}@{domain}>"


def reply_subject(original: str, lang: str) -> str:
    subject = clean_header(original)[:200]
    if not subject:
        return "Re: " + DEFAULT_SUBJECTS.get(lang, DEFAULT_SUBJECTS["de"])
    return "Re: " + _REPLY_PREFIX.sub("", subject)


def _address(addr: str, name: str | None) -> Address:
    local, _, domain = addr.rpartition("@")
    display = clean_header(name or "")[:80]
    return Address(display_name=display, username=local, domain=domain)


def compose(
    *,
    sender: str,
    sender_name: str | None,
    to: Sequence[tuple[str, str | None]],
    subject: str,
    body: Rendered,
    msgid: str,
    date: datetime,
    answering: Mail | None = None,
    auto: str = "auto-replied",
    reply_to: str | None = None,
    attach: bytes | None = None,
) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = _address(sender, sender_name)
    msg["To"] = [_address(addr, name) for addr, name in to]
    if reply_to:
        msg["Reply-To"] = _address(reply_to, None)
    msg["Subject"] = clean_header(subject)[:250]
    msg["Date"] = format_datetime(date)
    msg["Message-ID"] = msgid
    if answering is not None and answering.message_id:
        msg["In-Reply-To"] = answering.message_id
        refs = [*answering.references[-9:], answering.message_id]
        msg["References"] = " ".join(dict.fromkeys(refs))
    msg["Auto-Submitted"] = auto
    msg["X-Auto-Response-Suppress"] = "All"
    msg["Content-Language"] = body.lang
    msg.set_content(body.text, cte="quoted-printable")
    if body.html:
        msg.add_alternative(body.html, subtype="html", cte="quoted-printable")
    if attach is not None:
        msg.add_attachment(attach, maintype="message", subtype="rfc822",
                           filename="original.eml")
    return msg
