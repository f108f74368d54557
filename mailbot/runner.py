"""Takes the stored mails in order of arrival, in batches, and isolates a failing one.

Mails are taken strictly in order of arrival at the mail server (arrival time, then
inbox id). The runner knows nothing about mail: it gives each row to the handler inside a
transaction and commits. A mail that fails is rolled back alone and held for a person; it
never blocks the mails behind it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Protocol

from sqlmodel import col, func, select

from mailbot.failpoints import failpoint
from mailbot.handler import Work
from mailbot.store.db import Database
from mailbot.store.states import InboxState
from mailbot.store.tables import InboxMail

BATCH = 100  # mails per transaction
log = logging.getLogger(__name__)

_PENDING = (select(InboxMail.id).where(col(InboxMail.state) == InboxState.NEW)
            .order_by(col(InboxMail.arrived_at), col(InboxMail.id)))


class Handles(Protocol):
    def handle(self, work: Work, row: InboxMail | None) -> None: ...

    def hold_after_error(self, work: Work, inbox_id: int, exc: Exception,
                         notify: bool) -> None: ...


class Runner:
    def __init__(self, db: Database, handler: Handles):
        self.db = db
        self.handler = handler

    def pending(self, limit: int = BATCH) -> list[int]:
        with self.db.unit() as session:
            ids = session.exec(_PENDING.limit(limit)).all()
        return [i for i in ids if i is not None]

    def waiting(self) -> int:
        with self.db.unit() as session:
            return session.exec(select(func.count()).select_from(InboxMail).where(
                col(InboxMail.state) == InboxState.NEW)).one()

    def process_pending(self, after_batch: Callable[[], None] | None = None,
                        stop: threading.Event | None = None) -> int:
        """Process every waiting mail in order of arrival; returns how many.
        ``after_batch`` runs after each committed batch; once ``stop`` is set, no further
        batch is begun (the rest waits, stored)."""
        done: set[int] = set()
        while True:
            ids = [i for i in self.pending() if i not in done]
            if not ids:
                return len(done)
            self.process_batch(ids)
            done.update(ids)
            if after_batch is not None:
                after_batch()
            if stop is not None and stop.is_set():
                log.info("stopping: %d mails processed, the rest waits", len(done))
                return len(done)

    def process(self, inbox_id: int) -> None:
        self.process_batch([inbox_id])

    def process_batch(self, ids: list[int]) -> None:
        """Several mails, one after the other, in one transaction (one commit, one fsync).

        The whole batch runs in one savepoint. If any mail fails, that savepoint is rolled
        back and the batch is done again with a savepoint per mail: the mail that fails is
        rolled back alone and held for a person. (Deciding is deterministic, so the second
        pass decides the others the same way.)
        """
        # Durable: a reply may leave right after this commit, so the decision behind it
        # must survive a power cut (one fsync per batch).
        with self.db.unit(durable=True) as session:
            work = Work.begin(session)
            try:
                with session.begin_nested():
                    # one query for the whole batch instead of one per mail
                    rows = {row.id: row for row in session.exec(select(InboxMail).where(
                        col(InboxMail.id).in_(ids))).all()}
                    for inbox_id in ids:
                        self.handler.handle(work, rows.get(inbox_id))
                failed = False
            except Exception:
                log.warning("a mail in this batch failed; processing it mail by mail")
                failed = True
            if failed:
                work.rolled_back()
                for inbox_id in ids:
                    self._careful(work, inbox_id)
        failpoint("after-commit")

    def _careful(self, work: Work, inbox_id: int) -> None:
        session = work.session
        try:
            with session.begin_nested():
                self.handler.handle(work, session.get(InboxMail, inbox_id))
            return
        except Exception as exc:
            log.exception("mail %s could not be processed; held for a person", inbox_id)
            error = exc
        work.rolled_back()
        try:
            with session.begin_nested():
                self.handler.hold_after_error(work, inbox_id, error, notify=True)
            return
        except Exception:
            log.exception("mail %s: telling the organisers failed too", inbox_id)
        work.rolled_back()
        with session.begin_nested():
            self.handler.hold_after_error(work, inbox_id, error, notify=False)
