"""The database tables. Times are stored as UTC and always come back timezone-aware."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Column, DateTime, Index, LargeBinary, Text, TypeDecorator, UniqueConstraint
from sqlmodel import Field, SQLModel


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on SQLite and PostgreSQL alike."""

    impl = DateTime(timezone=False)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def _when(**kw: Any) -> Any:
    return Field(sa_column=Column(UTCDateTime(), **kw))


def utcnow() -> datetime:
    return datetime.now(UTC)


class InboxMail(SQLModel, table=True):
    """One received mail, stored raw with its arrival time before anything is acknowledged."""

    __tablename__ = "inbox"
    __table_args__ = (Index("ix_inbox_pending", "state", "arrived_at", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    source_key: str = Field(sa_column=Column(Text, unique=True, nullable=False))
    source: str  # imap | smtp | lmtp | inject
    mailbox: str | None = None
    uidvalidity: int | None = None
    uid: int | None = None
    arrived_at: datetime = _when(nullable=False)
    stored_at: datetime = _when(nullable=False)
    size: int = 0
    truncated: bool = False  # over the size limit: only the header block was kept
    raw: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    message_id: str | None = Field(default=None, index=True)
    sender: str | None = Field(default=None, index=True)
    subject: str | None = None
    state: str = "new"  # new | done
    outcome: str | None = None  # booked | answered | ignored | held
    reason: str | None = None
    understood: str | None = Field(default=None, sa_column=Column(Text))
    processed_at: datetime | None = _when(nullable=True)


class Registration(SQLModel, table=True):
    """A request for seats at one event by one contact address."""

    __tablename__ = "registration"
    __table_args__ = (Index("ix_registration_event_email", "event_id", "email"),)

    id: int | None = Field(default=None, primary_key=True)
    event_id: str = Field(index=True)
    email: str  # the contact address (normalised): identity for "already registered"
    contact_name: str | None = None
    name: str | None = None  # the first attendee's name
    organisation: str | None = None
    attendees: str = "[]"  # JSON list of {"name", "email"}
    seats: int = 1
    status: str = "confirmed"  # confirmed | waitlisted | cancelled | refused
    reason: str | None = None  # for refused: fully_booked | closed | not_open | too_many_seats
    language: str = "de"
    inbox_id: int | None = Field(default=None, foreign_key="inbox.id")
    arrived_at: datetime = _when(nullable=False)
    updated_at: datetime = _when(nullable=False)


class Place(SQLModel, table=True):
    """A registration's hold on one unit: the whole event ('') or one session of a series."""

    __tablename__ = "place"
    __table_args__ = (
        UniqueConstraint("registration_id", "unit"),
        Index("ix_place_unit", "event_id", "unit", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    registration_id: int = Field(foreign_key="registration.id")
    event_id: str
    unit: str = ""
    seats: int = 1
    status: str = "confirmed"  # confirmed | waitlisted | cancelled
    arrived_at: datetime = _when(nullable=False)
    seq: int = 0  # inbox id of the mail that asked: breaks ties in arrival order


class OutgoingMail(SQLModel, table=True):
    """A reply in the durable outbox: queued -> sent | retry -> ... | failed."""

    __tablename__ = "outgoing"
    __table_args__ = (Index("ix_outgoing_due", "state", "next_attempt_at"),
                      Index("ix_outgoing_recipient", "recipient", "created_at"))

    id: int | None = Field(default=None, primary_key=True)
    message_id: str = Field(sa_column=Column(Text, unique=True, nullable=False))
    inbox_id: int | None = Field(default=None, foreign_key="inbox.id")
    registration_id: int | None = Field(default=None, foreign_key="registration.id")
    kind: str
    recipient: str
    raw: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    state: str = "queued"  # queued | retry | sending | sent | failed
    claimed_by: str | None = None  # "host:pid:token" of the process sending it right now
    claimed_at: datetime | None = _when(nullable=True)
    attempts: int = 0
    next_attempt_at: datetime = _when(nullable=False)
    last_error: str | None = None
    created_at: datetime = _when(nullable=False)
    sent_at: datetime | None = _when(nullable=True)


class Cursor(SQLModel, table=True):
    """Highest IMAP UID stored per mailbox and UIDVALIDITY (for ``after: none``)."""

    __tablename__ = "cursor"

    key: str = Field(primary_key=True)
    uid: int = 0


class Undeliverable(SQLModel, table=True):
    """An address a hard bounce showed undeliverable: nothing is sent to it until a new
    mail arrives from it (then the row is deleted)."""

    __tablename__ = "undeliverable"

    address: str = Field(primary_key=True)  # normalised, as in outgoing.recipient
    since: datetime = _when(nullable=False)  # arrival of the bounce
    inbox_id: int | None = Field(default=None, foreign_key="inbox.id")  # the bounce
    message_id: str | None = None  # our mail that bounced
    status: str | None = None  # the enhanced status code, e.g. 5.1.1
    detail: str | None = None  # the server's words, one line, shortened
class TrustSecret(SQLModel, table=True):
    """The key of mailbot's Message-IDs when the config names none: random, made once."""

    __tablename__ = "trust_secret"

    name: str = Field(primary_key=True)  # "message-id"
    value: str  # hex
    created_at: datetime = _when(nullable=False)


class PendingAct(SQLModel, table=True):
    """A change (or cancellation) asked for a booking by a mail that did not prove it
    comes from the booking's address: it waits for a reply to our confirmation request."""

    __tablename__ = "pending_act"
    __table_args__ = (Index("ix_pending_act_ask", "inbox_id", "email"),)

    id: int | None = Field(default=None, primary_key=True)
    inbox_id: int = Field(foreign_key="inbox.id")  # the mail that asked
    registration_id: int | None = Field(default=None, foreign_key="registration.id")
    event_id: str
    email: str  # the registered address (normalised): only a reply from it confirms
    intent: str  # cancel | register (more seats or sessions)
    request: str = Field(sa_column=Column(Text, nullable=False))  # what was asked (JSON)
    asked_at: datetime = _when(nullable=False)  # arrival of the mail that asked
    expires_at: datetime = _when(nullable=False)
    state: str = "pending"  # pending | done | declined
    done_inbox_id: int | None = Field(default=None, foreign_key="inbox.id")
