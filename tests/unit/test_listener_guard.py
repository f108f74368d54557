"""The listener's limits and its log budget as plain values, and the null sender rule."""

from __future__ import annotations

import logging

import pytest

from mailbot.config import SmtpIntake
from mailbot.intake.arrivals import ArrivalClock, return_path
from mailbot.intake.guard import Guard, LogBudget, Tally, Window
from mailbot.understand.automatic import Context, automatic_reason
from mailbot.understand.mime import parse


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_window_limits_per_key_and_recovers() -> None:
    clock = Clock()
    window = Window(2, 60, clock)
    assert [window.allow("a"), window.allow("a"), window.allow("a")] == [True, True, False]
    assert window.allow("b")
    clock.now += 61
    assert window.allow("a")
    assert all(Window(0, 60, clock).allow("a") for _ in range(1000))  # 0: no limit


def test_guard_connections_bytes_and_the_null_sender_per_client() -> None:
    guard = Guard(SmtpIntake(max_connections=2, max_bytes_in_flight=2048,
                             max_mails_per_sender=1, max_mails_per_client=3), 1024)
    assert [guard.admit(), guard.admit(), guard.admit()] == [True, True, False]
    guard.leave()
    assert guard.admit()
    assert guard.reserve(2000) and not guard.reserve(100)
    guard.free(2000)
    assert guard.reserve(100)
    assert guard.mail_from("<>", "192.0.2.1") is None
    assert guard.mail_from("<>", "192.0.2.2") is None  # bounces count per client
    assert (guard.mail_from("<>", "192.0.2.1") or "").startswith("451 4.7.1")
    assert guard.mail_from("A@x.example", "192.0.2.3") is None
    assert "sender" in (guard.mail_from("a@X.example", "192.0.2.4") or "")
    for n in range(2):
        guard.mail_from(f"{n}@y.example", "192.0.2.5")
    assert guard.mail_from("z@y.example", "192.0.2.5") is None
    assert "address" in (guard.mail_from("w@y.example", "192.0.2.5") or "")


def test_refusals_are_logged_once_then_summarised(caplog: pytest.LogCaptureFixture) -> None:
    tally = Tally(logging.getLogger("test.tally"))
    with caplog.at_level(logging.WARNING, "test.tally"):
        for _ in range(1834):
            tally.note("connection", "more than 100 at once")
        assert len(caplog.records) == 1
        tally.flush()
        tally.flush()  # nothing new: nothing logged
    assert caplog.messages[-1] == (
        "refused 1,834 connections in the last minute: more than 100 at once")
    assert len(caplog.records) == 2


def test_log_budget_lets_a_few_records_through_and_counts_the_rest(
        caplog: pytest.LogCaptureFixture) -> None:
    clock = Clock()
    logger = logging.getLogger("test.budget")
    budget = LogBudget(per_minute=3, clock=clock)
    logger.addFilter(budget)
    try:
        with caplog.at_level(logging.WARNING):
            for i in range(500):
                logger.warning("bogus command %d", i)
            assert len([r for r in caplog.records if r.name == "test.budget"]) == 3
            clock.now += 61
            logger.warning("after a minute")
    finally:
        logger.removeFilter(budget)
    assert "497 further log messages left out in the last minute" in caplog.text
    assert caplog.messages[-1] == "after a minute"


def test_arrival_clock_is_strictly_increasing() -> None:
    clock = ArrivalClock()
    times = [clock.next() for _ in range(10_000)]
    assert all(a < b for a, b in zip(times, times[1:], strict=False))


def test_return_path_of_the_envelope_sender() -> None:
    assert return_path("<>") == b"Return-Path: <>\r\n"
    assert return_path("") == b"Return-Path: <>\r\n"
    assert return_path("anna@stadt.example") == b"Return-Path: <anna@stadt.example>\r\n"
    assert return_path("a>\r\nBcc: x@y<") == b"Return-Path: <aBcc: x@y>\r\n"


CTX = Context(bot_address="smartcity@example.org", is_own_message_id=lambda _m: False,
              new_text="Ich melde mich an.")
BODY = b"From: anna@stadt.example\r\nSubject: Anmeldung\r\n\r\nIch melde mich an.\r\n"


@pytest.mark.parametrize("path", [b"<>", b"< >", b"<> (bounce)", b""])
def test_null_sender_is_automatic(path: bytes) -> None:
    reason = automatic_reason(parse(b"Return-Path: " + path + b"\r\n" + BODY), CTX)
    assert reason is not None and "null envelope sender" in reason


def test_a_real_sender_and_a_forged_null_below_ours_decide_by_the_topmost() -> None:
    assert automatic_reason(parse(b"Return-Path: <anna@stadt.example>\r\n" + BODY),
                            CTX) is None
    assert automatic_reason(parse(BODY), CTX) is None  # no Return-Path: not a bounce
    top = b"Return-Path: <anna@stadt.example>\r\nReturn-Path: <>\r\n" + BODY
    assert automatic_reason(parse(top), CTX) is None
