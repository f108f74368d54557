"""The listener's one storing thread: mails stored in the order they were received.

First come, exactly: the event loop hands each received mail to one queue; one thread
takes what is waiting (a group commit: one durable transaction, one fsync, for the mails
that arrived together), gives each its arrival time *inside* the write transaction
(after SQLite's ``BEGIN IMMEDIATE`` or PostgreSQL's advisory lock), strictly increasing,
and then answers them in the same order. So the order of arrival times is the order of
the inbox ids, of the commits and of our 250 answers.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from mailbot.intake.inbox import Arrival, store
from mailbot.store.db import Database

log = logging.getLogger(__name__)

GROUP = 100  # mails per durable transaction at most


def return_path(sender: str) -> bytes:
    """The ``Return-Path`` line for an envelope sender (``<>`` for the null sender)."""
    clean = "".join(ch for ch in sender if ch not in "<>\r\n\0").strip()
    return b"Return-Path: <" + clean.encode("utf-8", "replace") + b">\r\n"


class ArrivalClock:
    """Strictly increasing UTC times (the wall clock, or a microsecond after the last)."""

    def __init__(self) -> None:
        self.last: datetime | None = None

    def next(self) -> datetime:
        now = datetime.now(UTC)
        if self.last is not None and now <= self.last:
            now = self.last + timedelta(microseconds=1)
        self.last = now
        return now


@dataclass
class _Job:
    raw: bytes
    sender: str
    source: str
    loop: asyncio.AbstractEventLoop
    future: asyncio.Future[int | None]


def _resolve(done: list[tuple[_Job, int | None, BaseException | None]]) -> None:
    for job, inbox_id, error in done:  # in order: the 250s leave in this order
        if job.future.done():  # the client went away meanwhile
            continue
        if error is not None:
            job.future.set_exception(error)
        else:
            job.future.set_result(inbox_id)


class StoreQueue:
    def __init__(self, db: Database, max_bytes: int):
        self.db = db
        self.max_bytes = max_bytes
        self.clock = ArrivalClock()
        self.jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self.thread = threading.Thread(target=self._run, name="smtp-store", daemon=True)
        self.thread.start()

    async def store(self, raw: bytes, sender: str, source: str) -> int | None:
        """Store one mail durably (its inbox id, or None if stored before)."""
        loop = asyncio.get_running_loop()
        job = _Job(raw, sender, source, loop, loop.create_future())
        self.jobs.put(job)
        return await job.future

    def close(self) -> None:
        self.jobs.put(None)
        self.thread.join(timeout=60)

    def _run(self) -> None:
        while (first := self.jobs.get()) is not None:
            group = [first]
            last = False
            while len(group) < GROUP and not last:
                try:
                    job = self.jobs.get_nowait()
                except queue.Empty:
                    break
                if job is None:
                    last = True
                else:
                    group.append(job)
            self._answer(self._store_group(group))
            if last:
                return

    def _store_group(self, group: list[_Job]
                     ) -> list[tuple[_Job, int | None, BaseException | None]]:
        try:
            return [(job, inbox_id, None)
                    for job, inbox_id in zip(group, self._commit(group), strict=True)]
        except Exception:  # noqa: BLE001 - one by one, so one bad mail fails alone
            if len(group) == 1:
                log.exception("could not store incoming mail; answered 451")
            done: list[tuple[_Job, int | None, BaseException | None]] = []
            for job in group:
                try:
                    done.append((job, self._commit([job])[0], None))
                except Exception as exc:  # noqa: BLE001
                    if len(group) > 1:
                        log.exception("could not store incoming mail; answered 451")
                    done.append((job, None, exc))
            return done

    def _commit(self, group: list[_Job]) -> list[int | None]:
        with self.db.unit(durable=True) as session:
            session.connection()  # from here this transaction holds the write lock
            return [store(session, Arrival(raw=return_path(job.sender) + job.raw,
                                           arrived_at=self.clock.next(), source=job.source),
                          self.max_bytes) for job in group]

    @staticmethod
    def _answer(done: list[tuple[_Job, int | None, BaseException | None]]) -> None:
        loop = done[0][0].loop
        try:
            loop.call_soon_threadsafe(_resolve, done)
        except RuntimeError:  # the listener stopped meanwhile: nobody waits for the answer
            pass
