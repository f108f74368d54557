"""Wiring: the only place that builds the engine, intake, outbox and scheduler.

Nothing connects or reads config at import time; :class:`App` gets validated settings
and the environment passed in.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from types import FrameType

from apscheduler.schedulers.background import BackgroundScheduler

from mailbot.config import Settings, secret
from mailbot.handler import Handler
from mailbot.intake.imap import ImapWatcher
from mailbot.replies.outbox import Delivery, Outbox
from mailbot.replies.sender import Sender
from mailbot.replies.transport import MaildirTransport, SmtpTransport, Transport
from mailbot.runner import Runner
from mailbot.runtime import Runtime, templates_dir
from mailbot.store.db import Database

log = logging.getLogger(__name__)

__all__ = ["App", "Summary", "templates_dir"]


@dataclass
class Summary:
    fetched: int = 0
    processed: int = 0
    delivery: Delivery | None = None


class App:
    def __init__(self, settings: Settings, env: Mapping[str, str]):
        self.settings = settings
        self.env = dict(env)
        self.db = Database(settings.database)
        self.db.prepare()
        self.handler = Handler(Runtime.build(settings))
        self.runner = Runner(self.db, self.handler)
        out = settings.outgoing
        self.outbox = Outbox(settings.address, max_attempts=out.max_attempts,
                             retry_base=out.retry_base, retry_max=out.retry_max)
        self.sender = Sender(self.db, self.outbox, self._transport())
        self.wake = threading.Event()
        self.stop = threading.Event()
        self.expiring = threading.Event()  # retention is due (set hourly and at start)
        self.expiring.set()
        self.failed = False

    def _transport(self) -> Transport:
        out = self.settings.outgoing
        if out.smtp is not None:
            return SmtpTransport(out.smtp, self.env)
        assert out.maildir is not None
        return MaildirTransport(out.maildir)

    def imap(self) -> ImapWatcher | None:
        conf = self.settings.intake.imap
        if conf is None:
            return None
        return ImapWatcher(conf, secret(conf, self.env), self.db,
                           self.settings.limits.max_mail_bytes, on_stored=self.wake.set)

    # ------------------------------------------------------------------ one pass

    def work(self) -> tuple[int, Delivery]:
        """Process what is waiting while the replies of each committed batch are sent,
        then send what is still due: replies already committed go out even when
        processing fails. Without the send lock (another mailbot process sends for this
        database) the replies wait for that process."""
        sending = self.sender.start(stop=self.stop)
        try:
            processed = self.runner.process_pending(
                after_batch=sending.pump if sending is not None else None, stop=self.stop)
        finally:
            delivery = sending.finish() if sending is not None else Delivery()
        return processed, delivery

    def run_once(self) -> Summary:
        """Fetch what is waiting, process everything, deliver every due reply."""
        summary = Summary()
        watcher = self.imap()
        if watcher is not None:
            summary.fetched = watcher.run_once()
        summary.processed, summary.delivery = self.work()
        self.expire()
        return summary

    def _expire_soon(self) -> None:
        self.expiring.set()
        self.wake.set()

    def expire(self) -> None:
        """Erase the data of events past their retention (jobs/retention.py)."""
        from mailbot.jobs import retention

        self.expiring.clear()
        try:
            retention.run(self.db, self.settings, self.env)
        except Exception:  # noqa: BLE001 - retried at the next hour; mail goes on
            log.exception("retention failed; trying again in an hour")

    # ------------------------------------------------------------------ daemon

    def _scheduler(self) -> BackgroundScheduler:
        """The daemon's timed jobs. Each only wakes the main loop: what is due is decided
        from the database, so a run missed while mailbot was down is simply done by the
        next one."""
        scheduler = BackgroundScheduler(timezone=self.settings.timezone)
        scheduler.add_job(self.wake.set, "interval", seconds=30, id="outbox-retry",
                          coalesce=True, max_instances=1, misfire_grace_time=None)
        scheduler.add_job(self._expire_soon, "interval", hours=1, id="retention",
                          coalesce=True, max_instances=1, misfire_grace_time=None)
        return scheduler

    def run_forever(self) -> None:
        self._signals()
        threads: list[threading.Thread] = []
        listener = None
        watcher = self.imap()
        if watcher is not None:
            threads.append(threading.Thread(target=watcher.run_forever, args=(self.stop,),
                                            name="imap", daemon=True))
        else:
            from mailbot.intake.smtp import listener as make_listener

            listener = make_listener(self.settings, self.db, self.wake.set)
            listener.start()
            conf = self.settings.intake.smtp
            assert conf is not None
            log.info("listening for %s on %s:%s", "LMTP" if conf.lmtp else "SMTP",
                     conf.host, conf.port)
        scheduler = self._scheduler()
        scheduler.start()
        for thread in threads:
            thread.start()
        log.info("mailbot is running (%d events)", len(self.settings.events))
        try:
            while not self.stop.is_set():
                if any(not t.is_alive() for t in threads):
                    log.critical("the IMAP intake stopped unexpectedly; exiting so that the "
                                 "service manager restarts mailbot")
                    self.failed = True
                    break
                self.wake.clear()
                if self.expiring.is_set():
                    self.expire()
                try:
                    self.work()
                except Exception:  # the daemon survives anything; the mail stays pending
                    log.exception("processing pass failed; will retry")
                    self.stop.wait(5)
                self.wake.wait(30)
        finally:
            scheduler.shutdown(wait=False)
            if listener is not None:
                listener.stop()
            for thread in threads:
                thread.join(timeout=10)
            self.db.dispose()
        log.info("mailbot stopped")

    def _signals(self) -> None:
        def handle(signum: int, _frame: FrameType | None) -> None:
            log.info("signal %d: stopping", signum)
            self.stop.set()
            self.wake.set()

        signal.signal(signal.SIGTERM, handle)
        signal.signal(signal.SIGINT, handle)

    def close(self) -> None:
        self.sender.close()
        self.db.dispose()
