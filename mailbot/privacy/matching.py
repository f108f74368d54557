"""Which stored rows concern one person: what `mailbot forget` erases and `mailbot
export-person` shows (the same selection, so an export shows exactly what would go).

A person is an address and the full names the database knows for it (the contact name
of its registrations, attendees booked under that address, the display name of the mails
it sent). A row concerns the person when

- a registration: its contact address is the person's (*own*: anonymised), or it names
  the person as an attendee, by address or full name (*mentioned*: that attendee's name
  and address are removed, the seats stay);
- a received mail: it came from or was answered to the address, it created one of the
  person's registrations, or the address or one of the full names appears anywhere in it
  (raw bytes, decoded headers and text parts, attached mails, what was understood, the
  recorded reason): for example an assistant's mail registering the mayor by name;
- a reply: it went to the address, it answers or forwards a mail of the selection, it is
  about one of the person's registrations, or it contains the address or a name.

Names are matched only when they have at least two words (a first name alone would
match strangers), case- and whitespace-insensitively.
"""

from __future__ import annotations

import email
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from email import policy
from email.header import decode_header, make_header
from email.message import Message
from functools import lru_cache

from sqlmodel import Session, col, select

from mailbot.addresses import normalise, parse_mailbox
from mailbot.store.tables import InboxMail, OutgoingMail, Registration

ERASED = "(erased)"  # the contact address of an anonymised registration or reply
ERASED_REASON = "erased (data protection)"  # the recorded reason of an erased mail
CHUNK = 200  # rows read at a time when scanning mails: flat memory
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Person:
    email: str  # normalised
    names: frozenset[str] = frozenset()  # folded full names

    def needles(self) -> tuple[str, ...]:
        return (self.email, *sorted(self.names))

    @property
    def pattern(self) -> re.Pattern[str]:
        return _pattern(self)


@dataclass
class Selection:
    own: list[int] = field(default_factory=list)  # registrations of the address
    mentioned: list[int] = field(default_factory=list)  # others naming the person
    inbox: list[int] = field(default_factory=list)
    outgoing: list[int] = field(default_factory=list)
    message_ids: list[str] = field(default_factory=list)  # of the selected mails (IMAP)

    @property
    def empty(self) -> bool:
        return not (self.own or self.mentioned or self.inbox or self.outgoing)


def fold(text: str) -> str:
    """Case- and whitespace-insensitive form of a text (for matching)."""
    return _SPACE.sub(" ", text).casefold()


def full_name(name: str | None) -> str | None:
    folded = fold(name or "").strip(" \"'")
    return folded if len(folded.split()) >= 2 and len(folded) >= 5 else None


def display_name(header: str | None) -> str | None:
    """The decoded display name of a From header as stored in ``inbox.sender``."""
    parsed = parse_mailbox(header)
    if parsed is None or not parsed[0]:
        return None
    try:
        return str(make_header(decode_header(parsed[0]))).strip('"')
    except Exception:  # noqa: BLE001 - an odd encoded word: keep it as written
        return parsed[0].strip('"')


def text_of(raw: bytes) -> str:
    """Everything readable in a stored mail, folded: the raw bytes as they are and, when
    the mail encodes anything (RFC 2047 words, base64, quoted-printable, other charsets),
    every decoded header and text part, also of attached mails."""
    parts = [raw.decode("utf-8", "replace")]
    if _ENCODED.search(raw):
        parts.append(raw.decode("latin-1"))
        try:
            msg = email.message_from_bytes(raw, policy=policy.compat32)
            for part in msg.walk():
                parts.extend(_decoded(v) for v in part.values() if "=?" in v)
                if part.get_content_maintype() == "text":
                    payload = part.get_payload(decode=True)
                    if isinstance(payload, bytes) and len(payload) < 5_000_000:
                        parts.append(payload.decode(_charset(part), "replace"))
        except Exception:  # noqa: BLE001, S110 - hostile MIME: the raw bytes are still searched
            pass
    return fold("\n".join(parts))


_ENCODED = re.compile(rb"=\?|content-transfer-encoding:\s*(?:base64|quoted-printable)"
                      rb"|charset=", re.IGNORECASE)


def _decoded(value: str) -> str:
    try:
        return str(make_header(decode_header(value)))
    except Exception:  # noqa: BLE001 - an odd encoded word: as written
        return value


def _charset(part: Message) -> str:
    charset = part.get_content_charset() or "utf-8"
    try:
        "".encode(charset)
    except LookupError:
        return "latin-1"
    return charset


@lru_cache(maxsize=16)
def _pattern(person: Person) -> re.Pattern[str]:
    """The address and the names as whole words: ``p17@x`` is not inside ``p117@x``, and
    "anna schmidt" not inside "johanna schmidtke"."""
    address = r"(?<![\w.!#$%&'*+/=?^`{|}~-])" + re.escape(person.email) + r"(?![\w-])"
    names = [r"(?<!\w)" + re.escape(n) + r"(?!\w)" for n in sorted(person.names)]
    return re.compile("|".join([address, *names]))


def contains(blob: str, person: Person) -> bool:
    return person.pattern.search(blob) is not None


def person(session: Session, address: str) -> Person:
    """The address with the full names the database holds for it."""
    addr = normalise(address)
    names: set[str | None] = set()
    for reg in session.exec(select(Registration).where(Registration.email == addr)):
        names.add(full_name(reg.contact_name))
        names.update(full_name(p.get("name")) for p in json.loads(reg.attendees)
                     if normalise(p.get("email") or "") == addr)
    for sender in session.exec(select(InboxMail.sender).where(
            col(InboxMail.sender).is_not(None))):
        parsed = parse_mailbox(sender)
        if parsed is not None and normalise(parsed[1]) == addr:
            names.add(full_name(display_name(sender)))
    for reg in session.exec(select(Registration).where(
            col(Registration.attendees).contains(addr, autoescape=True))):
        names.update(full_name(p.get("name")) for p in json.loads(reg.attendees)
                     if normalise(p.get("email") or "") == addr)
    return Person(addr, frozenset(n for n in names if n))


def names_person(reg: Registration, who: Person) -> bool:
    """Whether ``reg`` (of another contact) names ``who`` as an attendee or contact."""
    if any(full_name(n) in who.names for n in (reg.contact_name, reg.name) if n):
        return True
    return any(normalise(p.get("email") or "") == who.email
               or full_name(p.get("name")) in who.names for p in json.loads(reg.attendees))


def _inbox_rows(session: Session) -> Iterator[tuple[int, str | None, str]]:
    """(id, Message-ID, everything readable) of every stored mail, a chunk at a time."""
    last = 0
    while True:
        rows = session.exec(select(InboxMail).where(col(InboxMail.id) > last)
                            .order_by(col(InboxMail.id)).limit(CHUNK)).all()
        if not rows:
            return
        for row in rows:
            assert row.id is not None
            last = row.id
            extra = " ".join(x or "" for x in (row.sender, row.subject, row.understood,
                                               row.reason))
            yield row.id, row.message_id, text_of(row.raw) + " " + fold(extra)
        session.expunge_all()


def _outgoing_rows(session: Session) -> Iterator[OutgoingMail]:
    last = 0
    while True:
        rows = session.exec(select(OutgoingMail).where(col(OutgoingMail.id) > last)
                            .order_by(col(OutgoingMail.id)).limit(CHUNK)).all()
        if not rows:
            return
        yield from rows
        last = rows[-1].id or last
        session.expunge_all()


def select_person(session: Session, who: Person) -> Selection:
    """Every row that concerns ``who`` (see the module docstring)."""
    sel = Selection()
    created: set[int] = set()
    for reg in session.exec(select(Registration).order_by(col(Registration.id))).all():
        if reg.email == who.email:
            sel.own.append(reg.id or 0)
            if reg.inbox_id is not None:
                created.add(reg.inbox_id)
        elif reg.email != ERASED and names_person(reg, who):
            sel.mentioned.append(reg.id or 0)
    for inbox_id, message_id, blob in _inbox_rows(session):
        if inbox_id in created or contains(blob, who):
            sel.inbox.append(inbox_id)
            if message_id:
                sel.message_ids.append(message_id)
    mails, own = set(sel.inbox), set(sel.own)
    for out in _outgoing_rows(session):
        if out.recipient == who.email or out.inbox_id in mails or out.registration_id in own \
                or contains(text_of(out.raw) + fold(out.last_error or ""), who):
            sel.outgoing.append(out.id or 0)
    return sel


def select_event(session: Session, event_id: str) -> Selection:
    """Everything of one event not erased yet: its registrations, the mails that created
    them or were understood as about it, and the replies to and about them."""
    sel = Selection()
    regs = session.exec(select(Registration).where(
        Registration.event_id == event_id)).all()
    sel.own = [r.id or 0 for r in regs if r.email != ERASED]
    created = {r.inbox_id for r in regs if r.inbox_id is not None}
    about = f'"event_id": {json.dumps(event_id)}'
    for row in session.exec(select(InboxMail.id, InboxMail.message_id).where(
            col(InboxMail.id).in_(created)
            | col(InboxMail.understood).contains(about, autoescape=True),
            col(InboxMail.reason).is_(None) | (col(InboxMail.reason) != ERASED_REASON))):
        sel.inbox.append(row[0] or 0)
        if row[1]:
            sel.message_ids.append(row[1])
    all_regs = [r.id for r in regs]
    sel.outgoing = [i or 0 for i in session.exec(select(OutgoingMail.id).where(
        col(OutgoingMail.recipient) != ERASED,
        col(OutgoingMail.registration_id).in_(all_regs)
        | col(OutgoingMail.inbox_id).in_(sel.inbox or [-1])))]
    return sel


def chunks(ids: Iterable[int], size: int = 500) -> Iterator[list[int]]:
    batch: list[int] = []
    for i in ids:
        batch.append(i)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
