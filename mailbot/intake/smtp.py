"""Receive mail ourselves over SMTP or LMTP (aiosmtpd) and store it before answering 250.

The protocol is answered at the edge with exact codes: 250 only after the raw mail and
its arrival time are committed; 451 (try again later) for any failure of ours, never
aiosmtpd's default 500 that would make the sending server give up and leaks the error;
552 for mail over the size limit; 550 for recipients that are not ours. LMTP answers
once per recipient (RFC 2033); the mail is stored once.

First come, exactly: one thread stores the mails in the order they were received and
stamps their arrival inside the write transaction (:mod:`.arrivals`), so the runner gives
seats in exactly the order in which we answered "queued".

We are the final delivery: the envelope sender goes on top of the stored mail as
``Return-Path: <...>`` (RFC 5321 §4.4); ``<>`` marks a bounce or notification, which is
never answered (understand/automatic.py). Limits under abuse: :mod:`.guard`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.lmtp import LMTP
from aiosmtpd.smtp import SMTP, Envelope
from aiosmtpd.smtp import Session as SmtpSession

from mailbot.addresses import base_address, parse_address
from mailbot.config import Settings
from mailbot.intake.arrivals import StoreQueue
from mailbot.intake.guard import Guard, LogBudget
from mailbot.store.db import Database

log = logging.getLogger(__name__)

IDENT = "mailbot"  # do not advertise the aiosmtpd version
SLACK = 64 * 1024  # bytes read past the size limit before aiosmtpd stops keeping them
SUMMARY_EVERY = 60.0  # seconds between two summaries of refusals in the log
TEMPFAIL = "451 4.3.0 Temporary failure, please try again later"


def _client(session: SmtpSession) -> str:
    peer = session.peer
    return str(peer[0]) if isinstance(peer, tuple) and peer else str(peer)


def _declared_size(options: list[str]) -> int:
    for option in options:
        name, _, value = option.partition("=")
        if name.upper() == "SIZE" and value.isdigit():
            return int(value)
    return 0


class IntakeHandler:
    def __init__(self, settings: Settings, db: Database, on_stored: Callable[[], None],
                 lmtp: bool = False):
        self.db = db
        self.max_bytes = settings.limits.max_mail_bytes
        smtp = settings.intake.smtp
        assert smtp is not None
        accepted = list(smtp.recipients) if smtp.recipients else [settings.address]
        self.accepted = {base_address(a) for a in accepted}
        self.on_stored = on_stored
        self.lmtp = lmtp
        self.guard = Guard(smtp, self.max_bytes)
        self.storing = StoreQueue(db, self.max_bytes)

    async def handle_MAIL(self, server: GuardedSMTP, session: SmtpSession,
                          envelope: Envelope, address: str, mail_options: list[str]) -> str:
        refusal = self.guard.mail_from(address, _client(session))
        if refusal:
            return refusal
        if not server.reserve_declared(min(_declared_size(mail_options), self.max_bytes)):
            return "452 4.3.1 Insufficient system storage, please try again later"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 2.1.0 OK"

    async def handle_RCPT(self, server: SMTP, session: SmtpSession, envelope: Envelope,
                          address: str, rcpt_options: list[str]) -> str:
        addr = parse_address(address)
        if addr is None or base_address(addr) not in self.accepted:
            return "550 5.1.1 No such recipient here"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server: SMTP, session: SmtpSession,
                          envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        count = len(envelope.rcpt_tos) if self.lmtp else 1
        if len(raw) > self.max_bytes:
            return "\r\n".join(["552 5.3.4 Message too big"] * count)
        source = "lmtp" if self.lmtp else "smtp"
        try:
            inbox_id = await self.storing.store(raw, envelope.mail_from or "<>", source)
        except Exception:
            return "\r\n".join([TEMPFAIL] * count)
        self.on_stored()
        done = f"250 2.0.0 OK: queued as {inbox_id}" if inbox_id else "250 2.0.0 OK: queued"
        return "\r\n".join([done] * count)

    async def handle_exception(self, error: Exception) -> str:
        log.error("SMTP session error: %s", type(error).__name__)
        log.debug("SMTP session error", exc_info=error)
        return TEMPFAIL


class GuardedSMTP(SMTP):
    """aiosmtpd's SMTP with the listener's limits: connections, timeouts, bytes."""

    def __init__(self, handler: IntakeHandler, **kwargs: Any):
        super().__init__(handler, **kwargs)
        self.guard = handler.guard
        self.admitted = False
        self.refused = False
        self.receiving = False
        self.reserved = 0
        self.received = 0
        self.deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        if self.transport is None and not self.admitted:  # a new connection, not STARTTLS
            if not self.guard.admit():
                self.refused = True
                assert isinstance(transport, asyncio.WriteTransport)
                transport.write(b"421 4.7.0 Too many connections, please try again later\r\n")
                transport.close()
                return
            self.admitted = True
            self.deadline = self.loop.call_later(
                self.guard.session_timeout, self.close_with,
                b"421 4.4.2 Connection open too long, closing")
        super().connection_made(transport)

    def connection_lost(self, error: Exception | None) -> None:
        if self.refused:
            return
        if self.admitted:
            self.admitted = False
            self.guard.leave()
            self.free()
            if self.deadline is not None:
                self.deadline.cancel()
        super().connection_lost(error)

    def eof_received(self) -> bool | None:
        return False if self.refused else super().eof_received()

    def data_received(self, data: bytes) -> None:
        if self.refused:
            return
        if self.transport is not None:
            self._reset_timeout()  # idle means: not a byte for idle_timeout seconds
        if self.receiving:
            self.account(len(data))
        super().data_received(data)

    def _timeout_cb(self) -> None:
        self.close_with(b"421 4.4.2 Idle too long, closing connection")

    def close_with(self, line: bytes) -> None:
        transport = self.transport
        if transport is not None and not transport.is_closing():
            assert isinstance(transport, asyncio.WriteTransport)
            transport.write(line + b"\r\n")
            transport.close()

    async def smtp_DATA(self, arg: str) -> None:
        self.receiving, self.received = True, 0
        try:
            await super().smtp_DATA(arg)
        finally:
            self.receiving = False
            self.free()

    def reserve_declared(self, size: int) -> bool:
        """A new mail declared ``size`` bytes (SIZE=): reserve them, or refuse (452)."""
        self.free()
        if size and self.guard.reserve(size):
            self.reserved = size
        return size == 0 or self.reserved == size

    def account(self, count: int) -> None:
        """Bytes of the mail arriving: take them from the budget, or refuse (451)."""
        self.received += count
        # beyond the size limit nothing is kept
        want = min(self.received, self.guard.max_mail_bytes + SLACK)
        if want <= self.reserved:
            return
        grow = want - self.reserved
        if self.guard.reserve(grow):
            self.reserved += grow
            return
        self.receiving = False
        self.close_with(b"451 4.3.1 Too much mail in flight, please try again later")

    def free(self) -> None:
        if self.reserved:
            self.guard.free(self.reserved)
            self.reserved = 0


class GuardedLMTP(GuardedSMTP, LMTP):
    """The same limits for LMTP (RFC 2033)."""


class GuardedController(Controller):
    """The aiosmtpd controller that builds guarded protocols and summarises refusals."""

    def __init__(self, handler: IntakeHandler, lmtp: bool, **kwargs: Any):
        super().__init__(handler, **kwargs)
        self.intake = handler
        self.lmtp = lmtp
        self.budget = _log_budget()
        self.ticker: asyncio.TimerHandle | None = None

    def factory(self) -> SMTP:
        cls = GuardedLMTP if self.lmtp else GuardedSMTP
        return cls(self.intake, **self.SMTP_kwargs)

    def start(self) -> None:
        super().start()
        self.loop.call_soon_threadsafe(self._tick)

    def _tick(self) -> None:
        self.intake.guard.flush()
        self.budget.flush()
        self.ticker = self.loop.call_later(SUMMARY_EVERY, self._tick)

    def stop(self, no_assert: bool = False) -> None:
        super().stop(no_assert=no_assert)
        self.intake.storing.close()
        self.intake.guard.flush()
        self.budget.flush()


def _log_budget() -> LogBudget:
    """One budget for the records of aiosmtpd, of asyncio (failed accepts when out of
    descriptors) and of this module: no flood."""
    budget = LogBudget()
    for name in ("mail.log", "asyncio", __name__):
        logger = logging.getLogger(name)
        for old in [f for f in logger.filters if isinstance(f, LogBudget)]:
            logger.removeFilter(old)
        logger.addFilter(budget)
    return budget


def listener(settings: Settings, db: Database, on_stored: Callable[[], None]) -> Controller:
    """A started-on-demand aiosmtpd controller for ``intake.smtp``."""
    conf = settings.intake.smtp
    assert conf is not None
    handler = IntakeHandler(settings, db, on_stored, lmtp=conf.lmtp)
    kwargs: dict[str, Any] = {
        "data_size_limit": settings.limits.max_mail_bytes,
        "ident": IDENT,
        "enable_SMTPUTF8": True,
        "timeout": conf.idle_timeout,
    }
    return GuardedController(handler, conf.lmtp, hostname=conf.host, port=conf.port,
                             **kwargs)
