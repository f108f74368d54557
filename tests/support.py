"""Helpers shared by the tests: write a config file, build mails, run the `mailbot` command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
BOT = "smartcity@example.org"


def event(id: str, title: str, starts: datetime, **kw: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"id": id, "title": title, "starts": starts.isoformat(),
                            "venue": kw.pop("venue", "Rathaus, Saal 1"),
                            "capacity": kw.pop("capacity", 10),
                            "organisers": kw.pop("organisers", ["orga@example.org"])}
    for key, value in kw.items():
        data[key] = value.isoformat() if isinstance(value, datetime) else value
    return data


def write_config(path: Path, *, events: Sequence[Mapping[str, Any]], intake: Mapping[str, Any],
                 outgoing: Mapping[str, Any], **extra: Any) -> Path:
    data = {"address": BOT, "timezone": "Europe/Berlin", "language": "de",
            "database": f"sqlite:///{path.parent / 'mailbot.db'}",
            "intake": dict(intake), "outgoing": dict(outgoing), "events": list(events)}
    data.update(extra)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    return path


def mail(sender: str, body: str, *, subject: str = "Anmeldung", name: str | None = None,
         date: datetime | None = None, to: str = BOT, headers: Mapping[str, str] | None = None,
         msgid: str | None = None) -> bytes:
    msg = EmailMessage()
    msg["From"] = f'"{name}" <{sender}>' if name else sender
    msg["To"] = to
    if subject:
        msg["Subject"] = subject
    msg["Message-ID"] = msgid or make_msgid(domain=sender.rpartition("@")[2])
    if date is not None:
        msg["Date"] = format_datetime(date)
    for key, value in (headers or {}).items():
        msg[key] = value
    msg.set_content(body)
    return msg.as_bytes()


def mailbot(config: Path, *args: str, env: Mapping[str, str] | None = None,
            check: bool = True, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run the real `mailbot` command (as an admin would) and return its result."""
    full_env = {**os.environ, **(env or {})}
    full_env.pop("MAILBOT_FAILPOINT", None) if "MAILBOT_FAILPOINT" not in (env or {}) else None
    proc = subprocess.run([sys.executable, "-m", "mailbot", "--config", str(config), *args],
                          capture_output=True, text=True, env=full_env, timeout=timeout,
                          cwd=config.parent)
    if check and proc.returncode != 0:
        raise AssertionError(f"mailbot {' '.join(args)} exited {proc.returncode}\n"
                             f"stdout:\n{proc.stdout}\nstderr:\n{proc.stderr}")
    return proc


def registrations(config: Path, event_id: str) -> list[dict[str, Any]]:
    return json.loads(mailbot(config, "registrations", event_id, "--format", "json").stdout)
