"""The SMTP/LMTP listener of the real `mailbot run`, tried as an attacker and a busy day
would: first come under parallel delivery, connection floods, rate limits, the bytes of
mails in flight, and the null sender (issue 10, points 2 to 4)."""

from __future__ import annotations

import asyncio
import json
import resource
import smtplib
import socket
import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.test_daemon import daemon, outbox, wait_listening
from tests.servers.common import free_port, wait_until
from tests.servers.sink import SmtpSink
from tests.support import BOT, event, mail, mailbot, registrations, write_config

pytestmark = pytest.mark.slow

NOW = datetime.now(UTC).replace(microsecond=0)
CITIES = ["Aachen", "Bamberg", "Celle", "Dessau", "Erfurt", "Fulda", "Gotha", "Hameln",
          "Ingolstadt", "Jena", "Kassel", "Landshut", "Minden", "Neuss", "Oldenburg",
          "Passau", "Quedlinburg", "Rostock", "Siegen", "Trier"]
WAITLIST = 5
PARALLEL = 50


def _events() -> list[dict[str, Any]]:
    return [event(city.lower(), f"Stadtgespräch {city}", NOW + timedelta(days=30 + i),
                  venue=f"Rathaus {city}", keywords=[city], capacity=1, waitlist=WAITLIST)
            for i, city in enumerate(CITIES)]


def _config(tmp_path: Path, lmtp: bool = False, outgoing: dict[str, Any] | None = None,
            database: str | None = None, **smtp: Any) -> tuple[Path, int]:
    port = free_port()
    extra = {"database": database} if database else {}
    cfg = write_config(tmp_path / "mailbot.yaml", events=_events(),
                       intake={"smtp": {"host": "127.0.0.1", "port": port, "lmtp": lmtp,
                                        **smtp}},
                       outgoing=outgoing or {"maildir": str(tmp_path / "outbox")}, **extra)
    return cfg, port


async def _read_reply(reader: asyncio.StreamReader) -> tuple[int, str]:
    lines = []
    while True:
        line = (await reader.readline()).decode()
        if not line:
            return 0, "".join(lines)
        lines.append(line)
        if line[3:4] != "-":
            return int(line[:3]), "".join(lines)


async def _deliver(port: int, sender: str, body: bytes, lmtp: bool, ready: asyncio.Barrier,
                   order: list[tuple[str, str]]) -> None:
    """One delivery; the moment the final answer arrives is its place in ``order``."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        assert (await _read_reply(reader))[0] == 220
        for command, want in ((f"{'LHLO' if lmtp else 'EHLO'} client.example", 250),
                              (f"MAIL FROM:<{sender}>", 250), (f"RCPT TO:<{BOT}>", 250),
                              ("DATA", 354)):
            writer.write(command.encode() + b"\r\n")
            code, text = await _read_reply(reader)
            assert code == want, (command, text)
        writer.write(body.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
        await writer.drain()
        await ready.wait()  # all fifty end their DATA at the same moment
        writer.write(b".\r\n")
        code, text = await _read_reply(reader)
        assert code == 250, text
        order.append((sender, text.strip()))
        writer.write(b"QUIT\r\n")
    finally:
        writer.close()


async def _round(port: int, city: str, lmtp: bool) -> list[tuple[str, str]]:
    order: list[tuple[str, str]] = []
    ready = asyncio.Barrier(PARALLEL)
    mails = [(f"p{i}.{city.lower()}@stadt.example",
              mail(f"p{i}.{city.lower()}@stadt.example",
                   f"Hiermit melde ich mich zum Stadtgespräch in {city} an.",
                   subject=f"Anmeldung Stadtgespräch {city}")) for i in range(PARALLEL)]
    await asyncio.gather(*(_deliver(port, s, body, lmtp, ready, order) for s, body in mails))
    return order


def _assert_first_come(rows: dict[str, dict[str, Any]], city: str,
                       order: list[tuple[str, str]]) -> None:
    queued = [int(text.rsplit(" ", 1)[1]) for _sender, text in order]
    assert queued == sorted(queued), "the 250 answers left in the order of the inbox ids"
    first = [sender for sender, _ in order]
    assert rows[first[0]]["status"] == "confirmed", city
    for place, sender in enumerate(first[1:1 + WAITLIST], start=1):
        assert (rows[sender]["status"], rows[sender]["waitlist_position"]) == (
            "waitlisted", place), (city, sender)
    booked = {s for s, r in rows.items() if r["status"] in ("confirmed", "waitlisted")}
    assert booked == set(first[:1 + WAITLIST]), city


def _booked(cfg: Path, city: str) -> dict[str, dict[str, Any]]:
    return {r["email"]: r for r in registrations(cfg, city.lower())}


def _processed(cfg: Path, count: int) -> bool:
    inbox = json.loads(mailbot(cfg, "inbox", "--format", "json").stdout)
    return len(inbox) == count and all(m["state"] == "done" for m in inbox)


def test_fifty_parallel_deliveries_take_seat_and_waitlist_in_the_order_of_250(
        tmp_path: Path) -> None:
    """20 rounds: in each, 50 mails for one seat and a waitlist of 5 end their DATA at
    the same moment; the seat and the waitlist go exactly to the first six answered."""
    cfg, port = _config(tmp_path, max_mails_per_client=0, max_connections=200)
    orders = {}
    with daemon(cfg) as proc:
        wait_listening(port, proc)
        for city in CITIES:
            orders[city] = asyncio.run(_round(port, city, lmtp=False))
        wait_until(lambda: _processed(cfg, PARALLEL * len(CITIES)), 120,
                   "every mail decided", alive=lambda: proc.poll() is None)
    with ThreadPoolExecutor(4) as pool:  # `mailbot registrations` for the 20 events
        booked = dict(zip(CITIES, pool.map(lambda c: _booked(cfg, c), CITIES), strict=True))
    for city, order in orders.items():
        _assert_first_come(booked[city], city, order)


@pytest.mark.parametrize("protocol", ["lmtp", "smtp-postgresql"])
def test_parallel_deliveries_keep_first_come_over_lmtp_and_on_postgresql(
        tmp_path: Path, protocol: str, request: pytest.FixtureRequest) -> None:
    lmtp = protocol == "lmtp"
    database = None if lmtp else request.getfixturevalue("postgres_url")
    cfg, port = _config(tmp_path, lmtp=lmtp, database=database, max_mails_per_client=0)
    with daemon(cfg) as proc:
        wait_listening(port, proc)
        orders = {city: asyncio.run(_round(port, city, lmtp=lmtp)) for city in CITIES[:2]}
        wait_until(lambda: _processed(cfg, PARALLEL * 2), 60, "every mail decided",
                   alive=lambda: proc.poll() is None)
    for city, order in orders.items():
        _assert_first_come(_booked(cfg, city), city, order)


def _banner(sock: socket.socket) -> bytes:
    sock.settimeout(10)
    data = b""
    while not data.endswith(b"\r\n"):
        chunk = sock.recv(1024)
        if not chunk:
            break
        data += chunk
    return data


def test_two_thousand_idle_connections(tmp_path: Path) -> None:
    """The daemon stays alive, its log small, the connection beyond the maximum gets
    421, and once the flood is gone a normal mail is answered."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < 2500:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 4096), hard))
    cfg, port = _config(tmp_path)
    socks: list[socket.socket] = []
    with daemon(cfg) as proc:
        wait_listening(port, proc)
        try:
            for _ in range(2000):
                socks.append(socket.create_connection(("127.0.0.1", port), timeout=10))
            banners = [_banner(s) for s in socks]
            held = [b for b in banners if b.startswith(b"220")]
            assert 90 <= len(held) <= 100  # the default maximum (a probe may hold one)
            assert all(b.startswith(b"421 4.7.0") for b in banners if not b.startswith(b"220"))
            assert proc.poll() is None
        finally:
            for s in socks:
                s.close()
        time.sleep(1)
        with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
            smtp.sendmail("normal@stadt.example", [BOT], mail(
                "normal@stadt.example", "Ich melde mich zum Stadtgespräch in Aachen an."))
        wait_until(lambda: len(outbox(tmp_path)) == 1, 30, "the reply to the normal mail",
                   alive=lambda: proc.poll() is None)
    log = (tmp_path / "daemon.log").read_text()
    assert (tmp_path / "daemon.log").stat().st_size < 1024 * 1024
    assert len(log.splitlines()) < 50, log[-3000:]
    assert "refused connection: more than 100 at once" in log
    assert "connections in the last minute: more than 100 at once" in log


def test_connection_limit_and_idle_timeout(tmp_path: Path) -> None:
    cfg, port = _config(tmp_path, max_connections=3, idle_timeout=1.5)
    with daemon(cfg) as proc:
        wait_listening(port, proc)
        time.sleep(2)  # the probe connections are gone
        socks = [socket.create_connection(("127.0.0.1", port)) for _ in range(3)]
        try:
            assert all(_banner(s).startswith(b"220") for s in socks)
            extra = socket.create_connection(("127.0.0.1", port))
            assert _banner(extra).startswith(b"421 4.7.0")
            extra.close()
            # idle: closed with 421 4.4.2, which frees the places again
            assert _banner(socks[0]).startswith(b"421 4.4.2")
            assert socks[0].recv(100) == b""
        finally:
            for s in socks:
                s.close()
        time.sleep(0.5)
        fresh = socket.create_connection(("127.0.0.1", port))
        assert _banner(fresh).startswith(b"220")
        fresh.close()


def test_rate_limits_answer_451_and_recover(tmp_path: Path) -> None:
    cfg, port = _config(tmp_path, rate_window=5, max_mails_per_sender=2,
                        max_mails_per_client=4)
    with daemon(cfg) as proc:
        wait_listening(port, proc)
        with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
            smtp.ehlo()
            codes = []
            for sender in ("a@stadt.example", "a@stadt.example", "a@stadt.example",
                           "b@stadt.example", "c@stadt.example"):
                code, text = smtp.mail(sender)
                codes.append((code, text[:9]))
                smtp.rset()
            assert codes == [(250, b"2.1.0 OK"), (250, b"2.1.0 OK"), (451, b"4.7.1 Too"),
                             (250, b"2.1.0 OK"), (451, b"4.7.1 Too")]
            time.sleep(5.5)
            assert smtp.sendmail("a@stadt.example", [BOT], mail(
                "a@stadt.example", "Ich melde mich zum Stadtgespräch in Aachen an.")) == {}
        wait_until(lambda: len(outbox(tmp_path)) == 1, 30, "the reply",
                   alive=lambda: proc.poll() is None)


def test_bytes_in_flight_have_a_budget(tmp_path: Path) -> None:
    cfg = write_config(tmp_path / "mailbot.yaml", events=_events(),
                       intake={"smtp": {"host": "127.0.0.1", "port": (port := free_port()),
                                        "max_bytes_in_flight": 100_000}},
                       outgoing={"maildir": str(tmp_path / "outbox")},
                       limits={"max_mail_bytes": 64 * 1024})
    body = mail("big@stadt.example", "Ich melde mich zum Stadtgespräch in Aachen an.\n"
                + "Gruß\n" * 9000).replace(b"\n", b"\r\n")
    assert 60_000 < len(body) < 64 * 1024
    with daemon(cfg) as proc:
        wait_listening(port, proc)
        with smtplib.SMTP("127.0.0.1", port, timeout=10) as first, \
                smtplib.SMTP("127.0.0.1", port, timeout=10) as second:
            first.ehlo()
            second.ehlo()
            assert first.mail("big@stadt.example", [f"SIZE={len(body)}"])[0] == 250
            # a declared size beyond what is left: 452, try later
            assert second.mail("other@stadt.example", [f"SIZE={len(body)}"])[0] == 452
            # no size declared, and more bytes than are left: 451, and closed
            assert second.mail("other@stadt.example")[0] == 250
            assert second.rcpt(BOT)[0] == 250
            try:
                code = second.data(body)[0]
            except (smtplib.SMTPServerDisconnected, ConnectionError):
                code = 451  # the answer was written, the connection closed at once
            assert code == 451
            assert first.rcpt(BOT)[0] == 250
            assert first.data(body)[0] == 250
        with smtplib.SMTP("127.0.0.1", port, timeout=10) as again:
            assert again.sendmail("other@stadt.example", [BOT], body.replace(
                b"big@", b"other@")) == {}
        wait_until(lambda: len(outbox(tmp_path)) == 2, 30, "both replies",
                   alive=lambda: proc.poll() is None)


def test_null_sender_is_recorded_and_never_answered(tmp_path: Path, sink: SmtpSink) -> None:
    cfg, port = _config(tmp_path, outgoing={"smtp": {"host": sink.host, "port": sink.port}})
    with daemon(cfg) as proc:
        wait_listening(port, proc)
        with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
            smtp.sendmail("", [BOT], mail("anna@stadt.example", "Ich melde mich zum "
                                          "Stadtgespräch in Aachen an.", subject="Anmeldung"))
            smtp.sendmail("bert@stadt.example", [BOT], mail(
                "bert@stadt.example", "Ich melde mich zum Stadtgespräch in Aachen an."))
        sink.wait_for(1, timeout=30)
        wait_until(lambda: _processed(cfg, 2), 30, "both mails decided",
                   alive=lambda: proc.poll() is None)
        time.sleep(1)  # a reply to the null sender would have left by now
    assert [m.rcpt_tos for m in sink.received] == [("bert@stadt.example",)]
    inbox = json.loads(mailbot(cfg, "inbox", "--format", "json").stdout)
    null = next(m for m in inbox if m["from"] == "anna@stadt.example")
    assert null["outcome"] == "ignored" and "null envelope sender" in null["reason"]
    assert null["replies"] == []
    db = sqlite3.connect(tmp_path / "mailbot.db")
    raws = [bytes(r[0]) for r in db.execute("SELECT raw FROM inbox ORDER BY id")]
    db.close()
    assert raws[0].startswith(b"Return-Path: <>\r\n")
    assert raws[1].startswith(b"Return-Path: <bert@stadt.example>\r\n")
    assert [r["email"] for r in registrations(cfg, "aachen")] == ["bert@stadt.example"]


def test_imap_mail_that_arrived_earlier_but_showed_later_still_comes_first(
        tmp_path: Path, dovecot_server: Any, imap_user: str, sink: SmtpSink) -> None:
    """Two mails for the last seat: the one the server received first is visible a moment
    after the other (a slower delivery). The settle window after IDLE wakes sees both, and
    INTERNALDATE decides, not the UID and not which one was visible first."""
    events = [event("aachen", "Stadtgespräch Aachen", NOW + timedelta(days=30),
                    keywords=["Aachen"], capacity=1)]
    cfg = write_config(
        tmp_path / "mailbot.yaml", events=events,
        intake={"imap": {"host": dovecot_server.host, "port": dovecot_server.port,
                         "ssl": False, "username": imap_user, "password": "secret",
                         "settle": 2}},
        outgoing={"smtp": {"host": sink.host, "port": sink.port}})
    text = "Ich melde mich zum Stadtgespräch in Aachen an."
    with daemon(cfg) as proc:
        wait_until(lambda: imap_user in dovecot_server.who(), 20, "mailbot logged in",
                   alive=lambda: proc.poll() is None)
        now = datetime.now(UTC)
        dovecot_server.append(imap_user, "INBOX", mail("later@stadt.example", text), now)
        time.sleep(0.5)
        dovecot_server.append(imap_user, "INBOX", mail("earlier@stadt.example", text),
                              now - timedelta(seconds=3))
        sink.wait_for(2, timeout=30)
    rows = {r["email"]: r["status"] for r in registrations(cfg, "aachen")}
    assert rows == {"earlier@stadt.example": "confirmed", "later@stadt.example": "refused"}
