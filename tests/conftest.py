"""Fixtures: the real servers the suite starts on loopback (Dovecot, aiosmtpd, PostgreSQL)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from tests.servers.common import require_binary
from tests.servers.dovecot import Dovecot, find_dovecot
from tests.servers.postgres import Postgres, find_postgres_bindir
from tests.servers.sink import SmtpSink

_users = itertools.count(1)


@pytest.fixture(scope="session")
def dovecot_server() -> Iterator[Dovecot]:
    require_binary("dovecot (Debian package dovecot-imapd)", find_dovecot() is not None)
    with Dovecot(tz="Europe/Berlin") as server:
        yield server


@pytest.fixture
def imap_user(dovecot_server: Dovecot) -> Iterator[str]:
    """A fresh mailbox user per test, so tests never see each other's mail."""
    name = f"user{next(_users)}"
    dovecot_server.add_user(name, "secret")
    yield name
    dovecot_server.reset(name)


@pytest.fixture
def sink() -> Iterator[SmtpSink]:
    with SmtpSink() as server:
        yield server


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Postgres]:
    require_binary("PostgreSQL (Debian package postgresql)", find_postgres_bindir() is not None)
    with Postgres() as server:
        yield server


@pytest.fixture
def postgres_url(postgres_server: Postgres) -> str:
    """A fresh database per test."""
    return postgres_server.create_database(f"t{next(_users)}")
