"""Storing incoming mail: exactly once, whatever the upstream does."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from mailbot.intake.inbox import Arrival, store
from mailbot.store.db import Database
from tests.support import mail


def test_same_mail_is_stored_once_even_after_the_folder_was_renumbered(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'i.db'}")
    db.create()
    raw = mail("a@stadt.example", "Anmeldung", msgid="<one@stadt.example>")
    at = datetime(2027, 1, 5, 9, 30, tzinfo=UTC)
    first = Arrival(raw=raw, arrived_at=at, source="imap", mailbox="INBOX", uidvalidity=7, uid=3)
    with db.unit() as session:
        assert store(session, first, 10_000_000) is not None
        assert store(session, first, 10_000_000) is None  # fetched again after a crash
        renumbered = Arrival(raw=raw, arrived_at=at, source="imap", mailbox="INBOX",
                             uidvalidity=8, uid=1)
        assert store(session, renumbered, 10_000_000, renumbered=True) is None
        # the same Message-ID arriving again later is a new mail (a resend by a person)
        later = Arrival(raw=raw, arrived_at=at.replace(minute=45), source="imap",
                        mailbox="INBOX", uidvalidity=8, uid=2)
        assert store(session, later, 10_000_000, renumbered=True) is not None
    db.dispose()
