"""Raw bytes -> :class:`Mail`: decoded headers and the readable text of a message.

Everything in a mail is hostile input. CPython's ``email`` raises ValueError on odd
headers, LookupError on unknown charsets and RecursionError on deep nesting, and silently
yields nothing for bad base64; each of those is caught here, per header and per part, so
one bad mail never escapes as an exception. Header values lose their CR/LF (CVE-2024-6923).
"""

from __future__ import annotations

import binascii
import email
import email.policy
import re
from base64 import b64decode
from dataclasses import dataclass, field
from datetime import datetime
from email.message import Message
from email.utils import parsedate_to_datetime

from mailbot.addresses import parse_mailbox

MAX_DEPTH = 20
MAX_TEXT = 200_000  # characters of body text we look at; the rest is never needed
_CRLF = re.compile(r"[\r\n]+\s*")
_MSGID = re.compile(r"<[^<>\s]{1,250}>")
_SURROGATE = re.compile("[\udc80-\udcff]")


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


def clean_header(value: str) -> str:
    """One line, no control characters: safe to copy into a reply header."""
    return re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", _CRLF.sub(" ", value)).strip()


_HIGH_RUN = re.compile(rb"[\x80-\xff]+")
# RFC 2047 encoded word; RFC 2231 allows a language after the charset ("utf-8*de").
_ENCODED_WORD = re.compile(r"=\?([^?\s*]{1,60})(?:\*[^?\s]{0,20})?\?([bBqQ])\?([^?]{0,4000})\?=")
_Q_HEX = re.compile(rb"=([0-9A-Fa-f]{2})")
MAX_RAW_HEADER = 16_000  # characters of one header value decoded; we keep 4000


def decode_header_bytes(data: bytes) -> str:
    """Undeclared 8-bit header bytes (RFC 6532 UTF-8, or a Latin-1/Windows-1252 mailer).

    The whole value as UTF-8 if it is valid UTF-8; otherwise each run of 8-bit bytes on
    its own (UTF-8 if that run is, else Windows-1252), so a header that mixes both (a
    Latin-1 client quoting a UTF-8 subject) still reads right.
    """
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    out: list[str] = []
    pos = 0
    for m in _HIGH_RUN.finditer(data):
        out.append(data[pos: m.start()].decode("ascii"))
        run = m.group(0)
        try:
            out.append(run.decode("utf-8"))
        except UnicodeDecodeError:
            out.append(run.decode("cp1252", "replace"))
        pos = m.end()
    out.append(data[pos:].decode("ascii"))
    return "".join(out)


def _unescape(value: str) -> str:
    """Raw 8-bit header bytes come back from ``email`` as surrogate escapes: decode them."""
    if value.isascii() or not _SURROGATE.search(value):
        return value
    try:
        data = value.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # lone surrogates that are not escapes: leave them
        return _SURROGATE.sub("\ufffd", value)
    return decode_header_bytes(data)


def _word_bytes(encoding: str, text: str) -> bytes | None:
    raw = text.encode("ascii", "replace")
    if encoding in "qQ":
        return _Q_HEX.sub(lambda m: bytes([int(m.group(1), 16)]), raw.replace(b"_", b" "))
    try:
        return b64decode(raw + b"=" * (-len(raw) % 4))
    except (binascii.Error, ValueError):
        return None


def decode_words(value: str) -> str:
    """Decode RFC 2047 encoded words, leaving the text around them as it is.

    Unlike ``email.header.decode_header`` this survives what real mailers send: raw
    8-bit text next to encoded words, unknown or wrong charsets (decoded as
    :func:`decode_bytes` does: valid UTF-8 wins, Latin-1 means Windows-1252), and a
    UTF-8 character split over two adjacent words (their bytes are joined first).
    Whitespace between adjacent encoded words is dropped (RFC 2047 section 6.2).
    """
    if "=?" not in value:
        return value
    out: list[str] = []
    pending: list[tuple[str, bytes]] = []

    def flush() -> None:
        charset, data = "", b""
        for cs, chunk in pending + [("", b"")]:
            if cs != charset and data:
                out.append(_decode_charset(data, charset))
                data = b""
            charset, data = cs, data + chunk
        pending.clear()

    pos = 0
    for m in _ENCODED_WORD.finditer(value):
        gap = value[pos: m.start()]
        if not (pending and not gap.strip()):
            flush()
            out.append(gap)
        data = _word_bytes(m.group(2), m.group(3))
        if data is None:
            flush()
            out.append(m.group(0))
        else:
            pending.append((m.group(1).lower(), data))
        pos = m.end()
    flush()
    out.append(value[pos:])
    return "".join(out)


def _decode_charset(data: bytes, charset: str) -> str:
    """An encoded word's bytes. 7-bit charsets (ISO-2022-JP, UTF-7) need their codec."""
    if data.isascii() and charset not in ("", "us-ascii", "ascii", "utf-8", "utf8"):
        try:
            return data.decode(charset)
        except (LookupError, UnicodeError, ValueError):
            pass
    return decode_bytes(data, charset)


def _decode_raw(value: str) -> str:
    return decode_words(_unescape(value[:MAX_RAW_HEADER]))


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


def _part_header(part: Message, name: str) -> str | None:
    """A MIME part's header as decoded text. ``Message.get`` would hand back a Header
    object (no ``.lower()``) when the value holds raw 8-bit bytes."""
    raw = next((str(v) for n, v in part.raw_items() if str(n).lower() == name), None)
    return None if raw is None else clean_header(_decode_raw(raw))


def _filename(part: Message) -> str | None:
    """The attachment's file name, with raw 8-bit bytes decoded (not "M\ufffdller.pdf")."""
    try:
        name = part.get_filename()
    except Exception:  # noqa: BLE001 - hostile parameters
        name = None
    if name is None or not ("\ufffd" in name or _SURROGATE.search(name)):
        return name
    fixed = Message()
    for header in ("content-disposition", "content-type"):
        value = _part_header(part, header)
        if value is not None:
            fixed[header] = value
    try:
        return fixed.get_filename() or name
    except Exception:  # noqa: BLE001
        return name


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
        disposition = (_part_header(part, "content-disposition") or "").lower()
        filename = _filename(part)
        if filename or disposition.startswith("attachment"):
            attachments.append(clean_header(decode_words(str(filename or ctype)))[:200])
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


def _recipients(headers: dict[str, tuple[str, ...]]) -> list[str]:
    to: list[str] = []  # every address in To, Cc, Delivered-To and X-Original-To, in order
    for name in ("to", "cc", "delivered-to", "x-original-to"):
        for value in headers.get(name, ()):
            for piece in value.split(","):
                box = parse_mailbox(piece.strip())
                if box:
                    to.append(box[1])
    return to


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
        to=tuple(dict.fromkeys(_recipients(headers))),
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
