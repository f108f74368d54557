"""Bounces as mail servers write them, built for one of mailbot's own mails (tests)."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime, make_msgid


def _headers_of(original: bytes) -> str:
    head = original.replace(b"\r\n", b"\n").split(b"\n\n", 1)[0]
    return head.decode("utf-8", "replace")


def dsn(original: bytes | None, recipient: str, *, action: str = "failed",
        status: str = "5.1.1", to: str = "smartcity@example.org",
        diagnostic: str = "smtp; 550 5.1.1 <{r}>: Recipient address rejected: User unknown",
        include: str = "headers") -> bytes:
    """An RFC 3464 report (Postfix style) about ``original``: its headers returned as
    text/rfc822-headers (``include="headers"``), as message/rfc822 (``"message"``), or
    nothing of it (``"none"``)."""
    boundary = "B0UND.4711/mx.empfaenger.example"
    verb = ("could not be delivered" if action == "failed"
            else "has not yet been delivered; the mail system will keep trying")
    parts = [
        "Return-Path: <>",
        "From: MAILER-DAEMON@mx.empfaenger.example (Mail Delivery System)",
        f"To: {to}",
        "Subject: " + ("Undelivered Mail Returned to Sender" if action == "failed"
                       else "Delayed Mail (still being retried)"),
        f"Date: {format_datetime(datetime.now(UTC))}",
        f"Message-ID: {make_msgid(domain='mx.empfaenger.example')}",
        "Auto-Submitted: auto-replied",
        "MIME-Version: 1.0",
        f'Content-Type: multipart/report; report-type=delivery-status; boundary="{boundary}"',
        "",
        f"--{boundary}",
        "Content-Type: text/plain; charset=us-ascii",
        "",
        "This is the mail system at host mx.empfaenger.example.",
        "",
        f"Your message {verb} to one or more recipients.",
        "",
        f"<{recipient}>: {diagnostic.format(r=recipient)}",
        "",
        f"--{boundary}",
        "Content-Type: message/delivery-status",
        "",
        "Reporting-MTA: dns; mx.empfaenger.example",
        "",
        f"Final-Recipient: rfc822; {recipient}",
        f"Original-Recipient: rfc822;{recipient}",
        f"Action: {action}",
        f"Status: {status}",
        f"Diagnostic-Code: {diagnostic.format(r=recipient)}",
        "",
    ]
    if original is not None and include == "headers":
        parts += [f"--{boundary}", "Content-Type: text/rfc822-headers", "",
                  _headers_of(original), ""]
    elif original is not None and include == "message":
        parts += [f"--{boundary}", "Content-Type: message/rfc822", "",
                  original.replace(b"\r\n", b"\n").decode("utf-8", "replace"), ""]
    parts.append(f"--{boundary}--")
    return "\r\n".join(parts).replace("\n", "\r\n").replace("\r\r\n", "\r\n").encode()


def qmail(original: bytes, recipient: str, to: str = "smartcity@example.org") -> bytes:
    """A qmail bounce: no report, the original quoted below the server's words."""
    text = (f"Hi. This is the qmail-send program at mail.empfaenger.example.\n"
            f"I'm afraid I wasn't able to deliver your message to the following addresses.\n"
            f"This is a permanent error; I've given up. Sorry it didn't work out.\n\n"
            f"<{recipient}>:\nSorry, no mailbox here by that name. (#5.1.1)\n\n"
            f"--- Below this line is a copy of the message.\n\n"
            + original.replace(b"\r\n", b"\n").decode("utf-8", "replace"))
    head = (f"Return-Path: <>\nFrom: MAILER-DAEMON@mail.empfaenger.example\nTo: {to}\n"
            f"Subject: failure notice\nDate: {format_datetime(datetime.now(UTC))}\n"
            f"Message-ID: {make_msgid(domain='mail.empfaenger.example')}\n"
            "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n")
    return (head + text).replace("\n", "\r\n").encode()
