"""A second process that sends replies while the first is still processing a burst.

After an invitation goes out, hundreds of registrations arrive within minutes. Deciding
them and sending the replies one after the other leaves a core idle and the people
waiting; the courier sends the replies of batch *n* while batch *n + 1* is decided.

The processing side stays the only writer of the database (SQLite has one writer at a
time; a sender that had to wait for the lock after every mail would hardly move): it
claims due rows after each committed batch, hands them over, and records the results the
courier reports. The courier, right after the server accepted a mail, appends that row's
id to a receipts file of its own. If both processes die before the result reached the
database, the next pass marks those rows sent from the receipts (``Outbox.recover``)
instead of sending them again, so a crash still repeats at most the one mail that was
between the server's answer and its receipt.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import queue
import signal
import sqlite3
import threading
import uuid
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path

from mailbot.config import SmtpOutgoing
from mailbot.failpoints import failpoint
from mailbot.replies.outbox import (
    CLAIMANT,
    Delivery,
    Outbox,
    PermanentError,
    TransientError,
    TransportDown,
    read_receipts,
)
from mailbot.store.tables import OutgoingMail, utcnow

log = logging.getLogger(__name__)

READ = (f"SELECT id, raw FROM {OutgoingMail.__tablename__} "  # noqa: S608 - a constant
        "WHERE id IN (SELECT value FROM json_each(?))")
IN_FLIGHT = 200  # rows handed over and not yet reported, at most (bounds memory)
HALT = "halt"  # from the parent: stop after the mail at hand
# What the courier reports per row: (row id, what happened, the error of an attempt).
TRIED, SKIPPED, HALTED = "tried", "skipped", "halted"  # not tried: server down / stopping
Result = tuple[int, str, "TransientError | PermanentError | None"]


def _send_loop(conn: Connection, settings: SmtpOutgoing, env: dict[str, str], sender: str,
               receipts: str, parent: int, database: str) -> None:  # pragma: no cover
    """The courier process: send what is handed over, in order; report each result.

    It gets row ids and recipients over the pipe and reads the mails themselves from the
    SQLite file (a reader never waits for the writer in WAL mode), so handing over a batch
    never blocks the processing side."""
    from mailbot.replies.outbox import SmtpTransport

    # The parent decides when to stop (a Ctrl-C or a service manager's SIGTERM reaches the
    # whole process group): it stops handing over and waits for what is in flight.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    transport = SmtpTransport(settings, env)
    db = sqlite3.connect(f"{Path(database).resolve().as_uri()}?mode=ro", uri=True,
                         timeout=30)
    waiting: queue.SimpleQueue[list[tuple[int, str, bytes]] | None] = queue.SimpleQueue()

    halt = threading.Event()  # the parent is stopping: report the rest unsent

    def read() -> None:  # take work off the pipe at once, so the parent never blocks
        try:
            while (item := conn.recv()) is not None:
                if item == HALT:
                    halt.set()
                else:
                    waiting.put(item)
        except (EOFError, OSError):
            pass
        finally:
            waiting.put(None)

    threading.Thread(target=read, daemon=True).start()
    fd = os.open(receipts, os.O_WRONLY | os.O_APPEND)
    down = False
    try:
        while (rows := waiting.get()) is not None:
            ids = json.dumps([row[0] for row in rows])
            raws = dict(db.execute(READ, (ids,)).fetchall())
            for row_id, recipient, _ in rows:
                if down or halt.is_set():  # not tried: due again later, or at once
                    conn.send((row_id, SKIPPED if down else HALTED, None))
                    continue
                raw = raws.get(row_id)
                if raw is None:  # cannot happen: the row was committed before the hand-over
                    conn.send((row_id, TRIED, TransientError("reply not in the database")))
                    continue
                if os.getppid() != parent:
                    return  # the parent is gone: whoever runs next sends the rest
                failpoint("before-send", parent)
                error: TransientError | PermanentError | None = None
                try:
                    transport.send(sender, recipient, raw)
                except (TransientError, PermanentError) as exc:  # as Outbox._deliver_one
                    error, down = exc, isinstance(exc, TransportDown)
                failpoint("after-send", parent)
                if error is None:
                    os.write(fd, b"%d\n" % row_id)
                    failpoint("courier-after-receipt")  # the courier alone dies
                conn.send((row_id, TRIED, error))
    finally:
        os.close(fd)
        db.close()
        transport.close()


class Courier:
    """The processing side's handle on the courier process. Its methods never raise: a
    problem with recording results stops the hand-over, and what the courier did is in
    its receipts, which the next claim reads (``Outbox.recover``)."""

    def __init__(self, outbox: Outbox, settings: SmtpOutgoing, env: dict[str, str],
                 receipts: Path, database: Path, stop: threading.Event | None = None):
        self.outbox = outbox
        self.stop = stop
        receipts.mkdir(parents=True, exist_ok=True)
        token = uuid.uuid4().hex
        draft = receipts / f"{token}.new"
        draft.write_text(CLAIMANT + "\n", encoding="utf-8")
        self.path = receipts / f"{token}.sent"
        os.replace(draft, self.path)  # never seen without its first line
        context = multiprocessing.get_context("spawn")  # never fork a process with threads
        self._conn, child = context.Pipe()
        self._proc = context.Process(
            target=_send_loop, name="mailbot-courier", daemon=True,
            args=(child, settings, env, outbox.sender, str(self.path), os.getpid(),
                  str(database)))
        try:
            self._proc.start()
        except BaseException:
            self._conn.close()
            self.path.unlink(missing_ok=True)
            raise
        finally:
            child.close()
        outbox.active.add(self.path)
        self.report = Delivery()
        self._flight: dict[int, str] = {}  # row id -> recipient
        self._last = 0
        self._down = False  # the server cannot be used: hand nothing more over
        self._gone = False  # the courier process is gone
        self._broken = False  # recording results failed: stop

    def pump(self) -> None:
        """Record what the courier reported, then hand over what is due now."""
        self._guarded(self._step, 0.0)

    def finish(self) -> Delivery:
        """Hand over everything still due (not when stopping), wait for every result,
        stop the courier."""
        halted = False
        try:
            while not self._broken:
                self._guarded(self._step, 0.0)
                if not self._flight or self._broken:
                    break
                if not halted and self.stop is not None and self.stop.is_set():
                    halted = True  # what is not sent yet comes back as "skipped"
                    self._guarded(lambda _timeout: self._conn.send(HALT), 0.0)
                self._guarded(self._collect, 1.0)
        finally:
            try:
                self._stop()
            except Exception:
                log.exception("stopping the sending process failed")
        return self.report

    # ------------------------------------------------------------------ internals

    def _guarded(self, step: Callable[[float], None], timeout: float) -> None:
        if self._broken:
            return
        try:
            step(timeout)
        except Exception:  # e.g. the database is locked for too long
            log.exception("recording what the sending process did failed; it stops, and "
                          "its receipts are read on the next pass")
            self._broken = True

    def _step(self, timeout: float) -> None:
        self._collect(timeout)
        if (self._down or self._gone or len(self._flight) >= IN_FLIGHT
                or (self.stop is not None and self.stop.is_set())):
            return
        rows = self.outbox.claim(utcnow(), after=self._last, limit=IN_FLIGHT - len(self._flight),
                                 raw=False)
        if not rows:
            return
        self._last = rows[-1][0]
        self._flight.update((row_id, recipient) for row_id, recipient, _ in rows)
        try:
            self._conn.send(rows)
        except OSError:
            self._lost()

    def _collect(self, timeout: float) -> None:
        results: list[Result] = []
        try:
            while self._conn.poll(timeout):
                results.append(self._conn.recv())
                timeout = 0
        except (EOFError, OSError):
            self._gone = True
        if results:
            self._apply(results)
        if self._gone or (self._flight and not self._proc.is_alive()):
            self._lost()

    def _apply(self, results: list[Result]) -> None:
        skipped: list[int] = []
        halted: list[int] = []
        sent: list[int] = []
        with self.outbox.db.unit() as session:
            for row_id, what, error in results:
                if what == SKIPPED:
                    skipped.append(row_id)
                elif what == HALTED:
                    halted.append(row_id)
                elif error is None:
                    sent.append(row_id)
                elif not self.outbox.record(session, row_id, self._flight.get(row_id, ""),
                                            error, self.report):
                    self._down = True
            self.outbox.record_sent(session, sent, self.report)
        # only now, with the results committed, are these rows no longer in flight
        for row_id, _, _ in results:
            self._flight.pop(row_id, None)
        if skipped:  # the server was down: these wait for the next pass
            self.outbox.release(skipped, utcnow() + self.outbox.backoff(1))
        if halted:  # we are stopping: due at once for whoever runs next
            self.outbox.release(halted, utcnow())

    def _lost(self) -> None:
        """The courier died: what it had handed to the server is in its receipts; the rest
        is given back, to be sent by this process."""
        self._gone = True
        if not self._flight:
            return
        log.error("the sending process stopped unexpectedly; sending the rest from here")
        try:
            accepted = read_receipts(self.path)[1] & set(self._flight)
        except OSError:
            accepted = set()
        self.outbox.active.discard(self.path)
        self.outbox.recover()  # marks the receipted rows sent
        self.report.sent += len(accepted)
        self.outbox.release(sorted(self._flight), utcnow())  # those still "sending"
        self._flight.clear()

    def _stop(self) -> None:
        try:
            if self._flight:  # stopping early: only the mail at hand is finished
                self._conn.send(HALT)
            self._conn.send(None)
        except OSError:
            pass
        self._proc.join(timeout=30)
        if self._proc.is_alive():
            self._proc.kill()
            self._proc.join()
        self._conn.close()
        self.outbox.active.discard(self.path)
        if not self._flight:  # every result is in the database: the receipts are spent
            self.path.unlink(missing_ok=True)
        # else: the next claim marks sent what the receipts list, and sends the rest
