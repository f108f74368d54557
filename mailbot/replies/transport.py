"""How a reply leaves: the Transport protocol (SMTP or a Maildir) and its error classes.

A transport raises :class:`TransientError` (try again later), :class:`PermanentError`
(never again) or :class:`TransportDown` (the server cannot be used now: stop this pass).
It is used by one thread at a time: the sending thread of a pass (see sender.py).
"""

from __future__ import annotations

import mailbox
import os
import smtplib
import ssl
from pathlib import Path
from typing import Protocol

from mailbot.config import SmtpOutgoing, secret


class TransientError(Exception):
    """Try again later (4xx, connection refused or dropped, timeout)."""


class PermanentError(Exception):
    """Do not try again (5xx for this recipient or this message)."""


class TransportDown(TransientError):
    """The mail server cannot be used at all (refused, login or sender rejected): no point
    in trying the other mails now, and no reason to give up on any of them."""


class Transport(Protocol):
    """Hands one mail to the next hop; raises one of the errors above when it cannot."""

    def send(self, sender: str, recipient: str, raw: bytes) -> None: ...

    def close(self) -> None: ...


class MaildirTransport:
    """Writes each mail into a Maildir (``new/``), atomically via ``tmp/``."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._box: mailbox.Maildir | None = None

    def send(self, sender: str, recipient: str, raw: bytes) -> None:
        try:
            if self._box is None:
                self._box = mailbox.Maildir(self.path, create=True)
            envelope = f"X-Envelope-From: <{sender}>\nX-Envelope-To: <{recipient}>\n"
            # Maildir files use the local line ending; SMTP's CRLF is for the wire.
            self._box.add(envelope.encode() + raw.replace(b"\r\n", b"\n"))
        except OSError as exc:
            raise TransientError(f"cannot write to {self.path}: {exc}") from exc

    def close(self) -> None:
        self._box = None


def _classify(code: int, message: object) -> Exception:
    text = message.decode("utf-8", "replace") if isinstance(message, bytes) else str(message)
    cls = TransientError if 400 <= code < 500 else PermanentError
    return cls(f"{code} {text}"[:500])


class SmtpTransport:
    """Delivers over SMTP, keeping one connection open across a batch."""

    def __init__(self, settings: SmtpOutgoing, env: dict[str, str] | None = None):
        self.settings = settings
        self.password = secret(settings, env if env is not None else dict(os.environ))
        self._conn: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        context = ssl.create_default_context()
        conn: smtplib.SMTP
        if s.ssl:
            conn = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout, context=context)
        else:
            conn = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
        try:
            if s.starttls and not s.ssl:
                conn.starttls(context=context)
            if s.username:
                conn.login(s.username, self.password or "")
        except BaseException:
            conn.close()
            raise
        return conn

    def send(self, sender: str, recipient: str, raw: bytes) -> None:
        for attempt in (1, 2):
            if self._conn is None:
                try:
                    self._conn = self._connect()
                except (OSError, smtplib.SMTPException) as exc:
                    # Includes a rejected login (535): a configuration problem, not a
                    # reason to drop every queued reply. Retried with backoff; logged.
                    raise TransportDown(f"cannot use the mail server: {type(exc).__name__}: "
                                        f"{exc}") from exc
            try:
                # An explicit recipient list: never let headers choose where mail goes.
                refused = self._conn.sendmail(sender, [recipient], raw)
                if refused:
                    code, msg = refused[recipient]
                    raise _classify(code, msg)
                return
            except smtplib.SMTPServerDisconnected as exc:
                self.close()
                if attempt == 2:
                    raise TransientError(f"connection dropped: {exc}") from exc
            except smtplib.SMTPRecipientsRefused as exc:
                code, msg = next(iter(exc.recipients.values()))
                raise _classify(code, msg) from exc
            except smtplib.SMTPSenderRefused as exc:
                self.close()
                raise TransportDown(f"sender refused: {exc.smtp_code} {exc.smtp_error!r}") \
                    from exc
            except smtplib.SMTPResponseException as exc:
                self.close()
                raise _classify(exc.smtp_code, exc.smtp_error) from exc
            except (OSError, smtplib.SMTPException) as exc:
                self.close()
                raise TransientError(f"{type(exc).__name__}: {exc}") from exc

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.quit()
            except (OSError, smtplib.SMTPException):
                self._conn.close()
            self._conn = None
