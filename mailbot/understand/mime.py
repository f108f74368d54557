"""Raw bytes -> :class:`Mail`: decoded headers and the readable text of a message.

Everything in a mail is hostile input. CPython's ``email`` raises ValueError on odd
headers, LookupError on unknown charsets and RecursionError on deep nesting, and silently
yields nothing for bad base64; each of those is caught here, per header and per part, so
one bad mail never escapes as an exception. Header values lose their CR/LF (CVE-2024-6923).
"""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass, field
from datetime import datetime
from email.header import decode_header, make_header
from email.message import Message
from email.utils import parsedate_to_datetime

from mailbot.addresses import parse_mailbox

MAX_DEPTH = 20
MAX_TEXT = 200_000  # characters of body text we look at; the rest is never needed
_CRLF = re.compile(r"[\r\n]+\s*")
_MSGID = re.compile(r"<[^<>\s]{1,250}>")


@dataclass(frozen=True)
class Mail:
    """What mailbot needs from one message; every string is decoded and single-line."""

    message_id: str | None
    subject: str
    from_name: str
    from_addr: str | None
    reply_to: str | None
    to: tuple[str, ...]
    in_reply_to: tuple[str, ...]
    references: tuple[str, ...]
    date: datetime | None
    received: datetime | None  # the topmost Received: header's date (arrival at the server)
    headers: dict[str, tuple[str, ...]]  # lower-case name -> decoded values
    content_type: str
    report_type: str | None
    text: str  # the readable body, HTML already turned into text
    from_html: bool = False
    attachments: tuple[str, ...] = ()
    problems: tuple[str, ...] = field(default=())

    def header(self, name: str) -> str | None:
        values = self.headers.get(name.lower())
        return values[0] if values else None

    @property
    def reply_address(self) -> str | None:
        return self.reply_to or self.from_addr


_SURROGATE = re.compile("[\udc80-\udcff]")


def clean_header(value: str) -> str:
    """One line, no control characters: safe to copy into a reply header."""
    return re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", _CRLF.sub(" ", value)).strip()


def _unescape(value: str) -> str:
    """Raw 8-bit header bytes come back from ``email`` as surrogate escapes: decode them."""
    if value.isascii() or not _SURROGATE.search(value):
        return value
    data = value.encode("utf-8", "surrogateescape")
    return decode_bytes(data, None)


def _decode_raw(value: str) -> str:
    value = _unescape(value)
    if "=?" not in value:  # no encoded words: nothing to decode (the common case)
        return value
    try:
        return str(make_header(decode_header(value)))
    except (ValueError, LookupError, UnicodeError, AssertionError, TypeError):
        return value


def _headers(msg: Message) -> dict[str, tuple[str, ...]]:
    """Every header, RFC 2047 decoded by hand: faster than header objects, and a broken
    header cannot raise here (it is kept as it came)."""
    out: dict[str, list[str]] = {}
    for name, value in msg.raw_items():
        values = out.setdefault(str(name).lower(), [])
        if len(values) < 50:
            values.append(clean_header(_decode_raw(str(value)))[:4000])
    return {k: tuple(v) for k, v in out.items()}


def _first(headers: dict[str, tuple[str, ...]], name: str) -> str | None:
    values = headers.get(name)
    return values[0] if values else None


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (ValueError, TypeError, IndexError, OverflowError):
        return None
    return parsed if parsed.tzinfo is not None else None


def _received(headers: dict[str, tuple[str, ...]]) -> datetime | None:
    for value in headers.get("received", ()):  # topmost first: the last hop, our server
        if ";" in value:
            when = _date(value.rsplit(";", 1)[1].strip())
            if when is not None:
                return when
    return None


def decode_bytes(data: bytes, declared: str | None) -> str:
    """Decode body bytes, surviving wrong or unknown charset labels.

    Valid UTF-8 with non-ASCII bytes is almost never anything else, so it wins over a
    label that says Latin-1 or US-ASCII (a common Outlook and webmail mistake). Latin-1
    labels are read as Windows-1252, its superset (what the sender really meant: € and „“).
    """
    if not re.search(rb"[\x80-\xff]", data):
        return data.decode("ascii", "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    charset = (declared or "").lower().strip()
    if charset in ("", "us-ascii", "ascii", "iso-8859-1", "latin-1", "latin1", "utf-8", "utf8"):
        charset = "cp1252"
    try:
        return data.decode(charset, "replace")
    except LookupError:
        return data.decode("cp1252", "replace")


def html_to_text(html: str) -> str:
    """Layout-aware HTML to text (Outlook's Word HTML included)."""
    from inscriptis import get_text  # imported lazily: it pulls in lxml

    html = re.sub(r"(?is)<(style|script|head)\b.*?</\1\s*>", " ", html)
    try:
        text = get_text(html)
    except Exception:  # noqa: BLE001 - lxml may reject hostile markup; fall back to tags out
        text = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"[ \t\u00a0]+\n", "\n", text)


def _payload(part: Message) -> str:
    try:
        data = part.get_payload(decode=True)
    except Exception:  # noqa: BLE001 - broken transfer encodings
        data = None
    if not isinstance(data, bytes):
        raw = part.get_payload()
        return raw if isinstance(raw, str) else ""
    return decode_bytes(data[: MAX_TEXT * 4], part.get_content_charset())


def _walk(msg: Message, depth: int = 0) -> list[Message]:
    """Leaf parts, not descending into attached messages, bounded in depth."""
    if depth > MAX_DEPTH:
        raise RecursionError("MIME nesting too deep")
    if msg.is_multipart():
        parts: list[Message] = []
        payload = msg.get_payload()
        for sub in payload if isinstance(payload, list) else []:
            if isinstance(sub, Message):
                parts.extend(_walk(sub, depth + 1))
        return parts
    return [msg]


def _body(msg: Message, problems: list[str]) -> tuple[str, bool, list[str]]:
    try:
        leaves = _walk(msg)
    except RecursionError:
        problems.append("MIME nesting too deep")
        return "", False, []
    plain: list[str] = []
    html: list[str] = []
    attachments: list[str] = []
    for part in leaves[:200]:
        ctype = part.get_content_type()
        disposition = (part.get("Content-Disposition") or "").lower()
        filename = part.get_filename()
        if filename or disposition.startswith("attachment"):
            attachments.append(clean_header(str(filename or ctype))[:200])
            continue
        if ctype == "text/plain":
            plain.append(_payload(part))
        elif ctype == "text/html":
            html.append(_payload(part))
    if len(leaves) > 200:
        problems.append(f"{len(leaves)} MIME parts, looked at the first 200")
    text = "\n".join(p for p in plain if p.strip())
    if text:
        return text[:MAX_TEXT], False, attachments
    if html:
        return html_to_text("\n".join(html)[: MAX_TEXT * 4])[:MAX_TEXT], True, attachments
    return "", False, attachments


def _mailbox(msg: Message, name: str) -> tuple[str, str] | None:
    """Parse the address from the *raw* header, then decode the display name alone.

    Decoding first would let an encoded CR/LF or comma in the name (RFC 2047) change
    how the address is read; the addr-spec itself is never encoded.
    """
    raw = next((str(v) for n, v in msg.raw_items() if str(n).lower() == name), None)
    if raw is None:
        return None
    box = parse_mailbox(_unescape(re.sub(r"\r?\n[ \t]+", " ", raw)).strip())
    if box is None:
        return None
    return clean_header(_decode_raw(box[0]))[:200], box[1]


def _ids(value: str | None) -> tuple[str, ...]:
    return tuple(_MSGID.findall(value or ""))[:100]


def parse(raw: bytes) -> Mail:
    """Parse one message. Never raises for any input."""
    problems: list[str] = []
    try:
        # compat32: the classic parser. Header objects (policy.default) cost more than
        # the rest of the processing together and can raise on access; we decode the
        # few headers we need ourselves.
        msg = email.message_from_bytes(raw, policy=email.policy.compat32)
    except Exception as exc:  # noqa: BLE001 - RecursionError and worse: headers only
        problems.append(f"unparseable MIME: {type(exc).__name__}")
        head = raw.split(b"\n\n", 1)[0].split(b"\r\n\r\n", 1)[0]
        msg = email.message_from_bytes(head, policy=email.policy.compat32)  # type: ignore[arg-type]
    headers = _headers(msg)
    try:
        text, from_html, attachments = _body(msg, problems)
    except Exception as exc:  # noqa: BLE001
        problems.append(f"unreadable body: {type(exc).__name__}")
        text, from_html, attachments = "", False, []
    if getattr(msg, "defects", None):
        problems.extend(type(d).__name__ for d in msg.defects[:10])

    sender = _mailbox(msg, "from")
    reply_to = _mailbox(msg, "reply-to")
    to: list[str] = []
    for name in ("to", "cc", "delivered-to", "x-original-to"):
        for value in headers.get(name, ()):
            for piece in value.split(","):
                box = parse_mailbox(piece.strip())
                if box:
                    to.append(box[1])
    try:
        ctype = msg.get_content_type()
        report = msg.get_param("report-type") if ctype == "multipart/report" else None
    except Exception:  # noqa: BLE001
        ctype, report = "text/plain", None
    return Mail(
        message_id=(_ids(_first(headers, "message-id")) or (None,))[0],
        subject=_first(headers, "subject") or "",
        from_name=sender[0] if sender else "",
        from_addr=sender[1] if sender else None,
        reply_to=reply_to[1] if reply_to else None,
        to=tuple(dict.fromkeys(to)),
        in_reply_to=_ids(_first(headers, "in-reply-to")),
        references=_ids(" ".join(headers.get("references", ()))),
        date=_date(_first(headers, "date")),
        received=_received(headers),
        headers=headers,
        content_type=ctype,
        report_type=str(report).lower() if isinstance(report, str) else None,
        text=text.replace("\r\n", "\n").replace("\r", "\n"),
        from_html=from_html,
        attachments=tuple(attachments),
        problems=tuple(problems),
    )
