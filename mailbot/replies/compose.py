"""Reply bodies + headers -> an RFC 5322 message, safe against hostile input.

Every value copied from an incoming mail has lost its CR/LF already (CVE-2024-6923);
here it is cut to a sane length as well, and names are encoded as RFC 2047 words by
``formataddr``, so nothing from a mail can start a header of its own. Replies carry
``Auto-Submitted: auto-replied`` (RFC 3834) so that well-behaved responders never
answer them, and ``X-Auto-Response-Suppress`` so that Exchange does not send
out-of-office notes back.

Built with the classic (compat32) classes: several times faster than ``EmailMessage``
with header objects, which matters at a few hundred replies a second.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Sequence
from datetime import datetime
from email import charset as _charset
from email.header import Header
from email.message import Message
from email.mime.message import MIMEMessage
from email.mime.multipart import MIMEMultipart
from email.mime.nonmultipart import MIMENonMultipart
from email.mime.text import MIMEText
from email.policy import Compat32, compat32
from email.utils import format_datetime, formataddr

from mailbot.replies.kinds import NO_SUBJECT
from mailbot.replies.render import Rendered
from mailbot.understand.mime import Mail, clean_header

_REPLY_PREFIX = re.compile(r"^\s*(?:(?:re|aw|antw|sv|wg|fw|fwd|tr)\s*(?:\[\d+\])?\s*:\s*)+",
                           re.IGNORECASE)
_UTF8_QP = _charset.Charset("utf-8")
_UTF8_QP.body_encoding = _charset.QP


class _SmtpPolicy(Compat32):
    """compat32 with CRLF, and a short cut for the common header: a short ASCII line is
    written as it is (``Header`` would return it unchanged, at about 40 µs a header)."""

    def _fold(self, name: str, value: object, sanitize: bool) -> str:
        if (isinstance(value, str) and value.isascii() and "\r" not in value
                and "\n" not in value and len(name) + len(value) <= 76):
            return f"{name}: {value}{self.linesep}"
        return super()._fold(name, value, sanitize)  # type: ignore[misc]


SMTP_POLICY = _SmtpPolicy(linesep="\r\n")

def message_id(domain: str, *parts: object) -> str:
    """A deterministic Message-ID on the bot's domain: the same reply always gets the same id."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:16]
    return f"<mailbot.{digest}@{domain}>"


def reply_subject(original: str, lang: str) -> str:
    subject = clean_header(original)[:200]
    if not subject:
        return "Re: " + NO_SUBJECT.get(lang, NO_SUBJECT["de"])
    return "Re: " + _REPLY_PREFIX.sub("", subject)


def _address(addr: str, name: str | None) -> str:
    return formataddr((clean_header(name or "")[:80], addr), charset="utf-8")


def _text(value: str) -> str:
    value = clean_header(value)[:250]
    return value if value.isascii() else Header(value, "utf-8").encode()


def _boundary() -> str:
    """Random, so that no mail we attach can contain it; with "=_", which quoted-printable
    text never does. (Chosen here, the generator need not search the text for a free one.)"""
    return f"=_mailbot_{secrets.token_hex(16)}"


def _part(text: str, subtype: str) -> MIMENonMultipart:
    part = MIMEText("", subtype, "utf-8")
    part.replace_header("Content-Transfer-Encoding", "quoted-printable")
    part.set_payload(text, _UTF8_QP)
    del part["MIME-Version"]  # once, at the top (set_payload adds it)
    return part


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
) -> Message:
    text = _part(body.text, "plain")
    content: Message = text
    if body.html:
        alternative = MIMEMultipart("alternative", boundary=_boundary())
        del alternative["MIME-Version"]
        alternative.attach(text)
        alternative.attach(_part(body.html, "html"))
        content = alternative
    msg: Message = content
    if attach is not None:
        from email import message_from_bytes

        msg = MIMEMultipart("mixed", boundary=_boundary())
        del msg["MIME-Version"]
        msg.attach(content)
        original = MIMEMessage(message_from_bytes(attach, policy=compat32))
        del original["MIME-Version"]
        original.add_header("Content-Disposition", "attachment", filename="original.eml")
        msg.attach(original)
    msg["From"] = _address(sender, sender_name)
    msg["To"] = ", ".join(_address(addr, name) for addr, name in to)
    if reply_to:
        msg["Reply-To"] = _address(reply_to, None)
    msg["Subject"] = _text(subject)
    msg["Date"] = format_datetime(date)
    msg["Message-ID"] = msgid
    if answering is not None and answering.message_id:
        msg["In-Reply-To"] = answering.message_id
        refs = [*answering.references[-9:], answering.message_id]
        msg["References"] = " ".join(dict.fromkeys(refs))
    msg["Auto-Submitted"] = auto
    msg["X-Auto-Response-Suppress"] = "All"
    msg["Content-Language"] = body.lang
    del msg["MIME-Version"]
    msg["MIME-Version"] = "1.0"
    return msg


def to_bytes(msg: Message) -> bytes:
    """CRLF line endings, as SMTP wants them."""
    return msg.as_bytes(policy=SMTP_POLICY)
