"""Retention (Art. 5(1)(e) DSGVO): once an event is ``retention.days_after_event`` days
past (its end, or its last session's), everyone's data of that event is erased as
`mailbot forget` erases a person: registrations anonymised (seats and states stay),
the mails that made them or were understood as about the event, and the replies to and
about them, erased; mailbot's IMAP copies of those mails deleted (``after: move:``); the
database files rewritten.

The default is ``retention:`` at the top of the configuration, an event's own
``retention:`` overrides it; without either nothing expires. The daemon runs this job
at its start and every hour, ``mailbot run --once`` at the end of each run (cron).
Idempotent: what was erased is not selected again, so a second run does nothing; a run
that cannot reach the IMAP server leaves that event for the next run.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from mailbot.config import EventSpec, Settings
from mailbot.config.models import secret
from mailbot.intake.imap import NETWORK_ERRORS
from mailbot.privacy.compact import compact
from mailbot.privacy.erase import Erased, erase
from mailbot.privacy.imap import delete_copies, own_folder
from mailbot.privacy.matching import select_event
from mailbot.store.db import Database
from mailbot.store.tables import utcnow

log = logging.getLogger(__name__)


@dataclass
class Expired:
    events: dict[str, Erased] = field(default_factory=dict)
    waiting: list[str] = field(default_factory=list)  # IMAP unreachable: next run


def event_end(event: EventSpec) -> datetime:
    """When the event is over: its end, or its last session's (start, if no end is given)."""
    return max([event.ends or event.starts,
                *(s.ends or s.starts for s in event.sessions)])


def days_for(settings: Settings, event: EventSpec) -> int | None:
    if event.retention is not None:
        return event.retention.days_after_event
    return settings.retention.days_after_event


def due(settings: Settings, now: datetime) -> list[EventSpec]:
    """The events whose data must be erased by ``now``."""
    out = []
    for event in settings.events:
        days = days_for(settings, event)
        if days is not None and event_end(event) + timedelta(days=days) <= now:
            out.append(event)
    return out


def run(db: Database, settings: Settings, env: Mapping[str, str],
        now: datetime | None = None) -> Expired:
    """Erase the data of every event past its retention; rewrite the files if any was."""
    result = Expired()
    conf = settings.intake.imap
    for event in due(settings, now or utcnow()):
        with db.unit() as session:
            sel = select_event(session, event.id)
        if sel.empty:
            continue
        if conf is not None and own_folder(conf) and sel.message_ids:
            try:
                delete_copies(conf, secret(conf, env), sel.message_ids)
            except NETWORK_ERRORS as exc:
                log.warning("retention of event %s waits: IMAP copies not deleted (%s)",
                            event.id, type(exc).__name__)
                result.waiting.append(event.id)
                continue
        with db.unit() as session:
            result.events[event.id] = erase(session, select_event(session, event.id))
        log.info("retention: event %s: %s", event.id, result.events[event.id])
    if result.events:
        compact(db)
    return result
