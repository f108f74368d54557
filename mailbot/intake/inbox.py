"""Store raw mail with its arrival time: the one durable step before any acknowledgement.

Storing the same mail twice is a no-op: each mail has a source key (the IMAP mailbox,
UIDVALIDITY and UID; or the SHA-256 of the bytes our listener accepted).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, select

from mailbot.store.states import InboxState
from mailbot.store.tables import InboxMail, utcnow
from mailbot.understand.mime import clean_header

_HEADER_END = (b"\r\n\r\n", b"\n\n")
_TABLE = InboxMail.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Arrival:
    """One mail as it arrived: bytes, time at the mail server, and where it came from."""

    raw: bytes
    arrived_at: datetime
    source: str  # imap | smtp | lmtp | inject
    mailbox: str | None = None
    uidvalidity: int | None = None
    uid: int | None = None
    size: int | None = None  # the full size, when ``raw`` was cut to the header block

    @property
    def key(self) -> str:
        if self.uid is not None:
            return f"imap:{self.mailbox}:{self.uidvalidity}:{self.uid}"
        return f"{self.source}:sha256:{hashlib.sha256(self.raw).hexdigest()}"


def header_block(raw: bytes) -> bytes:
    ends = [raw.find(sep) for sep in _HEADER_END if raw.find(sep) >= 0]
    return raw[: min(ends)] + b"\r\n\r\n" if ends else raw[:65536]


def _peek(raw: bytes) -> tuple[str | None, str | None, str | None]:
    """Message-ID, From and Subject for listings; cheap, tolerant, never raises."""
    from email.parser import BytesHeaderParser
    from email.policy import compat32

    try:
        head = BytesHeaderParser(policy=compat32).parsebytes(header_block(raw)[:65536])
        get = lambda name: clean_header(str(head.get(name, "")))[:300] or None  # noqa: E731
        return get("Message-ID"), get("From"), get("Subject")
    except Exception:  # noqa: BLE001 - listings must not fail on odd headers
        return None, None, None


def store(session: Session, arrival: Arrival, max_bytes: int,
          renumbered: bool = False) -> int | None:
    """Add ``arrival`` to the inbox; return its id, or None if it was stored before.

    A mail over ``max_bytes`` keeps only its header block and is marked truncated: it is
    held for a human rather than dropped. ``renumbered``: the IMAP folder has had another
    UIDVALIDITY before, so a mail may be stored already under its old UID.
    """
    key = arrival.key
    raw = arrival.raw
    size = arrival.size if arrival.size is not None else len(raw)
    truncated = size > max_bytes or len(raw) > max_bytes
    if truncated:
        raw = header_block(raw)[:max_bytes]
    message_id, sender, subject = _peek(raw)
    if renumbered and message_id and session.exec(
            select(InboxMail.id).where(InboxMail.message_id == message_id,
                                       InboxMail.mailbox == arrival.mailbox,
                                       InboxMail.arrived_at == arrival.arrived_at)).first():
        # The same mail under new UIDs: the server renumbered the folder (UIDVALIDITY
        # changed). Same Message-ID and same arrival time: stored already.
        return None
    values = dict(
        source_key=key, source=arrival.source, mailbox=arrival.mailbox,
        uidvalidity=arrival.uidvalidity, uid=arrival.uid, arrived_at=arrival.arrived_at,
        stored_at=utcnow(), size=size, truncated=truncated, raw=raw,
        message_id=message_id, sender=sender, subject=subject, state=InboxState.NEW.value,
    )
    # One plain INSERT that skips a mail stored before (same source key), on SQLite and
    # PostgreSQL alike: no ORM object, no savepoint.
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = (insert(_TABLE).values(**values)
                 .on_conflict_do_nothing(index_elements=["source_key"])
                 .returning(_TABLE.c.id))
    return session.connection().execute(statement).scalar()
