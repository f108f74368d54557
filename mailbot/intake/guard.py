"""The listener's limits under abuse, shared by all its connections, and a log that
cannot flood.

Everything here runs in the listener's one event loop thread: no locks. The limits:
connections at once (the next one is answered 421), bytes of mails being received at
once (452 at MAIL FROM for a declared SIZE, 451 and the connection closed when a mail
outgrows it while arriving), and mails per envelope sender and per client address in a
fixed window (451 4.7.1). Refusals are counted and logged once a minute as a summary
("refused 1,834 connections in the last minute: more than 100 at once"), the first one
of a minute at once; other log records of the listener get a budget per minute.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable

from mailbot.config import SmtpIntake

log = logging.getLogger(__name__)

MAX_KEYS = 100_000  # distinct senders or clients tracked per window: bounded memory
LOG_RECORDS_PER_MINUTE = 20


class Window:
    """At most ``limit`` events per key in a fixed window of ``seconds`` (0: no limit)."""

    def __init__(self, limit: int, seconds: float,
                 clock: Callable[[], float] = time.monotonic):
        self.limit = limit
        self.seconds = seconds
        self.clock = clock
        self.start = clock()
        self.counts: dict[str, int] = {}

    def allow(self, key: str) -> bool:
        if self.limit <= 0:
            return True
        now = self.clock()
        if now - self.start >= self.seconds or len(self.counts) >= MAX_KEYS:
            self.counts.clear()
            self.start = now
        seen = self.counts.get(key, 0)
        if seen >= self.limit:
            return False
        self.counts[key] = seen + 1
        return True


class Tally:
    """Refusals by reason: the first of a period is logged at once, the rest as a sum."""

    def __init__(self, logger: logging.Logger = log):
        self.logger = logger
        self.counts: Counter[str] = Counter()

    def note(self, what: str, reason: str) -> None:
        key = f"{what}\0{reason}"
        if not self.counts[key]:
            self.logger.warning("refused %s: %s (more are summarised once a minute)",
                                what, reason)
        self.counts[key] += 1

    def flush(self) -> None:
        for key, count in sorted(self.counts.items()):
            what, reason = key.split("\0")
            if count > 1:
                self.logger.warning("refused %s %s in the last minute: %s", f"{count:,}",
                                    _plural(what, count), reason)
        self.counts.clear()


def _plural(what: str, count: int) -> str:
    return what if count == 1 or what.endswith("s") else what + "s"


class LogBudget(logging.Filter):
    """At most ``per_minute`` records a minute pass; the others are counted and summed."""

    def __init__(self, per_minute: int = LOG_RECORDS_PER_MINUTE,
                 clock: Callable[[], float] = time.monotonic):
        super().__init__()
        self.per_minute = per_minute
        self.clock = clock
        self.start = clock()
        self.passed = 0
        self.dropped = 0

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "summary", False):
            return True
        if self.clock() - self.start >= 60:
            self.flush()
        if self.passed < self.per_minute:
            self.passed += 1
            return True
        self.dropped += 1
        return False

    def flush(self) -> None:
        if self.dropped:
            log.warning("listener: %s further log messages left out in the last minute",
                        f"{self.dropped:,}", extra={"summary": True})
        self.start, self.passed, self.dropped = self.clock(), 0, 0


class Guard:
    """The listener's shared limits (see the module docstring)."""

    def __init__(self, conf: SmtpIntake, max_mail_bytes: int):
        self.max_connections = conf.max_connections
        self.idle_timeout = conf.idle_timeout
        self.session_timeout = conf.session_timeout
        # a budget smaller than one mail would refuse every large mail for ever
        self.budget = max(conf.max_bytes_in_flight, max_mail_bytes)
        self.max_mail_bytes = max_mail_bytes
        self.connections = 0
        self.in_flight = 0
        self.senders = Window(conf.max_mails_per_sender, conf.rate_window)
        self.clients = Window(conf.max_mails_per_client, conf.rate_window)
        self.tally = Tally()

    def admit(self) -> bool:
        if self.connections >= self.max_connections:
            self.tally.note("connection", f"more than {self.max_connections:,} at once")
            return False
        self.connections += 1
        return True

    def leave(self) -> None:
        self.connections -= 1

    def reserve(self, size: int) -> bool:
        """Room for ``size`` more bytes of mail in flight?"""
        if self.in_flight + size > self.budget:
            self.tally.note("mail", f"more than {self.budget:,} bytes of mail in flight")
            return False
        self.in_flight += size
        return True

    def free(self, size: int) -> None:
        self.in_flight = max(0, self.in_flight - size)

    def mail_from(self, sender: str, client: str) -> str | None:
        """The refusal for a new mail from ``sender`` (``<>`` per client) at ``client``."""
        key = f"<>@{client}" if sender in ("", "<>") else sender.lower()
        if not self.clients.allow(client):
            self.tally.note("mail", "too many from one client address")
            return "451 4.7.1 Too many mails from your address, please try again later"
        if not self.senders.allow(key):
            self.tally.note("mail", "too many from one envelope sender")
            return "451 4.7.1 Too many mails from this sender, please try again later"
        return None

    def flush(self) -> None:
        self.tally.flush()
