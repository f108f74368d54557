"""The one delivery path: a sending thread, in the process that holds the send lock.

Who sends: only the process holding the database's send lock (lock.py), and in it only
the sending thread of a pass. So no row ever has two senders, and a row needs no claim.
A process that cannot take the lock (a cron ``run --once`` beside the daemon) processes
mail and leaves the replies queued for the holder, which sends them on its next pass
(the daemon wakes at least every 30 seconds).

One pass (``Sender.start`` ... ``Pass.finish``): after each committed batch the main
thread records what the sending thread reported and hands over the rows due now; the
sending thread sends them one by one while the main thread decides the next batch (SMTP
waits on the network and releases the GIL). Right after the server accepted a mail the
thread writes its receipt; the main thread marks the rows sent in batches. At the start
of a pass (first of all when the lock is taken) the receipts are settled: rows with a
receipt are marked sent, never sent again. A crash thus repeats at most the one mail
between the server's answer and its receipt.
"""

from __future__ import annotations

import logging
import queue
import sys
import threading
import time
from datetime import datetime
from enum import Enum

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from mailbot.failpoints import failpoint
from mailbot.replies.lock import Receipts, receipts, send_lock
from mailbot.replies.outbox import Delivery, Outbox, Row
from mailbot.replies.transport import PermanentError, TransientError, Transport, TransportDown
from mailbot.store.db import Database
from mailbot.store.tables import utcnow

log = logging.getLogger(__name__)

IN_FLIGHT = 200  # rows handed over and not yet recorded, at most (bounds memory)
# While a pass runs, the sending thread needs the GIL back from the deciding thread after
# each of the four or so answers of the server per mail. A shorter switch interval than
# Python's 5 ms hands it over sooner: on bench/burst.py's 2,000 mails the process then
# used about 6 % less CPU.
SWITCH_INTERVAL = 0.0005
GATHER = 0.05  # seconds to let results pile up once the main thread only waits for them


class Outcome(Enum):
    TRIED = "tried"  # sent, or an error to record
    DOWN = "down"  # not tried: the server could not be used for an earlier mail
    HALTED = "halted"  # not tried: stopping


Result = tuple[int, Outcome, Exception | None]


class Sender:
    """This process's part in sending: the send lock, the receipts, one pass at a time."""

    def __init__(self, db: Database, outbox: Outbox, transport: Transport):
        self.db = db
        self.outbox = outbox
        self.transport = transport
        self.lock = send_lock(db)
        self.receipts: Receipts | None = None
        self._holder: bool | None = None  # what we last logged

    def holds_lock(self) -> bool:
        """Take the send lock if it is free; on first taking it, recover."""
        try:
            held = self.lock.acquire()
        except (OSError, SQLAlchemyError) as exc:
            log.error("cannot take the send lock (%s): replies are not sent by this process",
                      exc)
            held = False
        if held and self.receipts is None:
            self.receipts = receipts(self.db)
            with self.db.unit() as session:
                if count := Outbox.requeue_claimed(session):
                    log.warning("%d replies claimed by an older version are due again", count)
        if held != self._holder:
            self._holder = held
            if not held:
                log.info("another mailbot process sends the replies of this database; this "
                         "one only queues them")
        return held

    def start(self, stop: threading.Event | None = None,
              now: datetime | None = None) -> Pass | None:
        """Begin a pass, or None when another process holds the send lock. ``now``: due
        rows as of then (default: as of each hand-over)."""
        if not self.holds_lock():
            return None
        assert self.receipts is not None
        if count := self.receipts.settle(self.db):
            log.warning("%d replies sent before a crash were marked sent from their receipts",
                        count)
        return Pass(self, self.receipts, stop, now)

    def deliver_due(self, now: datetime | None = None,
                    stop: threading.Event | None = None) -> Delivery:
        """Send every mail that is due (a pass without processing)."""
        sending = self.start(stop, now)
        return sending.finish() if sending is not None else Delivery()

    def close(self) -> None:
        self.transport.close()
        if self.receipts is not None:
            self.receipts.close()
            self.receipts = None
        self.lock.release()


class Pass:
    """One pass of sending: the main thread's handle on the sending thread. ``pump`` and
    ``finish`` never raise for a problem with recording results: the hand-over stops,
    and the receipts are settled at the next pass."""

    def __init__(self, sender: Sender, receipts: Receipts, stop: threading.Event | None,
                 now: datetime | None):
        self.db, self.outbox, self.transport = sender.db, sender.outbox, sender.transport
        self.receipts = receipts
        self.stop = stop
        self.now = now
        self.report = Delivery()
        self._todo: queue.SimpleQueue[Row | None] = queue.SimpleQueue()
        self._done: queue.SimpleQueue[Result] = queue.SimpleQueue()
        self._flight: dict[int, str] = {}  # row id -> recipient, handed over, not recorded
        self._cursor = 0  # each row is tried at most once a pass
        self._down = False  # the server cannot be used: hand nothing more over
        self._broken = False  # recording failed: hand nothing more over
        self._halt = threading.Event()  # the sending thread: send nothing more
        self._thread = threading.Thread(target=self._send_loop, name="mailbot-sender",
                                        daemon=True)
        self._interval = sys.getswitchinterval()
        sys.setswitchinterval(min(self._interval, SWITCH_INTERVAL))
        self._thread.start()
        self.pump()  # replies due from before go out while the first batch is decided

    # ------------------------------------------------------------- the main thread

    def pump(self) -> None:
        """Record what the sending thread reported, then hand over what is due now."""
        self._guarded(0.0)

    def finish(self) -> Delivery:
        """Hand over everything due (not when stopping), wait for every result, end."""
        try:
            while not self._broken:
                self._guarded(0.0)
                if not self._flight:
                    break
                self._guarded(1.0)
                if not self._thread.is_alive() and self._done.empty():
                    log.error("the sending thread stopped unexpectedly")
                    self._broken = True
        finally:
            if self._flight:  # broken, or stopped with mails not yet sent: they stay due
                self._halt.set()
            self._todo.put(None)
            self._thread.join(timeout=60)
            sys.setswitchinterval(self._interval)
            self.transport.close()
        if not self._broken and not self._thread.is_alive():
            self._guarded_settle()  # every result is recorded: the receipts are spent
        return self.report

    def _guarded_settle(self) -> None:
        try:
            self.receipts.settle(self.db)
        except Exception:
            log.exception("settling the receipts failed; they are read on the next pass")

    def _guarded(self, wait: float) -> None:
        if self._broken:
            return
        try:
            self._step(wait)
        except Exception:  # e.g. the database is locked for too long
            log.exception("recording what was sent failed; the receipts are read on the next "
                          "pass")
            self._broken = True

    def _step(self, wait: float) -> None:
        results = self._collect(wait)
        stopping = self.stop is not None and self.stop.is_set()
        with self.db.unit() as session:
            self._record(session, results)
            room = IN_FLIGHT - len(self._flight)
            rows = [] if (self._down or stopping or room <= 0) else self.outbox.due(
                session, self.now or utcnow(), after=self._cursor, limit=room)
        for row_id, _, _ in results:  # recorded (committed): no longer in flight
            self._flight.pop(row_id, None)
        for row in rows:
            self._cursor = row[0]
            self._flight[row[0]] = row[1]
            self._todo.put(row)

    def _collect(self, wait: float) -> list[Result]:
        results: list[Result] = []
        if wait:
            try:
                results.append(self._done.get(timeout=wait))
            except queue.Empty:
                return results
            time.sleep(GATHER)  # one transaction for several results
        while True:
            try:
                results.append(self._done.get_nowait())
            except queue.Empty:
                return results

    def _record(self, session: Session, results: list[Result]) -> None:
        sent: list[int] = []
        down: list[int] = []
        for row_id, outcome, error in results:
            if outcome is Outcome.DOWN:
                down.append(row_id)
            elif error is None and outcome is Outcome.TRIED:
                sent.append(row_id)
            elif error is not None and not self.outbox.record_failure(
                    session, row_id, self._flight.get(row_id, ""), error, self.report):
                self._down = True
        self.outbox.record_sent(session, sent, self.report)
        # not tried, the server was down: due again later (HALTED rows simply stay due)
        self.outbox.postpone(session, down, utcnow() + self.outbox.backoff(1))

    # ------------------------------------------------------------- the sending thread

    def _send_loop(self) -> None:
        down = False
        while (row := self._todo.get()) is not None:
            row_id, recipient, raw = row
            if down or self._halt.is_set() or (self.stop is not None and self.stop.is_set()):
                self._done.put((row_id, Outcome.DOWN if down else Outcome.HALTED, None))
                continue
            error = self._send(row_id, recipient, raw)
            down = isinstance(error, TransportDown)
            self._done.put((row_id, Outcome.TRIED, error))

    def _send(self, row_id: int, recipient: str, raw: bytes) -> Exception | None:
        failpoint("before-send")
        error: Exception | None = None
        try:
            self.transport.send(self.outbox.sender, recipient, raw)
        except (TransientError, PermanentError) as exc:
            error = exc
        except Exception as exc:  # a bug must not stop the thread with mails in flight
            log.exception("sending reply %s failed unexpectedly", row_id)
            error = TransientError(f"{type(exc).__name__}: {exc}")
        failpoint("after-send")
        if error is None:
            try:
                self.receipts.add(row_id)
            except (OSError, SQLAlchemyError):
                log.exception("cannot write the receipt of reply %s; a crash before it is "
                              "marked sent would send it again", row_id)
        return error
