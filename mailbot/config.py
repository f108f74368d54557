"""YAML configuration -> validated, frozen settings.

Every problem is reported as ``FILE:LINE: field: what is wrong`` so an admin can go
straight to the line. All problems are collected, not just the first one.
Nothing here reads the environment except for ``password_env`` look-ups, and only
when :func:`load_config` is called.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from mailbot.addresses import parse_address

DEFAULT_CONFIG = Path("config/mailbot.yaml")
CONFIG_ENV = "MAILBOT_CONFIG"

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
    # From this many waiting mails on, a second process sends the replies over SMTP while
    # the rest is still being processed (a burst after an invitation). 0: never.
    parallel_from: int = Field(200, ge=0)

    @model_validator(mode="after")
    def _one(self) -> Outgoing:
        if (self.smtp is None) == (self.maildir is None):
            raise ValueError("give exactly one of 'smtp' or 'maildir'")
        return self


class Limits(_Strict):
    max_mail_bytes: int = Field(10 * 1024 * 1024, ge=1024)
    max_mime_parts: int = Field(200, ge=1)
    replies_per_sender_per_day: int = Field(10, ge=1)
    max_seats: int = Field(5, ge=1)


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

    _check = field_validator("organisers")(lambda cls, v: [_check_address(a) for a in v])


class Settings(_Strict):
    """The whole configuration, validated. Times are timezone-aware."""

    address: str
    timezone: str = "Europe/Berlin"
    language: Literal["de", "en"] = "de"
    database: NonEmpty = "sqlite:///var/mailbot.db"
    templates: str | None = None
    signature: str | None = None
    digest: str | None = None  # cron-like "HH:MM" daily digest to organisers; None = off
    intake: Intake
    outgoing: Outgoing
    limits: Limits = Field(default_factory=Limits)
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


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


class ConfigError(Exception):
    """Invalid configuration; ``problems`` lists each one."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


# --------------------------------------------------------------------------- YAML with lines

Path_ = tuple[str | int, ...]


def _walk(node: yaml.Node, path: Path_, lines: dict[Path_, int]) -> Any:
    """Build plain Python data from a composed YAML node, remembering each path's line."""
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = yaml.SafeLoader(key_node.value).construct_scalar(key_node) if isinstance(
                key_node, yaml.ScalarNode) else str(key_node.value)
            key = str(key)
            if key in out:
                lines[(*path, key, "__dup__")] = key_node.start_mark.line + 1
            lines[(*path, key)] = key_node.start_mark.line + 1
            out[key] = _walk(value_node, (*path, key), lines)
            lines[(*path, key)] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_walk(child, (*path, i), lines) for i, child in enumerate(node.value)]
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


def _line_for(path: Path_, lines: Mapping[Path_, int]) -> int:
    while path not in lines and path:
        path = path[:-1]
    return lines.get(path, 1)


def _field_name(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _event_label(data: Any, index: int) -> str:
    try:
        return f"events[{index}]({data['events'][index]['id']})"
    except (KeyError, TypeError, IndexError):
        return f"events[{index}]"


def _named(path: Path_, data: Any) -> str:
    """A field name an admin recognises: ``events[2](innovators-lounge).deadline``."""
    if len(path) >= 2 and path[0] == "events" and isinstance(path[1], int):
        label = _event_label(data, path[1])
        if len(path) == 2:
            return label
        tail = _field_name(path[2:])
        return label + (tail if tail.startswith("[") else "." + tail)
    return _field_name(path)


def _pydantic_path(loc: tuple[Any, ...]) -> Path_:
    # pydantic inserts union tags / function names into loc; keep only real keys.
    return tuple(p for p in loc if isinstance(p, int) or not str(p).startswith(("function-",)))


# --------------------------------------------------------------------------- semantic checks


def _semantic(settings: Settings, env: Mapping[str, str]) -> Iterator[tuple[Path_, str]]:
    seen: dict[str, int] = {}
    for i, ev in enumerate(settings.events):
        base: Path_ = ("events", i)
        if ev.id in seen:
            yield (*base, "id"), f"duplicate event id {ev.id!r} (also events[{seen[ev.id]}])"
        seen.setdefault(ev.id, i)
        if ev.ends is not None and ev.ends < ev.starts:
            yield (*base, "ends"), "ends before the event starts"
        if ev.deadline is not None and ev.deadline > ev.starts:
            yield (*base, "deadline"), "deadline is after the event starts"
        if ev.opens is not None and ev.deadline is not None and ev.opens >= ev.deadline:
            yield (*base, "opens"), "registration opens after the deadline"
        if ev.opens is not None and ev.opens > ev.starts:
            yield (*base, "opens"), "registration opens after the event starts"
        if ev.venue is None and ev.online_url is None:
            yield base, "give 'venue' or 'online_url'"
        session_ids: dict[str, int] = {}
        for j, sess in enumerate(ev.sessions):
            spath: Path_ = (*base, "sessions", j)
            if sess.id in session_ids:
                yield (*spath, "id"), f"duplicate session id {sess.id!r} in event {ev.id!r}"
            session_ids.setdefault(sess.id, j)
            if sess.ends is not None and sess.ends < sess.starts:
                yield (*spath, "ends"), "ends before the session starts"
            if ev.deadline is not None and ev.deadline > sess.starts:
                yield (*base, "deadline"), f"deadline is after session {sess.id!r} starts"
    for path, holder in _secrets(settings):
        var = holder.password_env
        if var is not None and not env.get(var):
            yield (*path, "password_env"), f"environment variable {var} is not set"


def _secrets(settings: Settings) -> Iterator[tuple[Path_, Any]]:
    if settings.intake.imap is not None:
        yield ("intake", "imap"), settings.intake.imap
    if settings.outgoing.smtp is not None:
        yield ("outgoing", "smtp"), settings.outgoing.smtp


# --------------------------------------------------------------------------- entry points


def config_path(arg: str | os.PathLike[str] | None, env: Mapping[str, str]) -> Path:
    if arg:
        return Path(arg)
    return Path(env.get(CONFIG_ENV) or DEFAULT_CONFIG)


def load_config(path: str | os.PathLike[str], env: Mapping[str, str] | None = None) -> Settings:
    """Read and validate ``path``; raise :class:`ConfigError` listing every problem."""
    env = os.environ if env is None else env
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError([Problem(name, 1, "(file)", f"cannot read: {exc}")]) from exc
    return parse_config(text, name, env)


def parse_config(text: str, name: str, env: Mapping[str, str]) -> Settings:
    lines: dict[Path_, int] = {}
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError([Problem(name, line, "(syntax)", f"invalid YAML: {problem}")]) from exc
    if node is None:
        raise ConfigError([Problem(name, 1, "(top level)", "the file is empty")])
    try:
        data = _walk(node, (), lines)
    except yaml.YAMLError as exc:
        raise ConfigError([Problem(name, 1, "(syntax)", f"invalid YAML: {exc}")]) from exc
    if not isinstance(data, dict):
        raise ConfigError([Problem(name, 1, "(top level)", "must be a mapping of keys")])

    problems: list[Problem] = [
        Problem(name, line, _named(path[:-1], data), "key given twice")
        for path, line in lines.items() if path and path[-1] == "__dup__"
    ]
    try:
        settings = Settings.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            path = _pydantic_path(tuple(err["loc"]))
            msg = err["msg"].removeprefix("Value error, ")
            if err["type"] == "extra_forbidden":
                msg = "unknown key"
            elif err["type"] == "missing":
                msg = "required key is missing"
            problems.append(Problem(name, _line_for(path, lines), _named(path, data), msg))
        raise ConfigError(sorted(problems, key=lambda p: p.line)) from None

    settings = _localise(settings)
    problems += [
        Problem(name, _line_for(path, lines), _named(path, data), msg)
        for path, msg in _semantic(settings, env)
    ]
    if problems:
        raise ConfigError(sorted(problems, key=lambda p: p.line))
    return settings


def _aware(value: datetime | None, tz: tzinfo) -> datetime | None:
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=tz)


def _localise(settings: Settings) -> Settings:
    """Times without an offset are local to ``settings.timezone``."""
    tz = settings.tz
    events = []
    for ev in settings.events:
        sessions = [
            s.model_copy(update={"starts": _aware(s.starts, tz), "ends": _aware(s.ends, tz)})
            for s in ev.sessions
        ]
        events.append(ev.model_copy(update={
            "starts": _aware(ev.starts, tz), "ends": _aware(ev.ends, tz),
            "opens": _aware(ev.opens, tz), "deadline": _aware(ev.deadline, tz),
            "sessions": sessions,
        }))
    return settings.model_copy(update={"events": events})


def secret(holder: ImapIntake | SmtpOutgoing, env: Mapping[str, str]) -> str | None:
    """The password of an IMAP or SMTP account, from the file or the environment."""
    if holder.password_env:
        return env.get(holder.password_env)
    return holder.password
