"""Read a bounce: which recipients failed for good, and which mail it is about. Pure.

Two forms. An RFC 3464 delivery status notification (``multipart/report``, a
``message/delivery-status`` part): one record per recipient with ``Final-Recipient``,
``Action`` and ``Status``; a recipient failed for good when ``Action: failed`` (or, with
no action given, a 5.x.x status); ``Action: delayed`` and 4.x.x are only delays. And the
text bounces of servers that send no report (qmail, Exim, Postfix without DSN, Exchange
and Outlook NDRs, German "Unzustellbar"): recognised by sender and subject, the failed
addresses taken from the server's own words (before the returned original), hard or soft
by their phrases and codes (``understand/lexicon/bounces.py``).

Which mail a bounce is about: the Message-IDs of the returned original (an attached
``message/rfc822`` or ``text/rfc822-headers`` part, or headers quoted in the text) and the
bounce's own ``In-Reply-To``/``References``. Whether one of them is ours, the store says
(``mailbot.undeliverable``). Everything here is hostile input: nothing raises.
"""

from __future__ import annotations

import email
import email.errors
import email.header
import re
from dataclasses import dataclass
from email import policy
from email.message import Message

from mailbot.addresses import is_addr_spec, normalise
from mailbot.understand.lexicon import bounces as lx
from mailbot.understand.mime import Mail, clean_header

MAX_IDS = 20  # Message-IDs of a bounce looked up in the outbox, at most
MAX_REPORT = 20_000  # characters of a text bounce's own words read
_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9-]{1,63}"
                      r"(?:\.[A-Za-z0-9-]{1,63})+")
_MSGID = re.compile(r"<[^<>\s]{3,250}>")
_FIELD = re.compile(r"^([A-Za-z][A-Za-z0-9-]{0,40})[ \t]*:[ \t]*(.*)$")
_RECIPIENT_FIELDS = ("original-recipient", "final-recipient")
_STATUS = re.compile(r"\b([245])\.(\d{1,3})\.(\d{1,3})\b")


@dataclass(frozen=True)
class Failure:
    """One recipient a bounce reports on."""

    recipient: str  # the address that failed (Final-Recipient), normalised
    original: str | None  # Original-Recipient, when the report names it
    hard: bool  # failed for good (not a delay)
    status: str | None  # "5.1.1"
    detail: str  # the server's words (Diagnostic-Code, or the line), one line, short

    @property
    def addresses(self) -> tuple[str, ...]:
        return (self.recipient,) + ((self.original,) if self.original else ())


@dataclass(frozen=True)
class Bounce:
    form: str  # "dsn" (RFC 3464) | "text"
    failures: tuple[Failure, ...]
    message_ids: tuple[str, ...]  # of the mail it is about, as found in the bounce

    @property
    def hard(self) -> tuple[Failure, ...]:
        return tuple(f for f in self.failures if f.hard)


def read(raw: bytes) -> Bounce | None:
    """The bounce in ``raw``, or None when it is no bounce."""
    try:
        msg = email.message_from_bytes(raw, policy=policy.compat32)
        return _read(msg)
    except (RecursionError, LookupError, ValueError, TypeError, AttributeError,
            IndexError, UnicodeError, AssertionError):
        return None


def looks_like_bounce(mail: Mail) -> bool:
    """Cheap: may this mail be a bounce at all (before :func:`read` parses it again)?"""
    if mail.content_type == "multipart/report" or "delivery-status" in mail.content_type:
        return True
    sender = (mail.from_addr or "").rpartition("@")[0]
    return bool(lx.DAEMON_LOCAL.match(sender) or lx.BOUNCE_SUBJECT.search(mail.subject)
                or (mail.header("Return-Path") or "").strip() in ("<>", "")
                and mail.header("Return-Path") is not None)


def _read(msg: Message) -> Bounce | None:
    ids = _message_ids(msg)
    reports = [p for p in _walk(msg) if p.get_content_type() == "message/delivery-status"]
    if reports:
        failures = [f for p in reports for f in _dsn_failures(p)]
        if failures:
            return Bounce("dsn", tuple(failures), ids)
    if not _text_bounce(msg):
        return None
    failures = _text_failures(msg)
    return Bounce("text", tuple(failures), ids) if failures else None


def _walk(msg: Message, depth: int = 0) -> list[Message]:
    """The parts of the bounce itself, not those inside a returned original."""
    parts = [msg]
    if depth < 8 and msg.is_multipart() and msg.get_content_type() != "message/rfc822":
        payload = msg.get_payload()
        if isinstance(payload, list) and msg.get_content_type() != "message/delivery-status":
            for part in payload[:50]:
                if isinstance(part, Message):
                    parts += _walk(part, depth + 1)
    return parts


# ------------------------------------------------------------------ RFC 3464 reports

def _blocks(part: Message) -> list[list[tuple[str, str]]]:
    """The field blocks of a delivery-status part (the first is about the whole message,
    each further one about a recipient). A block ``email`` could not parse keeps the rest
    of the text as its body: that is split into blocks at its blank lines."""
    payload = part.get_payload()
    blocks: list[list[tuple[str, str]]] = []
    for block in payload if isinstance(payload, list) else []:
        if not isinstance(block, Message):
            continue
        blocks.append([(k.lower(), clean_header(str(v))) for k, v in block.items()])
        rest = block.get_payload()
        if isinstance(rest, str):
            blocks += [_field_lines(text) for text in re.split(r"\n[ \t]*\n", rest)]
    if isinstance(payload, str):
        blocks += [_field_lines(text) for text in re.split(r"\n[ \t]*\n", payload)]
    return blocks


def _field_lines(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for line in text[:MAX_REPORT].splitlines():
        if line[:1] in (" ", "\t") and out:
            out[-1] = (out[-1][0], out[-1][1] + " " + line.strip())
        elif m := _FIELD.match(line):
            out.append((m.group(1).lower(), m.group(2).strip()))
    return out


def _dsn_failures(part: Message) -> list[Failure]:
    """One record per recipient block, its fields in any order; a block that names a
    recipient a second time (no blank line between two records) starts a new one."""
    records: list[dict[str, str]] = []
    for block in _blocks(part):
        if not any(name in _RECIPIENT_FIELDS for name, _ in block):
            continue
        records.append({})
        for name, value in block:
            if name in _RECIPIENT_FIELDS and name in records[-1]:
                records.append({})
            records[-1].setdefault(name, value)
    return [f for f in map(_record, records) if f is not None]


def _record(rec: dict[str, str]) -> Failure | None:
    recipient = _address(rec.get("final-recipient", "")) or _address(
        rec.get("original-recipient", ""))
    if recipient is None:
        return None
    original = _address(rec.get("original-recipient") or "")
    action = rec.get("action", "").split(";")[0].strip().lower()
    status = _status(rec.get("status", ""))
    if action:
        hard = action == "failed"
    else:
        hard = bool(status and status.startswith("5"))
    detail = rec.get("diagnostic-code") or rec.get("x-postfix-diagnostic-code") or ""
    detail = re.sub(r"^\s*[a-z-]+\s*;\s*", "", detail, flags=re.I)
    return Failure(recipient, original if original != recipient else None, hard, status,
                   clean_header(detail)[:300])


def _address(value: str) -> str | None:
    """The address of a ``Final-Recipient: rfc822; <a@b>`` value."""
    value = value.split(";", 1)[1] if ";" in value else value
    value = value.strip().strip("<>").strip().strip('"')
    if value.lower().startswith("smtp:"):  # Exchange writes "rfc822;smtp:a@b"
        value = value[5:]
    return normalise(value) if is_addr_spec(value) else None


def _status(value: str) -> str | None:
    m = _STATUS.search(value)
    return m.group(0) if m else None


# ------------------------------------------------------------------ text bounces

def _text_bounce(msg: Message) -> bool:
    sender = _header(msg, "From")
    local = ""
    if m := _ADDRESS.search(sender):
        local = m.group(0).rpartition("@")[0]
    elif "mailer-daemon" in sender.lower():
        local = "mailer-daemon"
    by_sender = bool(lx.DAEMON_LOCAL.match(local)) or sender.strip() in ("", "<>")
    by_subject = bool(lx.BOUNCE_SUBJECT.search(_header(msg, "Subject")))
    null_sender = _header(msg, "Return-Path") == "<>" or msg.get(
        "X-MS-Exchange-Message-Is-Ndr") is not None
    return by_subject and (by_sender or null_sender)


def _header(msg: Message, name: str) -> str:
    try:
        value = msg.get(name)
        if value is None:
            return ""
        return clean_header(str(email.header.make_header(email.header.decode_header(
            str(value)))))
    except (LookupError, ValueError, UnicodeError, email.errors.HeaderParseError):
        return clean_header(str(msg.get(name, "")))


def report_text(msg: Message) -> str:
    """The server's own words: the text parts of the bounce up to the returned original."""
    texts: list[str] = []
    for part in _walk(msg):
        if part.get_content_type() in ("text/plain", "text/html") and not part.is_multipart():
            texts.append(_decoded(part))
            if part.get_content_type() == "text/plain":
                break
    text = "\n".join(texts)[:MAX_REPORT]
    if m := lx.ORIGINAL_STARTS.search(text):
        text = text[:m.start()]
    return text


def _decoded(part: Message) -> str:
    data = part.get_payload(decode=True)
    if not isinstance(data, bytes):
        return ""
    charset = part.get_content_charset() or "utf-8"
    try:
        text = data.decode(charset, "replace")
    except LookupError:
        text = data.decode("utf-8", "replace")
    if part.get_content_type() == "text/html":
        text = re.sub(r"<[^>]{0,2000}>", " ", re.sub(r"(?i)<br\s*/?>|</p>|</tr>", "\n", text))
        text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&nbsp;", " ")
    return text


def _text_failures(msg: Message) -> list[Failure]:
    text = report_text(msg)
    soft = bool(lx.SOFT.search(text) or lx.SOFT.search(_header(msg, "Subject"))
                or lx.SOFT_STATUS.search(text)) and not lx.HARD_STATUS.search(text)
    hard = not soft and bool(lx.HARD.search(text) or lx.HARD.search(_header(msg, "Subject")))
    sender = _ADDRESS.search(_header(msg, "From"))
    skip = {normalise(sender.group(0))} if sender else set()
    seen: dict[str, Failure] = {}
    for line in text.splitlines():
        for m in _ADDRESS.finditer(line):
            addr = normalise(m.group(0).strip("."))
            local = addr.rpartition("@")[0]
            if addr in skip or addr in seen or lx.DAEMON_LOCAL.match(local):
                continue
            if not is_addr_spec(addr):
                continue
            seen[addr] = Failure(addr, None, hard, _status(line) or _status(text),
                                 clean_header(line)[:300])
    return list(seen.values())[:10]


# ------------------------------------------------------------------ the mail it is about

def _message_ids(msg: Message) -> tuple[str, ...]:
    """Message-IDs of the returned original first, then those the bounce refers to."""
    found: list[str] = []
    for part in _walk(msg):
        ctype = part.get_content_type()
        if ctype == "message/rfc822":
            payload = part.get_payload()
            inner = payload[0] if isinstance(payload, list) and payload else None
            if isinstance(inner, Message):
                found += _MSGID.findall(str(inner.get("Message-ID", "")))
        elif ctype in ("text/rfc822-headers", "text/plain", "message/rfc822-headers"):
            found += lx.QUOTED_MESSAGE_ID.findall(_decoded(part)[:200_000])
    for name in ("In-Reply-To", "References"):
        found += _MSGID.findall(str(msg.get(name, "")))
    return tuple(dict.fromkeys(found))[:MAX_IDS]
