"""Receive mail ourselves over SMTP or LMTP (aiosmtpd) and store it before answering 250.

The protocol is answered at the edge with exact codes: 250 only after the raw mail and
its arrival time are committed; 451 (try again later) for any failure of ours, never
aiosmtpd's default 500 that would make the sending server give up and leaks the error;
552 for mail over the size limit; 550 for recipients that are not ours. LMTP answers
once per recipient (RFC 2033); the mail is stored once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.lmtp import LMTP
from aiosmtpd.smtp import SMTP, Envelope
from aiosmtpd.smtp import Session as SmtpSession

from mailbot.addresses import base_address, parse_address
from mailbot.config import Settings
from mailbot.intake.inbox import Arrival, store
from mailbot.store.db import Database

log = logging.getLogger(__name__)

IDENT = "mailbot"  # do not advertise the aiosmtpd version


class IntakeHandler:
    def __init__(self, settings: Settings, db: Database, on_stored: Callable[[], None],
                 lmtp: bool = False):
        self.db = db
        self.max_bytes = settings.limits.max_mail_bytes
        smtp = settings.intake.smtp
        accepted = list(smtp.recipients) if smtp and smtp.recipients else [settings.address]
        self.accepted = {base_address(a) for a in accepted}
        self.on_stored = on_stored
        self.lmtp = lmtp

    async def handle_RCPT(self, server: SMTP, session: SmtpSession, envelope: Envelope,
                          address: str, rcpt_options: list[str]) -> str:
        addr = parse_address(address)
        if addr is None or base_address(addr) not in self.accepted:
            return "550 5.1.1 No such recipient here"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server: SMTP, session: SmtpSession,
                          envelope: Envelope) -> str:
        arrived = datetime.now(UTC)
        raw = envelope.original_content or b""
        count = len(envelope.rcpt_tos) if self.lmtp else 1
        if len(raw) > self.max_bytes:
            return "\r\n".join(["552 5.3.4 Message too big"] * count)
        source = "lmtp" if self.lmtp else "smtp"
        try:
            await asyncio.to_thread(self._store, Arrival(raw=raw, arrived_at=arrived,
                                                         source=source))
        except Exception:
            log.exception("could not store incoming mail; answered 451")
            return "\r\n".join(["451 4.3.0 Temporary failure, please try again later"] * count)
        self.on_stored()
        return "\r\n".join(["250 2.0.0 OK: queued"] * count)

    def _store(self, arrival: Arrival) -> None:
        with self.db.unit(durable=True) as session:
            store(session, arrival, self.max_bytes)

    async def handle_exception(self, error: Exception) -> str:
        log.error("SMTP session error: %s", error)
        return "451 4.3.0 Temporary failure, please try again later"


class _LmtpController(Controller):
    def factory(self) -> LMTP:
        return LMTP(self.handler, **self.SMTP_kwargs)


def listener(settings: Settings, db: Database, on_stored: Callable[[], None]) -> Controller:
    """A started-on-demand aiosmtpd controller for ``intake.smtp``."""
    conf = settings.intake.smtp
    assert conf is not None
    handler = IntakeHandler(settings, db, on_stored, lmtp=conf.lmtp)
    kwargs: dict[str, Any] = {
        "data_size_limit": settings.limits.max_mail_bytes,
        "ident": IDENT,
        "enable_SMTPUTF8": True,
        "timeout": 300,
    }
    cls = _LmtpController if conf.lmtp else Controller
    return cls(handler, hostname=conf.host, port=conf.port, **kwargs)
