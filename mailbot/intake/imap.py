"""Watch an IMAP folder: fetch new mail, store it with its INTERNALDATE, then acknowledge.

Arrival time is the server's INTERNALDATE (kept with its offset: ``normalise_times`` is
off), ties broken by UID. Bodies are fetched with ``BODY.PEEK[]`` so ``\\Seen`` stays as
people left it; ``\\Seen`` never means "processed" because people read the same box.
Acknowledging happens only after the commit: a keyword flag (``after: flag``), a move
(``after: move:FOLDER``), or nothing (``after: none``: a per-UIDVALIDITY cursor).
IDLE is renewed well under the 29 minutes of RFC 2177, and every call has a timeout so
a silently dead link is noticed (imapclient issues #449, #349, #565).
"""

from __future__ import annotations

import imaplib
import logging
import random
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError
from sqlmodel import select

from mailbot.config import ImapIntake
from mailbot.failpoints import failpoint
from mailbot.intake.inbox import Arrival, store
from mailbot.store.db import Database
from mailbot.store.tables import Cursor, InboxMail

log = logging.getLogger(__name__)

DONE_FLAG = b"$MailbotStored"
BATCH_BYTES = 16 * 1024 * 1024  # fetch at most this much per round trip: flat memory
BATCH_COUNT = 250
NETWORK_ERRORS = (IMAPClientError, imaplib.IMAP4.abort, imaplib.IMAP4.error, OSError,
                  socket.timeout, ssl.SSLError, EOFError)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


class ImapWatcher:
    def __init__(self, conf: ImapIntake, password: str | None, db: Database, max_bytes: int,
                 on_stored: Callable[[], None] = lambda: None):
        self.conf = conf
        self.password = password or ""
        self.db = db
        self.max_bytes = max_bytes
        self.on_stored = on_stored

    # ------------------------------------------------------------------ connection

    def connect(self) -> IMAPClient:
        c = self.conf
        context = ssl.create_default_context() if (c.ssl or c.starttls) else None
        client = IMAPClient(c.host, port=c.port, ssl=c.ssl, ssl_context=context,
                            timeout=c.timeout, use_uid=True)
        client.normalise_times = False
        try:
            if c.starttls and not c.ssl:
                client.starttls(context)
            client.login(c.username, self.password)
            client.select_folder(c.folder)
            if c.after.startswith("move:"):
                target = c.after.split(":", 1)[1]
                if not client.folder_exists(target):
                    client.create_folder(target)
        except BaseException:
            _close(client)
            raise
        return client

    # ------------------------------------------------------------------ one pass

    def _pending(self, client: IMAPClient, uidvalidity: int) -> list[int]:
        after = self.conf.after
        if after == "flag":
            uids = client.search(["UNKEYWORD", DONE_FLAG.decode()])
        elif after.startswith("move:"):
            uids = client.search(["ALL"])
        else:
            with self.db.unit() as session:
                cursor = session.get(Cursor, self._cursor_key(uidvalidity))
                last = cursor.uid if cursor else 0
            uids = [u for u in client.search(["UID", f"{last + 1}:*"]) if u > last]
        return sorted(uids)

    def _cursor_key(self, uidvalidity: int) -> str:
        return f"{self.conf.username}@{self.conf.host}/{self.conf.folder}/{uidvalidity}"

    def _batches(self, client: IMAPClient, uids: list[int]) -> Iterator[list[tuple[int, int]]]:
        """The pending mails in order of arrival (INTERNALDATE, then UID), in batches: a
        mail that arrived earlier is stored (and so decided) first even when the server
        gave it a higher UID."""
        info = client.fetch(uids, ["RFC822.SIZE", "INTERNALDATE"]) if uids else {}
        never = datetime.max.replace(tzinfo=UTC)
        uids = sorted(uids, key=lambda u: (_aware(info.get(u, {}).get(b"INTERNALDATE", never)),
                                           u))
        batch: list[tuple[int, int]] = []
        total = 0
        for uid in uids:
            size = int(info.get(uid, {}).get(b"RFC822.SIZE", 0))
            if batch and (total + min(size, self.max_bytes) > BATCH_BYTES
                          or len(batch) >= BATCH_COUNT):
                yield batch
                batch, total = [], 0
            batch.append((uid, size))
            total += min(size, self.max_bytes)
        if batch:
            yield batch

    def drain(self, client: IMAPClient) -> int:
        """Store every pending mail, then acknowledge it upstream. Returns how many were new."""
        status = client.folder_status(self.conf.folder, ["UIDVALIDITY"])
        uidvalidity = int(status[b"UIDVALIDITY"])
        stored = 0
        with self.db.unit() as session:
            renumbered = session.exec(select(InboxMail.id).where(
                InboxMail.source == "imap", InboxMail.mailbox == self.conf.folder,
                InboxMail.uidvalidity != uidvalidity)).first() is not None
        for batch in self._batches(client, self._pending(client, uidvalidity)):
            small = [uid for uid, size in batch if size <= self.max_bytes]
            large = [uid for uid, size in batch if size > self.max_bytes]
            arrivals: list[Arrival] = []
            sizes = dict(batch)
            for uids, item in ((small, b"BODY[]"), (large, b"BODY[HEADER]")):
                if not uids:
                    continue
                wanted = ["BODY.PEEK[]" if item == b"BODY[]" else "BODY.PEEK[HEADER]",
                          "INTERNALDATE"]
                fetched = client.fetch(uids, wanted)
                for uid in uids:
                    data = fetched.get(uid, {})
                    raw = data.get(item)
                    if raw is None:
                        continue
                    arrivals.append(Arrival(
                        raw=bytes(raw), arrived_at=_aware(data[b"INTERNALDATE"]),
                        source="imap", mailbox=self.conf.folder, uidvalidity=uidvalidity,
                        uid=uid, size=sizes.get(uid)))
            arrivals.sort(key=lambda a: (a.arrived_at, a.uid or 0))
            with self.db.unit(durable=True) as session:
                for arrival in arrivals:
                    if store(session, arrival, self.max_bytes, renumbered) is not None:
                        stored += 1
                if self.conf.after == "none" and arrivals:
                    key = self._cursor_key(uidvalidity)
                    cursor = session.get(Cursor, key) or Cursor(key=key)
                    cursor.uid = max(cursor.uid, *(a.uid or 0 for a in arrivals))
                    session.add(cursor)
            failpoint("after-store")
            self._acknowledge(client, [a.uid for a in arrivals if a.uid is not None])
            if stored:
                self.on_stored()
        return stored

    def _acknowledge(self, client: IMAPClient, uids: list[int]) -> None:
        """Only after the commit: flag or move what is now safely stored."""
        if not uids:
            return
        after = self.conf.after
        if after == "flag":
            client.add_flags(uids, [DONE_FLAG], silent=True)
        elif after.startswith("move:"):
            target = after.split(":", 1)[1]
            if client.has_capability("MOVE"):
                client.move(uids, target)
            else:
                client.copy(uids, target)
                client.delete_messages(uids, silent=True)
                if client.has_capability("UIDPLUS"):
                    client.uid_expunge(uids)
                else:
                    client.expunge()

    def run_once(self) -> int:
        client = self.connect()
        try:
            return self.drain(client)
        finally:
            _close(client)

    # ------------------------------------------------------------------ daemon

    def run_forever(self, stop: threading.Event) -> None:
        """Drain, then IDLE (or poll) until ``stop``; reconnect with backoff on errors."""
        backoff = 1.0
        while not stop.is_set():
            client: IMAPClient | None = None
            try:
                client = self.connect()
                log.info("IMAP connected to %s:%s/%s", self.conf.host, self.conf.port,
                         self.conf.folder)
                backoff = 1.0
                while not stop.is_set():
                    self.drain(client)
                    self._wait(client, stop)
            except NETWORK_ERRORS as exc:
                delay = backoff * (1 + random.random() / 4)
                log.warning("IMAP connection lost (%s); reconnecting in %.0f s", exc, delay)
                stop.wait(delay)
                backoff = min(backoff * 2, 300.0)
            except Exception:  # database locked or full disk, a server's odd answer: retry
                delay = backoff * (1 + random.random() / 4)
                log.exception("IMAP intake failed; trying again in %.0f s", delay)
                stop.wait(delay)
                backoff = min(backoff * 2, 300.0)
            finally:
                if client is not None:
                    _close(client)

    def _wait(self, client: IMAPClient, stop: threading.Event) -> None:
        """Until there is new mail, and then ``settle`` seconds more: mails delivered at
        the same moment are all seen, and sorted, before any of them takes a seat."""
        if not (self.conf.idle and client.has_capability("IDLE")):
            deadline = time.monotonic() + self.conf.poll_interval
            while not stop.is_set() and time.monotonic() < deadline:
                stop.wait(min(1.0, self.conf.poll_interval))
            _text, responses = client.noop()
            if any(len(r) > 1 and r[1] in (b"EXISTS", b"RECENT") for r in responses):
                stop.wait(self.conf.settle)
            return
        client.idle()
        until = time.monotonic() + self.conf.idle_renew
        woken = False
        try:
            while not stop.is_set() and time.monotonic() < until:
                responses = client.idle_check(timeout=min(1.0, max(until - time.monotonic(),
                                                                   0.01)))
                # The server saying goodbye (BYE: kicked, shutting down); a dead link
                # without BYE shows up in idle_done() as a socket error.
                if any(r[0] == b"BYE" for r in responses):
                    break
                if not woken and any(len(r) > 1 and r[1] in (b"EXISTS", b"RECENT")
                                     for r in responses):
                    woken = True
                    until = min(until, time.monotonic() + self.conf.settle)
        finally:
            client.idle_done()


def _close(client: IMAPClient) -> None:
    try:
        client.logout()
    except Exception:  # noqa: BLE001 - the link may be dead already
        try:
            client.shutdown()
        except Exception:  # noqa: BLE001, S110
            pass
