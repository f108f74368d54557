"""A real SMTP receiving end (aiosmtpd) that records what mailbot sends.

Sole purpose: stand in for the organisation's outgoing mail server in tests. It can be
told to answer with a failure (``fail_with``), to check retries and permanent failures.
"""

from __future__ import annotations

import email
import email.policy
import threading
import time
from dataclasses import dataclass
from email.message import EmailMessage
from types import TracebackType
from typing import Any

from aiosmtpd.controller import Controller

from tests.servers.common import LOOPBACK, free_port


@dataclass(frozen=True)
class Received:
    mail_from: str
    rcpt_tos: tuple[str, ...]
    raw: bytes

    @property
    def message(self) -> EmailMessage:
        msg = email.message_from_bytes(self.raw, policy=email.policy.default)
        assert isinstance(msg, EmailMessage)
        return msg

    @property
    def text(self) -> str:
        body = self.message.get_body(("plain",))
        return body.get_content() if body is not None else ""


class _Handler:
    def __init__(self, sink: SmtpSink):
        self.sink = sink

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.sink.lock:
            if self.sink.fail_with:
                self.sink.refused += 1
                return self.sink.fail_with
            self.sink.received.append(Received(envelope.mail_from, tuple(envelope.rcpt_tos),
                                               bytes(envelope.original_content)))
        return "250 2.0.0 OK"


class SmtpSink:
    def __init__(self, port: int | None = None) -> None:
        self.host = LOOPBACK
        self.port = port or free_port()
        self.received: list[Received] = []
        self.refused = 0
        self.fail_with: str | None = None
        self.lock = threading.Lock()
        self._controller = Controller(_Handler(self), hostname=self.host, port=self.port)

    def __enter__(self) -> SmtpSink:
        self._controller.start()
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._controller.stop()

    def clear(self) -> None:
        with self.lock:
            self.received.clear()

    def wait_for(self, count: int, timeout: float = 15.0) -> list[Received]:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            with self.lock:
                if len(self.received) >= count:
                    return list(self.received)
            time.sleep(0.05)
        with self.lock:
            raise AssertionError(f"expected {count} mails, got {len(self.received)}: "
                                 f"{[r.rcpt_tos for r in self.received]}")

    def to(self, addr: str) -> list[Received]:
        with self.lock:
            return [r for r in self.received if addr in r.rcpt_tos]
