"""The durable outbox: replies are rows, sent after commit, retried with backoff.

States: queued -> sending -> sent; sending -> retry (a 4xx answer, a refused or dropped
connection) -> ... -> failed (a 5xx answer, or too many attempts). A row is claimed
(``sending``, with the claiming process) in its own commit before it is sent, so two
processes (a cron ``run --once`` beside the daemon) never send the same mail. A claim of
a process that is gone is taken over: a crash between sending and marking a row sent
repeats at most that one mail on restart.
"""

from __future__ import annotations

import fcntl
import logging
import mailbox
import os
import smtplib
import socket
import ssl
import threading
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol

from sqlalchemy import insert, literal, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from mailbot.config import SmtpOutgoing, secret
from mailbot.failpoints import failpoint
from mailbot.store.db import Database
from mailbot.store.tables import OutgoingMail, utcnow

log = logging.getLogger(__name__)


class TransientError(Exception):
    """Try again later (4xx, connection refused or dropped, timeout)."""


class PermanentError(Exception):
    """Do not try again (5xx for this recipient or this message)."""


class TransportDown(TransientError):
    """The mail server cannot be used at all (refused, login or sender rejected): no point
    in trying the other mails now, and no reason to give up on any of them."""


class Transport(Protocol):
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


_QUEUE = insert(OutgoingMail.__table__)  # type: ignore[attr-defined]
CLAIMANT = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:12]}"
# A claim older than this is taken over whoever made it, when nothing tells whether its
# process still runs (a process on another host). Far longer than one pass takes.
LEASE = timedelta(minutes=30)
CLAIM_BATCH = 20
# Processes that share a receipts folder (all users of one SQLite file) show that they
# run by holding a lock on "<token>.lock" there for as long as they live: a lock the
# kernel drops when the process dies, whatever its process id, host name or container.
_LOCKS: dict[Path, int] = {}


def hold_lock(folder: Path) -> None:
    """Take this process's liveness lock in ``folder`` (once per process and folder)."""
    folder = folder.resolve()
    if folder in _LOCKS:
        return
    folder.mkdir(parents=True, exist_ok=True)
    token = CLAIMANT.rsplit(":", 1)[1]
    draft = folder / f"{token}.lock-new"
    fd = os.open(draft, os.O_CREAT | os.O_WRONLY, 0o644)  # others only read and lock it
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.write(fd, CLAIMANT.encode() + b"\n")
        os.replace(draft, folder / f"{token}.lock")  # never seen unlocked
    except BaseException:
        os.close(fd)
        draft.unlink(missing_ok=True)
        raise
    _LOCKS[folder] = fd


def release_lock(folder: Path) -> None:
    """Give up this process's liveness lock in ``folder`` (at a clean exit). The file
    stays: it tells others this process is gone until the sweep removes it."""
    fd = _LOCKS.pop(folder.resolve(), None)
    if fd is not None:
        os.close(fd)


def _alive(folder: Path, owner: str) -> bool | None:
    """Does ``owner`` still run, by its lock in ``folder``? None: cannot tell (no lock
    there, or one this process may not open)."""
    path = folder / f"{owner.rsplit(':', 1)[-1]}.lock"
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return None
    finally:
        os.close(fd)  # also gives back a lock we got
    return False


def _abandoned(owner: str | None, claimed_at: datetime | None, now: datetime,
               locks: Path | None = None) -> bool:
    """May this process take over a row claimed by ``owner`` at ``claimed_at``?

    Yes for our own claims (when this process claims again, nothing of ours is in
    flight) and for claims of processes that no longer run: told by their lock where
    they have one (``locks``), else by the process id on this host; a claim of another
    host, or of a process that cannot be told apart from a running one, after the lease.
    """
    if not owner or owner == CLAIMANT:
        return True
    if locks is not None:
        alive = _alive(locks, owner)
        if alive is not None:
            return not alive
    old = claimed_at is None or now - claimed_at > LEASE
    host, _, rest = owner.partition(":")
    pid = rest.split(":", 1)[0]
    if host != socket.gethostname() or not pid.isdigit() or int(pid) == os.getpid():
        return old
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # it runs, as another user
        pass
    return old


@dataclass
class Delivery:
    sent: int = 0
    retried: int = 0
    failed: int = 0

    def __iadd__(self, other: Delivery) -> Delivery:
        self.sent += other.sent
        self.retried += other.retried
        self.failed += other.failed
        return self


class Outbox:
    def __init__(self, db: Database, transport: Transport, sender: str, *,
                 max_attempts: int = 12, retry_base: float = 30.0, retry_max: float = 3600.0,
                 receipts: Path | None = None):
        self.db = db
        self.transport = transport
        self.sender = sender
        self.max_attempts = max_attempts
        self.retry_base = retry_base
        self.retry_max = retry_max
        # Receipts of a sending process (see courier.py): where, if anywhere, and the
        # files of this process's couriers that are at work right now.
        self.receipts = receipts
        self.active: set[Path] = set()
        if receipts is not None:
            try:
                hold_lock(receipts)
            except OSError as exc:
                log.error("cannot keep receipts in %s (%s): replies are sent by the processing "
                          "side only", receipts, exc)
                self.receipts = None

    @staticmethod
    def queue(session: Session, *, message_id: str, recipient: str, raw: bytes, kind: str,
              inbox_id: int | None, registration_id: int | None = None) -> None:
        """Put a reply into the outbox, inside the caller's transaction (a plain INSERT:
        this runs for nearly every mail)."""
        now = utcnow()
        session.connection().execute(_QUEUE, {
            "message_id": message_id, "recipient": recipient, "raw": raw, "kind": kind,
            "inbox_id": inbox_id, "registration_id": registration_id, "state": "queued",
            "attempts": 0, "next_attempt_at": now, "created_at": now})

    def backoff(self, attempts: int) -> timedelta:
        return timedelta(seconds=min(self.retry_max, self.retry_base * 2 ** (attempts - 1)))

    def claim(self, now: datetime, after: int = 0, limit: int = CLAIM_BATCH,
              raw: bool = True) -> list[tuple[int, str, bytes]]:
        """Take the next due rows for this process, in a commit of their own, before any
        of them is sent: (id, recipient, raw) in queue order (``raw=False``: the bytes
        are left in the database, for a courier that reads them itself)."""
        content = col(OutgoingMail.raw) if raw else literal(b"")
        self.recover()
        with self.db.unit() as session:
            clock = utcnow()
            mine: list[tuple[int, str, bytes]] = []
            cursor = after
            while len(mine) < limit:  # rows others still hold are passed over, not waited for
                rows = session.execute(
                    sa_select(col(OutgoingMail.id), col(OutgoingMail.recipient),
                              content, col(OutgoingMail.state),
                              col(OutgoingMail.claimed_by), col(OutgoingMail.claimed_at))
                    .where(col(OutgoingMail.state).in_(("queued", "retry", "sending")))
                    .where(col(OutgoingMail.next_attempt_at) <= now)
                    .where(col(OutgoingMail.id) > cursor)
                    .order_by(col(OutgoingMail.id))
                    .limit(limit - len(mine))
                ).all()
                if not rows:
                    break
                cursor = rows[-1][0]
                mine += [(i, r, data) for i, r, data, state, owner, at in rows
                         if state != "sending" or _abandoned(owner, at, clock, self.receipts)]
            if mine:
                session.execute(update(OutgoingMail)
                                .where(col(OutgoingMail.id).in_([m[0] for m in mine]))
                                .values(state="sending", claimed_by=CLAIMANT, claimed_at=clock))
        return mine

    def release(self, ids: list[int], until: datetime) -> None:
        """Give claimed rows back unsent (the server is down): due again at ``until``."""
        if ids:
            with self.db.unit() as session:
                session.execute(update(OutgoingMail)
                                .where(col(OutgoingMail.id).in_(ids))
                                .where(col(OutgoingMail.claimed_by) == CLAIMANT)
                                .where(col(OutgoingMail.state) == "sending")
                                .values(state="retry", next_attempt_at=until))

    def deliver_due(self, now: datetime | None = None,
                    stop: threading.Event | None = None) -> Delivery:
        """Send every mail that is due (until ``stop`` is set); never raises for a
        delivery problem."""
        report = Delivery()
        now = now or utcnow()
        last = 0
        try:
            while not (stop is not None and stop.is_set()) and (
                    batch := self.claim(now, after=last)):
                for n, (row_id, recipient, raw) in enumerate(batch):
                    if not self._deliver_one(row_id, recipient, raw, report):
                        # the server is down: the rest waits for the next pass
                        self.release([b[0] for b in batch[n + 1:]],
                                     utcnow() + self.backoff(1))
                        return report
                last = batch[-1][0]
        finally:
            self.transport.close()
        return report

    def _deliver_one(self, row_id: int, recipient: str, raw: bytes, report: Delivery) -> bool:
        """Send one (claimed) mail and record the result; False when the server is down."""
        failpoint("before-send")
        error: Exception | None = None
        try:
            self.transport.send(self.sender, recipient, raw)
        except (TransientError, PermanentError) as exc:
            error = exc
        failpoint("after-send")
        with self.db.unit() as session:
            return self.record(session, row_id, recipient, error, report)

    def record(self, session: Session, row_id: int, recipient: str, error: Exception | None,
               report: Delivery) -> bool:
        """The result of one attempt; False when the server cannot be used at all."""
        now = utcnow()
        # Plain UPDATEs, no ORM round trip: this runs once per mail sent.
        query = update(OutgoingMail).where(OutgoingMail.id == row_id)  # type: ignore[arg-type]
        if error is None:
            session.execute(query.values(state="sent", sent_at=now, last_error=None,
                                         attempts=OutgoingMail.attempts + 1))
            report.sent += 1
            return True
        attempts = session.exec(select(OutgoingMail.attempts).where(
            OutgoingMail.id == row_id)).one() + 1
        down = isinstance(error, TransportDown)
        if isinstance(error, PermanentError) or (attempts >= self.max_attempts and not down):
            session.execute(query.values(state="failed", attempts=attempts,
                                         last_error=str(error)[:1000]))
            report.failed += 1
            log.error("reply %s to %s failed for good: %s", row_id, recipient, error)
        else:
            session.execute(query.values(state="retry", attempts=attempts,
                                         last_error=str(error)[:1000],
                                         next_attempt_at=now + self.backoff(attempts)))
            report.retried += 1
            log.log(logging.ERROR if down else logging.WARNING,
                    "reply %s to %s will be retried: %s", row_id, recipient, error)
        return not down

    def close(self) -> None:
        self.transport.close()
        if self.receipts is not None:
            release_lock(self.receipts)

    def record_sent(self, session: Session, ids: list[int], report: Delivery) -> None:
        """Several mails the server accepted, in one statement."""
        if ids:
            session.execute(update(OutgoingMail).where(col(OutgoingMail.id).in_(ids))
                            .where(col(OutgoingMail.state) == "sending")
                            .values(state="sent", sent_at=utcnow(), last_error=None,
                                    attempts=OutgoingMail.attempts + 1))
            report.sent += len(ids)

    # ------------------------------------------------------------------ receipts

    def recover(self) -> int:
        """Mark sent the rows in the receipts of a courier (see courier.py): the server
        accepted those mails. Runs before each claim, so a row whose mail was accepted is
        never claimed and sent again. A receipts file is removed once its owner is gone
        (files of this process's couriers at work are left to them). Returns how many
        rows were marked."""
        if self.receipts is None or not self.receipts.is_dir():
            return 0
        marked = 0
        now = utcnow()
        for path in sorted(self.receipts.glob("*.sent")):
            if path in self.active:
                continue  # a courier of ours at work: it reports its results itself
            try:
                owner, ids = read_receipts(path)
                mtime = datetime.fromtimestamp(path.stat().st_mtime, UTC)
            except OSError:
                continue
            gone = _abandoned(owner, mtime, now, self.receipts)
            count = 0
            ordered = sorted(ids)
            for start in range(0, len(ordered), 500):
                with self.db.unit() as session:
                    result = session.execute(
                        update(OutgoingMail)
                        .where(col(OutgoingMail.id).in_(ordered[start:start + 500]))
                        # whoever holds the row now: the server has it already
                        .where(col(OutgoingMail.state) == "sending")
                        .values(state="sent", sent_at=now, last_error=None,
                                attempts=OutgoingMail.attempts + 1))
                    count += result.rowcount or 0  # type: ignore[attr-defined]
            marked += count
            if gone:
                if count:
                    log.warning("%d replies sent by a courier that stopped early (%s) were "
                                "marked sent from its receipts", count, owner)
                path.unlink(missing_ok=True)
        self._sweep_locks(now)
        return marked

    def _sweep_locks(self, now: datetime) -> None:
        """Remove the liveness locks of processes that are gone, an hour after the fact,
        unless a row or a receipts file still names them."""
        assert self.receipts is not None
        stale = []
        for path in self.receipts.glob("*.lock*"):
            try:
                if now - datetime.fromtimestamp(path.stat().st_mtime, UTC) > 2 * LEASE:
                    stale.append(path)
            except OSError:
                continue
        if not stale:
            return
        with self.db.unit() as session:
            named = {(owner or "").rsplit(":", 1)[-1] for owner in session.exec(
                select(OutgoingMail.claimed_by).where(OutgoingMail.state == "sending")
                .distinct()).all()}
        for receipts in self.receipts.glob("*.sent"):
            try:
                named.add(read_receipts(receipts)[0].rsplit(":", 1)[-1])
            except OSError:
                continue
        for path in stale:
            token = path.name.split(".", 1)[0]
            if path.suffix == ".lock" and (token in named
                                           or _alive(self.receipts, token) is not False):
                continue
            path.unlink(missing_ok=True)  # a dead process's lock, or a draft left over


def read_receipts(path: Path) -> tuple[str, set[int]]:
    """(claimant, row ids) of a receipts file. Only complete lines count: a last line
    without its newline may be a number cut short."""
    lines = path.read_bytes().split(b"\n")[:-1]
    owner = lines[0].decode("utf-8", "replace").strip() if lines else ""
    return owner, {int(x) for x in lines[1:] if x.strip().isdigit()}
