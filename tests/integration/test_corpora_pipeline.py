"""Every real-world sample mail goes through intake and processing and ends in a recorded
state (answered, ignored with a reason, booked, or held); nothing escapes as an exception.

Reads ../shared/corpora (bounces, auto-replies, torture MIME, German helpdesk mails) and
CPython's own email test data. Skipped only where a folder is absent outside CI.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlmodel import select

from mailbot.config import load_config
from mailbot.handler import Handler
from mailbot.intake.inbox import Arrival, store
from mailbot.runner import Runner
from mailbot.runtime import Runtime
from mailbot.store.db import Database
from mailbot.store.tables import InboxMail
from tests.support import ROOT
from tests.unit.test_robustness import SHARED, _cpython_email_data, _files, _require


def test_every_sample_mail_ends_in_a_recorded_state(tmp_path: Path) -> None:
    folders = [_require(SHARED), _require(_cpython_email_data())]
    settings = load_config(ROOT / "config" / "mailbot.yaml", env={})
    settings = settings.model_copy(update={"database": f"sqlite:///{tmp_path / 'm.db'}"})
    db = Database(settings.database)
    db.create()
    runner = Runner(db, Handler(Runtime.build(settings)))
    at = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)  # registration is open for all events
    files = [f for folder in folders for f in _files(folder)]
    stored = 0
    with db.unit() as session:
        for i, path in enumerate(files):
            raw = path.read_bytes()
            if store(session, Arrival(raw=raw, arrived_at=at, source="inject",
                                      uid=i, mailbox=str(path)), 10 * 1024 * 1024):
                stored += 1
    assert stored == len(files) > 1000
    assert runner.process_pending() == stored
    with db.unit() as session:
        rows = session.exec(select(InboxMail)).all()
        outcomes = {r.outcome for r in rows}
        assert all(r.state == "done" and r.outcome and r.reason for r in rows)
        assert outcomes <= {"answered", "ignored", "held", "booked"}
        errors = [r for r in rows if r.reason and r.reason.startswith("internal error")]
        assert errors == [], [(r.mailbox, r.reason) for r in errors[:5]]
        ignored = sum(r.outcome == "ignored" for r in rows)
        # the sisimai and bounce-parser folders are bounces and auto-replies: mostly ignored
        assert ignored > 0.7 * len(rows)
    db.dispose()
