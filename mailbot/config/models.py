"""The settings as validated, frozen pydantic models (what each key may hold).

Unknown keys are errors (``extra="forbid"``); loading.py turns every error into
``FILE:LINE: field: what is wrong``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, tzinfo
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from mailbot.addresses import parse_address

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")]
NonEmpty = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_address(value: str) -> str:
    parsed = parse_address(value)
    if parsed is None:
        raise ValueError(f"not a valid e-mail address: {value!r}")
    return parsed


class ImapIntake(_Strict):
    host: NonEmpty
    port: int = Field(993, ge=1, le=65535)
    ssl: bool = True
    starttls: bool = False
    username: NonEmpty
    password: str | None = None
    password_env: str | None = None
    folder: NonEmpty = "INBOX"
    after: str = "flag"  # none | flag | move:FOLDER
    idle: bool = True
    poll_interval: float = Field(60.0, gt=0)
    idle_renew: float = Field(600.0, gt=0, le=1500)  # RFC 2177: renew well under 29 min
    timeout: float = Field(60.0, gt=0)
    settle: float = Field(1.5, ge=0, le=60)  # seconds to collect mail after IDLE wakes

    @field_validator("after")
    @classmethod
    def _after(cls, value: str) -> str:
        if value in ("none", "flag") or re.fullmatch(r"move:\S.*", value):
            return value
        raise ValueError("must be 'none', 'flag' or 'move:FOLDER'")

    @model_validator(mode="after")
    def _secret(self) -> ImapIntake:
        if self.password is None and self.password_env is None:
            raise ValueError("needs 'password' or 'password_env'")
        if self.password is not None and self.password_env is not None:
            raise ValueError("give either 'password' or 'password_env', not both")
        return self


class SmtpIntake(_Strict):
    host: NonEmpty = "127.0.0.1"
    port: int = Field(2525, ge=1, le=65535)
    lmtp: bool = False
    recipients: list[str] = Field(default_factory=list)  # accepted RCPT TO; empty = the bot's own
    # The listener under abuse (issue 10): beyond these, 421 / 452 / 451 4.7.1.
    max_connections: int = Field(100, ge=1)  # at once; the next one is answered 421
    idle_timeout: float = Field(60.0, gt=0)  # seconds without a byte from the client
    session_timeout: float = Field(600.0, gt=0)  # seconds for a whole connection
    max_bytes_in_flight: int = Field(64 * 1024 * 1024, ge=1024)  # all mails being received
    rate_window: float = Field(60.0, gt=0)  # seconds over which the two limits below count
    max_mails_per_sender: int = Field(60, ge=0)  # per envelope sender; 0 = no limit
    max_mails_per_client: int = Field(600, ge=0)  # per client IP address; 0 = no limit

    _check = field_validator("recipients")(lambda cls, v: [_check_address(a) for a in v])


class Intake(_Strict):
    imap: ImapIntake | None = None
    smtp: SmtpIntake | None = None

    @model_validator(mode="after")
    def _one(self) -> Intake:
        if (self.imap is None) == (self.smtp is None):
            raise ValueError("give exactly one of 'imap' or 'smtp'")
        return self


class SmtpOutgoing(_Strict):
    host: NonEmpty
    port: int = Field(587, ge=1, le=65535)
    starttls: bool = False
    ssl: bool = False
    username: str | None = None
    password: str | None = None
    password_env: str | None = None
    timeout: float = Field(30.0, gt=0)

    @model_validator(mode="after")
    def _tls(self) -> SmtpOutgoing:
        if self.starttls and self.ssl:
            raise ValueError("give either 'starttls' or 'ssl', not both")
        if self.password is not None and self.password_env is not None:
            raise ValueError("give either 'password' or 'password_env', not both")
        return self


class Outgoing(_Strict):
    smtp: SmtpOutgoing | None = None
    maildir: str | None = None
    max_attempts: int = Field(12, ge=1)
    retry_base: float = Field(30.0, gt=0)  # seconds; doubles per attempt, capped at retry_max
    retry_max: float = Field(3600.0, gt=0)

    @model_validator(mode="after")
    def _one(self) -> Outgoing:
        if (self.smtp is None) == (self.maildir is None):
            raise ValueError("give exactly one of 'smtp' or 'maildir'")
        return self


class Limits(_Strict):
    max_mail_bytes: int = Field(10 * 1024 * 1024, ge=1024)
    replies_per_sender_per_day: int = Field(10, ge=1)
    max_seats: int = Field(5, ge=1)


class Retention(_Strict):
    """How long personal data is kept (DSGVO Art. 5(1)(e)): ``days_after_event`` days after
    an event's end (its last session), everyone's data of that event is erased (see
    mailbot/privacy); ``None`` keeps it until `mailbot forget`."""

    days_after_event: int | None = Field(None, ge=0)
class Trust(_Strict):
    """What proves that a mail comes from a booking's address (issue 10)."""

    # The key of mailbot's Message-IDs; without one, a random key kept in the database.
    secret: str | None = Field(None, min_length=16)
    secret_file: str | None = None  # a file holding the key (relative: to the working dir)
    # authserv-ids of your own MTA whose Authentication-Results headers are believed
    authserv_id: list[NonEmpty] = Field(default_factory=list)

    @field_validator("authserv_id", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value

    @model_validator(mode="after")
    def _one_secret(self) -> Trust:
        if self.secret and self.secret_file:
            raise ValueError("give either secret or secret_file, not both")
        return self


class SessionSpec(_Strict):
    id: Slug
    title: NonEmpty
    keywords: list[NonEmpty] = Field(default_factory=list)
    starts: datetime
    ends: datetime | None = None
    capacity: int | None = Field(None, ge=0)
    waitlist: int | None = Field(None, ge=0)


class EventSpec(_Strict):
    id: Slug
    title: NonEmpty
    keywords: list[NonEmpty] = Field(default_factory=list)
    starts: datetime
    ends: datetime | None = None
    venue: str | None = None
    online_url: str | None = None
    capacity: int = Field(ge=0)
    waitlist: int = Field(0, ge=0)
    opens: datetime | None = None
    deadline: datetime | None = None
    organisers: list[str] = Field(default_factory=list)
    max_seats: int | None = Field(None, ge=1)
    sessions: list[SessionSpec] = Field(default_factory=list)
    retention: Retention | None = None  # None: the configuration's default

    _check = field_validator("organisers")(lambda cls, v: [_check_address(a) for a in v])


class Settings(_Strict):
    """The whole configuration, validated. Times are timezone-aware."""

    address: str
    timezone: str = "Europe/Berlin"
    language: Literal["de", "en"] = "de"
    database: NonEmpty = "sqlite:///var/mailbot.db"
    templates: str | None = None
    signature: str | None = None
    intake: Intake
    outgoing: Outgoing
    limits: Limits = Field(default_factory=Limits)
    retention: Retention = Field(default_factory=Retention)
    trust: Trust = Field(default_factory=Trust)
    events: list[EventSpec] = Field(default_factory=list)

    _addr = field_validator("address")(lambda cls, v: _check_address(v))

    @field_validator("timezone")
    @classmethod
    def _tz(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @property
    def tz(self) -> tzinfo:
        return ZoneInfo(self.timezone)

    @property
    def domain(self) -> str:
        return self.address.rpartition("@")[2]

    def event(self, event_id: str) -> EventSpec | None:
        return next((e for e in self.events if e.id == event_id), None)


def secret(holder: ImapIntake | SmtpOutgoing, env: Mapping[str, str]) -> str | None:
    """The password of an IMAP or SMTP account, from the file or the environment."""
    if holder.password_env:
        return env.get(holder.password_env)
    return holder.password
