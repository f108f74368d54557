"""YAML configuration -> validated, frozen settings (models.py).

Every problem is reported as ``FILE:LINE: field: what is wrong`` so an admin can go
straight to the line. All problems are collected, not just the first one.
Nothing here reads the environment except for ``password_env`` look-ups, and only
when :func:`load_config` is called.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from mailbot.config.models import Settings

DEFAULT_CONFIG = Path("config/mailbot.yaml")
CONFIG_ENV = "MAILBOT_CONFIG"


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
