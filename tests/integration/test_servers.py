"""Tests of the test-server harnesses themselves (tests/servers/*).

Sole purpose: prove that the private Dovecot and PostgreSQL instances behave
the way the mailbot integration tests rely on -- INTERNALDATE and UID order
from APPEND, IDLE push, dropped connections, restarts on the same port and
mail store, runtime users, and a reachable database -- so that a broken
harness fails here, loudly, instead of making other tests pass or fail for
the wrong reason.
"""

from __future__ import annotations

import itertools
import os
import pwd
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from _pytest.outcomes import Failed, Skipped

from tests.servers.common import require_binary
from tests.servers.dovecot import Dovecot, find_dovecot
from tests.servers.postgres import Postgres, find_postgres_bindir

BERLIN = ZoneInfo("Europe/Berlin")
_user_ids = itertools.count(1)


def _msg(subject: str) -> bytes:
    return (
        f"From: alice@example.org\r\nTo: bot@example.org\r\nSubject: {subject}\r\n"
        f"Message-ID: <{subject.replace(' ', '-')}@example.org>\r\n\r\nHello.\r\n"
    ).encode()


@pytest.fixture(scope="module")
def dovecot() -> Iterator[Dovecot]:
    require_binary("dovecot (Debian package dovecot-imapd)", find_dovecot() is not None)
    # A non-UTC server zone, so offset handling is actually exercised.
    with Dovecot(tz="Europe/Berlin") as dc:
        yield dc


@pytest.fixture
def user(dovecot: Dovecot) -> str:
    """A fresh user (empty mailbox) per test: isolation without a new server."""
    name = f"user{next(_user_ids)}"
    dovecot.add_user(name, f"pw-{name}")
    return name


@pytest.fixture(scope="module")
def postgres() -> Iterator[Postgres]:
    require_binary(
        "PostgreSQL server (Debian package postgresql)", find_postgres_bindir() is not None
    )
    with Postgres() as pg:
        yield pg


# ---------------------------------------------------------------- the CI rule


def test_require_binary_skips_locally_but_fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    require_binary("present", True)  # no-op
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(Skipped):
        require_binary("absent", False)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(Failed, match="CI=true"):
        require_binary("absent", False)


# --------------------------------------------------------------------- Dovecot


@pytest.mark.dovecot
def test_append_internaldate_roundtrip_and_uid_order(dovecot: Dovecot, user: str) -> None:
    # Deliberately not chronological: UIDs must follow append order, not dates.
    dates = [
        datetime(2025, 3, 4, 9, 15, 30, tzinfo=BERLIN),  # CET, +01:00
        datetime(2024, 12, 31, 23, 59, 59, tzinfo=timezone(timedelta(hours=1))),
        datetime(2025, 7, 1, 8, 0, 1, tzinfo=BERLIN),  # CEST, +02:00
        datetime(2025, 1, 10, 6, 30, 0, tzinfo=timezone(timedelta(hours=-5))),
    ]
    uids = [
        dovecot.append(user, "INBOX", _msg(f"m{i}"), d, flags=[r"\Seen"] if i == 0 else [])
        for i, d in enumerate(dates)
    ]
    assert uids == sorted(uids) and len(set(uids)) == len(uids)

    with dovecot.client(user) as imap:
        imap.normalise_times = False
        imap.select_folder("INBOX", readonly=True)
        assert imap.search("ALL") == uids
        got = imap.fetch(uids, ["INTERNALDATE", "FLAGS", "BODY.PEEK[HEADER.FIELDS (SUBJECT)]"])

    for i, (uid, sent) in enumerate(zip(uids, dates, strict=True)):
        internal = got[uid][b"INTERNALDATE"]
        assert internal.tzinfo is not None
        assert internal == sent  # the same instant, to the second
        # Dovecot reports in its own zone (Europe/Berlin here); the offset
        # round-trips whenever it is Berlin's offset at that instant.
        assert internal.utcoffset() == sent.astimezone(BERLIN).utcoffset()
        assert f"m{i}".encode() in got[uid][b"BODY[HEADER.FIELDS (SUBJECT)]"]
    assert [got[u][b"INTERNALDATE"].utcoffset() for u in uids[:3]] == [
        timedelta(hours=1),
        timedelta(hours=1),
        timedelta(hours=2),
    ]
    assert rb"\Seen" in got[uids[0]][b"FLAGS"]
    assert rb"\Seen" not in got[uids[1]][b"FLAGS"]


@pytest.mark.dovecot
def test_append_creates_folder_and_rejects_unusable_dates(dovecot: Dovecot, user: str) -> None:
    when = datetime(2025, 5, 5, 12, 0, tzinfo=UTC)
    uid = dovecot.append(user, "Anmeldungen", _msg("folder"), when)
    with dovecot.client(user) as imap:
        assert imap.folder_exists("Anmeldungen")
        imap.select_folder("Anmeldungen")
        assert imap.search("ALL") == [uid]
    with pytest.raises(ValueError, match="aware"):
        dovecot.append(user, "INBOX", _msg("naive"), datetime(2025, 5, 5, 12, 0))
    with pytest.raises(ValueError, match="future"):
        dovecot.append(user, "INBOX", _msg("future"), datetime.now(UTC) + timedelta(days=1))


@pytest.mark.dovecot
def test_idle_sees_exists_when_another_client_appends(dovecot: Dovecot, user: str) -> None:
    dovecot.append(user, "INBOX", _msg("before"), datetime(2025, 1, 1, tzinfo=UTC))
    with dovecot.client(user) as imap:
        assert imap.select_folder("INBOX")[b"EXISTS"] == 1
        imap.idle()
        try:
            dovecot.append(user, "INBOX", _msg("during"), datetime(2025, 1, 2, tzinfo=UTC))
            responses: list[tuple[object, ...]] = []
            # Bounded: a few idle_check rounds, 5 s each at most.
            for _ in range(3):
                responses += imap.idle_check(timeout=5)
                if (2, b"EXISTS") in responses:
                    break
        finally:
            imap.idle_done()
        assert (2, b"EXISTS") in responses, responses


@pytest.mark.dovecot
def test_kick_drops_connection_and_restart_keeps_mail_and_port(dovecot: Dovecot, user: str) -> None:
    uid = dovecot.append(user, "INBOX", _msg("persist"), datetime(2025, 2, 2, tzinfo=UTC))
    port = dovecot.port

    imap = dovecot.client(user)
    try:
        imap.select_folder("INBOX")
        assert user in dovecot.who()
        dovecot.kick(user)
        assert user not in dovecot.who()
        with pytest.raises((imap.AbortError, OSError)):
            imap.noop()
    finally:
        imap.shutdown()

    dovecot.restart()
    assert dovecot.port == port and dovecot.running
    with dovecot.client(user) as imap:
        imap.select_folder("INBOX")
        assert imap.search("ALL") == [uid]

    # A client connected across a restart sees the connection drop too.
    imap = dovecot.client(user)
    try:
        dovecot.stop()
        with pytest.raises((imap.AbortError, OSError)):
            imap.noop()
    finally:
        imap.shutdown()
        dovecot.start()
    assert dovecot.port == port
    with dovecot.client(user) as imap:
        imap.select_folder("INBOX")
        assert imap.search("ALL") == [uid]


@pytest.mark.dovecot
def test_users_at_runtime_and_reset(dovecot: Dovecot, user: str) -> None:
    from imapclient.exceptions import LoginError

    with pytest.raises(LoginError):
        dovecot.client(user, password="wrong")
    dovecot.append(user, "INBOX", _msg("a"), datetime(2025, 3, 3, tzinfo=UTC))
    dovecot.append(user, "Archiv", _msg("b"), datetime(2025, 3, 3, tzinfo=UTC))
    # Mailboxes are per user: the "bot" user does not see this mail.
    with dovecot.client("bot") as imap:
        assert not imap.folder_exists("Archiv")

    dovecot.reset(user)
    with dovecot.client(user) as imap:
        assert imap.select_folder("INBOX")[b"EXISTS"] == 0
        assert not imap.folder_exists("Archiv")


# -------------------------------------------------------------------- Postgres


@pytest.mark.postgres
def test_postgres_select_1_via_psycopg_and_url(postgres: Postgres) -> None:
    import psycopg

    with psycopg.connect(postgres.dsn, connect_timeout=10) as conn:
        assert conn.execute("select 1").fetchone() == (1,)
        assert conn.execute("select current_database()").fetchone() == (postgres.dbname,)

    assert postgres.url == (
        f"postgresql+psycopg://{postgres.user}@127.0.0.1:{postgres.port}/{postgres.dbname}"
    )
    # The URL is meant for SQLAlchemy; check it really connects.
    sqlalchemy = pytest.importorskip("sqlalchemy")
    engine = sqlalchemy.create_engine(postgres.create_database("harness_check"))
    try:
        with engine.connect() as conn:
            assert (
                conn.execute(sqlalchemy.text("select current_database()")).scalar()
                == "harness_check"
            )
    finally:
        engine.dispose()
    if os.geteuid() == 0:
        # As root, postgres would refuse to run: it must be the postgres user.
        assert postgres.pid is not None
        assert os.stat(f"/proc/{postgres.pid}").st_uid == pwd.getpwnam("postgres").pw_uid
